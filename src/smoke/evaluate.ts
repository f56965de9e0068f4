/**
 * Judges one answer of a smoke check against its expectations (status, body, JSON paths, latency),
 * in the words a user reads in the report.
 */
import { parseJsonPath } from './json-path.js';
import type { JsonExpectation, SmokeCheck } from './spec.js';
import type { SmokeResponse } from './transport.js';

/**
 * What is wrong with an answer, in the words a user reads in the report; empty when it passes.
 * A wrong status is reported alone: the body of an error page says nothing about the other expectations.
 */
export function evaluateResponse(check: SmokeCheck, res: SmokeResponse): string[] {
  const e = check.expect;
  if (!e.status.includes(res.status)) {
    return [`status ${res.status} (expected ${listOr(e.status.map(String))})${res.detail ? `: ${res.detail}` : ''}`];
  }
  const failures: string[] = [];
  const cut = res.truncated ? ` (first ${res.body.length} characters read)` : '';
  for (const text of e.bodyContains ?? [])
    if (!res.body.includes(text)) failures.push(`body does not contain ${JSON.stringify(text)}${cut}`);
  if (e.bodyMatches !== undefined && !new RegExp(e.bodyMatches).test(res.body))
    failures.push(`body does not match /${e.bodyMatches}/${cut}`);
  if (e.json && e.json.length > 0) failures.push(...jsonFailures(e.json, res.body));
  if (e.maxLatencyMs !== undefined && res.latencyMs > e.maxLatencyMs)
    failures.push(`latency ${res.latencyMs} ms > ${e.maxLatencyMs} ms`);
  return failures;
}

function jsonFailures(expectations: JsonExpectation[], body: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return [`json: body is not JSON (starts with ${JSON.stringify(body.slice(0, 40))})`];
  }
  const out: string[] = [];
  for (const j of expectations) {
    const found = lookup(doc, j.path);
    if ('equals' in j) {
      if (!found.present) out.push(`json ${j.path}: expected ${show(j.equals)}, got nothing (${found.missing})`);
      else if (!jsonEqual(found.value, j.equals))
        out.push(`json ${j.path}: expected ${show(j.equals)}, got ${show(found.value)}`);
    } else if (j.exists === false) {
      if (found.present) out.push(`json ${j.path}: expected to be absent, got ${show(found.value)}`);
    } else if (!found.present) out.push(`json ${j.path}: missing (${found.missing})`);
  }
  return out;
}

/** The value at a JSON path, or which step was missing. */
function lookup(doc: unknown, path: string): { present: true; value: unknown } | { present: false; missing: string } {
  let cur: unknown = doc;
  let at = '$';
  for (const step of parseJsonPath(path)) {
    if (typeof step === 'number') {
      if (!Array.isArray(cur)) return { present: false, missing: `${at} is ${kindOf(cur)}, not a list` };
      const i = step < 0 ? cur.length + step : step;
      if (i < 0 || i >= cur.length)
        return { present: false, missing: `${at} has ${cur.length} item${cur.length === 1 ? '' : 's'}` };
      cur = cur[i];
      at += `[${step}]`;
    } else {
      if (typeof cur !== 'object' || cur === null || Array.isArray(cur))
        return { present: false, missing: `${at} is ${kindOf(cur)}, not an object` };
      if (!Object.prototype.hasOwnProperty.call(cur, step))
        return { present: false, missing: `${at} has no ${JSON.stringify(step)}` };
      cur = (cur as Record<string, unknown>)[step];
      at += /^[A-Za-z_$][\w$]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
    }
  }
  return { present: true, value: cur };
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.prototype.hasOwnProperty.call(b, k) &&
        jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

function show(v: unknown): string {
  const text = v === undefined ? 'undefined' : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function listOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} or ${items[1]}`;
  return `one of ${items.join(', ')}`;
}
