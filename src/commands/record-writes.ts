/**
 * Writes to the release records after apply, and the fencing around them, shared by deploy and
 * rollback: a write retried a few times, the newest lock generation on record, who holds a lost lock.
 */
import { errorText } from '../kube/fields.js';
import { LockLostError, type DeployLock } from '../kube/lock.js';
import { ReleaseRecordFencedError, type ReleaseStatus, type ReleaseStore } from '../kube/release.js';
import { backoffDelay, systemClock } from '../util/retry.js';

/** Attempts of a release-record write after apply (0.2 s, 0.4 s, 0.8 s between them: bounded, ~1.4 s of waiting). */
const RECORD_WRITE_ATTEMPTS = 4;

/**
 * Write a record status after apply, retrying what may pass (errors from the API); true when
 * written, else the last error. A lost lock is thrown at once: nothing more may be written.
 */
export async function writeStatus(
  store: ReleaseStore,
  n: number,
  status: ReleaseStatus,
  notes: string[],
  log: (line: string) => void,
): Promise<true | Error> {
  let last = new Error('not written');
  for (let attempt = 1; attempt <= RECORD_WRITE_ATTEMPTS; attempt++) {
    try {
      await store.setStatus(n, status, notes);
      return true;
    } catch (err) {
      if (err instanceof LockLostError) throw err;
      if (err instanceof ReleaseRecordFencedError) throw new LockLostError(store.namespace, err.message);
      last = err instanceof Error ? err : new Error(errorText(err));
      log(
        `could not mark release ${store.release} v${n} ${status} (attempt ${attempt} of ${RECORD_WRITE_ATTEMPTS}): ${errorText(err)}`,
      );
      if (attempt < RECORD_WRITE_ATTEMPTS) await systemClock.sleep(backoffDelay(attempt, 200));
    }
  }
  return last;
}

/** The highest lock generation any of the newest records of the release was written under (-1: none). */
export async function newestFence(store: ReleaseStore): Promise<number> {
  let max = -1;
  for (const e of (await store.list()).slice(-5)) {
    try {
      max = Math.max(max, e.record().fence?.generation ?? 0);
    } catch {
      // An unreadable record has no say in the generation; reading it fails elsewhere with its name.
    }
  }
  return max;
}

/**
 * Who holds the lost lock now: as the loss was seen, else read once more (a renewal that ran out
 * is noticed before anyone takes over; by the time a stalled deploy wakes up, someone may have).
 */
export async function holderOf(locks: readonly DeployLock[], err: LockLostError): Promise<string | undefined> {
  if (err.newHolder) return `${err.newHolder} holds it now`;
  return locks.find((l) => l.namespace === err.namespace)?.holderNow();
}

/** Throws the LockLostError of the first lock that is lost (no request). */
export function throwIfLost(locks: readonly DeployLock[]): void {
  for (const l of locks) l.throwIfLost();
}
