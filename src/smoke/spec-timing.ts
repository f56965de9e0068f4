/** The durations and counts of a smoke spec: `interval: 3s`, `timeoutMs: 500`, `retries: 10`. */
import { showValue } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import type { Obj, Problems } from './spec-problems.js';

/** A duration given as `<key>` (number of ms or "500ms"/"2s"/"1m30s") or `<key>Ms` (number). */
export function durationSetting(
  item: Obj,
  defaults: Obj,
  key: string,
  at: (f: string) => string,
  p: Problems,
  positive: boolean,
): number | undefined {
  if (item[key] !== undefined || item[`${key}Ms`] !== undefined) return durationValue(item, key, at, p, positive);
  return durationValue(defaults, key, (k) => `defaults.${k}`, p, positive);
}

/** A duration under `key` (a duration text or milliseconds) or `<key>Ms` (milliseconds), bounded to 24 hours. */
export function durationValue(
  obj: Obj,
  key: string,
  fieldOf: (key: string) => string,
  p: Problems,
  positive: boolean,
): number | undefined {
  const plain = obj[key];
  const ms = obj[`${key}Ms`];
  if (plain !== undefined && ms !== undefined) {
    p.add(fieldOf(key), `give ${key} or ${key}Ms, not both`);
    return undefined;
  }
  if (plain === undefined && ms === undefined) return undefined;
  const f = fieldOf(plain !== undefined ? key : `${key}Ms`);
  const value = plain ?? ms;
  const parsed =
    typeof value === 'number'
      ? value
      : plain !== undefined && typeof value === 'string'
        ? parseDuration(value)
        : undefined;
  if (parsed === undefined || !Number.isFinite(parsed) || parsed < 0 || (positive && parsed === 0)) {
    const what =
      plain !== undefined ? 'duration like 500ms, 5s or 2m (or a number of milliseconds)' : 'number of milliseconds';
    p.add(f, `expected a ${positive ? 'positive ' : ''}${what}, got ${showValue(value)}`);
    return undefined;
  }
  if (parsed > 24 * 3_600_000) {
    p.add(f, `more than 24 hours: ${showValue(value)}`);
    return undefined;
  }
  return Math.round(parsed);
}

/** A count of retries: a whole number 0-1000. */
export function parseCount(raw: unknown, field: string, p: Problems): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 1000) {
    p.add(field, `expected a whole number 0-1000, got ${showValue(raw)}`);
    return undefined;
  }
  return raw;
}
