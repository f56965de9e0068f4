/**
 * The emulated ALB (Ingress of class alb → hostname + listener on 127.0.0.1) and the API server's
 * service proxy (through the real kubectl), both reaching the emulated app in ready pods only.
 */
import { request } from 'node:http';
import { albDnsName, albHostMatches, albName, albPathMatches, ALB_URL_ANNOTATION } from '../../src/sandbox/alb.js';
import { parseProxyTarget } from '../../src/sandbox/proxy.js';
import { at, eventually, parseJson, startHarness, type SandboxHarness } from './helpers.js';

let h: SandboxHarness;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

function get(base: string, path: string, host?: string): Promise<Reply> {
  const url = new URL(path, base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host ? { Host: host } : {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: Date.now() - started,
        });
      });
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`GET ${url.href} timed out`)));
    req.end();
  });
}

const deployment = (name: string, image: string, replicas: number, readiness = false): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: app
        image: ${image}
        ports: [{containerPort: 8080, name: http}]
${readiness ? '        readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1}\n' : ''}---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{${name === 'web' ? '' : 'name: http, '}port: 80, targetPort: http}]
`;

const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: {alb.ingress.kubernetes.io/target-type: ip}
spec:
  ingressClassName: alb
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /checkout, pathType: Exact, backend: {service: {name: broken, port: {name: http}}}}
  - http:
      paths:
      - {path: /api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /static/*, pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /slow, pathType: Prefix, backend: {service: {name: slow, port: {name: http}}}}
      - {path: /down, pathType: Prefix, backend: {service: {name: down, port: {name: http}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: legacy
  annotations: {kubernetes.io/ingress.class: alb}
spec:
  defaultBackend: {service: {name: web, port: {number: 80}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: other}
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: web, port: {number: 80}}}
`;

let albUrl: string;

beforeAll(async () => {
  h = await startHarness({ timing: { timeFactor: 0.002 }, app: { slowResponseMs: 300, echoHeaders: true } });
  const manifests = [
    deployment('web', 'registry.example/web:1.0', 3),
    deployment('broken', 'registry.example/http-500:1', 1),
    deployment('slow', 'registry.example/slow:1', 1),
    deployment('down', 'registry.example/never-ready:1', 1, true),
    ingress,
  ].join('---\n');
  const applied = await h.kubectl(['apply', '--server-side', '-f', '-'], { input: manifests });
  expect(applied.stderr).toBe('');
  const epType = h.sandbox.registry.get('', 'endpoints');
  await eventually(
    'ready endpoints of web, broken, slow',
    () => {
      const ready = (n: string): number =>
        (h.sandbox.store.get(epType, 'default', n)?.subsets as Array<{ addresses?: unknown[] }> | undefined)?.[0]
          ?.addresses?.length ?? 0;
      return ready('web') === 3 && ready('broken') === 1 && ready('slow') === 1;
    },
    15_000,
  );
  albUrl = await eventually('the web ALB', () => h.sandbox.alb.urlFor('default', 'web'));
}, 30_000);

afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
});

describe('ALB naming and matching rules', () => {
  test('load balancer names follow the AWS Load Balancer Controller (8+8 characters, 10 hex; 17 for groups)', () => {
    expect(
      albName('sandbox', { explicit: false, namespace: 'my-team-namespace', name: 'web-frontend' }, 'internal'),
    ).toMatch(/^k8s-myteamna-webfront-[0-9a-f]{10}$/);
    expect(
      albName('sandbox', { explicit: true, namespace: '', name: 'shared-public-group-1' }, 'internet-facing'),
    ).toMatch(/^k8s-sharedpublicgroup-[0-9a-f]{10}$/);
    expect(albName('a', { explicit: false, namespace: 'd', name: 'w' }, 'internal')).not.toBe(
      albName('b', { explicit: false, namespace: 'd', name: 'w' }, 'internal'),
    );
    expect(albDnsName('k8s-default-web-0123456789', 'internet-facing', 'eu-west-1')).toMatch(
      /^k8s-default-web-0123456789-\d+\.eu-west-1\.elb\.amazonaws\.com$/,
    );
    expect(albDnsName('k8s-x', 'internal', 'us-east-1')).toMatch(/^internal-k8s-x-\d+\./);
  });

  test('paths: Exact, Prefix element-wise, ImplementationSpecific wildcards; hosts case-insensitive with wildcards', () => {
    expect(albPathMatches('Exact', '/a', '/a')).toBe(true);
    expect(albPathMatches('Exact', '/a', '/a/')).toBe(false);
    expect(albPathMatches('Prefix', '/api', '/api/v1')).toBe(true);
    expect(albPathMatches('Prefix', '/api/', '/api')).toBe(true);
    expect(albPathMatches('Prefix', '/api', '/apix')).toBe(false);
    expect(albPathMatches('Prefix', '/', '/anything')).toBe(true);
    expect(albPathMatches('ImplementationSpecific', '/img/*.png', '/img/a/b.png')).toBe(true);
    expect(albPathMatches('ImplementationSpecific', '/img', '/img/b.png')).toBe(true);
    expect(albHostMatches('*.Example.com', 'shop.example.COM:8080')).toBe(true);
    expect(albHostMatches('shop.example.com', 'example.com')).toBe(false);
  });
});

describe('ALB listener', () => {
  test('the Ingress gets a deterministic hostname in status and its listener URL in an annotation', async () => {
    const hostname = await h.kubectl([
      'get',
      'ingress',
      'web',
      '-o',
      'jsonpath={.status.loadBalancer.ingress[0].hostname}',
    ]);
    expect(hostname.stdout).toMatch(/^internal-k8s-default-web-[0-9a-f]{10}-\d+\.us-east-1\.elb\.amazonaws\.com$/);
    expect(hostname.stdout).toBe(h.sandbox.alb.hostnameFor('default', 'web'));
    expect(hostname.stdout).toBe(
      albDnsName(
        albName('sandbox', { explicit: false, namespace: 'default', name: 'web' }, 'internal'),
        'internal',
        'us-east-1',
      ),
    );
    const ann = await h.kubectl([
      'get',
      'ingress',
      'web',
      '-o',
      `jsonpath={.metadata.annotations.sandbox\\.eks-fargate-deploy/url}`,
    ]);
    expect(ann.stdout).toBe(albUrl);
    expect(albUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ALB_URL_ANNOTATION).toBe('sandbox.eks-fargate-deploy/url');
  });

  test('routes by path to ready pods, round robin, answering JSON naming pod, image and path', async () => {
    const replies = [];
    for (let i = 0; i < 6; i++) replies.push(await get(albUrl, '/api/orders?page=2'));
    const bodies = replies.map((r) => {
      expect(r.status).toBe(200);
      return JSON.parse(r.body) as {
        pod: string;
        image: string;
        path: string;
        method: string;
        headers: Record<string, string>;
      };
    });
    expect(bodies[0]).toMatchObject({
      image: 'registry.example/web:1.0',
      path: '/api/orders?page=2',
      method: 'GET',
      namespace: 'default',
    });
    expect(bodies[0]!.headers['x-forwarded-proto']).toBe('http');
    expect(bodies[0]!.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    const counts = new Map<string, number>();
    for (const b of bodies) counts.set(b.pod, (counts.get(b.pod) ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2, 2]);
    expect([...counts.keys()].every((p) => p.startsWith('web-'))).toBe(true);
    expect((await get(albUrl, '/static/app.js')).status).toBe(200);
  });

  test('no matching rule is a 404; Exact paths and host conditions are honoured', async () => {
    expect((await get(albUrl, '/apix')).status).toBe(404);
    expect((await get(albUrl, '/checkout')).status).toBe(404);
    const ok = await get(albUrl, '/checkout', 'SHOP.example.com');
    expect(ok.status).toBe(500);
    expect(JSON.parse(ok.body)).toMatchObject({
      image: 'registry.example/http-500:1',
      error: 'Internal Server Error',
      path: '/checkout',
    });
    expect((await get(albUrl, '/checkout/', 'shop.example.com')).status).toBe(404);
  });

  test('a Service without ready endpoints is a 503 with the ALB body; slow images answer late', async () => {
    const down = await get(albUrl, '/down');
    expect(down.status).toBe(503);
    expect(down.headers.server).toBe('awselb/2.0');
    expect(down.body).toContain('<title>503 Service Temporarily Unavailable</title>');
    const slow = await get(albUrl, '/slow/x');
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(290);
    expect(
      h.sandbox.alb.accessLog.some(
        (r) => r.path === '/slow/x' && r.status === 200 && r.target?.startsWith('default/slow-'),
      ),
    ).toBe(true);
  });

  test('an Ingress without target-type ip gets a listener that answers 503 and a Warning event; other classes are ignored', async () => {
    const legacyUrl = await eventually('the legacy ALB', () => h.sandbox.alb.urlFor('default', 'legacy'));
    expect(legacyUrl).not.toBe(albUrl);
    expect((await get(legacyUrl, '/')).status).toBe(503);
    const events = await h.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=legacy', '-o', 'json']);
    const reasons = (
      at(parseJson(events.stdout), 'items') as Array<{ reason: string; type: string; message: string }>
    ).map((e) => `${e.type}/${e.reason}`);
    expect(reasons).toEqual(expect.arrayContaining(['Normal/SuccessfullyReconciled', 'Warning/FailedDeployModel']));
    await h.sandbox.alb.idle();
    expect(h.sandbox.alb.urlFor('default', 'other')).toBeUndefined();
    const other = await h.kubectl(['get', 'ingress', 'other', '-o', 'jsonpath={.status}']);
    expect(other.stdout).not.toContain('hostname');
  });

  test('scaling to zero drains the targets (503); deleting the Ingress closes its listener', async () => {
    expect((await h.kubectl(['scale', 'deployment', 'web', '--replicas=0'])).code).toBe(0);
    await eventually('503 once web has no ready pods', async () => (await get(albUrl, '/api')).status === 503, 10_000);
    expect((await h.kubectl(['scale', 'deployment', 'web', '--replicas=1'])).code).toBe(0);
    await eventually('200 again', async () => (await get(albUrl, '/api')).status === 200, 10_000);
    expect((await h.kubectl(['delete', 'ingress', 'legacy'])).code).toBe(0);
    await eventually('legacy listener gone', () => h.sandbox.alb.urlFor('default', 'legacy') === undefined);
    expect(h.sandbox.alb.loadBalancers().map((lb) => lb.members)).toEqual([['default/web']]);
  }, 30_000);
});

describe('service proxy', () => {
  test('kubectl get --raw reaches a ready pod through name:port, name:portName and name alone', async () => {
    const byNumber = await h.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/web:80/proxy/hello?x=1']);
    expect(byNumber.code).toBe(0);
    expect(JSON.parse(byNumber.stdout)).toMatchObject({
      path: '/hello?x=1',
      image: 'registry.example/web:1.0',
      method: 'GET',
    });
    const echoed = parseJson(byNumber.stdout);
    expect(at(echoed, 'headers')).toBeDefined();
    expect(at(echoed, 'headers', 'authorization')).toBeUndefined();
    const alone = await h.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/web/proxy/']);
    expect(JSON.parse(alone.stdout)).toMatchObject({ path: '/' });
    const named = await h.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/slow:http/proxy/x']);
    expect(JSON.parse(named.stdout)).toMatchObject({ path: '/x', image: 'registry.example/slow:1' });
  });

  test("errors are the API server's: 404 for no Service, 503 for no ready endpoints or an unknown port, 500 passed through", async () => {
    const missing = await h.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/nope:80/proxy/']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Error from server (NotFound): services "nope" not found');
    const down = await h.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/down:http/proxy/']);
    expect(down.stderr).toContain('Error from server (ServiceUnavailable): no endpoints available for service "down"');
    const port = await h.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/web:8443/proxy/']);
    expect(port.stderr).toContain('no service port 8443 found for service "web"');
    const unnamed = await h.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/broken/proxy/']);
    expect(unnamed.stderr).toContain('no endpoints available for service "broken"');
    const five = await h.kubectl(['get', '--raw', '/api/v1/namespaces/default/services/broken:http/proxy/pay']);
    expect(five.code).not.toBe(0);
    // The pod's JSON is not a Status, so kubectl reports a generic server error, as against EKS.
    expect(five.stderr).toContain(
      'Error from server (InternalError): an error on the server ("unknown") has prevented the request from succeeding',
    );
  });

  test('proxy target syntax', () => {
    expect(parseProxyTarget('web')).toEqual({ scheme: '', name: 'web', port: undefined });
    expect(parseProxyTarget('web:80')).toEqual({ scheme: '', name: 'web', port: 80 });
    expect(parseProxyTarget('https:web:tls')).toEqual({ scheme: 'https', name: 'web', port: 'tls' });
    expect(() => parseProxyTarget('ftp:web:21')).toThrow('unsupported scheme "ftp"');
  });
});
