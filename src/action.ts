import * as core from '@actions/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDeploy, type DeployOutcome } from './commands/deploy.js';
import { runPlan } from './commands/plan.js';
import { runRollback } from './commands/rollback.js';
import { actionConfigFromInputs } from './config/action.js';
import type { PlanConfig } from './config/plan.js';
import { isOperationalError, isUserError } from './errors.js';
import type { Finding } from './findings.js';

/** The GitHub Action: read inputs once, run the command, set outputs, fail once at the end. */
export async function run(): Promise<void> {
  try {
    const config = actionConfigFromInputs((name) => core.getInput(name));
    if (config.command === 'plan') await plan(config.plan);
    else await deployOrRollback(config.command, config.command === 'deploy' ? () => runDeploy(config.deploy, deps()) : () => runRollback(config.rollback, deps()));
  } catch (err) {
    core.setFailed(isUserError(err) || isOperationalError(err) ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));
  }
}

function annotate(findings: readonly Finding[]): void {
  for (const f of findings) {
    const props = f.file ? { file: f.file, title: `${f.code}${f.container ? ` (${f.container})` : ''}`, ...('line' in f && typeof f.line === 'number' ? { startLine: f.line } : {}) } : {};
    const text = `${f.field ? `${f.field}: ` : ''}${f.message}`;
    if (f.severity === 'blocker') core.error(text, props);
    else if (f.severity === 'warning') core.warning(text, props);
  }
}

async function plan(config: PlanConfig): Promise<void> {
  const planConfig = { ...config };
  planConfig.reportJson ??= join(await mkdtemp(join(process.env['RUNNER_TEMP'] ?? tmpdir(), 'eks-fargate-plan-')), 'plan.json');
  core.startGroup('plan');
  const outcome = await runPlan(planConfig);
  for (const e of outcome.result.errors) core.error(e.message, { file: e.file });
  annotate(outcome.result.findings);
  core.endGroup();
  await core.summary.addRaw(outcome.markdown).write();
  const blockers = outcome.result.findings.filter((f) => f.severity === 'blocker').length;
  core.setOutput('plan-json', planConfig.reportJson);
  core.setOutput('blockers', String(blockers));
  core.setOutput('has-changes', String(outcome.objects.length > 0));
  if (outcome.exitCode === 1) core.setFailed(`plan: ${outcome.result.errors.length} input error(s)`);
  else if (outcome.exitCode === 2) core.setFailed(`plan: ${blockers} Fargate blocker(s) found`);
}

/** Cancellation: the runner sends SIGINT then SIGTERM when a run is cancelled. */
function deps(): { log: (line: string) => void; signal: AbortSignal } {
  const ctrl = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    core.warning(`received ${sig}: cancelling; the previous release will be restored`);
    ctrl.abort(new Error(`cancelled by ${sig}`));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { log: (line) => core.info(line), signal: ctrl.signal };
}

async function deployOrRollback(command: 'deploy' | 'rollback', go: () => Promise<DeployOutcome>): Promise<void> {
  core.startGroup(command);
  let out: DeployOutcome;
  try {
    out = await go();
  } finally {
    core.endGroup();
  }
  annotate(out.findings);
  core.setOutput('status', out.status);
  core.setOutput('release', out.release !== undefined ? String(out.release) : '');
  core.setOutput('previous-release', out.previousRelease !== undefined ? String(out.previousRelease) : '');
  core.setOutput('images', JSON.stringify(out.images));
  core.setOutput('urls', JSON.stringify(out.urls));
  core.setOutput('rolled-back', String(out.rolledBack));
  const lines = [`## ${command}: ${out.status}`, '', out.message, ''];
  for (const p of out.phases) lines.push(`- ${p.name}: ${(p.durationMs / 1000).toFixed(1)} s`);
  await core.summary.addRaw(`${lines.join('\n')}\n`).write();
  if (out.exitCode !== 0) core.setFailed(`${command}: ${out.message}`);
}
