/**
 * A Lease lost mid-deploy. With `--lock-lease 3` the deploy renews its lock every second, so a
 * rollout that lasts longer than the lease (Fargate capacity provisioning slowed to 3.5 s a pod) sees a takeover while it
 * runs. The deploy must stop writing at once (fencing, issue 14 point 1): no rollback over the new
 * holder, no record update, exit 5 naming the new holder, the new holder's Lease left alone. The
 * control deploy shows that the same short lease, merely renewed, survives a rollout longer than
 * itself. A Lease deleted mid-rollout under the default 60 s lease (renewed only every 20 s) is
 * noticed through the lock's watch within a second, with the same end: the lock is gone, so is
 * the right to write. The next deploy restores the release it left pending (crash recovery).
 */
import { rmSync } from 'node:fs';
import { DeployExit } from '../../src/commands/deploy.js';
import { KubeApiError, KubeClient } from '../../src/kube/client.js';
import { LOCK_NAME } from '../../src/model/bookkeeping.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { albServes, deploy, releaseStatus, startShopSandbox, writesSince } from '../e2e/helpers.js';

import { jest } from '@jest/globals';
jest.setTimeout(60_000);

let sb: Sandbox;
let kubeconfig: string;
let dir: string;

const LEASE_PATH = `/apis/coordination.k8s.io/v1/namespaces/shop/leases/${LOCK_NAME}`;
const THIEF = 'https://github.com/acme/shop/actions/runs/999';
const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--grace',
  '30',
  '--timeout',
  '60',
  '--lock-wait',
  '10',
  '--lock-lease',
  '3',
];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];

interface Lease {
  metadata: { resourceVersion?: string };
  spec: {
    holderIdentity?: string;
    renewTime?: string;
    acquireTime?: string;
    leaseDurationSeconds?: number;
    leaseTransitions?: number;
  };
}

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox({
    // A Fargate node takes 350 s simulated = 3.5 s real to provision: every rollout outlasts the
    // 3 s lease, and pods Pending for capacity are not a failure (a slow-start image would be:
    // failing readiness probes past failureThreshold is one).
    timing: { timeFactor: 0.01, podProvisioningMs: 350_000 },
  }));
  const out = await deploy(kubeconfig, [...web, ...image('v1')]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterAll(async () => {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The image of Deployment shop/web's pod template: what the cluster was last told to run. */
function deploymentImage(): string {
  const d = sb.store.get(sb.registry.get('apps', 'deployments'), 'shop', 'web') as unknown as {
    spec: { template: { spec: { containers: { image: string }[] } } };
  };
  return d.spec.template.spec.containers[0]!.image;
}

function leaseWrites(from: number): string[] {
  return sb.audit
    .slice(from)
    .filter((a) => a.resource === 'leases' && ['update', 'patch', 'delete', 'create'].includes(a.verb))
    .map((a) => `${a.verb} ${a.status}`);
}

test('control: a 3 s lease renewed every second holds through a rollout longer than 3 s', async () => {
  const from = sb.audit.length;
  const started = Date.now();
  const out = await deploy(kubeconfig, [...web, ...image('v2')]);
  const ms = Date.now() - started;
  const renewals = leaseWrites(from).filter((w) => w === 'update 200').length;
  console.log(
    `lease control: ${out.status} in ${ms} ms with a 3 s lease, ${renewals} lease writes (take, renewals, release)`,
  );
  expect({
    status: out.status,
    exitCode: out.exitCode,
    record: await releaseStatus(kubeconfig, out.release ?? -1),
    alb: await albServes(sb),
  }).toEqual({ status: 'deployed', exitCode: DeployExit.Ok, record: 'deployed', alb: ['200 registry.example/web:v2'] });
  expect(ms).toBeGreaterThan(3_000);
  // Taken, renewed at least 3 times over > 3 s, released.
  expect(renewals).toBeGreaterThanOrEqual(5);
});

test('stolen mid-rollout: the deploy stops writing (no rollback, no record update), exits 5 naming the new holder, and leaves it its Lease', async () => {
  const thief = KubeClient.fromKubeconfig(kubeconfig);
  let stolen: Lease | undefined;
  let stealing: Promise<void> | undefined;
  let stolenAt = 0;
  let stolenIndex = 0;
  let noticedAt = 0;
  const steal = async (): Promise<void> => {
    const live = await thief.request<Lease>('GET', LEASE_PATH);
    const now = new Date().toISOString();
    stolenIndex = sb.audit.length;
    // Taken before the PUT is sent: the lock's watch may see the write before the thief sees the answer.
    stolenAt = Date.now();
    // Another deploy that judged our lease expired: its identity, a fresh renewTime, one more transition.
    stolen = await thief.request<Lease>('PUT', LEASE_PATH, {
      body: {
        ...live,
        spec: {
          holderIdentity: THIEF,
          leaseDurationSeconds: 60,
          acquireTime: now,
          renewTime: now,
          leaseTransitions: (live.spec.leaseTransitions ?? 0) + 1,
        },
      },
    });
  };
  const out = await deploy(kubeconfig, [...web, ...image('v3')], {
    onLog: (line) => {
      // Once the new Deployment is applied its rollout is under way (and takes > 3.5 s).
      if (!stealing && / Deployment shop\/web$/.test(line))
        stealing = new Promise((r) => setTimeout(r, 300)).then(steal);
      if (!noticedAt && line.startsWith('lost the deploy lock')) noticedAt = Date.now();
    },
  });
  await stealing;
  const leaseAfter = await thief.request<Lease>('GET', LEASE_PATH);
  const alb = await albServes(sb);
  const record = await releaseStatus(kubeconfig, out.release ?? -1);
  console.log(
    `lease stolen: noticed after ${noticedAt - stolenAt} ms (lease 3 s); ${out.status} (exit ${out.exitCode}): ${out.message}; record ${record}; alb ${alb.join(' | ')}; lease holder ${leaseAfter.spec.holderIdentity}`,
  );

  expect(stolen).toBeDefined();
  // After the thief's PUT (the first write from stolenIndex) the deploy wrote nothing at all.
  const after = writesSince(sb, stolenIndex).map((w) => `${w.verb} ${w.resource}/${w.name ?? ''}`);
  expect(after).toEqual([`update leases/${LOCK_NAME}`]);
  expect({
    status: out.status,
    exitCode: out.exitCode,
    record,
    rolledBack: out.rolledBack,
    image: deploymentImage(),
  }).toEqual({
    status: 'failed',
    exitCode: DeployExit.LockLost,
    record: 'pending',
    rolledBack: false,
    image: 'registry.example/web:v3',
  });
  expect(out.message).toContain(`lost the deploy lock of namespace shop: ${THIEF} took it over`);
  expect(out.message).toContain(`${THIEF} holds it now. This deploy wrote nothing more`);
  expect(out.log.filter((l) => l.startsWith('deploy failed:'))).toEqual([]);
  expect(out.log.some((l) => l.startsWith('restoring release'))).toBe(false);
  // Noticed through the lock's watch of its Lease (the renewal, every second here, is the fallback),
  // long before the rollout would have finished.
  expect(noticedAt - stolenAt).toBeGreaterThanOrEqual(0);
  expect(noticedAt - stolenAt).toBeLessThan(2_500);
  // Our release() saw that the Lease is no longer ours: nothing wrote it after the thief did.
  expect(leaseAfter.spec).toEqual(stolen!.spec);
  expect(leaseAfter.metadata.resourceVersion).toBe(stolen!.metadata.resourceVersion);
});

test('deleted mid-rollout under the default 60 s lease: noticed within a second (the watch, not the 20 s renewal); the deploy first restores the release left pending above, then stops writing; the Lease is not recreated', async () => {
  const admin = KubeClient.fromKubeconfig(kubeconfig);
  // The thief of the test above is done with its 60 s Lease.
  await admin.request('DELETE', LEASE_PATH).catch(() => undefined);
  let deleting: Promise<void> | undefined;
  let deleteSentAt = 0;
  let deletedIndex = 0;
  let noticedAt = 0;
  const args = [...web.slice(0, web.indexOf('--lock-lease')), '--lock-lease', '60', ...image('v4')];
  const started = Date.now();
  const out = await deploy(kubeconfig, args, {
    onLog: (line) => {
      if (!deleting && / Deployment shop\/web$/.test(line)) {
        deleting = new Promise((r) => setTimeout(r, 300)).then(async () => {
          deleteSentAt = Date.now();
          deletedIndex = sb.audit.length;
          await admin.request('DELETE', LEASE_PATH);
        });
      }
      if (!noticedAt && line.startsWith('lost the deploy lock')) noticedAt = Date.now();
    },
  });
  await deleting;
  const alb = await albServes(sb);
  const record = await releaseStatus(kubeconfig, out.release ?? -1);
  const lease = await admin.request('GET', LEASE_PATH).then(
    () => 'present',
    (err: unknown) =>
      err instanceof KubeApiError && err.code === 404
        ? 'absent'
        : `error ${err instanceof Error ? err.message : 'unknown'}`,
  );
  console.log(
    `lease deleted: noticed after ${noticedAt - deleteSentAt} ms (lease 60 s, renewals every 20 s); deploy took ${Date.now() - started} ms; ${out.status} (exit ${out.exitCode}): ${out.message}; record ${record}; alb ${alb.join(' | ')}; Lease ${lease}`,
  );

  expect(deleteSentAt).toBeGreaterThan(0);
  // Crash recovery first: v3, left pending by the deploy that lost its lock above, was rolled back to v2.
  expect(out.log).toContain(
    'release web v3 (pending) was interrupted (its deploy was killed or lost its lock); restoring the last deployed release, v2 first',
  );
  expect(await releaseStatus(kubeconfig, 3)).toBe('rolled-back');
  expect(writesSince(sb, deletedIndex).map((w) => `${w.verb} ${w.resource}/${w.name ?? ''}`)).toEqual([
    `delete leases/${LOCK_NAME}`,
  ]);
  expect({
    status: out.status,
    exitCode: out.exitCode,
    record,
    rolledBack: out.rolledBack,
    lease,
    image: deploymentImage(),
  }).toEqual({
    status: 'failed',
    exitCode: DeployExit.LockLost,
    record: 'pending',
    rolledBack: false,
    lease: 'absent',
    image: 'registry.example/web:v4',
  });
  expect(out.message).toContain(
    'lost the deploy lock of namespace shop: the Lease was deleted; no other deploy holds it now. This deploy wrote nothing more',
  );
  // Measured from the DELETE being sent; the next renewal would have been ~20 s after the lock was taken.
  expect(noticedAt).toBeGreaterThan(0);
  expect(noticedAt - deleteSentAt).toBeLessThan(2_000);
});
