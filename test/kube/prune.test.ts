import { join } from 'node:path';
import type { KubeObject } from '../../src/model/kube-object.js';
import { applyObjects } from '../../src/kube/apply.js';
import { KubeClient } from '../../src/kube/client.js';
import { planPrune, prune } from '../../src/kube/prune.js';
import type { ReleaseRecord } from '../../src/kube/release.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { tempDir } from '../helpers/temp.js';

const LABELS = { 'app.kubernetes.io/managed-by': 'eks-fargate-deploy', 'eks-fargate-deploy/release': 'shop' };
const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: LABELS } });
const cm = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels: LABELS },
  data: { a: '1' },
});
const svc = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace, labels: LABELS },
  spec: { selector: { app: name }, ports: [{ port: 80 }] },
});
const deployment = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels: LABELS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { ...LABELS, app: name } },
      spec: { containers: [{ name: 'app', image: 'nginx:1' }] },
    },
  },
});
const record = (objects: KubeObject[]): ReleaseRecord => ({
  schema: 1,
  release: 'shop',
  number: 1,
  status: 'deployed',
  objects,
  images: [],
  startedAt: new Date().toISOString(),
  notes: [],
});
const names = (keys: { kind: string; namespace?: string; name: string }[]): string[] =>
  keys.map((k) => `${k.kind} ${k.namespace ?? ''}/${k.name}`);

describe('planPrune', () => {
  test('only objects the previous release had and the next lacks, inside the next release namespaces', () => {
    const previous = record([
      ns('shop'),
      ns('legacy'),
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader', labels: LABELS } },
      cm('shop', 'old-settings'),
      cm('shop', 'settings'),
      cm('legacy', 'in-a-namespace-the-next-release-does-not-use'),
      {
        apiVersion: 'autoscaling/v2beta2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web', namespace: 'shop' },
      },
      svc('shop', 'web'),
      deployment('shop', 'web'),
      deployment('shop', 'worker'),
    ]);
    const next = [
      ns('shop'),
      cm('shop', 'settings'),
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' } },
      deployment('shop', 'web'),
    ];
    const plan = planPrune(previous, next);
    // Reverse apply order: the Deployment goes before the Service and ConfigMap it may use.
    expect(names(plan.map((c) => c.key))).toEqual([
      'Deployment shop/worker',
      'Service shop/web',
      'ConfigMap shop/old-settings',
    ]);
    expect(plan.every((c) => c.release === 'shop')).toBe(true);
  });

  test('nothing without a previous release; a namespace declared only as a Namespace object counts', () => {
    expect(planPrune(undefined, [cm('shop', 'a')])).toEqual([]);
    const plan = planPrune(record([ns('shop'), cm('shop', 'a')]), [ns('shop')]);
    expect(names(plan.map((c) => c.key))).toEqual(['ConfigMap shop/a']);
    expect(planPrune(record([ns('shop'), cm('shop', 'a')]), [])).toEqual([]);
  });
});

describe('prune against the sandbox', () => {
  let sb: Sandbox;
  let client: KubeClient;

  beforeAll(async () => {
    sb = await startSandbox({ timing: { timeFactor: 0.01 } });
    const kubeconfig = join(tempDir('kc-'), 'config');
    await sb.writeKubeconfig(kubeconfig);
    client = KubeClient.fromKubeconfig(kubeconfig);
  });
  afterAll(async () => {
    await sb.stop();
  });

  test('deletes what the next release dropped, leaves relabelled and vanished objects alone, dry run first', async () => {
    const v1 = [
      ns('shop'),
      cm('shop', 'settings'),
      cm('shop', 'old-settings'),
      cm('shop', 'adopted'),
      cm('shop', 'vanished'),
      svc('shop', 'worker'),
      deployment('shop', 'web'),
      deployment('shop', 'worker'),
    ];
    await applyObjects(client, v1);
    // Someone else took over one object (relabelled it) and deleted another by hand.
    await client.apply(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'adopted', namespace: 'shop', labels: { 'eks-fargate-deploy/release': 'other' } },
      },
      { fieldManager: 'eks-fargate-deploy' },
    );
    await client.delete('v1', 'ConfigMap', 'shop', 'vanished');
    const deadline = Date.now() + 5000;
    while (
      (await client.list('apps/v1', 'ReplicaSet', 'shop', { labelSelector: 'app=worker' })).items.length === 0 &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 20));

    const v2 = [ns('shop'), cm('shop', 'settings'), deployment('shop', 'web')];
    const plan = planPrune(record(v1), v2);
    expect(names(plan.map((c) => c.key))).toEqual([
      'Deployment shop/worker',
      'Service shop/worker',
      'ConfigMap shop/vanished',
      'ConfigMap shop/adopted',
      'ConfigMap shop/old-settings',
    ]);

    const dry = await prune(client, plan, { dryRun: true });
    expect(names(dry.deleted)).toEqual([
      'Deployment shop/worker',
      'Service shop/worker',
      'ConfigMap shop/old-settings',
    ]);
    expect(await client.get('apps/v1', 'Deployment', 'shop', 'worker')).toBeDefined();
    expect(await client.get('v1', 'ConfigMap', 'shop', 'old-settings')).toBeDefined();

    const progress: string[] = [];
    const done = await prune(client, plan, { onResult: (k, outcome) => progress.push(`${outcome} ${k.name}`) });
    expect(names(done.deleted)).toEqual([
      'Deployment shop/worker',
      'Service shop/worker',
      'ConfigMap shop/old-settings',
    ]);
    expect(done.skipped.map((s) => `${s.key.name}: ${s.reason}`)).toEqual([
      'vanished: already gone',
      'adopted: labelled eks-fargate-deploy/release=other, not shop',
    ]);
    expect(progress).toHaveLength(5);
    expect(await client.get('apps/v1', 'Deployment', 'shop', 'worker')).toBeUndefined();
    expect(await client.get('v1', 'Service', 'shop', 'worker')).toBeUndefined();
    expect(await client.get('v1', 'ConfigMap', 'shop', 'adopted')).toBeDefined();
    expect(await client.get('apps/v1', 'Deployment', 'shop', 'web')).toBeDefined();
    expect(await client.get('v1', 'ConfigMap', 'shop', 'settings')).toBeDefined();
    expect(await client.get('v1', 'Namespace', undefined, 'shop')).toBeDefined();
    // Background propagation: the garbage collector removes the worker's ReplicaSets after the delete.
    const gcDeadline = Date.now() + 5000;
    let left = 1;
    while (left > 0 && Date.now() < gcDeadline) {
      left = (await client.list('apps/v1', 'ReplicaSet', 'shop', { labelSelector: 'app=worker' })).items.length;
      if (left > 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(left).toBe(0);
  });

  test('an object recreated between the read and the delete is not deleted (uid precondition)', async () => {
    await applyObjects(client, [ns('shop2'), cm('shop2', 'racy')]);
    let recreated = false;
    sb.http.use(async (ctx, next) => {
      if (!recreated && ctx.info.verb === 'delete' && ctx.info.resource === 'configmaps' && ctx.info.name === 'racy') {
        recreated = true;
        const t = sb.registry.get('', 'configmaps');
        sb.api.delete(t, 'shop2', 'racy', {});
        sb.api.create(t, 'shop2', cm('shop2', 'racy'), {});
      }
      await next();
    });
    const result = await prune(client, [
      { key: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop2', name: 'racy' }, release: 'shop' },
    ]);
    expect(recreated).toBe(true);
    expect(result.deleted).toEqual([]);
    expect(result.skipped[0]!.reason).toMatch(/replaced by a new object/);
    expect(await client.get('v1', 'ConfigMap', 'shop2', 'racy')).toBeDefined();
  });
});
