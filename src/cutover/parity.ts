/**
 * The parity check: every request goes to the old (ECS) and the new (EKS) base URL `repeat`
 * times, alternating which goes first, and the answers are compared per endpoint: status codes,
 * media types, the body (JSON shape, JSON values, or bytes, by the request's compare mode) and
 * latency p50/p95 (new within `ratio` × old + `slackMs`). Never throws for a failing endpoint or a
 * cancellation: the result says what happened.
 */
import { describeRequestError } from '../smoke/run.js';
import { redactUrl } from '../smoke/spec-target.js';
import { httpTransport, type SmokeResponse, type SmokeTransport } from '../smoke/transport.js';
import {
  bodyHash,
  compareShapes,
  compareValues,
  describeShapeDifference,
  isJsonMediaType,
  isStaticMediaType,
  jsonShape,
  latencyRegressions,
  mediaType,
  percentile,
  type JsonPathPattern,
  type JsonShape,
  type LatencyBudget,
} from './compare.js';
import type { CompareMode, ParityRequest } from './requests.js';

/** Knobs and dependencies of {@link runParityCheck}. */
export interface ParityOptions {
  oldBaseUrl: string;
  newBaseUrl: string;
  /** Times each request goes to each side (latency percentiles need a few). */
  repeat: number;
  latency: LatencyBudget;
  /** JSON paths ignored in every request, on top of each request's own list. */
  ignore?: readonly JsonPathPattern[];
  /** Endpoints checked at the same time (both sides see the same concurrency). Default 4. */
  concurrency?: number;
  /** Default: plain HTTP(S) with Node's built-in fetch (src/smoke/transport.ts). */
  transport?: SmokeTransport;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** What one side answered to one endpoint, summarised. */
export interface ParitySide {
  /** Distinct statuses, ascending; transport failures as `error: connection refused`. */
  statuses: string[];
  mediaTypes: string[];
  /** Latency percentiles over the answers that arrived, milliseconds. */
  p50?: number;
  p95?: number;
  /** Short sha256 of each distinct body (for `hash` comparisons). */
  bodyHashes?: string[];
  samples: number;
}

/** The verdict for one endpoint. */
interface EndpointParity {
  name: string;
  method: string;
  /** Path and query, credentials redacted. */
  path: string;
  origin: string;
  ok: boolean;
  /** The compare mode applied (`auto` resolved). */
  compared: Exclude<CompareMode, 'auto'>;
  old: ParitySide;
  new: ParitySide;
  /** True/false when bodies were compared as JSON; undefined when they were not. */
  shapeMatch?: boolean;
  /** What differs, for people: `status 200 (old) vs 500 (new)`, `$.total: number (old) vs string (new)`. */
  problems: string[];
}

/** The result of a parity check. */
export interface ParityResult {
  ok: boolean;
  oldBaseUrl: string;
  newBaseUrl: string;
  repeat: number;
  latency: LatencyBudget;
  endpoints: EndpointParity[];
  /** Names of the endpoints that failed. */
  failed: string[];
  /** The check was cut short; endpoints not finished are not listed. */
  cancelled: boolean;
  startedAt: string;
  durationMs: number;
}

interface Sample {
  response?: SmokeResponse;
  error?: string;
}

/** Run the parity check over `requests`. */
export async function runParityCheck(requests: readonly ParityRequest[], opts: ParityOptions): Promise<ParityResult> {
  const started = Date.now();
  const transport = opts.transport ?? httpTransport();
  const log = opts.log ?? (() => undefined);
  const endpoints = Array.from({ length: requests.length }, (): EndpointParity | undefined => undefined);
  const queue = requests.entries(); // shared: each worker takes the next request
  const worker = async (): Promise<void> => {
    for (const [i, r] of queue) {
      if (opts.signal?.aborted) return;
      const samples = await sampleBoth(r, opts, transport);
      if (!samples) return;
      const e = evaluate(r, samples.old, samples.new, opts);
      endpoints[i] = e;
      log(
        `parity ${e.name}: ${e.ok ? 'ok' : `DIFFERS: ${e.problems.join('; ')}`} (status ${e.old.statuses.join(',')} / ${e.new.statuses.join(',')}, p95 ${e.old.p95 ?? '–'} / ${e.new.p95 ?? '–'} ms)`,
      );
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? 4, requests.length));
  await Promise.all(Array.from({ length: n }, worker));
  const done = endpoints.filter((e): e is EndpointParity => e !== undefined);
  const cancelled = opts.signal?.aborted === true && done.length < requests.length;
  const failed = done.filter((e) => !e.ok).map((e) => e.name);
  return {
    ok: !cancelled && failed.length === 0 && done.length === requests.length,
    oldBaseUrl: redactUrl(opts.oldBaseUrl),
    newBaseUrl: redactUrl(opts.newBaseUrl),
    repeat: opts.repeat,
    latency: opts.latency,
    endpoints: done,
    failed,
    cancelled,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
  };
}

/** `repeat` answers from each side, alternating which side goes first; undefined when cancelled. */
async function sampleBoth(
  r: ParityRequest,
  opts: ParityOptions,
  transport: SmokeTransport,
): Promise<{ old: Sample[]; new: Sample[] } | undefined> {
  const old: Sample[] = [];
  const neu: Sample[] = [];
  for (let i = 0; i < opts.repeat; i++) {
    // Alternating the order keeps connection reuse and caches from favouring one side.
    const order: Array<'old' | 'new'> = i % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
    for (const side of order) {
      if (opts.signal?.aborted) return undefined;
      const s = await send(r, side === 'old' ? opts.oldBaseUrl : opts.newBaseUrl, transport, opts.signal);
      if (opts.signal?.aborted) return undefined;
      (side === 'old' ? old : neu).push(s);
    }
  }
  return { old, new: neu };
}

async function send(
  r: ParityRequest,
  base: string,
  transport: SmokeTransport,
  signal: AbortSignal | undefined,
): Promise<Sample> {
  const timer = AbortSignal.timeout(r.timeoutMs);
  const s = signal ? AbortSignal.any([signal, timer]) : timer;
  try {
    const response = await transport.request({
      url: base.replace(/\/+$/, '') + r.path,
      method: r.method,
      headers: { ...r.headers },
      ...(r.body !== undefined ? { body: r.body } : {}),
      timeoutMs: r.timeoutMs,
      signal: s,
      followRedirects: false,
    });
    return { response };
  } catch (err) {
    if (timer.aborted && !signal?.aborted) return { error: `timeout after ${r.timeoutMs} ms` };
    return { error: describeRequestError(err) };
  }
}

/** The samples that got a response, in order. */
function answers(samples: readonly Sample[]): SmokeResponse[] {
  return samples.flatMap((s) => (s.response ? [s.response] : []));
}

function side(samples: readonly Sample[], withHashes: boolean): ParitySide {
  const statuses = [
    ...new Set(samples.map((s) => (s.response ? String(s.response.status) : `error: ${s.error}`))),
  ].sort();
  const answered = answers(samples);
  const latencies = answered.map((r) => r.latencyMs);
  const out: ParitySide = {
    statuses,
    mediaTypes: [...new Set(answered.map((r) => mediaType(r.headers['content-type'])))].sort(),
    samples: samples.length,
  };
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  if (p50 !== undefined) out.p50 = p50;
  if (p95 !== undefined) out.p95 = p95;
  if (withHashes) out.bodyHashes = [...new Set(answered.map((r) => bodyHash(r.body)))];
  return out;
}

function evaluate(
  r: ParityRequest,
  oldS: readonly Sample[],
  newS: readonly Sample[],
  opts: ParityOptions,
): EndpointParity {
  const problems: string[] = [];
  const oldAnswers = answers(oldS);
  const newAnswers = answers(newS);
  const oldType = mediaType(oldAnswers[0]?.headers['content-type']);
  const newType = mediaType(newAnswers[0]?.headers['content-type']);
  let compared: Exclude<CompareMode, 'auto'> = r.compare === 'auto' ? 'status' : r.compare;
  if (r.compare === 'auto') {
    if (isJsonMediaType(oldType) && isJsonMediaType(newType)) compared = 'shape';
    else if (isStaticMediaType(oldType)) compared = 'hash';
  }
  const o = side(oldS, compared === 'hash');
  const n = side(newS, compared === 'hash');

  if (o.statuses.join() !== n.statuses.join())
    problems.push(`status ${o.statuses.join(', ')} (old) vs ${n.statuses.join(', ')} (new)`);
  if (oldAnswers.length > 0 && newAnswers.length > 0 && o.mediaTypes.join() !== n.mediaTypes.join()) {
    problems.push(`content type ${o.mediaTypes.join(', ')} (old) vs ${n.mediaTypes.join(', ')} (new)`);
  }

  let shapeMatch: boolean | undefined;
  const ignore = [...(opts.ignore ?? []), ...r.ignore];
  if ((compared === 'shape' || compared === 'values') && oldAnswers.length > 0 && newAnswers.length > 0) {
    const oldDocs = parseAll(oldAnswers);
    const newDocs = parseAll(newAnswers);
    if (oldDocs.error) problems.push(`old: ${oldDocs.error}`);
    if (newDocs.error) problems.push(`new: ${newDocs.error}`);
    if (!oldDocs.error && !newDocs.error) {
      const shapeOld = oldDocs.docs.reduce<JsonShape>((s, d) => jsonShape(d, ignore, s), {
        kinds: new Map(),
        emptyArrays: new Set(),
      });
      const shapeNew = newDocs.docs.reduce<JsonShape>((s, d) => jsonShape(d, ignore, s), {
        kinds: new Map(),
        emptyArrays: new Set(),
      });
      const diffs = compareShapes(shapeOld, shapeNew);
      shapeMatch = diffs.length === 0;
      for (const d of diffs.slice(0, 5)) problems.push(`shape ${describeShapeDifference(d)}`);
      if (diffs.length > 5) problems.push(`… and ${diffs.length - 5} more shape difference(s)`);
      if (compared === 'values' && shapeMatch) {
        for (const v of compareValues(oldDocs.docs[0], newDocs.docs[0], ignore)) problems.push(`value ${v}`);
      }
    } else shapeMatch = false;
  }
  const oldHashes = o.bodyHashes;
  const newHashes = n.bodyHashes;
  if (compared === 'hash' && oldHashes && newHashes && oldAnswers.length > 0 && newAnswers.length > 0) {
    if (!newHashes.some((h) => oldHashes.includes(h)))
      problems.push(`body differs (sha256 ${oldHashes.join(', ')} old vs ${newHashes.join(', ')} new)`);
  }
  const slow = latencyRegressions(o, n, opts.latency);
  for (const s of slow) problems.push(`latency ${s}`);

  return {
    name: redactUrl(r.name),
    method: r.method,
    path: redactUrl(r.path),
    origin: r.origin,
    ok: problems.length === 0,
    compared,
    old: o,
    new: n,
    ...(shapeMatch !== undefined ? { shapeMatch } : {}),
    problems: problems.map((p) => redactHeaders(p, r)),
  };
}

function parseAll(answers: readonly SmokeResponse[]): { docs: unknown[]; error?: string } {
  const docs: unknown[] = [];
  for (const a of answers) {
    if (a.truncated) return { docs, error: 'body longer than the read limit; cannot compare it as JSON' };
    try {
      docs.push(JSON.parse(a.body));
    } catch {
      return { docs, error: `body is not JSON (starts with ${JSON.stringify(a.body.slice(0, 40))})` };
    }
  }
  return { docs };
}

/** Secret header values never reach a report, even when a server echoes them into a body. */
function redactHeaders(text: string, r: ParityRequest): string {
  let out = text;
  for (const [k, v] of Object.entries(r.headers))
    if (r.secretHeaders.includes(k.toLowerCase()) && v.length >= 4) out = out.split(v).join('<redacted>');
  return out;
}
