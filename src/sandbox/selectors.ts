/**
 * Label and field selectors in the URL syntax (`app=web,tier!=db,env in (a,b),!legacy`) and
 * `metav1.LabelSelector` objects (matchLabels/matchExpressions) as controllers use them.
 */
import { badRequest } from './status.js';
import { scalarText, type KubeObject } from './object.js';

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

/** A parsed label selector; `matches(labels)` tests one object's labels. */
export interface LabelMatcher {
  readonly empty: boolean;
  matches(labels: Record<string, string> | undefined): boolean;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function matchRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case 'eq':
      return has && v === r.value;
    case 'neq':
      return !has || v !== r.value;
    case 'in':
      return has && v !== undefined && r.values.includes(v);
    case 'notin':
      return !has || v === undefined || !r.values.includes(v);
    case 'exists':
      return has;
    case 'notexists':
      return !has;
  }
}

/** Parses `labelSelector` query syntax; throws a 400 Status naming the bad term. */
export function parseLabelSelector(text: string | null | undefined): LabelMatcher {
  const reqs: Requirement[] = [];
  for (const term of splitTopLevel(text ?? '')) {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      reqs.push({
        op: m[2] as 'in' | 'notin',
        key: m[1] ?? '',
        values: (m[3] ?? '')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      });
    } else if ((m = term.match(/^([^\s!=]+)\s*!=\s*(\S*)$/))) {
      reqs.push({ op: 'neq', key: m[1] ?? '', value: m[2] ?? '' });
    } else if ((m = term.match(/^([^\s!=]+)\s*==?\s*(\S*)$/))) {
      reqs.push({ op: 'eq', key: m[1] ?? '', value: m[2] ?? '' });
    } else if ((m = term.match(/^!\s*([^\s!=()]+)$/))) {
      reqs.push({ op: 'notexists', key: m[1] ?? '' });
    } else if ((m = term.match(/^([^\s!=()]+)$/))) {
      reqs.push({ op: 'exists', key: m[1] ?? '' });
    } else {
      throw badRequest(`unable to parse requirement: invalid label selector term "${term}"`);
    }
  }
  return { empty: reqs.length === 0, matches: (labels) => reqs.every((r) => matchRequirement(r, labels ?? {})) };
}

/** `metav1.LabelSelector`. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** Matcher for a `metav1.LabelSelector` object; an empty selector matches everything, a missing one nothing. */
export function labelSelectorMatcher(sel: LabelSelectorSpec | undefined | null): LabelMatcher {
  if (!sel) return { empty: true, matches: () => false };
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ op: 'eq', key, value });
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator.toLowerCase();
    if (op === 'in' || op === 'notin') reqs.push({ op, key: e.key, values: e.values ?? [] });
    else if (op === 'exists') reqs.push({ op: 'exists', key: e.key });
    else if (op === 'doesnotexist') reqs.push({ op: 'notexists', key: e.key });
  }
  return { empty: reqs.length === 0, matches: (labels) => reqs.every((r) => matchRequirement(r, labels ?? {})) };
}

/** Renders a LabelSelector as the query-string form (for `status.selector` of the scale subresource). */
export function formatLabelSelector(sel: LabelSelectorSpec | undefined): string {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    const op = e.operator.toLowerCase();
    if (op === 'in' || op === 'notin') parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
    else if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** A parsed field selector. */
export interface FieldMatcher {
  readonly empty: boolean;
  /** `metadata.name=x` terms, so a get-by-name watch need not scan. */
  readonly name?: string | undefined;
  matches(obj: KubeObject): boolean;
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Record<string, unknown>)[seg];
  }
  return scalarText(cur);
}

/**
 * Parses `fieldSelector` (`metadata.name=web,status.phase!=Running`). The real API server accepts
 * only a per-kind list of fields; the sandbox accepts any dotted path (a superset, never a surprise).
 */
export function parseFieldSelector(text: string | null | undefined): FieldMatcher {
  const terms: Array<{ path: string; neq: boolean; value: string }> = [];
  for (const term of splitTopLevel(text ?? '')) {
    const m = term.match(/^([A-Za-z0-9_.-]+)\s*(!=|==|=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid field selector: "${term}": expected field=value, field==value or field!=value`);
    terms.push({ path: m[1] ?? '', neq: m[2] === '!=', value: (m[3] ?? '').trim() });
  }
  const nameTerm = terms.find((t) => t.path === 'metadata.name' && !t.neq);
  return {
    empty: terms.length === 0,
    name: nameTerm?.value,
    matches: (obj) => terms.every((t) => (fieldValue(obj, t.path) === t.value) !== t.neq),
  };
}
