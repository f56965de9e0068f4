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
import { ControllerRunner } from './runtime.js';

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
  const unsubscribe = deps.store.onEvent(runner.onStoreEvent);
  return {
    runner,
    errors,
    stop() {
      unsubscribe();
      runner.stop();
    },
  };
}
