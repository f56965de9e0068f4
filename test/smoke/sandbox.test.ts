/**
 * Smoke checks against the sandbox: internal Services through the API server's service proxy
 * (authenticated with the kubeconfig's credentials, trusting the cluster CA) and Ingress targets
 * through the emulated ALB, both answered by the emulated app in ready pods.
 */
import { expect } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient } from '../../src/kube/client.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { parseSmokeSpec } from '../../src/smoke/spec.js';
import { runSmokeChecks, type IngressRef, type SmokeResult } from '../../src/smoke/run.js';
import { createSmokeTransport, serviceProxyTransport, serviceProxyUrl } from '../../src/smoke/transport.js';
import { smokeTable } from '../../src/smoke/report.js';
import { logSink } from '../helpers/artefacts.js';
import { stopStarted } from '../helpers/stop-started.js';

let sb: Sandbox;
let client: KubeClient;
let dir: string;

const app = (name: string, image: string, portName?: string) => [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 8080, name: 'http' }] }] },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { app: name },
      ports: [{ ...(portName ? { name: portName } : {}), port: 80, targetPort: 'http' }],
    },
  },
];

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** How the deploy command resolves an Ingress: the sandbox writes its listener URL in an annotation. */
async function sandboxIngressUrl(ing: IngressRef): Promise<string | undefined> {
  const obj = await client.get('networking.k8s.io/v1', 'Ingress', ing.namespace ?? 'default', ing.name ?? 'web');
  if (!obj) throw new Error(`no Ingress ${ing.name ?? 'web'}`);
  return obj.metadata.annotations?.['sandbox.eks-fargate-deploy/url'];
}

beforeAll(async () => {
  sb = await startSandbox({ timing: { timeFactor: 0.002 }, app: { slowResponseMs: 400, echoHeaders: true } });
  dir = await mkdtemp(join(tmpdir(), 'smoke-sb-'));
  await sb.writeKubeconfig(join(dir, 'kubeconfig'));
  client = KubeClient.fromKubeconfig(join(dir, 'kubeconfig'));
  const objects = [
    ...app('web', 'registry.example/web:1.0'),
    ...app('broken', 'registry.example/http-500:1', 'http'),
    ...app('slow', 'registry.example/slow:1', 'http'),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'default', annotations: { 'alb.ingress.kubernetes.io/target-type': 'ip' } },
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
    },
  ];
  for (const o of objects) await client.apply(o, { fieldManager: 'eks-fargate-deploy' });
  for (const name of ['web', 'broken', 'slow']) {
    await until(`ready endpoints of ${name}`, async () => {
      const ep = (await client.get('v1', 'Endpoints', 'default', name)) as
        { subsets?: { addresses?: unknown[] }[] } | undefined;
      return (ep?.subsets?.[0]?.addresses?.length ?? 0) > 0 ? true : undefined;
    });
  }
}, 30_000);

afterAll(async () => {
  await stopStarted(sb);
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('service-proxy URLs: namespace, https backends, named ports, query kept', () => {
  expect(serviceProxyUrl('https://k8s.example:6443/', { name: 'web', port: 80 }, '/ready?x=1', 'shop')).toBe(
    'https://k8s.example:6443/api/v1/namespaces/shop/services/web:80/proxy/ready?x=1',
  );
  expect(
    serviceProxyUrl(
      'https://k8s.example',
      { name: 'api', namespace: 'core', port: 'metrics', scheme: 'https' },
      '/',
      'shop',
    ),
  ).toBe('https://k8s.example/api/v1/namespaces/core/services/https:api:metrics/proxy/');
});

describe('service targets through the API server', () => {
  const run = (yaml: string, transport = createSmokeTransport({ client, defaultNamespace: 'default' })) =>
    runSmokeChecks(parseSmokeSpec(yaml, 'smoke.yaml'), {
      transport,
      resolveIngress: sandboxIngressUrl,
      log: logSink().log,
    });

  test('the Service answers through the proxy, with our headers, path and query, as the kubeconfig user', async () => {
    const before = sb.audit.length;
    const [r] = await run(`
- name: internal
  service: { name: web, port: 80 }
  path: /ready?full=1
  headers: { X-Check: smoke, X-Api-Key: proxied-secret-1 }
  retries: 0
  expect:
    json:
      - { path: $.path, equals: /ready?full=1 }
      - { path: $.image, equals: registry.example/web:1.0 }
      - { path: "$.headers['x-check']", equals: smoke }
      - { path: "$.headers['x-api-key']", equals: proxied-secret-1 }
      - { path: $.headers.authorization, exists: false }
`);
    expect(r).toMatchObject({
      name: 'internal',
      ok: true,
      attempts: 1,
      status: 200,
      target: 'service web:80/ready?full=1',
    });
    const calls = sb.audit.slice(before).filter((a) => a.resource === 'services/proxy');
    expect(calls).toEqual([
      expect.objectContaining({
        path: '/api/v1/namespaces/default/services/web:80/proxy/ready',
        query: '?full=1',
        status: 200,
        user: expect.stringMatching(/admin/),
      }),
    ]);
  });

  test('a named port, and a Service answering 500', async () => {
    const results = await run(`
- { name: named-port, service: { name: slow, port: http }, path: /, timeout: 5s, retries: 0 }
- { name: broken, service: { name: broken, port: http }, path: /, retries: 1, interval: 10ms }
`);
    expect(results.map((r) => [r.name, r.ok, r.status, r.failure])).toEqual([
      ['named-port', true, 200, undefined],
      ['broken', false, 500, 'status 500 (expected 200)'],
    ]);
    expect(results[1]!.bodyExcerpt).toMatch(
      /^\{"pod":"broken-[a-z0-9-]+","namespace":"default","image":"registry\.example\/http-500:1"/,
    );
  });

  test("the API server's own answers are named as such: missing Service, unknown port", async () => {
    const results = await run(`
- { name: missing, service: { name: nope, port: 80 }, path: /, retries: 0 }
- { name: port, service: { name: web, port: 81 }, path: /, retries: 0 }
`);
    expect(results.map((r) => r.failure)).toEqual([
      'status 404 (expected 200): API server: services "nope" not found',
      'status 503 (expected 200): API server: no service port 81 found for service "web"',
    ]);
  });

  test('each attempt is bounded by the timeout through the proxy too', async () => {
    const [r] = await run('- { name: slow, service: { name: slow, port: http }, path: /, timeout: 100ms, retries: 0 }');
    expect(r!.failure).toBe('timeout after 100 ms');
  });

  test('credentials come from the client: a token provider works, a wrong token is a 401 from the API server', async () => {
    const caData = Buffer.from(sb.caPem).toString('base64');
    const good = KubeClient.fromCluster({ server: sb.url, caData, token: () => Promise.resolve(sb.token) });
    const bad = KubeClient.fromCluster({ server: sb.url, caData, token: () => Promise.resolve('not-the-token') });
    const spec = '- { service: { name: web, port: 80 }, path: /, retries: 0 }';
    const [ok] = await run(spec, serviceProxyTransport(good, { defaultNamespace: 'default' }));
    expect(ok!.ok).toBe(true);
    const [denied] = await run(spec, serviceProxyTransport(bad, { defaultNamespace: 'default' }));
    expect(denied!.failure).toBe('status 401 (expected 200): API server: Unauthorized');
  });

  test('without a cluster connection a service target fails at once', async () => {
    const [r] = await run('- { service: { name: web, port: 80 }, path: /, retries: 5 }', createSmokeTransport());
    expect(r).toMatchObject({
      ok: false,
      attempts: 1,
      stoppedBy: 'error',
      failure: "service web:80: no cluster connection to reach it through the API server's service proxy",
    });
  });
});

test('an https URL whose certificate is not trusted fails with a TLS message, not a generic error', async () => {
  const [r] = await runSmokeChecks(parseSmokeSpec(`- { url: "${sb.url}/version", retries: 0 }`, 'smoke.yaml'), {
    transport: createSmokeTransport(),
    log: logSink().log,
  });
  expect(r!.failure).toMatch(/^TLS: .*(certificate|self[- ]signed)/i);
});

test('an Ingress target goes through the emulated ALB; the table shows every check', async () => {
  const transport = createSmokeTransport({ client, defaultNamespace: 'default' });
  const checks = parseSmokeSpec(
    `
- { name: public, path: /shop?item=1, expect: { json: [{ path: $.path, equals: /shop?item=1 }] }, retries: 20, interval: 50ms }
- { name: internal, service: { name: broken, port: http }, path: /, retries: 0 }
`,
    'smoke.yaml',
  );
  const results: SmokeResult[] = await runSmokeChecks(checks, {
    transport,
    resolveIngress: sandboxIngressUrl,
    log: logSink().log,
  });
  expect(results.map((r) => [r.name, r.ok, r.status])).toEqual([
    ['public', true, 200],
    ['internal', false, 500],
  ]);
  const table = smokeTable(results);
  expect(table.split('\n')[2]).toMatch(/^\| public \| `\/shop\?item=1` \| ✅ passed \| 200 \| \d+ ms \| \d+ \|  \|$/);
  expect(table.split('\n')[3]).toContain('| internal | `service broken:http/` | ❌ failed | 500 |');
});
