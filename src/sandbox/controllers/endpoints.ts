/**
 * Endpoints controller: for each Service with a selector, an Endpoints object listing ready pods
 * under `addresses` and the others under `notReadyAddresses`, with the service ports resolved to
 * container ports (named target ports looked up in the pod spec).
 */
import type { IService } from 'kubernetes-models/v1/Service';
import { nameOf, jsonEqual, type KubeObject } from '../object.js';
import { labelSelectorMatcher } from '../selectors.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import { podReady } from './util.js';

type Service = KubeObject & IService;

type PodContainers = Array<{ ports?: Array<{ name?: string; containerPort: number }> }>;

/** A service's target port as a number: a named port is looked up in the pods' containers. */
function resolvePort(pods: KubeObject[], target: number | string | undefined, fallback: number): number {
  if (typeof target === 'number') return target;
  if (target === undefined) return fallback;
  if (/^\d+$/.test(target)) return Number(target);
  for (const p of pods) {
    for (const c of (p.spec as { containers?: PodContainers }).containers ?? []) {
      const hit = c.ports?.find((cp) => cp.name === target);
      if (hit) return hit.containerPort;
    }
  }
  return fallback;
}

/** The Endpoints subsets of a Service over its pods with an IP: ready ones under `addresses`, the others under `notReadyAddresses`. */
function subsetsFor(svc: Service, pods: KubeObject[], namespace: string | undefined): unknown[] | undefined {
  const address = (p: KubeObject): Record<string, unknown> => ({
    ip: (p.status as { podIP: string }).podIP,
    nodeName: (p.spec as { nodeName?: string }).nodeName,
    targetRef: { kind: 'Pod', namespace, name: p.metadata.name, uid: p.metadata.uid },
  });
  const ports = (svc.spec?.ports ?? []).map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    port: resolvePort(pods, p.targetPort, p.port),
    protocol: p.protocol ?? 'TCP',
  }));
  const ready = pods.filter(podReady).map(address);
  const notReady = pods.filter((p) => !podReady(p)).map(address);
  if (!ready.length && !notReady.length) return undefined;
  return [
    {
      ...(ready.length ? { addresses: ready } : {}),
      ...(notReady.length ? { notReadyAddresses: notReady } : {}),
      ports,
    },
  ];
}

/** Creates the endpoints controller. */
export function endpointsController(deps: ControllerDeps): Controller {
  const { api, store } = deps;
  const svcType = api.registry.get('', 'services');
  const podType = api.registry.get('', 'pods');
  const epType = api.registry.get('', 'endpoints');

  const servicesSelecting = (pod: KubeObject | undefined): string[] => {
    if (!pod) return [];
    return store
      .list(svcType, pod.metadata.namespace)
      .items.filter((s) => {
        const sel = (s as Service).spec?.selector;
        return (
          sel && Object.keys(sel).length > 0 && labelSelectorMatcher({ matchLabels: sel }).matches(pod.metadata.labels)
        );
      })
      .map((s) => keyOf(s.metadata.namespace, nameOf(s)));
  };

  return {
    name: 'endpoints-controller',
    keysFor(e) {
      if (e.resourceKey === 'services') return [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      if (e.resourceKey === 'pods')
        return [...new Set([...servicesSelecting(e.object), ...servicesSelecting(e.previous)])];
      return [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const svc = store.get(svcType, namespace, name) as Service | undefined;
      const existing = store.get(epType, namespace, name);
      if (!svc || svc.metadata.deletionTimestamp) {
        if (existing && !existing.metadata.labels?.['endpoints.sandbox/manual']) api.delete(epType, namespace, name);
        return undefined;
      }
      const sel = svc.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) return undefined;
      const matcher = labelSelectorMatcher({ matchLabels: sel });
      const pods = store
        .list(podType, namespace)
        .items.filter(
          (p) =>
            matcher.matches(p.metadata.labels) &&
            !p.metadata.deletionTimestamp &&
            (p.status as { podIP?: string } | undefined)?.podIP,
        );
      const subsets = subsetsFor(svc, pods, namespace);
      const labels = { ...(svc.metadata.labels ?? {}) };
      if (!existing) {
        api.create(
          epType,
          namespace,
          {
            apiVersion: 'v1',
            kind: 'Endpoints',
            metadata: { name, namespace, labels },
            ...(subsets ? { subsets } : {}),
          },
          { internal: true },
        );
      } else if (!jsonEqual(existing.subsets, subsets) || !jsonEqual(existing.metadata.labels ?? {}, labels)) {
        api.update(
          epType,
          namespace,
          name,
          { ...existing, metadata: { ...existing.metadata, labels }, subsets },
          { internal: true },
        );
      }
      return undefined;
    },
  };
}
