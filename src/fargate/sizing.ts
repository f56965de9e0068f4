/**
 * Fargate pod and task sizing: which vCPU/memory configuration a pod (EKS) or task (ECS) is
 * provisioned and billed at. Rules from the Amazon EKS user guide, "Fargate Pod configuration":
 *
 * - the init request is the largest request of any init container; the long-running request is the
 *   sum of all long-running containers; the larger of the two is the pod's request (per dimension);
 * - Fargate adds 256 MB to the memory for the Kubernetes components (kubelet, kube-proxy, containerd);
 * - the result rounds up to the first configuration of the table below that holds both;
 * - a pod with no requests at all gets the smallest configuration, 0.25 vCPU and 0.5 GB.
 */
import { parseCpuQuantity, parseMemoryQuantity, parseStorageQuantityGiB } from './quantity.js';

/** Requests of one container (Fargate: requests = limits); 0 = unset. */
export interface ContainerResources {
  cpuMillis: number;
  memoryMiB: number;
}

export interface PodResourcesInput {
  /** Long-running app containers. */
  containers: ContainerResources[];
  /** Classic init containers (run one at a time, before the app containers). */
  initContainers: ContainerResources[];
  /** Init containers with `restartPolicy: Always` (long-running, so they add to the app sum). */
  sidecars?: ContainerResources[];
  /** Requested ephemeral storage in GiB; Fargate gives 20 GiB when unset. */
  ephemeralStorageGiB?: number;
}

export interface FargatePodSize {
  /** max(largest init container, sum of long-running containers), before the 256 MiB overhead. */
  requestedCpuMillis: number;
  requestedMemoryMiB: number;
  /** Provisioned vCPU, from the table. */
  vcpu: number;
  /** Provisioned memory in GB, from the table (includes the 256 MiB overhead). */
  memoryGb: number;
  /** As the `CapacityProvisioned` pod annotation shows it: `0.25vCPU 0.5GB`, `16vCPU 120GB`. */
  capacityProvisioned: string;
  /** Provisioned ephemeral storage in GiB (20 by default, at most 175). */
  ephemeralStorageGiB: number;
  /** False when no configuration is big enough (> 16 vCPU / 120 GB) or the storage exceeds 175 GiB. */
  fits: boolean;
  /** Why it does not fit, with the numbers. */
  reason?: string;
}

/** vCPU/memory combinations available to both EKS Fargate pods and ECS Fargate tasks, smallest first. */
export const FARGATE_CONFIGURATIONS: readonly { vcpu: number; memoryGb: readonly number[] }[] = Object.freeze([
  { vcpu: 0.25, memoryGb: Object.freeze([0.5, 1, 2]) },
  { vcpu: 0.5, memoryGb: range(1, 4, 1) },
  { vcpu: 1, memoryGb: range(2, 8, 1) },
  { vcpu: 2, memoryGb: range(4, 16, 1) },
  { vcpu: 4, memoryGb: range(8, 30, 1) },
  { vcpu: 8, memoryGb: range(16, 60, 4) },
  { vcpu: 16, memoryGb: range(32, 120, 8) },
]);

/** Ephemeral storage of an EKS Fargate pod: 20 GiB included, up to 175 GiB on request. */
export const FARGATE_EPHEMERAL_STORAGE = { defaultGiB: 20, maxGiB: 175 } as const;

/** Memory Fargate adds to every pod for kubelet, kube-proxy and containerd. */
export const FARGATE_MEMORY_OVERHEAD_MIB = 256;

/** MiB in one Fargate "GB": EKS compares memory in binary units. */
const MIB_PER_GB = 1024;

function range(from: number, to: number, step: number): readonly number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return Object.freeze(out);
}

/** Every configuration as a flat list ordered by vCPU then memory (the rounding order). */
const FLAT_CONFIGURATIONS: readonly { vcpu: number; memoryGb: number }[] = FARGATE_CONFIGURATIONS.flatMap((c) =>
  c.memoryGb.map((memoryGb) => ({ vcpu: c.vcpu, memoryGb })),
);

const LARGEST = FLAT_CONFIGURATIONS[FLAT_CONFIGURATIONS.length - 1] as { vcpu: number; memoryGb: number };

/** `0.25vCPU 0.5GB` (no trailing zeros), the `CapacityProvisioned` annotation format. */
export function formatCapacityProvisioned(vcpu: number, memoryGb: number): string {
  return `${String(vcpu)}vCPU ${String(memoryGb)}GB`;
}

/**
 * Reads a `CapacityProvisioned` annotation (`0.25vCPU 0.5GB`, `16vCPU 120GB`) back into numbers,
 * or undefined when it is not in that format (the annotation comes from the cluster, not from us).
 */
export function parseCapacityProvisioned(annotation: string): { vcpu: number; memoryGb: number } | undefined {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*vCPU\s+(\d+(?:\.\d+)?|\.\d+)\s*GB\s*$/.exec(annotation);
  if (!m) return undefined;
  return { vcpu: Number(m[1]), memoryGb: Number(m[2]) };
}

/** Whether vcpu/memoryGb is one of the table's configurations. */
export function isFargateConfiguration(vcpu: number, memoryGb: number): boolean {
  return FLAT_CONFIGURATIONS.some((c) => c.vcpu === vcpu && c.memoryGb === memoryGb);
}

/** First configuration with at least `cpuMillis` and `memoryMiB`, or undefined when none is big enough. */
function smallestConfigurationFor(
  cpuMillis: number,
  memoryMiB: number,
): { vcpu: number; memoryGb: number } | undefined {
  return FLAT_CONFIGURATIONS.find((c) => c.vcpu * 1000 >= cpuMillis && c.memoryGb * MIB_PER_GB >= memoryMiB);
}

function checkResources(list: readonly ContainerResources[], what: string): void {
  list.forEach((c, i) => {
    for (const [k, v] of [
      ['cpuMillis', c.cpuMillis],
      ['memoryMiB', c.memoryMiB],
    ] as const) {
      if (!Number.isFinite(v) || v < 0)
        throw new Error(`${what}[${i}].${k} must be a non-negative number, got ${String(v)}`);
    }
  });
}

function sum(list: readonly ContainerResources[], key: keyof ContainerResources): number {
  return list.reduce((acc, c) => acc + c[key], 0);
}

function max(list: readonly ContainerResources[], key: keyof ContainerResources): number {
  return list.reduce((acc, c) => Math.max(acc, c[key]), 0);
}

function fmtMiB(mib: number): string {
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

/**
 * The Fargate configuration an EKS pod with these requests is provisioned (and billed) at.
 * When nothing fits, `fits` is false, `reason` says why, and vcpu/memoryGb are the largest
 * configuration (16 vCPU 120 GB) so that callers still have numbers to show.
 */
export function fargatePodSize(input: PodResourcesInput): FargatePodSize {
  const sidecars = input.sidecars ?? [];
  checkResources(input.containers, 'containers');
  checkResources(input.initContainers, 'initContainers');
  checkResources(sidecars, 'sidecars');

  const longRunning = [...input.containers, ...sidecars];
  const requestedCpuMillis = Math.max(max(input.initContainers, 'cpuMillis'), sum(longRunning, 'cpuMillis'));
  const requestedMemoryMiB = Math.max(max(input.initContainers, 'memoryMiB'), sum(longRunning, 'memoryMiB'));
  const podMemoryMiB = requestedMemoryMiB + FARGATE_MEMORY_OVERHEAD_MIB;

  const storageRequested = input.ephemeralStorageGiB;
  if (storageRequested !== undefined && (!Number.isFinite(storageRequested) || storageRequested < 0)) {
    throw new Error(`ephemeralStorageGiB must be a non-negative number, got ${String(storageRequested)}`);
  }
  const storageGiB = Math.max(FARGATE_EPHEMERAL_STORAGE.defaultGiB, Math.ceil(storageRequested ?? 0));

  const reasons: string[] = [];
  const config = smallestConfigurationFor(requestedCpuMillis, podMemoryMiB);
  if (!config) {
    reasons.push(
      `pod requests ${requestedCpuMillis}m CPU and ${fmtMiB(requestedMemoryMiB)} memory ` +
        `(${fmtMiB(podMemoryMiB)} with the ${FARGATE_MEMORY_OVERHEAD_MIB} MiB Fargate overhead); ` +
        `the largest Fargate configuration is ${LARGEST.vcpu} vCPU ${LARGEST.memoryGb} GB (${LARGEST.memoryGb * MIB_PER_GB} MiB)`,
    );
  }
  if (storageGiB > FARGATE_EPHEMERAL_STORAGE.maxGiB) {
    reasons.push(
      `pod requests ${storageGiB} GiB of ephemeral storage; Fargate provides at most ${FARGATE_EPHEMERAL_STORAGE.maxGiB} GiB`,
    );
  }
  const chosen = config ?? LARGEST;
  const size: FargatePodSize = {
    requestedCpuMillis,
    requestedMemoryMiB,
    vcpu: chosen.vcpu,
    memoryGb: chosen.memoryGb,
    capacityProvisioned: formatCapacityProvisioned(chosen.vcpu, chosen.memoryGb),
    ephemeralStorageGiB: Math.min(storageGiB, FARGATE_EPHEMERAL_STORAGE.maxGiB),
    fits: reasons.length === 0,
  };
  if (reasons.length > 0) size.reason = reasons.join('; ');
  return size;
}

// ---------------------------------------------------------------------------------------------
// Reading a Kubernetes pod spec

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function containerList(spec: Obj, key: 'containers' | 'initContainers'): Obj[] {
  const v = spec[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Error(`${key}: expected a list, got ${typeof v}`);
  return v.map((c, i) => {
    if (!isObj(c)) throw new Error(`${key}[${i}]: expected an object`);
    return c;
  });
}

function containerLabel(key: string, i: number, c: Obj): string {
  return typeof c.name === 'string' && c.name !== '' ? `${key}[${i}] (${c.name})` : `${key}[${i}]`;
}

/**
 * The effective request of one resource of a container: `requests[name]`, else `limits[name]`
 * (Kubernetes defaults a missing request to the limit), else undefined.
 */
function containerRequest(container: unknown, name: string): { value: unknown; field: string } | undefined {
  if (!isObj(container) || !isObj(container.resources)) return undefined;
  const { requests, limits } = container.resources;
  if (isObj(requests) && requests[name] !== undefined && requests[name] !== null) {
    return { value: requests[name], field: `resources.requests.${name}` };
  }
  if (isObj(limits) && limits[name] !== undefined && limits[name] !== null) {
    return { value: limits[name], field: `resources.limits.${name}` };
  }
  return undefined;
}

function parseFor<T>(c: Obj, label: string, name: string, parse: (q: string | number) => T, unset: T): T {
  const r = containerRequest(c, name);
  if (!r) return unset;
  if (typeof r.value !== 'string' && typeof r.value !== 'number') {
    throw new Error(`${label} ${r.field}: expected a quantity, got ${JSON.stringify(r.value)}`);
  }
  try {
    return parse(r.value);
  } catch (err) {
    throw new Error(`${label} ${r.field}: ${(err as Error).message}`);
  }
}

function readContainer(c: Obj, label: string): ContainerResources & { storageGiB: number | undefined } {
  return {
    cpuMillis: parseFor(c, label, 'cpu', parseCpuQuantity, 0),
    memoryMiB: parseFor(c, label, 'memory', parseMemoryQuantity, 0),
    storageGiB: parseFor<number | undefined>(c, label, 'ephemeral-storage', parseStorageQuantityGiB, undefined),
  };
}

/**
 * Reads the requests (falling back to limits) of a Kubernetes pod spec (plain object, e.g. parsed
 * YAML `spec.template.spec`) into {@link PodResourcesInput}.
 *
 * Init containers with `restartPolicy: Always` are sidecars. As in Kubernetes, a classic init
 * container runs while the sidecars declared before it are already running, so its request here
 * includes theirs. Ephemeral-storage requests of the long-running containers are summed (and, like
 * CPU and memory, raised to the largest init container's when that is bigger); undefined when no
 * container asks for any.
 * @throws Error naming the container and field of an unparsable quantity.
 */
export function podResourcesFromSpec(podSpec: unknown): PodResourcesInput {
  if (!isObj(podSpec))
    throw new Error(`pod spec: expected an object, got ${podSpec === null ? 'null' : typeof podSpec}`);
  const containers: ContainerResources[] = [];
  const initContainers: ContainerResources[] = [];
  const sidecars: ContainerResources[] = [];
  let longRunningStorage: number | undefined;
  let initStorage: number | undefined;
  const addStorage = (acc: number | undefined, v: number | undefined): number | undefined =>
    v === undefined ? acc : (acc ?? 0) + v;

  containerList(podSpec, 'containers').forEach((c, i) => {
    const r = readContainer(c, containerLabel('containers', i, c));
    containers.push({ cpuMillis: r.cpuMillis, memoryMiB: r.memoryMiB });
    longRunningStorage = addStorage(longRunningStorage, r.storageGiB);
  });

  const running = { cpuMillis: 0, memoryMiB: 0, storageGiB: 0 };
  containerList(podSpec, 'initContainers').forEach((c, i) => {
    const r = readContainer(c, containerLabel('initContainers', i, c));
    if (c.restartPolicy === 'Always') {
      sidecars.push({ cpuMillis: r.cpuMillis, memoryMiB: r.memoryMiB });
      longRunningStorage = addStorage(longRunningStorage, r.storageGiB);
      running.cpuMillis += r.cpuMillis;
      running.memoryMiB += r.memoryMiB;
      running.storageGiB += r.storageGiB ?? 0;
    } else {
      initContainers.push({ cpuMillis: r.cpuMillis + running.cpuMillis, memoryMiB: r.memoryMiB + running.memoryMiB });
      if (r.storageGiB !== undefined) initStorage = Math.max(initStorage ?? 0, r.storageGiB + running.storageGiB);
    }
  });

  const out: PodResourcesInput = { containers, initContainers };
  if (sidecars.length > 0) out.sidecars = sidecars;
  if (longRunningStorage !== undefined || initStorage !== undefined) {
    out.ephemeralStorageGiB = Math.max(longRunningStorage ?? 0, initStorage ?? 0);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// ECS Fargate

/**
 * ECS Fargate task size. ECS bills the task-level size, which must be one of the table's
 * combinations. Given task cpu units (1024 = 1 vCPU) and memory MiB, either of which may be missing
 * (pass the container sums instead, or leave it undefined to derive it from the other), returns the
 * smallest valid configuration holding both. `valid` is true only when both were given and are
 * exactly a valid ECS Fargate combination. When nothing is big enough, returns 16 vCPU 120 GB with
 * `valid` false.
 */
export function ecsFargateTaskSize(
  cpuUnits: number | undefined,
  memoryMiB: number | undefined,
): { vcpu: number; memoryGb: number; valid: boolean } {
  for (const [name, v] of [
    ['cpu units', cpuUnits],
    ['memory MiB', memoryMiB],
  ] as const) {
    if (v !== undefined && (!Number.isFinite(v) || v < 0))
      throw new Error(`ECS task ${name} must be a non-negative number, got ${String(v)}`);
  }
  const cpuMillis = ((cpuUnits ?? 0) * 1000) / 1024;
  const config = smallestConfigurationFor(cpuMillis, memoryMiB ?? 0);
  if (!config) return { vcpu: LARGEST.vcpu, memoryGb: LARGEST.memoryGb, valid: false };
  const valid =
    cpuUnits !== undefined &&
    memoryMiB !== undefined &&
    config.vcpu * 1024 === cpuUnits &&
    config.memoryGb * MIB_PER_GB === memoryMiB;
  return { vcpu: config.vcpu, memoryGb: config.memoryGb, valid };
}
