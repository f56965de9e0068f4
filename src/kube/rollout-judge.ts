/**
 * Judging one rollout target from what the informers saw: ready, failed (and why), or still in
 * progress (with the line to log), the way `kubectl rollout status` reads it, plus the pod problems
 * that fail it early and the settle window of pods without a readiness probe.
 */
import type { KubeObject } from '../model/kube-object.js';
import { rec } from './fields.js';
import { describePodProblem, type PodProblem } from './pod-problems.js';
import type { RolloutTarget, RolloutTargetResult, RolloutTargetStatus } from './rollout.js';
import type { RolloutStatus, TrackedKind } from './rollout-status.js';
import { hasUnprobedContainer, settleCrash } from './settle.js';

/** What the tracker knows of one target. */
export interface TargetState {
  target: RolloutTarget;
  label: string;
  /** Problem memo of pod-problems.ts (first-seen times). */
  seen: Map<string, number>;
  lastLine?: string;
  status?: RolloutStatus;
  problems: PodProblem[];
  result?: RolloutTargetResult;
  /** When the rollout was first seen complete with unprobed containers (the settle window's start). */
  settleSince?: number;
}

/** `12s`: whole seconds, as the progress lines show durations. */
export function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))}s`;
}

/** `web` + status → `2/3 updated, 1 available` (workloads) or the status message (others). */
export function progressText(kind: TrackedKind, s: RolloutStatus): string {
  if (kind === 'Deployment' || kind === 'StatefulSet')
    return `${s.updated}/${s.replicas} updated, ${s.available || s.ready} ${kind === 'Deployment' ? 'available' : 'ready'}`;
  if (kind === 'Job') return `${s.available}/${s.replicas} succeeded`;
  return s.message;
}

/** A target decided (with the pod problem that failed it), or its progress line while it is not. */
export type Verdict = { decide: RolloutTargetStatus; message: string; problem?: PodProblem } | { progress: string };

/** What a judgement needs besides the target: the clock, and the settle window with its restart baseline. */
export interface JudgeContext {
  now: number;
  /** When tracking began. */
  startedAt: number;
  settleMs: number;
  restartBaseline: ReadonlyMap<string, number>;
}

/** Decides the target from its status and pod problems, or gives its progress line while it is undecided. */
export function judgeTarget(
  s: TargetState,
  status: RolloutStatus,
  pods: readonly KubeObject[],
  owner: KubeObject | undefined,
  { now, startedAt, settleMs, restartBaseline }: JudgeContext,
): Verdict {
  const failed = (message: string, problem: PodProblem | undefined): Verdict => ({
    decide: 'failed',
    message,
    ...(problem ? { problem } : {}),
  });
  const kind = s.target.kind;
  const summary = summaryOf(s, status, owner);
  if (status.failed) {
    const hint = s.problems[0] ? ` (${describePodProblem(s.problems[0])})` : '';
    return failed(`${s.label}: ${status.failed}${hint}`, s.problems[0]);
  }
  const settling = (kind === 'Deployment' || kind === 'StatefulSet') && settleMs > 0 && pods.some(hasUnprobedContainer);
  if (settling && (status.done || s.settleSince !== undefined)) {
    const crash = settleCrash(pods, restartBaseline, now, settleMs);
    if (crash) return failed(`${s.label}: ${summary} (${describePodProblem(crash)})`, crash);
  }
  if (status.done && settling) {
    s.settleSince ??= now;
    if (now - s.settleSince < settleMs) {
      return {
        progress: `${s.label}: ${progressText(kind, status)}, ${seconds(now - startedAt)} — settling: no container may restart or exit for ${seconds(settleMs)} (no readiness probe)`,
      };
    }
  }
  if (status.done) {
    return {
      decide: 'ready',
      message: `${s.label}: ${status.message}${settling ? ` (no restarts in the ${seconds(settleMs)} settle window)` : ''}`,
    };
  }
  const blocking = s.problems.find((p) => p.blocking);
  if (blocking) return failed(`${s.label}: ${summary} (${describePodProblem(blocking)})`, blocking);
  const pending = s.problems[0];
  const note = pending
    ? ` — ${pending.reason} on ${pending.object}${pending.container ? `/${pending.container}` : ''}, failing in ${seconds(pending.blockingAt - now)} unless it clears`
    : '';
  return { progress: `${s.label}: ${progressText(kind, status)}, ${seconds(now - startedAt)}${note}` };
}

/** `0 of 3 updated replicas are available` for workloads; kubectl's message otherwise. */
function summaryOf(s: TargetState, status: RolloutStatus, newRS: KubeObject | undefined): string {
  // The Deployment's availableReplicas still counts the old ReplicaSets' pods; the new one's are what matter here.
  if (s.target.kind === 'Deployment')
    return `${newRS ? Number(rec(newRS['status'])['availableReplicas'] ?? 0) : 0} of ${status.replicas} updated replicas are available`;
  if (s.target.kind === 'StatefulSet') return `${status.ready} of ${status.replicas} pods are ready`;
  return status.message;
}
