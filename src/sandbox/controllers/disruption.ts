/**
 * PodDisruptionBudgets and the eviction API. The disruption controller keeps each budget's status
 * (`expectedPods`, `currentHealthy`, `desiredHealthy` from `minAvailable` or `maxUnavailable`,
 * integers or percentages rounded up, `disruptionsAllowed`, the `DisruptionAllowed` condition).
 * `POST …/pods/{name}/eviction` (what `kubectl drain` and EKS Fargate's OS patching use) deletes the
 * pod only when its budget allows: otherwise 429 `TooManyRequests` "Cannot evict pod as it would
 * violate the pod's disruption budget.", with a `DisruptionBudget` cause; two budgets over one pod
 * are a 500, as upstream. Pods that are not running (Pending, Succeeded, Failed) or already being
 * deleted are evicted without a budget check; unready pods follow `unhealthyPodEvictionPolicy`.
 */
import { nameOf, jsonEqual, type KubeObject } from '../object.js';
import type { ObjectApi } from '../objects.js';
import { labelSelectorMatcher, type LabelSelectorSpec } from '../selectors.js';
import type { Route } from '../server.js';
import { StatusError, StatusReason } from '../status.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import { podReady, setCondition, type Condition } from './util.js';

interface PdbSpec {
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  selector?: LabelSelectorSpec;
  unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}
interface PdbStatus {
  observedGeneration?: number | undefined;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptedPods?: Record<string, string>;
  conditions?: Condition[];
}

const scaled = (v: number | string, total: number): number => {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v) || 0;
};

function matchingPods(api: Pick<ObjectApi, 'store' | 'registry'>, pdb: KubeObject): KubeObject[] {
  const sel = (pdb.spec as PdbSpec | undefined)?.selector;
  // A budget with no selector (or an empty one) selects nothing in policy/v1 … except `{}`, which selects every pod.
  if (!sel) return [];
  const m = labelSelectorMatcher(sel);
  return api.store
    .list(api.registry.get('', 'pods'), pdb.metadata.namespace)
    .items.filter((p) => m.matches(p.metadata.labels) && !p.metadata.deletionTimestamp);
}

/**
 * The scale the selected pods' controllers ask for (a ReplicaSet's Deployment, else the ReplicaSet;
 * a StatefulSet), as the disruption controller's getExpectedScale reads it: a pod that was evicted
 * and not yet replaced still counts. Undefined when a pod has no such controller (then the pods
 * are counted).
 */
function expectedScale(api: Pick<ObjectApi, 'store' | 'registry'>, pods: readonly KubeObject[]): number | undefined {
  const scales = new Map<string, number>();
  const replicasOf = (o: KubeObject | undefined): number => {
    const r = (o?.spec as { replicas?: unknown } | undefined)?.replicas;
    return typeof r === 'number' ? r : 1;
  };
  const controllerOf = (o: KubeObject): { kind: string; name: string } | undefined => {
    const ref = (
      o.metadata.ownerReferences as { kind?: string; name?: string; controller?: boolean }[] | undefined
    )?.find((r) => r.controller);
    return ref?.kind && ref.name ? { kind: ref.kind, name: ref.name } : undefined;
  };
  for (const pod of pods) {
    const ns = pod.metadata.namespace;
    const owner = controllerOf(pod);
    if (owner?.kind === 'ReplicaSet') {
      const rs = api.store.get(api.registry.get('apps', 'replicasets'), ns, owner.name);
      const dep = rs ? controllerOf(rs) : undefined;
      if (dep?.kind === 'Deployment')
        scales.set(
          `Deployment/${dep.name}`,
          replicasOf(api.store.get(api.registry.get('apps', 'deployments'), ns, dep.name)),
        );
      else scales.set(`ReplicaSet/${owner.name}`, replicasOf(rs));
    } else if (owner?.kind === 'StatefulSet') {
      scales.set(
        `StatefulSet/${owner.name}`,
        replicasOf(api.store.get(api.registry.get('apps', 'statefulsets'), ns, owner.name)),
      );
    } else return undefined;
  }
  return [...scales.values()].reduce((a, b) => a + b, 0);
}

/**
 * The status a budget has over the pods it selects. With `maxUnavailable` or a percentage
 * `minAvailable`, the expected count is the controllers' scale (`scale`) when known, as upstream:
 * an evicted pod whose replacement does not exist yet is still expected.
 */
export function budgetStatus(
  pdb: KubeObject,
  pods: readonly KubeObject[],
  clockNow: string,
  previous?: PdbStatus,
  scale?: number,
): PdbStatus {
  const spec = (pdb.spec ?? {}) as PdbSpec;
  const running = pods.filter(
    (p) =>
      (p.status as { phase?: string } | undefined)?.phase !== 'Succeeded' &&
      (p.status as { phase?: string } | undefined)?.phase !== 'Failed',
  );
  const byScale =
    spec.maxUnavailable !== undefined || (typeof spec.minAvailable === 'string' && spec.minAvailable.endsWith('%'));
  const expected = byScale && scale !== undefined ? scale : running.length;
  const healthy = running.filter(podReady).length;
  const desired =
    spec.minAvailable !== undefined
      ? scaled(spec.minAvailable, expected)
      : spec.maxUnavailable !== undefined
        ? Math.max(0, expected - scaled(spec.maxUnavailable, expected))
        : 0;
  const allowed = Math.max(0, healthy - desired);
  const cond: Condition =
    allowed > 0
      ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '' }
      : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' };
  return {
    observedGeneration: pdb.metadata.generation,
    disruptionsAllowed: allowed,
    currentHealthy: healthy,
    desiredHealthy: desired,
    expectedPods: expected,
    ...(previous?.disruptedPods && Object.keys(previous.disruptedPods).length
      ? { disruptedPods: previous.disruptedPods }
      : {}),
    conditions: setCondition(previous?.conditions, cond, clockNow),
  };
}

/** Creates the disruption controller. */
export function disruptionController(deps: ControllerDeps): Controller {
  const { api, store, clock } = deps;
  const pdbType = api.registry.get('policy', 'poddisruptionbudgets');
  const budgetsOver = (pod: KubeObject | undefined): string[] =>
    pod
      ? store
          .list(pdbType, pod.metadata.namespace)
          .items.filter((b) => {
            const sel = (b.spec as PdbSpec | undefined)?.selector;
            return sel !== undefined && labelSelectorMatcher(sel).matches(pod.metadata.labels);
          })
          .map((b) => keyOf(b.metadata.namespace, nameOf(b)))
      : [];
  return {
    name: 'disruption-controller',
    keysFor(e) {
      if (e.resourceKey === 'poddisruptionbudgets.policy')
        return e.type === 'DELETED' ? [] : [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      if (e.resourceKey === 'pods') return [...new Set([...budgetsOver(e.object), ...budgetsOver(e.previous)])];
      return [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const pdb = store.get(pdbType, namespace, name);
      if (!pdb || pdb.metadata.deletionTimestamp) return undefined;
      const prev = pdb.status as PdbStatus | undefined;
      // Pods that were evicted and are gone leave disruptedPods.
      const pods = matchingPods(api, pdb);
      const names = new Set(pods.map((p) => p.metadata.name));
      const disrupted = Object.fromEntries(Object.entries(prev?.disruptedPods ?? {}).filter(([n]) => names.has(n)));
      const status = budgetStatus(
        pdb,
        pods,
        clock.timestamp(),
        { ...(prev ?? ({} as PdbStatus)), disruptedPods: disrupted },
        expectedScale(api, pods),
      );
      const strip = (s: unknown): unknown => ({
        ...(s as object),
        conditions: ((s as PdbStatus | undefined)?.conditions ?? []).map((c) => `${c.type}=${c.status}`),
      });
      if (!jsonEqual(strip(prev ?? {}), strip(status)))
        api.update(pdbType, namespace, name, { ...pdb, status }, { subresource: 'status', internal: true });
      return undefined;
    },
  };
}

/** The one PodDisruptionBudget selecting a pod, if any; more than one is the API server's 500. */
function budgetOf(budgets: readonly KubeObject[], pod: KubeObject): KubeObject | undefined {
  const selecting = budgets.filter((b) => {
    const sel = (b.spec as PdbSpec | undefined)?.selector;
    return sel !== undefined && labelSelectorMatcher(sel).matches(pod.metadata.labels);
  });
  if (selecting.length > 1)
    throw new StatusError(
      500,
      StatusReason.InternalError,
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  return selecting[0];
}

/** `POST /api/v1/namespaces/{ns}/pods/{name}/eviction`. */
export function evictionRoute(api: ObjectApi, clock: { timestamp(): string }): Route {
  const podType = api.registry.get('', 'pods');
  const pdbType = api.registry.get('policy', 'poddisruptionbudgets');
  return {
    name: 'pods/eviction',
    matches: (ctx) =>
      ctx.info.isResourceRequest &&
      ctx.info.group === '' &&
      ctx.info.resource === 'pods' &&
      ctx.info.subresource === 'eviction' &&
      ctx.info.verb === 'create',
    async handle(ctx) {
      const ns = ctx.info.namespace;
      const name = ctx.info.name;
      await ctx.readBody();
      const dryRun = ctx.url.searchParams.getAll('dryRun').includes('All');
      const pod = api.get(podType, ns, name);
      const done = (): void => {
        if (!dryRun) api.delete(podType, ns, name);
        ctx.sendJson(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      };
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending') {
        done();
        return;
      }
      const pdb = budgetOf(api.store.list(pdbType, ns).items, pod);
      if (!pdb) {
        done();
        return;
      }
      // Decide on the budget as it is now (the controller may not have caught up with the last pod change).
      const selected = matchingPods(api, pdb);
      const status = budgetStatus(
        pdb,
        selected,
        clock.timestamp(),
        pdb.status as PdbStatus | undefined,
        expectedScale(api, selected),
      );
      const policy = (pdb.spec as PdbSpec).unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
      if (!podReady(pod) && (policy === 'AlwaysAllow' || status.currentHealthy >= status.desiredHealthy)) {
        done();
        return;
      }
      if (status.disruptionsAllowed <= 0) {
        throw new StatusError(
          429,
          StatusReason.TooManyRequests,
          "Cannot evict pod as it would violate the pod's disruption budget.",
          {
            causes: [
              {
                type: 'DisruptionBudget',
                message: `The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
              },
            ],
          },
        );
      }
      if (!dryRun) {
        const next = {
          ...status,
          disruptionsAllowed: status.disruptionsAllowed - 1,
          disruptedPods: { ...(status.disruptedPods ?? {}), [name]: clock.timestamp() },
        };
        api.update(pdbType, ns, nameOf(pdb), { ...pdb, status: next }, { subresource: 'status', internal: true });
      }
      done();
    },
  };
}
