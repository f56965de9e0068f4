/**
 * Parity and cutover results for people: GitHub-flavoured markdown for the job summary, and the
 * plain lines of the terminal. Everything that came from the user, the logs or the servers is
 * escaped (src/report/escape.ts): request names and paths can come from an access log.
 */
import { codeSpan, escapeMarkdown, escapeTableCell } from '../report/escape.js';
import type { ParityResult, ParitySide } from './parity.js';
import type { CutoverEvent } from './shift.js';

/** "parity holds for all 4 endpoints" / "2 of 5 endpoints differ: a, b". */
export function paritySummary(r: ParityResult): string {
  if (r.cancelled) return `parity check cancelled after ${r.endpoints.length} endpoint(s)`;
  if (r.endpoints.length === 0) return 'no endpoints compared';
  if (r.ok)
    return `parity holds for ${r.endpoints.length === 1 ? 'the endpoint' : `all ${r.endpoints.length} endpoints`}`;
  return `${r.failed.length} of ${r.endpoints.length} endpoint(s) differ: ${r.failed.join(', ')}`;
}

function ms(v: number | undefined): string {
  return v === undefined ? '–' : `${v} ms`;
}

function statuses(s: ParitySide): string {
  return s.statuses.length === 0 ? '–' : s.statuses.join(', ');
}

/**
 * A table per endpoint: request, result, status old/new, shape match, p50/p95 old/new, and what
 * differs.
 */
function parityTable(r: ParityResult): string {
  const lines = [
    '| endpoint | result | status old / new | shape | p50 old / new | p95 old / new | differences |',
    '|---|---|---|---|--:|--:|---|',
  ];
  for (const e of r.endpoints) {
    const shape = e.shapeMatch === undefined ? (e.compared === 'hash' ? 'bytes' : '–') : e.shapeMatch ? '✅' : '❌';
    lines.push(
      `| ${escapeTableCell(e.name)}<br>${codeSpan(`${e.method} ${e.path}`, { table: true })} | ${e.ok ? '✅ same' : '❌ differs'} | ${escapeTableCell(`${statuses(e.old)} / ${statuses(e.new)}`)} | ${shape} | ${ms(e.old.p50)} / ${ms(e.new.p50)} | ${ms(e.old.p95)} / ${ms(e.new.p95)} | ${e.problems.map((p) => escapeTableCell(p)).join('<br>')} |`,
    );
  }
  return lines.join('\n');
}

/** Extra facts about where the requests came from. */
export interface ParityReportExtras {
  refusedWrites?: readonly string[];
  notSent?: number;
  invalidLogLines?: number;
}

/** The parity section of a job summary. */
export function parityMarkdown(
  r: ParityResult,
  extras: ParityReportExtras = {},
  heading = '## Parity: ECS vs EKS',
): string {
  const out = [
    heading,
    '',
    `${r.ok ? '✅' : '❌'} ${escapeMarkdown(paritySummary(r))}`,
    '',
    `Old ${codeSpan(r.oldBaseUrl)} vs new ${codeSpan(r.newBaseUrl)}; each request ${r.repeat}× per side; latency budget: new ≤ old × ${r.latency.ratio} + ${r.latency.slackMs} ms.`,
    '',
  ];
  if (r.endpoints.length > 0) out.push(parityTable(r), '');
  if (extras.refusedWrites && extras.refusedWrites.length > 0) {
    out.push(
      `Not replayed from the access logs (writes): ${extras.refusedWrites
        .slice(0, 10)
        .map((w) => codeSpan(w))
        .join(', ')}${extras.refusedWrites.length > 10 ? ` and ${extras.refusedWrites.length - 10} more` : ''}.`,
      '',
    );
  }
  if (extras.notSent)
    out.push(
      `${extras.notSent} less frequent recorded request(s) not sent (raise --access-log-limit to include them).`,
      '',
    );
  if (extras.invalidLogLines)
    out.push(`${extras.invalidLogLines} access-log line(s) could not be read and were skipped.`, '');
  return out.join('\n');
}

/** Terminal lines for a parity result. */
export function parityLines(r: ParityResult): string[] {
  return r.endpoints.map(
    (e) =>
      `${e.ok ? '✓' : '✗'} ${e.name}: status ${statuses(e.old)} / ${statuses(e.new)}, p50 ${ms(e.old.p50)} / ${ms(e.new.p50)}, p95 ${ms(e.old.p95)} / ${ms(e.new.p95)}${e.ok ? '' : ` — ${e.problems.join('; ')}`}`,
  );
}

/** The change log of a cutover as a markdown table: time, step, weights, what happened. */
export function cutoverTimeline(events: readonly CutoverEvent[], names: { old: string; new: string }): string {
  const lines = [
    `| time (UTC) | step | ${escapeTableCell(names.old)} / ${escapeTableCell(names.new)} | event |`,
    '|---|--:|---|---|',
  ];
  for (const e of events) {
    const gates = e.gates
      ? `<br>${e.gates.map((g) => `${g.ok ? '✅' : '❌'} ${escapeTableCell(`${g.gate}: ${g.summary}`)}`).join('<br>')}`
      : '';
    lines.push(
      `| ${e.at.replace('T', ' ').replace(/\.\d+Z$/, '')} | ${e.step ?? ''} | ${e.weights ? `${e.weights.old} / ${e.weights.new}` : ''} | ${escapeTableCell(e.message)}${gates} |`,
    );
  }
  return lines.join('\n');
}
