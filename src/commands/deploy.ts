import type { DeployConfig } from '../config/deploy.js';
import type { KubeObject } from '../convert/objects.js';
import type { Finding } from '../findings.js';
import { applyObjects, ApplyError, type ApplyResult } from '../kube/apply.js';
import { DeployLock, LockLostError } from '../kube/lock.js';
import { planPrune, prune } from '../kube/prune.js';
import { ReleaseStore, type ReleaseRecord } from '../kube/release.js';
import { restoreRelease, type RestoreOutcome } from '../kube/rollback.js';
import type { RolloutOutcome } from '../kube/rollout.js';
import type { FargateVerification } from '../kube/verify.js';
import type { SmokeResult } from '../smoke/run.js';
import { secretHeaderValues } from '../smoke/spec.js';
import { connect, type Connection, type EksClientFactory } from './connect.js';
import { preflight } from './preflight.js';
import { prepareRelease } from './release-input.js';
import { ingressUrls, releaseTargets, smokeTest, trackRollouts, verifyPods, type Phase } from './steps.js';

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
  rollback?: { restored?: number; outcome?: RestoreOutcome; rollouts?: RolloutOutcome; smoke: SmokeResult[]; ok: boolean; message: string };
}

/** What `deploy` needs from its front door. */
export interface DeployDeps {
  log: (line: string) => void;
  /** Cancellation: SIGINT/SIGTERM or the runner's cancel. */
  signal?: AbortSignal;
  eksClients?: EksClientFactory;
  /** Pre-made connection (tests). */
  connection?: Connection;
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
  const out: DeployOutcome = { status: 'rejected', exitCode: DeployExit.Rejected, message: '', images: [], urls: [], rolledBack: false, findings: [], phases: [], applied: [], smoke: [] };
  const phase = timer(out);

  let prepared: Awaited<ReturnType<typeof prepareRelease>>;
  try {
    prepared = await phase('render', () => prepareRelease(config, deps.signal));
  } catch (err) {
    if (deps.signal?.aborted) return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled while rendering the manifests; nothing was applied');
    throw err;
  }
  for (const secret of secretHeaderValues(prepared.checks)) deps.mask?.(secret);
  out.images = prepared.rendered.images;
  out.findings.push(...prepared.findings);
  if (prepared.findings.some((f) => f.severity === 'blocker')) {
    return reject(out, DeployExit.Blockers, `${count(prepared.findings)} Fargate/schema blocker(s) in the manifests; nothing was applied`);
  }
  const objects = prepared.rendered.objects;
  // Before apply, a cancel or `--timeout` ends every call at once: an endpoint that never answers cannot hang the deploy.
  const beforeApply = AbortSignal.any([...(deps.signal ? [deps.signal] : []), AbortSignal.timeout(config.timeoutSeconds * 1000)]);
  let conn: Connection;
  try {
    conn = deps.connection ?? (await phase('connect', () => connect(config.cluster, deps.eksClients, beforeApply)));
  } catch (err) {
    if (deps.signal?.aborted) return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled while connecting to the cluster; nothing was applied');
    if (beforeApply.aborted) return reject(out, DeployExit.Rejected, `could not connect to the cluster within --timeout ${config.timeoutSeconds} s; nothing was applied`);
    if (isNoAnswer(err)) return reject(out, DeployExit.Rejected, `could not connect to the cluster: ${(err as Error).message}; nothing was applied`);
    throw err;
  }
  log(`connected to ${conn.describe}${conn.identity ? ` as ${conn.identity}` : ''}`);
  const checks = await phase('preflight', () => preflight({ ...conn, client: conn.client.scoped(beforeApply) }, objects, { forceConflicts: config.forceConflicts, signal: beforeApply }));
  // Checks cut short by the cancel fail with it ("cannot reach the cluster: cancelled by SIGTERM"): not findings.
  if (deps.signal?.aborted) return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled during preflight; nothing was applied');
  out.findings.push(...checks);
  if (checks.some((f) => f.severity === 'blocker')) return reject(out, DeployExit.Rejected, `preflight failed: ${count(checks)} blocker(s); nothing was applied`);

  const namespaces = [...new Set([config.namespace, ...prepared.rendered.namespaces])].sort();
  const locks: DeployLock[] = [];
  try {
    for (const ns of namespaces) {
      locks.push(await phase(`lock ${ns}`, () => DeployLock.acquire(conn.client, ns, config.holder, { waitSeconds: config.lockWaitSeconds, leaseSeconds: config.lockLeaseSeconds, log, ...(deps.signal ? { signal: deps.signal } : {}) })));
    }
  } catch (err) {
    // Not every namespace could be locked: let go of the ones that were, or they stay held (and renewed).
    for (const l of locks.reverse()) await l.release().catch(() => false);
    if (deps.signal?.aborted) return finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled before the deploy lock was taken; nothing was applied');
    throw err;
  }
  try {
    const store = new ReleaseStore(conn.client, config.namespace, config.release, { historyLimit: config.historyLimit });
    const previous = await store.lastDeployed();
    if (previous) out.previousRelease = previous.number;
    const record = await store.create({ objects, images: prepared.images, ...(config.commit ? { commit: config.commit } : {}), ...(config.runUrl ? { runUrl: config.runUrl } : {}) });
    out.release = record.number;
    log(`release ${config.release} v${record.number}${previous ? ` (previous: v${previous.number})` : ' (first release)'}`);

    const deadline = Date.now() + config.timeoutSeconds * 1000;
    const work = AbortSignal.any([...(deps.signal ? [deps.signal] : []), AbortSignal.timeout(config.timeoutSeconds * 1000), ...locks.map((l) => l.lost)]);
    let failure: string | undefined;
    try {
      out.applied = await phase('apply', () => applyObjects(conn.client, objects, { force: config.forceConflicts, signal: work, onResult: (r) => log(`${r.action.padEnd(10)} ${r.key.kind} ${r.key.namespace ? `${r.key.namespace}/` : ''}${r.key.name}`) }));
      if (config.prune) {
        const candidates = planPrune(previous, objects);
        if (candidates.length > 0) await phase('prune', () => prune(conn.client, candidates, { signal: work, onResult: (k, what, why) => log(`prune: ${what} ${k.kind} ${k.namespace ?? ''}/${k.name}${why ? ` (${why})` : ''}`) }));
      }
      const targets = releaseTargets(objects);
      out.rollouts = await phase('rollout', () => trackRollouts(conn.client, targets, { graceSeconds: config.graceSeconds, deadline, signal: work, log }));
      if (!out.rollouts.ok) failure = firstFailure(out.rollouts);
      if (!failure) {
        out.verification = await phase('verify', () => verifyPods(conn.client, targets, log));
        out.findings.push(...out.verification.findings);
        if (!out.verification.ok) failure = `Fargate verification failed: ${out.verification.findings.filter((f) => f.severity === 'blocker').map((f) => f.message).join('; ')}`;
      }
      if (!failure && prepared.checks.length > 0) {
        out.smoke = await phase('smoke', () => smokeTest(conn.client, prepared.checks, config.namespace, work, log));
        const bad = out.smoke.filter((r) => !r.ok);
        if (bad.length > 0) failure = `smoke tests failed: ${bad.map((r) => `${r.name}: ${r.failure ?? 'failed'}`).join('; ')}`;
      }
      out.urls = await ingressUrls(conn.client, objects);
    } catch (err) {
      if (err instanceof ApplyError) out.applied = [...err.applied];
      failure = err instanceof Error ? err.message : String(err);
    }
    if (!failure && work.aborted) failure = abortReason(work, deps.signal);

    if (!failure) {
      await store.setStatus(record.number, 'deployed', [`deployed by ${config.holder}`]);
      await store.enforceHistoryLimit();
      out.status = 'deployed';
      out.exitCode = DeployExit.Ok;
      out.message = `release ${config.release} v${record.number} deployed${out.urls.length > 0 ? ` (${out.urls.join(', ')})` : ''}`;
      return out;
    }

    const cancelled = deps.signal?.aborted === true;
    if (deps.signal?.aborted || work.aborted) failure = `${failure}${failure.includes(abortReason(work, deps.signal)) ? '' : ` (${abortReason(work, deps.signal)})`}`;
    log(`deploy failed: ${failure}`);
    if (!config.autoRollback) {
      await store.setStatus(record.number, 'failed', [failure, 'auto-rollback is off: the cluster is left on this release']);
      return finish(out, 'failed', DeployExit.Failed, `${failure}; auto-rollback is off, the failed release stays applied`);
    }
    await store.setStatus(record.number, 'rolling-back', [failure]);
    const rb = await phase('rollback', () => rollBack(conn, previous, { objects, results: out.applied }, prepared.checks, config, log));
    out.rollback = rb;
    out.rolledBack = rb.ok;
    await store.setStatus(record.number, rb.ok ? 'rolled-back' : 'failed', [rb.message]);
    if (!rb.ok) return finish(out, 'failed', DeployExit.Failed, `${failure}; rollback failed: ${rb.message}`);
    return finish(out, cancelled ? 'cancelled' : 'rolled-back', cancelled ? DeployExit.Cancelled : DeployExit.RolledBack, `${failure}; ${rb.message}`);
  } finally {
    for (const l of locks.reverse()) await l.release().catch(() => false);
  }
}

/**
 * Put the previous release back (or remove what a first release created), wait for it, and
 * smoke-test it. Bounded by the deploy timeout; not cancellable, because stopping half way would
 * leave the cluster on neither release.
 */
export async function rollBack(
  conn: Connection,
  previous: ReleaseRecord | undefined,
  failed: { objects: readonly KubeObject[]; results: readonly ApplyResult[] },
  checks: DeployOutcomeChecks,
  config: Pick<DeployConfig, 'timeoutSeconds' | 'graceSeconds' | 'namespace'>,
  log: (line: string) => void,
): Promise<NonNullable<DeployOutcome['rollback']>> {
  const rb: NonNullable<DeployOutcome['rollback']> = { smoke: [], ok: false, message: '' };
  if (previous) rb.restored = previous.number;
  const deadline = Date.now() + config.timeoutSeconds * 1000;
  const signal = AbortSignal.timeout(config.timeoutSeconds * 1000);
  try {
    rb.outcome = await restoreRelease(conn.client, previous, failed, { signal, log });
    const targets = releaseTargets(previous?.objects ?? []).filter((t) => t.kind !== 'Ingress' && t.kind !== 'Service');
    rb.rollouts = await trackRollouts(conn.client, targets, { graceSeconds: config.graceSeconds, deadline, signal, log });
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
    rb.message = previous ? `rolled back to v${previous.number}, which is serving again` : 'no previous release: the objects the failed release created were removed';
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
  return err.name === 'TimeoutError' || err.name === 'KubeTimeoutError' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === 'ECONNREFUSED';
}

function count(findings: readonly Finding[]): number {
  return findings.filter((f) => f.severity === 'blocker').length;
}

function firstFailure(o: RolloutOutcome): string {
  const bad = o.results.filter((r) => r.status !== 'ready');
  return bad.map((r) => `${r.target.kind} ${r.target.namespace}/${r.target.name}: ${r.status}: ${r.message}`).join('; ') || 'rollout failed';
}

function abortReason(work: AbortSignal, user: AbortSignal | undefined): string {
  if (user?.aborted) return 'cancelled';
  const reason = work.reason as unknown;
  if (reason instanceof LockLostError) return reason.message;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') return 'the deploy timed out';
  return reason instanceof Error ? reason.message : 'aborted';
}
