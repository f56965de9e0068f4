/**
 * Deployment controller: one ReplicaSet per pod template (`<name>-<pod-template-hash>`, revision
 * annotations), RollingUpdate honouring maxSurge/maxUnavailable (and Recreate), cleanup beyond
 * revisionHistoryLimit, and status: counters, observedGeneration, the Available condition and
 * the Progressing condition including `ProgressDeadlineExceeded` after progressDeadlineSeconds
 * (scaled by the time factor) without progress. `kubectl rollout undo` works because it patches
 * the template back and this controller then finds the old ReplicaSet and gives it a new revision.
 *
 * One sync: observe the Deployment and its ReplicaSets, roll out one step (deployment/rollout.ts),
 * then compute and write the status from the ReplicaSets as they are now (this file).
 */
import { clone, jsonEqual, nameOf, uidOf } from '../object.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import { controllerRef, getCondition, omitZero, setCondition, type Condition } from './util.js';
import {
  DeploymentContext,
  ensureNewReplicaSet,
  observe,
  revisionOf,
  scaleAndClean,
  REVISION,
  type Deployment,
  type ProgressReason,
  type ReplicaSet,
  type Rollout,
} from './deployment/rollout.js';

/** The status counters, summed over the Deployment's ReplicaSets as stored now. */
interface Counts {
  statusReplicas: number;
  available: number;
  updated: number;
  ready: number;
  totalSpec: number;
}

type PreviousStatus = Record<string, unknown> & { conditions?: Condition[] };

function countReplicas(fresh: ReplicaSet[], newNow: ReplicaSet | undefined): Counts {
  const sum = (f: (r: ReplicaSet) => number | undefined): number => fresh.reduce((n, r) => n + (f(r) ?? 0), 0);
  return {
    statusReplicas: sum((r) => r.status?.replicas),
    available: sum((r) => r.status?.availableReplicas),
    updated: newNow?.status?.replicas ?? 0,
    ready: sum((r) => r.status?.readyReplicas),
    totalSpec: sum((r) => r.spec?.replicas),
  };
}

/** The Available condition (its lastUpdateTime kept while nothing about it changes). */
function availableCondition(r: Rollout, counts: Counts, previous: Condition[] | undefined, nowTs: string): Condition[] {
  const conditions = setCondition(
    previous,
    counts.available >= r.replicas - r.maxUnavailable
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
          lastUpdateTime: nowTs,
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
          lastUpdateTime: nowTs,
        },
    nowTs,
  );
  const old = getCondition(conditions, 'Available');
  return conditions.map((c) =>
    c.type === 'Available' && old && old.status === c.status && old.reason === c.reason && old.message === c.message
      ? { ...c, lastUpdateTime: old.lastUpdateTime }
      : c,
  );
}

/** Whether this sync moved the rollout forward (compared with the status written last time). */
function madeProgress(counts: Counts, prev: PreviousStatus, progress: ProgressReason | undefined): boolean {
  const prevNum = (field: string): number => (prev[field] as number | undefined) ?? 0;
  return (
    progress !== undefined ||
    counts.updated !== prevNum('updatedReplicas') ||
    counts.ready > prevNum('readyReplicas') ||
    counts.available > prevNum('availableReplicas') ||
    counts.statusReplicas - counts.updated < prevNum('replicas') - prevNum('updatedReplicas')
  );
}

/**
 * The Progressing condition: paused, complete (NewReplicaSetAvailable), progressing (the deadline
 * restarts), or ProgressDeadlineExceeded once the deadline passed without progress. Returns the
 * conditions and when (simulated ms) to look again.
 */
function progressingCondition(
  k: DeploymentContext,
  r: Rollout,
  input: { counts: Counts; prev: PreviousStatus; newNow: ReplicaSet | undefined; progress: ProgressReason | undefined },
  conditions: Condition[],
  nowTs: string,
): { conditions: Condition[]; requeue: number | undefined } {
  const { counts, prev, newNow, progress } = input;
  const { d, spec, replicas } = r;
  const uid = uidOf(d);
  const rsName = newNow?.metadata.name ?? '';
  const progressing = (c: ProgressReason, status: Condition['status']): Condition[] =>
    setCondition(conditions, { type: 'Progressing', status, ...c, lastUpdateTime: nowTs }, nowTs);
  const complete =
    !!newNow &&
    counts.updated === replicas &&
    counts.statusReplicas === replicas &&
    counts.available === replicas &&
    counts.totalSpec === replicas;
  const deadlineMs = spec.progressDeadlineSeconds !== undefined ? spec.progressDeadlineSeconds * 1000 : undefined;
  const cond = getCondition(conditions, 'Progressing');
  if (spec.paused)
    return {
      conditions: progressing({ reason: 'DeploymentPaused', message: 'Deployment is paused' }, 'Unknown'),
      requeue: undefined,
    };
  if (complete) {
    const message = `ReplicaSet "${rsName}" has successfully progressed.`;
    k.lastProgress.delete(uid);
    if (cond?.reason === 'NewReplicaSetAvailable' && cond.message === message)
      return { conditions, requeue: undefined };
    return { conditions: progressing({ reason: 'NewReplicaSetAvailable', message }, 'True'), requeue: undefined };
  }
  if (
    madeProgress(counts, prev, progress) ||
    !cond ||
    (cond.reason === 'NewReplicaSetAvailable' && d.metadata.generation !== prev.observedGeneration)
  ) {
    const c = progress ?? { reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` };
    k.lastProgress.set(uid, Date.now());
    return { conditions: progressing(c, 'True'), requeue: deadlineMs !== undefined ? deadlineMs + 1 : undefined };
  }
  if (
    deadlineMs === undefined ||
    cond.reason === 'ProgressDeadlineExceeded' ||
    cond.reason === 'NewReplicaSetAvailable'
  )
    return { conditions, requeue: undefined };
  const since = k.lastProgress.get(uid) ?? Date.parse(cond.lastUpdateTime ?? nowTs);
  const elapsedSim = k.deps.clock.simulated(Date.now() - since);
  if (elapsedSim < deadlineMs) return { conditions, requeue: deadlineMs - elapsedSim + 1 };
  k.deps.events.record(
    'deployment-controller',
    d,
    'Warning',
    'ProgressDeadlineExceeded',
    `Deployment "${r.name}" has timed out progressing.`,
  );
  return {
    conditions: progressing(
      { reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` },
      'False',
    ),
    requeue: undefined,
  };
}

/** Computes the status from the ReplicaSets as they are now and writes it (and the revision annotation). */
function writeStatus(
  k: DeploymentContext,
  r: Rollout,
  newRs: ReplicaSet | undefined,
  progress: ProgressReason | undefined,
): number | undefined {
  const { d, namespace, name } = r;
  const { api, store, clock } = k.deps;
  const nowTs = clock.timestamp();
  const fresh = k.controlled(d);
  const newNow = newRs ? fresh.find((rs) => rs.metadata.name === newRs.metadata.name) : undefined;
  const counts = countReplicas(fresh, newNow);
  const prev = (d.status ?? {}) as PreviousStatus;
  const { conditions, requeue } = progressingCondition(
    k,
    r,
    { counts, prev, newNow, progress },
    availableCondition(r, counts, prev.conditions, nowTs),
    nowTs,
  );
  const status: Record<string, unknown> = omitZero({
    observedGeneration: d.metadata.generation,
    replicas: counts.statusReplicas,
    updatedReplicas: counts.updated,
    readyReplicas: counts.ready,
    availableReplicas: counts.available,
    unavailableReplicas: Math.max(0, counts.totalSpec - counts.available),
  });
  if (prev.collisionCount !== undefined) status.collisionCount = prev.collisionCount;
  status.conditions = conditions;
  const current = store.getExisting(k.dType, namespace, name);
  if (newNow && current.metadata.annotations?.[REVISION] !== String(revisionOf(newNow))) {
    const next = clone(current);
    next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: String(revisionOf(newNow)) };
    api.update(k.dType, namespace, name, next, { internal: true });
  }
  const latest = store.getExisting(k.dType, namespace, name);
  if (!jsonEqual(latest.status, status))
    api.update(k.dType, namespace, name, { ...latest, status }, { subresource: 'status', internal: true });
  return requeue;
}

/** Creates the Deployment controller. */
export function deploymentController(deps: ControllerDeps): Controller {
  const k = new DeploymentContext(deps);
  const { store } = deps;
  return {
    name: 'deployment-controller',
    keysFor(e) {
      if (e.resourceKey === 'deployments.apps') return [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      if (e.resourceKey === 'replicasets.apps') {
        const ref = controllerRef(e.object) ?? controllerRef(e.previous);
        if (ref?.kind === 'Deployment') return [keyOf(e.object.metadata.namespace, ref.name)];
      }
      // Recreate waits for the old pods to be gone (terminating ones included): their removal resyncs.
      if (e.resourceKey === 'pods' && e.type === 'DELETED') {
        const rsRef = controllerRef(e.object);
        const rs =
          rsRef?.kind === 'ReplicaSet' ? store.get(k.rsType, e.object.metadata.namespace, rsRef.name) : undefined;
        const dRef = rs ? controllerRef(rs) : undefined;
        if (dRef?.kind === 'Deployment') return [keyOf(e.object.metadata.namespace, dRef.name)];
      }
      return [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const d = store.get(k.dType, namespace, name) as Deployment | undefined;
      if (!d || d.metadata.deletionTimestamp) return undefined;
      const rollout = observe(k, d, namespace, name);
      if (rollout.spec.paused) return writeStatus(k, rollout, rollout.newRs, undefined);
      const { newRs, progress } = ensureNewReplicaSet(k, rollout);
      scaleAndClean(k, rollout, newRs);
      return writeStatus(k, rollout, newRs, progress);
    },
  };
}
