/**
 * Watch fan-out with a bounded event history per resource type, like the API server's watch
 * cache: a watch may resume from any resourceVersion still in the history; older ones get
 * 410 Gone ("too old resource version"), which makes clients re-list.
 */
import { gone } from './status.js';
import type { KubeObject } from './object.js';

/** One change in the store. `object` is the frozen stored snapshot; `previous` the one before it. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resourceKey: string;
  rv: number;
  object: KubeObject;
  previous?: KubeObject | undefined;
}

/** A live subscription; `stop()` is idempotent. */
export interface WatchSubscription {
  readonly stop: () => void;
}

interface Watcher {
  deliver(e: StoreEvent): void;
}

/** Per-resource history ring plus subscriber sets. */
export class WatchHub {
  private readonly history = new Map<string, StoreEvent[]>();
  /** Highest resourceVersion evicted from each history: resuming at or below it is 410 Gone. */
  private readonly compactedTo = new Map<string, number>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly limit: number;

  constructor(historyLimit: number) {
    this.limit = Math.max(1, historyLimit);
  }

  /** Records an event and delivers it to the resource's watchers, synchronously and in order. */
  publish(e: StoreEvent): void {
    let h = this.history.get(e.resourceKey);
    if (!h) this.history.set(e.resourceKey, (h = []));
    h.push(e);
    if (h.length > this.limit) {
      const dropped = h.splice(0, h.length - this.limit);
      const newestDropped = dropped[dropped.length - 1];
      if (newestDropped) this.compactedTo.set(e.resourceKey, newestDropped.rv);
    }
    for (const w of this.watchers.get(e.resourceKey) ?? []) w.deliver(e);
  }

  /**
   * Subscribes to a resource's events after `fromRv` (exclusive); history events are replayed
   * first. Throws 410 when `fromRv` is older than the retained history.
   */
  subscribe(resourceKey: string, fromRv: number | undefined, deliver: (e: StoreEvent) => void): WatchSubscription {
    if (fromRv !== undefined) {
      const compacted = this.compactedTo.get(resourceKey) ?? 0;
      if (fromRv < compacted) throw gone(`too old resource version: ${fromRv} (${compacted + 1})`);
    }
    const w: Watcher = { deliver };
    if (fromRv !== undefined) {
      for (const e of this.history.get(resourceKey) ?? []) if (e.rv > fromRv) deliver(e);
    }
    let set = this.watchers.get(resourceKey);
    if (!set) this.watchers.set(resourceKey, (set = new Set()));
    set.add(w);
    let stopped = false;
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        set.delete(w);
      },
    };
  }

  /** Marks everything up to `rv` as compacted (used by fault injection to force 410s). */
  compact(resourceKey: string, rv: number): void {
    const h = this.history.get(resourceKey) ?? [];
    this.history.set(
      resourceKey,
      h.filter((e) => e.rv > rv),
    );
    this.compactedTo.set(resourceKey, Math.max(rv, this.compactedTo.get(resourceKey) ?? 0));
  }

  /** Number of open watchers (all resources). */
  watcherCount(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }
}
