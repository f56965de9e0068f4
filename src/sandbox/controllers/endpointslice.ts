/**
 * EndpointSlice controller: next to each Service's Endpoints, one `discovery.k8s.io/v1`
 * EndpointSlice `<service>-<5 chars>` (IPv4) with the same pods — `conditions.ready/serving/
 * terminating`, `targetRef`, `nodeName`, `zone` — and ports, labelled
 * `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by:
 * endpointslice-controller.k8s.io` and owned by the Service (so it goes with it). It follows the
 * Endpoints object the endpoints controller keeps, so both always say the same.
 */
import { createHash } from 'node:crypto';
import { nameOf, uidOf, jsonEqual, type KubeObject } from '../object.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';

const SERVICE_NAME = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLER = 'endpointslice-controller.k8s.io';

interface Address {
  ip: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace?: string; name?: string; uid?: string };
}
interface Subset {
  addresses?: Address[];
  notReadyAddresses?: Address[];
  ports?: Array<{ name?: string; port: number; protocol?: string }>;
}

/** The slice's stable name: `<service>-<5 chars>` derived from the Service's uid. */
function sliceName(svc: KubeObject): string {
  const h = createHash('sha256')
    .update(svc.metadata.uid ?? svc.metadata.name ?? '')
    .digest();
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return `${svc.metadata.name}-${Array.from(h.subarray(0, 5), (b) => alphabet[b % alphabet.length]).join('')}`.slice(
    0,
    253,
  );
}

/** The Endpoints' addresses as slice endpoints (ready ones first), with their node's zone. */
function sliceEndpoints(
  subsets: Subset[],
  zoneOf: (nodeName: string | undefined) => string | undefined,
): Array<Record<string, unknown>> {
  const endpoints: Array<Record<string, unknown>> = [];
  for (const s of subsets) {
    for (const [list, ready] of [
      [s.addresses ?? [], true],
      [s.notReadyAddresses ?? [], false],
    ] as const) {
      for (const a of list) {
        const zone = zoneOf(a.nodeName);
        endpoints.push({
          addresses: [a.ip],
          conditions: { ready, serving: ready, terminating: false },
          ...(a.targetRef
            ? {
                targetRef: {
                  kind: a.targetRef.kind,
                  namespace: a.targetRef.namespace,
                  name: a.targetRef.name,
                  uid: a.targetRef.uid,
                },
              }
            : {}),
          ...(a.nodeName ? { nodeName: a.nodeName } : {}),
          ...(zone ? { zone } : {}),
        });
      }
    }
  }
  return endpoints;
}

/** The slice this Service should have, given its endpoints and ports. */
function desiredSlice(
  svc: KubeObject,
  namespace: string | undefined,
  name: string,
  content: { endpoints: Array<Record<string, unknown>>; ports: Array<Record<string, unknown>> },
): KubeObject & { metadata: { name: string; labels: Record<string, string> } } {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: sliceName(svc),
      namespace,
      labels: { ...(svc.metadata.labels ?? {}), [SERVICE_NAME]: name, [MANAGED_BY]: CONTROLLER },
      generateName: `${name}-`,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name,
          uid: uidOf(svc),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: 'IPv4',
    ...content,
  };
}

/** Creates the EndpointSlice controller. */
export function endpointSliceController(deps: ControllerDeps): Controller {
  const { api, store } = deps;
  const svcType = api.registry.get('', 'services');
  const epType = api.registry.get('', 'endpoints');
  const sliceType = api.registry.get('discovery.k8s.io', 'endpointslices');
  const nodeType = api.registry.get('', 'nodes');
  const zoneOf = (nodeName: string | undefined): string | undefined =>
    nodeName ? store.get(nodeType, undefined, nodeName)?.metadata.labels?.['topology.kubernetes.io/zone'] : undefined;

  return {
    name: 'endpointslice-controller',
    keysFor(e) {
      if (e.resourceKey === 'endpoints' || e.resourceKey === 'services')
        return [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      return [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const svc = store.get(svcType, namespace, name);
      const mine = store
        .list(sliceType, namespace)
        .items.filter(
          (s) => s.metadata.labels?.[SERVICE_NAME] === name && s.metadata.labels[MANAGED_BY] === CONTROLLER,
        );
      const selector = (svc?.spec as { selector?: Record<string, string> } | undefined)?.selector;
      if (!svc || svc.metadata.deletionTimestamp || !selector || Object.keys(selector).length === 0) {
        for (const s of mine) api.delete(sliceType, namespace, nameOf(s));
        return undefined;
      }
      const subsets = (store.get(epType, namespace, name)?.subsets ?? []) as Subset[];
      const endpoints = sliceEndpoints(subsets, zoneOf);
      const ports =
        subsets[0]?.ports?.map((p) => ({
          ...(p.name !== undefined ? { name: p.name } : { name: '' }),
          port: p.port,
          protocol: p.protocol ?? 'TCP',
        })) ?? [];
      const body = desiredSlice(svc, namespace, name, { endpoints, ports });
      const { name: desiredName, labels } = body.metadata;
      const existing = mine.find((s) => s.metadata.name === desiredName);
      for (const s of mine) if (s !== existing) api.delete(sliceType, namespace, nameOf(s));
      if (!existing) api.create(sliceType, namespace, body, { internal: true });
      else if (
        !jsonEqual(existing.endpoints ?? [], endpoints) ||
        !jsonEqual(existing.ports ?? [], ports) ||
        !jsonEqual(existing.metadata.labels ?? {}, labels)
      ) {
        api.update(
          sliceType,
          namespace,
          desiredName,
          { ...existing, metadata: { ...existing.metadata, labels }, endpoints, ports },
          { internal: true },
        );
      }
      return undefined;
    },
  };
}
