/**
 * Built-in routes: health, version, discovery, OpenAPI, and the resource handler (get, list,
 * watch, create, update, patch, delete, deletecollection, status/scale subresources, pod logs).
 */
import type { ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { apiGroup, apiGroupList, apiResourceList, coreApiVersions, versionInfo } from './discovery.js';
import { nameOf, isPlainObject, objectJson } from './object.js';
import type { DeleteOptions, FieldValidation, ObjectApi, WriteOptions } from './objects.js';
import { openApiV2, openApiV3Document, openApiV3Root } from './openapi.js';
import { apiVersionOf, type ResourceRegistry, type ResourceType } from './registry.js';
import { queryBool } from './requestinfo.js';
import { decodeProtobufBody, isProtobuf } from './protobuf.js';
import type { HttpContext, Route } from './server.js';
import { badRequest, StatusError, StatusReason } from './status.js';
import type { PodLogs } from './logs.js';
import { serveList, serveWatch } from './list-watch.js';
import { serveLogs } from './pod-logs.js';
import { toTable, wantsTable } from './table.js';

/** Dependencies of the built-in routes. */
export interface HandlerDeps {
  api: ObjectApi;
  logs: PodLogs;
  kubernetesVersion: string;
  bookmarkIntervalMs: number;
  /** host:port for /api serverAddressByClientCIDRs. */
  serverAddress(): string;
}

function route(
  name: string,
  matches: (ctx: HttpContext) => boolean,
  handle: (ctx: HttpContext) => Promise<void> | void,
): Route {
  return { name, matches, handle: async (ctx) => handle(ctx) };
}

const isGet = (ctx: HttpContext): boolean => ctx.req.method === 'GET' || ctx.req.method === 'HEAD';

/** Non-resource endpoints: health, version and discovery, then the OpenAPI documents. */
export function nonResourceRoutes(deps: HandlerDeps): Route[] {
  return [...discoveryRoutes(deps), ...openApiRoutes(deps.api.registry)];
}

function discoveryRoutes(deps: HandlerDeps): Route[] {
  const reg = deps.api.registry;
  const text = (res: ServerResponse, body: string): void => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(body);
  };
  return [
    route(
      'health',
      (c) => isGet(c) && ['/healthz', '/livez', '/readyz'].includes(c.url.pathname),
      (c) => {
        text(c.res, 'ok');
      },
    ),
    route(
      'version',
      (c) => isGet(c) && c.url.pathname === '/version',
      (c) => {
        c.sendJson(200, versionInfo(deps.kubernetesVersion));
      },
    ),
    route(
      'core-versions',
      (c) => isGet(c) && c.url.pathname === '/api',
      (c) => {
        c.sendJson(200, coreApiVersions(deps.serverAddress()));
      },
    ),
    route(
      'groups',
      (c) => isGet(c) && c.url.pathname === '/apis',
      (c) => {
        c.sendJson(200, apiGroupList(reg));
      },
    ),
    route(
      'group',
      (c) => isGet(c) && /^\/apis\/[^/]+\/?$/.test(c.url.pathname),
      (c) => {
        const doc = apiGroup(reg, c.url.pathname.split('/')[2] ?? '');
        if (!doc) throw notFound();
        c.sendJson(200, doc);
      },
    ),
    route(
      'resource-list',
      (c) => isGet(c) && (/^\/api\/v1\/?$/.test(c.url.pathname) || /^\/apis\/[^/]+\/[^/]+\/?$/.test(c.url.pathname)),
      (c) => {
        const p = c.url.pathname.split('/').filter(Boolean);
        const doc =
          p[0] === 'api' ? apiResourceList(reg, '', p[1] ?? '') : apiResourceList(reg, p[1] ?? '', p[2] ?? '');
        if (!doc) throw notFound();
        c.sendJson(200, doc);
      },
    ),
  ];
}

/** `/openapi/v2` and `/openapi/v3/...`, as kubectl's validation and explain read them. */
function openApiRoutes(reg: ResourceRegistry): Route[] {
  return [
    route(
      'openapi-v3-root',
      (c) => isGet(c) && /^\/openapi\/v3\/?$/.test(c.url.pathname),
      (c) => {
        c.sendJson(200, openApiV3Root(reg));
      },
    ),
    route(
      'openapi-v3',
      (c) => isGet(c) && c.url.pathname.startsWith('/openapi/v3/'),
      (c) => {
        const p = c.url.pathname.slice('/openapi/v3/'.length).split('/').filter(Boolean);
        const doc =
          p[0] === 'api'
            ? openApiV3Document(reg, '', p[1] ?? '')
            : p[0] === 'apis'
              ? openApiV3Document(reg, p[1] ?? '', p[2] ?? '')
              : undefined;
        if (!doc)
          throw new StatusError(404, StatusReason.NotFound, `openapi v3 document for ${c.url.pathname} not found`);
        c.sendJson(200, doc, {
          'Cache-Control': 'public, immutable',
          Etag: `"${c.url.searchParams.get('hash') ?? ''}"`,
        });
      },
    ),
    route(
      'openapi-v2',
      (c) => isGet(c) && c.url.pathname === '/openapi/v2',
      (c) => {
        const accept = c.req.headers.accept ?? '';
        if (accept && !accept.includes('json') && !accept.includes('*/*')) {
          throw new StatusError(406, StatusReason.NotAcceptable, 'only application/json is served for /openapi/v2');
        }
        c.sendJson(200, openApiV2(reg));
      },
    ),
  ];
}

function queryFlag(v: string | null): boolean {
  return queryBool(v);
}

function writeOptions(ctx: HttpContext): WriteOptions {
  const q = ctx.url.searchParams;
  const dryRun = q.getAll('dryRun');
  if (dryRun.some((d) => d !== 'All'))
    throw badRequest(`dryRun: Unsupported value: "${dryRun.find((d) => d !== 'All')}": supported values: "All"`);
  const fv = q.get('fieldValidation');
  if (fv && !['Strict', 'Warn', 'Ignore'].includes(fv))
    throw badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  const ua = ctx.req.headers['user-agent'] ?? '';
  const fromUa = (ua.split('/')[0] ?? '').slice(0, 128);
  return {
    dryRun: dryRun.length > 0,
    fieldManager:
      q.get('fieldManager') ??
      (ctx.req.method === 'PATCH' && (ctx.req.headers['content-type'] ?? '').startsWith('application/apply-patch')
        ? undefined
        : fromUa || 'unknown'),
    fieldValidation: (fv as FieldValidation | null) ?? 'Warn',
    force: queryFlag(q.get('force')),
    warnings: [],
  };
}

function warningHeaders(opts: WriteOptions): Record<string, string> {
  if (!opts.warnings?.length) return {};
  return { Warning: opts.warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

/** The request body as an object: JSON, YAML, or Kubernetes protobuf (typed clients such as kubectl create/run/expose). */
async function readObjectBody(ctx: HttpContext, what: string): Promise<unknown> {
  const contentType = ctx.req.headers['content-type'] ?? 'application/json';
  if (isProtobuf(contentType)) {
    const bytes = await ctx.readBodyBytes();
    if (bytes.length === 0) return undefined;
    const obj = decodeProtobufBody(bytes, what);
    ctx.decodedBody = obj; // recorded for the secret scan with a Secret's payload taken out, as JSON bodies are
    return obj;
  }
  return parseJsonBody(await ctx.readBody(), what, contentType);
}

function parseJsonBody(raw: string, what: string, contentType = 'application/json'): unknown {
  if (!raw.trim()) return undefined;
  if (contentType.includes('protobuf')) {
    throw new StatusError(
      415,
      StatusReason.UnsupportedMediaType,
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    );
  }
  try {
    return contentType.includes('yaml') ? parseYaml(raw) : JSON.parse(raw);
  } catch (err) {
    throw badRequest(`${what}: invalid ${contentType.includes('yaml') ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
}

/** The resource handler. */
export function resourceRoute(deps: HandlerDeps): Route {
  return {
    name: 'resources',
    matches: (ctx) => ctx.info.isResourceRequest,
    handle: (ctx) => serveResource(ctx, deps),
  };
}

const notFound = (): StatusError =>
  new StatusError(404, StatusReason.NotFound, 'the server could not find the requested resource');

/** The type, namespace and subresource a request addresses, or the API server's 404. */
function resolveTarget(ctx: HttpContext, api: ObjectApi): { t: ResourceType; ns: string | undefined; sub: string } {
  const { info } = ctx;
  const t = api.registry.byResource(info.group, info.version, info.resource);
  if (!t) throw notFound();
  const ns = t.namespaced ? info.namespace || undefined : undefined;
  if (t.namespaced && !ns && info.name) throw notFound();
  const sub = info.subresource;
  if (sub && !(t.subresources as readonly string[] | undefined)?.includes(sub)) throw notFound();
  return { t, ns, sub };
}

async function serveResource(ctx: HttpContext, deps: HandlerDeps): Promise<void> {
  const { api } = deps;
  const { info } = ctx;
  const { t, ns, sub } = resolveTarget(ctx, api);
  // Only pods have a log subresource, and pods are namespaced.
  if (sub === 'log') return serveLogs(ctx, deps, t, info.namespace, info.name);
  switch (info.verb) {
    case 'get':
      serveGet(ctx, api, t, ns, sub);
      return;
    case 'list':
      serveList(ctx, deps, t, ns);
      return;
    case 'watch':
      return serveWatch(ctx, deps, t, ns);
    case 'create': {
      const opts = writeOptions(ctx);
      const created = api.create(t, ns, await readObjectBody(ctx, 'create body'), opts);
      ctx.sendRaw(201, objectJson(created), warningHeaders(opts));
      return;
    }
    case 'update':
      return serveUpdate(ctx, api, t, ns, sub);
    case 'patch':
      return servePatch(ctx, api, t, ns, sub);
    case 'delete': {
      const deleted = api.delete(t, ns, info.name, deleteOptions(ctx, await readObjectBody(ctx, 'DeleteOptions')));
      ctx.sendRaw(200, objectJson(deleted));
      return;
    }
    case 'deletecollection':
      return serveDeleteCollection(ctx, api, t, ns);
    default:
      throw new StatusError(405, StatusReason.MethodNotAllowed, `${ctx.req.method} is not supported on ${info.path}`);
  }
}

function serveGet(ctx: HttpContext, api: ObjectApi, t: ResourceType, ns: string | undefined, sub: string): void {
  if (sub === 'scale') {
    ctx.sendJson(200, api.getScale(t, ns, ctx.info.name));
    return;
  }
  const o = api.get(t, ns, ctx.info.name);
  if (wantsTable(ctx.req.headers.accept)) {
    ctx.sendJson(
      200,
      toTable(t.kind, [o], o.metadata.resourceVersion ?? '', ctx.url.searchParams.get('includeObject')),
    );
    return;
  }
  ctx.sendRaw(200, objectJson(o));
}

async function serveUpdate(
  ctx: HttpContext,
  api: ObjectApi,
  t: ResourceType,
  ns: string | undefined,
  sub: string,
): Promise<void> {
  const opts = writeOptions(ctx);
  const body = await readObjectBody(ctx, 'update body');
  if (sub === 'scale') {
    ctx.sendJson(200, api.updateScale(t, ns, ctx.info.name, body, opts));
    return;
  }
  const updated = api.update(t, ns, ctx.info.name, body, {
    ...opts,
    subresource: sub === 'status' ? 'status' : undefined,
  });
  ctx.sendRaw(200, objectJson(updated), warningHeaders(opts));
}

async function servePatch(
  ctx: HttpContext,
  api: ObjectApi,
  t: ResourceType,
  ns: string | undefined,
  sub: string,
): Promise<void> {
  const opts = writeOptions(ctx);
  const contentType = ctx.req.headers['content-type'] ?? '';
  const raw = await ctx.readBody();
  const existed = api.store.get(t, ns, ctx.info.name) !== undefined;
  const patched = api.patch(t, ns, ctx.info.name, contentType, raw, {
    ...opts,
    subresource: sub === 'status' || sub === 'scale' ? sub : undefined,
  });
  if (sub === 'scale') {
    ctx.sendJson(200, patched);
    return;
  }
  ctx.sendRaw(existed ? 200 : 201, objectJson(patched), warningHeaders(opts));
}

async function serveDeleteCollection(
  ctx: HttpContext,
  api: ObjectApi,
  t: ResourceType,
  ns: string | undefined,
): Promise<void> {
  const opts = deleteOptions(ctx, await readObjectBody(ctx, 'DeleteOptions'));
  const { items } = api.list(t, ns, {
    labelSelector: ctx.url.searchParams.get('labelSelector'),
    fieldSelector: ctx.url.searchParams.get('fieldSelector'),
  });
  const out = items.map((o) => api.delete(t, o.metadata.namespace, nameOf(o), opts));
  ctx.sendJson(200, {
    kind: `${t.kind}List`,
    apiVersion: apiVersionOf(t),
    metadata: { resourceVersion: String(api.store.resourceVersion) },
    items: out,
  });
}

function deleteOptions(ctx: HttpContext, body: unknown): DeleteOptions {
  const q = ctx.url.searchParams;
  const b = isPlainObject(body) ? body : {};
  let policy = (q.get('propagationPolicy') ?? b.propagationPolicy) as string | undefined;
  if (policy === undefined && (b.orphanDependents === true || q.get('orphanDependents') === 'true')) policy = 'Orphan';
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${policy}": supported values: "Background", "Foreground", "Orphan"`,
    );
  }
  const dryRun = q.getAll('dryRun').length > 0 || (Array.isArray(b.dryRun) && b.dryRun.length > 0);
  const pre = isPlainObject(b.preconditions) ? (b.preconditions as DeleteOptions['preconditions']) : undefined;
  const graceRaw = q.get('gracePeriodSeconds') ?? (b.gracePeriodSeconds as number | string | null | undefined);
  const grace = graceRaw === undefined || graceRaw === null ? undefined : Number(graceRaw);
  if (grace !== undefined && !Number.isInteger(grace))
    throw badRequest(`gracePeriodSeconds: Invalid value: ${JSON.stringify(graceRaw)}: must be an integer`);
  return {
    propagationPolicy: policy as DeleteOptions['propagationPolicy'],
    dryRun,
    preconditions: pre,
    ...(grace !== undefined ? { gracePeriodSeconds: grace < 0 ? 1 : grace } : {}),
  };
}
