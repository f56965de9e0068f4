/**
 * Prune (opt-in): delete what the previous release of this tool applied and the new one lacks.
 * Deliberately narrow: only namespaced objects inside the namespaces the new release deploys
 * to, never Namespaces, and only objects that still carry this release's label when read back
 * (an object someone adopted or relabelled since is left alone).
 */
import type { KubeObject } from '../model/kube-object.js';
import { describeObject, objectKey, type ObjectKey } from './apply.js';
import { KubeApiError, type KubeClient } from './client.js';
import { LABEL_RELEASE, type ReleaseRecord } from './release.js';
import { restorePriorState } from './rollback.js';

/** An object the previous release applied that the next one lacks. */
export interface PruneCandidate {
  key: ObjectKey;
  /** The release whose label the live object must carry to be deleted. */
  release: string;
  /**
   * The object existed before the release took it over (`--adopt`): put it back as it was
   * instead of deleting it.
   */
  prior?: KubeObject;
}

/** What `prune` did. */
export interface PruneResult {
  /** Deleted (or, in a dry run, would be deleted), in deletion order. */
  deleted: ObjectKey[];
  /** Left alone, with why. */
  skipped: { key: ObjectKey; reason: string }[];
  /** Adopted objects put back as they were before the release took them over. */
  returned: ObjectKey[];
}

/** Options of `prune`. */
export interface PruneOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Called once per candidate, for progress lines. */
  onResult?: (key: ObjectKey, outcome: 'deleted' | 'skipped' | 'returned', reason?: string) => void;
}

/** apps/v1 and apps/v1beta2 name the same object: identity is group + kind + namespace + name. */
function identity(k: ObjectKey): string {
  const group = k.apiVersion.includes('/') ? k.apiVersion.slice(0, k.apiVersion.lastIndexOf('/')) : '';
  return `${group}\u0000${k.kind}\u0000${k.namespace ?? ''}\u0000${k.name}`;
}

/**
 * The objects of `previous` absent from `next`, inside the namespaces of `next` (those its
 * namespaced objects live in, and those it declares as Namespace objects). Namespaces and
 * cluster-scoped objects are never candidates. Returned in reverse apply order, so dependents
 * (Ingress, Deployment) go before what they depend on (Service, ConfigMap).
 */
export function planPrune(previous: ReleaseRecord | undefined, next: readonly KubeObject[]): PruneCandidate[] {
  if (!previous) return [];
  const namespaces = new Set<string>();
  for (const o of next) {
    if (o.kind === 'Namespace' && o.apiVersion === 'v1') namespaces.add(o.metadata.name);
    else if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
  }
  const kept = new Set(next.map((o) => identity(objectKey(o))));
  const out: PruneCandidate[] = [];
  for (const o of [...previous.objects].reverse()) {
    const key = objectKey(o);
    if (o.kind === 'Namespace' || !key.namespace || !namespaces.has(key.namespace) || kept.has(identity(key))) continue;
    const prior = previous.adopted?.find((a) => identity(objectKey(a)) === identity(key));
    out.push({ key, release: previous.release, ...(prior ? { prior } : {}) });
  }
  return out;
}

/**
 * Delete the candidates (propagation Background, guarded by the uid read back so an object
 * recreated meanwhile is not deleted), skipping any that are gone or no longer labelled with
 * their release. With `dryRun` the server checks each delete and nothing is removed.
 */
export async function prune(
  client: KubeClient,
  candidates: readonly PruneCandidate[],
  options: PruneOptions = {},
): Promise<PruneResult> {
  const result: PruneResult = { deleted: [], skipped: [], returned: [] };
  const skip = (key: ObjectKey, reason: string): void => {
    result.skipped.push({ key, reason });
    options.onResult?.(key, 'skipped', reason);
  };
  for (const { key, release, prior } of candidates) {
    options.signal?.throwIfAborted();
    const live = await client.get(key.apiVersion, key.kind, key.namespace, key.name);
    if (!live) {
      skip(key, 'already gone');
      continue;
    }
    const label = live.metadata.labels?.[LABEL_RELEASE];
    if (label !== release) {
      skip(
        key,
        label === undefined
          ? `no longer labelled ${LABEL_RELEASE}=${release}`
          : `labelled ${LABEL_RELEASE}=${label}, not ${release}`,
      );
      continue;
    }
    if (live.metadata['deletionTimestamp']) {
      skip(key, 'already being deleted');
      continue;
    }
    if (prior) {
      if (!options.dryRun) await restorePriorState(client, prior);
      result.returned.push(key);
      options.onResult?.(key, 'returned', 'it existed before the release adopted it: restored as it was');
      continue;
    }
    try {
      await client.request('DELETE', await client.pathFor(key.apiVersion, key.kind, key.namespace, key.name), {
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          propagationPolicy: 'Background',
          preconditions: { uid: live.metadata['uid'] },
          ...(options.dryRun ? { dryRun: ['All'] } : {}),
        },
        ...(options.dryRun ? { query: { dryRun: 'All' } } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) {
        skip(key, 'already gone');
        continue;
      }
      if (err instanceof KubeApiError && err.code === 409) {
        skip(key, 'replaced by a new object of the same name while pruning');
        continue;
      }
      throw new Error(`prune of ${describeObject(key)} failed: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
    result.deleted.push(key);
    options.onResult?.(key, 'deleted');
  }
  return result;
}
