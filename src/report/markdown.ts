import { Severity, sortFindings, type Finding } from '../findings.js';
import { codeSpan, escapeHtml, escapeMarkdown, escapeTableCell } from './escape.js';
import { buildTrafficDiagram, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT } from './mermaid.js';
import { costSection } from './cost-section.js';
import { costChange, count, formatNumber, formatUsd, limitRows, row, type Detail } from './markdown-format.js';
import type { PlanResult } from './model.js';

export { formatNumber, formatSignedUsd, formatUsd } from './markdown-format.js';

/** Options of {@link renderPlanMarkdown}. */
export interface PlanMarkdownOptions {
  /** Heading of the report. Default: `EKS Fargate migration plan`. */
  title?: string;
  /**
   * Written first as `<!-- eks-fargate-deploy:<marker> -->`, so the comment poster can find and
   * update its own sticky comment. Letters, digits and `. _ : / -` only.
   */
  marker?: string;
  /**
   * Most characters the text may have, e.g. {@link GITHUB_COMMENT_MAX_LENGTH} for a PR comment.
   * A longer report is shortened in steps until it fits: first the per-workload mapping tables,
   * the info findings and the object list go, then the diagram, then rows of the long tables
   * (the totals always stay), each cut said in the text. Default: no limit.
   */
  maxLength?: number;
}

/** GitHub refuses an issue or pull-request comment body longer than this. */
export const GITHUB_COMMENT_MAX_LENGTH = 65_536;

/** The title used when none is given. */
const DEFAULT_PLAN_TITLE = 'EKS Fargate migration plan';

const SEVERITY_LABEL: Record<Severity, string> = {
  blocker: '❌ blocker',
  warning: '⚠️ warning',
  info: 'ℹ️ info',
};

/**
 * The markdown migration plan, later posted as a sticky PR comment and a job summary:
 * summary line, input errors, blockers and warnings, the ECS → Kubernetes mapping per workload,
 * sizing and monthly cost with totals, the traffic diagram, and the emitted objects.
 *
 * Pure and deterministic: no clock, no locale-dependent formatting. Every name, file, field and
 * message is escaped (see `./escape.ts`), so a workload called `a|b` or a message quoting
 * `@octocat` or `</details>` neither breaks the layout nor notifies anyone.
 *
 * @throws RangeError when `options.marker` holds characters that could end the HTML comment, or
 *   when `options.maxLength` is too small for even the shortest report (title, summary, totals).
 */
export function renderPlanMarkdown(plan: PlanResult, options: PlanMarkdownOptions = {}): string {
  const max = options.maxLength ?? Infinity;
  const allRows = Math.max(plan.findings.length, plan.errors.length, plan.workloads.length);
  const steps: Detail[] = [
    { full: true, diagram: true, rows: allRows },
    { full: false, diagram: true, rows: allRows },
    { full: false, diagram: false, rows: allRows },
  ];
  for (const detail of steps) {
    const text = renderWith(plan, options, detail);
    if (text.length <= max) return text;
  }
  // Largest row count that fits, by bisection: the length grows with the rows.
  let fits = -1;
  let tooMany = allRows;
  while (tooMany - fits > 1) {
    const mid = Math.floor((fits + tooMany) / 2);
    if (renderWith(plan, options, { full: false, diagram: false, rows: mid }).length <= max) fits = mid;
    else tooMany = mid;
  }
  if (fits < 0) {
    const needed = renderWith(plan, options, { full: false, diagram: false, rows: 0 }).length;
    throw new RangeError(`report maxLength ${max} is too small: the shortest plan report has ${needed} characters`);
  }
  return renderWith(plan, options, { full: false, diagram: false, rows: fits });
}

function renderWith(plan: PlanResult, options: PlanMarkdownOptions, detail: Detail): string {
  const out: string[] = [];
  if (options.marker !== undefined) out.push(markerComment(options.marker));
  out.push(`## ${escapeMarkdown(options.title ?? DEFAULT_PLAN_TITLE)}`, '');

  const findings = sortFindings(plan.findings);
  out.push(summaryLine(plan, findings), '');
  if (!detail.full) out.push(shortenedNote(detail), '');
  out.push(...inputErrorsSection(plan, detail));
  out.push(...findingsSection(findings, detail));
  out.push(...workloadsSection(plan, findings, detail));
  out.push(...costSection(plan, detail));
  out.push(...diagramSection(plan, detail));
  out.push(...objectsSection(plan, detail));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function shortenedNote(detail: Detail): string {
  const cut = ['the ECS → Kubernetes mapping tables', 'info findings', 'the object list'];
  if (!detail.diagram) cut.push('the traffic diagram');
  return (
    `> [!NOTE]\n> This report was shortened to fit GitHub's size limit: ${cut.join(', ')} are left out. ` +
    'The JSON report (`--report-json`) has the whole plan.'
  );
}

function markerComment(marker: string): string {
  if (!/^[A-Za-z0-9._:/-]+$/.test(marker) || marker.includes('--')) {
    throw new RangeError(
      `report marker ${JSON.stringify(marker)} is not allowed: use letters, digits and . _ : / - (no "--"), ` +
        'it is written inside an HTML comment',
    );
  }
  return `<!-- eks-fargate-deploy:${marker} -->`;
}

function summaryLine(plan: PlanResult, findings: readonly Finding[]): string {
  const blockers = findings.filter((f) => f.severity === Severity.Blocker).length;
  const warnings = findings.filter((f) => f.severity === Severity.Warning).length;
  const errors = plan.errors.length;
  const status = blockers > 0 || errors > 0 ? '❌' : warnings > 0 ? '⚠️' : '✅';
  const { ecsMonthlyUsd, eksMonthlyUsd } = plan.totals;
  const counts = [
    count(plan.workloads.length, 'workload'),
    count(plan.objects.length, 'Kubernetes object'),
    strongIf(blockers > 0, count(blockers, 'blocker')),
    count(warnings, 'warning'),
    strongIf(errors > 0, count(errors, 'input error')),
  ].join(', ');
  return (
    `${status} ${counts} · monthly cost ECS ${formatUsd(ecsMonthlyUsd)} → EKS ${formatUsd(eksMonthlyUsd)} ` +
    `(${costChange(ecsMonthlyUsd, eksMonthlyUsd)})` +
    (plan.totals.notInTotals.length > 0
      ? `, ${count(plan.totals.notInTotals.length, 'workload')} not in the totals`
      : '')
  );
}

function inputErrorsSection(plan: PlanResult, detail: Detail): string[] {
  if (plan.errors.length === 0) return [];
  const errors = [...plan.errors].sort((a, b) => compare(a.file, b.file));
  return [
    '### Input errors',
    '',
    'Nothing was planned for these files; the others were.',
    '',
    '| File | Error |',
    '|---|---|',
    ...limitRows(
      errors.map((e) => row([code(e.file), escapeTableCell(e.message)])),
      detail.rows,
      2,
    ),
    '',
  ];
}

function findingsSection(findings: readonly Finding[], detail: Detail): string[] {
  const visible = findings.filter((f) => f.severity !== Severity.Info);
  const infos = findings.filter((f) => f.severity === Severity.Info);
  const out = ['### Blockers and warnings', ''];
  if (visible.length === 0) {
    out.push('No blockers or warnings.', '');
  } else {
    out.push(
      '| Severity | Workload | Container | Field | Message | File |',
      '|---|---|---|---|---|---|',
      ...limitRows(
        visible.map((f) => row([SEVERITY_LABEL[f.severity], ...findingCells(f)])),
        detail.rows,
        6,
      ),
      '',
    );
  }
  if (infos.length > 0 && !detail.full) {
    out.push(`${count(infos.length, 'info finding')} not shown.`, '');
  } else if (infos.length > 0) {
    out.push(
      '<details>',
      `<summary>${escapeHtml(count(infos.length, 'info finding'))}</summary>`,
      '',
      '| Workload | Container | Field | Message | File |',
      '|---|---|---|---|---|',
      ...infos.map((f) => row(findingCells(f))),
      '',
      '</details>',
      '',
    );
  }
  return out;
}

function findingCells(f: Finding): string[] {
  return [
    f.workload ? escapeTableCell(f.workload) : '—',
    f.container ? code(f.container) : '—',
    f.field ? code(f.field) : '—',
    escapeTableCell(f.message),
    f.file ? code(f.file) : '—',
  ];
}

function workloadsSection(plan: PlanResult, findings: readonly Finding[], detail: Detail): string[] {
  if (plan.workloads.length === 0 || !detail.full) return [];
  const out = ['### ECS → Kubernetes mapping', ''];
  for (const w of plan.workloads) {
    const mine = findings.filter((f) => f.workload === w.name);
    const blockers = mine.filter((f) => f.severity === Severity.Blocker).length;
    const warnings = mine.filter((f) => f.severity === Severity.Warning).length;
    const facts = [
      `namespace ${w.namespace}`,
      count(w.replicas, 'replica'),
      ...(blockers > 0 ? [count(blockers, 'blocker')] : []),
      ...(warnings > 0 ? [count(warnings, 'warning')] : []),
    ];
    const icon = w.blocked ? '⛔' : blockers > 0 ? '❌' : warnings > 0 ? '⚠️' : '✅';
    out.push(
      '<details>',
      `<summary>${icon} <b>${escapeHtml(w.name)}</b> (${escapeHtml(facts.join(', '))})</summary>`,
      '',
      `- Source: ${code(w.source, false)}${w.serviceName ? `, ECS service ${code(w.serviceName, false)}` : ''}`,
      `- Replicas: ${w.replicas}`,
      `- Containers: ${nameList(w.containers)}`,
      `- Init containers: ${nameList(w.initContainers)}`,
    );
    if (w.blocked) {
      out.push(
        "- ⛔ Blocked: a blocker kept this workload's Deployment out of the plan " +
          '(with `--drop-unsupported` it is emitted without the offending fields, each removal a warning).',
      );
    }
    out.push('');
    if (w.mappings.length === 0) {
      out.push('No field mappings were recorded.', '');
    } else {
      out.push(
        '| ECS | Kubernetes | Note |',
        '|---|---|---|',
        ...w.mappings.map((m) =>
          row([escapeTableCell(m.ecs), escapeTableCell(m.kubernetes), m.note ? escapeTableCell(m.note) : '']),
        ),
        '',
      );
    }
    out.push('</details>', '');
  }
  return out;
}

function diagramSection(plan: PlanResult, detail: Detail): string[] {
  if (plan.workloads.length === 0 || !detail.diagram) return [];
  const diagram = buildTrafficDiagram(plan);
  const out = ['### Traffic path', ''];
  if (diagram.edges > MERMAID_MAX_EDGES || diagram.text.length > MERMAID_MAX_TEXT) {
    out.push(
      `The diagram has ${count(diagram.edges, 'edge')} and ${formatNumber(diagram.text.length)} characters, ` +
        `more than GitHub's Mermaid draws (${MERMAID_MAX_EDGES} edges, ${formatNumber(MERMAID_MAX_TEXT)} characters); ` +
        'the traffic of each workload is in the JSON report.',
      '',
    );
    return out;
  }
  out.push('```mermaid', diagram.text.replace(/\n$/, ''), '```', '');
  return out;
}

function objectsSection(plan: PlanResult, detail: Detail): string[] {
  if (plan.objects.length === 0) return ['No Kubernetes objects were emitted.', ''];
  if (!detail.full) return [`${count(plan.objects.length, 'Kubernetes object')} emitted (list not shown).`, ''];
  return [
    '<details>',
    `<summary>${escapeHtml(count(plan.objects.length, 'Kubernetes object'))} emitted</summary>`,
    '',
    '| Kind | Namespace/name | API version |',
    '|---|---|---|',
    ...plan.objects.map((o) =>
      row([
        escapeTableCell(o.kind),
        code(o.namespace ? `${o.namespace}/${o.name}` : o.name),
        escapeTableCell(o.apiVersion),
      ]),
    ),
    '',
    '</details>',
    '',
  ];
}

function strongIf(condition: boolean, text: string): string {
  return condition ? `**${text}**` : text;
}

function code(text: string, table = true): string {
  return codeSpan(text, { table });
}

function nameList(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.map((n) => code(n, false)).join(', ');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
