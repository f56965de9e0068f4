/**
 * `Informer`: a list+watch cache of one collection in one namespace, like a small client-go
 * informer. The list gives the resourceVersion, the watch resumes from the last one seen when the
 * stream drops (with backoff when it fails), a 410 Gone re-lists. Items are kept by name, plus an
 * optional index by owner/subject uid. The rollout tracker runs one per kind and namespace.
 */
import type { KubeObject } from '../model/kube-object.js';
import { isTransient, KubeApiError, type KubeClient } from './client.js';
import { rec } from './fields.js';
import { statusCodeOf, watchErrorStatus } from './watch-status.js';

/** What the informers did on the wire (for tests and benchmarks). */
export interface InformerCounters {
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
}

/** Backoff between failed watch attempts: doubling from `baseMs` up to `maxMs`. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
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
export type ResourceName = keyof typeof RESOURCES;

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

/** An item of a list answer: the server leaves out `kind` there (the list has it), the watch events carry it. */
interface ListItem {
  apiVersion: string;
  kind?: string;
  metadata: KubeObject['metadata'];
  [field: string]: unknown;
}

interface WatchEnd {
  err?: unknown;
  gone: boolean;
  events: number;
}

/**
 * A list+watch cache of one collection in one namespace (a small informer). Items by name, plus
 * an optional index by owner/subject uid.
 */
export class Informer {
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
    private readonly counters: InformerCounters,
    private readonly backoff: Backoff,
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
    while (!this.isStopped()) {
      if (needList) {
        try {
          await this.list();
          needList = false;
          this.backoffMs = this.backoff.baseMs;
        } catch (err) {
          if (this.isStopped()) return;
          if (!isTransient(err)) {
            this.onFatal(err, `cannot list ${this.what}`);
            return;
          }
          await this.sleep();
          continue;
        }
      }
      const end = await this.watchOnce();
      if (this.isStopped()) return;
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

  /** Read through a call: {@link stop} flips it while run() awaits, which TypeScript's narrowing cannot see. */
  private isStopped(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
  }

  private async list(): Promise<void> {
    const list = await this.client.request<{ items?: ListItem[]; metadata?: { resourceVersion?: string } }>(
      'GET',
      this.path,
    );
    if (this.stopped) return;
    this.counters.lists++;
    this.items.clear();
    this.byUid.clear();
    for (const item of list.items ?? []) {
      // List items carry no kind; the watch events do. Keep them alike for the evaluators.
      this.put({ ...item, kind: item.kind ?? RESOURCES[this.resource].kind });
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
      if (!m) this.byUid.set(key, (m = new Map<string, KubeObject>()));
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
              const status = watchErrorStatus(obj);
              if (status.code === 410) gone = true;
              else
                finish(new KubeApiError(`watch ${this.path}: ${status.message ?? 'error event'}`, status.code ?? 500));
              return;
            }
            events++;
            this.counters.eventsSeen++;
            const rv = obj.metadata['resourceVersion'];
            if (typeof rv === 'string' && rv !== '') this.resourceVersion = rv;
            if (type === 'BOOKMARK') return;
            if (type === 'DELETED') this.remove(obj);
            else this.put(obj);
            this.onChange();
          },
          (err) => {
            finish(err ?? undefined);
          },
        )
        .then(
          (ctrl) => {
            this.controller = ctrl;
            if (this.stopped || finished) ctrl.abort();
          },
          (err: unknown) => {
            finish(err);
          },
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

function isTransientCode(code: number): boolean {
  return code === 429 || code >= 500;
}
