/**
 * `plan --comment-md FILE`: the markdown a pull request's sticky plan comment would hold, made
 * locally (same report, size limit and marker as the action's; the run and commit links come
 * from the GITHUB_* variables when they are set).
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import type { PlanConfig } from '../config/plan.js';
import { readGitHubContext } from '../github/context.js';
import { writeOutputFile } from '../inputs/input-file.js';
import type { PlanOutcome } from './plan.js';
import { defaultReportFile, planReports } from './pr-plan.js';

/**
 * Write the comment to `file`, and the whole report it links to where the action would (the plan's
 * `--report-md`, else a file in RUNNER_TEMP or the temporary directory). Returns the files written.
 */
export async function writePlanComment(config: PlanConfig, outcome: PlanOutcome, file: string): Promise<string[]> {
  const ctx = await readGitHubContext();
  const key = config.commentKey ?? config.namespace;
  const temp = process.env['RUNNER_TEMP'] ?? tmpdir();
  const full = defaultReportFile(config, temp, key);
  const reports = planReports({ key, file: full, ctx, outcome });
  await mkdir(dirname(full), { recursive: true });
  await writeOutputFile(full, reports.full, config.reportMd !== undefined ? 'report-md' : undefined);
  await mkdir(dirname(file), { recursive: true });
  await writeOutputFile(file, reports.comment, 'comment-md');
  return [full, file];
}
