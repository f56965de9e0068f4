/**
 * Every way a deploy fails after (or before) apply, against one sandbox on which release v1 of
 * shop/web serves. Each failure must end with v1 serving — seen through the emulated ALB — with
 * the release records saying so and the exit code telling the caller what happened.
 */
import {
  albServes,
  deploy,
  releases,
  releaseStatus,
  startShopSandbox,
  writesSince,
  exists,
  replicaSetsOf,
  rollback,
} from './helpers.js';
import { DeployExit, type DeployOutcome } from '../../src/commands/deploy.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';

let sb: Sandbox;
let kubeconfig: string;
/** The release number that serves v1. */
let serving: number;

const web = ['--manifests', 'test/fixtures/deploy/web', '--smoke-tests', 'test/fixtures/deploy/smoke.yaml'];
const fast = ['--grace', '1', '--timeout', '60'];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];
const V1 = '200 registry.example/web:v1';

beforeAll(async () => {
  ({ sb, kubeconfig } = await startShopSandbox());
  const out = await deploy(kubeconfig, [...web, ...fast, ...image('v1')]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
  serving = out.release!;
});
afterAll(async () => {
  await sb.stop();
});

/** The failed release was rolled back to `serving`, which the ALB serves alone, and the records agree. */
async function expectRolledBack(out: DeployOutcome, exitCode: number = DeployExit.RolledBack): Promise<void> {
  expect({ status: out.status, exitCode: out.exitCode }).toEqual({
    status: exitCode === DeployExit.Cancelled ? 'cancelled' : 'rolled-back',
    exitCode,
  });
  expect(out.rolledBack).toBe(true);
  expect(out.rollback).toMatchObject({ ok: true, restored: serving });
  expect(out.previousRelease).toBe(serving);
  expect(out.message).toContain(`rolled back to v${serving}, which is serving again`);
  expect(await albServes(sb)).toEqual([V1]);
  const history = await releases(kubeconfig);
  expect(history).toContain(`v${out.release} rolled-back`);
  expect(history.filter((h) => h.endsWith(' deployed'))).toEqual([`v${serving} deployed`]);
}

describe('a failed deploy ends with the previous release serving', () => {
  test('bad image: ImagePullBackOff fails fast, names the pod and image, and is rolled back', async () => {
    const started = Date.now();
    const out = await deploy(kubeconfig, [...web, ...fast, ...image('missing')]);
    expect(out.message).toMatch(/(ErrImagePull|ImagePullBackOff) on web-[a-z0-9]+-[a-z0-9]+\/web/);
    expect(out.message).toContain('registry.example/web:missing');
    expect(Date.now() - started).toBeLessThan(15_000);
    await expectRolledBack(out);
  });

  test('crash loop before Ready: CrashLoopBackOff with restarts and exit code; old pods never scaled down', async () => {
    const out = await deploy(kubeconfig, [...web, ...fast, ...image('crash')]);
    expect(out.message).toMatch(
      /CrashLoopBackOff on web-[a-z0-9-]+\/web: restarted \d+ times, last exit: Error \(exit code 1\)/,
    );
    // maxUnavailable 0 and a probe the crash beats: the v1 pods kept serving the whole time.
    expect(out.log.some((l) => /deployment\/web: .*, [01] available/.test(l))).toBe(false);
    await expectRolledBack(out);
  });

  test('readiness never passes: failing past failureThreshold is reported with the probe output', async () => {
    const out = await deploy(kubeconfig, [...web, ...fast, ...image('never-ready')]);
    expect(out.message).toMatch(
      /ReadinessProbeFailing on web-[a-z0-9-]+\/web: readiness probe failed \d+ times \(failureThreshold 3\)/,
    );
    expect(out.message).toContain('HTTP probe failed with statuscode: 503');
    await expectRolledBack(out);
  });

  test('no Fargate profile for a namespace (profiles unknown): the tracker sees the pods Pending and the new workload is removed', async () => {
    const out = await deploy(kubeconfig, [
      ...web,
      ...fast,
      ...image('v2'),
      '--manifests',
      'test/fixtures/deploy/extra/billing.yaml',
      '--allow-namespace',
      'billing',
    ]);
    expect(out.findings.map((f) => f.code)).toContain('fargate-profiles-unchecked');
    expect(out.message).toMatch(
      /Deployment billing\/ledger: failed: .*FailedScheduling on ledger-[a-z0-9-]+: no Fargate profile selects namespace "billing"/,
    );
    expect(out.rollback?.outcome?.deleted).toEqual(['Deployment billing/ledger']);
    expect(exists(sb, 'apps', 'deployments', 'billing', 'ledger')).toBe(false);
    await expectRolledBack(out);
  });

  test('unsupported pod spec (privileged): lint stops it before the cluster sees a single write', async () => {
    const before = await releases(kubeconfig);
    const auditFrom = sb.audit.length;
    const out = await deploy(kubeconfig, [
      ...web,
      ...fast,
      ...image('v2'),
      '--manifests',
      'test/fixtures/deploy/extra/privileged.yaml',
    ]);
    expect({ status: out.status, exitCode: out.exitCode }).toEqual({
      status: 'rejected',
      exitCode: DeployExit.Blockers,
    });
    expect(out.message).toBe('1 Fargate/schema blocker(s) in the manifests; nothing was applied');
    expect(out.findings.find((f) => f.severity === 'blocker')).toMatchObject({
      code: 'privileged',
      file: 'test/fixtures/deploy/extra/privileged.yaml',
      workload: 'node-agent',
      container: 'agent',
      field: 'spec.template.spec.containers[0].securityContext.privileged',
    });
    expect(writesSince(sb, auditFrom)).toEqual([]);
    expect(sb.audit.length).toBe(auditFrom); // rendering and lint never even connect
    expect(out.release).toBeUndefined();
    expect(await releases(kubeconfig)).toEqual(before);
    expect(await albServes(sb)).toEqual([V1]);
  });

  test('overall timeout: a rollout still short of ready when --timeout runs out is rolled back', async () => {
    const started = Date.now();
    // A grace window longer than the timeout: the probe failures never block, only the clock does.
    const out = await deploy(kubeconfig, [...web, '--grace', '120', '--timeout', '5', ...image('never-ready')]);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(5_000);
    expect(took).toBeLessThan(15_000);
    expect(out.message).toContain('the deploy timed out');
    // The tracker's part says what happened to the rollout: a timeout, not a cancellation.
    expect(out.message).toMatch(/Deployment shop\/web: timeout: deployment\/web: timed out after \d+s; last state: /);
    expect(out.message).not.toContain('cancelled (');
    expect(out.message).toContain('ReadinessProbeFailing');
    await expectRolledBack(out);
  });

  test('cancelled mid-rollout (AbortSignal): rolled back, exit 130, the record says rolled-back', async () => {
    const ctrl = new AbortController();
    const out = await deploy(kubeconfig, [...web, '--grace', '120', ...image('never-ready')], {
      signal: ctrl.signal,
      onLog: (line) => {
        if (/^deployment\/web: 1\/2 updated/.test(line)) ctrl.abort(new Error('cancelled by SIGTERM'));
      },
    });
    expect(ctrl.signal.aborted).toBe(true);
    expect(out.message).toMatch(/cancelled/);
    expect(out.phases.map((p) => p.name)).toEqual(expect.arrayContaining(['apply', 'rollout', 'rollback']));
    expect(out.phases.map((p) => p.name)).not.toContain('smoke');
    await expectRolledBack(out, DeployExit.Cancelled);
  });

  test('auto-rollback off: the failed release stays applied and recorded as failed, exit 4; a rollback restores v1', async () => {
    const out = await deploy(kubeconfig, [...web, ...fast, '--auto-rollback', 'false', ...image('missing')]);
    expect({ status: out.status, exitCode: out.exitCode, rolledBack: out.rolledBack }).toEqual({
      status: 'failed',
      exitCode: DeployExit.Failed,
      rolledBack: false,
    });
    expect(out.rollback).toBeUndefined();
    expect(out.message).toMatch(/auto-rollback is off, the failed release stays applied$/);
    expect(await releaseStatus(kubeconfig, out.release!)).toBe('failed');
    // The Deployment is on the bad template: only v1's old pods answer (maxUnavailable 0).
    const deployment = sb.store.get(sb.registry.get('apps', 'deployments'), 'shop', 'web') as unknown as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    expect(deployment.spec.template.spec.containers[0]!.image).toBe('registry.example/web:missing');
    expect(replicaSetsOf(sb, 'shop', 'web').length).toBeGreaterThanOrEqual(2);

    const back = await rollback(kubeconfig, [
      '--smoke-tests',
      'test/fixtures/deploy/smoke.yaml',
      '--grace',
      '1',
      '--timeout',
      '60',
    ]);
    expect({ status: back.status, exitCode: back.exitCode }).toEqual({
      status: 'rolled-back',
      exitCode: DeployExit.Ok,
    });
    expect(await albServes(sb)).toEqual([V1]);
    serving = back.release!;
  });
});

describe('a first release that fails', () => {
  test('removes everything it created, including its Ingress and its ALB', async () => {
    const auditFrom = sb.audit.length;
    const out = await deploy(kubeconfig, [...web, ...fast, ...image('missing')], {
      namespace: 'staging',
      release: 'web',
    });
    expect({ status: out.status, exitCode: out.exitCode }).toEqual({
      status: 'rolled-back',
      exitCode: DeployExit.RolledBack,
    });
    expect(out.previousRelease).toBeUndefined();
    expect(out.rollback?.restored).toBeUndefined();
    expect(out.message).toContain('no previous release: the objects the failed release created were removed');
    expect(out.rollback?.outcome?.deleted.sort()).toEqual([
      'ConfigMap staging/web-config',
      'Deployment staging/web',
      'Ingress staging/web',
      'Secret staging/web-credentials',
      'Service staging/web',
    ]);
    for (const [group, resource, name] of [
      ['', 'secrets', 'web-credentials'],
      ['', 'configmaps', 'web-config'],
      ['', 'services', 'web'],
      ['apps', 'deployments', 'web'],
      ['networking.k8s.io', 'ingresses', 'web'],
    ] as const) {
      expect(exists(sb, group, resource, 'staging', name)).toBe(false);
    }
    expect(sb.alb.loadBalancers().flatMap((lb) => lb.members)).not.toContain('staging/web');
    expect(await releases(kubeconfig, 'staging')).toEqual(['v1 rolled-back']);
    expect(
      writesSince(sb, auditFrom).some(
        (a) => a.verb === 'delete' && a.namespace === 'staging' && a.resource === 'deployments',
      ),
    ).toBe(true);
    // shop was never touched.
    expect(await albServes(sb)).toEqual([V1]);
  });
});

describe('a smoke test failure', () => {
  // Its own namespace: the TCP readiness probe is part of both releases, so only the image changes.
  const tcp = [
    '--manifests',
    'test/fixtures/deploy/web-tcp-probe',
    '--smoke-tests',
    'test/fixtures/deploy/smoke.yaml',
    ...fast,
  ];
  const where = { namespace: 'checkout', release: 'web' };

  test('pods Ready (TCP probe) but the app answers 500 through the ALB: rolled back, and the restored release smoke-tested', async () => {
    const first = await deploy(kubeconfig, [...tcp, ...image('v1')], where);
    expect(first.status).toBe('deployed');
    const out = await deploy(kubeconfig, [...tcp, ...image('http-500')], where);
    expect(out.rollouts?.ok).toBe(true);
    expect(out.verification?.ok).toBe(true);
    expect({ status: out.status, exitCode: out.exitCode }).toEqual({
      status: 'rolled-back',
      exitCode: DeployExit.RolledBack,
    });
    expect(out.message).toMatch(
      /^smoke tests failed: home page through the ALB: .*500.*; rolled back to v1, which is serving again$/,
    );
    expect(out.smoke.map((r) => r.ok)).toEqual([false]);
    expect(out.rollback?.smoke.map((r) => r.ok)).toEqual([true]);
    expect(await albServes(sb, 6, 'checkout')).toEqual([V1]);
    expect(await releases(kubeconfig, 'checkout')).toEqual(['v1 deployed', 'v2 rolled-back']);
  });
});
