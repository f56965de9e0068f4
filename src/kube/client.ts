import { UserInputError } from '../errors.js';
import { tokenCredentials, userCredentials, type CredentialSource, type Credentials } from './credentials.js';
import { KubeConfig, loadKubeconfig } from './kubeconfig.js';
import { readText, sendRequest } from './http.js';
import { watchStream } from './watch.js';
import type { KubeObject } from '../model/kube-object.js';
import { backoffDelay, retry, systemClock, type Clock } from '../util/retry.js';

/** The API server's `Status` body of a failed request. */
export interface KubeStatus {
  kind?: 'Status';
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    kind?: string;
    causes?: { type?: string; message?: string; field?: string }[];
    retryAfterSeconds?: number;
  };
}

/** A failed Kubernetes API call, with the server's Status when it sent one. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    message: string,
    readonly code: number,
    readonly status?: KubeStatus,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
  get reason(): string | undefined {
    return this.status?.reason;
  }
}

/** A bearer token provider (the EKS token source refreshes before 15 minutes run out). */
export type TokenProvider = () => Promise<string>;

/** Retry policy for transient API failures: 429, 5xx and dropped connections. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Sleeps between attempts; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 200, maxDelayMs: 5_000 };

const TRANSIENT_CODES = new Set([429, 500, 502, 503, 504]);
const TRANSIENT_ERRNO =
  /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_SOCKET|UND_ERR_CLOSED|other side closed|socket hang up|fetch failed|terminated/i;

/**
 * A 500 that is the request's own fault, not the server's: server-side apply could not convert the
 * configuration to its typed form (an unknown or mistyped field). The API server answers it as a
 * 500 (kubernetes#122480), and every retry fails the same way.
 */
const PERMANENT_500 = /failed to create typed patch object|field not declared in schema/;

/** True for failures worth retrying: throttling, server errors and dropped connections. */
export function isTransient(err: unknown): boolean {
  if (err instanceof KubeTimeoutError) return true;
  if (err instanceof KubeApiError)
    return TRANSIENT_CODES.has(err.code) && !(err.code === 500 && PERMANENT_500.test(err.message));
  const text = err instanceof Error ? `${err.message} ${describeCause(err.cause)}` : String(err);
  return TRANSIENT_ERRNO.test(text);
}

/** The text of an error's `cause` (fetch and node:http put the socket error there). */
function describeCause(cause: unknown): string {
  if (cause instanceof Error) return String(cause);
  return typeof cause === 'string' || typeof cause === 'number' ? String(cause) : '';
}

/**
 * A call the API server accepted and did not answer within the client's request timeout (an
 * endpoint that hangs). Retried once, not {@link RetryPolicy.attempts} times: a server that did not
 * answer in 30 s rarely answers the next try, and eight tries would keep a deploy hanging for minutes.
 */
export class KubeTimeoutError extends Error {
  override readonly name = 'KubeTimeoutError';
}

/** Attempts of a call whose attempts time out (see {@link KubeTimeoutError}). */
const TIMEOUT_ATTEMPTS = 2;

/**
 * Run `fn`, retrying transient failures with capped exponential backoff (a 429's Retry-After wins).
 * Timeouts are retried at most {@link TIMEOUT_ATTEMPTS} times in all; an aborted `signal` ends the
 * waiting between attempts at once. Non-transient errors and the last failure are rethrown as they are.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  signal?: AbortSignal,
): Promise<T> {
  const clock: Clock = policy.sleep ? { now: systemClock.now, sleep: policy.sleep } : systemClock;
  let timeouts = 0;
  return retry(() => fn(), {
    attempts: policy.attempts,
    clock,
    signal,
    shouldRetry: (err) => {
      if (err instanceof KubeTimeoutError) timeouts++;
      return timeouts < TIMEOUT_ATTEMPTS && isTransient(err);
    },
    delayMs: (err, attempt) => {
      const retryAfter =
        err instanceof KubeApiError && err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : undefined;
      return Math.min(policy.maxDelayMs, retryAfter ?? backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs));
    },
  });
}

/** Options of a raw API request. */
export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Retry transient failures (default true). */
  retry?: boolean;
  /** Checked right before each attempt goes on the wire (see sendRequest); throwing stops the request unsent. */
  beforeSend?: () => void;
}

/** What discovery says about a kind. */
export interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

const TOKEN_USER = 'eks-fargate-deploy';

/** How long one request may go unanswered (each attempt; watches are not requests). */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Options of a {@link KubeClient}. */
export interface KubeClientOptions {
  /** Time limit of one attempt of one request (default {@link DEFAULT_REQUEST_TIMEOUT_MS}). */
  requestTimeoutMs?: number;
  /** Cancels every request of this client (see {@link KubeClient.scoped}). */
  signal?: AbortSignal;
  /** How requests authenticate (default: the kubeconfig's current user on its current cluster). */
  credentials?: CredentialSource;
}

/** The credentials of a kubeconfig's current context (a request without a current cluster fails saying so). */
function kubeconfigCredentials(kc: KubeConfig): CredentialSource {
  const cluster = kc.getCurrentCluster();
  if (!cluster) return () => Promise.reject(new UserInputError('no current cluster in the kubeconfig', kc.source));
  return userCredentials(cluster, kc.getCurrentUser(), kc.source);
}

/**
 * The Kubernetes API as this tool uses it: plain REST over node:http(s) (configuration and credentials
 * from a kubeconfig or an EKS token source), object CRUD / server-side apply and watches; every
 * call retried on transient failures; errors turned into `KubeApiError` with the server's Status.
 */
export class KubeClient {
  private discovery = new Map<string, Promise<Map<string, ResourceInfo>>>();

  private readonly requestTimeoutMs: number;
  private readonly scope: AbortSignal | undefined;

  private readonly credentials: CredentialSource;

  constructor(
    /** The configuration: its current context names the cluster and the user. */
    readonly kc: KubeConfig,
    readonly retry: RetryPolicy = DEFAULT_RETRY,
    options: KubeClientOptions = {},
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.scope = options.signal;
    this.credentials = options.credentials ?? kubeconfigCredentials(kc);
  }

  /**
   * The same client (configuration, credentials, discovery cache) with every request also
   * cancelled by `signal`: a phase that must end with its signal (preflight within `--timeout`,
   * or at a SIGTERM) uses it, while the client itself stays usable for the rollback that follows.
   */
  scoped(signal: AbortSignal): KubeClient {
    const c = new KubeClient(this.kc, this.retry, {
      credentials: this.credentials,
      requestTimeoutMs: this.requestTimeoutMs,
      signal: this.scope ? AbortSignal.any([this.scope, signal]) : signal,
    });
    c.discovery = this.discovery;
    return c;
  }

  /** From a kubeconfig file (or `KUBECONFIG` / ~/.kube/config when no path is given). */
  static fromKubeconfig(path?: string, context?: string): KubeClient {
    const kc = loadKubeconfig(path);
    if (context) {
      if (!kc.getContexts().some((c) => c.name === context)) {
        throw new UserInputError(
          `context ${JSON.stringify(context)} not found (have: ${
            kc
              .getContexts()
              .map((c) => c.name)
              .join(', ') || 'none'
          })`,
          path ?? kc.source,
          'context',
        );
      }
      kc.setCurrentContext(context);
    }
    if (!kc.getCurrentCluster()) throw new UserInputError('no current cluster in the kubeconfig', path ?? kc.source);
    return new KubeClient(kc);
  }

  /** From a server URL, its CA (base64 PEM as EKS returns it) and a token provider. */
  static fromCluster(
    opts: { server: string; caData?: string; token: TokenProvider; name?: string; skipTlsVerify?: boolean },
    retry?: RetryPolicy,
    options?: KubeClientOptions,
  ): KubeClient {
    const name = opts.name ?? 'cluster';
    const cluster = {
      name,
      server: opts.server,
      skipTlsVerify: opts.skipTlsVerify ?? false,
      ...(opts.caData ? { ca: Buffer.from(opts.caData, 'base64').toString('utf8') } : {}),
    };
    const kc = new KubeConfig(
      name,
      [cluster],
      [{ name: TOKEN_USER }],
      [{ name, cluster: name, user: TOKEN_USER }],
      name,
    );
    return new KubeClient(kc, retry, { ...options, credentials: tokenCredentials(cluster, opts.token) });
  }

  /** The API server URL. */
  get server(): string {
    return this.kc.getCurrentCluster()?.server ?? '';
  }

  /** The headers and dispatcher of the next request (the token is refreshed when it must be). */
  authenticate(): Promise<Credentials> {
    return this.credentials();
  }

  /**
   * A raw JSON request to the API server (paths like `/apis/coordination.k8s.io/v1/...`), with
   * retries. A non-2xx answer throws `KubeApiError`.
   */
  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const callerSignals = [...(opts.signal ? [opts.signal] : []), ...(this.scope ? [this.scope] : [])];
    const caller =
      callerSignals.length === 0
        ? undefined
        : callerSignals.length === 1
          ? callerSignals[0]
          : AbortSignal.any(callerSignals);
    const what = `${method.toUpperCase()} ${path}`;
    const run = async (): Promise<T> => {
      caller?.throwIfAborted();
      const url = new URL(this.server.replace(/\/$/, '') + path);
      for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      const auth = await this.credentials();
      const headers: Record<string, string> = { ...auth.headers, Accept: 'application/json' };
      let body: string | undefined;
      if (opts.body !== undefined) {
        headers['Content-Type'] = opts.contentType ?? 'application/json';
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      }
      // Each attempt has its own time limit: an API server that accepts and never answers must not hang the tool.
      const attempt = AbortSignal.timeout(this.requestTimeoutMs);
      let status: number;
      let text: string;
      let retryAfter: string | null;
      try {
        const res = await sendRequest(url, {
          method: method.toUpperCase(),
          headers,
          ...(body !== undefined ? { body } : {}),
          agent: auth.agent,
          beforeSend: opts.beforeSend,
          signal: caller ? AbortSignal.any([caller, attempt]) : attempt,
        });
        status = res.statusCode ?? 0;
        const after = res.headers['retry-after'];
        retryAfter = typeof after === 'string' ? after : null;
        text = await readText(res);
      } catch (err) {
        if (attempt.aborted && !caller?.aborted)
          throw new KubeTimeoutError(
            `${what}: no answer from the API server ${this.server} within ${formatSeconds(this.requestTimeoutMs)}`,
          );
        const reason: unknown = caller?.aborted ? caller.reason : undefined;
        if (reason instanceof DOMException && reason.name === 'TimeoutError')
          throw new KubeTimeoutError(
            `${what}: no answer from the API server ${this.server} before the time limit ran out`,
          );
        throw err;
      }
      if (status < 200 || status >= 300) throw toApiError(status, text, retryAfter, what);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    return opts.retry === false ? run() : withRetry(run, this.retry, caller);
  }

  /** Discovery: plural name and scope of a kind, cached per group-version. */
  async resourceFor(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let entry = this.discovery.get(apiVersion);
    if (!entry) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      entry = this.request<{ resources: { name: string; kind: string; namespaced: boolean }[] }>('GET', path).then(
        (list) => {
          const map = new Map<string, ResourceInfo>();
          for (const r of list.resources)
            if (!r.name.includes('/')) map.set(r.kind, { plural: r.name, namespaced: r.namespaced });
          return map;
        },
      );
      entry.catch(() => this.discovery.delete(apiVersion));
      this.discovery.set(apiVersion, entry);
    }
    let info: ResourceInfo | undefined;
    try {
      info = (await entry).get(kind);
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) info = undefined;
      else throw err;
    }
    if (!info)
      throw new KubeApiError(
        `the cluster does not serve ${kind} in ${apiVersion} (${notServedAdvice(apiVersion)})`,
        404,
      );
    return info;
  }

  /** The REST path of an object (or its collection when `name` is omitted). */
  async pathFor(apiVersion: string, kind: string, namespace: string | undefined, name?: string): Promise<string> {
    const info = await this.resourceFor(apiVersion, kind);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = info.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? 'default')}` : '';
    return `${base}${ns}/${info.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
  }

  /** Server-side apply of one object (retried on transient failures). */
  async apply(
    obj: KubeObject,
    opts: {
      fieldManager: string;
      force?: boolean;
      dryRun?: boolean;
      signal?: AbortSignal;
      beforeSend?: () => void;
    },
  ): Promise<KubeObject> {
    const path = await this.pathFor(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
    return this.request<KubeObject>('PATCH', path, {
      ...(opts.beforeSend ? { beforeSend: opts.beforeSend } : {}),
      body: obj,
      contentType: 'application/apply-patch+yaml',
      query: {
        fieldManager: opts.fieldManager,
        force: opts.force ? true : undefined,
        dryRun: opts.dryRun ? 'All' : undefined,
      },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  }

  /** Read one object; undefined when it does not exist. */
  async get<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', await this.pathFor(apiVersion, kind, namespace, name));
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) return undefined;
      throw err;
    }
  }

  /** List objects of a kind in a namespace (all namespaces when undefined). */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the kind's type, as with get(); the server's JSON is taken to be of that kind
  async list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    query: { labelSelector?: string; fieldSelector?: string } = {},
  ): Promise<{ items: T[]; resourceVersion: string }> {
    const info = await this.resourceFor(apiVersion, kind);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const path =
      info.namespaced && namespace
        ? `${base}/namespaces/${encodeURIComponent(namespace)}/${info.plural}`
        : `${base}/${info.plural}`;
    const list = await this.request<{ items?: T[]; metadata?: { resourceVersion?: string } }>('GET', path, { query });
    return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  /** Delete one object (Background propagation by default); true when it existed. */
  async delete(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    propagationPolicy: 'Background' | 'Foreground' | 'Orphan' = 'Background',
  ): Promise<boolean> {
    try {
      await this.request('DELETE', await this.pathFor(apiVersion, kind, namespace, name), {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy },
      });
      return true;
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 404) return false;
      throw err;
    }
  }

  /**
   * Start a watch: `onEvent` gets each event, `onDone` fires once when the stream ends or fails (a
   * refused watch fails with a `WatchRefusedError` carrying its `statusCode`, 30 s without a byte with a `TimeoutError`). Abort
   * the returned controller to stop it.
   */
  watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (type: string, obj: KubeObject) => void,
    onDone: (err: unknown) => void,
  ): Promise<AbortController> {
    const url = new URL(this.server.replace(/\/$/, '') + path);
    url.searchParams.set('watch', 'true');
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return watchStream(url, this.credentials, onEvent, onDone);
  }
}

/** Build a KubeApiError from an HTTP answer, keeping the Status body and Retry-After. */
function toApiError(code: number, body: string, retryAfter: string | null, what: string): KubeApiError {
  let status: KubeStatus | undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (isKubeStatus(parsed)) status = parsed;
  } catch {
    // not JSON: keep the text in the message
  }
  const retry =
    retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : status?.details?.retryAfterSeconds;
  const message = status?.message ?? (body.trim().slice(0, 200) || `HTTP ${code}`);
  return new KubeApiError(
    `${what}: ${code} ${status?.reason ?? ''}${status?.reason ? ': ' : ''}${message}`.replace(/\s+/g, ' ').trim(),
    code,
    status,
    retry,
  );
}

function isKubeStatus(v: unknown): v is KubeStatus {
  return typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'Status';
}

/** Groups of the Kubernetes API itself: a kind in one of them comes with the cluster, never from a CRD. */
function isBuiltInApiGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io') || group === 'k8s.io';
}

/**
 * What to do about a kind the cluster does not serve: built-in kinds (apps/v1, batch/v1,
 * rbac.authorization.k8s.io/v1, …) need a served apiVersion, custom resources their CRD.
 */
export function notServedAdvice(apiVersion: string): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return isBuiltInApiGroup(group)
    ? "a built-in Kubernetes kind: this apiVersion is not served by the cluster's Kubernetes version; see `kubectl api-resources` for the served one"
    : 'is its CRD installed? install the CRD / controller first';
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
