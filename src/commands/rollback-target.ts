/** Which release a rollback starts from (the one the cluster runs) and which one it restores. */
import { UserInputError } from '../errors.js';
import type { ReleaseEntry } from '../kube/release.js';

/** Statuses of a release that may have been left applied: nothing restored the cluster after it. */
const LEFT_APPLIED = new Set(['failed', 'pending', 'rolling-back']);

/**
 * The release the cluster runs: the last deployed one, unless a newer one was left applied
 * (auto-rollback off, a rollback that failed, a runner that died mid-deploy).
 */
export function clusterRelease(entries: ReleaseEntry[]): ReleaseEntry | undefined {
  const deployed = [...entries].reverse().find((e) => e.status === 'deployed');
  const latest = entries.at(-1);
  if (latest && latest.number > (deployed?.number ?? 0) && LEFT_APPLIED.has(latest.status)) return latest;
  return deployed;
}

/**
 * The release whose objects a rollback restores: `--to-release N` when given (it must have been
 * deployed), otherwise the last release before the current one that was deployed.
 */
export function pickTarget(
  entries: ReleaseEntry[],
  current: ReleaseEntry | undefined,
  toRelease: number | undefined,
  release: string,
  namespace: string,
): ReleaseEntry {
  if (entries.length === 0)
    throw new UserInputError(`release ${release} has no history in namespace ${namespace}: nothing to roll back to`);
  if (toRelease !== undefined) {
    const hit = entries.find((e) => e.number === toRelease);
    if (!hit)
      throw new UserInputError(
        `release ${release} has no v${toRelease} (history: ${entries.map((e) => `v${e.number}`).join(', ')})`,
        undefined,
        'to-release',
      );
    if (hit.status === 'pending' || hit.status === 'rolling-back')
      throw new UserInputError(
        `v${toRelease} never finished deploying (status ${hit.status}); pick a release that was deployed`,
        undefined,
        'to-release',
      );
    return hit;
  }
  const earlier = [...entries]
    .reverse()
    .find((e) => e.number < (current?.number ?? Infinity) && (e.status === 'superseded' || e.status === 'deployed'));
  if (!earlier)
    throw new UserInputError(
      `release ${release} has no earlier deployed release to roll back to (history: ${entries.map((e) => `v${e.number} ${e.status}`).join(', ')})`,
    );
  return earlier;
}
