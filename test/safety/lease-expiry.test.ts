/**
 * Issue 14 point 2: Lease expiry judged without trusting clocks, as client-go's leader election
 * does — by the waiting deploy's own monotonic clock, from the last time it saw the Lease change,
 * for `leaseDurationSeconds`.
 *
 * - A dead holder's Lease whose `renewTime` says 2099 (a runner with a broken clock): before, it
 *   never expired; now the next deploy takes it over one lease after it first saw it.
 * - A live holder whose clock is an hour behind, renewing every 0.5 s (each renewal writes a
 *   `renewTime` an hour old): before, any deploy took it over at once; now it is never taken while
 *   the renewals go on (the deploy gives up after `--lock-wait`, having written nothing), and is
 *   taken one lease after they stop.
 *
 * Asserted from the audit log (the deploy's writes, by sandbox user) and the Lease and records left.
 */
import { rmSync } from 'node:fs';
import { DeployExit } from '../../src/commands/deploy.js';
import { KubeClient } from '../../src/kube/client.js';
import { LockTimeoutError } from '../../src/kube/lock.js';
import { LOCK_NAME } from '../../src/model/bookkeeping.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { albServes, deploy, releases, startShopSandbox } from '../e2e/helpers.js';
import { acceptedWrites, addUser, described, leaseOf } from './helpers.js';

import { jest } from '@jest/globals';
jest.setTimeout(30_000);

let sb: Sandbox;
let kubeconfig: string;
let dir: string;
let kcDeploy: string;

const LEASE_PATH = `/apis/coordination.k8s.io/v1/namespaces/shop/leases/${LOCK_NAME}`;
const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--grace',
  '1',
  '--timeout',
  '60',
];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];
type Lease = { metadata: Record<string, unknown>; spec?: Record<string, unknown> };

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  kcDeploy = addUser(sb, dir, 'deployer');
  const out = await deploy(kubeconfig, [...web, ...image('v1')]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterAll(async () => {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Another holder writes the Lease: `renewTime` as its own clock says. */
async function writeLease(holder: string, renewTime: string, leaseDurationSeconds: number): Promise<void> {
  const admin = KubeClient.fromKubeconfig(kubeconfig);
  const live = await admin.request<Lease>('GET', LEASE_PATH);
  await admin.request('PUT', LEASE_PATH, {
    body: {
      ...live,
      spec: { ...live.spec, holderIdentity: holder, leaseDurationSeconds, acquireTime: renewTime, renewTime },
    },
  });
}

test('a dead holder whose renewTime says 2099 is taken over one lease after the deploy first saw it', async () => {
  await writeLease('runner-with-a-broken-clock', '2099-01-01T00:00:00.000000Z', 3);
  const from = sb.audit.length;
  const started = Date.now();
  const out = await deploy(kcDeploy, [...web, '--lock-wait', '20', ...image('v2')]);
  const ms = Date.now() - started;
  const writes = described(acceptedWrites(sb, from, 'deployer'));
  console.log(`renewTime 2099, lease 3 s: ${out.status} after ${ms} ms; first write: ${writes[0]}`);
  expect(out.log).toContain(
    'took over the deploy lock from runner-with-a-broken-clock: its Lease did not change for 3 s (its lease duration)',
  );
  // Not before its lease ran out by our clock (3 s, generous upper bound for a loaded machine).
  expect(ms).toBeGreaterThanOrEqual(3_000);
  expect(writes[0]).toBe(`update leases/${LOCK_NAME}`);
  expect({
    status: out.status,
    exitCode: out.exitCode,
    alb: await albServes(sb),
    lease: leaseOf(sb)?.spec?.holderIdentity ?? 'released',
  }).toEqual({
    status: 'deployed',
    exitCode: DeployExit.Ok,
    alb: ['200 registry.example/web:v2'],
    lease: 'released',
  });
});

test('a live holder whose clock is an hour behind is not taken over while it renews; once it stops, it is', async () => {
  const hourAgo = (): string => new Date(Date.now() - 3_600_000).toISOString().replace('Z', '000Z');
  await writeLease('runner-an-hour-behind', hourAgo(), 3);
  let renewing = true;
  // Read through a call: the test stops the renewals while this loop awaits.
  const isRenewing = (): boolean => renewing;
  const renewals = (async (): Promise<void> => {
    while (isRenewing()) {
      await new Promise((r) => setTimeout(r, 500));
      if (isRenewing()) await writeLease('runner-an-hour-behind', hourAgo(), 3);
    }
  })();
  const records = (await releases(kubeconfig)).length;
  const from = sb.audit.length;
  const err = await deploy(kcDeploy, [...web, '--lock-wait', '4', ...image('v3')]).then(
    () => undefined,
    (e: unknown) => e,
  );
  // Waited its 4 s (longer than the 3 s lease) and wrote nothing: the Lease was alive all along.
  expect(err).toBeInstanceOf(LockTimeoutError);
  expect((err as Error).message).toContain('is held by runner-an-hour-behind since');
  expect(described(acceptedWrites(sb, from, 'deployer'))).toEqual([]);
  expect((await releases(kubeconfig)).length).toBe(records);
  expect(leaseOf(sb)?.spec?.holderIdentity).toBe('runner-an-hour-behind');

  // The holder stops renewing (it died): the next deploy takes over one lease later.
  const waiting = deploy(kcDeploy, [...web, '--lock-wait', '20', ...image('v3')]);
  await new Promise((r) => setTimeout(r, 1_000));
  renewing = false;
  await renewals;
  const out = await waiting;
  expect(out.log).toContain(
    'took over the deploy lock from runner-an-hour-behind: its Lease did not change for 3 s (its lease duration)',
  );
  expect({ status: out.status, alb: await albServes(sb) }).toEqual({
    status: 'deployed',
    alb: ['200 registry.example/web:v3'],
  });
});
