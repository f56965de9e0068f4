/**
 * The kubelet of every Fargate node: pulls images (against the configured registry: a missing
 * image goes ErrImagePull → ImagePullBackOff with exponential back-off), runs init containers in
 * order and then the app containers, plays each image's behaviour (healthy, crashloop,
 * never-ready, slow-start, http-500, oomkilled), honours startup/readiness/liveness probes with
 * their delays, periods and thresholds, restarts with CrashLoopBackOff back-off, and keeps the
 * pod's phase, conditions, container statuses, events and log lines up to date.
 */
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { behaviourOf, imageExists, type ImageBehaviour } from '../config.js';
import { defined, nameOf, uidOf, clone, jsonEqual, type KubeObject } from '../object.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import { setCondition, type Condition } from './util.js';

type Pod = KubeObject & IPod;

type ContainerState =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; startedAt: string }
  | { kind: 'terminated'; reason: string; exitCode: number; startedAt: string; finishedAt: string; message?: string };

interface ContainerRun {
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

interface PodRun {
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

function probeOutcome(
  behaviour: ImageBehaviour,
  kind: 'readiness' | 'liveness' | 'startup',
  probe: IProbe,
  sinceStartSimMs: number,
  slowStartMs: number,
  ip: string,
): { ok: boolean; message: string } {
  const http = probe.httpGet !== undefined;
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? '';
  const fail500 = { ok: false, message: `HTTP probe failed with statuscode: 500` };
  const refused = {
    ok: false,
    message: http
      ? `Get "http://${ip}:${port}${probe.httpGet?.path ?? '/'}": dial tcp ${ip}:${port}: connect: connection refused`
      : `dial tcp ${ip}:${port}: connect: connection refused`,
  };
  switch (behaviour) {
    case 'never-ready':
      return kind === 'readiness'
        ? http
          ? { ok: false, message: 'HTTP probe failed with statuscode: 503' }
          : refused
        : { ok: true, message: '' };
    case 'http-500':
      return http ? fail500 : { ok: true, message: '' };
    case 'slow-start':
      return sinceStartSimMs >= slowStartMs ? { ok: true, message: '' } : refused;
    default:
      return { ok: true, message: '' };
  }
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

/** Creates the kubelet controller. */
export function kubelet(deps: ControllerDeps): Controller {
  const { api, store, clock, config, events, logs } = deps;
  const podType = api.registry.get('', 'pods');
  const nodeType = api.registry.get('', 'nodes');
  const runs = new Map<string, PodRun>();
  const timing = config.timing;

  const after = (run: PodRun, c: ContainerRun | undefined, simMs: number, fn: () => void): void => {
    const epoch = c?.epoch;
    const cancel = clock.after(simMs, () => {
      run.cancels.delete(cancel);
      if (run.stopped || (c && c.epoch !== epoch)) return;
      fn();
    });
    run.cancels.add(cancel);
  };

  const podObj = (run: PodRun): Pod | undefined => {
    const p = store.get(podType, run.namespace, run.name) as Pod | undefined;
    return p && p.metadata.uid === run.uid ? p : undefined;
  };

  const event = (run: PodRun, type: 'Normal' | 'Warning', reason: string, message: string): void => {
    const p = podObj(run);
    if (p) events.record('kubelet', p, type, reason, message, run.nodeName);
  };

  const log = (run: PodRun, c: ContainerRun, text: string): void => {
    logs.append(run.namespace, run.name, c.spec.name, text);
  };

  /** Writes the pod status computed from the runtime state (only when it changed). */
  const publish = (run: PodRun): void => {
    const pod = podObj(run);
    if (!pod) return;
    const now = clock.timestamp();
    const apps = run.containers.filter((c) => !c.init);
    const inits = run.containers.filter((c) => c.init);
    const toStatus = (c: ContainerRun): Record<string, unknown> => ({
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
    });
    const allReady = apps.every((c) => c.ready);
    const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
    const allTerminated = apps.every((c) => c.state.kind === 'terminated');
    let phase = 'Pending';
    if (run.initDone && apps.some((c) => c.state.kind === 'running' || c.restartCount > 0)) phase = 'Running';
    if (restartPolicy !== 'Always' && run.initDone && allTerminated) {
      phase = apps.every((c) => c.state.kind === 'terminated' && c.state.exitCode === 0) ? 'Succeeded' : 'Failed';
    }
    const prev = (pod.status ?? {}) as { conditions?: Condition[] };
    let conditions = prev.conditions;
    const notReadyNames = apps.filter((c) => !c.ready).map((c) => c.spec.name);
    const notReadyMsg = `containers with unready status: [${notReadyNames.join(' ')}]`;
    const initPending = inits
      .filter((c) => !(c.state.kind === 'terminated' && c.state.exitCode === 0))
      .map((c) => c.spec.name);
    conditions = setCondition(
      conditions,
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
    const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
    conditions = [...conditions].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
    const hasResources = apps.some((c) => c.spec.resources?.requests || c.spec.resources?.limits);
    const status: Record<string, unknown> = {
      phase,
      conditions,
      hostIP: run.podIp,
      hostIPs: [{ ip: run.podIp }],
      podIP: run.podIp,
      podIPs: [{ ip: run.podIp }],
      startTime: run.startTime,
      ...(inits.length ? { initContainerStatuses: inits.map(toStatus) } : {}),
      containerStatuses: apps.map(toStatus),
      qosClass: hasResources ? 'Burstable' : 'BestEffort',
    };
    if (jsonEqual(pod.status, status)) return;
    api.update(podType, run.namespace, run.name, { ...pod, status }, { subresource: 'status', internal: true });
  };

  const backOff = (n: number): number => Math.min(timing.backOffMaxMs, timing.backOffBaseMs * 2 ** Math.max(0, n - 1));

  const startContainer = (run: PodRun, c: ContainerRun): void => {
    c.epoch++;
    const image = c.spec.image ?? '';
    const policy = c.spec.imagePullPolicy ?? 'IfNotPresent';
    const present = c.imagePulled && policy !== 'Always';
    if (present) {
      event(run, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
      createContainer(run, c);
      return;
    }
    c.state = { kind: 'waiting', reason: c.init ? 'PodInitializing' : 'ContainerCreating' };
    if (c.restartCount === 0 && c.pullFailures === 0) publish(run);
    event(run, 'Normal', 'Pulling', `Pulling image "${image}"`);
    after(run, c, timing.imagePullMs, () => {
      void imageExists(config.images, image).then((ok) => {
        if (run.stopped) return;
        if (ok) {
          c.imagePulled = true;
          c.pullFailures = 0;
          const secs = (timing.imagePullMs / 1000).toFixed(3);
          event(
            run,
            'Normal',
            'Pulled',
            `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: 52428800 bytes.`,
          );
          createContainer(run, c);
          return;
        }
        c.pullFailures++;
        const msg = `failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;
        event(run, 'Warning', 'Failed', `Failed to pull image "${image}": rpc error: code = NotFound desc = ${msg}`);
        event(run, 'Warning', 'Failed', 'Error: ErrImagePull');
        c.state = { kind: 'waiting', reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${msg}` };
        publish(run);
        const wait = backOff(c.pullFailures);
        after(run, c, Math.min(wait, 1000), () => {
          c.state = { kind: 'waiting', reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
          event(run, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
          event(run, 'Warning', 'Failed', 'Error: ImagePullBackOff');
          publish(run);
        });
        after(run, c, wait, () => {
          startContainer(run, c);
        });
      });
    });
  };

  /**
   * What the kubelet checks before it creates a container: Secrets and ConfigMaps named by
   * non-optional env / envFrom references and volumes must exist (with the key). A missing env
   * source is `CreateContainerConfigError`; a missing volume source keeps the pod in
   * `ContainerCreating` with a `FailedMount` event. Both are retried until the object appears.
   */
  const missingConfig = (
    run: PodRun,
    c: ContainerRun,
  ): { reason: string; message: string; event: string; eventReason: string } | undefined => {
    // The sandbox serves the External Secrets Operator's CRD but does not run the operator: a Secret
    // an ExternalSecret in the namespace targets counts as present (ESO would create it).
    const esoTargets = (): Set<string> => {
      const out = new Set<string>();
      for (const t of api.registry.types.filter((x) => x.kind === 'ExternalSecret')) {
        for (const es of store.list(t, run.namespace).items) {
          const target = (es.spec as { target?: { name?: string } } | undefined)?.target?.name ?? es.metadata.name;
          if (target) out.add(target);
        }
      }
      return out;
    };
    const get = (resource: 'secrets' | 'configmaps', name: string): KubeObject | undefined | true =>
      store.get(api.registry.get('', resource), run.namespace, name) ??
      (resource === 'secrets' && esoTargets().has(name) ? true : undefined);
    const what = (resource: 'secrets' | 'configmaps'): string => (resource === 'secrets' ? 'secret' : 'configmap');
    for (const v of podObj(run)?.spec?.volumes ?? []) {
      const src = v.secret
        ? { resource: 'secrets' as const, name: v.secret.secretName, optional: v.secret.optional }
        : v.configMap
          ? { resource: 'configmaps' as const, name: v.configMap.name, optional: v.configMap.optional }
          : undefined;
      if (!src || src.optional || !src.name || get(src.resource, src.name)) continue;
      const message = `MountVolume.SetUp failed for volume "${v.name}" : ${what(src.resource)} "${src.name}" not found`;
      return {
        reason: c.init ? 'PodInitializing' : 'ContainerCreating',
        message: '',
        event: message,
        eventReason: 'FailedMount',
      };
    }
    const refs: Array<{ resource: 'secrets' | 'configmaps'; name: string; key?: string; kind: string }> = [];
    for (const e of c.spec.env ?? []) {
      const sk = e.valueFrom?.secretKeyRef;
      const ck = e.valueFrom?.configMapKeyRef;
      if (sk && !sk.optional && sk.name) refs.push({ resource: 'secrets', name: sk.name, key: sk.key, kind: 'Secret' });
      if (ck && !ck.optional && ck.name)
        refs.push({ resource: 'configmaps', name: ck.name, key: ck.key, kind: 'ConfigMap' });
    }
    for (const f of c.spec.envFrom ?? []) {
      if (f.secretRef && !f.secretRef.optional && f.secretRef.name)
        refs.push({ resource: 'secrets', name: f.secretRef.name, kind: 'Secret' });
      if (f.configMapRef && !f.configMapRef.optional && f.configMapRef.name)
        refs.push({ resource: 'configmaps', name: f.configMapRef.name, kind: 'ConfigMap' });
    }
    for (const r of refs) {
      const o = get(r.resource, r.name);
      let message: string | undefined;
      if (!o) message = `${what(r.resource)} "${r.name}" not found`;
      else if (o !== true && r.key !== undefined) {
        const rec = o as KubeObject & {
          data?: Record<string, unknown>;
          stringData?: Record<string, unknown>;
          binaryData?: Record<string, unknown>;
        };
        if (!(r.key in (rec.data ?? {})) && !(r.key in (rec.binaryData ?? {})))
          message = `couldn't find key ${r.key} in ${r.kind} ${run.namespace}/${r.name}`;
      }
      if (message)
        return { reason: 'CreateContainerConfigError', message, event: `Error: ${message}`, eventReason: 'Failed' };
    }
    return undefined;
  };

  const createContainer = (run: PodRun, c: ContainerRun): void => {
    after(run, c, timing.containerStartMs, () => {
      const missing = missingConfig(run, c);
      if (missing) {
        const waiting: ContainerState = missing.message
          ? { kind: 'waiting', reason: missing.reason, message: missing.message }
          : { kind: 'waiting', reason: missing.reason };
        const changed = !jsonEqual(waiting, c.state) || c.configProblem !== missing.event;
        c.state = waiting;
        c.configProblem = missing.event;
        if (changed) {
          event(run, 'Warning', missing.eventReason, missing.event);
          publish(run);
        }
        after(run, c, timing.backOffBaseMs, () => {
          createContainer(run, c);
        }); // the kubelet retries on its next sync
        return;
      }
      c.configProblem = undefined;
      event(run, 'Normal', 'Created', `Created container: ${c.spec.name}`);
      event(run, 'Normal', 'Started', `Started container ${c.spec.name}`);
      // A new container instance: the last one's log becomes what `kubectl logs --previous` shows.
      if (c.restartCount > 0) logs.rotate(run.namespace, run.name, c.spec.name);
      c.state = { kind: 'running', startedAt: clock.timestamp() };
      c.runStartedMs = Date.now();
      c.readySuccess = c.readyFailure = c.liveFailure = c.startupFailure = 0;
      log(run, c, `[sandbox] container ${c.spec.name} started: image ${c.spec.image}, behaviour ${c.behaviour}`);
      if (c.init) {
        after(run, c, timing.containerStartMs, () => {
          terminate(run, c, c.behaviour === 'crashloop' || c.behaviour === 'oomkilled' ? 'crash' : 'complete');
        });
        publish(run);
        return;
      }
      if (c.behaviour === 'crashloop' || c.behaviour === 'oomkilled') {
        after(run, c, timing.crashAfterMs, () => {
          terminate(run, c, 'crash');
        });
      } else if ((podObj(run)?.spec?.restartPolicy ?? 'Always') !== 'Always') {
        // A run-to-completion container (Job pods) finishes its work and exits 0.
        after(run, c, timing.taskRunMs, () => {
          terminate(run, c, 'complete');
        });
      }
      const startup = c.spec.startupProbe;
      if (startup) scheduleProbe(run, c, 'startup', startup, true);
      else afterStarted(run, c);
      publish(run);
    });
  };

  const afterStarted = (run: PodRun, c: ContainerRun): void => {
    c.started = true;
    if (c.spec.readinessProbe) scheduleProbe(run, c, 'readiness', c.spec.readinessProbe, true);
    else {
      c.ready = true;
      log(run, c, `[sandbox] ${c.spec.name} is ready (no readiness probe)`);
    }
    if (c.spec.livenessProbe) scheduleProbe(run, c, 'liveness', c.spec.livenessProbe, true);
    if (c.behaviour !== 'crashloop' && c.behaviour !== 'oomkilled')
      log(run, c, `listening on ${(c.spec.ports ?? []).map((p) => `:${p.containerPort}`).join(', ') || ':8080'}`);
    publish(run);
  };

  const scheduleProbe = (
    run: PodRun,
    c: ContainerRun,
    kind: 'readiness' | 'liveness' | 'startup',
    probe: IProbe,
    first: boolean,
  ): void => {
    const delay = (first ? (probe.initialDelaySeconds ?? 0) : (probe.periodSeconds ?? 10)) * 1000;
    after(run, c, delay, () => {
      if (c.state.kind !== 'running') return;
      const since = clock.simulated(Date.now() - c.runStartedMs);
      const { ok, message } = probeOutcome(c.behaviour, kind, probe, since, timing.slowStartMs, run.podIp);
      const success = probe.successThreshold ?? 1;
      const failure = probe.failureThreshold ?? 3;
      const label = kind.charAt(0).toUpperCase() + kind.slice(1);
      if (kind === 'startup') {
        if (ok) {
          log(run, c, `[sandbox] startup probe succeeded`);
          afterStarted(run, c);
          return;
        }
        c.startupFailure++;
        event(run, 'Warning', 'Unhealthy', `${label} probe failed: ${message}`);
        if (c.startupFailure >= failure) {
          event(run, 'Normal', 'Killing', `Container ${c.spec.name} failed startup probe, will be restarted`);
          terminate(run, c, 'killed');
          return;
        }
      } else if (kind === 'readiness') {
        if (ok) {
          c.readyFailure = 0;
          c.readySuccess++;
          if (!c.ready && c.readySuccess >= success) {
            c.ready = true;
            log(run, c, `[sandbox] readiness probe passed: ${c.spec.name} is ready`);
            publish(run);
          }
        } else {
          c.readySuccess = 0;
          c.readyFailure++;
          event(run, 'Warning', 'Unhealthy', `${label} probe failed: ${message}`);
          if (c.ready && c.readyFailure >= failure) {
            c.ready = false;
            log(run, c, `[sandbox] readiness probe failed ${failure} times: ${c.spec.name} is not ready`);
            publish(run);
          }
        }
      } else {
        if (ok) c.liveFailure = 0;
        else {
          c.liveFailure++;
          event(run, 'Warning', 'Unhealthy', `${label} probe failed: ${message}`);
          if (c.liveFailure >= failure) {
            event(run, 'Normal', 'Killing', `Container ${c.spec.name} failed liveness probe, will be restarted`);
            terminate(run, c, 'killed');
            return;
          }
        }
      }
      scheduleProbe(run, c, kind, probe, false);
    });
  };

  const terminate = (run: PodRun, c: ContainerRun, why: 'crash' | 'killed' | 'complete'): void => {
    if (c.state.kind !== 'running') return;
    const startedAt = c.state.startedAt;
    const oom = why === 'crash' && c.behaviour === 'oomkilled';
    const exitCode = why === 'complete' ? 0 : oom || why === 'killed' ? 137 : 1;
    const reason = why === 'complete' ? 'Completed' : oom ? 'OOMKilled' : 'Error';
    if (why === 'crash')
      log(
        run,
        c,
        oom ? 'fatal error: runtime: out of memory' : `panic: simulated crash (image behaviour "${c.behaviour}")`,
      );
    c.epoch++;
    c.ready = false;
    c.started = false;
    const terminated: ContainerState = {
      kind: 'terminated',
      reason,
      exitCode,
      startedAt,
      finishedAt: clock.timestamp(),
    };
    c.state = terminated;
    if (c.init && why === 'complete') {
      publish(run);
      startNextInit(run);
      return;
    }
    const policy = podObj(run)?.spec?.restartPolicy ?? 'Always';
    if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) {
      publish(run);
      return;
    }
    c.crashes++;
    c.restartCount++;
    c.lastState = terminated;
    const wait = backOff(c.crashes);
    const podRef = `${run.name}_${run.namespace}(${run.uid})`;
    c.state = {
      kind: 'waiting',
      reason: 'CrashLoopBackOff',
      message: `back-off ${Math.round(wait / 1000)}s restarting failed container=${c.spec.name} pod=${podRef}`,
    };
    event(run, 'Warning', 'BackOff', `Back-off restarting failed container ${c.spec.name} in pod ${podRef}`);
    publish(run);
    after(run, c, wait, () => {
      startContainer(run, c);
    });
  };

  const startNextInit = (run: PodRun): void => {
    const next = run.containers.find(
      (c) =>
        c.init &&
        !(c.state.kind === 'terminated' && c.state.exitCode === 0) &&
        c.state.kind === 'waiting' &&
        c.restartCount === 0 &&
        c.epoch === 0,
    );
    if (next) {
      startContainer(run, next);
      return;
    }
    if (run.containers.some((c) => c.init && !(c.state.kind === 'terminated' && c.state.exitCode === 0))) return;
    run.initDone = true;
    for (const c of run.containers.filter((x) => !x.init)) startContainer(run, c);
    publish(run);
  };

  const begin = (pod: Pod): void => {
    const nodeName = defined(pod.spec?.nodeName, `spec.nodeName of the bound pod ${nameOf(pod)}`);
    const node = store.get(nodeType, undefined, nodeName);
    const ip =
      ((node?.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses ?? []).find(
        (a) => a.type === 'InternalIP',
      )?.address ?? '10.0.0.1';
    const mk = (spec: IContainer, init: boolean): ContainerRun => ({
      spec: clone(spec),
      init,
      behaviour: behaviourOf(config.images, spec.image ?? ''),
      state: { kind: 'waiting', reason: init ? 'PodInitializing' : 'PodInitializing' },
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
    });
    const run: PodRun = {
      uid: uidOf(pod),
      namespace: defined(pod.metadata.namespace, `metadata.namespace of the pod ${nameOf(pod)}`),
      name: nameOf(pod),
      nodeName,
      podIp: ip,
      startTime: clock.timestamp(),
      containers: [
        ...(pod.spec?.initContainers ?? []).map((c) => mk(c, true)),
        ...(pod.spec?.containers ?? []).map((c) => mk(c, false)),
      ],
      initDone: false,
      stopped: false,
      cancels: new Set(),
    };
    runs.set(run.uid, run);
    for (const c of run.containers)
      if (!c.init)
        c.state = {
          kind: 'waiting',
          reason: run.containers.some((x) => x.init) ? 'PodInitializing' : 'ContainerCreating',
        };
    publish(run);
    startNextInit(run);
  };

  /**
   * Graceful termination of a pod marked for deletion: every container goes unready (the pod
   * leaves the Service endpoints), its preStop hook runs (`sleep` takes its seconds; exec/httpGet
   * hooks are logged), then it gets SIGTERM and the emulated app exits at once — unless the grace
   * period runs out first: then it is killed (exit 137, a FailedPreStopHook event when the hook was
   * still running). Finally the pod is deleted with grace 0, as the kubelet does.
   */
  const terminatePod = (run: PodRun, pod: Pod): void => {
    run.terminating = true;
    const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    for (const c of run.containers) {
      c.epoch++; // probes, crash and restart timers of the running instance stop
      c.ready = false;
    }
    const running = run.containers.filter((c) => c.state.kind === 'running');
    let lastMs = 0;
    for (const c of running) {
      const preStop = c.spec.lifecycle?.preStop;
      event(run, 'Normal', 'Killing', `Stopping container ${c.spec.name}`);
      let hookMs = 0;
      if (preStop?.sleep) hookMs = preStop.sleep.seconds * 1000;
      if (preStop)
        log(
          run,
          c,
          `[sandbox] preStop hook: ${preStop.sleep ? `sleep ${preStop.sleep.seconds}s` : preStop.exec ? `exec ${JSON.stringify(preStop.exec.command ?? [])}` : preStop.httpGet ? `GET ${preStop.httpGet.path ?? '/'} :${String(preStop.httpGet.port)}` : 'tcpSocket'}`,
        );
      const killed = hookMs > graceMs;
      const stopMs = Math.min(hookMs, graceMs);
      lastMs = Math.max(lastMs, stopMs);
      const epoch = c.epoch;
      after(run, undefined, stopMs, () => {
        if (c.epoch !== epoch || c.state.kind !== 'running') return;
        if (killed)
          event(
            run,
            'Warning',
            'FailedPreStopHook',
            `PreStopHook failed: grace period of ${graceMs / 1000}s expired before the hook completed`,
          );
        else log(run, c, '[sandbox] SIGTERM received, exiting');
        c.state = {
          kind: 'terminated',
          reason: killed ? 'Error' : 'Completed',
          exitCode: killed ? 137 : 0,
          startedAt: c.state.startedAt,
          finishedAt: clock.timestamp(),
        };
        publish(run);
      });
    }
    publish(run);
    after(run, undefined, lastMs, () => {
      const cur = podObj(run);
      if (cur) api.delete(podType, run.namespace, run.name, { gracePeriodSeconds: 0, preconditions: { uid: run.uid } });
    });
  };

  return {
    name: 'kubelet',
    keysFor(e) {
      if (e.resourceKey !== 'pods') return [];
      const uid = uidOf(e.object);
      if (e.type === 'DELETED') {
        const run = runs.get(uid);
        if (run) {
          run.stopped = true;
          for (const cancel of run.cancels) cancel();
          runs.delete(uid);
          logs.forget(run.namespace, run.name);
        }
        return [];
      }
      const nodeName = (e.object.spec as { nodeName?: string } | undefined)?.nodeName;
      const run = runs.get(uid);
      if (run && e.object.metadata.deletionTimestamp && !run.terminating)
        return [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      if (!nodeName || run) return [];
      return [keyOf(e.object.metadata.namespace, nameOf(e.object))];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const pod = store.get(podType, namespace, name) as Pod | undefined;
      if (!pod || !pod.spec?.nodeName) return undefined;
      const run = runs.get(uidOf(pod));
      if (pod.metadata.deletionTimestamp) {
        if (run && !run.terminating) terminatePod(run, pod);
        else if (!run)
          api.delete(podType, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
        return undefined;
      }
      if (run) return undefined;
      begin(pod);
      return undefined;
    },
  };
}
