/**
 * How two answers to the same request are compared: media type, JSON shape (keys and types),
 * JSON values outside an ignore list, body hashes, and latency percentiles. Pure functions.
 *
 * Shapes collapse array indices to `[*]`, so `{"items":[{"id":1},{"id":2}]}` has the shape
 * `$ object, $.items array, $.items[*] object, $.items[*].id number`. An empty array says nothing
 * about its elements, so element paths are only compared when both sides have elements.
 */
import { createHash } from 'node:crypto';
import { defined, stringifyJson } from '../errors.js';

/** One step of a path inside a JSON document: a key, an index, or `*` for "any array element". */
type PathSegment = { key: string } | { index: number } | { any: true };

/** One step of an ignore pattern: like {@link PathSegment}, plus `..` (any depth). */
type PatternSegment = PathSegment | { deep: true } | { anyKey: true };

/** A parsed ignore pattern (`$.id`, `$.items[*].updatedAt`, `$..requestId`, `$.headers`). */
export interface JsonPathPattern {
  text: string;
  segments: PatternSegment[];
}

/** JSON value kinds, as a shape names them. */
type JsonKind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

/** Keys and types of a JSON document: normalised path (`$.items[*].id`) → kinds seen there. */
export interface JsonShape {
  kinds: Map<string, Set<JsonKind>>;
  /** Paths of arrays that were empty in every document seen. */
  emptyArrays: Set<string>;
}

/**
 * Parse an ignore pattern: `$` then `.name`, `['name']`, `[0]`, `[*]`, `.*` or `..name` steps.
 * Throws a message naming the position of the problem.
 */
export function parseJsonPathPattern(text: string): JsonPathPattern {
  const t = text.trim();
  if (!t.startsWith('$')) throw new Error(`a JSON path starts with "$", got ${JSON.stringify(text)}`);
  const segments: PatternSegment[] = [];
  let i = 1;
  while (i < t.length) {
    const rest = t.slice(i);
    let m: RegExpExecArray | null;
    if (rest.startsWith('..')) {
      segments.push({ deep: true });
      i += 1; // the second "." starts the next step
      continue;
    }
    if ((m = /^\.\*/.exec(rest)) || (m = /^\[\*\]/.exec(rest))) {
      segments.push(m[0] === '.*' ? { anyKey: true } : { any: true });
    } else if ((m = /^\.([A-Za-z_$][\w$-]*)/.exec(rest))) {
      segments.push({ key: defined(m[1], 'the name of a .name step') });
    } else if ((m = /^\[(\d+)\]/.exec(rest))) {
      segments.push({ index: Number(m[1]) });
    } else if ((m = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest))) {
      segments.push({ key: (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1') });
    } else {
      throw new Error(`${JSON.stringify(text)}: expected .name, ['name'], [index], [*] or ..name at position ${i + 1}`);
    }
    i += m[0].length;
  }
  const last = segments.at(-1);
  if (last && 'deep' in last) throw new Error(`${JSON.stringify(text)}: ".." must be followed by a name`);
  return { text: t, segments };
}

/**
 * Whether `pattern` covers `path`: it matches the whole path or a prefix of it (ignoring
 * `$.headers` ignores everything inside). `[*]` in a path (a shape path) matches `[*]` and any
 * index in the pattern, since a shape speaks for every element.
 */
function patternCovers(pattern: JsonPathPattern, path: readonly PathSegment[]): boolean {
  const match = (pi: number, si: number): boolean => {
    const p = pattern.segments[pi];
    if (p === undefined) return true; // prefix matched: everything below is covered
    const s = path[si];
    if (s === undefined) return false;
    if ('deep' in p) {
      for (let k = si; k < path.length; k++) if (match(pi + 1, k)) return true;
      return false;
    }
    if ('anyKey' in p) return 'key' in s && match(pi + 1, si + 1);
    if ('any' in p) return ('index' in s || 'any' in s) && match(pi + 1, si + 1);
    if ('index' in p) return (('index' in s && s.index === p.index) || 'any' in s) && match(pi + 1, si + 1);
    return 'key' in s && s.key === p.key && match(pi + 1, si + 1);
  };
  return match(0, 0);
}

/** `$.items[*].id`, `$['a b']`. */
function formatPath(path: readonly PathSegment[]): string {
  let out = '$';
  for (const s of path) {
    if ('key' in s) out += /^[A-Za-z_$][\w$-]*$/.test(s.key) ? `.${s.key}` : `[${JSON.stringify(s.key)}]`;
    else if ('index' in s) out += `[${s.index}]`;
    else out += '[*]';
  }
  return out;
}

function kindOf(v: unknown): JsonKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'boolean' || t === 'number' || t === 'string' ? t : 'object';
}

/** Add the shape of `doc` to `shape` (a new one when not given), skipping ignored paths. */
export function jsonShape(
  doc: unknown,
  ignore: readonly JsonPathPattern[] = [],
  shape: JsonShape = { kinds: new Map(), emptyArrays: new Set() },
): JsonShape {
  const nonEmpty = new Set<string>();
  const walk = (v: unknown, path: PathSegment[]): void => {
    if (ignore.some((p) => patternCovers(p, path))) return;
    const key = formatPath(path);
    const kind = kindOf(v);
    let kinds = shape.kinds.get(key);
    if (!kinds) shape.kinds.set(key, (kinds = new Set()));
    kinds.add(kind);
    if (kind === 'array') {
      const arr = v as unknown[];
      if (arr.length === 0) {
        if (!nonEmpty.has(key)) shape.emptyArrays.add(key);
      } else {
        nonEmpty.add(key);
        shape.emptyArrays.delete(key);
      }
      for (const item of arr) walk(item, [...path, { any: true }]);
    } else if (kind === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) walk(child, [...path, { key: k }]);
    }
  };
  // Arrays seen non-empty before stay non-empty: an empty answer later says nothing new.
  for (const [k, kinds] of shape.kinds) if (kinds.has('array') && !shape.emptyArrays.has(k)) nonEmpty.add(k);
  walk(doc, []);
  return shape;
}

/** One difference between the shapes of the old and the new answers. */
export interface ShapeDifference {
  path: string;
  old?: string;
  new?: string;
}

/**
 * The differences between two shapes: paths only one side has, and paths whose kinds differ.
 * Paths below an array that is empty on either side are not compared.
 */
export function compareShapes(oldShape: JsonShape, newShape: JsonShape): ShapeDifference[] {
  const empty = [...oldShape.emptyArrays, ...newShape.emptyArrays];
  const underEmpty = (path: string): boolean => empty.some((a) => path !== a && path.startsWith(`${a}[*]`));
  const diffs: ShapeDifference[] = [];
  const paths = [...new Set([...oldShape.kinds.keys(), ...newShape.kinds.keys()])].sort();
  for (const path of paths) {
    if (underEmpty(path)) continue;
    const a = oldShape.kinds.get(path);
    const b = newShape.kinds.get(path);
    const show = (s: Set<JsonKind>): string => [...s].sort().join(' | ');
    if (a && !b) diffs.push({ path, old: show(a) });
    else if (!a && b) diffs.push({ path, new: show(b) });
    else if (a && b && show(a) !== show(b)) diffs.push({ path, old: show(a), new: show(b) });
  }
  // A missing object (or one that became a string) reports every key below it as well: the
  // topmost path says it all.
  const container = (kinds: string | undefined): boolean => kinds !== undefined && /\b(object|array)\b/.test(kinds);
  const explains = (o: ShapeDifference): boolean => !container(o.old) || !container(o.new);
  const below = (d: ShapeDifference, o: ShapeDifference): boolean =>
    d.path.startsWith(`${o.path}.`) || d.path.startsWith(`${o.path}[`);
  return diffs.filter((d) => !diffs.some((o) => o !== d && below(d, o) && explains(o)));
}

/** Human text of a shape difference: `$.total: number (old) vs string (new)`, `$.version: only in new (string)`. */
export function describeShapeDifference(d: ShapeDifference): string {
  if (d.old !== undefined && d.new !== undefined) return `${d.path}: ${d.old} (old) vs ${d.new} (new)`;
  if (d.old !== undefined) return `${d.path}: missing in new (old: ${d.old})`;
  return `${d.path}: only in new (${d.new})`;
}

/**
 * Paths whose values differ between two documents, ignored paths skipped (array elements
 * compared index by index). At most `limit` paths.
 */
export function compareValues(a: unknown, b: unknown, ignore: readonly JsonPathPattern[] = [], limit = 5): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: PathSegment[]): void => {
    if (out.length >= limit || ignore.some((p) => patternCovers(p, path))) return;
    const kx = kindOf(x);
    const ky = kindOf(y);
    if (kx !== ky) {
      out.push(`${formatPath(path)}: ${short(x)} (old) vs ${short(y)} (new)`);
      return;
    }
    if (kx === 'array') {
      const xa = x as unknown[];
      const ya = y as unknown[];
      if (xa.length !== ya.length) {
        out.push(`${formatPath(path)}: ${xa.length} item(s) (old) vs ${ya.length} (new)`);
        return;
      }
      xa.forEach((item, i) => {
        walk(item, ya[i], [...path, { index: i }]);
      });
    } else if (kx === 'object') {
      const xo = x as Record<string, unknown>;
      const yo = y as Record<string, unknown>;
      for (const k of [...new Set([...Object.keys(xo), ...Object.keys(yo)])].sort()) {
        const child = [...path, { key: k }];
        if (!(k in yo)) {
          if (!ignore.some((p) => patternCovers(p, child))) out.push(`${formatPath(child)}: missing in new`);
        } else if (!(k in xo)) {
          if (!ignore.some((p) => patternCovers(p, child))) out.push(`${formatPath(child)}: only in new`);
        } else walk(xo[k], yo[k], child);
        if (out.length >= limit) return;
      }
    } else if (x !== y) out.push(`${formatPath(path)}: ${short(x)} (old) vs ${short(y)} (new)`);
  };
  walk(a, b, []);
  return out.slice(0, limit);
}

function short(v: unknown): string {
  const t = stringifyJson(v) ?? 'undefined';
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}

/** `application/json; charset=utf-8` → `application/json`; none → `(none)`. */
export function mediaType(contentType: string | undefined): string {
  const t = (contentType ?? '').replace(/;.*$/s, '').trim().toLowerCase();
  return t === '' ? '(none)' : t;
}

/** Whether a media type is JSON (`application/json`, `application/problem+json`, …). */
export function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json') || type === 'text/json';
}

/**
 * Whether a media type is static content whose bytes should be the same on both sides
 * (stylesheets, scripts, images, fonts, downloads). HTML is left out: pages carry CSRF tokens,
 * nonces and timestamps.
 */
export function isStaticMediaType(type: string): boolean {
  return /^(text\/css|text\/javascript|application\/javascript|application\/wasm|application\/pdf|application\/octet-stream|image\/|font\/|audio\/|video\/)/.test(
    type,
  );
}

/** sha256 of a body, hex, shortened for reports. */
export function bodyHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 16);
}

/** Nearest-rank percentile (p in 0..100) of samples; undefined for none. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Latency limits: new may be `ratio` × old plus `slackMs` (so 2 ms vs 4 ms is not a regression). */
export interface LatencyBudget {
  ratio: number;
  slackMs: number;
}

/** Which latency percentiles of the new target are over budget, as human text; empty when within. */
export function latencyRegressions(
  oldMs: { p50?: number; p95?: number },
  newMs: { p50?: number; p95?: number },
  budget: LatencyBudget,
): string[] {
  const out: string[] = [];
  for (const k of ['p50', 'p95'] as const) {
    const o = oldMs[k];
    const n = newMs[k];
    if (o === undefined || n === undefined) continue;
    const limit = o * budget.ratio + budget.slackMs;
    if (n > limit)
      out.push(`${k} ${n} ms > ${Math.round(limit)} ms (old ${o} ms × ${budget.ratio} + ${budget.slackMs} ms)`);
  }
  return out;
}
