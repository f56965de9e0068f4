/**
 * The scripts of .github/workflows/deploy-waves.yml, run with bash and jq as the runner would:
 * the split into waves (and its input checks), the undo's choice of clusters, and the one summary
 * table across clusters. The jobs' order (wave 2 after wave 1, undo after a failure) is GitHub's
 * `needs`/`if`, checked here as declared.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseCommandFile } from '../workflows/local-runner.js';
import { ROOT } from '../workflows/validators.js';

interface Step {
  id?: string;
  name?: string;
  run?: string;
  env?: Record<string, string>;
  if?: string;
  uses?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { 'fail-fast'?: boolean; matrix: { target: string } };
  steps: Step[];
  environment?: { deployment?: boolean };
}
const wf = parse(readFileSync(join(ROOT, '.github/workflows/deploy-waves.yml'), 'utf8')) as {
  jobs: Record<string, Job>;
};
const dirs: string[] = [];
afterAll(() => {
  dirs.forEach((d) => {
    rmSync(d, { recursive: true, force: true });
  });
});

/** Run a step's script with `env` (no `${{ }}` in these scripts: everything comes through env). */
function runStep(
  job: string,
  id: string,
  env: Record<string, string>,
): { code: number; outputs: Record<string, string>; summary: string; log: string; temp: string } {
  const step = wf.jobs[job]!.steps.find((s) => s.id === id)!;
  expect(step.run).not.toMatch(/\$\{\{/);
  const temp = mkdtempSync(join(tmpdir(), 'waves-'));
  dirs.push(temp);
  const out = join(temp, 'output');
  const summary = join(temp, 'summary');
  writeFileSync(out, '');
  writeFileSync(summary, '');
  const r = spawnSync('bash', ['-e', '-c', step.run!], {
    env: {
      PATH: process.env['PATH'] ?? '',
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: out,
      GITHUB_STEP_SUMMARY: summary,
      ...env,
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return {
    code: r.status ?? 1,
    outputs: parseCommandFile(readFileSync(out, 'utf8')),
    summary: readFileSync(summary, 'utf8'),
    log: `${r.stdout}${r.stderr}`,
    temp,
  };
}

const SHA = 'e'.repeat(40);
const role = 'arn:aws:iam::123456789012:role/eks-fargate-deploy';
const CLUSTERS = [
  { cluster: 'shop-eu', region: 'eu-west-1', 'role-to-assume': role },
  { cluster: 'shop-us', region: 'us-east-1', 'role-to-assume': role },
  { cluster: 'shop-ap', region: 'ap-southeast-2', 'role-to-assume': role },
];

describe('deploy-waves.yml', () => {
  test('the first cluster is wave 1, the others wave 2; wave 2 waits for wave 1, the undo for a failure', () => {
    const r = runStep('waves', 'split', { ACTION_REF: SHA, CLUSTERS: JSON.stringify(CLUSTERS) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs['first']!)).toEqual(CLUSTERS.slice(0, 1));
    expect(JSON.parse(r.outputs['rest']!)).toEqual(CLUSTERS.slice(1));
    expect(wf.jobs['wave-2']!.needs).toContain('wave-1');
    expect(wf.jobs['wave-2']!.strategy!['fail-fast']).toBe(true);
    expect(wf.jobs['undo']!.if).toContain("needs.wave-1.result == 'failure'");
    for (const j of ['wave-1', 'wave-2', 'undo']) expect(wf.jobs[j]!.environment?.deployment).toBe(false);
  });

  test.each([
    ['not JSON', 'shop-eu,shop-us', 'must be a JSON list'],
    ['an empty list', '[]', 'must be a JSON list'],
    [
      'a role that is no ARN',
      JSON.stringify([{ cluster: 'shop', region: 'eu-west-1', 'role-to-assume': 'deploy' }]),
      'role-to-assume',
    ],
    ['a cluster twice', JSON.stringify([CLUSTERS[0], CLUSTERS[0]]), 'listed twice'],
  ])('refuses %s, naming the input', (_what, clusters, message) => {
    const r = runStep('waves', 'split', { ACTION_REF: SHA, CLUSTERS: clusters });
    expect(r.code).not.toBe(0);
    expect(r.log).toMatch(/^::error title=clusters::/m);
    expect(r.log).toContain(message);
  });

  test('the undo rolls back a cluster this run deployed, to the release it had, and leaves the others alone', () => {
    const deployed = {
      cluster: 'shop-eu',
      region: 'eu-west-1',
      status: 'deployed',
      release: '8',
      previous: '7',
      url: 'https://shop-eu.example',
    };
    const rolledBack = { ...deployed, status: 'rolled-back' };
    for (const [result, expected] of [
      [deployed, '7'],
      [rolledBack, undefined],
      [{ ...deployed, previous: '' }, undefined],
    ] as const) {
      const temp = mkdtempSync(join(tmpdir(), 'waves-undo-'));
      dirs.push(temp);
      mkdirSync(join(temp, 'wave-result'));
      writeFileSync(join(temp, 'wave-result/result.json'), JSON.stringify(result));
      const r = runStep('undo', 'deployed', { RUNNER_TEMP: temp });
      expect(r.code).toBe(0);
      expect(r.outputs['to-release']).toBe(expected);
    }
  });

  test('one table across clusters: wave, status, release, the undo, the URL; the job fails when a wave failed', () => {
    const results = mkdtempSync(join(tmpdir(), 'waves-results-'));
    dirs.push(results);
    const put = (dir: string, file: string, v: unknown): void => {
      mkdirSync(join(results, dir), { recursive: true });
      writeFileSync(join(results, dir, file), JSON.stringify(v));
    };
    put('eks-fargate-wave-shop-eu-eu-west-1', 'result.json', {
      cluster: 'shop-eu',
      region: 'eu-west-1',
      status: 'deployed',
      release: '8',
      previous: '7',
      url: 'https://shop-eu.example',
    });
    put('eks-fargate-wave-shop-us-us-east-1', 'result.json', {
      cluster: 'shop-us',
      region: 'us-east-1',
      status: 'rolled-back',
      release: '',
      previous: '4',
      url: '',
    });
    put('eks-fargate-undo-shop-eu-eu-west-1', 'undo.json', {
      cluster: 'shop-eu',
      region: 'eu-west-1',
      undo: 'rolled-back',
      undoRelease: '9',
    });
    const r = runStep('summary', 'table', {
      ALL: JSON.stringify(CLUSTERS),
      RESULTS: results,
      WAVE1: 'success',
      WAVE2: 'failure',
    });
    expect(r.code).not.toBe(0);
    expect(r.outputs['status']).toBe('rolled-back');
    const rows = r.summary.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| wave'));
    expect(rows).toEqual([
      '| 1 | shop-eu | eu-west-1 | deployed | 8 | rolled-back (release 9) | https://shop-eu.example |',
      '| 2 | shop-us | us-east-1 | rolled-back |  |  |  |',
      '| 2 | shop-ap | ap-southeast-2 | not started |  |  |  |',
    ]);
    expect(r.summary).toContain('3 clusters in waves: stopped, deployed clusters rolled back');

    const ok = runStep('summary', 'table', {
      ALL: JSON.stringify(CLUSTERS.slice(0, 1)),
      RESULTS: results,
      WAVE1: 'success',
      WAVE2: 'skipped',
    });
    expect(ok.code).toBe(0);
    expect(ok.outputs['status']).toBe('deployed');
  });
});
