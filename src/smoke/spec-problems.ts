/**
 * What every part of the smoke-spec parser shares: the problem list of one document and the
 * small checks on plain values (unknown keys with a suggestion, "what is this value").
 */
import { UserInputError, defined, showValue } from '../errors.js';

export type Obj = Record<string, unknown>;

/** Collects problems of one document, each naming the source and the field. */
export class Problems {
  readonly list: UserInputError[] = [];
  constructor(readonly source: string) {}
  add(field: string, message: string): void {
    this.list.push(new UserInputError(message, this.source, field));
  }
}

/** Report every key of `obj` not in `allowed`, naming the nearest known key when there is one. */
export function unknownKeys(obj: Obj, allowed: readonly string[], fieldOf: (key: string) => string, p: Problems): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      const lk = k.toLowerCase();
      const near = allowed.find(
        (a) => levenshtein(a.toLowerCase(), lk) <= 2 || (lk.length >= 4 && a.toLowerCase().startsWith(lk.slice(0, -1))),
      );
      p.add(
        fieldOf(k),
        `unknown key${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; known: ${allowed.join(', ')}`,
      );
    }
  }
}

/** Edit distance (insertions, deletions, substitutions), computed one row of the table at a time. */
function levenshtein(a: string, b: string): number {
  let above = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row.push(
        Math.min(cell(above, j) + 1, cell(row, j - 1) + 1, cell(above, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1)),
      );
    above = row;
  }
  return cell(above, b.length);
}

function cell(row: readonly number[], j: number): number {
  return defined(row[j], `edit-distance cell ${j}`);
}

export function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObj(v: unknown): Obj {
  return isPlainObject(v) ? v : {};
}

/** What a value is, for a message: `nothing`, `a list`, `a mapping`, `number 3`. */
export function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${showValue(v)}`;
}
