/**
 * Escaping of untrusted text (workload, container and file names, finding messages, ECS field
 * paths) for the GitHub-flavoured markdown of the plan report.
 *
 * The report is posted as a PR comment, so "untrusted" is literal: a task family, an environment
 * value quoted in a message or a file name comes from whoever opened the PR. None of it may break
 * a table, close a `<details>`, inject HTML, draw a link, or notify a user or team.
 */

/**
 * U+200D ZERO WIDTH JOINER. GitHub links `@user`, `@org/team` and `#123` by scanning the text nodes
 * of the rendered HTML, after markdown escapes and HTML entities are resolved, so neither a
 * backslash nor `&#64;` stops a mention; an invisible character between the sigil and the name does.
 */
const ZWJ = '\u200d';

const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/g;

/**
 * Every `@` before a name character, including `user@example.com`: GitHub decides what a word
 * boundary is with ASCII-only classes (`é@user` mentions), so guessing its rule is not worth it.
 */
const MENTION = /@(?=[\p{L}\p{N}_])/gu;
/** `#123`, `owner/repo#123`, `GH-123`: issue and pull-request references. */
const ISSUE_REF = /#(?=\d)/g;
const GH_REF = /\b(GH)-(?=\d)/gi;

/** Characters with a meaning in inline markdown, escaped with a backslash (valid for any ASCII punctuation in CommonMark). */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~]/g;

function defuseReferences(text: string): string {
  return text.replace(MENTION, `@${ZWJ}`).replace(ISSUE_REF, `#${ZWJ}`).replace(GH_REF, `$1-${ZWJ}`);
}

function htmlEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes text that becomes inline markdown (a sentence, a list item, a heading).
 *
 * Line breaks become spaces, so the text can never start a block of its own (a heading, a fence,
 * a `</details>` line); `<`, `>` and `&` become entities; markdown punctuation (emphasis, code,
 * links, images, strike-through, table pipes) is backslash-escaped; a leading block marker
 * (`#`, `-`, `+`, `=`, `1.`) is escaped; mentions and issue references are broken with a
 * zero-width joiner.
 */
export function escapeMarkdown(text: string): string {
  return escapeInline(text.replace(LINE_BREAK, ' '));
}

/**
 * Escapes text for one cell of a GitHub markdown table: {@link escapeMarkdown}, except that line
 * breaks become `<br>` so a multi-line message stays in its cell.
 */
export function escapeTableCell(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => escapeInline(line))
    .join('<br>');
}

function escapeInline(line: string): string {
  let out = htmlEntities(line).replace(MARKDOWN_PUNCTUATION, '\\$&');
  // Block markers only count at the start of a line; everywhere else they are plain text.
  // An ordered-list marker needs a space (or the end) after it, so `0.5vCPU` stays as it is.
  out = out.replace(/^(\s*)([#+=-])/, '$1\\$2').replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  return defuseReferences(out);
}

/**
 * Escapes text for an HTML context that markdown does not touch, such as the `<summary>` line of
 * a `<details>` block: entities for `& < > " '`, line breaks as spaces (a blank line would end the
 * HTML block), mentions and references broken.
 */
export function escapeHtml(text: string): string {
  // References first: the `#39;` of the quote entity must not be taken for an issue number.
  return htmlEntities(defuseReferences(text.replace(LINE_BREAK, ' ')))
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Options of {@link codeSpan}. */
export interface CodeSpanOptions {
  /**
   * The span sits in a table cell: pipes are written `\|`, which GFM removes before parsing the
   * cell. Outside a table the backslash would show, so this is off by default.
   */
  table?: boolean;
}

/**
 * Wraps text in a markdown code span that its content cannot close: the fence is one backtick
 * longer than the longest run of backticks inside, and padded with spaces when the text starts or
 * ends with a backtick (CommonMark strips one space on each side). Line breaks become spaces.
 * Nothing inside a code span is a mention, a reference, a link or HTML, so no other escaping is needed.
 */
export function codeSpan(text: string, options: CodeSpanOptions = {}): string {
  let body = text.replace(LINE_BREAK, ' ');
  if (options.table) body = body.replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const needsPadding =
    body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '');
  const padded = needsPadding ? ` ${body} ` : body;
  return `${fence}${padded}${fence}`;
}

/** Characters left as they are inside a quoted Mermaid label; everything else ASCII is written as a `#code;` entity. */
const MERMAID_SAFE = /[\p{L}\p{N} .,:/=+\-×'()]/u;

/**
 * Escapes text for a quoted Mermaid label (`id["…"]`, `-->|"…"|`). GitHub renders node text as
 * markdown and HTML, and Mermaid's own syntax gives meaning to quotes, brackets, pipes and `#`,
 * so every ASCII character outside letters, digits and `. , : / = + - ' ( )` is written as Mermaid's
 * `#<decimal>;` entity; control characters and line breaks become spaces.
 */
export function escapeMermaidLabel(text: string): string {
  let out = '';
  for (const ch of text.replace(LINE_BREAK, ' ')) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) out += ' ';
    else if (code > 0x7f || MERMAID_SAFE.test(ch)) out += ch;
    else out += `#${code};`;
  }
  return out;
}
