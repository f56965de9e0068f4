import { appendFile, chmod, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserInputErrors } from '../../src/errors.js';
import { MAX_INPUT_FILE_BYTES } from '../../src/inputs/input-file.js';
import { loadManifests } from '../../src/inputs/manifests.js';
import { lineOfField, type SourcedObject } from '../../src/manifests/parse.js';
import { cpuStopwatch } from '../helpers/clock.js';

const FIXTURES = path.resolve('test/fixtures/manifests');

function summary(objects: SourcedObject[]): string[] {
  return objects.map(
    (o) => `${o.source.file}:${o.source.line}#${o.source.index} ${o.object.kind}/${o.object.metadata.name}`,
  );
}

async function loadErrors(sources: string[], opts: Parameters<typeof loadManifests>[1]): Promise<string[]> {
  try {
    await loadManifests(sources, opts);
  } catch (err) {
    if (err instanceof UserInputErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  throw new Error('expected loadManifests to fail');
}

const CM = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

let tmp: string;
let ws: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'manifests-'));
  ws = path.join(tmp, 'ws');
  await mkdir(ws);
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function put(rel: string, text: string): Promise<string> {
  const file = path.join(ws, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

describe('sources', () => {
  test('a directory: manifest files in name order, not recursive, other files ignored', async () => {
    const objects = await loadManifests(['app'], { workspace: FIXTURES });
    expect(summary(objects)).toEqual([
      'app/00-namespace.yaml:1#0 Namespace/shop',
      'app/config.json:1#0 ConfigMap/web-config',
      'app/web.yaml:2#0 Deployment/web',
      'app/web.yaml:37#1 Service/web',
      'app/worker.yml:1#0 CronJob/nightly-report',
    ]);
    // Quoted in JSON, so it stays a string (unquoted YAML 0644 would be octal, see below).
    expect(objects[1]!.object.data).toEqual({ LOG_LEVEL: 'info', MODE: '0644' });
  });

  test('a file and a glob; a file named twice is loaded once', async () => {
    const objects = await loadManifests(['app/web.yaml', 'app/**/*.yaml', './app/web.yaml'], { workspace: FIXTURES });
    expect(summary(objects)).toEqual([
      'app/web.yaml:2#0 Deployment/web',
      'app/web.yaml:37#1 Service/web',
      'app/00-namespace.yaml:1#0 Namespace/shop',
      'app/nested/ignored.yaml:1#0 ConfigMap/nested-only-by-glob',
    ]);
  });

  test('a kustomize directory is rendered by kubectl kustomize (namePrefix, namespace, images transformer)', async () => {
    const objects = await loadManifests(['kustomize/overlay'], { workspace: FIXTURES });
    expect(summary(objects)).toEqual(['kustomize/overlay:1#0 Deployment/prod-api']);
    const d = objects[0]!.object as unknown as {
      metadata: { namespace: string };
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    expect(d.metadata.namespace).toBe('payments');
    expect(d.spec.template.spec.containers[0]!.image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:7.1.2');
  });

  test("kubectl kustomize failures name the directory and carry kubectl's message", async () => {
    await put('k/kustomization.yaml', 'resources:\n  - cm.yaml\n');
    await put('k/cm.yaml', 'kind: ConfigMap\n');
    expect(await loadErrors(['k'], { workspace: ws })).toEqual([
      expect.stringMatching(/^k: kubectl kustomize failed: accumulating resources: .*missing metadata\.name/),
    ]);

    expect(await loadErrors(['k'], { workspace: ws, kubectl: path.join(tmp, 'no-kubectl') })).toEqual([
      expect.stringMatching(/^k: kubectl kustomize failed: ".*no-kubectl" was not found/),
    ]);
  });

  test('naming a kustomization file renders its directory; a glob that matches one is refused', async () => {
    expect(summary(await loadManifests(['kustomize/overlay/kustomization.yaml'], { workspace: FIXTURES }))).toEqual([
      'kustomize/overlay:1#0 Deployment/prod-api',
    ]);
    expect(await loadErrors(['kustomize/**/*.yaml'], { workspace: FIXTURES })).toEqual([
      'kustomize/base/kustomization.yaml: glob "kustomize/**/*.yaml" matched a kustomization file; name its directory to render it with kustomize, or narrow the glob',
      'kustomize/overlay/kustomization.yaml: glob "kustomize/**/*.yaml" matched a kustomization file; name its directory to render it with kustomize, or narrow the glob',
    ]);
  });

  test('a kubectl that hangs is stopped at the time limit', async () => {
    await put('k/kustomization.yaml', 'resources: []\n');
    const slow = path.join(tmp, 'slow-kubectl');
    const pidFile = path.join(tmp, 'slow-kubectl.pid');
    await writeFile(slow, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 30\n`);
    await chmod(slow, 0o755);
    expect(await loadErrors(['k'], { workspace: ws, kubectl: slow, kustomizeTimeoutMs: 300 })).toEqual([
      'k: kubectl kustomize failed: did not finish within 300 ms',
    ]);
    // Stopped, not left to sleep its 30 s out (an event, not a duration: the process is gone).
    const pid = Number(await readFile(pidFile, 'utf8'));
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
  });

  test('missing paths, empty directories, globs matching nothing and non-manifest files are errors, all reported', async () => {
    await mkdir(path.join(ws, 'empty'));
    await put('notes.txt', 'hello');
    expect(await loadErrors(['nope.yaml', 'empty', 'k8s/*.yaml', 'notes.txt'], { workspace: ws })).toEqual([
      'nope.yaml: no such file or directory',
      expect.stringMatching(/^empty: directory holds no \.yaml, \.yml or \.json files/),
      'manifests: glob "k8s/*.yaml" matched no .yaml, .yml or .json file',
      'notes.txt: not a manifest file (expected .yaml, .yml or .json)',
    ]);
  });
});

describe('the 8 MiB size limit (checked before reading or parsing)', () => {
  test('a manifest file over 8 MiB is refused from its size, naming the file, its size and the limit', async () => {
    const file = await put('huge.yaml', '');
    // A sparse file: reading it would take a while and parsing it far longer; the size alone refuses it.
    await truncate(file, 33 * 1024 * 1024);
    const cpuMs = cpuStopwatch(); // CPU, not wall time: a loaded machine cannot fail it
    expect(await loadErrors(['huge.yaml'], { workspace: ws })).toEqual([
      'huge.yaml: is 33 MiB (34603008 bytes); manifest files and kustomize outputs are limited to 8 MiB, so it was not parsed',
    ]);
    expect(cpuMs()).toBeLessThan(1000);
  });

  test('a file of exactly 8 MiB is read (the limit is inclusive); one byte more is refused', async () => {
    const head = CM('at-limit');
    const file = await put('at-limit.yaml', head + '#'.repeat(MAX_INPUT_FILE_BYTES - head.length - 1) + '\n');
    expect(summary(await loadManifests(['at-limit.yaml'], { workspace: ws }))).toEqual([
      'at-limit.yaml:1#0 ConfigMap/at-limit',
    ]);
    await appendFile(file, '\n');
    expect(await loadErrors(['at-limit.yaml'], { workspace: ws })).toEqual([
      expect.stringMatching(/^at-limit\.yaml: is 8\.0 MiB \(8388609 bytes\); .* limited to 8 MiB/),
    ]);
  });

  test('a kustomization file over the limit is refused before kustomize runs', async () => {
    const file = await put('k/kustomization.yaml', 'resources: []\n');
    await truncate(file, 9 * 1024 * 1024);
    expect(await loadErrors(['k'], { workspace: ws })).toEqual([
      'k/kustomization.yaml: is 9 MiB (9437184 bytes); kustomization files are limited to 8 MiB, so it was not parsed',
    ]);
  });

  test('kustomize output over the limit: kubectl is stopped at the limit and nothing of it is parsed', async () => {
    await put('k/kustomization.yaml', 'resources: []\n');
    const chatty = path.join(tmp, 'chatty-kubectl');
    // Endless valid-looking YAML, the way a runaway generator would print it: only stopping it at the limit ends this.
    await writeFile(chatty, `#!/bin/sh\nexec yes 'data: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'\n`);
    await chmod(chatty, 0o755);
    const started = performance.now();
    expect(await loadErrors(['k'], { workspace: ws, kubectl: chatty })).toEqual([
      'k (kubectl kustomize output): is larger than 8 MiB; manifest files and kustomize outputs are limited to 8 MiB, so it was not parsed',
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('the workspace boundary', () => {
  test('"..", absolute paths outside, symlinks out (named or inside a directory) and globs out are refused', async () => {
    const outside = path.join(tmp, 'outside.yaml');
    await writeFile(outside, CM('secret-from-outside'));
    await put('inside/ok.yaml', CM('ok'));
    await symlink(outside, path.join(ws, 'link.yaml'));
    await symlink(outside, path.join(ws, 'inside', 'zz-link.yaml'));
    await symlink(tmp, path.join(ws, 'dirlink'));
    const errors = await loadErrors(
      [
        '../outside.yaml',
        outside,
        'link.yaml',
        'inside',
        'dirlink/outside.yaml',
        '../*.yaml',
        'inside/../../outside.yaml',
      ],
      {
        workspace: ws,
      },
    );
    expect(errors).toEqual([
      expect.stringMatching(/^\.\.\/outside\.yaml: path is outside the workspace /),
      expect.stringMatching(/outside\.yaml: path is outside the workspace /),
      expect.stringMatching(/^link\.yaml: is a symbolic link to .*outside\.yaml, outside the workspace/),
      expect.stringMatching(/^inside\/zz-link\.yaml: is a symbolic link to .*outside\.yaml, outside the workspace/),
      expect.stringMatching(/^dirlink\/outside\.yaml: is a symbolic link to .*outside\.yaml, outside the workspace/),
      expect.stringMatching(/^manifests: glob "\.\.\/\*\.yaml" starts outside the workspace/),
      expect.stringMatching(/^inside\/\.\.\/\.\.\/outside\.yaml: path is outside the workspace/),
    ]);
    expect(errors.join('\n')).not.toContain('secret-from-outside');
  });

  test('a symlink that stays inside the workspace is fine; the workspace may itself be reached through a symlink', async () => {
    await put('real/a.yaml', CM('a'));
    await symlink(path.join(ws, 'real', 'a.yaml'), path.join(ws, 'alias.yaml'));
    await symlink(ws, path.join(tmp, 'ws-link'));
    const objects = await loadManifests(['alias.yaml', 'real'], { workspace: path.join(tmp, 'ws-link') });
    // The file is read once even though two sources name it.
    expect(summary(objects)).toEqual(['alias.yaml:1#0 ConfigMap/a']);
  });

  test('a kustomization naming a missing local resource is reported with the kustomization file and entry', async () => {
    await put('k/kustomization.yaml', 'resources:\n  - cm.yaml\n  - missing.yaml\n');
    await put('k/cm.yaml', CM('cm'));
    expect(await loadErrors(['k'], { workspace: ws })).toEqual([
      'k/kustomization.yaml: resources[1] missing.yaml: no such file or directory',
    ]);
  });

  test('a kustomization reaching outside the workspace is refused before kubectl runs', async () => {
    await mkdir(path.join(tmp, 'evil'));
    await writeFile(path.join(tmp, 'evil', 'kustomization.yaml'), 'resources:\n  - cm.yaml\n');
    await writeFile(path.join(tmp, 'evil', 'cm.yaml'), CM('evil'));
    await put('overlay/kustomization.yaml', 'resources:\n  - ../base\n  - https://github.com/org/repo//base?ref=v1\n');
    await put('base/kustomization.yaml', 'resources:\n  - ../../evil\n');
    const errors = await loadErrors(['overlay'], { workspace: ws, kubectl: path.join(tmp, 'kubectl-must-not-run') });
    // Depth first, as the kustomizations are walked: the base under overlay's resources[0], then overlay's resources[1].
    expect(errors).toEqual([
      expect.stringMatching(
        /^base\/kustomization\.yaml: resources\[0\] \.\.\/\.\.\/evil: path is outside the workspace/,
      ),
      'overlay/kustomization.yaml: resources[1] https://github.com/org/repo//base?ref=v1: remote resources are not loaded: a release comes from the repository (vendor the remote base into the workspace)',
    ]);
  });
});

describe('YAML hazards', () => {
  test('duplicate keys, tabs as indentation and unclosed flow collections are errors at file:line:col', async () => {
    await put('dup.yaml', `${CM('a')}data:\n  x: "1"\n  x: "2"\n`);
    await put('tabs.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: t\n');
    await put('flow.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: f\n');
    const errors = await loadErrors(['dup.yaml', 'tabs.yaml', 'flow.yaml'], { workspace: ws });
    expect(errors[0]).toBe('dup.yaml:7:3: document 1: Map keys must be unique');
    expect(errors[1]).toMatch(/^tabs\.yaml:4:1: document 1: Tabs are not allowed as indentation/);
    expect(errors.slice(2).every((e) => /^flow\.yaml:\d+:\d+: document 1: /.test(e))).toBe(true);
    expect(errors.length).toBeGreaterThan(2);
  });

  test('an alias bomb is stopped at the alias limit', async () => {
    const lines = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: lol}',
      'x:',
      '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`  ${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    await put('bomb.yaml', `${lines.join('\n')}\n`);
    const cpuMs = cpuStopwatch(); // CPU, not wall time: a loaded machine cannot fail it
    expect(await loadErrors(['bomb.yaml'], { workspace: ws })).toEqual([
      'bomb.yaml:1: document 1: more than 100 alias expansions (a YAML "billion laughs" document?)',
    ]);
    expect(cpuMs()).toBeLessThan(2000);
  });

  test('an invalid document in the middle of a stream is named by index and line; the others still load', async () => {
    await put(
      'multi.yaml',
      `${CM('first')}---\n# a comment\napiVersion: v1\nmetadata:\n  name: no-kind\n---\n- just\n- a list\n---\n${CM('last')}`,
    );
    expect(await loadErrors(['multi.yaml'], { workspace: ws })).toEqual([
      'multi.yaml:7: document 2 of 4: object has no kind',
      'multi.yaml:11: document 3 of 4: expected a Kubernetes object (a mapping with apiVersion, kind and metadata.name), got a list',
    ]);
    await put('multi.yaml', `${CM('first')}---\n---\n# only a comment\n---\n${CM('last')}`);
    expect(summary(await loadManifests(['multi.yaml'], { workspace: ws }))).toEqual([
      'multi.yaml:1#0 ConfigMap/first',
      'multi.yaml:9#3 ConfigMap/last',
    ]);
  });

  test('objects without metadata.name (generateName) are refused', async () => {
    await put('gen.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: run-\n');
    expect(await loadErrors(['gen.yaml'], { workspace: ws })).toEqual([
      'gen.yaml:1: document 1: Job object has no metadata.name (generateName cannot be applied repeatedly)',
    ]);
  });

  test('JSON with a byte-order mark and tab indentation loads', async () => {
    await put(
      'cm.json',
      '\uFEFF{\n\t"apiVersion": "v1",\n\t"kind": "ConfigMap",\n\t"metadata": {"name": "bom"},\n\t"data": {"a": "1"}\n}\n',
    );
    const objects = await loadManifests(['cm.json'], { workspace: ws });
    expect(objects.map((o) => o.object)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bom' }, data: { a: '1' } },
    ]);
  });

  test('kind: List is flattened, each item located at its own line', async () => {
    await put(
      'list.yaml',
      `apiVersion: v1\nkind: List\nitems:\n  - ${CM('one').trimEnd().split('\n').join('\n    ')}\n  - ${CM('two').trimEnd().split('\n').join('\n    ')}\n  - kind: Broken\n`,
    );
    await expect(loadManifests(['list.yaml'], { workspace: ws })).rejects.toThrow(
      'list.yaml:12: document 1, List item 3: Broken object has no apiVersion, metadata',
    );
    await put(
      'list.yaml',
      `apiVersion: v1\nkind: List\nitems:\n  - ${CM('one').trimEnd().split('\n').join('\n    ')}\n  - ${CM('two').trimEnd().split('\n').join('\n    ')}\n`,
    );
    expect(summary(await loadManifests(['list.yaml'], { workspace: ws }))).toEqual([
      'list.yaml:4#0 ConfigMap/one',
      'list.yaml:8#0 ConfigMap/two',
    ]);
  });

  test('scalars mean what they mean to kubectl (YAML 1.1): octal modes, booleans, but dates and a:b stay strings', async () => {
    await put(
      'pod.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    released: 2024-06-01\n    ports: 80:30\nspec:\n  automountServiceAccountToken: yes\n  volumes:\n    - name: s\n      secret: {secretName: s, defaultMode: 0644}\n',
    );
    const [pod] = await loadManifests(['pod.yaml'], { workspace: ws });
    const o = pod!.object as unknown as {
      metadata: { annotations: Record<string, unknown> };
      spec: { automountServiceAccountToken: unknown; volumes: { secret: { defaultMode: unknown } }[] };
    };
    expect(o.metadata.annotations).toEqual({ released: '2024-06-01', ports: '80:30' });
    expect(o.spec.automountServiceAccountToken).toBe(true);
    expect(o.spec.volumes[0]!.secret.defaultMode).toBe(0o644);
  });

  test('errors of several files are reported together, in source order', async () => {
    await put('a.yaml', 'kind: ConfigMap\n');
    await put('b.yaml', 'a: 1\na: 2\n');
    await put('c.yaml', CM('fine'));
    const errors = await loadErrors(['a.yaml', 'b.yaml', 'c.yaml'], { workspace: ws });
    expect(errors).toEqual([
      'a.yaml:1: document 1: ConfigMap object has no apiVersion, metadata',
      'b.yaml:2:1: document 1: Map keys must be unique',
    ]);
  });
});

describe('lineOfField', () => {
  test('points at the field, or its nearest existing ancestor', async () => {
    const [deployment] = await loadManifests(['app/web.yaml'], { workspace: FIXTURES });
    const d = deployment!.object;
    expect(lineOfField(d, 'spec.template.spec.containers[1].image')).toBe(32);
    expect(lineOfField(d, 'spec.template.spec.initContainers[0].command')).toBe(22);
    expect(lineOfField(d, 'spec.template.spec.containers[0].securityContext.privileged')).toBe(24);
    expect(lineOfField(d, 'spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]')).toBe(30);
    expect(lineOfField(d, '')).toBe(2);
    expect(lineOfField(structuredClone(d), 'spec')).toBeUndefined();
  });
});
