/**
 * Size budgets of what GitHub shows, and the plan report fitted to them in tiers. GitHub refuses a
 * comment body over 65,536 characters and drops a step's job summary over 1 MiB, so a report that
 * is too big is shortened, most detail first: full → per-object diffs cut → object list only →
 * a link to where the whole report is. Every tier is built whole (never cut as text), so code
 * fences and `<details>` are always closed.
 */
import { sortFindings, type Finding } from '../findings.js';
import type { PlanResult } from './model.js';
import { renderPlanMarkdown, GITHUB_COMMENT_MAX_LENGTH, formatNumber } from './markdown.js';
import { codeSpan, escapeMarkdown, escapeTableCell } from './escape.js';
import { diffSummary, longestDiff, renderLiveDiffSection, type LiveDiffSection } from './live-diff.js';

/** A size limit and how it is counted. */
export interface Budget {
  max: number;
  unit: 'characters' | 'bytes';
  /** What the limit is, for the text of the link tier. */
  what: string;
}

/** A pull-request comment: 65,536 characters. */
export const COMMENT_BUDGET: Budget = {
  max: GITHUB_COMMENT_MAX_LENGTH,
  unit: 'characters',
  what: 'a pull-request comment',
};
/** A step's job summary: 1 MiB. */
export const SUMMARY_BUDGET: Budget = { max: 1024 * 1024, unit: 'bytes', what: 'a job summary' };

/** The size of `text` in the budget's unit. */
export function measure(text: string, budget: Budget): number {
  return budget.unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}

/** How much a report shows; see the module comment. */
export type ReportTier = 'full' | 'diffs-cut' | 'list-only' | 'link';

/** What a plan report is made of. */
export interface PlanReportParts {
  /** The sticky comment key, written as the hidden marker on the first line. */
  marker?: string;
  /** The target, e.g. the environment or namespace, shown in the heading. */
  target: string;
  liveDiff?: LiveDiffSection;
  /** The ECS migration plan, when ECS inputs were given. */
  plan?: PlanResult;
  /** Lint and schema findings of the rendered release (manifests), shown as a table. */
  findings?: Finding[];
  /** Where the whole report is: the run (its job summary) and the file written on the runner. */
  fullReport: { runUrl?: string; file?: string };
  commit?: string;
}

/** A fitted report. */
export interface FittedReport {
  text: string;
  tier: ReportTier;
}

function markerLine(marker: string | undefined): string[] {
  return marker === undefined ? [] : [`<!-- eks-fargate-deploy:${marker} -->`];
}

function heading(parts: PlanReportParts): string[] {
  return [`## eks-fargate-deploy plan for ${codeSpan(parts.target)}`, ''];
}

function footer(parts: PlanReportParts): string[] {
  const bits = [
    ...(parts.commit ? [`commit ${codeSpan(parts.commit.slice(0, 12))}`] : []),
    ...(parts.fullReport.runUrl ? [`[workflow run](${parts.fullReport.runUrl})`] : []),
  ];
  return bits.length > 0 ? ['---', `<sub>eks-fargate-deploy · ${bits.join(' · ')}</sub>`, ''] : [];
}

function shortenedNote(tier: ReportTier, parts: PlanReportParts, budget: Budget): string[] {
  if (tier === 'full') return [];
  const where = wholeReportWhere(parts, budget);
  const what = tier === 'diffs-cut' ? 'per-object diffs are cut' : 'per-object diffs are left out';
  return [
    `> [!NOTE]`,
    `> Shortened to fit ${budget.what} (${formatNumber(budget.max)} ${budget.unit}): ${what}.${where ? ` ${where}` : ''}`,
    '',
  ];
}

function wholeReportWhere(parts: PlanReportParts, budget: Budget): string {
  const file = parts.fullReport.file
    ? `the file ${codeSpan(parts.fullReport.file)} on the runner (output \`report-markdown\`; upload it with actions/upload-artifact to keep it)`
    : '';
  if (budget === SUMMARY_BUDGET || !parts.fullReport.runUrl) return file ? `The whole report is ${file}.` : '';
  return `The whole report is in the job summary of the [workflow run](${parts.fullReport.runUrl})${file ? ` and ${file}` : ''}.`;
}

/** Rows of the findings table in a shortened report. */
const SHORT_FINDING_ROWS = 50;

function findingsSection(findings: readonly Finding[] | undefined, tier: ReportTier): string[] {
  const shown = sortFindings((findings ?? []).filter((f) => f.severity !== 'info'));
  if (findings === undefined) return [];
  if (shown.length === 0) return ['### Manifest lint', '', 'No blockers or warnings in the rendered manifests.', ''];
  const limit = tier === 'full' ? shown.length : SHORT_FINDING_ROWS;
  const rows = shown.slice(0, limit).map((f) => {
    const line = (f as { line?: unknown }).line;
    const where = f.file ? codeSpan(`${f.file}${typeof line === 'number' ? `:${line}` : ''}`, { table: true }) : '—';
    return `| ${f.severity === 'blocker' ? '❌ blocker' : '⚠️ warning'} | ${f.workload ? escapeTableCell(f.workload) : '—'} | ${f.field ? codeSpan(f.field, { table: true }) : '—'} | ${escapeTableCell(f.message)} | ${where} |`;
  });
  if (shown.length > limit) rows.push(`| … ${shown.length - limit} more not shown | | | | |`);
  return [
    '### Manifest lint',
    '',
    '| Severity | Workload | Field | Message | File |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

function compose(
  parts: PlanReportParts,
  tier: ReportTier,
  budget: Budget,
  linesPerObject: number,
  planText: string | undefined,
): string {
  const out = [...markerLine(parts.marker), ...heading(parts), ...shortenedNote(tier, parts, budget)];
  if (parts.liveDiff) out.push(...renderLiveDiffSection(parts.liveDiff, { linesPerObject }));
  out.push(...findingsSection(parts.findings, tier));
  if (planText) out.push(planText.replace(/\n+$/, ''), '');
  out.push(...footer(parts));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** The plan markdown at most `room` long in the budget's unit (bytes: shrunk until it fits), or undefined when it cannot be. */
function planWithin(plan: PlanResult, room: number, budget: Budget): string | undefined {
  let maxLength = room;
  for (let i = 0; i < 6 && maxLength > 0; i++) {
    let text: string;
    try {
      text = renderPlanMarkdown(plan, { maxLength });
    } catch (err) {
      if (err instanceof RangeError) return undefined;
      throw err;
    }
    const size = measure(text, budget);
    if (size <= room) return text;
    maxLength -= size - room;
  }
  return undefined;
}

/** The shortest report: what would change in counts, and where the whole report is. */
function linkOnly(parts: PlanReportParts, budget: Budget, fullSize: number): string {
  const out = [...markerLine(parts.marker), ...heading(parts)];
  if (parts.liveDiff?.kind === 'diff') out.push(`Live diff: **${diffSummary(parts.liveDiff.diff)}**.`, '');
  if (parts.plan) {
    const blockers = parts.plan.findings.filter((f) => f.severity === 'blocker').length;
    out.push(
      `Migration plan: ${parts.plan.workloads.length} workload(s), **${blockers} blocker(s)**, ${parts.plan.errors.length} input error(s).`,
      '',
    );
  }
  const where = wholeReportWhere(parts, budget);
  out.push(
    `⚠️ The report has ${formatNumber(fullSize)} ${budget.unit}, more than ${budget.what} can hold (${formatNumber(budget.max)}).${where ? ` ${where}` : ''}`,
    '',
  );
  out.push(...footer(parts));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/**
 * The plan report in the most detailed tier that fits `budget`. In the cut tier the ECS plan keeps
 * at most half the budget (it shortens itself, see `renderPlanMarkdown`) and the per-object diffs
 * get the largest line count that fits the rest.
 */
export function fitPlanReport(parts: PlanReportParts, budget: Budget): FittedReport {
  const fullPlan = parts.plan ? renderPlanMarkdown(parts.plan) : undefined;
  const full = compose(parts, 'full', budget, Infinity, fullPlan);
  const fullSize = measure(full, budget);
  if (fullSize <= budget.max) return { text: full, tier: 'full' };

  const fixed = (tier: ReportTier, lines: number): number =>
    measure(compose(parts, tier, budget, lines, undefined), budget);
  const planFor = (tier: ReportTier, lines: number, cap: number): string | undefined | null => {
    if (!parts.plan) return undefined;
    const room = Math.min(cap, budget.max - fixed(tier, lines) - 2);
    return room > 0 ? (planWithin(parts.plan, room, budget) ?? null) : null;
  };

  const longest = parts.liveDiff ? longestDiff(parts.liveDiff) : 0;
  if (longest > 1) {
    const half = Math.floor(budget.max / 2);
    const fitsWith = (lines: number): string | undefined => {
      const planText = planFor('diffs-cut', lines, half);
      if (planText === null) return undefined;
      const text = compose(parts, 'diffs-cut', budget, lines, planText);
      return measure(text, budget) <= budget.max ? text : undefined;
    };
    // Largest line count that fits, by bisection: the size grows with the lines.
    let lo = 0;
    let hi = longest;
    let best: string | undefined;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const text = fitsWith(mid);
      if (text !== undefined) {
        lo = mid;
        best = text;
      } else hi = mid;
    }
    if (best !== undefined) return { text: best, tier: 'diffs-cut' };
  }

  const planText = planFor('list-only', 0, budget.max);
  if (planText !== null) {
    const text = compose(parts, 'list-only', budget, 0, planText);
    if (measure(text, budget) <= budget.max) return { text, tier: 'list-only' };
  }
  return { text: linkOnly(parts, budget, fullSize), tier: 'link' };
}

/**
 * The short note that replaces the report when the deploy would change nothing and the plan has
 * nothing to say (no blockers, warnings or input errors).
 */
export function noChangesNote(
  parts: Pick<PlanReportParts, 'marker' | 'target' | 'fullReport' | 'commit'> & { unchanged: number; where: string },
): string {
  const out = [
    ...markerLine(parts.marker),
    `## eks-fargate-deploy plan for ${codeSpan(parts.target)}`,
    '',
    `✅ No changes: the ${parts.unchanged} object(s) of this release are already live as they are in ${escapeMarkdown(parts.where)}.`,
    '',
    ...footer({ ...parts }),
  ];
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
