/**
 * What the kubelet keeps about each pod it runs (one {@link PodRun} with a {@link ContainerRun}
 * per container), and the pure mapping from that runtime state to the pod's API status: phase,
 * conditions and container statuses.
 */
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { ImageBehaviour } from '../../config.js';
import type { KubeObject } from '../../object.js';
import { setCondition, type Condition } from '../util.js';

export type Pod = KubeObject & IPod;

export type ContainerState =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; startedAt: string }
  | { kind: 'terminated'; reason: string; exitCode: number; startedAt: string; finishedAt: string; message?: string };

export interface ContainerRun {
  spec: IContainer;
  init: boolean;
  behaviour: ImageBehaviour;
  state: ContainerState;
  lastState?: ContainerState;
  ready: boolean;
  started: boolean;
  restartCount: number;
  imagePulled: boolean;
  pullFailures: number;
  crashes: number;
  /** Real ms when the current run started (for slow-start and probe delays). */
  runStartedMs: number;
  /** Bumped on every (re)start; timers of older epochs are ignored. */
  epoch: number;
  readySuccess: number;
  readyFailure: number;
  liveFailure: number;
  startupFailure: number;
  /** The last missing Secret/ConfigMap reported for this container (one event per change). */
  configProblem?: string | undefined;
}

export interface PodRun {
  uid: string;
  namespace: string;
  name: string;
  nodeName: string;
  podIp: string;
  startTime: string;
  containers: ContainerRun[];
  initDone: boolean;
  stopped: boolean;
  /** Graceful termination under way (the pod has a deletionTimestamp). */
  terminating?: boolean;
  cancels: Set<() => void>;
}

/** A container that has not run yet, as the kubelet first sees it. */
export function newContainerRun(spec: IContainer, init: boolean, behaviour: ImageBehaviour): ContainerRun {
  return {
    spec,
    init,
    behaviour,
    state: { kind: 'waiting', reason: 'PodInitializing' },
    ready: false,
    started: false,
    restartCount: 0,
    imagePulled: false,
    pullFailures: 0,
    crashes: 0,
    runStartedMs: 0,
    epoch: 0,
    readySuccess: 0,
    readyFailure: 0,
    liveFailure: 0,
    startupFailure: 0,
  };
}

/** Whether the container ran to completion with exit code 0 (an init container that is done). */
export function succeeded(c: ContainerRun): boolean {
  return c.state.kind === 'terminated' && c.state.exitCode === 0;
}

function apiState(s: ContainerState): Record<string, unknown> {
  if (s.kind === 'waiting')
    return { waiting: s.message ? { reason: s.reason, message: s.message } : { reason: s.reason } };
  if (s.kind === 'running') return { running: { startedAt: s.startedAt } };
  return {
    terminated: {
      exitCode: s.exitCode,
      reason: s.reason,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      ...(s.message ? { message: s.message } : {}),
      containerID: '',
    },
  };
}

function containerStatus(run: PodRun, c: ContainerRun): Record<string, unknown> {
  return {
    name: c.spec.name,
    image: c.spec.image,
    imageID: c.imagePulled ? `${c.spec.image}@sha256:${'0'.repeat(64)}` : '',
    ...(c.state.kind !== 'waiting' || c.restartCount > 0
      ? { containerID: `containerd://${run.uid.replace(/-/g, '')}${c.spec.name}`.slice(0, 77) }
      : {}),
    state: apiState(c.state),
    lastState: c.lastState ? apiState(c.lastState) : {},
    ready: c.ready,
    restartCount: c.restartCount,
    started: c.started,
  };
}

function podPhase(run: PodRun, apps: ContainerRun[], restartPolicy: string): string {
  let phase = 'Pending';
  if (run.initDone && apps.some((c) => c.state.kind === 'running' || c.restartCount > 0)) phase = 'Running';
  if (restartPolicy !== 'Always' && run.initDone && apps.every((c) => c.state.kind === 'terminated')) {
    phase = apps.every(succeeded) ? 'Succeeded' : 'Failed';
  }
  return phase;
}

const conditionOrder = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

function podConditions(run: PodRun, previous: Condition[] | undefined, phase: string, now: string): Condition[] {
  const apps = run.containers.filter((c) => !c.init);
  const inits = run.containers.filter((c) => c.init);
  const allReady = apps.every((c) => c.ready);
  const notReadyNames = apps.filter((c) => !c.ready).map((c) => c.spec.name);
  const notReadyMsg = `containers with unready status: [${notReadyNames.join(' ')}]`;
  const initPending = inits.filter((c) => !succeeded(c)).map((c) => c.spec.name);
  let conditions = setCondition(
    previous,
    { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null },
    now,
  );
  conditions = setCondition(
    conditions,
    run.initDone
      ? { type: 'Initialized', status: 'True', lastProbeTime: null }
      : {
          type: 'Initialized',
          status: 'False',
          reason: 'ContainersNotInitialized',
          message: `containers with incomplete status: [${initPending.join(' ')}]`,
          lastProbeTime: null,
        },
    now,
  );
  // A pod that has run to completion is not ready for the kubelet's own reason (PodCompleted / PodFailed).
  const done = phase === 'Succeeded' ? 'PodCompleted' : phase === 'Failed' ? 'PodFailed' : undefined;
  const notReady = (type: string): Condition =>
    done
      ? { type, status: 'False', reason: done, lastProbeTime: null }
      : { type, status: 'False', reason: 'ContainersNotReady', message: notReadyMsg, lastProbeTime: null };
  conditions = setCondition(
    conditions,
    allReady ? { type: 'Ready', status: 'True', lastProbeTime: null } : notReady('Ready'),
    now,
  );
  conditions = setCondition(
    conditions,
    allReady ? { type: 'ContainersReady', status: 'True', lastProbeTime: null } : notReady('ContainersReady'),
    now,
  );
  conditions = setCondition(conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, now);
  return [...conditions].sort((a, b) => conditionOrder.indexOf(a.type) - conditionOrder.indexOf(b.type));
}

/** The pod status the runtime state stands for (`pod` is the stored pod, for its spec and previous conditions). */
export function podStatus(run: PodRun, pod: Pod, now: string): Record<string, unknown> {
  const apps = run.containers.filter((c) => !c.init);
  const inits = run.containers.filter((c) => c.init);
  const phase = podPhase(run, apps, pod.spec?.restartPolicy ?? 'Always');
  const prev = (pod.status ?? {}) as { conditions?: Condition[] };
  const hasResources = apps.some((c) => c.spec.resources?.requests || c.spec.resources?.limits);
  return {
    phase,
    conditions: podConditions(run, prev.conditions, phase, now),
    hostIP: run.podIp,
    hostIPs: [{ ip: run.podIp }],
    podIP: run.podIp,
    podIPs: [{ ip: run.podIp }],
    startTime: run.startTime,
    ...(inits.length ? { initContainerStatuses: inits.map((c) => containerStatus(run, c)) } : {}),
    containerStatuses: apps.map((c) => containerStatus(run, c)),
    qosClass: hasResources ? 'Burstable' : 'BestEffort',
  };
}
