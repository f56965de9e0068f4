/**
 * What a pod's events and the kubelet's words say: its last warnings, how often its readiness
 * probe failed, how many pulls of an image failed, and whether waiting can fix a pull failure (not
 * a missing repository or tag, denied access, or a reference that cannot parse).
 */
import type { KubeObject } from '../model/kube-object.js';
import { str } from './fields.js';

/** Whether waiting can fix an image pull failure. */
export type PullFailureClass = 'unrecoverable' | 'transient';

/**
 * What the container runtimes and registries say when the image itself does not exist, as EKS
 * (containerd) and other runtimes word it:
 * - containerd (EKS, Fargate): `rpc error: code = NotFound desc = failed to pull and unpack image
 *   "…": failed to resolve reference "…": …: not found` — also for an ECR repository that does not exist;
 * - registry v2 errors through Docker / CRI-O: `manifest unknown`, `name unknown`,
 *   `repository name not known to registry`; ECR through Docker: `… does not exist in the registry`;
 * - a reference that cannot parse: `invalid reference format`, `couldn't parse image reference`.
 * Deliberately not here: `pull access denied, repository does not exist or may require
 * authorization` (Docker Hub's answer for a missing AND a private repository), 401/403 (ECR
 * credentials that can be refreshed or a policy being fixed), timeouts, 429 and 5xx.
 */
const UNRECOVERABLE_PULL =
  /code = NotFound|failed to resolve reference "[^"]*": (?:[^:]*: )?not found|manifest unknown|name unknown|repository name not known to registry|does not exist in the registry|invalid reference format|couldn't parse image reference/i;

/**
 * `unrecoverable` for an image pull failure that waiting cannot heal (the reference is invalid,
 * the runtime may never pull, or the registry says the image does not exist), `transient` for
 * everything else (timeouts, throttling, 5xx, authorization that may be fixed or refreshed).
 */
export function classifyPullFailure(reason: string, message: string): PullFailureClass {
  if (reason === 'InvalidImageName' || reason === 'ErrImageNeverPull') return 'unrecoverable';
  return UNRECOVERABLE_PULL.test(message) && !/may require (?:authorization|'docker login')/i.test(message)
    ? 'unrecoverable'
    : 'transient';
}

/**
 * The grace of an unrecoverable pull failure: a quarter of the caller's, at most 5 s (5 s with
 * the default 20 s). Not zero, because the image may be pushed a moment after the manifests were
 * applied (a pipeline racing its own push), and a registry's "not found" during replication is
 * over in seconds; anything longer is a wrong name, tag or repository.
 */
export function unrecoverableGraceMs(graceMs: number): number {
  return Math.min(graceMs / 4, 5_000);
}

/** Failed pulls of `image` the kubelet reported (its `Failed to pull image` events, with their counts). */
export function failedPulls(events: readonly KubeObject[] | undefined, image: string): number {
  let n = 0;
  for (const e of events ?? []) {
    if (e['reason'] === 'Failed' && (str(e['message']) ?? '').startsWith(`Failed to pull image "${image}"`))
      n += typeof e['count'] === 'number' ? e['count'] : 1;
  }
  return n;
}
/** `Reason: message (×count)` of an object's Warning events, oldest first, at most `max`. */
export function lastWarnings(events: readonly KubeObject[] | undefined, max = 3): string[] {
  if (!events || events.length === 0) return [];
  const warnings = events.filter((e) => e['type'] === 'Warning' || e['reason'] === 'BackOff');
  const time = (e: KubeObject): string =>
    str(e['lastTimestamp']) ?? str(e['eventTime']) ?? str(e['firstTimestamp']) ?? '';
  return [...warnings]
    .sort((a, b) => time(a).localeCompare(time(b)) || a.metadata.name.localeCompare(b.metadata.name))
    .slice(-max)
    .map((e) => {
      const count = typeof e['count'] === 'number' && e['count'] > 1 ? ` (×${e['count']})` : '';
      return `${str(e['reason']) ?? 'Event'}: ${oneLine(str(e['message']) ?? '')}${count}`;
    });
}

/** `s` on one line, at most `max` characters. */
export function oneLine(s: string, max = 300): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** How many times the readiness probe failed, as the kubelet's Unhealthy events count it, and the last message. */
export function unhealthyReadinessCount(events: readonly KubeObject[] | undefined): { count: number; last?: string } {
  let count = 0;
  let last: string | undefined;
  for (const e of events ?? []) {
    const msg = str(e['message']) ?? '';
    if (e['reason'] === 'Unhealthy' && msg.startsWith('Readiness probe failed')) {
      count += typeof e['count'] === 'number' ? e['count'] : 1;
      last = msg;
    }
  }
  return { count, ...(last !== undefined ? { last } : {}) };
}
