import type { DeployConfig } from '../config/deploy.js';
import type { Finding } from '../findings.js';
import { DeployLock, LockLostError } from '../kube/lock.js';
import type { ImageCheckDeps } from '../image/exists.js';
import { secretHeaderValues } from '../smoke/spec.js';
import { connect, type Connection, type EksClientFactory } from './connect.js';
import {
  DeployExit,
  finish,
  lockLost,
  phaseTimer,
  recoveryMessage,
  reject,
  type DeployOutcome,
} from './deploy-outcome.js';
import {
  abortReason,
  applyAndCheck,
  markDeployed,
  openRelease,
  RecoveryError,
  rollBackFailed,
  type Checked,
  type DeployRun,
  type Written,
} from './deploy-release.js';
import { preflight } from './preflight.js';
import { holderOf, throwIfLost } from './record-writes.js';
import { prepareRelease, type PreparedRelease } from './release-input.js';
import { errorText } from '../kube/fields.js';

// Deploy's exit codes and outcome are part of its interface (the action, the CLI and the tests read them).
export { DeployExit, type DeployOutcome } from './deploy-outcome.js';

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
  const run: DeployRun = { config, deps, log: deps.log, out, phase: phaseTimer(out) };
  // Each stage either hands the next one what it needs, or ends the deploy (having filled `out`) with undefined.
  const prepared = await render(run);
  if (!prepared) return out;
  // Before apply, a cancel or `--timeout` ends every call at once: an endpoint that never answers cannot hang the deploy.
  const beforeApply = AbortSignal.any([
    ...(deps.signal ? [deps.signal] : []),
    AbortSignal.timeout(config.timeoutSeconds * 1000),
  ]);
  const checked = await connectAndCheck(run, prepared, beforeApply);
  if (!checked) return out;
  const namespaces = [...new Set([config.namespace, ...prepared.rendered.namespaces])].sort();
  const locks = await lockNamespaces(run, checked.conn, namespaces);
  if (!locks) return out;
  return deployLocked(run, prepared, checked, locks);
}

/** Render the manifests and refuse Fargate/schema blockers: nothing touches the cluster yet. */
async function render(run: DeployRun): Promise<PreparedRelease | undefined> {
  const { config, deps, out, phase } = run;
  let prepared: PreparedRelease;
  try {
    prepared = await phase('render', () => prepareRelease(config, 'deploy', deps.signal));
  } catch (err) {
    if (deps.signal?.aborted) {
      finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled while rendering the manifests; nothing was applied');
      return undefined;
    }
    throw err;
  }
  for (const secret of secretHeaderValues(prepared.checks)) deps.mask?.(secret);
  out.images = prepared.rendered.images;
  out.findings.push(...prepared.findings);
  if (prepared.findings.some((f) => f.severity === 'blocker')) {
    reject(
      out,
      DeployExit.Blockers,
      `${count(prepared.findings)} Fargate/schema blocker(s) in the manifests; nothing was applied`,
    );
    return undefined;
  }
  return prepared;
}

/** Connect to the cluster and run preflight (reads and dry runs only), within `--timeout`. */
async function connectAndCheck(
  run: DeployRun,
  prepared: PreparedRelease,
  beforeApply: AbortSignal,
): Promise<Checked | undefined> {
  const { config, deps, out, phase, log } = run;
  let conn: Connection;
  try {
    conn = deps.connection ?? (await phase('connect', () => connect(config.cluster, deps.eksClients, beforeApply)));
  } catch (err) {
    if (deps.signal?.aborted) {
      finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled while connecting to the cluster; nothing was applied');
      return undefined;
    }
    if (beforeApply.aborted) {
      reject(
        out,
        DeployExit.Rejected,
        `could not connect to the cluster within --timeout ${config.timeoutSeconds} s; nothing was applied`,
      );
      return undefined;
    }
    if (isNoAnswer(err)) {
      reject(out, DeployExit.Rejected, `could not connect to the cluster: ${err.message}; nothing was applied`);
      return undefined;
    }
    throw err;
  }
  log(`connected to ${conn.describe}${conn.identity ? ` as ${conn.identity}` : ''}`);
  const ownership: Checked['ownership'] = { release: config.release, adopt: config.adopt, adopted: [] };
  const checks = await phase('preflight', () =>
    preflight({ ...conn, client: conn.client.scoped(beforeApply) }, prepared.rendered.objects, {
      forceConflicts: config.forceConflicts,
      ownership,
      images: deps.images ?? {},
      signal: beforeApply,
    }),
  );
  // Checks cut short by the cancel fail with it ("cannot reach the cluster: cancelled by SIGTERM"): not findings.
  if (deps.signal?.aborted) {
    finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled during preflight; nothing was applied');
    return undefined;
  }
  out.findings.push(...checks);
  if (checks.some((f) => f.severity === 'blocker')) {
    reject(out, DeployExit.Rejected, `preflight failed: ${count(checks)} blocker(s); nothing was applied`);
    return undefined;
  }
  return { conn, ownership };
}

/** Take the deploy lock of every namespace the release touches; on failure let go of those taken. */
async function lockNamespaces(
  run: DeployRun,
  conn: Connection,
  namespaces: readonly string[],
): Promise<DeployLock[] | undefined> {
  const { config, deps, out, phase, log } = run;
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
    await releaseAll(locks);
    if (deps.signal?.aborted) {
      finish(out, 'cancelled', DeployExit.Cancelled, 'cancelled before the deploy lock was taken; nothing was applied');
      return undefined;
    }
    throw err;
  }
  return locks;
}

/** Releases the locks, last taken first; a release that fails leaves that Lease to expire. */
async function releaseAll(locks: readonly DeployLock[]): Promise<void> {
  for (const l of [...locks].reverse()) await l.release().catch(() => false);
}

/** Everything that happens under the deploy locks: record, apply, watch, check, record or roll back. */
async function deployLocked(
  run: DeployRun,
  prepared: PreparedRelease,
  checked: Checked,
  locks: DeployLock[],
): Promise<DeployOutcome> {
  const { config, out, log } = run;
  const written: Written = { applyStarted: false };
  try {
    const opened = await openRelease(run, prepared, checked, locks, written);
    const work = AbortSignal.any([
      ...(run.deps.signal ? [run.deps.signal] : []),
      AbortSignal.timeout(config.timeoutSeconds * 1000),
      ...locks.map((l) => l.lost),
    ]);
    let failure = await applyAndCheck(run, prepared, checked, locks, opened, work, written);
    // A lost lock stops everything, whatever else went wrong: the new holder owns the cluster now.
    throwIfLost(locks);
    if (!failure && work.aborted) failure = abortReason(work, run.deps.signal);
    if (!failure) {
      const marked = await markDeployed(run, opened);
      if (marked.done) return out;
      failure = marked.failure;
    }
    return await rollBackFailed(run, prepared, checked, locks, opened, work, failure);
  } catch (err) {
    if (err instanceof LockLostError)
      return lockLost(
        out,
        err,
        config.release,
        written.record?.number,
        written.applyStarted,
        log,
        'deploy',
        await holderOf(locks, err),
      );
    if (err instanceof RecoveryError) return finish(out, 'failed', DeployExit.Failed, err.message);
    return failedAfterWrites(run, written, err);
  } finally {
    await releaseAll(locks);
  }
}

/** An unexpected error under the lock: after the first write to the cluster it must not read as "nothing applied". */
function failedAfterWrites(run: DeployRun, { record, applyStarted, recovered }: Written, err: unknown): DeployOutcome {
  const { config, out } = run;
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
}

/** An AWS or Kubernetes endpoint that did not answer in time (SDK request timeout, socket timeout, KubeTimeoutError). */
function isNoAnswer(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  const code = 'code' in err ? err.code : undefined;
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
