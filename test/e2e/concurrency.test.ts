/**
 * Two deploys of the same namespace at once: the namespace's deploy lock (a Lease) lets one
 * through; the other waits and then deploys, or gives up naming the holder.
 */
import { albServes, deploy, releases, startShopSandbox } from './helpers.js';
import { DeployExit } from '../../src/commands/deploy.js';
import { KubeClient } from '../../src/kube/client.js';
import { ANNOTATION_RUN_URL, DeployLock, LockTimeoutError } from '../../src/kube/lock.js';
import { LOCK_NAME } from '../../src/model/bookkeeping.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';

let sb: Sandbox;
let kubeconfig: string;

const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--timeout',
  '60',
];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];
const run = (n: number): string[] => ['--run-url', `https://github.com/acme/shop/actions/runs/${n}`];

beforeAll(async () => {
  ({ sb, kubeconfig } = await startShopSandbox());
  const out = await deploy(kubeconfig, [...web, '--grace', '1', ...image('v1'), ...run(1)]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterAll(async () => {
  await sb.stop();
});

/**
 * Who holds the Lease right now, as people find it: the run URL annotated on it (the holder
 * identity itself is unique per deploy), else the identity; undefined when nobody holds it.
 */
function holder(namespace = 'shop'): string | undefined {
  const lease = sb.store.get(sb.registry.get('coordination.k8s.io', 'leases'), namespace, LOCK_NAME) as
    { metadata: { annotations?: Record<string, string> }; spec?: { holderIdentity?: string } } | undefined;
  if (!lease?.spec?.holderIdentity) return undefined;
  return lease.metadata.annotations?.[ANNOTATION_RUN_URL] ?? lease.spec.holderIdentity;
}

describe('two deploys to the same namespace at once', () => {
  test('the second waits for the first, then deploys on top of it; neither sees the other half way', async () => {
    const holders: string[] = [];
    const spy = setInterval(() => {
      const h = holder();
      if (h && holders.at(-1) !== h) holders.push(h);
    }, 5);
    const [a, b] = await Promise.all([
      deploy(kubeconfig, [...web, '--grace', '1', ...image('v2'), ...run(2)]),
      // Started a moment later so the order is known; it must not touch the cluster until a is done.
      new Promise((r) => setTimeout(r, 50)).then(() =>
        deploy(kubeconfig, [...web, '--grace', '1', ...image('v3'), ...run(3)]),
      ),
    ]);
    clearInterval(spy);
    expect([a.status, b.status]).toEqual(['deployed', 'deployed']);
    expect(
      b.log.some((l) =>
        /^waiting for the deploy lock held by \S+ \(https:\/\/github\.com\/acme\/shop\/actions\/runs\/2\) since /.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(a.log.some((l) => l.startsWith('waiting for the deploy lock'))).toBe(false);
    // b's release comes after a's and names it as the previous one: b read the history only once a had finished.
    expect([a.release, b.release, b.previousRelease]).toEqual([2, 3, 2]);
    expect(holders).toEqual([
      'https://github.com/acme/shop/actions/runs/2',
      'https://github.com/acme/shop/actions/runs/3',
    ]);
    expect(holder()).toBeUndefined();
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v3']);
    expect(await releases(kubeconfig)).toEqual(['v1 superseded', 'v2 superseded', 'v3 deployed']);
  });

  test('a second deploy that cannot wait long enough fails naming the holder and records no release; the first still ends cleanly', async () => {
    const first = new AbortController();
    // A release that never becomes ready, with a grace window longer than the test: it holds the lock until cancelled.
    const a = deploy(kubeconfig, [...web, '--grace', '120', ...image('never-ready'), ...run(4)], {
      signal: first.signal,
    });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (holder()) {
          clearInterval(t);
          resolve();
        }
      }, 10);
    });
    const started = Date.now();
    const err = await deploy(kubeconfig, [...web, '--grace', '1', '--lock-wait', '1', ...image('v5'), ...run(5)]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toMatch(
      /^the deploy lock of namespace shop \(Lease eks-fargate-deploy-lock\) is held by \S+ \(https:\/\/github\.com\/acme\/shop\/actions\/runs\/4\) since \S+; gave up after waiting 1 s\./,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    // The waiting deploy created no release record.
    expect((await releases(kubeconfig)).length).toBe(4);

    first.abort(new Error('cancelled by the test'));
    const out = await a;
    expect({ status: out.status, exitCode: out.exitCode }).toEqual({
      status: 'cancelled',
      exitCode: DeployExit.Cancelled,
    });
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v3']);
    expect(holder()).toBeUndefined();
  });

  test('a release spanning two namespaces whose second lock is held lets go of the first', async () => {
    // Locks are taken in namespace order: billing, then shop — which someone else holds.
    const other = await DeployLock.acquire(
      KubeClient.fromKubeconfig(kubeconfig),
      'shop',
      'https://github.com/acme/shop/actions/runs/9',
      { waitSeconds: 0 },
    );
    try {
      const err = await deploy(kubeconfig, [
        ...web,
        '--grace',
        '1',
        '--lock-wait',
        '1',
        ...image('v6'),
        ...run(6),
        '--manifests',
        'test/fixtures/deploy/extra/billing.yaml',
        '--allow-namespace',
        'billing',
      ]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect((err as Error).message).toContain(
        'the deploy lock of namespace shop (Lease eks-fargate-deploy-lock) is held by https://github.com/acme/shop/actions/runs/9',
      );
      // Not left holding billing's lock (renewing it for as long as the process lives).
      expect(holder('billing')).toBeUndefined();
      expect(holder('shop')).toBe('https://github.com/acme/shop/actions/runs/9');
    } finally {
      await other.release();
    }
  });
});

describe('two deploys from one process with no run URL', () => {
  test('still get different lock holders, so the lock keeps them apart', async () => {
    const holders: string[] = [];
    const spy = setInterval(() => {
      const h = holder();
      if (h && holders.at(-1) !== h) holders.push(h);
    }, 5);
    const [a, b] = await Promise.all([
      deploy(kubeconfig, [...web, '--grace', '1', ...image('v7')]),
      deploy(kubeconfig, [...web, '--grace', '1', ...image('v8')]),
    ]);
    clearInterval(spy);
    expect([a.status, b.status]).toEqual(['deployed', 'deployed']);
    expect(new Set(holders).size).toBeGreaterThanOrEqual(2);
    const [first, second] = a.release! < b.release! ? [a, b] : [b, a];
    // The later one saw the earlier one as its previous release: they did not run side by side.
    expect(second.previousRelease).toBe(first.release);
  });
});
