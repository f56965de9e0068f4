/**
 * The live diff as markdown: counts, then one section per action (create, update, delete) with a
 * collapsed unified diff per object, the unchanged objects as a list, and the objects prune would
 * remove when it is off. Each diff sits in a code fence its content cannot close, inside a
 * `<details>` that is always closed, so cutting the report never leaves markup open.
 */
import { describeObject, type ObjectKey } from '../kube/apply.js';
import { diffCounts, type DiffAction, type LiveDiff, type ObjectDiff } from '../kube/diff.js';
import { codeSpan, escapeHtml, escapeMarkdown } from './escape.js';

/** How much of each object's diff to show. */
export interface DiffDetail {
  /** Most lines of each object's diff; Infinity: all; 0: no diffs (list only). */
  linesPerObject: number;
}

/** The live diff part of the plan: ran, skipped (and why), or failed. */
export type LiveDiffSection =
  | { kind: 'diff'; diff: LiveDiff; target: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; target: string; error: string };

const HEADINGS: Record<Exclude<DiffAction, 'unchanged'>, string> = {
  create: '🟢 To create',
  update: '🟡 To update',
  delete: '🔴 To delete (prune)',
};

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `2 to create, 1 to update, 0 to delete, 5 unchanged`. */
export function diffSummary(d: LiveDiff): string {
  const c = diffCounts(d);
  return `${c.create} to create, ${c.update} to update, ${c.delete} to delete, ${c.unchanged} unchanged`;
}

/** A fence longer than any run of backticks in `text` (at least three). */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function objectName(k: ObjectKey): string {
  return describeObject(k);
}

function cutDiff(o: ObjectDiff, lines: number): { text: string; cut: number } {
  const all = o.diff.replace(/\n$/, '').split('\n');
  if (all.length <= lines) return { text: all.join('\n'), cut: 0 };
  return { text: all.slice(0, lines).join('\n'), cut: all.length - lines };
}

function objectBlock(o: ObjectDiff, detail: DiffDetail): string[] {
  const stats = o.error ? 'dry run failed' : `+${o.added} −${o.removed}`;
  if (o.error) {
    return [`- ❌ ${codeSpan(objectName(o.key))}: the server refused the dry run: ${escapeMarkdown(o.error)}`];
  }
  if (detail.linesPerObject <= 0 || o.diff === '') return [`- ${codeSpan(objectName(o.key))} (${stats})`];
  const { text, cut } = cutDiff(o, detail.linesPerObject);
  const fence = fenceFor(text);
  return [
    '<details>',
    `<summary><code>${escapeHtml(objectName(o.key))}</code> (${escapeHtml(stats)})</summary>`,
    '',
    `${fence}diff`,
    text,
    fence,
    ...(cut > 0 ? ['', `… ${plural(cut, 'more line')} of this diff not shown.`] : []),
    '',
    '</details>',
    '',
  ];
}

/** The live diff section (heading level 3). */
export function renderLiveDiffSection(section: LiveDiffSection, detail: DiffDetail): string[] {
  if (section.kind === 'skipped') return ['### Live diff', '', `⏭️ Skipped: ${escapeMarkdown(section.reason)}`, ''];
  if (section.kind === 'failed') {
    return [
      '### Live diff',
      '',
      `⚠️ The live diff against ${escapeMarkdown(section.target)} failed: ${escapeMarkdown(section.error)}`,
      '',
    ];
  }
  const { diff } = section;
  const out = [
    '### Live diff',
    '',
    `Against ${escapeMarkdown(section.target)}, by server-side dry run: **${diffSummary(diff)}**.`,
    '',
  ];
  if (detail.linesPerObject < Infinity && diff.objects.some((o) => o.diff !== '')) {
    out.push(
      detail.linesPerObject <= 0
        ? '_Per-object diffs left out to fit the size limit._'
        : `_Each object's diff is cut to ${plural(detail.linesPerObject, 'line')} to fit the size limit._`,
      '',
    );
  }
  for (const action of ['create', 'update', 'delete'] as const) {
    const list = diff.objects.filter((o) => o.action === action);
    if (list.length === 0) continue;
    out.push(`#### ${HEADINGS[action]} (${list.length})`, '');
    const blocks = list.map((o) => objectBlock(o, detail));
    // List items and details blocks each need their own spacing.
    for (const b of blocks) out.push(...b);
    if (blocks.at(-1)?.at(-1) !== '') out.push('');
  }
  const unchanged = diff.objects.filter((o) => o.action === 'unchanged');
  if (unchanged.length > 0) {
    out.push(
      '<details>',
      `<summary>${escapeHtml(plural(unchanged.length, 'object'))} unchanged</summary>`,
      '',
      ...unchanged.map((o) => `- ${codeSpan(objectName(o.key))}`),
      '',
      '</details>',
      '',
    );
  }
  if (diff.orphans.length > 0) {
    out.push(
      `${plural(diff.orphans.length, 'object')} of the deployed release ${diff.orphans.length === 1 ? 'is' : 'are'} no longer in the manifests and will stay, because prune is off: ${diff.orphans.map((k) => codeSpan(objectName(k))).join(', ')}.`,
      '',
    );
  }
  return out;
}

/** The largest `linesPerObject` any object would use (its diff length). */
export function longestDiff(section: LiveDiffSection): number {
  if (section.kind !== 'diff') return 0;
  return Math.max(0, ...section.diff.objects.map((o) => o.diff.split('\n').length));
}
