/**
 * Runs a starter workflow of workflows-templates/, copied into a user's repository, the way
 * GitHub would for the parts these workflows use: the caller's job `uses:` a reusable workflow of
 * this repository pinned to a SHA, its `with:` is evaluated (github, inputs, vars contexts) over the
 * called workflow's input defaults, then the called workflow's one job runs step by step:
 * `if:` conditions evaluated, `run:` steps under bash, `actions/checkout` and `upload-artifact`
 * skipped (the workspace is the repository), `aws-actions/configure-aws-credentials` emulated
 * with the job's OIDC token and AssumeRoleWithWebIdentity against moto (refusing a session longer
 * than the role allows, as IAM does), `docker/setup-buildx-action` skipped, and
 * `uses: ./.eks-fargate-deploy` run as the bundled action (test/github/run-action.ts).
 * Anything else is refused, so a workflow this cannot run fails loudly instead of passing.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runAction, type ActionRun } from '../github/run-action.js';
import { evaluate, interpolate } from '../workflows/local-runner.js';
import { ROOT, PUBLISHED_REPOSITORY } from '../workflows/validators.js';
import { motoIam } from './oidc-issuer.js';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, unknown>;
  with?: Record<string, unknown>;
}
interface CalledJob {
  steps: Step[];
  env?: Record<string, unknown>;
  outputs?: Record<string, string>;
  permissions?: Record<string, string>;
  environment?: unknown;
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, { default?: unknown; required?: boolean; type?: string }> } | null>;
  jobs: Record<
    string,
    { uses?: string; with?: Record<string, unknown>; permissions?: Record<string, string> } & Partial<CalledJob>
  >;
}

/** What the run of one step did. */
interface StepRun {
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  log: string;
  action?: ActionRun;
}

/** What the caller's job did. */
export interface CallerRun {
  result: 'success' | 'failure';
  steps: StepRun[];
  outputs: Record<string, string>;
  /** The bundled action's run, when the job got that far. */
  action?: ActionRun;
  /** `::error` lines of every step, in order. */
  errors: string[];
}

/** Everything outside the repository a run needs. */
export interface CallerEnvironment {
  bundle: string;
  /** The user's repository (the workspace). */
  repo: string;
  /** `owner/name` of the user's repository. */
  repository: string;
  github: { apiUrl: string; token: string };
  /** The AWS endpoint the workflow's AWS calls go to (the recorder in front of moto). */
  awsEndpoint: string;
  /** The runner's OIDC token request variables (absent: the job has no token, like a fork's). */
  oidc?: Record<string, string>;
  /** Repository or environment variables (`vars` context). */
  vars?: Record<string, string>;
  /** Extra environment of the action (e.g. KUBECONFIG is never given: the workflows use EKS). */
  env?: Record<string, string>;
}

/** The event a run is for. */
export interface CallerEvent {
  name: 'push' | 'pull_request' | 'workflow_dispatch';
  payload: Record<string, unknown>;
  sha: string;
  ref: string;
  inputs?: Record<string, string>;
}

const truthy = (v: string): boolean => v !== '' && v !== 'false' && v !== '0' && v !== 'null';

/** Evaluate an `if:`; `always()` alone is true, other status functions are refused. */
function condition(expr: string | undefined, contexts: Record<string, unknown>, failed: boolean): boolean {
  if (expr === undefined) return !failed;
  const body = expr
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, '$1')
    .trim();
  if (body === 'always()') return true;
  if (/\b(success|failure|cancelled)\(\)/.test(body))
    throw new Error(`if: ${expr}: status functions other than always() are not emulated`);
  return !failed && truthy(evaluate(body, contexts));
}

async function bash(script: string, env: Record<string, string>, cwd: string): Promise<{ code: number; log: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (b: Buffer) => (log += b.toString()));
    child.stderr.on('data', (b: Buffer) => (log += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, log });
    });
  });
}

type Inputs = Record<string, { default?: unknown; required?: boolean; type?: string }>;

/** Run job `jobId` of the caller workflow at `path` (relative to the user's repository). */
export async function runCallerJob(
  path: string,
  jobId: string,
  event: CallerEvent,
  c: CallerEnvironment,
): Promise<CallerRun> {
  const caller = parseYaml(await readFile(join(c.repo, path), 'utf8')) as Workflow;
  const job = caller.jobs[jobId];
  if (!job?.uses) throw new Error(`${path}: job ${jobId} does not call a reusable workflow`);
  const m = /^([^/]+\/[^/]+)\/(\.github\/workflows\/[^@]+)@([0-9a-f]{40})$/.exec(job.uses);
  if (!m || m[1] !== PUBLISHED_REPOSITORY)
    throw new Error(`${path}: ${job.uses} is not a reusable workflow of ${PUBLISHED_REPOSITORY} pinned to a commit`);
  const calledPath = m[2]!;
  const called = parseYaml(await readFile(join(ROOT, calledPath), 'utf8')) as Workflow;

  const github = githubContext(event, c);
  const callerContexts = {
    github,
    inputs: event.inputs ?? {},
    vars: c.vars ?? {},
    env: {},
    steps: {},
    runner: {},
    job: {},
  };
  const declared = called.on['workflow_call']?.inputs ?? {};
  const inputs = calledInputs(job.with ?? {}, declared, callerContexts, `${path}: `, calledPath);

  const [, calledJob] = Object.entries(called.jobs)[0] as [string, CalledJob];
  if (Object.keys(called.jobs).length !== 1) throw new Error(`${calledPath}: expected one job`);
  const temp = await mkdtemp(join(tmpdir(), 'caller-run-'));
  const jobEnv: Record<string, string> = {};
  const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  const contexts = (): Record<string, unknown> => ({
    github,
    inputs,
    vars: c.vars ?? {},
    env: jobEnv,
    steps,
    runner: { temp, os: 'Linux' },
    job: {},
  });
  for (const [k, v] of Object.entries(calledJob.env ?? {})) jobEnv[k] = interpolate(v, contexts());
  const state: JobState = { aws: {}, temp, jobEnv, calledPath };
  const run: CallerRun = { result: 'success', steps: [], outputs: {}, errors: [] };
  let failed = false;
  try {
    for (const [index, step] of calledJob.steps.entries()) {
      const name = step.name ?? step.id ?? step.uses ?? `step ${index + 1}`;
      if (!condition(step.if, contexts(), failed)) {
        run.steps.push({ name, outcome: 'skipped', log: '' });
        if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        continue;
      }
      const { outcome, log, outputs, action } = await runStep(step, name, contexts(), state, event, c);
      if (action) run.action = action;
      run.errors.push(...log.split('\n').filter((l) => l.startsWith('::error')));
      if (outcome === 'failure') failed = true;
      if (step.id) steps[step.id] = { outputs, outcome, conclusion: outcome };
      run.steps.push({ name, outcome, log, ...(action ? { action } : {}) });
    }
    for (const [k, v] of Object.entries(calledJob.outputs ?? {})) run.outputs[k] = interpolate(v, contexts());
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  run.result = failed ? 'failure' : 'success';
  return run;
}

/** The `github` context of the run. */
function githubContext(event: CallerEvent, c: CallerEnvironment): Record<string, unknown> {
  const [owner] = c.repository.split('/');
  return {
    event_name: event.name,
    event: event.payload,
    sha: event.sha,
    ref: event.ref,
    repository: c.repository,
    repository_owner: owner,
    run_id: '5150',
    run_attempt: '1',
    token: c.github.token,
    workspace: c.repo,
    server_url: 'https://github.example',
  };
}

/** The called workflow's inputs: its defaults, then the caller's `with:` (typed as declared); required ones checked. */
function calledInputs(
  given: Record<string, unknown>,
  declared: Inputs,
  callerContexts: Record<string, unknown>,
  where: string,
  calledPath: string,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(declared)) if (spec.default !== undefined) inputs[name] = spec.default;
  for (const [name, value] of Object.entries(given)) {
    const spec = declared[name];
    if (!spec) throw new Error(`${where}with.${name} is not an input of ${calledPath}`);
    const v = interpolate(value, callerContexts);
    inputs[name] = spec.type === 'boolean' ? v === 'true' : spec.type === 'number' ? Number(v) : v;
  }
  for (const [name, spec] of Object.entries(declared))
    if (spec.required && (inputs[name] === undefined || inputs[name] === ''))
      throw new Error(`${where}the required input ${name} of ${calledPath} is not given`);
  return inputs;
}

/** What lives across the steps of the called job: the AWS credentials a step assumed, the runner's temp dir. */
interface JobState {
  aws: Record<string, string>;
  temp: string;
  jobEnv: Record<string, string>;
  calledPath: string;
}

interface StepOutcome {
  outcome: 'success' | 'failure';
  log: string;
  outputs: Record<string, string>;
  action?: ActionRun;
}

/** Run one step: a bash script, an emulated or skipped action, or the bundled action itself. */
async function runStep(
  step: Step,
  name: string,
  contexts: Record<string, unknown>,
  job: JobState,
  event: CallerEvent,
  c: CallerEnvironment,
): Promise<StepOutcome> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? job.temp,
    ...job.jobEnv,
    ...job.aws,
  };
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = interpolate(v, contexts);
  const withs: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.with ?? {})) withs[k] = interpolate(v, contexts);
  const uses = step.uses?.replace(/@.*$/, '');
  if (step.run !== undefined) {
    const r = await bash(interpolate(step.run, contexts), env, c.repo);
    return { outcome: r.code === 0 ? 'success' : 'failure', log: r.log, outputs: {} };
  }
  if (uses === 'actions/checkout' || uses === 'actions/upload-artifact' || uses === 'docker/setup-buildx-action')
    return { outcome: 'success', log: `(${uses}: not emulated; the workspace is the repository)`, outputs: {} };
  if (uses === 'aws-actions/configure-aws-credentials') {
    try {
      job.aws = await assumeRole(withs, c);
      return {
        outcome: 'success',
        log: `assumed ${withs['role-to-assume']} for ${withs['role-duration-seconds'] ?? 3600} s`,
        outputs: {},
      };
    } catch (err) {
      return {
        outcome: 'failure',
        log: `::error::Could not assume role with OIDC: ${err instanceof Error ? err.message : String(err)}`,
        outputs: {},
      };
    }
  }
  if (step.uses === './.eks-fargate-deploy') {
    const action = await runAction(c.bundle, {
      inputs: withs,
      apiUrl: c.github.apiUrl,
      eventName: event.name,
      event: event.payload,
      sha: event.sha,
      cwd: c.repo,
      env: {
        GITHUB_REPOSITORY: c.repository,
        GITHUB_WORKSPACE: c.repo,
        GITHUB_REF: event.ref,
        GITHUB_RUN_ID: '5150',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        ...(c.env ?? {}),
        ...job.aws,
      },
      timeoutMs: 60_000,
    });
    return {
      outcome: action.code === 0 ? 'success' : 'failure',
      log: action.stdout + action.stderr,
      outputs: action.outputs,
      action,
    };
  }
  throw new Error(`${job.calledPath}: step ${name} uses ${step.uses ?? '(nothing)'}, which is not emulated`);
}

/**
 * configure-aws-credentials, emulated: the job's OIDC token (audience sts.amazonaws.com), then
 * AssumeRoleWithWebIdentity. IAM refuses a DurationSeconds above the role's MaxSessionDuration;
 * moto does not, so that check is made here against the role moto holds.
 */
async function assumeRole(w: Record<string, string>, c: CallerEnvironment): Promise<Record<string, string>> {
  if (!c.oidc?.['ACTIONS_ID_TOKEN_REQUEST_URL'])
    throw new Error(
      'Credentials could not be loaded: no OIDC token in this job (permissions: id-token: write; pull requests from forks never get one)',
    );
  const u = new URL(c.oidc['ACTIONS_ID_TOKEN_REQUEST_URL']);
  u.searchParams.set('audience', 'sts.amazonaws.com');
  const token = (
    (await (
      await fetch(u, { headers: { Authorization: `Bearer ${c.oidc['ACTIONS_ID_TOKEN_REQUEST_TOKEN']}` } })
    ).json()) as { value: string }
  ).value;
  const roleArn = w['role-to-assume'] ?? '';
  const duration = Number(w['role-duration-seconds'] || 3600);
  const roleName = roleArn.split('/').pop() ?? '';
  const role = await motoIam(c.awsEndpoint, { Action: 'GetRole', RoleName: roleName }).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(
      `Not authorized to perform sts:AssumeRoleWithWebIdentity (${message.includes('404') || message.includes('NoSuchEntity') ? `no role ${roleArn}` : message})`,
    );
  });
  const max = Number(/<MaxSessionDuration>(\d+)<\/MaxSessionDuration>/.exec(role)?.[1] ?? 3600);
  if (duration > max)
    throw new Error(
      `The requested DurationSeconds exceeds the MaxSessionDuration set for this role (${duration} > ${max})`,
    );
  const sts = new STSClient({
    region: w['aws-region'] || 'us-east-1',
    endpoint: c.awsEndpoint,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    maxAttempts: 1,
  });
  try {
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: w['role-session-name'] ?? 'GitHubActions',
        WebIdentityToken: token,
        DurationSeconds: duration,
      }),
    );
    const cr = out.Credentials!;
    return {
      AWS_ACCESS_KEY_ID: cr.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: cr.SecretAccessKey!,
      AWS_SESSION_TOKEN: cr.SessionToken!,
      AWS_REGION: w['aws-region'] ?? '',
      AWS_DEFAULT_REGION: w['aws-region'] ?? '',
      AWS_ENDPOINT_URL: c.awsEndpoint,
    };
  } finally {
    sts.destroy();
  }
}

/** Write `text` to `path` in the repository (a user's edit). */
export async function edit(repo: string, path: string, change: (text: string) => string): Promise<void> {
  const file = join(repo, path);
  await writeFile(file, change(await readFile(file, 'utf8')));
}
