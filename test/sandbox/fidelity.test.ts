/**
 * Request-path fidelity (issue 15 points 1, 4, 5): strict field validation against the full
 * upstream schema, `kubectl explain` from the served OpenAPI, `watch=True` on list URLs as the
 * Python client sends it, and protobuf bodies from kubectl's typed commands.
 */
import {
  at,
  deploymentYaml,
  eventually,
  parseJson,
  sandboxRequest,
  startHarness,
  type SandboxHarness,
} from './helpers.js';

let h: SandboxHarness;

beforeAll(async () => {
  h = await startHarness({ timing: { timeFactor: 0.002 } });
});

afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
});

describe('field validation against the full schema', () => {
  test('kubectl apply (Strict by default) rejects a misspelled nested field with the API server message; nothing is stored', async () => {
    const typo = deploymentYaml('typo').replace('  replicas: 2\n', '  replica: 2\n');
    for (const args of [
      ['apply', '-f', '-'],
      ['create', '-f', '-'],
    ]) {
      const r = await h.kubectl(args, { input: typo });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
      );
    }
    // Server-side apply converts to the typed object first, whatever fieldValidation says: structured-merge-diff's
    // message, list items by key, and (as upstream, kubernetes#139253) a 500.
    const ssa = await h.kubectl(['apply', '--server-side', '-f', '-'], {
      input: typo.replace(
        '        ports: [{containerPort: 8080}]',
        '        ports: [{containerPort: 8080}]\n        imagePullPolice: Always',
      ),
    });
    expect(ssa.code).toBe(1);
    expect(ssa.stderr).toContain(
      'Error from server: failed to create typed patch object (default/typo; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema',
    );
    expect(ssa.stderr).toContain(
      '.spec.template.spec.containers[name="app"].imagePullPolice: field not declared in schema',
    );
    const viaApi = await sandboxRequest(
      h.sandbox,
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/typo?fieldManager=t&fieldValidation=Ignore',
      { contentType: 'application/apply-patch+yaml', body: typo },
    );
    expect(viaApi.status).toBe(500);
    expect((await h.kubectl(['get', 'deployment', 'typo'])).stderr).toContain('deployments.apps "typo" not found');
  });

  test('a field deep in the pod template is found, with its list index', async () => {
    const deep = deploymentYaml('deep').replace(
      '        ports: [{containerPort: 8080}]',
      '        ports: [{containerPort: 8080, protocl: TCP}]\n        imagePullPolice: Always',
    );
    const r = await h.kubectl(['apply', '-f', '-'], { input: deep });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown field "spec.template.spec.containers[0].imagePullPolice"');
    expect(r.stderr).toContain('unknown field "spec.template.spec.containers[0].ports[0].protocl"');
  });

  test('Warn stores the object without the unknown field and says so in a Warning header; Ignore is silent', async () => {
    const typo = deploymentYaml('warned').replace('  replicas: 2\n', '  replica: 2\n');
    const r = await h.kubectl(['apply', '--validate=warn', '-f', '-'], { input: typo });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Warning: unknown field "spec.replica"');
    const stored = parseJson((await h.kubectl(['get', 'deployment', 'warned', '-o', 'json'])).stdout);
    expect(at(stored, 'spec', 'replica')).toBeUndefined();
    expect(at(stored, 'spec', 'replicas')).toBe(1); // defaulted: the misspelled value was dropped, as the API server drops it

    const body = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ignored', labelz: { a: 'b' } },
      data: { k: 'v' },
    };
    const ignored = await sandboxRequest(
      h.sandbox,
      'POST',
      '/api/v1/namespaces/default/configmaps?fieldValidation=Ignore',
      { body },
    );
    expect(ignored.status).toBe(201);
    expect(ignored.headers.warning).toBeUndefined();
    expect(ignored.json<{ metadata: Record<string, unknown> }>().metadata.labelz).toBeUndefined();
  });

  test('a value of the wrong JSON type is a 400 whatever fieldValidation says', async () => {
    const body = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'typed' },
      spec: {
        replicas: 'two',
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    };
    const r = await sandboxRequest(
      h.sandbox,
      'POST',
      '/apis/apps/v1/namespaces/default/deployments?fieldValidation=Ignore',
      { body },
    );
    expect(r.status).toBe(400);
    expect(r.json<{ message: string }>().message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  test('a strategic merge patch with directives is not mistaken for unknown fields; a typo in one is warned about and dropped (kubectl patch names no fieldValidation: the server default is Warn)', async () => {
    expect((await h.kubectl(['apply', '-f', '-'], { input: deploymentYaml('patched') })).code).toBe(0);
    const ok = await h.kubectl([
      'patch',
      'deployment',
      'patched',
      '-p',
      '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"name":"app","image":"registry.example/web:2"}]}}}}',
    ]);
    expect(ok).toMatchObject({ code: 0 });
    const bad = await h.kubectl(['patch', 'deployment', 'patched', '-p', '{"spec":{"paused":true,"pausd":true}}']);
    expect(bad).toMatchObject({ code: 0, stderr: 'Warning: unknown field "spec.pausd"\n' });
    const stored = parseJson((await h.kubectl(['get', 'deployment', 'patched', '-o', 'json'])).stdout);
    expect(at(stored, 'spec')).toMatchObject({ paused: true });
    expect(at(stored, 'spec', 'pausd')).toBeUndefined();
    expect(at(stored, 'spec', 'template', 'spec', 'containers', 0, 'image')).toBe('registry.example/web:2');
  });
});

describe('protobuf bodies from kubectl typed commands', () => {
  test('create namespace|configmap|secret|deployment|job|service|serviceaccount, run, expose: stored as kubectl built them', async () => {
    const k = (...args: string[]): ReturnType<SandboxHarness['kubectl']> => h.kubectl(args);
    expect(await k('create', 'namespace', 'proto')).toMatchObject({ code: 0, stdout: 'namespace/proto created\n' });
    expect(
      (await k('create', 'configmap', 'cfg', '-n', 'proto', '--from-literal=mode=fast', '--from-literal=empty=')).code,
    ).toBe(0);
    expect(
      (await k('create', 'secret', 'generic', 'creds', '-n', 'proto', '--from-literal=password=s3cr3t!')).code,
    ).toBe(0);
    expect(
      (
        await k(
          'create',
          'deployment',
          'web',
          '-n',
          'proto',
          '--image=registry.example/web:1',
          '--replicas=0',
          '--port=8080',
        )
      ).code,
    ).toBe(0);
    expect(
      (await k('create', 'job', 'once', '-n', 'proto', '--image=registry.example/batch:1', '--', 'run', '--now')).code,
    ).toBe(0);
    expect((await k('create', 'service', 'clusterip', 'direct', '-n', 'proto', '--tcp=80:8080')).code).toBe(0);
    expect((await k('create', 'serviceaccount', 'robot', '-n', 'proto')).code).toBe(0);
    expect(
      await k(
        'run',
        'solo',
        '-n',
        'proto',
        '--image=registry.example/web:1',
        '--labels=app=solo,tier=a',
        '--env=A=1',
        '--port=8080',
      ),
    ).toMatchObject({ code: 0, stdout: 'pod/solo created\n' });
    expect(
      await k('expose', 'pod', 'solo', '-n', 'proto', '--port=80', '--target-port=8080', '--name=solo-svc'),
    ).toMatchObject({ code: 0, stdout: 'service/solo-svc exposed\n' });

    const get = async (what: string): Promise<unknown> =>
      parseJson((await k('get', what, '-n', 'proto', '-o', 'json')).stdout);
    expect(at(await get('configmap/cfg'), 'data')).toEqual({ mode: 'fast', empty: '' });
    expect(Buffer.from(at(await get('secret/creds'), 'data', 'password') as string, 'base64').toString()).toBe(
      's3cr3t!',
    );
    const web = await get('deployment/web');
    expect(at(web, 'spec', 'replicas')).toBe(0); // a pointer field sent as 0 stays 0 (not defaulted to 1)
    expect(at(web, 'spec', 'selector')).toEqual({ matchLabels: { app: 'web' } });
    expect(at(web, 'spec', 'template', 'spec', 'containers', 0)).toMatchObject({
      name: 'web',
      image: 'registry.example/web:1',
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
    });
    const job = await get('job/once');
    expect(at(job, 'spec', 'template', 'spec', 'containers', 0, 'command')).toEqual(['run', '--now']);
    expect(at(job, 'spec', 'template', 'spec', 'restartPolicy')).toBe('Never');
    expect(at(await get('service/direct'), 'spec', 'ports', 0)).toMatchObject({
      name: '80-8080',
      port: 80,
      targetPort: 8080,
      protocol: 'TCP',
    });
    const solo = await get('pod/solo');
    expect(at(solo, 'metadata', 'labels')).toEqual({ app: 'solo', tier: 'a' });
    expect(at(solo, 'spec', 'containers', 0, 'env')).toEqual([{ name: 'A', value: '1' }]);
    const exposed = await get('service/solo-svc');
    expect(at(exposed, 'spec')).toMatchObject({
      selector: { app: 'solo', tier: 'a' },
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
    expect(h.sandbox.audit.filter((a) => a.namespace === 'proto' && a.verb === 'create' && a.status >= 400)).toEqual(
      [],
    );
  });
});

describe('OpenAPI', () => {
  test('kubectl explain answers from the served schema', async () => {
    const r = await h.kubectl(['explain', 'deployment.spec.replicas']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('GROUP:      apps');
    expect(r.stdout).toMatch(/FIELD: replicas <integer>/);
    expect(r.stdout).toContain('Number of desired pods');
    const svc = await h.kubectl(['explain', 'service.spec.ports.targetPort']);
    // kubectl 1.32 names a $ref type only when it is an object: IntOrString is a string with a format.
    expect(svc.stdout).toContain('FIELD: targetPort <string>');
    expect(svc.stdout).toContain('IntOrString is a type that can hold an int32 or a string.');
    const recursive = await h.kubectl(['explain', 'pod.spec.containers', '--recursive']);
    expect(recursive.stdout).toMatch(/^\s+imagePullPolicy\s+<string>/m);
  });
});

describe('watch on list URLs', () => {
  test('watch=True (the Python client), watch=1 and watch=true stream events; watch=false lists', async () => {
    for (const flag of ['True', '1', 'true', 't']) {
      const r = await sandboxRequest(
        h.sandbox,
        'GET',
        `/api/v1/namespaces/default/configmaps?watch=${flag}&timeoutSeconds=1`,
      );
      expect(r.status).toBe(200);
      const first = JSON.parse(r.body.split('\n')[0]!) as { type: string; object: { kind: string } };
      expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'ConfigMap' } });
    }
    const list = await sandboxRequest(h.sandbox, 'GET', '/api/v1/namespaces/default/configmaps?watch=False');
    expect(list.json<{ kind: string }>().kind).toBe('ConfigMapList');
  });

  test('the official Python client streams a watch on a list (kubernetes.watch.Watch)', async () => {
    const script = [
      'import sys, threading, time',
      'from kubernetes import client, config, watch',
      'config.load_kube_config(config_file=sys.argv[1])',
      'v1 = client.CoreV1Api()',
      'w = watch.Watch()',
      'def later():',
      '    time.sleep(0.5)',
      '    v1.create_namespaced_config_map("default", {"metadata": {"name": "from-python"}, "data": {"a": "1"}})',
      'threading.Thread(target=later).start()',
      'for e in w.stream(v1.list_namespaced_config_map, "default", timeout_seconds=20):',
      '    print(e["type"], e["object"].metadata.name, flush=True)',
      '    if e["object"].metadata.name == "from-python":',
      '        w.stop()',
    ].join('\n');
    const out = await runPython(script, [h.kubeconfig]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^ADDED from-python$/m);
    await eventually('configmap stored', () =>
      h.sandbox.store
        .list(h.sandbox.registry.get('', 'configmaps'), 'default')
        .items.some((o) => o.metadata.name === 'from-python'),
    );
  });
});

async function runPython(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile('/usr/bin/python3', ['-c', script, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({
        code: err ? ((err as { code?: number }).code ?? 1) : 0,
        stdout,
        stderr,
      });
    });
  });
}
