/**
 * The CI job "deploy-sandbox" of .github/workflows/ci.yml, run here step by step as the Actions
 * runner would (test/workflows/local-runner.ts): the committed action bundle (`uses: ./`)
 * deploys to the sandbox the job starts, a crashing image is rolled back automatically, a
 * second deploy and a rollback to release 1 follow, and every check the job makes passes.
 * So a change that would break the job on GitHub breaks here first.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJobLocally, type JobResult } from './local-runner.js';

let runnerTemp: string;
let result: JobResult;

beforeAll(async () => {
  runnerTemp = await mkdtemp(join(tmpdir(), 'ci-job-'));
  result = await runJobLocally('.github/workflows/ci.yml', 'deploy-sandbox', { stepTimeoutMs: 60_000, runnerTemp });
}, 240_000);

afterAll(async () => {
  // The job's last step stops the sandbox; if the job never got there, stop it here.
  const pid = Number(await readFile(join(runnerTemp, 'sandbox', 'pid'), 'utf8').catch(() => ''));
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already stopped by the job
    }
  }
  await rm(runnerTemp, { recursive: true, force: true });
});

const step = (id: string) => {
  const s = result.steps.find((x) => x.id === id || x.name === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
};

const logOf = (r: JobResult): string =>
  r.steps.map((s) => `--- ${s.name}: ${s.outcome} (${s.ms} ms)\n${s.log}`).join('\n');

describe('ci.yml job deploy-sandbox', () => {
  it('succeeds, every step run or deliberately skipped', () => {
    expect({ status: result.status, log: result.status === 'success' ? '' : logOf(result) }).toEqual({
      status: 'success',
      log: '',
    });
    const skipped = result.steps.filter((s) => s.outcome === 'skipped').map((s) => s.name);
    // Only the remote actions (checkout, setup-node), which the local runner does not run.
    expect(skipped).toEqual([
      'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1',
      'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020',
    ]);
  });

  it('deploys release 1 through the action and reaches it through the emulated ALB', () => {
    expect(step('v1')).toMatchObject({
      outcome: 'success',
      outputs: { status: 'deployed', release: '1', 'rolled-back': 'false' },
    });
    expect(JSON.parse(step('v1').outputs.urls!)).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/)]);
    expect(step('v1 is deployed and answers through its ALB').outcome).toBe('success');
  });

  it('fails the crashing deploy step, rolls it back, and the job carries on (continue-on-error)', () => {
    expect(step('crash')).toMatchObject({
      outcome: 'failure',
      outputs: { status: 'rolled-back', 'rolled-back': 'true', release: '2' },
    });
    expect(step('The crash failed the step and v1 serves again').outcome).toBe('success');
  });

  it('deploys v2 and rolls back to release 1, recording a new release', () => {
    expect(step('v2').outputs).toMatchObject({ status: 'deployed', release: '3' });
    expect(step('rollback').outputs).toMatchObject({ status: 'rolled-back', 'previous-release': '3', release: '4' });
    expect(step('The rollback restored v1').log).toMatch(/^4\s+deployed/m);
  });

  it('stops the sandbox it started', () => {
    expect(step('Stop the sandbox').outcome).toBe('success');
  });
});
