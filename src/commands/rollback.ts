import type { RollbackConfig } from '../config/deploy.js';
import { UserInputError } from '../errors.js';
import type { ClusterTarget } from '../config/deploy.js';
import { describeObject } from '../kube/apply.js';
import { DeployLock, LockLostError } from '../kube/lock.js';
import { planPrune, prune } from '../kube/prune.js';
import { ReleaseStore, type ReleaseEntry, type ReleaseRecord } from '../kube/release.js';
import { carryAdopted, recoverInterrupted, restoreRelease } from '../kube/rollback.js';
import { loadSmokeSpec } from '../inputs/specs.js';
import { secretHeaderValues, type SmokeCheck } from '../smoke/spec.js';
import { connect, type Connection, type EksClientFactory } from './connect.js';
import {
  DeployExit,
  describeDeployer,
  holderOf,
  lockLost,
  newestFence,
  recoveryMessage,
  writeStatus,
  type DeployOutcome,
} from './deploy.js';
import { ingressUrls, releaseTargets, smokeTest, trackRollouts } from './steps.js';

/** What `rollback` needs from its front door. */
export interface RollbackDeps {
  log: (line: string) => void;
  /**
   * Cancellation (SIGINT/SIGTERM, the runner's cancel). Honoured until the restore starts (exit
   * 130, nothing applied); after that the restore runs to the end, bounded by the timeout:
   * stopping it half way would leave neither release running.
   */
  signal?: AbortSignal;
  /** Told when the restore starts, the moment a cancel stops being honoured: `v3`, the release whose objects it puts back. */
  onRestoring?: (target: string) => void;
  eksClients?: EksClientFactory;
  connection?: Connection;
  /** Told every credential before anything is logged (the action: core.setSecret), e.g. smoke-test header values. */
  mask?: (secret: string) => void;
}

/**
 * What a SIGINT/SIGTERM does to a rollback, as the front doors print it: `restoring` is what
 * {@link RollbackDeps.onRestoring} said (undefined before), `again` whether a signal came before.
 */
export function rollbackCancelNotice(sig: string, again: boolean, restoring: string | undefined): string {
  if (restoring) {
    return again
      ? `received ${sig} again: still rolling back to ${restoring}; not stopping half way, which would leave neither release running`
      : `received ${sig}: not cancelling: the rollback to ${restoring} has started applying, and stopping it half way would leave neither release running; it goes on to the end`;
  }
  return again
    ? `received ${sig} again: already cancelling; nothing has been applied`
    : `received ${sig}: cancelling (nothing has been applied yet)`;
}

/**
 * rollback on demand: restore the release before the current one (or `--to-release N`) as a new
 * release number, the way Helm does: re-apply its recorded objects, remove what the current one
 * added, wait for the rollouts, smoke-test, and record the result.
 */
export async function runRollback(config: RollbackConfig, deps: RollbackDeps): Promise<DeployOutcome> {
  const { log } = deps;
  const out: DeployOutcome = {
    status: 'rejected',
    exitCode: DeployExit.Rejected,
    message: '',
    images: [],
    urls: [],
    rolledBack: false,
    findings: [],
    phases: [],
    applied: [],
    smoke: [],
  };
  const checks: SmokeCheck[] = config.smokeTests ? await loadSmokeSpec(config.smokeTests) : [];
  for (const secret of secretHeaderValues(checks)) deps.mask?.(secret);
  let conn: Connection;
  // A cancel or --timeout ends the AWS calls at once: an endpoint that never answers cannot hang the rollback.
  const connecting = AbortSignal.any([
    ...(deps.signal ? [deps.signal] : []),
    AbortSignal.timeout(config.timeoutSeconds * 1000),
  ]);
  try {
    conn = deps.connection ?? (await connect(config.cluster, deps.eksClients, connecting));
  } catch (err) {
    if (deps.signal?.aborted) return cancelled(out, 'cancelled while connecting to the cluster; nothing was applied');
    if (connecting.aborted)
      return {
        ...out,
        message: `could not connect to the cluster within --timeout ${config.timeoutSeconds} s; nothing was applied`,
      };
    throw err;
  }
  let lock: DeployLock;
  try {
    lock = await DeployLock.acquire(conn.client, config.namespace, config.holder, {
      waitSeconds: config.lockWaitSeconds,
      leaseSeconds: config.lockLeaseSeconds,
      log,
      ...(config.runUrl ? { runUrl: config.runUrl } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  } catch (err) {
    if (deps.signal?.aborted) return cancelled(out, 'cancelled before the deploy lock was taken; nothing was applied');
    throw err;
  }
  let created: ReleaseRecord | undefined;
  let restoring = false;
  try {
    const held = lock;
    await lock.raiseGeneration(
      (await newestFence(new ReleaseStore(conn.client, config.namespace, config.release))) + 1,
    );
    const store = new ReleaseStore(conn.client, config.namespace, config.release, {
      fence: { holder: config.holder, generation: lock.generation },
      guard: () => held.assertHeld(),
    });
    // Read the history under the lock: a deploy that held it may just have added a release.
    const entries = await store.list();
    // The target is chosen from the history as it was: a release left pending by a killed deploy
    // is the current one, so by default its predecessor is restored (what recovery restores too).
    const current = clusterRelease(entries);
    const target = pickTarget(entries, current, config.toRelease, config.release, config.namespace);
    const record = target.record();
    const currentRecord = current?.record();
    if (current) out.previousRelease = current.number;
    // The last moment a cancel is honoured: nothing is written yet. From here on it no longer stops the
    // restore, and the front doors say so (onRestoring, in the same tick as this check: no signal falls between).
    if (deps.signal?.aborted) return cancelled(out, 'cancelled before the rollback started; nothing was applied');
    deps.onRestoring?.(`v${record.number}`);
    const recovered = await recoverInterrupted(conn.client, store, { by: describeDeployer(config), log });
    // What a lost lock leaves behind from here on: the cluster may be part way between releases.
    restoring = recovered !== undefined;
    if (recovered)
      out.findings.push({
        severity: 'warning',
        code: 'interrupted-release',
        message: recoveryMessage(config.release, recovered),
      });
    // Prior states of adopted objects the target still has; those it lacks are put back by the prune below.
    const carried = carryAdopted(currentRecord, record.objects, record.adopted ?? []);
    created = await store.create({
      objects: record.objects,
      images: record.images,
      ...(carried.length > 0 ? { adopted: carried } : {}),
      rolledBackFrom: current?.number ?? record.number,
      ...(record.commit ? { commit: record.commit } : {}),
      ...(config.runUrl ? { runUrl: config.runUrl } : {}),
    });
    out.release = created.number;
    log(
      `rolling back release ${config.release}${current ? ` from v${current.number}` : ''} to the objects of v${record.number} (recorded as v${created.number})`,
    );
    const deadline = Date.now() + config.timeoutSeconds * 1000;
    // Not deps.signal: see RollbackDeps.signal.
    const signal = AbortSignal.any([AbortSignal.timeout(config.timeoutSeconds * 1000), lock.lost]);
    let failure: string | undefined;
    try {
      await lock.assertHeld();
      restoring = true;
      const restored = await restoreRelease(conn.client, record, { objects: [], results: [] }, { signal, log });
      out.applied = restored.applied;
      // What the interrupted release added was removed by the recovery; what the current one added goes now.
      const restoredByRecovery = recovered
        ? entries
            .filter((e) => e.status === 'deployed')
            .at(-1)
            ?.record()
        : undefined;
      const leftovers = planPrune(recovered ? restoredByRecovery : currentRecord, record.objects);
      if (leftovers.length > 0) {
        await lock.assertHeld();
        await prune(conn.client, leftovers, {
          signal,
          onResult: (k, what) =>
            what === 'returned' &&
            log(`restored ${describeObject(k)} as it was before release ${config.release} adopted it`),
        });
      }
      out.rollouts = await trackRollouts(conn.client, releaseTargets(record.objects), {
        graceSeconds: config.graceSeconds,
        settleSeconds: config.settleSeconds,
        deadline,
        signal,
        log,
      });
      if (!out.rollouts.ok)
        failure = out.rollouts.results
          .filter((r) => r.status !== 'ready')
          .map((r) => `${r.target.kind} ${r.target.namespace}/${r.target.name}: ${r.status}: ${r.message}`)
          .join('; ');
      if (!failure && checks.length > 0) {
        out.smoke = await smokeTest(conn.client, checks, config.namespace, signal, log);
        const bad = out.smoke.filter((r) => !r.ok);
        if (bad.length > 0)
          failure = `smoke tests failed: ${bad.map((r) => `${r.name}: ${r.failure ?? 'failed'}`).join('; ')}`;
      }
      out.urls = await ingressUrls(conn.client, record.objects);
    } catch (err) {
      if (err instanceof LockLostError) throw err;
      failure = err instanceof Error ? err.message : String(err);
    }
    if (lock.lost.aborted) throw lock.lost.reason as LockLostError;
    out.images = record.images.map((i) => ({ container: '', workload: '', image: i.ref ?? i.name }));
    // A cancel that came during the restore did not change what it did; the outcome says it came.
    const ignored = deps.signal?.aborted
      ? `; ${deps.signal.reason instanceof Error ? deps.signal.reason.message : 'cancelled'} after the restore had started, so it ran to the end`
      : '';
    const written = await writeStatus(
      store,
      created.number,
      failure ? 'failed' : 'deployed',
      failure ? [failure] : [`rollback of v${current?.number ?? '?'} to the objects of v${record.number}`],
      log,
    );
    const unrecorded =
      written === true
        ? ''
        : `; its record v${created.number} could not be updated (${written instanceof Error ? written.message : String(written)}) and still says pending`;
    if (failure || unrecorded) {
      out.status = 'failed';
      out.exitCode = DeployExit.Failed;
      out.message = failure
        ? `rollback to v${record.number} failed: ${failure}${unrecorded}${ignored}`
        : `the objects of v${record.number} were restored and serve${unrecorded}${ignored}`;
      return out;
    }
    out.status = 'rolled-back';
    out.rolledBack = true;
    out.exitCode = DeployExit.Ok;
    out.message = `release ${config.release} rolled back to the objects of v${record.number} (now v${created.number})${ignored}`;
    return out;
  } catch (err) {
    if (err instanceof LockLostError)
      return lockLost(
        out,
        err,
        config.release,
        created?.number,
        restoring,
        log,
        'rollback',
        await holderOf([lock], err),
      );
    throw err;
  } finally {
    await lock.release().catch(() => false);
  }
}

function cancelled(out: DeployOutcome, message: string): DeployOutcome {
  out.status = 'cancelled';
  out.exitCode = DeployExit.Cancelled;
  out.message = message;
  return out;
}

/** Statuses of a release that may have been left applied: nothing restored the cluster after it. */
const LEFT_APPLIED = new Set(['failed', 'pending', 'rolling-back']);

/**
 * The release the cluster runs: the last deployed one, unless a newer one was left applied
 * (auto-rollback off, a rollback that failed, a runner that died mid-deploy).
 */
function clusterRelease(entries: ReleaseEntry[]): ReleaseEntry | undefined {
  const deployed = [...entries].reverse().find((e) => e.status === 'deployed');
  const latest = entries.at(-1);
  if (latest && latest.number > (deployed?.number ?? 0) && LEFT_APPLIED.has(latest.status)) return latest;
  return deployed;
}

function pickTarget(
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

/** One row of `history`. */
export interface HistoryRow {
  number: number;
  status: string;
  createdAt?: string;
  commit?: string;
  images: string[];
  runUrl?: string;
  notes: string[];
}

/** The releases of a release name, oldest first. */
export async function releaseHistory(
  target: ClusterTarget,
  namespace: string,
  release: string,
  opts: { connection?: Connection; eksClients?: EksClientFactory } = {},
): Promise<HistoryRow[]> {
  const conn = opts.connection ?? (await connect(target, opts.eksClients));
  const entries = await new ReleaseStore(conn.client, namespace, release).list();
  return entries.map((e) => {
    const r = e.record();
    return {
      number: e.number,
      status: e.status,
      ...(e.createdAt ? { createdAt: e.createdAt } : {}),
      ...(r.commit ? { commit: r.commit } : {}),
      images: r.images.map((i) => (i.digest ? `${i.name}@${i.digest}` : (i.ref ?? i.name))),
      ...(r.runUrl ? { runUrl: r.runUrl } : {}),
      notes: r.notes,
    };
  });
}
