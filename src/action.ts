import * as core from '@actions/core';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMarkdown, runBuildAndDeploy } from './commands/build-and-deploy.js';
import { runBuild, type BuildOutcome } from './commands/build.js';
import { connect } from './commands/connect.js';
import { doctorLines, doctorMarkdown, runDoctor, type DoctorConfig, type DoctorReport } from './commands/doctor.js';
import { runCutover, type CutoverOutcome } from './commands/cutover.js';
import { runParity, type ParityOutcome } from './commands/parity.js';
import { runDeploy, type DeployOutcome } from './commands/deploy.js';
import { runPlan, type PlanOutcome } from './commands/plan.js';
import { prepareRelease, type PreparedRelease } from './commands/release-input.js';
import { rollbackCancelNotice, runRollback } from './commands/rollback.js';
import {
  actionConfigFromInputs,
  failureReportSettings,
  type ActionConfig,
  type GitHubSettings,
} from './config/action.js';
import type { BuildConfig } from './config/build.js';
import type { CutoverConfig, ParityConfig } from './config/cutover.js';
import type { DeployConfig } from './config/deploy.js';
import { parityLines } from './cutover/report.js';
import { isOperationalError, isUserError } from './errors.js';
import type { Finding } from './findings.js';
import { GitHubClient } from './github/client.js';
import { upsertStickyComment } from './github/comment.js';
import { readGitHubContext, type GitHubContext } from './github/context.js';
import { GitHubDeployment, type DeploymentStatusUpdate } from './github/deployment.js';
import { diffCounts, hasChanges, liveDiff } from './kube/diff.js';
import { KubeApiError } from './kube/client.js';
import { ReleaseStore, type ReleaseRecord } from './kube/release.js';
import { COMMENT_BUDGET, fitPlanReport, noChangesNote, SUMMARY_BUDGET, type PlanReportParts } from './report/budget.js';
import { deployReport, renderDeployMarkdown } from './report/deploy.js';
import { renderManifestSizing, sizeManifests } from './report/manifest-sizing.js';
import type { LiveDiffSection } from './report/live-diff.js';
import { neutraliseLogLine, stripControls } from './report/log-line.js';

/**
 * The one place the action writes to the log. Plain lines cannot command the runner (a line
 * starting with `::` is escaped), and no text carries ANSI escapes, control or bidi characters;
 * annotations and the failure message are workflow commands whose data @actions/core escapes.
 */
const say = {
  info: (line: string): void => core.info(neutraliseLogLine(line)),
  warning: (text: string, props?: core.AnnotationProperties): void =>
    core.warning(stripControls(text), cleanProps(props)),
  error: (text: string, props?: core.AnnotationProperties): void => core.error(stripControls(text), cleanProps(props)),
  notice: (text: string, props?: core.AnnotationProperties): void =>
    core.notice(stripControls(text), cleanProps(props)),
  failed: (text: string): void => core.setFailed(stripControls(text)),
};

function cleanProps(props: core.AnnotationProperties | undefined): core.AnnotationProperties | undefined {
  if (!props) return undefined;
  return {
    ...props,
    ...(props.title !== undefined ? { title: stripControls(props.title) } : {}),
    ...(props.file !== undefined ? { file: stripControls(props.file) } : {}),
  };
}

/** The GitHub Action: read inputs once, run the command, set outputs, fail once at the end. */
export async function run(): Promise<void> {
  try {
    const config = actionConfigFromInputs((name) => core.getInput(name));
    if (config.github.token) core.setSecret(config.github.token);
    const ctx = await readGitHubContext();

    switch (config.command) {
      case 'plan':
        return await plan(config, ctx);
      case 'deploy':
        return await deploy(config, ctx);
      case 'rollback': {
        // A cancel stops a rollback only before its restore starts; the warning says which it did.
        let restoring: string | undefined;
        const go = (): Promise<DeployOutcome> =>
          runRollback(config.rollback, {
            ...deps((sig, again) => rollbackCancelNotice(sig, again, restoring)),
            onRestoring: (target) => (restoring = target),
          });
        return await deployOrRollback('rollback', config.rollback, config.github, ctx, go);
      }
      case 'build':
        return await build(config.build);
      case 'parity':
        return await parity(config.parity);
      case 'cutover':
        return await cutover(config.cutover);
      case 'doctor':
        return await doctor(config.doctor);
    }
  } catch (err) {
    const text = failureMessage(err);
    // The stack of an unexpected error goes to the debug log (ACTIONS_STEP_DEBUG), never the annotation.
    const expected: boolean = isUserError(err) || isOperationalError(err);
    if (!expected && err instanceof Error && err.stack) core.debug(err.stack);
    await reportFailure(text);
    say.failed(text);
  } finally {
    for (const dispose of signalHandlers.splice(0)) dispose();
  }
}

/**
 * The one message of a failed run: what went wrong and what to do. Input errors name the input;
 * missing AWS credentials say which step gives them; anything else is its message alone.
 */
function failureMessage(err: unknown): string {
  if (isUserError(err)) return err.message;
  if (isMissingCredentials(err)) {
    return `no AWS credentials (${message(err)}). Add aws-actions/configure-aws-credentials with role-to-assume before this step and give the job \`permissions: id-token: write\` (docs/github-workflows.md, "OIDC trust"); run the \`doctor\` command to check the role and the cluster access.`;
  }
  return message(err);
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
    say.warning(`could not write the job summary: ${message(err)}`);
  }
  if (settings.command !== 'plan' || !settings.comment || !settings.commentKey || !ctx?.pullRequest || !settings.token)
    return;
  core.setSecret(settings.token);
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

/** `command: deploy`; with build-images, the images are built and pushed first and the deploy is pinned to their digests. */
async function deploy(c: Extract<ActionConfig, { command: 'deploy' }>, ctx: GitHubContext): Promise<void> {
  const images = c.build;
  if (!images)
    return deployOrRollback('deploy', c.deploy, c.github, ctx, () =>
      runDeploy(c.deploy, deps(cancelling(RESTORE_PREVIOUS, STILL_RESTORING))),
    );
  let built: BuildOutcome | undefined;
  const go = async (): Promise<DeployOutcome> => {
    const r = await runBuildAndDeploy(c.deploy, images, {
      ...deps(
        cancelling(
          `a running build stops (nothing is applied); after apply, the previous release is restored`,
          `still cancelling: a running build stops; a restore of the previous release that has started is not stopped half way, which would leave neither release running`,
        ),
      ),
      mask: (secret) => core.setSecret(secret),
      onBuilt: (outcome) => {
        built = outcome;
        core.endGroup();
        setBuildOutputs(outcome);
        core.startGroup('deploy');
      },
    });
    return r.deploy;
  };
  await deployOrRollback('deploy', c.deploy, c.github, ctx, go, {
    group: 'build',
    summaryBefore: () => (built ? buildMarkdown(built) : ''),
  });
}

/** Findings as annotations on the file and line they come from. */
function annotate(findings: readonly Finding[]): void {
  for (const f of findings) {
    const line = (f as { line?: unknown }).line;
    const props = f.file
      ? {
          file: f.file,
          title: `${f.code}${f.container ? ` (${f.container})` : ''}`,
          ...(typeof line === 'number' ? { startLine: line } : {}),
        }
      : {};
    const text = `${f.field ? `${f.field}: ` : ''}${f.message}`;
    if (f.severity === 'blocker') say.error(text, props);
    else if (f.severity === 'warning') say.warning(text, props);
  }
}

function githubClient(settings: GitHubSettings, ctx: GitHubContext): GitHubClient | undefined {
  return settings.token ? new GitHubClient({ apiUrl: ctx.apiUrl, token: settings.token }) : undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Why the live diff cannot run in this run, if it cannot: a fork's pull request gets no secrets
 * and no OIDC token, so neither AWS credentials nor a kubeconfig secret are there.
 */
function liveDiffSkipReason(ctx: GitHubContext): string | undefined {
  const pr = ctx.pullRequest;
  if (pr?.fork && ctx.eventName !== 'pull_request_target') {
    return `pull request #${pr.number} comes from the fork ${pr.headRepo ?? '(deleted)'}; runs of fork pull requests get no secrets and no OIDC token, so the cluster cannot be reached. Rendering, lint and pricing do not need it.`;
  }
  return undefined;
}

/** Credential problems mean "cannot look", not "the cluster is broken". */
function isMissingCredentials(err: unknown): boolean {
  const name = err instanceof Error ? err.name : '';
  return (
    name === 'CredentialsProviderError' ||
    /Could not load credentials|credentials? (is|are) missing|no credentials/i.test(message(err))
  );
}

/**
 * The last deployed release, for the prune preview. Release records are Secrets, and the plan
 * role is read-only without Secrets (docs/permissions.md): a 403 here is not a failed plan, only a
 * diff that cannot show what prune would delete, said once as a notice.
 */
async function lastDeployedIfReadable(
  conn: { client: ConstructorParameters<typeof ReleaseStore>[0]; describe: string },
  live: DeployConfig,
): Promise<ReleaseRecord | undefined> {
  try {
    return await new ReleaseStore(conn.client, live.namespace, live.release).lastDeployed();
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 403) {
      say.notice(
        `the plan cannot read release records (Secrets in namespace ${live.namespace}) on ${conn.describe}: ${message(err)}. The live diff goes on without them, so objects a prune would delete are not listed. The documented plan role has no Secrets on purpose (docs/permissions.md): listing them reads their values.`,
        { title: 'Live diff without release history' },
      );
      return undefined;
    }
    throw err;
  }
}

async function runLiveDiff(
  live: DeployConfig,
  prepared: PreparedRelease,
  ctx: GitHubContext,
): Promise<LiveDiffSection> {
  const skip = liveDiffSkipReason(ctx);
  if (skip) return { kind: 'skipped', reason: skip };
  let target =
    live.cluster.kind === 'eks'
      ? `EKS cluster ${live.cluster.clusterName} (${live.cluster.region})`
      : `kubeconfig ${live.cluster.path ?? '(default)'}`;
  try {
    const conn = await connect(live.cluster);
    target = conn.describe;
    const previous = await lastDeployedIfReadable(conn, live);
    const diff = await liveDiff(conn.client, prepared.rendered.objects, {
      force: live.forceConflicts,
      prune: live.prune,
      ...(previous ? { previous } : {}),
    });
    const c = diffCounts(diff);
    say.info(
      `live diff against ${target}: ${c.create} to create, ${c.update} to update, ${c.delete} to delete, ${c.unchanged} unchanged`,
    );
    for (const o of diff.objects.filter((d) => d.error))
      say.warning(`dry run of ${o.key.kind} ${o.key.namespace ? `${o.key.namespace}/` : ''}${o.key.name}: ${o.error}`);
    return { kind: 'diff', diff, target };
  } catch (err) {
    if (isMissingCredentials(err))
      return {
        kind: 'skipped',
        reason: `no AWS credentials in this run (${message(err)}); the cluster cannot be reached. Rendering, lint and pricing do not need it.`,
      };
    say.warning(`live diff against ${target} failed: ${message(err)}`);
    return { kind: 'failed', target, error: message(err) };
  }
}

async function plan(config: Extract<ActionConfig, { command: 'plan' }>, ctx: GitHubContext): Promise<void> {
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
      prepared = await prepareRelease(config.live, 'preview');
      annotate(prepared.findings);
      section = config.clusterless
        ? {
            kind: 'skipped',
            reason:
              'no cluster given (cluster-name and kubeconfig are empty): the manifests are rendered, checked, sized and priced; nothing is compared with a cluster.',
          }
        : await runLiveDiff(config.live, prepared, ctx);
    } finally {
      core.endGroup();
    }
  }

  const key = config.github.commentKey;
  const file =
    config.plan?.reportMd ?? join(temp, `eks-fargate-deploy-plan-${key.replace(/[^A-Za-z0-9._-]/g, '_')}.md`);
  const parts: PlanReportParts = {
    target: key,
    ...(section ? { liveDiff: section } : {}),
    ...(outcome ? { plan: outcome.result } : {}),
    ...(prepared ? { findings: prepared.findings } : {}),
    fullReport: { ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}), file },
    ...(ctx.pullRequest?.headSha || ctx.sha ? { commit: (ctx.pullRequest?.headSha ?? ctx.sha)! } : {}),
  };
  // Pod sizing and cost of the rendered manifests (the ECS plan has its own); small, so it is kept
  // whole at every budget tier.
  const sizing = prepared ? renderManifestSizing(sizeManifests(prepared.rendered.objects)) : '';
  const full = fitPlanReport(parts, { max: Infinity, unit: 'characters', what: 'a file' }).text + sizing;
  await writeFile(file, full);
  core.setOutput('report-markdown', file);
  const summary = fitPlanReport(parts, { ...SUMMARY_BUDGET, max: SUMMARY_BUDGET.max - Buffer.byteLength(sizing) });
  await core.summary.addRaw(summary.text + sizing).write();
  if (summary.tier !== 'full')
    say.info(`job summary shortened (${summary.tier}) to fit 1 MiB; the whole report is ${file}`);

  const blockers =
    (outcome?.result.findings ?? []).filter((f) => f.severity === 'blocker').length +
    (prepared?.findings ?? []).filter((f) => f.severity === 'blocker').length;
  const quiet =
    (outcome
      ? outcome.result.errors.length === 0 && !outcome.result.findings.some((f) => f.severity !== 'info')
      : true) && !(prepared?.findings ?? []).some((f) => f.severity !== 'info');
  const changes =
    section?.kind === 'diff'
      ? hasChanges(section.diff)
      : (outcome?.objects.length ?? 0) > 0 || (prepared?.rendered.objects.length ?? 0) > 0;
  core.setOutput('blockers', String(blockers));
  core.setOutput('has-changes', String(changes));

  if (config.github.comment) {
    const commentSizing =
      sizing.length <= 8_000
        ? sizing
        : '### Pod sizing and cost (EKS Fargate)\n\nToo many workloads for the comment: the table is in the job summary.\n';
    const body =
      section?.kind === 'diff' && !changes && quiet
        ? noChangesNote({
            marker: key,
            target: key,
            fullReport: parts.fullReport,
            unchanged: section.diff.objects.length,
            where: section.target,
            ...(parts.commit ? { commit: parts.commit } : {}),
          })
        : fitPlanReport(
            { ...parts, marker: key },
            { ...COMMENT_BUDGET, max: COMMENT_BUDGET.max - commentSizing.length },
          ).text + commentSizing;
    await postComment(config.github, ctx, key, body);
  }

  if (outcome?.exitCode === 1) say.failed(`plan: ${outcome.result.errors.length} input error(s)`);
  else if (blockers > 0) say.failed(`plan: ${blockers} Fargate blocker(s) found`);
}

/** The sticky comment; a failure is a warning and never changes the plan's result. */
async function postComment(settings: GitHubSettings, ctx: GitHubContext, key: string, body: string): Promise<void> {
  const gh = githubClient(settings, ctx);
  if (!ctx.pullRequest) {
    say.info('not a pull request run: no comment (the report is in the job summary)');
    return;
  }
  if (!gh || !ctx.repository) {
    say.warning(
      `no comment on pull request #${ctx.pullRequest.number}: ${!gh ? 'the github-token input is empty' : 'GITHUB_REPOSITORY is not set'}; the report is in the job summary`,
    );
    return;
  }
  try {
    const r = await upsertStickyComment(gh, ctx.repository, ctx.pullRequest.number, key, body);
    say.info(
      `pull request comment ${r.action}${r.url ? `: ${r.url}` : ` (id ${r.id})`}${r.duplicatesDeleted > 0 ? `; ${r.duplicatesDeleted} duplicate(s) deleted` : ''}`,
    );
  } catch (err) {
    const hint = ctx.pullRequest.fork
      ? ' (the GITHUB_TOKEN of a fork pull request is read-only)'
      : ' (the job needs `permissions: pull-requests: write`)';
    say.warning(`could not write the pull request comment: ${message(err)}${hint}; the report is in the job summary`);
  }
}

const RESTORE_PREVIOUS = 'whatever was applied is rolled back to the previous release';
const STILL_RESTORING =
  'still restoring the previous release; not stopping half way, which would leave neither release running';

/** The warning for a signal; `again` when one came before. */
type CancelNotice = (sig: NodeJS.Signals, again: boolean) => string;

/** `then`: what the first signal does; `still`: what a repeated one is told is still going on. */
function cancelling(then: string, still: string): CancelNotice {
  return (sig, again) => (again ? `received ${sig} again: ${still}` : `received ${sig}: cancelling; ${then}`);
}

/** Removers of the signal handlers {@link deps} installed; run() removes them when it ends. */
const signalHandlers: (() => void)[] = [];

/**
 * Cancellation: the runner sends SIGINT then SIGTERM when a run is cancelled, and a repeated
 * cancel sends more. The first aborts; every one is a warning and none ends the process: the
 * later ones arrive while a release is being restored (or traffic moved back), and stopping that
 * half way would leave neither running. The runner's SIGKILL still stops it.
 */
function deps(notice: CancelNotice): {
  log: (line: string) => void;
  signal: AbortSignal;
  mask: (secret: string) => void;
} {
  const ctrl = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    say.warning(notice(sig, ctrl.signal.aborted));
    if (!ctrl.signal.aborted) ctrl.abort(new Error(`cancelled by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  signalHandlers.push(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
  return { log: (line) => say.info(line), signal: ctrl.signal, mask: (secret) => core.setSecret(secret) };
}

/** A GitHub Deployment that never fails the run: every API error is a warning. */
class DeploymentTracker {
  private deployment: GitHubDeployment | undefined;

  static async start(
    command: 'deploy' | 'rollback',
    target: { release: string; namespace: string },
    settings: GitHubSettings,
    ctx: GitHubContext,
  ): Promise<DeploymentTracker> {
    const t = new DeploymentTracker(ctx);
    const gh = githubClient(settings, ctx);
    if (!settings.environment) return t;
    if (!gh || !ctx.repository || !ctx.sha) {
      say.warning(
        `no GitHub Deployment for environment ${settings.environment}: ${!gh ? 'the github-token input is empty' : !ctx.repository ? 'GITHUB_REPOSITORY is not set' : 'GITHUB_SHA is not set'}`,
      );
      return t;
    }
    try {
      t.deployment = await GitHubDeployment.create(gh, ctx.repository, {
        ref: ctx.sha,
        environment: settings.environment,
        task: command === 'deploy' ? 'deploy' : 'deploy:rollback',
        description: `${command === 'deploy' ? 'deploy' : 'rollback'} of release ${target.release} (namespace ${target.namespace})`,
        payload: { release: target.release, namespace: target.namespace, rollback: command === 'rollback' },
      });
      await t.set({ state: 'in_progress', description: `${command} running` });
      say.info(`GitHub Deployment ${t.deployment.id} for environment ${settings.environment}`);
    } catch (err) {
      say.warning(
        `could not create the GitHub Deployment for environment ${settings.environment}: ${message(err)} (the job needs \`permissions: deployments: write\`); the ${command} goes on`,
      );
      t.deployment = undefined;
    }
    return t;
  }

  private constructor(private readonly ctx: GitHubContext) {}

  async set(s: DeploymentStatusUpdate): Promise<void> {
    if (!this.deployment) return;
    try {
      await this.deployment.setStatus({ ...(this.ctx.runUrl ? { logUrl: this.ctx.runUrl } : {}), ...s });
    } catch (err) {
      say.warning(`could not set the GitHub Deployment status to ${s.state}: ${message(err)}`);
    }
  }
}

async function deployOrRollback(
  command: 'deploy' | 'rollback',
  config: { release: string; namespace: string },
  settings: GitHubSettings,
  ctx: GitHubContext,
  go: () => Promise<DeployOutcome>,
  options: { group?: string; summaryBefore?: () => string } = {},
): Promise<void> {
  const deployment = await DeploymentTracker.start(command, config, settings, ctx);
  core.startGroup(options.group ?? command);
  let out: DeployOutcome;
  try {
    out = await go();
  } catch (err) {
    await deployment.set({
      state: 'error',
      description: `${command} failed before anything was applied: ${message(err)}`,
    });
    throw err;
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
  const ok = out.exitCode === 0;
  if (ok)
    await deployment.set({
      state: 'success',
      description: out.message,
      ...(out.urls[0] ? { environmentUrl: out.urls[0] } : {}),
    });
  else
    await deployment.set({
      state: 'failure',
      description: out.rolledBack ? `rolled back: ${out.message}` : out.message,
    });
  const report = deployReport(command, out, {
    release: config.release,
    namespace: config.namespace,
    ...(settings.environment ? { environment: settings.environment } : {}),
    ...(ctx.sha ? { commit: ctx.sha } : {}),
    ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
  });
  await core.summary.addRaw(`${options.summaryBefore?.() ?? ''}${renderDeployMarkdown(report)}`).write();
  if (!ok) say.failed(`${command}: ${out.message}`);
}

/** `built` and `skipped`: JSON lists of image names, for `if:` conditions of later steps. */
function setBuildOutputs(out: BuildOutcome): void {
  core.setOutput('built', JSON.stringify(out.images.filter((i) => i.status === 'built').map((i) => i.name)));
  core.setOutput('skipped', JSON.stringify(out.images.filter((i) => i.status === 'skipped').map((i) => i.name)));
  for (const w of out.warnings) say.warning(w);
  annotate(out.findings);
}

/** `command: build`: build and push, skipping what the registry has; outputs the digests. */
async function build(config: BuildConfig): Promise<void> {
  core.startGroup('build');
  let out: BuildOutcome;
  try {
    out = await runBuild(config, {
      ...deps(
        cancelling(
          'the build stops; its registry login is removed',
          'still stopping the build and removing its registry login',
        ),
      ),
      mask: (secret) => core.setSecret(secret),
    });
  } finally {
    core.endGroup();
  }
  setBuildOutputs(out);
  core.setOutput('images', JSON.stringify(out.images));
  core.setOutput('status', out.status);
  await core.summary.addRaw(buildMarkdown(out)).write();
  if (out.status !== 'ok')
    say.failed(
      `build: the scan gate found ${out.findings.length} vulnerabilit${out.findings.length === 1 ? 'y' : 'ies'} at or above ${config.scanGate?.severity ?? 'its threshold'} (the images are pushed)`,
    );
}

/** `command: parity`: compare the ECS and EKS services; fails when they differ. */
async function parity(config: ParityConfig): Promise<void> {
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

/** `command: doctor`: claims, trust policy and one pass/fail line per check; fails when one fails. */
async function doctor(config: DoctorConfig): Promise<void> {
  core.startGroup(`doctor: the access of the ${config.workflow} workflow`);
  let report: DoctorReport;
  try {
    report = await runDoctor(config, { env: process.env, mask: (secret) => core.setSecret(secret) });
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

/** `command: cutover`: parity, then Route 53 weights step by step; a failed gate or a cancel reverts. */
async function cutover(config: CutoverConfig): Promise<void> {
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
