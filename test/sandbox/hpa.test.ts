/**
 * HPA v2 and v1 on the sandbox, driven by the emulated metrics API (CPU from each image's
 * utilization, changed at run time to load the app), observed with the real kubectl.
 */
import type { KubeObject } from '../../src/sandbox/object.js';
import { eventually, sandboxRequest, startHarness, type SandboxHarness } from './helpers.js';

let h: SandboxHarness;

const deployment = (
  name: string,
  image: string,
  requests = 'resources: {requests: {cpu: 250m, memory: 128Mi}}',
): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: ${image}, ${requests}}]
`;

beforeAll(async () => {
  h = await startHarness({ timing: { timeFactor: 0.002 } });
}, 30_000);
afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
});

const replicas = (name: string): number | undefined =>
  (
    h.sandbox.store.get(h.sandbox.registry.get('apps', 'deployments'), 'default', name)?.spec as
      { replicas?: number } | undefined
  )?.replicas;
const hpa = (name: string): KubeObject | undefined =>
  h.sandbox.store.get(h.sandbox.registry.get('autoscaling', 'horizontalpodautoscalers'), 'default', name);
const events = (name: string): string[] =>
  h.sandbox.store
    .list(h.sandbox.registry.get('', 'events'), 'default')
    .items.filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => `${e.reason as string}: ${e.message as string}`);

describe('HorizontalPodAutoscaler', () => {
  test('v2: idle pods scale down to minReplicas after the stabilization window; load scales up, capped at maxReplicas', async () => {
    const applied = await h.kubectl(['apply', '-f', '-'], {
      input: `${deployment('web', 'registry.example/web:1')}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
`,
    });
    expect(applied.stderr).toBe('');
    // healthy images idle at 10 % of their request: 2 → 1 once the 300 s (simulated) window has passed.
    await eventually('scaled down to 1', () => replicas('web') === 1, 15_000);
    expect(events('web')).toContain('SuccessfulRescale: New size: 1; reason: All metrics below target');
    expect(hpa('web')!.status).toMatchObject({
      currentMetrics: [
        { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 10, averageValue: '25m' } } },
      ],
    });

    h.sandbox.config.images.cpuUtilization = { 'registry.example/web': 150 };
    await eventually('scaled up to 3', () => replicas('web') === 3, 15_000);
    expect(events('web')).toContain(
      'SuccessfulRescale: New size: 3; reason: cpu resource utilization (percentage of request) above target',
    );
    await eventually(
      'capped at 5',
      () =>
        replicas('web') === 5 &&
        (
          hpa('web')!.status as { conditions?: Array<{ type: string; status: string; reason: string }> }
        ).conditions?.some((c) => c.type === 'ScalingLimited' && c.status === 'True' && c.reason === 'TooManyReplicas'),
      15_000,
    );
    const top = await eventually(
      'kubectl top',
      async () => {
        const r = await h.kubectl(['top', 'pod', '-l', 'app=web', '--no-headers']);
        return r.code === 0 && r.stdout.trim().split('\n').length >= 3 && r.stdout;
      },
      15_000,
    );
    expect(top).toMatch(/^web-\S+\s+375m\s+64Mi\s*$/m);
    const got = await h.kubectl(['get', 'hpa', 'web', '-o', 'jsonpath={.status.desiredReplicas}']);
    expect(got.stdout).toBe('5');
    await eventually(
      'kubectl get hpa with 5 replicas',
      async () =>
        /^web\s+Deployment\/web\s+cpu: 150%\/50%\s+1\s+5\s+5\s+\d+s\s*$/.test(
          (await h.kubectl(['get', 'hpa', 'web', '--no-headers'])).stdout,
        ),
      15_000,
    );
    h.sandbox.config.images.cpuUtilization = {};
  }, 40_000);

  test('v1 (targetCPUUtilizationPercentage): status in the v1 shape, read back through the v1 URL', async () => {
    h.sandbox.config.images.cpuUtilization = { 'registry.example/batch': 100 };
    await h.kubectl(['apply', '-f', '-'], {
      input: `${deployment('batch', 'registry.example/batch:1')}---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: batch}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: batch}
  minReplicas: 2
  maxReplicas: 4
  targetCPUUtilizationPercentage: 50
`,
    });
    await eventually('scaled to 4', () => replicas('batch') === 4, 15_000);
    const r = await sandboxRequest(
      h.sandbox,
      'GET',
      '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/batch',
    );
    expect(r.json()).toMatchObject({
      apiVersion: 'autoscaling/v1',
      status: { currentCPUUtilizationPercentage: 100, desiredReplicas: 4 },
    });
    expect(r.json<{ status: Record<string, unknown> }>().status.conditions).toBeUndefined();
  }, 30_000);

  test('a container without a CPU request: FailedGetResourceMetric, no scaling', async () => {
    await h.kubectl(['apply', '-f', '-'], {
      input: `${deployment('norequest', 'registry.example/norequest:1', 'ports: [{containerPort: 80}]')}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: norequest}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: norequest}
  maxReplicas: 3
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
`,
    });
    const ev = await eventually(
      'the warning',
      () => events('norequest').find((e) => e.startsWith('FailedGetResourceMetric')),
      15_000,
    );
    expect(ev).toMatch(
      /^FailedGetResourceMetric: failed to get cpu utilization: missing request for cpu in container "app" of Pod "norequest-/,
    );
    expect(replicas('norequest')).toBe(2);
  }, 30_000);

  test('the metrics API is read-only and lists by label', async () => {
    const list = await sandboxRequest(
      h.sandbox,
      'GET',
      '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dbatch',
    );
    expect(list.status).toBe(200);
    expect(list.json<{ kind: string; items: unknown[] }>()).toMatchObject({ kind: 'PodMetricsList' });
    expect(list.json<{ items: unknown[] }>().items.length).toBe(4);
    const write = await sandboxRequest(h.sandbox, 'POST', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods', {
      body: { metadata: { name: 'x' } },
    });
    expect(write.status).toBe(405);
    const nodes = await h.kubectl(['top', 'nodes', '--no-headers']);
    expect(nodes.code).toBe(0);
    expect(nodes.stdout).toMatch(/^fargate-ip-10-0-\d+-\d+\.ec2\.internal\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s*$/m);
  });
});
