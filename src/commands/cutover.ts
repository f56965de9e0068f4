/**
 * `cutover`: move a DNS name from the ECS service to the EKS one, reversibly.
 *
 *   load requests + smoke checks ─► find the new target (Ingress) ─► parity + smoke before any change
 *   ─► for each step (10 → 50 → 100): Route 53 weights ─► bake ─► gate (smoke, parity, ALB metrics)
 *        a failed gate / error / cancel: all weight back on the old target at once, run fails
 *   ─► finished: 100 on new, how to retire the ECS service; opt-in: ECS desired count 0
 *
 * Every change is an event: logged, in the report, and a note on the release record.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { defaultCloudWatchClient, readAlbMetrics, type AlbMetrics } from '../aws/cloudwatch.js';
import { albHostedZoneId, defaultRoute53Client, normaliseName, type WeightedTarget } from '../aws/route53.js';
import { cutoverConfigFromArgs, type CutoverConfig, type MetricsGate } from '../config/cutover.js';
import { runParityCheck, type ParityResult } from '../cutover/parity.js';
import { cutoverTimeline, parityLines, parityMarkdown, paritySummary } from '../cutover/report.js';
import {
  CutoverPreconditionError,
  revertTraffic,
  shiftTraffic,
  type CutoverEvent,
  type GateResult,
  type ShiftPlan,
} from '../cutover/shift.js';
import { UserInputError } from '../errors.js';
import { ReleaseStore } from '../kube/release.js';
import { escapeMarkdown } from '../report/escape.js';
import { runSmokeChecks, type SmokeResult } from '../smoke/run.js';
import { smokeSummary, smokeTable } from '../smoke/report.js';
import { loadSmokeSpec } from '../inputs/specs.js';
import { secretHeaderValues, type SmokeCheck } from '../smoke/spec.js';
import { createSmokeTransport, type SmokeTransport } from '../smoke/transport.js';
import { connect, type Connection, type EksClientFactory } from './connect.js';
import {
  loadRequests,
  releaseIngressAddress,
  withCancellation,
  writeReports,
  type CommandIo,
  type LoadedRequests,
} from './parity.js';
import { ingressBaseUrl } from './steps.js';
import { systemClock } from '../util/retry.js';

/** Exit codes of `cutover`. */
export const CutoverExit = {
  /** Finished (or reverted on request): the weights are where they were asked to be. */
  Ok: 0,
  /** Invalid input or a precondition failed: nothing changed. */
  Invalid: 1,
  /** Parity (or smoke) failed before the first change: nothing changed. */
  ParityFailed: 2,
  /** A gate failed: all traffic is back on the old target. */
  Reverted: 3,
  /** The revert itself failed: the weights need a human now. */
  RevertFailed: 4,
  /** Cancelled: all traffic is back on the old target. */
  Cancelled: 130,
} as const;

/** AWS clients of a cutover; injectable (tests point them at moto). */
interface CutoverAwsClients {
  route53?: Route53Client;
  cloudwatch?: CloudWatchClient;
  ecs?: ECSClient;
}

/** What `cutover` needs from its front door. */
export interface CutoverDeps {
  log: (line: string) => void;
  signal?: AbortSignal;
  connection?: Connection;
  eksClients?: EksClientFactory;
  aws?: CutoverAwsClients;
  /** For parity and URL smoke checks; default plain HTTP(S). */
  transport?: SmokeTransport;
  /** Every recorded event, as it happens (progress displays, tests); awaited before the run goes on. */
  onEvent?: (event: CutoverEvent) => void | Promise<void>;
  /** Route 53 GetChange poll interval, ms (default 2 000). */
  dnsPollMs?: number;
  /** Told every credential before anything is logged (the action: core.setSecret), e.g. smoke-test header values. */
  mask?: (secret: string) => void;
}

/** How a cutover ended. */
type CutoverStatus = 'completed' | 'reverted-on-request' | 'parity-failed' | 'reverted' | 'cancelled' | 'revert-failed';

/** The result of `cutover`. */
export interface CutoverOutcome {
  status: CutoverStatus;
  exitCode: number;
  message: string;
  record: { hostedZoneId: string; name: string; type: string };
  targets: {
    old: { setIdentifier: string; dnsName: string };
    new: { setIdentifier: string; dnsName: string; url?: string };
  };
  /** Weights left on the record, as far as this run knows. */
  weights?: { old: number; new: number };
  failedStep?: number;
  events: CutoverEvent[];
  /** Parity before the first change. */
  preflight?: ParityResult;
  preflightSmoke?: SmokeResult[];
  /** The last gate's parity, smoke and metrics. */
  lastParity?: ParityResult;
  lastSmoke?: SmokeResult[];
  metrics: AlbMetrics[];
  /** What to do next to retire the ECS service. */
  retire: string[];
  ecsScaledToZero: boolean;
  refusedWrites: string[];
  markdown: string;
  written: string[];
}

/** Run a cutover as configured. Input problems and unmet preconditions throw before any change. */
export async function runCutover(config: CutoverConfig, deps: CutoverDeps): Promise<CutoverOutcome> {
  const { log } = deps;
  const route53 = deps.aws?.route53 ?? defaultRoute53Client();
  const loaded: LoadedRequests | undefined =
    config.requests || config.accessLogs.length > 0 ? await loadRequests(config, log) : undefined;
  const checks: SmokeCheck[] = config.smokeTests ? await loadSmokeSpec(config.smokeTests) : [];
  for (const secret of secretHeaderValues(checks)) deps.mask?.(secret);
  const conn = deps.connection ?? (config.cluster ? await connect(config.cluster, deps.eksClients) : undefined);

  const { newUrl, newDns } = await newTarget(config, conn, log, loaded !== undefined || checks.length > 0);
  const plan = shiftPlan(config, newDns);
  const out = startOutcome(config, newDns, newUrl, loaded);
  const notes = releaseNotes(conn, config, log);
  const record = async (e: CutoverEvent): Promise<void> => {
    out.events.push(e);
    log(`cutover: ${e.message}`);
    await deps.onEvent?.(e);
    await notes(e);
  };

  try {
    if (config.revert) {
      const r = await revertTraffic(plan, {
        route53,
        record,
        waitDns: config.waitDns,
        ...(deps.dnsPollMs !== undefined ? { dnsPollMs: deps.dnsPollMs } : {}),
      });
      return await finish(out, config, {
        status: 'reverted-on-request',
        exitCode: CutoverExit.Ok,
        message: `${out.record.name} ${config.recordType}: ${r.message}`,
        weights: r.weights,
      });
    }

    return await gatedShift({ config, deps, loaded, checks, newUrl: newUrl ?? '', conn, out }, plan, route53, record);
  } catch (err) {
    if (err instanceof CutoverPreconditionError) throw new UserInputError(err.message, undefined, 'record-name');
    throw err;
  }
}

/** The new target's URL and DNS name: given, or read from the release's Ingress. */
async function newTarget(
  config: CutoverConfig,
  conn: Connection | undefined,
  log: (line: string) => void,
  needsUrl: boolean,
): Promise<{ newUrl: string | undefined; newDns: string }> {
  let newUrl = config.newUrl;
  let newDns = config.newAlb.dnsName;
  if ((!newUrl || !newDns) && conn) {
    const addr = await releaseIngressAddress(conn.client, config.namespace, config.ingress);
    newUrl ??= addr.url;
    newDns ??= addr.hostname;
    log(
      `new target: Ingress ${addr.ingress}: ${addr.hostname ?? 'no hostname yet'}${addr.url ? ` (${addr.url})` : ''}`,
    );
  }
  if (!newDns)
    throw new UserInputError(
      'the new load balancer has no DNS name yet (Ingress status is empty); give --new-alb or wait for the AWS Load Balancer Controller',
      undefined,
      'new-alb',
    );
  if (!newUrl && !config.revert && needsUrl)
    throw new UserInputError('no base URL for the new target; give --new-url', undefined, 'new-url');
  return { newUrl, newDns };
}

/** The weighted records to move, and how. */
function shiftPlan(config: CutoverConfig, newDns: string): ShiftPlan {
  return {
    record: { hostedZoneId: config.hostedZoneId, name: config.recordName, type: config.recordType },
    old: {
      setIdentifier: config.oldSetId,
      target: targetOf(config, config.oldAlb.dnsName, config.oldAlb.hostedZoneId, 'old-alb-zone-id'),
    },
    new: {
      setIdentifier: config.newSetId,
      target: targetOf(config, newDns, config.newAlb.hostedZoneId, 'new-alb-zone-id'),
    },
    steps: config.steps,
    bakeMs: config.bakeMs,
  };
}

/** The outcome before anything happened. */
function startOutcome(
  config: CutoverConfig,
  newDns: string,
  newUrl: string | undefined,
  loaded: LoadedRequests | undefined,
): CutoverOutcome {
  return {
    status: 'reverted',
    exitCode: CutoverExit.Invalid,
    message: '',
    record: { hostedZoneId: config.hostedZoneId, name: normaliseName(config.recordName), type: config.recordType },
    targets: {
      old: { setIdentifier: config.oldSetId, dnsName: config.oldAlb.dnsName },
      new: { setIdentifier: config.newSetId, dnsName: newDns, ...(newUrl ? { url: newUrl } : {}) },
    },
    events: [],
    metrics: [],
    retire: [],
    ecsScaledToZero: false,
    refusedWrites: loaded?.refusedWrites ?? [],
    markdown: '',
    written: [],
  };
}

/** Parity first, then the weights step by step, each step gated; then the ECS service when asked. */
async function gatedShift(
  gateDeps: GateDeps,
  plan: ShiftPlan,
  route53: NonNullable<NonNullable<CutoverDeps['aws']>['route53']>,
  record: (e: CutoverEvent) => Promise<void>,
): Promise<CutoverOutcome> {
  const { config, deps, out } = gateDeps;
  // Parity first: no DNS change until the new service answers like the old one.
  const pre = await preflight(gateDeps);
  if (deps.signal?.aborted)
    return await finish(out, config, {
      status: 'cancelled',
      exitCode: CutoverExit.Cancelled,
      message: 'cancelled before any DNS change',
    });
  if (pre.length > 0) {
    const why = pre.join('; ');
    await record({
      at: new Date().toISOString(),
      kind: 'gate',
      step: 0,
      gates: [],
      message: `before any change: ${why}; DNS left as it was`,
    });
    return await finish(out, config, {
      status: 'parity-failed',
      exitCode: CutoverExit.ParityFailed,
      message: `${why}; no DNS change made`,
    });
  }

  const cloudwatch = config.metrics
    ? (deps.aws?.cloudwatch ?? defaultCloudWatchClient(config.metrics.region))
    : undefined;
  const shift = await shiftTraffic(plan, {
    route53,
    record,
    waitDns: config.waitDns,
    ...(deps.dnsPollMs !== undefined ? { dnsPollMs: deps.dnsPollMs } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    gate: (step) => stepGate(gateDeps, step, cloudwatch),
  });
  const statusOf = {
    completed: 'completed',
    reverted: 'reverted',
    cancelled: 'cancelled',
    'revert-failed': 'revert-failed',
  } as const;
  const exitOf = {
    completed: CutoverExit.Ok,
    reverted: CutoverExit.Reverted,
    cancelled: CutoverExit.Cancelled,
    'revert-failed': CutoverExit.RevertFailed,
  } as const;
  out.retire = shift.status === 'completed' ? retireHint(config, plan) : [];
  if (shift.status === 'completed' && config.scaleEcsToZero && config.ecs)
    await scaleEcsToZero(config, config.ecs, deps, out, record);
  return await finish(out, config, {
    status: statusOf[shift.status],
    exitCode: exitOf[shift.status],
    message: `${out.record.name} ${config.recordType}: ${shift.message}`,
    weights: shift.weights,
    ...(shift.failedStep !== undefined ? { failedStep: shift.failedStep } : {}),
  });
}

function targetOf(config: CutoverConfig, dnsName: string, zoneId: string | undefined, flag: string): WeightedTarget {
  if (config.recordType === 'CNAME') return { kind: 'cname', value: dnsName, ttl: config.ttl };
  const hz = zoneId ?? albHostedZoneId(dnsName);
  if (!hz)
    throw new UserInputError(
      `cannot tell the canonical hosted zone of ${JSON.stringify(dnsName)} (not an ALB DNS name with a known region); give it, or use --record-type CNAME`,
      undefined,
      flag,
    );
  return { kind: 'alias', dnsName, hostedZoneId: hz, evaluateTargetHealth: config.evaluateTargetHealth };
}

interface GateDeps {
  config: CutoverConfig;
  deps: CutoverDeps;
  loaded: LoadedRequests | undefined;
  checks: SmokeCheck[];
  newUrl: string;
  conn: Connection | undefined;
  out: CutoverOutcome;
}

/** Parity and smoke against the new target before any change; the reasons it fails, if any. */
async function preflight(g: GateDeps): Promise<string[]> {
  const problems: string[] = [];
  const signal = g.deps.signal ?? new AbortController().signal;
  if (g.loaded) {
    g.out.preflight = await parity(g, g.loaded, signal);
    if (!g.out.preflight.ok && !g.out.preflight.cancelled) problems.push(`parity: ${paritySummary(g.out.preflight)}`);
  }
  if (g.checks.length > 0 && !signal.aborted) {
    g.out.preflightSmoke = await smoke(g, signal);
    if (g.out.preflightSmoke.some((r) => !r.ok)) problems.push(`smoke: ${smokeSummary(g.out.preflightSmoke)}`);
  }
  return problems;
}

function parity(g: GateDeps, loaded: LoadedRequests, signal: AbortSignal): Promise<ParityResult> {
  return runParityCheck(loaded.requests, {
    oldBaseUrl: g.config.oldUrl,
    newBaseUrl: g.newUrl,
    repeat: g.config.repeat,
    latency: { ratio: g.config.latencyRatio, slackMs: g.config.latencySlackMs },
    ignore: g.config.ignore,
    concurrency: g.config.concurrency,
    signal,
    log: g.deps.log,
    ...(g.deps.transport ? { transport: g.deps.transport } : {}),
  });
}

function smoke(g: GateDeps, signal: AbortSignal): Promise<SmokeResult[]> {
  const transport =
    g.deps.transport ??
    createSmokeTransport({ ...(g.conn ? { client: g.conn.client } : {}), defaultNamespace: g.config.namespace });
  return runSmokeChecks(g.checks, {
    transport,
    signal,
    log: g.deps.log,
    // Checks on "the release's Ingress" go to the new target; a named Ingress is looked up.
    resolveIngress: async (ref) =>
      ref.name && g.conn ? ingressBaseUrl(g.conn.client, ref.namespace ?? g.config.namespace, ref.name) : g.newUrl,
  });
}

/** The gates of one step: smoke, parity, then the ALB metrics over the bake time. */
async function stepGate(
  g: GateDeps,
  step: { index: number; percent: number; bakeStarted: Date; signal: AbortSignal },
  cloudwatch: CloudWatchClient | undefined,
): Promise<GateResult[]> {
  const results: GateResult[] = [];
  if (g.checks.length > 0) {
    g.out.lastSmoke = await smoke(g, step.signal);
    results.push({ gate: 'smoke', ok: g.out.lastSmoke.every((r) => r.ok), summary: smokeSummary(g.out.lastSmoke) });
  }
  if (g.loaded && !step.signal.aborted) {
    g.out.lastParity = await parity(g, g.loaded, step.signal);
    results.push({ gate: 'parity', ok: g.out.lastParity.ok, summary: paritySummary(g.out.lastParity) });
  }
  if (g.config.metrics && cloudwatch && !step.signal.aborted) {
    const m = await readAlbMetrics(
      cloudwatch,
      g.config.metrics.loadBalancer,
      { start: step.bakeStarted, end: new Date() },
      { latencyStatistic: g.config.metrics.latencyStatistic, signal: step.signal },
    );
    g.out.metrics.push(m);
    results.push(judgeMetrics(m, g.config.metrics));
  }
  return results;
}

/** The metrics gate's verdict: 5xx share of requests and latency against the thresholds. */
function judgeMetrics(m: AlbMetrics, gate: MetricsGate): GateResult {
  const parts: string[] = [];
  let ok = true;
  if (gate.max5xxPercent !== undefined) {
    if (m.requests === 0)
      parts.push(m.errors5xx > 0 ? `${m.errors5xx} 5xx with no requests counted` : 'no requests in the window');
    else {
      const pct = (m.errors5xx / m.requests) * 100;
      const bad = pct > gate.max5xxPercent;
      ok &&= !bad;
      parts.push(`5xx ${pct.toFixed(1)} % of ${m.requests} requests ${bad ? '>' : '≤'} ${gate.max5xxPercent} %`);
    }
    if (m.requests === 0 && m.errors5xx > 0) ok = false;
  }
  if (gate.maxLatencyMs !== undefined) {
    if (m.latencyMs === undefined) parts.push(`no ${m.latencyStatistic} latency data`);
    else {
      const bad = m.latencyMs > gate.maxLatencyMs;
      ok &&= !bad;
      parts.push(`${m.latencyStatistic} latency ${m.latencyMs} ms ${bad ? '>' : '≤'} ${gate.maxLatencyMs} ms`);
    }
  }
  return { gate: 'metrics', ok, summary: `${m.loadBalancer}: ${parts.join(', ')}` };
}

async function scaleEcsToZero(
  config: CutoverConfig,
  ecsRef: NonNullable<CutoverConfig['ecs']>,
  deps: CutoverDeps,
  out: CutoverOutcome,
  record: (e: CutoverEvent) => Promise<void>,
): Promise<void> {
  if (config.ecsDrainMs > 0) {
    deps.log(`waiting ${config.ecsDrainMs} ms for resolvers still holding the old answer before scaling ECS down`);
    await systemClock.sleep(config.ecsDrainMs, deps.signal);
  }
  if (deps.signal?.aborted) {
    await record({
      at: new Date().toISOString(),
      kind: 'ecs',
      message: `cancelled before scaling ECS service ${ecsRef.cluster}/${ecsRef.service} to zero; it still runs (traffic is on the new target)`,
    });
    return;
  }
  const ecs =
    deps.aws?.ecs ??
    new ECSClient({
      region: ecsRef.region,
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
    });
  try {
    await ecs.send(new UpdateServiceCommand({ cluster: ecsRef.cluster, service: ecsRef.service, desiredCount: 0 }));
    out.ecsScaledToZero = true;
    await record({
      at: new Date().toISOString(),
      kind: 'ecs',
      message: `ECS service ${ecsRef.cluster}/${ecsRef.service} scaled to zero (desiredCount 0); scale it back up to return traffic to it`,
    });
  } catch (err) {
    await record({
      at: new Date().toISOString(),
      kind: 'error',
      message: `scaling ECS service ${ecsRef.cluster}/${ecsRef.service} to zero failed: ${err instanceof Error ? err.message : String(err)}; traffic is on the new target regardless`,
    });
  }
}

/** How to retire the ECS service once the cutover is done. */
function retireHint(config: CutoverConfig, plan: ShiftPlan): string[] {
  const c = config.ecs?.cluster ?? '<cluster>';
  const s = config.ecs?.service ?? '<service>';
  const region = config.ecs?.region ? ` --region ${config.ecs.region}` : '';
  return [
    `Watch the EKS service for a while: the old record (${plan.old.setIdentifier}, weight 0) is the way back — \`eks-fargate-deploy cutover --revert\` with the same record flags puts all traffic on ECS again.`,
    `Scale the ECS service to zero (tasks stop, the service and its load balancer stay): \`aws ecs update-service --cluster ${c} --service ${s} --desired-count 0${region}\` (or re-run with --scale-ecs-to-zero --ecs-cluster ${c} --ecs-service ${s}).`,
    `When no way back is needed: delete the weighted record ${plan.old.setIdentifier} of ${normaliseName(plan.record.name)}, then \`aws ecs delete-service --cluster ${c} --service ${s}${region}\`, the ECS load balancer, its target groups and listener rules, and deregister the task definitions.`,
  ];
}

/** Writes each event as a note on the release's last deployed record, when there is a cluster connection. */
function releaseNotes(
  conn: Connection | undefined,
  config: CutoverConfig,
  log: (line: string) => void,
): (e: CutoverEvent) => Promise<void> {
  if (!conn) return () => Promise.resolve();
  const store = new ReleaseStore(conn.client, config.namespace, config.release);
  let number: number | undefined | null;
  let warned = false;
  return async (e) => {
    try {
      if (number === undefined) {
        number = (await store.lastDeployed())?.number ?? null;
        if (number === null)
          log(
            `no deployed record of release ${config.release} in namespace ${config.namespace}: cutover notes are in the report only`,
          );
      }
      if (number === null) return;
      const weights = e.weights ? ` [${config.oldSetId} ${e.weights.old} / ${config.newSetId} ${e.weights.new}]` : '';
      const gates = e.gates?.length ? ` (${e.gates.map((g) => `${g.gate} ${g.ok ? 'ok' : 'FAILED'}`).join(', ')})` : '';
      await store.setStatus(number, 'deployed', [
        `cutover ${e.at} ${normaliseName(config.recordName)}${weights}: ${e.message}${gates}`.slice(0, 1000),
      ]);
    } catch (err) {
      // Notes are a record, not a gate: a failure to write one must not stop or revert the cutover.
      if (!warned)
        log(
          `warning: cannot write cutover notes on the release record: ${err instanceof Error ? err.message : String(err)}`,
        );
      warned = true;
    }
  };
}

async function finish(
  out: CutoverOutcome,
  config: CutoverConfig,
  end: Pick<CutoverOutcome, 'status' | 'exitCode' | 'message'> & {
    weights?: { old: number; new: number };
    failedStep?: number;
  },
): Promise<CutoverOutcome> {
  Object.assign(out, end);
  out.markdown = cutoverMarkdown(out, config);
  const json: Partial<CutoverOutcome> = { ...out };
  delete json.markdown;
  delete json.written;
  out.written = await writeReports(config, out.markdown, json);
  return out;
}

const ICON: Record<CutoverStatus, string> = {
  completed: '✅',
  'reverted-on-request': '↩️',
  'parity-failed': '❌',
  reverted: '↩️',
  cancelled: '⏹️',
  'revert-failed': '🚨',
};

/** The job summary of a cutover: verdict, weights, change log, last parity and smoke tables, next steps. */
function cutoverMarkdown(out: CutoverOutcome, config: CutoverConfig): string {
  const lines = [`## Cutover: ${out.status}`, '', `${ICON[out.status]} ${escapeMarkdown(out.message)}`, ''];
  if (out.weights)
    lines.push(
      `Weights on \`${escapeMarkdown(out.record.name)}\` ${out.record.type}: ${escapeMarkdown(config.oldSetId)} (ECS, ${escapeMarkdown(out.targets.old.dnsName)}) **${out.weights.old}** / ${escapeMarkdown(config.newSetId)} (EKS, ${escapeMarkdown(out.targets.new.dnsName)}) **${out.weights.new}**.`,
      '',
    );
  if (out.events.length > 0)
    lines.push('### Changes', '', cutoverTimeline(out.events, { old: config.oldSetId, new: config.newSetId }), '');
  const p = out.lastParity ?? out.preflight;
  if (p)
    lines.push(
      parityMarkdown(
        p,
        { refusedWrites: out.refusedWrites },
        out.lastParity ? '### Parity at the last gate' : '### Parity before any change',
      ),
    );
  const s = out.lastSmoke ?? out.preflightSmoke;
  if (s && s.length > 0) lines.push('### Smoke checks', '', smokeTable(s), '');
  if (out.retire.length > 0) lines.push('### Retiring the ECS service', '', ...out.retire.map((r) => `- ${r}`), '');
  return `${lines.join('\n')}\n`;
}

/** `eks-fargate-deploy cutover ...`: returns the exit code. SIGINT/SIGTERM revert and exit 130. */
export async function runCutoverCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const config = cutoverConfigFromArgs(args);
  return withCancellation(
    io,
    async (signal) => {
      const out = await runCutover(config, {
        log: (l) => {
          io.out(`${l}\n`);
        },
        signal,
      });
      if (out.lastParity) for (const l of parityLines(out.lastParity)) io.out(`${l}\n`);
      for (const r of out.retire) io.out(`next: ${r}\n`);
      for (const f of out.written) io.out(`wrote ${f}\n`);
      const line = `cutover: ${out.status}: ${out.message}\n`;
      if (out.exitCode === 0) io.out(line);
      else io.err(line);
      return out.exitCode;
    },
    'cancelling: all traffic goes back to the old target',
  );
}
