import * as core from '@actions/core';
import { say, disposeSignalHandlers } from './action/log.js';
import { errorMessage, isMissingCredentials } from './commands/credentials.js';
import { actionConfigFromInputs, failureReportSettings, type ActionConfig } from './config/action.js';
import { isOperationalError, isUserError } from './errors.js';
import { readGitHubContext, type GitHubContext } from './github/context.js';

/**
 * The GitHub Action: read inputs once, run the command, set outputs, fail once at the end. Only
 * the inputs' validation is loaded up front; each command's implementation is loaded when it runs,
 * so a wrong input is reported before anything heavy is read.
 */
export async function run(): Promise<void> {
  try {
    const config = actionConfigFromInputs((name) => core.getInput(name));
    if (config.github.token) core.setSecret(config.github.token);
    const ctx = await readGitHubContext();
    await runCommand(config, ctx);
  } catch (err) {
    const text = failureMessage(err);
    // The stack of an unexpected error goes to the debug log (ACTIONS_STEP_DEBUG), never the annotation.
    const expected: boolean = isUserError(err) || isOperationalError(err);
    if (!expected && err instanceof Error && err.stack) core.debug(err.stack);
    await reportFailure(text);
    say.failed(text);
  } finally {
    disposeSignalHandlers();
  }
}

async function runCommand(config: ActionConfig, ctx: GitHubContext): Promise<void> {
  switch (config.command) {
    case 'plan':
      return (await import('./action/plan.js')).plan(config, ctx);
    case 'deploy':
      return (await import('./action/deploy.js')).deploy(config, ctx);
    case 'rollback':
      return (await import('./action/deploy.js')).rollback(config, ctx);
    case 'build':
      return (await import('./action/deploy.js')).build(config.build);
    case 'parity':
      return (await import('./action/traffic.js')).parity(config.parity);
    case 'cutover':
      return (await import('./action/traffic.js')).cutover(config.cutover);
    case 'doctor':
      return (await import('./action/doctor.js')).doctor(config.doctor);
  }
}

/**
 * The one message of a failed run: what went wrong and what to do. Input errors name the input;
 * missing AWS credentials say which step gives them; anything else is its message alone.
 */
function failureMessage(err: unknown): string {
  if (isUserError(err)) return err.message;
  if (isMissingCredentials(err)) {
    return `no AWS credentials (${errorMessage(err)}). Add aws-actions/configure-aws-credentials with role-to-assume before this step and give the job \`permissions: id-token: write\` (docs/github-workflows.md, "OIDC trust"); run the \`doctor\` command to check the role and the cluster access.`;
  }
  return errorMessage(err);
}

/**
 * A failure before the command could report anything itself: the job summary says so, and on a
 * pull request the plan's sticky comment is replaced by the failure, so an older plan does not
 * look current. Best effort: a failing report is a warning.
 */
async function reportFailure(text: string): Promise<void> {
  const settings = failureReportSettings((name) => core.getInput(name));
  let ctx: GitHubContext | undefined;
  try {
    ctx = await readGitHubContext();
  } catch {
    ctx = undefined;
  }
  const body = failureMarkdown(settings.command, text, ctx);
  try {
    await core.summary.addRaw(body).write();
  } catch (err) {
    say.warning(`could not write the job summary: ${errorMessage(err)}`);
  }
  if (settings.command !== 'plan' || !settings.comment || !settings.commentKey || !ctx?.pullRequest || !settings.token)
    return;
  core.setSecret(settings.token);
  const { postComment } = await import('./action/comment.js');
  await postComment(
    { token: settings.token, comment: true, commentKey: settings.commentKey },
    ctx,
    settings.commentKey,
    `<!-- eks-fargate-deploy:${settings.commentKey} -->\n${body}`,
  );
}

/** The failure as markdown: heading, the message in a block, the commit and the run. */
function failureMarkdown(command: string, text: string, ctx?: GitHubContext): string {
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const commit = ctx?.pullRequest?.headSha ?? ctx?.sha;
  return [
    `### ❌ eks-fargate-deploy ${command} failed`,
    '',
    fence,
    text,
    fence,
    '',
    [commit ? `Commit ${commit.slice(0, 12)}.` : '', ctx?.runUrl ? `[The run](${ctx.runUrl}).` : '']
      .filter((x) => x !== '')
      .join(' '),
    '',
  ].join('\n');
}
