/**
 * The in-memory object store: one table per resource type, a cluster-wide resourceVersion
 * counter, frozen snapshots (readers share them; writers clone), and watch fan-out through
 * {@link WatchHub}. It stores what it is given: admission, defaulting, generation and deletion
 * semantics live in `objects.ts`, which is what the HTTP layer and the controllers call.
 */
import { nameOf, deepFreeze, objectKey, type KubeObject } from './object.js';
import { resourceKey, type ResourceType } from './registry.js';
import { WatchHub, type StoreEvent, type WatchSubscription } from './watch.js';

/** Options for {@link ObjectStore}. */
export interface ObjectStoreOptions {
  /** Events kept per resource type for watch resume (older resume points get 410 Gone). */
  watchHistory?: number;
}

/** Snapshot list result. */
export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

/** The in-memory store. */
export class ObjectStore {
  readonly hub: WatchHub;
  private rv = 0;
  private readonly tables = new Map<string, Map<string, KubeObject>>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  /** resource key → owner uid → object keys, so controllers find dependents without scanning. */
  private readonly owners = new Map<string, Map<string, Set<string>>>();

  constructor(options: ObjectStoreOptions = {}) {
    this.hub = new WatchHub(options.watchHistory ?? 5000);
  }

  /** Current cluster resourceVersion. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Next resourceVersion (for writes). */
  private nextRv(): number {
    return ++this.rv;
  }

  private table(t: ResourceType): Map<string, KubeObject> {
    const k = resourceKey(t);
    let m = this.tables.get(k);
    if (!m) this.tables.set(k, (m = new Map<string, KubeObject>()));
    return m;
  }

  /** The stored (frozen) object, or undefined. */
  get(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.table(t).get(objectKey(t.namespaced ? namespace : undefined, name));
  }

  /** The stored object a controller is working on; throws if it is gone (the controller retries the key). */
  getExisting(t: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const o = this.get(t, namespace, name);
    if (!o) throw new Error(`sandbox: ${t.resource} ${objectKey(namespace, name)} no longer exists`);
    return o;
  }

  /** Frozen objects of one type, optionally in one namespace, sorted by namespace/name like etcd keys. */
  list(t: ResourceType, namespace?: string): ListResult {
    const items: KubeObject[] = [];
    for (const o of this.table(t).values()) {
      if (namespace && t.namespaced && o.metadata.namespace !== namespace) continue;
      items.push(o);
    }
    items.sort((a, b) =>
      objectKey(a.metadata.namespace, nameOf(a)).localeCompare(objectKey(b.metadata.namespace, nameOf(b))),
    );
    return { items, resourceVersion: String(this.rv) };
  }

  /** Number of objects of one type. */
  count(t: ResourceType): number {
    return this.table(t).size;
  }

  /**
   * Writes an object (insert or replace), stamping a new resourceVersion; returns the frozen
   * stored copy. The caller owns all other semantics.
   */
  put(t: ResourceType, obj: KubeObject): KubeObject {
    const key = objectKey(t.namespaced ? obj.metadata.namespace : undefined, nameOf(obj));
    const tab = this.table(t);
    const previous = tab.get(key);
    const rv = this.nextRv();
    obj.metadata.resourceVersion = String(rv);
    const stored = deepFreeze(obj);
    tab.set(key, stored);
    this.indexOwners(t, key, previous, false);
    this.indexOwners(t, key, stored, true);
    this.emit({ type: previous ? 'MODIFIED' : 'ADDED', resourceKey: resourceKey(t), rv, object: stored, previous });
    return stored;
  }

  /** Removes an object; the DELETED event carries a fresh resourceVersion like the API server's. */
  remove(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = objectKey(t.namespaced ? namespace : undefined, name);
    const tab = this.table(t);
    const previous = tab.get(key);
    if (!previous) return undefined;
    tab.delete(key);
    this.indexOwners(t, key, previous, false);
    const rv = this.nextRv();
    const gone = deepFreeze({ ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } });
    this.emit({ type: 'DELETED', resourceKey: resourceKey(t), rv, object: gone, previous });
    return gone;
  }

  private indexOwners(t: ResourceType, key: string, o: KubeObject | undefined, add: boolean): void {
    const refs = o?.metadata.ownerReferences;
    if (!refs?.length) return;
    const rk = resourceKey(t);
    let byOwner = this.owners.get(rk);
    if (!byOwner) this.owners.set(rk, (byOwner = new Map<string, Set<string>>()));
    for (const r of refs) {
      let keys = byOwner.get(r.uid);
      if (add) {
        if (!keys) byOwner.set(r.uid, (keys = new Set()));
        keys.add(key);
      } else if (keys) {
        keys.delete(key);
        if (keys.size === 0) byOwner.delete(r.uid);
      }
    }
  }

  /** Objects of type `t` with an owner reference to `ownerUid` (any order). */
  ownedBy(t: ResourceType, ownerUid: string): KubeObject[] {
    const keys = this.owners.get(resourceKey(t))?.get(ownerUid);
    if (!keys) return [];
    const tab = this.table(t);
    const out: KubeObject[] = [];
    for (const k of keys) {
      const o = tab.get(k);
      if (o) out.push(o);
    }
    return out;
  }

  private emit(e: StoreEvent): void {
    this.hub.publish(e);
    for (const l of this.listeners) l(e);
  }

  /** In-process listener for every event of every type (controllers); returns an unsubscribe. */
  onEvent(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes a watch; see {@link WatchHub.subscribe}. */
  watch(t: ResourceType, fromRv: number | undefined, deliver: (e: StoreEvent) => void): WatchSubscription {
    return this.hub.subscribe(resourceKey(t), fromRv, deliver);
  }

  /** Object counts per resource type (for benchmarks and the status line). */
  stats(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, m] of this.tables) out[k] = m.size;
    return out;
  }
}
