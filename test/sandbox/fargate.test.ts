/**
 * The Fargate rules and the kubelet's image behaviours, driven through the sandbox's object API
 * (the same path the HTTP layer uses) and observed as a client would: pod status, nodes, events.
 */
import { fargateUnsupportedMessage, fargateUnsupportedReasons } from '../../src/fargate/lint.js';
import { fargatePodSize, podResourcesFromSpec } from '../../src/fargate/sizing.js';
import type { KubeObject } from '../../src/sandbox/object.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { eventually } from './helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    timing: { timeFactor: 0.002, backOffBaseMs: 10_000 },
    fargateProfiles: [
      { name: 'b-apps', selectors: [{ namespace: 'team-*', labels: { tier: 'web' } }] },
      { name: 'a-apps', selectors: [{ namespace: 'team-?', labels: { tier: 'w*' } }] },
      { name: 'default', selectors: [{ namespace: 'default' }] },
    ],
    images: {
      exists: [
        'registry.example/web',
        'registry.example/crash:1',
        'registry.example/oom:1',
        'registry.example/lazy:1',
        'registry.example/sick:1',
        'registry.example/slow:1',
      ],
      behaviours: {
        'registry.example/crash:1': 'crashloop',
        'registry.example/oom:1': 'oomkilled',
        'registry.example/lazy:1': 'never-ready',
        'registry.example/sick:1': 'http-500',
        'registry.example/slow:1': 'slow-start',
      },
    },
  });
  for (const ns of ['team-a', 'team-ab', 'other'])
    sb.api.create(sb.registry.get('', 'namespaces'), undefined, { metadata: { name: ns } });
});

afterAll(async () => {
  await (sb as Sandbox | undefined)?.stop();
});

const podType = (): ReturnType<Sandbox['registry']['get']> => sb.registry.get('', 'pods');

function createPod(
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
  labels: Record<string, string> = {},
): KubeObject {
  return sb.api.create(podType(), namespace, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec });
}

const pod = (ns: string, name: string): KubeObject => sb.store.get(podType(), ns, name)!;

function eventsFor(
  ns: string,
  name: string,
): Array<{ reason: string; message: string; type: string; source: { component: string } }> {
  return sb.store
    .list(sb.registry.get('', 'events'), ns)
    .items.filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => e as KubeObject & { reason: string; message: string; type: string; source: { component: string } });
}

interface PodStatus {
  phase?: string;
  conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  containerStatuses?: Array<{
    ready: boolean;
    restartCount: number;
    state: Record<string, { reason?: string; message?: string }>;
    lastState: { terminated?: { reason: string; exitCode: number } };
  }>;
}
const status = (p: KubeObject): PodStatus => p.status ?? {};

describe('Fargate scheduler', () => {
  test('a matching pod gets its own fargate node, the profile label and CapacityProvisioned from the sizing rules', async () => {
    const spec = {
      containers: [
        { name: 'app', image: 'registry.example/web:1', resources: { requests: { cpu: '1', memory: '2Gi' } } },
      ],
    };
    createPod('default', 'sized', spec);
    const bound = await eventually('binding', () =>
      (pod('default', 'sized').spec as { nodeName?: string }).nodeName ? pod('default', 'sized') : undefined,
    );
    const nodeName = (bound.spec as { nodeName: string }).nodeName;
    expect(nodeName).toMatch(/^fargate-ip-10-0-\d+-\d+\.ec2\.internal$/);
    expect(bound.metadata.labels?.['eks.amazonaws.com/fargate-profile']).toBe('default');
    expect(bound.metadata.annotations?.CapacityProvisioned).toBe(
      fargatePodSize(podResourcesFromSpec(spec)).capacityProvisioned,
    );
    expect(bound.metadata.annotations?.CapacityProvisioned).toBe('1vCPU 3GB');
    const node = sb.store.get(sb.registry.get('', 'nodes'), undefined, nodeName)!;
    expect(node.metadata.labels?.['eks.amazonaws.com/compute-type']).toBe('fargate');
    expect(eventsFor('default', 'sized').find((e) => e.reason === 'Scheduled')).toMatchObject({
      source: { component: 'fargate-scheduler' },
      message: `Successfully assigned default/sized to ${nodeName}`,
    });
    await eventually('Running', () => status(pod('default', 'sized')).phase === 'Running');
    // the node goes with the pod
    sb.api.delete(podType(), 'default', 'sized');
    await eventually('node removal', () => !sb.store.get(sb.registry.get('', 'nodes'), undefined, nodeName));
  });

  test('wildcard selectors match namespace and labels; the first matching profile by name wins', () => {
    createPod('team-a', 'both', { containers: [{ name: 'app', image: 'registry.example/web:1' }] }, { tier: 'web' });
    createPod(
      'team-ab',
      'star-only',
      { containers: [{ name: 'app', image: 'registry.example/web:1' }] },
      { tier: 'web' },
    );
    expect(pod('team-a', 'both').metadata.labels?.['eks.amazonaws.com/fargate-profile']).toBe('a-apps');
    expect(pod('team-ab', 'star-only').metadata.labels?.['eks.amazonaws.com/fargate-profile']).toBe('b-apps');
    expect((pod('team-a', 'both').spec as { schedulerName: string }).schedulerName).toBe('fargate-scheduler');
  });

  test('a pod no profile matches stays Pending with FailedScheduling from the default scheduler', async () => {
    createPod('other', 'homeless', { containers: [{ name: 'app', image: 'registry.example/web:1' }] });
    createPod(
      'team-a',
      'wrong-labels',
      { containers: [{ name: 'app', image: 'registry.example/web:1' }] },
      { tier: 'db' },
    );
    for (const [ns, name] of [
      ['other', 'homeless'],
      ['team-a', 'wrong-labels'],
    ] as const) {
      const ev = await eventually('FailedScheduling', () =>
        eventsFor(ns, name).find((e) => e.reason === 'FailedScheduling'),
      );
      expect(ev.source.component).toBe('default-scheduler');
      expect(ev.type).toBe('Warning');
      const p = pod(ns, name);
      expect(status(p).phase).toBe('Pending');
      expect(status(p).conditions?.find((c) => c.type === 'PodScheduled')).toMatchObject({
        status: 'False',
        reason: 'Unschedulable',
      });
      expect((p.spec as { nodeName?: string }).nodeName).toBeUndefined();
    }
  });

  test.each([
    [
      'privileged',
      { containers: [{ name: 'app', image: 'registry.example/web:1', securityContext: { privileged: true } }] },
    ],
    ['hostnet', { hostNetwork: true, containers: [{ name: 'app', image: 'registry.example/web:1' }] }],
    [
      'hostport',
      { containers: [{ name: 'app', image: 'registry.example/web:1', ports: [{ containerPort: 80, hostPort: 80 }] }] },
    ],
    [
      'caps',
      {
        containers: [
          { name: 'app', image: 'registry.example/web:1', securityContext: { capabilities: { add: ['NET_ADMIN'] } } },
        ],
      },
    ],
    [
      'hostpath',
      {
        volumes: [{ name: 'data', hostPath: { path: '/var/data' } }],
        containers: [
          { name: 'app', image: 'registry.example/web:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
        ],
      },
    ],
  ])('unsupported spec (%s) → FailedScheduling from fargate-scheduler with the Fargate wording', async (name, spec) => {
    createPod('default', `unsupported-${name}`, spec);
    const ev = await eventually('FailedScheduling', () =>
      eventsFor('default', `unsupported-${name}`).find((e) => e.reason === 'FailedScheduling'),
    );
    const expected = fargateUnsupportedMessage(fargateUnsupportedReasons(pod('default', `unsupported-${name}`).spec));
    expect(expected).toMatch(/^Pod not supported on Fargate: /);
    expect(ev).toMatchObject({ type: 'Warning', message: expected, source: { component: 'fargate-scheduler' } });
    expect(status(pod('default', `unsupported-${name}`)).phase).toBe('Pending');
  });
});

describe('kubelet', () => {
  test('a missing image goes ErrImagePull then ImagePullBackOff, with Failed events', async () => {
    createPod('default', 'nopull', { containers: [{ name: 'app', image: 'registry.example/ghost:1' }] });
    await eventually(
      'ErrImagePull',
      () => status(pod('default', 'nopull')).containerStatuses?.[0]?.state.waiting?.reason === 'ErrImagePull',
    );
    await eventually(
      'ImagePullBackOff',
      () => status(pod('default', 'nopull')).containerStatuses?.[0]?.state.waiting?.reason === 'ImagePullBackOff',
    );
    const reasons = eventsFor('default', 'nopull').map((e) => `${e.reason}: ${e.message}`);
    expect(reasons).toContain('Failed: Error: ErrImagePull');
    expect(reasons).toContain('BackOff: Back-off pulling image "registry.example/ghost:1"');
    expect(reasons.find((r) => r.startsWith('Failed: Failed to pull image "registry.example/ghost:1"'))).toBeDefined();
  });

  test('crashloop → CrashLoopBackOff with a growing restartCount', async () => {
    createPod('default', 'crasher', { containers: [{ name: 'app', image: 'registry.example/crash:1' }] });
    const st = await eventually('2 restarts', () => {
      const cs = status(pod('default', 'crasher')).containerStatuses?.[0];
      return cs && cs.restartCount >= 2 && cs.state.waiting?.reason === 'CrashLoopBackOff' && cs;
    });
    expect(st.lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 1 });
    expect(
      eventsFor('default', 'crasher').some(
        (e) =>
          e.reason === 'BackOff' &&
          e.message.startsWith('Back-off restarting failed container app in pod crasher_default('),
      ),
    ).toBe(true);
    expect(sb.logs.lines('default', 'crasher', 'app').map((l) => l.text)).toContain(
      'panic: simulated crash (image behaviour "crashloop")',
    );
  });

  test('oomkilled → lastState terminated OOMKilled (137)', async () => {
    createPod('default', 'oom', { containers: [{ name: 'app', image: 'registry.example/oom:1' }] });
    const cs = await eventually('OOMKilled', () =>
      status(pod('default', 'oom')).containerStatuses?.find((c) => c.lastState.terminated?.reason === 'OOMKilled'),
    );
    expect(cs.lastState.terminated?.exitCode).toBe(137);
  });

  test('never-ready with a readiness probe: Running, not Ready, Unhealthy events; endpoints list it as not ready', async () => {
    sb.api.create(sb.registry.get('', 'services'), 'default', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lazy' },
      spec: { selector: { app: 'lazy' }, ports: [{ port: 80, targetPort: 'http' }] },
    });
    createPod(
      'default',
      'lazy',
      {
        containers: [
          {
            name: 'app',
            image: 'registry.example/lazy:1',
            ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5, failureThreshold: 1 },
          },
        ],
      },
      { app: 'lazy' },
    );
    await eventually('Unhealthy', () =>
      eventsFor('default', 'lazy').find(
        (e) =>
          e.reason === 'Unhealthy' && e.message === 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      ),
    );
    const p = pod('default', 'lazy');
    expect(status(p).phase).toBe('Running');
    expect(status(p).conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [app]',
    });
    const ep = await eventually(
      'endpoints',
      () =>
        sb.store.get(sb.registry.get('', 'endpoints'), 'default', 'lazy')?.subsets as
          Array<Record<string, unknown>> | undefined,
    );
    expect(ep[0]).toMatchObject({
      notReadyAddresses: [{ targetRef: { name: 'lazy' } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    });
    expect(ep[0]!.addresses).toBeUndefined();
  });

  test('http-500 fails an HTTP liveness probe → Killing and restarts', async () => {
    createPod('default', 'sick', {
      containers: [
        {
          name: 'app',
          image: 'registry.example/sick:1',
          livenessProbe: { httpGet: { path: '/live', port: 8080 }, periodSeconds: 10, failureThreshold: 3 },
        },
      ],
    });
    await eventually(
      'a restart',
      () => (status(pod('default', 'sick')).containerStatuses?.[0]?.restartCount ?? 0) >= 1,
    );
    const evs = eventsFor('default', 'sick');
    expect(evs.find((e) => e.reason === 'Killing')?.message).toBe(
      'Container app failed liveness probe, will be restarted',
    );
    expect(evs.find((e) => e.reason === 'Unhealthy')?.message).toBe(
      'Liveness probe failed: HTTP probe failed with statuscode: 500',
    );
  });

  test('slow-start becomes ready only after the slow start time, per the probe period', async () => {
    createPod('default', 'slow', {
      containers: [
        {
          name: 'app',
          image: 'registry.example/slow:1',
          readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 },
        },
      ],
    });
    await eventually('Running', () => status(pod('default', 'slow')).phase === 'Running');
    const started = Date.now();
    await eventually(
      'Ready',
      () => status(pod('default', 'slow')).conditions?.find((c) => c.type === 'Ready')?.status === 'True',
    );
    // slowStartMs defaults to 60 s simulated = 120 ms real at time factor 0.002
    expect(Date.now() - started).toBeGreaterThanOrEqual(60_000 * 0.002 * 0.8);
    expect(
      eventsFor('default', 'slow').some(
        (e) => e.reason === 'Unhealthy' && e.message.startsWith('Readiness probe failed: dial tcp 10.0.'),
      ),
    ).toBe(true);
  });
});
