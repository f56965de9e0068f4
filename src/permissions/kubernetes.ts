/**
 * The Kubernetes access of each workflow: RBAC rules per API group and resource, with why the code
 * needs each and when a rule is only used in some runs, and the Role/ClusterRole objects that grant
 * them. Pure data and functions; no I/O.
 */
import type { WorkflowName } from '../permissions.js';

/** One Kubernetes RBAC rule. */
export interface KubeRule {
  apiGroup: string;
  resources: string[];
  verbs: string[];
  /** A ClusterRole rule (cluster-scoped resources) rather than a Role in the release's namespace. */
  clusterScoped?: boolean;
  /** Why the code needs it. */
  why: string;
  /** Used only in this situation (so a short run need not show it). */
  when?: string;
}

/** A resource the release's manifests hold (their kinds decide what apply touches). */
export interface ReleaseResource {
  apiGroup: string;
  resource: string;
}

/** The resources the starter manifests hold (Namespace aside); a release with other kinds adds them. */
export const TYPICAL_RELEASE: readonly ReleaseResource[] = [
  { apiGroup: '', resource: 'configmaps' },
  { apiGroup: '', resource: 'secrets' },
  { apiGroup: '', resource: 'services' },
  { apiGroup: 'apps', resource: 'deployments' },
  { apiGroup: 'networking.k8s.io', resource: 'ingresses' },
];

/**
 * The Kubernetes access of a workflow. `release`: the resources of the release's manifests; every
 * one is read and server-side applied (`patch`; for plan with dryRun=All, which RBAC authorizes
 * as the same verb) and, with prune, deleted.
 */
export function kubernetesAccess(
  workflow: WorkflowName,
  release: readonly ReleaseResource[] = TYPICAL_RELEASE,
  opts: { prune?: boolean; namespace?: boolean } = {},
): KubeRule[] {
  switch (workflow) {
    case 'build':
      return [];
    case 'cutover':
      return [
        {
          apiGroup: 'networking.k8s.io',
          resources: ['ingresses'],
          verbs: ['get'],
          why: 'the new target: the ALB address of the release Ingress',
        },
      ];
    case 'plan':
      return mergeRules([
        ...applyRules(workflow, release, false),
        // A namespace-scoped plan reads the Namespace object when the manifests hold one.
        ...((opts.namespace ?? true)
          ? [
              {
                apiGroup: '',
                resources: ['namespaces'],
                verbs: ['get'],
                clusterScoped: true,
                why: 'live diff: whether the release namespace exists',
              },
            ]
          : []),
      ]);
    case 'deploy':
    case 'rollback':
      return mergeRules([
        ...applyRules(workflow, release, opts.prune ?? false),
        ...RELEASE_RECORD_RULES,
        ...(workflow === 'rollback' ? [FIRST_LOCK_RULE] : []),
        ...rolloutRules(workflow),
        ...(workflow === 'deploy' ? DEPLOY_CLUSTER_RULES : []),
      ]);
  }
}

/** Read and server-side apply (and with prune, delete) every resource kind of the release, per API group. */
function applyRules(workflow: WorkflowName, release: readonly ReleaseResource[], prune: boolean): KubeRule[] {
  // The plan gets no Secrets at all: a dry-run patch answers with the stored object and a list
  // returns every value, so either right is the right to read them. Without it the live diff
  // shows each Secret as not readable and goes on without release records (a notice says so).
  const kinds = workflow === 'plan' ? release.filter((r) => !(r.apiGroup === '' && r.resource === 'secrets')) : release;
  const groups = new Map<string, string[]>();
  for (const r of kinds) groups.set(r.apiGroup, [...(groups.get(r.apiGroup) ?? []), r.resource]);
  const verbs = workflow !== 'plan' && prune ? ['get', 'patch', 'delete'] : ['get', 'patch'];
  return [...groups].map(([group, resources]) => ({
    apiGroup: group,
    resources: [...resources].sort(),
    verbs,
    why:
      workflow === 'plan'
        ? 'live diff: read each object, server-side apply it with dryRun=All'
        : 'server-side apply of the release (get, patch), prune (delete)',
  }));
}

/** Release records are Secrets labelled with the release (the plan reads them for the prune preview). */
const RELEASE_RECORD_RULES: readonly KubeRule[] = [
  {
    apiGroup: '',
    resources: ['secrets'],
    verbs: ['get', 'list', 'create', 'update'],
    why: 'release records (Helm-style Secrets): history, the release to restore',
  },
  {
    apiGroup: '',
    resources: ['secrets'],
    verbs: ['delete'],
    why: 'release records beyond history-limit are deleted',
    when: 'more releases than history-limit',
  },
];

const FIRST_LOCK_RULE: KubeRule = {
  apiGroup: 'coordination.k8s.io',
  resources: ['leases'],
  verbs: ['create'],
  why: 'the deploy lock, when no deploy ever took it in this namespace',
  when: 'the first change of the namespace',
};

/** The deploy lock and the rollout watch, for deploy and rollback. */
function rolloutRules(workflow: 'deploy' | 'rollback'): KubeRule[] {
  return [
    {
      apiGroup: 'coordination.k8s.io',
      resources: ['leases'],
      verbs: workflow === 'deploy' ? ['get', 'create', 'update', 'watch'] : ['get', 'update', 'watch'],
      why: 'the deploy lock of the namespace (waiting for a holder to leave)',
    },
    {
      apiGroup: '',
      resources: ['pods', 'events'],
      verbs: ['list', 'watch'],
      why: 'rollout watch: pod problems (ImagePullBackOff, CrashLoopBackOff, Unschedulable) and their events',
    },
    {
      apiGroup: 'apps',
      resources: ['deployments', 'replicasets'],
      verbs: ['list', 'watch'],
      why: 'rollout watch of every workload at once',
    },
    {
      apiGroup: 'networking.k8s.io',
      resources: ['ingresses'],
      verbs: ['list', 'watch'],
      why: 'the ALB address for the smoke tests and the environment URL',
    },
  ];
}

/** What only deploy reads cluster-wide: preflight and verify. */
const DEPLOY_CLUSTER_RULES: readonly KubeRule[] = [
  {
    apiGroup: '',
    resources: ['namespaces'],
    verbs: ['get', 'patch'],
    clusterScoped: true,
    why: 'preflight (the namespace exists or is created by the release) and its apply',
  },
  {
    apiGroup: '',
    resources: ['nodes'],
    verbs: ['list'],
    clusterScoped: true,
    why: 'verify: the pods run on Fargate nodes',
  },
  {
    apiGroup: 'networking.k8s.io',
    resources: ['ingressclasses'],
    verbs: ['get'],
    clusterScoped: true,
    why: 'preflight: IngressClass alb exists',
  },
];

/** Rules with the same group, scope and resources merged (verbs united, in a stable order). */
function mergeRules(rules: readonly KubeRule[]): KubeRule[] {
  const order = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
  const out: KubeRule[] = [];
  for (const r of rules) {
    for (const resource of r.resources) {
      const same = out.find(
        (o) =>
          o.apiGroup === r.apiGroup &&
          !!o.clusterScoped === !!r.clusterScoped &&
          o.resources.length === 1 &&
          o.resources[0] === resource,
      );
      if (same && !!same.when === !!r.when) {
        same.verbs = order.filter((v) => same.verbs.includes(v) || r.verbs.includes(v));
        if (!same.why.includes(r.why)) same.why = `${same.why}; ${r.why}`;
      } else {
        out.push({
          apiGroup: r.apiGroup,
          resources: [resource],
          verbs: order.filter((v) => r.verbs.includes(v)),
          why: r.why,
          ...(r.clusterScoped ? { clusterScoped: true } : {}),
          ...(r.when ? { when: r.when } : {}),
        });
      }
    }
  }
  return out;
}

/** The (verb, group, resource) triples of a workflow's access, for comparison with an audit log. */
export function accessTriples(rules: readonly KubeRule[]): string[] {
  return [
    ...new Set(
      rules.flatMap((r) =>
        r.resources.flatMap((res) => r.verbs.map((v) => `${v} ${r.apiGroup ? `${res}.${r.apiGroup}` : res}`)),
      ),
    ),
  ].sort();
}

/** The namespaced Role and the ClusterRole of a workflow, as Kubernetes objects. */
export function rbacObjects(
  workflow: WorkflowName,
  namespace: string,
  release: readonly ReleaseResource[] = TYPICAL_RELEASE,
  opts: { prune?: boolean } = {},
): unknown[] {
  const rules = kubernetesAccess(workflow, release, opts);
  const name = `eks-fargate-${workflow}`;
  const toRule = (r: KubeRule) => ({ apiGroups: [r.apiGroup], resources: r.resources, verbs: r.verbs });
  const out: unknown[] = [];
  const ns = rules.filter((r) => !r.clusterScoped);
  const cluster = rules.filter((r) => r.clusterScoped);
  if (ns.length > 0) {
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace },
      rules: ns.map(toRule),
    });
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name }],
    });
  }
  if (cluster.length > 0) {
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name },
      rules: cluster.map(toRule),
    });
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name }],
    });
  }
  return out;
}
