/**
 * What each workflow is allowed to do, derived from the calls the code makes: every AWS API call
 * (the SDK commands of src/aws, src/ecs and src/commands) with the IAM action it needs and the
 * workflows that make it, and the Kubernetes verbs per resource. docs/permissions.md is checked
 * against this module, and test/adoption/permissions.test.ts runs the workflows against moto and
 * the sandbox and compares the calls they made with it: none missing, none unused.
 * Pure data and functions; no I/O.
 */

/** The reusable workflows (and `doctor`, which checks the access of one of them). */
export const WORKFLOWS = ['plan', 'deploy', 'rollback', 'build', 'cutover'] as const;
export type WorkflowName = (typeof WORKFLOWS)[number];

/** One AWS API call the code makes. */
export interface AwsCall {
  /** The IAM action (`service:Action`). */
  action: string;
  /** Where the call is made. */
  source: string;
  /** The workflows that make it, and when (`always` or the input that turns it on). */
  workflows: Partial<Record<WorkflowName, 'always' | string>>;
  /** Scoped to this resource ARN pattern (`*` when the API has no resource-level permission). */
  resource: string;
}

const EKS_CLUSTER = 'arn:aws:eks:REGION:ACCOUNT_ID:cluster/CLUSTER';
const EKS_PROFILE = 'arn:aws:eks:REGION:ACCOUNT_ID:fargateprofile/CLUSTER/*';
const ECR_REPO = 'arn:aws:ecr:REGION:ACCOUNT_ID:repository/REPOSITORY';

/** Every AWS call, in the order a deploy makes them. */
export const AWS_CALLS: readonly AwsCall[] = [
  {
    action: 'eks:DescribeCluster',
    source: 'src/aws/eks.ts describeCluster',
    resource: EKS_CLUSTER,
    workflows: { plan: 'cluster', deploy: 'always', rollback: 'always', cutover: 'cluster' },
  },
  {
    action: 'eks:ListFargateProfiles',
    source: 'src/aws/eks.ts listFargateProfiles',
    resource: EKS_CLUSTER,
    workflows: { plan: 'cluster', deploy: 'always', rollback: 'always', cutover: 'cluster' },
  },
  {
    action: 'eks:DescribeFargateProfile',
    source: 'src/aws/eks.ts listFargateProfiles',
    resource: EKS_PROFILE,
    workflows: { plan: 'cluster', deploy: 'always', rollback: 'always', cutover: 'cluster' },
  },
  // GetCallerIdentity needs no permission (it cannot be denied); it is listed so the log comparison is complete.
  {
    action: 'sts:GetCallerIdentity',
    source: 'src/aws/eks.ts callerIdentity, src/aws/eks-token.ts (the EKS token)',
    resource: '*',
    workflows: { plan: 'cluster', deploy: 'always', rollback: 'always', cutover: 'cluster' },
  },
  {
    action: 'ecr:GetAuthorizationToken',
    source: 'src/aws/ecr.ts getEcrLogin',
    resource: '*',
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:DescribeRepositories',
    source: 'src/aws/ecr.ts ensureRepository',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:CreateRepository',
    source: 'src/aws/ecr.ts ensureRepository (first build of an image)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:PutLifecyclePolicy',
    source: 'src/aws/ecr.ts ensureRepository',
    resource: ECR_REPO,
    workflows: { deploy: 'lifecycle-keep', build: 'lifecycle-keep' },
  },
  {
    action: 'ecr:GetLifecyclePolicy',
    source: 'src/aws/ecr.ts repository drift check',
    resource: ECR_REPO,
    workflows: { deploy: 'lifecycle-keep', build: 'lifecycle-keep' },
  },
  {
    action: 'ecr:DescribeImages',
    source: 'src/aws/ecr.ts findImageDigest (skip what is pushed)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:BatchGetImage',
    source: 'src/aws/ecr.ts tagImage; docker/buildah pull of cache and base layers',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:PutImage',
    source: 'src/aws/ecr.ts tagImage; docker/buildah push',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:StartImageScan',
    source: 'src/aws/ecr.ts waitForScan',
    resource: ECR_REPO,
    workflows: { deploy: 'scan-gate-severity', build: 'scan-gate-severity' },
  },
  {
    action: 'ecr:DescribeImageScanFindings',
    source: 'src/aws/ecr.ts waitForScan',
    resource: ECR_REPO,
    workflows: { deploy: 'scan-gate-severity', build: 'scan-gate-severity' },
  },
  // The registry protocol of a push (docker buildx / buildah), not SDK calls.
  {
    action: 'ecr:BatchCheckLayerAvailability',
    source: 'image push (registry protocol)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:InitiateLayerUpload',
    source: 'image push (registry protocol)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:UploadLayerPart',
    source: 'image push (registry protocol)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:CompleteLayerUpload',
    source: 'image push (registry protocol)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecr:GetDownloadUrlForLayer',
    source: 'image build (registry protocol: cache and base layers)',
    resource: ECR_REPO,
    workflows: { deploy: 'build-images', build: 'always' },
  },
  {
    action: 'ecs:DescribeServices',
    source: 'src/ecs/live.ts readLiveEcs; src/commands/cutover.ts',
    resource: 'arn:aws:ecs:REGION:ACCOUNT_ID:service/ECS_CLUSTER/*',
    workflows: { plan: 'ecs-cluster', cutover: 'scale-ecs-to-zero' },
  },
  {
    action: 'ecs:DescribeTaskDefinition',
    source: 'src/ecs/live.ts readLiveEcs',
    resource: '*',
    workflows: { plan: 'ecs-cluster' },
  },
  {
    action: 'application-autoscaling:DescribeScalableTargets',
    source: 'src/ecs/live.ts readLiveEcs',
    resource: '*',
    workflows: { plan: 'ecs-cluster' },
  },
  {
    action: 'application-autoscaling:DescribeScalingPolicies',
    source: 'src/ecs/live.ts readLiveEcs',
    resource: '*',
    workflows: { plan: 'ecs-cluster' },
  },
  {
    action: 'route53:ListResourceRecordSets',
    source: 'src/aws/route53.ts',
    resource: 'arn:aws:route53:::hostedzone/HOSTED_ZONE_ID',
    workflows: { cutover: 'always' },
  },
  {
    action: 'route53:ChangeResourceRecordSets',
    source: 'src/aws/route53.ts',
    resource: 'arn:aws:route53:::hostedzone/HOSTED_ZONE_ID',
    workflows: { cutover: 'always' },
  },
  // Only while a change is PENDING (wait-dns, on by default); moto answers INSYNC at once.
  {
    action: 'route53:GetChange',
    source: 'src/aws/route53.ts (wait-dns)',
    resource: 'arn:aws:route53:::change/*',
    workflows: { cutover: 'wait-dns' },
  },
  {
    action: 'cloudwatch:GetMetricData',
    source: 'src/aws/cloudwatch.ts (alb-metrics gates)',
    resource: '*',
    workflows: { cutover: 'alb-metrics' },
  },
  {
    action: 'ecs:UpdateService',
    source: 'src/commands/cutover.ts (scale-ecs-to-zero)',
    resource: 'arn:aws:ecs:REGION:ACCOUNT_ID:service/ECS_CLUSTER/*',
    workflows: { cutover: 'scale-ecs-to-zero' },
  },
];

/** The IAM actions a workflow needs with these inputs turned on (`always` ones included). */
export function iamActions(workflow: WorkflowName, on: readonly string[] = []): string[] {
  return [
    ...new Set(
      AWS_CALLS.filter((c) => {
        const when = c.workflows[workflow];
        return when !== undefined && (when === 'always' || on.includes(when));
      }).map((c) => c.action),
    ),
  ].sort();
}

/** The identity policy of a workflow's role: one statement per resource pattern. */
export function iamPolicy(
  workflow: WorkflowName,
  on: readonly string[] = [],
): { Version: string; Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }[] } {
  const actions = new Set(iamActions(workflow, on));
  const byResource = new Map<string, string[]>();
  for (const c of AWS_CALLS) {
    if (!actions.has(c.action)) continue;
    const list = byResource.get(c.resource) ?? [];
    if (!list.includes(c.action)) list.push(c.action);
    byResource.set(c.resource, list);
  }
  return {
    Version: '2012-10-17',
    Statement: [...byResource].map(([resource, list], i) => ({
      Sid: `${workflow.replace(/[^A-Za-z0-9]/g, '')}${i + 1}`,
      Effect: 'Allow',
      Action: list.sort(),
      Resource: resource,
    })),
  };
}

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
const TYPICAL_RELEASE: readonly ReleaseResource[] = [
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
  if (workflow === 'build') return [];
  const rules: KubeRule[] = [];
  const groups = new Map<string, string[]>();
  // The plan gets no Secrets at all: a dry-run patch answers with the stored object and a list
  // returns every value, so either right is the right to read them. Without it the live diff
  // shows each Secret as not readable and goes on without release records (a notice says so).
  const kinds = workflow === 'plan' ? release.filter((r) => !(r.apiGroup === '' && r.resource === 'secrets')) : release;
  for (const r of kinds) groups.set(r.apiGroup, [...(groups.get(r.apiGroup) ?? []), r.resource]);
  if (workflow === 'cutover') {
    rules.push({
      apiGroup: 'networking.k8s.io',
      resources: ['ingresses'],
      verbs: ['get'],
      why: 'the new target: the ALB address of the release Ingress',
    });
    return rules;
  }
  const applyVerbs =
    workflow === 'plan' ? ['get', 'patch'] : opts.prune ? ['get', 'patch', 'delete'] : ['get', 'patch'];
  for (const [group, resources] of groups) {
    rules.push({
      apiGroup: group,
      resources: [...resources].sort(),
      verbs: applyVerbs,
      why:
        workflow === 'plan'
          ? 'live diff: read each object, server-side apply it with dryRun=All'
          : 'server-side apply of the release (get, patch), prune (delete)',
    });
  }
  // Release records are Secrets labelled with the release; the plan reads them for the prune preview.
  if (workflow !== 'plan')
    rules.push({
      apiGroup: '',
      resources: ['secrets'],
      verbs: ['get', 'list', 'create', 'update'],
      why: 'release records (Helm-style Secrets): history, the release to restore',
    });
  if (workflow !== 'plan')
    rules.push({
      apiGroup: '',
      resources: ['secrets'],
      verbs: ['delete'],
      why: 'release records beyond history-limit are deleted',
      when: 'more releases than history-limit',
    });
  if (workflow === 'rollback')
    rules.push({
      apiGroup: 'coordination.k8s.io',
      resources: ['leases'],
      verbs: ['create'],
      why: 'the deploy lock, when no deploy ever took it in this namespace',
      when: 'the first change of the namespace',
    });
  if (workflow === 'plan') {
    // A namespace-scoped plan reads the Namespace object when the manifests hold one.
    if (opts.namespace ?? true)
      rules.push({
        apiGroup: '',
        resources: ['namespaces'],
        verbs: ['get'],
        clusterScoped: true,
        why: 'live diff: whether the release namespace exists',
      });
    return mergeRules(rules);
  }
  rules.push(
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
  );
  if (workflow === 'deploy') {
    rules.push(
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
    );
  }
  return mergeRules(rules);
}

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
function rbacObjects(
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

/** Inputs that turn on optional calls, per workflow, for the documented policies. */
const DOCUMENTED_OPTIONS: Record<WorkflowName, string[]> = {
  plan: ['cluster', 'ecs-cluster'],
  deploy: ['build-images', 'lifecycle-keep', 'scan-gate-severity'],
  rollback: [],
  build: ['lifecycle-keep', 'scan-gate-severity'],
  cutover: ['cluster', 'alb-metrics', 'scale-ecs-to-zero', 'wait-dns'],
};

/**
 * The generated part of docs/permissions.md: per workflow, the IAM policy (every optional call
 * included, each marked with the input that turns it on) and the Kubernetes Role/ClusterRole for
 * the typical release (configmaps, secrets, services, deployments, ingresses). A test keeps the
 * file equal to this.
 */
export function permissionsMarkdown(): string {
  const out: string[] = [];
  for (const w of WORKFLOWS) {
    out.push(`## ${w}`, '');
    const calls = AWS_CALLS.filter((c) => c.workflows[w] !== undefined);
    out.push('| IAM action | when | made by |', '|---|---|---|');
    for (const c of calls)
      out.push(
        `| \`${c.action}\` | ${c.workflows[w] === 'always' ? 'always' : `\`${c.workflows[w]}\` given`} | ${c.source} |`,
      );
    out.push(
      '',
      'Identity policy of the role (replace REGION, ACCOUNT_ID, CLUSTER, REPOSITORY, …; drop the actions of inputs you do not use):',
      '',
      '```json',
      JSON.stringify(iamPolicy(w, DOCUMENTED_OPTIONS[w]), null, 2),
      '```',
      '',
    );
    const rules = kubernetesAccess(w, TYPICAL_RELEASE, { prune: w === 'deploy' });
    if (rules.length === 0) {
      out.push('No Kubernetes access.', '');
      continue;
    }
    out.push('| API group | resource | verbs | scope | why |', '|---|---|---|---|---|');
    for (const r of rules)
      out.push(
        `| \`${r.apiGroup || 'core'}\` | ${r.resources.join(', ')} | ${r.verbs.join(', ')} | ${r.clusterScoped ? 'cluster' : 'namespace'} | ${r.why}${r.when ? ` (only when: ${r.when})` : ''} |`,
      );
    out.push(
      '',
      "RBAC (namespace `my-app`; bind the role's access entry to the group with `--kubernetes-groups eks-fargate-" +
        w +
        '`):',
      '',
      '```yaml',
    );
    out.push(
      rbacObjects(w, 'my-app', TYPICAL_RELEASE, { prune: w === 'deploy' })
        .map((o) => toYaml(o))
        .join('---\n')
        .trimEnd(),
      '```',
      '',
    );
  }
  return out.join('\n');
}

/** A small YAML writer for the RBAC objects (maps, lists of maps, lists of strings, strings). */
function toYaml(v: unknown, indent = ''): string {
  if (Array.isArray(v)) {
    return v
      .map((item) => {
        if (item !== null && typeof item === 'object') {
          const body = toYaml(item, `${indent}  `);
          return `${indent}- ${body.slice(indent.length + 2)}`;
        }
        return `${indent}- ${scalar(item)}\n`;
      })
      .join('');
  }
  if (v !== null && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, val]) => {
        if (Array.isArray(val))
          return val.length === 0
            ? `${indent}${k}: []\n`
            : val.every((x) => typeof x !== 'object')
              ? `${indent}${k}: [${val.map(scalar).join(', ')}]\n`
              : `${indent}${k}:\n${toYaml(val, `${indent}  `)}`;
        if (val !== null && typeof val === 'object') return `${indent}${k}:\n${toYaml(val, `${indent}  `)}`;
        return `${indent}${k}: ${scalar(val)}\n`;
      })
      .join('');
  }
  return `${indent}${scalar(v)}\n`;
}

function scalar(v: unknown): string {
  const s = String(v);
  return s === '' || /^[\s*&!|>'"%@`#,[\]{}:-]|: | #|^(true|false|null|yes|no)$/i.test(s) ? JSON.stringify(s) : s;
}
