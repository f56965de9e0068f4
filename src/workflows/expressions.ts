/**
 * The `${{ }}` expressions of workflow text, and which context references in them carry text an
 * outsider or a caller writes.
 */
import { defined } from '../errors.js';

/** Fields of `github.event` that are numbers, hashes, booleans or timestamps: not attacker-written text. */
const SAFE_EVENT_LEAF =
  /^(?:number|id|node_id|sha|before|after|run_id|run_number|run_attempt|fork|draft|merged|private|forced|created|deleted|size|additions|deletions|changed_files|commits|comments|distinct|.*_id|.*_sha|.*_at|.*_count)$/;

/**
 * The `${{ }}` expressions of a text, whitespace removed and `a['b']` written `a.b`, so the
 * rules' patterns see one spelling.
 */
export function expressions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g))
    out.push(normaliseExpression(defined(m[1], 'expression text')));
  return out;
}

/** One spelling of an expression: whitespace removed, `a['b']` written `a.b`. */
export function normaliseExpression(expr: string): string {
  return expr.replace(/\[\s*['"]([^'"]+)['"]\s*\]/g, '.$1').replace(/\s+/g, '');
}

/**
 * The untrusted context references of one (normalised) expression: text an outsider or a caller
 * writes — `github.event.*` except numbers/hashes/booleans, `github.head_ref`, `inputs.*`.
 */
export function untrustedReferences(expr: string): string[] {
  const found: string[] = [];
  for (const m of expr.matchAll(/(?<![\w.-])(github\.[\w.*-]+|inputs\.[\w*-]+|inputs(?![\w.-]))/g)) {
    const ref = defined(m[1], 'context reference').replace(/\.$/, '');
    if (ref === 'github.head_ref' || ref.startsWith('inputs') || ref.startsWith('github.event.inputs')) {
      found.push(ref);
      continue;
    }
    if (ref === 'github.event' || ref.startsWith('github.event.')) {
      const leaf = ref.slice(ref.lastIndexOf('.') + 1);
      if (ref !== 'github.event' && SAFE_EVENT_LEAF.test(leaf)) continue;
      found.push(ref);
    }
  }
  return [...new Set(found)];
}
