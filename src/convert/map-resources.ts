import type { EcsContainer, EcsTaskDefinition } from '../ecs/model.js';
import {
  fargatePodSize,
  ecsFargateTaskSize,
  FARGATE_EPHEMERAL_STORAGE,
  type FargatePodSize,
} from '../fargate/sizing.js';
import { formatCpu, formatMemory } from '../fargate/quantity.js';
import { monthlyComputeUsd } from '../fargate/pricing.js';
import type { Container, WorkloadScope } from './scope.js';

/** How a container's requests and limits were reached. */
export interface ContainerSize {
  /** CPU request in millicores; never a limit (an ECS `cpu` is a relative weight). */
  cpuMillis: number;
  /** Memory request in MiB (the soft floor, plus its share of the task size). */
  memoryMiB: number;
  /** Memory limit in MiB: ECS `memory` (the hard cap), raised only when the task size needs it. */
  memoryLimitMiB?: number;
  /** What the container declared itself (CPU from its weight, memory from reservation/hard cap). */
  declaredCpuMillis: number;
  declaredMemoryMiB: number;
  /** Taken from the task-level size beyond what the containers declared. */
  cpuFromTaskMillis: number;
  memoryFromTaskMiB: number;
  /** The ECS hard cap was below the request the task size gave this container. */
  limitRaisedFromMiB?: number;
}

export interface TaskSizing {
  containers: ContainerSize[];
  /** Names of the containers that received the task's remainder. */
  remainderTo: string[];
  /** No size anywhere (container or task). */
  unsized: boolean;
}

const unitsToMillis = (units: number): number => Math.round((units * 1000) / 1024);

/**
 * Container requests and limits from ECS sizes. ECS gives a task-level `cpu`/`memory` to the task
 * as a whole, so the pod must get at least that: what the long-running containers declare is their
 * floor (CPU from the `cpu` weight, memory from `memoryReservation`, else `memory`), and the rest of
 * the task size is spread evenly over the essential long-running containers (all long-running ones
 * when none is essential), for memory preferring those without a hard `memory` cap. Init containers
 * run alone before the others: one without a size gets the whole task size (it never raises the pod,
 * which is max(init, sum of the rest)).
 *
 * No CPU limit is ever produced: an ECS `cpu` is CPU shares, not a cap. Memory limits come only from
 * ECS `memory` (the hard cap); a cap below the request it must now carry is raised to the request.
 */
export function planContainerSizes(
  defs: readonly EcsContainer[],
  taskCpu: number | undefined,
  taskMemory: number | undefined,
  isInit: (c: EcsContainer) => boolean = () => false,
): TaskSizing {
  const rows = defs.map((def) => ({ def, init: isInit(def), size: declaredSize(def) }));
  type Row = (typeof rows)[number];
  const long = rows.filter((r) => !r.init);
  const essential = long.filter((r) => r.def.essential !== false);
  const recipients = essential.length > 0 ? essential : long;
  const remainderTo = new Set<Row>();

  const taskCpuMillis = taskCpu !== undefined ? Math.ceil((taskCpu * 1000) / 1024) : undefined;
  const cpuUsed = long.reduce((sum, r) => sum + r.size.cpuMillis, 0);
  if (taskCpuMillis !== undefined && taskCpuMillis > cpuUsed && recipients.length > 0) {
    share(taskCpuMillis - cpuUsed, recipients).forEach(([r, v]) => {
      r.size.cpuMillis += v;
      r.size.cpuFromTaskMillis += v;
      if (v > 0) remainderTo.add(r);
    });
  }
  const memUsed = long.reduce((sum, r) => sum + r.size.memoryMiB, 0);
  if (taskMemory !== undefined && taskMemory > memUsed && recipients.length > 0) {
    const uncapped = recipients.filter((r) => r.size.memoryLimitMiB === undefined);
    share(taskMemory - memUsed, uncapped.length > 0 ? uncapped : recipients).forEach(([r, v]) => {
      const s = r.size;
      s.memoryMiB += v;
      s.memoryFromTaskMiB += v;
      if (v > 0) remainderTo.add(r);
      if (s.memoryLimitMiB !== undefined && s.memoryLimitMiB < s.memoryMiB) {
        s.limitRaisedFromMiB = s.memoryLimitMiB;
        s.memoryLimitMiB = s.memoryMiB;
      }
    });
  }
  for (const { init, size: s } of rows) {
    if (!init) continue;
    if (s.cpuMillis === 0 && taskCpuMillis !== undefined) s.cpuMillis = s.cpuFromTaskMillis = taskCpuMillis;
    if (s.memoryMiB === 0 && taskMemory !== undefined) s.memoryMiB = s.memoryFromTaskMiB = taskMemory;
  }
  const sizes = rows.map((r) => r.size);
  const unsized = sizes.every((s) => s.cpuMillis === 0 && s.memoryMiB === 0);
  return { containers: sizes, remainderTo: rows.filter((r) => remainderTo.has(r)).map((r) => r.def.name), unsized };
}

/** What a container declares itself, before the task size is shared out. */
function declaredSize(c: EcsContainer): ContainerSize {
  const cpu = c.cpu !== undefined && c.cpu > 0 ? unitsToMillis(c.cpu) : 0;
  const mem = c.memoryReservation ?? c.memory ?? 0;
  const s: ContainerSize = {
    cpuMillis: cpu,
    memoryMiB: mem,
    declaredCpuMillis: cpu,
    declaredMemoryMiB: mem,
    cpuFromTaskMillis: 0,
    memoryFromTaskMiB: 0,
  };
  if (c.memory !== undefined) s.memoryLimitMiB = c.memory;
  return s;
}

/** `total` split evenly over `to`; the first gets what does not divide. */
function share<T>(total: number, to: readonly T[]): [T, number][] {
  const each = Math.floor(total / to.length);
  return to.map((x, n) => [x, each + (n === 0 ? total - each * to.length : 0)]);
}

/** Kubernetes `resources` of one container, and the mapping row saying what became what. */
export function mapContainerResources(
  scope: WorkloadScope,
  c: EcsContainer,
  at: string,
  k: Container,
  size: ContainerSize,
  ephemeralGiB: number | undefined,
): void {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (size.cpuMillis > 0) requests['cpu'] = formatCpu(size.cpuMillis);
  if (size.memoryMiB > 0) requests['memory'] = formatMemory(size.memoryMiB);
  if (size.memoryLimitMiB !== undefined && size.memoryLimitMiB > 0)
    limits['memory'] = formatMemory(size.memoryLimitMiB);
  if (ephemeralGiB !== undefined) requests['ephemeral-storage'] = limits['ephemeral-storage'] = `${ephemeralGiB}Gi`;
  const to = `Deployment/${scope.name} container ${k.name} resources`;
  if (Object.keys(requests).length > 0)
    k['resources'] = Object.keys(limits).length > 0 ? { requests, limits } : { requests };
  const said: string[] = [];
  if (c.cpu !== undefined) {
    scope.mapped(`${at}.cpu`, `${to}.requests.cpu`);
    said.push(
      `cpu ${c.cpu} (a weight) → requests.cpu ${formatCpu(size.cpuMillis)}${size.cpuFromTaskMillis > 0 ? ` (${formatCpu(size.cpuFromTaskMillis)} of it from the task size)` : ''}, no CPU limit`,
    );
  } else if (size.cpuMillis > 0) {
    said.push(`task cpu → requests.cpu ${formatCpu(size.cpuMillis)}, no CPU limit`);
  }
  if (c.memoryReservation !== undefined) {
    scope.mapped(`${at}.memoryReservation`, `${to}.requests.memory`);
    said.push(`memoryReservation ${c.memoryReservation} MiB (soft) → requests.memory ${formatMemory(size.memoryMiB)}`);
  }
  if (c.memory !== undefined) {
    scope.mapped(`${at}.memory`, `${to}.limits.memory`);
    said.push(
      `memory ${c.memory} MiB (hard) → limits.memory ${formatMemory(size.memoryLimitMiB ?? c.memory)}` +
        (size.limitRaisedFromMiB !== undefined
          ? ' (raised: the task size gives this container more than its hard cap)'
          : '') +
        (c.memoryReservation === undefined ? `, requests.memory ${formatMemory(size.memoryMiB)}` : ''),
    );
  } else if (c.memoryReservation === undefined && size.memoryMiB > 0) {
    said.push(`task memory → requests.memory ${formatMemory(size.memoryMiB)}, no memory limit`);
  }
  if (said.length > 0) scope.row(`${at} (${c.name}) size`, `container ${k.name}: ${said.join('; ')}`);
}

/** Pod size, ECS size and cost, and the size findings of one workload. */
export function mapPodSizing(
  scope: WorkloadScope,
  td: EcsTaskDefinition,
  sizing: TaskSizing,
  groups: { apps: ContainerSize[]; init: ContainerSize[]; sidecars: ContainerSize[] },
  ephemeralGiB: number,
  replicas: number,
): { podSize: FargatePodSize; ecsSize: { vcpu: number; memoryGb: number }; ecsMonthly: number; eksMonthly: number } {
  const { options } = scope;
  const req = (s: ContainerSize): { cpuMillis: number; memoryMiB: number } => ({
    cpuMillis: s.cpuMillis,
    memoryMiB: s.memoryMiB,
  });
  const podSize = fargatePodSize({
    containers: groups.apps.map(req),
    initContainers: groups.init.map(req),
    sidecars: groups.sidecars.map(req),
    // Storage above the maximum is already its own ephemeral-storage blocker; do not report it twice as too-large.
    ephemeralStorageGiB: Math.min(ephemeralGiB, FARGATE_EPHEMERAL_STORAGE.maxGiB),
  });
  sizeFindings(scope, td, sizing, podSize);
  const ecsSize = ecsTaskSize(td);
  const storage = td.ephemeralStorage?.sizeInGiB ?? FARGATE_EPHEMERAL_STORAGE.defaultGiB;
  const ecsMonthly = monthlyComputeUsd(
    { vcpu: ecsSize.vcpu, memoryGb: ecsSize.memoryGb, ephemeralStorageGiB: storage },
    replicas,
    options.rates,
  );
  const eksMonthly = monthlyComputeUsd(
    { vcpu: podSize.vcpu, memoryGb: podSize.memoryGb, ephemeralStorageGiB: podSize.ephemeralStorageGiB },
    replicas,
    options.rates,
  );
  if (podSize.fits && (podSize.vcpu > ecsSize.vcpu || podSize.memoryGb > ecsSize.memoryGb)) {
    const overheadOnly =
      podSize.requestedMemoryMiB <= ecsSize.memoryGb * 1024 && podSize.requestedCpuMillis <= ecsSize.vcpu * 1000;
    scope.add(
      'warning',
      'fargate-size-up',
      `ECS runs ${fmtSize(ecsSize.vcpu, ecsSize.memoryGb)}; EKS Fargate provisions ${podSize.capacityProvisioned}${overheadOnly ? ' because it adds 256 MB per pod for kubelet/kube-proxy/containerd' : ''} (+${fmtUsd(eksMonthly - ecsMonthly)}/month for ${replicas} replica${replicas === 1 ? '' : 's'})${overheadOnly ? `; to stay at ${fmtSize(ecsSize.vcpu, ecsSize.memoryGb)}, lower the containers' memory by ${Math.ceil(podSize.requestedMemoryMiB + 256 - ecsSize.memoryGb * 1024)} MiB in total` : ''}`,
      'memory',
    );
  }
  rightSizing(scope, sizing, groups, podSize, replicas);
  return { podSize, ecsSize, ecsMonthly, eksMonthly };
}

/** Where the task size went, and a pod that does not fit or has no size at all. */
function sizeFindings(scope: WorkloadScope, td: EcsTaskDefinition, sizing: TaskSizing, podSize: FargatePodSize): void {
  if (td.cpu !== undefined)
    scope.mapped(
      'cpu',
      `Deployment/${scope.name} containers resources.requests.cpu (spread over ${sizing.remainderTo.join(', ') || 'the containers'})`,
    );
  if (td.memory !== undefined)
    scope.mapped(
      'memory',
      `Deployment/${scope.name} containers resources.requests.memory (spread over ${sizing.remainderTo.join(', ') || 'the containers'})`,
    );
  if (sizing.remainderTo.length > 0) {
    scope.add(
      'info',
      'task-size-spread',
      `the task's ${td.cpu ?? 0} CPU units / ${td.memory ?? 0} MiB go to the containers as ECS gives them: what the containers declare is their floor, the rest goes to ${sizing.remainderTo.join(', ')} (essential containers) as requests`,
      'cpu',
    );
  }
  if (!podSize.fits) {
    scope.blocked = true;
    scope.add(
      'blocker',
      'too-large',
      `the pod does not fit on Fargate: ${podSize.reason ?? 'larger than 16 vCPU / 120 GB'}`,
      'cpu',
    );
  }
  if (sizing.unsized) {
    scope.add(
      'warning',
      'no-size',
      'no cpu or memory at container or task level: Fargate runs the pod at 0.25 vCPU / 0.5 GB; set requests',
      'cpu',
    );
  }
}

/** The Fargate task size ECS ran: the task's own, else the sum of what the containers declare. */
function ecsTaskSize(td: EcsTaskDefinition): ReturnType<typeof ecsFargateTaskSize> {
  const defs = td.containerDefinitions;
  const sumCpu = defs.reduce((s, c) => s + (c.cpu ?? 0), 0);
  const sumMem = defs.reduce((s, c) => s + (c.memory ?? c.memoryReservation ?? 0), 0);
  return ecsFargateTaskSize(
    td.cpu ?? (sumCpu > 0 ? sumCpu : undefined),
    td.memory ?? (sumMem > 0 ? sumMem : undefined),
  );
}

/**
 * A separate, explicit suggestion when the containers declare less than the task size: the plan
 * keeps the task size (what ECS ran), and says what a pod sized to the declarations would cost.
 */
function rightSizing(
  scope: WorkloadScope,
  sizing: TaskSizing,
  groups: { apps: ContainerSize[]; init: ContainerSize[]; sidecars: ContainerSize[] },
  podSize: FargatePodSize,
  replicas: number,
): void {
  if (sizing.remainderTo.length === 0) return;
  const declared = (s: ContainerSize): { cpuMillis: number; memoryMiB: number } => ({
    cpuMillis: s.declaredCpuMillis,
    memoryMiB: s.declaredMemoryMiB,
  });
  // Only when every long-running container declares a size of its own is there a smaller pod to suggest.
  const long = [...groups.apps, ...groups.sidecars];
  if (long.some((s) => s.declaredMemoryMiB === 0)) return;
  const small = fargatePodSize({
    containers: groups.apps.map(declared),
    initContainers: groups.init.map(declared),
    sidecars: groups.sidecars.map(declared),
    ephemeralStorageGiB: podSize.ephemeralStorageGiB,
  });
  if (!small.fits || (small.vcpu === podSize.vcpu && small.memoryGb === podSize.memoryGb)) return;
  const rates = scope.options.rates;
  const saving =
    monthlyComputeUsd(
      { vcpu: podSize.vcpu, memoryGb: podSize.memoryGb, ephemeralStorageGiB: podSize.ephemeralStorageGiB },
      replicas,
      rates,
    ) -
    monthlyComputeUsd(
      { vcpu: small.vcpu, memoryGb: small.memoryGb, ephemeralStorageGiB: small.ephemeralStorageGiB },
      replicas,
      rates,
    );
  scope.add(
    'info',
    'right-size',
    `right-sizing suggestion (not applied): the containers declare ${formatCpu(small.requestedCpuMillis)} CPU / ${formatMemory(small.requestedMemoryMiB)} of the task's size; a pod sized to that would run at ${small.capacityProvisioned} instead of ${podSize.capacityProvisioned} (${fmtUsd(saving)}/month less for ${replicas} replica${replicas === 1 ? '' : 's'}) — lower the task size only if measured usage fits`,
  );
}

function fmtSize(vcpu: number, gb: number): string {
  return `${vcpu}vCPU ${gb}GB`;
}

function fmtUsd(n: number): string {
  return `$${n.toFixed(2)}`;
}
