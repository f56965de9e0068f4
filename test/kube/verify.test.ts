import { join } from 'node:path';
import { KubeClient } from '../../src/kube/client.js';
import { RolloutTracker, type RolloutTarget } from '../../src/kube/rollout.js';
import { verifyFargatePods } from '../../src/kube/verify.js';
import type { KubeObject } from '../../src/sandbox/object.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { logSink } from '../helpers/artefacts.js';
import { tempDir } from '../helpers/temp.js';

let sb: Sandbox;
let client: KubeClient;

beforeAll(async () => {
  sb = await startSandbox({ timing: { timeFactor: 0.01 } });
  const file = join(tempDir('verify-'), 'config');
  await sb.writeKubeconfig(file);
  client = KubeClient.fromKubeconfig(file);
});
afterAll(async () => {
  await sb.stop();
});

function deployment(
  name: string,
  image: string,
  requests: Record<string, string> | undefined,
  podSpec: Record<string, unknown> = {},
  replicas = 2,
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image, ...(requests ? { resources: { requests } } : {}) }], ...podSpec },
      },
    },
  };
}

async function rollOut(...objs: ReturnType<typeof deployment>[]): Promise<RolloutTarget[]> {
  for (const o of objs) await client.apply(o, { fieldManager: 'eks-fargate-deploy', force: true });
  const targets = objs.map((o) => ({ kind: 'Deployment' as const, namespace: 'default', name: o.metadata.name }));
  const outcome = await new RolloutTracker(client, {
    targets,
    graceSeconds: 5,
    timeoutSeconds: 20,
    log: logSink().log,
  }).run();
  expect(outcome.results.map((r) => r.message)).toEqual(
    objs.map((o): unknown => expect.stringContaining(`deployment "${o.metadata.name}" successfully rolled out`)),
  );
  return targets;
}

const podType = () => sb.registry.get('', 'pods');
const podsOf = (app: string): KubeObject[] =>
  sb.store.list(podType(), 'default').items.filter((p) => p.metadata.labels?.['app'] === app);

describe('verifyFargatePods against the sandbox', () => {
  test('new pods on Fargate nodes, sized as requested; rounding waste is priced per pod', async () => {
    await rollOut(deployment('tight', 'registry.example/web:1', { cpu: '250m', memory: '256Mi' }));
    const targets = await rollOut(
      deployment('tight', 'registry.example/web:2', { cpu: '250m', memory: '256Mi' }),
      deployment('loose', 'registry.example/web:1', { cpu: '100m', memory: '128Mi' }),
    );
    const { lines, log } = logSink();
    const v = await verifyFargatePods(client, targets, { log });
    expect(v.ok).toBe(true);
    // Only the new ReplicaSet's pods of "tight" (image :2), none of the scaled-down :1 ones.
    const newTight = podsOf('tight')
      .filter((p) => JSON.stringify(p.spec).includes('web:2'))
      .map((p) => p.metadata.name)
      .sort();
    expect(v.pods.filter((p) => p.workload === 'Deployment default/tight').map((p) => p.pod)).toEqual(newTight);
    expect(v.pods).toHaveLength(4);
    for (const p of v.pods) {
      expect(p.onFargate).toBe(true);
      expect(p.node).toMatch(/^fargate-ip-10-0-\d+-\d+\.ec2\.internal$/);
      expect(p.capacityProvisioned).toBe('0.25vCPU 0.5GB');
      expect(p.readyAfterSeconds).toBeLessThan(5);
    }
    const tight = v.pods.find((p) => p.workload.endsWith('/tight'))!;
    expect(tight.wasteMonthlyUsd).toBe(0);
    expect(tight.warnings).toEqual([]);
    // 100m + 128Mi (+256Mi) in 0.25 vCPU 0.5 GB: (0.15 × 0.04048 + 0.125 × 0.004445) × 730 = 4.84.
    const loose = v.pods.find((p) => p.workload.endsWith('/loose'))!;
    expect(loose.wasteMonthlyUsd).toBe(4.84);
    expect(loose.warnings[0]).toBe(
      'requests 100m CPU and 128Mi (+ 256Mi overhead) round up to 0.25vCPU 0.5GB: 0.15 vCPU and 0.13 GB unused, $4.84/month per pod (requests up to 0.25vCPU 0.5GB cost nothing more)',
    );
    expect(v.wasteMonthlyUsd).toBe(9.68);
    expect(v.findings.filter((f) => f.code === 'capacity-waste')).toHaveLength(2);
    expect(lines.at(-1)).toBe('verified 4 new pods: 4 on Fargate, $9.68/month of provisioned capacity unused');
    expect(lines[0]).toMatch(
      /^loose-[a-z0-9]+-[a-z0-9]+: on Fargate node fargate-ip-[0-9-]+\.ec2\.internal, 0\.25vCPU 0\.5GB, scheduled \+\d+s, ready \+\d+s — requests 100m/,
    );
  });

  test('a pod on a node without the Fargate label fails verification', async () => {
    await client.apply(
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'ip-10-1-2-3.ec2.internal', labels: { 'kubernetes.io/os': 'linux' } },
        status: { addresses: [{ type: 'InternalIP', address: '10.1.2.3' }] },
      },
      { fieldManager: 'test' },
    );
    const targets = await rollOut(
      deployment(
        'pinned',
        'registry.example/web:1',
        { cpu: '250m', memory: '256Mi' },
        { nodeName: 'ip-10-1-2-3.ec2.internal' },
        1,
      ),
    );
    const v = await verifyFargatePods(client, targets, { log: logSink().log });
    expect(v.ok).toBe(false);
    expect(v.pods[0]!.onFargate).toBe(false);
    expect(v.findings).toEqual([
      expect.objectContaining({
        severity: 'blocker',
        code: 'pod-not-on-fargate',
        workload: 'Deployment default/pinned',
        message: expect.stringMatching(
          /^pinned-[a-z0-9-]+: runs on node ip-10-1-2-3\.ec2\.internal, which is not a Fargate node \(no label eks\.amazonaws\.com\/compute-type=fargate\)$/,
        ) as unknown,
      }),
    ]);
  });

  test('provisioned above what requests need, and a slow start, are flagged', async () => {
    const targets = await rollOut(
      deployment('bloated', 'registry.example/web:1', { cpu: '250m', memory: '256Mi' }, {}, 1),
    );
    const pod = podsOf('bloated')[0]!;
    const created = Date.parse(pod.metadata.creationTimestamp as string);
    const later = (s: number) => new Date(created + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const status = structuredClone(pod.status) as { conditions: { type: string; lastTransitionTime: string }[] };
    for (const c of status.conditions) {
      if (c.type === 'PodScheduled') c.lastTransitionTime = later(95);
      if (c.type === 'Ready') c.lastTransitionTime = later(150);
    }
    const updated = sb.api.update(
      podType(),
      'default',
      pod.metadata.name!,
      {
        ...pod,
        metadata: { ...pod.metadata, annotations: { ...pod.metadata.annotations, CapacityProvisioned: '1vCPU 2GB' } },
      },
      { internal: true },
    );
    sb.api.update(
      podType(),
      'default',
      pod.metadata.name!,
      { ...updated, status },
      { subresource: 'status', internal: true },
    );
    const v = await verifyFargatePods(client, targets, { log: logSink().log });
    expect(v.ok).toBe(true);
    const p = v.pods[0]!;
    expect(p.scheduledAfterSeconds).toBe(95);
    expect(p.readyAfterSeconds).toBe(150);
    expect(p.expectedCapacity).toBe('0.25vCPU 0.5GB');
    // (0.75 × 0.04048 + 1.5 × 0.004445) × 730 = 27.03
    expect(p.wasteMonthlyUsd).toBe(27.03);
    expect(p.warnings).toEqual([
      'Fargate provisioned 1vCPU 2GB, above the 0.25vCPU 0.5GB its requests (250m CPU, 256Mi + 256Mi overhead) need: $27.03/month unused',
      'took 150s from creation to ready (scheduled after 95s), above 120s',
    ]);
  });

  test('targets without pods (Services, missing objects) are skipped', async () => {
    const v = await verifyFargatePods(
      client,
      [
        { kind: 'Service', namespace: 'default', name: 'kubernetes' },
        { kind: 'Deployment', namespace: 'default', name: 'absent' },
      ],
      { log: logSink().log },
    );
    expect(v).toEqual({ ok: true, pods: [], findings: [], wasteMonthlyUsd: 0 });
  });
});
