import { startShopSandbox } from '../e2e/helpers.js';
import { KubeClient } from '../../src/kube/client.js';
import { applyObjects } from '../../src/kube/apply.js';
import { diffCounts, liveDiff, REDACTED, REDACTED_CHANGED, unifiedDiff } from '../../src/kube/diff.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import type { ReleaseRecord } from '../../src/kube/release.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';

let sb: Sandbox;
let client: KubeClient;

beforeAll(async () => {
  let kubeconfig: string;
  ({ sb, kubeconfig } = await startShopSandbox());
  client = KubeClient.fromKubeconfig(kubeconfig);
});
afterAll(async () => {
  await sb.stop();
});

const labels = { 'app.kubernetes.io/managed-by': 'eks-fargate-deploy', 'eks-fargate-deploy/release': 'web' };
const cm = (name: string, data: Record<string, string>, ns = 'shop'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, labels, annotations: { 'eks-fargate-deploy/commit': 'abc1234' } },
  data,
});
const secret = (data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'shop', labels },
  type: 'Opaque',
  data,
});
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('unifiedDiff', () => {
  test('hunks with three lines of context and correct ranges', () => {
    const a = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    const b = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i', 'j', 'k'];
    // Changes five unchanged lines apart share one hunk (at most 2 × context between them).
    expect(unifiedDiff(a, b, { before: 'x', after: 'y' })).toBe(
      ['--- x', '+++ y', '@@ -2,9 +2,10 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', ' i', ' j', '+k', ''].join(
        '\n',
      ),
    );
    const long = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const edited = long.map((l, i) => (i === 2 || i === 15 ? `${l}!` : l));
    expect(unifiedDiff(long, edited, { before: 'x', after: 'y' })).toBe(
      [
        '--- x',
        '+++ y',
        '@@ -1,6 +1,6 @@',
        ' l0',
        ' l1',
        '-l2',
        '+l2!',
        ' l3',
        ' l4',
        ' l5',
        '@@ -13,7 +13,7 @@',
        ' l12',
        ' l13',
        ' l14',
        '-l15',
        '+l15!',
        ' l16',
        ' l17',
        ' l18',
        '',
      ].join('\n'),
    );
    expect(unifiedDiff(a, a, { before: 'x', after: 'y' })).toBe('');
    expect(unifiedDiff([], ['x'], { before: '/dev/null', after: 'y' })).toBe(
      '--- /dev/null\n+++ y\n@@ -0,0 +1,1 @@\n+x\n',
    );
  });
});

describe('liveDiff against the sandbox (server-side dry run)', () => {
  test('create, update (a unified diff without server noise), unchanged; Secret values never shown; nothing is written', async () => {
    const first = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } as KubeObject,
      cm('settings', { GREETING: 'hello', COLOR: 'blue' }),
      cm('same', { A: '1' }),
      secret({ password: b64('hunter2'), user: b64('app') }),
    ];
    await applyObjects(client, first);
    const next = [
      first[0]!,
      cm('settings', { GREETING: 'hello', COLOR: 'green' }),
      cm('same', { A: '1' }),
      secret({ password: b64('correct horse'), user: b64('app') }),
      cm('brand-new', { B: '2' }),
    ];
    const d = await liveDiff(client, next);
    expect(d.objects.map((o) => `${o.action} ${o.key.kind} ${o.key.name}`)).toEqual([
      'unchanged Namespace shop',
      'update ConfigMap settings',
      'unchanged ConfigMap same',
      'update Secret db',
      'create ConfigMap brand-new',
    ]);
    const settings = d.objects[1]!;
    expect(settings.diff).toContain('-  COLOR: blue\n+  COLOR: green\n');
    expect(settings).toMatchObject({ added: 1, removed: 1 });
    for (const noise of ['managedFields', 'resourceVersion', 'uid:', 'creationTimestamp', 'eks-fargate-deploy/commit'])
      expect(d.objects.map((o) => o.diff).join('\n')).not.toContain(noise);
    const sec = d.objects[3]!.diff;
    expect(sec).toContain(`-  password: ${REDACTED}`);
    expect(sec).toContain(`+  password: ${REDACTED_CHANGED}`);
    expect(sec).not.toMatch(/user: <redacted, changed>/);
    expect(sec).not.toContain(b64('hunter2'));
    expect(sec).not.toContain(b64('correct horse'));
    expect(diffCounts(d)).toEqual({ create: 1, update: 2, delete: 0, unchanged: 2 });
    // A dry run: the live objects are as they were.
    expect((await client.get('v1', 'ConfigMap', 'shop', 'settings'))!['data']).toEqual({
      GREETING: 'hello',
      COLOR: 'blue',
    });
    expect(await client.get('v1', 'ConfigMap', 'shop', 'brand-new')).toBeUndefined();
  });

  test('objects in a namespace that does not exist yet are creates; what the previous release had is a delete with prune, else an orphan', async () => {
    const d = await liveDiff(client, [cm('x', { K: 'v' }, 'newns')]);
    expect(d.objects.map((o) => `${o.action} ${o.key.kind} ${o.key.name}`)).toEqual([
      'create Namespace newns',
      'create ConfigMap x',
    ]);

    const previous = {
      release: 'web',
      objects: [cm('settings', {}), cm('same', {}), cm('gone-soon', {})],
    } as unknown as ReleaseRecord;
    await applyObjects(client, [cm('gone-soon', { Z: '1' })]);
    const keep = [cm('settings', { GREETING: 'hello', COLOR: 'blue' }), cm('same', { A: '1' })];
    const pruned = await liveDiff(client, keep, { previous, prune: true });
    const del = pruned.objects.find((o) => o.action === 'delete')!;
    expect(del.key.name).toBe('gone-soon');
    expect(del.diff).toContain('-  Z: "1"');
    const orphaned = await liveDiff(client, keep, { previous, prune: false });
    expect(orphaned.objects.some((o) => o.action === 'delete')).toBe(false);
    expect(orphaned.orphans.map((k) => k.name)).toEqual(['gone-soon']);
  });

  test('an object the server refuses is reported with its reason, the others are still diffed', async () => {
    const bad: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'Bad_Name', namespace: 'shop' },
      data: { a: 'b' },
    };
    const d = await liveDiff(client, [bad, cm('same', { A: '1' })]);
    expect(d.objects[0]).toMatchObject({ action: 'create' });
    expect(d.objects[0]!.error).toMatch(/422|Invalid|invalid/);
    expect(d.objects[1]!.action).toBe('unchanged');
  });
});
