import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { ACTION_INPUTS } from '../src/config/action.js';
import { actionBundle } from './github/bundle.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const NODE = process.execPath;

interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

let bundle: string;
beforeAll(async () => {
  // A bundle of the current sources (dist/ is rebuilt and compared with it by check-dist).
  bundle = await actionBundle();
}, 300_000);

/** Run the bundled action the way the runner does: node index.js with INPUT_* and GITHUB_* files. */
async function runAction(inputs: Record<string, string>): Promise<ActionRun> {
  const dir = tempDir('action-');
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  let code = 0;
  let stdout = '';
  try {
    ({ stdout } = await run(NODE, [bundle], { env, timeout: 60_000 }));
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    code = e.code ?? 1;
    stdout = e.stdout ?? '';
  }
  const outputs: Record<string, string> = {};
  const text = await readFile(outputFile, 'utf8');
  // GITHUB_OUTPUT uses heredoc blocks: name<<DELIM\nvalue\nDELIM
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1]!] = m[3]!;
  return { code, stdout, outputs, summary: await readFile(summaryFile, 'utf8') };
}

describe('the bundled action', () => {
  test('every input action.yml declares is read, and every input read is declared', async () => {
    const action = parse(await readFile('action.yml', 'utf8')) as {
      inputs: Record<string, unknown>;
      runs: { using: string; main: string };
    };
    expect(Object.keys(action.inputs).sort()).toEqual([...ACTION_INPUTS].sort());
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
    const sources = await Promise.all(['src/config/action.ts', 'src/action.ts'].map((f) => readFile(f, 'utf8')));
    // Only the config module reads inputs.
    expect(sources[1]).not.toMatch(/getInput\(\s*['"]/);
  });

  test('plan on the examples: job summary, outputs, success', async () => {
    const dir = tempDir('plan-out-');
    const r = await runAction({
      command: 'plan',
      'ecs-task-definitions': 'examples/ecs/frontend-taskdef.json\nexamples/ecs/backend-taskdef.json',
      'ecs-services': 'examples/ecs/services.json',
      'ecs-scaling': 'examples/ecs/scaling.json',
      namespace: 'shop',
      'out-dir': join(dir, 'manifests'),
    });
    expect(r.code).toBe(0);
    expect(r.outputs['blockers']).toBe('0');
    expect(r.outputs['has-changes']).toBe('true');
    const report = JSON.parse(await readFile(r.outputs['plan-json']!, 'utf8')) as {
      version: number;
      workloads: { name: string }[];
    };
    expect(report.version).toBe(1);
    expect(report.workloads.map((w: { name: string }) => w.name).sort()).toEqual(['backend', 'frontend']);
    expect(r.summary).toContain('EKS Fargate migration plan');
    expect(r.summary).toContain('```mermaid');
    // Warnings become annotations on the file they come from.
    expect(r.stdout).toMatch(/::warning title=fargate-size-up,file=examples\/ecs\/frontend-taskdef.json::/);
    const deployment = await readFile(join(dir, 'manifests', 'frontend.yaml'), 'utf8');
    expect(deployment).toContain('kind: Deployment');
  });

  test('an invalid input fails the step with a message naming the input, and no stack trace', async () => {
    const r = await runAction({
      command: 'plan',
      'ecs-task-definitions': 'examples/ecs/backend-taskdef.json',
      namespace: 'Not_Valid',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::input namespace: "Not_Valid" is not a valid namespace');
    expect(r.stdout).not.toMatch(/\n\s+at /);
    const unknown = await runAction({ command: 'deploy-everything' });
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain(
      'input command: expected one of plan, deploy, rollback, build, parity, cutover, doctor, got "deploy-everything"',
    );
  });

  test('blockers fail the step and are annotated', async () => {
    const dir = tempDir('plan-blocked-');
    const td = join(dir, 'privileged.json');
    await writeFile(
      td,
      JSON.stringify({
        family: 'agent',
        containerDefinitions: [{ name: 'agent', image: 'agent:1', privileged: true, memory: 512 }],
      }),
    );
    const r = await runAction({ command: 'plan', 'ecs-task-definitions': td });
    expect(r.code).toBe(1);
    expect(r.outputs['blockers']).toBe('1');
    expect(r.stdout).toContain(
      `::error title=privileged (agent),file=${td}::containerDefinitions[0].privileged: privileged containers are not allowed on EKS Fargate`,
    );
    expect(r.stdout).toContain('::error::plan: 1 Fargate blocker(s) found');
  });
});
