/**
 * Why the new pods of a rollout are not becoming available, found early: image pull failures,
 * crash loops, OOM kills, container config errors, pods Fargate cannot schedule (no profile,
 * unsupported spec), readiness probes failing past their thresholds, ReplicaSets that cannot
 * create pods. A problem blocks the rollout only after it has been seen continuously for a grace
 * window, so a registry hiccup or one slow start does not fail a deploy — except what waiting
 * cannot heal: an image the registry says does not exist (see {@link classifyPullFailure}) and a
 * container that keeps restarting (see {@link PodProblemOptions.crashRestarts}).
 *
 * Pure except for the caller-owned `seen` memo (first time each problem was observed), which is
 * what turns snapshots into "for how long".
 */
import type { KubeObject } from '../model/kube-object.js';
import { rec, recs, str, text, uidOf, type Rec } from './fields.js';
import {
  classifyPullFailure,
  failedPulls,
  lastWarnings,
  oneLine,
  unhealthyReadinessCount,
  unrecoverableGraceMs,
} from './pod-events.js';
import { conditionOf } from './rollout-status.js';

/** Reasons a problem is reported with (the kubelet's / scheduler's own words where they exist). */
type PodProblemReason =
  | 'FailedScheduling'
  | 'ErrImagePull'
  | 'ImagePullBackOff'
  | 'InvalidImageName'
  | 'ErrImageNeverPull'
  | 'CreateContainerConfigError'
  | 'CreateContainerError'
  | 'RunContainerError'
  | 'OOMKilled'
  | 'CrashLoopBackOff'
  | 'ReadinessProbeFailing'
  | 'FailedCreate';

/** One thing wrong with one pod (or the ReplicaSet that should create pods). */
export interface PodProblem {
  /** Pod name (or ReplicaSet name for `FailedCreate`). */
  object: string;
  kind: 'Pod' | 'ReplicaSet';
  container?: string;
  reason: PodProblemReason;
  /** What the cluster says, one line. */
  detail: string;
  /** The object's last Warning events, newest last: `Reason: message (×count)`. */
  events: string[];
  /** When this problem was first observed (ms, the caller's clock). */
  since: number;
  /** `since + grace`: from then on the problem fails the rollout unless it went away. */
  blockingAt: number;
  blocking: boolean;
}

/** Options of {@link findPodProblems}. */
export interface PodProblemOptions {
  /** Now, in ms of the same clock as `seen`. */
  now: number;
  /** How long a problem must persist before it blocks. */
  graceMs: number;
  /**
   * First-seen times by problem key (plus, under `<key>#grace`, a shortened grace learned for it);
   * read and updated; entries of vanished problems are removed.
   */
  seen: Map<string, number>;
  /** Events by involved object uid (any order; an array or a name-keyed map). */
  eventsByUid?: ReadonlyMap<string, EventCollection>;
  /** How many events to quote per problem (default 3). */
  maxEvents?: number;
  /**
   * Restarts after which a container fails the rollout at once, even when it passes readiness
   * between crashes (default 3). A pod that flaps Ready would otherwise clear its crash problem
   * every time and restart the grace window, while the Deployment loses its available replicas.
   */
  crashRestarts?: number;
  /**
   * Restart counts (`<pod uid>/<container>`) of containers that already existed when tracking
   * began; only restarts beyond them count towards `crashRestarts`, so a healthy pod's old
   * restarts do not fail a re-run. Containers not in the map count from zero.
   */
  restartBaseline?: ReadonlyMap<string, number>;
}

/** Anything with `values()`: an array of events or a Map of them. */
interface EventCollection {
  values(): Iterable<KubeObject>;
}

function eventsOf(opts: PodProblemOptions, uid: string): KubeObject[] | undefined {
  const c = opts.eventsByUid?.get(uid);
  return c ? [...c.values()] : undefined;
}

const IMAGE_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'RegistryUnavailable',
]);
const CONFIG_REASONS = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);
/** Order in which problems are reported: the earliest cause first. */
const PRIORITY: Record<PodProblemReason, number> = {
  FailedCreate: 0,
  FailedScheduling: 1,
  InvalidImageName: 2,
  ErrImageNeverPull: 2,
  ErrImagePull: 3,
  ImagePullBackOff: 3,
  CreateContainerConfigError: 4,
  CreateContainerError: 4,
  RunContainerError: 4,
  OOMKilled: 5,
  CrashLoopBackOff: 6,
  ReadinessProbeFailing: 7,
};

interface Candidate {
  key: string;
  object: string;
  kind: 'Pod' | 'ReplicaSet';
  uid: string;
  container?: string;
  reason: PodProblemReason;
  detail: string;
  /** Grace window of this problem when shorter than the caller's (ms, from first seen). */
  graceMs?: number;
  /** Blocks now whatever the grace: the evidence already spans enough time (retries, restarts). */
  blockingNow?: boolean;
}

function labelsText(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).filter(([k]) => k !== 'pod-template-hash');
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '(none)';
}

function schedulingCandidate(pod: KubeObject, uid: string): Candidate | undefined {
  const cond = conditionOf(pod, 'PodScheduled');
  if (!cond || cond.status !== 'False') return undefined;
  const spec = rec(pod['spec']);
  const msg = oneLine(cond.message ?? cond.reason ?? 'unschedulable');
  let detail: string;
  if (msg.startsWith('Pod not supported on Fargate')) detail = msg;
  else if (spec['schedulerName'] !== 'fargate-scheduler') {
    // The EKS webhook hands pods a Fargate profile matches to fargate-scheduler; any other
    // scheduler means no profile selected this namespace + labels.
    detail = `no Fargate profile selects namespace "${pod.metadata.namespace ?? 'default'}" with labels ${labelsText(pod.metadata.labels)} (default-scheduler: ${msg})`;
  } else detail = msg;
  return {
    key: `${uid}//FailedScheduling`,
    object: pod.metadata.name,
    kind: 'Pod',
    uid,
    reason: 'FailedScheduling',
    detail,
  };
}

function containerCandidates(
  pod: KubeObject,
  uid: string,
  opts: PodProblemOptions,
  events: readonly KubeObject[] | undefined,
): Candidate[] {
  const spec = rec(pod['spec']);
  const st = rec(pod['status']);
  const specs = new Map<string, Rec>();
  for (const c of [...recs(spec['initContainers']), ...recs(spec['containers'])]) specs.set(text(c['name']), c);
  const statuses = [...recs(st['initContainerStatuses']), ...recs(st['containerStatuses'])];
  const podReady = conditionOf(pod, 'Ready')?.status === 'True';
  const out: Candidate[] = [];
  for (const cs of statuses) {
    const candidate = containerCandidate({ pod, uid, cs, spec: specs.get(text(cs['name'])), podReady, opts, events });
    if (candidate) out.push(candidate);
  }
  return out;
}

/** One container of a pod, as the candidates read it. */
interface ContainerView {
  pod: KubeObject;
  uid: string;
  /** Its status. */
  cs: Rec;
  /** Its spec, when the pod has one by that name. */
  spec: Rec | undefined;
  podReady: boolean;
  opts: PodProblemOptions;
  events: readonly KubeObject[] | undefined;
}

/** The problem of one container, most fundamental first: image, configuration, out of memory, crash loop, readiness. */
function containerCandidate(view: ContainerView): Candidate | undefined {
  const { pod, uid, cs, spec, podReady, opts } = view;
  const name = text(cs['name']);
  const state = rec(cs['state']);
  const waiting = rec(state['waiting']);
  const running = state['running'] !== undefined ? rec(state['running']) : undefined;
  const terminated = state['terminated'] !== undefined ? rec(state['terminated']) : undefined;
  const last = rec(rec(cs['lastState'])['terminated']);
  const restarts = typeof cs['restartCount'] === 'number' ? cs['restartCount'] : 0;
  const base = { object: pod.metadata.name, kind: 'Pod' as const, uid, container: name };
  const wReason = str(waiting['reason']);
  const wMsg = oneLine(str(waiting['message']) ?? '');
  const lastExit =
    last['reason'] !== undefined || last['exitCode'] !== undefined
      ? `last exit: ${str(last['reason']) ?? 'Error'} (exit code ${text(last['exitCode'], '?')})`
      : '';

  if (wReason && IMAGE_REASONS.has(wReason)) return imageCandidate(view, wReason, waiting);
  if (wReason && CONFIG_REASONS.has(wReason))
    return { ...base, key: `${uid}/${name}/config`, reason: wReason as PodProblemReason, detail: wMsg || wReason };
  // Restarts since tracking began (or since the pod was created, when later): enough of them
  // fail the rollout now, Ready or not, since between crashes a pod may pass readiness.
  const newRestarts = restarts - (opts.restartBaseline?.get(`${uid}/${name}`) ?? 0);
  const crashRestarts = opts.crashRestarts ?? 3;
  const tooManyRestarts = newRestarts >= crashRestarts;
  const restartText = `restarted ${restarts} times${newRestarts !== restarts ? ` (${newRestarts} since the rollout began)` : ''}${tooManyRestarts && wReason !== 'CrashLoopBackOff' ? ` (${crashRestarts} restarts fail a rollout, ready or not)` : ''}`;
  const oom =
    terminated?.['reason'] === 'OOMKilled' ||
    (last['reason'] === 'OOMKilled' &&
      (wReason === 'CrashLoopBackOff' || (running !== undefined && !cs['ready']) || tooManyRestarts));
  if (oom) {
    const limit =
      rec(rec(spec?.['resources'])['limits'])['memory'] ?? rec(rec(spec?.['resources'])['requests'])['memory'];
    return {
      ...base,
      key: `${uid}/${name}/crash`,
      reason: 'OOMKilled',
      detail: `killed for using more memory than ${limit !== undefined ? `its ${text(limit)} limit` : 'the pod has'}; ${restartText}${lastExit ? `, ${lastExit}` : ''}`,
      ...(tooManyRestarts ? { blockingNow: true } : {}),
    };
  }
  if (
    wReason === 'CrashLoopBackOff' ||
    (running !== undefined && restarts > 0 && !cs['ready'] && !podReady) ||
    tooManyRestarts
  ) {
    return {
      ...base,
      key: `${uid}/${name}/crash`,
      reason: 'CrashLoopBackOff',
      detail: `${restartText}${lastExit ? `, ${lastExit}` : ''}${wMsg ? `; ${wMsg}` : ''}`,
      ...(tooManyRestarts ? { blockingNow: true } : {}),
    };
  }
  if (running !== undefined && !cs['ready'] && spec?.['readinessProbe'] !== undefined)
    return readinessCandidate(view, running);
  return undefined;
}

/** A container whose image cannot be pulled: the pull error itself, and how final it is. */
function imageCandidate(view: ContainerView, wReason: string, waiting: Rec): Candidate {
  const { pod, uid, cs, spec, opts, events } = view;
  const name = text(cs['name']);
  const image = text(spec?.['image'], '?');
  const wMsg = oneLine(str(waiting['message']) ?? '');
  // The pull error itself (not "Back-off pulling image") is what a user can act on.
  const pullErrors = [...(events ?? [])]
    .reverse()
    .filter((e) => e['reason'] === 'Failed' && (str(e['message']) ?? '').startsWith('Failed to pull image'));
  const pullError =
    pullErrors.find((e) => (str(e['message']) ?? '').startsWith(`Failed to pull image "${image}"`)) ?? pullErrors[0];
  const reason = (wReason === 'RegistryUnavailable' ? 'ErrImagePull' : wReason) as PodProblemReason;
  const detail = pullError ? oneLine(str(pullError['message']) ?? '') : wMsg || `image ${image} cannot be pulled`;
  const candidate: Candidate = {
    object: pod.metadata.name,
    kind: 'Pod',
    uid,
    container: name,
    key: `${uid}/${name}/image`,
    reason,
    detail,
  };
  // While backing off the kubelet's message is only "Back-off pulling image": the class comes
  // from the last pull error (waiting message or event), and once known it sticks (see findPodProblems).
  if (
    classifyPullFailure(wReason, `${str(waiting['message']) ?? ''}\n${str(pullError?.['message']) ?? ''}`) ===
    'unrecoverable'
  ) {
    // A reference that cannot parse, or a pull the runtime may never make, is final at once.
    candidate.graceMs =
      wReason === 'InvalidImageName' || wReason === 'ErrImageNeverPull' ? 0 : unrecoverableGraceMs(opts.graceMs);
    // The kubelet retried after its back-off and the registry gave the same answer: confirmed.
    if (failedPulls(events, image) >= 2) candidate.blockingNow = true;
  }
  return candidate;
}

/** A running container that has failed its readiness probe for longer than the probe allows. */
function readinessCandidate(view: ContainerView, running: Rec): Candidate | undefined {
  const { pod, uid, cs, spec, opts, events } = view;
  const name = text(cs['name']);
  const probe = rec(spec?.['readinessProbe']);
  const failureThreshold = typeof probe['failureThreshold'] === 'number' ? probe['failureThreshold'] : 3;
  const period = typeof probe['periodSeconds'] === 'number' ? probe['periodSeconds'] : 10;
  const initialDelay = typeof probe['initialDelaySeconds'] === 'number' ? probe['initialDelaySeconds'] : 0;
  const { count, last: lastFailure } = unhealthyReadinessCount(events);
  const startedAt = Date.parse(str(running['startedAt']) ?? '');
  const budgetMs = (initialDelay + period * failureThreshold) * 1000;
  const pastTime = Number.isFinite(startedAt) && opts.now - startedAt >= budgetMs;
  if (count < failureThreshold && !pastTime) return undefined;
  const why =
    count > 0
      ? `readiness probe failed ${count} times (failureThreshold ${failureThreshold}): ${oneLine(lastFailure ?? '')}`
      : `running but not ready for more than initialDelaySeconds ${initialDelay} + periodSeconds ${period} × failureThreshold ${failureThreshold} = ${budgetMs / 1000}s`;
  return {
    object: pod.metadata.name,
    kind: 'Pod',
    uid,
    container: name,
    key: `${uid}/${name}/readiness`,
    reason: 'ReadinessProbeFailing',
    detail: why,
  };
}

/** Candidate problem of a ReplicaSet that cannot create its pods (quota, admission, ...). */
function replicaSetCandidate(rs: KubeObject): Candidate | undefined {
  const cond = conditionOf(rs, 'ReplicaFailure');
  if (!cond || cond.status !== 'True') return undefined;
  const uid = uidOf(rs);
  return {
    key: `${uid}//FailedCreate`,
    object: rs.metadata.name,
    kind: 'ReplicaSet',
    uid,
    reason: 'FailedCreate',
    detail: oneLine(cond.message ?? cond.reason ?? 'cannot create pods'),
  };
}

/**
 * Every current problem of the new pods (and their ReplicaSet, when given), most fundamental
 * first, each marked blocking once it has persisted for `graceMs`. Updates `opts.seen`.
 */
export function findPodProblems(
  pods: readonly KubeObject[],
  opts: PodProblemOptions,
  replicaSet?: KubeObject,
): PodProblem[] {
  const candidates: Candidate[] = [];
  const rsCandidate = replicaSet ? replicaSetCandidate(replicaSet) : undefined;
  if (rsCandidate) candidates.push(rsCandidate);
  const sorted = [...pods].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const pod of sorted) {
    if (pod.metadata['deletionTimestamp']) continue;
    const uid = uidOf(pod);
    const events = eventsOf(opts, uid);
    const sched = schedulingCandidate(pod, uid);
    if (sched) candidates.push(sched);
    else candidates.push(...containerCandidates(pod, uid, opts, events));
  }
  const seenNow = new Set<string>();
  const out: PodProblem[] = [];
  for (const c of candidates) {
    seenNow.add(c.key);
    let since = opts.seen.get(c.key);
    if (since === undefined) opts.seen.set(c.key, (since = opts.now));
    // A shorter grace, once learned (an unrecoverable pull error), holds for as long as the
    // problem lasts, even when the kubelet's back-off message no longer says why.
    const shortKey = `${c.key}${SHORT_GRACE}`;
    if (c.graceMs !== undefined && c.graceMs < (opts.seen.get(shortKey) ?? Infinity))
      opts.seen.set(shortKey, c.graceMs);
    const grace = Math.min(opts.graceMs, opts.seen.get(shortKey) ?? opts.graceMs);
    const blockingAt = c.blockingNow ? Math.min(opts.now, since + grace) : since + grace;
    out.push({
      object: c.object,
      kind: c.kind,
      ...(c.container !== undefined ? { container: c.container } : {}),
      reason: c.reason,
      detail: c.detail,
      events: lastWarnings(eventsOf(opts, c.uid), opts.maxEvents ?? 3),
      since,
      blockingAt,
      blocking: opts.now >= blockingAt,
    });
  }
  // Only keys of the objects looked at now are forgotten: the memo may be shared across targets.
  const scope = new Set(candidatesScope(pods, replicaSet));
  for (const key of [...opts.seen.keys()])
    if (scope.has(before(key, '/')) && !seenNow.has(before(key, SHORT_GRACE))) opts.seen.delete(key);
  return out.sort(
    (a, b) => PRIORITY[a.reason] - PRIORITY[b.reason] || a.since - b.since || a.object.localeCompare(b.object),
  );
}

/** Suffix of the memo entries that hold a problem's shortened grace (ms) next to its first-seen time. */
const SHORT_GRACE = '#grace';

/** The part of `key` before the first `separator` (all of it when there is none). */
function before(key: string, separator: string): string {
  const at = key.indexOf(separator);
  return at === -1 ? key : key.slice(0, at);
}

function candidatesScope(pods: readonly KubeObject[], rs: KubeObject | undefined): string[] {
  const uids = pods.map(uidOf);
  if (rs) uids.push(uidOf(rs));
  return uids;
}

/** The first problem that blocks, in report order; undefined when none does (yet). */
export function firstBlockingProblem(problems: readonly PodProblem[]): PodProblem | undefined {
  return problems.find((p) => p.blocking);
}

/**
 * One line a human can act on: `ImagePullBackOff on web-7c9f6-x2k4q/app: Failed to pull image …;
 * last events: Failed: … (×3); BackOff: …`.
 */
export function describePodProblem(p: PodProblem): string {
  const where = p.container ? `${p.object}/${p.container}` : p.object;
  const events = p.events.length ? `; last events: ${p.events.join('; ')}` : '';
  return `${p.reason} on ${where}: ${p.detail}${events}`;
}
