/**
 * Smoke results for people: a markdown table for the job summary / PR comment, and one log line
 * per check. Both take results as the runner produced them (secrets already redacted); every
 * piece of text that came from the user or the server is escaped for markdown.
 */
import { codeSpan, escapeTableCell } from '../report/escape.js';
import { formatMs, type SmokeResult } from './run.js';

/** "3 of 4 smoke checks passed". */
export function smokeSummary(results: readonly SmokeResult[]): string {
  const passed = results.filter((r) => r.ok).length;
  if (results.length === 0) return 'no smoke checks';
  if (passed === results.length) return `${passed === 1 ? 'the smoke check' : `all ${passed} smoke checks`} passed`;
  return `${passed} of ${results.length} smoke checks passed`;
}

/**
 * A GitHub-flavoured markdown table: check, target, result, status, latency, attempts, and for a
 * failure what failed, why it stopped, and the start of the body that came back.
 */
export function smokeTable(results: readonly SmokeResult[]): string {
  const lines = [
    '| check | target | result | status | latency | attempts | details |',
    '|---|---|---|---|--:|--:|---|',
  ];
  for (const r of results) {
    const details = r.ok
      ? ''
      : [escapeTableCell(failureText(r)), r.bodyExcerpt ? `body: ${codeSpan(r.bodyExcerpt, { table: true })}` : '']
          .filter(Boolean)
          .join('<br>');
    lines.push(
      `| ${escapeTableCell(r.name)} | ${codeSpan(r.target, { table: true })} | ${r.ok ? '✅ passed' : '❌ failed'} | ${r.status ?? '–'} | ${r.latencyMs !== undefined ? `${r.latencyMs} ms` : '–'} | ${r.attempts} | ${details} |`,
    );
  }
  return lines.join('\n');
}

/** One plain-text line per check, for logs: `✓ home (/healthz): 200 in 35 ms` / `✗ api (…): status 500 (expected 200) — 4 attempts, deadline reached after 1 min`. */
export function smokeLines(results: readonly SmokeResult[]): string[] {
  return results.map((r) => {
    if (r.ok)
      return `✓ ${r.name} (${r.target}): ${r.status} in ${r.latencyMs} ms${r.attempts > 1 ? `, attempt ${r.attempts}` : ''}`;
    return `✗ ${r.name} (${r.target}): ${failureText(r)}`;
  });
}

function failureText(r: SmokeResult): string {
  const n = `${r.attempts} attempt${r.attempts === 1 ? '' : 's'}`;
  const why =
    r.stoppedBy === 'deadline'
      ? `${n}, deadline reached after ${formatMs(r.durationMs)}`
      : r.stoppedBy === 'retries'
        ? `${n}, no retries left`
        : r.stoppedBy === 'cancelled' && r.failure !== 'cancelled'
          ? `${n}, cancelled`
          : r.stoppedBy === 'error'
            ? 'not retried'
            : n;
  return `${r.failure ?? 'failed'} — ${why}`;
}
