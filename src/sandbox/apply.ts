/**
 * Server-side apply and field ownership: FieldsV1 sets (`f:`/`k:`/`v:` segments), the merge of an
 * applied configuration into the live object, removal of fields a manager stopped applying, 409
 * conflicts naming the field and the other manager (or `force` taking ownership), and the
 * `Update` entries that PUT/PATCH/create record for their field manager.
 */
import { deleteField, clone, isPlainObject, jsonEqual, type KubeObject, type ManagedFieldsEntry } from './object.js';
import { buildFields, fieldSetOf, flattenFields, SEP } from './fieldsets.js';
import { isAtomicStruct, isSetList, itemKey, listMapKeys, sameKey } from './schema.js';
import { StatusError, StatusReason, type StatusCause } from './status.js';

/** One path segment of a FieldsV1 member: a field, a list item by key, or a set item by value. */
type Seg = { kind: 'f'; name: string } | { kind: 'k'; key: Record<string, unknown> } | { kind: 'v'; value: unknown };

function parseSeg(seg: string): Seg {
  const rest = seg.slice(2);
  if (seg.startsWith('k')) return { kind: 'k', key: JSON.parse(rest) as Record<string, unknown> };
  if (seg.startsWith('v')) return { kind: 'v', value: JSON.parse(rest) as unknown };
  return { kind: 'f', name: rest };
}

function findItem(list: unknown[], key: Record<string, unknown>, fieldPath: string[]): number {
  const keys = listMapKeys(fieldPath) ?? { keys: Object.keys(key) };
  return list.findIndex((item) => sameKey(item, key, keys) || jsonEqual(itemKey(item, keys), key));
}

/** The value at a member path, or undefined. */
function valueAt(obj: unknown, member: string): unknown {
  let cur: unknown = obj;
  const fieldPath: string[] = [];
  for (const raw of member.split(SEP)) {
    const seg = parseSeg(raw);
    if (seg.kind === 'f') {
      if (!isPlainObject(cur)) return undefined;
      cur = cur[seg.name];
      fieldPath.push(seg.name);
    } else if (seg.kind === 'k') {
      if (!Array.isArray(cur)) return undefined;
      const i = findItem(cur, seg.key, fieldPath);
      cur = i >= 0 ? cur[i] : undefined;
    } else {
      if (!Array.isArray(cur)) return undefined;
      cur = cur.some((x) => jsonEqual(x, seg.value)) ? seg.value : undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

function deleteAt(obj: unknown, member: string): void {
  const segs = member.split(SEP);
  let cur: unknown = obj;
  const fieldPath: string[] = [];
  for (const [i, raw] of segs.entries()) {
    const seg = parseSeg(raw);
    const last = i === segs.length - 1;
    if (seg.kind === 'f') {
      if (!isPlainObject(cur)) return;
      if (last) {
        deleteField(cur, seg.name);
        return;
      }
      cur = cur[seg.name];
      fieldPath.push(seg.name);
    } else {
      if (!Array.isArray(cur)) return;
      const idx = seg.kind === 'k' ? findItem(cur, seg.key, fieldPath) : cur.findIndex((x) => jsonEqual(x, seg.value));
      if (idx < 0) return;
      if (last) {
        cur.splice(idx, 1);
        return;
      }
      cur = cur[idx];
    }
  }
}

/** Merges an applied configuration into a live value: maps recurse, keyed lists merge by key, the rest replaces. */
function mergeApplied(live: unknown, applied: unknown, path: string[] = []): unknown {
  if (!isPlainObject(applied)) return clone(applied);
  if (isAtomicStruct(path)) return clone(applied);
  const out: Record<string, unknown> = isPlainObject(live) ? clone(live) : {};
  for (const [k, v] of Object.entries(applied)) {
    if (v === undefined) continue;
    const p = [...path, k];
    if (v === null) {
      deleteField(out, k);
    } else if (Array.isArray(v)) {
      const keys = listMapKeys(p);
      if (keys && Array.isArray(out[k])) {
        const existing = out[k] as unknown[];
        // Applied items come first in applied order; items only others own stay after them.
        const merged: unknown[] = v.map((item) => {
          const idx = existing.findIndex((e) => sameKey(e, item, keys));
          return idx >= 0 ? mergeApplied(existing[idx], item, p) : clone<unknown>(item);
        });
        for (const e of existing) if (!v.some((item) => sameKey(e, item, keys))) merged.push(e);
        out[k] = merged;
      } else if (isSetList(p) && Array.isArray(out[k])) {
        const set = [...(out[k] as unknown[])];
        for (const item of v) if (!set.some((x) => jsonEqual(x, item))) set.push(item);
        out[k] = set;
      } else {
        out[k] = clone(v);
      }
    } else if (isPlainObject(v)) {
      out[k] = mergeApplied(out[k], v, p);
    } else {
      out[k] = v;
    }
  }
  return out;
}

function humanPath(member: string): string {
  return member
    .split(SEP)
    .map((seg) =>
      seg.startsWith('f:')
        ? `.${seg.slice(2)}`
        : seg.startsWith('k:')
          ? `[${Object.entries(JSON.parse(seg.slice(2)) as Record<string, unknown>)
              .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
              .join(',')}]`
          : `[=${seg.slice(2)}]`,
    )
    .join('');
}

function isLeafMember(member: string, members: Set<string>): boolean {
  const prefix = member + SEP;
  for (const m of members) if (m.startsWith(prefix)) return false;
  return true;
}

/** Fields that hold a union: one handler of a probe or lifecycle hook. */
const UNION_PARENTS = new Set(['f:livenessProbe', 'f:readinessProbe', 'f:startupProbe', 'f:postStart', 'f:preStop']);
const UNION_MEMBERS = new Set(['f:exec', 'f:httpGet', 'f:tcpSocket', 'f:grpc', 'f:sleep']);

function ownsUnder(members: Set<string>, field: string): boolean {
  if (members.has(field)) return true;
  const prefix = field + SEP;
  for (const m of members) if (m.startsWith(prefix)) return true;
  return false;
}

/**
 * Union members (a probe's `httpGet` when the probe now has `tcpSocket`) this manager applied
 * before, applies no longer, and nobody else owns anything under: removed whole. Removing only the
 * members it owned would leave the defaulted rest (`httpGet: {scheme: HTTP}`, owned by no one)
 * and so two handlers. The API server's structured-merge-diff removes any struct field whose
 * subtree the applier dropped this way (`EnsureNamedFieldsAreMembers` in its prune), then
 * defaults the result again; the sandbox knows no schema to tell struct fields from map keys, and
 * its controllers write unowned fields, so it does this where it matters: the handler unions.
 */
function droppedUnionMembers(previous: Set<string>, applied: Set<string>, ownedByOthers: Set<string>): string[] {
  const out = new Set<string>();
  for (const m of previous) {
    const segs = m.split(SEP);
    for (let i = 1; i < segs.length; i++) {
      if (!UNION_MEMBERS.has(segs[i] ?? '') || !UNION_PARENTS.has(segs[i - 1] ?? '')) continue;
      const field = segs.slice(0, i + 1).join(SEP);
      if (!ownsUnder(applied, field) && !ownsUnder(ownedByOthers, field)) out.add(field);
    }
  }
  return [...out];
}

/** Inputs of one server-side apply. */
export interface ApplyInput {
  live: KubeObject | undefined;
  applied: KubeObject;
  manager: string;
  force: boolean;
  /** apiVersion of the request (recorded in managedFields). */
  apiVersion: string;
  now: string;
  /** 'status' when applying to the status subresource. */
  subresource?: string | undefined;
  /** Target names for the conflict message, e.g. `apps/v1`. */
}

/**
 * Server-side apply: returns the merged object with updated managedFields, or throws a 409
 * Conflict whose causes name each field and the manager that owns it (unless `force`).
 */
export function serverSideApply(input: ApplyInput): KubeObject {
  const { live, applied, manager, force } = input;
  const withStatus = input.subresource === 'status';
  const scoped = withStatus ? { status: applied.status } : applied;
  const appliedSet = flattenFields(fieldSetOf(scoped, withStatus));
  const entries: ManagedFieldsEntry[] = clone<ManagedFieldsEntry[]>(live?.metadata.managedFields ?? []);
  const isMine = (e: ManagedFieldsEntry): boolean =>
    e.manager === manager && e.operation === 'Apply' && (e.subresource ?? '') === (input.subresource ?? '');
  const mine = entries.find(isMine);
  const previous = mine ? flattenFields(mine.fieldsV1) : new Set<string>();

  const conflicts: Array<{ manager: string; apiVersion: string; member: string }> = [];
  const others = entries.filter((e) => !isMine(e));
  const otherSets = new Map<ManagedFieldsEntry, Set<string>>(others.map((e) => [e, flattenFields(e.fieldsV1)]));
  if (live) {
    for (const member of appliedSet) {
      if (!isLeafMember(member, appliedSet)) continue;
      const appliedValue = valueAt(applied, member);
      const liveValue = valueAt(live, member);
      if (jsonEqual(appliedValue, liveValue)) continue;
      for (const [e, set] of otherSets)
        if (set.has(member)) conflicts.push({ manager: e.manager, apiVersion: e.apiVersion, member });
    }
  }
  if (conflicts.length > 0 && !force) {
    const causes: StatusCause[] = conflicts.map((c) => ({
      type: 'FieldManagerConflict',
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field: humanPath(c.member),
    }));
    const lines = causes.map((c) => `${c.message}: ${c.field}`);
    const message =
      conflicts.length === 1
        ? `Apply failed with 1 conflict: ${lines[0]}`
        : `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
    throw new StatusError(409, StatusReason.Conflict, message, { causes });
  }
  // Force (or no conflict): others lose the fields this apply sets to a different value.
  for (const c of conflicts) {
    const owner = others.find((e) => e.manager === c.manager && e.apiVersion === c.apiVersion);
    if (owner) otherSets.get(owner)?.delete(c.member);
  }

  let merged = live ? (mergeApplied(live, scoped) as KubeObject) : clone<KubeObject>(applied);
  if (!live) merged = clone(applied);
  // Fields this manager applied before but not now are removed, unless someone else owns them.
  const stillOwned = new Set<string>();
  for (const set of otherSets.values()) for (const m of set) stillOwned.add(m);
  const removed = [...previous]
    .filter((m) => !appliedSet.has(m) && !stillOwned.has(m))
    .sort((a, b) => b.length - a.length);
  for (const m of removed) deleteAt(merged, m);
  for (const m of droppedUnionMembers(previous, appliedSet, stillOwned)) deleteAt(merged, m);

  const next: ManagedFieldsEntry[] = [];
  for (const e of entries) {
    if (isMine(e)) continue;
    const set = otherSets.get(e);
    if (set && set.size > 0) next.push({ ...e, fieldsV1: buildFields(set) });
  }
  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion: input.apiVersion,
    time: input.now,
    fieldsType: 'FieldsV1',
    fieldsV1: buildFields(appliedSet),
  };
  if (input.subresource) entry.subresource = input.subresource;
  next.push(entry);
  merged.metadata = { ...merged.metadata, managedFields: next };
  return merged;
}

/**
 * Records an `Update` (create, PUT, non-apply PATCH) by `manager`: it takes ownership of every
 * field whose value changed (or appeared), and other managers lose those fields.
 */
export function recordUpdate(
  before: KubeObject | undefined,
  after: KubeObject,
  manager: string,
  apiVersion: string,
  now: string,
  subresource?: string,
): ManagedFieldsEntry[] {
  const withStatus = subresource === 'status';
  const afterSet = flattenFields(fieldSetOf(withStatus ? { status: after.status } : after, withStatus));
  const changed = new Set<string>();
  for (const m of afterSet) {
    if (!isLeafMember(m, afterSet) && !(m.split(SEP).pop() ?? '').startsWith('k:')) continue;
    if (!before || !jsonEqual(valueAt(before, m), valueAt(after, m))) changed.add(m);
  }
  const entries = clone<ManagedFieldsEntry[]>(before?.metadata.managedFields ?? []);
  if (changed.size === 0) return entries;
  const next: ManagedFieldsEntry[] = [];
  let mine: Set<string> | undefined;
  for (const e of entries) {
    const set = flattenFields(e.fieldsV1);
    if (e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? '')) {
      mine = set;
      continue;
    }
    for (const m of changed) set.delete(m);
    if (set.size > 0) next.push({ ...e, fieldsV1: buildFields(set) });
  }
  const members = new Set([...(mine ?? []), ...changed]);
  // Fields that no longer exist are no longer owned.
  for (const m of members) if (valueAt(after, m) === undefined) members.delete(m);
  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Update',
    apiVersion,
    time: now,
    fieldsType: 'FieldsV1',
    fieldsV1: buildFields(members),
  };
  if (subresource) entry.subresource = subresource;
  next.push(entry);
  return next;
}
