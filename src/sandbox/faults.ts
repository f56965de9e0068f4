/**
 * Fault injection for the sandbox API server: the ways EKS goes wrong, on purpose and
 * reproducibly. Rules select requests (verbs, resources as RBAC writes them, namespaces, names,
 * non-resource paths) and inject errors (429 with Retry-After, 500, 503, 504 — real `Status`
 * bodies), added latency (fixed or a random range), connection resets, watch streams cut after N
 * events or T ms, expired resourceVersions (410 on resume), and slow or stuck controllers.
 *
 * Deterministic by seed: every rule draws from its own seeded PRNG, so the n-th request a rule
 * matches gets the same decision in every run with the same seed and the same request order,
 * whatever the other rules do. Switchable at run time (`set`, `clear`); what was injected is
 * counted (`stats`) and named in the audit log (`AuditRecord.fault`).
 */
import { UserInputError } from '../errors.js';
import type { ControllerRunner } from './controllers/runtime.js';
import { resourceKey, type ResourceRegistry } from './registry.js';
import type { HttpContext, Middleware } from './server.js';
import { StatusError, StatusReason } from './status.js';
import type { WatchHub } from './watch.js';

/** Error status codes a rule can inject. */
export const FaultErrorCodes = [429, 500, 503, 504] as const;

/** One fault rule. Selectors left out match everything; effects combine (latency first). */
export interface FaultRule {
  /** Name in stats and the audit log; default `rule-<index>`. */
  name?: string;
  /** Kubernetes verbs (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, …) or `*`. */
  verbs?: string[];
  /** RBAC-style: `pods` (the resource itself), `pods/log`, `pods/*`, `*`. */
  resources?: string[];
  namespaces?: string[];
  names?: string[];
  /** Non-resource paths (`/version`, `/apis*` with a trailing `*` as a prefix). */
  paths?: string[];
  /** Chance that a matching request gets the fault (0–1, default 1). */
  probability?: number;
  /** Leave the first N matching requests alone. */
  after?: number;
  /** Inject at most this many times. */
  times?: number;
  /** Answer with an error instead of serving the request. */
  error?: { code: (typeof FaultErrorCodes)[number]; retryAfterSeconds?: number; message?: string };
  /** Real milliseconds added before serving: a number, or `[min, max]` drawn from the rule's PRNG. */
  latencyMs?: number | [number, number];
  /** Destroy the connection without an answer. */
  reset?: boolean;
  /** Watches only: end the stream after this many events and/or this many real milliseconds. */
  watch?: { maxEvents?: number; maxDurationMs?: number };
  /** Watches only: compact the watch history past the requested resourceVersion, so the resume gets 410 Gone. */
  expireResourceVersion?: boolean;
}

/** Controller faults. */
export interface ControllerFaults {
  /** Stop every controller (a stuck kube-controller-manager / scheduler / kubelet). */
  paused?: boolean;
  /** Real milliseconds before each controller work-queue drain (a slow controller). */
  drainDelayMs?: number;
}

/** Everything the injector does. */
export interface FaultConfig {
  /** PRNG seed; default 1. */
  seed?: number;
  rules?: FaultRule[];
  controllers?: ControllerFaults;
}

/** Counts of injected faults. */
export interface FaultStats {
  injected: number;
  byRule: Record<string, number>;
  byEffect: Record<string, number>;
}

/** mulberry32: a tiny, good-enough seeded PRNG (the decisions only need to be reproducible). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fail(field: string, message: string): never {
  throw new UserInputError(`sandbox config ${field} ${message}`);
}

function stringList(v: unknown, field: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === ''))
    fail(field, `must be a list of non-empty strings, got ${JSON.stringify(v)}`);
  return v as string[];
}

/** Callers check for an absent field first: a present value must be a non-negative number. */
function nonNegative(v: unknown, field: string, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v)))
    fail(field, `must be a non-negative ${integer ? 'integer' : 'number'}, got ${JSON.stringify(v)}`);
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const RULE_KEYS = new Set([
  'name',
  'verbs',
  'resources',
  'namespaces',
  'names',
  'paths',
  'probability',
  'after',
  'times',
  'error',
  'latencyMs',
  'reset',
  'watch',
  'expireResourceVersion',
]);

/**
 * Validates a fault config (from a file or code); throws a UserInputError naming the field
 * (`faults.rules[1].error.code`). An array is taken as the rules.
 */
export function parseFaultConfig(input: unknown, field = 'faults'): FaultConfig {
  const raw: unknown = Array.isArray(input) ? { rules: input } : input;
  if (!isRecord(raw)) fail(field, `must be a mapping with seed, rules and controllers, got ${JSON.stringify(input)}`);
  for (const k of Object.keys(raw))
    if (!['seed', 'rules', 'controllers'].includes(k))
      fail(`${field}.${k}`, 'is not a fault setting (expected seed, rules, controllers)');
  const out: FaultConfig = {};
  if (raw.seed !== undefined) out.seed = nonNegative(raw.seed, `${field}.seed`, true);
  if (raw.controllers !== undefined) {
    const c = raw.controllers;
    if (!isRecord(c)) fail(`${field}.controllers`, 'must be a mapping with paused and drainDelayMs');
    if (c.paused !== undefined && typeof c.paused !== 'boolean')
      fail(`${field}.controllers.paused`, `must be true or false, got ${JSON.stringify(c.paused)}`);
    out.controllers = {
      ...(c.paused !== undefined ? { paused: c.paused } : {}),
      ...(c.drainDelayMs !== undefined
        ? { drainDelayMs: nonNegative(c.drainDelayMs, `${field}.controllers.drainDelayMs`) }
        : {}),
    };
  }
  if (raw.rules !== undefined) {
    if (!Array.isArray(raw.rules)) fail(`${field}.rules`, 'must be a list');
    out.rules = raw.rules.map((r: unknown, i: number) => parseRule(r, `${field}.rules[${i}]`));
  }
  return out;
}

function parseRule(r: unknown, f: string): FaultRule {
  if (!isRecord(r)) fail(f, 'must be a mapping');
  for (const k of Object.keys(r))
    if (!RULE_KEYS.has(k)) fail(`${f}.${k}`, `is not a rule field (expected one of ${[...RULE_KEYS].join(', ')})`);
  const rule: FaultRule = {};
  if (r.name !== undefined) {
    if (typeof r.name !== 'string' || !r.name) fail(`${f}.name`, 'must be a non-empty string');
    rule.name = r.name;
  }
  for (const k of ['verbs', 'resources', 'namespaces', 'names', 'paths'] as const) {
    const v = stringList(r[k], `${f}.${k}`);
    if (v) rule[k] = v;
  }
  if (r.probability !== undefined) {
    const p = nonNegative(r.probability, `${f}.probability`);
    if (p > 1) fail(`${f}.probability`, `must be between 0 and 1, got ${p}`);
    rule.probability = p;
  }
  if (r.after !== undefined) rule.after = nonNegative(r.after, `${f}.after`, true);
  if (r.times !== undefined) rule.times = nonNegative(r.times, `${f}.times`, true);
  if (r.error !== undefined) {
    const e = r.error;
    if (!isRecord(e))
      fail(`${f}.error`, 'must be a mapping with code (429, 500, 503, 504), retryAfterSeconds, message');
    if (!(FaultErrorCodes as readonly unknown[]).includes(e.code))
      fail(`${f}.error.code`, `must be one of ${FaultErrorCodes.join(', ')}, got ${JSON.stringify(e.code)}`);
    if (e.message !== undefined && typeof e.message !== 'string') fail(`${f}.error.message`, 'must be a string');
    rule.error = {
      code: e.code as (typeof FaultErrorCodes)[number],
      ...(e.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: nonNegative(e.retryAfterSeconds, `${f}.error.retryAfterSeconds`, true) }
        : {}),
      ...(e.message !== undefined ? { message: e.message } : {}),
    };
  }
  if (r.latencyMs !== undefined) {
    const l = r.latencyMs;
    if (Array.isArray(l)) {
      if (l.length !== 2) fail(`${f}.latencyMs`, `must be a number or [min, max], got ${JSON.stringify(l)}`);
      const min = nonNegative(l[0], `${f}.latencyMs[0]`);
      const max = nonNegative(l[1], `${f}.latencyMs[1]`);
      if (max < min) fail(`${f}.latencyMs`, `range [${min}, ${max}] has max below min`);
      rule.latencyMs = [min, max];
    } else rule.latencyMs = nonNegative(l, `${f}.latencyMs`);
  }
  if (r.reset !== undefined) {
    if (typeof r.reset !== 'boolean') fail(`${f}.reset`, 'must be true or false');
    rule.reset = r.reset;
  }
  if (r.watch !== undefined) {
    const w = r.watch;
    if (!isRecord(w) || (w.maxEvents === undefined && w.maxDurationMs === undefined))
      fail(`${f}.watch`, 'must be a mapping with maxEvents and/or maxDurationMs');
    rule.watch = {
      ...(w.maxEvents !== undefined ? { maxEvents: nonNegative(w.maxEvents, `${f}.watch.maxEvents`, true) } : {}),
      ...(w.maxDurationMs !== undefined
        ? { maxDurationMs: nonNegative(w.maxDurationMs, `${f}.watch.maxDurationMs`) }
        : {}),
    };
  }
  if (r.expireResourceVersion !== undefined) {
    if (typeof r.expireResourceVersion !== 'boolean') fail(`${f}.expireResourceVersion`, 'must be true or false');
    rule.expireResourceVersion = r.expireResourceVersion;
  }
  if (!rule.error && rule.latencyMs === undefined && !rule.reset && !rule.watch && !rule.expireResourceVersion) {
    fail(f, 'has no effect: set error, latencyMs, reset, watch or expireResourceVersion');
  }
  return rule;
}

interface RuleState {
  rule: FaultRule;
  name: string;
  rng: () => number;
  matched: number;
  injected: number;
}

function listMatches(list: string[] | undefined, value: string): boolean {
  return !list || list.includes('*') || list.includes(value);
}

function resourceMatches(list: string[] | undefined, resource: string, sub: string): boolean {
  if (!list) return true;
  return list.some(
    (r) =>
      r === '*' || (sub ? r === `${resource}/${sub}` || r === `${resource}/*` || r === `*/${sub}` : r === resource),
  );
}

function pathMatches(list: string[] | undefined, path: string): boolean {
  if (!list) return true;
  return list.some((p) => p === '*' || p === path || (p.endsWith('*') && path.startsWith(p.slice(0, -1))));
}

/** Dependencies of {@link FaultInjector}. */
export interface FaultInjectorDeps {
  registry: ResourceRegistry;
  hub: WatchHub;
  runner: ControllerRunner;
}

/** The fault injector: a {@link Middleware} plus run-time switches. */
export class FaultInjector {
  private readonly deps: FaultInjectorDeps;
  private rules: RuleState[] = [];
  private seed = 1;
  private counts: FaultStats = { injected: 0, byRule: {}, byEffect: {} };

  constructor(deps: FaultInjectorDeps, initial?: FaultConfig) {
    this.deps = deps;
    if (initial) this.set(initial);
  }

  /**
   * Replaces the active faults (rules restart their PRNG streams and counts of matched requests;
   * `stats()` keeps counting). Controller faults not given are switched off.
   */
  set(config: FaultConfig | FaultRule[]): void {
    const c = parseFaultConfig(config);
    this.seed = c.seed ?? 1;
    this.rules = (c.rules ?? []).map((rule, i) => ({
      rule,
      name: rule.name ?? `rule-${i}`,
      rng: seededRandom((this.seed * 0x9e3779b1 + i * 0x85ebca6b) >>> 0),
      matched: 0,
      injected: 0,
    }));
    this.deps.runner.paused = c.controllers?.paused ?? false;
    this.deps.runner.drainDelayMs = c.controllers?.drainDelayMs ?? 0;
  }

  /** Switches every fault off (requests and controllers). */
  clear(): void {
    this.set({});
  }

  /** What was injected since start (or {@link resetStats}). */
  stats(): FaultStats {
    return { injected: this.counts.injected, byRule: { ...this.counts.byRule }, byEffect: { ...this.counts.byEffect } };
  }

  /** Zeroes the counters. */
  resetStats(): void {
    this.counts = { injected: 0, byRule: {}, byEffect: {} };
  }

  private count(ctx: HttpContext, rule: string, effect: string): void {
    this.counts.byEffect[effect] = (this.counts.byEffect[effect] ?? 0) + 1;
    (ctx.faults ??= []).push(`${rule}:${effect}`);
  }

  private matches(s: RuleState, ctx: HttpContext): boolean {
    const { rule } = s;
    const { info } = ctx;
    if (!listMatches(rule.verbs, info.verb)) return false;
    if (info.isResourceRequest) {
      if (rule.paths && !rule.resources) return false;
      if (!resourceMatches(rule.resources, info.resource, info.subresource)) return false;
      if (!listMatches(rule.namespaces, info.namespace)) return false;
      if (!listMatches(rule.names, info.name)) return false;
    } else {
      if (rule.resources || rule.namespaces || rule.names) return false;
      if (!pathMatches(rule.paths, info.path)) return false;
    }
    // Watch-only effects make a rule without other effects a watch rule.
    const watchOnly = !rule.error && rule.latencyMs === undefined && !rule.reset;
    if (watchOnly && info.verb !== 'watch') return false;
    return true;
  }

  /** The middleware to install with `sb.http.use(...)`. */
  readonly middleware: Middleware = async (ctx, next) => {
    for (const s of this.rules) {
      if (!this.matches(s, ctx)) continue;
      s.matched++;
      if (s.rule.after !== undefined && s.matched <= s.rule.after) continue;
      if (s.rule.times !== undefined && s.injected >= s.rule.times) continue;
      if (s.rng() >= (s.rule.probability ?? 1)) continue;
      s.injected++;
      this.counts.injected++;
      this.counts.byRule[s.name] = (this.counts.byRule[s.name] ?? 0) + 1;
      const { rule } = s;
      if (rule.latencyMs !== undefined) {
        const ms = Array.isArray(rule.latencyMs)
          ? rule.latencyMs[0] + s.rng() * (rule.latencyMs[1] - rule.latencyMs[0])
          : rule.latencyMs;
        this.count(ctx, s.name, 'latency');
        await new Promise((r) => setTimeout(r, ms));
      }
      if (rule.reset) {
        this.count(ctx, s.name, 'reset');
        ctx.req.socket.destroy();
        return;
      }
      if (rule.error) {
        this.count(ctx, s.name, `error${rule.error.code}`);
        throw faultError(rule.error);
      }
      if (ctx.info.verb === 'watch') {
        if (rule.expireResourceVersion) {
          const rv = Number(ctx.url.searchParams.get('resourceVersion') ?? '0');
          const t = this.deps.registry.byResource(ctx.info.group, ctx.info.version, ctx.info.resource);
          if (t && Number.isFinite(rv) && rv > 0) {
            // Compacting past the resume point is what etcd compaction does to a slow watcher.
            this.deps.hub.compact(resourceKey(t), rv + 1);
            this.count(ctx, s.name, 'expired');
          }
        }
        if (rule.watch) {
          ctx.watchLimits = { ...(ctx.watchLimits ?? {}), ...rule.watch };
          this.count(ctx, s.name, 'watch-cut');
        }
      }
    }
    await next();
  };
}

/** The Status error the real API server returns for each injected code. */
export function faultError(e: NonNullable<FaultRule['error']>): StatusError {
  const retry = e.retryAfterSeconds;
  const retryHeaders: Record<string, string> = retry !== undefined ? { 'Retry-After': String(retry) } : {};
  switch (e.code) {
    case 429: {
      const seconds = retry ?? 1;
      return new StatusError(
        429,
        StatusReason.TooManyRequests,
        e.message ?? 'Too many requests, please try again later.',
        { retryAfterSeconds: seconds },
        { 'Retry-After': String(seconds) },
      );
    }
    case 500: {
      const cause = e.message ?? 'injected fault';
      return new StatusError(
        500,
        StatusReason.InternalError,
        `Internal error occurred: ${cause}`,
        { causes: [{ message: cause }], ...(retry !== undefined ? { retryAfterSeconds: retry } : {}) },
        retryHeaders,
      );
    }
    case 503:
      return new StatusError(
        503,
        StatusReason.ServiceUnavailable,
        e.message ?? 'the server is currently unable to handle the request',
        retry !== undefined ? { retryAfterSeconds: retry } : undefined,
        retryHeaders,
      );
    case 504:
      return new StatusError(
        504,
        StatusReason.Timeout,
        `Timeout: ${e.message ?? 'request did not complete within the allotted timeout'}`,
        { retryAfterSeconds: retry ?? 0 },
        retryHeaders,
      );
  }
}
