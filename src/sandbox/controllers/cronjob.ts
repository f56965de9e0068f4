/**
 * CronJob controller: creates a Job from `jobTemplate` at each time of `schedule` (five-field cron
 * with ranges, steps, lists, month/day names and the `@hourly`… macros, in UTC), honouring
 * `suspend`, `concurrencyPolicy` (Allow / Forbid / Replace), `startingDeadlineSeconds` and the
 * history limits (3 succeeded, 1 failed by default). The schedule runs on the sandbox's simulated
 * clock — one simulated minute takes `60 s × timeFactor` — so `*\/1 * * * *` at timeFactor 0.01
 * fires every 0.6 s. Job names are `<cronjob>-<scheduled minute>` (in simulated time); status
 * times (`lastScheduleTime`, `lastSuccessfulTime`) are real, like every object timestamp.
 */
import { nameOf, uidOf, clone, jsonEqual, type KubeObject } from '../object.js';
import type { ResourceType } from '../registry.js';
import type { AdmissionHook } from '../objects.js';
import { invalid } from '../status.js';
import type { ControllerDeps } from './index.js';
import { jobFinished } from './job.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import { controllerRef, ownerRefTo } from './util.js';
import { nextCronTime, parseCronSchedule, type CronSchedule } from './cron-schedule.js';

export { nextCronTime, parseCronSchedule } from './cron-schedule.js';

interface CronJobSpec {
  schedule?: string;
  timeZone?: string;
  suspend?: boolean;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate?: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: Record<string, unknown>;
  };
}

/** Defaulting and validation of CronJobs at the API (the schedule must parse; UTC only). */
export function cronJobAdmission(): AdmissionHook {
  return ({ type, object }) => {
    if (type.kind !== 'CronJob') return;
    const spec = (object.spec ?? {}) as CronJobSpec;
    const target = { kind: 'CronJob', group: 'batch', resource: 'cronjobs', name: object.metadata.name ?? '' };
    if (typeof spec.schedule !== 'string' || spec.schedule === '')
      throw invalid(target, [{ type: 'FieldValueRequired', message: 'Required value', field: 'spec.schedule' }]);
    try {
      parseCronSchedule(spec.schedule);
    } catch (err) {
      throw invalid(target, [
        {
          type: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(spec.schedule)}: ${(err as Error).message}`,
          field: 'spec.schedule',
        },
      ]);
    }
    if (spec.timeZone !== undefined && spec.timeZone !== 'UTC' && spec.timeZone !== 'Etc/UTC') {
      throw invalid(target, [
        {
          type: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(spec.timeZone)}: the sandbox runs CronJobs in UTC only`,
          field: 'spec.timeZone',
        },
      ]);
    }
    spec.concurrencyPolicy ??= 'Allow';
    spec.suspend ??= false;
    spec.successfulJobsHistoryLimit ??= 3;
    spec.failedJobsHistoryLimit ??= 1;
    object.spec = spec;
  };
}

/** What the CronJob controller keeps between syncs. */
interface CronContext {
  deps: ControllerDeps;
  cjType: ResourceType;
  jobType: ResourceType;
  /** Real ms when the controller started: simulated time runs from here. */
  anchor: number;
  /** CronJob UID → the last scheduled time (simulated ms) handled. */
  lastRun: Map<string, number>;
}

interface CronJobStatus {
  active?: Array<Record<string, unknown>>;
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

/** One CronJob as one sync sees it. */
interface CronView {
  cj: KubeObject;
  spec: CronJobSpec;
  schedule: CronSchedule;
  uid: string;
  namespace: string | undefined;
  name: string;
  /** A copy of the stored status; this sync's changes go here. */
  status: CronJobStatus;
  jobs: KubeObject[];
  /** Its Jobs still running (the status' `active`). */
  active: KubeObject[];
}

/** Simulated wall-clock ms for a real one: the sandbox's time runs 1/timeFactor times faster from the start. */
function simAt(k: CronContext, realMs: number): number {
  return k.anchor + k.deps.clock.simulated(realMs - k.anchor);
}

function record(k: CronContext, v: CronView, type: 'Normal' | 'Warning', reason: string, message: string): void {
  k.deps.events.record('cronjob-controller', v.cj, type, reason, message);
}

function deleteJob(k: CronContext, v: CronView, j: KubeObject): void {
  k.deps.api.delete(k.jobType, v.namespace, nameOf(j), { propagationPolicy: 'Background' });
  record(k, v, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`);
}

/** Finished jobs: note the last success, and keep only the history limits. */
function noteFinishedJobs(k: CronContext, v: CronView): void {
  const { jobs, status, spec } = v;
  for (const j of jobs) {
    if (jobFinished(j) !== 'Complete') continue;
    const done = (j.status as { completionTime?: string } | undefined)?.completionTime;
    if (done && (!status.lastSuccessfulTime || done > status.lastSuccessfulTime)) {
      status.lastSuccessfulTime = done;
      record(k, v, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: Complete`);
    }
  }
  for (const [kind, limit] of [
    ['Complete', spec.successfulJobsHistoryLimit ?? 3],
    ['Failed', spec.failedJobsHistoryLimit ?? 1],
  ] as const) {
    const finished = jobs
      .filter((j) => jobFinished(j) === kind && !j.metadata.deletionTimestamp)
      .sort(
        (a, b) =>
          (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
          (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
      );
    for (const j of finished.slice(0, Math.max(0, finished.length - limit))) deleteJob(k, v, j);
  }
}

/** Creates the Job of one scheduled time (named after its minute, so a time runs once). */
function createJob(k: CronContext, v: CronView, due: number): KubeObject | undefined {
  const { api, store, clock } = k.deps;
  const jobName = `${v.name}-${Math.floor(due / 60_000)}`;
  if (store.get(k.jobType, v.namespace, jobName)) return undefined;
  const tmpl = v.spec.jobTemplate ?? {};
  const created = api.create(
    k.jobType,
    v.namespace,
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobName,
        namespace: v.namespace,
        labels: clone(tmpl.metadata?.labels ?? {}),
        annotations: {
          ...(tmpl.metadata?.annotations ?? {}),
          'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(due).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        },
        ownerReferences: [ownerRefTo(v.cj)],
      },
      spec: clone(tmpl.spec ?? {}),
    },
    { internal: true },
  );
  record(k, v, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`);
  v.status.lastScheduleTime = clock.timestamp();
  return created;
}

/**
 * A scheduled time has come: too late (startingDeadlineSeconds), held back (Forbid while one
 * runs), or a new Job (Replace deletes the running ones first). Returns the Jobs active after it.
 */
function runDue(k: CronContext, v: CronView, due: number, simNow: number): KubeObject[] {
  const { spec, active } = v;
  if (spec.startingDeadlineSeconds !== undefined && simNow - due > spec.startingDeadlineSeconds * 1000) {
    record(k, v, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${new Date(due).toISOString()}`);
    return active;
  }
  if ((spec.concurrencyPolicy ?? 'Allow') === 'Forbid' && active.length > 0) {
    record(
      k,
      v,
      'Normal',
      'JobAlreadyActive',
      'Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    return active;
  }
  let running = active;
  if (spec.concurrencyPolicy === 'Replace') {
    for (const j of active) deleteJob(k, v, j);
    running = [];
  }
  const created = createJob(k, v, due);
  return created ? [...running, created] : running;
}

/** Writes the status (active Jobs as references) when more than their resourceVersions changed. */
function writeStatus(k: CronContext, v: CronView, activeRefs: KubeObject[]): void {
  const { api, store } = k.deps;
  const next = {
    ...v.status,
    ...(activeRefs.length
      ? {
          active: activeRefs.map((j) => ({
            kind: 'Job',
            namespace: v.namespace,
            name: j.metadata.name,
            uid: j.metadata.uid,
            apiVersion: 'batch/v1',
            resourceVersion: j.metadata.resourceVersion,
          })),
        }
      : {}),
  };
  if (!activeRefs.length) delete next.active;
  const current = store.getExisting(k.cjType, v.namespace, v.name);
  const strip = (s: unknown): unknown => ({
    ...(s as object),
    active: ((s as { active?: Array<{ name?: string }> }).active ?? []).map((a) => a.name),
  });
  if (!jsonEqual(strip(current.status ?? {}), strip(next)))
    api.update(k.cjType, v.namespace, v.name, { ...current, status: next }, { subresource: 'status', internal: true });
}

/** Reads the CronJob, or undefined after an UnparseableSchedule event. */
function observeCronJob(
  k: CronContext,
  cj: KubeObject,
  namespace: string | undefined,
  name: string,
): CronView | undefined {
  const spec = (cj.spec ?? {}) as CronJobSpec;
  let schedule: CronSchedule;
  try {
    schedule = parseCronSchedule(spec.schedule ?? '');
  } catch (err) {
    k.deps.events.record(
      'cronjob-controller',
      cj,
      'Warning',
      'UnparseableSchedule',
      `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${(err as Error).message}`,
    );
    return undefined;
  }
  const uid = uidOf(cj);
  const jobs = k.deps.store.ownedBy(k.jobType, uid).filter((j) => controllerRef(j)?.uid === uid);
  return {
    cj,
    spec,
    schedule,
    uid,
    namespace,
    name,
    status: { ...((cj.status ?? {}) as CronJobStatus) },
    jobs,
    active: jobs.filter((j) => !jobFinished(j) && !j.metadata.deletionTimestamp),
  };
}

/** One sync: tidy finished Jobs, start the Job of the latest time that has come, write the status; returns when the next time comes. */
function syncCronJob(k: CronContext, v: CronView): number | undefined {
  const { uid, schedule, cj } = v;
  noteFinishedJobs(k, v);
  const simNow = simAt(k, Date.now());
  const since = k.lastRun.get(uid) ?? simAt(k, Date.parse(cj.metadata.creationTimestamp ?? new Date().toISOString()));
  // The most recent scheduled time that has come (missed ones before it are skipped, as the real controller does).
  let due: number | undefined;
  for (let t = nextCronTime(schedule, since); t !== undefined && t <= simNow; t = nextCronTime(schedule, t)) due = t;
  let activeRefs = v.active;
  if (due !== undefined) {
    k.lastRun.set(uid, due);
    if (!v.spec.suspend) activeRefs = runDue(k, v, due, simNow);
  }
  writeStatus(k, v, activeRefs);
  const following = nextCronTime(schedule, Math.max(simNow, k.lastRun.get(uid) ?? since));
  return following === undefined ? undefined : Math.max(1, following - simAt(k, Date.now()));
}

/** Creates the CronJob controller. */
export function cronJobController(deps: ControllerDeps): Controller {
  const k: CronContext = {
    deps,
    cjType: deps.api.registry.get('batch', 'cronjobs'),
    jobType: deps.api.registry.get('batch', 'jobs'),
    anchor: Date.now(),
    lastRun: new Map(),
  };
  return {
    name: 'cronjob-controller',
    keysFor(e) {
      if (e.resourceKey === 'cronjobs.batch')
        return e.type === 'DELETED' ? [] : [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      if (e.resourceKey === 'jobs.batch') {
        const ref = controllerRef(e.object) ?? controllerRef(e.previous);
        if (ref?.kind === 'CronJob') return [keyOf(e.object.metadata.namespace, ref.name)];
      }
      return [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const cj = deps.store.get(k.cjType, namespace, name);
      if (!cj || cj.metadata.deletionTimestamp) return undefined;
      const v = observeCronJob(k, cj, namespace, name);
      return v ? syncCronJob(k, v) : undefined;
    },
  };
}
