import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startShopSandbox, deploy, viaAlb, releases, replicaSetsOf, writesSince } from './helpers.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { runDeploy } from '../../src/commands/deploy.js';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import { logSink } from '../helpers/artefacts.js';
import { tempDir } from '../helpers/temp.js';

let sb: Sandbox;
let kubeconfig: string;

beforeAll(async () => {
  ({ sb, kubeconfig } = await startShopSandbox());
});
afterAll(async () => {
  await sb.stop();
});

const base = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--grace',
  '1',
  '--timeout',
  '60',
];

describe('deploy end to end on the sandbox', () => {
  test('first release deploys, passes smoke tests, serves through the ALB', async () => {
    const out = await deploy(kubeconfig, [...base, '--image', 'registry.example/web=registry.example/web:v1']);
    expect({
      status: out.status,
      message: out.message,
      findings: out.findings.filter((f) => f.severity === 'blocker'),
    }).toMatchObject({ status: 'deployed' });
    expect(out.exitCode).toBe(0);
    expect(out.release).toBe(1);
    expect(out.smoke.every((r) => r.ok)).toBe(true);
    expect(out.urls.length).toBe(1);
    expect(await viaAlb(sb)).toEqual({ status: 200, image: 'registry.example/web:v1' });
  });

  test('the same release again is a no-op on the cluster: every object unchanged, no new ReplicaSet, no pod replaced', async () => {
    const rsBefore = replicaSetsOf(sb, 'shop', 'web');
    const pods = (): string[] =>
      sb.store
        .list(sb.registry.get('', 'pods'), 'shop')
        .items.map((p) => p.metadata.name!)
        .sort();
    const podsBefore = pods();
    const versions = (): string[] =>
      [
        ['', 'secrets', 'web-credentials'],
        ['', 'configmaps', 'web-config'],
        ['', 'services', 'web'],
        ['apps', 'deployments', 'web'],
        ['networking.k8s.io', 'ingresses', 'web'],
      ].map(
        ([g, r, n]) => `${r} ${String(sb.store.get(sb.registry.get(g!, r!), 'shop', n!)?.metadata['resourceVersion'])}`,
      );
    const versionsBefore = versions();
    const auditFrom = sb.audit.length;
    const out = await deploy(kubeconfig, [...base, '--image', 'registry.example/web=registry.example/web:v1']);
    expect({ status: out.status, exitCode: out.exitCode, release: out.release }).toEqual({
      status: 'deployed',
      exitCode: 0,
      release: 2,
    });
    expect(out.applied.map((r) => `${r.action} ${r.key.kind}`)).toEqual([
      'unchanged Secret',
      'unchanged ConfigMap',
      'unchanged Service',
      'unchanged Deployment',
      'unchanged Ingress',
    ]);
    expect(replicaSetsOf(sb, 'shop', 'web')).toEqual(rsBefore);
    expect(rsBefore).toHaveLength(1);
    expect(pods()).toEqual(podsBefore);
    // Server-side apply still sends a PATCH per object (and a dry-run one in preflight), but none
    // of them changed a thing: same resourceVersions. Only the lock and release records moved.
    expect(versions()).toEqual(versionsBefore);
    const changed = new Set(
      writesSince(sb, auditFrom)
        .filter(
          (a) =>
            !(a.verb === 'patch' && ['configmaps', 'services', 'deployments', 'ingresses'].includes(a.resource ?? '')),
        )
        .map((a) => a.resource),
    );
    expect([...changed].sort()).toEqual(['leases', 'secrets']);
    expect(await releases(kubeconfig)).toEqual(['v1 superseded', 'v2 deployed']);
    expect(await viaAlb(sb)).toEqual({ status: 200, image: 'registry.example/web:v1' });
  });

  test('a new image rolls out with one new ReplicaSet and the ALB serves it', async () => {
    const out = await deploy(kubeconfig, [
      ...base,
      '--image',
      'registry.example/web=registry.example/web:v2',
      '--commit',
      'abc1234def',
      '--run-url',
      'https://github.com/acme/shop/actions/runs/42',
    ]);
    expect({ status: out.status, exitCode: out.exitCode, release: out.release, previous: out.previousRelease }).toEqual(
      { status: 'deployed', exitCode: 0, release: 3, previous: 2 },
    );
    expect(out.applied.find((r) => r.key.kind === 'Deployment')?.action).toBe('configured');
    expect(replicaSetsOf(sb, 'shop', 'web')).toHaveLength(2);
    expect(out.verification?.ok).toBe(true);
    expect(out.images.map((i) => i.image)).toEqual(['registry.example/web:v2']);
    // One progress line per state change, and never more than a handful for a two-pod rollout.
    const progress = out.log.filter((l) => l.startsWith('deployment/web:'));
    expect(progress.at(-1)).toMatch(/successfully rolled out/);
    expect(new Set(progress).size).toBe(progress.length);
    expect(await viaAlb(sb)).toEqual({ status: 200, image: 'registry.example/web:v2' });
    const deployment = sb.store.get(sb.registry.get('apps', 'deployments'), 'shop', 'web')!;
    expect(deployment.metadata.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'eks-fargate-deploy',
      'eks-fargate-deploy/release': 'web',
    });
    expect(await releases(kubeconfig)).toEqual(['v1 superseded', 'v2 superseded', 'v3 deployed']);
  });

  test('a bad image fails fast and the previous release keeps serving', async () => {
    const started = Date.now();
    const out = await deploy(kubeconfig, [...base, '--image', 'registry.example/web=registry.example/web:missing']);
    expect(out.status).toBe('rolled-back');
    expect(out.exitCode).toBe(3);
    expect(out.message).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(out.rollback?.restored).toBe(3);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await viaAlb(sb)).toEqual({ status: 200, image: 'registry.example/web:v2' });
    expect(await releases(kubeconfig)).toEqual(['v1 superseded', 'v2 superseded', 'v3 deployed', 'v4 rolled-back']);
  });

  test('a readiness probe switched from httpGet to tcpSocket deploys: the old handler goes whole, defaults and all', async () => {
    const app = await readFile('test/fixtures/deploy/web/app.yaml', 'utf8');
    const tcp = app.replace(/httpGet:\n\s+path: \/healthz\n(\s+)port: 8080/, 'tcpSocket:\n$1port: 8080');
    expect(tcp).not.toBe(app);
    // Its own workspace: manifests must come from inside the workspace.
    const dir = tempDir('e2e-tcp-probe-');
    await writeFile(join(dir, 'app.yaml'), tcp);
    const args = [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      'shop',
      '--release',
      'web',
      '--workspace',
      dir,
      '--manifests',
      'app.yaml',
      '--smoke-tests',
      'test/fixtures/deploy/smoke.yaml',
      '--grace',
      '1',
      '--timeout',
      '60',
    ];
    const out = await runDeploy(
      deployConfigFromArgs([...args, '--image', 'registry.example/web=registry.example/web:v2'], {}),
      { log: logSink().log },
    );
    expect({
      status: out.status,
      message: out.message,
      blockers: out.findings.filter((f) => f.severity === 'blocker'),
    }).toMatchObject({ status: 'deployed', blockers: [] });
    expect(out.applied.find((r) => r.key.kind === 'Deployment')?.action).toBe('configured');
    const deployment = sb.store.get(sb.registry.get('apps', 'deployments'), 'shop', 'web')!;
    const probe = (
      deployment.spec as { template: { spec: { containers: { readinessProbe: Record<string, unknown> }[] } } }
    ).template.spec.containers[0]!.readinessProbe;
    expect(probe).toEqual({
      tcpSocket: { port: 8080 },
      initialDelaySeconds: 10,
      periodSeconds: 5,
      failureThreshold: 3,
      timeoutSeconds: 1,
      successThreshold: 1,
    });
    expect(await viaAlb(sb)).toEqual({ status: 200, image: 'registry.example/web:v2' });
  });
});
