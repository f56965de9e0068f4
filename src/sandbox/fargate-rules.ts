/**
 * The sandbox's own model of EKS Fargate, written from AWS's documentation and the events real
 * clusters print — independently of the tool's Fargate layer (src/fargate), which it imports
 * nothing from, so that a bug there is caught here instead of agreed with.
 *
 * Sources (read 2026-12):
 * - EKS User Guide, "AWS Fargate considerations" (fargate.md): DaemonSets, privileged containers,
 *   HostPort/HostNetwork and GPUs are not supported; EBS volumes cannot be mounted; EFS only by
 *   static provisioning; pods must match a Fargate profile when scheduled, else they stay Pending.
 * - EKS User Guide, "Fargate profile" (fargate-profile.md): selectors are a namespace plus
 *   optional labels, all must match; `*` and `?` wildcards in namespaces, label keys and label
 *   values; when several profiles match, the first in alphabetical order wins.
 * - EKS User Guide, "Fargate Pod configuration" (fargate-pod-configuration.md): pod size =
 *   max(largest init container, sum of long-running containers) of the requests, +256 MB for the
 *   Kubernetes components, rounded up to the first vCPU/memory combination of the table below;
 *   no requests → 0.25 vCPU 0.5 GB; the result is the `CapacityProvisioned` annotation.
 * - The fargate-scheduler's `FailedScheduling` wording as printed by real clusters:
 *   `Pod not supported on Fargate: fields not supported: HostNetwork, HostPID, HostIPC`,
 *   `invalid SecurityContext fields: Privileged,Privileged` (one entry per container),
 *   `invalid SecurityContext fields: Capabilities added: DAC_READ_SEARCH` (DAC_OVERRIDE, a default
 *   container capability, was accepted in the same spec), `invalid SecurityContext fields:
 *   AllowPrivilegeEscalation` (ingress-nginx's controller), `port contains HostIP or HostPort`,
 *   `volumes not supported: <volume> is of an unsupported volume Type`,
 *   `volumes not supported: <volume> not supported because: PVC <claim> not bound`.
 *
 * Pure: the PVC/PV lookup is passed in.
 */

import { scalarText } from './object.js';

/** A Fargate profile as EKS describes it. */
export interface FargateRulesProfile {
  name: string;
  selectors: ReadonlyArray<{ namespace: string; labels?: Readonly<Record<string, string>> }>;
}

/** Label the EKS webhook puts on a pod it sends to Fargate. */
export const PROFILE_LABEL = 'eks.amazonaws.com/fargate-profile';

/** `*` any run of characters, `?` exactly one, anything else literal (EKS profile selectors). */
export function selectorValueMatches(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'su',
  );
  return re.test(value);
}

/** The profile EKS picks for a pod: profiles by name, first with a selector matching namespace and every selector label. */
export function profileForPod(
  profiles: readonly FargateRulesProfile[],
  namespace: string,
  labels: Readonly<Record<string, string>> | undefined,
): string | undefined {
  const sorted = [...profiles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const p of sorted) {
    for (const s of p.selectors) {
      if (!selectorValueMatches(s.namespace, namespace)) continue;
      // Wildcards work in label keys too: some pod label must match both the key and the value pattern.
      const podLabels = Object.entries(labels ?? {});
      const ok = Object.entries(s.labels ?? {}).every(([kp, vp]) =>
        podLabels.some(([k, v]) => selectorValueMatches(kp, k) && selectorValueMatches(vp, v)),
      );
      if (ok) return p.name;
    }
  }
  return undefined;
}

/** What the scheduler knows about a PVC a pod names. */
export type ClaimInfo =
  | { found: false }
  | { found: true; bound: false }
  | { found: true; bound: true; volume: Record<string, unknown> | undefined };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** Capabilities a container has by default (containerd's default set); adding them changes nothing. */
const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
/** The one capability Fargate lets a task add beyond the defaults. */
const EXTRA_ALLOWED_CAPABILITIES = new Set(['SYS_PTRACE']);

/** Volume sources a Fargate pod may use (PVCs are judged by what they are bound to). */
const SUPPORTED_VOLUME_SOURCES = new Set([
  'emptyDir',
  'configMap',
  'secret',
  'projected',
  'downwardAPI',
  'persistentVolumeClaim',
]);
/** PV sources a Fargate pod may mount: EFS, statically provisioned (through its CSI driver), or NFS. */
const EFS_CSI_DRIVER = 'efs.csi.aws.com';

const GPU_RESOURCES = /^(nvidia\.com\/gpu|amd\.com\/gpu|aws\.amazon\.com\/neuron(core|device)?|habana\.ai\/gaudi)$/;

/** Why a pod cannot run on Fargate: the fargate-scheduler's reasons, in its order. Empty = supported. */
export function fargatePodRejections(
  podSpec: unknown,
  claim: (name: string) => ClaimInfo = () => ({ found: true, bound: true, volume: undefined }),
): string[] {
  const spec = isObj(podSpec) ? podSpec : {};
  const reasons: string[] = [];
  const fields = (['hostNetwork', 'hostPID', 'hostIPC'] as const)
    .filter((f) => spec[f] === true)
    .map((f) => f.charAt(0).toUpperCase() + f.slice(1));
  if (fields.length) reasons.push(`fields not supported: ${fields.join(', ')}`);

  const containers = [...arr(spec.initContainers), ...arr(spec.containers), ...arr(spec.ephemeralContainers)];
  const security: string[] = [];
  for (const c of containers) {
    const sc = isObj(c.securityContext) ? c.securityContext : {};
    if (sc.privileged === true) security.push('Privileged');
    if (sc.allowPrivilegeEscalation === true) security.push('AllowPrivilegeEscalation');
    const add = isObj(sc.capabilities) && Array.isArray(sc.capabilities.add) ? sc.capabilities.add : [];
    for (const cap of add) {
      const name = String(cap).toUpperCase().replace(/^CAP_/, '');
      if (!DEFAULT_CAPABILITIES.has(name) && !EXTRA_ALLOWED_CAPABILITIES.has(name))
        security.push(`Capabilities added: ${name}`);
    }
  }
  if (security.length) reasons.push(`invalid SecurityContext fields: ${security.join(',')}`);

  if (
    containers.some((c) =>
      arr(c.ports).some(
        (p) => (p.hostPort !== undefined && p.hostPort !== 0) || (typeof p.hostIP === 'string' && p.hostIP !== ''),
      ),
    )
  ) {
    reasons.push('port contains HostIP or HostPort');
  }

  const volumes: string[] = [];
  for (const v of arr(spec.volumes)) {
    const name = scalarText(v.name);
    const source = Object.keys(v).find((k) => k !== 'name');
    if (source === undefined || !SUPPORTED_VOLUME_SOURCES.has(source)) {
      volumes.push(`${name} is of an unsupported volume Type`);
      continue;
    }
    if (source !== 'persistentVolumeClaim') continue;
    const claimName = scalarText((v.persistentVolumeClaim as Obj | undefined)?.claimName);
    const info = claim(claimName);
    if (!info.found || !info.bound) {
      volumes.push(`${name} not supported because: PVC ${claimName} not bound`);
      continue;
    }
    const pv = info.volume;
    if (pv && !isEfsOrNfs(pv)) volumes.push(`${name} is of an unsupported volume Type`);
  }
  if (volumes.length) reasons.push(`volumes not supported: ${volumes.join(', ')}`);

  const gpus = new Set<string>();
  for (const c of containers) {
    const res = isObj(c.resources) ? c.resources : {};
    for (const part of [res.requests, res.limits])
      if (isObj(part)) for (const k of Object.keys(part)) if (GPU_RESOURCES.test(k)) gpus.add(k);
  }
  if (gpus.size) reasons.push(`resources not supported: ${[...gpus].sort().join(', ')}`);

  const platform = platformRejection(spec);
  if (platform) reasons.push(platform);

  const size = fargateCapacity(spec);
  if (!size.ok) reasons.push(`pod size not supported: ${size.reason}`);
  return reasons;
}

function isEfsOrNfs(pv: Obj): boolean {
  const spec = isObj(pv.spec) ? pv.spec : {};
  if (isObj(spec.csi)) return spec.csi.driver === EFS_CSI_DRIVER;
  return isObj(spec.nfs);
}

/** Fargate runs linux/amd64 pods only: a node selector or required affinity asking for anything else never matches a Fargate node. */
function platformRejection(spec: Obj): string | undefined {
  const wanted: Record<string, string> = {
    'kubernetes.io/os': 'linux',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/arch': 'amd64',
  };
  const ns = isObj(spec.nodeSelector) ? spec.nodeSelector : {};
  for (const [k, v] of Object.entries(ns)) {
    if (wanted[k] !== undefined && String(v) !== wanted[k])
      return `node selector not satisfiable on Fargate: ${k}=${String(v)}`;
  }
  const na = isObj(spec.affinity) && isObj(spec.affinity.nodeAffinity) ? spec.affinity.nodeAffinity : {};
  const req = isObj(na.requiredDuringSchedulingIgnoredDuringExecution)
    ? na.requiredDuringSchedulingIgnoredDuringExecution
    : undefined;
  const terms = req ? arr(req.nodeSelectorTerms) : [];
  if (terms.length === 0) return undefined;
  // Terms are ORed; expressions within a term ANDed. A term a Fargate node (linux/amd64) satisfies keeps the pod schedulable.
  const termFits = (t: Obj): boolean =>
    arr(t.matchExpressions).every((e) => {
      const key = scalarText(e.key);
      const want = wanted[key];
      if (want === undefined) return true;
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      switch (e.operator) {
        case 'In':
          return values.includes(want);
        case 'NotIn':
          return !values.includes(want);
        case 'DoesNotExist':
          return false;
        default:
          return true;
      }
    });
  if (terms.some(termFits)) return undefined;
  return 'node affinity not satisfiable on Fargate: it requires another OS or architecture than linux/amd64';
}

/** vCPU options and the memory (GB) each allows: [min, max, step]. */
const TABLE: ReadonlyArray<{ vcpu: number; memory: number[] }> = [
  { vcpu: 0.25, memory: [0.5, 1, 2] },
  { vcpu: 0.5, memory: [1, 2, 3, 4] },
  { vcpu: 1, memory: range(2, 8, 1) },
  { vcpu: 2, memory: range(4, 16, 1) },
  { vcpu: 4, memory: range(8, 30, 1) },
  { vcpu: 8, memory: range(16, 60, 4) },
  { vcpu: 16, memory: range(32, 120, 8) },
];

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let x = from; x <= to; x += step) out.push(x);
  return out;
}

const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity (`250m`, `1.5`, `512Mi`, `1e3`) as a number, or undefined when it is not one. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(m|k|K|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(q.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * (SUFFIX[m[3] ?? ''] ?? 1);
}

/** What Fargate provisions for a pod spec. */
export type FargateCapacity =
  { ok: true; vcpu: number; memoryGb: number; annotation: string } | { ok: false; reason: string };

/** The compute configuration Fargate provisions for a pod (the `CapacityProvisioned` annotation). */
export function fargateCapacity(podSpec: unknown): FargateCapacity {
  const spec = isObj(podSpec) ? podSpec : {};
  const want = (c: Obj, r: 'cpu' | 'memory'): number => {
    const res = isObj(c.resources) ? c.resources : {};
    const v = (isObj(res.requests) ? res.requests[r] : undefined) ?? (isObj(res.limits) ? res.limits[r] : undefined);
    if (v === undefined) return 0;
    const n = quantityValue(v);
    if (n === undefined) throw new Error(`invalid ${r} quantity ${JSON.stringify(v)}`);
    return n;
  };
  let cpu: number;
  let memBytes: number;
  try {
    const inits = arr(spec.initContainers);
    const apps = arr(spec.containers);
    // Sidecars (init containers with restartPolicy Always) run for the pod's whole life.
    const sidecars = inits.filter((c) => c.restartPolicy === 'Always');
    const longRunning = [...apps, ...sidecars];
    const sum = (r: 'cpu' | 'memory'): number => longRunning.reduce((s, c) => s + want(c, r), 0);
    const maxInit = (r: 'cpu' | 'memory'): number =>
      inits.filter((c) => c.restartPolicy !== 'Always').reduce((m, c) => Math.max(m, want(c, r)), 0);
    cpu = Math.max(sum('cpu'), maxInit('cpu'));
    memBytes = Math.max(sum('memory'), maxInit('memory'));
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const memGb = (memBytes + 256 * 2 ** 20) / 2 ** 30;
  for (const row of TABLE) {
    if (row.vcpu + 1e-9 < cpu) continue;
    const m = row.memory.find((x) => x + 1e-9 >= memGb);
    if (m === undefined) continue;
    return { ok: true, vcpu: row.vcpu, memoryGb: m, annotation: `${row.vcpu}vCPU ${m}GB` };
  }
  return {
    ok: false,
    reason: `${+cpu.toFixed(3)} vCPU and ${+memGb.toFixed(2)} GB (with 256 MB for Kubernetes components) exceed the largest Fargate configuration, 16 vCPU 120 GB`,
  };
}

/** The fargate-scheduler's event message for a rejected pod. */
export function rejectionMessage(reasons: readonly string[]): string {
  return `Pod not supported on Fargate: ${reasons.join(', ')}`;
}
