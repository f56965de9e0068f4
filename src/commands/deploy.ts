import type { DeployConfig } from '../config/deploy.js';
import type { KubeObject } from '../model/kube-object.js';
import type { Finding } from '../findings.js';
import { applyObjects, ApplyError, describeObject, objectKey, type ApplyResult } from '../kube/apply.js';
import { DeployLock, LockLostError } from '../kube/lock.js';
import { planPrune, prune } from '../kube/prune.js';
import { ReleaseRecordFencedError, ReleaseStore, type ReleaseRecord, type ReleaseStatus } from '../kube/release.js';
import {
  carryAdopted,
  recoverInterrupted,
  restoreRelease,
  sameObject,
  type FailedApply,
  type Recovery,
  type RestoreOutcome,
} from '../kube/rollback.js';
import type { RolloutOutcome } from '../kube/rollout.js';
import type { FargateVerification } from '../kube/verify.js';
import type { ImageCheckDeps } from '../image/exists.js';
import type { SmokeResult } from '../smoke/run.js';
import { secretHeaderValues } from '../smoke/spec.js';
import { connect, type Connection, type EksClientFactory } from './connect.js';
import { preflight } from './preflight.js';
import { prepareRelease } from './release-input.js';
import { ingressUrls, releaseTargets, smokeTest, trackRollouts, verifyPods, type Phase } from './steps.js';
import { backoffDelay, systemClock } from '../util/retry.js';

/** Exit codes of deploy and rollback (documented in README.md). */
export const DeployExit = {
  Ok: 0,
  /** Invalid input, or a preflight check failed: nothing was applied. */
  Rejected: 1,
  /** Fargate blockers in the manifests: nothing was applied. */
  Blockers: 2,
  /** The deploy failed after apply and the previous release was restored and verified. */
  RolledBack: 3,
  /** The deploy failed and the cluster was NOT restored (auto-rollback off, or the rollback failed). */
  Failed: 4,
  /**
   * The deploy lock was lost (another deploy took it over, or it could not be renewed in time): from
   * then on this deploy wrote nothing, not even a rollback; the message names the new holder.
   */
  LockLost: 5,
  /** Cancelled (SIGINT/SIGTERM): before apply nothing was applied; after, the previous release was restored. */
  Cancelled: 130,
} as const;

/** What a deploy ended with, for outputs, the job summary and the exit code. */
export interface DeployOutcome {
  status: 'deployed' | 'rolled-back' | 'failed' | 'rejected' | 'cancelled';
  exitCode: number;
  message: string;
  release?: number;
  previousRelease?: number;
  images: { container: string; workload: string; image: string }[];
  urls: string[];
  rolledBack: boolean;
  findings: Finding[];
  phases: Phase[];
  applied: ApplyResult[];
  rollouts?: RolloutOutcome;
  verification?: FargateVerification;
  smoke: SmokeResult[];
  rollback?: {
    restored?: number;
    outcome?: RestoreOutcome;
    rollouts?: RolloutOutcome;
    smoke: SmokeResult[];
    ok: boolean;
    message: string;
  };
}

/** What `deploy` needs from its front door. */
export interface DeployDeps {
  log: (line: string) => void;
  /** Cancellation: SIGINT/SIGTERM or the runner's cancel. */
  signal?: AbortSignal;
  eksClients?: EksClientFactory;
  /** Pre-made connection (tests). */
  connection?: Connection;
  /** How preflight reaches ECR and other registries to check the images exist (tests: moto, a loopback registry). */
  images?: ImageCheckDeps;
  /** Told every credential before anything is logged (the action: core.setSecret), e.g. smoke-test header values. */
  mask?: (secret: string) => void;
}

/**
 * deploy: validate and render (nothing touches the cluster), preflight (reads and dry runs only),
 * lock, record, apply, prune, watch every rollout at once, verify Fargate, smoke test, record.
 * Any failure after apply restores the previous release, waits for it and smoke-tests it.
 */
export async function runDeploy(config: DeployConfig, deps: DeployDeps): Promise<DeployOutcome> {
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
  const phase = timer(out);

  let prepared: Awaited<ReturnType<typeof prepareRelease>>;
  try {
    prepared = await phase('render', () => prepareRelease(config, 'deploy', deps.signal));
  } catch (err) {
    if (deps.signal?.aborted)
      return finish(
        out,
        'cancelled',
        DeployExit.Cancelled,
        'cancelled while rendering the manifests; nothing was applied',
      );
    throw err;
  }
  for (const secret of secretHeaderValues(prepared.checks)) deps.mask?.(secret);
  out.images = prepared.rendered.images;
  out.findings.push(...prepared.findings);
  if (prepared.findings.some((f) => f.severity === 'blocker')) {
    return reject(
      out,
      DeployExit.Blockers,
      `${count(prepared.findings)} Fargate/schema blocker(s) in the manifests; nothing was applied`,
    );
  }
  const objects = prepared.rendered.objects;
  // Before apply, a cancel or `--timeout` ends every call at once: an endpoint that never answers cannot hang the deploy.
  const beforeApply = AbortSignal.any([
    ...(deps.signal ? [deps.signal] : []),
    AbortSignal.timeout(config.timeoutSeconds * 1000),
  ]);
  let conn: Connection;
  try {
    conn = deps.connection ?? (await phase('connect', () => connect(config.cluster, deps.eksClients, beforeApply)));
  } catch (err) {
    if (deps.signal?.aborted)
      return finish(
        out,
        'cancelled',
        DeployExit.Cancelled,
        'cancelled while connecting to the cluster; nothing was applied',
      );
    if (beforeApply.aborted)
      return reject(
        out,
        DeployExit.Rejected,
        `could not connect to the cluster within --timeout ${config.timeoutSeconds} s; nothing was applied`,
      );
    if (isNoAnswer(err))
      return reject(
        out,
        DeployExit.Rejected,
        `could not connect to the cluster: ${(err as Error).message}; nothing was applied`,
      );
    throw err;
  }
  log(`connected to ${conn.describe}${conn.identity ? ` as ${conn.identity}` : ''}`);
  const ownership = { release: config.release, adopt: config.adopt, adopted: [] as KubeObject[] };
  const checks = await phase('preflight', () =>
    preflight({ ...conn, client: conn.client.scoped(beforeApply) }, objects, {
      forceConflicts: config.forceConflicts,
      ownership,
      images: deps.images ?? {},
      signal: beforeApply,
    }),
  );
  // Checks cut short by the cancel fail with it ("cannot reach the cluster: cancelled by SIGTERM"): not findings.
  if (deps.signal?.aborted)
    return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled during preflight; nothing was applied');
  out.findings.push(...checks);
  if (checks.some((f) => f.severity === 'blocker'))
    return reject(out, DeployExit.Rejected, `preflight failed: ${count(checks)} blocker(s); nothing was applied`);

  const namespaces = [...new Set([config.namespace, ...prepared.rendered.namespaces])].sort();
  const locks: DeployLock[] = [];
  const lockOptions = {
    waitSeconds: config.lockWaitSeconds,
    leaseSeconds: config.lockLeaseSeconds,
    log,
    ...(config.runUrl ? { runUrl: config.runUrl } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
  try {
    for (const ns of namespaces) {
      locks.push(await phase(`lock ${ns}`, () => DeployLock.acquire(conn.client, ns, config.holder, lockOptions)));
    }
  } catch (err) {
    // Not every namespace could be locked: let go of the ones that were, or they stay held (and renewed).
    for (const l of locks.reverse()) await l.release().catch(() => false);
    if (deps.signal?.aborted)
      return finish(
        out,
        'cancelled',
        DeployExit.Cancelled,
        'cancelled before the deploy lock was taken; nothing was applied',
      );
    throw err;
  }
  /** Fencing: every lock still ours, read from the API right now. Throws LockLostError naming the new holder. */
  const fenced = async (): Promise<void> => {
    for (const l of locks) await l.assertHeld();
  };
  const primary = locks.find((l) => l.namespace === config.namespace)!;
  // Known once something was written to the cluster: what a later failure must name.
  let record: ReleaseRecord | undefined;
  let applyStarted = false;
  let recovered: Recovery | undefined;
  try {
    const probe = new ReleaseStore(conn.client, config.namespace, config.release, {
      historyLimit: config.historyLimit,
    });
    // A Lease deleted and created again counts from 0: never look older than a record already written.
    await primary.raiseGeneration((await newestFence(probe)) + 1);
    const store = new ReleaseStore(conn.client, config.namespace, config.release, {
      historyLimit: config.historyLimit,
      fence: { holder: config.holder, generation: primary.generation },
      guard: fenced,
    });
    // Timed as a phase only when there was something to recover (most deploys have nothing).
    const recoverStarted = Date.now();
    recovered = await recoverInterrupted(conn.client, store, { by: describeDeployer(config), log }).catch(
      (err: unknown) => {
        if (err instanceof LockLostError) throw err;
        throw new RecoveryError(
          `restoring the last deployed release over an interrupted one failed: ${errorText(err)}; the cluster may run part of each. Run rollback to retry`,
        );
      },
    );
    if (recovered) {
      out.phases.push({ name: 'recover', durationMs: Date.now() - recoverStarted });
      out.findings.push({
        severity: 'warning',
        code: 'interrupted-release',
        message: recoveryMessage(config.release, recovered),
      });
    }
    const previous = await store.lastDeployed();
    if (previous) out.previousRelease = previous.number;
    const adopted = carryAdopted(previous, objects, ownership.adopted);
    for (const a of ownership.adopted)
      log(`adopting ${describeObject(objectKey(a))} (its current state is kept in the release record)`);
    record = await store.create({
      objects,
      images: prepared.images,
      ...(adopted.length > 0 ? { adopted } : {}),
      ...(config.commit ? { commit: config.commit } : {}),
      ...(config.runUrl ? { runUrl: config.runUrl } : {}),
    });
    out.release = record.number;
    log(
      `release ${config.release} v${record.number}${previous ? ` (previous: v${previous.number})` : ' (first release)'}`,
    );

    const deadline = Date.now() + config.timeoutSeconds * 1000;
    const work = AbortSignal.any([
      ...(deps.signal ? [deps.signal] : []),
      AbortSignal.timeout(config.timeoutSeconds * 1000),
      ...locks.map((l) => l.lost),
    ]);
    let failure: string | undefined;
    try {
      await fenced();
      applyStarted = true;
      out.applied = await phase('apply', () =>
        applyObjects(conn.client, objects, {
          force: config.forceConflicts,
          forceFor: (k) => ownership.adopted.some((a) => sameObject(a, k)),
          signal: work,
          beforeWrite: () => locks.forEach((l) => l.checkLocal()),
          onResult: (r) =>
            log(`${r.action.padEnd(10)} ${r.key.kind} ${r.key.namespace ? `${r.key.namespace}/` : ''}${r.key.name}`),
        }),
      );
      if (config.prune) {
        const candidates = planPrune(previous, objects);
        if (candidates.length > 0) {
          await fenced();
          await phase('prune', () =>
            prune(conn.client, candidates, {
              signal: work,
              onResult: (k, what, why) =>
                log(`prune: ${what} ${k.kind} ${k.namespace ?? ''}/${k.name}${why ? ` (${why})` : ''}`),
            }),
          );
        }
      }
      const targets = releaseTargets(objects);
      out.rollouts = await phase('rollout', () =>
        trackRollouts(conn.client, targets, {
          graceSeconds: config.graceSeconds,
          settleSeconds: config.settleSeconds,
          deadline,
          signal: work,
          log,
        }),
      );
      if (!out.rollouts.ok) failure = firstFailure(out.rollouts);
      if (!failure) {
        out.verification = await phase('verify', () => verifyPods(conn.client, targets, log));
        out.findings.push(...out.verification.findings);
        if (!out.verification.ok)
          failure = `Fargate verification failed: ${out.verification.findings
            .filter((f) => f.severity === 'blocker')
            .map((f) => f.message)
            .join('; ')}`;
      }
      if (!failure && prepared.checks.length > 0) {
        out.smoke = await phase('smoke', () => smokeTest(conn.client, prepared.checks, config.namespace, work, log));
        const bad = out.smoke.filter((r) => !r.ok);
        if (bad.length > 0)
          failure = `smoke tests failed: ${bad.map((r) => `${r.name}: ${r.failure ?? 'failed'}`).join('; ')}`;
      }
      out.urls = await ingressUrls(conn.client, objects);
    } catch (err) {
      if (err instanceof LockLostError) throw err;
      if (err instanceof ApplyError) out.applied = [...err.applied];
      failure = err instanceof Error ? err.message : String(err);
    }
    // A lost lock stops everything, whatever else went wrong: the new holder owns the cluster now.
    throwIfLost(locks);
    if (!failure && work.aborted) failure = abortReason(work, deps.signal);

    if (!failure) {
      const written = await writeStatus(
        store,
        record.number,
        'deployed',
        [`deployed by ${describeDeployer(config)}`],
        log,
      );
      if (written === true) {
        await store.enforceHistoryLimit().catch((err: unknown) => {
          if (err instanceof LockLostError) throw err;
          log(`could not trim the release history: ${errorText(err)}`);
        });
        out.status = 'deployed';
        out.exitCode = DeployExit.Ok;
        out.message = `release ${config.release} v${record.number} deployed${out.urls.length > 0 ? ` (${out.urls.join(', ')})` : ''}`;
        return out;
      }
      // Applied and running, but unrecorded: a later deploy or rollback would not know it. Undo it.
      failure = `release ${config.release} v${record.number} was applied and passed its checks, but its record could not be marked deployed: ${errorText(written)}`;
      if (!config.autoRollback) {
        return finish(
          out,
          'failed',
          DeployExit.Failed,
          `${failure}; auto-rollback is off: the cluster runs v${record.number}, whose record still says pending`,
        );
      }
    }

    const cancelled = deps.signal?.aborted === true;
    if (deps.signal?.aborted || work.aborted)
      failure = `${failure}${failure.includes(abortReason(work, deps.signal)) ? '' : ` (${abortReason(work, deps.signal)})`}`;
    log(`deploy failed: ${failure}`);
    if (!config.autoRollback) {
      const written = await writeStatus(
        store,
        record.number,
        'failed',
        [failure, 'auto-rollback is off: the cluster is left on this release'],
        log,
      );
      return finish(
        out,
        'failed',
        DeployExit.Failed,
        `${failure}; auto-rollback is off, the failed release stays applied${written === true ? '' : ` (and its record could not be marked failed: ${errorText(written)})`}`,
      );
    }
    const marked = await writeStatus(store, record.number, 'rolling-back', [failure], log);
    await fenced();
    const rb = await phase('rollback', () =>
      rollBack(
        conn,
        previous,
        { objects, results: out.applied, adopted },
        prepared.checks,
        config,
        log,
        locks.map((l) => l.lost),
      ),
    );
    throwIfLost(locks);
    out.rollback = rb;
    out.rolledBack = rb.ok;
    const final = await writeStatus(store, record.number, rb.ok ? 'rolled-back' : 'failed', [rb.message], log);
    const unrecorded =
      final === true
        ? ''
        : `; the release record v${record.number} could not be updated (${errorText(final)}) and still says ${marked === true ? 'rolling-back' : 'pending'}`;
    if (!rb.ok)
      return finish(out, 'failed', DeployExit.Failed, `${failure}; rollback failed: ${rb.message}${unrecorded}`);
    if (unrecorded) {
      return finish(
        out,
        'failed',
        DeployExit.Failed,
        `${failure}; ${rb.message}${unrecorded}: the next deploy or rollback restores v${previous?.number ?? '?'} again and marks it`,
      );
    }
    return finish(
      out,
      cancelled ? 'cancelled' : 'rolled-back',
      cancelled ? DeployExit.Cancelled : DeployExit.RolledBack,
      `${failure}; ${rb.message}`,
    );
  } catch (err) {
    if (err instanceof LockLostError)
      return lockLost(
        out,
        err,
        config.release,
        record?.number,
        applyStarted,
        log,
        'deploy',
        await holderOf(locks, err),
      );
    if (err instanceof RecoveryError) return finish(out, 'failed', DeployExit.Failed, err.message);
    // Anything else after the first write to the cluster must not read as "nothing applied".
    if (applyStarted && record) {
      return finish(
        out,
        'failed',
        DeployExit.Failed,
        `${errorText(err)}; release ${config.release} v${record.number} was being applied and is not restored: the cluster may run part of it (record: v${record.number})`,
      );
    }
    if (recovered) {
      return finish(
        out,
        'failed',
        DeployExit.Failed,
        `${errorText(err)}; before that, ${recoveryMessage(config.release, recovered)}: the cluster runs ${recovered.restored ? `v${recovered.restored}` : 'what it ran before the interrupted release'}, and this release was not applied`,
      );
    }
    throw err;
  } finally {
    for (const l of locks.reverse()) await l.release().catch(() => false);
  }
}

/** Recovering from an interrupted release wrote to the cluster and then failed. */
class RecoveryError extends Error {
  override readonly name = 'RecoveryError';
}

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
): Promise<true | unknown> {
  let last: unknown;
  for (let attempt = 1; attempt <= RECORD_WRITE_ATTEMPTS; attempt++) {
    try {
      await store.setStatus(n, status, notes);
      return true;
    } catch (err) {
      if (err instanceof LockLostError) throw err;
      if (err instanceof ReleaseRecordFencedError) throw new LockLostError(store.namespace, err.message);
      last = err;
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

function throwIfLost(locks: readonly DeployLock[]): void {
  for (const l of locks) if (l.lost.aborted) throw l.lost.reason as LockLostError;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function describeDeployer(config: Pick<DeployConfig, 'holder' | 'runUrl'>): string {
  return config.runUrl ? `${config.holder} (${config.runUrl})` : config.holder;
}

/** What recovery from an interrupted release did, in one line. */
export function recoveryMessage(release: string, r: Recovery): string {
  const what = r.interrupted.map((i) => `v${i.number} (${i.status})`).join(', ');
  return `release ${release} ${what} had been interrupted; ${r.restored ? `restored v${r.restored}` : 'removed what it created'} before going on${r.outcome.deleted.length > 0 ? ` (deleted ${r.outcome.deleted.join(', ')})` : ''}`;
}

/** The lock was lost: no more writes. Say who holds it now and what the cluster may be left with. */
export function lockLost(
  out: DeployOutcome,
  err: LockLostError,
  release: string,
  n: number | undefined,
  applyStarted: boolean,
  log: (line: string) => void,
  command: 'deploy' | 'rollback' = 'deploy',
  holderNow?: string,
): DeployOutcome {
  const holder = holderNow ?? 'no other deploy holds it now';
  const state =
    n === undefined
      ? 'nothing was applied'
      : applyStarted
        ? `release ${release} v${n} may be partly applied and its record stays pending; the next deploy or rollback restores the last deployed release first`
        : `nothing was applied; the record of v${n} stays pending`;
  log(`${command} stopped: ${err.message}`);
  return finish(
    out,
    'failed',
    DeployExit.LockLost,
    `${err.message}; ${holder}. This ${command} wrote nothing more (${command === 'deploy' ? 'no apply, no rollback, no record update' : 'no restore, no record update'}): ${state}`,
  );
}

/**
 * Put the previous release back (or remove what a first release created), wait for it, and
 * smoke-test it. Bounded by the deploy timeout; not cancellable, because stopping half way would
 * leave the cluster on neither release.
 */
async function rollBack(
  conn: Connection,
  previous: ReleaseRecord | undefined,
  failed: FailedApply,
  checks: DeployOutcomeChecks,
  config: Pick<DeployConfig, 'timeoutSeconds' | 'graceSeconds' | 'settleSeconds' | 'namespace'>,
  log: (line: string) => void,
  /** The deploy locks' `lost` signals: a rollback stops writing once another deploy holds the lock. */
  lost: readonly AbortSignal[] = [],
): Promise<NonNullable<DeployOutcome['rollback']>> {
  const rb: NonNullable<DeployOutcome['rollback']> = { smoke: [], ok: false, message: '' };
  if (previous) rb.restored = previous.number;
  const deadline = Date.now() + config.timeoutSeconds * 1000;
  const signal = AbortSignal.any([AbortSignal.timeout(config.timeoutSeconds * 1000), ...lost]);
  try {
    rb.outcome = await restoreRelease(conn.client, previous, failed, { signal, log });
    const targets = releaseTargets(previous?.objects ?? []).filter((t) => t.kind !== 'Ingress' && t.kind !== 'Service');
    rb.rollouts = await trackRollouts(conn.client, targets, {
      graceSeconds: config.graceSeconds,
      settleSeconds: config.settleSeconds,
      deadline,
      signal,
      log,
    });
    if (!rb.rollouts.ok) {
      rb.message = `the restored release did not become ready: ${firstFailure(rb.rollouts)}`;
      return rb;
    }
    if (previous && checks.length > 0) {
      rb.smoke = await smokeTest(conn.client, checks, config.namespace, signal, log);
      const bad = rb.smoke.filter((r) => !r.ok);
      if (bad.length > 0) {
        rb.message = `the restored release fails its smoke tests: ${bad.map((r) => `${r.name}: ${r.failure ?? 'failed'}`).join('; ')}`;
        return rb;
      }
    }
    rb.ok = true;
    rb.message = previous
      ? `rolled back to v${previous.number}, which is serving again`
      : 'no previous release: the objects the failed release created were removed';
  } catch (err) {
    rb.message = err instanceof Error ? err.message : String(err);
  }
  return rb;
}

type DeployOutcomeChecks = Parameters<typeof smokeTest>[1];

function timer(out: DeployOutcome) {
  return async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await fn();
    } finally {
      out.phases.push({ name, durationMs: Date.now() - started });
    }
  };
}

function reject(out: DeployOutcome, exitCode: number, message: string): DeployOutcome {
  out.status = 'rejected';
  out.exitCode = exitCode;
  out.message = message;
  return out;
}

function finish(out: DeployOutcome, status: DeployOutcome['status'], exitCode: number, message: string): DeployOutcome {
  out.status = status;
  out.exitCode = exitCode;
  out.message = message;
  return out;
}

/** An AWS or Kubernetes endpoint that did not answer in time (SDK request timeout, socket timeout, KubeTimeoutError). */
function isNoAnswer(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return (
    err.name === 'TimeoutError' ||
    err.name === 'KubeTimeoutError' ||
    code === 'ETIMEDOUT' ||
    code === 'ECONNRESET' ||
    code === 'ECONNREFUSED'
  );
}

function count(findings: readonly Finding[]): number {
  return findings.filter((f) => f.severity === 'blocker').length;
}

function firstFailure(o: RolloutOutcome): string {
  const bad = o.results.filter((r) => r.status !== 'ready');
  return (
    bad.map((r) => `${r.target.kind} ${r.target.namespace}/${r.target.name}: ${r.status}: ${r.message}`).join('; ') ||
    'rollout failed'
  );
}

function abortReason(work: AbortSignal, user: AbortSignal | undefined): string {
  if (user?.aborted) return 'cancelled';
  const reason = work.reason as unknown;
  if (reason instanceof LockLostError) return reason.message;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') return 'the deploy timed out';
  return reason instanceof Error ? reason.message : 'aborted';
}
