/**
 * PATCH bodies: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and Kubernetes strategic merge
 * patch for the common list-merge keys (see schema.ts). Server-side apply is in apply.ts.
 */
import { deleteField, clone, isPlainObject, jsonEqual } from './object.js';
import { listMapKeys, sameKey } from './schema.js';
import { StatusError, StatusReason, badRequest } from './status.js';

/** Content types the PATCH verb accepts. */
export const PatchType = {
  Json: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  Strategic: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const;

function unprocessable(message: string): StatusError {
  return new StatusError(422, StatusReason.Invalid, message);
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw unprocessable(`invalid JSON pointer "${pointer}": must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function resolveParent(doc: unknown, tokens: string[], pointer: string): { parent: Container; key: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isPlainObject(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw unprocessable(`doc is missing path: "${pointer}": missing value`);
  }
  if (!Array.isArray(cur) && !isPlainObject(cur))
    throw unprocessable(`doc is missing path: "${pointer}": missing value`);
  return { parent: cur, key: tokens[tokens.length - 1] ?? '' };
}

function getAt(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const t of decodePointer(pointer)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isPlainObject(cur)) cur = cur[t];
    else return undefined;
  }
  return cur;
}

function addAt(doc: unknown, pointer: string, value: unknown, replace: boolean): unknown {
  const tokens = decodePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const idx = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(idx) || idx < 0 || idx > parent.length || (replace && idx >= parent.length)) {
      throw unprocessable(`invalid array index "${key}" in "${pointer}"`);
    }
    if (replace) parent[idx] = value;
    else parent.splice(idx, 0, value);
  } else {
    if (replace && !(key in parent))
      throw unprocessable(`replace operation does not apply: doc is missing key: "${pointer}": missing value`);
    parent[key] = value;
  }
  return doc;
}

function removeAt(doc: unknown, pointer: string): unknown {
  const tokens = decodePointer(pointer);
  const { parent, key } = resolveParent(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const idx = Number(key);
    if (!Number.isInteger(idx) || idx < 0 || idx >= parent.length)
      throw unprocessable(`invalid array index "${key}" in "${pointer}"`);
    parent.splice(idx, 1);
  } else {
    if (!(key in parent))
      throw unprocessable(`remove operation does not apply: doc is missing path: "${pointer}": missing value`);
    deleteField(parent, key);
  }
  return doc;
}

/** Applies an RFC 6902 JSON patch to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json patch body must be a JSON array of operations');
  let out = clone(doc);
  for (const [i, raw] of ops.entries()) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw unprocessable(`json patch operation ${i} must have string "op" and "path"`);
    }
    const path = raw.path;
    switch (raw.op) {
      case 'add':
        out = addAt(out, path, clone(raw.value), false);
        break;
      case 'replace':
        out = addAt(out, path, clone(raw.value), true);
        break;
      case 'remove':
        out = removeAt(out, path);
        break;
      case 'move':
      case 'copy': {
        if (typeof raw.from !== 'string') throw unprocessable(`json patch operation ${i} (${raw.op}) needs "from"`);
        const v = getAt(out, raw.from);
        if (v === undefined)
          throw unprocessable(`${raw.op} operation does not apply: doc is missing from path: "${raw.from}"`);
        if (raw.op === 'move') out = removeAt(out, raw.from);
        out = addAt(out, path, clone(v), false);
        break;
      }
      case 'test':
        if (!jsonEqual(getAt(out, path), raw.value)) throw unprocessable(`testing value ${path} failed: test failed`);
        break;
      default:
        throw unprocessable(`json patch operation ${i}: unknown op "${raw.op}"`);
    }
  }
  return out;
}

/** Applies an RFC 7386 JSON merge patch (null deletes, objects merge, everything else replaces). */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const out: Record<string, unknown> = isPlainObject(doc) ? clone(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) deleteField(out, k);
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

function smpList(original: unknown, patch: unknown[], path: string[]): unknown[] {
  const keys = listMapKeys(path);
  if (path.length === 2 && path[0] === 'metadata' && path[1] === 'finalizers') {
    const base: unknown[] = Array.isArray(original) ? original.slice() : [];
    for (const v of patch) if (!base.includes(v)) base.push(v);
    return base;
  }
  if (!keys) return clone(patch).filter((x) => !(isPlainObject(x) && x.$patch === 'delete'));
  if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace')) {
    return clone(patch).filter((p) => !(isPlainObject(p) && p.$patch === 'replace'));
  }
  const result: unknown[] = Array.isArray(original) ? clone(original) : [];
  for (const item of patch) {
    const idx = result.findIndex((r) => sameKey(r, item, keys));
    if (isPlainObject(item) && item.$patch === 'delete') {
      if (idx >= 0) result.splice(idx, 1);
      continue;
    }
    if (idx >= 0) result[idx] = strategicMerge(result[idx], item, path);
    else result.push(strategicMerge(undefined, item, path));
  }
  return result;
}

/**
 * Applies a strategic merge patch: like a merge patch, but lists with a merge key (containers,
 * ports, env, volumes, volumeMounts, conditions, ...) merge item by item; `$patch: delete|replace`
 * and `$deleteFromPrimitiveList/<field>` are honoured; `$setElementOrder` and `$retainKeys` are
 * accepted and dropped.
 */
export function strategicMerge(original: unknown, patch: unknown, path: string[] = []): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  if (patch.$patch === 'delete') return undefined;
  const replace = patch.$patch === 'replace';
  const out: Record<string, unknown> = !replace && isPlainObject(original) ? clone(original) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v))
        out[field] = (out[field] as unknown[]).filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) {
      deleteField(out, k);
    } else if (Array.isArray(v)) {
      out[k] = smpList(out[k], v, [...path, k]);
    } else if (isPlainObject(v)) {
      const merged = strategicMerge(out[k], v, [...path, k]);
      if (merged === undefined) deleteField(out, k);
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  return out;
}
