/**
 * What every step of the kubelet shares: the controller's dependencies, the pods it runs, and the
 * small helpers every step uses (timers tied to a pod run, the pod object, events, logs, and
 * publishing the pod status).
 */
import type { ResourceType } from '../../registry.js';
import { jsonEqual } from '../../object.js';
import type { ControllerDeps } from '../index.js';
import { podStatus, type ContainerRun, type Pod, type PodRun } from './model.js';

export class KubeletContext {
  readonly podType: ResourceType;
  readonly nodeType: ResourceType;
  /** The pods this kubelet runs, by uid. */
  readonly runs = new Map<string, PodRun>();

  constructor(readonly deps: ControllerDeps) {
    this.podType = deps.api.registry.get('', 'pods');
    this.nodeType = deps.api.registry.get('', 'nodes');
  }

  get timing(): ControllerDeps['config']['timing'] {
    return this.deps.config.timing;
  }

  /**
   * Runs `fn` after a simulated delay unless the pod run stopped meanwhile or (with a container)
   * the container was restarted or stopped (its epoch moved on).
   */
  after(run: PodRun, c: ContainerRun | undefined, simMs: number, fn: () => void): void {
    const epoch = c?.epoch;
    const cancel = this.deps.clock.after(simMs, () => {
      run.cancels.delete(cancel);
      if (run.stopped || (c && c.epoch !== epoch)) return;
      fn();
    });
    run.cancels.add(cancel);
  }

  /** The stored pod of this run (undefined once it is gone or replaced by a pod of the same name). */
  podObj(run: PodRun): Pod | undefined {
    const p = this.deps.store.get(this.podType, run.namespace, run.name) as Pod | undefined;
    return p && p.metadata.uid === run.uid ? p : undefined;
  }

  event(run: PodRun, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const p = this.podObj(run);
    if (p) this.deps.events.record('kubelet', p, type, reason, message, run.nodeName);
  }

  log(run: PodRun, c: ContainerRun, text: string): void {
    this.deps.logs.append(run.namespace, run.name, c.spec.name, text);
  }

  /** Writes the pod status computed from the runtime state (only when it changed). */
  publish(run: PodRun): void {
    const pod = this.podObj(run);
    if (!pod) return;
    const status = podStatus(run, pod, this.deps.clock.timestamp());
    if (jsonEqual(pod.status, status)) return;
    this.deps.api.update(
      this.podType,
      run.namespace,
      run.name,
      { ...pod, status },
      { subresource: 'status', internal: true },
    );
  }

  /** Exponential back-off (image pulls and crash restarts) after the n-th failure. */
  backOff(n: number): number {
    return Math.min(this.timing.backOffMaxMs, this.timing.backOffBaseMs * 2 ** Math.max(0, n - 1));
  }
}
