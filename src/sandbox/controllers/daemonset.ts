/**
 * DaemonSet controller, as on an EKS cluster whose every node is a Fargate node: accepted and
 * stored, but never scheduled. A DaemonSet runs one pod per eligible node; a Fargate node carries
 * the `eks.amazonaws.com/compute-type=fargate:NoSchedule` taint and exists for exactly one pod, so
 * no node is eligible — AWS: "Daemonsets aren't supported on Fargate". The status says so the way
 * the real controller does (desired 0), so `kubectl rollout status` returns at once and the pods
 * the user expected never appear.
 */
import { nameOf, jsonEqual } from '../object.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';

/** Creates the DaemonSet controller. */
export function daemonSetController(deps: ControllerDeps): Controller {
  const { api, store } = deps;
  const dsType = api.registry.get('apps', 'daemonsets');
  return {
    name: 'daemonset-controller',
    keysFor(e) {
      return e.resourceKey === 'daemonsets.apps' ? [keyOf(e.object.metadata.namespace, nameOf(e.object))] : [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const ds = store.get(dsType, namespace, name);
      if (!ds || ds.metadata.deletionTimestamp) return undefined;
      const status = {
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0,
        observedGeneration: ds.metadata.generation,
      };
      if (!jsonEqual(ds.status ?? {}, status))
        api.update(dsType, namespace, name, { ...ds, status }, { subresource: 'status', internal: true });
      return undefined;
    },
  };
}
