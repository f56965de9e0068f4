/**
 * `parity`: prove the EKS service answers like the ECS one before any traffic moves. Loads the
 * request list (and/or requests recorded in the ECS ALB's access logs), finds the new base URL
 * from the release's Ingress when not given, runs the comparison, and reports a table per
 * endpoint (markdown and JSON).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { KubeObject } from '../model/kube-object.js';
import { readAlbLogs, recordedRequests } from '../cutover/access-log.js';
import { runParityCheck, type ParityResult } from '../cutover/parity.js';
import { parityLines, parityMarkdown, paritySummary } from '../cutover/report.js';
import type { ParityRequest } from '../cutover/requests.js';
import { loadParityRequests } from '../inputs/specs.js';
import { parityConfigFromArgs, type ParityConfig } from '../config/cutover.js';
import { UserInputError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import type { SmokeTransport } from '../smoke/transport.js';
import { connect, type Connection, type EksClientFactory } from './connect.js';
import { ingressBaseUrl } from './steps.js';
import { cancelOnSignals } from '../signals.js';

/** Exit codes of `parity`. */
const ParityExit = { Ok: 0, Invalid: 1, Differs: 2, Cancelled: 130 } as const;

/** What `parity` needs from its front door. */
export interface ParityDeps {
  log: (line: string) => void;
  signal?: AbortSignal;
  connection?: Connection;
  eksClients?: EksClientFactory;
  /** Default: plain HTTP(S). */
  transport?: SmokeTransport;
}

/** The result of `parity`. */
export interface ParityOutcome {
  status: 'passed' | 'failed' | 'cancelled';
  exitCode: number;
  message: string;
  result: ParityResult;
  /** Job-summary markdown. */
  markdown: string;
  refusedWrites: string[];
  notSent: number;
  invalidLogLines: number;
  /** Report files written. */
  written: string[];
}

/** The requests of a parity check, from the list and the access logs. */
export interface LoadedRequests {
  requests: ParityRequest[];
  refusedWrites: string[];
  notSent: number;
  invalidLogLines: number;
}

/** Load the request list and the recorded requests; refuses writes not marked safe. */
export async function loadRequests(config: ParityConfig, log: (line: string) => void): Promise<LoadedRequests> {
  const out: LoadedRequests = { requests: [], refusedWrites: [], notSent: 0, invalidLogLines: 0 };
  if (config.requests)
    out.requests.push(...(await loadParityRequests(config.requests, { timeoutMs: config.requestTimeoutMs })));
  if (config.accessLogs.length > 0) {
    const logs = await readAlbLogs(config.accessLogs);
    for (const bad of logs.invalid) log(`access log: skipped ${bad}`);
    const rec = recordedRequests(logs.entries, { limit: config.accessLogLimit, timeoutMs: config.requestTimeoutMs });
    const named = new Set(out.requests.map((r) => `${r.method} ${r.path}`));
    out.requests.push(...rec.requests.filter((r) => !named.has(`${r.method} ${r.path}`)));
    out.refusedWrites = rec.refusedWrites;
    out.notSent = rec.notSent;
    out.invalidLogLines = logs.invalidCount;
    log(
      `access logs: ${logs.entries.length} entries, ${rec.requests.length} distinct read(s) chosen${rec.refusedWrites.length ? `, ${rec.refusedWrites.length} write(s) not replayed` : ''}`,
    );
  }
  if (out.requests.length === 0)
    throw new UserInputError(
      'no requests to compare (the list is empty and the access logs hold no reads)',
      undefined,
      'requests',
    );
  return out;
}

/** The new target as the Ingress publishes it: base URL for requests, DNS name for Route 53. */
export interface IngressAddress {
  ingress: string;
  url?: string;
  hostname?: string;
}

function isAlb(o: KubeObject): boolean {
  return (
    (o['spec'] as { ingressClassName?: string } | undefined)?.ingressClassName === 'alb' ||
    o.metadata.annotations?.['kubernetes.io/ingress.class'] === 'alb'
  );
}

/** Address of the named Ingress, or of the first ALB Ingress of the namespace. */
export async function releaseIngressAddress(
  client: KubeClient,
  namespace: string,
  name?: string,
): Promise<IngressAddress> {
  let ing: KubeObject | undefined;
  if (name) {
    ing = await client.get('networking.k8s.io/v1', 'Ingress', namespace, name);
    if (!ing) throw new UserInputError(`Ingress ${namespace}/${name} not found`, undefined, 'ingress');
  } else {
    const { items } = await client.list('networking.k8s.io/v1', 'Ingress', namespace);
    ing = items.find(isAlb) ?? items[0];
    if (!ing)
      throw new UserInputError(
        `no Ingress in namespace ${namespace} to find the new target from; give --new-url (and --new-alb for cutover)`,
        undefined,
        'ingress',
      );
  }
  const lb = (ing['status'] as { loadBalancer?: { ingress?: { hostname?: string; ip?: string }[] } } | undefined)
    ?.loadBalancer?.ingress?.[0];
  const out: IngressAddress = { ingress: `${namespace}/${ing.metadata.name}` };
  // The sandbox publishes a local listener for the emulated ALB; on EKS this is http://<hostname>.
  const url = await ingressBaseUrl(client, namespace, ing.metadata.name);
  if (url) out.url = url;
  if (lb?.hostname) out.hostname = lb.hostname;
  return out;
}

/**
 * Run the parity check as configured. Input problems throw `UserInputError(s)`; a failing or
 * cancelled comparison is an outcome.
 */
export async function runParity(config: ParityConfig, deps: ParityDeps): Promise<ParityOutcome> {
  const { log } = deps;
  const loaded = await loadRequests(config, log);
  let newUrl = config.newUrl;
  if (!newUrl) {
    const conn = deps.connection ?? (config.cluster ? await connect(config.cluster, deps.eksClients) : undefined);
    if (!conn) throw new UserInputError('give the new base URL or the cluster to read it from', undefined, 'new-url');
    const addr = await releaseIngressAddress(conn.client, config.namespace, config.ingress);
    if (!addr.url)
      throw new UserInputError(
        `Ingress ${addr.ingress} has no address yet (the load balancer is still being provisioned?); give --new-url or retry later`,
        undefined,
        'new-url',
      );
    newUrl = addr.url;
    log(`new target: ${newUrl} (Ingress ${addr.ingress})`);
  }
  log(`parity: ${loaded.requests.length} request(s), ${config.repeat}× each, old ${config.oldUrl} vs new ${newUrl}`);
  const result = await runParityCheck(loaded.requests, {
    oldBaseUrl: config.oldUrl,
    newBaseUrl: newUrl,
    repeat: config.repeat,
    latency: { ratio: config.latencyRatio, slackMs: config.latencySlackMs },
    ignore: config.ignore,
    concurrency: config.concurrency,
    log,
    ...(deps.transport ? { transport: deps.transport } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const extras = {
    refusedWrites: loaded.refusedWrites,
    notSent: loaded.notSent,
    invalidLogLines: loaded.invalidLogLines,
  };
  const markdown = parityMarkdown(result, extras);
  const status = result.cancelled ? 'cancelled' : result.ok ? 'passed' : 'failed';
  const outcome: ParityOutcome = {
    status,
    exitCode: status === 'passed' ? ParityExit.Ok : status === 'cancelled' ? ParityExit.Cancelled : ParityExit.Differs,
    message: paritySummary(result),
    result,
    markdown,
    ...extras,
    written: [],
  };
  outcome.written = await writeReports(config, markdown, {
    status,
    message: outcome.message,
    ...extras,
    parity: result,
  });
  return outcome;
}

/** Write the markdown and JSON reports where the config says; returns the paths written. */
export async function writeReports(
  config: { reportJson?: string; reportMd?: string },
  markdown: string,
  json: unknown,
): Promise<string[]> {
  const written: string[] = [];
  for (const [path, text] of [
    [config.reportMd, markdown],
    [config.reportJson, `${JSON.stringify(json, null, 2)}\n`],
  ] as const) {
    if (!path) continue;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    written.push(path);
  }
  return written;
}

/** Where the command writes; the CLI passes stdout/stderr, tests capture. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

/** `eks-fargate-deploy parity ...`: returns the exit code. SIGINT/SIGTERM cancel. */
export async function runParityCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const config = parityConfigFromArgs(args);
  return withCancellation(io, async (signal) => {
    const out = await runParity(config, {
      log: (l) => {
        io.out(`${l}\n`);
      },
      signal,
    });
    for (const l of parityLines(out.result)) io.out(`${l}\n`);
    for (const f of out.written) io.out(`wrote ${f}\n`);
    io.out(`parity: ${out.status}: ${out.message}\n`);
    return out.exitCode;
  });
}

/** Run `fn` with a signal aborted by SIGINT/SIGTERM (the runner's cancel). */
export async function withCancellation<T>(
  io: CommandIo,
  fn: (signal: AbortSignal) => Promise<T>,
  what = 'cancelling',
): Promise<T> {
  const cancel = cancelOnSignals((sig, again) => {
    if (!again) io.err(`received ${sig}: ${what}\n`);
  });
  try {
    return await fn(cancel.signal);
  } finally {
    cancel.dispose();
  }
}
