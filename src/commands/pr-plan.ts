/**
 * The pull-request plan: render the release and diff it against the cluster, then fit the report
 * to each place it goes (the whole report in a file, the job summary, the sticky comment). The
 * action posts the comment; `plan --comment-md FILE` writes the same text locally.
 */
import { join } from 'node:path';
import type { PlanConfig } from '../config/plan.js';
import type { DeployConfig } from '../config/deploy.js';
import type { Finding } from '../findings.js';
import type { GitHubContext } from '../github/context.js';
import { diffCounts, hasChanges, liveDiff } from '../kube/diff.js';
import { KubeApiError } from '../kube/client.js';
import { ReleaseStore, type ReleaseRecord } from '../kube/release.js';
import {
  COMMENT_BUDGET,
  fitPlanReport,
  noChangesNote,
  SUMMARY_BUDGET,
  type PlanReportParts,
  type ReportTier,
} from '../report/budget.js';
import type { LiveDiffSection } from '../report/live-diff.js';
import { renderManifestSizing, sizeManifests } from '../report/manifest-sizing.js';
import { connect } from './connect.js';
import { errorMessage, isMissingCredentials } from './credentials.js';
import type { PlanOutcome } from './plan.js';
import { prepareRelease, type PreparedRelease } from './release-input.js';

/** Where the flow's lines go (the action's log, or the terminal). */
export interface PlanFlowLog {
  info(line: string): void;
  warning(text: string): void;
  notice(text: string, props: { title: string }): void;
}

/** The context a report links to: the run and the commit. */
export type PlanContext = Pick<GitHubContext, 'runUrl' | 'sha' | 'pullRequest' | 'eventName'>;

/**
 * Why the live diff cannot run in this run, if it cannot: a fork's pull request gets no secrets
 * and no OIDC token, so neither AWS credentials nor a kubeconfig secret are there.
 */
function liveDiffSkipReason(ctx: PlanContext): string | undefined {
  const pr = ctx.pullRequest;
  if (pr?.fork && ctx.eventName !== 'pull_request_target') {
    return `pull request #${pr.number} comes from the fork ${pr.headRepo ?? '(deleted)'}; runs of fork pull requests get no secrets and no OIDC token, so the cluster cannot be reached. Rendering, lint and pricing do not need it.`;
  }
  return undefined;
}

/**
 * The last deployed release, for the prune preview. Release records are Secrets, and the plan
 * role is read-only without Secrets (docs/permissions.md): a 403 here is not a failed plan, only a
 * diff that cannot show what prune would delete, said once as a notice.
 */
async function lastDeployedIfReadable(
  conn: { client: ConstructorParameters<typeof ReleaseStore>[0]; describe: string },
  live: DeployConfig,
  log: PlanFlowLog,
): Promise<ReleaseRecord | undefined> {
  try {
    return await new ReleaseStore(conn.client, live.namespace, live.release).lastDeployed();
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 403) {
      log.notice(
        `the plan cannot read release records (Secrets in namespace ${live.namespace}) on ${conn.describe}: ${errorMessage(err)}. The live diff goes on without them, so objects a prune would delete are not listed. The documented plan role has no Secrets on purpose (docs/permissions.md): listing them reads their values.`,
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
  ctx: PlanContext,
  log: PlanFlowLog,
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
    const previous = await lastDeployedIfReadable(conn, live, log);
    const diff = await liveDiff(conn.client, prepared.rendered.objects, {
      force: live.forceConflicts,
      prune: live.prune,
      ...(previous ? { previous } : {}),
    });
    const c = diffCounts(diff);
    log.info(
      `live diff against ${target}: ${c.create} to create, ${c.update} to update, ${c.delete} to delete, ${c.unchanged} unchanged`,
    );
    for (const o of diff.objects.filter((d) => d.error))
      log.warning(
        `dry run of ${o.key.kind} ${o.key.namespace ? `${o.key.namespace}/` : ''}${o.key.name}: ${o.error ?? ''}`,
      );
    return { kind: 'diff', diff, target };
  } catch (err) {
    if (isMissingCredentials(err))
      return {
        kind: 'skipped',
        reason: `no AWS credentials in this run (${errorMessage(err)}); the cluster cannot be reached. Rendering, lint and pricing do not need it.`,
      };
    log.warning(`live diff against ${target} failed: ${errorMessage(err)}`);
    return { kind: 'failed', target, error: errorMessage(err) };
  }
}

/** The release rendered from manifests, and its diff against the cluster (or why there is none). */
export async function renderAndDiff(
  live: DeployConfig,
  clusterless: boolean,
  ctx: PlanContext,
  log: PlanFlowLog,
  onFindings: (findings: readonly Finding[]) => void,
): Promise<{ prepared: PreparedRelease; section: LiveDiffSection }> {
  const prepared = await prepareRelease(live, 'preview');
  onFindings(prepared.findings);
  const section: LiveDiffSection = clusterless
    ? {
        kind: 'skipped',
        reason:
          'no cluster given (cluster-name and kubeconfig are empty): the manifests are rendered, checked, sized and priced; nothing is compared with a cluster.',
      }
    : await runLiveDiff(live, prepared, ctx, log);
  return { prepared, section };
}

/** What the plan report is made from. */
export interface PlanReportInput {
  /** The sticky comment's key (its marker). */
  key: string;
  /** Where the whole report is written (the comment and the summary link to it). */
  file: string;
  ctx: PlanContext;
  outcome?: PlanOutcome;
  prepared?: PreparedRelease;
  section?: LiveDiffSection;
}

/** The report fitted to each place, and the plan's verdict. */
export interface PlanReports {
  /** The whole report (for `file`). */
  full: string;
  /** The job summary (1 MiB). */
  summary: { text: string; tier: ReportTier };
  /** The sticky pull-request comment, marker included (65,536 characters). */
  comment: string;
  blockers: number;
  /** Something to create, update or delete (without a diff: something rendered). */
  changes: boolean;
}

/** The ECS plan's file, or a file in `dir` named after the comment key. */
export function defaultReportFile(plan: PlanConfig | undefined, dir: string, key: string): string {
  return plan?.reportMd ?? join(dir, `eks-fargate-deploy-plan-${key.replace(/[^A-Za-z0-9._-]/g, '_')}.md`);
}

/** Fit the plan report to the file, the job summary and the comment (same text for the CLI and the action). */
export function planReports(input: PlanReportInput): PlanReports {
  const { key, ctx, outcome, prepared, section } = input;
  const commit = ctx.pullRequest?.headSha ?? ctx.sha;
  const parts: PlanReportParts = {
    target: key,
    ...(section ? { liveDiff: section } : {}),
    ...(outcome ? { plan: outcome.result } : {}),
    ...(prepared ? { findings: prepared.findings } : {}),
    fullReport: { ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}), file: input.file },
    ...(commit ? { commit } : {}),
  };
  // Pod sizing and cost of the rendered manifests (the ECS plan has its own); small, so it is kept
  // whole at every budget tier.
  const sizing = prepared ? renderManifestSizing(sizeManifests(prepared.rendered.objects)) : '';
  const full = fitPlanReport(parts, { max: Infinity, unit: 'characters', what: 'a file' }).text + sizing;
  const fitted = fitPlanReport(parts, { ...SUMMARY_BUDGET, max: SUMMARY_BUDGET.max - Buffer.byteLength(sizing) });

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

  const commentSizing =
    sizing.length <= 8_000
      ? sizing
      : '### Pod sizing and cost (EKS Fargate)\n\nToo many workloads for the comment: the table is in the job summary.\n';
  const comment =
    section?.kind === 'diff' && !changes && quiet
      ? noChangesNote({
          marker: key,
          target: key,
          fullReport: parts.fullReport,
          unchanged: section.diff.objects.length,
          where: section.target,
          ...(parts.commit ? { commit: parts.commit } : {}),
        })
      : fitPlanReport({ ...parts, marker: key }, { ...COMMENT_BUDGET, max: COMMENT_BUDGET.max - commentSizing.length })
          .text + commentSizing;
  return { full, summary: { text: fitted.text + sizing, tier: fitted.tier }, comment, blockers, changes };
}
