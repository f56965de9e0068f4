/**
 * Turn the loaded objects of a release into what gets applied: images substituted and pinned,
 * ownership labels and provenance annotations added, namespaces defaulted, duplicates refused,
 * dependency order. Pure: same input, same output.
 */
import { canonicalObject, sortObjects } from '../convert/objects.js';
import type { KubeObject } from '../model/kube-object.js';
import { isDns1123Label } from '../convert/names.js';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import { ImageSubstitution } from './image-substitution.js';
import { placeholderReason, type ImageOverride } from './images.js';
import type { SourcedObject } from './parse.js';
import { at, describeObject, isObj, podSpec, TEMPLATE_PATHS, type Obj } from './pod-templates.js';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const MANAGED_BY = 'eks-fargate-deploy';
export const RELEASE_LABEL = 'eks-fargate-deploy/release';
export const COMMIT_ANNOTATION = 'eks-fargate-deploy/commit';
export const RUN_URL_ANNOTATION = 'eks-fargate-deploy/run-url';
/** Release names become label values and Secret name parts; Helm's 53 leaves room for suffixes. */
const RELEASE_NAME_MAX = 53;

/** Inputs of {@link renderRelease}. */
export interface RenderOptions {
  release: string;
  images?: ImageOverride[] | undefined;
  commit?: string;
  runUrl?: string;
  /** Namespace of namespaced objects that name none. */
  defaultNamespace: string;
  /**
   * Also put the commit and run URL annotations on pod templates (default false). Off because a
   * pod template that changes on every run makes every deploy a rolling restart, even when nothing
   * else changed, and a re-run of the same deploy would start a new ReplicaSet.
   */
  annotatePodTemplates?: boolean;
  /**
   * Refuse images and ARNs that are placeholders (`<IMAGE>`, `${IMAGE}`, `REPLACE_ME`, account
   * 123456789012 or ACCOUNT_ID; see `placeholderReason`) unless an override replaced the image.
   * On for a deploy (they cannot run); off for previews, which show the release as written.
   */
  refusePlaceholders?: boolean;
}

/** What a deploy applies, with the images it runs and the namespaces it touches. */
export interface RenderedRelease {
  /** In apply order (sortObjects), keys canonically ordered. */
  objects: KubeObject[];
  /** Every container and init container of every workload, after substitution, in object order. */
  images: { container: string; workload: string; image: string }[];
  /** Sorted namespaces holding the release's namespaced objects. */
  namespaces: string[];
}

/**
 * Cluster-scoped kinds by `group/kind` (core group = ''): built-ins of Kubernetes 1.32 and the
 * cluster-scoped custom resources of add-ons an EKS cluster commonly runs. Other custom kinds
 * count as namespaced unless a CustomResourceDefinition in the same release says otherwise.
 */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
  'cert-manager.io/ClusterIssuer',
  'external-secrets.io/ClusterSecretStore',
  'external-secrets.io/ClusterExternalSecret',
  'elbv2.k8s.aws/IngressClassParams',
  'karpenter.sh/NodePool',
  'karpenter.k8s.aws/EC2NodeClass',
]);

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ''). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * True when objects of this apiVersion + kind have no namespace. `extra` holds further
 * `group/kind` keys (from CustomResourceDefinitions with `scope: Cluster`).
 */
export function isClusterScoped(apiVersion: string, kind: string, extra?: ReadonlySet<string>): boolean {
  const key = `${groupOf(apiVersion)}/${kind}`;
  return CLUSTER_SCOPED.has(key) || (extra?.has(key) ?? false);
}

/** Throws a UserInputError unless `release` is a DNS-1123 label of at most 53 characters. */
function validateReleaseName(release: string): void {
  if (typeof release !== 'string' || release === '')
    throw new UserInputError('required (a DNS-1123 label such as "web" or "shop-prod")', undefined, 'release');
  if (release.length > RELEASE_NAME_MAX || !isDns1123Label(release)) {
    throw new UserInputError(
      `${showValue(release)} is not a valid release name: lower-case letters, digits and "-", starting and ending with a letter or digit, ${RELEASE_NAME_MAX} characters at most`,
      undefined,
      'release',
    );
  }
}

/** Every string value that is an ARN, with its path (`metadata.annotations.eks.amazonaws.com/role-arn`). */
function arnStrings(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return /^arn:/.test(value) ? [[path, value]] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => arnStrings(v, `${path}[${i}]`));
  if (isObj(value)) return Object.entries(value).flatMap(([k, v]) => arnStrings(v, path ? `${path}.${k}` : k));
  return [];
}

function where(s: SourcedObject['source']): string {
  return `${s.file}:${s.line} (document ${s.index + 1})`;
}

/**
 * Render a release (pure). Images of containers and init containers of every pod template
 * (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, ReplicaSet, ReplicationController) are
 * substituted by repository (`web` matches `web`, `web:1` and `<registry>/web:1`; an override with a
 * registry matches only that registry), pinned as `repo@sha256:…` when a digest is known; an
 * override matching no container is an error. Every object and pod template (and CronJob job
 * template) gets the labels `app.kubernetes.io/managed-by: eks-fargate-deploy` and
 * `eks-fargate-deploy/release: <release>`; selectors are never touched. The commit and run URL
 * annotations go on object metadata, and on pod templates only with `annotatePodTemplates`, so by
 * default a deploy that changes nothing else starts no new ReplicaSet. Namespaced objects without a
 * namespace get `defaultNamespace`; a namespace on a cluster-scoped object is dropped, as kubectl
 * does. Two objects with the same group, kind, namespace and name are an error naming both sources.
 * Output objects are in {@link sortObjects} order with canonical key order. All problems are thrown
 * together as UserInputErrors.
 */
export function renderRelease(objects: SourcedObject[], opts: RenderOptions): RenderedRelease {
  const errors = validateRenderOptions(opts);
  const images = new ImageSubstitution(opts.images ?? [], errors);

  const crdClusterScoped = crdClusterScopedKinds(objects);

  const labels: Record<string, string> = { [MANAGED_BY_LABEL]: MANAGED_BY, [RELEASE_LABEL]: opts.release };
  const annotations: Record<string, string> = {};
  if (opts.commit) annotations[COMMIT_ANNOTATION] = opts.commit;
  if (opts.runUrl) annotations[RUN_URL_ANNOTATION] = opts.runUrl;

  const rendered: { object: KubeObject; source: SourcedObject['source'] }[] = [];
  const byKey = new Map<string, SourcedObject['source']>();
  for (const { object: original, source } of objects) {
    const object = structuredClone(original);
    const meta = object.metadata;
    const here = `${source.file}:${source.line}`;
    if (!isClusterScoped(object.apiVersion, object.kind, crdClusterScoped)) {
      if (!meta.namespace) meta.namespace = opts.defaultNamespace;
    } else if (meta.namespace !== undefined) {
      // kubectl ignores a namespace on a cluster-scoped object; so do we, so keys and records agree with the cluster.
      delete meta.namespace;
    }

    labelObject(
      object,
      here,
      { labels, annotations, annotatePodTemplates: opts.annotatePodTemplates === true },
      errors,
    );

    images.substituteIn(object, here, opts.refusePlaceholders === true);
    if (opts.refusePlaceholders && object.kind !== 'Secret') errors.push(...placeholderArnErrors(object, here));

    const key = [groupOf(object.apiVersion), object.kind, meta.namespace ?? '', meta.name].join('\u0000');
    const first = byKey.get(key);
    if (first) {
      errors.push(
        new UserInputError(
          `${describeObject(object)} is defined twice: at ${where(first)} and at ${where(source)}`,
          source.file,
        ),
      );
      continue;
    }
    byKey.set(key, source);
    rendered.push({ object, source });
  }

  errors.push(...images.unused());
  if (errors.length > 0) throw new UserInputErrors(errors);

  const sorted = sortObjects(rendered.map((r) => r.object)).map((o) => canonicalObject(o));
  const namespaces = [
    ...new Set(sorted.map((o) => o.metadata.namespace).filter((n): n is string => typeof n === 'string' && n !== '')),
  ].sort();
  return { objects: sorted, images: imagesOf(sorted), namespaces };
}

/** The options themselves: release name, namespace, commit and run URL. */
function validateRenderOptions(opts: RenderOptions): UserInputError[] {
  const errors: UserInputError[] = [];
  const check = (fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      if (err instanceof UserInputError) errors.push(err);
      else throw err;
    }
  };
  check(() => {
    validateReleaseName(opts.release);
  });
  check(() => {
    if (!isDns1123Label(opts.defaultNamespace))
      throw new UserInputError(
        `${showValue(opts.defaultNamespace)} is not a valid namespace (DNS-1123 label)`,
        undefined,
        'namespace',
      );
  });
  for (const [key, value] of [
    ['commit', opts.commit],
    ['run-url', opts.runUrl],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || /[\r\n]/.test(value))) {
      errors.push(new UserInputError(`must be a single-line string, got ${showValue(value)}`, undefined, key));
    }
  }
  return errors;
}

/** Custom resources declared cluster-scoped by a CRD of this same release, as `group/kind`. */
function crdClusterScopedKinds(objects: readonly SourcedObject[]): Set<string> {
  const crdClusterScoped = new Set<string>();
  for (const { object } of objects) {
    if (object.kind !== 'CustomResourceDefinition' || !isObj(object.spec)) continue;
    const spec = object.spec;
    const kind = isObj(spec.names) ? spec.names.kind : undefined;
    if (spec.scope === 'Cluster' && typeof spec.group === 'string' && typeof kind === 'string')
      crdClusterScoped.add(`${spec.group}/${kind}`);
  }
  return crdClusterScoped;
}

/**
 * The release's labels on the object and its pod templates, its annotations on the object (and on
 * pod templates with `annotatePodTemplates`); a labels or annotations field that is not a mapping is an error.
 */
function labelObject(
  object: KubeObject,
  here: string,
  add: { labels: Record<string, string>; annotations: Record<string, string>; annotatePodTemplates: boolean },
  errors: UserInputError[],
): void {
  const { labels, annotations } = add;
  const meta = object.metadata;
  const addTo = (m: Obj, field: 'labels' | 'annotations', shown: string, values: Record<string, string>): void => {
    const current = m[field];
    if (current !== undefined && current !== null && !isObj(current)) {
      errors.push(
        new UserInputError(`${describeObject(object)}: must be a mapping, got ${showValue(current)}`, here, shown),
      );
      return;
    }
    m[field] = { ...(isObj(current) ? current : {}), ...values };
  };
  addTo(meta, 'labels', 'metadata.labels', labels);
  if (Object.keys(annotations).length > 0) addTo(meta, 'annotations', 'metadata.annotations', annotations);
  for (const templatePath of TEMPLATE_PATHS[object.kind] ?? []) {
    if (templatePath.length === 0) continue; // a Pod's own metadata is already labelled
    const template = at(object, templatePath);
    if (!template) continue;
    if (template.metadata === undefined || template.metadata === null) template.metadata = {};
    if (!isObj(template.metadata)) {
      errors.push(
        new UserInputError(`${describeObject(object)}: must be a mapping`, here, `${templatePath.join('.')}.metadata`),
      );
      continue;
    }
    addTo(template.metadata, 'labels', `${templatePath.join('.')}.metadata.labels`, labels);
    if (add.annotatePodTemplates && Object.keys(annotations).length > 0)
      addTo(template.metadata, 'annotations', `${templatePath.join('.')}.metadata.annotations`, annotations);
  }
}

/**
 * ARNs that name no one's account or hold a template variable cannot work. Not for Secrets: their
 * values are never quoted.
 */
function placeholderArnErrors(object: KubeObject, here: string): UserInputError[] {
  const errors: UserInputError[] = [];
  for (const [path, value] of arnStrings(object, '')) {
    const reason = placeholderReason(value, 'arn');
    if (reason)
      errors.push(
        new UserInputError(
          `${describeObject(object)}: ARN ${showValue(value)} cannot work (${reason}); put the real ARN in the file`,
          here,
          path,
        ),
      );
  }
  return errors;
}

/** Every container and init container image of the workloads among `objects`, in order. */
function imagesOf(objects: readonly KubeObject[]): RenderedRelease['images'] {
  const out: RenderedRelease['images'] = [];
  for (const o of objects) {
    const spec = podSpec(o);
    if (!spec) continue;
    for (const key of ['initContainers', 'containers'] as const) {
      const list = spec[key];
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (isObj(c) && typeof c.image === 'string')
          out.push({
            container: typeof c.name === 'string' ? c.name : '',
            workload: describeObject(o),
            image: c.image,
          });
      }
    }
  }
  return out;
}
