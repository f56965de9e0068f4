/**
 * Deletion as the API server does it: preconditions, graceful pod deletion, propagation policies
 * and finalizers (which set deletionTimestamp and leave the rest to the garbage collector), and
 * removing a finalizer.
 */
import type { SandboxClock } from '../clock.js';
import { clone, isPlainObject, nameOf, type KubeObject } from '../object.js';
import type { DeleteOptions } from '../objects.js';
import type { ResourceType } from '../registry.js';
import { StatusError, StatusReason } from '../status.js';
import type { ObjectStore } from '../store.js';

/** A UID or resourceVersion precondition that does not match the stored object is a 409. */
export function checkPreconditions(old: KubeObject, pre: DeleteOptions['preconditions']): void {
  if (pre?.uid && pre.uid !== old.metadata.uid) {
    throw new StatusError(
      409,
      StatusReason.Conflict,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
    throw new StatusError(
      409,
      StatusReason.Conflict,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
    );
  }
}

/**
 * Deletes the stored object `old` (at `namespace/name`). Foreground and Orphan propagation (and
 * objects with finalizers) set deletionTimestamp and leave the rest to the garbage collector;
 * Background removes at once and the collector deletes dependents afterwards.
 */
export function deleteStored(
  deps: { store: ObjectStore; clock: SandboxClock },
  t: ResourceType,
  old: KubeObject,
  where: { namespace: string | undefined; name: string },
  opts: DeleteOptions,
): KubeObject {
  const { store, clock } = deps;
  const policy = opts.propagationPolicy ?? 'Background';
  if (t.kind === 'Pod') {
    const graceful = gracefulPodDelete(deps, t, old, opts);
    if (graceful) return graceful;
  }
  const finalizers = [...(old.metadata.finalizers ?? [])];
  if (t.kind !== 'Namespace' && policy === 'Background' && finalizers.length === 0)
    return store.remove(t, where.namespace, where.name) ?? old;
  if (old.metadata.deletionTimestamp && policy === 'Background') return old;
  const obj = clone(old);
  obj.metadata.deletionTimestamp ??= clock.timestamp();
  obj.metadata.deletionGracePeriodSeconds ??= 0;
  if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
  if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
  if (t.kind === 'Namespace') {
    (obj as { status?: unknown }).status = {
      ...(isPlainObject(obj.status) ? obj.status : {}),
      phase: 'Terminating',
    };
  }
  if (finalizers.length === 0 && t.kind !== 'Namespace') return store.remove(t, where.namespace, where.name) ?? old;
  if (finalizers.length > 0) obj.metadata.finalizers = finalizers;
  return store.put(t, obj);
}

/**
 * Graceful pod deletion, as the API server does it: a pod running on a node is not removed but
 * marked (`deletionTimestamp` = now + grace, `deletionGracePeriodSeconds`); its kubelet runs the
 * preStop hooks, stops the containers and then deletes it with grace 0. A second delete may only
 * shorten the grace period. Unscheduled and finished pods, and grace 0, go at once (undefined).
 */
function gracefulPodDelete(
  deps: { store: ObjectStore; clock: SandboxClock },
  t: ResourceType,
  old: KubeObject,
  opts: DeleteOptions,
): KubeObject | undefined {
  const spec = (old.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (old.status as { phase?: string } | undefined)?.phase;
  const grace = Math.max(0, Math.floor(opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30));
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed' || grace === 0) return undefined;
  const current = old.metadata.deletionGracePeriodSeconds;
  if (old.metadata.deletionTimestamp && current !== undefined && current <= grace) return old;
  const obj = clone(old);
  obj.metadata.deletionTimestamp = new Date(Date.parse(deps.clock.timestamp()) + grace * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  obj.metadata.deletionGracePeriodSeconds = grace;
  return deps.store.put(t, obj);
}

/** Removes a finalizer from an object; an object being deleted goes once its last finalizer is gone. */
export function removeFinalizer(store: ObjectStore, t: ResourceType, obj: KubeObject, finalizer: string): void {
  const cur = store.get(t, obj.metadata.namespace, nameOf(obj));
  if (!cur?.metadata.finalizers?.includes(finalizer)) return;
  const next = clone(cur);
  next.metadata.finalizers = cur.metadata.finalizers.filter((f) => f !== finalizer);
  if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
  if (next.metadata.deletionTimestamp && !next.metadata.finalizers) {
    store.remove(t, cur.metadata.namespace, nameOf(cur));
    return;
  }
  store.put(t, next);
}
