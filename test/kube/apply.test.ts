import { join } from 'node:path';
import type { KubeObject } from '../../src/model/kube-object.js';
import {
  ApplyConflictError,
  ApplyError,
  ApplyInvalidError,
  applyObjects,
  type ApplyResult,
} from '../../src/kube/apply.js';
import { KubeClient } from '../../src/kube/client.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { StatusError, StatusReason } from '../../src/sandbox/status.js';
import { tempDir } from '../helpers/temp.js';

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

const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const cm = (namespace: string, name: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});
const deployment = (namespace: string, name: string, image: string, replicas = 1): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
  },
});
const actions = (rs: ApplyResult[]): string[] => rs.map((r) => `${r.key.kind} ${r.key.name}: ${r.action}`);

describe('applyObjects', () => {
  test('first apply creates, a re-apply is unchanged, a changed object is configured', async () => {
    const objects = [ns('shop'), cm('shop', 'settings', { a: '1' }), deployment('shop', 'web', 'nginx:1')];
    const seen: string[] = [];
    const first = await applyObjects(client, objects, { onResult: (r) => seen.push(r.key.name) });
    expect(actions(first)).toEqual([
      'Namespace shop: created',
      'ConfigMap settings: created',
      'Deployment web: created',
    ]);
    expect(seen).toEqual(['shop', 'settings', 'web']);
    expect(first[2]!.generation).toBe(1);
    expect(first[2]!.resourceVersion).toMatch(/^\d+$/);

    const again = await applyObjects(client, objects);
    expect(actions(again)).toEqual([
      'Namespace shop: unchanged',
      'ConfigMap settings: unchanged',
      'Deployment web: unchanged',
    ]);
    // The ConfigMap has no controller writing to it: its resourceVersion is the very one of the create.
    expect(again[1]!.resourceVersion).toBe(first[1]!.resourceVersion);

    const changed = await applyObjects(client, [
      ns('shop'),
      cm('shop', 'settings', { a: '2' }),
      deployment('shop', 'web', 'nginx:2'),
    ]);
    expect(actions(changed)).toEqual([
      'Namespace shop: unchanged',
      'ConfigMap settings: configured',
      'Deployment web: configured',
    ]);
    expect(changed[2]!.generation).toBe(2);
    const live = await client.get('apps/v1', 'Deployment', 'shop', 'web');
    expect(
      (live!.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image,
    ).toBe('nginx:2');
  });

  test('a status write by a controller between our read and our apply still counts as unchanged', async () => {
    let injected = 0;
    sb.http.use(async (ctx, next) => {
      if (
        ctx.info.verb === 'patch' &&
        ctx.info.resource === 'deployments' &&
        ctx.info.name === 'web' &&
        injected === 0
      ) {
        injected++;
        const t = sb.registry.get('apps', 'deployments');
        const live = sb.api.get(t, 'shop', 'web');
        sb.api.update(
          t,
          'shop',
          'web',
          { ...live, status: { ...(live.status as object), observedGeneration: 99 } },
          { subresource: 'status', internal: true },
        );
      }
      await next();
    });
    const rs = await applyObjects(client, [deployment('shop', 'web', 'nginx:2')]);
    expect(injected).toBe(1);
    expect(actions(rs)).toEqual(['Deployment web: unchanged']);
  });

  test('dry run reports what would happen and stores nothing, even inside a namespace it would create', async () => {
    const objects = [
      ns('preview'),
      cm('preview', 'c', { x: '1' }),
      cm('shop', 'settings', { a: '3' }),
      cm('shop', 'settings2', { a: '1' }),
    ];
    const rs = await applyObjects(client, objects, { dryRun: true });
    expect(actions(rs)).toEqual([
      'Namespace preview: created',
      'ConfigMap c: created',
      'ConfigMap settings: configured',
      'ConfigMap settings2: created',
    ]);
    expect(await client.get('v1', 'Namespace', undefined, 'preview')).toBeUndefined();
    expect(await client.get('v1', 'ConfigMap', 'shop', 'settings2')).toBeUndefined();
    expect((await client.get('v1', 'ConfigMap', 'shop', 'settings'))!['data']).toEqual({ a: '2' });
    const same = await applyObjects(client, [cm('shop', 'settings', { a: '2' })], { dryRun: true });
    expect(actions(same)).toEqual(['ConfigMap settings: unchanged']);
  });

  test('server-populated metadata in the input (a record read back) does not break the apply', async () => {
    const live = (await client.get('v1', 'ConfigMap', 'shop', 'settings'))!;
    const rs = await applyObjects(client, [live]);
    expect(actions(rs)).toEqual(['ConfigMap settings: unchanged']);
  });

  test('a field owned by another manager is a conflict naming field and manager; force takes it', async () => {
    await applyObjects(client, [deployment('shop', 'api', 'nginx:1', 2)]);
    // Someone scales by hand with their own field manager, taking .spec.replicas.
    await client.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'shop' },
        spec: { replicas: 5 },
      },
      { fieldManager: 'kubectl-scale', force: true },
    );
    const objects = [cm('shop', 'api-config', { k: 'v' }), deployment('shop', 'api', 'nginx:1', 3)];
    const err = await applyObjects(client, objects).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyConflictError);
    const conflict = err as ApplyConflictError;
    expect(conflict.conflicts).toEqual([
      { object: 'Deployment shop/api', field: '.spec.replicas', manager: 'kubectl-scale' },
    ]);
    expect(conflict.message).toContain('Deployment shop/api');
    expect(conflict.message).toContain('.spec.replicas is owned by field manager "kubectl-scale"');
    expect(conflict.message).toContain('`force-conflicts`');
    // The ConfigMap before it was applied, and the error says so.
    expect(actions([...conflict.applied])).toEqual(['ConfigMap api-config: created']);
    expect(conflict.message).toContain('Already applied before it: ConfigMap shop/api-config (created)');
    expect((await client.get('apps/v1', 'Deployment', 'shop', 'api'))!['spec']).toMatchObject({ replicas: 5 });

    const forced = await applyObjects(client, objects, { force: true });
    expect(actions(forced)).toEqual(['ConfigMap api-config: unchanged', 'Deployment api: configured']);
    expect((await client.get('apps/v1', 'Deployment', 'shop', 'api'))!['spec']).toMatchObject({ replicas: 3 });
  });

  test('an invalid object is a 422 error naming the object and each cause, and stops the apply', async () => {
    const bad = deployment('shop', 'broken', 'nginx:1');
    (bad.spec as { selector: unknown }).selector = { matchLabels: { app: 'other' } };
    const after = cm('shop', 'never-applied', { a: '1' });
    const err = await applyObjects(client, [cm('shop', 'before-broken', { a: '1' }), bad, after]).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplyInvalidError);
    const invalid = err as ApplyInvalidError;
    expect(invalid.message).toMatch(/rejected Deployment shop\/broken as invalid/);
    expect(invalid.message).toContain('spec.template.metadata.labels: Invalid value');
    expect(invalid.message).toContain('does not match template');
    expect(invalid.applied.map((r) => r.key.name)).toEqual(['before-broken']);
    expect(await client.get('v1', 'ConfigMap', 'shop', 'never-applied')).toBeUndefined();
  });

  test('a kind the cluster does not serve is an error naming the object', async () => {
    const widget: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'shop' },
    };
    const err = await applyObjects(client, [widget]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect((err as Error).message).toMatch(
      /apply of Widget shop\/w failed: .*does not serve Widget in example.com\/v1/,
    );
    expect((err as ApplyError).applied).toEqual([]);
  });

  test('a cancelled apply stops before the next object', async () => {
    const ctrl = new AbortController();
    const err = await applyObjects(client, [cm('shop', 'c1', { a: '1' }), cm('shop', 'c2', { a: '1' })], {
      signal: ctrl.signal,
      onResult: () => {
        ctrl.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect((err as Error).message).toMatch(/cancelled before ConfigMap shop\/c2/);
    expect(await client.get('v1', 'ConfigMap', 'shop', 'c2')).toBeUndefined();
  });

  test('reads the live state with one list per kind and namespace, and a GET for a kind with one object', async () => {
    const secret = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: 'many' },
      stringData: { k: name },
    });
    const objects = [
      ns('many'),
      cm('many', 'a', { x: '1' }),
      cm('many', 'b', { x: '1' }),
      cm('many', 'c', { x: '1' }),
      secret('s1'),
      secret('s2'),
      deployment('many', 'web', 'nginx:1'),
    ];
    const requests = async (fn: () => Promise<ApplyResult[]>): Promise<{ results: string[]; verbs: string[] }> => {
      const from = sb.audit.length;
      const results = actions(await fn());
      await new Promise((r) => setTimeout(r, 20)); // audit records are written when the response ends
      return {
        results,
        verbs: sb.audit
          .slice(from)
          .map((a) => `${a.verb} ${a.resource}`)
          .sort(),
      };
    };
    const byVerb = (verbs: string[]): Record<string, number> =>
      verbs.reduce<Record<string, number>>((m, v) => ((m[v] = (m[v] ?? 0) + 1), m), {});

    const first = await requests(() => applyObjects(client, objects));
    expect(first.results).toEqual([
      'Namespace many: created',
      'ConfigMap a: created',
      'ConfigMap b: created',
      'ConfigMap c: created',
      'Secret s1: created',
      'Secret s2: created',
      'Deployment web: created',
    ]);
    expect(byVerb(first.verbs)).toEqual({
      'get namespaces': 1,
      'list configmaps': 1,
      'list secrets': 1,
      'get deployments': 1,
      'patch namespaces': 1,
      'patch configmaps': 3,
      'patch secrets': 2,
      'patch deployments': 1,
    });

    const again = await requests(() => applyObjects(client, objects));
    expect(again.results).toEqual([
      'Namespace many: unchanged',
      'ConfigMap a: unchanged',
      'ConfigMap b: unchanged',
      'ConfigMap c: unchanged',
      'Secret s1: unchanged',
      'Secret s2: unchanged',
      'Deployment web: unchanged',
    ]);
    expect(again.verbs.filter((v) => v.startsWith('get ') || v.startsWith('list '))).toEqual([
      'get deployments',
      'get namespaces',
      'list configmaps',
      'list secrets',
    ]);

    // The dry run of preflight reads the same way, and still tells configured from unchanged.
    const changed = [cm('many', 'a', { x: '1' }), cm('many', 'b', { x: '2' }), cm('many', 'new', { x: '1' })];
    const dry = await requests(() => applyObjects(client, changed, { dryRun: true }));
    expect(dry.results).toEqual(['ConfigMap a: unchanged', 'ConfigMap b: configured', 'ConfigMap new: created']);
    expect(byVerb(dry.verbs)).toEqual({ 'list configmaps': 1, 'patch configmaps': 3 });
  });

  test('a list the caller may not make falls back to a GET per object', async () => {
    sb.http.use(async (ctx, next) => {
      if (ctx.info.verb === 'list' && ctx.info.resource === 'configmaps' && ctx.info.namespace === 'many') {
        throw new StatusError(
          403,
          StatusReason.Forbidden,
          'configmaps is forbidden: User "deployer" cannot list resource "configmaps" in API group "" in the namespace "many"',
        );
      }
      await next();
    });
    const from = sb.audit.length;
    const rs = await applyObjects(client, [
      cm('many', 'a', { x: '1' }),
      cm('many', 'b', { x: '3' }),
      cm('many', 'd', { x: '1' }),
    ]);
    expect(actions(rs)).toEqual(['ConfigMap a: unchanged', 'ConfigMap b: configured', 'ConfigMap d: created']);
    await new Promise((r) => setTimeout(r, 20));
    const reads = sb.audit
      .slice(from)
      .filter((a) => a.verb === 'get' || a.verb === 'list')
      .map((a) => `${a.verb} ${a.name ?? ''} ${a.status}`);
    expect(reads).toEqual(['list  403', 'get a 200', 'get b 200', 'get d 404']);
  });
});
