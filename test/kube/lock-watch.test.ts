/**
 * The deploy lock watches its Lease while held: a Lease deleted or taken over is noticed within a
 * second, even with the default 60 s lease (renewed every 20 s, which is when it used to be
 * noticed). One watch per held lock; dropped watches and expired resourceVersions are resumed
 * without losing the lock; a cluster that refuses the watch leaves it to the renewals.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient } from '../../src/kube/client.js';
import { DeployLock, LockLostError } from '../../src/kube/lock.js';
import { LOCK_NAME } from '../../src/model/bookkeeping.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { StatusError } from '../../src/sandbox/status.js';
import { logSink } from '../helpers/artefacts.js';

import { jest } from '@jest/globals';
jest.setTimeout(20_000);

let sb: Sandbox;
let client: KubeClient;
let dir: string;
let refuseLeaseWatches = false;
const held: DeployLock[] = [];
const figures: string[] = [];

beforeAll(async () => {
  sb = await startSandbox({ timing: { timeFactor: 0.01 } });
  dir = await mkdtemp(join(tmpdir(), 'kc-'));
  await sb.writeKubeconfig(join(dir, 'config'));
  client = new KubeClient(KubeClient.fromKubeconfig(join(dir, 'config')).kc, {
    attempts: 3,
    baseDelayMs: 5,
    maxDelayMs: 20,
  });
  sb.http.use(async (ctx, next) => {
    if (refuseLeaseWatches && ctx.info.resource === 'leases' && ctx.info.verb === 'watch')
      throw new StatusError(403, 'Forbidden', 'leases.coordination.k8s.io is forbidden: cannot watch');
    await next();
  });
});
afterEach(async () => {
  refuseLeaseWatches = false;
  sb.faults.clear();
  for (const l of held.splice(0)) await l.release();
});
afterAll(async () => {
  console.log(`lock watch:\n  ${figures.join('\n  ')}`);
  await sb.stop();
  await rm(dir, { recursive: true, force: true });
});

const RUN_A = 'https://github.com/acme/shop/actions/runs/2001';
const RUN_B = 'https://github.com/acme/shop/actions/runs/2002';
const leasePath = (ns: string): string => `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/${LOCK_NAME}`;

async function createNamespace(name: string): Promise<void> {
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: 'test' });
}
async function acquire(ns: string, opts: Parameters<typeof DeployLock.acquire>[3] = {}): Promise<DeployLock> {
  await createNamespace(ns);
  const lock = await DeployLock.acquire(client, ns, RUN_A, opts);
  held.push(lock);
  return lock;
}
/**
 * Resolves with the ms from `since` to the lock's loss (printed, not asserted: wall time), or rejects
 * after `ms` (a guard). `losses` gets the audit index at the loss, so a test can say what the lock
 * sent before it noticed (the watch noticed: no renewal in between).
 */
function lossAfter(lock: DeployLock, since: () => number, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the lock was not lost within ${ms} ms`));
    }, ms);
    lock.lost.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        losses.set(lock, sb.audit.length);
        resolve(Date.now() - since());
      },
      { once: true },
    );
  });
}
const losses = new Map<DeployLock, number>();
/** Lease writes the lock sent between audit index `from` and its loss (renewals: 'update'). */
const writesBeforeLoss = (lock: DeployLock, ns: string, from: number): string[] =>
  sb.audit
    .slice(from, losses.get(lock))
    .filter((a) => a.resource === 'leases' && a.namespace === ns && a.verb !== 'get' && a.verb !== 'watch')
    .map((a) => a.verb);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const leaseRequests = (ns: string, from: number): string[] =>
  sb.audit
    .slice(from)
    .filter((a) => a.resource === 'leases' && a.namespace === ns)
    .map((a) => a.verb);

test('a deleted Lease is noticed within a second with the default 60 s lease (renewals every 20 s)', async () => {
  const { lines: logs, log } = logSink();
  const lock = await acquire('del', { log });
  await sleep(300);
  let deletedAt = 0;
  const lost = lossAfter(lock, () => deletedAt, 15_000);
  deletedAt = Date.now();
  const deleted = sb.audit.length;
  await client.request('DELETE', leasePath('del'));
  const ms = await lost;
  figures.push(`Lease deleted, 60 s lease: lost after ${ms} ms (renewal would have noticed after up to 20 s)`);
  // Noticed by the watch: only the test's DELETE between the deletion and the loss, no renewal.
  expect(writesBeforeLoss(lock, 'del', deleted)).toEqual(['delete']);
  expect(lock.lost.reason).toBeInstanceOf(LockLostError);
  expect((lock.lost.reason as Error).message).toBe('lost the deploy lock of namespace del: the Lease was deleted');
  expect(logs).toContain('lost the deploy lock of namespace del: the Lease was deleted');
  // release() leaves the cluster alone: it neither recreates the Lease nor writes anything.
  const from = sb.audit.length;
  expect(await lock.release()).toBe(false);
  expect(await client.get('coordination.k8s.io/v1', 'Lease', 'del', LOCK_NAME)).toBeUndefined();
  expect(leaseRequests('del', from).filter((v) => v !== 'get' && v !== 'watch')).toEqual([]);
});

test('a Lease taken over by another holder is noticed within a second with a 60 s lease', async () => {
  const lock = await acquire('steal');
  await sleep(300);
  const live = await client.request<{ spec: Record<string, unknown> }>('GET', leasePath('steal'));
  let stolenAt = 0;
  const lost = lossAfter(lock, () => stolenAt, 15_000);
  const now = new Date().toISOString().replace('Z', '000Z');
  stolenAt = Date.now();
  const stolen = sb.audit.length;
  await client.request('PUT', leasePath('steal'), {
    body: {
      ...live,
      spec: { ...live.spec, holderIdentity: RUN_B, acquireTime: now, renewTime: now, leaseTransitions: 1 },
    },
  });
  const ms = await lost;
  figures.push(`Lease taken over, 60 s lease: lost after ${ms} ms`);
  // Noticed by the watch: only the other holder's PUT between the take-over and the loss, no renewal.
  expect(writesBeforeLoss(lock, 'steal', stolen)).toEqual(['update']);
  expect((lock.lost.reason as Error).message).toBe(
    `lost the deploy lock of namespace steal: ${RUN_B} took it over at ${now} (lock generation 1, ours 0)`,
  );
  expect(await lock.release()).toBe(false);
  expect(
    (await client.request<{ spec: { holderIdentity?: string } }>('GET', leasePath('steal'))).spec.holderIdentity,
  ).toBe(RUN_B);
});

test('API load: one watch per held lock; our own renewals and unrelated Leases do not cost the lock', async () => {
  const from = sb.audit.length;
  const lock = await acquire('load', { leaseSeconds: 3 });
  // Another Lease in the same namespace (leader election of something else) changes meanwhile.
  await client.request('POST', '/apis/coordination.k8s.io/v1/namespaces/load/leases', {
    body: {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'other' },
      spec: { holderIdentity: RUN_B },
    },
  });
  await client.request('DELETE', '/apis/coordination.k8s.io/v1/namespaces/load/leases/other');
  await sleep(2_500);
  expect(lock.lost.aborted).toBe(false);
  expect(await lock.release()).toBe(true);
  await sleep(50);
  const verbs = leaseRequests('load', from);
  const count = (v: string): number => verbs.filter((x) => x === v).length;
  figures.push(
    `held 2.5 s with a 3 s lease: ${count('watch')} watch, ${count('update')} updates (take, renewals, release), ${count('get')} gets`,
  );
  expect(count('watch')).toBe(1);
  // Take + 2 renewals + release; the watch adds no reads of its own.
  expect(count('update') + count('create')).toBeGreaterThanOrEqual(3);
  expect(count('update') + count('create')).toBeLessThanOrEqual(5);
});

test('dropped watches and expired resourceVersions are resumed: the lock is kept, and a deletion afterwards is still noticed at once', async () => {
  sb.faults.set({
    seed: 7,
    rules: [
      { name: 'drop', verbs: ['watch'], resources: ['leases'], watch: { maxDurationMs: 150 } },
      { name: 'expire', verbs: ['watch'], resources: ['leases'], probability: 0.5, expireResourceVersion: true },
    ],
  });
  const lock = await acquire('drops', { leaseSeconds: 60 });
  const from = sb.audit.length;
  await sleep(2_000);
  expect(lock.lost.aborted).toBe(false);
  const watches = leaseRequests('drops', from).filter((v) => v === 'watch').length;
  expect(watches).toBeGreaterThanOrEqual(2);
  let deletedAt = 0;
  const lost = lossAfter(lock, () => deletedAt, 15_000);
  deletedAt = Date.now();
  const deleted = sb.audit.length;
  await client.request('DELETE', leasePath('drops'));
  const ms = await lost;
  const injected = sb.faults.stats().byRule;
  figures.push(
    `watch dropped every 150 ms, half the resumes 410 (${injected['drop'] ?? 0} drops, ${injected['expire'] ?? 0} expired): ${watches} watches in 2 s, lock kept; deletion then noticed after ${ms} ms`,
  );
  expect(injected['drop']).toBeGreaterThanOrEqual(2);
  expect((lock.lost.reason as Error).message).toBe('lost the deploy lock of namespace drops: the Lease was deleted');
  // Watches that keep failing are retried with a backoff capped at 2 s, each retry re-reading the Lease:
  // the resumed watch noticed it, not a renewal (every 20 s).
  expect(writesBeforeLoss(lock, 'drops', deleted)).toEqual(['delete']);
});

test('a cluster that refuses the watch (RBAC without watch): logged once, the renewals still notice a deletion', async () => {
  refuseLeaseWatches = true;
  const { lines: logs, log } = logSink();
  const lock = await acquire('norbac', { leaseSeconds: 3, log });
  await sleep(300);
  expect(logs).toEqual([
    'cannot watch the deploy lock Lease (HTTP 403); a lost lock is noticed at the next renewal instead',
  ]);
  let deletedAt = 0;
  const lost = lossAfter(lock, () => deletedAt, 3_000);
  deletedAt = Date.now();
  await client.request('DELETE', leasePath('norbac'));
  const ms = await lost;
  figures.push(`watch refused (403), 3 s lease: deletion noticed by the renewal after ${ms} ms`);
  expect((lock.lost.reason as Error).message).toBe('lost the deploy lock of namespace norbac: the Lease was deleted');
  expect(ms).toBeLessThan(1_500);
});
