import type { KubeObject } from '../model/kube-object.js';
import { toYaml } from '../util/yaml.js';

/** Apply order: what others depend on comes first (cdk8s / Helm install order). */
export const KIND_ORDER: readonly string[] = [
  'Namespace',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'ExternalSecret',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Service',
  'Deployment',
  'StatefulSet',
  'Job',
  'CronJob',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Ingress',
  'TargetGroupBinding',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i >= 0 ? i : KIND_ORDER.length;
}

/** Sort objects in dependency order, then by namespace and name: a stable, total order. */
export function sortObjects<T extends KubeObject>(objects: readonly T[]): T[] {
  const key = (o: KubeObject): string => `${o.metadata.namespace ?? ''}\u0000${o.metadata.name}\u0000${o.kind}`;
  return [...objects].sort(
    (a, b) => kindRank(a.kind) - kindRank(b.kind) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0),
  );
}

const TOP_ORDER = ['apiVersion', 'kind', 'metadata'];
const META_ORDER = ['name', 'namespace', 'labels', 'annotations'];

/**
 * Rewrite an object with `apiVersion`, `kind`, `metadata` first (metadata: name, namespace,
 * labels, annotations first), label/annotation/data maps sorted, everything else as built.
 */
export function canonicalObject(obj: KubeObject): KubeObject {
  return orderKeys(obj, TOP_ORDER, (k, v) =>
    k === 'metadata' ? orderKeys(v, META_ORDER, sortMaps) : sortMaps(k, v),
  ) as KubeObject;
}

const SORTED_MAPS = new Set(['labels', 'annotations', 'matchLabels', 'selector', 'data', 'stringData']);

function sortMaps(key: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => sortMaps('', v));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (SORTED_MAPS.has(key) && entries.every(([, v]) => typeof v === 'string')) {
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, sortMaps(k, v)]));
  }
  return value;
}

function orderKeys(value: unknown, first: readonly string[], each: (key: string, v: unknown) => unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of first) if (k in obj && obj[k] !== undefined) out[k] = each(k, obj[k]);
  for (const k of Object.keys(obj)) if (!first.includes(k) && obj[k] !== undefined) out[k] = each(k, obj[k]);
  return out;
}

/** Serialise objects as one multi-document YAML stream, byte-identical for the same input. */
export function toYamlStream(objects: readonly KubeObject[]): string {
  return objects.map((o) => toYaml(canonicalObject(o))).join('---\n');
}
