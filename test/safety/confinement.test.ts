/**
 * Issue 14 point 11: nothing a pull request can commit makes the tool read or write outside the
 * workspace. Each hole is a real file layout in a temporary workspace, next to a file "outside"
 * holding a canary; each is refused before anything is read or written, with an error naming the
 * file and the field:
 *
 * - kustomize: configMapGenerator/secretGenerator `files` (plain and `key=path`), `envs` and `env`
 *   through a symbolic link or `..`; a patch `path`, a transformer config file; remote resources
 *   (`https://`, `file://`, `git::`); helm charts; an exec plugin written inline. The kubectl that
 *   would render them is a script that records being run: it must never run.
 * - ECS input files of `plan` and `deploy` (a symlinked task definition, a directory whose entry links out).
 * - `plan --out` / `--report-json` / `--report-md` where the target is a symbolic link out: the
 *   outside file keeps its canary, and nothing at all is written (no manifest, no report).
 * - one `deploy` against the sandbox: the audit log shows no write at all.
 */
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import { planConfigFromArgs } from '../../src/config/plan.js';
import { runDeploy } from '../../src/commands/deploy.js';
import { runPlan } from '../../src/commands/plan.js';
import { UserInputErrors, isUserError } from '../../src/errors.js';
import { loadManifests } from '../../src/inputs/manifests.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { startShopSandbox, writesSince } from '../e2e/helpers.js';

let root: string;
let ws: string;
let outside: string;
let kubectl: string;
let kubectlRan: string;
const CANARY = 'canary-outside-the-workspace\n';
const TASKDEF = readFileSync('examples/ecs/frontend-taskdef.json', 'utf8');

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'efd-confine-'));
  ws = join(root, 'ws');
  outside = join(root, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.env'), `PASSWORD=${CANARY}`);
  writeFileSync(join(outside, 'taskdef.json'), TASKDEF);
  kubectlRan = join(root, 'kubectl-ran');
  kubectl = join(root, 'kubectl');
  writeFileSync(kubectl, `#!/bin/sh\necho "$@" >> ${kubectlRan}\nexit 1\n`);
  chmodSync(kubectl, 0o755);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A kustomization directory `name` in the workspace with these files (a value `{ symlinkTo }` is a symbolic link). */
function kustomization(name: string, files: Record<string, string | { symlinkTo: string }>): string {
  const dir = join(ws, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  a: "1"\n');
  for (const [file, content] of Object.entries(files)) {
    if (typeof content === 'string') writeFileSync(join(dir, file), content);
    else symlinkSync(content.symlinkTo, join(dir, file));
  }
  return name;
}

async function loadErrors(source: string): Promise<string[]> {
  try {
    await loadManifests([source], { workspace: ws, kubectl });
  } catch (err) {
    if (err instanceof UserInputErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  return [];
}

describe('kustomize cannot reach outside the workspace', () => {
  const cases: [string, Record<string, string | { symlinkTo: string }>, RegExp][] = [
    [
      'secretGenerator files through a link',
      {
        'kustomization.yaml': 'resources: [cm.yaml]\nsecretGenerator:\n- name: s\n  files:\n  - password=creds.env\n',
        'creds.env': { symlinkTo: '../../outside/secret.env' },
      },
      /kustomization\.yaml: secretGenerator\[0\]\.files\[0\] creds\.env: is a symbolic link to .*outside\/secret\.env, outside the workspace/,
    ],
    [
      'configMapGenerator envs by ..',
      {
        'kustomization.yaml':
          'resources: [cm.yaml]\nconfigMapGenerator:\n- name: c\n  envs:\n  - ../../outside/secret.env\n',
      },
      /kustomization\.yaml: configMapGenerator\[0\]\.envs\[0\] \.\.\/\.\.\/outside\/secret\.env: path is outside the workspace/,
    ],
    [
      'secretGenerator env (the old singular field)',
      { 'kustomization.yaml': 'resources: [cm.yaml]\nsecretGenerator:\n- name: s\n  env: /etc/passwd\n' },
      /kustomization\.yaml: secretGenerator\[0\]\.env \/etc\/passwd: path is outside the workspace/,
    ],
    [
      'a patch path through a link',
      {
        'kustomization.yaml': 'resources: [cm.yaml]\npatches:\n- path: p.yaml\n',
        'p.yaml': { symlinkTo: '../../outside/secret.env' },
      },
      /kustomization\.yaml: patches\[0\]\.path p\.yaml: is a symbolic link/,
    ],
    [
      'a transformer config file outside',
      { 'kustomization.yaml': 'resources: [cm.yaml]\ntransformers:\n- ../../outside/t.yaml\n' },
      /kustomization\.yaml: transformers\[0\] \.\.\/\.\.\/outside\/t\.yaml: path is outside the workspace/,
    ],
    [
      'a file:// resource',
      { 'kustomization.yaml': 'resources:\n- cm.yaml\n- file:///etc/passwd\n' },
      /kustomization\.yaml: resources\[1\] file:\/\/\/etc\/passwd: remote resources are not loaded/,
    ],
    [
      'a remote git base',
      {
        'kustomization.yaml':
          'resources:\n- git::https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1\n',
      },
      /kustomization\.yaml: resources\[0\] git::https:.*: remote resources are not loaded/,
    ],
    [
      'a helm chart',
      {
        'kustomization.yaml':
          'helmCharts:\n- name: minecraft\n  repo: https://itzg.github.io/minecraft-server-charts\n  version: 3.1.3\n',
      },
      /kustomization\.yaml: helmCharts: helm charts are not rendered/,
    ],
    [
      'an exec plugin written inline',
      {
        'kustomization.yaml':
          'resources: [cm.yaml]\ngenerators:\n- |-\n  apiVersion: example.com/v1\n  kind: Gen\n  metadata:\n    name: g\n    annotations:\n      config.kubernetes.io/function: |\n        exec:\n          path: /bin/sh\n',
      },
      /kustomization\.yaml: generators\[0\]: plugins that run a program or a container .* are not allowed/,
    ],
  ];
  test.each(cases)(
    '%s: refused naming the kustomization file and field, kubectl never runs',
    async (name, files, expected) => {
      const dir = kustomization(`k-${name.replace(/[^a-z]+/gi, '-')}`, files);
      const errors = await loadErrors(dir);
      expect(errors).toEqual([expect.stringMatching(new RegExp(`^${dir}/${expected.source}`))]);
      expect(existsSync(kubectlRan)).toBe(false);
    },
  );

  test('generator files inside the workspace are still rendered (kubectl runs)', async () => {
    const dir = kustomization('k-ok', {
      'kustomization.yaml': 'resources: [cm.yaml]\nconfigMapGenerator:\n- name: c\n  envs: [app.env]\n',
      'app.env': 'A=1\n',
    });
    const errors = await loadErrors(dir);
    // The recording kubectl exits 1, so the render fails — after the checks let it run.
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^${dir}: kubectl kustomize failed`))]);
    expect(readFileSync(kubectlRan, 'utf8')).toContain('kustomize');
    rmSync(kubectlRan);
  });
});

describe('public kustomizations (test/fixtures/kustomize-public, from the kustomize examples)', () => {
  const copy = (name: string, as: string): string => {
    cpSync(join('test/fixtures/kustomize-public', name), join(ws, as), { recursive: true });
    return as;
  };

  test('a remote base is refused naming the entry; local transformer, configuration, generator env and plugin config files pass the checks', async () => {
    expect(await loadErrors(copy('remote-base', 'pub-remote'))).toEqual([
      'pub-remote/kustomization.yaml: resources[0] github.com/kubernetes-sigs/kustomize/examples/multibases?ref=v1.0.6: remote resources are not loaded: a release comes from the repository (vendor the remote base into the workspace)',
    ]);
    expect(existsSync(kubectlRan)).toBe(false);
    for (const [name, as] of [
      ['istio-networking-base', 'pub-istio'],
      ['chart-inflator-base', 'pub-chart'],
    ]) {
      // The recording kubectl fails the render; reaching it means every check let the layout through.
      expect(await loadErrors(copy(name!, as!))).toEqual([
        expect.stringMatching(new RegExp(`^${as}: kubectl kustomize failed`)),
      ]);
    }
    expect(readFileSync(kubectlRan, 'utf8').trim().split('\n')).toHaveLength(2);
    rmSync(kubectlRan);
  });

  test('the same istio layout with its generator env file swapped for a link out is refused naming the field', async () => {
    const dir = copy('istio-networking-base', 'pub-istio-linked');
    rmSync(join(ws, dir, 'params.env'));
    symlinkSync(join(outside, 'secret.env'), join(ws, dir, 'params.env'));
    expect(await loadErrors(dir)).toEqual([
      expect.stringMatching(
        /^pub-istio-linked\/kustomization\.yaml: configMapGenerator\[0\]\.env params\.env: is a symbolic link to .*outside\/secret\.env, outside the workspace/,
      ),
    ]);
    expect(existsSync(kubectlRan)).toBe(false);
  });
});

describe('plan: ECS inputs and outputs stay in the workspace', () => {
  const plan = (args: string[]): ReturnType<typeof runPlan> =>
    runPlan(planConfigFromArgs([...args, '--workspace', ws]));

  test('a task definition that links out is an input error and is not read; the other files are planned', async () => {
    mkdirSync(join(ws, 'ecs'), { recursive: true });
    writeFileSync(join(ws, 'ecs', 'frontend.json'), TASKDEF);
    symlinkSync(join(outside, 'taskdef.json'), join(ws, 'ecs', 'linked.json'));
    const out = await plan([
      '--ecs-task-definition',
      join(ws, 'ecs', 'linked.json'),
      join(outside, 'taskdef.json'),
      join(ws, 'ecs', 'frontend.json'),
    ]);
    expect(out.result.errors).toEqual([
      {
        file: join(ws, 'ecs', 'linked.json'),
        message: expect.stringMatching(
          /^is a symbolic link to .*outside\/taskdef\.json, outside the workspace/,
        ) as unknown,
      },
      {
        file: join(outside, 'taskdef.json'),
        message: expect.stringMatching(
          /^is outside the workspace .*; inputs must come from the repository$/,
        ) as unknown,
      },
    ]);
    expect(out.result.workloads).toHaveLength(1);
    // A directory is read entry by entry, each entry confined too.
    const dir = await plan(['--ecs-task-definition', join(ws, 'ecs')]);
    expect(dir.result.errors.map((e) => e.file)).toEqual([join(ws, 'ecs', 'linked.json')]);
  });

  test('--out, --report-json, --report-md that are symbolic links are refused before anything is read or written', async () => {
    const target = join(outside, 'victim');
    writeFileSync(target, CANARY);
    for (const [flag, at] of [
      ['--report-json', 'plan.json'],
      ['--report-md', 'plan.md'],
      ['--out', 'out'],
    ] as const) {
      const link = join(ws, `link-${at}`);
      symlinkSync(flag === '--out' ? outside : target, link);
      const err = await plan(['--ecs-task-definition', join(ws, 'ecs', 'frontend.json'), flag, link]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isUserError(err)).toBe(true);
      expect((err as Error).message).toMatch(new RegExp(`^${link}: ${flag.slice(2)}: is a symbolic link`));
    }
    // A file link inside a real --out directory: none of the manifests is written.
    const out = join(ws, 'rendered');
    mkdirSync(out);
    symlinkSync(target, join(out, 'kustomization.yaml'));
    await expect(plan(['--ecs-task-definition', join(ws, 'ecs', 'frontend.json'), '--out', out])).rejects.toThrow(
      /rendered\/kustomization\.yaml: out: is a symbolic link/,
    );
    expect(readdirSync(out)).toEqual(['kustomization.yaml']);
    expect(readFileSync(target, 'utf8')).toBe(CANARY);
    expect(readdirSync(outside).sort()).toEqual(['secret.env', 'taskdef.json', 'victim']);
  });
});

describe('deploy against the sandbox', () => {
  let sb: Sandbox;
  let kubeconfig: string;
  let dir: string;
  beforeAll(async () => {
    ({ sb, kubeconfig, dir } = await startShopSandbox());
  });
  afterAll(async () => {
    await sb.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a kustomize generator and an ECS task definition that reach outside: rejected, not one write to the cluster', async () => {
    const k = kustomization('deploy-k', {
      'kustomization.yaml': 'resources: [cm.yaml]\nsecretGenerator:\n- name: s\n  files: [creds.env]\n',
      'creds.env': { symlinkTo: join(outside, 'secret.env') },
    });
    const from = sb.audit.length;
    for (const inputs of [
      ['--manifests', k],
      ['--ecs-task-definition', join(ws, 'ecs', 'linked.json')],
    ]) {
      const config = deployConfigFromArgs(
        [
          '--kubeconfig',
          kubeconfig,
          '--namespace',
          'shop',
          '--release',
          'web',
          '--workspace',
          ws,
          '--lock-wait',
          '5',
          ...inputs,
        ],
        {},
      );
      const err = await runDeploy(config, { log: () => undefined }).then(
        (out) => new Error(`deployed: ${out.status} ${out.message}`),
        (e: unknown) => e,
      );
      expect(isUserError(err)).toBe(true);
      expect((err as Error).message).toMatch(
        inputs[0] === '--manifests'
          ? /deploy-k\/kustomization\.yaml: secretGenerator\[0\]\.files\[0\] creds\.env: is a symbolic link/
          : /linked\.json: is a symbolic link to .*outside the workspace/,
      );
      expect((err as Error).message).not.toContain(CANARY.trim());
    }
    expect(writesSince(sb, from)).toEqual([]);
    expect(sb.audit.length).toBe(from);
  });
});
