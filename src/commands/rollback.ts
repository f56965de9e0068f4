import type { RollbackConfig } from '../config/deploy.js';
import type { ClusterTarget } from '../config/deploy.js';
import { describeObject } from '../kube/apply.js';
import { DeployLock, LockLostError } from '../kube/lock.js';
import { planPrune, prune } from '../kube/prune.js';
import { ReleaseStore, type ReleaseEntry, type ReleaseRecord } from '../kube/release.js';
import { carryAdopted, recoverInterrupted, restoreRelease } from '../kube/rollback.js';
import { loadSmokeSpec } from '../inputs/specs.js';
import { secretHeaderValues, type SmokeCheck } from '../smoke/spec.js';
import { errorText } from '../kube/fields.js';
import { connect, type Connection, type EksClientFactory } from './connect.js';
import { clusterRelease, pickTarget } from './rollback-target.js';
import { DeployExit, describeDeployer, lockLost, recoveryMessage, type DeployOutcome } from './deploy-outcome.js';
import { holderOf, newestFence, writeStatus } from './record-writes.js';
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

/** One rollback in progress: its input, its front door, the smoke checks and the outcome it is building. */
interface RollbackRun {
  config: RollbackConfig;
  deps: RollbackDeps;
  log: (line: string) => void;
  checks: SmokeCheck[];
  out: DeployOutcome;
}

/** What the rollback has written so far: what a lost lock must name. */
interface RollbackWritten {
  created?: ReleaseRecord;
  /** The cluster may be part way between releases (a recovery or the restore has started). */
  restoring: boolean;
}

/** The rollback's new record, opened under the lock, and what it restores from and to. */
interface OpenedRollback {
  store: ReleaseStore;
  entries: ReleaseEntry[];
  current: ReleaseEntry | undefined;
  currentRecord: ReleaseRecord | undefined;
  /** The release whose objects are restored. */
  record: ReleaseRecord;
  created: ReleaseRecord;
  recovered: boolean;
}

/**
 * rollback on demand: restore the release before the current one (or `--to-release N`) as a new
 * release number, the way Helm does: re-apply its recorded objects, remove what the current one
 * added, wait for the rollouts, smoke-test, and record the result.
 */
export async function runRollback(config: RollbackConfig, deps: RollbackDeps): Promise<DeployOutcome> {
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
  const run: RollbackRun = { config, deps, log: deps.log, checks, out };
  // Each stage either hands the next one what it needs, or ends the rollback (having filled `out`) with undefined.
  const conn = await connectForRollback(run);
  if (!conn) return out;
  const lock = await lockForRollback(run, conn);
  if (!lock) return out;
  return rollbackLocked(run, conn, lock);
}

/** Connect to the cluster, within `--timeout`. */
async function connectForRollback({ config, deps, out }: RollbackRun): Promise<Connection | undefined> {
  // A cancel or --timeout ends the AWS calls at once: an endpoint that never answers cannot hang the rollback.
  const connecting = AbortSignal.any([
    ...(deps.signal ? [deps.signal] : []),
    AbortSignal.timeout(config.timeoutSeconds * 1000),
  ]);
  try {
    return deps.connection ?? (await connect(config.cluster, deps.eksClients, connecting));
  } catch (err) {
    if (deps.signal?.aborted) {
      cancelled(out, 'cancelled while connecting to the cluster; nothing was applied');
      return undefined;
    }
    if (connecting.aborted) {
      out.message = `could not connect to the cluster within --timeout ${config.timeoutSeconds} s; nothing was applied`;
      return undefined;
    }
    throw err;
  }
}

/** Take the deploy lock of the release's namespace (rollback and deploy exclude each other). */
async function lockForRollback(
  { config, deps, out, log }: RollbackRun,
  conn: Connection,
): Promise<DeployLock | undefined> {
  try {
    return await DeployLock.acquire(conn.client, config.namespace, config.holder, {
      waitSeconds: config.lockWaitSeconds,
      leaseSeconds: config.lockLeaseSeconds,
      log,
      ...(config.runUrl ? { runUrl: config.runUrl } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  } catch (err) {
    if (deps.signal?.aborted) {
      cancelled(out, 'cancelled before the deploy lock was taken; nothing was applied');
      return undefined;
    }
    throw err;
  }
}

/** Everything under the lock: open the new record, restore, watch, check, record the result. */
async function rollbackLocked(run: RollbackRun, conn: Connection, lock: DeployLock): Promise<DeployOutcome> {
  const { config, out, log } = run;
  const written: RollbackWritten = { restoring: false };
  try {
    const opened = await openRollback(run, conn, lock, written);
    if (!opened) return out;
    const failure = await restoreAndCheck(run, conn, lock, opened, written);
    lock.throwIfLost();
    return await recordRollback(run, opened, failure);
  } catch (err) {
    if (err instanceof LockLostError)
      return lockLost(
        out,
        err,
        config.release,
        written.created?.number,
        written.restoring,
        log,
        'rollback',
        await holderOf([lock], err),
      );
    throw err;
  } finally {
    await lock.release().catch(() => false);
  }
}

/**
 * Under the lock: pick the release to restore from the history, recover an interrupted release,
 * and create the rollback's record. Undefined when a cancel came first (nothing written).
 */
async function openRollback(
  { config, deps, out, log }: RollbackRun,
  conn: Connection,
  lock: DeployLock,
  written: RollbackWritten,
): Promise<OpenedRollback | undefined> {
  await lock.raiseGeneration((await newestFence(new ReleaseStore(conn.client, config.namespace, config.release))) + 1);
  const store = new ReleaseStore(conn.client, config.namespace, config.release, {
    fence: { holder: config.holder, generation: lock.generation },
    guard: () => lock.assertHeld(),
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
  if (deps.signal?.aborted) {
    cancelled(out, 'cancelled before the rollback started; nothing was applied');
    return undefined;
  }
  deps.onRestoring?.(`v${record.number}`);
  const recovered = await recoverInterrupted(conn.client, store, { by: describeDeployer(config), log });
  // What a lost lock leaves behind from here on: the cluster may be part way between releases.
  written.restoring = recovered !== undefined;
  if (recovered)
    out.findings.push({
      severity: 'warning',
      code: 'interrupted-release',
      message: recoveryMessage(config.release, recovered),
    });
  // Prior states of adopted objects the target still has; those it lacks are put back by the prune below.
  const carried = carryAdopted(currentRecord, record.objects, record.adopted ?? []);
  const created = await store.create({
    objects: record.objects,
    images: record.images,
    ...(carried.length > 0 ? { adopted: carried } : {}),
    rolledBackFrom: current?.number ?? record.number,
    ...(record.commit ? { commit: record.commit } : {}),
    ...(config.runUrl ? { runUrl: config.runUrl } : {}),
  });
  written.created = created;
  out.release = created.number;
  log(
    `rolling back release ${config.release}${current ? ` from v${current.number}` : ''} to the objects of v${record.number} (recorded as v${created.number})`,
  );
  return { store, entries, current, currentRecord, record, created, recovered: recovered !== undefined };
}

/**
 * Restore the target's objects, remove what the current release added, watch the rollouts and
 * smoke-test: what failed, or undefined. A lost lock is thrown; any other error is the failure.
 */
async function restoreAndCheck(
  { config, checks, out, log }: RollbackRun,
  conn: Connection,
  lock: DeployLock,
  { entries, currentRecord, record, recovered }: OpenedRollback,
  written: RollbackWritten,
): Promise<string | undefined> {
  const deadline = Date.now() + config.timeoutSeconds * 1000;
  // Not deps.signal: see RollbackDeps.signal.
  const signal = AbortSignal.any([AbortSignal.timeout(config.timeoutSeconds * 1000), lock.lost]);
  try {
    await lock.assertHeld();
    written.restoring = true;
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
        onResult: (k, what) => {
          if (what === 'returned')
            log(`restored ${describeObject(k)} as it was before release ${config.release} adopted it`);
        },
      });
    }
    out.rollouts = await trackRollouts(conn.client, releaseTargets(record.objects), {
      graceSeconds: config.graceSeconds,
      settleSeconds: config.settleSeconds,
      deadline,
      signal,
      log,
    });
    let failure: string | undefined;
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
    return failure;
  } catch (err) {
    if (err instanceof LockLostError) throw err;
    return errorText(err);
  }
}

/** Mark the rollback's record deployed or failed, and say how it went. */
async function recordRollback(
  { deps, out, log, config }: RollbackRun,
  { store, current, record, created }: OpenedRollback,
  failure: string | undefined,
): Promise<DeployOutcome> {
  out.images = record.images.map((i) => ({ container: '', workload: '', image: i.ref ?? i.name }));
  // A cancel that came during the restore did not change what it did; the outcome says it came.
  const reason: unknown = deps.signal?.reason;
  const ignored = deps.signal?.aborted
    ? `; ${reason instanceof Error ? reason.message : 'cancelled'} after the restore had started, so it ran to the end`
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
      : `; its record v${created.number} could not be updated (${written.message}) and still says pending`;
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
}

function cancelled(out: DeployOutcome, message: string): DeployOutcome {
  out.status = 'cancelled';
  out.exitCode = DeployExit.Cancelled;
  out.message = message;
  return out;
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
