/**
 * Service and pod behaviours real clients rely on (issue 15 point 6): a Service keeps its clusterIP
 * across `kubectl replace` and repeated server-side applies; `kubectl logs --previous` shows the
 * container instance before the last restart; a missing Secret/ConfigMap keeps the container in
 * CreateContainerConfigError (env) or ContainerCreating with FailedMount (volume) until it appears.
 */
import { eventually, startHarness, type SandboxHarness } from './helpers.js';

let h: SandboxHarness;

beforeAll(async () => {
  h = await startHarness({ timing: { timeFactor: 0.002 } });
});

afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
});

const service = (selector: string): string =>
  [
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: stable}',
    'spec:',
    `  selector: {app: ${selector}}`,
    '  ports: [{port: 80, targetPort: 8080}]',
    '',
  ].join('\n');

test('clusterIP survives kubectl replace and a second server-side apply (no "field is immutable")', async () => {
  expect((await h.kubectl(['apply', '--server-side', '-f', '-'], { input: service('a') })).code).toBe(0);
  const ip = (await h.kubectl(['get', 'svc', 'stable', '-o', 'jsonpath={.spec.clusterIP}'])).stdout;
  expect(ip).toMatch(/^10\.100\.\d+\.\d+$/);
  expect(await h.kubectl(['apply', '--server-side', '-f', '-'], { input: service('b') })).toMatchObject({ code: 0 });
  expect(await h.kubectl(['replace', '-f', '-'], { input: service('c') })).toMatchObject({
    code: 0,
    stdout: 'service/stable replaced\n',
  });
  // kubectl-replace now owns the selector (an Update), so applying the same one is no conflict.
  expect(await h.kubectl(['apply', '--server-side', '-f', '-'], { input: service('c') })).toMatchObject({ code: 0 });
  expect(await h.kubectl(['apply', '--server-side', '-f', '-'], { input: service('c') })).toMatchObject({ code: 0 });
  const after = JSON.parse((await h.kubectl(['get', 'svc', 'stable', '-o', 'json'])).stdout) as {
    spec: { clusterIP: string; clusterIPs: string[]; selector: Record<string, string> };
  };
  expect(after.spec).toMatchObject({ clusterIP: ip, clusterIPs: [ip], selector: { app: 'c' } });
  // Changing it explicitly is still refused, as on EKS.
  const changed = await h.kubectl(['apply', '--server-side', '-f', '-'], {
    input: service('c').replace('  selector', '  clusterIP: 10.100.250.250\n  selector'),
  });
  expect(changed.code).toBe(1);
  expect(changed.stderr).toContain('spec.clusterIP: Invalid value: "10.100.250.250": field is immutable');
});

test('kubectl logs --previous shows the instance before the last restart; before any restart it is an error', async () => {
  const pod = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: crasher}',
    'spec:',
    '  containers: [{name: app, image: registry.example/crashloop:1}]',
    '',
  ].join('\n');
  expect((await h.kubectl(['apply', '-f', '-'], { input: pod })).code).toBe(0);
  await eventually('a first log line', async () => (await h.kubectl(['logs', 'crasher'])).stdout.includes('started'));
  const early = await h.kubectl(['logs', 'crasher', '--previous']);
  if (early.code !== 0)
    expect(early.stderr).toContain('previous terminated container "app" in pod "crasher" not found');
  await eventually(
    'a restart',
    async () => {
      const p = JSON.parse((await h.kubectl(['get', 'pod', 'crasher', '-o', 'json'])).stdout) as {
        status?: { containerStatuses?: Array<{ restartCount: number; state: Record<string, unknown> }> };
      };
      const cs = p.status?.containerStatuses?.[0];
      return cs && cs.restartCount >= 2; // the second instance started (and crashed): the first one's log is "previous"
    },
    20_000,
  );
  const previous = await h.kubectl(['logs', 'crasher', '--previous']);
  expect(previous.code).toBe(0);
  expect(previous.stdout).toContain('panic: simulated crash');
  expect(previous.stdout).toContain('container app started');
  expect(previous.stdout.match(/container app started/g)).toHaveLength(1); // one instance's log, not the whole history
});

test('a missing Secret in env is CreateContainerConfigError; a missing ConfigMap volume keeps ContainerCreating with FailedMount; both start once the object exists', async () => {
  const pod = (name: string, spec: string[]): string =>
    [
      'apiVersion: v1',
      'kind: Pod',
      `metadata: {name: ${name}}`,
      'spec:',
      '  containers:',
      '  - name: app',
      '    image: registry.example/web:1',
      ...spec,
      '',
    ].join('\n');
  const envPod = pod('needs-secret', [
    '    env: [{name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]',
  ]);
  const volPod = pod('needs-config', [
    '    volumeMounts: [{name: cfg, mountPath: /etc/app}]',
    '  volumes: [{name: cfg, configMap: {name: app-config}}]',
  ]);
  expect((await h.kubectl(['apply', '-f', '-'], { input: envPod + '---\n' + volPod })).code).toBe(0);
  const waiting = async (name: string): Promise<{ reason?: string; message?: string } | undefined> => {
    const p = JSON.parse((await h.kubectl(['get', 'pod', name, '-o', 'json'])).stdout) as {
      status?: { containerStatuses?: Array<{ state: { waiting?: { reason?: string; message?: string } } }> };
    };
    return p.status?.containerStatuses?.[0]?.state.waiting;
  };
  expect(
    await eventually('CreateContainerConfigError', async () =>
      (await waiting('needs-secret'))?.reason === 'CreateContainerConfigError' ? waiting('needs-secret') : undefined,
    ),
  ).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "db" not found' });
  await eventually('FailedMount event', async () =>
    (await h.kubectl(['describe', 'pod', 'needs-config'])).stdout.includes(
      'MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found',
    ),
  );
  expect((await waiting('needs-config'))?.reason).toBe('ContainerCreating');
  const get = await h.kubectl(['get', 'pod', 'needs-secret']);
  expect(get.stdout).toMatch(/needs-secret\s+0\/1\s+CreateContainerConfigError/);

  // The Secret without the key: still an error, naming the key.
  expect((await h.kubectl(['create', 'secret', 'generic', 'db', '--from-literal=user=app'])).code).toBe(0);
  await eventually(
    'missing key message',
    async () => (await waiting('needs-secret'))?.message === "couldn't find key password in Secret default/db",
  );
  expect((await h.kubectl(['delete', 'secret', 'db'])).code).toBe(0);
  expect((await h.kubectl(['create', 'secret', 'generic', 'db', '--from-literal=password=pw'])).code).toBe(0);
  expect((await h.kubectl(['create', 'configmap', 'app-config', '--from-literal=a=b'])).code).toBe(0);
  for (const name of ['needs-secret', 'needs-config']) {
    expect((await h.kubectl(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=20s'])).code).toBe(0);
  }
});

test('graceful termination: DELETE marks the pod (deletionTimestamp + grace), preStop runs, then the kubelet removes it; a preStop longer than the grace period is cut short', async () => {
  const { sandboxRequest } = await import('./helpers.js');
  const pod = (name: string, grace: number, sleep: number): string =>
    [
      'apiVersion: v1',
      'kind: Pod',
      `metadata: {name: ${name}, labels: {app: graceful}}`,
      'spec:',
      `  terminationGracePeriodSeconds: ${grace}`,
      '  containers:',
      '  - name: app',
      '    image: registry.example/web:1',
      `    lifecycle: {preStop: {sleep: {seconds: ${sleep}}}}`,
      '',
    ].join('\n');
  expect(
    (await h.kubectl(['apply', '-f', '-'], { input: pod('polite', 45, 5) + '---\n' + pod('slow-hook', 2, 60) })).code,
  ).toBe(0);
  for (const name of ['polite', 'slow-hook'])
    expect((await h.kubectl(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=20s'])).code).toBe(0);

  const seen: string[] = [];
  const podType = h.sandbox.registry.get('', 'pods');
  const stop = h.sandbox.store.onEvent((e) => {
    if (e.type === 'MODIFIED' || e.type === 'DELETED')
      if (e.object.metadata.name === 'polite' && (e.type === 'DELETED' || e.object.metadata.deletionTimestamp))
        seen.push(e.type);
  });
  const del = await sandboxRequest(h.sandbox, 'DELETE', '/api/v1/namespaces/default/pods/polite');
  expect(del.status).toBe(200);
  const marked = del.json<{ metadata: { deletionTimestamp?: string; deletionGracePeriodSeconds?: number } }>().metadata;
  expect(marked.deletionGracePeriodSeconds).toBe(45);
  expect(Date.parse(marked.deletionTimestamp!) - Date.now()).toBeGreaterThan(30_000); // now + 45 s, as the API server sets it
  await eventually('polite removed', () => !h.sandbox.store.get(podType, 'default', 'polite'));
  stop();
  expect(seen[0]).toBe('MODIFIED'); // Terminating first (readiness dropped), removed after
  expect(seen.at(-1)).toBe('DELETED');

  expect((await h.kubectl(['delete', 'pod', 'slow-hook', '--timeout=20s'])).code).toBe(0);
  const events = JSON.parse((await h.kubectl(['get', 'events', '-o', 'json'])).stdout) as {
    items: Array<{ reason: string; message: string; involvedObject: { name: string } }>;
  };
  const about = (name: string): string[] =>
    events.items.filter((e) => e.involvedObject.name === name).map((e) => `${e.reason}: ${e.message}`);
  expect(about('polite')).toContain('Killing: Stopping container app');
  expect(about('polite').some((m) => m.startsWith('FailedPreStopHook'))).toBe(false);
  expect(about('slow-hook')).toContain(
    'FailedPreStopHook: PreStopHook failed: grace period of 2s expired before the hook completed',
  );

  // --grace-period=0 --force removes at once.
  expect((await h.kubectl(['apply', '-f', '-'], { input: pod('forced', 30, 5) })).code).toBe(0);
  expect((await h.kubectl(['wait', '--for=condition=Ready', 'pod/forced', '--timeout=20s'])).code).toBe(0);
  const forced = await sandboxRequest(
    h.sandbox,
    'DELETE',
    '/api/v1/namespaces/default/pods/forced?gracePeriodSeconds=0',
  );
  expect(forced.status).toBe(200);
  expect(h.sandbox.store.get(podType, 'default', 'forced')).toBeUndefined();
});
