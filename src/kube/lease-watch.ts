/**
 * The deploy lock's watch of its Lease: one watch of that one object (fieldSelector on its name,
 * from the resourceVersion the holder wrote, so no event is missed), so that a Lease deleted or
 * taken over is noticed within a second rather than at the next renewal.
 */
import { sleep, isAborted } from './abortable.js';
import { KubeApiError, type KubeClient } from './client.js';
import { getLease, leaseOf, LEASES, LOCK_NAME, resourceVersionOf, type Lease } from './lease.js';
import { isTimeout, statusCodeOf, watchErrorStatus } from './watch-status.js';

/**
 * Backoff between watches of the Lease that failed or ended at once (ms): first, cap. Each retry
 * re-reads the Lease, so the cap bounds how late a loss is noticed while watching does not work.
 */
const WATCH_BACKOFF = { firstMs: 250, maxMs: 2_000 };
/** Statuses that mean the Lease cannot be watched at all (RBAC without `watch`): renewals alone must do. */
const WATCH_REFUSED = new Set([401, 403, 405]);

/** What the lock gives its watch. */
export interface LeaseWatchOptions {
  client: KubeClient;
  namespace: string;
  /** The resourceVersion to watch from: the one the holder last wrote. */
  resourceVersion: string | undefined;
  /** Ends the watch: the lock was released or lost. */
  halt: AbortSignal;
  /**
   * Judges each version of the Lease seen (undefined: it was deleted); returns true when the lock is
   * lost (the caller has acted on it), which ends the watch.
   */
  lostOn: (live: Lease | undefined) => boolean;
  log: (line: string) => void;
}

/** How one watch ended: why, how many events it brought, the last resourceVersion seen. */
interface WatchEnd {
  err?: unknown;
  gone: boolean;
  events: number;
  resourceVersion?: string;
}

/**
 * Watches the Lease until `halt` fires or `lostOn` says the lock is lost. A watch that ends is
 * resumed; one that fails, or misses history (410), is resumed after a GET that re-checks the
 * Lease. A cluster that refuses the watch (RBAC without `watch`) leaves the renewals to notice.
 */
export async function watchLease(options: LeaseWatchOptions): Promise<void> {
  const { client, namespace, halt, lostOn, log } = options;
  const itemPath = `${LEASES}/namespaces/${encodeURIComponent(namespace)}/leases/${LOCK_NAME}`;
  let resourceVersion = options.resourceVersion;
  let backoffMs = WATCH_BACKOFF.firstMs;
  while (!isAborted(halt)) {
    const started = Date.now();
    const end = await watchOnce(options, resourceVersion);
    if (isAborted(halt)) return;
    const code = statusCodeOf(end.err);
    if (code !== undefined && WATCH_REFUSED.has(code)) {
      log(`cannot watch the deploy lock Lease (HTTP ${code}); a lost lock is noticed at the next renewal instead`);
      return;
    }
    resourceVersion = end.resourceVersion ?? resourceVersion;
    // A watch the server closed after a while or after events (its timeout, the client's inactivity
    // timeout, a proxy cutting streams) is simply resumed; one that failed or ended at once waits,
    // longer each time.
    const clean = (!end.err || isTimeout(end.err)) && !end.gone && (end.events > 0 || Date.now() - started >= 1000);
    if (clean) {
      backoffMs = WATCH_BACKOFF.firstMs;
      continue;
    }
    try {
      await sleep(backoffMs, halt);
    } catch {
      return;
    }
    backoffMs = Math.min(WATCH_BACKOFF.maxMs, backoffMs * 2);
    try {
      const live = await getLease(client, itemPath, halt);
      if (lostOn(live) || !live) return;
      resourceVersion = resourceVersionOf(live);
    } catch {
      // The API is unreachable: the renewals decide when that costs the lock; keep trying to watch.
    }
  }
}

/** One watch of the Lease until it ends; the last resourceVersion seen, and why it ended. */
function watchOnce(options: LeaseWatchOptions, resourceVersion: string | undefined): Promise<WatchEnd> {
  const { client, namespace, halt, lostOn } = options;
  const path = `${LEASES}/namespaces/${encodeURIComponent(namespace)}/leases`;
  // The server ends the watch itself before client-node's 30 s inactivity timeout would.
  const query = {
    fieldSelector: `metadata.name=${LOCK_NAME}`,
    resourceVersion,
    allowWatchBookmarks: true,
    timeoutSeconds: 25,
  };
  return new Promise((resolve) => {
    let lastRv = resourceVersion;
    let gone = false;
    let events = 0;
    let finished = false;
    let ctrl: AbortController | undefined;
    const finish = (err: unknown): void => {
      if (finished) return;
      finished = true;
      halt.removeEventListener('abort', onHalt);
      ctrl?.abort();
      resolve({
        ...(err ? { err } : {}),
        gone: gone || statusCodeOf(err) === 410,
        events,
        ...(lastRv ? { resourceVersion: lastRv } : {}),
      });
    };
    const onHalt = (): void => {
      finish(undefined);
    };
    halt.addEventListener('abort', onHalt, { once: true });
    client
      .watch(
        path,
        query,
        (type, obj) => {
          if (finished || halt.aborted) return;
          if (type === 'ERROR') {
            const status = watchErrorStatus(obj);
            if (status.code === 410) gone = true;
            finish(new KubeApiError(`watch ${path}: ${status.message ?? 'error event'}`, status.code ?? 500));
            return;
          }
          events++;
          lastRv = resourceVersionOf(obj) ?? lastRv;
          if (type === 'BOOKMARK' || obj.metadata.name !== LOCK_NAME) return;
          if (lostOn(type === 'DELETED' ? undefined : leaseOf(obj))) finish(undefined);
        },
        (err) => {
          finish(err ?? undefined);
        },
      )
      .then(
        (c) => {
          ctrl = c;
          if (finished) c.abort();
        },
        (err: unknown) => {
          finish(err);
        },
      );
    if (halt.aborted) finish(undefined);
  });
}
