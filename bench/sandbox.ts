/**
 * Sandbox benchmark: sustained request rate, watch fan-out, and memory with 200 Deployments × 3
 * replicas. Run: bash scripts/node24.sh --experimental-transform-types --expose-gc bench/sandbox.ts [--quick]
 * (transform, not strip-only: shared sources such as src/errors.ts use parameter properties).
 * Clients run in the same process as the server (2-core machines), so the numbers are a floor.
 */
import { registerHooks } from 'node:module';
import { Agent, request } from 'node:https';

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
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const quick = process.argv.includes('--quick');

function call(
  sb: Sandbox,
  agent: Agent,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      new URL(path, sb.url),
      {
        method,
        agent,
        ca: sb.caPem,
        headers: {
          Authorization: `Bearer ${sb.token}`,
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': contentType } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function requestRate(sb: Sandbox): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  await call(sb, agent, 'POST', '/api/v1/namespaces/default/configmaps', {
    metadata: { name: 'bench' },
    data: { k: 'v' },
  });
  for (let i = 0; i < 50; i++)
    await call(sb, agent, 'POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: `fill-${i}`, labels: { fill: 'y' } },
      data: { k: 'v'.repeat(200) },
    });
  const durationMs = quick ? 1500 : 5000;
  for (const [label, op] of [
    ['GET one object', () => call(sb, agent, 'GET', '/api/v1/namespaces/default/configmaps/bench')],
    ['LIST 51 configmaps', () => call(sb, agent, 'GET', '/api/v1/namespaces/default/configmaps')],
    [
      'PATCH (merge)',
      () =>
        call(
          sb,
          agent,
          'PATCH',
          '/api/v1/namespaces/default/configmaps/bench',
          { data: { k: String(Math.random()) } },
          'application/merge-patch+json',
        ),
    ],
  ] as const) {
    const latencies: number[] = [];
    let errors = 0;
    const end = Date.now() + durationMs;
    const worker = async (): Promise<void> => {
      while (Date.now() < end) {
        const t0 = performance.now();
        const status = await op();
        latencies.push(performance.now() - t0);
        if (status >= 400) errors++;
      }
    };
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 16 }, worker));
    const secs = (Date.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(22)} ${(latencies.length / secs).toFixed(0).padStart(6)} req/s  p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  errors ${errors}  (16 concurrent, ${secs.toFixed(1)} s)`,
    );
  }
  agent.destroy();
}

async function watchFanOut(sb: Sandbox): Promise<void> {
  const watchers = quick ? 50 : 200;
  const updates = quick ? 100 : 200;
  const agent = new Agent({ keepAlive: false, maxSockets: watchers + 10 });
  const rv = sb.store.resourceVersion;
  let received = 0;
  const expected = watchers * updates;
  let done!: () => void;
  const allDone = new Promise<void>((r) => (done = r));
  const reqs = Array.from({ length: watchers }, () => {
    const req = request(
      new URL(
        `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dfan`,
        sb.url,
      ),
      { agent, ca: sb.caPem, headers: { Authorization: `Bearer ${sb.token}` } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          received += chunk.split('\n').length - 1;
          if (received >= expected) done();
        });
      },
    );
    req.on('error', () => undefined);
    req.end();
    return req;
  });
  while (sb.store.hub.watcherCount() < watchers) await new Promise((r) => setTimeout(r, 10));
  const cmType = sb.registry.get('', 'configmaps');
  const t0 = performance.now();
  sb.api.create(cmType, 'default', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'fan' },
    data: { n: '0' },
  });
  for (let i = 1; i < updates; i++) {
    sb.api.patch(cmType, 'default', 'fan', 'application/merge-patch+json', JSON.stringify({ data: { n: String(i) } }));
    if (i % 20 === 0) await new Promise((r) => setImmediate(r));
  }
  await Promise.race([allDone, new Promise((r) => setTimeout(r, 30_000))]);
  const ms = performance.now() - t0;
  console.log(
    `watch fan-out          ${watchers} watchers × ${updates} events: ${received}/${expected} delivered in ${ms.toFixed(0)} ms = ${((received / ms) * 1000).toFixed(0)} events/s`,
  );
  for (const r of reqs) r.destroy();
  agent.destroy();
}

async function deployments(): Promise<void> {
  const count = quick ? 50 : 200;
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const sb = await startSandbox({ timing: { timeFactor: 0.001 }, watchHistory: 2000 });
  const dType = sb.registry.get('apps', 'deployments');
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const name = `svc-${i}`;
    sb.api.apply(
      dType,
      'default',
      name,
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, labels: { app: name } },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: `registry.example/${name}:1`,
                  ports: [{ containerPort: 8080 }],
                  resources: { requests: { cpu: '250m', memory: '512Mi' } },
                  readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
                },
              ],
            },
          },
        },
      }),
      { fieldManager: 'bench' },
    );
  }
  const deadline = Date.now() + 120_000;
  let available = 0;
  while (Date.now() < deadline) {
    available = sb.store
      .list(dType, 'default')
      .items.filter((d) => (d.status as { availableReplicas?: number } | undefined)?.availableReplicas === 3).length;
    if (available === count) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const ms = performance.now() - t0;
  (globalThis as { gc?: () => void }).gc?.();
  const heap1 = process.memoryUsage().heapUsed;
  const stats = sb.store.stats();
  console.log(
    `${count} Deployments × 3     ${available}/${count} available in ${(ms / 1000).toFixed(1)} s (time factor 0.001); objects: ${stats['pods'] ?? 0} pods, ${stats['replicasets.apps'] ?? 0} replicasets, ${stats['nodes'] ?? 0} nodes, ${stats['events'] ?? 0} events`,
  );
  console.log(
    `memory                 heap +${((heap1 - heap0) / 1048576).toFixed(1)} MiB for the sandbox, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB total${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for a settled heap)'}`,
  );
  await sb.stop();
}

const sb = await startSandbox({ timing: { timeFactor: 0.01 }, watchHistory: 5000 });
console.log(`sandbox benchmark on Node ${process.version}${quick ? ' (quick)' : ''}`);
await requestRate(sb);
await watchFanOut(sb);
await sb.stop();
await deployments();
process.exit(0);
