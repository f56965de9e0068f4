/**
 * A tiny controller runtime: store events enqueue keys, a deduplicating queue runs `sync(key)`
 * on a later tick, and `requeueAfter` schedules a resync in simulated time. Errors are logged
 * through `onError` and retried with back-off, so one bad object never stops a controller.
 */
import type { SandboxClock } from '../clock.js';
import type { StoreEvent } from '../watch.js';

/** One controller. */
export interface Controller {
  readonly name: string;
  /** Maps a store event to keys to sync (or none). */
  keysFor(e: StoreEvent): string[];
  /** Reconciles one key; may return a simulated delay after which to sync again. */
  sync(key: string): number | undefined;
}

/** Runs controllers over one store's events. */
export class ControllerRunner {
  private readonly queues = new Map<Controller, Set<string>>();
  private scheduled = false;
  private stopped = false;
  private readonly failures = new Map<string, number>();
  /** Set true to pause every controller (fault injection: stuck controller). */
  paused = false;
  /** Extra delay in real ms before each drain (fault injection: slow controller). */
  drainDelayMs = 0;

  private readonly clock: SandboxClock;
  private readonly onError: (controller: string, key: string, err: unknown) => void;

  constructor(clock: SandboxClock, onError: (controller: string, key: string, err: unknown) => void) {
    this.clock = clock;
    this.onError = onError;
  }

  /** Registers a controller. */
  add(c: Controller): void {
    this.queues.set(c, new Set());
  }

  /** Store listener: fans the event out to every controller's queue. */
  readonly onStoreEvent = (e: StoreEvent): void => {
    for (const [c, q] of this.queues) for (const k of c.keysFor(e)) q.add(k);
    this.schedule();
  };

  /** Enqueues a key for one controller by name. */
  enqueue(controllerName: string, key: string): void {
    for (const [c, q] of this.queues) if (c.name === controllerName) q.add(key);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    const run = (): void => {
      this.scheduled = false;
      this.drain();
    };
    if (this.drainDelayMs > 0) setTimeout(run, this.drainDelayMs);
    else setImmediate(run);
  }

  private drain(): void {
    if (this.stopped) return;
    if (this.paused) {
      setTimeout(() => {
        this.schedule();
      }, 50);
      return;
    }
    let budget = 2000;
    for (const [c, q] of this.queues) {
      while (q.size > 0 && budget-- > 0) {
        const key = q.values().next().value as string;
        q.delete(key);
        try {
          const again = c.sync(key);
          this.failures.delete(`${c.name}:${key}`);
          if (typeof again === 'number' && again >= 0)
            this.clock.after(again, () => {
              this.enqueue(c.name, key);
            });
        } catch (err) {
          const fk = `${c.name}:${key}`;
          const n = (this.failures.get(fk) ?? 0) + 1;
          this.failures.set(fk, n);
          this.onError(c.name, key, err);
          if (n < 10)
            setTimeout(
              () => {
                this.enqueue(c.name, key);
              },
              Math.min(1000, 5 * 2 ** n),
            );
        }
      }
    }
    for (const q of this.queues.values()) if (q.size > 0) this.schedule();
  }

  /** Stops scheduling. */
  stop(): void {
    this.stopped = true;
  }
}

/** `ns/name` key of an object. */
export function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** Splits a key from {@link keyOf}. */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  const ns = key.slice(0, i);
  return { namespace: ns || undefined, name: key.slice(i + 1) };
}
