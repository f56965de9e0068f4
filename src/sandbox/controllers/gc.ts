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
import type { StoreEvent } from '../watch.js';
import { type Controller } from './runtime.js';

interface Ref {
  type: ResourceType;
  namespace: string | undefined;
  name: string;
}

const refKey = (r: Ref): string => `${resourceKey(r.type)}|${r.namespace ?? ''}|${r.name}`;

/**
 * The collector's index of owner references and what it does on each key: `gone|<uid>` (an
 * object removed: its dependents go), `owner|<uid>` (an owner being deleted with the orphan or
 * foregroundDeletion finalizer) and `ns|<name>` (the namespace lifecycle).
 */
class GarbageCollector {
  private readonly nsType: ResourceType;
  private readonly saType: ResourceType;
  /** owner uid → dependents (store key → ref). */
  private readonly dependents = new Map<string, Map<string, Ref>>();
  /** uid → the owner object while it exists (to find it by uid). */
  private readonly byUid = new Map<string, Ref>();

  constructor(private readonly deps: ControllerDeps) {
    this.nsType = deps.api.registry.get('', 'namespaces');
    this.saType = deps.api.registry.get('', 'serviceaccounts');
  }

  private index(type: ResourceType, o: KubeObject | undefined, add: boolean): void {
    if (!o) return;
    const ref: Ref = { type, namespace: o.metadata.namespace, name: nameOf(o) };
    for (const owner of o.metadata.ownerReferences ?? []) {
      let m = this.dependents.get(owner.uid);
      if (!m) this.dependents.set(owner.uid, (m = new Map<string, Ref>()));
      if (add) m.set(refKey(ref), ref);
      else {
        m.delete(refKey(ref));
        if (m.size === 0) this.dependents.delete(owner.uid);
      }
    }
  }

  private dependentsOf(uid: string): Ref[] {
    return [...(this.dependents.get(uid)?.values() ?? [])].filter((r) =>
      this.deps.store.get(r.type, r.namespace, r.name),
    );
  }

  private dropOwnerRef(r: Ref, ownerUid: string): void {
    const cur = this.deps.store.get(r.type, r.namespace, r.name);
    if (!cur) return;
    const next = clone(cur);
    next.metadata.ownerReferences = (cur.metadata.ownerReferences ?? []).filter((o) => o.uid !== ownerUid);
    if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
    this.deps.api.update(r.type, r.namespace, r.name, next, { internal: true });
  }

  private ownerExists(uid: string): boolean {
    const r = this.byUid.get(uid);
    return !!r && this.deps.store.get(r.type, r.namespace, r.name)?.metadata.uid === uid;
  }

  private safeDelete(r: Ref, policy: 'Background' | 'Foreground'): void {
    const cur = this.deps.store.get(r.type, r.namespace, r.name);
    if (!cur || (cur.metadata.deletionTimestamp && policy === 'Background')) return;
    this.deps.api.delete(r.type, r.namespace, r.name, { propagationPolicy: policy });
  }

  keysFor(e: StoreEvent): string[] {
    const type = this.deps.api.registry.byStoreKey(e.resourceKey);
    if (!type) return [];
    const keys: string[] = [];
    this.index(type, e.previous, false);
    if (e.type !== 'DELETED') {
      this.index(type, e.object, true);
      this.byUid.set(uidOf(e.object), { type, namespace: e.object.metadata.namespace, name: nameOf(e.object) });
    } else {
      this.byUid.delete(uidOf(e.object));
      keys.push(`gone|${e.object.metadata.uid}`);
      // A dependent gone may unblock a foreground owner.
      for (const o of e.object.metadata.ownerReferences ?? []) keys.push(`owner|${o.uid}`);
      if (type.namespaced && e.object.metadata.namespace) keys.push(`ns|${e.object.metadata.namespace}`);
    }
    if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) keys.push(`owner|${e.object.metadata.uid}`);
    if (type.kind === 'Namespace') keys.push(`ns|${e.object.metadata.name}`);
    return keys;
  }

  sync(key: string): number | undefined {
    const [kind, id] = key.split('|') as [string, string];
    if (kind === 'gone') this.ownerGone(id);
    else if (kind === 'owner') this.ownerDeleting(id);
    else if (kind === 'ns') return this.syncNamespace(id);
    return undefined;
  }

  /** An owner removed: dependents with another live owner lose the reference, the others are deleted. */
  private ownerGone(id: string): void {
    for (const r of this.dependentsOf(id)) {
      const dep = this.deps.store.getExisting(r.type, r.namespace, r.name);
      const others = (dep.metadata.ownerReferences ?? []).filter((o) => o.uid !== id && this.ownerExists(o.uid));
      if (others.length > 0) this.dropOwnerRef(r, id);
      else this.safeDelete(r, 'Background');
    }
    this.dependents.delete(id);
  }

  /** An owner being deleted: orphan its dependents, or (foreground) delete them first, then drop the finalizer. */
  private ownerDeleting(id: string): void {
    const ref = this.byUid.get(id);
    if (!ref) return;
    const owner = this.deps.store.get(ref.type, ref.namespace, ref.name);
    if (!owner?.metadata.deletionTimestamp) return;
    const fins = owner.metadata.finalizers ?? [];
    if (fins.includes('orphan')) {
      for (const r of this.dependentsOf(id)) this.dropOwnerRef(r, id);
      this.deps.api.removeFinalizer(ref.type, owner, 'orphan');
    } else if (fins.includes('foregroundDeletion')) {
      const deps = this.dependentsOf(id);
      if (deps.length === 0) this.deps.api.removeFinalizer(ref.type, owner, 'foregroundDeletion');
      else for (const r of deps) this.safeDelete(r, 'Foreground');
    }
  }

  /** A live namespace gets its `default` ServiceAccount; a terminating one is emptied, then removed. */
  private syncNamespace(id: string): number | undefined {
    const { api, store } = this.deps;
    const ns = store.get(this.nsType, undefined, id);
    if (!ns) return undefined;
    if (!ns.metadata.deletionTimestamp) {
      if (!store.get(this.saType, id, 'default')) {
        try {
          api.create(
            this.saType,
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
    for (const t of api.registry.types) {
      if (!t.namespaced) continue;
      for (const o of store.list(t, id).items) {
        remaining++;
        if (o.metadata.finalizers?.length && o.metadata.deletionTimestamp) {
          // Nothing else will remove these finalizers in the sandbox; the namespace controller does.
          for (const f of o.metadata.finalizers) api.removeFinalizer(t, o, f);
        } else this.safeDelete({ type: t, namespace: id, name: nameOf(o) }, 'Background');
      }
    }
    if (remaining === 0) store.remove(this.nsType, undefined, id);
    return remaining > 0 ? 100 : undefined;
  }
}

/** Creates the garbage collector + namespace controller. */
export function garbageCollector(deps: ControllerDeps): Controller {
  const gc = new GarbageCollector(deps);
  return {
    name: 'garbage-collector',
    keysFor: (e) => gc.keysFor(e),
    sync: (key) => gc.sync(key),
  };
}
