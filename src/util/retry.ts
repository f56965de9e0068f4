/**
 * Time, waiting and retrying, in one place: every wait and retry loop of the tool goes through a
 * {@link Clock}, so tests can pass a fake one and a loaded machine cannot fail them.
 */

/** Where time comes from and how to wait: {@link systemClock}, or a fake one in tests. */
export interface Clock {
  /** Milliseconds, for measuring intervals and deadlines. */
  now: () => number;
  /** Wait `ms`; resolves early (never rejects) when `signal` aborts, so the caller looks at the signal. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The real clock: `Date.now()` and timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      // Even a wait of 0 goes through a timer: a loop that waits must let I/O run in between.
      if (signal?.aborted === true) {
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** Capped exponential backoff: `baseMs`, twice that, four times… never more than `maxMs`. `attempt` counts from 1. */
export function backoffDelay(attempt: number, baseMs: number, maxMs = Number.POSITIVE_INFINITY): number {
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}

/** How {@link retry} retries. */
export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Whether a failure is worth another attempt (the last failure is thrown whatever this says). */
  shouldRetry: (err: unknown, attempt: number) => boolean;
  /** The wait before attempt `attempt + 1`. */
  delayMs: (err: unknown, attempt: number) => number;
  clock?: Clock;
  /** Ends the waiting at once; the failure that preceded it is thrown. */
  signal?: AbortSignal | undefined;
}

/**
 * Run `fn` (given the attempt number, from 1) until it succeeds, a failure is not worth retrying,
 * the attempts are used up or `signal` aborts; the last failure is thrown as it is.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const clock = opts.clock ?? systemClock;
  // A function, not a narrowed property: the signal may abort while this waits.
  const aborted = (): boolean => opts.signal?.aborted === true;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.attempts || aborted() || !opts.shouldRetry(err, attempt)) throw err;
      await clock.sleep(opts.delayMs(err, attempt), opts.signal);
      if (aborted()) throw err;
    }
  }
}
