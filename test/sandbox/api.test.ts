/**
 * The HTTP API as any client sees it: authentication (401/403 Status bodies), error Status
 * objects, selectors, patches, dry-run, field validation, watch resume / 410 Gone / bookmarks,
 * and the audit log.
 */
import { request } from 'node:https';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { eventually, sandboxRequest } from './helpers.js';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ timing: { timeFactor: 0.002 }, watchHistory: 20, bookmarkIntervalMs: 50 });
});

afterAll(async () => {
  await (sb as Sandbox | undefined)?.stop();
});

const cm = (name: string, labels: Record<string, string> = {}, data: Record<string, string> = { k: 'v' }): object => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});

describe('authentication', () => {
  test('a wrong bearer token is 401 with an Unauthorized Status', async () => {
    const r = await sandboxRequest(sb, 'GET', '/api/v1/namespaces', { token: 'nope' });
    expect(r.status).toBe(401);
    expect(r.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  test('anonymous requests may read /healthz and /version but get 403 elsewhere', async () => {
    expect((await sandboxRequest(sb, 'GET', '/healthz', { token: null })).body).toBe('ok');
    expect((await sandboxRequest(sb, 'GET', '/version', { token: null })).json()).toMatchObject({
      gitVersion: 'v1.32.3-eks-sandbox',
      major: '1',
    });
    const r = await sandboxRequest(sb, 'GET', '/api/v1/namespaces/default/pods', { token: null });
    expect(r.status).toBe(403);
    expect(r.json()).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message:
        'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
    });
  });
});

describe('errors are Status objects', () => {
  test('404 NotFound, 409 AlreadyExists, 422 Invalid with causes, 409 stale resourceVersion', async () => {
    const nf = await sandboxRequest(sb, 'GET', '/apis/apps/v1/namespaces/default/deployments/ghost');
    expect(nf.status).toBe(404);
    expect(nf.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "ghost" not found',
      reason: 'NotFound',
      details: { name: 'ghost', group: 'apps', kind: 'deployments' },
      code: 404,
    });

    expect(
      (await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('dup') })).status,
    ).toBe(201);
    const dup = await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('dup') });
    expect(dup.status).toBe(409);
    expect(dup.json()).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "dup" already exists' });

    const bad = await sandboxRequest(sb, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'bad' },
        spec: {
          selector: { matchLabels: { app: 'x' } },
          template: { metadata: { labels: { app: 'y' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
        },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.json()).toMatchObject({
      reason: 'Invalid',
      details: { kind: 'Deployment', name: 'bad', causes: [{ field: 'spec.template.metadata.labels' }] },
    });
    expect(bad.json<{ message: string }>().message).toContain(
      'Deployment.apps "bad" is invalid: spec.template.metadata.labels: Invalid value',
    );

    const live = (await sandboxRequest(sb, 'GET', '/api/v1/namespaces/default/configmaps/dup')).json<{
      metadata: { resourceVersion: string };
    }>();
    const ok = await sandboxRequest(sb, 'PUT', '/api/v1/namespaces/default/configmaps/dup', {
      body: {
        ...cm('dup', {}, { k: 'v2' }),
        metadata: { name: 'dup', resourceVersion: live.metadata.resourceVersion },
      },
    });
    expect(ok.status).toBe(200);
    const stale = await sandboxRequest(sb, 'PUT', '/api/v1/namespaces/default/configmaps/dup', {
      body: {
        ...cm('dup', {}, { k: 'v3' }),
        metadata: { name: 'dup', resourceVersion: live.metadata.resourceVersion },
      },
    });
    expect(stale.status).toBe(409);
    expect(stale.json<{ message: string }>().message).toBe(
      'Operation cannot be fulfilled on configmaps "dup": the object has been modified; please apply your changes to the latest version and try again',
    );

    const noNs = await sandboxRequest(sb, 'POST', '/api/v1/namespaces/nowhere/configmaps', { body: cm('x') });
    expect(noNs.status).toBe(404);
    expect(noNs.json<{ message: string }>().message).toBe('namespaces "nowhere" not found');
  });
});

describe('list and patch', () => {
  test('label and field selectors (including metadata.name)', async () => {
    for (const [name, tier] of [
      ['sel-a', 'web'],
      ['sel-b', 'db'],
      ['sel-c', 'web'],
    ])
      await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', {
        body: cm(name!, { tier: tier!, group: 'sel' }),
      });
    const names = async (q: string): Promise<string[]> =>
      (await sandboxRequest(sb, 'GET', `/api/v1/namespaces/default/configmaps?${q}`))
        .json<{ items: Array<{ metadata: { name: string } }> }>()
        .items.map((i) => i.metadata.name);
    expect(await names('labelSelector=tier%3Dweb')).toEqual(['sel-a', 'sel-c']);
    expect(await names('labelSelector=group%3Dsel,tier!%3Dweb')).toEqual(['sel-b']);
    expect(await names('labelSelector=tier%20in%20(db,cache)')).toEqual(['sel-b']);
    expect(await names('fieldSelector=metadata.name%3Dsel-c')).toEqual(['sel-c']);
    expect(await names('labelSelector=group%3Dsel&fieldSelector=metadata.name!%3Dsel-a')).toEqual(['sel-b', 'sel-c']);
  });

  test('JSON patch, merge patch and strategic merge (containers by name, env by name)', async () => {
    const base = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'patchy' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'patchy' } },
        template: {
          metadata: { labels: { app: 'patchy' } },
          spec: {
            containers: [
              { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }] },
              { name: 'b', image: 'b:1' },
            ],
          },
        },
      },
    };
    expect(
      (await sandboxRequest(sb, 'POST', '/apis/apps/v1/namespaces/default/deployments', { body: base })).status,
    ).toBe(201);
    const path = '/apis/apps/v1/namespaces/default/deployments/patchy';
    type D = {
      metadata: { generation: number; labels?: Record<string, string> };
      spec: {
        replicas: number;
        template: {
          spec: { containers: Array<{ name: string; image: string; env?: Array<{ name: string; value: string }> }> };
        };
      };
    };
    const smp = await sandboxRequest(sb, 'PATCH', path, {
      contentType: 'application/strategic-merge-patch+json',
      body: {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'b', image: 'b:2' },
                { name: 'a', env: [{ name: 'Y', value: '2' }] },
              ],
            },
          },
        },
      },
    });
    expect(smp.status).toBe(200);
    const c = smp.json<D>().spec.template.spec.containers;
    expect(c.map((x) => `${x.name}=${x.image}`)).toEqual(['a=a:1', 'b=b:2']);
    expect(c[0]!.env).toEqual([
      { name: 'X', value: '1' },
      { name: 'Y', value: '2' },
    ]);
    expect(smp.json<D>().metadata.generation).toBe(2);

    const merge = await sandboxRequest(sb, 'PATCH', path, {
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { team: 'x' } }, spec: { replicas: 3 } },
    });
    expect(merge.json<D>().spec.replicas).toBe(3);
    expect(merge.json<D>().metadata.labels).toEqual({ team: 'x' });

    const jp = await sandboxRequest(sb, 'PATCH', path, {
      contentType: 'application/json-patch+json',
      body: [
        { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'a:9' },
        { op: 'remove', path: '/metadata/labels/team' },
      ],
    });
    expect(jp.json<D>().spec.template.spec.containers[0]!.image).toBe('a:9');
    expect(jp.json<D>().metadata.labels).toBeUndefined();

    const failing = await sandboxRequest(sb, 'PATCH', path, {
      contentType: 'application/json-patch+json',
      body: [{ op: 'test', path: '/spec/replicas', value: 7 }],
    });
    expect(failing.status).toBe(422);
  });

  test('dryRun=All validates but stores nothing; fieldValidation=Strict rejects unknown fields, Warn warns', async () => {
    const dry = await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps?dryRun=All', {
      body: cm('dry'),
    });
    expect(dry.status).toBe(201);
    expect((await sandboxRequest(sb, 'GET', '/api/v1/namespaces/default/configmaps/dry')).status).toBe(404);
    const strict = await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Strict', {
      body: { ...cm('strict'), datta: {} },
    });
    expect(strict.status).toBe(400);
    expect(strict.json<{ message: string }>().message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "datta"',
    );
    const warn = await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps?fieldValidation=Warn', {
      body: { ...cm('warned'), datta: {} },
    });
    expect(warn.status).toBe(201);
    expect(warn.headers.warning).toBe('299 - "unknown field \\"datta\\""');
  });

  test('YAML bodies are accepted; a truncated protobuf body is a 400, protobuf of a kind without a protobuf schema a 415', async () => {
    const yaml = await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', {
      contentType: 'application/yaml',
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-yaml}\ndata: {a: b}\n',
    });
    expect(yaml.status).toBe(201);
    expect(yaml.json()).toMatchObject({ data: { a: 'b' } });
    const proto = await sandboxRequest(sb, 'POST', '/api/v1/namespaces', {
      contentType: 'application/vnd.kubernetes.protobuf',
      body: 'k8s\u0000\n\u000f\n\u0002v1',
    });
    expect(proto.status).toBe(400);
    expect(proto.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    // runtime.Unknown{typeMeta{apiVersion "external-secrets.io/v1", kind "ExternalSecret"}}: custom resources have no protobuf codec.
    const field = (n: number, v: Buffer): Buffer => Buffer.concat([Buffer.from([(n << 3) | 2, v.length]), v]);
    const typeMeta = Buffer.concat([
      field(1, Buffer.from('external-secrets.io/v1')),
      field(2, Buffer.from('ExternalSecret')),
    ]);
    const fixed = Buffer.concat([Buffer.from('k8s\u0000'), field(1, typeMeta)]);
    const crd = await sandboxRequest(sb, 'POST', '/apis/external-secrets.io/v1/namespaces/default/externalsecrets', {
      contentType: 'application/vnd.kubernetes.protobuf',
      body: fixed.toString('latin1'),
    });
    expect(crd.status).toBe(415);
    expect(crd.json()).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', code: 415 });
  });

  test('server-side apply removes fields a manager stops applying, unless another manager owns them', async () => {
    const path = '/api/v1/namespaces/default/configmaps/owned?fieldManager=';
    const send = (manager: string, data: Record<string, string>): ReturnType<typeof sandboxRequest> =>
      sandboxRequest(sb, 'PATCH', `${path}${manager}`, {
        contentType: 'application/apply-patch+yaml',
        body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned' }, data }),
      });
    expect((await send('a', { one: '1', two: '2' })).status).toBe(201);
    expect((await send('b', { two: '2' })).status).toBe(200); // same value: shared ownership, no conflict
    const after = await send('a', { one: '1' });
    expect(after.json<{ data: Record<string, string> }>().data).toEqual({ one: '1', two: '2' }); // b still owns two
    const dropped = await send('b', {});
    expect(dropped.json<{ data?: Record<string, string> }>().data).toEqual({ one: '1' });
    const conflict = await send('b', { one: 'x' });
    expect(conflict.status).toBe(409);
    expect(conflict.json()).toMatchObject({
      reason: 'Conflict',
      details: {
        causes: [{ type: 'FieldManagerConflict', message: 'conflict with "a" using v1', field: '.data.one' }],
      },
    });
  });

  test('server-side apply switching a probe handler drops the old one whole (defaults included); two handlers are a 422', async () => {
    const deploy = (probe: Record<string, unknown>) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'probed' },
      spec: {
        selector: { matchLabels: { app: 'probed' } },
        template: {
          metadata: { labels: { app: 'probed' } },
          spec: {
            containers: [
              { name: 'app', image: 'registry.example/web:1', readinessProbe: { periodSeconds: 5, ...probe } },
            ],
          },
        },
      },
    });
    const send = (manager: string, probe: Record<string, unknown>) =>
      sandboxRequest(sb, 'PATCH', `/apis/apps/v1/namespaces/default/deployments/probed?fieldManager=${manager}`, {
        contentType: 'application/apply-patch+yaml',
        body: deploy(probe),
      });
    const probeOf = (r: Awaited<ReturnType<typeof send>>) =>
      r.json<{ spec: { template: { spec: { containers: { readinessProbe: Record<string, unknown> }[] } } } }>().spec
        .template.spec.containers[0]!.readinessProbe;

    const http = await send('deployer', { httpGet: { path: '/healthz', port: 8080 } });
    expect(http.status).toBe(201);
    expect(probeOf(http)).toEqual({
      httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
      periodSeconds: 5,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    const tcp = await send('deployer', { tcpSocket: { port: 8080 } });
    expect(tcp.status).toBe(200);
    expect(probeOf(tcp)).toEqual({
      tcpSocket: { port: 8080 },
      periodSeconds: 5,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    // And back: the new httpGet is defaulted again.
    expect(probeOf(await send('deployer', { httpGet: { path: '/ready', port: 8080 } }))).toMatchObject({
      httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' },
    });

    // Another manager co-owns the httpGet: it stays, and a probe with two handlers is invalid, as on EKS.
    expect((await send('other', { httpGet: { path: '/ready', port: 8080 } })).status).toBe(200);
    const both = await send('deployer', { tcpSocket: { port: 8080 } });
    expect(both.status).toBe(422);
    expect(both.json()).toMatchObject({
      reason: 'Invalid',
      details: {
        causes: [
          {
            type: 'FieldValueForbidden',
            message: 'Forbidden: may not specify more than 1 handler type',
            field: 'spec.template.spec.containers[0].readinessProbe.tcpSocket',
          },
        ],
      },
    });
  });

  test('server-side apply requires fieldManager', async () => {
    const r = await sandboxRequest(sb, 'PATCH', '/api/v1/namespaces/default/configmaps/applied', {
      contentType: 'application/apply-patch+yaml',
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied}\n',
    });
    expect(r.status).toBe(400);
    expect(r.json<{ message: string }>().message).toContain('fieldManager is required');
  });
});

/** Opens a watch and collects its JSON lines until `until` says stop (or the server ends it). */
function watch(
  path: string,
  until: (events: Array<{ type: string; object: Record<string, unknown> }>) => boolean,
): Promise<Array<{ type: string; object: Record<string, unknown> }>> {
  return new Promise((resolve, reject) => {
    const events: Array<{ type: string; object: Record<string, unknown> }> = [];
    const req = request(
      new URL(path, sb.url),
      { headers: { Authorization: `Bearer ${sb.token}` }, ca: sb.caPem },
      (res) => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buf.slice(0, i)) as (typeof events)[number]);
            buf = buf.slice(i + 1);
            if (until(events)) {
              req.destroy();
              resolve(events);
              return;
            }
          }
        });
        res.on('end', () => {
          resolve(events);
        });
      },
    );
    req.on('error', (e) => {
      if (events.length) resolve(events);
      else reject(e);
    });
    req.end();
  });
}

describe('watch', () => {
  test('resumes from a resourceVersion, filters by selector, sends bookmarks', async () => {
    const list = (await sandboxRequest(sb, 'GET', '/api/v1/namespaces/default/configmaps')).json<{
      metadata: { resourceVersion: string };
    }>();
    const rv = list.metadata.resourceVersion;
    await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('w1', { w: 'yes' }) });
    await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('w-other') });
    await sandboxRequest(sb, 'DELETE', '/api/v1/namespaces/default/configmaps/w1');
    const events = await watch(
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&labelSelector=w%3Dyes&allowWatchBookmarks=true`,
      (ev) => ev.some((e) => e.type === 'BOOKMARK'),
    );
    expect(
      events
        .filter((e) => e.type !== 'BOOKMARK')
        .map((e) => `${e.type} ${(e.object.metadata as { name: string }).name}`),
    ).toEqual(['ADDED w1', 'DELETED w1']);
    const bm = events.find((e) => e.type === 'BOOKMARK')!;
    expect(bm.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
    expect(Number((bm.object.metadata as { resourceVersion: string }).resourceVersion)).toBeGreaterThan(Number(rv));
  });

  test('a resourceVersion older than the kept history gets a 410 Expired ERROR event', async () => {
    const rv = (await sandboxRequest(sb, 'GET', '/api/v1/namespaces/default/configmaps')).json<{
      metadata: { resourceVersion: string };
    }>().metadata.resourceVersion;
    for (let i = 0; i < 30; i++)
      await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm(`churn-${i}`) });
    const events = await watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, () => false);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 },
    });
    expect((events[0]!.object as { message: string }).message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  test('watch without resourceVersion starts with ADDED for existing objects, then live events', async () => {
    await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', { body: cm('live-1', { live: 'y' }) });
    const pending = watch(
      '/api/v1/namespaces/default/configmaps?watch=true&labelSelector=live%3Dy',
      (ev) => ev.length >= 2,
    );
    await eventually('watcher registered', () => sb.store.hub.watcherCount() > 0);
    await sandboxRequest(sb, 'PATCH', '/api/v1/namespaces/default/configmaps/live-1', {
      contentType: 'application/merge-patch+json',
      body: { data: { k: 'changed' } },
    });
    const events = await pending;
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect((events[1]!.object as { data: Record<string, string> }).data).toEqual({ k: 'changed' });
  });
});

test('the audit log records verb, path, status and duration of every request', async () => {
  await sandboxRequest(sb, 'GET', '/api/v1/namespaces/default/configmaps/ghost');
  const entry = await eventually('audit entry', () =>
    sb.audit.find((a) => a.path === '/api/v1/namespaces/default/configmaps/ghost'),
  );
  expect(entry).toMatchObject({
    verb: 'get',
    path: '/api/v1/namespaces/default/configmaps/ghost',
    status: 404,
    user: 'kubernetes-admin',
    resource: 'configmaps',
    namespace: 'default',
    name: 'ghost',
  });
  expect(entry.durationMs).toBeGreaterThanOrEqual(0);
});
