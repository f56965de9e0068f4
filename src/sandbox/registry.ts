/**
 * The resource registry: one table row per kind the sandbox serves. Discovery, OpenAPI, routing,
 * the store and the controllers all read this table, so adding a kind is one entry here.
 */

/** Subresources the HTTP layer knows how to serve. */
type Subresource = 'status' | 'scale' | 'log' | 'eviction';

/** One API resource (a row of `kubectl api-resources`). */
export interface ResourceType {
  /** API group; '' is the core group. */
  group: string;
  version: string;
  /** Plural, lower-case resource name (`deployments`). */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: Subresource[];
  /**
   * Whether the kind has a `status` that only the `/status` subresource may change (like the real
   * API server: PUT/PATCH on the main resource keep the stored status).
   */
  hasStatus?: boolean;
  /** Stored as given: no controller acts on it (CRDs the planner emits, PV/PVC). */
  storedOnly?: boolean;
}

/** `apiVersion` string (`v1`, `apps/v1`). */
export function apiVersionOf(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** The map key the store uses for a resource type. */
export function resourceKey(t: Pick<ResourceType, 'group' | 'resource'>): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

const core = (
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType => ({
  group: '',
  version: 'v1',
  resource,
  singular: kind.toLowerCase(),
  kind,
  namespaced,
  ...extra,
});

const grouped = (
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType => ({
  group,
  version,
  resource,
  singular: kind.toLowerCase(),
  kind,
  namespaced,
  ...extra,
});

/** Every kind the sandbox serves. */
const RESOURCE_TYPES: readonly ResourceType[] = [
  core('namespaces', 'Namespace', false, { shortNames: ['ns'], subresources: ['status'], hasStatus: true }),
  core('pods', 'Pod', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log', 'eviction'],
    hasStatus: true,
  }),
  core('services', 'Service', true, {
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
    hasStatus: true,
  }),
  core('endpoints', 'Endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  core('configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  core('secrets', 'Secret', true),
  core('serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
  core('events', 'Event', true, { shortNames: ['ev'] }),
  core('nodes', 'Node', false, { shortNames: ['no'], subresources: ['status'], hasStatus: true }),
  core('persistentvolumes', 'PersistentVolume', false, {
    shortNames: ['pv'],
    subresources: ['status'],
    hasStatus: true,
  }),
  core('persistentvolumeclaims', 'PersistentVolumeClaim', true, {
    shortNames: ['pvc'],
    subresources: ['status'],
    hasStatus: true,
  }),
  grouped('apps', 'v1', 'deployments', 'Deployment', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    hasStatus: true,
  }),
  grouped('apps', 'v1', 'replicasets', 'ReplicaSet', true, {
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    hasStatus: true,
  }),
  grouped('apps', 'v1', 'statefulsets', 'StatefulSet', true, {
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    hasStatus: true,
  }),
  grouped('apps', 'v1', 'daemonsets', 'DaemonSet', true, {
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
    hasStatus: true,
  }),
  grouped('apps', 'v1', 'controllerrevisions', 'ControllerRevision', true),
  grouped('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true, {
    shortNames: ['ing'],
    subresources: ['status'],
    hasStatus: true,
  }),
  grouped('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false),
  grouped('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, {
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
    hasStatus: true,
  }),
  // Same resource in its older version (`kubectl autoscale` and older manifests): stored as sent, the HPA controller reads both shapes.
  grouped('autoscaling', 'v1', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, {
    shortNames: ['hpa'],
    categories: ['all'],
    subresources: ['status'],
    hasStatus: true,
  }),
  grouped('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, {
    shortNames: ['pdb'],
    subresources: ['status'],
    hasStatus: true,
  }),
  grouped('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  grouped('batch', 'v1', 'jobs', 'Job', true, { categories: ['all'], subresources: ['status'], hasStatus: true }),
  grouped('batch', 'v1', 'cronjobs', 'CronJob', true, {
    shortNames: ['cj'],
    categories: ['all'],
    subresources: ['status'],
    hasStatus: true,
  }),
  grouped('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  grouped('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  grouped('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  grouped('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  grouped('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  grouped('storage.k8s.io', 'v1', 'storageclasses', 'StorageClass', false, { shortNames: ['sc'] }),
  // Answered by metrics.ts (computed, never stored), listed so kubectl top and clients find them.
  grouped('metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', true),
  grouped('metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', false),
  // Answered by rbac.ts (never stored), listed so clients find it.
  grouped('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview', false),
  // External Secrets Operator serves v1 (current) and v1beta1 (older manifests) of the same resource.
  grouped('external-secrets.io', 'v1', 'externalsecrets', 'ExternalSecret', true, {
    shortNames: ['es'],
    subresources: ['status'],
    hasStatus: true,
    storedOnly: true,
  }),
  grouped('external-secrets.io', 'v1beta1', 'externalsecrets', 'ExternalSecret', true, {
    shortNames: ['es'],
    subresources: ['status'],
    hasStatus: true,
    storedOnly: true,
  }),
  grouped('elbv2.k8s.aws', 'v1beta1', 'targetgroupbindings', 'TargetGroupBinding', true, {
    subresources: ['status'],
    hasStatus: true,
    storedOnly: true,
  }),
];

/** Lookup helpers over a list of resource types. */
export class ResourceRegistry {
  readonly types: readonly ResourceType[];
  private readonly byKey = new Map<string, ResourceType>();
  private readonly byGvr = new Map<string, ResourceType>();
  private readonly byGvk = new Map<string, ResourceType>();

  constructor(types: readonly ResourceType[] = RESOURCE_TYPES) {
    this.types = types;
    for (const t of types) {
      // The first row of a resource is its preferred (storage) version.
      if (!this.byKey.has(resourceKey(t))) this.byKey.set(resourceKey(t), t);
      this.byGvr.set(`${t.group}/${t.version}/${t.resource}`, t);
      this.byGvk.set(`${apiVersionOf(t)}/${t.kind}`, t);
    }
  }

  /** By group + version + plural resource (URL form). */
  byResource(group: string, version: string, resource: string): ResourceType | undefined {
    return this.byGvr.get(`${group}/${version}/${resource}`);
  }

  /** By `apiVersion` + `kind` (object form). */
  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byGvk.get(`${apiVersion}/${kind}`);
  }

  /** By store key (`deployments.apps`). */
  byStoreKey(key: string): ResourceType | undefined {
    return this.byKey.get(key);
  }

  /** Shorthand for controllers: `get('apps', 'deployments')`. */
  get(group: string, resource: string): ResourceType {
    const t = this.byKey.get(group ? `${resource}.${group}` : resource);
    if (!t) throw new Error(`sandbox registry has no resource ${resource} in group "${group}"`);
    return t;
  }

  /** Distinct group/versions, core first, in registration order. */
  groupVersions(): Array<{ group: string; version: string }> {
    const seen = new Set<string>();
    const out: Array<{ group: string; version: string }> = [];
    for (const t of this.types) {
      const k = `${t.group}/${t.version}`;
      if (!seen.has(k)) {
        seen.add(k);
        out.push({ group: t.group, version: t.version });
      }
    }
    return out;
  }
}
