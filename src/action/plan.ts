/** `command: plan` in the action: the ECS plan and the live diff, reported to the log, summary and comment. */
import * as core from '@actions/core';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionConfig } from '../config/action.js';
import { runPlan, type PlanOutcome } from '../commands/plan.js';
import { defaultReportFile, planReports, renderAndDiff } from '../commands/pr-plan.js';
import type { PreparedRelease } from '../commands/release-input.js';
import type { GitHubContext } from '../github/context.js';
import type { LiveDiffSection } from '../report/live-diff.js';
import { postComment } from './comment.js';
import { annotate, say } from './log.js';

/** Run the plan and report it: annotations, outputs, the whole report, the job summary, the comment. */
export async function plan(config: Extract<ActionConfig, { command: 'plan' }>, ctx: GitHubContext): Promise<void> {
  const temp = process.env['RUNNER_TEMP'] ?? tmpdir();
  await mkdir(temp, { recursive: true });
  let outcome: PlanOutcome | undefined;
  if (config.plan) {
    const planConfig = { ...config.plan };
    planConfig.reportJson ??= join(await mkdtemp(join(temp, 'eks-fargate-plan-')), 'plan.json');
    core.startGroup('plan: ECS → EKS Fargate');
    outcome = await runPlan(planConfig);
    for (const e of outcome.result.errors) say.error(e.message, { file: e.file });
    annotate(outcome.result.findings);
    core.endGroup();
    core.setOutput('plan-json', planConfig.reportJson);
  }
  let prepared: PreparedRelease | undefined;
  let section: LiveDiffSection | undefined;
  if (config.live) {
    core.startGroup('plan: render and diff against the cluster');
    try {
      ({ prepared, section } = await renderAndDiff(config.live, config.clusterless === true, ctx, say, annotate));
    } finally {
      core.endGroup();
    }
  }

  const key = config.github.commentKey;
  const file = defaultReportFile(config.plan, temp, key);
  const reports = planReports({
    key,
    file,
    ctx,
    ...(outcome ? { outcome } : {}),
    ...(prepared ? { prepared } : {}),
    ...(section ? { section } : {}),
  });
  await writeFile(file, reports.full);
  core.setOutput('report-markdown', file);
  await core.summary.addRaw(reports.summary.text).write();
  if (reports.summary.tier !== 'full')
    say.info(`job summary shortened (${reports.summary.tier}) to fit 1 MiB; the whole report is ${file}`);
  core.setOutput('blockers', String(reports.blockers));
  core.setOutput('has-changes', String(reports.changes));

  if (config.github.comment) await postComment(config.github, ctx, key, reports.comment);

  if (outcome?.exitCode === 1) say.failed(`plan: ${outcome.result.errors.length} input error(s)`);
  else if (reports.blockers > 0) say.failed(`plan: ${reports.blockers} Fargate blocker(s) found`);
}
