/**
 * Runs smoke checks: each check is retried with its interval until it passes, its retries run
 * out or its overall deadline passes; each attempt is bounded by the check's timeout; an
 * AbortSignal stops everything at once. Secret header values never reach a result or a log line.
 */
import { evaluateResponse } from './evaluate.js';
import { printableHeaders, type SmokeCheck } from './spec.js';
import { describeTarget } from './spec-target.js';
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
  const results: SmokeResult[] = [];
  const queue = checks.entries(); // shared: each worker takes the next check
  const worker = async (): Promise<void> => {
    for (const [i, check] of queue) results[i] = await runSmokeCheck(check, opts);
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? 4, checks.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

/** Run one check with its retries, interval, per-attempt timeout and overall deadline. */
export async function runSmokeCheck(check: SmokeCheck, opts: SmokeRunOptions): Promise<SmokeResult> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => undefined);
  const redact = redactor(check);
  const started = now();
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

  const tried = await attemptUntilDone(check, opts, started + check.deadlineMs, redact);
  const { attempts } = tried;
  if (tried.stoppedBy === undefined) {
    const r = tried.last.response;
    log(`smoke ${check.name}: ok (${r.status} in ${r.latencyMs} ms${attempts > 1 ? `, attempt ${attempts}` : ''})`);
    return finish({ ok: true, attempts, status: r.status, latencyMs: r.latencyMs });
  }
  const { stoppedBy, last } = tried;
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
  log(`smoke ${check.name}: FAILED ${stopReason(stoppedBy, attempts, check)}: ${result.failure ?? ''}`);
  return result;
}

/** How the attempts of one check ended: a pass (no `stoppedBy`) or the reason it gave up. */
type Tried =
  | { stoppedBy?: undefined; attempts: number; last: PassedAttempt }
  | { stoppedBy: SmokeStop; attempts: number; last?: FailedAttempt };

/** Attempt the check until it passes, or its retries, its deadline or the run's signal end it. */
async function attemptUntilDone(
  check: SmokeCheck,
  opts: SmokeRunOptions,
  deadline: number,
  redact: (text: string) => string,
): Promise<Tried> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? systemClock.sleep;
  const maxAttempts = check.retries + 1;
  let last: FailedAttempt | undefined;
  for (let attempts = 0; ;) {
    if (opts.signal?.aborted) return { stoppedBy: 'cancelled', attempts, ...(last ? { last } : {}) };
    const remaining = deadline - now();
    if (remaining <= 0) return { stoppedBy: 'deadline', attempts, ...(last ? { last } : {}) };
    attempts++;
    const outcome = await attempt(check, Math.min(check.timeoutMs, remaining), opts);
    if (outcome.ok) return { attempts, last: outcome };
    last = outcome;
    const stop: SmokeStop | undefined = last.cancelled
      ? 'cancelled'
      : last.permanent
        ? 'error'
        : attempts >= maxAttempts
          ? 'retries'
          : now() + check.intervalMs >= deadline
            ? 'deadline'
            : undefined;
    if (stop) return { stoppedBy: stop, attempts, last };
    opts.log?.(
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
}

/** Why a failed check stopped, for its log line. */
function stopReason(stoppedBy: SmokeStop, attempts: number, check: SmokeCheck): string {
  const count = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  switch (stoppedBy) {
    case 'retries':
    case 'cancelled':
      return `after ${count}`;
    case 'deadline':
      return `deadline ${formatMs(check.deadlineMs)} reached after ${count}`;
    case 'error':
      return 'not retried';
  }
}

interface PassedAttempt {
  ok: true;
  response: SmokeResponse;
}

interface FailedAttempt {
  ok: false;
  failure: string;
  response?: SmokeResponse;
  cancelled?: boolean;
  permanent?: boolean;
}

type Attempt = PassedAttempt | FailedAttempt;

async function attempt(check: SmokeCheck, budgetMs: number, opts: SmokeRunOptions): Promise<Attempt> {
  const timer = new AbortController();
  const handle = setTimeout(() => {
    timer.abort(new AttemptTimeout(budgetMs));
  }, budgetMs);
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

/** A transport failure in a few words: `connection refused`, `host not found: x`, `TLS: ...`. */
export function describeRequestError(err: unknown): string {
  const chain: unknown[] = [];
  for (let e: unknown = err; e && chain.length < 5; e = (e as { cause?: unknown }).cause) {
    chain.push(e);
    if (e instanceof AggregateError) chain.push(...(e.errors as unknown[]));
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
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/.test(code)) return `TLS: ${messageOf(e) ?? code}`;
  }
  const last = chain[chain.length - 1];
  const msg = last instanceof Error ? last.message : String(last);
  return msg || 'request failed';
}

/** The `message` of an error-like value (Node's errors are not `instanceof Error` across realms). */
function messageOf(e: unknown): string | undefined {
  const message = e && typeof e === 'object' ? (e as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
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

/** `p`, or a rejection as soon as `signal` aborts (a transport that ignores the signal cannot hold on). */
async function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([p, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
