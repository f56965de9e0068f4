/**
 * Simulated time for controllers: every delay is in simulated milliseconds and runs after
 * `ms × timeFactor` real milliseconds. Timers are tracked so `stop()` leaves nothing running.
 */

/** Scaled timers. */
export class SandboxClock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** Where errors thrown by timer callbacks go (a timer must never crash the process). */
  onError: (err: unknown) => void = (err) => {
    process.emitWarning(`sandbox timer failed: ${err instanceof Error ? err.stack : String(err)}`);
  };

  readonly timeFactor: number;

  constructor(timeFactor: number) {
    this.timeFactor = timeFactor;
  }

  /** Wall-clock now (object timestamps are real times, like a real cluster's). */
  now(): Date {
    return new Date();
  }

  /** RFC 3339 timestamp with second precision, as Kubernetes writes them. */
  timestamp(d: Date = this.now()): string {
    return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Real milliseconds for a simulated duration. */
  real(simulatedMs: number): number {
    return Math.max(0, simulatedMs * this.timeFactor);
  }

  /** Simulated milliseconds for a real duration. */
  simulated(realMs: number): number {
    return realMs / this.timeFactor;
  }

  /** Runs `fn` after a simulated delay; returns a cancel function. */
  after(simulatedMs: number, fn: () => void): () => void {
    if (this.stopped) return () => undefined;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.stopped) return;
      try {
        fn();
      } catch (err) {
        this.onError(err);
      }
    }, this.real(simulatedMs));
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /** Cancels every pending timer; later `after` calls do nothing. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
