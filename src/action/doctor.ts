/** `command: doctor` in the action. */
import * as core from '@actions/core';
import { doctorLines, doctorMarkdown, runDoctor, type DoctorReport } from '../commands/doctor.js';
import type { DoctorConfig } from '../config/doctor.js';
import { say } from './log.js';

/** `command: doctor`: claims, trust policy and one pass/fail line per check; fails when one fails. */
export async function doctor(config: DoctorConfig): Promise<void> {
  core.startGroup(`doctor: the access of the ${config.workflow} workflow`);
  let report: DoctorReport;
  try {
    report = await runDoctor(config, {
      env: process.env,
      mask: (secret) => {
        core.setSecret(secret);
      },
    });
    for (const line of doctorLines(report)) say.info(line);
  } finally {
    core.endGroup();
  }
  const failed = report.checks.filter((c) => c.status === 'fail');
  for (const c of failed) say.error(`${c.name}: ${c.detail}`, { title: 'doctor' });
  if (report.claims?.sub) core.setOutput('subject', report.claims.sub);
  if (report.trustPolicy) core.setOutput('trust-policy', JSON.stringify(report.trustPolicy));
  core.setOutput('status', failed.length === 0 ? 'ok' : 'failed');
  await core.summary.addRaw(doctorMarkdown(report)).write();
  if (failed.length > 0) process.exitCode = 1;
}
