/**
 * The fault configuration: what a rule selects and injects, and its validation (from the sandbox
 * config file or from code), which names the bad field (`faults.rules[1].error.code`).
 */
import { UserInputError } from '../errors.js';

/** Error status codes a rule can inject. */
const FaultErrorCodes = [429, 500, 503, 504] as const;

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
interface ControllerFaults {
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
