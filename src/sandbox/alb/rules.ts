/**
 * What the emulated ALBs are made of, without I/O: the names AWS gives them, the listener rules
 * the AWS Load Balancer Controller programs from Ingresses (host and path conditions, the default
 * backend, the idle timeout), and the ALB's own error page.
 */
import { createHash } from 'node:crypto';
import { selectorValueMatches as wildcardMatch } from '../fargate-rules.js';
import type { KubeObject } from '../object.js';

/** The annotation prefix of the AWS Load Balancer Controller. */
export const A = 'alb.ingress.kubernetes.io/';

export interface Backend {
  namespace: string;
  service: string;
  port: number | string | undefined;
  ingress: KubeObject;
}

interface Rule {
  host?: string | undefined;
  pathType?: string | undefined;
  path?: string | undefined;
  backend: Backend;
}

interface IngressBackendSpec {
  service?: { name: string; port?: { number?: number; name?: string } };
}
export interface IngressSpecView {
  ingressClassName?: string;
  defaultBackend?: IngressBackendSpec;
  rules?: Array<{
    host?: string;
    http?: { paths?: Array<{ path?: string; pathType?: string; backend: IngressBackendSpec }> };
  }>;
}

/** A load balancer's listener rules in evaluation order, the default backend and the idle timeout. */
export interface ListenerRules {
  rules: Rule[];
  fallback: Backend | undefined;
  idleTimeoutMs: number;
}

function h(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function ingressKey(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** The ALB error page (nginx-style HTML the ALB itself serves for 5xx). */
export function albErrorPage(status: number, text: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * The load balancer name the AWS Load Balancer Controller gives an Ingress (group): `k8s-` + the
 * first 8 alphanumerics of namespace and name (or 17 of an explicit group name) + 10 hex of
 * sha256(cluster name, group id, scheme).
 */
export function albName(
  clusterName: string,
  group: { explicit: boolean; namespace: string; name: string },
  scheme: string,
): string {
  const id = group.explicit ? group.name : `${group.namespace}/${group.name}`;
  const uuid = h(clusterName + id + scheme);
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '');
  return group.explicit
    ? `k8s-${clean(group.name).slice(0, 17)}-${uuid.slice(0, 10)}`
    : `k8s-${clean(group.namespace).slice(0, 8)}-${clean(group.name).slice(0, 8)}-${uuid.slice(0, 10)}`;
}

/** The DNS name AWS gives a load balancer: `[internal-]<name>-<number>.<region>.elb.amazonaws.com` (the number derived, not random). */
export function albDnsName(lbName: string, scheme: string, region: string): string {
  const n = parseInt(h(`dns:${lbName}`).slice(0, 8), 16);
  return `${scheme === 'internal' ? 'internal-' : ''}${lbName}-${n}.${region}.elb.amazonaws.com`;
}

/** Whether a request path matches an Ingress path of a path type, as the ALB rules the controller writes do. */
export function albPathMatches(pathType: string | undefined, pattern: string | undefined, path: string): boolean {
  if (pattern === undefined || pattern === '') return true;
  const prefix = (): boolean => {
    if (pattern === '/') return true;
    const p = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
    return path === p || path.startsWith(`${p}/`);
  };
  switch (pathType) {
    case 'Exact':
      return path === pattern;
    case 'Prefix':
      return prefix();
    default:
      return /[*?]/.test(pattern) ? wildcardMatch(pattern, path) : prefix();
  }
}

/** Whether an ALB host condition matches a Host header (case-insensitive, `*`/`?` wildcards, port ignored). */
export function albHostMatches(pattern: string | undefined, hostHeader: string | undefined): boolean {
  if (!pattern) return true;
  const host = (hostHeader ?? '').replace(/:\d+$/, '').toLowerCase();
  return wildcardMatch(pattern.toLowerCase(), host);
}

/** The Service backends an Ingress names (rules first, then the default backend). */
export function backendsOf(ing: KubeObject): Backend[] {
  const out: Backend[] = [];
  const spec = (ing.spec ?? {}) as IngressSpecView;
  const toBackend = (b: IngressBackendSpec | undefined): Backend | undefined =>
    b?.service
      ? {
          namespace: ing.metadata.namespace ?? 'default',
          service: b.service.name,
          port: b.service.port?.number ?? b.service.port?.name,
          ingress: ing,
        }
      : undefined;
  for (const r of spec.rules ?? [])
    for (const p of r.http?.paths ?? []) {
      const b = toBackend(p.backend);
      if (b) out.push(b);
    }
  const d = toBackend(spec.defaultBackend);
  if (d) out.push(d);
  return out;
}

/**
 * The listener rules of a load balancer's Ingresses: ordered by `group.order`, then
 * namespace/name; the first default backend; the idle timeout from the load-balancer attributes.
 */
export function listenerRules(ingresses: KubeObject[]): ListenerRules {
  const members = [...ingresses].sort(
    (a, b) =>
      Number(a.metadata.annotations?.[`${A}group.order`] ?? 0) -
        Number(b.metadata.annotations?.[`${A}group.order`] ?? 0) || ingressKey(a).localeCompare(ingressKey(b)),
  );
  const rules: Rule[] = [];
  let fallback: Backend | undefined;
  let idleTimeoutMs = 60_000;
  for (const ing of members) {
    const spec = (ing.spec ?? {}) as IngressSpecView;
    const ns = ing.metadata.namespace ?? 'default';
    for (const r of spec.rules ?? []) {
      for (const p of r.http?.paths ?? []) {
        if (!p.backend.service) continue;
        rules.push({
          host: r.host,
          pathType: p.pathType,
          path: p.path,
          backend: {
            namespace: ns,
            service: p.backend.service.name,
            port: p.backend.service.port?.number ?? p.backend.service.port?.name,
            ingress: ing,
          },
        });
      }
    }
    const d = spec.defaultBackend?.service;
    if (!fallback && d)
      fallback = { namespace: ns, service: d.name, port: d.port?.number ?? d.port?.name, ingress: ing };
    const m = /idle_timeout\.timeout_seconds=(\d+)/.exec(
      ing.metadata.annotations?.[`${A}load-balancer-attributes`] ?? '',
    );
    if (m) idleTimeoutMs = Number(m[1]) * 1000;
  }
  return { rules, fallback, idleTimeoutMs };
}
