/**
 * The parts of a smoke check's `expect`: accepted status codes, body substrings, a body pattern
 * and JSON path expectations. Each reports its problems by field and returns what was valid.
 */
import { showValue } from '../errors.js';
import { jsonPathError } from './json-path.js';
import type { JsonExpectation } from './spec.js';
import { describeType, isPlainObject, unknownKeys, type Problems } from './spec-problems.js';

const JSON_KEYS = ['path', 'equals', 'exists'] as const;

/** `status: 200` or `status: [200, 204]` (numbers or three-digit strings), duplicates dropped. */
export function parseStatusCodes(raw: unknown, field: string, p: Problems): number[] {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) p.add(field, 'expected at least one status code');
  const codes: number[] = [];
  list.forEach((s, i) => {
    const n = typeof s === 'string' && /^\d{3}$/.test(s.trim()) ? Number(s) : s;
    const f = Array.isArray(raw) ? `${field}[${i}]` : field;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 100 || n > 599)
      p.add(f, `expected an HTTP status code 100-599, got ${showValue(s)}`);
    else if (!codes.includes(n)) codes.push(n);
  });
  return codes;
}

/** `bodyContains: ok` or a list of texts; numbers and booleans count as their text. */
export function parseBodyContains(raw: unknown, field: string, p: Problems): string[] {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const texts: string[] = [];
  list.forEach((s, i) => {
    const f = Array.isArray(raw) ? `${field}[${i}]` : field;
    if (typeof s === 'string' && s !== '') texts.push(s);
    else if (typeof s === 'number' || typeof s === 'boolean') texts.push(String(s));
    else p.add(f, `expected a non-empty string, got ${showValue(s)}`);
  });
  return texts;
}

/** A JavaScript regular expression the body must match; undefined (and a problem) when it does not compile. */
export function parseBodyMatches(raw: unknown, field: string, p: Problems): string | undefined {
  if (typeof raw !== 'string' || raw === '') {
    p.add(field, `expected a regular expression, got ${showValue(raw)}`);
    return undefined;
  }
  try {
    new RegExp(raw);
    return raw;
  } catch (err) {
    const reason = (err as Error).message;
    p.add(
      field,
      `invalid regular expression ${showValue(raw)}: ${reason.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`,
    );
    return undefined;
  }
}

/** `json: [{ path, equals | exists }]`; undefined when it is not a non-empty list. */
export function parseJsonExpectations(raw: unknown, field: string, p: Problems): JsonExpectation[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    p.add(field, `expected a list of { path, equals | exists }, got ${describeType(raw)}`);
    return undefined;
  }
  const out: JsonExpectation[] = [];
  (raw as unknown[]).forEach((j, i) => {
    const e = parseJsonExpectation(j, `${field}[${i}]`, p);
    if (e) out.push(e);
  });
  return out;
}

function parseJsonExpectation(j: unknown, f: string, p: Problems): JsonExpectation | undefined {
  if (!isPlainObject(j)) {
    p.add(f, `expected { path, equals | exists }, got ${describeType(j)}`);
    return undefined;
  }
  unknownKeys(j, JSON_KEYS, (k) => `${f}.${k}`, p);
  const path = j['path'];
  if (typeof path !== 'string') {
    p.add(`${f}.path`, `expected a JSON path like $.status or $.items[0].name, got ${showValue(path)}`);
    return undefined;
  }
  const err = jsonPathError(path);
  if (err) {
    p.add(`${f}.path`, `${err} in ${showValue(path)} (expected a JSON path like $.status or $.items[0].name)`);
    return undefined;
  }
  const exists = j['exists'];
  if (exists !== undefined && typeof exists !== 'boolean') {
    p.add(`${f}.exists`, `expected true or false, got ${showValue(exists)}`);
    return undefined;
  }
  if ('equals' in j && exists === false) {
    p.add(f, 'equals and exists: false contradict each other');
    return undefined;
  }
  const e: JsonExpectation = { path };
  if ('equals' in j) e.equals = j['equals'];
  else e.exists = exists ?? true;
  return e;
}
