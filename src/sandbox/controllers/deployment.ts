/**
 * Deployment controller: one ReplicaSet per pod template (`<name>-<pod-template-hash>`, revision
 * annotations), RollingUpdate honouring maxSurge/maxUnavailable (and Recreate), cleanup beyond
 * revisionHistoryLimit, and status: counters, observedGeneration, the Available condition and
 * the Progressing condition including `ProgressDeadlineExceeded` after progressDeadlineSeconds
 * (scaled by the time factor) without progress. `kubectl rollout undo` works because it patches
 * the template back and this controller then finds the old ReplicaSet and gives it a new revision.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { defined, nameOf, uidOf, clone, jsonEqual, type KubeObject } from '../object.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import {
  controllerRef,
  getCondition,
  intOrPercent,
  omitZero,
  ownerRefTo,
  podTemplateHash,
  setCondition,
  templateWithoutHash,
  type Condition,
} from './util.js';

type Deployment = KubeObject & IDeployment;
type ReplicaSet = KubeObject & IReplicaSet;

const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  DESIRED,
  MAX_REPLICAS,
  'deployment.kubernetes.io/revision-history',
]);

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? '0') || 0;
}

/** Creates the Deployment controller. */
export function deploymentController(deps: ControllerDeps): Controller {
  const { api, store, clock, events } = deps;
  const dType = api.registry.get('apps', 'deployments');
  const rsType = api.registry.get('apps', 'replicasets');
  /** Precise time of the last progress per deployment uid (conditions only have second precision). */
  const lastProgress = new Map<string, number>();

  const scaleRs = (d: Deployment, rs: ReplicaSet, to: number, maxSurge: number): void => {
    const from = rs.spec?.replicas ?? 0;
    if (from === to) return;
    const cur = store.getExisting(rsType, rs.metadata.namespace, nameOf(rs));
    const next = clone(cur) as ReplicaSet;
    if (next.spec) next.spec.replicas = to;
    next.metadata.annotations = {
      ...next.metadata.annotations,
      [DESIRED]: String(d.spec?.replicas ?? 1),
      [MAX_REPLICAS]: String((d.spec?.replicas ?? 1) + maxSurge),
    };
    api.update(rsType, rs.metadata.namespace, nameOf(rs), next, { internal: true });
    if (rs.spec) rs.spec.replicas = to;
    events.record(
      'deployment-controller',
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`,
    );
  };

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
          rsRef?.kind === 'ReplicaSet' ? store.get(rsType, e.object.metadata.namespace, rsRef.name) : undefined;
        const dRef = rs ? controllerRef(rs) : undefined;
        if (dRef?.kind === 'Deployment') return [keyOf(e.object.metadata.namespace, dRef.name)];
      }
      return [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const d = store.get(dType, namespace, name) as Deployment | undefined;
      if (!d) return undefined;
      if (d.metadata.deletionTimestamp) return undefined;
      const spec = defined(d.spec, `Deployment ${namespace ?? ''}/${name} spec`);
      const replicas = spec.replicas ?? 1;
      // Cloned: scaling below updates these copies as it goes (stored objects are frozen).
      const owned = store
        .ownedBy(rsType, uidOf(d))
        .filter((rs) => controllerRef(rs)?.uid === d.metadata.uid)
        .map((rs) => clone(rs)) as ReplicaSet[];
      const template = spec.template;
      const wantTemplate = templateWithoutHash(template);
      let newRs = owned.find((rs) => jsonEqual(templateWithoutHash(rs.spec?.template), wantTemplate));
      const oldRss = owned.filter((rs) => rs !== newRs).sort((a, b) => revisionOf(a) - revisionOf(b));
      const maxOldRevision = oldRss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
      const ru = spec.strategy?.rollingUpdate;
      const recreate = spec.strategy?.type === 'Recreate';
      const maxSurge = recreate ? 0 : intOrPercent(ru?.maxSurge, replicas, true, '25%');
      let maxUnavailable = recreate ? replicas : intOrPercent(ru?.maxUnavailable, replicas, false, '25%');
      if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
      if (maxUnavailable > replicas) maxUnavailable = replicas;
      const nowTs = clock.timestamp();
      let progressReason: { reason: string; message: string } | undefined;
      const copiedAnnotations = Object.fromEntries(
        Object.entries(d.metadata.annotations ?? {}).filter(([k]) => !SKIP_COPY.has(k)),
      );

      if (!spec.paused) {
        if (!newRs) {
          const hash = podTemplateHash(wantTemplate, d.status?.collisionCount ?? 0);
          const tpl = clone(template);
          tpl.metadata = {
            ...(tpl.metadata ?? {}),
            labels: { ...(tpl.metadata?.labels ?? {}), 'pod-template-hash': hash },
          };
          const rs: KubeObject = {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            metadata: {
              name: `${name}-${hash}`,
              namespace,
              labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash },
              annotations: {
                ...copiedAnnotations,
                [REVISION]: String(maxOldRevision + 1),
                [DESIRED]: String(replicas),
                [MAX_REPLICAS]: String(replicas + maxSurge),
              },
              ownerReferences: [ownerRefTo(d)],
            },
            spec: {
              replicas: 0,
              minReadySeconds: spec.minReadySeconds ?? 0,
              selector: {
                ...clone(spec.selector),
                matchLabels: { ...(spec.selector.matchLabels ?? {}), 'pod-template-hash': hash },
              },
              template: tpl,
            },
          };
          newRs = api.create(rsType, namespace, rs, { internal: true }) as ReplicaSet;
          newRs = clone(newRs);
          progressReason = {
            reason: 'NewReplicaSetCreated',
            message: `Created new replica set "${newRs.metadata.name}"`,
          };
        } else if (
          revisionOf(newRs) <= maxOldRevision ||
          !jsonEqual(pick(newRs.metadata.annotations, copiedAnnotations), copiedAnnotations)
        ) {
          const cur = clone(store.getExisting(rsType, namespace, nameOf(newRs)));
          const bumped = revisionOf(newRs) <= maxOldRevision;
          cur.metadata.annotations = {
            ...cur.metadata.annotations,
            ...copiedAnnotations,
            [REVISION]: String(bumped ? maxOldRevision + 1 : revisionOf(newRs)),
          };
          newRs = clone(api.update(rsType, namespace, nameOf(cur), cur, { internal: true })) as ReplicaSet;
          if (bumped)
            progressReason = {
              reason: 'FoundNewReplicaSet',
              message: `Found new replica set "${newRs.metadata.name}"`,
            };
        }
        const rsNew = newRs;
        const news = rsNew.spec?.replicas ?? 0;
        const allSpec = (): number =>
          owned.filter((r) => r !== rsNew).reduce((n, r) => n + (r.spec?.replicas ?? 0), 0) +
          (rsNew.spec?.replicas ?? 0);
        const oldActive = oldRss.filter((r) => r.metadata.name !== rsNew.metadata.name);
        if (recreate) {
          for (const rs of oldActive) if ((rs.spec?.replicas ?? 0) > 0) scaleRs(d, rs, 0, maxSurge);
          // As the real controller's oldPodsRunning: every old pod not Succeeded/Failed counts, terminating ones too.
          const podType = api.registry.get('', 'pods');
          const oldPods =
            oldActive.reduce((n, r) => n + (r.status?.replicas ?? 0), 0) +
            oldActive.reduce(
              (n, r) =>
                n +
                store
                  .ownedBy(podType, uidOf(r))
                  .filter(
                    (p) =>
                      p.metadata.deletionTimestamp &&
                      !['Succeeded', 'Failed'].includes(String((p.status as { phase?: string } | undefined)?.phase)),
                  ).length,
              0,
            );
          if (oldPods === 0 && news !== replicas) scaleRs(d, rsNew, replicas, maxSurge);
        } else {
          if (news > replicas) scaleRs(d, rsNew, replicas, maxSurge);
          else if (news < replicas) {
            const up = Math.min(replicas + maxSurge - allSpec(), replicas - news);
            if (up > 0) scaleRs(d, rsNew, news + up, maxSurge);
          }
          const oldCount = oldActive.reduce((n, r) => n + (r.spec?.replicas ?? 0), 0);
          if (oldCount > 0) {
            const minAvailable = replicas - maxUnavailable;
            const newUnavailable = (rsNew.spec?.replicas ?? 0) - (rsNew.status?.availableReplicas ?? 0);
            let maxScaledDown = allSpec() - minAvailable - newUnavailable;
            // First remove old pods that are not available anyway (they do not count toward availability).
            for (const rs of oldActive) {
              if (maxScaledDown <= 0) break;
              const r = rs.spec?.replicas ?? 0;
              const unhealthy = r - (rs.status?.availableReplicas ?? 0);
              const down = Math.min(maxScaledDown, unhealthy);
              if (down > 0) {
                scaleRs(d, rs, r - down, maxSurge);
                maxScaledDown -= down;
              }
            }
            const availableAll = owned.reduce((n, r) => n + (r.status?.availableReplicas ?? 0), 0);
            let totalDown = Math.min(availableAll - minAvailable, allSpec() - minAvailable - newUnavailable);
            for (const rs of oldActive) {
              if (totalDown <= 0) break;
              const r = rs.spec?.replicas ?? 0;
              const down = Math.min(r, totalDown);
              if (down > 0) {
                scaleRs(d, rs, r - down, maxSurge);
                totalDown -= down;
              }
            }
          }
        }
        // Revision history: drop the oldest fully scaled-down ReplicaSets beyond the limit.
        const limit = spec.revisionHistoryLimit ?? 10;
        const idle = oldActive.filter((r) => (r.spec?.replicas ?? 0) === 0 && (r.status?.replicas ?? 0) === 0);
        for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) api.delete(rsType, namespace, nameOf(rs));
      }

      // Status from the ReplicaSets as they are now.
      const fresh = store
        .ownedBy(rsType, uidOf(d))
        .filter((rs) => controllerRef(rs)?.uid === d.metadata.uid) as ReplicaSet[];
      const newNow = newRs ? fresh.find((r) => r.metadata.name === newRs.metadata.name) : undefined;
      const sum = (f: (r: ReplicaSet) => number | undefined): number => fresh.reduce((n, r) => n + (f(r) ?? 0), 0);
      const statusReplicas = sum((r) => r.status?.replicas);
      const available = sum((r) => r.status?.availableReplicas);
      const updated = newNow?.status?.replicas ?? 0;
      const ready = sum((r) => r.status?.readyReplicas);
      const totalSpec = sum((r) => r.spec?.replicas);
      const prev = (d.status ?? {}) as Record<string, unknown> & { conditions?: Condition[] };
      let conditions = prev.conditions;
      conditions = setCondition(
        conditions,
        available >= replicas - maxUnavailable
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
      const keepUpdate = (type: string, c: Condition): Condition => {
        const old = getCondition(conditions, type);
        return old && old.status === c.status && old.reason === c.reason && old.message === c.message
          ? { ...c, lastUpdateTime: old.lastUpdateTime }
          : c;
      };
      conditions = conditions.map((c) => (c.type === 'Available' ? keepUpdate('Available', c) : c));
      const uid = uidOf(d);
      const rsName = newNow?.metadata.name ?? '';
      const complete =
        !!newNow &&
        updated === replicas &&
        statusReplicas === replicas &&
        available === replicas &&
        totalSpec === replicas;
      const progressing =
        progressReason !== undefined ||
        updated !== ((prev.updatedReplicas as number | undefined) ?? 0) ||
        ready > ((prev.readyReplicas as number | undefined) ?? 0) ||
        available > ((prev.availableReplicas as number | undefined) ?? 0) ||
        statusReplicas - updated <
          ((prev.replicas as number | undefined) ?? 0) - ((prev.updatedReplicas as number | undefined) ?? 0);
      const deadlineMs = spec.progressDeadlineSeconds !== undefined ? spec.progressDeadlineSeconds * 1000 : undefined;
      let requeue: number | undefined;
      const cond = getCondition(conditions, 'Progressing');
      if (spec.paused) {
        conditions = setCondition(
          conditions,
          {
            type: 'Progressing',
            status: 'Unknown',
            reason: 'DeploymentPaused',
            message: 'Deployment is paused',
            lastUpdateTime: nowTs,
          },
          nowTs,
        );
      } else if (complete) {
        if (
          cond?.reason !== 'NewReplicaSetAvailable' ||
          cond.message !== `ReplicaSet "${rsName}" has successfully progressed.`
        ) {
          conditions = setCondition(
            conditions,
            {
              type: 'Progressing',
              status: 'True',
              reason: 'NewReplicaSetAvailable',
              message: `ReplicaSet "${rsName}" has successfully progressed.`,
              lastUpdateTime: nowTs,
            },
            nowTs,
          );
        }
        lastProgress.delete(uid);
      } else if (
        progressing ||
        !cond ||
        (cond.reason === 'NewReplicaSetAvailable' && d.metadata.generation !== prev.observedGeneration)
      ) {
        const c = progressReason ?? { reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` };
        conditions = setCondition(
          conditions,
          { type: 'Progressing', status: 'True', ...c, lastUpdateTime: nowTs },
          nowTs,
        );
        lastProgress.set(uid, Date.now());
        if (deadlineMs !== undefined) requeue = deadlineMs + 1;
      } else if (
        deadlineMs !== undefined &&
        cond.reason !== 'ProgressDeadlineExceeded' &&
        cond.reason !== 'NewReplicaSetAvailable'
      ) {
        const since = lastProgress.get(uid) ?? Date.parse(cond.lastUpdateTime ?? nowTs);
        const elapsedSim = clock.simulated(Date.now() - since);
        if (elapsedSim >= deadlineMs) {
          conditions = setCondition(
            conditions,
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: `ReplicaSet "${rsName}" has timed out progressing.`,
              lastUpdateTime: nowTs,
            },
            nowTs,
          );
          events.record(
            'deployment-controller',
            d,
            'Warning',
            'ProgressDeadlineExceeded',
            `Deployment "${name}" has timed out progressing.`,
          );
        } else requeue = deadlineMs - elapsedSim + 1;
      }
      const status: Record<string, unknown> = omitZero({
        observedGeneration: d.metadata.generation,
        replicas: statusReplicas,
        updatedReplicas: updated,
        readyReplicas: ready,
        availableReplicas: available,
        unavailableReplicas: Math.max(0, totalSpec - available),
      });
      if (prev.collisionCount !== undefined) status.collisionCount = prev.collisionCount;
      status.conditions = conditions;
      const current = store.getExisting(dType, namespace, name);
      if (newNow && current.metadata.annotations?.[REVISION] !== String(revisionOf(newNow))) {
        const next = clone(current);
        next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: String(revisionOf(newNow)) };
        api.update(dType, namespace, name, next, { internal: true });
      }
      const latest = store.getExisting(dType, namespace, name);
      if (!jsonEqual(latest.status, status))
        api.update(dType, namespace, name, { ...latest, status }, { subresource: 'status', internal: true });
      return requeue;
    },
  };
}

function pick(a: Record<string, string> | undefined, keysOf: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(keysOf)) if (a?.[k] !== undefined) out[k] = a[k];
  return out;
}
