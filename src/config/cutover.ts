/**
 * Every flag and action input of `parity` and `cutover`, read and validated once. CLI flags and
 * action inputs have the same names (`--old-url` / `old-url`), except the region (`--region` /
 * `aws-region`).
 */
import { parseJsonPathPattern, type JsonPathPattern } from '../cutover/compare.js';
import { UserInputError, UserInputErrors } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import { isDns1123Label } from '../convert/names.js';
import { bool, multi, parseArgs, single, type FlagSpec } from './args.js';
import { flagSpecs } from '../command-model.js';

import type { ClusterTarget } from './deploy.js';

/** Statistics accepted for the ALB's TargetResponseTime (the `latency-statistic` input). */
const LATENCY_STATISTICS = ['p50', 'p90', 'p95', 'p99', 'Average', 'Maximum'] as const;
export type LatencyStatistic = (typeof LATENCY_STATISTICS)[number];

/** Where a list of requests or checks comes from: inline YAML or a file. */
interface TextOrFile {
  text?: string;
  file?: string;
}

/** Everything `parity` needs. */
export interface ParityConfig {
  /** To find the new base URL from the release's Ingress (and, for cutover, to record notes). */
  cluster?: ClusterTarget;
  namespace: string;
  release: string;
  /** Ingress of the release whose address is the new target; default: the first ALB Ingress. */
  ingress?: string;
  /** The ECS service's base URL (its ALB or DNS name). */
  oldUrl: string;
  /** The EKS service's base URL; default: the Ingress address. */
  newUrl?: string;
  requests?: TextOrFile;
  accessLogs: string[];
  /** Distinct recorded requests sent, most frequent first. */
  accessLogLimit: number;
  repeat: number;
  latencyRatio: number;
  latencySlackMs: number;
  ignore: JsonPathPattern[];
  concurrency: number;
  /** Bound on each request. */
  requestTimeoutMs: number;
  reportJson?: string;
  reportMd?: string;
}

/** A CloudWatch gate on the new load balancer. */
export interface MetricsGate {
  /** LoadBalancer dimension `app/<name>/<id>` (an ALB ARN is accepted and cut down). */
  loadBalancer: string;
  region: string;
  /** Fail when (target + ELB 5xx) / requests × 100 exceeds this. */
  max5xxPercent?: number;
  /** Fail when TargetResponseTime (`latencyStatistic`) exceeds this, ms. */
  maxLatencyMs?: number;
  latencyStatistic: LatencyStatistic;
}

/** Everything `cutover` needs. */
export interface CutoverConfig extends ParityConfig {
  hostedZoneId: string;
  recordName: string;
  recordType: 'A' | 'AAAA' | 'CNAME';
  /** CNAME records only. */
  ttl: number;
  oldAlb: { dnsName: string; hostedZoneId?: string };
  /** Default: the Ingress status hostname. */
  newAlb: { dnsName?: string; hostedZoneId?: string };
  oldSetId: string;
  newSetId: string;
  evaluateTargetHealth: boolean;
  /** Percent on the new target per step, ascending, ending at 100. */
  steps: number[];
  bakeMs: number;
  smokeTests?: TextOrFile;
  metrics?: MetricsGate;
  /** Only put all weight back on the old target. */
  revert: boolean;
  /** The ECS service being retired: named in the retirement hint, scaled to zero when asked. */
  ecs?: { cluster: string; service: string; region: string };
  /** Opt-in: after a finished cutover, set the ECS service's desired count to 0. */
  scaleEcsToZero: boolean;
  /** Wait before scaling ECS to zero, so resolvers holding the old answer (TTL) stop sending to it. */
  ecsDrainMs: number;
  /** Wait for Route 53 to report each change INSYNC before baking. */
  waitDns: boolean;
  runUrl?: string;
}

/** Flags of `parity`. */
const PARITY_FLAGS: Record<string, FlagSpec> = flagSpecs('parity');

/** Flags of `cutover`: the parity flags plus the record, the steps and the gates. */
const CUTOVER_FLAGS: Record<string, FlagSpec> = flagSpecs('cutover');

/** `f(v)` when `v` is set (not undefined or empty), else nothing: for optional fields in a spread. */
function ifSet<T extends object>(v: string | undefined, f: (v: string) => T): Partial<T> {
  return v ? f(v) : {};
}

/** Reads one setting by its flag name. */
interface Settings {
  get(flag: string): string | undefined;
  list(flag: string): string[];
  on(flag: string): boolean;
}

function fromArgs(argv: readonly string[], spec: Record<string, FlagSpec>): Settings {
  const args = parseArgs(argv, spec);
  if (args.positionals.length > 0)
    throw new UserInputError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
  return { get: (f) => single(args, f), list: (f) => multi(args, f), on: (f) => bool(args, f) };
}

/** Reads one action input (core.getInput). */
export type InputReader = (name: string) => string;

function fromInputs(read: InputReader): Settings {
  const input = (f: string): string => (f === 'region' ? 'aws-region' : f);
  return {
    get: (f) => read(input(f)).trim() || undefined,
    list: (f) =>
      read(input(f))
        .split(/\n/)
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#')),
    on: (f) => read(input(f)).trim().toLowerCase() === 'true',
  };
}

/** The names of the action inputs `parity` and `cutover` read (besides `command`). */
export const CUTOVER_ACTION_INPUTS = Object.keys(CUTOVER_FLAGS).map((f) => (f === 'region' ? 'aws-region' : f));

/** `parity` flags → config. */
export function parityConfigFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParityConfig {
  return validateParity(fromArgs(argv, PARITY_FLAGS), (f) => `--${f}`, env);
}

/** `cutover` flags → config. */
export function cutoverConfigFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CutoverConfig {
  return validateCutover(fromArgs(argv, CUTOVER_FLAGS), (f) => `--${f}`, env);
}

/** Action inputs → `parity` config. */
export function parityConfigFromInputs(read: InputReader, env: NodeJS.ProcessEnv = process.env): ParityConfig {
  return validateParity(fromInputs(read), (f) => `input ${f === 'region' ? 'aws-region' : f}`, env);
}

/** Action inputs → `cutover` config. */
export function cutoverConfigFromInputs(read: InputReader, env: NodeJS.ProcessEnv = process.env): CutoverConfig {
  return validateCutover(fromInputs(read), (f) => `input ${f === 'region' ? 'aws-region' : f}`, env);
}

const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const HOSTNAME =
  /^(?=.{1,253}\.?$)([a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?)(\.[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?)*\.?$/i;
const ZONE_ID = /^(\/hostedzone\/)?[A-Z0-9]{1,32}$/;

type Name = (flag: string) => string;

function validateParity(
  s: Settings,
  name: Name,
  env: NodeJS.ProcessEnv,
  errors: UserInputError[] = [],
  finish = true,
): ParityConfig {
  const add = (flag: string, message: string): void =>
    void errors.push(new UserInputError(message, undefined, name(flag)));
  const cluster = validateClusterTarget(s, add, env);
  const namespace = s.get('namespace') ?? 'default';
  if (!isDns1123Label(namespace)) add('namespace', `${JSON.stringify(namespace)} is not a valid namespace`);
  const release = s.get('release') ?? namespace;
  if (!isDns1123Label(release) || release.length > 53)
    add(
      'release',
      `${JSON.stringify(release)} is not a valid release name (lower-case letters, digits and "-", at most 53)`,
    );
  const ingress = s.get('ingress');
  if (ingress !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(ingress))
    add('ingress', `${JSON.stringify(ingress)} is not an Ingress name`);

  const oldUrl = url(s.get('old-url'), 'old-url', add, true);
  const newUrl = url(s.get('new-url'), 'new-url', add, false);
  if (newUrl === undefined && cluster === undefined && s.get('new-url') === undefined) {
    add(
      'new-url',
      "give the new base URL, or the cluster (--cluster-name/--region or --kubeconfig) so it can be read from the release's Ingress",
    );
  }
  const requestsRaw = s.get('requests');
  const requests: TextOrFile | undefined =
    requestsRaw === undefined
      ? undefined
      : /^\s*(-|\[|\{)/.test(requestsRaw)
        ? { text: requestsRaw }
        : { file: requestsRaw.trim() };
  const accessLogs = s
    .list('access-log')
    .flatMap((v) => v.split(/\n/))
    .map((v) => v.trim())
    .filter(Boolean);

  const ignore = ignorePatterns(s, add);
  const config: ParityConfig = {
    namespace,
    release,
    oldUrl: oldUrl ?? '',
    accessLogs,
    accessLogLimit: int(s.get('access-log-limit'), 50, 1, 1000, 'access-log-limit', add),
    repeat: int(s.get('repeat'), 5, 1, 100, 'repeat', add),
    latencyRatio: num(s.get('latency-ratio'), 1.5, 1, 100, 'latency-ratio', add),
    latencySlackMs: duration(s.get('latency-slack'), 25, 0, 60_000, 'latency-slack', add, 'ms'),
    ignore,
    concurrency: int(s.get('concurrency'), 4, 1, 32, 'concurrency', add),
    requestTimeoutMs: duration(s.get('request-timeout'), 10_000, 1, 300_000, 'request-timeout', add),
  };
  if (cluster) config.cluster = cluster;
  if (ingress) config.ingress = ingress;
  if (newUrl) config.newUrl = newUrl;
  if (requests) config.requests = requests;
  const reportJson = s.get('report-json');
  const reportMd = s.get('report-md');
  if (reportJson) config.reportJson = reportJson;
  if (reportMd) config.reportMd = reportMd;
  if (finish && !config.requests && config.accessLogs.length === 0)
    add('requests', 'give a request list (--requests FILE) or ALB access logs (--access-log FILE...) to compare');
  if (finish && errors.length > 0) throw new UserInputErrors(errors);
  return config;
}

/** The cluster to read the release's Ingress from: a kubeconfig, or EKS by name and region. */
function validateClusterTarget(s: Settings, add: Add, env: NodeJS.ProcessEnv): ClusterTarget | undefined {
  const region = s.get('region') ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (region !== undefined && !REGION.test(region)) add('region', `${JSON.stringify(region)} is not an AWS region`);
  let cluster: ClusterTarget | undefined;
  const clusterName = s.get('cluster-name');
  if (clusterName !== undefined && !EKS_NAME.test(clusterName))
    add('cluster-name', `${JSON.stringify(clusterName)} is not a valid EKS cluster name`);
  if (s.get('kubeconfig') !== undefined || s.get('context') !== undefined) {
    cluster = {
      kind: 'kubeconfig',
      ...ifSet(s.get('kubeconfig'), (v) => ({ path: v })),
      ...ifSet(s.get('context'), (v) => ({ context: v })),
      ...(clusterName ? { clusterName } : {}),
      ...(region ? { region } : {}),
    };
  } else if (clusterName !== undefined) {
    if (region === undefined) add('region', 'required with the cluster name (or set AWS_REGION)');
    else cluster = { kind: 'eks', clusterName, region };
  }
  return cluster;
}

/** The JSON paths not compared by value. */
function ignorePatterns(s: Settings, add: Add): JsonPathPattern[] {
  const ignore: JsonPathPattern[] = [];
  for (const p of s
    .list('ignore')
    .flatMap((v) => v.split(/[\n,]/))
    .map((v) => v.trim())
    .filter(Boolean)) {
    try {
      ignore.push(parseJsonPathPattern(p));
    } catch (err) {
      add('ignore', err instanceof Error ? err.message : String(err));
    }
  }
  return ignore;
}

function validateCutover(s: Settings, name: Name, env: NodeJS.ProcessEnv): CutoverConfig {
  const errors: UserInputError[] = [];
  const add = (flag: string, message: string): void =>
    void errors.push(new UserInputError(message, undefined, name(flag)));
  const parity = validateParity(s, name, env, errors, false);
  const revert = s.on('revert');

  const { zone, recordName, recordType } = validateRecord(s, add);
  const { oldAlb, newAlb, oldSetId, newSetId } = validateTargets(s, add, parity.cluster !== undefined);

  const steps = parseSteps(s.get('steps') ?? '10,50,100', (m) => {
    add('steps', m);
  });
  const bakeMs = duration(s.get('bake-time'), 300_000, 0, 86_400_000, 'bake-time', add);

  const smokeRaw = s.get('smoke-tests');
  const smokeTests: TextOrFile | undefined =
    smokeRaw === undefined
      ? undefined
      : /^\s*(-|\[|\{)/.test(smokeRaw)
        ? { text: smokeRaw }
        : { file: smokeRaw.trim() };

  const region = s.get('region') ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  const metrics = validateMetrics(s, add, region);

  if (!revert && !parity.requests && parity.accessLogs.length === 0 && !smokeTests && !metrics) {
    add(
      'requests',
      'every step needs a gate: give parity requests (--requests / --access-log), --smoke-tests, or --alb-metrics with thresholds',
    );
  }

  const { ecs, scale } = validateEcs(s, add, region, revert);
  const ecsDrainMs = duration(s.get('ecs-drain'), 60_000, 0, 3_600_000, 'ecs-drain', add);

  const runUrl = s.get('run-url');
  if (runUrl !== undefined && !/^https?:\/\/\S+$/.test(runUrl))
    add('run-url', `expected an http(s) URL, got ${JSON.stringify(runUrl)}`);
  const config: CutoverConfig = {
    ...parity,
    hostedZoneId: (zone ?? '').replace(/^\/hostedzone\//, ''),
    recordName: recordName ?? '',
    recordType,
    ttl: int(s.get('ttl'), 60, 0, 172_800, 'ttl', add),
    oldAlb: {
      dnsName: oldAlb ?? '',
      ...ifSet(s.get('old-alb-zone-id'), (v) => ({ hostedZoneId: v.replace(/^\/hostedzone\//, '') })),
    },
    newAlb: {
      ...(newAlb ? { dnsName: newAlb } : {}),
      ...ifSet(s.get('new-alb-zone-id'), (v) => ({ hostedZoneId: v.replace(/^\/hostedzone\//, '') })),
    },
    oldSetId,
    newSetId,
    evaluateTargetHealth: boolValue(s.get('evaluate-target-health'), true, 'evaluate-target-health', add),
    steps,
    bakeMs,
    revert,
    scaleEcsToZero: scale,
    ecsDrainMs,
    waitDns: boolValue(s.get('wait-dns'), true, 'wait-dns', add),
  };
  if (smokeTests) config.smokeTests = smokeTests;
  if (metrics) config.metrics = metrics;
  if (ecs) config.ecs = ecs;
  if (runUrl) config.runUrl = runUrl;
  if (errors.length > 0) throw new UserInputErrors(errors);
  return config;
}

type Add = (flag: string, message: string) => void;

/** The Route 53 record whose weights move. */
function validateRecord(
  s: Settings,
  add: Add,
): { zone: string | undefined; recordName: string | undefined; recordType: CutoverConfig['recordType'] } {
  const zone = s.get('hosted-zone-id');
  if (zone === undefined) add('hosted-zone-id', 'required: the Route 53 hosted zone holding the record');
  else if (!ZONE_ID.test(zone))
    add('hosted-zone-id', `${JSON.stringify(zone)} is not a hosted zone id (like Z0123456789ABCDEFGHIJ)`);
  const recordName = s.get('record-name');
  if (recordName === undefined) add('record-name', 'required: the DNS name whose traffic moves (like api.example.com)');
  else if (!HOSTNAME.test(recordName.replace(/^\*\./, 'x.')))
    add('record-name', `${JSON.stringify(recordName)} is not a DNS name`);
  const recordType = (s.get('record-type') ?? 'A').toUpperCase();
  if (recordType !== 'A' && recordType !== 'AAAA' && recordType !== 'CNAME') {
    add(
      'record-type',
      `expected A, AAAA (alias records to the load balancers) or CNAME, got ${JSON.stringify(s.get('record-type'))}`,
    );
    return { zone, recordName, recordType: 'A' };
  }
  return { zone, recordName, recordType };
}

/** The old and new load balancers and the set identifiers of their weighted records. */
function validateTargets(
  s: Settings,
  add: Add,
  hasCluster: boolean,
): { oldAlb: string | undefined; newAlb: string | undefined; oldSetId: string; newSetId: string } {
  const oldAlb = s.get('old-alb');
  if (oldAlb === undefined) add('old-alb', "required: the DNS name of the ECS service's load balancer");
  else if (!HOSTNAME.test(oldAlb)) add('old-alb', `${JSON.stringify(oldAlb)} is not a DNS name`);
  const newAlb = s.get('new-alb');
  if (newAlb !== undefined && !HOSTNAME.test(newAlb)) add('new-alb', `${JSON.stringify(newAlb)} is not a DNS name`);
  if (newAlb === undefined && !hasCluster)
    add('new-alb', "give the new load balancer's DNS name, or the cluster so it can be read from the Ingress status");
  for (const f of ['old-alb-zone-id', 'new-alb-zone-id']) {
    const v = s.get(f);
    if (v !== undefined && !ZONE_ID.test(v)) add(f, `${JSON.stringify(v)} is not a hosted zone id`);
  }
  const oldSetId = s.get('old-set-id') ?? 'ecs';
  const newSetId = s.get('new-set-id') ?? 'eks';
  for (const [f, v] of [
    ['old-set-id', oldSetId],
    ['new-set-id', newSetId],
  ] as const)
    if (v.length < 1 || v.length > 128) add(f, `a set identifier has 1-128 characters, got ${JSON.stringify(v)}`);
  if (oldSetId === newSetId) add('new-set-id', `must differ from --old-set-id (${JSON.stringify(oldSetId)})`);
  return { oldAlb, newAlb, oldSetId, newSetId };
}

/** The optional CloudWatch gate on the new load balancer. */
function validateMetrics(s: Settings, add: Add, region: string | undefined): MetricsGate | undefined {
  let metrics: MetricsGate | undefined;
  const lb = s.get('alb-metrics');
  const max5xx = s.get('max-5xx-percent');
  const maxLatency = s.get('max-latency');
  if (lb !== undefined) {
    const dim = lb.replace(/^.*loadbalancer\//, '');
    if (!/^app\/[^/\s]+\/[0-9a-f]+$/.test(dim))
      add('alb-metrics', `expected the load balancer as app/<name>/<id> or its ARN, got ${JSON.stringify(lb)}`);
    const stat = s.get('latency-statistic') ?? 'p95';
    if (!(LATENCY_STATISTICS as readonly string[]).includes(stat))
      add('latency-statistic', `expected one of ${LATENCY_STATISTICS.join(', ')}, got ${JSON.stringify(stat)}`);
    if (max5xx === undefined && maxLatency === undefined)
      add('alb-metrics', 'give a threshold too: --max-5xx-percent and/or --max-latency');
    if (region === undefined) add('region', 'required for the CloudWatch metrics (or set AWS_REGION)');
    metrics = { loadBalancer: dim, region: region ?? '', latencyStatistic: stat as LatencyStatistic };
    if (max5xx !== undefined) metrics.max5xxPercent = num(max5xx, 1, 0, 100, 'max-5xx-percent', add);
    if (maxLatency !== undefined)
      metrics.maxLatencyMs = duration(maxLatency, 1000, 1, 600_000, 'max-latency', add, 'ms');
  } else if (max5xx !== undefined || maxLatency !== undefined)
    add('alb-metrics', 'the metric thresholds need the load balancer: --alb-metrics app/<name>/<id>');
  return metrics;
}

/** The ECS service being retired (needed to scale it to zero). */
function validateEcs(
  s: Settings,
  add: Add,
  region: string | undefined,
  revert: boolean,
): { ecs: CutoverConfig['ecs']; scale: boolean } {
  let ecs: CutoverConfig['ecs'];
  const ecsCluster = s.get('ecs-cluster');
  const ecsService = s.get('ecs-service');
  const scale = s.on('scale-ecs-to-zero');
  if (ecsCluster && ecsService) ecs = { cluster: ecsCluster, service: ecsService, region: region ?? '' };
  else if (ecsCluster || ecsService || scale)
    add(
      ecsCluster ? 'ecs-service' : 'ecs-cluster',
      `${scale ? 'required with --scale-ecs-to-zero' : 'give both --ecs-cluster and --ecs-service'}: the ECS cluster and service being retired`,
    );
  if (scale && region === undefined) add('region', 'required with --scale-ecs-to-zero (or set AWS_REGION)');
  if (scale && revert) add('scale-ecs-to-zero', 'cannot be combined with --revert');
  return { ecs, scale };
}

/** `10,50,100` / `10 50 100` → ascending percentages ending at 100. */
function parseSteps(text: string, problem: (message: string) => void): number[] {
  const parts = text.split(/[\s,→>-]+/).filter(Boolean);
  const steps = parts.map(Number);
  if (parts.length === 0 || steps.some((n) => !Number.isInteger(n) || n < 1 || n > 100)) {
    problem(`expected percentages 1-100 for the new target, like "10,50,100", got ${JSON.stringify(text)}`);
    return [100];
  }
  for (const [i, step] of steps.entries()) {
    const before = steps[i - 1];
    if (before !== undefined && step <= before) {
      problem(`steps must go up: ${before} then ${step}`);
      return [100];
    }
  }
  if (steps.at(-1) !== 100)
    problem(`the last step must be 100 (a cutover ends with all traffic on the new target), got ${steps.at(-1)}`);
  return steps;
}

function url(
  v: string | undefined,
  flag: string,
  add: (f: string, m: string) => void,
  required: boolean,
): string | undefined {
  if (v === undefined) {
    if (required) add(flag, 'required: an http:// or https:// base URL');
    return undefined;
  }
  try {
    const u = new URL(v.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    if (u.search || u.hash) {
      add(flag, 'a base URL has no query or fragment; request paths carry their own');
      return undefined;
    }
    return u.toString().replace(/\/+$/, '');
  } catch {
    add(flag, `expected an http:// or https:// URL, got ${JSON.stringify(v)}`);
    return undefined;
  }
}

function int(
  v: string | undefined,
  def: number,
  min: number,
  max: number,
  flag: string,
  add: (f: string, m: string) => void,
): number {
  if (v === undefined || v.trim() === '') return def;
  const n = Number(v.trim());
  if (!Number.isInteger(n) || n < min || n > max) {
    add(flag, `expected a whole number ${min}-${max}, got ${JSON.stringify(v)}`);
    return def;
  }
  return n;
}

function num(
  v: string | undefined,
  def: number,
  min: number,
  max: number,
  flag: string,
  add: (f: string, m: string) => void,
): number {
  if (v === undefined || v.trim() === '') return def;
  const n = Number(v.trim().replace(/%$/, ''));
  if (!Number.isFinite(n) || n < min || n > max) {
    add(flag, `expected a number ${min}-${max}, got ${JSON.stringify(v)}`);
    return def;
  }
  return n;
}

/** `500ms`, `30s`, `5m`, `1h`, `1m30s`; a bare number is in `bareUnit` (seconds unless said). */
function duration(
  v: string | undefined,
  def: number,
  minMs: number,
  maxMs: number,
  flag: string,
  add: (f: string, m: string) => void,
  bareUnit: 's' | 'ms' = 's',
): number {
  if (v === undefined || v.trim() === '') return def;
  const t = v.trim();
  const ms = parseDuration(t, bareUnit);
  if (ms === undefined || ms < minMs || ms > maxMs) {
    add(
      flag,
      `expected a duration like 500ms, 30s, 5m${bareUnit === 'ms' ? ' (a bare number is milliseconds)' : ''} between ${minMs} ms and ${maxMs / 1000} s, got ${JSON.stringify(v)}`,
    );
    return def;
  }
  return Math.round(ms);
}

function boolValue(v: string | undefined, def: boolean, flag: string, add: (f: string, m: string) => void): boolean {
  if (v === undefined || v.trim() === '') return def;
  const t = v.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  add(flag, `expected true or false, got ${JSON.stringify(v)}`);
  return def;
}
