import type { KubeObject } from '../model/kube-object.js';
import { applyObjects, describeObject, FIELD_MANAGER, objectKey, type ApplyResult } from './apply.js';
import { KubeApiError, type KubeClient } from './client.js';
import { text } from './fields.js';
import type { ReleaseRecord, ReleaseStore } from './release.js';

/** What restoring a release did to the cluster. */
export interface RestoreOutcome {
  /** Objects of the restored release, re-applied. */
  applied: ApplyResult[];
  /** Objects the failed deploy created that the restored release does not have: deleted. */
  deleted: string[];
  /** Deployments with no release record, put back on their previous ReplicaSet (`rollout undo`). */
  undone: string[];
  /** Deployments that had no earlier revision to go back to (they were new): deleted instead. */
  notes: string[];
  /** Objects the failed release had adopted, put back exactly as they were before. */
  returned: string[];
}

/** What the failed deploy did, as far as it got. */
export interface FailedApply {
  /** The objects the failed release tried to apply. */
  objects: readonly KubeObject[];
  /** Apply results, for the objects that were applied before the failure. */
  results: readonly ApplyResult[];
  /** Prior states of the objects the failed release took over (`--adopt`): put back, not deleted or undone. */
  adopted?: readonly KubeObject[];
}

const REVISION = 'deployment.kubernetes.io/revision';

/** Same object (group, kind, namespace, name), whatever the API version. */
export function sameObject(a: KubeObject | ApplyResult['key'], b: KubeObject | ApplyResult['key']): boolean {
  return sameKey(a, b);
}

function sameKey(a: KubeObject | ApplyResult['key'], b: KubeObject | ApplyResult['key']): boolean {
  const ka = 'metadata' in a ? objectKey(a) : a;
  const kb = 'metadata' in b ? objectKey(b) : b;
  const group = (v: string): string => (v.includes('/') ? v.slice(0, v.indexOf('/')) : '');
  return (
    group(ka.apiVersion) === group(kb.apiVersion) &&
    ka.kind === kb.kind &&
    (ka.namespace ?? '') === (kb.namespace ?? '') &&
    ka.name === kb.name
  );
}

/**
 * Put the cluster back on `previous`: re-apply its objects as recorded (forcing: they are ours);
 * delete what the failed deploy created that `previous` does not have; and for Deployments the
 * failed deploy changed but no record covers, go back to their previous ReplicaSet the way
 * `kubectl rollout undo` does. With no previous release at all, everything the failed deploy
 * created is deleted and changed Deployments are undone.
 */
export async function restoreRelease(
  client: KubeClient,
  previous: ReleaseRecord | undefined,
  failed: FailedApply,
  opts: { signal?: AbortSignal; log?: (line: string) => void } = {},
): Promise<RestoreOutcome> {
  const log = opts.log ?? (() => {});
  const outcome: RestoreOutcome = { applied: [], deleted: [], undone: [], notes: [], returned: [] };
  if (previous) {
    log(`restoring release ${previous.release} v${previous.number} (${previous.objects.length} objects)`);
    outcome.applied = await applyObjects(client, previous.objects, {
      fieldManager: FIELD_MANAGER,
      force: true,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }
  const keep = previous?.objects ?? [];
  // Reverse apply order: dependents before what they depend on.
  for (const r of [...failed.results].reverse()) {
    if (keep.some((o) => sameKey(o, r.key))) continue;
    const what = describeObject(r.key);
    const prior = failed.adopted?.find((a) => sameKey(a, r.key));
    if (prior) {
      await restorePriorState(client, prior);
      outcome.returned.push(what);
      log(`restored ${what} as it was before the failed release adopted it`);
    } else if (r.action === 'created') {
      if (await client.delete(r.key.apiVersion, r.key.kind, r.key.namespace, r.key.name, 'Background')) {
        outcome.deleted.push(what);
        log(`deleted ${what} (created by the failed release)`);
      }
    } else if (r.action === 'configured' && r.key.kind === 'Deployment') {
      const undone = await undoDeployment(client, r.key.namespace ?? 'default', r.key.name);
      if (undone) {
        outcome.undone.push(what);
        log(`rolled back ${what} to revision ${undone} (no release record: rollout undo)`);
      } else {
        outcome.notes.push(`${what}: no earlier revision to return to`);
      }
    } else if (r.action === 'configured') {
      outcome.notes.push(
        `${what} was changed by the failed release and no earlier release record holds it; left as is`,
      );
    }
  }
  return outcome;
}

/**
 * `kubectl rollout undo`: put the Deployment's pod template back to the one of its newest
 * ReplicaSet older than the current revision. Returns the revision restored, or undefined when
 * there is none.
 */
async function undoDeployment(
  client: KubeClient,
  namespace: string,
  name: string,
  attempt = 1,
): Promise<number | undefined> {
  const deploy = await client.get('apps/v1', 'Deployment', namespace, name);
  if (!deploy) return undefined;
  const current = Number(deploy.metadata.annotations?.[REVISION] ?? '0');
  const uid = deploy.metadata['uid'] as string | undefined;
  const { items } = await client.list('apps/v1', 'ReplicaSet', namespace);
  const owned = items
    .filter((rs) =>
      ((rs.metadata['ownerReferences'] as { uid?: string }[] | undefined) ?? []).some((o) => o.uid === uid),
    )
    .map((rs) => ({ rs, revision: Number(rs.metadata.annotations?.[REVISION] ?? '0') }))
    .filter((x) => x.revision > 0 && x.revision < current)
    .sort((a, b) => b.revision - a.revision);
  const target = owned[0];
  if (!target) return undefined;
  const template = structuredClone(
    (target.rs['spec'] as { template: { metadata?: { labels?: Record<string, string> } } }).template,
  );
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  const path = await client.pathFor('apps/v1', 'Deployment', namespace, name);
  try {
    await client.request('PATCH', path, {
      body: [
        { op: 'test', path: '/metadata/resourceVersion', value: deploy.metadata['resourceVersion'] },
        { op: 'replace', path: '/spec/template', value: template },
      ],
      contentType: 'application/json-patch+json',
      query: { fieldManager: FIELD_MANAGER },
    });
  } catch (err) {
    if (err instanceof KubeApiError && (err.code === 409 || err.code === 422) && attempt < 3) {
      // Someone changed it between our read and the patch (the test op failed): read again.
      return undoDeployment(client, namespace, name, attempt + 1);
    }
    throw err;
  }
  return target.revision;
}

/**
 * The prior states a new release records: those taken over now, plus those the previous release
 * carried for objects this one still applies (so a later rollback can still put them back).
 */
export function carryAdopted(
  previous: ReleaseRecord | undefined,
  objects: readonly KubeObject[],
  adoptedNow: readonly KubeObject[],
): KubeObject[] {
  const out = [...adoptedNow];
  for (const a of previous?.adopted ?? []) {
    if (objects.some((o) => sameKey(o, a)) && !out.some((o) => sameKey(o, a))) out.push(a);
  }
  return out;
}

/**
 * Put an adopted object back exactly as it was before this tool took it over: a full replace
 * (PUT) of the recorded state, so labels, annotations and fields this tool added go away;
 * recreated if it was deleted since. Retried when someone wrote it between our read and write.
 */
export async function restorePriorState(client: KubeClient, prior: KubeObject, attempt = 1): Promise<void> {
  const ns = prior.metadata.namespace;
  const path = await client.pathFor(prior.apiVersion, prior.kind, ns, prior.metadata.name);
  const live = await client.get(prior.apiVersion, prior.kind, ns, prior.metadata.name);
  try {
    if (!live) {
      await client.request('POST', await client.pathFor(prior.apiVersion, prior.kind, ns), {
        body: prior,
        query: { fieldManager: FIELD_MANAGER },
      });
      return;
    }
    const body = { ...prior, metadata: { ...prior.metadata, resourceVersion: live.metadata['resourceVersion'] } };
    await client.request('PUT', path, { body, query: { fieldManager: FIELD_MANAGER } });
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 409 && attempt < 3)
      return restorePriorState(client, prior, attempt + 1);
    throw err;
  }
}

/** What recovering from an interrupted deploy did. */
export interface Recovery {
  /** The interrupted releases (status `pending` or `rolling-back`, newer than the last deployed one), oldest first. */
  interrupted: { number: number; status: string }[];
  /** The release restored: the last `deployed` one (undefined: there was none, so what they created was removed). */
  restored?: number;
  outcome: RestoreOutcome;
}

/**
 * Crash recovery, under the deploy lock: a deploy or rollback killed mid-way (SIGKILL, a runner
 * that vanished, a deploy that lost its lock) leaves its record `pending` or `rolling-back` and
 * maybe objects of its own. Restore the last `deployed` release over them — objects the
 * interrupted release created (that the restored one lacks) are deleted; Deployments it changed
 * that no record covers are undone — and mark each interrupted record `rolled-back`, naming who
 * recovered it. An object counts as created by the interrupted release when the API server
 * created it no earlier than that release's record (both times from the API server's clock).
 * Returns undefined when nothing was interrupted.
 */
export async function recoverInterrupted(
  client: KubeClient,
  store: ReleaseStore,
  opts: { by: string; signal?: AbortSignal; log?: (line: string) => void },
): Promise<Recovery | undefined> {
  const log = opts.log ?? (() => {});
  const entries = await store.list();
  const lastDeployed = entries.filter((e) => e.status === 'deployed').at(-1);
  const interrupted = entries.filter(
    (e) => e.number > (lastDeployed?.number ?? 0) && (e.status === 'pending' || e.status === 'rolling-back'),
  );
  if (interrupted.length === 0) return undefined;
  const previous = lastDeployed?.record();
  const names = interrupted.map((e) => `v${e.number} (${e.status})`).join(', ');
  log(
    `release ${store.release} ${names} was interrupted (its deploy was killed or lost its lock); restoring ${previous ? `the last deployed release, v${previous.number}` : 'the state before it (no release was deployed)'} first`,
  );
  const objects: KubeObject[] = [];
  const results: ApplyResult[] = [];
  const seen = new Set<string>();
  for (const e of interrupted) {
    const since = e.createdAt ? Date.parse(e.createdAt) : NaN;
    for (const o of e.record().objects) {
      const key = objectKey(o);
      const id = describeObject(key);
      if (seen.has(id) || previous?.objects.some((p) => sameKey(p, o))) continue;
      seen.add(id);
      objects.push(o);
      const live = await client.get(key.apiVersion, key.kind, key.namespace, key.name);
      if (!live) continue;
      const created = Date.parse(text(live.metadata['creationTimestamp']));
      const action = !Number.isNaN(since) && !Number.isNaN(created) && created >= since ? 'created' : 'configured';
      results.push({ key, action, resourceVersion: text(live.metadata['resourceVersion']) });
    }
  }
  const outcome = await restoreRelease(
    client,
    previous,
    { objects, results },
    { ...(opts.signal ? { signal: opts.signal } : {}), log },
  );
  for (const e of interrupted) {
    await store.setStatus(e.number, 'rolled-back', [
      `interrupted while ${e.status}; ${previous ? `v${previous.number} restored` : 'what it created removed'} by ${opts.by}`,
    ]);
  }
  return {
    interrupted: interrupted.map((e) => ({ number: e.number, status: e.status })),
    ...(previous ? { restored: previous.number } : {}),
    outcome,
  };
}
