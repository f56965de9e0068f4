/**
 * Runs one job of a workflow on this machine the way the Actions runner would, for the parts our
 * own CI uses: `run:` steps under `bash -e` with `env:` and `$GITHUB_ENV`, `uses: ./` (this
 * repository's action: `node dist/action/index.js` with `INPUT_*` from action.yml's defaults and
 * `with:`, outputs read back from `$GITHUB_OUTPUT`), `${{ }}` expressions evaluated by GitHub's
 * own expression library, `continue-on-error`, `if: always()`, and step outcomes.
 *
 * Remote actions (checkout, setup-node) are skipped: the workspace is this checkout and Node 24
 * comes from scripts/node24.sh. Anything else the runner does (services, containers, matrix,
 * other `if:` conditions) is refused, so a job this cannot run fails loudly instead of passing.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './validators.js';

interface StepSpec {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, unknown>;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}

/** What one step did. */
interface StepResult {
  name: string;
  id?: string;
  outcome: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  /** stdout and stderr, interleaved as they came. */
  log: string;
  ms: number;
}

/** The job's steps and the environment it ended with. */
export interface JobResult {
  status: 'success' | 'failure';
  steps: StepResult[];
  env: Record<string, string>;
}

/** Options of {@link runJobLocally}. */
export interface LocalRunOptions {
  /** Per-step limit; a step over it is killed and fails. */
  stepTimeoutMs: number;
  /** `RUNNER_TEMP` (the caller cleans it up, and can find what steps left there). */
  runnerTemp: string;
  /** The `github` context the expressions may read. */
  github?: Record<string, unknown>;
}

const CONTEXTS = ['github', 'env', 'steps', 'runner', 'inputs', 'vars', 'job'];

/** Evaluates one expression body against the contexts. */
export function evaluate(expression: string, contexts: Record<string, unknown>): string {
  const lexed = new Lexer(expression).lex();
  const parsed = new Parser(lexed.tokens, CONTEXTS, []).parse();
  const dict = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(parsed, dict).evaluate().coerceString();
}

/** Replaces every `${{ }}` in a value with its evaluation (non-strings become strings). */
export function interpolate(value: unknown, contexts: Record<string, unknown>): string {
  const text = typeof value === 'string' ? value : String(value);
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, expr: string) => evaluate(expr, contexts));
}

/** Parses a `$GITHUB_OUTPUT` / `$GITHUB_ENV` file: `name=value` lines and `name<<DELIM` blocks. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) body.push(lines[i]!);
      out[name!] = body.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/** Runs `jobId` of the workflow at `workflowPath` (relative to the repository root). */
export async function runJobLocally(workflowPath: string, jobId: string, opts: LocalRunOptions): Promise<JobResult> {
  const wf = parseYaml(await readFile(join(ROOT, workflowPath), 'utf8')) as {
    jobs: Record<
      string,
      { steps?: StepSpec[]; env?: Record<string, unknown>; services?: unknown; container?: unknown; strategy?: unknown }
    >;
  };
  const job = wf.jobs[jobId];
  if (!job?.steps) throw new Error(`${workflowPath}: no job "${jobId}" with steps`);
  for (const unsupported of ['services', 'container', 'strategy'] as const) {
    if (job[unsupported] !== undefined)
      throw new Error(`${workflowPath}: job "${jobId}" uses ${unsupported}:, which the local runner does not emulate`);
  }
  const action = parseYaml(await readFile(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  const temp = await mkdtemp(join(tmpdir(), 'local-runner-'));
  const runnerTemp = opts.runnerTemp;
  const jobEnv: Record<string, string> = {};
  const stepsContext: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  const github = { token: '', workspace: ROOT, ...(opts.github ?? {}) };
  const contexts = (): Record<string, unknown> => ({
    github,
    env: jobEnv,
    steps: stepsContext,
    runner: { temp: runnerTemp, os: 'Linux' },
    inputs: {},
    vars: {},
    job: {},
  });
  await mkdir(runnerTemp, { recursive: true });
  for (const [k, v] of Object.entries(job.env ?? {})) jobEnv[k] = interpolate(v, contexts());

  const results: StepResult[] = [];
  let failed = false;
  for (const [index, step] of job.steps.entries()) {
    const name = step.name ?? step.id ?? step.uses ?? step.run?.split('\n')[0] ?? `step ${index + 1}`;
    const started = Date.now();
    if (step.if !== undefined && step.if.trim() !== 'always()')
      throw new Error(`${workflowPath}: step "${name}" has if: ${step.if}, which the local runner does not evaluate`);
    const skip = (step.if === undefined && failed) || (step.uses !== undefined && step.uses !== './');
    if (skip) {
      results.push({ name, ...(step.id ? { id: step.id } : {}), outcome: 'skipped', outputs: {}, log: '', ms: 0 });
      if (step.id) stepsContext[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const files = {
      output: join(temp, `output-${index}`),
      env: join(temp, `env-${index}`),
      summary: join(temp, `summary-${index}`),
    };
    await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...jobEnv,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: ROOT,
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      GITHUB_STEP_SUMMARY: files.summary,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = interpolate(v, contexts());
    const command = await stepCommand(step, join(temp, `step-${index}.sh`), env, action.inputs ?? {}, contexts());
    const { code, log } = await runProcess(command, env, opts.stepTimeoutMs);
    const outputs = parseCommandFile(await readFile(files.output, 'utf8'));
    Object.assign(jobEnv, parseCommandFile(await readFile(files.env, 'utf8')));
    const outcome = code === 0 ? 'success' : 'failure';
    const conclusion = outcome === 'failure' && step['continue-on-error'] ? 'success' : outcome;
    if (conclusion === 'failure') failed = true;
    if (step.id) stepsContext[step.id] = { outputs, outcome, conclusion };
    results.push({ name, ...(step.id ? { id: step.id } : {}), outcome, outputs, log, ms: Date.now() - started });
  }
  await rm(temp, { recursive: true, force: true });
  return { status: failed ? 'failure' : 'success', steps: results, env: jobEnv };
}

/**
 * The command of one step: a `run:` script written to `scriptPath` for bash -e, or the bundled
 * action (`uses: ./`) with its inputs (action.yml defaults, then `with:`) added to `env`.
 */
async function stepCommand(
  step: StepSpec,
  scriptPath: string,
  env: Record<string, string>,
  declared: Record<string, { default?: unknown }>,
  contexts: Record<string, unknown>,
): Promise<string[]> {
  if (step.run !== undefined) {
    await writeFile(scriptPath, interpolate(step.run, contexts));
    return ['bash', '-e', scriptPath];
  }
  for (const [k, spec] of Object.entries(declared)) {
    if (spec.default !== undefined) env[`INPUT_${k.toUpperCase()}`] = interpolate(spec.default, contexts);
  }
  for (const [k, v] of Object.entries(step.with ?? {})) env[`INPUT_${k.toUpperCase()}`] = interpolate(v, contexts);
  return ['bash', join(ROOT, 'scripts/node24.sh'), join(ROOT, 'dist/action/index.js')];
}

function runProcess(
  command: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number; log: string }> {
  return new Promise((resolve) => {
    // A step's background children (the sandbox) outlive it, as on a runner; they redirect
    // their output, so 'close' still comes when the step's own process ends.
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (b: Buffer) => (log += b.toString()));
    child.stderr.on('data', (b: Buffer) => (log += b.toString()));
    const timer = setTimeout(() => {
      log += `\n[local-runner] step killed after ${timeoutMs} ms\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, log });
    });
  });
}
