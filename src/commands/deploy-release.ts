/**
 * A deploy's release under the lock: its record opened (after recovering an interrupted release),
 * apply, prune, rollouts, Fargate verification and smoke tests, the record marked deployed, or the
 * previous release restored when any of that failed.
 */
import type { DeployConfig } from '../config/deploy.js';
import type { KubeObject } from '../model/kube-object.js';
import { applyObjects, ApplyError, describeObject, objectKey } from '../kube/apply.js';
import { errorText } from '../kube/fields.js';
import { LockLostError, type DeployLock } from '../kube/lock.js';
import { planPrune, prune } from '../kube/prune.js';
import { ReleaseStore, type ReleaseRecord } from '../kube/release.js';
import {
  carryAdopted,
  recoverInterrupted,
  restoreRelease,
  sameObject,
  type FailedApply,
  type Recovery,
} from '../kube/rollback.js';
import type { RolloutOutcome } from '../kube/rollout.js';
import type { Connection } from './connect.js';
import type { DeployDeps } from './deploy.js';
import {
  DeployExit,
  describeDeployer,
  finish,
  recoveryMessage,
  type DeployOutcome,
  type phaseTimer,
  type RollbackSummary,
} from './deploy-outcome.js';
import { newestFence, throwIfLost, writeStatus } from './record-writes.js';
import type { PreparedRelease } from './release-input.js';
import { ingressUrls, releaseTargets, smokeTest, trackRollouts, verifyPods } from './steps.js';

/** One deploy in progress: its input, its front door, and the outcome it is building. */
export interface DeployRun {
  config: DeployConfig;
  deps: DeployDeps;
  log: (line: string) => void;
  out: DeployOutcome;
  phase: ReturnType<typeof phaseTimer>;
}

/** What the deploy has written to the cluster so far: what a later failure must name. */
export interface Written {
  record?: ReleaseRecord;
  applyStarted: boolean;
  recovered?: Recovery;
}

/** The release record of this deploy, opened under the lock, and what it is deployed over. */
export interface OpenedRelease {
  store: ReleaseStore;
  record: ReleaseRecord;
  previous: ReleaseRecord | undefined;
  adopted: KubeObject[];
}

/** A connection that passed preflight, and the objects the deploy may adopt. */
export interface Checked {
  conn: Connection;
  ownership: { release: string; adopt: DeployConfig['adopt']; adopted: KubeObject[] };
}

/**
 * Under the lock: recover an interrupted release if there is one, find the last deployed release,
 * and create this release's record (pending), fenced by the primary namespace's lock generation.
 */
export async function openRelease(
  run: DeployRun,
  prepared: PreparedRelease,
  { conn, ownership }: Checked,
  locks: readonly DeployLock[],
  written: Written,
): Promise<OpenedRelease> {
  const { config, out, log } = run;
  const primary = locks.find((l) => l.namespace === config.namespace);
  // lockNamespaces locks config.namespace with the others: its lock is always there.
  if (!primary) throw new Error(`internal error: namespace ${config.namespace} was not locked`);
  const probe = new ReleaseStore(conn.client, config.namespace, config.release, {
    historyLimit: config.historyLimit,
  });
  // A Lease deleted and created again counts from 0: never look older than a record already written.
  await primary.raiseGeneration((await newestFence(probe)) + 1);
  const store = new ReleaseStore(conn.client, config.namespace, config.release, {
    historyLimit: config.historyLimit,
    fence: { holder: config.holder, generation: primary.generation },
    guard: () => fenced(locks),
  });
  // Timed as a phase only when there was something to recover (most deploys have nothing).
  const recoverStarted = Date.now();
  const recovered = await recoverInterrupted(conn.client, store, { by: describeDeployer(config), log }).catch(
    (err: unknown) => {
      if (err instanceof LockLostError) throw err;
      throw new RecoveryError(
        `restoring the last deployed release over an interrupted one failed: ${errorText(err)}; the cluster may run part of each. Run rollback to retry`,
      );
    },
  );
  if (recovered) {
    written.recovered = recovered;
    out.phases.push({ name: 'recover', durationMs: Date.now() - recoverStarted });
    out.findings.push({
      severity: 'warning',
      code: 'interrupted-release',
      message: recoveryMessage(config.release, recovered),
    });
  }
  const objects = prepared.rendered.objects;
  const previous = await store.lastDeployed();
  if (previous) out.previousRelease = previous.number;
  const adopted = carryAdopted(previous, objects, ownership.adopted);
  for (const a of ownership.adopted)
    log(`adopting ${describeObject(objectKey(a))} (its current state is kept in the release record)`);
  const record = await store.create({
    objects,
    images: prepared.images,
    ...(adopted.length > 0 ? { adopted } : {}),
    ...(config.commit ? { commit: config.commit } : {}),
    ...(config.runUrl ? { runUrl: config.runUrl } : {}),
  });
  written.record = record;
  out.release = record.number;
  log(
    `release ${config.release} v${record.number}${previous ? ` (previous: v${previous.number})` : ' (first release)'}`,
  );
  return { store, record, previous, adopted };
}

/** Fencing: every lock still ours, read from the API right now. Throws LockLostError naming the new holder. */
async function fenced(locks: readonly DeployLock[]): Promise<void> {
  for (const l of locks) await l.assertHeld();
}

/**
 * Apply, prune, watch every rollout, verify Fargate, smoke test: what failed, or undefined when the
 * release passed. A lost lock is thrown; any other error is the failure.
 */
export async function applyAndCheck(
  run: DeployRun,
  prepared: PreparedRelease,
  { conn, ownership }: Checked,
  locks: readonly DeployLock[],
  { previous }: OpenedRelease,
  work: AbortSignal,
  written: Written,
): Promise<string | undefined> {
  const { config, out, phase, log } = run;
  const objects = prepared.rendered.objects;
  const deadline = Date.now() + config.timeoutSeconds * 1000;
  try {
    await fenced(locks);
    written.applyStarted = true;
    out.applied = await phase('apply', () =>
      applyObjects(conn.client, objects, {
        force: config.forceConflicts,
        forceFor: (k) => ownership.adopted.some((a) => sameObject(a, k)),
        signal: work,
        beforeWrite: () => {
          locks.forEach((l) => {
            l.checkLocal();
          });
        },
        onResult: (r) => {
          log(`${r.action.padEnd(10)} ${r.key.kind} ${r.key.namespace ? `${r.key.namespace}/` : ''}${r.key.name}`);
        },
      }),
    );
    if (config.prune) {
      const candidates = planPrune(previous, objects);
      if (candidates.length > 0) {
        await fenced(locks);
        await phase('prune', () =>
          prune(conn.client, candidates, {
            signal: work,
            onResult: (k, what, why) => {
              log(`prune: ${what} ${k.kind} ${k.namespace ?? ''}/${k.name}${why ? ` (${why})` : ''}`);
            },
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
    let failure = out.rollouts.ok ? undefined : firstFailure(out.rollouts);
    if (!failure) {
      const verification = await phase('verify', () => verifyPods(conn.client, targets, log));
      out.verification = verification;
      out.findings.push(...verification.findings);
      if (!verification.ok)
        failure = `Fargate verification failed: ${verification.findings
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
    return failure;
  } catch (err) {
    if (err instanceof LockLostError) throw err;
    if (err instanceof ApplyError) out.applied = [...err.applied];
    return errorText(err);
  }
}

/**
 * The release passed: mark its record deployed and trim the history. `done` when the deploy is
 * over (deployed, or failed with auto-rollback off); otherwise the failure to roll back for.
 */
export async function markDeployed(
  run: DeployRun,
  { store, record }: OpenedRelease,
): Promise<{ done: true } | { done: false; failure: string }> {
  const { config, out, log } = run;
  const written = await writeStatus(store, record.number, 'deployed', [`deployed by ${describeDeployer(config)}`], log);
  if (written === true) {
    await store.enforceHistoryLimit().catch((err: unknown) => {
      if (err instanceof LockLostError) throw err;
      log(`could not trim the release history: ${errorText(err)}`);
    });
    out.status = 'deployed';
    out.exitCode = DeployExit.Ok;
    out.message = `release ${config.release} v${record.number} deployed${out.urls.length > 0 ? ` (${out.urls.join(', ')})` : ''}`;
    return { done: true };
  }
  // Applied and running, but unrecorded: a later deploy or rollback would not know it. Undo it.
  const failure = `release ${config.release} v${record.number} was applied and passed its checks, but its record could not be marked deployed: ${errorText(written)}`;
  if (!config.autoRollback) {
    finish(
      out,
      'failed',
      DeployExit.Failed,
      `${failure}; auto-rollback is off: the cluster runs v${record.number}, whose record still says pending`,
    );
    return { done: true };
  }
  return { done: false, failure };
}

/** The release failed after apply: restore the previous one (unless auto-rollback is off) and record how that went. */
export async function rollBackFailed(
  run: DeployRun,
  prepared: PreparedRelease,
  { conn }: Checked,
  locks: readonly DeployLock[],
  { store, record, previous, adopted }: OpenedRelease,
  work: AbortSignal,
  cause: string,
): Promise<DeployOutcome> {
  const { config, deps, out, phase, log } = run;
  let failure = cause;
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
  await fenced(locks);
  const rb = await phase('rollback', () =>
    rollBack(
      conn,
      previous,
      { objects: prepared.rendered.objects, results: out.applied, adopted },
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
}

/** Recovering from an interrupted release wrote to the cluster and then failed. */
export class RecoveryError extends Error {
  override readonly name = 'RecoveryError';
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
): Promise<RollbackSummary> {
  const rb: RollbackSummary = { smoke: [], ok: false, message: '' };
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
    rb.message = errorText(err);
  }
  return rb;
}

type DeployOutcomeChecks = Parameters<typeof smokeTest>[1];

function firstFailure(o: RolloutOutcome): string {
  const bad = o.results.filter((r) => r.status !== 'ready');
  return (
    bad.map((r) => `${r.target.kind} ${r.target.namespace}/${r.target.name}: ${r.status}: ${r.message}`).join('; ') ||
    'rollout failed'
  );
}

export function abortReason(work: AbortSignal, user: AbortSignal | undefined): string {
  if (user?.aborted) return 'cancelled';
  const reason = work.reason as unknown;
  if (reason instanceof LockLostError) return reason.message;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') return 'the deploy timed out';
  return reason instanceof Error ? reason.message : 'aborted';
}
