import { ECSClient, DescribeServicesCommand, DescribeTaskDefinitionCommand, type Service } from '@aws-sdk/client-ecs';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  type ScalableTarget,
  type ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import type { Finding } from '../findings.js';
import type { EcsInputs, LoadedScaling, LoadedService, LoadedTaskDefinition } from './model.js';
import { parseScalingDocument, parseServicesDocument, parseTaskDefinitionDocument } from './parse.js';

/** Which services to read, and where. */
export interface LiveEcsRequest {
  /** Cluster name (not ARN). */
  cluster: string;
  /** Service names (not ARNs) in that cluster; duplicates are read once. */
  services: string[];
  /** Region the clients were built for (see `defaultLiveEcsClients`); only checked and shown in messages here. */
  region?: string;
}

/** The AWS clients `readLiveEcs` uses; injected so callers decide credentials, region and endpoint. */
export interface LiveEcsClients {
  ecs: ECSClient;
  autoscaling: ApplicationAutoScalingClient;
}

/** ECS allows at most 10 services per DescribeServices call. */
const DESCRIBE_SERVICES_BATCH = 10;
/** Keeps DescribeScalableTargets requests small; the API documents no limit on ResourceIds. */
const SCALABLE_TARGETS_BATCH = 50;
/** Task definitions described at once: enough to hide latency, few enough not to get throttled. */
const TASK_DEFINITION_CONCURRENCY = 4;
/** A paginated listing that goes on longer than this is a broken paginator, not a real account. */
const MAX_PAGES = 1000;

/** ECS's rule for cluster and service names. */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Clients for the SDK's default credential chain and region (env, shared config, SSO, web identity,
 * container/instance metadata). The SDK itself honours `AWS_ENDPOINT_URL` (and the per-service
 * `AWS_ENDPOINT_URL_ECS` / `AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING`), which is how tests point
 * these clients at moto. Timeouts are set because the SDK's default is to wait forever.
 */
export function defaultLiveEcsClients(region?: string): LiveEcsClients {
  const config = {
    ...(region ? { region } : {}),
    // An endpoint that accepts and never answers costs at most 2 × 30 s per call, not 3 × 60 s.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
  };
  return { ecs: new ECSClient(config), autoscaling: new ApplicationAutoScalingClient(config) };
}

/**
 * Read ECS services live and normalise them exactly as the file path does.
 *
 * Reads the services (DescribeServices in batches of 10), each service's task definition
 * (DescribeTaskDefinition with include TAGS, deduplicated by ARN), and the scalable targets and
 * scaling policies of those services (ServiceNamespace ecs, ResourceIds `service/<cluster>/<name>`,
 * paginated). Every response goes through the same parsers as files (`parse.ts`), as the JSON the
 * AWS CLI would have printed, so a live read and a `describe-*` dump give the same `EcsInputs`.
 *
 * Sources are `ecs://<cluster>/<service>` for services and scaling, and
 * `ecs://<cluster>/<service>/taskdef/<family>:<revision>` for task definitions (named after the
 * first requested service that uses it). Results follow the order of `req.services`; scaling is
 * listed only for services that have a scalable target.
 *
 * @throws UserInputErrors when the request is invalid (before any call is made).
 * @throws UserInputError (UserInputErrors when several) when the cluster or a service does not
 *   exist or a service is INACTIVE.
 * @throws Error naming the API call that failed and why, for credentials, permission, network or
 *   throttling failures.
 */
export async function readLiveEcs(
  req: LiveEcsRequest,
  clients: LiveEcsClients,
): Promise<{ inputs: EcsInputs; findings: Finding[] }> {
  const serviceNames = validateRequest(req);
  const { cluster } = req;
  const where = await describeWhere(req, clients);
  const findings: Finding[] = [];

  const rawServices = await describeServices(cluster, serviceNames, clients.ecs, where);

  const services: LoadedService[] = [];
  for (const name of serviceNames) {
    const svc = rawServices.get(name);
    // describeServices has already refused a service it could not find.
    if (svc === undefined) throw new Error(`DescribeServices returned no service ${showValue(name)}`);
    const parsed = parseServicesDocument({ services: [toDocument(svc)] }, serviceSource(cluster, name));
    services.push(...parsed.value);
    findings.push(...parsed.findings);
    if (svc.status === 'DRAINING') {
      findings.push({
        severity: 'warning',
        code: 'service-draining',
        message: `ECS service ${showValue(name)} is DRAINING (being deleted); it was read as it is now`,
        file: serviceSource(cluster, name),
        field: 'status',
      });
    }
  }

  const taskDefinitions = await describeTaskDefinitions(cluster, services, clients.ecs, where);
  for (const t of taskDefinitions) findings.push(...t.findings);

  const scaling = await describeScaling(cluster, serviceNames, clients.autoscaling, where);
  for (const s of scaling) findings.push(...s.findings);

  return {
    inputs: {
      taskDefinitions: taskDefinitions.map((t) => t.value),
      services,
      scaling: scaling.map((s) => s.value),
    },
    findings,
  };
}

/** Validate names up front so a typo fails with a clear message instead of an AWS exception. */
function validateRequest(req: LiveEcsRequest): string[] {
  const errors: UserInputError[] = [];
  const checkName = (value: unknown, field: string, what: string): void => {
    if (typeof value !== 'string' || value === '') {
      errors.push(new UserInputError(`an ECS ${what} name is required, got ${showValue(value)}`, undefined, field));
    } else if (!ECS_NAME.test(value)) {
      const arnName = /^arn:aws[\w-]*:ecs:[^:]*:\d*:[a-z]+\/(?:[^/]+\/)?([^/]+)$/.exec(value)?.[1];
      const hint = arnName ? ` (pass the name, e.g. ${showValue(arnName)}, not the ARN)` : '';
      errors.push(
        new UserInputError(
          `${showValue(value)} is not a valid ECS ${what} name (1-255 letters, digits, hyphens, underscores)${hint}`,
          undefined,
          field,
        ),
      );
    }
  };
  checkName(req.cluster, 'cluster', 'cluster');
  if (!Array.isArray(req.services) || req.services.length === 0) {
    errors.push(new UserInputError('name at least one ECS service to read', undefined, 'services'));
  } else {
    req.services.forEach((s, i) => {
      checkName(s, `services[${i}]`, 'service');
    });
  }
  if (req.region !== undefined && !REGION.test(req.region)) {
    errors.push(
      new UserInputError(`${showValue(req.region)} is not an AWS region (e.g. us-east-1)`, undefined, 'region'),
    );
  }
  if (errors.length > 0) throw new UserInputErrors(errors);
  return [...new Set(req.services)];
}

/** " in region us-east-1" for messages: the region the client really calls, else the request's. */
async function describeWhere(req: LiveEcsRequest, clients: LiveEcsClients): Promise<string> {
  let region: string | undefined;
  try {
    region = await clients.ecs.config.region();
  } catch {
    // No region configured: the first call fails and says so.
  }
  region ||= req.region;
  return region ? ` in region ${region}` : '';
}

function serviceSource(cluster: string, service: string): string {
  return `ecs://${cluster}/${service}`;
}

async function describeServices(
  cluster: string,
  names: string[],
  ecs: ECSClient,
  where: string,
): Promise<Map<string, Service>> {
  const found = new Map<string, Service>();
  const problems: UserInputError[] = [];
  for (let i = 0; i < names.length; i += DESCRIBE_SERVICES_BATCH) {
    const batch = names.slice(i, i + DESCRIBE_SERVICES_BATCH);
    let out;
    try {
      out = await ecs.send(new DescribeServicesCommand({ cluster, services: batch }));
    } catch (err) {
      if (errorName(err) === 'ClusterNotFoundException') {
        throw new UserInputError(
          `ECS cluster ${showValue(cluster)} not found${where} (check the cluster name and region)`,
        );
      }
      throw callFailed('ECS DescribeServices', 'ecs:DescribeServices', `cluster ${showValue(cluster)}${where}`, err);
    }
    for (const s of out.services ?? []) {
      if (s.serviceName && batch.includes(s.serviceName)) found.set(s.serviceName, s);
    }
    for (const f of out.failures ?? []) {
      const name = f.arn?.slice(f.arn.lastIndexOf('/') + 1) ?? '';
      if (f.reason === 'MISSING') continue; // reported below, with INACTIVE ones, in request order
      throw new Error(
        `ECS DescribeServices failed for service ${showValue(name)} in cluster ${showValue(cluster)}${where}: ` +
          `${f.reason ?? 'unknown reason'}${f.detail ? ` (${f.detail})` : ''}`,
      );
    }
  }
  for (const name of names) {
    const s = found.get(name);
    if (!s) {
      problems.push(
        new UserInputError(`ECS service ${showValue(name)} not found in cluster ${showValue(cluster)}${where}`),
      );
    } else if (s.status === 'INACTIVE') {
      problems.push(
        new UserInputError(
          `ECS service ${showValue(name)} in cluster ${showValue(cluster)}${where} is INACTIVE (deleted)`,
        ),
      );
    }
  }
  const [only, ...more] = problems;
  if (only && more.length === 0) throw only;
  if (problems.length > 1) throw new UserInputErrors(problems);
  return found;
}

async function describeTaskDefinitions(
  cluster: string,
  services: LoadedService[],
  ecs: ECSClient,
  where: string,
): Promise<{ value: LoadedTaskDefinition; findings: Finding[] }[]> {
  // First service to reference an ARN names its source; the rest share the same read.
  const byArn = new Map<string, string>();
  for (const { service } of services) {
    const arn = service.taskDefinition;
    if (!byArn.has(arn)) byArn.set(arn, service.serviceName);
  }
  return mapLimit([...byArn], TASK_DEFINITION_CONCURRENCY, async ([arn, serviceName]) => {
    let out;
    try {
      out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
    } catch (err) {
      throw callFailed(
        'ECS DescribeTaskDefinition',
        'ecs:DescribeTaskDefinition',
        `${showValue(arn)} (used by service ${showValue(serviceName)}${where})`,
        err,
      );
    }
    const td = out.taskDefinition;
    const label =
      td?.family && td.revision !== undefined ? `${td.family}:${td.revision}` : arn.slice(arn.lastIndexOf('/') + 1);
    const source = `${serviceSource(cluster, serviceName)}/taskdef/${label}`;
    return parseTaskDefinitionDocument(toDocument({ taskDefinition: td, tags: out.tags }), source);
  });
}

async function describeScaling(
  cluster: string,
  serviceNames: string[],
  autoscaling: ApplicationAutoScalingClient,
  where: string,
): Promise<{ value: LoadedScaling; findings: Finding[] }[]> {
  const resourceIds = serviceNames.map((n) => `service/${cluster}/${n}`);
  const targets: ScalableTarget[] = [];
  for (let i = 0; i < resourceIds.length; i += SCALABLE_TARGETS_BATCH) {
    const batch = resourceIds.slice(i, i + SCALABLE_TARGETS_BATCH);
    const pages = paginate(`DescribeScalableTargets for cluster ${showValue(cluster)}`, (NextToken) =>
      autoscaling
        .send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: batch, NextToken }))
        .then((o) => ({ items: o.ScalableTargets ?? [], next: o.NextToken }))
        .catch((err: unknown) => {
          throw callFailed(
            'Application Auto Scaling DescribeScalableTargets',
            'application-autoscaling:DescribeScalableTargets',
            `cluster ${showValue(cluster)}${where}`,
            err,
          );
        }),
    );
    for await (const t of pages) {
      if (t.ResourceId && batch.includes(t.ResourceId)) targets.push(t);
    }
  }

  const out: { value: LoadedScaling; findings: Finding[] }[] = [];
  for (const name of serviceNames) {
    const resourceId = `service/${cluster}/${name}`;
    const own = targets.filter((t) => t.ResourceId === resourceId);
    // A policy cannot exist without its scalable target, so services without one need no call.
    if (own.length === 0) continue;
    const policies: ScalingPolicy[] = [];
    const pages = paginate(`DescribeScalingPolicies for ${resourceId}`, (NextToken) =>
      autoscaling
        .send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: resourceId, NextToken }))
        .then((o) => ({ items: o.ScalingPolicies ?? [], next: o.NextToken }))
        .catch((err: unknown) => {
          throw callFailed(
            'Application Auto Scaling DescribeScalingPolicies',
            'application-autoscaling:DescribeScalingPolicies',
            `service ${showValue(name)} in cluster ${showValue(cluster)}${where}`,
            err,
          );
        }),
    );
    // Exact match: moto 5 filters ResourceId by substring, so "service/c/web" also returns
    // the policies of "service/c/web-2"; the real API matches exactly, so this costs nothing there.
    for await (const p of pages) if (p.ResourceId === resourceId) policies.push(p);
    out.push(
      parseScalingDocument(
        toDocument({ ScalableTargets: own, ScalingPolicies: policies }),
        serviceSource(cluster, name),
      ),
    );
  }
  return out;
}

/** Follow NextToken; a token seen twice (a broken paginator) fails instead of looping forever. */
async function* paginate<T>(
  what: string,
  page: (token: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>,
): AsyncGenerator<T> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const { items, next } = await page(token);
    yield* items;
    if (!next) return;
    if (seen.has(next)) throw new Error(`${what}: the API returned the same NextToken twice; stopping`);
    seen.add(next);
    token = next;
  }
  throw new Error(`${what}: more than ${MAX_PAGES} pages; stopping`);
}

/** Run `fn` over `items` with at most `limit` in flight; results keep the input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  // One iterator shared by the workers: each takes the next item as it becomes free.
  const queue = items.entries();
  const worker = async (): Promise<void> => {
    for (const [i, item] of queue) results[i] = await fn(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The response as the JSON the AWS CLI prints (dates as ISO strings, no SDK `$metadata`), which is
 * what the file parsers were written for: a `Date` would otherwise come out of `stripNulls` as `{}`.
 */
function toDocument(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === '$metadata' ? undefined : v)));
}

/** Duck-typed: errors from another realm (Node's net module under a VM, as in jest) fail `instanceof Error`. */
function errorName(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { name?: unknown }).name === 'string'
    ? (err as { name: string }).name
    : undefined;
}

function errorMessage(err: unknown): string {
  const message =
    typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string'
      ? (err as { message: string }).message
      : String(err);
  // The SDK's retry layer wraps errors it does not recognise as Errors; the prefix tells the user nothing.
  return message.replace(/^AWS SDK error wrapper for (Error: )?/, '');
}

/**
 * An Error that says which call failed, on what, and why, with a hint for the usual causes.
 * SDK errors carry no credentials, only their name and the service's message.
 */
function callFailed(call: string, permission: string, on: string, err: unknown): Error {
  const name = errorName(err);
  const reason = errorMessage(err) || name || 'unknown error';
  let hint = '';
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(reason)) {
    hint =
      ' (no AWS credentials found: configure credentials, e.g. aws-actions/configure-aws-credentials or AWS_PROFILE)';
  } else if (name === 'AccessDeniedException' || name === 'AccessDenied' || /not authorized/i.test(reason)) {
    hint = ` (the caller needs the IAM permission ${permission})`;
  } else if (/Region is missing/i.test(reason)) {
    hint = ' (set AWS_REGION or pass a region)';
  } else if (name === 'ThrottlingException') {
    hint = ' (throttled by AWS; retry later)';
  }
  const what = name && name !== 'Error' && !reason.startsWith(name) ? `${name}: ${reason}` : reason;
  return new Error(`${call} failed for ${on}: ${what}${hint}`, { cause: err });
}
