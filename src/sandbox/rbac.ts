/**
 * RBAC, enforced for every identity the sandbox knows (static tokens from `users`, EKS-mapped IAM
 * principals): after the built-in rules (`system:masters` may do anything, `sandbox:read-only`
 * may read), a request is allowed when a ClusterRoleBinding — or, for a namespaced request, a
 * RoleBinding of that namespace — binds the user (User name, Group, or ServiceAccount
 * `system:serviceaccount:<ns>:<name>`) to a Role/ClusterRole with a rule that covers the verb, API
 * group, resource (`pods`, `pods/log`, `*`, `*​/scale`), resource name and, for non-resource URLs,
 * the path (`/apis/*`). Denials are 403 with the API server's message. The bootstrap ClusterRoles
 * `cluster-admin`, `admin`, `edit`, `view` and the discovery binding for `system:authenticated`
 * exist as on a new cluster (their rules abridged: see the sandbox README for what is left out).
 */
import type { AuthorizationAttributes, Authorizer, UserInfo } from './auth.js';
import { isPlainObject, type KubeObject } from './object.js';
import type { ObjectApi } from './objects.js';
import type { Route, SandboxHttp } from './server.js';
import { badRequest } from './status.js';

interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}
interface RoleRef {
  kind?: string;
  name?: string;
}

function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string | undefined): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.username;
    case 'Group':
      // Every authenticated user is in system:authenticated, whether its authenticator said so or not.
      return s.name !== undefined && (user.groups.includes(s.name) || s.name === 'system:authenticated');
    case 'ServiceAccount':
      return user.username === `system:serviceaccount:${s.namespace ?? bindingNamespace ?? ''}:${s.name ?? ''}`;
    default:
      return false;
  }
}

function has(list: string[] | undefined, v: string): boolean {
  return !!list && (list.includes('*') || list.includes(v));
}

/** Whether one rule allows a request (upstream RBAC's RuleAllows). */
export function ruleAllows(rule: PolicyRule, a: AuthorizationAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.isResourceRequest) {
    return (rule.nonResourceURLs ?? []).some(
      (u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))),
    );
  }
  if (!has(rule.apiGroups, a.group ?? '')) return false;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? '');
  const resources = rule.resources ?? [];
  const resourceOk = resources.some(
    (r) => r === '*' || r === resource || (a.subresource !== undefined && r === `*/${a.subresource}`),
  );
  if (!resourceOk) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (a.name !== undefined && names.includes(a.name));
}

/** RBAC over the store, after a base authorizer. */
export class RbacAuthorizer implements Authorizer {
  private readonly api: Pick<ObjectApi, 'store' | 'registry'>;
  private readonly base: Authorizer;

  constructor(api: Pick<ObjectApi, 'store' | 'registry'>, base: Authorizer) {
    this.api = api;
    this.base = base;
  }

  authorize(user: UserInfo, attrs: AuthorizationAttributes): { allowed: true } | { allowed: false; reason?: string } {
    const first = this.base.authorize(user, attrs);
    if (first.allowed || user.username === 'system:anonymous') return first;
    const { store, registry } = this.api;
    const rulesOf = (ref: RoleRef, namespace: string | undefined): PolicyRule[] => {
      const role =
        ref.kind === 'ClusterRole'
          ? store.get(registry.get('rbac.authorization.k8s.io', 'clusterroles'), undefined, ref.name ?? '')
          : ref.kind === 'Role' && namespace
            ? store.get(registry.get('rbac.authorization.k8s.io', 'roles'), namespace, ref.name ?? '')
            : undefined;
      return (role as (KubeObject & { rules?: PolicyRule[] }) | undefined)?.rules ?? [];
    };
    const bound = (b: KubeObject, ns: string | undefined): boolean =>
      ((b as KubeObject & { subjects?: Subject[] }).subjects ?? []).some((s) => subjectMatches(s, user, ns));
    for (const b of store.list(registry.get('rbac.authorization.k8s.io', 'clusterrolebindings')).items) {
      if (
        bound(b, undefined) &&
        rulesOf((b as KubeObject & { roleRef?: RoleRef }).roleRef ?? {}, undefined).some((r) => ruleAllows(r, attrs))
      )
        return { allowed: true };
    }
    if (attrs.isResourceRequest && attrs.namespace) {
      for (const b of store.list(registry.get('rbac.authorization.k8s.io', 'rolebindings'), attrs.namespace).items) {
        if (
          bound(b, attrs.namespace) &&
          rulesOf((b as KubeObject & { roleRef?: RoleRef }).roleRef ?? {}, attrs.namespace).some((r) =>
            ruleAllows(r, attrs),
          )
        )
          return { allowed: true };
      }
    }
    return { allowed: false };
  }
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const VIEW_RULES: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'pods/log',
      'pods/status',
      'replicationcontrollers',
      'services',
      'services/status',
      'serviceaccounts',
      'events',
      'namespaces',
      'namespaces/status',
      'resourcequotas',
      'limitranges',
    ],
    verbs: READ,
  },
  {
    apiGroups: ['apps'],
    resources: [
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
      'daemonsets',
      'daemonsets/status',
      'controllerrevisions',
    ],
    verbs: READ,
  },
  { apiGroups: ['batch'], resources: ['jobs', 'jobs/status', 'cronjobs', 'cronjobs/status'], verbs: READ },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'],
    verbs: READ,
  },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingresses/status', 'networkpolicies'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
];
const EDIT_RULES: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'pods',
      'pods/eviction',
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'services',
      'services/proxy',
      'secrets',
      'serviceaccounts',
    ],
    verbs: WRITE,
  },
  { apiGroups: [''], resources: ['secrets', 'services/proxy'], verbs: READ },
  {
    apiGroups: ['apps'],
    resources: [
      'deployments',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
      'daemonsets',
    ],
    verbs: WRITE,
  },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: WRITE },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: WRITE },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: [...READ, ...WRITE] },
];
const ADMIN_RULES: PolicyRule[] = [
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: [...READ, ...WRITE] },
];

/** The bootstrap RBAC objects of a new cluster (abridged rules). */
export function bootstrapRbacObjects(): KubeObject[] {
  const role = (name: string, rules: PolicyRule[]): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    rules,
  });
  const binding = (name: string, roleName: string, subjects: Subject[]): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {
      name,
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: subjects.map((s) => ({ apiGroup: 'rbac.authorization.k8s.io', ...s })),
  });
  return [
    role('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    role('admin', [...VIEW_RULES, ...EDIT_RULES, ...ADMIN_RULES]),
    role('edit', [...VIEW_RULES, ...EDIT_RULES]),
    role('view', VIEW_RULES),
    role('system:basic-user', [
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        verbs: ['create'],
      },
    ]),
    role('system:discovery', [
      {
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/openapi',
          '/openapi/*',
          '/readyz',
          '/version',
          '/version/',
        ],
        verbs: ['get'],
      },
    ]),
    binding('cluster-admin', 'cluster-admin', [{ kind: 'Group', name: 'system:masters' }]),
    binding('system:discovery', 'system:discovery', [{ kind: 'Group', name: 'system:authenticated' }]),
    binding('system:basic-user', 'system:basic-user', [{ kind: 'Group', name: 'system:authenticated' }]),
  ];
}

/**
 * `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews` (what `kubectl auth can-i` and
 * clients ask): the caller's own authorizer decision for the attributes in `spec`.
 */
export function selfSubjectAccessReviewRoute(http: Pick<SandboxHttp, 'authorizer'>): Route {
  return {
    name: 'selfsubjectaccessreviews',
    matches: (ctx) =>
      ctx.info.isResourceRequest &&
      ctx.info.group === 'authorization.k8s.io' &&
      ctx.info.resource === 'selfsubjectaccessreviews' &&
      ctx.info.verb === 'create',
    async handle(ctx) {
      let body: unknown;
      try {
        body = JSON.parse(await ctx.readBody());
      } catch {
        throw badRequest('the body of a SelfSubjectAccessReview must be JSON');
      }
      const spec = isPlainObject(body) && isPlainObject(body.spec) ? body.spec : {};
      const ra = isPlainObject(spec.resourceAttributes)
        ? (spec.resourceAttributes as Record<string, string | undefined>)
        : undefined;
      const nra = isPlainObject(spec.nonResourceAttributes)
        ? (spec.nonResourceAttributes as Record<string, string | undefined>)
        : undefined;
      if (!ra && !nra)
        throw badRequest(
          'SelfSubjectAccessReview: exactly one of spec.resourceAttributes and spec.nonResourceAttributes must be set',
        );
      const attrs: AuthorizationAttributes = ra
        ? {
            verb: ra.verb ?? '',
            group: ra.group ?? '',
            resource: ra.resource,
            subresource: ra.subresource || undefined,
            namespace: ra.namespace || undefined,
            name: ra.name || undefined,
            path: '',
            isResourceRequest: true,
          }
        : { verb: nra?.verb ?? '', path: nra?.path ?? '', isResourceRequest: false };
      const decision = http.authorizer.authorize(ctx.user ?? { username: 'system:anonymous', groups: [] }, attrs);
      ctx.sendJson(201, {
        kind: 'SelfSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        metadata: { creationTimestamp: null },
        spec,
        status: {
          allowed: decision.allowed,
          ...(decision.allowed ? {} : decision.reason ? { reason: decision.reason } : {}),
        },
      });
    },
  };
}
