/**
 * The emulated metrics API (`metrics.k8s.io/v1beta1`, what metrics-server serves and `kubectl top`
 * and the HPA read): PodMetrics for running pods and NodeMetrics for their Fargate nodes, computed
 * when asked. A container's CPU is its request (else limit, else Fargate's smallest size, 0.25 vCPU)
 * times its image's utilization — `images.cpuUtilization` (percent, by reference or repository;
 * change it at run time to load or idle an app) or the behaviour's default (`slow` 90 %, `slow-start`
 * 30 %, `healthy` 10 %, `http-500`/`never-ready` 5 %); memory is half its request (else 64 Mi).
 * Read-only, like the real API: get and list (with label selectors), no watch, no writes.
 */
import { behaviourOf, imageRepository, type SandboxImages } from './config.js';
import { quantityValue } from './fargate-rules.js';
import type { KubeObject } from './object.js';
import type { ObjectApi } from './objects.js';
import { parseLabelSelector } from './selectors.js';
import type { HttpContext, Route } from './server.js';
import { StatusError, StatusReason } from './status.js';

const DEFAULT_UTILIZATION: Record<string, number> = {
  slow: 90,
  'slow-start': 30,
  healthy: 10,
  'http-500': 5,
  'never-ready': 5,
  crashloop: 0,
  oomkilled: 0,
};

/** The CPU utilization (percent of request) the image of a container runs at. */
function cpuUtilizationOf(images: SandboxImages, image: string): number {
  const u = images.cpuUtilization ?? {};
  return u[image] ?? u[imageRepository(image)] ?? DEFAULT_UTILIZATION[behaviourOf(images, image)] ?? 10;
}

interface ContainerView {
  name?: string;
  image?: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

/** Usage of each running container of a pod (cores, bytes); undefined for pods that are not running. */
export function podUsage(
  images: SandboxImages,
  pod: KubeObject,
): Array<{ name: string; cpu: number; memory: number; cpuRequest: number | undefined }> | undefined {
  if ((pod.status as { phase?: string } | undefined)?.phase !== 'Running' || pod.metadata.deletionTimestamp)
    return undefined;
  const running = new Set(
    (
      (pod.status as { containerStatuses?: Array<{ name: string; state?: { running?: unknown } }> })
        .containerStatuses ?? []
    )
      .filter((c) => c.state?.running)
      .map((c) => c.name),
  );
  return ((pod.spec as { containers?: ContainerView[] } | undefined)?.containers ?? []).map((c) => {
    const req = quantityValue(c.resources?.requests?.cpu) ?? quantityValue(c.resources?.limits?.cpu);
    const memReq = quantityValue(c.resources?.requests?.memory) ?? quantityValue(c.resources?.limits?.memory);
    const on = running.has(c.name ?? '');
    return {
      name: c.name ?? '',
      cpu: on ? ((req ?? 0.25) * cpuUtilizationOf(images, c.image ?? '')) / 100 : 0,
      memory: on ? Math.round((memReq ?? 128 * 2 ** 20) / 2) : 0,
      cpuRequest: req,
    };
  });
}

const cpuText = (cores: number): string => `${Math.round(cores * 1e9)}n`;
const memText = (bytes: number): string => `${Math.round(bytes / 1024)}Ki`;

/** A PodMetrics object for a running pod (usage from its images' behaviours), or undefined. */
function podMetricsOf(
  images: SandboxImages,
  timestamp: () => string,
  p: KubeObject,
): Record<string, unknown> | undefined {
  const usage = podUsage(images, p);
  if (!usage) return undefined;
  return {
    metadata: {
      name: p.metadata.name,
      namespace: p.metadata.namespace,
      creationTimestamp: timestamp(),
      ...(p.metadata.labels ? { labels: p.metadata.labels } : {}),
    },
    timestamp: timestamp(),
    window: '15.002s',
    containers: usage.map((c) => ({ name: c.name, usage: { cpu: cpuText(c.cpu), memory: memText(c.memory) } })),
  };
}

/** The metrics.k8s.io routes. */
export function metricsRoute(api: ObjectApi, images: SandboxImages, timestamp: () => string): Route {
  const podType = api.registry.get('', 'pods');
  const nodeType = api.registry.get('', 'nodes');
  const podMetrics = (p: KubeObject): Record<string, unknown> | undefined => podMetricsOf(images, timestamp, p);
  const nodeMetrics = (n: KubeObject): Record<string, unknown> | undefined => {
    const podRef = n.metadata.annotations?.['sandbox.eks-fargate-deploy/pod'];
    const [ns, name] = (podRef ?? '/').split('/') as [string, string];
    const pod = api.store.get(podType, ns, name);
    const usage = pod ? (podUsage(images, pod) ?? []) : [];
    return {
      metadata: {
        name: n.metadata.name,
        creationTimestamp: timestamp(),
        ...(n.metadata.labels ? { labels: n.metadata.labels } : {}),
      },
      timestamp: timestamp(),
      window: '20.05s',
      // The Fargate node runs kubelet, kube-proxy and containerd next to the pod.
      usage: {
        cpu: cpuText(usage.reduce((s, c) => s + c.cpu, 0) + 0.01),
        memory: memText(usage.reduce((s, c) => s + c.memory, 0) + 180 * 2 ** 20),
      },
    };
  };
  const serve = (ctx: HttpContext): void => {
    const { info } = ctx;
    const kind = info.resource === 'pods' ? 'PodMetrics' : 'NodeMetrics';
    if (info.verb !== 'get' && info.verb !== 'list')
      throw new StatusError(
        405,
        StatusReason.MethodNotAllowed,
        `the server does not allow this method on the requested resource`,
      );
    const wrap = (o: Record<string, unknown>): Record<string, unknown> => ({
      kind,
      apiVersion: 'metrics.k8s.io/v1beta1',
      ...o,
    });
    const source = info.resource === 'pods' ? podType : nodeType;
    const toMetrics = info.resource === 'pods' ? podMetrics : nodeMetrics;
    if (info.verb === 'get') {
      const o = api.store.get(source, info.namespace || undefined, info.name);
      const m = o ? toMetrics(o) : undefined;
      if (!m)
        throw new StatusError(404, StatusReason.NotFound, `${info.resource}.metrics.k8s.io "${info.name}" not found`, {
          name: info.name,
          group: 'metrics.k8s.io',
          kind: info.resource,
        });
      ctx.sendJson(200, wrap(m));
      return;
    }
    const selector = parseLabelSelector(ctx.url.searchParams.get('labelSelector'));
    const items = api.store
      .list(source, info.namespace || undefined)
      .items.filter((o) => selector.matches(o.metadata.labels))
      .map(toMetrics)
      .filter((m): m is Record<string, unknown> => m !== undefined);
    ctx.sendJson(200, { kind: `${kind}List`, apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
  };
  return {
    name: 'metrics.k8s.io',
    matches: (ctx) =>
      ctx.info.isResourceRequest &&
      ctx.info.group === 'metrics.k8s.io' &&
      (ctx.info.resource === 'pods' || ctx.info.resource === 'nodes'),
    handle(ctx) {
      serve(ctx);
      return Promise.resolve();
    },
  };
}
