/**
 * What deploy and rollback end with: exit codes, the outcome reported as outputs, job summary and
 * exit code, and the messages both commands give when they stop (a lost lock, a recovered release).
 */
import type { DeployConfig } from '../config/deploy.js';
import type { Finding } from '../findings.js';
import type { ApplyResult } from '../kube/apply.js';
import type { LockLostError } from '../kube/lock.js';
import type { Recovery, RestoreOutcome } from '../kube/rollback.js';
import type { RolloutOutcome } from '../kube/rollout.js';
import type { FargateVerification } from '../kube/verify.js';
import type { SmokeResult } from '../smoke/run.js';
import type { Phase } from './steps.js';

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
  rollback?: RollbackSummary;
}

/** What the automatic rollback after a failed deploy did. */
export interface RollbackSummary {
  restored?: number;
  outcome?: RestoreOutcome;
  rollouts?: RolloutOutcome;
  smoke: SmokeResult[];
  ok: boolean;
  message: string;
}

/** The deployer as messages name it: holder identity, with the run URL when known. */
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

/** Runs `fn` as the named phase of the outcome, timing it (whether it succeeds or throws). */
export function phaseTimer(out: DeployOutcome) {
  return async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await fn();
    } finally {
      out.phases.push({ name, durationMs: Date.now() - started });
    }
  };
}

/** The deploy was refused before anything was applied. */
export function reject(out: DeployOutcome, exitCode: number, message: string): DeployOutcome {
  out.status = 'rejected';
  out.exitCode = exitCode;
  out.message = message;
  return out;
}

/** The deploy ended with `status`, `exitCode` and `message`. */
export function finish(
  out: DeployOutcome,
  status: DeployOutcome['status'],
  exitCode: number,
  message: string,
): DeployOutcome {
  out.status = status;
  out.exitCode = exitCode;
  out.message = message;
  return out;
}
