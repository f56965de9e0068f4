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

/** Creates the Job controller. */
export function jobController(deps: ControllerDeps): Controller {
  const { api, store, clock, events } = deps;
  const jobType = api.registry.get('batch', 'jobs');
  const podType = api.registry.get('', 'pods');
  /** Job UID → real ms before which no replacement pod is created (back-off after failures). */
  const backoffUntil = new Map<string, { failed: number; until: number }>();

  const phaseOf = (p: KubeObject): string | undefined => (p.status as { phase?: string } | undefined)?.phase;
  const restartsOf = (p: KubeObject): number =>
    (
      (p.status as { containerStatuses?: Array<{ restartCount?: number }> } | undefined)?.containerStatuses ?? []
    ).reduce((n, c) => n + (c.restartCount ?? 0), 0);

  const writeStatus = (job: KubeObject, status: JobStatus): KubeObject => {
    const current = store.getExisting(jobType, job.metadata.namespace, nameOf(job));
    const next = omitZero({ ...status }, ['ready']);
    if (jsonEqual(current.status ?? {}, next)) return current;
    return api.update(
      jobType,
      job.metadata.namespace,
      nameOf(job),
      { ...current, status: next },
      { subresource: 'status', internal: true },
    );
  };

  const finishedTtl = (job: KubeObject, spec: JobSpec, status: JobStatus): number | undefined => {
    const ttl = spec.ttlSecondsAfterFinished;
    if (ttl === undefined) return undefined;
    const finished = (getCondition(status.conditions, 'Complete') ?? getCondition(status.conditions, 'Failed'))
      ?.lastTransitionTime;
    const at = finished ? Date.parse(finished) : Date.now();
    const left = clock.simulated(at + ttl * 1000 * clock.timeFactor - Date.now());
    if (left <= 0) {
      api.delete(jobType, job.metadata.namespace, nameOf(job), { propagationPolicy: 'Background' });
      return undefined;
    }
    return left;
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
      const job = store.get(jobType, namespace, name);
      if (!job || job.metadata.deletionTimestamp) return undefined;
      const spec = (job.spec ?? {}) as JobSpec;
      const status = { ...((job.status ?? {}) as JobStatus) };
      const uid = uidOf(job);
      const pods = store.ownedBy(podType, uid).filter((p) => controllerRef(p)?.uid === uid);
      if (jobFinished(job)) return finishedTtl(job, spec, status);

      const now = clock.timestamp();
      const active = pods.filter(
        (p) => !p.metadata.deletionTimestamp && phaseOf(p) !== 'Succeeded' && phaseOf(p) !== 'Failed',
      );
      const succeeded = pods.filter((p) => phaseOf(p) === 'Succeeded').length;
      const onFailure = spec.template?.spec?.restartPolicy === 'OnFailure';
      const failed =
        pods.filter((p) => phaseOf(p) === 'Failed').length +
        (onFailure ? pods.reduce((n, p) => n + restartsOf(p), 0) : 0);
      const completions = spec.completions === null ? undefined : (spec.completions ?? 1);
      const parallelism = spec.parallelism ?? 1;
      const backoffLimit = spec.backoffLimit ?? 6;
      status.startTime ??= now;

      const finish = (type: 'Complete' | 'Failed', reason: string, message: string): undefined => {
        for (const p of active) api.delete(podType, namespace, nameOf(p));
        let conds = status.conditions;
        conds = setCondition(
          conds,
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
        const done = writeStatus(job, {
          ...status,
          active: 0,
          ready: 0,
          succeeded,
          failed,
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
        backoffUntil.delete(uid);
        return undefined;
      };

      if (completions !== undefined && succeeded >= completions) {
        finish('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods');
        return;
      }
      if (completions === undefined && succeeded > 0 && active.length === 0) {
        finish('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods');
        return;
      }
      if (failed > backoffLimit) {
        finish('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
        return;
      }
      if (spec.activeDeadlineSeconds !== undefined) {
        const elapsed = clock.simulated(Date.now() - Date.parse(status.startTime));
        if (elapsed >= spec.activeDeadlineSeconds * 1000) {
          finish('Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline');
          return;
        }
      }

      let again: number | undefined;
      if (spec.suspend) {
        for (const p of active) api.delete(podType, namespace, nameOf(p));
        status.conditions = setCondition(
          status.conditions,
          { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: now },
          now,
        );
        writeStatus(job, { ...status, active: 0, ready: 0, succeeded, failed });
        return undefined;
      }
      if (getCondition(status.conditions, 'Suspended')?.status === 'True') {
        status.conditions = setCondition(
          status.conditions,
          { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: now },
          now,
        );
      }
      const want = Math.max(
        0,
        Math.min(parallelism, completions === undefined ? parallelism : completions - succeeded) - active.length,
      );
      if (want > 0) {
        // Back-off after failures: 10 s, 20 s, 40 s … at most 6 min (simulated).
        const b = backoffUntil.get(uid);
        if (failed > 0 && (!b || b.failed !== failed))
          backoffUntil.set(uid, {
            failed,
            until: Date.now() + Math.min(360_000, 10_000 * 2 ** (failed - 1)) * clock.timeFactor,
          });
        const until = failed > 0 ? (backoffUntil.get(uid)?.until ?? 0) : 0;
        if (Date.now() < until) again = clock.simulated(until - Date.now());
        else {
          const template = spec.template ?? {};
          for (let i = 0; i < want; i++) {
            const pod: KubeObject = {
              apiVersion: 'v1',
              kind: 'Pod',
              metadata: {
                name: `${name}-${suffix()}`,
                namespace,
                labels: clone(template.metadata?.labels ?? {}),
                ...(template.metadata?.annotations ? { annotations: clone(template.metadata.annotations) } : {}),
                ownerReferences: [ownerRefTo(job)],
              },
              spec: clone(template.spec ?? {}),
            };
            try {
              const created = api.create(podType, namespace, pod, { internal: true });
              events.record(
                'job-controller',
                job,
                'Normal',
                'SuccessfulCreate',
                `Created pod: ${created.metadata.name}`,
              );
            } catch (err) {
              events.record(
                'job-controller',
                job,
                'Warning',
                'FailedCreate',
                `Error creating: ${(err as Error).message}`,
              );
              throw err;
            }
          }
        }
      }
      const nowActive = store
        .ownedBy(podType, uid)
        .filter(
          (p) =>
            controllerRef(p)?.uid === uid &&
            !p.metadata.deletionTimestamp &&
            phaseOf(p) !== 'Succeeded' &&
            phaseOf(p) !== 'Failed',
        );
      writeStatus(job, {
        ...status,
        active: nowActive.length,
        ready: nowActive.filter(podReady).length,
        succeeded,
        failed,
      });
      if (spec.activeDeadlineSeconds !== undefined) {
        const left = spec.activeDeadlineSeconds * 1000 - clock.simulated(Date.now() - Date.parse(status.startTime));
        again = again === undefined ? left : Math.min(again, left);
      }
      return again;
    },
  };
}
