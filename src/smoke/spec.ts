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
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from '../util/yaml.js';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import { parseDuration } from '../util/duration.js';

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

/** A header whose value is a credential, judged by its name. */
function isSecretHeader(name: string): boolean {
  const n = name.toLowerCase();
  return (
    n === 'authorization' ||
    n === 'proxy-authorization' ||
    n === 'cookie' ||
    n === 'x-api-key' ||
    /token|secret|password|api[-_]?key|credential|session/.test(n)
  );
}

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
const JSON_KEYS = ['path', 'equals', 'exists'] as const;
const SERVICE_KEYS = ['name', 'namespace', 'port', 'scheme'] as const;
const INGRESS_KEYS = ['name', 'namespace'] as const;
/** RFC 9110 token: what a header name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** DNS-1123 label (Service names) and subdomain (Ingress names, namespaces), as the API server checks them. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PORT_NAME = /^(?=.{1,15}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type Obj = Record<string, unknown>;

/** Collects problems of one document; `at` builds the field label. */
class Problems {
  readonly list: UserInputError[] = [];
  constructor(readonly source: string) {}
  add(field: string, message: string): void {
    this.list.push(new UserInputError(message, this.source, field));
  }
}

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
        const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
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

  let items: unknown[];
  let itemNodes: unknown[] = [];
  let defaults: Obj = {};
  let prefix = '';
  if (Array.isArray(root)) {
    items = root;
    if (isSeq(doc.contents)) itemNodes = doc.contents.items;
  } else if (isPlainObject(root)) {
    for (const k of Object.keys(root))
      if (k !== 'checks' && k !== 'defaults')
        problems.add(k, `unknown key (expected a list of checks, or "defaults" and "checks")`);
    if (!Array.isArray(root['checks'])) {
      problems.add('checks', `expected a list of checks, got ${describeType(root['checks'])}`);
      throw new UserInputErrors(problems.list);
    }
    items = root['checks'];
    const node = isMap(doc.contents) ? doc.contents.get('checks', true) : undefined;
    if (isSeq(node)) itemNodes = node.items;
    prefix = 'checks';
    if (root['defaults'] !== undefined) {
      if (!isPlainObject(root['defaults']))
        problems.add('defaults', `expected a mapping, got ${describeType(root['defaults'])}`);
      else {
        defaults = root['defaults'];
        unknownKeys(defaults, DEFAULTS_KEYS, (k) => `defaults.${k}`, problems);
      }
    }
  } else if (root === null || root === undefined) {
    throw new UserInputErrors([new UserInputError('the smoke-test list is empty', source)]);
  } else {
    throw new UserInputErrors([new UserInputError(`expected a list of checks, got ${describeType(root)}`, source)]);
  }
  if (items.length === 0) problems.add(prefix || 'checks', 'the smoke-test list is empty');

  const checks: SmokeCheck[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const node = itemNodes[index] as YamlNode | undefined;
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
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

  if (target && 'service' in target) {
    const auth = Object.keys(headers).find((h) => h.toLowerCase() === 'authorization');
    // The API server authenticates the proxy request with this header and deletes it before
    // forwarding, so the Service would never see it: a check relying on it could not pass.
    if (auth)
      p.add(
        `${at('headers')}.${auth}`,
        "the API server's service proxy consumes Authorization for its own authentication and does not forward it; use another header or a url/ingress target",
      );
  }

  let body: string | undefined;
  const rawBody = item['body'];
  if (rawBody !== undefined && rawBody !== null) {
    if (typeof rawBody === 'string') body = rawBody;
    else if (typeof rawBody === 'object') {
      // A mapping or list is sent as JSON: the common case of an API check, without hand-written quoting.
      body = JSON.stringify(rawBody);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['Content-Type'] = 'application/json';
    } else body = String(rawBody);
    if (method === 'GET' || method === 'HEAD')
      p.add(at('body'), `a ${method} request cannot carry a body (use POST, PUT or PATCH)`);
  }

  const expect = parseExpect(item['expect'], at('expect'), p);
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
    retries,
    intervalMs,
    timeoutMs,
    deadlineMs,
    followRedirects,
  };
  if (body !== undefined) check.body = body;
  return check;
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

function parseTarget(item: Obj, at: (f: string) => string, p: Problems): SmokeTarget | undefined {
  const given = (['url', 'service', 'ingress'] as const).filter((k) => item[k] !== undefined);
  if (given.length > 1) {
    p.add(
      at(given.join('/')),
      `give one target: url, service (+ path), or path (+ ingress); got ${given.join(' and ')}`,
    );
    return undefined;
  }
  const kind = given[0];
  if (kind === 'url') {
    if (item['path'] !== undefined)
      p.add(at('path'), 'path goes with service or ingress; with url, put the path in the URL');
    const url = parseUrl(item['url'], at('url'), p);
    return url ? { url } : undefined;
  }
  if (item['path'] === undefined && kind !== 'service') {
    p.add(
      at('url/path/service'),
      "missing target: give url, path (on the release's Ingress address), or service (+ path)",
    );
    return undefined;
  }
  const path = parsePath(item['path'] ?? '/', at('path'), p);
  if (kind === 'service') {
    const service = parseService(item['service'], at('service'), p);
    return service && path !== undefined ? { service, path } : undefined;
  }
  const ingress = kind === 'ingress' ? parseIngress(item['ingress'], at('ingress'), p) : {};
  return ingress && path !== undefined ? { ingress, path } : undefined;
}

function parseUrl(raw: unknown, field: string, p: Problems): string | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') {
    p.add(field, `expected an http:// or https:// URL, got ${showValue(raw)}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    p.add(field, `not a valid URL: ${showValue(redactUrl(raw))}`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    p.add(field, `only http:// and https:// URLs can be checked, got ${showValue(url.protocol.replace(/:$/, ''))}`);
    return undefined;
  }
  if (url.hash) p.add(field, 'a URL fragment (#...) is never sent to the server; remove it');
  return url.toString();
}

function parsePath(raw: unknown, field: string, p: Problems): string | undefined {
  if (typeof raw !== 'string' || !raw.startsWith('/')) {
    p.add(field, `expected a path starting with "/", got ${showValue(raw)}`);
    return undefined;
  }
  if (/[\s#]/.test(raw)) {
    p.add(field, `a path cannot contain spaces or "#" (percent-encode them), got ${showValue(raw)}`);
    return undefined;
  }
  return raw;
}

function parseService(
  raw: unknown,
  field: string,
  p: Problems,
): { name: string; namespace?: string; port: number | string; scheme?: 'http' | 'https' } | undefined {
  if (!isPlainObject(raw)) {
    p.add(field, `expected a mapping { name, namespace?, port }, got ${describeType(raw)}`);
    return undefined;
  }
  const before = p.list.length;
  unknownKeys(raw, SERVICE_KEYS, (k) => `${field}.${k}`, p);
  const { name, namespace, port, scheme } = raw;
  if (typeof name !== 'string' || !DNS_LABEL.test(name))
    p.add(`${field}.name`, `expected a Service name (DNS-1123 label), got ${showValue(name)}`);
  if (namespace !== undefined && (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)))
    p.add(`${field}.namespace`, `expected a namespace name, got ${showValue(namespace)}`);
  if (port === undefined) p.add(`${field}.port`, 'missing: the Service port (number or name)');
  else if (
    typeof port === 'number'
      ? !(Number.isInteger(port) && port >= 1 && port <= 65535)
      : typeof port !== 'string' || !PORT_NAME.test(port)
  ) {
    p.add(`${field}.port`, `expected a port number 1-65535 or a port name, got ${showValue(port)}`);
  }
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
    p.add(`${field}.scheme`, `expected http or https, got ${showValue(scheme)}`);
  if (p.list.length > before) return undefined;
  return {
    name: name as string,
    ...(namespace !== undefined ? { namespace: namespace as string } : {}),
    port: port as number | string,
    ...(scheme !== undefined ? { scheme: scheme as 'http' | 'https' } : {}),
  };
}

function parseIngress(raw: unknown, field: string, p: Problems): { name?: string; namespace?: string } | undefined {
  const obj = typeof raw === 'string' ? { name: raw } : raw;
  if (!isPlainObject(obj)) {
    p.add(field, `expected an Ingress name or { name, namespace }, got ${describeType(raw)}`);
    return undefined;
  }
  const before = p.list.length;
  unknownKeys(obj, INGRESS_KEYS, (k) => `${field}.${k}`, p);
  const { name, namespace } = obj;
  if (name !== undefined && (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name)))
    p.add(`${field}.name`, `expected an Ingress name, got ${showValue(name)}`);
  if (namespace !== undefined && (typeof namespace !== 'string' || !DNS_LABEL.test(namespace)))
    p.add(`${field}.namespace`, `expected a namespace name, got ${showValue(namespace)}`);
  if (p.list.length > before) return undefined;
  return {
    ...(name !== undefined ? { name: name as string } : {}),
    ...(namespace !== undefined ? { namespace: namespace as string } : {}),
  };
}

function parseHeaders(raw: Obj, field: string, p: Problems): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    const f = `${field}.${name}`;
    if (!TOKEN.test(name)) {
      p.add(f, 'not a valid header name');
      continue;
    }
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') {
      p.add(f, 'set by the HTTP client; it cannot be given');
      continue;
    }
    // Header names are case-insensitive: defaults and check may spell them differently.
    const prior = seen.get(lower);
    if (prior !== undefined) delete out[prior];
    seen.set(lower, name);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      p.add(f, `expected a string value, got ${describeType(value)}`);
      continue;
    }
    const text = String(value);
    // The value of a secret header never appears in a message, even a validation one.
    if (/[\r\n\0]/.test(text))
      p.add(
        f,
        `a header value cannot contain line breaks or NUL${isSecretHeader(name) ? '' : `, got ${showValue(text)}`}`,
      );
    else out[name] = text;
  }
  return out;
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

  if (raw['status'] !== undefined) {
    const list = Array.isArray(raw['status']) ? raw['status'] : [raw['status']];
    if (list.length === 0) p.add(`${field}.status`, 'expected at least one status code');
    const codes: number[] = [];
    list.forEach((s, i) => {
      const n = typeof s === 'string' && /^\d{3}$/.test(s.trim()) ? Number(s) : s;
      const f = Array.isArray(raw['status']) ? `${field}.status[${i}]` : `${field}.status`;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 100 || n > 599)
        p.add(f, `expected an HTTP status code 100-599, got ${showValue(s)}`);
      else if (!codes.includes(n)) codes.push(n);
    });
    out.status = codes;
  }

  if (raw['bodyContains'] !== undefined) {
    const list = Array.isArray(raw['bodyContains']) ? raw['bodyContains'] : [raw['bodyContains']];
    const texts: string[] = [];
    list.forEach((s, i) => {
      const f = Array.isArray(raw['bodyContains']) ? `${field}.bodyContains[${i}]` : `${field}.bodyContains`;
      if (typeof s === 'string' && s !== '') texts.push(s);
      else if (typeof s === 'number' || typeof s === 'boolean') texts.push(String(s));
      else p.add(f, `expected a non-empty string, got ${showValue(s)}`);
    });
    out.bodyContains = texts;
  }

  if (raw['bodyMatches'] !== undefined) {
    const re = raw['bodyMatches'];
    if (typeof re !== 'string' || re === '')
      p.add(`${field}.bodyMatches`, `expected a regular expression, got ${showValue(re)}`);
    else {
      try {
        new RegExp(re);
        out.bodyMatches = re;
      } catch (err) {
        p.add(
          `${field}.bodyMatches`,
          `invalid regular expression ${showValue(re)}: ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`,
        );
      }
    }
  }

  if (raw['json'] !== undefined) {
    const list = raw['json'];
    if (!Array.isArray(list) || list.length === 0)
      p.add(`${field}.json`, `expected a list of { path, equals | exists }, got ${describeType(list)}`);
    else {
      out.json = [];
      list.forEach((j, i) => {
        const f = `${field}.json[${i}]`;
        if (!isPlainObject(j)) {
          p.add(f, `expected { path, equals | exists }, got ${describeType(j)}`);
          return;
        }
        unknownKeys(j, JSON_KEYS, (k) => `${f}.${k}`, p);
        const path = j['path'];
        if (typeof path !== 'string') {
          p.add(`${f}.path`, `expected a JSON path like $.status or $.items[0].name, got ${showValue(path)}`);
          return;
        }
        const err = jsonPathError(path);
        if (err) {
          p.add(`${f}.path`, `${err} in ${showValue(path)} (expected a JSON path like $.status or $.items[0].name)`);
          return;
        }
        const exists = j['exists'];
        if (exists !== undefined && typeof exists !== 'boolean') {
          p.add(`${f}.exists`, `expected true or false, got ${showValue(exists)}`);
          return;
        }
        if ('equals' in j && exists === false) {
          p.add(f, 'equals and exists: false contradict each other');
          return;
        }
        const e: JsonExpectation = { path };
        if ('equals' in j) e.equals = j['equals'];
        else e.exists = exists ?? true;
        out.json!.push(e);
      });
    }
  }

  const latency = durationValue(raw, 'maxLatency', (k) => `${field}.${k}`, p, true);
  if (latency !== undefined) out.maxLatencyMs = latency;
  return p.list.length > before ? undefined : out;
}

/** A duration given as `<key>` (number of ms or "500ms"/"2s"/"1m30s") or `<key>Ms` (number). */
function durationSetting(
  item: Obj,
  defaults: Obj,
  key: string,
  at: (f: string) => string,
  p: Problems,
  positive: boolean,
): number | undefined {
  if (item[key] !== undefined || item[`${key}Ms`] !== undefined) return durationValue(item, key, at, p, positive);
  return durationValue(defaults, key, (k) => `defaults.${k}`, p, positive);
}

function durationValue(
  obj: Obj,
  key: string,
  fieldOf: (key: string) => string,
  p: Problems,
  positive: boolean,
): number | undefined {
  const plain = obj[key];
  const ms = obj[`${key}Ms`];
  if (plain !== undefined && ms !== undefined) {
    p.add(fieldOf(key), `give ${key} or ${key}Ms, not both`);
    return undefined;
  }
  if (plain === undefined && ms === undefined) return undefined;
  const f = fieldOf(plain !== undefined ? key : `${key}Ms`);
  const value = plain ?? ms;
  const parsed =
    typeof value === 'number'
      ? value
      : plain !== undefined && typeof value === 'string'
        ? parseDuration(value)
        : undefined;
  if (parsed === undefined || !Number.isFinite(parsed) || parsed < 0 || (positive && parsed === 0)) {
    const what =
      plain !== undefined ? 'duration like 500ms, 5s or 2m (or a number of milliseconds)' : 'number of milliseconds';
    p.add(f, `expected a ${positive ? 'positive ' : ''}${what}, got ${showValue(value)}`);
    return undefined;
  }
  if (parsed > 24 * 3_600_000) {
    p.add(f, `more than 24 hours: ${showValue(value)}`);
    return undefined;
  }
  return Math.round(parsed);
}

function parseCount(raw: unknown, field: string, p: Problems): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 1000) {
    p.add(field, `expected a whole number 0-1000, got ${showValue(raw)}`);
    return undefined;
  }
  return raw;
}

/** One step of a JSON path: a property name or an array index (negative counts from the end). */
export type JsonPathStep = string | number;

/**
 * Split a JSON path (`$`, `.name`, `['name']`, `["name"]`, `[0]`, `[-1]`) into steps; throws a
 * message naming the problem.
 */
export function parseJsonPath(path: string): JsonPathStep[] {
  if (!path.startsWith('$')) throw new Error('a JSON path starts with "$"');
  const steps: JsonPathStep[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const m = /^[A-Za-z_$][\w$-]*/.exec(path.slice(i + 1));
      if (!m) throw new Error(`expected a property name after "." at position ${i + 1}`);
      steps.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const rest = path.slice(i);
      const index = /^\[(-?\d+)\]/.exec(rest);
      const quoted = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest);
      if (index) {
        steps.push(Number(index[1]));
        i += index[0].length;
      } else if (quoted) {
        steps.push((quoted[1] ?? quoted[2] ?? '').replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
      } else throw new Error(`expected [index] or ['name'] at position ${i + 1}`);
    } else throw new Error(`unexpected ${JSON.stringify(c)} at position ${i + 1}`);
  }
  return steps;
}

function jsonPathError(path: string): string | undefined {
  try {
    parseJsonPath(path);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** A short human description of where a check goes (secrets in the URL redacted). */
export function describeTarget(target: SmokeTarget): string {
  if ('url' in target) return redactUrl(target.url);
  if ('service' in target) {
    const s = target.service;
    return `service ${s.namespace ? `${s.namespace}/` : ''}${s.name}:${s.port}${redactUrl(target.path)}`;
  }
  const ing = target.ingress;
  return ing.name
    ? `ingress ${ing.namespace ? `${ing.namespace}/` : ''}${ing.name}${redactUrl(target.path)}`
    : redactUrl(target.path);
}

/** Query parameters whose values are credentials (OAuth codes, presigned-URL signatures, API keys). */
const SECRET_QUERY = /token|secret|passw|api[-_]?key|credential|signature|^(sig|auth|code|key|session|sessionid)$/i;

/**
 * A URL (or path) safe to print: user info and the values of query parameters that look like
 * credentials become `<redacted>`.
 */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#\s]*@/i, '$1<redacted>@')
    .replace(/([?&])([^=&#]+)=([^&#]*)/g, (all, sep: string, key: string) =>
      SECRET_QUERY.test(decodeSafe(key)) ? `${sep}${key}=<redacted>` : all,
    );
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
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

function unknownKeys(obj: Obj, allowed: readonly string[], fieldOf: (key: string) => string, p: Problems): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      const lk = k.toLowerCase();
      const near = allowed.find(
        (a) => levenshtein(a.toLowerCase(), lk) <= 2 || (lk.length >= 4 && a.toLowerCase().startsWith(lk.slice(0, -1))),
      );
      p.add(
        fieldOf(k),
        `unknown key${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; known: ${allowed.join(', ')}`,
      );
    }
  }
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asObj(v: unknown): Obj {
  return isPlainObject(v) ? v : {};
}

function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${showValue(v)}`;
}
