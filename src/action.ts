import * as core from '@actions/core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlan } from './commands/plan.js';
import { actionConfigFromInputs } from './config/action.js';
import { isUserError } from './errors.js';

/** The GitHub Action: read inputs once, run the command, set outputs, fail once at the end. */
export async function run(): Promise<void> {
  try {
    const config = actionConfigFromInputs((name) => core.getInput(name));
    const plan = { ...config.plan };
    plan.reportJson ??= join(await mkdtemp(join(process.env['RUNNER_TEMP'] ?? tmpdir(), 'eks-fargate-plan-')), 'plan.json');
    core.startGroup('plan');
    const outcome = await runPlan(plan);
    for (const e of outcome.result.errors) core.error(e.message, { file: e.file });
    for (const f of outcome.result.findings) {
      const props = f.file ? { file: f.file, title: `${f.code}${f.container ? ` (${f.container})` : ''}` } : {};
      const text = `${f.field ? `${f.field}: ` : ''}${f.message}`;
      if (f.severity === 'blocker') core.error(text, props);
      else if (f.severity === 'warning') core.warning(text, props);
    }
    core.endGroup();
    await core.summary.addRaw(outcome.markdown).write();
    const blockers = outcome.result.findings.filter((f) => f.severity === 'blocker').length;
    core.setOutput('plan-json', plan.reportJson);
    core.setOutput('blockers', String(blockers));
    core.setOutput('has-changes', String(outcome.objects.length > 0));
    if (outcome.exitCode === 1) core.setFailed(`plan: ${outcome.result.errors.length} input error(s)`);
    else if (outcome.exitCode === 2) core.setFailed(`plan: ${blockers} Fargate blocker(s) found`);
  } catch (err) {
    core.setFailed(isUserError(err) ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));
  }
}
