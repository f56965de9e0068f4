/**
 * Arbitraries for the fuzz suite: a valid document mutated at random places (a value replaced by
 * a hostile one, a key deleted, an array emptied or a value wrapped), so most cases get deep into
 * the parsers instead of failing at the first type check.
 */
import fc from 'fast-check';
import { isUserError, UserInputErrors, type UserInputError } from '../../src/errors.js';

type Json = unknown;

/** Values that have broken parsers before: wrong types, limits, prototype keys, odd strings. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<Json>(
      '',
      ' ',
      '0',
      '-1',
      'true',
      'null',
      '1e309',
      '0x10',
      '∞',
      '\u0000',
      '\ud800',
      'a'.repeat(300),
      '../../etc/passwd',
      '${{ secrets.X }}',
      '*',
      '%s%n',
      'ECSServiceAverageCPUUtilization',
      'FARGATE',
      'awsvpc',
      '512',
      '0.25 vcpu',
      '2 GB',
      'tcp',
      'web:latest',
      0,
      -1,
      1.5,
      2 ** 31,
      2 ** 53 + 1,
      -(2 ** 63),
      1e308,
      Number.MAX_SAFE_INTEGER,
      true,
      false,
      null,
      [],
      {},
      [null],
      [{}],
      { name: '' },
      { __proto__: null },
      JSON.parse('{"__proto__":{"polluted":1}}'),
      JSON.parse('{"constructor":{"prototype":{"x":1}}}'),
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) },
);

interface Mutation {
  at: number;
  op: 'replace' | 'delete' | 'wrap' | 'empty' | 'addKey';
  value: Json;
  key: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'wrap', 'empty', 'addKey'),
  value: hostileValue,
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'name', 'image', 'x', ''), fc.string({ maxLength: 12 })),
});

function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object')
    for (const k of Object.keys(v)) paths((v as Record<string, Json>)[k], [...prefix, k], out);
  return out;
}

function apply(doc: Json, m: Mutation): Json {
  const all = paths(doc);
  const path = all[m.at % all.length]!;
  const transform = (v: Json): Json => {
    switch (m.op) {
      case 'replace':
        return m.value;
      case 'wrap':
        return Array.isArray(v) ? v : [v];
      case 'empty':
        return Array.isArray(v) ? [] : v && typeof v === 'object' ? {} : '';
      case 'addKey':
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          const copy = { ...v } as Record<string, Json>;
          Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
          return copy;
        }
        return v;
      default:
        return v;
    }
  };
  if (path.length === 0) return m.op === 'delete' ? undefined : transform(doc);
  const root = structuredClone(doc) as Record<string | number, Json>;
  let parent: Record<string | number, Json> = root;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else Reflect.deleteProperty(parent, last);
  } else parent[last] = transform(parent[last]);
  return root;
}

/** `base` with 1–4 random mutations applied (structurally cloned; `base` is left alone). */
export function mutated(base: Json): fc.Arbitrary<Json> {
  return fc
    .array(mutation, { minLength: 1, maxLength: 4 })
    .map((ms) => ms.reduce<Json>((d, m) => apply(d, m), structuredClone(base)));
}

/** What a call under test ended in. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: readonly UserInputError[] };

/**
 * Run `fn`; return its value or its user errors. Any other exception is rethrown with the input
 * that caused it, so fast-check shrinks and reports it. `names` must hold for every error
 * message (it names the file, field or flag).
 */
export function outcome<T>(fn: () => T, names: (message: string) => boolean, input: unknown): Outcome<T> {
  let value: T;
  try {
    value = fn();
  } catch (err) {
    if (!isUserError(err)) {
      const e = err instanceof Error ? err : undefined;
      throw new Error(`not a user error (${e?.name}: ${e?.message}) for input ${safeJson(input)}\n${e?.stack ?? ''}`);
    }
    const errors = err instanceof UserInputErrors ? err.errors : [err];
    if (errors.length === 0) throw new Error(`UserInputErrors with no errors for input ${safeJson(input)}`);
    for (const e of errors) {
      if (!names(e.message))
        throw new Error(
          `error message names no file/field/flag: ${JSON.stringify(e.message)} for input ${safeJson(input)}`,
        );
      if (e.message.length > 4000)
        throw new Error(`error message of ${e.message.length} characters for input ${safeJson(input)}`);
    }
    return { ok: false, errors };
  }
  return { ok: true, value };
}

function safeJson(v: unknown): string {
  try {
    const toJson: (v: unknown) => string | undefined = JSON.stringify;
    const s = toJson(v);
    return s && s.length > 2000 ? `${s.slice(0, 2000)}…` : String(s);
  } catch {
    return String(v);
  }
}

/** Counts cases per target so the suite can print (and assert) how many it tried. */
export const tally = new Map<string, { cases: number; valid: number; rejected: number }>();

/** Record one case of `target`. */
export function count(target: string, ok: boolean): void {
  const t = tally.get(target) ?? { cases: 0, valid: 0, rejected: 0 };
  t.cases++;
  if (ok) t.valid++;
  else t.rejected++;
  tally.set(target, t);
}
