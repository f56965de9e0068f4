/**
 * The live diff of `plan`: what a deploy of these objects would change in the cluster, as the API
 * server itself answers it. Every object is server-side applied with `dryRun=All` (so defaulting,
 * admission and field ownership are the server's), compared with the live object, and grouped as
 * create / update / delete (objects the previous release applied that prune would remove) /
 * unchanged, with a unified diff of each changed object. Server bookkeeping (managedFields,
 * status, resourceVersion, uid, generation, creationTimestamp) and this tool's provenance
 * annotations are left out; Secret values are never shown.
 */
import { stringify } from '../util/yaml.js';
import type { KubeObject } from '../model/kube-object.js';
import { COMMIT_ANNOTATION, RUN_URL_ANNOTATION } from '../manifests/render.js';
import { describeObject, FIELD_MANAGER, objectKey, type ObjectKey } from './apply.js';
import { KubeApiError, type KubeClient } from './client.js';
import { planPrune } from './prune.js';
import { LABEL_RELEASE, type ReleaseRecord } from './release.js';

/** What a deploy would do to one object. */
export type DiffAction = 'create' | 'update' | 'delete' | 'unchanged';

/** One object of the diff. */
export interface ObjectDiff {
  key: ObjectKey;
  action: DiffAction;
  /** Unified diff (live → after the deploy), empty when unchanged. */
  diff: string;
  /** Lines added and removed. */
  added: number;
  removed: number;
  /** The dry run failed: the server's reason (the object would fail the real apply too). */
  error?: string;
}

/** The whole diff. */
export interface LiveDiff {
  objects: ObjectDiff[];
  /** Objects of the previous release missing from this one, left in place because prune is off. */
  orphans: ObjectKey[];
}

/** Options of {@link liveDiff}. */
export interface LiveDiffOptions {
  fieldManager?: string;
  force?: boolean;
  /** Report what prune would delete (deploy's `prune` input); otherwise such objects are orphans. */
  prune?: boolean;
  /** The release currently deployed, for deletes. */
  previous?: ReleaseRecord;
  signal?: AbortSignal;
}

/** What every diff hides as noise. */
const NOISE_METADATA = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink'];
/** Annotations that change on every run or repeat the object (kubectl's last-applied may hold Secret data). */
const NOISE_ANNOTATIONS = [
  COMMIT_ANNOTATION,
  RUN_URL_ANNOTATION,
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
];

/** The text a Secret value is replaced with. */
export const REDACTED = '<redacted>';
/** The text a Secret value that the deploy changes is replaced with, so the diff still shows the change. */
export const REDACTED_CHANGED = '<redacted, changed>';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A copy of the object without server bookkeeping, status and provenance annotations. */
function withoutNoise(o: KubeObject): KubeObject {
  const copy = structuredClone(o);
  delete copy['status'];
  // Fixed lists of keys, not data: Reflect.deleteProperty says so where `delete x[k]` would look like a map.
  for (const f of NOISE_METADATA) Reflect.deleteProperty(copy.metadata, f);
  const ann = copy.metadata.annotations;
  if (ann) {
    for (const a of NOISE_ANNOTATIONS) Reflect.deleteProperty(ann, a);
    if (Object.keys(ann).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}

/**
 * Secret values replaced by {@link REDACTED}; on the `after` side a value that differs from
 * `before` (or is new) reads {@link REDACTED_CHANGED}. Keys stay visible.
 */
function redactSecrets(
  before: KubeObject | undefined,
  after: KubeObject | undefined,
): { before?: KubeObject; after?: KubeObject } {
  const values = (o: KubeObject | undefined): Rec => {
    if (!o) return {};
    const out: Rec = {};
    for (const field of ['data', 'stringData']) if (isRec(o[field])) Object.assign(out, o[field]);
    return out;
  };
  const old = values(before);
  const redact = (o: KubeObject | undefined, side: 'before' | 'after'): KubeObject | undefined => {
    if (!o || o.kind !== 'Secret') return o;
    const copy = { ...o };
    for (const field of ['data', 'stringData']) {
      const d = o[field];
      if (!isRec(d)) continue;
      const r: Rec = {};
      for (const [k, v] of Object.entries(d))
        r[k] = side === 'after' && (!(k in old) || old[k] !== v) && before !== undefined ? REDACTED_CHANGED : REDACTED;
      copy[field] = r;
    }
    return copy;
  };
  const out: { before?: KubeObject; after?: KubeObject } = {};
  const b = redact(before, 'before');
  const a = redact(after, 'after');
  if (b) out.before = b;
  if (a) out.after = a;
  return out;
}

/** Keys in a stable order: apiVersion, kind, metadata first at the top, the rest alphabetical. */
function sortKeys(v: unknown, top = false): unknown {
  if (Array.isArray(v)) return v.map((x) => sortKeys(x));
  if (!isRec(v)) return v;
  const first = top ? ['apiVersion', 'kind', 'metadata'] : [];
  const keys = Object.keys(v).sort((a, b) => {
    const ia = first.indexOf(a);
    const ib = first.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const out: Rec = {};
  for (const k of keys) out[k] = sortKeys(v[k]);
  return out;
}

/** The YAML lines a diff compares. */
function diffYaml(o: KubeObject | undefined): string[] {
  if (!o) return [];
  return stringify(sortKeys(o, true), { lineWidth: 0 }).replace(/\n$/, '').split('\n');
}

/** Most cells of the line-matching table; bigger inputs are diffed as "all replaced". */
const MAX_CELLS = 4_000_000;

type Op = { t: ' ' | '-' | '+'; line: string };

/** `list[i]` for an index the caller keeps in range; out of range is a bug, reported as one. */
function at<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new RangeError(`internal error: index ${i} outside a list of ${list.length}`);
  return v;
}

function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = a.slice(0, start).map((line) => ({ t: ' ', line }));
  const ma = a.slice(start, endA);
  const mb = b.slice(start, endB);
  const n = ma.length;
  const m = mb.length;
  if (n * m > MAX_CELLS) {
    ops.push(...ma.map((line): Op => ({ t: '-', line })), ...mb.map((line): Op => ({ t: '+', line })));
  } else {
    // Longest common subsequence, suffix table: lcs[i][j] for ma[i..], mb[j..].
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    // Cells past the last row or column are the table's zero border.
    const cell = (i: number, j: number): number => lcs[i * w + j] ?? 0;
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = ma[i] === mb[j] ? cell(i + 1, j + 1) + 1 : Math.max(cell(i + 1, j), cell(i, j + 1));
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && ma[i] === mb[j]) {
        ops.push({ t: ' ', line: at(ma, i) });
        i++;
        j++;
      } else if (i < n && (j >= m || cell(i + 1, j) >= cell(i, j + 1))) {
        // Removals before additions, as diff(1) and git print them.
        ops.push({ t: '-', line: at(ma, i) });
        i++;
      } else {
        ops.push({ t: '+', line: at(mb, j) });
        j++;
      }
    }
  }
  ops.push(...a.slice(endA).map((line): Op => ({ t: ' ', line })));
  return ops;
}

/**
 * A unified diff of two line lists (`---`/`+++` headers, `@@` hunks with `context` lines around
 * each change); empty when they are equal.
 */
export function unifiedDiff(
  before: readonly string[],
  after: readonly string[],
  labels: { before: string; after: string },
  context = 3,
): string {
  const ops = lineOps(before, after);
  if (!ops.some((o) => o.t !== ' ')) return '';
  const out = [`--- ${labels.before}`, `+++ ${labels.after}`];
  // Positions of changed ops; hunks are runs of changes closer than 2×context apart.
  const changed = ops.map((o, i) => (o.t !== ' ' ? i : -1)).filter((i) => i >= 0);
  let h = 0;
  while (h < changed.length) {
    let end = h;
    while (end + 1 < changed.length && at(changed, end + 1) - at(changed, end) <= 2 * context) end++;
    const from = Math.max(0, at(changed, h) - context);
    const to = Math.min(ops.length, at(changed, end) + context + 1);
    let aLine = 1;
    let bLine = 1;
    for (const op of ops.slice(0, from)) {
      if (op.t !== '+') aLine++;
      if (op.t !== '-') bLine++;
    }
    const hunk = ops.slice(from, to);
    const aCount = hunk.filter((o) => o.t !== '+').length;
    const bCount = hunk.filter((o) => o.t !== '-').length;
    out.push(`@@ -${aCount === 0 ? aLine - 1 : aLine},${aCount} +${bCount === 0 ? bLine - 1 : bLine},${bCount} @@`);
    for (const o of hunk) out.push(`${o.t}${o.line}`);
    h = end + 1;
  }
  return `${out.join('\n')}\n`;
}

function diffOf(
  key: ObjectKey,
  before: KubeObject | undefined,
  after: KubeObject | undefined,
): { diff: string; added: number; removed: number } {
  const r = redactSecrets(before && withoutNoise(before), after && withoutNoise(after));
  const name = describeObject(key);
  const diff = unifiedDiff(diffYaml(r.before), diffYaml(r.after), {
    before: before ? `live: ${name}` : '/dev/null',
    after: after ? `after deploy: ${name}` : '/dev/null',
  });
  const lines = diff.split('\n').slice(2);
  return {
    diff,
    added: lines.filter((l) => l.startsWith('+')).length,
    removed: lines.filter((l) => l.startsWith('-')).length,
  };
}

/** The object as the apply would send it (server-owned fields and status dropped). */
function applyConfiguration(o: KubeObject): KubeObject {
  const copy = withoutNoise(o);
  delete copy.metadata['deletionTimestamp'];
  delete copy.metadata['deletionGracePeriodSeconds'];
  return copy;
}

function errorText(err: unknown): string {
  if (err instanceof KubeApiError) {
    const causes = err.status?.details?.causes ?? [];
    return causes.length > 0
      ? `${err.message} (${causes.map((c) => `${c.field ?? '(object)'}: ${c.message ?? c.type ?? ''}`).join('; ')})`
      : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * The live diff of `objects` (in apply order) against the cluster. Reads and dry runs only:
 * nothing is written. Objects inside a namespace that does not exist yet are shown as created
 * from the manifests (the server cannot dry-run into a missing namespace).
 */
export async function liveDiff(
  client: KubeClient,
  objects: readonly KubeObject[],
  opts: LiveDiffOptions = {},
): Promise<LiveDiff> {
  const fieldManager = opts.fieldManager ?? FIELD_MANAGER;
  const namespaceExists = new Map<string, Promise<boolean>>();
  const declared = new Set(
    objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1').map((o) => o.metadata.name),
  );
  const exists = (ns: string): Promise<boolean> => {
    let p = namespaceExists.get(ns);
    if (!p) {
      p = client.get('v1', 'Namespace', undefined, ns).then((n) => n !== undefined);
      namespaceExists.set(ns, p);
    }
    return p;
  };
  const out: LiveDiff = { objects: [], orphans: [] };
  for (const obj of objects) {
    if (opts.signal?.aborted)
      throw opts.signal.reason instanceof Error ? opts.signal.reason : new Error('live diff cancelled');
    const key = objectKey(obj);
    const ns = obj.metadata.namespace;
    if (ns && !(await exists(ns))) {
      if (!declared.has(ns) && !out.objects.some((d) => d.key.kind === 'Namespace' && d.key.name === ns)) {
        out.objects.push({
          key: { apiVersion: 'v1', kind: 'Namespace', name: ns },
          action: 'create',
          ...diffOf({ apiVersion: 'v1', kind: 'Namespace', name: ns }, undefined, {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: ns },
          }),
        });
      }
      out.objects.push({ key, action: 'create', ...diffOf(key, undefined, applyConfiguration(obj)) });
      continue;
    }
    let live: KubeObject | undefined;
    try {
      live = await client.get(obj.apiVersion, obj.kind, ns, obj.metadata.name);
      const after = await client.apply(applyConfiguration(obj), {
        fieldManager,
        dryRun: true,
        ...(opts.force ? { force: true } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const d = diffOf(key, live, after);
      out.objects.push({ key, action: !live ? 'create' : d.diff === '' ? 'unchanged' : 'update', ...d });
    } catch (err) {
      out.objects.push({
        key,
        action: live ? 'update' : 'create',
        diff: '',
        added: 0,
        removed: 0,
        error: errorText(err),
      });
    }
  }
  if (opts.previous) {
    for (const c of planPrune(opts.previous, objects)) {
      const live = await client.get(c.key.apiVersion, c.key.kind, c.key.namespace, c.key.name);
      // Gone already, or adopted by someone else since: prune would leave it alone too.
      if (!live || live.metadata.labels?.[LABEL_RELEASE] !== c.release) continue;
      if (opts.prune) out.objects.push({ key: c.key, action: 'delete', ...diffOf(c.key, live, undefined) });
      else out.orphans.push(c.key);
    }
  }
  return out;
}

/** Counts per action. */
export function diffCounts(d: LiveDiff): Record<DiffAction, number> {
  const counts: Record<DiffAction, number> = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const o of d.objects) counts[o.action]++;
  return counts;
}

/** True when the deploy would change something. */
export function hasChanges(d: LiveDiff): boolean {
  return d.objects.some((o) => o.action !== 'unchanged');
}
