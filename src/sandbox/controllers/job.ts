/**
 * Job controller: runs pods to completion. Keeps `min(parallelism, completions - succeeded)` pods
 * active, counts succeeded and failed pods (and, for `restartPolicy: OnFailure`, container
 * restarts, as the real controller does), and ends the Job `Complete` when `completions` pods
 * succeeded or `Failed` (`BackoffLimitExceeded`) once failures exceed `backoffLimit` — deleting
 * the pods still running. Replacement pods wait the controller's back-off (10 s doubling, at most
 * 6 min, simulated time). `ttlSecondsAfterFinished` deletes a finished Job (and its pods) later;
 * `suspend` stops it. At creation the API server's defaulting adds the generated selector
 * (`batch.kubernetes.io/controller-uid`) and the template labels (admission hook below).
 */
import { randomBytes } from 'node:crypto';
import { nameOf, uidOf, clone, jsonEqual, type KubeObject } from '../object.js';
import type { AdmissionHook } from '../objects.js';
import type { ResourceType } from '../registry.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import { controllerRef, getCondition, omitZero, ownerRefTo, podReady, setCondition, type Condition } from './util.js';

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
const JOB_NAME = 'batch.kubernetes.io/job-name';

interface JobSpec {
  parallelism?: number;
  completions?: number | null;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  suspend?: boolean;
  manualSelector?: boolean;
  selector?: { matchLabels?: Record<string, string> };
  template?: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown> & { restartPolicy?: string };
  };
}

interface JobStatus {
  active?: number;
  succeeded?: number;
  failed?: number;
  ready?: number;
  startTime?: string;
  completionTime?: string;
  conditions?: Condition[];
}

function suffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from(randomBytes(5), (b) => alphabet[b % alphabet.length]).join('');
}

/** The API server's Job defaulting: generated selector and template labels (unless `manualSelector`). */
export function jobAdmission(): AdmissionHook {
  return ({ type, operation, object }) => {
    if (type.kind !== 'Job' || operation !== 'CREATE') return;
    const spec = (object.spec ?? {}) as JobSpec;
    if (spec.manualSelector === true) return;
    const uid = uidOf(object);
    const name = object.metadata.name ?? '';
    const labels = { [CONTROLLER_UID]: uid, [JOB_NAME]: name, 'controller-uid': uid, 'job-name': name };
    spec.selector = { matchLabels: { [CONTROLLER_UID]: uid } };
    spec.template = spec.template ?? {};
    spec.template.metadata = {
      ...(spec.template.metadata ?? {}),
      labels: { ...(spec.template.metadata?.labels ?? {}), ...labels },
    };
    object.spec = spec;
  };
}

/** Whether a Job has finished (Complete or Failed condition True). */
export function jobFinished(job: KubeObject): 'Complete' | 'Failed' | undefined {
  const conds = (job.status as JobStatus | undefined)?.conditions;
  if (getCondition(conds, 'Complete')?.status === 'True') return 'Complete';
  if (getCondition(conds, 'Failed')?.status === 'True') return 'Failed';
  return undefined;
}

const phaseOf = (p: KubeObject): string | undefined => (p.status as { phase?: string } | undefined)?.phase;
const restartsOf = (p: KubeObject): number =>
  ((p.status as { containerStatuses?: Array<{ restartCount?: number }> } | undefined)?.containerStatuses ?? []).reduce(
    (n, c) => n + (c.restartCount ?? 0),
    0,
  );
const isActive = (p: KubeObject): boolean =>
  !p.metadata.deletionTimestamp && phaseOf(p) !== 'Succeeded' && phaseOf(p) !== 'Failed';

/** What the Job controller keeps between syncs. */
interface JobContext {
  deps: ControllerDeps;
  jobType: ResourceType;
  podType: ResourceType;
  /** Job UID → real ms before which no replacement pod is created (back-off after failures). */
  backoffUntil: Map<string, { failed: number; until: number }>;
}

/** One unfinished Job as one sync sees it: its spec, the status being built, and its pods counted. */
interface JobView {
  job: KubeObject;
  spec: JobSpec;
  /** A copy of the stored status; this sync's changes go here. */
  status: JobStatus & { startTime: string };
  uid: string;
  namespace: string | undefined;
  name: string;
  now: string;
  active: KubeObject[];
  succeeded: number;
  /** Failed pods, plus container restarts under `restartPolicy: OnFailure`. */
  failed: number;
  /** undefined: a work queue Job (`completions: null`), done when a pod succeeded and none runs. */
  completions: number | undefined;
}

function observeJob(k: JobContext, job: KubeObject, namespace: string | undefined, name: string): JobView {
  const spec = (job.spec ?? {}) as JobSpec;
  const uid = uidOf(job);
  const pods = k.deps.store.ownedBy(k.podType, uid).filter((p) => controllerRef(p)?.uid === uid);
  const now = k.deps.clock.timestamp();
  const stored = (job.status ?? {}) as JobStatus;
  const onFailure = spec.template?.spec?.restartPolicy === 'OnFailure';
  return {
    job,
    spec,
    status: { ...stored, startTime: stored.startTime ?? now },
    uid,
    namespace,
    name,
    now,
    active: pods.filter(isActive),
    succeeded: pods.filter((p) => phaseOf(p) === 'Succeeded').length,
    failed:
      pods.filter((p) => phaseOf(p) === 'Failed').length +
      (onFailure ? pods.reduce((n, p) => n + restartsOf(p), 0) : 0),
    completions: spec.completions === null ? undefined : (spec.completions ?? 1),
  };
}

function writeStatus(k: JobContext, job: KubeObject, status: JobStatus): KubeObject {
  const { api, store } = k.deps;
  const current = store.getExisting(k.jobType, job.metadata.namespace, nameOf(job));
  const next = omitZero({ ...status }, ['ready']);
  if (jsonEqual(current.status ?? {}, next)) return current;
  return api.update(
    k.jobType,
    job.metadata.namespace,
    nameOf(job),
    { ...current, status: next },
    { subresource: 'status', internal: true },
  );
}

/** A finished Job with `ttlSecondsAfterFinished` is deleted once the TTL has passed; returns when to look again. */
function finishedTtl(k: JobContext, job: KubeObject): number | undefined {
  const { api, clock } = k.deps;
  const ttl = (job.spec as JobSpec | undefined)?.ttlSecondsAfterFinished;
  if (ttl === undefined) return undefined;
  const conditions = (job.status as JobStatus | undefined)?.conditions;
  const finished = (getCondition(conditions, 'Complete') ?? getCondition(conditions, 'Failed'))?.lastTransitionTime;
  const at = finished ? Date.parse(finished) : Date.now();
  const left = clock.simulated(at + ttl * 1000 * clock.timeFactor - Date.now());
  if (left <= 0) {
    api.delete(k.jobType, job.metadata.namespace, nameOf(job), { propagationPolicy: 'Background' });
    return undefined;
  }
  return left;
}

interface Verdict {
  type: 'Complete' | 'Failed';
  reason: string;
  message: string;
}

/** Whether the Job ends now: enough completions, too many failures, or past its active deadline. */
function verdictOf(k: JobContext, v: JobView): Verdict | undefined {
  const complete: Verdict = {
    type: 'Complete',
    reason: 'CompletionsReached',
    message: 'Reached expected number of succeeded pods',
  };
  if (v.completions !== undefined && v.succeeded >= v.completions) return complete;
  if (v.completions === undefined && v.succeeded > 0 && v.active.length === 0) return complete;
  if (v.failed > (v.spec.backoffLimit ?? 6))
    return { type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  const deadline = v.spec.activeDeadlineSeconds;
  if (deadline !== undefined && k.deps.clock.simulated(Date.now() - Date.parse(v.status.startTime)) >= deadline * 1000)
    return { type: 'Failed', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
  return undefined;
}

/** Ends the Job: its running pods are deleted, the conditions and counters written, an event recorded. */
function finish(k: JobContext, v: JobView, { type, reason, message }: Verdict): void {
  const { api, events } = k.deps;
  const now = v.now;
  for (const p of v.active) api.delete(k.podType, v.namespace, nameOf(p));
  let conds = setCondition(
    v.status.conditions,
    {
      type: type === 'Complete' ? 'SuccessCriteriaMet' : 'FailureTarget',
      status: 'True',
      reason,
      message,
      lastProbeTime: now,
    },
    now,
  );
  conds = setCondition(conds, { type, status: 'True', reason, message, lastProbeTime: now }, now);
  const done = writeStatus(k, v.job, {
    ...v.status,
    active: 0,
    ready: 0,
    succeeded: v.succeeded,
    failed: v.failed,
    conditions: conds,
    ...(type === 'Complete' ? { completionTime: now } : {}),
  });
  events.record(
    'job-controller',
    done,
    type === 'Complete' ? 'Normal' : 'Warning',
    type === 'Complete' ? 'Completed' : reason,
    type === 'Complete' ? 'Job completed' : message,
  );
  k.backoffUntil.delete(v.uid);
}

/** `suspend`: the running pods go and the Suspended condition is set. */
function suspend(k: JobContext, v: JobView): void {
  for (const p of v.active) k.deps.api.delete(k.podType, v.namespace, nameOf(p));
  v.status.conditions = setCondition(
    v.status.conditions,
    { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: v.now },
    v.now,
  );
  writeStatus(k, v.job, { ...v.status, active: 0, ready: 0, succeeded: v.succeeded, failed: v.failed });
}

/**
 * The real ms until a replacement pod may be created after failures (10 s, 20 s, 40 s … at most
 * 6 min, simulated), 0 when it may be now.
 */
function backoffLeft(k: JobContext, v: JobView): number {
  if (v.failed === 0) return 0;
  const { clock } = k.deps;
  const b = k.backoffUntil.get(v.uid);
  if (!b || b.failed !== v.failed)
    k.backoffUntil.set(v.uid, {
      failed: v.failed,
      until: Date.now() + Math.min(360_000, 10_000 * 2 ** (v.failed - 1)) * clock.timeFactor,
    });
  return Math.max(0, (k.backoffUntil.get(v.uid)?.until ?? 0) - Date.now());
}

function createPod(k: JobContext, v: JobView): void {
  const { api, events } = k.deps;
  const template = v.spec.template ?? {};
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${v.name}-${suffix()}`,
      namespace: v.namespace,
      labels: clone(template.metadata?.labels ?? {}),
      ...(template.metadata?.annotations ? { annotations: clone(template.metadata.annotations) } : {}),
      ownerReferences: [ownerRefTo(v.job)],
    },
    spec: clone(template.spec ?? {}),
  };
  try {
    const created = api.create(k.podType, v.namespace, pod, { internal: true });
    events.record('job-controller', v.job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
  } catch (err) {
    events.record('job-controller', v.job, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
    throw err;
  }
}

/**
 * A running Job: keeps `min(parallelism, completions - succeeded)` pods active (after the
 * back-off), writes the counters; returns when to look again (back-off end, active deadline).
 */
function runJob(k: JobContext, v: JobView): number | undefined {
  const { store, clock } = k.deps;
  const { spec, status } = v;
  if (getCondition(status.conditions, 'Suspended')?.status === 'True') {
    status.conditions = setCondition(
      status.conditions,
      { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: v.now },
      v.now,
    );
  }
  const parallelism = spec.parallelism ?? 1;
  const want = Math.max(
    0,
    Math.min(parallelism, v.completions === undefined ? parallelism : v.completions - v.succeeded) - v.active.length,
  );
  let again: number | undefined;
  if (want > 0) {
    const left = backoffLeft(k, v);
    if (left > 0) again = clock.simulated(left);
    else for (let i = 0; i < want; i++) createPod(k, v);
  }
  const nowActive = store.ownedBy(k.podType, v.uid).filter((p) => controllerRef(p)?.uid === v.uid && isActive(p));
  writeStatus(k, v.job, {
    ...status,
    active: nowActive.length,
    ready: nowActive.filter(podReady).length,
    succeeded: v.succeeded,
    failed: v.failed,
  });
  if (spec.activeDeadlineSeconds !== undefined) {
    const left = spec.activeDeadlineSeconds * 1000 - clock.simulated(Date.now() - Date.parse(status.startTime));
    again = again === undefined ? left : Math.min(again, left);
  }
  return again;
}

/** Creates the Job controller. */
export function jobController(deps: ControllerDeps): Controller {
  const k: JobContext = {
    deps,
    jobType: deps.api.registry.get('batch', 'jobs'),
    podType: deps.api.registry.get('', 'pods'),
    backoffUntil: new Map(),
  };
  return {
    name: 'job-controller',
    keysFor(e) {
      if (e.resourceKey === 'jobs.batch') return [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      if (e.resourceKey === 'pods') {
        const ref = controllerRef(e.object) ?? controllerRef(e.previous);
        if (ref?.kind === 'Job') return [keyOf(e.object.metadata.namespace, ref.name)];
      }
      return [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const job = deps.store.get(k.jobType, namespace, name);
      if (!job || job.metadata.deletionTimestamp) return undefined;
      if (jobFinished(job)) return finishedTtl(k, job);
      const v = observeJob(k, job, namespace, name);
      const verdict = verdictOf(k, v);
      if (verdict) {
        finish(k, v, verdict);
        return undefined;
      }
      if (v.spec.suspend) {
        suspend(k, v);
        return undefined;
      }
      return runJob(k, v);
    },
  };
}
