/** The listener side of an emulated ALB: forwarding one request to a target and answering. */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appRespond, type AppResponse, type AppTarget, type SandboxAppConfig } from '../app.js';
import type { AlbAccessRecord } from '../alb.js';
import { albErrorPage } from './rules.js';

/** Where a request goes: no rule matches, no usable target, or a target (and the idle timeout). */
export type Route =
  { kind: 'no-rule' } | { kind: 'unavailable' } | { kind: 'target'; target: AppTarget; idleTimeoutMs: number };

/** The headers the ALB adds to a request it forwards. */
function forwardedHeaders(req: IncomingMessage, lb: { port: number }, started: number): IncomingMessage['headers'] {
  return {
    ...req.headers,
    'x-forwarded-for': [req.headers['x-forwarded-for'], req.socket.remoteAddress ?? '127.0.0.1']
      .filter(Boolean)
      .join(', '),
    'x-forwarded-proto': 'http',
    'x-forwarded-port': String(lb.port),
    'x-amzn-trace-id': `Root=1-${Math.floor(started / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
  };
}

/**
 * Sends the app's answer after its delay — a 504 when the delay reaches the load balancer's idle
 * timeout, a 502 when the app resets the connection. Timers stop when the client goes away.
 */
function deliver(
  res: ServerResponse,
  answer: AppResponse,
  idleTimeoutMs: number,
  out: {
    send: (a: Extract<AppResponse, { kind: 'response' }>) => void;
    albError: (status: number, text: string) => void;
  },
): void {
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(fn, ms);
    res.on('close', () => {
      clearTimeout(timer);
    });
  };
  if (answer.delayMs >= idleTimeoutMs) {
    later(idleTimeoutMs, () => {
      out.albError(504, 'Gateway Time-out');
    });
    return;
  }
  const send = (): void => {
    if (answer.kind === 'reset') out.albError(502, 'Bad Gateway');
    else out.send(answer);
  };
  if (answer.delayMs > 0) later(answer.delayMs, send);
  else send();
}

/**
 * One request to a load balancer's listener, as the ALB handles it: read the whole request, pick
 * the rule and a target, forward with the ALB's headers, answer (or 404/502/503/504 itself), and
 * write the access log line.
 */
export function serveAlbRequest(
  lb: { name: string; port: number },
  req: IncomingMessage,
  res: ServerResponse,
  hooks: { route: (host: string, path: string) => Route; app: SandboxAppConfig; log: (r: AlbAccessRecord) => void },
): void {
  const started = Date.now();
  const url = new URL(req.url ?? '/', 'http://alb.local');
  const host = req.headers.host ?? '';
  let target: AppTarget | undefined;
  const finish = (status: number, body: string, headers: Record<string, string>): void => {
    if (!res.headersSent) {
      res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
      res.end(body);
    }
    hooks.log({
      time: new Date(started).toISOString(),
      loadBalancer: lb.name,
      method: req.method ?? 'GET',
      host,
      path: url.pathname,
      status,
      ...(target ? { target: `${target.pod.metadata.namespace}/${target.pod.metadata.name}` } : {}),
      durationMs: Date.now() - started,
    });
  };
  const albError = (status: number, text: string): void => {
    finish(status, albErrorPage(status, text), { Server: 'awselb/2.0', 'Content-Type': 'text/html' });
  };
  // The ALB reads the whole request before forwarding; the emulated app ignores bodies.
  req.resume();
  req.on('end', () => {
    const route = hooks.route(host, url.pathname);
    if (route.kind === 'no-rule') {
      finish(404, '', { Server: 'awselb/2.0', 'Content-Type': 'text/plain; charset=utf-8' });
      return;
    }
    if (route.kind === 'unavailable') {
      albError(503, 'Service Temporarily Unavailable');
      return;
    }
    target = route.target;
    const answer = appRespond(
      target,
      {
        method: req.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        headers: forwardedHeaders(req, lb, started),
      },
      hooks.app,
    );
    deliver(res, answer, route.idleTimeoutMs, {
      send: (a) => {
        finish(a.status, req.method === 'HEAD' ? '' : a.body, a.headers);
      },
      albError,
    });
  });
}
