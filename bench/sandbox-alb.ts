/**
 * ALB and service-proxy request rate of the sandbox, next to a baseline measured in the same run:
 * a plain Node http server answering the same JSON. Run: `npm run bench -- sandbox-alb`
 * (or `bash scripts/node24.sh --experimental-transform-types bench/sandbox-alb.ts [--quick]`).
 * Clients run in the same process as the servers (2-core machines), so the numbers are a floor;
 * the ratio to the baseline is the useful figure. Bounded: about 15 s (8 s with --quick).
 */
import { registerHooks } from 'node:module';
import { Agent as HttpAgent, createServer, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

// Source imports end in `.js` (NodeNext); when running the .ts sources directly, resolve them to `.ts`.
registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (err) {
      if (/^\.{1,2}\//.test(specifier) && specifier.endsWith('.js'))
        return next(`${specifier.slice(0, -3)}.ts`, context);
      throw err;
    }
  },
});

const { startSandbox } = await import('../src/sandbox/sandbox.js');

const quick = process.argv.includes('--quick');
const durationMs = quick ? 1500 : 3000;
const concurrency = 16;

type Call = () => Promise<number>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(label: string, call: Call): Promise<number> {
  // Warm-up (JIT, sockets, TLS sessions) so the first series is not penalised.
  const warmEnd = Date.now() + 300;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < warmEnd) await call().catch(() => 0);
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + durationMs;
  const worker = async (): Promise<void> => {
    while (Date.now() < end) {
      const t0 = performance.now();
      const status = await call().catch(() => 0);
      latencies.push(performance.now() - t0);
      if (status !== 200) errors++;
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const secs = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const rate = latencies.length / secs;
  console.log(
    `${label.padEnd(34)} ${rate.toFixed(0).padStart(6)} req/s  p50 ${percentile(latencies, 50).toFixed(2)} ms  p99 ${percentile(latencies, 99).toFixed(2)} ms  errors ${errors}`,
  );
  return rate;
}

function httpGet(agent: HttpAgent, base: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { agent }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

// Baseline: the same JSON the emulated app answers, from a bare Node server.
const baseline = createServer((req, res) => {
  const body = `${JSON.stringify({ pod: 'web-1', namespace: 'default', image: 'registry.example/web:1.0', path: req.url, method: req.method, headers: req.headers })}\n`;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
});
await new Promise<void>((r) => baseline.listen(0, '127.0.0.1', r));
const baselineUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}`;

const sb = await startSandbox({ timing: { timeFactor: 0.002 } });
const dType = sb.registry.get('apps', 'deployments');
sb.api.apply(
  dType,
  'default',
  'web',
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'app', image: 'registry.example/web:1.0', ports: [{ containerPort: 8080 }] }] },
      },
    },
  }),
  { fieldManager: 'bench' },
);
sb.api.create(sb.registry.get('', 'services'), 'default', {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
});
sb.api.create(sb.registry.get('networking.k8s.io', 'ingresses'), 'default', {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', annotations: { 'alb.ingress.kubernetes.io/target-type': 'ip' } },
  spec: {
    ingressClassName: 'alb',
    rules: [
      {
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
        },
      },
    ],
  },
});
const deadline = Date.now() + 10_000;
let albUrl: string | undefined;
const ready = (): number =>
  (
    sb.store.get(sb.registry.get('', 'endpoints'), 'default', 'web')?.subsets as
      Array<{ addresses?: unknown[] }> | undefined
  )?.[0]?.addresses?.length ?? 0;
while (Date.now() < deadline && (!(albUrl = sb.alb.urlFor('default', 'web')) || ready() < 3))
  await new Promise((r) => setTimeout(r, 20));
if (!albUrl || ready() < 3) throw new Error('the web Deployment or its ALB did not come up within 10 s');

console.log(
  `sandbox ALB benchmark on Node ${process.version}${quick ? ' (quick)' : ''}: ${concurrency} concurrent clients, ${durationMs / 1000} s each, keep-alive`,
);
const agent = new HttpAgent({ keepAlive: true, maxSockets: concurrency });
const base = await measure('baseline: bare Node http server', () => httpGet(agent, baselineUrl, '/api/orders'));
const alb = await measure('ALB listener → 3 pods (round robin)', () => httpGet(agent, albUrl, '/api/orders'));
const tls = new HttpsAgent({ keepAlive: true, maxSockets: concurrency });
const apiGet = (path: string): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const req = httpsRequest(
      new URL(path, sb.url),
      { agent: tls, ca: sb.caPem, headers: { Authorization: `Bearer ${sb.token}` } },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
await measure('API GET of one Service (HTTPS, same path)', () => apiGet('/api/v1/namespaces/default/services/web'));
const proxy = await measure(
  'service proxy (HTTPS API, auth, audit)',
  () =>
    new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        new URL('/api/v1/namespaces/default/services/web:80/proxy/api/orders', sb.url),
        { agent: tls, ca: sb.caPem, headers: { Authorization: `Bearer ${sb.token}` } },
        (res) => {
          res.resume();
          res.on('end', () => {
            resolve(res.statusCode ?? 0);
          });
        },
      );
      req.on('error', reject);
      req.end();
    }),
);
console.log(
  `ALB at ${((alb / base) * 100).toFixed(0)}% of the baseline, service proxy at ${((proxy / base) * 100).toFixed(0)}%; ALB access log holds ${sb.alb.accessLog.length} lines`,
);
agent.destroy();
tls.destroy();
await sb.stop();
baseline.close();
process.exit(0);
