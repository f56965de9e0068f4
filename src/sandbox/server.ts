/**
 * The HTTP(S) front of the sandbox: a pipeline of audit → authentication/authorization →
 * pluggable middlewares (fault injection) → routes (non-resource endpoints, extension routes
 * such as the service proxy, then the resource handler). Every error leaves as a `Status`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { forbiddenMessage, SandboxAuthorizer, type Authenticator, type Authorizer, type UserInfo } from './auth.js';
import { recordArtefact, recording, withoutSecretPayload } from './artefacts.js';
import { parseRequestInfo, type RequestInfo } from './requestinfo.js';
import { StatusError, StatusReason } from './status.js';

/** One audit log entry (one per request, written when the response ends). */
export interface AuditRecord {
  time: string;
  verb: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  user?: string | undefined;
  resource?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
  /** Faults injected into this request (`rule:effect`, comma-separated), see faults.ts. */
  fault?: string | undefined;
}

/** Per-request state shared by middlewares and routes. */
export interface HttpContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly info: RequestInfo;
  user?: UserInfo;
  readonly startedAt: number;
  /** Whether a handler read the body (the secret scan records bodies of writes). */
  bodyRead?: boolean;
  /** Limits a middleware may put on a watch stream (fault injection: cut after N events / T ms). */
  watchLimits?: { maxEvents?: number; maxDurationMs?: number };
  /** Faults injected into this request (`rule:effect`); recorded in the audit log. */
  faults?: string[];
  /** Request body as text (read once, cached). */
  readBody(): Promise<string>;
  /** Request body as bytes (protobuf bodies are binary). */
  readBodyBytes(): Promise<Buffer>;
  /** A binary body as the handler decoded it (what the secret scan records instead of the bytes). */
  decodedBody?: unknown;
  /** Writes a JSON response. */
  sendJson(code: number, body: unknown, headers?: Record<string, string>): void;
  /** Writes a pre-serialised JSON response. */
  sendRaw(code: number, json: string, headers?: Record<string, string>): void;
  /** Writes any error as a Status (StatusError keeps its code; others are 500 InternalError). */
  sendError(err: unknown): void;
}

/** Middleware: call `next()` to continue, or answer and return. */
export type Middleware = (ctx: HttpContext, next: () => Promise<void>) => Promise<void>;

/** A route: the first whose `matches` is true handles the request. */
export interface Route {
  readonly name: string;
  matches(ctx: HttpContext): boolean;
  handle(ctx: HttpContext): Promise<void>;
}

const MAX_BODY = 3 * 1024 * 1024;

/** The request pipeline. */
export class SandboxHttp {
  readonly middlewares: Middleware[] = [];
  /** Routes tried in order; {@link addRoute} with `first` puts extensions before the resource handler. */
  readonly routes: Route[] = [];
  readonly authenticators: Authenticator[] = [];
  authorizer: Authorizer = new SandboxAuthorizer();
  /** Audit log; bounded to `auditLimit` newest entries. */
  readonly audit: AuditRecord[] = [];
  auditLimit = 100_000;

  /** Adds a middleware after the existing ones (before the routes). */
  use(mw: Middleware): void {
    this.middlewares.push(mw);
  }

  /** Adds a route; `first` puts it before the built-in resource handler (e.g. the service proxy). */
  addRoute(route: Route, position: 'first' | 'last' = 'first'): void {
    if (position === 'first') this.routes.unshift(route);
    else this.routes.push(route);
  }

  /** Node request listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    void this.handle(req, res);
  };

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://sandbox.local');
    const ctx = makeContext(req, res, url, parseRequestInfo(req.method ?? 'GET', url));
    res.on('close', () => {
      this.record(ctx);
    });
    try {
      await this.authenticate(ctx);
      let i = 0;
      const next = async (): Promise<void> => {
        const mw = this.middlewares[i++];
        if (mw) return mw(ctx, next);
        return this.route(ctx);
      };
      await next();
    } catch (err) {
      if (!res.headersSent) ctx.sendError(err);
      else res.destroy();
    }
  }

  private record(ctx: HttpContext): void {
    this.audit.push({
      time: new Date(ctx.startedAt).toISOString(),
      verb: ctx.info.verb,
      path: ctx.url.pathname,
      query: ctx.url.search,
      status: ctx.res.statusCode,
      durationMs: Date.now() - ctx.startedAt,
      user: ctx.user?.username,
      ...(ctx.faults?.length ? { fault: ctx.faults.join(',') } : {}),
      ...(ctx.info.isResourceRequest
        ? {
            resource: ctx.info.subresource ? `${ctx.info.resource}/${ctx.info.subresource}` : ctx.info.resource,
            namespace: ctx.info.namespace || undefined,
            name: ctx.info.name || undefined,
          }
        : {}),
    });
    if (this.audit.length > this.auditLimit) this.audit.splice(0, this.audit.length - this.auditLimit);
    if (recording() && ctx.bodyRead && ctx.res.statusCode < 400) {
      if (ctx.decodedBody !== undefined) recordWrite(ctx, JSON.stringify(ctx.decodedBody));
      else
        void ctx.readBody().then(
          (text) => {
            recordWrite(ctx, text);
          },
          () => undefined,
        );
    }
  }

  private async authenticate(ctx: HttpContext): Promise<void> {
    let user: UserInfo | undefined;
    for (const a of this.authenticators) {
      const r = await a.authenticate(ctx.req);
      if (!r) continue;
      if ('error' in r) {
        throw new StatusError(r.error, r.error === 401 ? StatusReason.Unauthorized : StatusReason.Forbidden, r.message);
      }
      user = r.user;
      break;
    }
    if (!user && ctx.req.headers.authorization) throw new StatusError(401, StatusReason.Unauthorized, 'Unauthorized');
    ctx.user = user ?? { username: 'system:anonymous', groups: ['system:unauthenticated'] };
    const { info } = ctx;
    const attrs = {
      verb: info.verb,
      resource: info.resource || undefined,
      subresource: info.subresource || undefined,
      group: info.group,
      namespace: info.namespace || undefined,
      name: info.name || undefined,
      path: info.path,
      isResourceRequest: info.isResourceRequest,
    };
    const decision = this.authorizer.authorize(ctx.user, attrs);
    if (!decision.allowed) {
      const msg = forbiddenMessage(ctx.user, attrs) + (decision.reason ? `: ${decision.reason}` : '');
      throw new StatusError(
        403,
        StatusReason.Forbidden,
        msg,
        info.isResourceRequest
          ? { name: info.name || undefined, group: info.group || undefined, kind: info.resource }
          : undefined,
      );
    }
  }

  private async route(ctx: HttpContext): Promise<void> {
    for (const r of this.routes) if (r.matches(ctx)) return r.handle(ctx);
    throw new StatusError(404, StatusReason.NotFound, 'the server could not find the requested resource');
  }
}

/** For the secret scan: what a client wrote, with the payload of Secrets taken out (that is where secrets belong). */
function recordWrite(ctx: HttpContext, text: string): void {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (e.g. YAML): recorded as it came.
  }
  if (ctx.info.resource === 'secrets') body = withoutSecretPayload(body);
  recordArtefact(
    'cluster',
    `${ctx.info.verb} ${ctx.url.pathname} by ${ctx.user?.username ?? 'anonymous'}`,
    typeof body === 'string' ? body : JSON.stringify(body),
  );
}

function makeContext(req: IncomingMessage, res: ServerResponse, url: URL, info: RequestInfo): HttpContext {
  let body: Promise<Buffer> | undefined;
  const ctx: HttpContext = {
    req,
    res,
    url,
    info,
    startedAt: Date.now(),
    async readBody() {
      return (await ctx.readBodyBytes()).toString('utf8');
    },
    readBodyBytes() {
      ctx.bodyRead = true;
      body ??= new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) {
            reject(new StatusError(413, 'RequestEntityTooLarge', `request body larger than ${MAX_BODY} bytes`));
            req.destroy();
            return;
          }
          chunks.push(c);
        });
        req.on('end', () => {
          resolve(Buffer.concat(chunks));
        });
        req.on('error', reject);
      });
      return body;
    },
    sendRaw(code, json, headers = {}) {
      if (res.headersSent) return;
      res.writeHead(code, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-cache, private',
        'Content-Length': Buffer.byteLength(json),
        ...headers,
      });
      res.end(json);
    },
    sendJson(code, b, headers) {
      ctx.sendRaw(code, JSON.stringify(b), headers);
    },
    sendError(err) {
      const se =
        err instanceof StatusError
          ? err
          : new StatusError(
              500,
              StatusReason.InternalError,
              `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`,
            );
      if (!(err instanceof StatusError))
        process.emitWarning(
          `sandbox: internal error on ${req.method} ${url.pathname}: ${err instanceof Error ? err.stack : String(err)}`,
        );
      ctx.sendJson(se.code, se.toStatus(), se.headers);
    },
  };
  return ctx;
}
