/**
 * The one duration grammar of the tool, for action inputs, CLI flags, smoke-test specs, parity
 * settings and the sandbox: a number with a unit (`ms`, `s`, `m`, `h`), several of them in a row
 * (`1h30m`, `1m30s`, `2s500ms`), decimals allowed (`1.5s`). Where a caller allows a bare number
 * (`600`), it is in the caller's unit, named by `bareUnit`.
 */

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
type Unit = keyof typeof UNIT_MS;

const isUnit = (u: string | undefined): u is Unit => u !== undefined && Object.hasOwn(UNIT_MS, u);

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const BARE = /^\d+(?:\.\d+)?$/;

/**
 * `text` in milliseconds, or undefined when it is not a duration. Surrounding white space is
 * ignored; a bare number is accepted only when `bareUnit` says what it counts.
 */
export function parseDuration(text: string, bareUnit?: 'ms' | 's'): number | undefined {
  const t = text.trim();
  if (bareUnit !== undefined && BARE.test(t)) return Number(t) * UNIT_MS[bareUnit];
  if (!DURATION.test(t)) return undefined;
  let total = 0;
  for (const [, amount, unit] of t.matchAll(PART)) if (isUnit(unit)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

/** `text` in whole seconds (a bare number is seconds), or undefined when it is not a duration or not whole seconds. */
export function parseSeconds(text: string): number | undefined {
  const ms = parseDuration(text, 's');
  return ms !== undefined && ms % 1000 === 0 ? ms / 1000 : undefined;
}
