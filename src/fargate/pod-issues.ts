/**
 * What EKS Fargate refuses to run, checked on plain Kubernetes objects before they reach a cluster.
 *
 * The fargate-scheduler reports a refused pod with a `FailedScheduling` event such as
 * `Pod not supported on Fargate: fields not supported: HostNetwork, invalid SecurityContext fields:
 * Privileged, port contains HostIP or HostPort`. The reasons below reuse the wording of the real
 * events where one is known (host network, privileged, allowPrivilegeEscalation, added
 * capabilities, host ports, unsupported volume types); GPU, architecture/OS and size reasons follow
 * the same style.
 */
import { fargatePodSize, podResourcesFromSpec } from './sizing.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Reason groups in the order the fargate-scheduler lists them. */
const Category = {
  Fields: 'fields not supported',
  SecurityContext: 'invalid SecurityContext fields',
  Port: 'port contains HostIP or HostPort',
  Volumes: 'volumes not supported',
  Resources: 'resources not supported',
  NodeSelector: 'node selector not supported',
  NodeAffinity: 'node affinity not supported',
  Size: 'pod too large for Fargate',
} as const;
type Category = (typeof Category)[keyof typeof Category];
const CATEGORY_ORDER: readonly Category[] = Object.values(Category);

/** One thing Fargate refuses, located relative to the pod spec. */
interface PodIssue {
  code: string;
  category: Category;
  /** What goes after the category in the event reason (empty for `port contains HostIP or HostPort`). */
  token: string;
  /** Path relative to the pod spec, e.g. `containers[0].securityContext.privileged`. */
  field: string;
  container?: string | undefined;
  /** Human explanation for a lint finding. */
  message: string;
}

/** Categories whose wording is taken from real fargate-scheduler events (the others are ours, in the same style). */
export const KNOWN_WORDING: ReadonlySet<Category> = new Set([
  Category.Fields,
  Category.SecurityContext,
  Category.Port,
  Category.Volumes,
]);

/** Volume sources a Fargate pod may use. A PVC is allowed because EFS (static) is; its PV is not visible here. */
const SUPPORTED_VOLUME_SOURCES = new Set([
  'emptyDir',
  'configMap',
  'secret',
  'projected',
  'downwardAPI',
  'persistentVolumeClaim',
]);

const ARCH_KEYS = ['kubernetes.io/arch', 'beta.kubernetes.io/arch'];
const OS_KEYS = ['kubernetes.io/os', 'beta.kubernetes.io/os'];
const FARGATE_ARCH = 'amd64';
const FARGATE_OS = 'linux';

/** Extended resources Fargate has no devices for. */
function isAcceleratorResource(name: string): boolean {
  return /(^|\/)gpu$/.test(name) || /^aws\.amazon\.com\/neuron/.test(name) || /^habana\.ai\//.test(name);
}

export interface ContainerRef {
  c: Obj;
  path: string;
  name: string | undefined;
}

export function containersOf(spec: Obj): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const key of ['initContainers', 'containers'] as const) {
    list(spec[key]).forEach((c, i) => {
      if (isObj(c)) out.push({ c, path: `${key}[${i}]`, name: typeof c.name === 'string' ? c.name : undefined });
    });
  }
  return out;
}

export function who(ref: ContainerRef): string {
  return ref.name ? `container "${ref.name}"` : ref.path;
}

export function bracket(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Does one nodeSelectorTerm rule out every node with `key` = `wanted` (e.g. arch = amd64)? */
function termExcludes(term: unknown, keys: readonly string[], wanted: string): string | undefined {
  if (!isObj(term)) return undefined;
  for (const expr of list(term.matchExpressions)) {
    if (!isObj(expr) || typeof expr.key !== 'string' || !keys.includes(expr.key)) continue;
    const values = list(expr.values).map(String);
    const op = expr.operator;
    if (op === 'In' && !values.includes(wanted)) return `${expr.key} In [${values.join(', ')}]`;
    if (op === 'NotIn' && values.includes(wanted)) return `${expr.key} NotIn [${values.join(', ')}]`;
    if (op === 'DoesNotExist') return `${expr.key} DoesNotExist`;
  }
  return undefined;
}

function hostNamespaceIssues(spec: Obj): PodIssue[] {
  const issues: PodIssue[] = [];
  for (const [field, token, code] of [
    ['hostNetwork', 'HostNetwork', 'host-network'],
    ['hostPID', 'HostPID', 'host-pid'],
    ['hostIPC', 'HostIPC', 'host-ipc'],
  ] as const) {
    if (spec[field] === true) {
      issues.push({
        code,
        category: Category.Fields,
        token,
        field,
        message: `${field}: true is not supported on EKS Fargate: each pod runs in its own micro-VM with no host to share`,
      });
    }
  }
  return issues;
}

/** A manifest value as a message shows it: scalars as written, anything else as JSON. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

/** Only strings and numbers can be quantities; anything else fails the quantity parser. */
export function isQuantityValue(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

function containerIssues(spec: Obj): PodIssue[] {
  const issues: PodIssue[] = [];
  for (const ref of containersOf(spec)) {
    const sc = ref.c.securityContext;
    if (isObj(sc)) {
      if (sc.privileged === true) {
        issues.push({
          code: 'privileged',
          category: Category.SecurityContext,
          token: 'Privileged',
          field: `${ref.path}.securityContext.privileged`,
          container: ref.name,
          message: `${who(ref)} is privileged; EKS Fargate does not run privileged containers`,
        });
      }
      if (sc.allowPrivilegeEscalation === true) {
        issues.push({
          code: 'allow-privilege-escalation',
          category: Category.SecurityContext,
          token: 'AllowPrivilegeEscalation',
          field: `${ref.path}.securityContext.allowPrivilegeEscalation`,
          container: ref.name,
          message: `${who(ref)} sets allowPrivilegeEscalation: true, which EKS Fargate refuses; remove it or set it to false`,
        });
      }
      const added = isObj(sc.capabilities) ? list(sc.capabilities.add).map(String) : [];
      if (added.length > 0) {
        issues.push({
          code: 'added-capabilities',
          category: Category.SecurityContext,
          token: `Capabilities added: ${added.join(', ')}`,
          field: `${ref.path}.securityContext.capabilities.add`,
          container: ref.name,
          message: `${who(ref)} adds Linux capabilities (${added.join(', ')}); EKS Fargate refuses any added capability`,
        });
      }
    }

    list(ref.c.ports).forEach((port, j) => {
      if (!isObj(port)) return;
      const hostPort = typeof port.hostPort === 'number' && port.hostPort !== 0;
      const hostIP = typeof port.hostIP === 'string' && port.hostIP !== '';
      if (!hostPort && !hostIP) return;
      const which = hostPort ? 'hostPort' : 'hostIP';
      issues.push({
        code: 'host-port',
        category: Category.Port,
        token: '',
        field: `${ref.path}.ports[${j}].${which}`,
        container: ref.name,
        message:
          `${who(ref)} binds ${which} ${String(port[which])}; EKS Fargate has no host ports, ` +
          `reach the pod through a Service on containerPort ${String(port.containerPort)}`,
      });
    });

    const resources = isObj(ref.c.resources) ? ref.c.resources : {};
    const seen = new Set<string>();
    for (const kind of ['requests', 'limits'] as const) {
      const r = resources[kind];
      if (!isObj(r)) continue;
      for (const name of Object.keys(r)) {
        if (!isAcceleratorResource(name) || seen.has(name)) continue;
        seen.add(name);
        issues.push({
          code: 'gpu',
          category: Category.Resources,
          token: name,
          field: `${ref.path}.resources.${kind}${bracket(name)}`,
          container: ref.name,
          message: `${who(ref)} requests ${name}; EKS Fargate has no GPUs or other accelerators`,
        });
      }
    }
  }
  return issues;
}

function volumeIssues(spec: Obj): PodIssue[] {
  const issues: PodIssue[] = [];
  list(spec.volumes).forEach((vol, i) => {
    if (!isObj(vol)) return;
    const name = typeof vol.name === 'string' ? vol.name : `volumes[${i}]`;
    // A volume with no source is an emptyDir (the API server's default).
    const source = Object.keys(vol).find((k) => k !== 'name');
    if (source === undefined || SUPPORTED_VOLUME_SOURCES.has(source)) return;
    const code =
      source === 'hostPath'
        ? 'host-path-volume'
        : source === 'awsElasticBlockStore'
          ? 'ebs-volume'
          : 'unsupported-volume';
    const hint =
      source === 'hostPath'
        ? 'there is no host file system on Fargate; use emptyDir for scratch space or EFS for shared data'
        : source === 'awsElasticBlockStore'
          ? 'EBS volumes cannot attach to Fargate; use EFS (a statically provisioned PersistentVolume) instead'
          : 'Fargate pods support emptyDir, configMap, secret, projected, downwardAPI and persistentVolumeClaim (EFS) volumes';
    issues.push({
      code,
      category: Category.Volumes,
      token: `${name} is of an unsupported volume Type`,
      field: `volumes[${i}].${source}`,
      message: `volume "${name}" is a ${source} volume; ${hint}`,
    });
  });
  return issues;
}

/** nodeSelector or required node affinity that keeps the pod off linux/amd64, the only platform of EKS Fargate. */
function nodeSelectionIssues(spec: Obj): PodIssue[] {
  const issues: PodIssue[] = [];
  const nodeSelector = isObj(spec.nodeSelector) ? spec.nodeSelector : {};
  for (const [keys, wanted, code, what] of [
    [ARCH_KEYS, FARGATE_ARCH, 'unsupported-arch', 'architecture'],
    [OS_KEYS, FARGATE_OS, 'unsupported-os', 'operating system'],
  ] as const) {
    for (const key of keys) {
      const value = nodeSelector[key];
      if (value === undefined) continue;
      const text = scalarText(value);
      if (text === wanted) continue;
      issues.push({
        code,
        category: Category.NodeSelector,
        token: `${key}=${text}`,
        field: `nodeSelector${bracket(key)}`,
        message: `nodeSelector ${key}=${text} asks for a ${what} EKS Fargate does not offer (Fargate runs ${FARGATE_OS}/${FARGATE_ARCH} pods only)`,
      });
    }
    const nodeAffinity = isObj(spec.affinity) ? spec.affinity.nodeAffinity : undefined;
    const required = isObj(nodeAffinity) ? nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution : undefined;
    const terms = isObj(required) ? list(required.nodeSelectorTerms) : [];
    // Terms are ORed: the pod is kept off Fargate only when every term rules Fargate's value out.
    const exclusions = terms.map((t) => termExcludes(t, keys, wanted));
    if (terms.length > 0 && exclusions.every((e) => e !== undefined)) {
      const token = [...new Set(exclusions)].join(' or ');
      issues.push({
        code,
        category: Category.NodeAffinity,
        token,
        field: 'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms',
        message: `required node affinity (${token}) rules out ${FARGATE_OS}/${FARGATE_ARCH}, the only ${what} EKS Fargate offers`,
      });
    }
  }
  return issues;
}

function sizeIssues(spec: Obj): PodIssue[] {
  try {
    const size = fargatePodSize(podResourcesFromSpec(spec));
    if (size.fits) return [];
    const reason = size.reason ?? '';
    return [
      {
        code: 'too-large',
        category: Category.Size,
        token: reason,
        field: 'containers',
        message: `the pod does not fit any Fargate configuration: ${reason}`,
      },
    ];
  } catch {
    // An unparsable quantity is reported on its own by lintWorkloadObject (and refused by the API server).
    return [];
  }
}

export function inspectPodSpec(spec: Obj): PodIssue[] {
  return [
    ...hostNamespaceIssues(spec),
    ...containerIssues(spec),
    ...volumeIssues(spec),
    ...nodeSelectionIssues(spec),
    ...sizeIssues(spec),
  ];
}

export function reasonsFromIssues(issues: readonly PodIssue[]): string[] {
  const reasons: string[] = [];
  for (const category of CATEGORY_ORDER) {
    const tokens = [...new Set(issues.filter((i) => i.category === category).map((i) => i.token))];
    if (tokens.length === 0) continue;
    reasons.push(category === Category.Port ? category : `${category}: ${tokens.join(', ')}`);
  }
  return reasons;
}

/**
 * Reasons a pod spec cannot run on EKS Fargate, worded like the fargate-scheduler's
 * `FailedScheduling` event (`fields not supported: HostNetwork`, `invalid SecurityContext fields:
 * Privileged`, `port contains HostIP or HostPort`, `volumes not supported: data is of an unsupported
 * volume Type`, ...). Covers host namespaces, privileged / allowPrivilegeEscalation / added
 * capabilities, host ports, volume types other than emptyDir, configMap, secret, projected,
 * downwardAPI and PVC (EFS), GPUs and other accelerators, nodeSelector or required node affinity
 * demanding another architecture than amd64 or another OS than linux, and a pod larger than
 * 16 vCPU 120 GB or 175 GiB of ephemeral storage. Empty array = supported.
 */
export function fargateUnsupportedReasons(podSpec: unknown): string[] {
  if (!isObj(podSpec)) return [];
  return reasonsFromIssues(inspectPodSpec(podSpec));
}

/** The fargate-scheduler's event message: `Pod not supported on Fargate: <reasons, comma separated>`. Empty reasons → `''`. */
export function fargateUnsupportedMessage(reasons: readonly string[]): string {
  return reasons.length === 0 ? '' : `Pod not supported on Fargate: ${reasons.join(', ')}`;
}
