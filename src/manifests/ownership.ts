/**
 * What a release may write, judged from its input alone (pure, before any cluster is asked): not
 * the tool's own bookkeeping (the deploy lock Lease, release-record Secrets), only inside the
 * release's namespace and the namespaces allowed besides it, cluster-scoped objects only when
 * allowed, and Secrets only in the release's own namespace, because the release record (a
 * Secret in that namespace) keeps every applied object, data included.
 */
import type { KubeObject } from '../model/kube-object.js';
import { UserInputError } from '../errors.js';
import { LABEL_RELEASE_VERSION, LABEL_STATUS, LOCK_NAME, RELEASE_SECRET_TYPE } from '../model/bookkeeping.js';
import type { SourcedObject } from './parse.js';
import { groupOf, isClusterScoped } from './render.js';

/** Where a release may write. */
export interface WriteScope {
  /** The release's namespace (`--namespace`): its records and lock live there. */
  namespace: string;
  /** Further namespaces the release may write in (`--allow-namespace`). */
  allowNamespaces: readonly string[];
  /** Cluster-scoped objects allowed (`--allow-cluster-scoped`). */
  allowClusterScoped: boolean;
  /** How the front door names a flag or input (`--adopt`, `input adopt`). */
  flag: (name: string) => string;
}

/** Names of release-record Secrets: `eks-fargate-deploy.<release>.v<n>`. */
const RECORD_NAME = /^eks-fargate-deploy\.[^.]+\.v\d+$/;

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function describe(o: KubeObject, namespace?: string): string {
  return `${o.kind} ${namespace ? `${namespace}/` : ''}${o.metadata.name}`;
}

/** Why `o` is the tool's own object (its lock or a release record), or undefined. */
function ownKindReason(o: KubeObject): string | undefined {
  const group = groupOf(o.apiVersion);
  if (group === 'coordination.k8s.io' && o.kind === 'Lease' && o.metadata.name === LOCK_NAME) {
    return `${LOCK_NAME} is the deploy lock of eks-fargate-deploy; a release must not carry it`;
  }
  if (group === '' && o.kind === 'Secret') {
    const labels = o.metadata.labels ?? {};
    if ((o as { type?: unknown }).type === RELEASE_SECRET_TYPE)
      return `type ${RELEASE_SECRET_TYPE} is a release record of eks-fargate-deploy; a release must not carry one`;
    if (RECORD_NAME.test(o.metadata.name))
      return `the name is that of a release record of eks-fargate-deploy (eks-fargate-deploy.<release>.v<n>); a release must not carry one`;
    for (const l of [LABEL_RELEASE_VERSION, LABEL_STATUS])
      if (l in labels) return `label ${l} marks a release record of eks-fargate-deploy; a release must not carry one`;
  }
  return undefined;
}

/**
 * Every object of the input that the release may not write, as errors naming the file, line,
 * field and value, and the flag that would allow it (none for the tool's own objects).
 */
export function checkWriteScope(objects: readonly SourcedObject[], scope: WriteScope): UserInputError[] {
  const errors: UserInputError[] = [];
  const allowed = new Set([scope.namespace, ...scope.allowNamespaces]);
  const crdClusterScoped = new Set<string>();
  for (const { object } of objects) {
    const spec = rec(object['spec']);
    const kind = rec(spec['names'])['kind'];
    if (
      object.kind === 'CustomResourceDefinition' &&
      spec['scope'] === 'Cluster' &&
      typeof spec['group'] === 'string' &&
      typeof kind === 'string'
    )
      crdClusterScoped.add(`${spec['group']}/${kind}`);
  }
  for (const { object, source } of objects) {
    const here = `${source.file}:${source.line}`;
    const own = ownKindReason(object);
    if (own) {
      errors.push(
        new UserInputError(
          `${describe(object, object.metadata.namespace)}: ${own}`,
          here,
          object.kind === 'Secret' ? 'metadata' : 'metadata.name',
        ),
      );
      continue;
    }
    if (isClusterScoped(object.apiVersion, object.kind, crdClusterScoped)) {
      // A Namespace the release may write in is the release's own, not a cluster-wide object.
      if (object.kind === 'Namespace' && groupOf(object.apiVersion) === '' && allowed.has(object.metadata.name))
        continue;
      if (!scope.allowClusterScoped) {
        errors.push(
          new UserInputError(
            `${describe(object)} is cluster-scoped: it would change the whole cluster, not the release's namespace ${scope.namespace}; pass ${scope.flag('allow-cluster-scoped')} to apply cluster-scoped objects`,
            here,
            'kind',
          ),
        );
      }
      continue;
    }
    const ns = object.metadata.namespace ?? scope.namespace;
    if (!allowed.has(ns)) {
      errors.push(
        new UserInputError(
          `${describe(object, ns)}: namespace ${JSON.stringify(ns)} is outside the release's namespace ${scope.namespace}${scope.allowNamespaces.length ? ` and the allowed ${scope.allowNamespaces.join(', ')}` : ''}; pass ${scope.flag('allow-namespace')} ${ns} to write there`,
          here,
          'metadata.namespace',
        ),
      );
      continue;
    }
    if (object.kind === 'Secret' && groupOf(object.apiVersion) === '' && ns !== scope.namespace) {
      errors.push(
        new UserInputError(
          `${describe(object, ns)}: a Secret may only be deployed in the release's namespace ${scope.namespace}, because the release record there keeps a copy of every object it applies; deploy it as a release of namespace ${ns}`,
          here,
          'metadata.namespace',
        ),
      );
    }
  }
  return errors;
}
