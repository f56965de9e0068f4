/**
 * The user's smoke-test list (YAML or JSON, an action input or a file), parsed and validated once
 * into {@link SmokeCheck}s. Every problem is collected and reported together, each naming the
 * source, the check (index, name, line) and the field.
 *
 * ```yaml
 * - name: home
 *   path: /healthz                     # on the release's Ingress address
 *   expect: { status: 200, bodyContains: ok, maxLatency: 500ms }
 * - name: api
 *   url: https://api.example.com/v1/status
 *   headers: { Authorization: "Bearer …" }   # shown as <redacted> everywhere
 *   expect:
 *     json: [{ path: $.status, equals: up }]
 *   retries: 10
 *   interval: 3s
 *   deadline: 2m
 * - name: internal
 *   service: { name: orders, namespace: shop, port: 8080 }   # through the API server's service proxy
 *   path: /ready
 * ```
 *
 * A file may instead hold `{ defaults: {...}, checks: [...] }`; defaults (headers, retries,
 * interval, timeout, deadline, followRedirects) apply to every check that does not set them.
 */
import { isMap, isNode, isSeq, LineCounter, parseDocument, type Node as YamlNode } from '../util/yaml.js';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import { parseBodyContains, parseBodyMatches, parseJsonExpectations, parseStatusCodes } from './spec-expect.js';
import { asObj, describeType, isPlainObject, Problems, unknownKeys, type Obj } from './spec-problems.js';
import { isSecretHeader, parseHeaders, refuseProxyAuthorization } from './spec-headers.js';
import { describeTarget, parseTarget } from './spec-target.js';
import { durationSetting, durationValue, parseCount } from './spec-timing.js';

/** Where a check sends its request. */
export type SmokeTarget =
  | { url: string }
  /** A path on the address of an Ingress of the release (its status hostname); no name: the release's only/first Ingress. */
  | { ingress: { name?: string; namespace?: string }; path: string }
  /** A path on a Service, reached through the API server's service proxy (for internal services). */
  | { service: { name: string; namespace?: string; port: number | string; scheme?: 'http' | 'https' }; path: string };

/** One JSON expectation: the value at `path` equals `equals`, or exists / does not exist. */
export interface JsonExpectation {
  /** `$`, `$.a.b`, `$.items[0].name`, `$['key with spaces']`. */
  path: string;
  equals?: unknown;
  exists?: boolean;
}

/** What a passing answer looks like. */
interface SmokeExpectations {
  /** Accepted status codes (default [200]). */
  status: number[];
  /** Substrings the body must contain, each of them. */
  bodyContains?: string[];
  /** A regular expression (JavaScript syntax) the body must match. */
  bodyMatches?: string;
  json?: JsonExpectation[];
  /** Upper bound on the latency of the answer (request sent → body read). */
  maxLatencyMs?: number;
}

/** One validated smoke check. */
export interface SmokeCheck {
  name: string;
  target: SmokeTarget;
  method: string;
  headers: Record<string, string>;
  /** Lower-cased names of headers whose values are secrets: never printed, redacted from answers. */
  secretHeaders: string[];
  body?: string;
  expect: SmokeExpectations;
  /** Further attempts after the first failed one (bounded also by `deadlineMs`). */
  retries: number;
  /** Pause between attempts. */
  intervalMs: number;
  /** Bound on each attempt. */
  timeoutMs: number;
  /** Bound on the whole check, all attempts and pauses included. */
  deadlineMs: number;
  /** Follow 3xx redirects (default false: a redirect is the answer, so `status: 301` can be checked). */
  followRedirects: boolean;
}

/** Defaults applied to a check that does not set the field. */
export const SMOKE_DEFAULTS = {
  method: 'GET',
  status: [200],
  retries: 10,
  intervalMs: 3_000,
  timeoutMs: 5_000,
  deadlineMs: 60_000,
  followRedirects: false,
} as const;

/** HTTP methods a smoke check may use. */
const SMOKE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const CHECK_KEYS = [
  'name',
  'url',
  'path',
  'ingress',
  'service',
  'method',
  'headers',
  'body',
  'expect',
  'retries',
  'interval',
  'intervalMs',
  'timeout',
  'timeoutMs',
  'deadline',
  'deadlineMs',
  'followRedirects',
] as const;
const DEFAULTS_KEYS = [
  'headers',
  'retries',
  'interval',
  'intervalMs',
  'timeout',
  'timeoutMs',
  'deadline',
  'deadlineMs',
  'followRedirects',
] as const;
const EXPECT_KEYS = ['status', 'bodyContains', 'bodyMatches', 'json', 'maxLatency', 'maxLatencyMs'] as const;
/**
 * Parse and validate a smoke-test spec. `source` names the file or input in every error.
 * Throws `UserInputErrors` listing every problem found.
 */
export function parseSmokeSpec(text: string, source: string): SmokeCheck[] {
  const problems = new Problems(source);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new UserInputErrors(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        // prettyErrors appends " at line L, column C:" and a code excerpt; the position is given once, first.
        const message = e.message.replace(/\n.*$/s, '').replace(/ at line \d+, column \d+:?$/, '');
        return new UserInputError(`${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${message}`, source);
      }),
    );
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new UserInputErrors([new UserInputError(err instanceof Error ? err.message : String(err), source)]);
  }
  const { items, itemNodes, defaults, prefix } = specLayout(root, doc.contents, problems);
  if (items.length === 0) problems.add(prefix || 'checks', 'the smoke-test list is empty');

  const checks: SmokeCheck[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const node = itemNodes[index];
    const line = isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
    const rawName = isPlainObject(item) && typeof item['name'] === 'string' ? item['name'] : undefined;
    const label = `${prefix}[${index}]${rawName !== undefined ? ` ${JSON.stringify(rawName)}` : ''}${line !== undefined ? ` (line ${line})` : ''}`;
    const check = parseCheck(item, defaults, label, problems);
    if (!check) return;
    const first = seen.get(check.name);
    if (first !== undefined)
      problems.add(
        `${label} name`,
        `duplicate check name ${JSON.stringify(check.name)} (also check [${first}]); names identify results`,
      );
    else seen.set(check.name, index);
    checks.push(check);
  });
  if (problems.list.length > 0) throw new UserInputErrors(problems.list);
  return checks;
}

/** The two shapes of a spec: a list of checks, or `{ defaults, checks }`. */
interface SpecLayout {
  items: unknown[];
  /** The YAML nodes of the items, for line numbers. */
  itemNodes: readonly unknown[];
  defaults: Obj;
  /** Field prefix of the items: `checks` in the mapping shape, nothing in the list shape. */
  prefix: string;
}

function specLayout(root: unknown, contents: YamlNode | null, problems: Problems): SpecLayout {
  if (Array.isArray(root))
    return { items: root, itemNodes: isSeq(contents) ? contents.items : [], defaults: {}, prefix: '' };
  if (root === null || root === undefined)
    throw new UserInputErrors([new UserInputError('the smoke-test list is empty', problems.source)]);
  if (!isPlainObject(root))
    throw new UserInputErrors([
      new UserInputError(`expected a list of checks, got ${describeType(root)}`, problems.source),
    ]);
  for (const k of Object.keys(root))
    if (k !== 'checks' && k !== 'defaults')
      problems.add(k, `unknown key (expected a list of checks, or "defaults" and "checks")`);
  const items = root['checks'];
  if (!Array.isArray(items)) {
    problems.add('checks', `expected a list of checks, got ${describeType(items)}`);
    throw new UserInputErrors(problems.list);
  }
  const node = isMap(contents) ? contents.get('checks', true) : undefined;
  let defaults: Obj = {};
  const rawDefaults = root['defaults'];
  if (rawDefaults !== undefined) {
    if (!isPlainObject(rawDefaults)) problems.add('defaults', `expected a mapping, got ${describeType(rawDefaults)}`);
    else {
      defaults = rawDefaults;
      unknownKeys(defaults, DEFAULTS_KEYS, (k) => `defaults.${k}`, problems);
    }
  }
  return { items, itemNodes: isSeq(node) ? node.items : [], defaults, prefix: 'checks' };
}

function parseCheck(item: unknown, defaults: Obj, label: string, p: Problems): SmokeCheck | undefined {
  if (!isPlainObject(item)) {
    p.add(label, `expected a mapping (name, url|path|service, expect, ...), got ${describeType(item)}`);
    return undefined;
  }
  const at = (field: string): string => `${label} ${field}`;
  const before = p.list.length;
  unknownKeys(item, CHECK_KEYS, at, p);

  const method = parseMethod(item['method'], at('method'), p);
  const target = parseTarget(item, at, p);
  const headers = parseHeaders({ ...asObj(defaults['headers']), ...asObj(item['headers']) }, at('headers'), p);
  if (defaults['headers'] !== undefined && !isPlainObject(defaults['headers']))
    p.add('defaults.headers', `expected a mapping of header names to values, got ${describeType(defaults['headers'])}`);
  if (item['headers'] !== undefined && !isPlainObject(item['headers']))
    p.add(at('headers'), `expected a mapping of header names to values, got ${describeType(item['headers'])}`);
  if (target && 'service' in target) refuseProxyAuthorization(headers, at('headers'), p);
  const body = parseBody(item['body'], headers, method, at('body'), p);
  const expect = parseExpect(item['expect'], at('expect'), p);
  const timing = parseTiming(item, defaults, at, p);

  let name = item['name'];
  if (name === undefined) name = target ? `${method ?? 'GET'} ${describeTarget(target)}` : undefined;
  else if (typeof name !== 'string' || name.trim() === '') {
    p.add(at('name'), `expected a non-empty string, got ${showValue(name)}`);
    name = undefined;
  }

  if (p.list.length > before || !target || !method || !expect || typeof name !== 'string') return undefined;
  const check: SmokeCheck = {
    name,
    target,
    method,
    headers,
    secretHeaders: Object.keys(headers)
      .filter(isSecretHeader)
      .map((h) => h.toLowerCase()),
    expect,
    ...timing,
  };
  if (body !== undefined) check.body = body;
  return check;
}

/**
 * The request body: text as given; a mapping or list is sent as JSON (the common case of an API
 * check, without hand-written quoting) and sets `Content-Type: application/json` unless given.
 */
function parseBody(
  raw: unknown,
  headers: Record<string, string>,
  method: string | undefined,
  field: string,
  p: Problems,
): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  let body: string;
  if (typeof raw === 'string') body = raw;
  else if (typeof raw === 'number' || typeof raw === 'boolean') body = String(raw);
  else {
    body = JSON.stringify(raw);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
  }
  if (method === 'GET' || method === 'HEAD')
    p.add(field, `a ${method} request cannot carry a body (use POST, PUT or PATCH)`);
  return body;
}

/** Retries, interval, timeout, deadline and redirects: the check's own value, else the defaults', else ours. */
function parseTiming(
  item: Obj,
  defaults: Obj,
  at: (field: string) => string,
  p: Problems,
): Pick<SmokeCheck, 'retries' | 'intervalMs' | 'timeoutMs' | 'deadlineMs' | 'followRedirects'> {
  const setting = (key: string): unknown => (item[key] !== undefined ? item[key] : defaults[key]);
  const settingField = (key: string): string => (item[key] !== undefined ? at(key) : `defaults.${key}`);
  const retries = parseCount(setting('retries'), settingField('retries'), p) ?? SMOKE_DEFAULTS.retries;
  const intervalMs = durationSetting(item, defaults, 'interval', at, p, false) ?? SMOKE_DEFAULTS.intervalMs;
  const timeoutMs = durationSetting(item, defaults, 'timeout', at, p, true) ?? SMOKE_DEFAULTS.timeoutMs;
  const deadlineMs = durationSetting(item, defaults, 'deadline', at, p, true) ?? SMOKE_DEFAULTS.deadlineMs;
  let followRedirects: boolean = SMOKE_DEFAULTS.followRedirects;
  const fr = setting('followRedirects');
  if (fr !== undefined) {
    if (typeof fr === 'boolean') followRedirects = fr;
    else p.add(settingField('followRedirects'), `expected true or false, got ${showValue(fr)}`);
  }
  return { retries, intervalMs, timeoutMs, deadlineMs, followRedirects };
}

function parseMethod(raw: unknown, field: string, p: Problems): string | undefined {
  if (raw === undefined) return SMOKE_DEFAULTS.method;
  const m = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!(SMOKE_METHODS as readonly string[]).includes(m)) {
    p.add(field, `expected one of ${SMOKE_METHODS.join(', ')}, got ${showValue(raw)}`);
    return undefined;
  }
  return m;
}

function parseExpect(raw: unknown, field: string, p: Problems): SmokeExpectations | undefined {
  if (raw === undefined || raw === null) return { status: [...SMOKE_DEFAULTS.status] };
  if (!isPlainObject(raw)) {
    p.add(field, `expected a mapping (status, bodyContains, bodyMatches, json, maxLatency), got ${describeType(raw)}`);
    return undefined;
  }
  const before = p.list.length;
  unknownKeys(raw, EXPECT_KEYS, (k) => `${field}.${k}`, p);
  const out: SmokeExpectations = { status: [...SMOKE_DEFAULTS.status] };
  if (raw['status'] !== undefined) out.status = parseStatusCodes(raw['status'], `${field}.status`, p);
  if (raw['bodyContains'] !== undefined)
    out.bodyContains = parseBodyContains(raw['bodyContains'], `${field}.bodyContains`, p);
  if (raw['bodyMatches'] !== undefined) {
    const re = parseBodyMatches(raw['bodyMatches'], `${field}.bodyMatches`, p);
    if (re !== undefined) out.bodyMatches = re;
  }
  if (raw['json'] !== undefined) {
    const json = parseJsonExpectations(raw['json'], `${field}.json`, p);
    if (json) out.json = json;
  }
  const latency = durationValue(raw, 'maxLatency', (k) => `${field}.${k}`, p, true);
  if (latency !== undefined) out.maxLatencyMs = latency;
  return p.list.length > before ? undefined : out;
}

/** Headers as they may be printed: secret values replaced by `<redacted>`. */
export function printableHeaders(check: Pick<SmokeCheck, 'headers' | 'secretHeaders'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(check.headers))
    out[k] = check.secretHeaders.includes(k.toLowerCase()) ? '<redacted>' : v;
  return out;
}

/**
 * The credential values of the checks' secret headers, and the token part of `Scheme token`
 * values: what a runner must mask (core.setSecret) before anything is logged.
 */
export function secretHeaderValues(checks: readonly Pick<SmokeCheck, 'headers' | 'secretHeaders'>[]): string[] {
  const out = new Set<string>();
  for (const check of checks) {
    for (const [k, v] of Object.entries(check.headers)) {
      if (!check.secretHeaders.includes(k.toLowerCase()) || v.trim() === '') continue;
      out.add(v);
      const token = /^\S+\s+(\S.*)$/.exec(v)?.[1];
      if (token) out.add(token);
    }
  }
  return [...out];
}
