/**
 * `type: LoadBalancer` Services on the sandbox, as on EKS Fargate: every one the cluster's
 * controllers handle gets a hostname, but only an NLB of the AWS Load Balancer Controller with IP
 * targets reaches the pods; the others drop every connection (no target can be registered).
 */
import { request } from 'node:http';
import { serviceLbModel } from '../../src/sandbox/nlb.js';
import { eventually, startHarness, type SandboxHarness } from './helpers.js';

let h: SandboxHarness;

const svc = (name: string, extra: string): string => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${extra}  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, protocol: TCP}]
`;

// The AWS documentation's sample (EKS user guide, "Route TCP and UDP traffic with Network Load Balancers").
const ipNlb = svc(
  'nlb-ip',
  `  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing
spec:
  type: LoadBalancer
`,
);
const classNlb = svc(
  'nlb-class',
  `  annotations:
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
spec:
  type: LoadBalancer
  loadBalancerClass: service.k8s.aws/nlb
`,
);
const instanceNlb = svc(
  'nlb-instance',
  `  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
spec:
  type: LoadBalancer
`,
);
// Online Boutique's frontend-external: no annotations → the in-tree provider's Classic LB.
const classic = svc(
  'frontend-external',
  `spec:
  type: LoadBalancer
`,
);
const otherClass = svc(
  'other-class',
  `spec:
  type: LoadBalancer
  loadBalancerClass: example.com/lb
`,
);

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: app, image: registry.example/web:1.0, ports: [{containerPort: 8080}]}
`;

function get(url: string): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      resolve({ error: err.code ?? err.message });
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

const hostname = (name: string): string | undefined =>
  (
    h.sandbox.store.get(h.sandbox.registry.get('', 'services'), 'default', name)?.status as
      { loadBalancer?: { ingress?: Array<{ hostname?: string }> } } | undefined
  )?.loadBalancer?.ingress?.[0]?.hostname;

beforeAll(async () => {
  h = await startHarness({ timing: { timeFactor: 0.002 } });
  const applied = await h.kubectl(['apply', '-f', '-'], {
    input: [web, ipNlb, classNlb, instanceNlb, classic, otherClass].join('---\n'),
  });
  expect(applied.stderr).toBe('');
  const epType = h.sandbox.registry.get('', 'endpoints');
  await eventually(
    'two ready endpoints of web',
    () =>
      ((h.sandbox.store.get(epType, 'default', 'nlb-ip')?.subsets as Array<{ addresses?: unknown[] }> | undefined)?.[0]
        ?.addresses?.length ?? 0) === 2,
    15_000,
  );
  await h.sandbox.serviceLbs.idle();
}, 30_000);

afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
});

describe('LoadBalancer Services on EKS Fargate', () => {
  test('each handled Service gets a hostname shaped like its load balancer; another class gets none', async () => {
    await eventually(
      'hostnames',
      () => hostname('nlb-ip') && hostname('nlb-class') && hostname('nlb-instance') && hostname('frontend-external'),
    );
    expect(hostname('nlb-ip')).toMatch(/^k8s-default-nlbip-[0-9a-f]{10}-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$/);
    expect(hostname('nlb-instance')).toMatch(
      /^k8s-default-nlbinsta-[0-9a-f]{10}-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$/,
    );
    expect(hostname('frontend-external')).toMatch(/^a[0-9a-f]{31}-\d+\.us-east-1\.elb\.amazonaws\.com$/);
    expect(hostname('other-class')).toBeUndefined();
    const got = await h.kubectl(['get', 'svc', 'nlb-ip', '-o', 'jsonpath={.status.loadBalancer.ingress[0].hostname}']);
    expect(got.stdout).toBe(hostname('nlb-ip'));
  });

  test('IP targets reach the ready pods, round robin', async () => {
    const url = h.sandbox.serviceLbs.urlFor('default', 'nlb-ip')!;
    const pods = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const r = await get(url);
      expect(r).toMatchObject({ status: 200 });
      pods.add((JSON.parse((r as { body: string }).body) as { pod: string }).pod);
    }
    expect(pods.size).toBe(2);
    expect(await get(h.sandbox.serviceLbs.urlFor('default', 'nlb-class')!)).toMatchObject({ status: 200 });
  });

  test('instance targets (Classic LB, or the controller NLB without target-type ip) never reach a Fargate pod', async () => {
    for (const name of ['nlb-instance', 'frontend-external']) {
      const r = await get(h.sandbox.serviceLbs.urlFor('default', name)!);
      expect(r).toEqual({ error: 'ECONNRESET' });
      expect(h.sandbox.serviceLbs.flows.filter((f) => f.service === `default/${name}`).at(-1)).toMatchObject({
        result: 'reset',
        reason: expect.stringMatching(/no healthy targets: instance targets cannot register Fargate pods/) as unknown,
      });
    }
  });

  test('annotating the Service with target-type ip replaces the load balancer with one that reaches the pods', async () => {
    const patched = await h.kubectl([
      'annotate',
      'svc',
      'nlb-instance',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type=ip',
    ]);
    expect(patched.code).toBe(0);
    await h.sandbox.serviceLbs.idle();
    const url = await eventually(
      'a new listener',
      () =>
        h.sandbox.serviceLbs.describe('default', 'nlb-instance')?.model.targetType === 'ip' &&
        h.sandbox.serviceLbs.urlFor('default', 'nlb-instance'),
    );
    expect(await get(url)).toMatchObject({ status: 200 });
  });

  test('which controller handles which Service', () => {
    const m = (annotations: Record<string, string>, spec: Record<string, unknown>) =>
      serviceLbModel({ metadata: { annotations }, spec: { type: 'LoadBalancer', ...spec } });
    expect(m({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb-ip' }, {})).toMatchObject({
      controller: 'aws-load-balancer-controller',
      targetType: 'ip',
      scheme: 'internet-facing',
    });
    expect(
      m(
        {
          'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
          'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        },
        {},
      ),
    ).toMatchObject({ controller: 'service-controller', kind: 'nlb', targetType: 'instance' });
    expect(m({}, { loadBalancerClass: 'eks.amazonaws.com/nlb' })).toBeUndefined();
    expect(serviceLbModel({ metadata: {}, spec: { type: 'ClusterIP' } })).toBeUndefined();
  });
});
