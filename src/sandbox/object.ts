/**
 * The object shape the sandbox stores: any Kubernetes object with `apiVersion`, `kind` and
 * `metadata`. Controllers narrow it to the kubernetes-models interfaces (`IPod`, `IDeployment`).
 */

/** `metav1.OwnerReference`. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** `metav1.ManagedFieldsEntry` with FieldsV1. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldSet;
  subresource?: string;
}

/** A FieldsV1 tree: keys are `f:<field>`, `k:<json key>`, `v:<json value>` or `.`. */
export interface FieldSet {
  [segment: string]: FieldSet;
}

/** `metav1.ObjectMeta` as stored. */
interface ObjectMeta {
  name?: string | undefined;
  generateName?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  generation?: number | undefined;
  creationTimestamp?: string | undefined;
  deletionTimestamp?: string | undefined;
  deletionGracePeriodSeconds?: number | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  ownerReferences?: OwnerReference[] | undefined;
  finalizers?: string[] | undefined;
  managedFields?: ManagedFieldsEntry[] | undefined;
}

/** Any stored Kubernetes object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Anything with Kubernetes object metadata (stored objects, kubernetes-models views). */
interface HasMetadata {
  kind?: string | undefined;
  metadata?: { name?: string | undefined; uid?: string | undefined } | undefined;
}

/**
 * `metadata.name` of an object the store has accepted (the store names every object it keeps).
 * Throws if it is missing, which means a caller passed an object that never went through the store.
 */
export function nameOf(o: HasMetadata): string {
  const name = o.metadata?.name;
  if (name === undefined)
    throw new Error(`sandbox: a ${o.kind ?? 'object'} without metadata.name reached a controller`);
  return name;
}

/** `metadata.uid` of a stored object (the store assigns one on create); throws if missing. */
export function uidOf(o: HasMetadata): string {
  const uid = o.metadata?.uid;
  if (uid === undefined)
    throw new Error(
      `sandbox: ${o.kind ?? 'object'} ${o.metadata?.name ?? ''} has no metadata.uid (not a stored object)`,
    );
  return uid;
}

/**
 * The value, which the caller knows is there (validation or the store guarantees it); throws an
 * error naming `what` if it is not, instead of failing later on an undefined.
 */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`sandbox: ${what} is missing`);
  return value;
}

/**
 * A field value as text: strings as they are, numbers and booleans as `String()` writes them,
 * `fallback` for null or undefined, anything else as JSON (never `[object Object]`).
 */
export function scalarText(v: unknown, fallback = ''): string {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** Removes a field from a JSON object, whose keys are data (field names), not a fixed shape. */
export function deleteField(obj: object, key: string): void {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a JSON object is a record keyed by field name; a Map cannot stand in for it
  delete (obj as Record<string, unknown>)[key];
}

/** A shallow copy of `obj` without `keys`. */
export function withoutFields<T extends object, K extends keyof T & string>(obj: T, ...keys: K[]): Omit<T, K> {
  const out = { ...obj };
  for (const k of keys) deleteField(out, k);
  return out;
}

const jsonCache = new WeakMap<object, string>();

/** JSON of a frozen stored object, serialised once and shared by every list and watch. */
export function objectJson(o: KubeObject): string {
  if (!Object.isFrozen(o)) return JSON.stringify(o);
  let s = jsonCache.get(o);
  if (s === undefined) {
    s = JSON.stringify(o);
    jsonCache.set(o, s);
  }
  return s;
}

/** Plain-object test that excludes arrays and null. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Freezes an object graph so stored objects cannot be mutated by accident (callers clone to edit). */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v as object)) deepFreeze(child);
  }
  return v;
}

/** Mutable deep copy (drops the freeze). */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Deep equality for JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => jsonEqual(ao[k], bo[k]));
}

/** `ns/name` or `name` for cluster-scoped objects. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}
