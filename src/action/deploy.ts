/** `command: deploy`, `rollback` and `build` in the action: outputs, the job summary and the GitHub Deployment. */
import * as core from '@actions/core';
import { buildMarkdown, runBuildAndDeploy } from '../commands/build-and-deploy.js';
import { runBuild, type BuildOutcome } from '../commands/build.js';
import { errorMessage as message } from '../commands/credentials.js';
import { runDeploy, type DeployOutcome } from '../commands/deploy.js';
import { rollbackCancelNotice, runRollback } from '../commands/rollback.js';
import type { ActionConfig, GitHubSettings } from '../config/action.js';
import type { BuildConfig } from '../config/build.js';
import type { GitHubContext } from '../github/context.js';
import { GitHubDeployment, type DeploymentStatusUpdate } from '../github/deployment.js';
import { deployReport, renderDeployMarkdown } from '../report/deploy.js';
import { githubClient } from './comment.js';
import { annotate, cancelling, deps, RESTORE_PREVIOUS, say, STILL_RESTORING } from './log.js';

/** `command: deploy`; with build-images, the images are built and pushed first and the deploy is pinned to their digests. */
export async function deploy(c: Extract<ActionConfig, { command: 'deploy' }>, ctx: GitHubContext): Promise<void> {
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
      mask: (secret) => {
        core.setSecret(secret);
      },
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

/** `command: rollback`: a cancel stops a rollback only before its restore starts; the warning says which it did. */
export async function rollback(c: Extract<ActionConfig, { command: 'rollback' }>, ctx: GitHubContext): Promise<void> {
  let restoring: string | undefined;
  const go = (): Promise<DeployOutcome> =>
    runRollback(c.rollback, {
      ...deps((sig, again) => rollbackCancelNotice(sig, again, restoring)),
      onRestoring: (target) => {
        restoring = target;
      },
    });
  await deployOrRollback('rollback', c.rollback, c.github, ctx, go);
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
export async function build(config: BuildConfig): Promise<void> {
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
      mask: (secret) => {
        core.setSecret(secret);
      },
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
