/** Placeholders people leave where an image or an ARN belongs: they cannot run. */
import { showValue } from '../errors.js';

/** Template and sample-value forms people leave in published task definitions and manifests. */
const PLACEHOLDER_FORMS: readonly (readonly [RegExp, string])[] = [
  [/<[^<>]*>/, 'a "<…>" placeholder'],
  [/\$\$\$[A-Za-z_]\w*\$\$\$|\$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}|\$[A-Za-z_]\w*/, 'an unexpanded template variable'],
  [/\{[^{}]*\}/, 'a "{…}" placeholder'],
  [/(?:^|[^A-Za-z])(?:REPLACE[_-]?ME|CHANGE[_-]?ME)(?![A-Za-z])/i, 'a fill-me-in marker'],
];

/** Account IDs that are no one's: AWS's documentation example, masked ones, and named ones. */
const PLACEHOLDER_ACCOUNT = /(?<![0-9])(123456789012|[Xx]{12})(?![0-9])|(?:AWS_)?ACCOUNT_?ID|\bAWS_ACCOUNT\b/;

/**
 * Why `value` — a container image or an ARN as written in a manifest or task definition — is a
 * placeholder that cannot run, or undefined. Examples: `<IMAGE1_NAME>`, `${IMAGE}`, `REPLACE_ME`,
 * `IMAGE_URI`, `123456789012.dkr.ecr.us-east-1.amazonaws.com/web`, `arn:aws:iam::ACCOUNT_ID:role/x`.
 */
export function placeholderReason(value: string, kind: 'image' | 'arn' = 'image'): string | undefined {
  if (value.trim() === '') return 'it is empty';
  for (const [re, what] of PLACEHOLDER_FORMS) {
    const m = re.exec(value);
    if (m) return `${showValue(m[0].replace(/^[^A-Za-z<${$]+/, ''))} is ${what}`;
  }
  // Repositories are lower case: an all-caps word is a variable the pipeline meant to fill in.
  if (kind === 'image' && /^[A-Z][A-Z0-9_]*(?::[\w.-]+)?$/.test(value))
    return `${showValue(value)} is a variable name, not an image`;
  const account = PLACEHOLDER_ACCOUNT.exec(value);
  if (account) return `account ${showValue(account[0])} is a placeholder (no one's AWS account)`;
  return undefined;
}
