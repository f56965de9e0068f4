import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../src/cli.js';
import { COMMANDS } from '../src/command-model.js';
import { ioSink } from './helpers/artefacts.js';

const ROOT = join(import.meta.dirname, '..');
const EX = (f: string): string => join(ROOT, 'examples', 'ecs', f);
const FX = (f: string): string => join(ROOT, 'test', 'fixtures', 'ecs', f);
/** Report lines name files relative to the working directory, however they were given. */
const REL = (p: string): string => relative(process.cwd(), p);

/** Run the CLI in-process, capturing what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = ioSink();
  const code = await runCli(argv, io);
  return { code, out: out(), err: err() };
}

const examples = (...extra: string[]): string[] => [
  'plan',
  '--ecs-task-definition',
  EX('backend-taskdef.json'),
  EX('frontend-taskdef.json'),
  ...extra,
  '--ecs-service',
  EX('services.json'),
  '--ecs-scaling',
  EX('scaling.json'),
];

const NO_STACK = /\n\s+at /;

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'cli-test-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('plan', () => {
  test('exit 0 on the examples, a summary line with the cost, no info noise', async () => {
    const r = await cli(...examples());
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const last = r.out.trimEnd().split('\n').at(-1)!;
    expect(last).toMatch(
      /^plan: 2 workload\(s\), 15 object\(s\), 0 blocker\(s\), \d+ warning\(s\), 0 input error\(s\); monthly ECS \$\d+\.\d\d → EKS Fargate \$\d+\.\d\d \(incl\. control plane \$73\.00\)$/,
    );
    expect(r.out).toContain(
      `warning: ${REL(EX('backend-taskdef.json'))}: container fastapi: containerDefinitions[1].ulimits: ulimits nofile=65536/65536 are dropped`,
    );
    expect(r.out).not.toMatch(/^info:/m);
  });

  test('--out and reports: every written file is listed', async () => {
    const out = join(tmp, 'k8s');
    const json = join(tmp, 'plan.json');
    const md = join(tmp, 'plan.md');
    const r = await cli(...examples(), '--out', out, '--report-json', json, '--report-md', md);
    expect(r.code).toBe(0);
    for (const f of [join(out, 'backend.yaml'), join(out, 'frontend.yaml'), join(out, 'kustomization.yaml'), json, md])
      expect(r.out).toContain(`wrote ${f}\n`);
    expect((await readdir(out)).sort()).toEqual(['backend.yaml', 'frontend.yaml', 'kustomization.yaml']);
    expect((JSON.parse(await readFile(json, 'utf8')) as { version: unknown }).version).toBe(1);
  });

  test('exit 2 with a blocker, each blocker printed with file, container and field', async () => {
    const blocked = FX('blocked/privileged-taskdef.json');
    const json = join(tmp, 'plan.json');
    const r = await cli(...examples(blocked), '--report-json', json);
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      `blocker: ${REL(blocked)}: container agent: containerDefinitions[0].privileged: privileged containers are not allowed on EKS Fargate\n`,
    );
    expect(r.out).toContain(
      `blocker: ${REL(blocked)}: networkMode: networkMode "host": EKS Fargate does not allow hostNetwork\n`,
    );
    expect(r.out).toContain(`wrote ${json}`);
  });

  test('exit 1 with an invalid file: the error names the file, field and value; the rest is still planned', async () => {
    const invalid = FX('invalid/no-image.json');
    const r = await cli(...examples(invalid));
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `error: ${REL(invalid)}: containerDefinitions[0].image: container api: required field is missing\n`,
    );
    expect(r.out).toContain('plan: 2 workload(s)');
    expect(r.out).not.toMatch(NO_STACK);
  });

  test('unknown flag → exit 1, a message naming it, no stack trace', async () => {
    const r = await cli('plan', '--ecs-task-definition', EX('frontend-taskdef.json'), '--drop-unsuported');
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: unknown flag --drop-unsuported; did you mean --drop-unsupported?\n');
    expect(r.out).toBe('');
  });

  test('no task definition → exit 1 naming the flag', async () => {
    const r = await cli('plan');
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: --ecs-task-definition: give at least one task definition file');
    expect(r.err).not.toMatch(NO_STACK);
  });

  test('several flag errors are all reported, one per line', async () => {
    const r = await cli(
      'plan',
      '--ecs-task-definition',
      EX('frontend-taskdef.json'),
      '--namespace',
      'Bad_NS',
      '--alb-mode',
      'nlb',
    );
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toEqual([
      'error: --namespace: "Bad_NS" is not a valid namespace (lower-case letters, digits and "-", at most 63)',
      'error: --alb-mode: "nlb": expected ingress or target-group-binding',
    ]);
  });

  test('--alb-mode target-group-binding writes a TargetGroupBinding instead of an Ingress', async () => {
    const json = join(tmp, 'plan.json');
    const r = await cli(...examples(), '--alb-mode', 'target-group-binding', '--report-json', json);
    expect(r.code).toBe(0);
    const kinds = (JSON.parse(await readFile(json, 'utf8')) as { objects: { kind: string }[] }).objects.map(
      (o) => o.kind,
    );
    expect(kinds.filter((k) => k === 'TargetGroupBinding')).toHaveLength(2);
    expect(kinds).not.toContain('Ingress');
  });
});

describe('other commands', () => {
  test('unknown command → exit 1 with usage', async () => {
    const r = await cli('deploy-everything');
    expect(r.code).toBe(1);
    expect(r.err).toContain('unknown command "deploy-everything"');
    expect(r.err).toContain('Usage:');
  });

  test('help → exit 0 with usage; no command → exit 1 with usage', async () => {
    const help = await cli('help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage:');
    for (const name of ['plan', 'deploy', 'rollback', 'history', 'build', 'parity', 'cutover', 'sandbox', 'doctor'])
      expect(help.out).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    const plan = await cli('help', 'plan');
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('eks-fargate-deploy plan --ecs-task-definition FILE...');
    expect(plan.out).toMatch(
      /Exit codes:\n +0 {2}no blockers\n +1 {2}invalid input or failure\n +2 {2}blockers found \(reports still written\)/,
    );
    const none = await cli();
    expect(none.code).toBe(1);
    expect(none.out).toContain('Usage:');
  });

  test('version prints the version', async () => {
    const r = await cli('version');
    expect(r).toEqual({ code: 0, out: '0.1.0\n', err: '' });
  });
});

describe('the command model', () => {
  const ALL = COMMANDS.map((c) => c.name);

  test.each(ALL)('%s --help and -h: exit 0, its help on stdout, the same as help <command>', async (name) => {
    const long = await cli(name, '--help');
    expect(long.code).toBe(0);
    expect(long.err).toBe('');
    expect(long.out).toContain(`Usage: eks-fargate-deploy ${name}`);
    const decl = COMMANDS.find((c) => c.name === name);
    for (const flag of decl?.flags ?? []) expect(long.out).toContain(`--${flag.name}`);
    expect(await cli(name, '-h')).toEqual(long);
    expect(await cli('help', name)).toEqual(long);
  });

  test('--help wins over other flags, even invalid ones; after -- it is an argument', async () => {
    const r = await cli('deploy', '--no-such-flag', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--cluster-name NAME');
    const after = await cli('plan', '--', '--help');
    expect(after.code).toBe(1);
  });

  test('an unknown flag names the nearest known one', async () => {
    const r = await cli('deploy', '--clustr-name', 'x');
    expect(r).toEqual({ code: 1, out: '', err: 'error: unknown flag --clustr-name; did you mean --cluster-name?\n' });
    const far = await cli('deploy', '--zzzzzzzzzzzz');
    expect(far.err).toBe('error: unknown flag --zzzzzzzzzzzz\n');
  });

  test('an unknown command names the nearest one; help of an unknown command fails', async () => {
    const r = await cli('deplyo');
    expect(r.code).toBe(1);
    expect(r.err).toContain('unknown command "deplyo"; did you mean deploy?');
    const help = await cli('help', 'deplyo');
    expect(help).toEqual({ code: 1, out: '', err: 'error: no command "deplyo"; did you mean deploy?\n' });
  });

  test('flag grammar: multi values, repeated single flags, missing values, boolean =false', async () => {
    expect((await cli('plan', '--namespace', 'a', '--namespace', 'b')).err).toBe(
      'error: --namespace given more than once\n',
    );
    expect((await cli('plan', '--namespace')).err).toBe('error: --namespace needs a value\n');
    expect((await cli('plan', '--namespace=')).err).toBe('error: --namespace needs a value\n');
    expect((await cli('plan', '--drop-unsupported=maybe')).err).toBe(
      'error: --drop-unsupported takes no value (or =true/=false), got "maybe"\n',
    );
    expect((await cli('plan', '--ecs-task-definition=a', 'b')).err).toBe('error: unexpected argument "b"\n');
    const json = join(tmp, 'plan.json');
    // `--flag a b` takes both; --drop-unsupported=false is the same as leaving it out
    const r = await cli(...examples('--drop-unsupported=false', '--report-json', json));
    expect(r.code).toBe(0);
    expect(r.out).toContain('plan: 2 workload(s)');
  });

  test('completion: an unknown shell is a user error', async () => {
    expect(await cli('completion', 'fish')).toEqual({
      code: 1,
      out: '',
      err: 'error: completion: expected bash or zsh, got "fish"\n',
    });
  });

  test('bash completion, sourced in bash: commands, then the flags of the command typed', async () => {
    const script = (await cli('completion', 'bash')).out;
    const file = join(tmp, 'complete.bash');
    await writeFile(file, script);
    const complete = (...words: string[]): string[] => {
      const r = spawnSync(
        'bash',
        [
          '-c',
          `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _eks_fargate_deploy; printf '%s\\n' "\${COMPREPLY[@]}"`,
          'bash',
          file,
          'eks-fargate-deploy',
          ...words,
        ],
        { encoding: 'utf8' },
      );
      expect(r.status).toBe(0);
      return r.stdout.split('\n').filter((l) => l !== '');
    };
    expect(complete('')).toEqual(ALL);
    expect(complete('ro')).toEqual(['rollback']);
    expect(complete('deploy', '--clu')).toEqual(['--cluster-name']);
    expect(complete('deploy', '--cluster-name', 'shop', '--allow-')).toEqual([
      '--allow-namespace',
      '--allow-cluster-scoped',
    ]);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', '--help']);
  });

  test('zsh completion lists the same commands and, per command, the same flags', async () => {
    const script = (await cli('completion', 'zsh')).out;
    expect(script.startsWith('#compdef eks-fargate-deploy\n')).toBe(true);
    expect(script).toContain('compdef _eks_fargate_deploy eks-fargate-deploy');
    for (const c of COMMANDS) {
      expect(script).toContain(`    '${c.name}:`);
      const block = script.slice(script.indexOf(`    ${c.name})\n`));
      const body = block.slice(0, block.indexOf(';;'));
      const flags = [...body.matchAll(/'\*?--([a-z0-9-]+)\[/g)].map((m) => m[1]);
      expect(flags).toEqual([...c.flags.map((fl) => fl.name), 'help']);
    }
    const zsh = spawnSync('zsh', ['-n', '-c', script]);
    if (zsh.error === undefined) expect(zsh.status).toBe(0); // zsh installed: the script parses
  });
});
