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

/** Creates the StatefulSet controller. */
export function statefulSetController(deps: ControllerDeps): Controller {
  const { api, store, clock, events } = deps;
  const stsType = api.registry.get('apps', 'statefulsets');
  const podType = api.registry.get('', 'pods');
  const pvcType = api.registry.get('', 'persistentvolumeclaims');
  const revType = api.registry.get('apps', 'controllerrevisions');

  /**
   * The set's ControllerRevisions (what `kubectl rollout history|undo statefulset` reads): one per
   * template, `<set>-<hash>`, the template as a replace patch in `data`; the update revision always
   * carries the highest number (an undo renumbers the old one), older ones beyond
   * `revisionHistoryLimit` are deleted.
   */
  const recordRevision = (
    sts: KubeObject,
    spec: StatefulSetSpec,
    updateRevision: string,
    currentRevision: string | undefined,
  ): void => {
    const ns = sts.metadata.namespace;
    const uid = uidOf(sts);
    const mine = store.ownedBy(revType, uid).filter((r) => controllerRef(r)?.uid === uid);
    const top = mine.reduce((n, r) => Math.max(n, Number(r.revision ?? 0)), 0);
    const existing = mine.find((r) => r.metadata.name === updateRevision);
    if (!existing) {
      api.create(
        revType,
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
      api.update(revType, ns, updateRevision, { ...existing, revision: top + 1 }, { internal: true });
    }
    const limit = (sts.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit ?? 10;
    const old = store
      .ownedBy(revType, uid)
      .filter(
        (r) =>
          controllerRef(r)?.uid === uid && r.metadata.name !== updateRevision && r.metadata.name !== currentRevision,
      )
      .sort((a, b) => Number(a.revision ?? 0) - Number(b.revision ?? 0));
    for (const r of old.slice(0, Math.max(0, old.length - limit))) api.delete(revType, ns, nameOf(r));
  };

  const phaseOf = (p: KubeObject): string | undefined => (p.status as { phase?: string } | undefined)?.phase;

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
      const sts = store.get(stsType, namespace, name);
      if (!sts || sts.metadata.deletionTimestamp) return undefined;
      const spec = (sts.spec ?? {}) as StatefulSetSpec;
      const replicas = spec.replicas ?? 1;
      const ordered = (spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
      const minReady = spec.minReadySeconds ?? 0;
      const updateRevision = `${name}-${podTemplateHash(templateWithoutHash(spec.template))}`;
      const uid = uidOf(sts);
      recordRevision(
        sts,
        spec,
        updateRevision,
        (sts.status as { currentRevision?: string } | undefined)?.currentRevision,
      );
      const ordinalOf = (p: KubeObject): number => {
        const m = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(p.metadata.name ?? '');
        return m ? Number(m[1]) : -1;
      };
      const owned = (): KubeObject[] =>
        store
          .ownedBy(podType, uid)
          .filter((p) => controllerRef(p)?.uid === uid && ordinalOf(p) >= 0)
          .sort((a, b) => ordinalOf(a) - ordinalOf(b));
      const available = (p: KubeObject): boolean =>
        !p.metadata.deletionTimestamp && phaseOf(p) === 'Running' && podAvailable(p, minReady, clock.timeFactor);
      let again: number | undefined;

      const createPod = (ordinal: number): void => {
        const podName = `${name}-${ordinal}`;
        const volumes = [...(spec.template?.spec?.volumes ?? [])];
        for (const tmpl of spec.volumeClaimTemplates ?? []) {
          const tname = tmpl.metadata?.name ?? '';
          const claimName = `${tname}-${name}-${ordinal}`;
          if (!store.get(pvcType, namespace, claimName)) {
            api.create(
              pvcType,
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
            events.record(
              'statefulset-controller',
              sts,
              'Normal',
              'SuccessfulCreate',
              `create Claim ${claimName} Pod ${podName} in StatefulSet ${name} success`,
            );
          }
          const i = volumes.findIndex((v) => v.name === tname);
          const vol = { name: tname, persistentVolumeClaim: { claimName } };
          if (i >= 0) volumes[i] = vol;
          else volumes.push(vol);
        }
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
              [REVISION_LABEL]: updateRevision,
              'statefulset.kubernetes.io/pod-name': podName,
              'apps.kubernetes.io/pod-index': String(ordinal),
            },
            ...(spec.template?.metadata?.annotations ? { annotations: clone(spec.template.metadata.annotations) } : {}),
            ownerReferences: [ownerRefTo(sts)],
          },
          spec: podSpec,
        };
        try {
          api.create(podType, namespace, pod, { internal: true });
          events.record(
            'statefulset-controller',
            sts,
            'Normal',
            'SuccessfulCreate',
            `create Pod ${podName} in StatefulSet ${name} successful`,
          );
        } catch (err) {
          events.record(
            'statefulset-controller',
            sts,
            'Warning',
            'FailedCreate',
            `create Pod ${podName} in StatefulSet ${name} failed error: ${(err as Error).message}`,
          );
          throw err;
        }
      };
      const deletePod = (p: KubeObject): void => {
        api.delete(podType, namespace, nameOf(p));
        events.record(
          'statefulset-controller',
          sts,
          'Normal',
          'SuccessfulDelete',
          `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`,
        );
      };

      // Failed pods are replaced.
      for (const p of owned()) if (phaseOf(p) === 'Failed' && !p.metadata.deletionTimestamp) deletePod(p);
      let pods = owned().filter((p) => !p.metadata.deletionTimestamp);
      const byOrdinal = new Map(pods.map((p) => [ordinalOf(p), p]));
      // Create missing ordinals (in order; OrderedReady waits for every lower ordinal to be available).
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
        createPod(i);
        if (ordered) break;
      }
      // Scale down from the highest ordinal (one at a time when ordered, once the rest are available).
      const surplus = pods.filter((p) => ordinalOf(p) >= replicas).sort((a, b) => ordinalOf(b) - ordinalOf(a));
      for (const p of surplus) {
        if (ordered && pods.some((q) => ordinalOf(q) < replicas && !available(q))) break;
        deletePod(p);
        if (ordered) break;
      }
      // Rolling update: the highest ordinal not at the update revision goes first, once all are ready.
      pods = owned().filter((p) => !p.metadata.deletionTimestamp);
      const strategy = spec.updateStrategy?.type ?? 'RollingUpdate';
      const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
      if (strategy === 'RollingUpdate' && pods.length === replicas && pods.every(available)) {
        const stale = pods
          .filter((p) => ordinalOf(p) >= partition && p.metadata.labels?.[REVISION_LABEL] !== updateRevision)
          .sort((a, b) => ordinalOf(b) - ordinalOf(a))[0];
        if (stale) deletePod(stale);
      }

      const now = owned().filter((p) => !p.metadata.deletionTimestamp);
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
      for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas'])
        if (status[k] === 0) deleteField(status, k);
      const current = store.getExisting(stsType, namespace, name);
      if (!jsonEqual(current.status ?? {}, status))
        api.update(stsType, namespace, name, { ...current, status }, { subresource: 'status', internal: true });
      if (minReady > 0 && now.some((p) => podReady(p) && !available(p))) again = minReady * 1000;
      return again;
    },
  };
}
