/**
 * HorizontalPodAutoscaler controller for `autoscaling/v2` and `autoscaling/v1` objects (the same
 * resource; each is read and written back in the shape it was stored in). Every 15 s (simulated,
 * the controller's sync period) it reads the target's pods from the emulated metrics API
 * (metrics.ts: CPU from each image's utilization), computes the average utilization of the ready
 * pods against their requests, and scales the target through its `/scale` subresource to
 * `ceil(replicas × utilization / target)` when that is more than 10 % off (the tolerance), within
 * `minReplicas`…`maxReplicas`; scale-down uses the largest recommendation of the last 300 s
 * (`behavior.scaleDown.stabilizationWindowSeconds`). Events and conditions are the controller's:
 * `SuccessfulRescale`, `FailedGetScale`, `FailedGetResourceMetric` (a container without a CPU
 * request), `AbleToScale`, `ScalingActive`, `ScalingLimited`. Resource metrics (cpu, memory) only.
 */
import { defined, nameOf, uidOf, jsonEqual, type KubeObject } from '../object.js';
import type { ResourceType } from '../registry.js';
import { quantityValue } from '../fargate-rules.js';
import { podUsage } from '../metrics.js';
import { labelSelectorMatcher, type LabelSelectorSpec } from '../selectors.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import { getCondition, podReady, setCondition, type Condition } from './util.js';

const SYNC_MS = 15_000;
const TOLERANCE = 0.1;

interface ResourceMetric {
  type?: string;
  resource?: { name?: string; target?: { type?: string; averageUtilization?: number; averageValue?: string } };
}
interface HpaSpec {
  scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
  minReplicas?: number;
  maxReplicas?: number;
  targetCPUUtilizationPercentage?: number;
  metrics?: ResourceMetric[];
  behavior?: { scaleDown?: { stabilizationWindowSeconds?: number }; scaleUp?: { stabilizationWindowSeconds?: number } };
}

const TARGET_KINDS: Record<string, [string, string]> = {
  Deployment: ['apps', 'deployments'],
  StatefulSet: ['apps', 'statefulsets'],
  ReplicaSet: ['apps', 'replicasets'],
};

const DEFAULT_METRIC: ResourceMetric = {
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
};

type PodContainers = Array<{
  name?: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}>;

/** What one resource metric says over the ready pods. */
type MetricReading =
  | { kind: 'failed'; message: string }
  | { kind: 'none' }
  | { kind: 'read'; proposal: number; current: Record<string, unknown>; utilization: number; resource: string };

/**
 * Reads one resource metric over the ready pods: the usage against the requests (a container
 * without a request fails the metric), and the replica count it proposes (the current count
 * within the tolerance).
 */
function readMetric(
  images: ControllerDeps['config']['images'],
  m: ResourceMetric,
  ready: KubeObject[],
  currentReplicas: number,
): MetricReading {
  const resource = m.resource?.name;
  if (m.type !== 'Resource' || (resource !== 'cpu' && resource !== 'memory')) return { kind: 'none' };
  let used = 0;
  let requested = 0;
  let missing: string | undefined;
  for (const p of ready) {
    const usage = podUsage(images, p);
    if (!usage) continue;
    const specs = (p.spec as { containers?: PodContainers }).containers ?? [];
    for (const c of usage) {
      const r = specs.find((x) => x.name === c.name)?.resources;
      const req = quantityValue(r?.requests?.[resource]) ?? quantityValue(r?.limits?.[resource]);
      if (req === undefined)
        missing ??= `missing request for ${resource} in container "${c.name}" of Pod "${p.metadata.name}"`;
      used += resource === 'cpu' ? c.cpu : c.memory;
      requested += req ?? 0;
    }
  }
  if (missing) return { kind: 'failed', message: `failed to get ${resource} utilization: ${missing}` };
  if (ready.length === 0 || requested === 0) return { kind: 'none' };
  const t = m.resource?.target;
  const utilization = Math.round((used / requested) * 100);
  const averageValue =
    resource === 'cpu' ? `${Math.round((used / ready.length) * 1000)}m` : `${Math.round(used / ready.length)}`;
  let ratio: number | undefined;
  if (t?.type === 'Utilization' && t.averageUtilization) ratio = utilization / t.averageUtilization;
  else if (t?.type === 'AverageValue') {
    const target = quantityValue(t.averageValue);
    if (target) ratio = used / ready.length / target;
  }
  return {
    kind: 'read',
    resource,
    utilization,
    current: {
      type: 'Resource',
      resource: {
        name: resource,
        current: { averageValue, ...(t?.type === 'Utilization' ? { averageUtilization: utilization } : {}) },
      },
    },
    proposal:
      ratio !== undefined && Math.abs(ratio - 1) > TOLERANCE ? Math.ceil(ready.length * ratio) : currentReplicas,
  };
}

/** All metrics read: the proposals, the status' currentMetrics, the CPU utilization, or the last failure. */
function readMetrics(
  images: ControllerDeps['config']['images'],
  metrics: ResourceMetric[],
  ready: KubeObject[],
  currentReplicas: number,
): { perMetric: number[]; currentMetrics: Array<Record<string, unknown>>; cpu?: number; failed?: string } {
  const out: ReturnType<typeof readMetrics> = { perMetric: [], currentMetrics: [] };
  for (const m of metrics) {
    const r = readMetric(images, m, ready, currentReplicas);
    if (r.kind === 'failed') out.failed = r.message;
    if (r.kind !== 'read') continue;
    if (r.resource === 'cpu') out.cpu = r.utilization;
    out.currentMetrics.push(r.current);
    out.perMetric.push(r.proposal);
  }
  return out;
}

/** The HPA's own state, kept between syncs. */
interface HpaContext {
  deps: ControllerDeps;
  hpaType: ResourceType;
  podType: ResourceType;
  /** HPA UID → recent recommendations (real ms, replicas) for the scale-down window. */
  recommendations: Map<string, Array<{ at: number; replicas: number }>>;
}

/** One sync of one HPA: its conditions as they change, and how its status is written back. */
class HpaRound {
  readonly spec: HpaSpec;
  readonly v1: boolean;
  readonly prev: { conditions?: Condition[]; lastScaleTime?: string; currentReplicas?: number };
  readonly now: string;
  conditions: Condition[] | undefined;

  constructor(
    readonly k: HpaContext,
    readonly hpa: KubeObject,
    readonly namespace: string | undefined,
    readonly name: string,
  ) {
    this.spec = hpa.spec ?? {};
    this.v1 = hpa.apiVersion === 'autoscaling/v1';
    this.prev = hpa.status ?? {};
    this.now = k.deps.clock.timestamp();
    this.conditions = this.prev.conditions;
  }

  cond(type: string, status: 'True' | 'False', reason: string, message: string): void {
    this.conditions = setCondition(this.conditions, { type, status, reason, message }, this.now);
  }

  /** A warning event, unless the condition it goes with already says the same. */
  warnOnce(reason: string, message: string): void {
    const c = getCondition(this.conditions, reason === 'FailedGetScale' ? 'AbleToScale' : 'ScalingActive');
    if (c?.message !== message)
      this.k.deps.events.record('horizontal-pod-autoscaler', this.hpa, 'Warning', reason, message);
  }

  /** Writes the status (with the conditions, except in v1) when more than condition times changed. */
  write(status: Record<string, unknown>): void {
    const { api, store } = this.k.deps;
    // Written back through the version it was stored in (the API checks apiVersion against the URL's).
    const ownType =
      api.registry.byResource('autoscaling', this.v1 ? 'v1' : 'v2', 'horizontalpodautoscalers') ?? this.k.hpaType;
    const current = store.getExisting(this.k.hpaType, this.namespace, this.name);
    const next: Record<string, unknown> = { ...status, conditions: this.conditions };
    if (this.v1) delete next.conditions;
    const strip = (s: unknown): unknown => ({
      ...(s as object),
      conditions: ((s as { conditions?: Condition[] }).conditions ?? []).map(
        (c) => `${c.type}=${c.status}:${c.reason}`,
      ),
    });
    if (!jsonEqual(strip(current.status ?? {}), strip(next)))
      api.update(
        ownType,
        this.namespace,
        this.name,
        { ...current, status: next },
        { subresource: 'status', internal: true },
      );
  }

  get metrics(): ResourceMetric[] {
    if (!this.v1) return this.spec.metrics ?? [DEFAULT_METRIC];
    const averageUtilization = this.spec.targetCPUUtilizationPercentage ?? 80;
    return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } }];
  }
}

/** The scale target, or undefined after reporting FailedGetScale. */
function findTarget(round: HpaRound): { targetType: ResourceType; workload: KubeObject } | undefined {
  const { api, store } = round.k.deps;
  const ref = round.spec.scaleTargetRef ?? {};
  const target = TARGET_KINDS[ref.kind ?? ''];
  const targetType = target ? api.registry.get(target[0], target[1]) : undefined;
  const workload = targetType ? store.get(targetType, round.namespace, ref.name ?? '') : undefined;
  if (targetType && workload) return { targetType, workload };
  const message = `${target ? `${target[1]}/scale.${target[0]}` : `${(ref.kind ?? '').toLowerCase()}s/scale`} "${ref.name ?? ''}" not found`;
  round.warnOnce('FailedGetScale', message);
  round.cond(
    'AbleToScale',
    'False',
    'FailedGetScale',
    `the HPA controller was unable to get the target's current scale: ${message}`,
  );
  round.write({ observedGeneration: round.hpa.metadata.generation, currentReplicas: 0, desiredReplicas: 0 });
  return undefined;
}

/** Scale-down stabilization: the highest recommendation of the window wins. */
function stabilize(round: HpaRound, desired: number, currentReplicas: number): number {
  const { k, spec } = round;
  const uid = uidOf(round.hpa);
  const window = (spec.behavior?.scaleDown?.stabilizationWindowSeconds ?? 300) * 1000 * k.deps.clock.timeFactor;
  const recs = (k.recommendations.get(uid) ?? []).filter((r) => Date.now() - r.at <= window);
  recs.push({ at: Date.now(), replicas: desired });
  k.recommendations.set(uid, recs);
  return desired < currentReplicas ? Math.min(currentReplicas, Math.max(...recs.map((r) => r.replicas))) : desired;
}

/** Keeps the count within minReplicas…maxReplicas (the ScalingLimited condition says which bound applied). */
function limitReplicas(round: HpaRound, desired: number, currentReplicas: number): number {
  const min = round.spec.minReplicas ?? 1;
  const max = round.spec.maxReplicas ?? currentReplicas;
  let limited: 'TooManyReplicas' | 'TooFewReplicas' | undefined;
  if (desired > max) {
    desired = max;
    limited = 'TooManyReplicas';
  } else if (desired < min) {
    desired = min;
    limited = 'TooFewReplicas';
  }
  round.cond(
    'ScalingLimited',
    limited ? 'True' : 'False',
    limited ?? 'DesiredWithinRange',
    limited
      ? `the desired replica count is ${limited === 'TooManyReplicas' ? 'more' : 'less'} than the ${limited === 'TooManyReplicas' ? 'maximum' : 'minimum'} replica count`
      : 'the desired count is within the acceptable range',
  );
  return desired;
}

/** Scales the target through its /scale subresource when the count changes; returns the lastScaleTime. */
function rescale(
  round: HpaRound,
  targetType: ResourceType,
  desired: number,
  currentReplicas: number,
): string | undefined {
  const { api, events } = round.k.deps;
  if (desired === currentReplicas) {
    round.cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
    return round.prev.lastScaleTime;
  }
  const ref = round.spec.scaleTargetRef ?? {};
  api.updateScale(
    targetType,
    round.namespace,
    defined(ref.name, 'spec.scaleTargetRef.name'),
    { spec: { replicas: desired } },
    { internal: true },
  );
  const above = desired > currentReplicas;
  events.record(
    'horizontal-pod-autoscaler',
    round.hpa,
    'Normal',
    'SuccessfulRescale',
    `New size: ${desired}; reason: ${above ? 'cpu resource utilization (percentage of request) above target' : 'All metrics below target'}`,
  );
  round.cond(
    'AbleToScale',
    'True',
    'SucceededRescale',
    `the HPA controller was able to update the target scale to ${desired}`,
  );
  return round.now;
}

/** One sync: find the target, read the metrics of its ready pods, decide the count, scale, write the status. */
function syncHpa(round: HpaRound): void {
  const { store, config } = round.k.deps;
  const found = findTarget(round);
  if (!found) return;
  const { targetType, workload } = found;
  const currentReplicas = (workload.spec as { replicas?: number }).replicas ?? 1;
  const selector = labelSelectorMatcher((workload.spec as { selector?: LabelSelectorSpec }).selector);
  const ready = store
    .list(round.k.podType, round.namespace)
    .items.filter((p) => selector.matches(p.metadata.labels) && !p.metadata.deletionTimestamp)
    .filter((p) => podReady(p));
  const read = readMetrics(config.images, round.metrics, ready, currentReplicas);
  const generation = round.hpa.metadata.generation;
  if (read.failed) {
    round.warnOnce('FailedGetResourceMetric', read.failed);
    round.cond(
      'ScalingActive',
      'False',
      'FailedGetResourceMetric',
      `the HPA was unable to compute the replica count: ${read.failed}`,
    );
    const lastScaleTime = round.prev.lastScaleTime;
    round.write({
      observedGeneration: generation,
      currentReplicas,
      desiredReplicas: currentReplicas,
      ...(lastScaleTime ? { lastScaleTime } : {}),
    });
    return;
  }
  round.cond(
    'ScalingActive',
    'True',
    'ValidMetricFound',
    'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
  );
  const proposed = read.perMetric.length ? Math.max(...read.perMetric) : currentReplicas;
  const desired = limitReplicas(round, stabilize(round, proposed, currentReplicas), currentReplicas);
  const lastScaleTime = rescale(round, targetType, desired, currentReplicas);
  const common = {
    observedGeneration: generation,
    ...(lastScaleTime ? { lastScaleTime } : {}),
    currentReplicas,
    desiredReplicas: desired,
  };
  round.write(
    round.v1
      ? { ...common, ...(read.cpu !== undefined ? { currentCPUUtilizationPercentage: read.cpu } : {}) }
      : { ...common, ...(read.currentMetrics.length ? { currentMetrics: read.currentMetrics } : {}) },
  );
}

/** Creates the HPA controller. */
export function hpaController(deps: ControllerDeps): Controller {
  const k: HpaContext = {
    deps,
    hpaType: deps.api.registry.get('autoscaling', 'horizontalpodautoscalers'),
    podType: deps.api.registry.get('', 'pods'),
    recommendations: new Map(),
  };
  return {
    name: 'horizontal-pod-autoscaler',
    keysFor(e) {
      return e.resourceKey === 'horizontalpodautoscalers.autoscaling' && e.type !== 'DELETED'
        ? [keyOf(e.object.metadata.namespace, nameOf(e.object))]
        : [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const hpa = deps.store.get(k.hpaType, namespace, name);
      if (!hpa || hpa.metadata.deletionTimestamp) return undefined;
      syncHpa(new HpaRound(k, hpa, namespace, name));
      return SYNC_MS;
    },
  };
}
