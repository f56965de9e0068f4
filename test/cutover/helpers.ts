import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in ECS service answers; changeable while it runs. */
export interface OldServiceBehaviour {
  /** Extra or changed fields in every JSON answer. */
  extra: Record<string, unknown>;
  delayMs: number;
  css: string;
}

/** A local HTTP server standing in for the ECS service behind its ALB. */
export interface OldService {
  url: string;
  behaviour: OldServiceBehaviour;
  requests: Array<{ method: string; path: string }>;
  stop(): Promise<void>;
}

/**
 * Answers like the sandbox's emulated app (`{pod, namespace, image, path, method, headers}`), so
 * the old and the new service have the same JSON shape unless a test changes it; `/static/app.css`
 * serves a stylesheet.
 */
export async function startOldService(init: Partial<OldServiceBehaviour> = {}): Promise<OldService> {
  const behaviour: OldServiceBehaviour = { extra: {}, delayMs: 0, css: 'body{color:black}', ...init };
  const requests: OldService['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '' });
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        if (req.url === '/static/app.css') {
          res.writeHead(200, { 'Content-Type': 'text/css' }).end(behaviour.css);
          return;
        }
        if (req.url === '/missing') {
          res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
          return;
        }
        const body = {
          pod: 'ecs-task-1',
          namespace: 'ecs',
          image: 'registry.example/web:v1',
          path: req.url,
          method: req.method,
          headers: { host: req.headers.host },
          ...behaviour.extra,
        };
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
      }, behaviour.delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    behaviour,
    requests,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => {
          r();
        });
      }),
  };
}
