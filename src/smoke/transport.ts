/**
 * How smoke checks reach their targets: plain HTTP(S) for URLs (Ingress addresses included), and
 * the Kubernetes API server's service proxy for internal Services
 * (`/api/v1/namespaces/{ns}/services/{[https:]name:port}/proxy/{path}`), authenticated exactly like
 * every other API call of the tool (kubeconfig credentials, EKS token, cluster CA).
 */
import type { IncomingMessage } from 'node:http';
import type { KubeClient } from '../kube/client.js';
import { headerRecord, sendRequest } from '../kube/http.js';

/** The Service a request goes to through the API server. */
export interface SmokeServiceRef {
  name: string;
  namespace?: string;
  port: number | string;
  scheme?: 'http' | 'https';
}

/** One request of one attempt. Exactly one of `url` and `service` is set. */
export interface SmokeRequest {
  url?: string;
  service?: SmokeServiceRef;
  /** Path (and query) on the Service; with `service` only. */
  path?: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** The attempt's time budget (the runner aborts `signal` when it runs out). */
  timeoutMs: number;
  signal: AbortSignal;
  followRedirects?: boolean;
}

/** The answer to one request. */
export interface SmokeResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Body text, cut at the transport's size limit. */
  body: string;
  /** Request sent → body read, in milliseconds. */
  latencyMs: number;
  /** The body was longer than the limit and was cut. */
  truncated?: boolean;
  /**
   * The answer came from an intermediary (the API server's proxy), not from the target: why.
   * E.g. `API server: no endpoints available for service "web"`.
   */
  detail?: string;
}

/** Sends smoke-check requests. Implementations must honour `signal`. */
export interface SmokeTransport {
  request(req: SmokeRequest): Promise<SmokeResponse>;
}

/** Bodies are read up to this size: enough for any health answer, bounded for a runaway one. */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Options of {@link createSmokeTransport}. */
export interface SmokeTransportOptions {
  /** For service targets; without it they fail with a message saying so. */
  client?: KubeClient;
  /** Namespace of service targets that do not name one (the release's namespace). */
  defaultNamespace?: string;
  maxBodyBytes?: number;
}

/**
 * The production transport: `url` requests go out directly with Node's fetch; `service`
 * requests go through the API server's service proxy of `client`.
 */
export function createSmokeTransport(opts: SmokeTransportOptions = {}): SmokeTransport {
  const http = httpTransport(opts);
  const proxy = opts.client
    ? serviceProxyTransport(opts.client, {
        defaultNamespace: opts.defaultNamespace ?? 'default',
        ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}),
      })
    : undefined;
  return {
    request(req) {
      if (req.service) {
        if (!proxy)
          return Promise.reject(
            new SmokeTargetError(
              `service ${req.service.namespace ? `${req.service.namespace}/` : ''}${req.service.name}:${req.service.port}: no cluster connection to reach it through the API server's service proxy`,
            ),
          );
        return proxy.request(req);
      }
      return http.request(req);
    },
  };
}

/** A request that cannot succeed on retry (missing connection, unresolvable target). */
export class SmokeTargetError extends Error {
  override readonly name = 'SmokeTargetError';
}

/** Plain HTTP(S) requests to `req.url` with Node's fetch. */
export function httpTransport(opts: { maxBodyBytes?: number } = {}): SmokeTransport {
  const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    async request(req) {
      if (!req.url) throw new SmokeTargetError('no URL to request');
      const started = performance.now();
      const res = await fetch(req.url, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        redirect: req.followRedirects ? 'follow' : 'manual',
        signal: req.signal,
      });
      const { text, truncated } = await readLimited(res.body ?? [], limit);
      return response(
        res.status,
        Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v])),
        text,
        truncated,
        started,
      );
    },
  };
}

/**
 * Requests to a Service through the API server's service proxy, authenticated with the client's
 * credentials (bearer token, exec plugin, client certificate) and trusting the cluster's CA.
 * `KubeClient.request` is not used: it parses JSON and throws on non-2xx, while a smoke check
 * needs the Service's own status and raw body.
 */
export function serviceProxyTransport(
  client: KubeClient,
  opts: { defaultNamespace: string; maxBodyBytes?: number },
): SmokeTransport {
  const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    async request(req) {
      if (!req.service) throw new SmokeTargetError('no Service to request');
      const url = serviceProxyUrl(client.server, req.service, req.path ?? '/', opts.defaultNamespace);
      const auth = await client.authenticate();
      // The API server's credentials win: it would reject the request (or authenticate someone else) otherwise.
      const headers = { ...withoutNames(req.headers, Object.keys(auth.headers)), ...auth.headers };
      const started = performance.now();
      const answer = await followingRedirects(new URL(url), req, (target) =>
        sendRequest(target, {
          method: req.method,
          headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
          agent: auth.agent,
          signal: req.signal,
        }),
      );
      const { text, truncated } = await readLimited(answer, limit);
      const res = response(answer.statusCode ?? 0, headerRecord(answer), text, truncated, started);
      const detail = apiServerDetail(res);
      return detail ? { ...res, detail } : res;
    },
  };
}

/**
 * The service-proxy URL of a path on a Service: `{server}/api/v1/namespaces/{ns}/services/{name}:{port}/proxy{path}`
 * (`https:{name}:{port}` for a TLS backend). The path keeps its query string.
 */
export function serviceProxyUrl(
  server: string,
  service: SmokeServiceRef,
  path: string,
  defaultNamespace: string,
): string {
  const ns = encodeURIComponent(service.namespace ?? defaultNamespace);
  const id = `${service.scheme === 'https' ? 'https:' : ''}${encodeURIComponent(service.name)}:${encodeURIComponent(String(service.port))}`;
  const rel = path.startsWith('/') ? path : `/${path}`;
  return `${server.replace(/\/+$/, '')}/api/v1/namespaces/${ns}/services/${id}/proxy${rel}`;
}

/**
 * Send through the API server, following redirects (up to 10, on the same server: its credentials
 * must not go elsewhere) when the check asks for it.
 */
async function followingRedirects(
  url: URL,
  req: SmokeRequest,
  send: (url: URL) => Promise<IncomingMessage>,
): Promise<IncomingMessage> {
  let target = url;
  for (let hops = 0; ; hops++) {
    const res = await send(target);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!req.followRedirects || status < 300 || status >= 400 || location === undefined || hops >= 10) return res;
    const next = new URL(location, target);
    if (next.origin !== url.origin) return res;
    res.resume();
    target = next;
  }
}

function response(
  status: number,
  headers: Record<string, string>,
  body: string,
  truncated: boolean,
  started: number,
): SmokeResponse {
  const out: SmokeResponse = { status, headers, body, latencyMs: Math.round(performance.now() - started) };
  if (truncated) out.truncated = true;
  return out;
}

/** The body up to `limit` bytes; stops reading (and drops the rest) past it. */
async function readLimited(
  body: AsyncIterable<unknown> | Iterable<unknown>,
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for await (const chunk of body) {
    if (!(chunk instanceof Uint8Array)) continue;
    const room = limit - bytes;
    if (chunk.byteLength > room) {
      // Leaving the loop cancels the stream.
      return { text: text + decoder.decode(chunk.subarray(0, room)), truncated: true };
    }
    bytes += chunk.byteLength;
    text += decoder.decode(chunk, { stream: true });
  }
  return { text: text + decoder.decode(), truncated: false };
}

function withoutNames(headers: Record<string, string>, names: string[]): Record<string, string> {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !drop.has(k.toLowerCase())));
}

/**
 * When the API server answered for itself (no endpoints, Service not found, forbidden, backend
 * unreachable) its answer is a `Status`; a Service's own error pages are not.
 */
function apiServerDetail(res: SmokeResponse): string | undefined {
  if (res.status < 400 || !(res.headers['content-type'] ?? '').includes('application/json')) return undefined;
  try {
    const s = JSON.parse(res.body) as { kind?: unknown; apiVersion?: unknown; message?: unknown };
    if (s.kind === 'Status' && s.apiVersion === 'v1' && typeof s.message === 'string')
      return `API server: ${s.message}`;
  } catch {
    // not JSON after all: the Service's own answer
  }
  return undefined;
}
