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
import { isTransient, KubeApiError, type KubeClient } from './client.js';
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
interface RolloutTargetResult {
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
export interface RolloutCounters {
  /** Watch requests opened (first ones + reconnects). */
  watchesOpened: number;
  /** List requests that succeeded (initial + re-lists). */
  lists: number;
  /** Watch events received (ADDED/MODIFIED/DELETED/BOOKMARK). */
  eventsSeen: number;
  /** Watches re-opened after the stream ended or failed. */
  reconnects: number;
  /** Re-lists after 410 Gone. */
  relists: number;
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
  backoff?: { baseMs: number; maxMs: number };
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

const RESOURCES = {
  deployments: { base: '/apis/apps/v1', plural: 'deployments', kind: 'Deployment' },
  replicasets: { base: '/apis/apps/v1', plural: 'replicasets', kind: 'ReplicaSet' },
  statefulsets: { base: '/apis/apps/v1', plural: 'statefulsets', kind: 'StatefulSet' },
  jobs: { base: '/apis/batch/v1', plural: 'jobs', kind: 'Job' },
  pods: { base: '/api/v1', plural: 'pods', kind: 'Pod' },
  events: { base: '/api/v1', plural: 'events', kind: 'Event' },
  services: { base: '/api/v1', plural: 'services', kind: 'Service' },
  ingresses: { base: '/apis/networking.k8s.io/v1', plural: 'ingresses', kind: 'Ingress' },
} as const;
type ResourceName = keyof typeof RESOURCES;

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

type Rec = Record<string, unknown>;
function rec(v: unknown): Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {};
}

function controllerUid(obj: KubeObject): string | undefined {
  const refs = obj.metadata['ownerReferences'];
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.map(rec).find((r) => r['controller'] === true);
  return typeof ref?.['uid'] === 'string' ? ref['uid'] : undefined;
}

function involvedUid(obj: KubeObject): string | undefined {
  const uid = rec(obj['involvedObject'])['uid'];
  return typeof uid === 'string' ? uid : undefined;
}

/** Secondary index of each collection: which objects belong to which owner/subject uid. */
const INDEX: Partial<Record<ResourceName, (o: KubeObject) => string | undefined>> = {
  pods: controllerUid,
  replicasets: controllerUid,
  events: involvedUid,
};

interface WatchEnd {
  err?: unknown;
  gone: boolean;
  events: number;
}

/**
 * A list+watch cache of one collection in one namespace (a small informer). Items by name, plus
 * an optional index by owner/subject uid.
 */
class Informer {
  readonly items = new Map<string, KubeObject>();
  readonly byUid = new Map<string, Map<string, KubeObject>>();
  resourceVersion = '';
  synced = false;
  private stopped = false;
  private controller: AbortController | undefined;
  private backoffMs: number;
  private sleepTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: KubeClient,
    readonly resource: ResourceName,
    readonly namespace: string,
    private readonly counters: RolloutCounters,
    private readonly backoff: { baseMs: number; maxMs: number },
    private readonly onChange: () => void,
    private readonly onFatal: (err: unknown, what: string) => void,
  ) {
    this.backoffMs = backoff.baseMs;
  }

  get path(): string {
    const r = RESOURCES[this.resource];
    return `${r.base}/namespaces/${encodeURIComponent(this.namespace)}/${r.plural}`;
  }

  get what(): string {
    return `${this.resource} in namespace ${this.namespace}`;
  }

  /** Runs until {@link stop}: list, then watch, resume, re-list on 410. */
  async run(): Promise<void> {
    let needList = true;
    while (!this.stopped) {
      if (needList) {
        try {
          await this.list();
          needList = false;
          this.backoffMs = this.backoff.baseMs;
        } catch (err) {
          if (this.stopped) return;
          if (!isTransient(err)) {
            this.onFatal(err, `cannot list ${this.what}`);
            return;
          }
          await this.sleep();
          continue;
        }
      }
      const end = await this.watchOnce();
      if (this.stopped) return;
      if (end.gone) {
        this.counters.relists++;
        needList = true;
        continue;
      }
      this.counters.reconnects++;
      const code = statusCodeOf(end.err);
      if (code !== undefined && code !== 410 && !isTransientCode(code)) {
        this.onFatal(end.err, `cannot watch ${this.what}`);
        return;
      }
      if (end.err !== undefined || end.events === 0) await this.sleep();
      else this.backoffMs = this.backoff.baseMs;
    }
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
  }

  private async list(): Promise<void> {
    const list = await this.client.request<{ items?: KubeObject[]; metadata?: { resourceVersion?: string } }>(
      'GET',
      this.path,
    );
    if (this.stopped) return;
    this.counters.lists++;
    this.items.clear();
    this.byUid.clear();
    for (const item of list.items ?? []) {
      // List items carry no kind; the watch events do. Keep them alike for the evaluators.
      const obj = { ...item, kind: item.kind ?? RESOURCES[this.resource].kind } as KubeObject;
      this.put(obj);
    }
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    this.synced = true;
    this.onChange();
  }

  private put(obj: KubeObject): void {
    const prev = this.items.get(obj.metadata.name);
    if (prev) this.unindex(prev);
    this.items.set(obj.metadata.name, obj);
    const key = INDEX[this.resource]?.(obj);
    if (key !== undefined) {
      let m = this.byUid.get(key);
      if (!m) this.byUid.set(key, (m = new Map()));
      m.set(obj.metadata.name, obj);
    }
  }

  private remove(obj: KubeObject): void {
    const prev = this.items.get(obj.metadata.name);
    if (prev) this.unindex(prev);
    this.items.delete(obj.metadata.name);
  }

  private unindex(obj: KubeObject): void {
    const key = INDEX[this.resource]?.(obj);
    if (key === undefined) return;
    const m = this.byUid.get(key);
    m?.delete(obj.metadata.name);
    if (m && m.size === 0) this.byUid.delete(key);
  }

  private watchOnce(): Promise<WatchEnd> {
    return new Promise<WatchEnd>((resolve) => {
      let events = 0;
      let gone = false;
      let finished = false;
      const finish = (err: unknown): void => {
        if (finished) return;
        finished = true;
        resolve({ ...(err ? { err } : {}), gone: gone || statusCodeOf(err) === 410, events });
      };
      this.counters.watchesOpened++;
      const query = {
        resourceVersion: this.resourceVersion || undefined,
        allowWatchBookmarks: true,
        timeoutSeconds: 300,
      };
      this.client
        .watch(
          this.path,
          query,
          (type, obj) => {
            if (this.stopped || finished) return;
            if (type === 'ERROR') {
              // The server ends a watch it cannot serve with an ERROR event carrying a Status.
              const status = obj as unknown as { code?: number; message?: string };
              if (status.code === 410) gone = true;
              else
                finish(new KubeApiError(`watch ${this.path}: ${status.message ?? 'error event'}`, status.code ?? 500));
              return;
            }
            events++;
            this.counters.eventsSeen++;
            const rv = obj?.metadata?.['resourceVersion'];
            if (typeof rv === 'string' && rv !== '') this.resourceVersion = rv;
            if (type === 'BOOKMARK') return;
            if (type === 'DELETED') this.remove(obj);
            else this.put(obj);
            this.onChange();
          },
          (err) => finish(err ?? undefined),
        )
        .then(
          (ctrl) => {
            this.controller = ctrl;
            if (this.stopped || finished) ctrl.abort();
          },
          (err: unknown) => finish(err),
        );
    });
  }

  private sleep(): Promise<void> {
    const ms = this.backoffMs;
    this.backoffMs = Math.min(this.backoff.maxMs, this.backoffMs * 2);
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    });
  }
}

function statusCodeOf(err: unknown): number | undefined {
  if (err instanceof KubeApiError) return err.code;
  // client-node puts the HTTP status of a refused watch in `statusCode`; `code` is not used because
  // DOMExceptions (its 30 s inactivity TimeoutError) carry unrelated numeric codes there.
  const code = rec(err)['statusCode'];
  return typeof code === 'number' ? code : undefined;
}

function isTimeoutReason(reason: unknown): boolean {
  return (reason instanceof Error || reason instanceof DOMException) && reason.name === 'TimeoutError';
}

function isTransientCode(code: number): boolean {
  return code === 429 || code >= 500;
}

interface TargetState {
  target: RolloutTarget;
  label: string;
  /** Problem memo of pod-problems.ts (first-seen times). */
  seen: Map<string, number>;
  lastLine?: string;
  status?: RolloutStatus;
  problems: PodProblem[];
  result?: RolloutTargetResult;
  /** When the rollout was first seen complete with unprobed containers (the settle window's start). */
  settleSince?: number;
}

function labelsFor(targets: readonly RolloutTarget[]): string[] {
  const count = (f: (t: RolloutTarget) => string): Map<string, number> => {
    const m = new Map<string, number>();
    for (const t of targets) m.set(f(t), (m.get(f(t)) ?? 0) + 1);
    return m;
  };
  const byName = count((t) => t.name);
  const byKindName = count((t) => `${t.kind}/${t.name}`);
  return targets.map((t) => {
    if (byName.get(t.name) === 1) return t.name;
    if (byKindName.get(`${t.kind}/${t.name}`) === 1) return `${t.kind.toLowerCase()}/${t.name}`;
    return `${t.kind.toLowerCase()} ${t.namespace}/${t.name}`;
  });
}

function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))}s`;
}

/** `web` + status → `2/3 updated, 1 available` (workloads) or the status message (others). */
function progressText(kind: TrackedKind, s: RolloutStatus): string {
  if (kind === 'Deployment' || kind === 'StatefulSet')
    return `${s.updated}/${s.replicas} updated, ${s.available || s.ready} ${kind === 'Deployment' ? 'available' : 'ready'}`;
  if (kind === 'Job') return `${s.available}/${s.replicas} succeeded`;
  return s.message;
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
    const labels = labelsFor(options.targets);
    this.states = options.targets.map((target, i) => ({ target, label: labels[i]!, seen: new Map(), problems: [] }));
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
              () => this.schedule(),
              (err, what) => this.fatal(err, what),
            ),
          );
        }
      }
    }
    this.after(this.timeoutMs, () => this.endAll('timeout', `timed out after ${seconds(this.timeoutMs)}`));
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
    const reason = this.options.signal?.reason;
    // AbortSignal.timeout() (the deploy's --timeout) aborts with a TimeoutError: that is a
    // timeout, not a cancellation, and its message ("The operation was aborted due to timeout") says nothing useful.
    if (isTimeoutReason(reason)) {
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
    return this.informers.get(`${r}|${ns}`)!;
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
      if (this.finished) return;
      for (const p of s.problems) if (!p.blocking) nextWake = Math.min(nextWake, p.blockingAt);
      if (s.settleSince !== undefined) nextWake = Math.min(nextWake, s.settleSince + this.settleMs);
    }
    if (this.states.every((s) => s.result)) {
      this.finish();
      return;
    }
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    if (Number.isFinite(nextWake)) this.wakeTimer = setTimeout(() => this.schedule(), Math.max(0, nextWake - now) + 1);
  }

  /**
   * Restarts from before tracking began are history (a healthy pod of an unchanged ReplicaSet,
   * the previous release during a rollback): only later ones count towards `crashRestarts`.
   */
  private recordRestartBaseline(): void {
    for (const [key, inf] of this.informers) {
      if (!key.startsWith('pods|')) continue;
      for (const pod of inf.items.values()) {
        const st = rec(pod['status']);
        for (const cs of [
          ...(Array.isArray(st['initContainerStatuses']) ? st['initContainerStatuses'] : []),
          ...(Array.isArray(st['containerStatuses']) ? st['containerStatuses'] : []),
        ].map(rec)) {
          if (typeof cs['restartCount'] === 'number' && cs['restartCount'] > 0)
            this.restartBaseline.set(
              `${String(pod.metadata['uid'] ?? pod.metadata.name)}/${String(cs['name'])}`,
              cs['restartCount'],
            );
        }
      }
    }
  }

  private evaluateTarget(s: TargetState, now: number): void {
    const { kind, namespace, name } = s.target;
    const obj = this.informer(OBJECT_RESOURCE[kind], namespace).items.get(name);
    const events = this.informer('events', namespace);
    if (!obj) {
      const key = '/missing';
      let since = s.seen.get(key);
      if (since === undefined) s.seen.set(key, (since = now));
      const missing = `${kind} ${namespace}/${name} does not exist`;
      if (now - since >= this.graceMs) this.decide(s, 'failed', `${s.label}: ${missing}`, now);
      else this.progress(s, `${s.label}: ${missing} (yet), ${seconds(now - this.startedAt)}`, now);
      return;
    }
    s.seen.delete('/missing');
    let status: RolloutStatus;
    let pods: KubeObject[] = [];
    let owner: KubeObject | undefined;
    const pods$ = (uid: unknown): KubeObject[] => [
      ...(this.informers.get(`pods|${namespace}`)?.byUid.get(String(uid))?.values() ?? []),
    ];
    switch (kind) {
      case 'Deployment': {
        const rss = this.informer('replicasets', namespace).byUid.get(String(obj.metadata['uid']))?.values() ?? [];
        owner = findNewReplicaSet(obj, rss);
        status = deploymentStatus(obj, owner);
        if (owner) pods = pods$(owner.metadata['uid']);
        break;
      }
      case 'StatefulSet': {
        status = statefulSetStatus(obj);
        const updateRevision = rec(obj['status'])['updateRevision'];
        pods = pods$(obj.metadata['uid']).filter(
          (p) => updateRevision === undefined || p.metadata.labels?.['controller-revision-hash'] === updateRevision,
        );
        break;
      }
      case 'Job':
        status = jobStatus(obj);
        pods = pods$(obj.metadata['uid']);
        break;
      case 'Service':
        status = serviceStatus(obj);
        break;
      case 'Ingress':
        status = ingressStatus(obj);
        break;
    }
    s.status = status;
    s.problems =
      pods.length || owner
        ? findPodProblems(
            pods,
            {
              now,
              graceMs: this.graceMs,
              seen: s.seen,
              eventsByUid: events.byUid,
              restartBaseline: this.restartBaseline,
              ...(this.options.crashRestarts !== undefined ? { crashRestarts: this.options.crashRestarts } : {}),
            },
            owner,
          )
        : [];
    const summary = this.summary(s, status, owner);
    if (status.failed) {
      const hint = s.problems[0] ? ` (${describePodProblem(s.problems[0])})` : '';
      this.decide(s, 'failed', `${s.label}: ${status.failed}${hint}`, now, s.problems[0]);
      return;
    }
    const settling =
      (kind === 'Deployment' || kind === 'StatefulSet') && this.settleMs > 0 && pods.some(hasUnprobedContainer);
    if (settling && (status.done || s.settleSince !== undefined)) {
      const crash = settleCrash(pods, this.restartBaseline, now, this.settleMs);
      if (crash) {
        this.decide(s, 'failed', `${s.label}: ${summary} (${describePodProblem(crash)})`, now, crash);
        return;
      }
    }
    if (status.done && settling) {
      s.settleSince ??= now;
      if (now - s.settleSince < this.settleMs) {
        this.progress(
          s,
          `${s.label}: ${progressText(kind, status)}, ${seconds(now - this.startedAt)} — settling: no container may restart or exit for ${seconds(this.settleMs)} (no readiness probe)`,
          now,
        );
        return;
      }
    }
    if (status.done) {
      this.decide(
        s,
        'ready',
        `${s.label}: ${status.message}${settling ? ` (no restarts in the ${seconds(this.settleMs)} settle window)` : ''}`,
        now,
      );
      return;
    }
    const blocking = s.problems.find((p) => p.blocking);
    if (blocking) {
      this.decide(s, 'failed', `${s.label}: ${summary} (${describePodProblem(blocking)})`, now, blocking);
      return;
    }
    const pending = s.problems[0];
    const note = pending
      ? ` — ${pending.reason} on ${pending.object}${pending.container ? `/${pending.container}` : ''}, failing in ${seconds(pending.blockingAt - now)} unless it clears`
      : '';
    this.progress(s, `${s.label}: ${progressText(kind, status)}, ${seconds(now - this.startedAt)}${note}`, now);
  }

  /** `0 of 3 updated replicas are available` for workloads; kubectl's message otherwise. */
  private summary(s: TargetState, status: RolloutStatus, newRS: KubeObject | undefined): string {
    // The Deployment's availableReplicas still counts the old ReplicaSets' pods; the new one's are what matter here.
    if (s.target.kind === 'Deployment')
      return `${newRS ? Number(rec(newRS['status'])['availableReplicas'] ?? 0) : 0} of ${status.replicas} updated replicas are available`;
    if (s.target.kind === 'StatefulSet') return `${status.ready} of ${status.replicas} pods are ready`;
    return status.message;
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

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const inf of this.informers.values()) inf.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    const results = this.states.map((s) => s.result!);
    this.resolve?.({ ok: results.every((r) => r.status === 'ready'), results });
  }
}

/** True when a pod has an app container without a readiness probe (Ready as soon as it starts). */
function hasUnprobedContainer(pod: KubeObject): boolean {
  const containers = rec(pod['spec'])['containers'];
  return Array.isArray(containers) && containers.map(rec).some((c) => c['readinessProbe'] === undefined);
}

/**
 * The first container of a new pod that restarted (since tracking began) or exited: during the
 * settle window that fails the rollout as CrashLoopBackOff does, however Ready the pod looks.
 */
function settleCrash(
  pods: readonly KubeObject[],
  baseline: ReadonlyMap<string, number>,
  now: number,
  settleMs: number,
): PodProblem | undefined {
  for (const pod of [...pods].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    if (pod.metadata['deletionTimestamp']) continue;
    const uid = String(pod.metadata['uid'] ?? pod.metadata.name);
    const st = rec(pod['status']);
    for (const cs of (Array.isArray(st['containerStatuses']) ? st['containerStatuses'] : []).map(rec)) {
      const name = String(cs['name'] ?? '');
      const restarts = typeof cs['restartCount'] === 'number' ? cs['restartCount'] : 0;
      const newRestarts = restarts - (baseline.get(`${uid}/${name}`) ?? 0);
      const terminated = rec(rec(cs['state'])['terminated']);
      const exited = rec(cs['state'])['terminated'] !== undefined;
      if (newRestarts <= 0 && !exited) continue;
      const last = exited ? terminated : rec(rec(cs['lastState'])['terminated']);
      const exit =
        last['reason'] !== undefined || last['exitCode'] !== undefined
          ? `exited: ${String(last['reason'] ?? 'Error')} (exit code ${String(last['exitCode'] ?? '?')})`
          : 'exited';
      const detail = `${exit} after it had started; restarted ${newRestarts > 0 ? newRestarts : 0} time(s) since the rollout began, within the ${Math.round(settleMs / 1000)}s settle window (the container has no readiness probe to catch a crash)`;
      return {
        object: pod.metadata.name,
        kind: 'Pod',
        container: name,
        reason: 'CrashLoopBackOff',
        detail,
        events: [],
        since: now,
        blockingAt: now,
        blocking: true,
      };
    }
  }
  return undefined;
}
