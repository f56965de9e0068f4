/** Waiting that an AbortSignal can cut short. */
import { systemClock } from '../util/retry.js';

/** The signal's reason as an Error (what `AbortSignal.abort()` and `AbortSignal.timeout()` give already). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}

/**
 * Whether the signal has fired. A call rather than `signal.aborted` for loops that await: TypeScript
 * narrows the property across an `await` as if nothing could have aborted it meanwhile.
 */
export function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** Resolves after `ms` on the one clock (util/retry); rejects with the signal's reason as soon as it aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw abortReason(signal);
  await systemClock.sleep(ms, signal);
  if (signal?.aborted) throw abortReason(signal);
}
