/**
 * The requests a parity check sends to both the old (ECS) and the new (EKS) service: the
 * smoke-test format (src/smoke/spec.ts) with three more keys per request, or requests recorded in
 * the ECS ALB's access logs (src/cutover/access-log.ts).
 *
 * ```yaml
 * - name: order list
 *   path: /api/orders?limit=5            # sent to both base URLs
 *   headers: { Authorization: "Bearer …" }
 *   ignore: [$.generatedAt, $.items[*].etag]   # values and shape not compared here
 *   compare: values                      # auto (default) | shape | values | hash | status
 * - name: create a test order
 *   method: POST
 *   path: /api/orders
 *   body: { sku: TEST-1, tenant: parity }
 *   safe: true                           # writes are refused unless marked safe
 * ```
 *
 * `expect`, `retries`, `interval` and `deadline` of the smoke format mean nothing here: a parity
 * check compares the two answers with each other, once per repetition.
 */
import { isMap, isScalar, isSeq, parseDocument, type Pair } from '../util/yaml.js';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import { parseSmokeSpec, type SmokeCheck } from '../smoke/spec.js';
import { parseJsonPathPattern, type JsonPathPattern } from './compare.js';

/** How the bodies of the two answers are compared. */
const COMPARE_MODES = ['auto', 'shape', 'values', 'hash', 'status'] as const;
/**
 * `auto`: JSON → shape, static content (CSS, JS, images, fonts) → hash, anything else → status
 * and media type only. `shape`: JSON keys and types. `values`: shape and every value outside
 * `ignore`. `hash`: identical bytes. `status`: status and media type only.
 */
export type CompareMode = (typeof COMPARE_MODES)[number];

/** Methods that change state on the server: refused unless the request is marked `safe: true`. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One request of a parity check. */
export interface ParityRequest {
  name: string;
  method: string;
  /** Path and query, sent to both base URLs. */
  path: string;
  headers: Record<string, string>;
  /** Lower-cased names of headers whose values are never printed. */
  secretHeaders: string[];
  body?: string;
  /** Bound on each request. */
  timeoutMs: number;
  /** A writing request the user declared harmless to send to both services. */
  safe: boolean;
  compare: CompareMode;
  ignore: JsonPathPattern[];
  /** Where the request came from: a file or input name, or `access log` (with how often it was seen). */
  origin: string;
}

const PARITY_KEYS = ['safe', 'compare', 'ignore'] as const;

/**
 * Parse a parity request list. `source` names the file or input in every error. Throws
 * `UserInputErrors` listing every problem, a writing request not marked `safe: true` among them.
 */
export function parseParityRequests(
  text: string,
  source: string,
  defaults: { timeoutMs?: number } = {},
): ParityRequest[] {
  const doc = parseDocument(text, { uniqueKeys: true });
  // Syntax errors are reported by the smoke parser, with positions; here only the extra keys are read.
  const extras: Array<Record<string, unknown>> = [];
  let stripped = text;
  if (doc.errors.length === 0) {
    const list = isSeq(doc.contents)
      ? doc.contents
      : isMap(doc.contents) && isSeq(doc.contents.get('checks', true))
        ? doc.contents.get('checks', true)
        : undefined;
    const cuts: Array<[number, number]> = [];
    if (isSeq(list)) {
      for (const item of list.items) {
        const extra: Record<string, unknown> = {};
        extras.push(extra);
        if (!isMap(item)) continue;
        for (const pair of item.items as Pair[]) {
          const key = isScalar(pair.key) ? pair.key.value : undefined;
          if (typeof key !== 'string' || !(PARITY_KEYS as readonly string[]).includes(key)) continue;
          extra[key] =
            (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ??
            (isScalar(pair.value) ? pair.value.value : null);
          const range = pairRange(text, pair, item.flow === true);
          if (range) cuts.push(range);
        }
      }
    }
    stripped = blank(text, cuts);
  }
  const checks = parseSmokeSpec(stripped, source);
  const problems: UserInputError[] = [];
  const requests: ParityRequest[] = [];
  checks.forEach((check, i) => {
    const label = JSON.stringify(check.name);
    const r = toRequest(check, extras[i] ?? {}, source, label, problems, defaults.timeoutMs);
    if (r) requests.push(r);
  });
  if (problems.length > 0) throw new UserInputErrors(problems);
  return requests;
}

function toRequest(
  check: SmokeCheck,
  extra: Record<string, unknown>,
  source: string,
  label: string,
  problems: UserInputError[],
  timeoutMs?: number,
): ParityRequest | undefined {
  const before = problems.length;
  const add = (field: string, message: string): void =>
    void problems.push(new UserInputError(message, source, `${label} ${field}`));
  const t = check.target;
  let path: string | undefined;
  if ('url' in t)
    add('url', 'a parity request is a path sent to both the old and the new base URL; give path: /… instead of url');
  else if ('service' in t)
    add('service', 'a parity request goes to both load balancers; a service target reaches only the new cluster');
  else if (t.ingress.name || t.ingress.namespace)
    add('ingress', 'the new base URL is set once for the whole check (--new-url or --ingress); remove ingress here');
  else path = t.path;

  let safe = false;
  if (extra['safe'] !== undefined) {
    if (typeof extra['safe'] === 'boolean') safe = extra['safe'];
    else add('safe', `expected true or false, got ${showValue(extra['safe'])}`);
  }
  if (WRITE_METHODS.has(check.method) && !safe) {
    add(
      'method',
      `${check.method} writes, and a parity check sends every request to the live ECS service as well; it is refused unless marked safe: true (idempotent, or writing to a test tenant)`,
    );
  }
  let compare: CompareMode = 'auto';
  if (extra['compare'] !== undefined) {
    if ((COMPARE_MODES as readonly unknown[]).includes(extra['compare'])) compare = extra['compare'] as CompareMode;
    else add('compare', `expected one of ${COMPARE_MODES.join(', ')}, got ${showValue(extra['compare'])}`);
  }
  const ignore: JsonPathPattern[] = [];
  if (extra['ignore'] !== undefined) {
    const raw = typeof extra['ignore'] === 'string' ? [extra['ignore']] : extra['ignore'];
    if (!Array.isArray(raw))
      add(
        'ignore',
        `expected a list of JSON paths ($.id, $.items[*].updatedAt, $..requestId), got ${showValue(extra['ignore'])}`,
      );
    else {
      raw.forEach((p, j) => {
        if (typeof p !== 'string') {
          add(`ignore[${j}]`, `expected a JSON path, got ${showValue(p)}`);
          return;
        }
        try {
          ignore.push(parseJsonPathPattern(p));
        } catch (err) {
          add(`ignore[${j}]`, (err as Error).message);
        }
      });
    }
  }
  if (problems.length > before || path === undefined) return undefined;
  return {
    name: check.name,
    method: check.method,
    path,
    headers: check.headers,
    secretHeaders: check.secretHeaders,
    ...(check.body !== undefined ? { body: check.body } : {}),
    timeoutMs: timeoutMs ?? check.timeoutMs,
    safe,
    compare,
    ignore,
    origin: source,
  };
}

/** Source range of a `key: value` pair, widened to a neighbouring comma in a flow mapping. */
function pairRange(text: string, pair: Pair, flow: boolean): [number, number] | undefined {
  const k = (pair.key as { range?: [number, number, number] } | null)?.range;
  const v = (pair.value as { range?: [number, number, number] } | null)?.range;
  if (!k) return undefined;
  let start = k[0];
  let end = v ? v[1] : k[2];
  if (!v) {
    // `safe:` with nothing after it: the pair ends with its line.
    const nl = text.indexOf('\n', k[1]);
    end = nl < 0 ? text.length : nl;
  }
  if (flow) {
    let j = end;
    while (j < text.length && /[ \t]/.test(text.charAt(j))) j++;
    if (text[j] === ',') end = j + 1;
    else {
      let b = start - 1;
      while (b >= 0 && /\s/.test(text.charAt(b))) b--;
      if (text[b] === ',') start = b;
    }
  }
  return [start, end];
}

/** Replace the ranges with spaces (line breaks kept), so the smoke parser's line numbers stay right. */
function blank(text: string, cuts: Array<[number, number]>): string {
  if (cuts.length === 0) return text;
  // Offsets from the YAML parser count UTF-16 code units; so does split('').
  const units = text.split('');
  for (const [a, b] of cuts)
    for (let i = a; i < b && i < units.length; i++) if (units[i] !== '\n' && units[i] !== '\r') units[i] = ' ';
  return units.join('');
}
