/**
 * The kubelet of every Fargate node: pulls images (against the configured registry: a missing
 * image goes ErrImagePull → ImagePullBackOff with exponential back-off), runs init containers in
 * order and then the app containers, plays each image's behaviour (healthy, crashloop,
 * never-ready, slow-start, http-500, oomkilled), honours startup/readiness/liveness probes with
 * their delays, periods and thresholds, restarts with CrashLoopBackOff back-off, and keeps the
 * pod's phase, conditions, container statuses, events and log lines up to date.
 *
 * This file is the controller and the pod's start and end; kubelet/containers.ts is the life of
 * one container, kubelet/model.ts the runtime state and the status it publishes.
 */
import type { ILifecycleHandler } from 'kubernetes-models/v1/LifecycleHandler';
import { behaviourOf } from '../config.js';
import { clone, defined, nameOf, uidOf } from '../object.js';
import type { ControllerDeps } from './index.js';
import { startNextInit } from './kubelet/containers.js';
import { KubeletContext } from './kubelet/context.js';
import { newContainerRun, type ContainerRun, type Pod, type PodRun } from './kubelet/model.js';
import { keyOf, splitKey, type Controller } from './runtime.js';

/** Starts running a pod bound to a node: its init containers first. */
function begin(k: KubeletContext, pod: Pod): void {
  const nodeName = defined(pod.spec?.nodeName, `spec.nodeName of the bound pod ${nameOf(pod)}`);
  const node = k.deps.store.get(k.nodeType, undefined, nodeName);
  const ip =
    ((node?.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses ?? []).find(
      (a) => a.type === 'InternalIP',
    )?.address ?? '10.0.0.1';
  const images = k.deps.config.images;
  const specs = [
    ...(pod.spec?.initContainers ?? []).map((spec) => ({ spec, init: true })),
    ...(pod.spec?.containers ?? []).map((spec) => ({ spec, init: false })),
  ];
  const run: PodRun = {
    uid: uidOf(pod),
    namespace: defined(pod.metadata.namespace, `metadata.namespace of the pod ${nameOf(pod)}`),
    name: nameOf(pod),
    nodeName,
    podIp: ip,
    startTime: k.deps.clock.timestamp(),
    containers: specs.map(({ spec, init }) =>
      newContainerRun(clone(spec), init, behaviourOf(images, spec.image ?? '')),
    ),
    initDone: false,
    stopped: false,
    cancels: new Set(),
  };
  k.runs.set(run.uid, run);
  for (const c of run.containers)
    if (!c.init)
      c.state = {
        kind: 'waiting',
        reason: run.containers.some((x) => x.init) ? 'PodInitializing' : 'ContainerCreating',
      };
  k.publish(run);
  startNextInit(k, run);
}

function describeHook(preStop: ILifecycleHandler): string {
  if (preStop.sleep) return `sleep ${preStop.sleep.seconds}s`;
  if (preStop.exec) return `exec ${JSON.stringify(preStop.exec.command ?? [])}`;
  if (preStop.httpGet) return `GET ${preStop.httpGet.path ?? '/'} :${String(preStop.httpGet.port)}`;
  return 'tcpSocket';
}

/**
 * Stops one running container of a terminating pod: its preStop hook, then SIGTERM, or a kill
 * when the grace period runs out first. Returns when (simulated ms) the container will be stopped.
 */
function stopContainer(k: KubeletContext, run: PodRun, c: ContainerRun, graceMs: number): number {
  const preStop = c.spec.lifecycle?.preStop;
  k.event(run, 'Normal', 'Killing', `Stopping container ${c.spec.name}`);
  const hookMs = preStop?.sleep ? preStop.sleep.seconds * 1000 : 0;
  if (preStop) k.log(run, c, `[sandbox] preStop hook: ${describeHook(preStop)}`);
  const killed = hookMs > graceMs;
  const stopMs = Math.min(hookMs, graceMs);
  const epoch = c.epoch;
  k.after(run, undefined, stopMs, () => {
    if (c.epoch !== epoch || c.state.kind !== 'running') return;
    if (killed)
      k.event(
        run,
        'Warning',
        'FailedPreStopHook',
        `PreStopHook failed: grace period of ${graceMs / 1000}s expired before the hook completed`,
      );
    else k.log(run, c, '[sandbox] SIGTERM received, exiting');
    c.state = {
      kind: 'terminated',
      reason: killed ? 'Error' : 'Completed',
      exitCode: killed ? 137 : 0,
      startedAt: c.state.startedAt,
      finishedAt: k.deps.clock.timestamp(),
    };
    k.publish(run);
  });
  return stopMs;
}

/**
 * Graceful termination of a pod marked for deletion: every container goes unready (the pod
 * leaves the Service endpoints), its preStop hook runs (`sleep` takes its seconds; exec/httpGet
 * hooks are logged), then it gets SIGTERM and the emulated app exits at once — unless the grace
 * period runs out first: then it is killed (exit 137, a FailedPreStopHook event when the hook was
 * still running). Finally the pod is deleted with grace 0, as the kubelet does.
 */
function terminatePod(k: KubeletContext, run: PodRun, pod: Pod): void {
  run.terminating = true;
  const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  for (const c of run.containers) {
    c.epoch++; // probes, crash and restart timers of the running instance stop
    c.ready = false;
  }
  let lastMs = 0;
  for (const c of run.containers.filter((x) => x.state.kind === 'running'))
    lastMs = Math.max(lastMs, stopContainer(k, run, c, graceMs));
  k.publish(run);
  k.after(run, undefined, lastMs, () => {
    if (k.podObj(run))
      k.deps.api.delete(k.podType, run.namespace, run.name, {
        gracePeriodSeconds: 0,
        preconditions: { uid: run.uid },
      });
  });
}

/** A pod is gone: its timers stop and its logs are dropped. */
function forget(k: KubeletContext, uid: string): void {
  const run = k.runs.get(uid);
  if (!run) return;
  run.stopped = true;
  for (const cancel of run.cancels) cancel();
  k.runs.delete(uid);
  k.deps.logs.forget(run.namespace, run.name);
}

/** Creates the kubelet controller. */
export function kubelet(deps: ControllerDeps): Controller {
  const k = new KubeletContext(deps);
  const { api, store } = deps;
  return {
    name: 'kubelet',
    keysFor(e) {
      if (e.resourceKey !== 'pods') return [];
      const uid = uidOf(e.object);
      if (e.type === 'DELETED') {
        forget(k, uid);
        return [];
      }
      const nodeName = (e.object.spec as { nodeName?: string } | undefined)?.nodeName;
      const run = k.runs.get(uid);
      if (run && e.object.metadata.deletionTimestamp && !run.terminating)
        return [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      if (!nodeName || run) return [];
      return [keyOf(e.object.metadata.namespace, nameOf(e.object))];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const pod = store.get(k.podType, namespace, name) as Pod | undefined;
      if (!pod || !pod.spec?.nodeName) return undefined;
      const run = k.runs.get(uidOf(pod));
      if (pod.metadata.deletionTimestamp) {
        if (run && !run.terminating) terminatePod(k, run, pod);
        else if (!run)
          api.delete(k.podType, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
        return undefined;
      }
      if (run) return undefined;
      begin(k, pod);
      return undefined;
    },
  };
}
