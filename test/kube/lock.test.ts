import { join } from 'node:path';
import { KubeClient } from '../../src/kube/client.js';
import { DeployLock, LockLostError, LockTimeoutError } from '../../src/kube/lock.js';
import { LOCK_NAME } from '../../src/model/bookkeeping.js';
import { leaseOf } from '../../src/kube/lease.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { StatusError } from '../../src/sandbox/status.js';
import { logSink } from '../helpers/artefacts.js';
import { FakeClock, fakeTime } from '../helpers/clock.js';
import { tempDir } from '../helpers/temp.js';

let sb: Sandbox;
let client: KubeClient;
let failLeaseWrites = false;
const held: DeployLock[] = [];

beforeAll(async () => {
  sb = await startSandbox({ timing: { timeFactor: 0.01 } });
  const kubeconfig = join(tempDir('kc-'), 'config');
  await sb.writeKubeconfig(kubeconfig);
  client = new KubeClient(KubeClient.fromKubeconfig(kubeconfig).kc, { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 });
  sb.http.use(async (ctx, next) => {
    if (failLeaseWrites && ctx.info.resource === 'leases' && ctx.info.verb === 'update')
      throw new StatusError(503, 'ServiceUnavailable', 'etcd is unhappy');
    await next();
  });
});
afterEach(async () => {
  failLeaseWrites = false;
  for (const l of held.splice(0)) await l.release();
});
afterAll(async () => {
  await sb.stop();
});

const RUN_A = 'https://github.com/acme/shop/actions/runs/1001';
const RUN_B = 'https://github.com/acme/shop/actions/runs/1002';

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}
async function readLease(ns: string): Promise<{ metadata: Record<string, unknown>; spec: LeaseSpec } | undefined> {
  const lease = await client.get('coordination.k8s.io/v1', 'Lease', ns, LOCK_NAME);
  return lease && { metadata: lease.metadata, spec: leaseOf(lease).spec ?? {} };
}
async function createNamespace(name: string): Promise<void> {
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: 'test' });
}
async function acquire(
  ns: string,
  holder: string,
  opts: Parameters<typeof DeployLock.acquire>[3] = {},
): Promise<DeployLock> {
  const lock = await DeployLock.acquire(client, ns, holder, opts);
  held.push(lock);
  return lock;
}
const isoAgo = (ms: number): string => new Date(Date.now() - ms).toISOString().replace('Z', '000Z');
async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

describe('DeployLock', () => {
  test('acquire writes a Lease naming the holder; renewals move renewTime; release clears the holder', async () => {
    await createNamespace('one');
    const lock = await acquire('one', RUN_A, { leaseSeconds: 1 });
    const first = (await readLease('one'))!;
    expect(first.spec).toMatchObject({ holderIdentity: RUN_A, leaseDurationSeconds: 1, leaseTransitions: 0 });
    expect(first.spec.acquireTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(first.spec.renewTime).toBe(first.spec.acquireTime);
    expect((first.metadata['labels'] as Record<string, string>)['app.kubernetes.io/managed-by']).toBe(
      'eks-fargate-deploy',
    );

    // Renewed every third of a second: after ~0.8 s at least two renewals have landed.
    await new Promise((r) => setTimeout(r, 800));
    const later = (await readLease('one'))!;
    expect(Date.parse(later.spec.renewTime!) - Date.parse(first.spec.renewTime!)).toBeGreaterThanOrEqual(500);
    expect(later.spec.acquireTime).toBe(first.spec.acquireTime);
    expect(later.spec.holderIdentity).toBe(RUN_A);

    expect(await lock.release()).toBe(true);
    expect(lock.lost.aborted).toBe(false);
    const released = (await readLease('one'))!;
    expect(released.spec.holderIdentity).toBeUndefined();
    // No renewal after release.
    await new Promise((r) => setTimeout(r, 500));
    expect((await readLease('one'))!.metadata['resourceVersion']).toBe(released.metadata['resourceVersion']);
    expect(await lock.release()).toBe(false);
  });

  test('a second deploy waits, logs the holder once, then times out naming the holder and since when', async () => {
    await createNamespace('two');
    await acquire('two', RUN_A, { leaseSeconds: 2 });
    const since = (await readLease('two'))!.spec.acquireTime!;
    const { lines: logs, log } = logSink();
    const clock = new FakeClock();
    const err = await DeployLock.acquire(client, 'two', RUN_B, {
      waitSeconds: 1,
      pollMs: 100,
      log,
      ...fakeTime(clock),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toContain(`held by ${RUN_A} since ${since}`);
    expect((err as Error).message).toContain('namespace two');
    // Looked every 100 ms for the 1 s it may wait, then gave up (on the fake clock: load cannot change it).
    expect(clock.sleeps).toEqual(Array<number>(10).fill(100));
    expect(logs).toEqual([`waiting for the deploy lock held by ${RUN_A} since ${since}`]);
    expect((await readLease('two'))!.spec.holderIdentity).toBe(RUN_A);
  });

  test('a waiting deploy gets the lock soon after the holder releases it', async () => {
    await createNamespace('three');
    const a = await acquire('three', RUN_A, { leaseSeconds: 5 });
    const waiting = acquire('three', RUN_B, { waitSeconds: 10, pollMs: 50 });
    await new Promise((r) => setTimeout(r, 300));
    const releasedAt = Date.now();
    await a.release();
    const b = await waiting;
    expect(Date.now() - releasedAt).toBeLessThan(1000);
    expect(b.holder).toBe(RUN_B);
    expect((await readLease('three'))!.spec.holderIdentity).toBe(RUN_B);
  });

  test('the lease of a runner that died is taken over one lease duration after the waiter first saw it, counting the transition', async () => {
    await createNamespace('four');
    // Its renewTime is 10 s old by our clock, but clocks are not trusted: only our own count from now.
    await client.request('POST', '/apis/coordination.k8s.io/v1/namespaces/four/leases', {
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: LOCK_NAME },
        spec: {
          holderIdentity: RUN_A,
          leaseDurationSeconds: 1,
          acquireTime: isoAgo(60_000),
          renewTime: isoAgo(10_000),
          leaseTransitions: 3,
        },
      },
    });
    const { lines: logs, log } = logSink();
    const clock = new FakeClock();
    const lock = await acquire('four', RUN_B, { waitSeconds: 10, pollMs: 5000, log, ...fakeTime(clock) });
    // One wait, to 10 ms past the 1 s lease duration counted from when the waiter first saw the Lease.
    expect(clock.sleeps).toEqual([1010]);
    expect((await readLease('four'))!.spec).toMatchObject({ holderIdentity: RUN_B, leaseTransitions: 4 });
    expect(lock.generation).toBe(4);
    expect(logs.at(-1)).toBe(
      `took over the deploy lock from ${RUN_A}: its Lease did not change for 1 s (its lease duration)`,
    );
  });

  test('a live lease that stops being renewed is taken over only once it expires', async () => {
    await createNamespace('five');
    await client.request('POST', '/apis/coordination.k8s.io/v1/namespaces/five/leases', {
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: LOCK_NAME },
        spec: { holderIdentity: RUN_A, leaseDurationSeconds: 2, acquireTime: isoAgo(1000), renewTime: isoAgo(1000) },
      },
    });
    const clock = new FakeClock();
    await acquire('five', RUN_B, { waitSeconds: 10, pollMs: 5000, ...fakeTime(clock) });
    // Expires 2 s after the waiter first saw it; the wait wakes at expiry (+10 ms), not at the 5 s poll.
    expect(clock.sleeps).toEqual([2010]);
    expect((await readLease('five'))!.spec.holderIdentity).toBe(RUN_B);
  });

  test('lost fires when another holder takes the lease (this runner stalled past expiry)', async () => {
    await createNamespace('six');
    const a = await acquire('six', RUN_A, { leaseSeconds: 1 });
    const live = (await readLease('six'))!;
    await client.request('PUT', `/apis/coordination.k8s.io/v1/namespaces/six/leases/${LOCK_NAME}`, {
      body: {
        ...live,
        spec: {
          ...live.spec,
          holderIdentity: RUN_B,
          acquireTime: isoAgo(0),
          renewTime: isoAgo(0),
          leaseTransitions: 1,
        },
      },
    });
    await until(() => a.lost.aborted, 2000);
    expect(a.lost.aborted).toBe(true);
    expect(a.lost.reason).toBeInstanceOf(LockLostError);
    expect((a.lost.reason as Error).message).toMatch(
      new RegExp(`lost the deploy lock of namespace six: ${RUN_B} took it over`),
    );
    // Releasing a lost lock leaves the new holder alone.
    expect(await a.release()).toBe(false);
    expect((await readLease('six'))!.spec.holderIdentity).toBe(RUN_B);
  });

  test('lost fires when renewals keep failing until the lease would expire', async () => {
    await createNamespace('seven');
    const { lines: logs, log } = logSink();
    const a = await acquire('seven', RUN_A, { leaseSeconds: 1, log });
    failLeaseWrites = true;
    await until(() => a.lost.aborted, 3000);
    expect(a.lost.aborted).toBe(true);
    expect((a.lost.reason as Error).message).toMatch(
      /could not renew the lease for 1 s.*503|could not renew the lease for 1 s.*etcd is unhappy/,
    );
    expect(logs.some((l) => l.startsWith('lost the deploy lock of namespace seven'))).toBe(true);
  });

  test('a short API outage does not lose the lock', async () => {
    await createNamespace('eight');
    const a = await acquire('eight', RUN_A, { leaseSeconds: 2 });
    await new Promise((r) => setTimeout(r, 700));
    failLeaseWrites = true;
    await new Promise((r) => setTimeout(r, 600));
    failLeaseWrites = false;
    await new Promise((r) => setTimeout(r, 1200));
    expect(a.lost.aborted).toBe(false);
    expect(Date.now() - Date.parse((await readLease('eight'))!.spec.renewTime!)).toBeLessThan(1200);
  });

  test('a namespace that does not exist yet is created for the lock', async () => {
    await acquire('brand-new', RUN_A);
    expect(await client.get('v1', 'Namespace', undefined, 'brand-new')).toBeDefined();
    expect((await readLease('brand-new'))!.spec.holderIdentity).toBe(RUN_A);
    await expect(DeployLock.acquire(client, 'not-there', RUN_A, { createNamespace: false })).rejects.toThrow(/404/);
  });

  test('checkLocal: by its own clock alone, the lock is lost once a whole lease passed without a renewal (a stalled process, resumed, before any timer runs)', async () => {
    await createNamespace('ten');
    let clock = 1_000_000;
    const lock = await acquire('ten', RUN_A, { leaseSeconds: 60, now: () => clock });
    clock += 59_000;
    expect(() => {
      lock.checkLocal();
    }).not.toThrow();
    clock += 1_000;
    // Synchronous: no request, no timer, no event in between.
    expect(() => {
      lock.checkLocal();
    }).toThrow(LockLostError);
    expect(lock.lost.aborted).toBe(true);
    expect((lock.lost.reason as Error).message).toBe(
      'lost the deploy lock of namespace ten: could not renew the lease for 60 s (its lease duration), so another deploy may take it',
    );
    // A lost lock is not released by its former holder: whoever takes over finds the Lease as it was.
    expect(await lock.release()).toBe(false);
    expect((await readLease('ten'))!.spec.holderIdentity).toBe(RUN_A);
  });

  test('waiting can be cancelled', async () => {
    await createNamespace('nine');
    await acquire('nine', RUN_A, { leaseSeconds: 5 });
    const ctrl = new AbortController();
    setTimeout(() => {
      ctrl.abort(new Error('run cancelled'));
    }, 200);
    // A wait that only the signal ends: the acquire can end only by the cancellation cutting it short.
    const asked: number[] = [];
    const sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
      asked.push(ms);
      return new Promise((_resolve, reject) => {
        signal?.addEventListener(
          'abort',
          () => {
            reject(signal.reason as Error);
          },
          { once: true },
        );
      });
    };
    await expect(
      DeployLock.acquire(client, 'nine', RUN_B, { waitSeconds: 30, pollMs: 5000, signal: ctrl.signal, sleep }),
    ).rejects.toThrow('run cancelled');
    expect(asked).toEqual([5000]);
  });
});
