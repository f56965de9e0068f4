/**
 * The little schema knowledge patching and server-side apply need: which lists are maps keyed by
 * a field (containers by name, ports by containerPort, ...) and which structs are atomic. The
 * real API server reads these from OpenAPI (`x-kubernetes-list-map-keys`, `patchMergeKey`);
 * the sandbox keeps the common cases in one table keyed by the field's path shape.
 */

/** Keys of an associative list, with defaults used when an item omits a key (protocol → TCP). */
export interface ListMapKeys {
  keys: string[];
  defaults?: Record<string, string | number>;
}

const byName: ListMapKeys = { keys: ['name'] };

/**
 * The list-map keys for the list at `path` (field names only, list positions omitted), or
 * undefined for atomic lists. `path` is e.g. `['spec','template','spec','containers']`.
 */
export function listMapKeys(path: readonly string[]): ListMapKeys | undefined {
  const field = path[path.length - 1];
  const parent = path[path.length - 2];
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'readinessGates':
      return field === 'readinessGates' ? { keys: ['conditionType'] } : byName;
    case 'ports':
      // Container ports are keyed by containerPort, Service ports by port (both with protocol).
      if (parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers') {
        return { keys: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } };
      }
      if (parent === 'spec' && path.length === 2) return { keys: ['port', 'protocol'], defaults: { protocol: 'TCP' } };
      return undefined;
    case 'volumeMounts':
      return { keys: ['mountPath'] };
    case 'volumeDevices':
      return { keys: ['devicePath'] };
    case 'conditions':
      return { keys: ['type'] };
    case 'hostAliases':
      return { keys: ['ip'] };
    case 'ownerReferences':
      return { keys: ['uid'] };
    case 'topologySpreadConstraints':
      return { keys: ['topologyKey', 'whenUnsatisfiable'] };
    default:
      return undefined;
  }
}

/** Structs that are replaced as a whole (`x-kubernetes-map-type: atomic`), e.g. workload selectors. */
export function isAtomicStruct(path: readonly string[]): boolean {
  const field = path[path.length - 1];
  if (field === 'selector' && path.length === 2 && path[0] === 'spec') return true;
  return false;
}

/** Lists treated as sets of scalars (`x-kubernetes-list-type: set`). */
export function isSetList(path: readonly string[]): boolean {
  return path.length === 2 && path[0] === 'metadata' && path[1] === 'finalizers';
}

/** The key values of a list item, defaults applied, in key order. */
export function itemKey(item: unknown, keys: ListMapKeys): Record<string, unknown> | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const rec = item as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of keys.keys) {
    const v = rec[k] ?? keys.defaults?.[k];
    if (v === undefined) return undefined;
    out[k] = v;
  }
  return out;
}

/** Whether two list items have the same key. */
export function sameKey(a: unknown, b: unknown, keys: ListMapKeys): boolean {
  const ka = itemKey(a, keys);
  const kb = itemKey(b, keys);
  if (!ka || !kb) return false;
  return keys.keys.every((k) => ka[k] === kb[k]);
}
