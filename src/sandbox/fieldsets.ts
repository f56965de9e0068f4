/**
 * FieldsV1 sets, the managedFields encoding of which fields a manager owns: built from an object
 * (`f:` fields, `k:` list items by key, `v:` set items), flattened to member paths and rebuilt.
 */
import { isPlainObject, type FieldSet } from './object.js';
import { isAtomicStruct, isSetList, itemKey, listMapKeys } from './schema.js';

/** Separator of the segments of a flattened member path. */
export const SEP = '\n';
const IDENTITY_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

function fieldsTree(value: unknown, path: string[], out: FieldSet): void {
  if (!isPlainObject(value)) return;
  for (const [k, child] of Object.entries(value)) {
    if (child === undefined) continue;
    if (path.length === 0 && (k === 'apiVersion' || k === 'kind')) continue;
    if (path.length === 1 && path[0] === 'metadata' && IDENTITY_META.has(k)) continue;
    const p = [...path, k];
    const node: FieldSet = {};
    if (isPlainObject(child) && !isAtomicStruct(p)) {
      fieldsTree(child, p, node);
    } else if (Array.isArray(child)) {
      const keys = listMapKeys(p);
      if (keys) {
        for (const item of child) {
          const key = itemKey(item, keys);
          if (!key) continue;
          const itemNode: FieldSet = { '.': {} };
          fieldsTree(item, p, itemNode);
          node[`k:${JSON.stringify(key)}`] = itemNode;
        }
      } else if (isSetList(p)) {
        for (const item of child) node[`v:${JSON.stringify(item)}`] = {};
      }
    }
    out[`f:${k}`] = node;
  }
}

/**
 * The FieldsV1 set of an object: every field it sets, with associative list items as
 * `k:{"name":"web"}` and set items as `v:"x"`. Identity fields and `status` (when `withStatus`
 * is false) are excluded, as the API server does for the main resource.
 */
export function fieldSetOf(obj: unknown, withStatus = false): FieldSet {
  const out: FieldSet = {};
  const body = isPlainObject(obj) && !withStatus ? { ...obj, status: undefined } : obj;
  fieldsTree(body, [], out);
  if (isPlainObject(out['f:metadata']) && Object.keys(out['f:metadata']).length === 0) delete out['f:metadata'];
  return out;
}

/** Flattens a FieldsV1 tree to member paths (segments joined by newline). */
export function flattenFields(tree: FieldSet, prefix: string[] = [], out = new Set<string>()): Set<string> {
  for (const [seg, child] of Object.entries(tree)) {
    if (seg === '.') continue;
    const p = [...prefix, seg];
    const keys = Object.keys(child);
    if (keys.length === 0 || keys.includes('.')) out.add(p.join(SEP));
    flattenFields(child, p, out);
  }
  return out;
}

/** Rebuilds a FieldsV1 tree from member paths. */
export function buildFields(members: Iterable<string>): FieldSet {
  const root: FieldSet = {};
  const all = [...members].sort();
  const memberSet = new Set(all);
  for (const m of all) {
    let node = root;
    for (const seg of m.split(SEP)) node = node[seg] ??= {};
  }
  // A member that also has children is marked with "." (an item or map owned as a whole).
  const mark = (node: FieldSet, prefix: string[]): void => {
    for (const [seg, child] of Object.entries(node)) {
      if (seg === '.') continue;
      const p = [...prefix, seg];
      if (Object.keys(child).length > 0 && memberSet.has(p.join(SEP))) child['.'] = {};
      mark(child, p);
    }
  };
  mark(root, []);
  return root;
}
