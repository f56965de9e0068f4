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
import type { ControllerRunner } from './controllers/runtime.js';
import { parseFaultConfig, type FaultConfig, type FaultRule } from './faults-config.js';
import { resourceKey, type ResourceRegistry } from './registry.js';
import type { HttpContext, Middleware } from './server.js';
import { StatusError, StatusReason } from './status.js';
import type { WatchHub } from './watch.js';

// The fault config's validation and types live in faults-config.ts; importers of this module keep these names.
export { parseFaultConfig } from './faults-config.js';
export type { FaultConfig, FaultRule } from './faults-config.js';

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
function faultError(e: NonNullable<FaultRule['error']>): StatusError {
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
