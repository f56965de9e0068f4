import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { smokeLines, smokeSummary, smokeTable } from '../../src/smoke/report.js';
import type { SmokeResult } from '../../src/smoke/run.js';

const results: SmokeResult[] = [
  {
    name: 'home',
    target: 'https://shop.example.com/healthz',
    ok: true,
    attempts: 1,
    status: 200,
    latencyMs: 35,
    durationMs: 40,
  },
  {
    name: 'api',
    target: 'service shop/orders:8080/ready',
    ok: true,
    attempts: 3,
    status: 200,
    latencyMs: 12,
    durationMs: 6100,
  },
  {
    name: 'checkout',
    target: '/checkout',
    ok: false,
    attempts: 4,
    status: 500,
    latencyMs: 80,
    failure: 'status 500 (expected 200)',
    stoppedBy: 'deadline',
    bodyExcerpt: 'Internal | error `x`',
    durationMs: 60_000,
  },
  {
    name: 'pipe | @team',
    target: 'http://x.example/',
    ok: false,
    attempts: 1,
    failure: 'connection refused',
    stoppedBy: 'retries',
    durationMs: 3,
  },
  {
    name: 'late',
    target: 'http://y.example/',
    ok: false,
    attempts: 0,
    failure: 'cancelled',
    stoppedBy: 'cancelled',
    durationMs: 0,
  },
];

/** The table as a GFM reader sees it: rows of cell text. */
function cells(markdown: string): string[][] {
  const html = micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      c[1]!
        .replace(/<br \/>|<br>/g, ' / ')
        .replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/\u200d/g, ''),
    ),
  );
}

test('smokeTable renders one row per check with status, latency, attempts and what failed', () => {
  const rows = cells(smokeTable(results));
  expect(rows[0]).toEqual(['check', 'target', 'result', 'status', 'latency', 'attempts', 'details']);
  expect(rows.slice(1)).toEqual([
    ['home', 'https://shop.example.com/healthz', '✅ passed', '200', '35 ms', '1', ''],
    ['api', 'service shop/orders:8080/ready', '✅ passed', '200', '12 ms', '3', ''],
    [
      'checkout',
      '/checkout',
      '❌ failed',
      '500',
      '80 ms',
      '4',
      'status 500 (expected 200) — 4 attempts, deadline reached after 1 min / body: Internal | error `x`',
    ],
    [
      'pipe | @team',
      'http://x.example/',
      '❌ failed',
      '–',
      '–',
      '1',
      'connection refused — 1 attempt, no retries left',
    ],
    ['late', 'http://y.example/', '❌ failed', '–', '–', '0', 'cancelled — 0 attempts'],
  ]);
});

test('names and server text cannot break the table or mention anyone', () => {
  const md = smokeTable(results);
  expect(md).toContain('@\u200dteam');
  expect(cells(md).every((row) => row.length === 7)).toBe(true);
});

test('smokeLines: one line per check for the log', () => {
  expect(smokeLines(results)).toEqual([
    '✓ home (https://shop.example.com/healthz): 200 in 35 ms',
    '✓ api (service shop/orders:8080/ready): 200 in 12 ms, attempt 3',
    '✗ checkout (/checkout): status 500 (expected 200) — 4 attempts, deadline reached after 1 min',
    '✗ pipe | @team (http://x.example/): connection refused — 1 attempt, no retries left',
    '✗ late (http://y.example/): cancelled — 0 attempts',
  ]);
});

test('smokeSummary counts passes', () => {
  expect(smokeSummary(results)).toBe('2 of 5 smoke checks passed');
  expect(smokeSummary(results.slice(0, 2))).toBe('all 2 smoke checks passed');
  expect(smokeSummary(results.slice(0, 1))).toBe('the smoke check passed');
  expect(smokeSummary([])).toBe('no smoke checks');
});
