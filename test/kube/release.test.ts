import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { KubeObject } from '../../src/model/kube-object.js';
import { UserInputError } from '../../src/errors.js';
import { KubeClient } from '../../src/kube/client.js';
import { ReleaseRecordError, ReleaseStore, type NewReleaseRecord } from '../../src/kube/release.js';
import { registerCanary } from '../../src/sandbox/artefacts.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { tempDir } from '../helpers/temp.js';

let sb: Sandbox;
let client: KubeClient;
let nsCounter = 0;

beforeAll(async () => {
  sb = await startSandbox({ timing: { timeFactor: 0.01 } });
  const kubeconfig = join(tempDir('kc-'), 'config');
  await sb.writeKubeconfig(kubeconfig);
  client = KubeClient.fromKubeconfig(kubeconfig);
});
afterAll(async () => {
  await sb.stop();
});

async function freshNamespace(): Promise<string> {
  const name = `rel-${++nsCounter}`;
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: 'test' });
  return name;
}

const SECRET_VALUE = Buffer.from('hunter2-database-password').toString('base64');
registerCanary('release.test.ts Secret data', 'hunter2-database-password');
const objects = (ns: string, image = 'web:1'): KubeObject[] => [
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: ns }, data: { password: SECRET_VALUE } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
    },
  },
];
const deploy = (ns: string, extra: Partial<NewReleaseRecord> = {}): NewReleaseRecord => ({
  objects: objects(ns),
  images: [{ name: 'web', ref: 'web:1', digest: `sha256:${'a'.repeat(64)}` }],
  commit: '0123abc',
  runUrl: 'https://github.com/acme/shop/actions/runs/7',
  ...extra,
});
interface SecretView extends KubeObject {
  type: string;
  metadata: { name: string; labels: Record<string, string> };
  data: Record<string, string>;
}
const readSecret = async (ns: string, name: string): Promise<SecretView | undefined> =>
  await client.get<SecretView>('v1', 'Secret', ns, name);

describe('ReleaseStore', () => {
  test('a record round-trips through a labelled Secret holding base64(gzip(JSON))', async () => {
    const ns = await freshNamespace();
    const store = new ReleaseStore(client, ns, 'shop');
    const created = await store.create(deploy(ns));
    expect(created).toMatchObject({
      schema: 1,
      release: 'shop',
      number: 1,
      status: 'pending',
      commit: '0123abc',
      notes: [],
    });
    expect(Date.parse(created.startedAt)).toBeGreaterThan(Date.now() - 10_000);

    const secret = (await readSecret(ns, 'eks-fargate-deploy.shop.v1'))!;
    expect(secret.type).toBe('eks-fargate-deploy.io/release.v1');
    expect(secret.metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'eks-fargate-deploy',
      'eks-fargate-deploy/release': 'shop',
      'eks-fargate-deploy/release-version': '1',
      'eks-fargate-deploy/status': 'pending',
    });
    // Decoded independently of the store: gzip magic bytes, then the JSON record.
    const raw = Buffer.from(secret.data['release']!, 'base64');
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]);
    expect(JSON.parse(gunzipSync(raw).toString('utf8'))).toEqual(created);
    // The applied Secret's value is not readable from the record Secret without decompressing.
    expect(JSON.stringify(secret)).not.toContain(SECRET_VALUE);

    expect(await store.get(1)).toEqual(created);
    expect(await store.get(2)).toBeUndefined();
    expect(await store.latest()).toEqual(created);
    expect(await store.lastDeployed()).toBeUndefined();
  });

  test('numbers grow by one and two concurrent writers never share a number', async () => {
    const ns = await freshNamespace();
    const store = new ReleaseStore(client, ns, 'shop', { historyLimit: 0 });
    expect((await store.create(deploy(ns))).number).toBe(1);
    expect((await store.create(deploy(ns))).number).toBe(2);
    // Six deploys at once, each with its own store (as separate runners would): all see max = 2.
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        new ReleaseStore(client, ns, 'shop', { historyLimit: 0 }).create(deploy(ns, { commit: `c${i}` })),
      ),
    );
    expect(made.map((r) => r.number).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8]);
    const listed = await store.list();
    expect(listed.map((e) => e.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Each number's stored record is the one its writer was told about.
    for (const r of made) expect((await store.get(r.number))!.commit).toBe(r.commit);
  });

  test('setStatus updates label and record, sets finishedAt, and supersedes the previous deployed record', async () => {
    const ns = await freshNamespace();
    const store = new ReleaseStore(client, ns, 'shop');
    await store.create(deploy(ns));
    const one = await store.setStatus(1, 'deployed', ['3/3 pods ready on Fargate']);
    expect(one.status).toBe('deployed');
    expect(one.notes).toEqual(['3/3 pods ready on Fargate']);
    expect(Date.parse(one.finishedAt!)).toBeGreaterThan(Date.now() - 10_000);
    expect((await readSecret(ns, 'eks-fargate-deploy.shop.v1'))!.metadata.labels['eks-fargate-deploy/status']).toBe(
      'deployed',
    );

    await store.create(deploy(ns, { objects: objects(ns, 'web:2') }));
    expect((await store.lastDeployed())!.number).toBe(1);
    expect((await store.latest())!.number).toBe(2);
    await store.setStatus(2, 'deployed');
    expect((await store.list()).map((e) => `${e.number}:${e.status}`)).toEqual(['1:superseded', '2:deployed']);
    expect((await store.get(1))!.status).toBe('superseded');
    expect((await store.get(1))!.finishedAt).toBe(one.finishedAt);
    expect((await store.lastDeployed())!.number).toBe(2);

    await store.create(deploy(ns, { objects: objects(ns, 'web:bad') }));
    await store.setStatus(3, 'rolling-back', ['web: ImagePullBackOff']);
    await store.setStatus(3, 'rolled-back', ['restored release 2']);
    expect((await store.get(3))!.notes).toEqual(['web: ImagePullBackOff', 'restored release 2']);
    expect((await store.list()).map((e) => `${e.number}:${e.status}`)).toEqual([
      '1:superseded',
      '2:deployed',
      '3:rolled-back',
    ]);
    await expect(store.setStatus(9, 'failed')).rejects.toThrow(
      /release shop has no record number 9 in namespace rel-\d+ \(no Secret eks-fargate-deploy\.shop\.v9\)/,
    );
  });

  test('concurrent status writes to one record both land (optimistic concurrency, no lost update)', async () => {
    const ns = await freshNamespace();
    const store = new ReleaseStore(client, ns, 'shop');
    await store.create(deploy(ns));
    await Promise.all([
      store.setStatus(1, 'pending', ['a']),
      store.setStatus(1, 'pending', ['b']),
      store.setStatus(1, 'pending', ['c']),
    ]);
    expect([...(await store.get(1))!.notes].sort()).toEqual(['a', 'b', 'c']);
  });

  test('the history limit deletes the oldest records but keeps the last deployed one', async () => {
    const ns = await freshNamespace();
    const store = new ReleaseStore(client, ns, 'shop', { historyLimit: 3 });
    await store.create(deploy(ns));
    await store.setStatus(1, 'deployed');
    for (let i = 2; i <= 6; i++) {
      await store.create(deploy(ns));
      await store.setStatus(i, 'failed');
    }
    expect((await store.list()).map((e) => `${e.number}:${e.status}`)).toEqual([
      '1:deployed',
      '4:failed',
      '5:failed',
      '6:failed',
    ]);
    expect((await store.lastDeployed())!.number).toBe(1);
    await store.create(deploy(ns));
    await store.setStatus(7, 'deployed');
    await store.create(deploy(ns));
    // 1 is superseded now, so it goes; 7 is the last deployed and among the newest three.
    expect((await store.list()).map((e) => e.number)).toEqual([6, 7, 8]);
    // Numbers keep growing after deletions.
    expect((await store.create(deploy(ns))).number).toBe(9);
  });

  test('a record too big for a Secret is refused, naming its size and biggest objects', async () => {
    const ns = await freshNamespace();
    const store = new ReleaseStore(client, ns, 'shop');
    const blob: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'blob', namespace: ns },
      data: { bin: randomBytes(1_200_000).toString('base64') },
    };
    const err = await store.create(deploy(ns, { objects: [...objects(ns), blob] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReleaseRecordError);
    expect((err as Error).message).toMatch(
      /release shop v1 cannot be recorded: its 3 objects compress to \d+ bytes, more than a Secret holds \(1048576 bytes\)/,
    );
    expect((err as Error).message).toMatch(/Largest objects: ConfigMap rel-\d+\/blob \(\d+ KiB\)/);
    expect(await store.list()).toEqual([]);
  });

  test('records of other releases are not listed; a corrupt record names its Secret', async () => {
    const ns = await freshNamespace();
    const shop = new ReleaseStore(client, ns, 'shop');
    const other = new ReleaseStore(client, ns, 'shop-admin');
    await shop.create(deploy(ns));
    await other.create(deploy(ns));
    expect((await shop.list()).map((e) => e.secretName)).toEqual(['eks-fargate-deploy.shop.v1']);

    const s = (await readSecret(ns, 'eks-fargate-deploy.shop.v1'))!;
    await client.request('PUT', `/api/v1/namespaces/${ns}/secrets/${s.metadata.name}`, {
      body: { ...s, data: { release: Buffer.from('not gzip').toString('base64') } },
    });
    const [entry] = await shop.list();
    expect(entry!.status).toBe('pending');
    expect(() => entry!.record()).toThrow(
      new RegExp(`Secret ${ns}/eks-fargate-deploy.shop.v1: data.release is not base64\\(gzip\\(JSON\\)\\)`),
    );
  });

  test('an invalid release name is a user error', () => {
    expect(() => new ReleaseStore(client, 'default', 'Shop_Web')).toThrow(UserInputError);
    expect(() => new ReleaseStore(client, 'default', 'x'.repeat(54))).toThrow(/not a valid release name/);
  });
});
