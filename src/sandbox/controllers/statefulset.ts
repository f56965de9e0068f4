/**
 * StatefulSet controller: stable pod names `<set>-<ordinal>`, with `podManagementPolicy:
 * OrderedReady` (the default) one pod at a time in ordinal order, each waiting for the previous one
 * to be Running and Ready (available after `minReadySeconds`), scale-down from the highest ordinal.
 * Each `volumeClaimTemplates` entry becomes a claim `<template>-<set>-<ordinal>` created before the
 * pod and mounted by it; on Fargate such claims bind only to statically provisioned volumes
 * (volumes.ts), so an EBS-class template leaves pod 0 Pending and the set never grows. Rolling
 * updates replace pods from the highest ordinal down to `partition`, one at a time once all are
 * ready; `OnDelete` waits for the user. Status carries the revisions (`<set>-<template hash>`,
 * also the pods' `controller-revision-hash` label) the way `kubectl rollout status` reads them.
 */
import { deleteField, nameOf, uidOf, clone, jsonEqual, type KubeObject } from '../object.js';
import type { ResourceType } from '../registry.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import { controllerRef, ownerRefTo, podAvailable, podReady, podTemplateHash, templateWithoutHash } from './util.js';

interface StatefulSetSpec {
  replicas?: number;
  serviceName?: string;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  minReadySeconds?: number;
  selector?: { matchLabels?: Record<string, string> };
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number } };
  template?: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown> & { volumes?: Array<Record<string, unknown>> };
  };
  volumeClaimTemplates?: Array<{
    metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown>;
  }>;
}

const REVISION_LABEL = 'controller-revision-hash';

const phaseOf = (p: KubeObject): string | undefined => (p.status as { phase?: string } | undefined)?.phase;

/** The controller's dependencies and the resource types it works with. */
interface StsContext {
  deps: ControllerDeps;
  stsType: ResourceType;
  podType: ResourceType;
  pvcType: ResourceType;
  revType: ResourceType;
}

/** One StatefulSet as one sync sees it. */
interface SetView {
  sts: KubeObject;
  spec: StatefulSetSpec;
  namespace: string | undefined;
  name: string;
  uid: string;
  replicas: number;
  /** `podManagementPolicy: OrderedReady`: one pod at a time, in ordinal order. */
  ordered: boolean;
  minReady: number;
  updateRevision: string;
}

/**
 * The set's ControllerRevisions (what `kubectl rollout history|undo statefulset` reads): one per
 * template, `<set>-<hash>`, the template as a replace patch in `data`; the update revision always
 * carries the highest number (an undo renumbers the old one), older ones beyond
 * `revisionHistoryLimit` are deleted.
 */
function recordRevision(k: StsContext, v: SetView, currentRevision: string | undefined): void {
  const { api, store } = k.deps;
  const { sts, spec, updateRevision, uid } = v;
  const ns = sts.metadata.namespace;
  const mine = store.ownedBy(k.revType, uid).filter((r) => controllerRef(r)?.uid === uid);
  const top = mine.reduce((n, r) => Math.max(n, Number(r.revision ?? 0)), 0);
  const existing = mine.find((r) => r.metadata.name === updateRevision);
  if (!existing) {
    api.create(
      k.revType,
      ns,
      {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name: updateRevision,
          namespace: ns,
          labels: {
            ...(spec.selector?.matchLabels ?? {}),
            'controller.kubernetes.io/hash': updateRevision.slice(updateRevision.lastIndexOf('-') + 1),
          },
          ownerReferences: [ownerRefTo(sts)],
        },
        data: { spec: { template: { ...clone(spec.template ?? {}), $patch: 'replace' } } },
        revision: top + 1,
      },
      { internal: true },
    );
  } else if (Number(existing.revision ?? 0) < top) {
    api.update(k.revType, ns, updateRevision, { ...existing, revision: top + 1 }, { internal: true });
  }
  const limit = (sts.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit ?? 10;
  const old = store
    .ownedBy(k.revType, uid)
    .filter(
      (r) => controllerRef(r)?.uid === uid && r.metadata.name !== updateRevision && r.metadata.name !== currentRevision,
    )
    .sort((a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0));
  for (const r of old.slice(0, Math.max(0, old.length - limit))) api.delete(k.revType, ns, nameOf(r));
}

/** The ordinal in a pod's name `<set>-<ordinal>` (-1 for a pod not named so). */
function ordinalOf(v: SetView, p: KubeObject): number {
  const m = new RegExp(`^${v.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(p.metadata.name ?? '');
  return m ? Number(m[1]) : -1;
}

/** The set's pods as stored now, by ordinal (terminating ones included). */
function ownedPods(k: StsContext, v: SetView): KubeObject[] {
  return k.deps.store
    .ownedBy(k.podType, v.uid)
    .filter((p) => controllerRef(p)?.uid === v.uid && ordinalOf(v, p) >= 0)
    .sort((a, b) => ordinalOf(v, a) - ordinalOf(v, b));
}

const livePods = (k: StsContext, v: SetView): KubeObject[] =>
  ownedPods(k, v).filter((p) => !p.metadata.deletionTimestamp);

function isAvailable(k: StsContext, v: SetView, p: KubeObject): boolean {
  return (
    !p.metadata.deletionTimestamp && phaseOf(p) === 'Running' && podAvailable(p, v.minReady, k.deps.clock.timeFactor)
  );
}

function record(k: StsContext, v: SetView, type: 'Normal' | 'Warning', reason: string, message: string): void {
  k.deps.events.record('statefulset-controller', v.sts, type, reason, message);
}

/** Creates the missing claims of one pod's volumeClaimTemplates; returns the pod's volumes mounting them. */
function createClaims(k: StsContext, v: SetView, ordinal: number, podName: string): Array<Record<string, unknown>> {
  const { spec, namespace, name } = v;
  const volumes = [...(spec.template?.spec?.volumes ?? [])];
  for (const tmpl of spec.volumeClaimTemplates ?? []) {
    const tname = tmpl.metadata?.name ?? '';
    const claimName = `${tname}-${name}-${ordinal}`;
    if (!k.deps.store.get(k.pvcType, namespace, claimName)) {
      k.deps.api.create(
        k.pvcType,
        namespace,
        {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: {
            name: claimName,
            namespace,
            labels: { ...(spec.selector?.matchLabels ?? {}), ...(tmpl.metadata?.labels ?? {}) },
            ...(tmpl.metadata?.annotations ? { annotations: { ...tmpl.metadata.annotations } } : {}),
          },
          spec: clone(tmpl.spec ?? {}),
        },
        { internal: true },
      );
      record(
        k,
        v,
        'Normal',
        'SuccessfulCreate',
        `create Claim ${claimName} Pod ${podName} in StatefulSet ${name} success`,
      );
    }
    const i = volumes.findIndex((vol) => vol.name === tname);
    const vol = { name: tname, persistentVolumeClaim: { claimName } };
    if (i >= 0) volumes[i] = vol;
    else volumes.push(vol);
  }
  return volumes;
}

/** Creates the pod of one ordinal (its claims first), at the update revision. */
function createPod(k: StsContext, v: SetView, ordinal: number): void {
  const { spec, namespace, name } = v;
  const podName = `${name}-${ordinal}`;
  const volumes = createClaims(k, v, ordinal, podName);
  const podSpec = {
    ...clone(spec.template?.spec ?? {}),
    hostname: podName,
    ...(spec.serviceName ? { subdomain: spec.serviceName } : {}),
    ...(volumes.length ? { volumes } : {}),
  };
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName,
      namespace,
      labels: {
        ...clone(spec.template?.metadata?.labels ?? {}),
        [REVISION_LABEL]: v.updateRevision,
        'statefulset.kubernetes.io/pod-name': podName,
        'apps.kubernetes.io/pod-index': String(ordinal),
      },
      ...(spec.template?.metadata?.annotations ? { annotations: clone(spec.template.metadata.annotations) } : {}),
      ownerReferences: [ownerRefTo(v.sts)],
    },
    spec: podSpec,
  };
  try {
    k.deps.api.create(k.podType, namespace, pod, { internal: true });
    record(k, v, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${name} successful`);
  } catch (err) {
    record(
      k,
      v,
      'Warning',
      'FailedCreate',
      `create Pod ${podName} in StatefulSet ${name} failed error: ${(err as Error).message}`,
    );
    throw err;
  }
}

function deletePod(k: StsContext, v: SetView, p: KubeObject): void {
  k.deps.api.delete(k.podType, v.namespace, nameOf(p));
  record(k, v, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${v.name} successful`);
}

/**
 * One step toward the spec: failed pods are replaced, missing ordinals created (OrderedReady
 * waits for every lower ordinal to be available), surplus ordinals removed from the highest, and
 * a rolling update replaces the highest stale pod at or above the partition once all are ready.
 */
function reconcilePods(k: StsContext, v: SetView): void {
  const { replicas, ordered, spec } = v;
  const available = (p: KubeObject): boolean => isAvailable(k, v, p);
  for (const p of ownedPods(k, v)) if (phaseOf(p) === 'Failed' && !p.metadata.deletionTimestamp) deletePod(k, v, p);
  let pods = livePods(k, v);
  const byOrdinal = new Map(pods.map((p) => [ordinalOf(v, p), p]));
  for (let i = 0; i < replicas; i++) {
    if (byOrdinal.has(i)) continue;
    if (
      ordered &&
      [...Array(i).keys()].some((j) => {
        const lower = byOrdinal.get(j);
        return !lower || !available(lower);
      })
    )
      break;
    createPod(k, v, i);
    if (ordered) break;
  }
  const surplus = pods.filter((p) => ordinalOf(v, p) >= replicas).sort((a, b) => ordinalOf(v, b) - ordinalOf(v, a));
  for (const p of surplus) {
    if (ordered && pods.some((q) => ordinalOf(v, q) < replicas && !available(q))) break;
    deletePod(k, v, p);
    if (ordered) break;
  }
  pods = livePods(k, v);
  const strategy = spec.updateStrategy?.type ?? 'RollingUpdate';
  const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (strategy === 'RollingUpdate' && pods.length === replicas && pods.every(available)) {
    const stale = pods
      .filter((p) => ordinalOf(v, p) >= partition && p.metadata.labels?.[REVISION_LABEL] !== v.updateRevision)
      .sort((a, b) => ordinalOf(v, b) - ordinalOf(v, a))[0];
    if (stale) deletePod(k, v, stale);
  }
}

/** Writes the status from the pods as they are now; returns when to look again (minReadySeconds). */
function writeStatus(k: StsContext, v: SetView): number | undefined {
  const { api, store } = k.deps;
  const { sts, replicas, updateRevision, namespace, name } = v;
  const available = (p: KubeObject): boolean => isAvailable(k, v, p);
  const now = livePods(k, v);
  const prev = (sts.status ?? {}) as { currentRevision?: string };
  const updated = now.filter((p) => p.metadata.labels?.[REVISION_LABEL] === updateRevision).length;
  const currentRevision =
    updated === replicas && now.length === replicas && now.every(podReady)
      ? updateRevision
      : (prev.currentRevision ?? updateRevision);
  const status: Record<string, unknown> = {
    observedGeneration: sts.metadata.generation,
    replicas: now.length,
    readyReplicas: now.filter(podReady).length,
    currentReplicas: now.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length,
    updatedReplicas: updated,
    availableReplicas: now.filter(available).length,
    currentRevision,
    updateRevision,
    collisionCount: 0,
  };
  for (const key of ['readyReplicas', 'currentReplicas', 'updatedReplicas'])
    if (status[key] === 0) deleteField(status, key);
  const current = store.getExisting(k.stsType, namespace, name);
  if (!jsonEqual(current.status ?? {}, status))
    api.update(k.stsType, namespace, name, { ...current, status }, { subresource: 'status', internal: true });
  return v.minReady > 0 && now.some((p) => podReady(p) && !available(p)) ? v.minReady * 1000 : undefined;
}

/** Creates the StatefulSet controller. */
export function statefulSetController(deps: ControllerDeps): Controller {
  const { api, store } = deps;
  const k: StsContext = {
    deps,
    stsType: api.registry.get('apps', 'statefulsets'),
    podType: api.registry.get('', 'pods'),
    pvcType: api.registry.get('', 'persistentvolumeclaims'),
    revType: api.registry.get('apps', 'controllerrevisions'),
  };
  return {
    name: 'statefulset-controller',
    keysFor(e) {
      if (e.resourceKey === 'statefulsets.apps') return [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      if (e.resourceKey === 'pods') {
        const ref = controllerRef(e.object) ?? controllerRef(e.previous);
        if (ref?.kind === 'StatefulSet') return [keyOf(e.object.metadata.namespace, ref.name)];
      }
      return [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const sts = store.get(k.stsType, namespace, name);
      if (!sts || sts.metadata.deletionTimestamp) return undefined;
      const spec = (sts.spec ?? {}) as StatefulSetSpec;
      const v: SetView = {
        sts,
        spec,
        namespace,
        name,
        uid: uidOf(sts),
        replicas: spec.replicas ?? 1,
        ordered: (spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady',
        minReady: spec.minReadySeconds ?? 0,
        updateRevision: `${name}-${podTemplateHash(templateWithoutHash(spec.template))}`,
      };
      recordRevision(k, v, (sts.status as { currentRevision?: string } | undefined)?.currentRevision);
      reconcilePods(k, v);
      return writeStatus(k, v);
    },
  };
}
