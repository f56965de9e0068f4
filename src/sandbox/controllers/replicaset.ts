/**
 * ReplicaSet controller: keeps `spec.replicas` pods (created from the template with a controller
 * owner reference), deletes surplus pods least-ready first, and reports replicas / ready /
 * available / fullyLabeled counts and observedGeneration.
 */
import { randomBytes } from 'node:crypto';
import type { IReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { uidOf, defined, nameOf, clone, jsonEqual, type KubeObject } from '../object.js';
import { labelSelectorMatcher } from '../selectors.js';
import type { ResourceType } from '../registry.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import { controllerRef, omitZero, ownerRefTo, podActive, podAvailable, podReady, type PodStatusView } from './util.js';

const BURST = 500;

function suffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from(randomBytes(5), (b) => alphabet[b % alphabet.length]).join('');
}

/** Lower rank = deleted first (unscheduled, pending, not ready, more restarts, newer). */
function deletionRank(p: KubeObject): number[] {
  const st = (p.status ?? {}) as PodStatusView & { containerStatuses?: Array<{ restartCount?: number }> };
  const scheduled = (p.spec as { nodeName?: string } | undefined)?.nodeName ? 1 : 0;
  const phase = st.phase === 'Running' ? 2 : st.phase === 'Pending' ? 0 : 1;
  const restarts = (st.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
  return [scheduled, phase, podReady(p) ? 1 : 0, -restarts, -Date.parse(p.metadata.creationTimestamp ?? '0')];
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

type ReplicaSet = KubeObject & IReplicaSet;

/** Creates `count` pods from the ReplicaSet's template (a FailedCreate event and the error when one fails). */
function createPods(deps: ControllerDeps, podType: ResourceType, rs: ReplicaSet, count: number): void {
  const { api, events } = deps;
  const namespace = rs.metadata.namespace;
  const name = nameOf(rs);
  const template = defined(rs.spec?.template, `ReplicaSet ${namespace ?? ''}/${name} spec.template`);
  for (let i = 0; i < count; i++) {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${name}-${suffix()}`,
        namespace,
        labels: clone(template.metadata?.labels ?? {}),
        ...(template.metadata?.annotations ? { annotations: clone(template.metadata.annotations) } : {}),
        ownerReferences: [ownerRefTo(rs)],
      },
      spec: clone(template.spec),
    };
    try {
      const created = api.create(podType, namespace, pod, { internal: true });
      events.record('replicaset-controller', rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      events.record(
        'replicaset-controller',
        rs,
        'Warning',
        'FailedCreate',
        `Error creating: ${(err as Error).message}`,
      );
      throw err;
    }
  }
}

/** Writes the counters from the active pods; returns when to look again (pods that become available by time alone). */
function writeStatus(
  deps: ControllerDeps,
  rsType: ResourceType,
  rs: ReplicaSet,
  now: KubeObject[],
): number | undefined {
  const { api, store, clock } = deps;
  const namespace = rs.metadata.namespace;
  const name = nameOf(rs);
  const selector = labelSelectorMatcher(rs.spec?.selector);
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const available = now.filter((p) => podAvailable(p, minReady, clock.timeFactor)).length;
  const status = omitZero(
    {
      replicas: now.length,
      fullyLabeledReplicas: now.filter((p) => selector.matches(p.metadata.labels)).length,
      readyReplicas: now.filter(podReady).length,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation,
    },
    ['replicas'],
  );
  const current = store.getExisting(rsType, namespace, name);
  if (!jsonEqual({ ...(current.status as object), conditions: undefined }, { ...status, conditions: undefined })) {
    api.update(rsType, namespace, name, { ...current, status }, { subresource: 'status', internal: true });
  }
  if (minReady > 0 && now.some((p) => podReady(p) && !podAvailable(p, minReady, clock.timeFactor)))
    return minReady * 1000;
  return undefined;
}

/** Creates the ReplicaSet controller. */
export function replicaSetController(deps: ControllerDeps): Controller {
  const { api, store, events } = deps;
  const rsType = api.registry.get('apps', 'replicasets');
  const podType = api.registry.get('', 'pods');

  return {
    name: 'replicaset-controller',
    keysFor(e) {
      if (e.resourceKey === 'replicasets.apps') return [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      if (e.resourceKey === 'pods') {
        const ref = controllerRef(e.object) ?? controllerRef(e.previous);
        if (ref?.kind === 'ReplicaSet') return [keyOf(e.object.metadata.namespace, ref.name)];
      }
      return [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const rs = store.get(rsType, namespace, name) as ReplicaSet | undefined;
      if (!rs || rs.metadata.deletionTimestamp) return;
      const uid = uidOf(rs);
      const owned = (): KubeObject[] =>
        store.ownedBy(podType, uid).filter((p) => controllerRef(p)?.uid === uid && podActive(p));
      const active = owned();
      const diff = (rs.spec?.replicas ?? 1) - active.length;
      if (diff > 0) createPods(deps, podType, rs, Math.min(diff, BURST));
      else if (diff < 0) {
        const victims = [...active].sort((a, b) => compareRank(deletionRank(a), deletionRank(b))).slice(0, -diff);
        for (const p of victims) {
          api.delete(podType, namespace, nameOf(p));
          events.record('replicaset-controller', rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
        }
      }
      return writeStatus(deps, rsType, rs, owned());
    },
  };
}
