/**
 * The API server's service proxy: `/api/v1/namespaces/{ns}/services/{[scheme:]name[:port]}/proxy/{path}`
 * reaches one READY endpoint of the Service (round robin) and returns what the emulated app in
 * that pod answers (app.ts). Errors are the API server's: 404 for a missing Service, 503
 * `ServiceUnavailable` for an unknown port or no ready endpoints, 503 "error trying to reach
 * service" when the pod drops the connection. The caller's Authorization header never reaches
 * the pod (the API server removes it after authenticating).
 */
import { appRespond, RoundRobin, serviceTargets, type SandboxAppConfig } from './app.js';
import type { SandboxImages } from './config.js';
import type { ObjectStore } from './store.js';
import type { ResourceRegistry } from './registry.js';
import type { HttpContext, Route } from './server.js';
import { badRequest, StatusError, StatusReason } from './status.js';

/** Dependencies of {@link serviceProxyRoute}. */
export interface ServiceProxyDeps {
  store: ObjectStore;
  registry: ResourceRegistry;
  images: SandboxImages;
  app: SandboxAppConfig;
}

/** `[scheme:]name[:port]` as the API server splits it. */
export function parseProxyTarget(id: string): { scheme: string; name: string; port: number | string | undefined } {
  const parts = id.split(':');
  let scheme = '';
  let name: string;
  let port: string | undefined;
  if (parts.length === 1) name = id;
  else if (parts.length === 2) [name, port] = parts as [string, string];
  else if (parts.length === 3) [scheme, name, port] = parts as [string, string, string];
  else throw badRequest(`invalid service request "${id}"`);
  if (scheme !== '' && scheme !== 'http' && scheme !== 'https')
    throw badRequest(`unsupported scheme "${scheme}" in service request "${id}"`);
  return {
    scheme,
    name,
    port: port === undefined || port === '' ? undefined : /^\d+$/.test(port) ? Number(port) : port,
  };
}

/** The route that serves `services/proxy`. */
export function serviceProxyRoute(deps: ServiceProxyDeps): Route {
  const rr = new RoundRobin();
  return {
    name: 'service-proxy',
    matches: (ctx) =>
      ctx.info.isResourceRequest &&
      ctx.info.group === '' &&
      ctx.info.resource === 'services' &&
      ctx.info.subresource === 'proxy' &&
      ctx.info.namespace !== '',
    async handle(ctx: HttpContext) {
      const { namespace, name: id } = ctx.info;
      const target = parseProxyTarget(id);
      // Everything after `/api/v1/namespaces/<ns>/services/<id>/proxy` is the pod's path (raw, so %2F stays encoded).
      const rawParts = (ctx.req.url ?? '').split('?')[0]?.split('/') ?? [];
      const rest = rawParts.slice(8).join('/');
      const podPath = `${rest.startsWith('/') ? rest : `/${rest}`}${ctx.url.search}`;
      const found = serviceTargets(deps.store, deps.registry, deps.images, namespace, target.name, target.port);
      if (!found.ok) {
        if (found.code === 404)
          throw new StatusError(404, StatusReason.NotFound, found.message, { name: target.name, kind: 'services' });
        throw new StatusError(503, StatusReason.ServiceUnavailable, found.message);
      }
      const pick = rr.pick(`${namespace}/${target.name}:${String(target.port ?? '')}`, found.targets);
      await ctx.readBody();
      const headers = { ...ctx.req.headers };
      delete headers.authorization;
      headers['x-forwarded-for'] = [headers['x-forwarded-for'], ctx.req.socket.remoteAddress ?? '127.0.0.1']
        .filter(Boolean)
        .join(', ');
      const answer = appRespond(pick, { method: ctx.req.method ?? 'GET', path: podPath, headers }, deps.app);
      if (answer.delayMs > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, answer.delayMs);
          ctx.res.on('close', () => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      if (ctx.res.destroyed) return;
      if (answer.kind === 'reset')
        throw new StatusError(503, StatusReason.ServiceUnavailable, `error trying to reach service: EOF`);
      ctx.res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(Buffer.byteLength(answer.body)) });
      ctx.res.end(ctx.req.method === 'HEAD' ? undefined : answer.body);
    },
  };
}
