/**
 * Fault injection: each fault against the sandbox's HTTPS API (and the real kubectl for
 * throttling), determinism by seed, run-time switching, counters and the audit log.
 */
import { request } from 'node:https';
import { parseFaultConfig, seededRandom } from '../../src/sandbox/faults.js';
import { resolveSandboxConfig } from '../../src/sandbox/config.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { eventually, sandboxRequest, startHarness, type SandboxHarness } from './helpers.js';

let h: SandboxHarness;
let sb: Sandbox;

beforeAll(async () => {
  h = await startHarness({
    timing: { timeFactor: 0.002 },
    faults: { rules: [{ name: 'boot', paths: ['/version'], error: { code: 503 } }] },
  });
  sb = h.sandbox;
  for (let i = 0; i < 3; i++) {
    await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: { metadata: { name: `cm-${i}` }, data: { i: String(i) } },
    });
  }
});

afterEach(() => {
  sb.faults.clear();
});

afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
});

const CM = '/api/v1/namespaces/default/configmaps';

/** Opens a watch and collects its lines until the server ends the stream. */
function watchUntilEnd(
  path: string,
  limitMs = 5000,
): Promise<{ lines: Array<{ type: string; object: Record<string, unknown> }>; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, sb.url),
      { ca: sb.caPem, headers: { Authorization: `Bearer ${sb.token}` } },
      (res) => {
        let buf = '';
        res.on('data', (c: Buffer) => (buf += c.toString('utf8')));
        res.on('end', () => {
          resolve({
            lines: buf
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as { type: string; object: Record<string, unknown> }),
            ms: Date.now() - started,
          });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(limitMs, () => req.destroy(new Error('watch was not cut')));
    req.end();
  });
}

describe('fault config', () => {
  test('faults from the config are active from the start', async () => {
    const r = await sandboxRequest(sb, 'GET', '/version');
    expect(r.status).toBe(503);
    expect(r.json()).toMatchObject({
      kind: 'Status',
      code: 503,
      reason: 'ServiceUnavailable',
      message: 'the server is currently unable to handle the request',
    });
  });

  test('invalid rules are rejected naming the field', () => {
    expect(() => parseFaultConfig({ rules: [{ error: { code: 418 } }] })).toThrow(
      'sandbox config faults.rules[0].error.code must be one of 429, 500, 503, 504, got 418',
    );
    expect(() => parseFaultConfig({ rules: [{ verbs: ['get'] }] })).toThrow('faults.rules[0] has no effect');
    expect(() => parseFaultConfig({ rules: [{ latencyMs: [50, 10] }] })).toThrow(
      'faults.rules[0].latencyMs range [50, 10] has max below min',
    );
    expect(() => parseFaultConfig({ rules: [{ probability: 2, reset: true }] })).toThrow(
      'faults.rules[0].probability must be between 0 and 1',
    );
    expect(() => resolveSandboxConfig({ faults: { rulez: [] } as never })).toThrow(
      'sandbox config faults.rulez is not a fault setting',
    );
  });

  test('the PRNG is a pure function of the seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(xs[0]);
  });
});

describe('error rates', () => {
  const run = async (): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < 20; i++) out.push((await sandboxRequest(sb, 'GET', CM)).status);
    return out;
  };

  test('429 with Retry-After at a rate, the same sequence for the same seed, another for another seed', async () => {
    const rules = [
      {
        name: 'throttle',
        verbs: ['list'],
        resources: ['configmaps'],
        probability: 0.5,
        error: { code: 429 as const, retryAfterSeconds: 2 },
      },
    ];
    sb.faults.set({ seed: 7, rules });
    const first = await run();
    sb.faults.set({ seed: 7, rules });
    expect(await run()).toEqual(first);
    sb.faults.set({ seed: 8, rules });
    expect(await run()).not.toEqual(first);
    const throttled = first.filter((s) => s === 429).length;
    expect(throttled).toBeGreaterThan(3);
    expect(throttled).toBeLessThan(17);
    expect(first.every((s) => s === 200 || s === 429)).toBe(true);

    sb.faults.set({
      rules: [{ verbs: ['list'], resources: ['configmaps'], error: { code: 429, retryAfterSeconds: 2 } }],
    });
    const r = await sandboxRequest(sb, 'GET', CM);
    expect(r.headers['retry-after']).toBe('2');
    expect(r.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Too many requests, please try again later.',
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 2 },
      code: 429,
    });
    // A get of one object is another verb: untouched.
    expect((await sandboxRequest(sb, 'GET', `${CM}/cm-0`)).status).toBe(200);
  });

  test('500 and 503 Status bodies; `after` and `times` pick which requests fail; other namespaces are untouched', async () => {
    sb.faults.set({
      rules: [
        {
          name: 'flaky-create',
          verbs: ['create'],
          namespaces: ['default'],
          after: 1,
          times: 1,
          error: { code: 500, message: 'etcdserver: request timed out' },
        },
      ],
    });
    const body = (n: string): { body: unknown } => ({ body: { metadata: { name: n } } });
    expect((await sandboxRequest(sb, 'POST', CM, body('x1'))).status).toBe(201);
    const failed = await sandboxRequest(sb, 'POST', CM, body('x2'));
    expect(failed.status).toBe(500);
    expect(failed.json()).toMatchObject({
      reason: 'InternalError',
      message: 'Internal error occurred: etcdserver: request timed out',
      details: { causes: [{ message: 'etcdserver: request timed out' }] },
    });
    expect((await sandboxRequest(sb, 'POST', CM, body('x3'))).status).toBe(201);
    expect((await sandboxRequest(sb, 'POST', '/api/v1/namespaces/kube-system/configmaps', body('x4'))).status).toBe(
      201,
    );
    expect(sb.store.get(sb.registry.get('', 'configmaps'), 'default', 'x2')).toBeUndefined();

    sb.faults.set([{ resources: ['pods/log', 'deployments/*'], error: { code: 503, retryAfterSeconds: 1 } }]);
    const scale = await sandboxRequest(sb, 'GET', '/apis/apps/v1/namespaces/default/deployments/none/scale');
    expect(scale.status).toBe(503);
    expect(scale.headers['retry-after']).toBe('1');
    expect((await sandboxRequest(sb, 'GET', '/apis/apps/v1/namespaces/default/deployments')).status).toBe(200);
  });

  test('the real kubectl rides out throttling (client-go honours Retry-After)', async () => {
    sb.faults.set({
      rules: [
        {
          name: 'apf',
          verbs: ['list'],
          resources: ['configmaps'],
          times: 2,
          error: { code: 429, retryAfterSeconds: 1 },
        },
      ],
    });
    const started = Date.now();
    const r = await h.kubectl(['get', 'configmaps', '-o', 'name']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('configmap/cm-0');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(sb.faults.stats().byRule.apf).toBe(2);
  }, 20_000);
});

describe('latency, resets, watches, controllers', () => {
  test('added latency: fixed and drawn from a range', async () => {
    sb.faults.set({ rules: [{ verbs: ['get'], resources: ['configmaps'], latencyMs: 250 }] });
    let t = Date.now();
    expect((await sandboxRequest(sb, 'GET', `${CM}/cm-1`)).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(245);
    sb.faults.set({ rules: [{ verbs: ['get'], resources: ['configmaps'], latencyMs: [100, 150] }] });
    t = Date.now();
    await sandboxRequest(sb, 'GET', `${CM}/cm-1`);
    const ms = Date.now() - t;
    expect(ms).toBeGreaterThanOrEqual(95);
    expect(ms).toBeLessThan(1000);
  });

  test('connection reset: the socket closes without an answer', async () => {
    sb.faults.set({ rules: [{ name: 'rst', verbs: ['get'], names: ['cm-2'], reset: true }] });
    await expect(sandboxRequest(sb, 'GET', `${CM}/cm-2`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await sandboxRequest(sb, 'GET', `${CM}/cm-1`)).status).toBe(200);
    await eventually('the reset in the audit log', () =>
      sb.audit.find((a) => a.name === 'cm-2' && a.fault === 'rst:reset'),
    );
  });

  test('watch streams cut after N events or T ms', async () => {
    sb.faults.set({ rules: [{ verbs: ['watch'], resources: ['configmaps'], watch: { maxEvents: 2 } }] });
    const byCount = await watchUntilEnd(`${CM}?watch=true`);
    expect(byCount.lines.map((l) => l.type)).toEqual(['ADDED', 'ADDED']);
    sb.faults.set({ rules: [{ verbs: ['watch'], watch: { maxDurationMs: 300 } }] });
    const rv = sb.store.resourceVersion;
    const byTime = await watchUntilEnd(`${CM}?watch=true&resourceVersion=${rv}`);
    expect(byTime.lines).toEqual([]);
    expect(byTime.ms).toBeGreaterThanOrEqual(290);
    expect(byTime.ms).toBeLessThan(3000);
  });

  test('expired resourceVersion: a resume gets 410 Gone, a fresh watch works', async () => {
    const before = Number(
      (await sandboxRequest(sb, 'GET', CM)).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion,
    );
    await sandboxRequest(sb, 'POST', CM, { body: { metadata: { name: 'after-rv' } } });
    sb.faults.set({
      rules: [
        { name: 'compaction', verbs: ['watch'], resources: ['configmaps'], expireResourceVersion: true, times: 1 },
      ],
    });
    const expired = await watchUntilEnd(`${CM}?watch=true&resourceVersion=${before}`);
    expect(expired.lines).toHaveLength(1);
    expect(expired.lines[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(String(expired.lines[0]!.object.message)).toMatch(/^too old resource version: \d+/);
    sb.faults.set({ rules: [{ verbs: ['watch'], watch: { maxEvents: 1 } }] });
    const fresh = await watchUntilEnd(`${CM}?watch=true`);
    expect(fresh.lines[0]!.type).toBe('ADDED');
  });

  test('stuck and slow controllers', async () => {
    sb.faults.set({ controllers: { paused: true } });
    expect(sb.controllers.runner.paused).toBe(true);
    await sandboxRequest(sb, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'stuck' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'stuck' } },
          template: {
            metadata: { labels: { app: 'stuck' } },
            spec: { containers: [{ name: 'a', image: 'registry.example/web:1' }] },
          },
        },
      },
    });
    await new Promise((r) => setTimeout(r, 300));
    const rsType = sb.registry.get('apps', 'replicasets');
    expect(sb.store.list(rsType, 'default').items.filter((r) => r.metadata.name?.startsWith('stuck-'))).toHaveLength(0);
    sb.faults.set({ controllers: { drainDelayMs: 100 } });
    expect(sb.controllers.runner.paused).toBe(false);
    await eventually('the ReplicaSet once the controllers run again', () =>
      sb.store.list(rsType, 'default').items.some((r) => r.metadata.name?.startsWith('stuck-')),
    );
    sb.faults.clear();
    expect(sb.controllers.runner.drainDelayMs).toBe(0);
  });

  test('stats count what was injected and the audit log names it', async () => {
    sb.faults.resetStats();
    sb.faults.set({
      rules: [
        { name: 'slow-gets', verbs: ['get'], resources: ['configmaps'], latencyMs: 1 },
        { name: 'no-deletes', verbs: ['delete'], error: { code: 503 } },
      ],
    });
    await sandboxRequest(sb, 'GET', `${CM}/cm-0`);
    await sandboxRequest(sb, 'GET', `${CM}/cm-1`);
    expect((await sandboxRequest(sb, 'DELETE', `${CM}/cm-0`)).status).toBe(503);
    expect(sb.faults.stats()).toEqual({
      injected: 3,
      byRule: { 'slow-gets': 2, 'no-deletes': 1 },
      byEffect: { latency: 2, error503: 1 },
    });
    await eventually('audit records', () => sb.audit.find((a) => a.verb === 'delete' && a.name === 'cm-0'));
    const del = sb.audit.filter((a) => a.verb === 'delete' && a.name === 'cm-0').pop()!;
    expect(del).toMatchObject({ status: 503, fault: 'no-deletes:error503', resource: 'configmaps' });
    expect(sb.audit.filter((a) => a.name === 'cm-1').pop()).toMatchObject({ status: 200, fault: 'slow-gets:latency' });
  });
});
