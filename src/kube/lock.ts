/**
 * The deploy lock: one deploy per namespace at a time, as a `coordination.k8s.io/v1` Lease (the
 * object Kubernetes leader election uses). The holder renews it while the deploy runs; another
 * deploy takes it over only once it has seen the Lease unchanged for `leaseDurationSeconds` by its
 * own monotonic clock (as client-go's leader election judges it: no clock of another machine, and
 * no `renewTime` in the Lease, is trusted), so a runner that died cannot block deploys for longer
 * than one lease past the moment the waiter first looked. While held, the Lease is also watched (one
 * watch, that one object), so a Lease deleted or taken over is noticed within a second rather than
 * at the next renewal, up to a third of the lease later.
 *
 * Fencing: every acquisition by a new holder increments `leaseTransitions`; that number is the
 * lock's generation. `assertHeld()` re-reads the Lease and throws `LockLostError` (naming the new
 * holder) unless it still names this holder at this generation; deploy and rollback call it right
 * before every write phase, and release records carry holder + generation, so a deploy that lost
 * its lock writes nothing more.
 */
import { isAborted, sleep } from './abortable.js';
import { FIELD_MANAGER } from './apply.js';
import { errorText } from './fields.js';
import { KubeApiError, type KubeClient } from './client.js';
import {
  ANNOTATION_LAST_HOLDER,
  createLease,
  describeHolder,
  getLease,
  LEASES,
  LOCK_NAME,
  microTime,
  resourceVersionOf,
  takeLease,
  type Lease,
} from './lease.js';
import { watchLease } from './lease-watch.js';

// The Lease's name and annotations are part of the lock's interface (tests and the ownership check read them).
export { ANNOTATION_RUN_URL } from './lease.js';

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
  /** Shown next to the holder identity in messages, and kept on the Lease as an annotation. */
  runUrl?: string;
  /** Monotonic milliseconds (tests); default `performance.now()`. */
  now?: () => number;
  /** Waits between looks at a lease someone else holds (tests: a fake clock); default a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
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
  constructor(
    readonly namespace: string,
    message: string,
    /** Who holds the Lease now (with its run URL when known); undefined when nobody does. */
    readonly newHolder?: string,
  ) {
    super(`lost the deploy lock of namespace ${namespace}: ${message}`);
  }
}

const monotonic = (): number => performance.now();

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
    private readonly now: () => number,
    /** Monotonic time the write that took the lease was sent (a waiter's count starts later, when it sees it). */
    takenAt: number,
  ) {
    this.renewedAt = takenAt;
    this.armExpiry();
    this.renewing = this.renewLoop();
    this.watching = watchLease({
      client,
      namespace,
      resourceVersion: resourceVersionOf(lease),
      halt: this.halt,
      lostOn: (live) => this.loseUnlessOurs(live),
      log,
    });
  }

  /** Monotonic time when the last renewal that succeeded was sent. */
  private renewedAt: number;
  private expiryTimer?: ReturnType<typeof setTimeout>;
  private lastRenewError: unknown;

  private expiredMessage(): string {
    const e = this.lastRenewError;
    return `could not renew the lease for ${this.leaseSeconds} s (its lease duration), so another deploy may take it${e ? ` (last error: ${errorText(e)})` : ''}`;
  }

  /**
   * Lose the lock on our own once the lease has run out since the last renewal that succeeded:
   * a renewal held up (a slow API server, a stalled runner) must not let us write after a waiter
   * may have taken over, even before any answer or watch event says so.
   */
  private armExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    if (this.halt.aborted) return;
    const left = this.renewedAt + this.leaseSeconds * 1000 - this.now();
    this.expiryTimer = setTimeout(
      () => {
        if (this.now() - this.renewedAt >= this.leaseSeconds * 1000) {
          this.lose(this.expiredMessage());
        } else this.armExpiry();
      },
      Math.max(0, left),
    );
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
   * Take the deploy lock of `namespace` for `holder` (unique per deploy: run id, attempt, job and a
   * random part), waiting while another holder has a live lease. Throws `LockTimeoutError` naming
   * the holder after `waitSeconds`. A lease is live until this process has seen it unchanged (same
   * resourceVersion) for its `leaseDurationSeconds`, measured by this process's monotonic clock
   * from the first time it saw that version: neither our wall clock nor the holder's `renewTime`
   * decides (a `renewTime` in 2099 expires like any other). A lease already naming `holder` is
   * taken at once.
   */
  static async acquire(
    client: KubeClient,
    namespace: string,
    holder: string,
    options: LockOptions = {},
  ): Promise<DeployLock> {
    const leaseSeconds = options.leaseSeconds ?? 60;
    const waitSeconds = options.waitSeconds ?? 300;
    const pollMs = options.pollMs ?? 2000;
    const log = options.log ?? ((): void => undefined);
    const now = options.now ?? monotonic;
    if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1)
      throw new RangeError(
        `lock lease seconds must be a whole number ≥ 1 (Lease leaseDurationSeconds is an integer), got ${leaseSeconds}`,
      );
    if (!holder) throw new RangeError('the deploy lock needs a holder identity');
    const itemPath = `${LEASES}/namespaces/${encodeURIComponent(namespace)}/leases/${LOCK_NAME}`;
    const start = now();
    const deadline = start + waitSeconds * 1000;
    let announced: string | undefined;
    // The version of the Lease last seen, and when (monotonic) it was first seen: client-go's observedTime.
    let observed: { rv: string | undefined; at: number } | undefined;
    for (;;) {
      options.signal?.throwIfAborted();
      const live = await getLease(client, itemPath, options.signal);
      const t = now();
      let written: Lease | undefined;
      if (!live) {
        written = await createLease(client, namespace, holder, leaseSeconds, options);
      } else {
        const spec = live.spec ?? {};
        const rv = resourceVersionOf(live);
        if (!observed || observed.rv !== rv) observed = { rv, at: t };
        const other = spec.holderIdentity && spec.holderIdentity !== holder ? spec.holderIdentity : undefined;
        // A Lease with no duration (hand-made) is judged with ours.
        const expiresAt = observed.at + (spec.leaseDurationSeconds ?? leaseSeconds) * 1000;
        if (!other || expiresAt <= t) {
          written = await takeLease(client, itemPath, live, holder, leaseSeconds, options.runUrl, options.signal);
          if (written && other)
            log(
              `took over the deploy lock from ${describeHolder(live)}: its Lease did not change for ${spec.leaseDurationSeconds ?? leaseSeconds} s (its lease duration)`,
            );
        } else {
          const since = spec.acquireTime ?? spec.renewTime;
          const who = describeHolder(live) ?? other;
          if (announced !== other) {
            log(`waiting for the deploy lock held by ${who} since ${since ?? 'an unknown time'}`);
            announced = other;
          }
          if (t >= deadline) throw new LockTimeoutError(namespace, who, since, Math.round((t - start) / 1000));
          // Wake up at the poll interval, when the lease would expire, or at the deadline, whichever is first.
          await (options.sleep ?? sleep)(
            Math.max(10, Math.min(pollMs, expiresAt - t + 10, deadline - t)),
            options.signal,
          );
          continue;
        }
      }
      // undefined: another writer won the race for the same resourceVersion or name; look again.
      if (written) return new DeployLock(client, namespace, holder, written, leaseSeconds, log, now, t);
    }
  }

  /** The fencing generation: the Lease's `leaseTransitions` when this holder took it. */
  get generation(): number {
    return this.lease.spec?.leaseTransitions ?? 0;
  }

  /**
   * Who else holds the Lease now, read from the API (a read, allowed after the lock is lost), as a
   * phrase: `X holds it now`, or `X took it over and has released it since`; undefined: nobody
   * else, or unknown.
   */
  async holderNow(): Promise<string | undefined> {
    try {
      const live = await getLease(this.client, this.itemPath());
      if (live?.spec?.holderIdentity === this.holder) return undefined;
      const last = live?.metadata.annotations?.[ANNOTATION_LAST_HOLDER];
      if (
        !live?.spec?.holderIdentity &&
        last &&
        last !== this.holder &&
        (live.spec?.leaseTransitions ?? 0) > this.generation
      ) {
        return `${describeHolder({ ...live, spec: { holderIdentity: last } })} took it over and has released it since`;
      }
      const who = describeHolder(live);
      return who ? `${who} holds it now` : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Make the generation at least `min` (conditional on the Lease's resourceVersion, while ours).
   * A Lease that was deleted and created again starts counting at 0; records written under the old
   * one carry higher generations, and a newer holder must not look older than them.
   */
  async raiseGeneration(min: number, signal?: AbortSignal): Promise<void> {
    while (this.generation < min) {
      await this.assertHeld(signal);
      const body: Lease = { ...this.lease, spec: { ...this.lease.spec, leaseTransitions: min } };
      try {
        this.lease = await this.client.request<Lease>('PUT', this.itemPath(), {
          body,
          query: { fieldManager: FIELD_MANAGER },
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        if (!(err instanceof KubeApiError && err.code === 409)) throw err;
        const live = await getLease(this.client, this.itemPath(), signal);
        if (this.loseUnlessOurs(live) || !live) throw this.lostError();
        this.lease = live;
      }
    }
  }

  /**
   * Fencing check by our own monotonic clock alone (no request), right before each single write:
   * throws `LockLostError` once the lease has run out since the last renewal that succeeded. A
   * process resumed after a stall gets here before its watchdog timer has had a chance to run.
   */
  checkLocal(): void {
    if (this.lost.aborted) throw this.lostError();
    if (this.now() - this.renewedAt >= this.leaseSeconds * 1000) {
      this.lose(this.expiredMessage());
      throw this.lostError();
    }
  }

  /**
   * Fencing check, right before a write phase: throws `LockLostError` (and fires `lost`) unless the
   * Lease, read now, still names this holder at this generation and the lease has not run out by
   * our own clock since the last renewal that succeeded.
   */
  async assertHeld(signal?: AbortSignal): Promise<void> {
    if (this.lost.aborted) throw this.lostError();
    if (this.released) throw new LockLostError(this.namespace, 'the lock was already released');
    if (this.now() - this.renewedAt >= this.leaseSeconds * 1000) {
      this.lose(this.expiredMessage());
      throw this.lostError();
    }
    const live = await getLease(this.client, this.itemPath(), signal);
    const why = this.notOurs(live);
    if (why) {
      this.lose(why, describeHolder(live));
      throw this.lostError();
    }
  }

  /**
   * Stop renewing and clear the holder, if the lease is still ours. Idempotent. Returns true when
   * this call released it.
   */
  async release(): Promise<boolean> {
    if (this.released) return false;
    this.released = true;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.stopCtrl.abort();
    await Promise.all([this.renewing?.catch(() => undefined), this.watching?.catch(() => undefined)]);
    if (this.lost.aborted) return false;
    const path = this.itemPath();
    for (let attempt = 0; attempt < 5; attempt++) {
      const live = await getLease(this.client, path);
      if (!live || live.spec?.holderIdentity !== this.holder) return false;
      const spec = { ...live.spec };
      delete spec.holderIdentity;
      const metadata = {
        ...live.metadata,
        annotations: { ...(live.metadata.annotations ?? {}), [ANNOTATION_LAST_HOLDER]: this.holder },
      };
      try {
        await this.client.request('PUT', path, {
          body: { ...live, metadata, spec: { ...spec, renewTime: microTime(Date.now()) } },
        });
        return true;
      } catch (err) {
        if (!(err instanceof KubeApiError && err.code === 409)) throw err;
      }
    }
    return false;
  }

  /** Throws the `LockLostError` once the lock is lost (no request: see checkLocal and assertHeld for fencing). */
  throwIfLost(): void {
    if (this.lost.aborted) throw this.lostError();
  }

  /** Why the lock was lost (the `lost` signal's reason). */
  private lostError(): LockLostError {
    const reason: unknown = this.lost.reason;
    return reason instanceof LockLostError ? reason : new LockLostError(this.namespace, errorText(reason));
  }

  /** Loses the lock when the Lease as read (undefined: deleted) is not ours any more; true when it did. */
  private loseUnlessOurs(live: Lease | undefined): boolean {
    const why = this.notOurs(live);
    if (!why) return false;
    this.lose(why, describeHolder(live));
    return true;
  }

  private itemPath(): string {
    return `${LEASES}/namespaces/${encodeURIComponent(this.namespace)}/leases/${LOCK_NAME}`;
  }

  private lose(message: string, newHolder?: string): void {
    // After release() starts, its own write clears the holder: that is not a loss.
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    if (!this.lostCtrl.signal.aborted && !this.stopCtrl.signal.aborted) {
      const err = new LockLostError(this.namespace, message, newHolder);
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
        if (typeof outcome === 'string') {
          this.lose(outcome);
          return;
        }
        lastRenewed = now;
        lastError = undefined;
        wait = interval;
      } catch (err) {
        if (isAborted(stop)) return;
        lastError = err;
        this.lastRenewError = err;
        if (Date.now() >= lastRenewed + this.leaseSeconds * 1000) {
          this.lose(
            `could not renew the lease for ${this.leaseSeconds} s, so another deploy may take it (last error: ${errorText(lastError)})`,
          );
          return;
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
      const sentAt = this.now();
      try {
        // No client-level retries: the loop retries on its own schedule and must notice expiry.
        const renewed = await this.client.request<Lease>('PUT', path, { body, signal: stop, retry: false });
        // Answered after the watchdog gave the lock up: too late, another deploy may hold it now.
        if (this.lost.aborted) return 'stopped';
        this.lease = renewed;
        this.renewedAt = sentAt;
        this.armExpiry();
        return true;
      } catch (err) {
        if (isAborted(stop)) return 'stopped';
        if (err instanceof KubeApiError && err.code === 404) return 'the Lease was deleted';
        if (!(err instanceof KubeApiError && err.code === 409)) throw err;
      }
      // Someone else wrote the Lease: still ours (e.g. a label added) → retry on the new version.
      const live = await getLease(this.client, path, stop);
      if (this.loseUnlessOurs(live) || !live) return 'stopped';
      this.lease = live;
    }
  }

  /** Why the Lease as read (undefined: it does not exist) is not ours any more; undefined while it is. */
  private notOurs(live: Lease | undefined): string | undefined {
    if (!live) return 'the Lease was deleted';
    const generation = live.spec?.leaseTransitions ?? 0;
    // Higher with our name: our own raiseGeneration, answered after this read was sent.
    if (live.spec?.holderIdentity === this.holder && generation >= this.generation) return undefined;
    const who = describeHolder(live);
    return `${who ? `${who} took it over` : 'its holder was cleared'} at ${live.spec?.acquireTime ?? 'an unknown time'} (lock generation ${generation}, ours ${this.generation})`;
  }
}
