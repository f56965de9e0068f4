/** A small app on 127.0.0.1 that answers like a service under test: ok, errors, slow, JSON, flaky, echo. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The running app: its base URL, and how to stop it. */
export interface SmokeApp {
  base: string;
  stop(): Promise<void>;
}

export async function startSmokeApp(): Promise<SmokeApp> {
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) =>
        server.close(() => {
          r();
        }),
      );
    },
  };
}

/** How often /flaky?id=… was asked, per id (it fails the first `fail` times). */
const flaky = new Map<string, number>();

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const send = (status: number, body: string, type = 'text/plain'): void => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const p = url.pathname;
    if (p === '/ok') {
      send(200, 'all ok\n');
      return;
    }
    if (p.startsWith('/status/')) {
      send(Number(p.slice(8)), `failed with ${p.slice(8)}\n`);
      return;
    }
    if (p === '/json') {
      send(
        200,
        JSON.stringify({ status: 'up', version: '1.2.3', items: [{ name: 'a' }, { name: 'b' }], error: null }),
        'application/json',
      );
      return;
    }
    if (p === '/html') {
      send(200, '<html><body>hello</body></html>', 'text/html');
      return;
    }
    if (p === '/slow') {
      const t = setTimeout(
        () => {
          send(200, 'slow ok');
        },
        Number(url.searchParams.get('ms')),
      );
      res.on('close', () => {
        clearTimeout(t);
      });
      return;
    }
    if (p === '/hang') return; // never answers; the test's timeout or cancel has to end it
    if (p === '/flaky') {
      const key = url.searchParams.get('id')!;
      const seen = (flaky.get(key) ?? 0) + 1;
      flaky.set(key, seen);
      if (seen <= Number(url.searchParams.get('fail'))) send(503, 'warming up');
      else send(200, 'recovered');
      return;
    }
    if (p === '/echo') {
      send(200, JSON.stringify({ method: req.method, headers: req.headers, body }), 'application/json');
      return;
    }
    if (p === '/redirect') {
      res.writeHead(301, { Location: '/ok' });
      return res.end();
    }
    if (p === '/big') {
      send(200, 'x'.repeat(5000) + 'TAIL');
      return;
    }
    send(404, 'not found');
  });
}
