/**
 * The emulated application inside every sandbox pod: what a request that reaches a pod (through
 * the ALB listener or the API server's service proxy) gets back. It answers by the behaviour of
 * the container image (config.ts `behaviourOf`): JSON naming the pod, image, path and method, a
 * 500, a slow answer, or — for images that crash — a dropped connection.
 *
 * Backends are resolved the way kube-proxy and the ALB see them: Service → port → the Endpoints
 * object's READY addresses (never `notReadyAddresses`) → the pod behind each address.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { behaviourOf, type ImageBehaviour, type SandboxImages } from './config.js';
import { defined, type KubeObject } from './object.js';
import type { ObjectStore } from './store.js';
import type { ResourceRegistry } from './registry.js';

/** How the emulated app answers, beyond what the image behaviour says. */
export interface SandboxAppConfig {
  /**
   * How long a `slow` image takes to answer, in real milliseconds. Not scaled by
   * `timing.timeFactor`: callers compare it with real latency budgets (smoke tests, ALB timeouts).
   */
  slowResponseMs: number;
  /** Echo the request headers in the JSON answer (Authorization is never echoed). Default true. */
  echoHeaders: boolean;
}

/** Defaults of {@link SandboxAppConfig}. */
export function defaultAppConfig(): SandboxAppConfig {
  return { slowResponseMs: 2000, echoHeaders: true };
}

/** One backend pod a request can go to. */
export interface AppTarget {
  pod: KubeObject;
  /** Pod IP (from the Endpoints address). */
  ip: string;
  /** Container port the request is for. */
  port: number;
  /** The container answering (the one exposing `port`, else the first app container). */
  container: string;
  image: string;
  behaviour: ImageBehaviour;
}

/** The app's answer; `reset` means the connection is dropped without a response. */
export type AppResponse =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string; delayMs: number }
  | { kind: 'reset'; delayMs: number; reason: string };

/** The request as the pod sees it. */
export interface AppRequest {
  method: string;
  /** Path with query string, as received by the pod. */
  path: string;
  headers: IncomingHttpHeaders;
}

/** Headers that never reach a pod's echo (credentials), as an API server or ALB would not show them. */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** What a pod answers to `req` (pure; the caller applies `delayMs` and writes the response). */
export function appRespond(target: AppTarget, req: AppRequest, cfg: SandboxAppConfig): AppResponse {
  const name = target.pod.metadata.name ?? '';
  const ns = target.pod.metadata.namespace ?? '';
  if (target.behaviour === 'crashloop' || target.behaviour === 'oomkilled') {
    return {
      kind: 'reset',
      delayMs: 0,
      reason: `container ${target.container} of pod ${ns}/${name} (${target.behaviour}) dropped the connection`,
    };
  }
  const body: Record<string, unknown> = {
    pod: name,
    namespace: ns,
    image: target.image,
    path: req.path,
    method: req.method,
  };
  if (cfg.echoHeaders) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || HIDDEN_HEADERS.has(k)) continue;
      headers[k] = Array.isArray(v) ? v.join(', ') : v;
    }
    body.headers = headers;
  }
  let status = 200;
  if (target.behaviour === 'http-500') {
    status = 500;
    body.error = 'Internal Server Error';
  }
  const json = `${JSON.stringify(body)}\n`;
  return {
    kind: 'response',
    status,
    headers: { 'Content-Type': 'application/json', 'X-Sandbox-Pod': name },
    body: json,
    delayMs: target.behaviour === 'slow' ? cfg.slowResponseMs : 0,
  };
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}
interface EndpointAddress {
  ip: string;
  targetRef?: { kind?: string; name?: string; namespace?: string };
}
interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: Array<{ name?: string; port: number }>;
}
interface PodSpecView {
  containers?: Array<{ name: string; image?: string; ports?: Array<{ containerPort: number; name?: string }> }>;
}

/** Why a Service has no target for a port: no such Service (404) or no such port / no ready endpoint (503). */
export type BackendLookup = { ok: true; targets: AppTarget[] } | { ok: false; code: 404 | 503; message: string };

/**
 * The READY targets of `service` on `port` (a port number, a port name, or undefined for the
 * Service's only unnamed port), in Endpoints order. Ports are matched like the API server's
 * service proxy: a number picks the Service port with that number, whose name selects the
 * Endpoints port.
 */
export function serviceTargets(
  store: ObjectStore,
  registry: ResourceRegistry,
  images: SandboxImages,
  namespace: string,
  service: string,
  port: number | string | undefined,
): BackendLookup {
  const svc = store.get(registry.get('', 'services'), namespace, service);
  if (!svc) return { ok: false, code: 404, message: `services "${service}" not found` };
  const ports = (svc.spec as { ports?: ServicePort[] } | undefined)?.ports ?? [];
  let portName: string;
  if (typeof port === 'number') {
    const hit = ports.find((p) => p.port === port);
    if (!hit) return { ok: false, code: 503, message: `no service port ${port} found for service "${service}"` };
    portName = hit.name ?? '';
  } else {
    portName = port ?? '';
  }
  const ep = store.get(registry.get('', 'endpoints'), namespace, service);
  const subsets = (ep as { subsets?: EndpointSubset[] } | undefined)?.subsets ?? [];
  const podType = registry.get('', 'pods');
  const targets: AppTarget[] = [];
  for (const ss of subsets) {
    const epPort = (ss.ports ?? []).find((p) => (p.name ?? '') === portName);
    if (!epPort) continue;
    for (const a of ss.addresses ?? []) {
      const podName = a.targetRef?.kind === 'Pod' ? a.targetRef.name : undefined;
      const pod = podName ? store.get(podType, namespace, podName) : undefined;
      if (!pod) continue;
      const containers = (pod.spec as PodSpecView | undefined)?.containers ?? [];
      const c = containers.find((x) => (x.ports ?? []).some((p) => p.containerPort === epPort.port)) ?? containers[0];
      if (!c) continue;
      const image = c.image ?? '';
      targets.push({
        pod,
        ip: a.ip,
        port: epPort.port,
        container: c.name,
        image,
        behaviour: behaviourOf(images, image),
      });
    }
  }
  if (targets.length === 0) return { ok: false, code: 503, message: `no endpoints available for service "${service}"` };
  return { ok: true, targets };
}

/** Round-robin position per key (a Service port, a target group): deterministic, unlike kube-proxy's random pick. */
export class RoundRobin {
  private readonly next = new Map<string, number>();

  /** Picks the next of `items` for `key`. */
  pick<T>(key: string, items: readonly T[]): T {
    const i = this.next.get(key) ?? 0;
    this.next.set(key, (i + 1) % Math.max(1, items.length));
    return defined(items[i % items.length], `a target for ${key} (the list is empty)`);
  }
}
