/**
 * Installs the in-process controllers on a store. Each controller is one file; this is the
 * place to add another.
 */
import type { SandboxClock } from '../clock.js';
import type { SandboxConfig } from '../config.js';
import type { EventRecorder } from '../events.js';
import type { PodLogs } from '../logs.js';
import type { ObjectApi } from '../objects.js';
import type { ObjectStore } from '../store.js';
import { cronJobAdmission, cronJobController } from './cronjob.js';
import { daemonSetController } from './daemonset.js';
import { deploymentController } from './deployment.js';
import { disruptionController } from './disruption.js';
import { endpointSliceController } from './endpointslice.js';
import { hpaController } from './hpa.js';
import { jobAdmission, jobController } from './job.js';
import { statefulSetController } from './statefulset.js';
import { defaultStorageClassAdmission, volumeBinder } from './volumes.js';
import { endpointsController } from './endpoints.js';
import { garbageCollector } from './gc.js';
import { kubelet } from './kubelet.js';
import { replicaSetController } from './replicaset.js';
import { ControllerRunner } from './runtime.js';
import { fargateAdmission, fargateScheduler } from './scheduler.js';

/** What controllers get. */
export interface ControllerDeps {
  api: ObjectApi;
  store: ObjectStore;
  clock: SandboxClock;
  config: SandboxConfig;
  events: EventRecorder;
  logs: PodLogs;
}

/** Handle on the running controllers. */
export interface InstalledControllers {
  readonly runner: ControllerRunner;
  /** Errors controllers hit (also printed as process warnings). */
  readonly errors: Array<{ controller: string; key: string; message: string }>;
  stop(): void;
}

/** Creates and starts every controller. */
export function installControllers(deps: ControllerDeps): InstalledControllers {
  const errors: InstalledControllers['errors'] = [];
  const runner = new ControllerRunner(deps.clock, (controller, key, err) => {
    const message = err instanceof Error ? err.message : String(err);
    errors.push({ controller, key, message });
    if (errors.length > 1000) errors.shift();
  });
  deps.clock.onError = (err) => {
    errors.push({ controller: 'timer', key: '', message: err instanceof Error ? err.message : String(err) });
    if (errors.length > 1000) errors.shift();
  };
  deps.api.admission.push(
    fargateAdmission(deps),
    jobAdmission(),
    cronJobAdmission(),
    defaultStorageClassAdmission(deps.api),
  );
  for (const c of [
    garbageCollector(deps),
    deploymentController(deps),
    replicaSetController(deps),
    statefulSetController(deps),
    daemonSetController(deps),
    jobController(deps),
    cronJobController(deps),
    volumeBinder(deps),
    fargateScheduler(deps),
    kubelet(deps),
    endpointsController(deps),
    endpointSliceController(deps),
    disruptionController(deps),
    hpaController(deps),
  ])
    runner.add(c);
  const unsubscribe = deps.store.onEvent(runner.onStoreEvent);
  // Objects created before the runner subscribed (bootstrap namespaces) still need a sync.
  for (const t of deps.api.registry.types) {
    for (const o of deps.store.list(t).items)
      runner.onStoreEvent({
        type: 'ADDED',
        resourceKey: t.group ? `${t.resource}.${t.group}` : t.resource,
        rv: Number(o.metadata.resourceVersion),
        object: o,
      });
  }
  return {
    runner,
    errors,
    stop() {
      unsubscribe();
      runner.stop();
    },
  };
}
