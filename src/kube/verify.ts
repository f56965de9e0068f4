/**
 * After the rollouts are ready: prove the new pods really run on Fargate, at the size their
 * requests call for, and say how long they took to start. One list of ReplicaSets and pods per
 * namespace and one list of Fargate nodes, however many pods there are.
 */
import type { KubeObject } from '../model/kube-object.js';
import type { Finding } from '../findings.js';
import { DEFAULT_RATES, monthlyComputeUsd } from '../fargate/pricing.js';
import { formatCpu, formatMemory } from '../fargate/quantity.js';
import {
  FARGATE_MEMORY_OVERHEAD_MIB,
  fargatePodSize,
  parseCapacityProvisioned,
  podResourcesFromSpec,
} from '../fargate/sizing.js';
import type { FargateRates } from '../fargate/pricing.js';
import type { KubeClient } from './client.js';
import { errorText, rec, str } from './fields.js';
import type { RolloutTarget } from './rollout.js';
import { conditionOf, findNewReplicaSet, isControlledBy } from './rollout-status.js';

/** Node label EKS puts on Fargate nodes. */
const FARGATE_COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';

/** What was checked on one pod. */
interface FargatePodCheck {
  /** `Deployment shop/web`. */
  workload: string;
  namespace: string;
  pod: string;
  node?: string;
  onFargate: boolean;
  /** The `CapacityProvisioned` annotation (what Fargate bills), when present. */
  capacityProvisioned?: string;
  /** The configuration the requests round up to (our sizing rules). */
  expectedCapacity?: string;
  /** max(largest init container, sum of app containers), before the 256 MiB Fargate overhead. */
  requested?: { cpuMillis: number; memoryMiB: number };
  /** Monthly cost of provisioned capacity the requests (+ overhead) do not use. */
  wasteMonthlyUsd: number;
  createdAt?: string;
  /** Seconds from creation to the PodScheduled condition (Fargate capacity provisioning). */
  scheduledAfterSeconds?: number;
  /** Seconds from creation to the Ready condition. */
  readyAfterSeconds?: number;
  problems: string[];
  warnings: string[];
}

/** Result of {@link verifyFargatePods}. */
export interface FargateVerification {
  /** False when a pod is not on Fargate (or not scheduled / not ready). */
  ok: boolean;
  pods: FargatePodCheck[];
  /** Blockers (not on Fargate) and warnings (waste, slow starts, over-provisioning). */
  findings: Finding[];
  /** Sum of {@link FargatePodCheck.wasteMonthlyUsd}. */
  wasteMonthlyUsd: number;
}

/** Options of {@link verifyFargatePods}. */
export interface VerifyOptions {
  log?: (line: string) => void;
  /** Start latency (created → ready) above which a pod is flagged (default 120). */
  slowStartSeconds?: number;
  /** Monthly waste per pod from which a warning is raised (default 1 USD). */
  wasteWarnMonthlyUsd?: number;
  rates?: FargateRates;
}

const PATHS: Record<string, (ns: string) => string> = {
  Deployment: (ns) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/deployments`,
  StatefulSet: (ns) => `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/statefulsets`,
  Job: (ns) => `/apis/batch/v1/namespaces/${encodeURIComponent(ns)}/jobs`,
};

async function listItems(client: KubeClient, path: string, query?: Record<string, string>): Promise<KubeObject[]> {
  const list = await client.request<{ items?: KubeObject[] }>('GET', path, query ? { query } : {});
  return list.items ?? [];
}

function secondsBetween(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, Math.round((b - a) / 1000)) : undefined;
}

/** The pods of each target's current revision (new ReplicaSet, StatefulSet update revision, Job). */
async function newPods(
  client: KubeClient,
  targets: readonly RolloutTarget[],
): Promise<{ workload: string; pod: KubeObject }[]> {
  const out: { workload: string; pod: KubeObject }[] = [];
  const byNs = new Map<string, RolloutTarget[]>();
  for (const t of targets) if (PATHS[t.kind]) byNs.set(t.namespace, [...(byNs.get(t.namespace) ?? []), t]);
  for (const [ns, ts] of byNs) {
    const kinds = new Set(ts.map((t) => t.kind));
    const [pods, rss, ...owners] = await Promise.all([
      listItems(client, `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`),
      kinds.has('Deployment')
        ? listItems(client, `/apis/apps/v1/namespaces/${encodeURIComponent(ns)}/replicasets`)
        : Promise.resolve([]),
      ...[...kinds].map((k) => {
        // Only kinds with a path were grouped above; the check is for the type system.
        const path = PATHS[k];
        return path
          ? listItems(client, path(ns)).then((items) => items.map((i): KubeObject => ({ ...i, kind: k })))
          : Promise.resolve([]);
      }),
    ]);
    const objects = owners.flat();
    for (const t of ts) {
      const obj = objects.find((o) => o.kind === t.kind && o.metadata.name === t.name);
      const workload = `${t.kind} ${ns}/${t.name}`;
      if (!obj) continue;
      let owner: string | undefined;
      let revision: string | undefined;
      if (t.kind === 'Deployment') owner = str(findNewReplicaSet(obj, rss)?.metadata['uid']);
      else owner = str(obj.metadata['uid']);
      if (t.kind === 'StatefulSet') revision = str(rec(obj['status'])['updateRevision']);
      if (!owner) continue;
      for (const pod of pods) {
        if (!isControlledBy(pod, owner) || pod.metadata['deletionTimestamp']) continue;
        if (revision !== undefined && pod.metadata.labels?.['controller-revision-hash'] !== revision) continue;
        out.push({ workload, pod });
      }
    }
  }
  return out.sort(
    (a, b) => a.workload.localeCompare(b.workload) || a.pod.metadata.name.localeCompare(b.pod.metadata.name),
  );
}

/**
 * Checks the new pods of `targets` (Deployments, StatefulSets, Jobs; other kinds have no pods):
 * each must run on a node labelled `eks.amazonaws.com/compute-type=fargate`; its
 * `CapacityProvisioned` is compared with what its requests need (warning with the monthly cost
 * of the unused part); its start latency created → scheduled → ready is measured and flagged
 * above `slowStartSeconds`.
 */
export async function verifyFargatePods(
  client: KubeClient,
  targets: readonly RolloutTarget[],
  options: VerifyOptions = {},
): Promise<FargateVerification> {
  const log = options.log ?? (() => undefined);
  const limits: PodLimits = {
    slowStartSeconds: options.slowStartSeconds ?? 120,
    wasteWarnMonthlyUsd: options.wasteWarnMonthlyUsd ?? 1,
    rates: options.rates ?? DEFAULT_RATES,
  };
  const pods = await newPods(client, targets);
  const fargateNodes = new Set(
    (await listItems(client, '/api/v1/nodes', { labelSelector: `${FARGATE_COMPUTE_TYPE_LABEL}=fargate` })).map(
      (n) => n.metadata.name,
    ),
  );
  const checks: FargatePodCheck[] = [];
  const findings: Finding[] = [];
  for (const { workload, pod } of pods) {
    const check = checkPod(pod, workload, fargateNodes, limits, findings);
    log(podLine(check));
    checks.push(check);
  }
  const waste = Math.round(checks.reduce((n, c) => n + c.wasteMonthlyUsd, 0) * 100) / 100;
  if (checks.length > 0) {
    const onFargate = checks.filter((c) => c.onFargate).length;
    log(
      `verified ${checks.length} new pods: ${onFargate} on Fargate${waste > 0 ? `, $${waste.toFixed(2)}/month of provisioned capacity unused` : ''}`,
    );
  }
  return { ok: checks.every((c) => c.problems.length === 0), pods: checks, findings, wasteMonthlyUsd: waste };
}

/** The thresholds a pod is held to. */
interface PodLimits {
  slowStartSeconds: number;
  wasteWarnMonthlyUsd: number;
  rates: FargateRates;
}

/** Records a pod's problems and warnings on its check and as findings. */
interface PodReport {
  blocker: (code: string, message: string) => void;
  warning: (code: string, message: string) => void;
}

/** One new pod: on a Fargate node, billed at the size its requests need, started in time. */
function checkPod(
  pod: KubeObject,
  workload: string,
  fargateNodes: ReadonlySet<string>,
  limits: PodLimits,
  findings: Finding[],
): FargatePodCheck {
  const name = pod.metadata.name;
  const node = str(rec(pod['spec'])['nodeName']);
  const check: FargatePodCheck = {
    workload,
    namespace: pod.metadata.namespace ?? '',
    pod: name,
    onFargate: false,
    wasteMonthlyUsd: 0,
    problems: [],
    warnings: [],
    ...(node ? { node } : {}),
  };
  const created = str(pod.metadata['creationTimestamp']);
  if (created) check.createdAt = created;
  const report: PodReport = {
    blocker: (code, message) => {
      check.problems.push(message);
      findings.push({ severity: 'blocker', code, message: `${name}: ${message}`, workload });
    },
    warning: (code, message) => {
      check.warnings.push(message);
      findings.push({ severity: 'warning', code, message: `${name}: ${message}`, workload });
    },
  };
  if (!node)
    report.blocker(
      'pod-not-scheduled',
      `not scheduled on any node (${conditionOf(pod, 'PodScheduled')?.message ?? 'no PodScheduled condition'})`,
    );
  else if (!fargateNodes.has(node))
    report.blocker(
      'pod-not-on-fargate',
      `runs on node ${node}, which is not a Fargate node (no label ${FARGATE_COMPUTE_TYPE_LABEL}=fargate)`,
    );
  else check.onFargate = true;
  checkCapacity(pod, check, limits, report);
  checkStart(pod, check, limits, report);
  return check;
}

/** The capacity Fargate provisioned against what the pod's requests need, and the monthly cost of the difference. */
function checkCapacity(pod: KubeObject, check: FargatePodCheck, limits: PodLimits, report: PodReport): void {
  try {
    const resources = podResourcesFromSpec(rec(pod['spec']));
    const size = fargatePodSize(resources);
    const requestsSet = [...resources.containers, ...resources.initContainers, ...(resources.sidecars ?? [])].some(
      (c) => c.cpuMillis > 0 || c.memoryMiB > 0,
    );
    check.requested = { cpuMillis: size.requestedCpuMillis, memoryMiB: size.requestedMemoryMiB };
    check.expectedCapacity = size.capacityProvisioned;
    const annotation = pod.metadata.annotations?.['CapacityProvisioned'];
    if (annotation !== undefined) check.capacityProvisioned = annotation;
    const provisioned = annotation !== undefined ? parseCapacityProvisioned(annotation) : undefined;
    if (check.onFargate && annotation === undefined)
      report.warning('capacity-unknown', 'has no CapacityProvisioned annotation; the billed size cannot be checked');
    else if (annotation !== undefined && !provisioned)
      report.warning(
        'capacity-unknown',
        `CapacityProvisioned ${JSON.stringify(annotation)} is not in the "<n>vCPU <n>GB" format`,
      );
    if (!provisioned) return;
    const needCpu = size.requestedCpuMillis / 1000;
    const needGb = (size.requestedMemoryMiB + FARGATE_MEMORY_OVERHEAD_MIB) / 1024;
    const unused = {
      vcpu: Math.max(0, provisioned.vcpu - needCpu),
      memoryGb: Math.max(0, provisioned.memoryGb - needGb),
    };
    check.wasteMonthlyUsd = requestsSet ? monthlyComputeUsd(unused, 1, limits.rates) : 0;
    if (provisioned.vcpu > size.vcpu || provisioned.memoryGb > size.memoryGb) {
      report.warning(
        'capacity-over-provisioned',
        `Fargate provisioned ${annotation}, above the ${size.capacityProvisioned} its requests (${formatCpu(size.requestedCpuMillis)} CPU, ${formatMemory(size.requestedMemoryMiB)} + ${FARGATE_MEMORY_OVERHEAD_MIB}Mi overhead) need: $${check.wasteMonthlyUsd.toFixed(2)}/month unused`,
      );
    } else if (requestsSet && check.wasteMonthlyUsd >= limits.wasteWarnMonthlyUsd) {
      report.warning(
        'capacity-waste',
        `requests ${formatCpu(size.requestedCpuMillis)} CPU and ${formatMemory(size.requestedMemoryMiB)} (+ ${FARGATE_MEMORY_OVERHEAD_MIB}Mi overhead) round up to ${annotation}: ${unused.vcpu.toFixed(2)} vCPU and ${unused.memoryGb.toFixed(2)} GB unused, $${check.wasteMonthlyUsd.toFixed(2)}/month per pod (requests up to ${annotation} cost nothing more)`,
      );
    }
  } catch (err) {
    report.warning('capacity-unknown', `requests cannot be read: ${errorText(err)}`);
  }
}

/** Start latency (created → scheduled → ready), and readiness itself. */
function checkStart(pod: KubeObject, check: FargatePodCheck, limits: PodLimits, report: PodReport): void {
  const scheduled = conditionOf(pod, 'PodScheduled');
  const ready = conditionOf(pod, 'Ready');
  if (scheduled?.status === 'True') {
    const s = secondsBetween(check.createdAt, scheduled.lastTransitionTime);
    if (s !== undefined) check.scheduledAfterSeconds = s;
  }
  if (ready?.status === 'True') {
    const s = secondsBetween(check.createdAt, ready.lastTransitionTime);
    if (s !== undefined) check.readyAfterSeconds = s;
  } else if (check.node && rec(pod['status'])['phase'] !== 'Succeeded') {
    // A pod that ran to completion (a Job's) is done, not unready.
    report.blocker('pod-not-ready', `is not ready (${ready?.message ?? ready?.reason ?? 'no Ready condition'})`);
  }
  if (check.readyAfterSeconds !== undefined && check.readyAfterSeconds > limits.slowStartSeconds) {
    report.warning(
      'slow-pod-start',
      `took ${check.readyAfterSeconds}s from creation to ready (scheduled after ${check.scheduledAfterSeconds ?? '?'}s), above ${limits.slowStartSeconds}s`,
    );
  }
}

/** One log line per pod: where it runs, its size, its start latency, what is wrong. */
function podLine(check: FargatePodCheck): string {
  const { node } = check;
  const latency = `scheduled +${check.scheduledAfterSeconds ?? '?'}s, ready +${check.readyAfterSeconds ?? '?'}s`;
  const size = check.capacityProvisioned
    ? `${check.capacityProvisioned}${check.expectedCapacity && check.expectedCapacity !== check.capacityProvisioned ? ` (requests need ${check.expectedCapacity})` : ''}`
    : 'capacity unknown';
  const flags = [...check.problems, ...check.warnings];
  return `${check.pod}: ${check.onFargate ? `on Fargate node ${node ?? ''}` : node ? `NOT on Fargate (node ${node})` : 'not scheduled'}, ${size}, ${latency}${flags.length ? ` — ${flags.join('; ')}` : ''}`;
}
