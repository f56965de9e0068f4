/**
 * The real kubectl (on PATH) against the sandbox: every command a deploy or a user relies on,
 * asserting what kubectl itself prints and returns.
 */
import { spawn } from 'node:child_process';
import { at, deploymentYaml, eventually, parseJson, startHarness, type SandboxHarness } from './helpers.js';

let h: SandboxHarness;

beforeAll(async () => {
  h = await startHarness({
    timing: { timeFactor: 0.002 },
    images: { exists: (image) => !image.includes('does-not-exist') },
  });
});

afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
});

const apply = (yaml: string, extra: string[] = []): ReturnType<SandboxHarness['kubectl']> =>
  h.kubectl(['apply', '--server-side', '-f', '-', ...extra], { input: yaml });

describe('kubectl apply --server-side', () => {
  test('creates, updates and reports conflicts with another field manager', async () => {
    const created = await apply(deploymentYaml('ssa', { replicas: 2 }));
    expect(created).toMatchObject({ code: 0, stdout: 'deployment.apps/ssa serverside-applied\n' });

    const json = parseJson(
      (await h.kubectl(['get', 'deployment', 'ssa', '-o', 'json', '--show-managed-fields'])).stdout,
    );
    expect(at(json, 'metadata', 'generation')).toBe(1);
    expect(at(json, 'metadata', 'uid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(at(json, 'spec', 'strategy')).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
    const kubectlEntry = (at(json, 'metadata', 'managedFields') as Array<{ manager: string }>).find(
      (m) => m.manager === 'kubectl',
    );
    expect(kubectlEntry).toMatchObject({ operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' });
    expect(at(kubectlEntry, 'fieldsV1', 'f:spec', 'f:replicas')).toEqual({});
    expect(
      at(kubectlEntry, 'fieldsV1', 'f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"app"}'),
    ).toMatchObject({
      '.': {},
      'f:image': {},
    });

    const updated = await apply(deploymentYaml('ssa', { replicas: 2, image: 'registry.example/web:2.0' }));
    expect(updated.code).toBe(0);
    const after = parseJson((await h.kubectl(['get', 'deployment', 'ssa', '-o', 'json'])).stdout);
    expect(at(after, 'metadata', 'generation')).toBe(2);
    expect(at(after, 'spec', 'template', 'spec', 'containers', 0, 'image')).toBe('registry.example/web:2.0');

    const conflict = await apply(deploymentYaml('ssa', { replicas: 5, image: 'registry.example/web:2.0' }), [
      '--field-manager=ops',
    ]);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas',
    );
    expect(conflict.stderr).toContain('--force-conflicts');

    const forced = await apply(deploymentYaml('ssa', { replicas: 5, image: 'registry.example/web:2.0' }), [
      '--field-manager=ops',
      '--force-conflicts',
    ]);
    expect(forced.code).toBe(0);
    const owners = at(
      parseJson((await h.kubectl(['get', 'deployment', 'ssa', '-o', 'json', '--show-managed-fields'])).stdout),
      'metadata',
      'managedFields',
    ) as Array<{ manager: string }>;
    const ops = owners.find((m) => m.manager === 'ops');
    const kubectl = owners.find((m) => m.manager === 'kubectl');
    expect(at(ops, 'fieldsV1', 'f:spec', 'f:replicas')).toEqual({});
    expect(at(kubectl, 'fieldsV1')).toBeDefined();
    expect(at(kubectl, 'fieldsV1', 'f:spec', 'f:replicas')).toBeUndefined();
  });

  test('unknown fields fail a server-side apply with the server message (typed conversion, whatever fieldValidation says)', async () => {
    const bad = deploymentYaml('strict').replace('spec:\n', 'bogus: 1\nspec:\n');
    const r = await apply(bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'failed to create typed patch object (default/strict; apps/v1, Kind=Deployment): .bogus: field not declared in schema',
    );
  });

  test('diff --server-side shows the change and exits 1, exits 0 when nothing changes', async () => {
    await apply(deploymentYaml('differ', { replicas: 2 }));
    // Settled first: a status the controllers change between kubectl's two reads is a real diff (as on any cluster).
    expect((await h.kubectl(['rollout', 'status', 'deployment/differ', '--timeout=20s'])).code).toBe(0);
    const same = await h.kubectl(['diff', '--server-side', '-f', '-'], {
      input: deploymentYaml('differ', { replicas: 2 }),
    });
    expect(same).toMatchObject({ code: 0, stdout: '' });
    const changed = await h.kubectl(['diff', '--server-side', '-f', '-'], {
      input: deploymentYaml('differ', { replicas: 3 }),
    });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^-\s+replicas: 2$/m);
    expect(changed.stdout).toMatch(/^\+\s+replicas: 3$/m);
    // dry-run: nothing stored
    const live = parseJson((await h.kubectl(['get', 'deployment', 'differ', '-o', 'json'])).stdout);
    expect(at(live, 'spec', 'replicas')).toBe(2);
  });
});

describe('kubectl get', () => {
  test('prints server-side columns, -o yaml and -o json', async () => {
    await apply(deploymentYaml('getter', { replicas: 1 }));
    expect((await h.kubectl(['rollout', 'status', 'deployment/getter', '--timeout=20s'])).code).toBe(0);
    const table = await h.kubectl(['get', 'deployment', 'getter']);
    expect(table.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ngetter\s+1\/1\s+1\s+1\s+\d+s\n$/);
    const pods = await h.kubectl(['get', 'pods', '-l', 'app=getter', '-o', 'wide']);
    expect(pods.stdout).toMatch(
      /getter-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\d+s\s+10\.0\.\d+\.\d+\s+fargate-ip-10-0-\d+-\d+\.ec2\.internal/,
    );
    const yaml = await h.kubectl(['get', 'deployment', 'getter', '-o', 'yaml']);
    expect(yaml.stdout).toContain('kind: Deployment');
    expect(yaml.stdout).toContain('deployment.kubernetes.io/revision: "1"');
    expect(yaml.stdout).toMatch(/type: Available/);
    const missing = await h.kubectl(['get', 'deployment', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "nope" not found');
  });

  test('get -w streams changes until stopped', async () => {
    await apply(deploymentYaml('watched', { replicas: 1 }));
    const child = spawn('kubectl', ['get', 'deployment', 'watched', '-w', '-o', 'jsonpath={.spec.replicas}{"\\n"}'], {
      env: { PATH: process.env.PATH ?? '', HOME: h.dir, KUBECONFIG: h.kubeconfig, KUBECACHEDIR: `${h.dir}/cache` },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await eventually('the initial line', () => out.split('\n').includes('1'));
      expect((await h.kubectl(['scale', 'deployment/watched', '--replicas=4'])).stdout).toBe(
        'deployment.apps/watched scaled\n',
      );
      await eventually('the scaled line', () => out.split('\n').includes('4'));
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('kubectl rollout', () => {
  test('status succeeds; history lists revisions; a bad image exceeds the progress deadline; undo restores the old template', async () => {
    await apply(deploymentYaml('roll', { replicas: 2, progressDeadlineSeconds: 600 }));
    const ok = await h.kubectl(['rollout', 'status', 'deployment/roll', '--timeout=20s']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('deployment "roll" successfully rolled out');

    await apply(
      deploymentYaml('roll', { replicas: 2, progressDeadlineSeconds: 600, image: 'registry.example/does-not-exist:9' }),
    );
    const failed = await h.kubectl(['rollout', 'status', 'deployment/roll', '--timeout=20s']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('error: deployment "roll" exceeded its progress deadline');
    const pods = await h.kubectl(['get', 'pods', '-l', 'app=roll']);
    expect(pods.stdout).toMatch(/0\/1\s+(ErrImagePull|ImagePullBackOff)/);

    const history = await h.kubectl(['rollout', 'history', 'deployment/roll']);
    expect(history.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);

    const undo = await h.kubectl(['rollout', 'undo', 'deployment/roll']);
    expect(undo.stdout).toBe('deployment.apps/roll rolled back\n');
    const back = await h.kubectl(['rollout', 'status', 'deployment/roll', '--timeout=20s']);
    expect(back.code).toBe(0);
    const image = await h.kubectl([
      'get',
      'deployment',
      'roll',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
    expect(image.stdout).toBe('registry.example/web:1.0');
    // the old ReplicaSet came back as revision 3, no third ReplicaSet was made
    const rs = at(
      parseJson((await h.kubectl(['get', 'rs', '-l', 'app=roll', '-o', 'json'])).stdout),
      'items',
    ) as Array<{
      metadata: { annotations: Record<string, string> };
      spec: { replicas: number };
    }>;
    expect(rs).toHaveLength(2);
    const revs = rs.map((r) => [r.metadata.annotations['deployment.kubernetes.io/revision'], r.spec.replicas]).sort();
    expect(revs).toEqual([
      ['2', 0],
      ['3', 2],
    ]);
  });

  test('wait --for=condition=Available and scale', async () => {
    await apply(deploymentYaml('waiter', { replicas: 1 }));
    const waited = await h.kubectl(['wait', '--for=condition=Available', 'deployment/waiter', '--timeout=20s']);
    expect(waited).toMatchObject({ code: 0, stdout: 'deployment.apps/waiter condition met\n' });
    expect((await h.kubectl(['scale', 'deployment/waiter', '--replicas=3'])).code).toBe(0);
    expect((await h.kubectl(['rollout', 'status', 'deployment/waiter', '--timeout=20s'])).code).toBe(0);
    const ready = await h.kubectl([
      'get',
      'deployment',
      'waiter',
      '-o',
      'jsonpath={.status.readyReplicas}/{.status.replicas}',
    ]);
    expect(ready.stdout).toBe('3/3');
  });
});

describe('kubectl delete and logs', () => {
  test('delete --cascade=foreground removes ReplicaSets and pods; --cascade=orphan keeps them', async () => {
    await apply(deploymentYaml('fg', { replicas: 2 }));
    await h.kubectl(['rollout', 'status', 'deployment/fg', '--timeout=20s']);
    const del = await h.kubectl(['delete', 'deployment', 'fg', '--cascade=foreground']);
    expect(del).toMatchObject({ code: 0, stdout: 'deployment.apps "fg" deleted\n' });
    const left = await h.kubectl(['get', 'rs,pods', '-l', 'app=fg', '-o', 'name']);
    expect(left.stdout).toBe('');

    await apply(deploymentYaml('orph', { replicas: 1 }));
    await h.kubectl(['rollout', 'status', 'deployment/orph', '--timeout=20s']);
    expect((await h.kubectl(['delete', 'deployment', 'orph', '--cascade=orphan'])).code).toBe(0);
    const rs = at(parseJson((await h.kubectl(['get', 'rs', '-l', 'app=orph', '-o', 'json'])).stdout), 'items');
    expect(rs).toHaveLength(1);
    expect(at(rs, 0, 'metadata', 'ownerReferences')).toBeUndefined();
  });

  test('logs prints a line per container state change', async () => {
    await apply(deploymentYaml('talker', { replicas: 1 }));
    await h.kubectl(['rollout', 'status', 'deployment/talker', '--timeout=20s']);
    const logs = await h.kubectl(['logs', 'deployment/talker']);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('[sandbox] container app started: image registry.example/web:1.0, behaviour healthy');
    expect(logs.stdout).toContain('listening on :8080');
  });
});
