/**
 * Turn the loaded objects of a release into what gets applied: images substituted and pinned,
 * ownership labels and provenance annotations added, namespaces defaulted, duplicates refused,
 * dependency order. Pure: same input, same output.
 */
import { canonicalObject, sortObjects, type KubeObject } from '../convert/objects.js';
import { isDns1123Label } from '../convert/names.js';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import {
  imageName,
  isPlaceholderImageName,
  overrideMatches,
  overrideSpecificity,
  parseImageRef,
  placeholderReason,
  substituteImage,
  validateImageOverride,
  type ImageOverride,
  type ImageRef,
} from './images.js';
import type { SourcedObject } from './load.js';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'eks-fargate-deploy';
export const RELEASE_LABEL = 'eks-fargate-deploy/release';
export const COMMIT_ANNOTATION = 'eks-fargate-deploy/commit';
export const RUN_URL_ANNOTATION = 'eks-fargate-deploy/run-url';
/** Release names become label values and Secret name parts; Helm's 53 leaves room for suffixes. */
export const RELEASE_NAME_MAX = 53;

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
export function validateReleaseName(release: string): void {
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

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where pod templates sit, per workload kind ('' = the object itself is the pod). */
const TEMPLATE_PATHS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  Deployment: [['spec', 'template']],
  StatefulSet: [['spec', 'template']],
  DaemonSet: [['spec', 'template']],
  ReplicaSet: [['spec', 'template']],
  ReplicationController: [['spec', 'template']],
  Job: [['spec', 'template']],
  // The job template is labelled too, so Jobs a CronJob creates carry the release.
  CronJob: [
    ['spec', 'jobTemplate'],
    ['spec', 'jobTemplate', 'spec', 'template'],
  ],
  Pod: [[]],
};

function at(obj: Obj, pathParts: readonly string[]): Obj | undefined {
  let cur: unknown = obj;
  for (const p of pathParts) cur = isObj(cur) ? cur[p] : undefined;
  return isObj(cur) ? cur : undefined;
}

/** The pod spec of a workload (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`, or `spec` for a Pod). */
function podSpec(obj: Obj): Obj | undefined {
  const path = podSpecPath(String(obj.kind));
  return path && at(obj, path);
}

/** Where a kind keeps its pod spec, or undefined for a kind without pods. */
function podSpecPath(kind: string): string[] | undefined {
  const last = TEMPLATE_PATHS[kind]?.at(-1);
  return last && [...last, 'spec'];
}

/** Every string value that is an ARN, with its path (`metadata.annotations.eks.amazonaws.com/role-arn`). */
function arnStrings(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return /^arn:/.test(value) ? [[path, value]] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => arnStrings(v, `${path}[${i}]`));
  if (isObj(value)) return Object.entries(value).flatMap(([k, v]) => arnStrings(v, path ? `${path}.${k}` : k));
  return [];
}

function describe(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
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

  const overrides: { override: ImageOverride; name: ImageRef; used: boolean; label: string }[] = [];
  // Placeholders written where an image belongs (`<IMAGE>`, `${IMAGE_URI}`), replaced where they are written.
  const exact = new Map<string, { override: ImageOverride; ref: string; used: boolean; label: string }>();
  (opts.images ?? []).forEach((override, i) => {
    const label = `images[${i}]`;
    try {
      validateImageOverride(override, label);
      // validateImageOverride refuses a placeholder without a ref.
      if (isPlaceholderImageName(override.name) && override.ref !== undefined) {
        exact.set(override.name, { override, ref: override.ref, used: false, label });
        return;
      }
      overrides.push({ override, name: parseImageRef(override.name), used: false, label });
    } catch (err) {
      if (err instanceof UserInputError) errors.push(err);
      else throw err;
    }
  });

  // Custom resources declared cluster-scoped by a CRD of this same release.
  const crdClusterScoped = new Set<string>();
  for (const { object } of objects) {
    if (object.kind !== 'CustomResourceDefinition' || !isObj(object.spec)) continue;
    const spec = object.spec;
    const kind = isObj(spec.names) ? spec.names.kind : undefined;
    if (spec.scope === 'Cluster' && typeof spec.group === 'string' && typeof kind === 'string')
      crdClusterScoped.add(`${spec.group}/${kind}`);
  }

  const labels: Record<string, string> = { [MANAGED_BY_LABEL]: MANAGED_BY, [RELEASE_LABEL]: opts.release };
  const annotations: Record<string, string> = {};
  if (opts.commit) annotations[COMMIT_ANNOTATION] = opts.commit;
  if (opts.runUrl) annotations[RUN_URL_ANNOTATION] = opts.runUrl;

  const rendered: { object: KubeObject; source: SourcedObject['source'] }[] = [];
  const originalImages: string[] = [];
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

    const addTo = (m: Obj, field: 'labels' | 'annotations', shown: string, values: Record<string, string>): void => {
      const current = m[field];
      if (current !== undefined && current !== null && !isObj(current)) {
        errors.push(
          new UserInputError(`${describe(object)}: must be a mapping, got ${showValue(current)}`, here, shown),
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
          new UserInputError(`${describe(object)}: must be a mapping`, here, `${templatePath.join('.')}.metadata`),
        );
        continue;
      }
      addTo(template.metadata, 'labels', `${templatePath.join('.')}.metadata.labels`, labels);
      if (opts.annotatePodTemplates && Object.keys(annotations).length > 0)
        addTo(template.metadata, 'annotations', `${templatePath.join('.')}.metadata.annotations`, annotations);
    }

    const spec = podSpec(object);
    if (spec) {
      const specPath = (podSpecPath(object.kind) ?? []).join('.');
      for (const key of ['initContainers', 'containers'] as const) {
        const list = spec[key];
        if (!Array.isArray(list)) continue;
        list.forEach((c: unknown, i: number) => {
          if (!isObj(c) || typeof c.image !== 'string') return;
          originalImages.push(c.image);
          const placeholder = exact.get(c.image);
          if (placeholder) {
            placeholder.used = true;
            const ref = parseImageRef(placeholder.ref);
            c.image = substituteImage(ref, placeholder.override);
            return;
          }
          let current: ImageRef | undefined;
          try {
            current = parseImageRef(c.image);
          } catch {
            // lintRelease reports an invalid reference with its line; a placeholder is refused below.
          }
          let best: (typeof overrides)[number] | undefined;
          if (current) {
            for (const o of overrides) {
              if (
                overrideMatches(o.name, current) &&
                (!best || overrideSpecificity(o.name) > overrideSpecificity(best.name))
              )
                best = o;
            }
          }
          if (best && current) {
            best.used = true;
            c.image = substituteImage(current, best.override);
            return;
          }
          const placeholderOf = placeholderReason(c.image);
          // A placeholder is also replaced by an override named after its container (`--image web=repo/web:1`).
          const byContainer =
            placeholderOf && !current
              ? overrides.find((o) => o.override.name === c.name && o.override.ref !== undefined)
              : undefined;
          const byContainerRef = byContainer?.override.ref;
          if (byContainer && byContainerRef !== undefined) {
            byContainer.used = true;
            c.image = substituteImage(parseImageRef(byContainerRef), byContainer.override);
            return;
          }
          // An image no --image override replaced must be one that can be pulled.
          const reason = opts.refusePlaceholders ? placeholderOf : undefined;
          if (reason) {
            const name = typeof c.name === 'string' ? c.name : `#${i + 1}`;
            const suggestion = current ? imageName(current) : name;
            errors.push(
              new UserInputError(
                `${describe(object)}: ${key === 'initContainers' ? 'init container' : 'container'} ${name}: image ${showValue(c.image)} cannot run (${reason}); replace it in the file or give --image ${suggestion}=REF`,
                here,
                `${specPath ? `${specPath}.` : ''}${key}[${i}].image`,
              ),
            );
          }
        });
      }
    }
    if (opts.refusePlaceholders && object.kind !== 'Secret') {
      // Never quote Secret values; elsewhere an ARN naming no one's account or a template variable cannot work.
      for (const [path, value] of arnStrings(object, '')) {
        const reason = placeholderReason(value, 'arn');
        if (reason)
          errors.push(
            new UserInputError(
              `${describe(object)}: ARN ${showValue(value)} cannot work (${reason}); put the real ARN in the file`,
              here,
              path,
            ),
          );
      }
    }

    const key = [groupOf(object.apiVersion), object.kind, meta.namespace ?? '', meta.name].join('\u0000');
    const first = byKey.get(key);
    if (first) {
      errors.push(
        new UserInputError(
          `${describe(object)} is defined twice: at ${where(first)} and at ${where(source)}`,
          source.file,
        ),
      );
      continue;
    }
    byKey.set(key, source);
    rendered.push({ object, source });
  }

  for (const o of exact.values()) {
    if (!o.used)
      errors.push(
        new UserInputError(
          `placeholder ${showValue(o.override.name)} is the image of no container or init container`,
          undefined,
          o.label,
        ),
      );
  }
  for (const o of overrides) {
    if (o.used) continue;
    const inRelease = [...new Set(originalImages)].sort();
    // `envoy` does not select `platform/envoy`: repositories match whole, but say which one was probably meant.
    const near = inRelease.filter((image) => {
      try {
        const ref = parseImageRef(image);
        return (
          ref.repository.endsWith(`/${o.name.repository}`) &&
          (o.name.registry === undefined || o.name.registry === ref.registry)
        );
      } catch {
        return false;
      }
    });
    errors.push(
      new UserInputError(
        `${showValue(o.override.name)} matches no container or init container image (images in the release: ${inRelease.length > 0 ? inRelease.join(', ') : 'none'})` +
          (near.length > 0
            ? `; repositories match whole, did you mean ${near.map((n) => showValue(imageName(parseImageRef(n)))).join(' or ')}?`
            : ''),
        undefined,
        o.label,
      ),
    );
  }
  if (errors.length > 0) throw new UserInputErrors(errors);

  const sorted = sortObjects(rendered.map((r) => r.object)).map((o) => canonicalObject(o));
  const namespaces = [
    ...new Set(sorted.map((o) => o.metadata.namespace).filter((n): n is string => typeof n === 'string' && n !== '')),
  ].sort();
  return { objects: sorted, images: imagesOf(sorted), namespaces };
}

/** Every container and init container image of the workloads among `objects`, in order. */
export function imagesOf(objects: readonly KubeObject[]): RenderedRelease['images'] {
  const out: RenderedRelease['images'] = [];
  for (const o of objects) {
    const spec = podSpec(o);
    if (!spec) continue;
    for (const key of ['initContainers', 'containers'] as const) {
      const list = spec[key];
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (isObj(c) && typeof c.image === 'string')
          out.push({ container: typeof c.name === 'string' ? c.name : '', workload: describe(o), image: c.image });
      }
    }
  }
  return out;
}
