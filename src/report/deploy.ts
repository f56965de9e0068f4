/**
 * The deploy / rollback job summary: first as data (what was deployed, how long each phase and
 * rollout took, pod start latency on Fargate, smoke results, the rollback), then as markdown.
 * Every name, image, URL and message is escaped: they come from manifests and the cluster.
 */
import type { Finding } from '../findings.js';
import type { ApplyResult } from '../kube/apply.js';
import type { RolloutOutcome } from '../kube/rollout.js';
import type { FargateVerification } from '../kube/verify.js';
import { smokeSummary, smokeTable } from '../smoke/report.js';
import type { SmokeResult } from '../smoke/run.js';
import { codeSpan, escapeMarkdown, escapeTableCell } from './escape.js';
import { formatNumber } from './markdown.js';

/** How a deploy or rollback run ended. */
type DeployStatus = 'deployed' | 'rolled-back' | 'failed' | 'rejected' | 'cancelled';

/** What the report reads of a deploy or rollback outcome (the deploy command's `DeployOutcome`). */
export interface ReportedOutcome {
  status: DeployStatus;
  exitCode: number;
  message: string;
  release?: number;
  previousRelease?: number;
  images: { container: string; workload: string; image: string }[];
  urls: string[];
  findings: Finding[];
  phases: { name: string; durationMs: number }[];
  applied: Pick<ApplyResult, 'action'>[];
  rollouts?: RolloutOutcome;
  verification?: FargateVerification;
  smoke: SmokeResult[];
  rollback?: { restored?: number; rollouts?: RolloutOutcome; smoke: SmokeResult[]; ok: boolean; message: string };
}

/** One rollout row. */
interface RolloutRow {
  target: string;
  status: string;
  durationMs: number;
  message: string;
}

/** One pod row: where it runs and how long Fargate took to start it. */
interface PodRow {
  workload: string;
  pod: string;
  onFargate: boolean;
  capacity?: string;
  scheduledAfterSeconds?: number;
  readyAfterSeconds?: number;
}

/** The report of one deploy or rollback run. */
export interface DeployReport {
  command: 'deploy' | 'rollback';
  status: DeployStatus;
  ok: boolean;
  message: string;
  release: string;
  namespace: string;
  environment?: string;
  number?: number;
  previous?: number;
  commit?: string;
  runUrl?: string;
  urls: string[];
  images: { workload: string; container: string; image: string }[];
  applied: { created: number; configured: number; unchanged: number };
  phases: { name: string; durationMs: number }[];
  rollouts: RolloutRow[];
  pods: PodRow[];
  smoke: SmokeResult[];
  rollback?: { ok: boolean; message: string; restored?: number; rollouts: RolloutRow[]; smoke: SmokeResult[] };
  findings: Finding[];
}

function rolloutRows(o: ReportedOutcome['rollouts']): RolloutRow[] {
  return (o?.results ?? []).map((r) => ({
    target: `${r.target.kind} ${r.target.namespace}/${r.target.name}`,
    status: r.status,
    durationMs: r.durationMs,
    message: r.message,
  }));
}

/** The report data of an outcome. */
export function deployReport(
  command: 'deploy' | 'rollback',
  out: ReportedOutcome,
  ctx: { release: string; namespace: string; environment?: string; commit?: string; runUrl?: string },
): DeployReport {
  const applied = { created: 0, configured: 0, unchanged: 0 };
  for (const a of out.applied) applied[a.action]++;
  const report: DeployReport = {
    command,
    status: out.status,
    ok: out.exitCode === 0,
    message: out.message,
    release: ctx.release,
    namespace: ctx.namespace,
    urls: out.urls,
    images: out.images,
    applied,
    phases: out.phases,
    rollouts: rolloutRows(out.rollouts),
    pods: (out.verification?.pods ?? []).map((p) => ({
      workload: p.workload,
      pod: p.pod,
      onFargate: p.onFargate,
      ...(p.capacityProvisioned ? { capacity: p.capacityProvisioned } : {}),
      ...(p.scheduledAfterSeconds !== undefined ? { scheduledAfterSeconds: p.scheduledAfterSeconds } : {}),
      ...(p.readyAfterSeconds !== undefined ? { readyAfterSeconds: p.readyAfterSeconds } : {}),
    })),
    smoke: out.smoke,
    findings: out.findings.filter((f) => f.severity !== 'info'),
  };
  if (ctx.environment) report.environment = ctx.environment;
  if (ctx.commit) report.commit = ctx.commit;
  if (ctx.runUrl) report.runUrl = ctx.runUrl;
  if (out.release !== undefined) report.number = out.release;
  if (out.previousRelease !== undefined) report.previous = out.previousRelease;
  if (out.rollback) {
    report.rollback = {
      ok: out.rollback.ok,
      message: out.rollback.message,
      rollouts: rolloutRows(out.rollback.rollouts),
      smoke: out.rollback.smoke,
      ...(out.rollback.restored !== undefined ? { restored: out.rollback.restored } : {}),
    };
  }
  return report;
}

const STATUS_ICON: Record<DeployStatus, string> = {
  deployed: '✅',
  'rolled-back': '↩️',
  failed: '❌',
  rejected: '⛔',
  cancelled: '⏹️',
};

/** Most rows a table of the summary shows; the rest is counted. */
const MAX_ROWS = 300;

function seconds(ms: number): string {
  return `${formatNumber(Math.round(ms / 100) / 10)} s`;
}

function limited(rows: string[], width: number): string[] {
  if (rows.length <= MAX_ROWS) return rows;
  return [...rows.slice(0, MAX_ROWS), `| … ${rows.length - MAX_ROWS} more not shown |${' |'.repeat(width - 1)}`];
}

function rolloutTable(rows: readonly RolloutRow[]): string[] {
  return [
    '| Workload | Result | Took | Details |',
    '|---|---|--:|---|',
    ...limited(
      rows.map(
        (r) =>
          `| ${escapeTableCell(r.target)} | ${r.status === 'ready' ? '✅ ready' : `❌ ${escapeTableCell(r.status)}`} | ${seconds(r.durationMs)} | ${escapeTableCell(r.message)} |`,
      ),
      4,
    ),
  ];
}

/** Median and max of the defined values. */
function latencyStats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const max = sorted.at(-1);
  if (median === undefined || max === undefined) return '–';
  return `median ${formatNumber(median)} s, max ${formatNumber(max)} s`;
}

/** The job summary markdown. */
export function renderDeployMarkdown(r: DeployReport): string {
  const title = r.command === 'deploy' ? 'Deploy' : 'Rollback';
  const out = [
    `## ${STATUS_ICON[r.status]} ${title} of ${codeSpan(r.release)}${r.number !== undefined ? ` v${r.number}` : ''}: ${r.status}`,
    '',
  ];
  out.push(escapeMarkdown(r.message), '');
  out.push(...deployFacts(r), '');

  if (r.images.length > 0) {
    out.push('### Images', '', '| Workload | Container | Image |', '|---|---|---|');
    out.push(
      ...limited(
        r.images.map(
          (i) =>
            `| ${escapeTableCell(i.workload || '–')} | ${escapeTableCell(i.container || '–')} | ${codeSpan(i.image, { table: true })} |`,
        ),
        3,
      ),
      '',
    );
  }
  if (r.phases.length > 0) {
    out.push(
      '### Phases',
      '',
      '| Phase | Took |',
      '|---|--:|',
      ...r.phases.map((p) => `| ${escapeTableCell(p.name)} | ${seconds(p.durationMs)} |`),
      '',
    );
  }
  if (r.rollouts.length > 0) out.push('### Rollouts', '', ...rolloutTable(r.rollouts), '');
  out.push(...podsSection(r.pods));
  if (r.smoke.length > 0) out.push('### Smoke tests', '', `${smokeSummary(r.smoke)}.`, '', smokeTable(r.smoke), '');
  out.push(...rollbackSection(r.rollback));
  out.push(...findingsSection(r.findings));
  if (r.runUrl) out.push('---', `<sub>eks-fargate-deploy · [workflow run](${r.runUrl})</sub>`, '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** Namespace, environment, release number, commit, URLs and what was applied. */
function deployFacts(r: DeployReport): string[] {
  return [
    `- Namespace: ${codeSpan(r.namespace)}`,
    ...(r.environment ? [`- Environment: ${codeSpan(r.environment)}`] : []),
    ...(r.number !== undefined
      ? [`- Release: v${r.number}${r.previous !== undefined ? ` (previous v${r.previous})` : ' (first release)'}`]
      : []),
    ...(r.commit ? [`- Commit: ${codeSpan(r.commit)}`] : []),
    ...(r.urls.length > 0
      ? [`- URL${r.urls.length > 1 ? 's' : ''}: ${r.urls.map((u) => codeSpan(u)).join(', ')}`]
      : []),
    `- Objects: ${r.applied.created} created, ${r.applied.configured} configured, ${r.applied.unchanged} unchanged`,
  ];
}

/** The pods on Fargate with their start latencies. */
function podsSection(pods: DeployReport['pods']): string[] {
  if (pods.length === 0) return [];
  const ready = pods.map((p) => p.readyAfterSeconds).filter((v): v is number => v !== undefined);
  const scheduled = pods.map((p) => p.scheduledAfterSeconds).filter((v): v is number => v !== undefined);
  return [
    '### Pods on Fargate',
    '',
    `Start latency (created → ready): ${latencyStats(ready)}; Fargate capacity (created → scheduled): ${latencyStats(scheduled)}.`,
    '',
    '| Workload | Pod | On Fargate | Capacity provisioned | Scheduled after | Ready after |',
    '|---|---|---|---|--:|--:|',
    ...limited(
      pods.map(
        (p) =>
          `| ${escapeTableCell(p.workload)} | ${codeSpan(p.pod, { table: true })} | ${p.onFargate ? '✅' : '❌'} | ${p.capacity ? escapeTableCell(p.capacity) : '–'} | ${p.scheduledAfterSeconds !== undefined ? `${formatNumber(p.scheduledAfterSeconds)} s` : '–'} | ${p.readyAfterSeconds !== undefined ? `${formatNumber(p.readyAfterSeconds)} s` : '–'} |`,
      ),
      6,
    ),
    '',
  ];
}

/** What the automatic rollback did. */
function rollbackSection(rollback: DeployReport['rollback']): string[] {
  if (!rollback) return [];
  const out: string[] = [];
  out.push(
    '### Rollback',
    '',
    `${rollback.ok ? '↩️' : '❌'} ${escapeMarkdown(rollback.message)}${rollback.restored !== undefined ? ` (restored v${rollback.restored})` : ''}`,
    '',
  );
  if (rollback.rollouts.length > 0) out.push(...rolloutTable(rollback.rollouts), '');
  if (rollback.smoke.length > 0) out.push(`${smokeSummary(rollback.smoke)}.`, '', smokeTable(rollback.smoke), '');
  return out;
}

/** Blockers and warnings, with where they come from. */
function findingsSection(findings: DeployReport['findings']): string[] {
  if (findings.length === 0) return [];
  const out: string[] = [];
  out.push('### Findings', '', '| Severity | Where | Message |', '|---|---|---|');
  out.push(
    ...limited(
      findings.map((f) => {
        const line = (f as { line?: unknown }).line;
        const where = f.file
          ? codeSpan(`${f.file}${typeof line === 'number' ? `:${line}` : ''}`, { table: true })
          : f.workload
            ? escapeTableCell(f.workload)
            : '–';
        return `| ${f.severity === 'blocker' ? '❌ blocker' : '⚠️ warning'} | ${where} | ${escapeTableCell(f.message)} |`;
      }),
      3,
    ),
    '',
  );
  return out;
}
