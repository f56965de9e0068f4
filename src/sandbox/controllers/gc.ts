/**
 * Garbage collection by owner references, like kube-controller-manager's:
 * - an owner removed (Background) → its dependents are deleted (or lose the reference when
 *   another owner still exists);
 * - an owner with the `foregroundDeletion` finalizer → dependents are deleted first, then the
 *   finalizer is removed and the owner disappears;
 * - an owner with the `orphan` finalizer → dependents lose the owner reference, then the owner goes.
 * Plus the namespace lifecycle: a terminating namespace is emptied, then removed; every new
 * namespace gets its `default` ServiceAccount.
 */
import { nameOf, uidOf, clone, type KubeObject } from '../object.js';
import { resourceKey, type ResourceType } from '../registry.js';
import type { ControllerDeps } from './index.js';
import { type Controller } from './runtime.js';

interface Ref {
  type: ResourceType;
  namespace: string | undefined;
  name: string;
}

/** Creates the garbage collector + namespace controller. */
export function garbageCollector(deps: ControllerDeps): Controller {
  const { api, store } = deps;
  const reg = api.registry;
  const nsType = reg.get('', 'namespaces');
  const saType = reg.get('', 'serviceaccounts');
  /** owner uid → dependents (store key → ref). */
  const dependents = new Map<string, Map<string, Ref>>();
  /** uid → the owner object while it exists (to find it by uid). */
  const byUid = new Map<string, Ref>();

  const refKey = (r: Ref): string => `${resourceKey(r.type)}|${r.namespace ?? ''}|${r.name}`;

  const index = (type: ResourceType, o: KubeObject | undefined, add: boolean): void => {
    if (!o) return;
    const ref: Ref = { type, namespace: o.metadata.namespace, name: nameOf(o) };
    for (const owner of o.metadata.ownerReferences ?? []) {
      let m = dependents.get(owner.uid);
      if (!m) dependents.set(owner.uid, (m = new Map<string, Ref>()));
      if (add) m.set(refKey(ref), ref);
      else {
        m.delete(refKey(ref));
        if (m.size === 0) dependents.delete(owner.uid);
      }
    }
  };

  const dependentsOf = (uid: string): Ref[] =>
    [...(dependents.get(uid)?.values() ?? [])].filter((r) => store.get(r.type, r.namespace, r.name));

  const dropOwnerRef = (r: Ref, ownerUid: string): void => {
    const cur = store.get(r.type, r.namespace, r.name);
    if (!cur) return;
    const next = clone(cur);
    next.metadata.ownerReferences = (cur.metadata.ownerReferences ?? []).filter((o) => o.uid !== ownerUid);
    if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
    api.update(r.type, r.namespace, r.name, next, { internal: true });
  };

  const ownerExists = (uid: string): boolean => {
    const r = byUid.get(uid);
    return !!r && store.get(r.type, r.namespace, r.name)?.metadata.uid === uid;
  };

  const safeDelete = (r: Ref, policy: 'Background' | 'Foreground'): void => {
    const cur = store.get(r.type, r.namespace, r.name);
    if (!cur || (cur.metadata.deletionTimestamp && policy === 'Background')) return;
    api.delete(r.type, r.namespace, r.name, { propagationPolicy: policy });
  };

  return {
    name: 'garbage-collector',
    keysFor(e) {
      const type = reg.byStoreKey(e.resourceKey);
      if (!type) return [];
      const keys: string[] = [];
      index(type, e.previous, false);
      if (e.type !== 'DELETED') {
        index(type, e.object, true);
        byUid.set(uidOf(e.object), {
          type,
          namespace: e.object.metadata.namespace,
          name: nameOf(e.object),
        });
      } else {
        byUid.delete(uidOf(e.object));
        keys.push(`gone|${e.object.metadata.uid}`);
        // A dependent gone may unblock a foreground owner.
        for (const o of e.object.metadata.ownerReferences ?? []) keys.push(`owner|${o.uid}`);
        if (type.namespaced && e.object.metadata.namespace) keys.push(`ns|${e.object.metadata.namespace}`);
      }
      if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) keys.push(`owner|${e.object.metadata.uid}`);
      if (type.kind === 'Namespace') keys.push(`ns|${e.object.metadata.name}`);
      return keys;
    },
    sync(key) {
      const [kind, id] = key.split('|') as [string, string];
      if (kind === 'gone') {
        for (const r of dependentsOf(id)) {
          const dep = store.getExisting(r.type, r.namespace, r.name);
          const others = (dep.metadata.ownerReferences ?? []).filter((o) => o.uid !== id && ownerExists(o.uid));
          if (others.length > 0) dropOwnerRef(r, id);
          else safeDelete(r, 'Background');
        }
        dependents.delete(id);
        return undefined;
      }
      if (kind === 'owner') {
        const ref = byUid.get(id);
        if (!ref) return undefined;
        const owner = store.get(ref.type, ref.namespace, ref.name);
        if (!owner?.metadata.deletionTimestamp) return undefined;
        const fins = owner.metadata.finalizers ?? [];
        if (fins.includes('orphan')) {
          for (const r of dependentsOf(id)) dropOwnerRef(r, id);
          api.removeFinalizer(ref.type, owner, 'orphan');
        } else if (fins.includes('foregroundDeletion')) {
          const deps = dependentsOf(id);
          if (deps.length === 0) api.removeFinalizer(ref.type, owner, 'foregroundDeletion');
          else for (const r of deps) safeDelete(r, 'Foreground');
        }
        return undefined;
      }
      if (kind === 'ns') {
        const ns = store.get(nsType, undefined, id);
        if (!ns) return undefined;
        if (!ns.metadata.deletionTimestamp) {
          if (!store.get(saType, id, 'default')) {
            try {
              api.create(
                saType,
                id,
                { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: id } },
                { internal: true },
              );
            } catch {
              return undefined; // raced with deletion; the next event decides
            }
          }
          return undefined;
        }
        let remaining = 0;
        for (const t of reg.types) {
          if (!t.namespaced) continue;
          for (const o of store.list(t, id).items) {
            remaining++;
            if (o.metadata.finalizers?.length && o.metadata.deletionTimestamp) {
              // Nothing else will remove these finalizers in the sandbox; the namespace controller does.
              for (const f of o.metadata.finalizers) api.removeFinalizer(t, o, f);
            } else safeDelete({ type: t, namespace: id, name: nameOf(o) }, 'Background');
          }
        }
        if (remaining === 0) store.remove(nsType, undefined, id);
        return remaining > 0 ? 100 : undefined;
      }
      return undefined;
    },
  };
}
