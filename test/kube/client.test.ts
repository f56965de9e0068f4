import { join } from 'node:path';
import { KubeApiError, KubeClient, withRetry } from '../../src/kube/client.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { StatusError } from '../../src/sandbox/status.js';
import { tempDir } from '../helpers/temp.js';

let sb: Sandbox;
let client: KubeClient;
let kubeconfig: string;

beforeAll(async () => {
  sb = await startSandbox({ timing: { timeFactor: 0.01 } });
  kubeconfig = join(tempDir('kc-'), 'config');
  await sb.writeKubeconfig(kubeconfig);
  client = KubeClient.fromKubeconfig(kubeconfig);
});
afterAll(async () => {
  await sb.stop();
});

const cm = (name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data,
});

describe('KubeClient against the sandbox', () => {
  test('server-side apply creates, then updates, with our field manager', async () => {
    const created = await client.apply(cm('settings', { a: '1' }), { fieldManager: 'eks-fargate-deploy' });
    expect(created.metadata['uid']).toBeTruthy();
    const updated = await client.apply(cm('settings', { a: '2' }), { fieldManager: 'eks-fargate-deploy' });
    expect((updated as unknown as { data: Record<string, string> }).data['a']).toBe('2');
    const managers = (updated.metadata['managedFields'] as { manager: string; operation: string }[]).map(
      (m) => `${m.manager}/${m.operation}`,
    );
    expect(managers).toContain('eks-fargate-deploy/Apply');
    const read = await client.get('v1', 'ConfigMap', 'default', 'settings');
    expect((read as unknown as { data: Record<string, string> }).data).toEqual({ a: '2' });
  });

  test('a conflict with another field manager is a 409 KubeApiError with causes', async () => {
    await client.apply(cm('owned', { k: 'mine' }), { fieldManager: 'someone-else' });
    const err = await client
      .apply(cm('owned', { k: 'ours' }), { fieldManager: 'eks-fargate-deploy' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).code).toBe(409);
    expect((err as KubeApiError).status?.details?.causes?.some((c) => c.field === '.data.k')).toBe(true);
    const forced = await client.apply(cm('owned', { k: 'ours' }), { fieldManager: 'eks-fargate-deploy', force: true });
    expect((forced as unknown as { data: Record<string, string> }).data['k']).toBe('ours');
  });

  test('a server-side apply the API server cannot type (an unknown field, answered 500) fails at once instead of being retried as transient', async () => {
    const from = sb.audit.length;
    const err = await client
      .apply({ ...cm('typo', { a: '1' }), immutible: true }, { fieldManager: 'eks-fargate-deploy' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).code).toBe(500);
    expect((err as Error).message).toContain('.immutible: field not declared in schema');
    expect(
      sb.audit
        .slice(from)
        .filter((a) => a.name === 'typo')
        .map((a) => `${a.verb} ${a.status}`),
    ).toEqual(['patch 500']);
    expect(await client.get('v1', 'ConfigMap', 'default', 'typo')).toBeUndefined();
  });

  test('get of a missing object is undefined; discovery of an unknown kind says so', async () => {
    expect(await client.get('v1', 'ConfigMap', 'default', 'nope')).toBeUndefined();
    await expect(client.resourceFor('example.com/v1', 'Widget')).rejects.toThrow(
      /does not serve Widget in example.com\/v1 \(is its CRD installed\?/,
    );
    // Built-in kinds are served (no CRD advice for them); an old apiVersion of one is named as such.
    for (const [v, k] of [
      ['apps/v1', 'StatefulSet'],
      ['apps/v1', 'DaemonSet'],
      ['batch/v1', 'CronJob'],
      ['autoscaling/v1', 'HorizontalPodAutoscaler'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
      ['storage.k8s.io/v1', 'StorageClass'],
      ['discovery.k8s.io/v1', 'EndpointSlice'],
    ]) {
      const info = await client.resourceFor(v!, k!);
      expect(typeof info.plural).toBe('string');
    }
    const old = await client.resourceFor('batch/v1beta1', 'CronJob').catch((e: unknown) => e);
    expect((old as Error).message).toMatch(
      /does not serve CronJob in batch\/v1beta1 \(a built-in Kubernetes kind: this apiVersion is not served/,
    );
    expect((old as Error).message).not.toMatch(/CRD/);
  });

  test('list with a label selector, delete', async () => {
    await client.apply(
      { ...cm('labelled', { x: 'y' }), metadata: { name: 'labelled', namespace: 'default', labels: { team: 'a' } } },
      { fieldManager: 'eks-fargate-deploy' },
    );
    const list = await client.list('v1', 'ConfigMap', 'default', { labelSelector: 'team=a' });
    expect(list.items.map((i) => i.metadata.name)).toEqual(['labelled']);
    expect(await client.delete('v1', 'ConfigMap', 'default', 'labelled')).toBe(true);
    expect(await client.delete('v1', 'ConfigMap', 'default', 'labelled')).toBe(false);
  });

  test('429 with Retry-After and 503 are retried until the call succeeds', async () => {
    let failures = 0;
    const fault = async (
      ctx: { info: { verb: string; resource?: string; name?: string } },
      next: () => Promise<void>,
    ) => {
      if (ctx.info.resource === 'configmaps' && ctx.info.name === 'flaky' && failures < 3) {
        failures++;
        if (failures === 1)
          throw new StatusError(429, 'TooManyRequests', 'slow down', { retryAfterSeconds: 0 }, { 'Retry-After': '0' });
        throw new StatusError(503, 'ServiceUnavailable', 'try again');
      }
      await next();
    };
    sb.http.use(fault);
    const fast = new KubeClient(client.kc, { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 });
    const obj = await fast.apply(cm('flaky', { v: '1' }), { fieldManager: 'eks-fargate-deploy' });
    expect(obj.metadata.name).toBe('flaky');
    expect(failures).toBe(3);
  });

  test('withRetry gives up on non-transient errors at once and on transient ones after the attempts', async () => {
    let calls = 0;
    await expect(
      withRetry(
        () => {
          calls++;
          return Promise.reject(new KubeApiError('bad', 422));
        },
        { attempts: 5, baseDelayMs: 1, maxDelayMs: 1 },
      ),
    ).rejects.toThrow('bad');
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetry(
        () => {
          calls++;
          return Promise.reject(new KubeApiError('busy', 503));
        },
        { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      ),
    ).rejects.toThrow('busy');
    expect(calls).toBe(3);
  });

  test('fromCluster authenticates with the token provider on every request', async () => {
    let asked = 0;
    const c = KubeClient.fromCluster({
      server: sb.url,
      caData: Buffer.from(sb.caPem).toString('base64'),
      token: () => {
        asked++;
        return Promise.resolve(sb.token);
      },
    });
    await c.get('v1', 'Namespace', undefined, 'default');
    await c.get('v1', 'Namespace', undefined, 'kube-system');
    expect(asked).toBeGreaterThanOrEqual(2);
    const bad = KubeClient.fromCluster({
      server: sb.url,
      caData: Buffer.from(sb.caPem).toString('base64'),
      token: () => Promise.resolve('wrong'),
    });
    const err = await bad.get('v1', 'Namespace', undefined, 'default').catch((e: unknown) => e);
    expect((err as KubeApiError).code).toBe(401);
  });

  test('watch delivers events for a namespace', async () => {
    const seen: string[] = [];
    let done = false;
    const ctrl = await client.watch(
      '/api/v1/namespaces/default/configmaps',
      {},
      (type, obj) => seen.push(`${type} ${obj.metadata.name}`),
      () => {
        done = true;
      },
    );
    await client.apply(cm('watched', { a: 'b' }), { fieldManager: 'eks-fargate-deploy' });
    const deadline = Date.now() + 5000;
    while (!seen.includes('ADDED watched') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    ctrl.abort();
    expect(seen).toContain('ADDED watched');
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(true);
  });

  test('a kubeconfig that cannot be read is a user error naming the file', () => {
    expect(() => KubeClient.fromKubeconfig('/nonexistent/kubeconfig')).toThrow(
      /\/nonexistent\/kubeconfig: cannot read kubeconfig/,
    );
    expect(() => KubeClient.fromKubeconfig(kubeconfig, 'other')).toThrow(/context "other" not found/);
  });
});
