/**
 * The life of one container under the kubelet: image pull (ErrImagePull → ImagePullBackOff with
 * back-off), the config check and creation, the image's behaviour once running, startup /
 * readiness / liveness probes, termination and CrashLoopBackOff restarts, and init containers
 * run one after the other before the app containers start.
 */
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { imageExists } from '../../config.js';
import { jsonEqual } from '../../object.js';
import { missingConfig } from './config-check.js';
import type { KubeletContext } from './context.js';
import { succeeded, type ContainerRun, type ContainerState, type PodRun } from './model.js';
import { probeOutcome, type ProbeKind } from './probes.js';

const crashes = (c: ContainerRun): boolean => c.behaviour === 'crashloop' || c.behaviour === 'oomkilled';

/** (Re)starts a container: pulls its image unless present, then creates it. */
function startContainer(k: KubeletContext, run: PodRun, c: ContainerRun): void {
  c.epoch++;
  const image = c.spec.image ?? '';
  const policy = c.spec.imagePullPolicy ?? 'IfNotPresent';
  if (c.imagePulled && policy !== 'Always') {
    k.event(run, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    createContainer(k, run, c);
    return;
  }
  c.state = { kind: 'waiting', reason: c.init ? 'PodInitializing' : 'ContainerCreating' };
  if (c.restartCount === 0 && c.pullFailures === 0) k.publish(run);
  k.event(run, 'Normal', 'Pulling', `Pulling image "${image}"`);
  k.after(run, c, k.timing.imagePullMs, () => {
    void imageExists(k.deps.config.images, image).then((ok) => {
      if (run.stopped) return;
      if (ok) pulled(k, run, c, image);
      else pullFailed(k, run, c, image);
    });
  });
}

function pulled(k: KubeletContext, run: PodRun, c: ContainerRun, image: string): void {
  c.imagePulled = true;
  c.pullFailures = 0;
  const secs = (k.timing.imagePullMs / 1000).toFixed(3);
  k.event(
    run,
    'Normal',
    'Pulled',
    `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: 52428800 bytes.`,
  );
  createContainer(k, run, c);
}

/** ErrImagePull, then ImagePullBackOff, then another pull after the back-off. */
function pullFailed(k: KubeletContext, run: PodRun, c: ContainerRun, image: string): void {
  c.pullFailures++;
  const msg = `failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`;
  k.event(run, 'Warning', 'Failed', `Failed to pull image "${image}": rpc error: code = NotFound desc = ${msg}`);
  k.event(run, 'Warning', 'Failed', 'Error: ErrImagePull');
  c.state = { kind: 'waiting', reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${msg}` };
  k.publish(run);
  const wait = k.backOff(c.pullFailures);
  k.after(run, c, Math.min(wait, 1000), () => {
    c.state = { kind: 'waiting', reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
    k.event(run, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
    k.event(run, 'Warning', 'Failed', 'Error: ImagePullBackOff');
    k.publish(run);
  });
  k.after(run, c, wait, () => {
    startContainer(k, run, c);
  });
}

/** Creates the container once its Secrets and ConfigMaps exist (retrying until they do), then runs it. */
function createContainer(k: KubeletContext, run: PodRun, c: ContainerRun): void {
  k.after(run, c, k.timing.containerStartMs, () => {
    const missing = missingConfig(k.deps, run.namespace, k.podObj(run)?.spec?.volumes ?? [], c);
    if (missing) {
      const waiting: ContainerState = missing.message
        ? { kind: 'waiting', reason: missing.reason, message: missing.message }
        : { kind: 'waiting', reason: missing.reason };
      const changed = !jsonEqual(waiting, c.state) || c.configProblem !== missing.event;
      c.state = waiting;
      c.configProblem = missing.event;
      if (changed) {
        k.event(run, 'Warning', missing.eventReason, missing.event);
        k.publish(run);
      }
      k.after(run, c, k.timing.backOffBaseMs, () => {
        createContainer(k, run, c);
      }); // the kubelet retries on its next sync
      return;
    }
    c.configProblem = undefined;
    runContainer(k, run, c);
  });
}

/** The container is running: its image's behaviour and its probes take over. */
function runContainer(k: KubeletContext, run: PodRun, c: ContainerRun): void {
  k.event(run, 'Normal', 'Created', `Created container: ${c.spec.name}`);
  k.event(run, 'Normal', 'Started', `Started container ${c.spec.name}`);
  // A new container instance: the last one's log becomes what `kubectl logs --previous` shows.
  if (c.restartCount > 0) k.deps.logs.rotate(run.namespace, run.name, c.spec.name);
  c.state = { kind: 'running', startedAt: k.deps.clock.timestamp() };
  c.runStartedMs = Date.now();
  c.readySuccess = c.readyFailure = c.liveFailure = c.startupFailure = 0;
  k.log(run, c, `[sandbox] container ${c.spec.name} started: image ${c.spec.image}, behaviour ${c.behaviour}`);
  if (c.init) {
    k.after(run, c, k.timing.containerStartMs, () => {
      terminate(k, run, c, crashes(c) ? 'crash' : 'complete');
    });
    k.publish(run);
    return;
  }
  if (crashes(c)) {
    k.after(run, c, k.timing.crashAfterMs, () => {
      terminate(k, run, c, 'crash');
    });
  } else if ((k.podObj(run)?.spec?.restartPolicy ?? 'Always') !== 'Always') {
    // A run-to-completion container (Job pods) finishes its work and exits 0.
    k.after(run, c, k.timing.taskRunMs, () => {
      terminate(k, run, c, 'complete');
    });
  }
  const startup = c.spec.startupProbe;
  if (startup) scheduleProbe(k, run, c, 'startup', startup, true);
  else afterStarted(k, run, c);
  k.publish(run);
}

/** The container counts as started (no startup probe, or it passed): readiness and liveness begin. */
function afterStarted(k: KubeletContext, run: PodRun, c: ContainerRun): void {
  c.started = true;
  if (c.spec.readinessProbe) scheduleProbe(k, run, c, 'readiness', c.spec.readinessProbe, true);
  else {
    c.ready = true;
    k.log(run, c, `[sandbox] ${c.spec.name} is ready (no readiness probe)`);
  }
  if (c.spec.livenessProbe) scheduleProbe(k, run, c, 'liveness', c.spec.livenessProbe, true);
  if (!crashes(c))
    k.log(run, c, `listening on ${(c.spec.ports ?? []).map((p) => `:${p.containerPort}`).join(', ') || ':8080'}`);
  k.publish(run);
}

/** Whether to keep probing after this result (false once the probe restarted or promoted the container). */
type ProbeStep = (
  k: KubeletContext,
  run: PodRun,
  c: ContainerRun,
  result: { ok: boolean; message: string },
  probe: IProbe,
) => boolean;

const unhealthy = (k: KubeletContext, run: PodRun, kind: ProbeKind, message: string): void => {
  k.event(run, 'Warning', 'Unhealthy', `${kind.charAt(0).toUpperCase() + kind.slice(1)} probe failed: ${message}`);
};

const startupStep: ProbeStep = (k, run, c, { ok, message }, probe) => {
  if (ok) {
    k.log(run, c, `[sandbox] startup probe succeeded`);
    afterStarted(k, run, c);
    return false;
  }
  c.startupFailure++;
  unhealthy(k, run, 'startup', message);
  if (c.startupFailure < (probe.failureThreshold ?? 3)) return true;
  k.event(run, 'Normal', 'Killing', `Container ${c.spec.name} failed startup probe, will be restarted`);
  terminate(k, run, c, 'killed');
  return false;
};

const readinessStep: ProbeStep = (k, run, c, { ok, message }, probe) => {
  const failure = probe.failureThreshold ?? 3;
  if (ok) {
    c.readyFailure = 0;
    c.readySuccess++;
    if (!c.ready && c.readySuccess >= (probe.successThreshold ?? 1)) {
      c.ready = true;
      k.log(run, c, `[sandbox] readiness probe passed: ${c.spec.name} is ready`);
      k.publish(run);
    }
    return true;
  }
  c.readySuccess = 0;
  c.readyFailure++;
  unhealthy(k, run, 'readiness', message);
  if (c.ready && c.readyFailure >= failure) {
    c.ready = false;
    k.log(run, c, `[sandbox] readiness probe failed ${failure} times: ${c.spec.name} is not ready`);
    k.publish(run);
  }
  return true;
};

const livenessStep: ProbeStep = (k, run, c, { ok, message }, probe) => {
  if (ok) {
    c.liveFailure = 0;
    return true;
  }
  c.liveFailure++;
  unhealthy(k, run, 'liveness', message);
  if (c.liveFailure < (probe.failureThreshold ?? 3)) return true;
  k.event(run, 'Normal', 'Killing', `Container ${c.spec.name} failed liveness probe, will be restarted`);
  terminate(k, run, c, 'killed');
  return false;
};

const probeSteps: Record<ProbeKind, ProbeStep> = {
  startup: startupStep,
  readiness: readinessStep,
  liveness: livenessStep,
};

/** Probes the running container after the initial delay (first) or one period, and acts on the result. */
function scheduleProbe(
  k: KubeletContext,
  run: PodRun,
  c: ContainerRun,
  kind: ProbeKind,
  probe: IProbe,
  first: boolean,
): void {
  const delay = (first ? (probe.initialDelaySeconds ?? 0) : (probe.periodSeconds ?? 10)) * 1000;
  k.after(run, c, delay, () => {
    if (c.state.kind !== 'running') return;
    const since = k.deps.clock.simulated(Date.now() - c.runStartedMs);
    const result = probeOutcome(c.behaviour, kind, probe, since, k.timing.slowStartMs, run.podIp);
    if (probeSteps[kind](k, run, c, result, probe)) scheduleProbe(k, run, c, kind, probe, false);
  });
}

/** The running container exits (crashed, killed by a probe, or done); restarts it as the restart policy says. */
function terminate(k: KubeletContext, run: PodRun, c: ContainerRun, why: 'crash' | 'killed' | 'complete'): void {
  if (c.state.kind !== 'running') return;
  const startedAt = c.state.startedAt;
  const oom = why === 'crash' && c.behaviour === 'oomkilled';
  const exitCode = why === 'complete' ? 0 : oom || why === 'killed' ? 137 : 1;
  const reason = why === 'complete' ? 'Completed' : oom ? 'OOMKilled' : 'Error';
  if (why === 'crash')
    k.log(
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
    finishedAt: k.deps.clock.timestamp(),
  };
  c.state = terminated;
  if (c.init && why === 'complete') {
    k.publish(run);
    startNextInit(k, run);
    return;
  }
  const policy = k.podObj(run)?.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never' || (policy === 'OnFailure' && exitCode === 0)) {
    k.publish(run);
    return;
  }
  c.crashes++;
  c.restartCount++;
  c.lastState = terminated;
  const wait = k.backOff(c.crashes);
  const podRef = `${run.name}_${run.namespace}(${run.uid})`;
  c.state = {
    kind: 'waiting',
    reason: 'CrashLoopBackOff',
    message: `back-off ${Math.round(wait / 1000)}s restarting failed container=${c.spec.name} pod=${podRef}`,
  };
  k.event(run, 'Warning', 'BackOff', `Back-off restarting failed container ${c.spec.name} in pod ${podRef}`);
  k.publish(run);
  k.after(run, c, wait, () => {
    startContainer(k, run, c);
  });
}

/** Starts the next init container that has not run yet; once all succeeded, starts the app containers. */
export function startNextInit(k: KubeletContext, run: PodRun): void {
  const next = run.containers.find(
    (c) => c.init && !succeeded(c) && c.state.kind === 'waiting' && c.restartCount === 0 && c.epoch === 0,
  );
  if (next) {
    startContainer(k, run, next);
    return;
  }
  if (run.containers.some((c) => c.init && !succeeded(c))) return;
  run.initDone = true;
  for (const c of run.containers.filter((x) => !x.init)) startContainer(k, run, c);
  k.publish(run);
}
