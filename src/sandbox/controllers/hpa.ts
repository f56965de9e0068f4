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
import { defined, nameOf, uidOf, jsonEqual } from '../object.js';
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

/** Creates the HPA controller. */
export function hpaController(deps: ControllerDeps): Controller {
  const { api, store, clock, config, events } = deps;
  const hpaType = api.registry.get('autoscaling', 'horizontalpodautoscalers');
  const podType = api.registry.get('', 'pods');
  /** HPA UID → recent recommendations (real ms, replicas) for the scale-down window. */
  const recommendations = new Map<string, Array<{ at: number; replicas: number }>>();

  return {
    name: 'horizontal-pod-autoscaler',
    keysFor(e) {
      return e.resourceKey === 'horizontalpodautoscalers.autoscaling' && e.type !== 'DELETED'
        ? [keyOf(e.object.metadata.namespace, nameOf(e.object))]
        : [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const hpa = store.get(hpaType, namespace, name);
      if (!hpa || hpa.metadata.deletionTimestamp) return undefined;
      const v1 = hpa.apiVersion === 'autoscaling/v1';
      // Written back through the version it was stored in (the API checks apiVersion against the URL's).
      const ownType = api.registry.byResource('autoscaling', v1 ? 'v1' : 'v2', 'horizontalpodautoscalers') ?? hpaType;
      const spec = (hpa.spec ?? {}) as HpaSpec;
      const prev = (hpa.status ?? {}) as { conditions?: Condition[]; lastScaleTime?: string; currentReplicas?: number };
      const now = clock.timestamp();
      let conditions = prev.conditions;
      const writeStatus = (status: Record<string, unknown>): void => {
        const current = store.getExisting(hpaType, namespace, name);
        const next: Record<string, unknown> = { ...status, conditions };
        if (v1) delete next.conditions;
        const strip = (s: unknown): unknown => ({
          ...(s as object),
          conditions: ((s as { conditions?: Condition[] }).conditions ?? []).map(
            (c) => `${c.type}=${c.status}:${c.reason}`,
          ),
        });
        if (!jsonEqual(strip(current.status ?? {}), strip(next)))
          api.update(ownType, namespace, name, { ...current, status: next }, { subresource: 'status', internal: true });
      };
      const cond = (type: string, status: 'True' | 'False', reason: string, message: string): void => {
        conditions = setCondition(conditions, { type, status, reason, message }, now);
      };
      const warnOnce = (reason: string, message: string): void => {
        const c = getCondition(conditions, reason === 'FailedGetScale' ? 'AbleToScale' : 'ScalingActive');
        if (c?.message !== message) events.record('horizontal-pod-autoscaler', hpa, 'Warning', reason, message);
      };

      const ref = spec.scaleTargetRef ?? {};
      const target = TARGET_KINDS[ref.kind ?? ''];
      const targetType = target ? api.registry.get(target[0], target[1]) : undefined;
      const workload = targetType ? store.get(targetType, namespace, ref.name ?? '') : undefined;
      if (!targetType || !workload) {
        const message = `${target ? `${target[1]}/scale.${target[0]}` : `${(ref.kind ?? '').toLowerCase()}s/scale`} "${ref.name ?? ''}" not found`;
        warnOnce('FailedGetScale', message);
        cond(
          'AbleToScale',
          'False',
          'FailedGetScale',
          `the HPA controller was unable to get the target's current scale: ${message}`,
        );
        writeStatus({ observedGeneration: hpa.metadata.generation, currentReplicas: 0, desiredReplicas: 0 });
        return SYNC_MS;
      }
      const currentReplicas = (workload.spec as { replicas?: number }).replicas ?? 1;
      const min = spec.minReplicas ?? 1;
      const max = spec.maxReplicas ?? currentReplicas;
      const metrics: ResourceMetric[] = v1
        ? [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage ?? 80 },
              },
            },
          ]
        : (spec.metrics ?? [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
          ]);

      const selector = labelSelectorMatcher((workload.spec as { selector?: LabelSelectorSpec }).selector);
      const pods = store
        .list(podType, namespace)
        .items.filter((p) => selector.matches(p.metadata.labels) && !p.metadata.deletionTimestamp);
      const ready = pods.filter((p) => podReady(p));
      const perMetric: number[] = [];
      const currentMetrics: Array<Record<string, unknown>> = [];
      let cpuUtilization: number | undefined;
      let failed: string | undefined;
      for (const m of metrics) {
        const resource = m.resource?.name;
        if (m.type !== 'Resource' || (resource !== 'cpu' && resource !== 'memory')) continue;
        let used = 0;
        let requested = 0;
        let missing: string | undefined;
        for (const p of ready) {
          const usage = podUsage(config.images, p);
          if (!usage) continue;
          const specs =
            (
              p.spec as {
                containers?: Array<{
                  name?: string;
                  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
                }>;
              }
            ).containers ?? [];
          for (const c of usage) {
            const r = specs.find((x) => x.name === c.name)?.resources;
            const req = quantityValue(r?.requests?.[resource]) ?? quantityValue(r?.limits?.[resource]);
            if (req === undefined)
              missing ??= `missing request for ${resource} in container "${c.name}" of Pod "${p.metadata.name}"`;
            used += resource === 'cpu' ? c.cpu : c.memory;
            requested += req ?? 0;
          }
        }
        if (missing) {
          failed = `failed to get ${resource} utilization: ${missing}`;
          continue;
        }
        if (ready.length === 0 || requested === 0) continue;
        const t = m.resource?.target;
        const utilization = Math.round((used / requested) * 100);
        if (resource === 'cpu') cpuUtilization = utilization;
        const averageValue =
          resource === 'cpu' ? `${Math.round((used / ready.length) * 1000)}m` : `${Math.round(used / ready.length)}`;
        currentMetrics.push({
          type: 'Resource',
          resource: {
            name: resource,
            current: { averageValue, ...(t?.type === 'Utilization' ? { averageUtilization: utilization } : {}) },
          },
        });
        let ratio: number | undefined;
        if (t?.type === 'Utilization' && t.averageUtilization) ratio = utilization / t.averageUtilization;
        else if (t?.type === 'AverageValue') {
          const target = quantityValue(t.averageValue);
          if (target) ratio = used / ready.length / target;
        }
        perMetric.push(
          ratio !== undefined && Math.abs(ratio - 1) > TOLERANCE ? Math.ceil(ready.length * ratio) : currentReplicas,
        );
      }
      if (failed) {
        warnOnce('FailedGetResourceMetric', failed);
        cond(
          'ScalingActive',
          'False',
          'FailedGetResourceMetric',
          `the HPA was unable to compute the replica count: ${failed}`,
        );
        writeStatus({
          observedGeneration: hpa.metadata.generation,
          currentReplicas,
          desiredReplicas: currentReplicas,
          ...(prev.lastScaleTime ? { lastScaleTime: prev.lastScaleTime } : {}),
        });
        return SYNC_MS;
      }
      let desired = perMetric.length ? Math.max(...perMetric) : currentReplicas;
      cond(
        'ScalingActive',
        'True',
        'ValidMetricFound',
        'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
      );
      // Scale-down stabilization: the highest recommendation of the window wins.
      const uid = uidOf(hpa);
      const window = (spec.behavior?.scaleDown?.stabilizationWindowSeconds ?? 300) * 1000 * clock.timeFactor;
      const recs = (recommendations.get(uid) ?? []).filter((r) => Date.now() - r.at <= window);
      recs.push({ at: Date.now(), replicas: desired });
      recommendations.set(uid, recs);
      if (desired < currentReplicas) desired = Math.min(currentReplicas, Math.max(...recs.map((r) => r.replicas)));
      let limited: string | undefined;
      if (desired > max) {
        desired = max;
        limited = 'TooManyReplicas';
      } else if (desired < min) {
        desired = min;
        limited = 'TooFewReplicas';
      }
      cond(
        'ScalingLimited',
        limited ? 'True' : 'False',
        limited ?? 'DesiredWithinRange',
        limited
          ? `the desired replica count is ${limited === 'TooManyReplicas' ? 'more' : 'less'} than the ${limited === 'TooManyReplicas' ? 'maximum' : 'minimum'} replica count`
          : 'the desired count is within the acceptable range',
      );
      let lastScaleTime = prev.lastScaleTime;
      if (desired !== currentReplicas) {
        api.updateScale(
          targetType,
          namespace,
          defined(ref.name, 'spec.scaleTargetRef.name'),
          { spec: { replicas: desired } },
          { internal: true },
        );
        lastScaleTime = now;
        const above = desired > currentReplicas;
        events.record(
          'horizontal-pod-autoscaler',
          hpa,
          'Normal',
          'SuccessfulRescale',
          `New size: ${desired}; reason: ${above ? 'cpu resource utilization (percentage of request) above target' : 'All metrics below target'}`,
        );
        cond(
          'AbleToScale',
          'True',
          'SucceededRescale',
          `the HPA controller was able to update the target scale to ${desired}`,
        );
      } else cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
      const status: Record<string, unknown> = v1
        ? {
            observedGeneration: hpa.metadata.generation,
            ...(lastScaleTime ? { lastScaleTime } : {}),
            currentReplicas,
            desiredReplicas: desired,
            ...(cpuUtilization !== undefined ? { currentCPUUtilizationPercentage: cpuUtilization } : {}),
          }
        : {
            observedGeneration: hpa.metadata.generation,
            ...(lastScaleTime ? { lastScaleTime } : {}),
            currentReplicas,
            desiredReplicas: desired,
            ...(currentMetrics.length ? { currentMetrics } : {}),
          };
      writeStatus(status);
      return SYNC_MS;
    },
  };
}
