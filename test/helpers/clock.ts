/**
 * Clocks for tests that must not depend on how loaded the machine is.
 *
 * - `cpuStopwatch()`: the CPU time this process spends, for "no hang, no quadratic blow-up" budgets.
 *   Another process hogging the cores stretches wall time, not the work this process does.
 * - `FakeClock`: a `{ now(), sleep(ms) }` clock for code that takes one (retries, backoffs, lock
 *   polling): `sleep` resolves at once, advances `now()`, and records what was asked for, so a test
 *   asserts "waited 2 s then 4 s" on `sleeps` instead of on wall time.
 */

/** Milliseconds of CPU time (user + system) this process has used since the call. */
export function cpuStopwatch(): () => number {
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
}

/** A clock whose time moves only when the code under test sleeps on it (or the test calls `advance`). */
export class FakeClock {
  /** Every sleep asked for, in milliseconds, in order. */
  readonly sleeps: number[] = [];
  private t: number;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  advance(ms: number): void {
    this.t += ms;
  }

  /** Records `ms`, moves the clock by it and resolves (on the next microtask); rejects if `signal` is aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    this.sleeps.push(ms);
    this.t += ms;
    return Promise.resolve();
  }

  /** Total time slept. */
  slept(): number {
    return this.sleeps.reduce((a, b) => a + b, 0);
  }
}

/** `{ now, sleep }` of `clock`, as options of code that takes them (DeployLock.acquire, ...). */
export function fakeTime(clock: FakeClock): {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
} {
  return { now: () => clock.now(), sleep: (ms, signal) => clock.sleep(ms, signal) };
}
