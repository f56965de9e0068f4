/**
 * `RolloutTracker`: watches every rollout of a release at once and decides each one the way
 * `kubectl rollout status` would, but fails fast when the new pods cannot become available
 * (see pod-problems.ts) instead of waiting for the progress deadline.
 *
 * One list + watch per resource kind and namespace (never per object, never polling), like a
 * client-go informer: the list gives the resourceVersion, the watch resumes from the last one seen
 * when the stream drops (with backoff when it fails), a 410 Gone re-lists. Every event re-evaluates
 * all targets (coalesced per event-loop turn).
 */
import type { KubeObject } from '../model/kube-object.js';
import type { KubeClient } from './client.js';
import { rec, uidOf } from './fields.js';
import { Informer, type Backoff, type InformerCounters, type ResourceName } from './informer.js';
import { progressText, judgeTarget, seconds, type TargetState } from './rollout-judge.js';
import { restartCounts } from './settle.js';
import { isTimeout } from './watch-status.js';
import { describePodProblem, findPodProblems, type PodProblem } from './pod-problems.js';
import {
  deploymentStatus,
  findNewReplicaSet,
  ingressStatus,
  jobStatus,
  serviceStatus,
  statefulSetStatus,
  TRACKED_KINDS,
  type RolloutStatus,
  type TrackedKind,
} from './rollout-status.js';

/** One object whose rollout is tracked. */
export interface RolloutTarget {
  kind: TrackedKind;
  namespace: string;
  name: string;
}

/** How a target ended. */
export type RolloutTargetStatus = 'ready' | 'failed' | 'timeout' | 'cancelled';

/** Outcome of one target. */
export interface RolloutTargetResult {
  target: RolloutTarget;
  status: RolloutTargetStatus;
  message: string;
  /** From the start of tracking until the target was decided (or tracking stopped). */
  durationMs: number;
  /** The pod problem that failed it, or the unresolved one when it timed out / was cancelled. */
  problem?: PodProblem;
}

/** Outcome of {@link RolloutTracker.run}. */
export interface RolloutOutcome {
  /** True when every target is ready. */
  ok: boolean;
  results: RolloutTargetResult[];
}

/** What the tracker did on the wire (for tests and benchmarks). */
export interface RolloutCounters extends InformerCounters {
  /** Passes over all targets. */
  evaluations: number;
}

/** Options of {@link RolloutTracker}. */
export interface RolloutTrackerOptions {
  targets: RolloutTarget[];
  /** How long a pod problem must persist before it fails the rollout (default 30). */
  graceSeconds?: number;
  /** Overall limit; targets not decided by then end as `timeout` (default 600). */
  timeoutSeconds?: number;
  /** Aborting ends every undecided target as `cancelled`. */
  signal?: AbortSignal;
  /** One line per state change and heartbeat. */
  log?: (line: string) => void;
  /** Clock in ms (default Date.now); timers are real, durations and grace windows use this. */
  now?: () => number;
  /** A heartbeat line when nothing was printed for this long (default 30). */
  heartbeatSeconds?: number;
  /** Re-evaluation interval for time-based rules without new events (default 1000 ms). */
  tickMs?: number;
  /** Backoff between failed watch attempts (default 100 ms doubling to 5 s). */
  backoff?: Backoff;
  /**
   * Restarts of a new pod's container, counted from when tracking began, that fail its rollout at
   * once even if it passes readiness between crashes (default 3; see pod-problems.ts).
   */
  crashRestarts?: number;
  /**
   * Settle window (seconds, default 0): a Deployment or StatefulSet whose new pods have a
   * container without a readiness probe is ready only after its rollout has stayed complete this
   * long with no container of a new pod restarting or exiting. Without a probe a pod is Ready the
   * moment its process starts, so a crash a few seconds later would otherwise pass as deployed.
   */
  settleSeconds?: number;
}

/** The collections each kind needs watched in its namespace. */
const NEEDS: Record<TrackedKind, readonly ResourceName[]> = {
  Deployment: ['deployments', 'replicasets', 'pods', 'events'],
  StatefulSet: ['statefulsets', 'pods', 'events'],
  Job: ['jobs', 'pods', 'events'],
  Service: ['services', 'events'],
  Ingress: ['ingresses', 'events'],
};

const OBJECT_RESOURCE: Record<TrackedKind, ResourceName> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  Job: 'jobs',
  Service: 'services',
  Ingress: 'ingresses',
};

/** Key of the grace window of a target whose object does not exist (yet), in its `seen` memo. */
const MISSING = '/missing';

/** What one evaluation saw of a target. */
interface Observation {
  status: RolloutStatus;
  /** The pods of the new revision. */
  pods: KubeObject[];
  /** The new ReplicaSet of a Deployment. */
  owner?: KubeObject;
}

/** Each target with the shortest label that tells it apart: `web`, `deployment/web`, `deployment shop/web`. */
function labelsFor(targets: readonly RolloutTarget[]): { target: RolloutTarget; label: string }[] {
  const count = (f: (t: RolloutTarget) => string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const t of targets) m.set(f(t), (m.get(f(t)) ?? 0) + 1);
    return m;
  };
  const byName = count((t) => t.name);
  const byKindName = count((t) => `${t.kind}/${t.name}`);
  const labelOf = (t: RolloutTarget): string => {
    if (byName.get(t.name) === 1) return t.name;
    if (byKindName.get(`${t.kind}/${t.name}`) === 1) return `${t.kind.toLowerCase()}/${t.name}`;
    return `${t.kind.toLowerCase()} ${t.namespace}/${t.name}`;
  };
  return targets.map((target) => ({ target, label: labelOf(target) }));
}

/**
 * Tracks the rollouts of many objects at once. Create one per deploy and call {@link run} once.
 */
export class RolloutTracker {
  readonly counters: RolloutCounters = {
    watchesOpened: 0,
    lists: 0,
    eventsSeen: 0,
    reconnects: 0,
    relists: 0,
    evaluations: 0,
  };
  private readonly informers = new Map<string, Informer>();
  private readonly states: TargetState[];
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly graceMs: number;
  private readonly timeoutMs: number;
  private readonly heartbeatMs: number;
  private readonly tickMs: number;
  private readonly settleMs: number;
  private startedAt = 0;
  private lastLineAt = 0;
  private scheduled = false;
  private finished = false;
  private resolve: ((o: RolloutOutcome) => void) | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private wakeTimer: NodeJS.Timeout | undefined;
  private ran = false;
  /** Restart counts of the containers that existed when tracking began (`<pod uid>/<container>`). */
  private readonly restartBaseline = new Map<string, number>();

  constructor(
    private readonly client: KubeClient,
    private readonly options: RolloutTrackerOptions,
  ) {
    for (const t of options.targets) {
      if (!(TRACKED_KINDS as readonly string[]).includes(t.kind)) {
        throw new Error(
          `rollout target ${t.kind} ${t.namespace}/${t.name}: kind ${t.kind} is not tracked; tracked kinds: ${TRACKED_KINDS.join(', ')}`,
        );
      }
    }
    this.states = labelsFor(options.targets).map(({ target, label }) => ({
      target,
      label,
      seen: new Map(),
      problems: [],
    }));
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
    this.graceMs = (options.graceSeconds ?? 30) * 1000;
    this.timeoutMs = (options.timeoutSeconds ?? 600) * 1000;
    this.heartbeatMs = (options.heartbeatSeconds ?? 30) * 1000;
    this.tickMs = options.tickMs ?? 1000;
    this.settleMs = (options.settleSeconds ?? 0) * 1000;
  }

  /** Number of distinct (kind, namespace) watches the targets need. */
  get watchCount(): number {
    return this.informers.size;
  }

  /** Watches until every target is decided, one fails, the timeout passes or the signal aborts. */
  run(): Promise<RolloutOutcome> {
    if (this.ran) throw new Error('RolloutTracker.run() can be called once');
    this.ran = true;
    this.startedAt = this.now();
    this.lastLineAt = this.startedAt;
    const done = new Promise<RolloutOutcome>((r) => (this.resolve = r));
    if (this.states.length === 0) {
      this.finish();
      return done;
    }
    const signal = this.options.signal;
    if (signal?.aborted) {
      this.endAll('cancelled', 'cancelled before the rollout was watched');
      return done;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    const backoff = this.options.backoff ?? { baseMs: 100, maxMs: 5_000 };
    for (const s of this.states) {
      for (const r of NEEDS[s.target.kind]) {
        const key = `${r}|${s.target.namespace}`;
        if (!this.informers.has(key)) {
          this.informers.set(
            key,
            new Informer(
              this.client,
              r,
              s.target.namespace,
              this.counters,
              backoff,
              () => {
                this.schedule();
              },
              (err, what) => {
                this.fatal(err, what);
              },
            ),
          );
        }
      }
    }
    this.after(this.timeoutMs, () => {
      this.endAll('timeout', `timed out after ${seconds(this.timeoutMs)}`);
    });
    const tick = (): void => {
      if (this.finished) return;
      this.heartbeat();
      this.schedule();
      this.after(this.tickMs, tick);
    };
    this.after(this.tickMs, tick);
    for (const inf of this.informers.values()) void inf.run();
    return done;
  }

  private readonly onAbort = (): void => {
    const reason: unknown = this.options.signal?.reason;
    // AbortSignal.timeout() (the deploy's --timeout) aborts with a TimeoutError: that is a
    // timeout, not a cancellation, and its message ("The operation was aborted due to timeout") says nothing useful.
    if (isTimeout(reason)) {
      this.endAll('timeout', `timed out after ${seconds(this.now() - this.startedAt)}`);
      return;
    }
    const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'cancelled';
    this.endAll('cancelled', `cancelled (${why})`);
  };

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private schedule(): void {
    if (this.scheduled || this.finished) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.evaluate();
    });
  }

  private informer(r: ResourceName, ns: string): Informer {
    const informer = this.informers.get(`${r}|${ns}`);
    // run() starts one for every collection a target's kind needs (NEEDS) before anything is evaluated.
    if (!informer) throw new Error(`internal error: no informer for ${r} in namespace ${ns}`);
    return informer;
  }

  /** One pass over every undecided target. */
  private evaluate(): void {
    if (this.finished) return;
    for (const inf of this.informers.values()) if (!inf.synced) return;
    if (this.counters.evaluations === 0) this.recordRestartBaseline();
    this.counters.evaluations++;
    const now = this.now();
    let nextWake = Infinity;
    for (const s of this.states) {
      if (s.result) continue;
      this.evaluateTarget(s, now);
      if (this.hasFinished()) return;
      for (const p of s.problems) if (!p.blocking) nextWake = Math.min(nextWake, p.blockingAt);
      if (s.settleSince !== undefined) nextWake = Math.min(nextWake, s.settleSince + this.settleMs);
    }
    if (this.states.every((s) => s.result)) {
      this.finish();
      return;
    }
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    if (Number.isFinite(nextWake))
      this.wakeTimer = setTimeout(
        () => {
          this.schedule();
        },
        Math.max(0, nextWake - now) + 1,
      );
  }

  /**
   * Restarts from before tracking began are history (a healthy pod of an unchanged ReplicaSet,
   * the previous release during a rollback): only later ones count towards `crashRestarts`.
   */
  private recordRestartBaseline(): void {
    for (const [key, inf] of this.informers) {
      if (!key.startsWith('pods|')) continue;
      for (const [container, restarts] of restartCounts(inf.items.values()))
        this.restartBaseline.set(container, restarts);
    }
  }

  private evaluateTarget(s: TargetState, now: number): void {
    const { kind, namespace, name } = s.target;
    const obj = this.informer(OBJECT_RESOURCE[kind], namespace).items.get(name);
    if (!obj) {
      this.awaitMissing(s, now);
      return;
    }
    s.seen.delete(MISSING);
    const { status, pods, owner } = this.observe(s.target, obj);
    s.status = status;
    s.problems =
      pods.length || owner
        ? findPodProblems(
            pods,
            {
              now,
              graceMs: this.graceMs,
              seen: s.seen,
              eventsByUid: this.informer('events', namespace).byUid,
              restartBaseline: this.restartBaseline,
              ...(this.options.crashRestarts !== undefined ? { crashRestarts: this.options.crashRestarts } : {}),
            },
            owner,
          )
        : [];
    const verdict = judgeTarget(s, status, pods, owner, {
      now,
      startedAt: this.startedAt,
      settleMs: this.settleMs,
      restartBaseline: this.restartBaseline,
    });
    if ('progress' in verdict) this.progress(s, verdict.progress, now);
    else this.decide(s, verdict.decide, verdict.message, now, verdict.problem);
  }

  /** The object is not there (yet): it may still be created, so this fails only after the grace window. */
  private awaitMissing(s: TargetState, now: number): void {
    const { kind, namespace, name } = s.target;
    let since = s.seen.get(MISSING);
    if (since === undefined) s.seen.set(MISSING, (since = now));
    const missing = `${kind} ${namespace}/${name} does not exist`;
    if (now - since >= this.graceMs) this.decide(s, 'failed', `${s.label}: ${missing}`, now);
    else this.progress(s, `${s.label}: ${missing} (yet), ${seconds(now - this.startedAt)}`, now);
  }

  /** The object's rollout status, its new pods and (for a Deployment) the new ReplicaSet that owns them. */
  private observe({ kind, namespace }: RolloutTarget, obj: KubeObject): Observation {
    const podsOf = (uid: string): KubeObject[] => [
      ...(this.informers.get(`pods|${namespace}`)?.byUid.get(uid)?.values() ?? []),
    ];
    switch (kind) {
      case 'Deployment': {
        const rss = this.informer('replicasets', namespace).byUid.get(uidOf(obj))?.values() ?? [];
        const owner = findNewReplicaSet(obj, rss);
        return {
          status: deploymentStatus(obj, owner),
          pods: owner ? podsOf(uidOf(owner)) : [],
          ...(owner ? { owner } : {}),
        };
      }
      case 'StatefulSet': {
        const updateRevision = rec(obj['status'])['updateRevision'];
        const pods = podsOf(uidOf(obj)).filter(
          (p) => updateRevision === undefined || p.metadata.labels?.['controller-revision-hash'] === updateRevision,
        );
        return { status: statefulSetStatus(obj), pods };
      }
      case 'Job':
        return { status: jobStatus(obj), pods: podsOf(uidOf(obj)) };
      case 'Service':
        return { status: serviceStatus(obj), pods: [] };
      case 'Ingress':
        return { status: ingressStatus(obj), pods: [] };
    }
  }

  /** Logs a progress line when the target's state (not just its clock) changed. */
  private progress(s: TargetState, line: string, now: number): void {
    // The clock and the kubelet's ErrImagePull ⇄ ImagePullBackOff flapping are not state changes.
    const state = line
      .replace(/, \d+s(?=$| —)/, '')
      .replace(/failing in \d+s/, '')
      .replace(/\b(ErrImagePull|ImagePullBackOff)\b/, 'image pull');
    if (state === s.lastLine) return;
    s.lastLine = state;
    this.emit(line, now);
  }

  private emit(line: string, now: number): void {
    this.lastLineAt = now;
    this.log(line);
  }

  private heartbeat(): void {
    const now = this.now();
    if (now - this.lastLineAt < this.heartbeatMs) return;
    const waiting = this.states.filter((s) => !s.result);
    const parts = waiting
      .slice(0, 10)
      .map((s) => `${s.label} ${s.status ? progressText(s.target.kind, s.status) : 'not observed yet'}`);
    const more = waiting.length > 10 ? `; … ${waiting.length - 10} more` : '';
    this.emit(
      `still waiting for ${waiting.length} of ${this.states.length} rollouts (${seconds(now - this.startedAt)}): ${parts.join('; ')}${more}`,
      now,
    );
  }

  private decide(
    s: TargetState,
    status: RolloutTargetStatus,
    message: string,
    now: number,
    problem?: PodProblem,
  ): void {
    s.result = { target: s.target, status, message, durationMs: now - this.startedAt, ...(problem ? { problem } : {}) };
    this.emit(status === 'ready' ? `${message}, ${seconds(now - this.startedAt)}` : message, now);
    if (status === 'failed') this.endAll('cancelled', 'not finished: another rollout failed');
  }

  private fatal(err: unknown, what: string): void {
    const text = err instanceof Error ? err.message : String(err);
    const now = this.now();
    for (const s of this.states)
      if (!s.result)
        s.result = {
          target: s.target,
          status: 'failed',
          message: `${s.label}: ${what}: ${text}`,
          durationMs: now - this.startedAt,
        };
    this.finish();
  }

  /** Ends every undecided target with `status`, keeping its last known progress in the message. */
  private endAll(status: RolloutTargetStatus, why: string): void {
    if (this.finished) return;
    const now = this.now();
    for (const s of this.states) {
      if (s.result) continue;
      const last = s.status ? `; last state: ${s.status.message}` : '';
      const pending = s.problems[0] ? `; unresolved: ${describePodProblem(s.problems[0])}` : '';
      s.result = {
        target: s.target,
        status,
        message: `${s.label}: ${why}${last}${pending}`,
        durationMs: now - this.startedAt,
        ...(s.problems[0] ? { problem: s.problems[0] } : {}),
      };
      if (status !== 'cancelled' || !why.startsWith('not finished')) this.emit(s.result.message, now);
    }
    this.finish();
  }

  /** Read through a call: a failed target ends the tracking inside evaluateTarget, which TypeScript's narrowing cannot see. */
  private hasFinished(): boolean {
    return this.finished;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const inf of this.informers.values()) inf.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    // Every path here has decided each target first (decide, endAll, fatal); a gap would be a bug, reported as one.
    const results = this.states.map(
      (s) =>
        s.result ?? {
          target: s.target,
          status: 'failed' as const,
          message: `${s.label}: internal error: tracking ended before this rollout was decided`,
          durationMs: this.now() - this.startedAt,
        },
    );
    this.resolve?.({ ok: results.every((r) => r.status === 'ready'), results });
  }
}
