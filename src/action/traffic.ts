/** `command: parity` and `cutover` in the action. */
import * as core from '@actions/core';
import { runCutover, type CutoverOutcome } from '../commands/cutover.js';
import { runParity, type ParityOutcome } from '../commands/parity.js';
import type { CutoverConfig, ParityConfig } from '../config/cutover.js';
import { parityLines } from '../cutover/report.js';
import { cancelling, deps, say } from './log.js';

/** `command: parity`: compare the ECS and EKS services; fails when they differ. */
export async function parity(config: ParityConfig): Promise<void> {
  core.startGroup('parity');
  let out: ParityOutcome;
  try {
    out = await runParity(config, deps(cancelling('no traffic was moved', 'already cancelling; no traffic was moved')));
    for (const line of parityLines(out.result)) say.info(line);
  } finally {
    core.endGroup();
  }
  core.setOutput('status', out.status);
  await core.summary.addRaw(out.markdown).write();
  for (const f of out.written) say.info(`wrote ${f}`);
  if (out.exitCode !== 0) say.failed(`parity: ${out.status}: ${out.message}`);
}

/** `command: cutover`: parity, then Route 53 weights step by step; a failed gate or a cancel reverts. */
export async function cutover(config: CutoverConfig): Promise<void> {
  core.startGroup('cutover');
  let out: CutoverOutcome;
  try {
    out = await runCutover(
      config,
      deps(
        cancelling(
          'all traffic goes back to the old target',
          'still moving all traffic back to the old target; not stopping half way',
        ),
      ),
    );
  } finally {
    core.endGroup();
  }
  core.setOutput('status', out.status);
  if (out.weights) core.setOutput('weights', JSON.stringify(out.weights));
  await core.summary.addRaw(out.markdown).write();
  for (const r of out.retire) say.notice(r, { title: 'Retiring the ECS service' });
  for (const f of out.written) say.info(`wrote ${f}`);
  if (out.exitCode !== 0) say.failed(`cutover: ${out.status}: ${out.message}`);
}
