/**
 * Runs smoke checks: each check is retried with its interval until it passes, its retries run
 * out or its overall deadline passes; each attempt is bounded by the check's timeout; an
 * AbortSignal stops everything at once. Secret header values never reach a result or a log line.
 */
import { describeTarget, parseJsonPath, printableHeaders, type JsonExpectation, type SmokeCheck } from './spec.js';
import { SmokeTargetError, type SmokeRequest, type SmokeResponse, type SmokeTransport } from './transport.js';
import { systemClock } from '../util/retry.js';

/** Why a failed check stopped trying. */
type SmokeStop = 'retries' | 'deadline' | 'cancelled' | 'error';

/** The outcome of one check. */
export interface SmokeResult {
  name: string;
  /** Where the check went, printable (credentials in the URL redacted). */
  target: string;
  ok: boolean;
  attempts: number;
  /** Status and latency of the last answer, when there was one. */
  status?: number;
  latencyMs?: number;
  /**
   * What failed on the last attempt: `status 500 (expected 200)`, `body does not contain "ok"`,
   * `json $.status: expected "up", got "down"`, `latency 812 ms > 500 ms`, `timeout after 2000 ms`,
   * `connection refused`, `cancelled`.
   */
  failure?: string;
  /** Why a failed check gave up. */
  stoppedBy?: SmokeStop;
  /** The start of the last failing answer's body (secrets redacted), to tell a user what came back. */
  bodyExcerpt?: string;
  /** Time spent on the check, all attempts included. */
  durationMs: number;
}

/** The Ingress part of a check's target. */
export interface IngressRef {
  name?: string;
  namespace?: string;
}

/** Dependencies and knobs of {@link runSmokeChecks}. */
export interface SmokeRunOptions {
  transport: SmokeTransport;
  /**
   * Base URL (`http://<status hostname>`) of an Ingress of the release; `undefined` while it has no
   * address yet (the attempt fails and is retried). Throw for a target that can never resolve
   * (no such Ingress): the check stops at once. Needed only for ingress targets.
   */
  resolveIngress?: (ingress: IngressRef) => Promise<string | undefined>;
  signal?: AbortSignal;
  /** One line per request, retry and outcome. */
  log?: (line: string) => void;
  now?: () => number;
  /** Pause between attempts; must resolve early (or reject) when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Checks running at the same time (default 4). */
  concurrency?: number;
}

const EXCERPT_CHARS = 200;

/**
 * Run every check (up to `concurrency` at a time) and return one result per check, in the
 * checks' order. Never throws for a failing check or a cancellation: the results say what
 * happened (`stoppedBy: 'cancelled'` for checks cut short or never started).
 */
export async function runSmokeChecks(checks: readonly SmokeCheck[], opts: SmokeRunOptions): Promise<SmokeResult[]> {
  const results: SmokeResult[] = new Array(checks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < checks.length) {
      const i = next++;
      results[i] = await runSmokeCheck(checks[i]!, opts);
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? 4, checks.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

/** Run one check with its retries, interval, per-attempt timeout and overall deadline. */
export async function runSmokeCheck(check: SmokeCheck, opts: SmokeRunOptions): Promise<SmokeResult> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? systemClock.sleep;
  const log = opts.log ?? (() => undefined);
  const redact = redactor(check);
  const started = now();
  const deadline = started + check.deadlineMs;
  const maxAttempts = check.retries + 1;
  const base = { name: check.name, target: redact(describeTarget(check.target)) };
  const finish = (fields: Omit<SmokeResult, 'name' | 'target' | 'durationMs'>): SmokeResult => {
    const r: SmokeResult = { ...base, ...fields, durationMs: Math.max(0, now() - started) };
    if (r.failure !== undefined) r.failure = redact(r.failure);
    if (r.bodyExcerpt !== undefined) r.bodyExcerpt = redact(r.bodyExcerpt);
    return r;
  };

  const headerText = Object.entries(printableHeaders(check))
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  log(`smoke ${check.name}: ${check.method} ${base.target}${headerText ? ` (${headerText})` : ''}`);

  let last: Attempt | undefined;
  let attempts = 0;
  let stoppedBy: SmokeStop | undefined;
  while (true) {
    if (opts.signal?.aborted) {
      stoppedBy = 'cancelled';
      break;
    }
    const remaining = deadline - now();
    if (remaining <= 0) {
      stoppedBy = 'deadline';
      break;
    }
    attempts++;
    last = await attempt(check, Math.min(check.timeoutMs, remaining), opts);
    if (last.ok) {
      const r = last.response!;
      log(`smoke ${check.name}: ok (${r.status} in ${r.latencyMs} ms${attempts > 1 ? `, attempt ${attempts}` : ''})`);
      return finish({ ok: true, attempts, status: r.status, latencyMs: r.latencyMs });
    }
    if (last.cancelled) {
      stoppedBy = 'cancelled';
      break;
    }
    if (last.permanent) {
      stoppedBy = 'error';
      break;
    }
    if (attempts >= maxAttempts) {
      stoppedBy = 'retries';
      break;
    }
    if (now() + check.intervalMs >= deadline) {
      stoppedBy = 'deadline';
      break;
    }
    log(
      redact(
        `smoke ${check.name}: attempt ${attempts}/${maxAttempts} failed: ${last.failure}; retrying in ${formatMs(check.intervalMs)}`,
      ),
    );
    try {
      await sleep(check.intervalMs, opts.signal);
    } catch {
      // a sleep rejected by the abort: the loop head reports the cancellation
    }
  }

  const failure =
    stoppedBy === 'cancelled'
      ? 'cancelled'
      : (last?.failure ?? `deadline ${formatMs(check.deadlineMs)} passed before the first attempt`);
  const result = finish({
    ok: false,
    attempts,
    failure,
    stoppedBy,
    ...(last?.response ? { status: last.response.status, latencyMs: last.response.latencyMs } : {}),
    ...(last?.response && stoppedBy !== 'cancelled' && last.response.body
      ? { bodyExcerpt: excerpt(last.response.body) }
      : {}),
  });
  const why =
    stoppedBy === 'retries'
      ? `after ${attempts} attempt${attempts === 1 ? '' : 's'}`
      : stoppedBy === 'deadline'
        ? `deadline ${formatMs(check.deadlineMs)} reached after ${attempts} attempt${attempts === 1 ? '' : 's'}`
        : stoppedBy === 'cancelled'
          ? `after ${attempts} attempt${attempts === 1 ? '' : 's'}`
          : 'not retried';
  log(`smoke ${check.name}: FAILED ${why}: ${result.failure}`);
  return result;
}

interface Attempt {
  ok: boolean;
  failure?: string;
  response?: SmokeResponse;
  cancelled?: boolean;
  permanent?: boolean;
}

async function attempt(check: SmokeCheck, budgetMs: number, opts: SmokeRunOptions): Promise<Attempt> {
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(new AttemptTimeout(budgetMs)), budgetMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timer.signal]) : timer.signal;
  try {
    const req = await buildRequest(check, budgetMs, signal, opts);
    if (typeof req === 'string') return { ok: false, failure: req };
    // A transport that ignores the signal must not hold the check past its timeout or a cancel.
    const response = await raceAbort(opts.transport.request(req), signal);
    const failures = evaluateResponse(check, response);
    return failures.length === 0 ? { ok: true, response } : { ok: false, failure: failures.join('; '), response };
  } catch (err) {
    if (opts.signal?.aborted) return { ok: false, failure: 'cancelled', cancelled: true };
    if (timer.signal.aborted) return { ok: false, failure: `timeout after ${budgetMs} ms` };
    if (err instanceof SmokeTargetError) return { ok: false, failure: err.message, permanent: true };
    return { ok: false, failure: describeRequestError(err) };
  } finally {
    clearTimeout(handle);
  }
}

class AttemptTimeout extends Error {
  constructor(ms: number) {
    super(`timeout after ${ms} ms`);
  }
}

/** The request of one attempt, or a failure message when the target has no address yet. */
async function buildRequest(
  check: SmokeCheck,
  timeoutMs: number,
  signal: AbortSignal,
  opts: SmokeRunOptions,
): Promise<SmokeRequest | string> {
  const common = {
    method: check.method,
    headers: { ...check.headers },
    timeoutMs,
    signal,
    followRedirects: check.followRedirects,
    ...(check.body !== undefined ? { body: check.body } : {}),
  };
  const t = check.target;
  if ('url' in t) return { ...common, url: t.url };
  if ('service' in t) return { ...common, service: t.service, path: t.path };
  if (!opts.resolveIngress)
    throw new SmokeTargetError("an ingress target needs the release's Ingress address, and none is available here");
  let base: string | undefined;
  try {
    base = await raceAbort(opts.resolveIngress(t.ingress), signal);
  } catch (err) {
    if (signal.aborted) throw err;
    throw new SmokeTargetError(err instanceof Error ? err.message : String(err));
  }
  const which = t.ingress.name
    ? `ingress ${t.ingress.namespace ? `${t.ingress.namespace}/` : ''}${t.ingress.name}`
    : "the release's ingress";
  if (!base) return `${which} has no address yet`;
  return { ...common, url: base.replace(/\/+$/, '') + t.path };
}

/**
 * What is wrong with an answer, in the words a user reads in the report; empty when it passes.
 * A wrong status is reported alone: the body of an error page says nothing about the other expectations.
 */
function evaluateResponse(check: SmokeCheck, res: SmokeResponse): string[] {
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

/** A transport failure in a few words: `connection refused`, `host not found: x`, `TLS: ...`. */
export function describeRequestError(err: unknown): string {
  const chain: unknown[] = [];
  for (let e: unknown = err; e && chain.length < 5; e = (e as { cause?: unknown }).cause) {
    chain.push(e);
    if (e instanceof AggregateError && e.errors.length > 0) chain.push(...e.errors);
  }
  const codeOf = (e: unknown): string | undefined =>
    e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string'
      ? (e as { code: string }).code
      : undefined;
  for (const e of chain) {
    const code = codeOf(e);
    if (!code) continue;
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'connection reset by the server';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return `host not found${(e as { hostname?: string }).hostname ? `: ${(e as { hostname: string }).hostname}` : ''}`;
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
    if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'connect timeout';
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'the server stopped answering';
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code)) return `TLS: ${(e as Error).message ?? code}`;
  }
  const last = chain[chain.length - 1];
  const msg = last instanceof Error ? last.message : String(last);
  return msg || 'request failed';
}

/** Replaces the values of the check's secret headers (and their token part) wherever they appear. */
function redactor(check: SmokeCheck): (text: string) => string {
  const secrets = new Set<string>();
  for (const [k, v] of Object.entries(check.headers)) {
    if (!check.secretHeaders.includes(k.toLowerCase())) continue;
    secrets.add(v);
    // "Bearer abc": the token may be echoed without its scheme.
    const token = /^\S+\s+(\S.*)$/.exec(v)?.[1];
    if (token) secrets.add(token);
  }
  // Too-short values would redact ordinary text; they are not worth protecting either way.
  const list = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (t) => t;
  return (text) => list.reduce((t, s) => t.split(s).join('<redacted>'), text);
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

/** "250 ms", "3 s", "1.5 s", "2 min". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
