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

/** Creates the EndpointSlice controller. */
export function endpointSliceController(deps: ControllerDeps): Controller {
  const { api, store } = deps;
  const svcType = api.registry.get('', 'services');
  const epType = api.registry.get('', 'endpoints');
  const sliceType = api.registry.get('discovery.k8s.io', 'endpointslices');
  const nodeType = api.registry.get('', 'nodes');

  const sliceName = (svc: KubeObject): string => {
    const h = createHash('sha256')
      .update(svc.metadata.uid ?? svc.metadata.name ?? '')
      .digest();
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    return `${svc.metadata.name}-${Array.from(h.subarray(0, 5), (b) => alphabet[b % alphabet.length]).join('')}`.slice(
      0,
      253,
    );
  };

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
      const ep = store.get(epType, namespace, name);
      const selector = (svc?.spec as { selector?: Record<string, string> } | undefined)?.selector;
      if (!svc || svc.metadata.deletionTimestamp || !selector || Object.keys(selector).length === 0) {
        for (const s of mine) api.delete(sliceType, namespace, nameOf(s));
        return undefined;
      }
      const subsets = (ep?.subsets ?? []) as Subset[];
      const zoneOf = (nodeName: string | undefined): string | undefined =>
        nodeName
          ? store.get(nodeType, undefined, nodeName)?.metadata.labels?.['topology.kubernetes.io/zone']
          : undefined;
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
      const ports =
        subsets[0]?.ports?.map((p) => ({
          ...(p.name !== undefined ? { name: p.name } : { name: '' }),
          port: p.port,
          protocol: p.protocol ?? 'TCP',
        })) ?? [];
      const desiredName = sliceName(svc);
      const labels = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME]: name, [MANAGED_BY]: CONTROLLER };
      const body: KubeObject = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: desiredName,
          namespace,
          labels,
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
        endpoints,
        ports,
      };
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
