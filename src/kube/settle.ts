/**
 * The settle window of a rollout whose new pods have a container without a readiness probe: such
 * a pod is Ready the moment its process starts, so a crash a few seconds later would otherwise pass
 * as deployed. Restarts count from when tracking began (the baseline), not from the pod's birth.
 */
import type { KubeObject } from '../model/kube-object.js';
import { rec, recs, text, uidOf } from './fields.js';
import type { PodProblem } from './pod-problems.js';

/** Restart counts of the containers that have restarted, by `<pod uid>/<container>`. */
export function restartCounts(pods: Iterable<KubeObject>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    const st = rec(pod['status']);
    for (const cs of [...recs(st['initContainerStatuses']), ...recs(st['containerStatuses'])]) {
      const restarts = cs['restartCount'];
      if (typeof restarts === 'number' && restarts > 0) counts.set(`${uidOf(pod)}/${text(cs['name'])}`, restarts);
    }
  }
  return counts;
}

/** True when a pod has an app container without a readiness probe (Ready as soon as it starts). */
export function hasUnprobedContainer(pod: KubeObject): boolean {
  const containers = rec(pod['spec'])['containers'];
  return Array.isArray(containers) && recs(containers).some((c) => c['readinessProbe'] === undefined);
}

/**
 * The first container of a new pod that restarted (since tracking began) or exited: during the
 * settle window that fails the rollout as CrashLoopBackOff does, however Ready the pod looks.
 */
export function settleCrash(
  pods: readonly KubeObject[],
  baseline: ReadonlyMap<string, number>,
  now: number,
  settleMs: number,
): PodProblem | undefined {
  for (const pod of [...pods].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    if (pod.metadata['deletionTimestamp']) continue;
    const uid = uidOf(pod);
    const st = rec(pod['status']);
    for (const cs of recs(st['containerStatuses'])) {
      const name = text(cs['name']);
      const restarts = typeof cs['restartCount'] === 'number' ? cs['restartCount'] : 0;
      const newRestarts = restarts - (baseline.get(`${uid}/${name}`) ?? 0);
      const terminated = rec(rec(cs['state'])['terminated']);
      const exited = rec(cs['state'])['terminated'] !== undefined;
      if (newRestarts <= 0 && !exited) continue;
      const last = exited ? terminated : rec(rec(cs['lastState'])['terminated']);
      const exit =
        last['reason'] !== undefined || last['exitCode'] !== undefined
          ? `exited: ${text(last['reason'], 'Error')} (exit code ${text(last['exitCode'], '?')})`
          : 'exited';
      const detail = `${exit} after it had started; restarted ${newRestarts > 0 ? newRestarts : 0} time(s) since the rollout began, within the ${Math.round(settleMs / 1000)}s settle window (the container has no readiness probe to catch a crash)`;
      return {
        object: pod.metadata.name,
        kind: 'Pod',
        container: name,
        reason: 'CrashLoopBackOff',
        detail,
        events: [],
        since: now,
        blockingAt: now,
        blocking: true,
      };
    }
  }
  return undefined;
}
