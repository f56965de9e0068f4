import {
  COMMENT_BUDGET,
  fitPlanReport,
  measure,
  noChangesNote,
  SUMMARY_BUDGET,
  type PlanReportParts,
} from '../../src/report/budget.js';
import type { LiveDiff, ObjectDiff } from '../../src/kube/diff.js';
import { twoServicePlan } from '../report/fixtures.js';
import { markupBalanced } from './run-action.js';

/** A ConfigMap diff of `lines` added lines of `width` characters. */
function objectDiff(i: number, lines: number, width = 60, filler = 'x'): ObjectDiff {
  const body = Array.from({ length: lines }, (_, j) => `+  key${j}: ${filler.repeat(width)}`);
  return {
    key: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: `cm-${i}` },
    action: 'create',
    diff: ['--- /dev/null', `+++ after deploy: ConfigMap shop/cm-${i}`, `@@ -0,0 +1,${lines} @@`, ...body, ''].join(
      '\n',
    ),
    added: lines,
    removed: 0,
  };
}

function parts(objects: ObjectDiff[], extra: Partial<PlanReportParts> = {}): PlanReportParts {
  const diff: LiveDiff = { objects, orphans: [] };
  return {
    marker: 'staging',
    target: 'staging',
    liveDiff: { kind: 'diff', diff, target: 'EKS cluster prod (us-east-1)' },
    fullReport: { runUrl: 'https://github.example/acme/shop/actions/runs/1', file: '/tmp/report.md' },
    commit: 'a'.repeat(40),
    ...extra,
  };
}

describe('fitPlanReport: tiers full → diffs cut → list only → link', () => {
  test('a small report is whole, with the marker first', () => {
    const r = fitPlanReport(parts([objectDiff(1, 5)], { plan: twoServicePlan() }), COMMENT_BUDGET);
    expect(r.tier).toBe('full');
    expect(r.text.startsWith('<!-- eks-fargate-deploy:staging -->\n')).toBe(true);
    expect(r.text).toContain('+  key4: ');
    expect(r.text).toContain('EKS Fargate migration plan');
  });

  test('big diffs are cut per object to the most lines that fit; the plan stays', () => {
    const p = parts(
      Array.from({ length: 10 }, (_, i) => objectDiff(i, 200)),
      { plan: twoServicePlan() },
    );
    const r = fitPlanReport(p, COMMENT_BUDGET);
    expect(r.tier).toBe('diffs-cut');
    expect(r.text.length).toBeLessThanOrEqual(65_536);
    // Most of the room is used: a cut that is far too small would waste the comment.
    expect(r.text.length).toBeGreaterThan(55_000);
    expect(r.text).toMatch(/Each object's diff is cut to \d+ lines/);
    expect(r.text).toContain('more lines of this diff not shown');
    expect(r.text).toContain('EKS Fargate migration plan');
    expect(r.text).toContain(
      'The whole report is in the job summary of the [workflow run](https://github.example/acme/shop/actions/runs/1)',
    );
    expect(markupBalanced(r.text)).toBe(true);
    // The same report fits a job summary whole.
    expect(fitPlanReport(p, SUMMARY_BUDGET).tier).toBe('full');
  });

  test('too many objects for even one line each: the list only; more still: a link with the counts', () => {
    const many = fitPlanReport(parts(Array.from({ length: 600 }, (_, i) => objectDiff(i, 3))), COMMENT_BUDGET);
    expect(many.tier).toBe('list-only');
    expect(many.text.length).toBeLessThanOrEqual(65_536);
    expect(many.text).toContain('Per-object diffs left out to fit the size limit');
    expect(many.text).toContain('- `ConfigMap shop/cm-599` (+3 −0)');
    expect(markupBalanced(many.text)).toBe(true);

    const huge = fitPlanReport(parts(Array.from({ length: 3000 }, (_, i) => objectDiff(i, 1))), COMMENT_BUDGET);
    expect(huge.tier).toBe('link');
    expect(huge.text.length).toBeLessThan(2_000);
    expect(huge.text).toContain('3000 to create, 0 to update, 0 to delete, 0 unchanged');
    expect(huge.text).toMatch(/more than a pull-request comment can hold \(65,536\)/);
    expect(huge.text).toContain('[workflow run](https://github.example/acme/shop/actions/runs/1)');
  });

  test('the job summary budget counts bytes, not characters', () => {
    // 3-byte characters: 400 kB of characters is 1.2 MB of UTF-8.
    const p = parts(Array.from({ length: 20 }, (_, i) => objectDiff(i, 330, 60, '€')));
    const r = fitPlanReport(p, SUMMARY_BUDGET);
    expect(r.tier).toBe('diffs-cut');
    expect(measure(r.text, SUMMARY_BUDGET)).toBeLessThanOrEqual(1024 * 1024);
    expect(measure(r.text, SUMMARY_BUDGET)).toBeGreaterThan(900 * 1024);
    expect(r.text).toContain('the file `/tmp/report.md` on the runner');
  });

  test('untrusted text cannot close a fence or a details block, or mention anyone', () => {
    const evil = objectDiff(1, 2);
    evil.diff = evil.diff.replace('key0', 'key0: "\n```\n</details>\n@octocat"');
    const refused: ObjectDiff = {
      key: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'x' },
      action: 'update',
      diff: '',
      added: 0,
      removed: 0,
      error: 'denied by policy, ask @octocat </details>',
    };
    const r = fitPlanReport(parts([evil, refused]), COMMENT_BUDGET);
    expect(markupBalanced(r.text)).toBe(true);
    expect(r.text).toContain('````diff');
    expect(r.text).toContain('ask @\u200doctocat &lt;/details&gt;');
  });

  test('the "no changes" note is short and carries the marker', () => {
    const note = noChangesNote({
      marker: 'prod',
      target: 'prod',
      unchanged: 7,
      where: 'EKS cluster prod (us-east-1)',
      fullReport: {},
    });
    expect(note.startsWith('<!-- eks-fargate-deploy:prod -->')).toBe(true);
    expect(note).toContain('✅ No changes: the 7 object(s)');
  });
});
