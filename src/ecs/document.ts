/** What the ECS parsers share: the result shape, null stripping, and the step from checked JSON to SDK types. */
import type { Finding } from '../findings.js';

/** Result of reading one input file: what was understood, plus non-fatal findings. */
export interface Parsed<T> {
  value: T;
  findings: Finding[];
}

/** ECS names (families, containers, services): letters, digits, hyphens and underscores, up to 255. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/** Recursively drop `null` values: console exports write `null` for "absent". */
export function stripNulls<T>(value: T): T {
  if (Array.isArray(value)) {
    const list: unknown[] = value;
    return list.filter((v) => v !== null).map((v) => stripNulls(v)) as T;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== null && v !== undefined) out[k] = stripNulls(v);
    }
    return out as T;
  }
  return value;
}

/**
 * A document the parser has checked field by field, from here on read as the SDK type it follows.
 * The one place where parsed JSON becomes typed: every caller validates first.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the one cast from checked JSON to its SDK type
export function checked<T>(raw: Record<string, unknown>): T {
  return raw as T;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
