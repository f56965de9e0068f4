/**
 * The deploy lock: one deploy per namespace at a time, as a `coordination.k8s.io/v1` Lease (the
 * object Kubernetes leader election uses). The holder renews it while the deploy runs; another
 * deploy takes it over only once `renewTime + leaseDurationSeconds` has passed, so a runner that
 * died cannot block deploys for longer than one lease. While held, the Lease is also watched (one
 * watch, that one object), so a Lease deleted or taken over is noticed within a second rather than
 * at the next renewal, up to a third of the lease later.
 */
import { FIELD_MANAGER } from './apply.js';
import { KubeApiError, type KubeClient } from './client.js';
import type { KubeObject } from '../convert/objects.js';

/** The Lease's name in each namespace. */
export const LOCK_NAME = 'eks-fargate-deploy-lock';

const LEASES = '/apis/coordination.k8s.io/v1';

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}
interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

/** Options of `DeployLock.acquire`. */
export interface LockOptions {
  /** How long the lease lasts without renewal (whole seconds, default 60); renewed every third of it. */
  leaseSeconds?: number;
  /** Give up waiting for another holder after this long (default 300). */
  waitSeconds?: number;
  /** How often to look at a lease someone else holds (default 2000 ms, sooner when it expires sooner). */
  pollMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /**
   * Create the namespace when it does not exist yet (default true): a first deploy brings its own
   * Namespace object, but the lock has to live somewhere before it is applied.
   */
  createNamespace?: boolean;
}

/** Waiting for the lock took longer than allowed. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(
    readonly namespace: string,
    readonly holder: string,
    readonly since: string | undefined,
    readonly waitedSeconds: number,
  ) {
    super(
      `the deploy lock of namespace ${namespace} (Lease ${LOCK_NAME}) is held by ${holder}${since ? ` since ${since}` : ''}; ` +
        `gave up after waiting ${waitedSeconds} s. Wait for that deploy to finish, or raise the lock wait time.`,
    );
  }
}

/** The lock was lost while held: someone else took it, or it could not be renewed in time. */
export class LockLostError extends Error {
  override readonly name = 'LockLostError';
  constructor(readonly namespace: string, message: string) {
    super(`lost the deploy lock of namespace ${namespace}: ${message}`);
  }
}

/** MicroTime, as the API server writes Lease times: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function expiresAt(spec: LeaseSpec | undefined): number {
  const t = Date.parse(spec?.renewTime ?? spec?.acquireTime ?? '');
  if (Number.isNaN(t)) return 0;
  return t + (spec?.leaseDurationSeconds ?? 0) * 1000;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Backoff between watches of the Lease that failed or ended at once (ms): first, cap. Each retry
 * re-reads the Lease, so the cap bounds how late a loss is noticed while watching does not work.
 */
const WATCH_BACKOFF = { firstMs: 250, maxMs: 2_000 };
/** Statuses that mean the Lease cannot be watched at all (RBAC without `watch`): renewals alone must do. */
const WATCH_REFUSED = new Set([401, 403, 405]);

/** A held deploy lock. Renews (and watches) itself until `release()`; `lost` fires if it stops being ours. */
export class DeployLock {
  private readonly lostCtrl = new AbortController();
  private readonly stopCtrl = new AbortController();
  /** Stops the renewal and the watch: released, or lost (nothing left to keep). */
  private readonly halt = AbortSignal.any([this.stopCtrl.signal, this.lostCtrl.signal]);
  private renewing?: Promise<void>;
  private watching?: Promise<void>;
  private released = false;

  private constructor(
    private readonly client: KubeClient,
    readonly namespace: string,
    readonly holder: string,
    private lease: Lease,
    private readonly leaseSeconds: number,
    private readonly log: (line: string) => void,
  ) {
    this.renewing = this.renewLoop();
    this.watching = this.watchLoop();
  }

  /** Aborted when the lock is no longer ours; its `reason` is a `LockLostError`. */
  get lost(): AbortSignal {
    return this.lostCtrl.signal;
  }

  /** The Lease as last written by us. */
  get current(): Readonly<Lease> {
    return this.lease;
  }

  /**
   * Take the deploy lock of `namespace` for `holder` (the run URL), waiting while another holder
   * has a live lease. Throws `LockTimeoutError` naming the holder after `waitSeconds`. A lease
   * already naming `holder` (a re-run step of the same run) is taken at once. Expiry is judged
   * by this machine's clock against the holder's renewTime, so clocks must be roughly in sync.
   */
  static async acquire(client: KubeClient, namespace: string, holder: string, options: LockOptions = {}): Promise<DeployLock> {
    const leaseSeconds = options.leaseSeconds ?? 60;
    const waitSeconds = options.waitSeconds ?? 300;
    const pollMs = options.pollMs ?? 2000;
    const log = options.log ?? ((): void => undefined);
    if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1) throw new RangeError(`lock lease seconds must be a whole number ≥ 1 (Lease leaseDurationSeconds is an integer), got ${leaseSeconds}`);
    if (!holder) throw new RangeError('the deploy lock needs a holder identity (the run URL)');
    const itemPath = `${LEASES}/namespaces/${encodeURIComponent(namespace)}/leases/${LOCK_NAME}`;
    const start = Date.now();
    const deadline = start + waitSeconds * 1000;
    let announced: string | undefined;
    for (;;) {
      options.signal?.throwIfAborted();
      const now = Date.now();
      const live = await getLease(client, itemPath, options.signal);
      let written: Lease | undefined;
      if (!live) {
        written = await createLease(client, namespace, holder, leaseSeconds, options);
      } else {
        const spec = live.spec ?? {};
        const other = spec.holderIdentity && spec.holderIdentity !== holder ? spec.holderIdentity : undefined;
        if (!other || expiresAt(spec) < now) {
          written = await takeLease(client, itemPath, live, holder, leaseSeconds, options.signal);
          if (written && other) log(`took over the deploy lock from ${other}: its lease expired at ${new Date(expiresAt(spec)).toISOString()}`);
        } else {
          const since = spec.acquireTime ?? spec.renewTime;
          if (announced !== other) {
            log(`waiting for the deploy lock held by ${other} since ${since ?? 'an unknown time'}`);
            announced = other;
          }
          if (now >= deadline) throw new LockTimeoutError(namespace, other, since, Math.round((now - start) / 1000));
          // Wake up at the poll interval, when the lease expires, or at the deadline, whichever is first.
          await sleep(Math.max(10, Math.min(pollMs, expiresAt(spec) - now + 10, deadline - now)), options.signal);
          continue;
        }
      }
      // undefined: another writer won the race for the same resourceVersion or name; look again.
      if (written) return new DeployLock(client, namespace, holder, written, leaseSeconds, log);
    }
  }

  /**
   * Stop renewing and clear the holder, if the lease is still ours. Idempotent. Returns true when
   * this call released it.
   */
  async release(): Promise<boolean> {
    if (this.released) return false;
    this.released = true;
    this.stopCtrl.abort();
    await Promise.all([this.renewing?.catch(() => undefined), this.watching?.catch(() => undefined)]);
    if (this.lost.aborted) return false;
    const path = this.itemPath();
    for (let attempt = 0; attempt < 5; attempt++) {
      const live = await getLease(this.client, path);
      if (!live || live.spec?.holderIdentity !== this.holder) return false;
      const { holderIdentity: _h, ...spec } = live.spec ?? {};
      try {
        await this.client.request('PUT', path, { body: { ...live, spec: { ...spec, renewTime: microTime(Date.now()) } } });
        return true;
      } catch (err) {
        if (!(err instanceof KubeApiError && err.code === 409)) throw err;
      }
    }
    return false;
  }

  private itemPath(): string {
    return `${LEASES}/namespaces/${encodeURIComponent(this.namespace)}/leases/${LOCK_NAME}`;
  }

  private lose(message: string): void {
    // After release() starts, its own write clears the holder: that is not a loss.
    if (!this.lostCtrl.signal.aborted && !this.stopCtrl.signal.aborted) {
      const err = new LockLostError(this.namespace, message);
      this.log(err.message);
      this.lostCtrl.abort(err);
    }
  }

  /** Renew every third of the lease; a failed renewal is retried until the lease would expire. */
  private async renewLoop(): Promise<void> {
    const interval = (this.leaseSeconds * 1000) / 3;
    const stop = this.halt;
    let lastRenewed = Date.now();
    let lastError: unknown;
    let wait = interval;
    while (!stop.aborted) {
      try {
        await sleep(wait, stop);
      } catch {
        return;
      }
      const now = Date.now();
      try {
        const outcome = await this.renewOnce(stop);
        if (outcome === 'stopped') return;
        if (typeof outcome === 'string') return this.lose(outcome);
        lastRenewed = now;
        lastError = undefined;
        wait = interval;
      } catch (err) {
        if (stop.aborted) return;
        lastError = err;
        if (Date.now() >= lastRenewed + this.leaseSeconds * 1000) {
          return this.lose(`could not renew the lease for ${this.leaseSeconds} s, so another deploy may take it (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`);
        }
        wait = Math.min(interval, 1000);
      }
    }
  }

  /** One renewal: true when renewed, 'stopped' on release, a message when the lease is not ours any more. */
  private async renewOnce(stop: AbortSignal): Promise<true | string> {
    const path = this.itemPath();
    for (;;) {
      if (stop.aborted) return 'stopped';
      const body: Lease = { ...this.lease, spec: { ...this.lease.spec, renewTime: microTime(Date.now()) } };
      try {
        // No client-level retries: the loop retries on its own schedule and must notice expiry.
        this.lease = await this.client.request<Lease>('PUT', path, { body, signal: stop, retry: false });
        return true;
      } catch (err) {
        if (stop.aborted) return 'stopped';
        if (err instanceof KubeApiError && err.code === 404) return 'the Lease was deleted';
        if (!(err instanceof KubeApiError && err.code === 409)) throw err;
      }
      // Someone else wrote the Lease: still ours (e.g. a label added) → retry on the new version.
      const live = await getLease(this.client, path, stop);
      const lostBecause = this.notOurs(live);
      if (lostBecause) return lostBecause;
      this.lease = live!;
    }
  }

  /** Why the Lease as read (undefined: it does not exist) is not ours any more; undefined while it is. */
  private notOurs(live: Lease | undefined): string | undefined {
    if (!live) return 'the Lease was deleted';
    if (live.spec?.holderIdentity === this.holder) return undefined;
    return `${live.spec?.holderIdentity ? `${live.spec.holderIdentity} took it over` : 'its holder was cleared'} at ${live.spec?.acquireTime ?? 'an unknown time'}`;
  }

  /**
   * Watch the Lease (fieldSelector on its name, from the resourceVersion we wrote, so no event is
   * missed) and lose the lock on the first event that shows it deleted or held by someone else. A
   * watch that ends is resumed; one that fails, or misses history (410), is resumed after a GET
   * that re-checks the Lease. A cluster that refuses the watch (RBAC without `watch`) leaves the
   * renewals to notice, as before.
   */
  private async watchLoop(): Promise<void> {
    const halt = this.halt;
    let resourceVersion = resourceVersionOf(this.lease);
    let backoffMs = WATCH_BACKOFF.firstMs;
    while (!halt.aborted) {
      const started = Date.now();
      const end = await this.watchOnce(resourceVersion);
      if (halt.aborted) return;
      const code = statusCodeOf(end.err);
      if (code !== undefined && WATCH_REFUSED.has(code)) {
        this.log(`cannot watch the deploy lock Lease (HTTP ${code}); a lost lock is noticed at the next renewal instead`);
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
        const live = await getLease(this.client, this.itemPath(), halt);
        const lostBecause = this.notOurs(live);
        if (lostBecause) return this.lose(lostBecause);
        resourceVersion = resourceVersionOf(live!);
      } catch {
        // The API is unreachable: the renewals decide when that costs the lock; keep trying to watch.
      }
    }
  }

  /** One watch of the Lease until it ends; the last resourceVersion seen, and why it ended. */
  private watchOnce(resourceVersion: string | undefined): Promise<{ err?: unknown; gone: boolean; events: number; resourceVersion?: string }> {
    const halt = this.halt;
    const path = `${LEASES}/namespaces/${encodeURIComponent(this.namespace)}/leases`;
    // The server ends the watch itself before client-node's 30 s inactivity timeout would.
    const query = { fieldSelector: `metadata.name=${LOCK_NAME}`, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 25 };
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
        resolve({ ...(err ? { err } : {}), gone: gone || statusCodeOf(err) === 410, events, ...(lastRv ? { resourceVersion: lastRv } : {}) });
      };
      const onHalt = (): void => finish(undefined);
      halt.addEventListener('abort', onHalt, { once: true });
      this.client
        .watch(
          path,
          query,
          (type, obj) => {
            if (finished || halt.aborted) return;
            if (type === 'ERROR') {
              const status = obj as unknown as { code?: number; message?: string };
              if (status.code === 410) gone = true;
              finish(new KubeApiError(`watch ${path}: ${status.message ?? 'error event'}`, status.code ?? 500));
              return;
            }
            events++;
            lastRv = (obj && resourceVersionOf(obj)) ?? lastRv;
            if (type === 'BOOKMARK' || obj?.metadata?.name !== LOCK_NAME) return;
            const lostBecause = this.notOurs(type === 'DELETED' ? undefined : (obj as Lease));
            if (lostBecause) {
              this.lose(lostBecause);
              finish(undefined);
            }
          },
          (err) => finish(err ?? undefined),
        )
        .then(
          (c) => {
            ctrl = c;
            if (finished) c.abort();
          },
          (err: unknown) => finish(err),
        );
      if (halt.aborted) finish(undefined);
    });
  }
}

function resourceVersionOf(o: KubeObject): string | undefined {
  const rv = o.metadata.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

function statusCodeOf(err: unknown): number | undefined {
  if (err instanceof KubeApiError) return err.code;
  // client-node puts the HTTP status of a refused watch in `statusCode` (DOMExceptions use `code` for other things).
  const code = (err as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

function isTimeout(err: unknown): boolean {
  return (err instanceof Error || err instanceof DOMException) && err.name === 'TimeoutError';
}

async function getLease(client: KubeClient, path: string, signal?: AbortSignal): Promise<Lease | undefined> {
  try {
    return await client.request<Lease>('GET', path, signal ? { signal } : {});
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 404) return undefined;
    throw err;
  }
}

function leaseSpec(holder: string, leaseSeconds: number, transitions: number): LeaseSpec {
  const now = microTime(Date.now());
  return { holderIdentity: holder, leaseDurationSeconds: leaseSeconds, acquireTime: now, renewTime: now, leaseTransitions: transitions };
}

/** Create the Lease; undefined when someone else created it first. */
async function createLease(client: KubeClient, namespace: string, holder: string, leaseSeconds: number, options: LockOptions): Promise<Lease | undefined> {
  const body: Lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: LOCK_NAME, namespace, labels: { 'app.kubernetes.io/managed-by': FIELD_MANAGER } },
    spec: leaseSpec(holder, leaseSeconds, 0),
  };
  const path = `${LEASES}/namespaces/${encodeURIComponent(namespace)}/leases`;
  const query = { fieldManager: FIELD_MANAGER };
  const signal = options.signal ? { signal: options.signal } : {};
  try {
    return await client.request<Lease>('POST', path, { body, query, ...signal });
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 409) return undefined;
    const missingNamespace = err instanceof KubeApiError && err.code === 404 && err.status?.details?.kind === 'namespaces';
    if (!missingNamespace || options.createNamespace === false) throw err;
  }
  await client.apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': FIELD_MANAGER } } },
    { fieldManager: FIELD_MANAGER, ...signal },
  );
  return undefined;
}

/** Write ourselves as holder on top of `live`; undefined when another writer got there first. */
async function takeLease(client: KubeClient, path: string, live: Lease, holder: string, leaseSeconds: number, signal?: AbortSignal): Promise<Lease | undefined> {
  const previous = live.spec ?? {};
  const sameHolder = previous.holderIdentity === holder;
  const spec = leaseSpec(holder, leaseSeconds, (previous.leaseTransitions ?? 0) + (previous.holderIdentity && !sameHolder ? 1 : 0));
  if (sameHolder && previous.acquireTime) spec.acquireTime = previous.acquireTime;
  try {
    // live carries its resourceVersion: the PUT only succeeds if nobody wrote in between.
    return await client.request<Lease>('PUT', path, { body: { ...live, spec }, query: { fieldManager: FIELD_MANAGER }, ...(signal ? { signal } : {}) });
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 409) return undefined;
    throw err;
  }
}
