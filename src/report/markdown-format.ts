/** Plain-text pieces of the markdown reports: money, numbers, counts and table rows. Pure, no locale. */

/** How much of the plan a rendering shows; see {@link PlanMarkdownOptions.maxLength}. */
export interface Detail {
  /** Mapping tables, info findings and the object list. */
  full: boolean;
  diagram: boolean;
  /** Most rows in the findings, input-error and per-workload cost tables. */
  rows: number;
}

/** `$1,234.56`; negative amounts as `-$1,234.56`. Rounded to the cent, no locale involved. */
export function formatUsd(amount: number): string {
  const cents = Math.round(Math.abs(amount) * 100);
  const sign = amount < 0 && cents !== 0 ? '-' : '';
  const dollars = Math.floor(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  return `${sign}$${groupThousands(String(dollars))}.${rest}`;
}

/** A cost difference with its sign: `+$12.30`, `-$4.00`, `$0.00`. */
export function formatSignedUsd(amount: number): string {
  const text = formatUsd(amount);
  return text.startsWith('-') || text === '$0.00' ? text : `+${text}`;
}

/** A plain number with at most three decimals and no trailing zeros: `0.25`, `2`, `1,024`. */
export function formatNumber(value: number): string {
  const fixed = Math.abs(value)
    .toFixed(3)
    .replace(/\.?0+$/, '');
  const [whole, fraction] = fixed.split('.');
  const sign = value < 0 && fixed !== '0' ? '-' : '';
  return `${sign}${groupThousands(whole ?? '0')}${fraction ? `.${fraction}` : ''}`;
}

/** A rate in dollars with as many decimals as it has, at least two: `$0.10`, `$0.04048`. */
export function formatRate(rate: number): string {
  const [whole, fraction = ''] = rate.toFixed(6).replace(/0+$/, '').split('.');
  return `$${groupThousands(whole ?? '0')}.${fraction.padEnd(2, '0')}`;
}

/** The change from `before` to `after`: `+$12.30, +5%`. */
export function costChange(before: number, after: number): string {
  const delta = formatSignedUsd(after - before);
  if (before === 0) return delta;
  const percent = ((after - before) / before) * 100;
  const text = Math.abs(percent).toFixed(1).replace(/\.0$/, '');
  const sign = text === '0' ? '' : percent < 0 ? '-' : '+';
  return `${delta}, ${sign}${text}%`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `3 workloads`, `1 blocker`. */
export function count(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** One GFM table row of already escaped cells. */
export function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The first `limit` rows, and a row saying how many were left out. */
export function limitRows(rows: readonly string[], limit: number, width: number): string[] {
  if (rows.length <= limit) return [...rows];
  const more = `… ${count(rows.length - limit, 'more row')} not shown`;
  return [...rows.slice(0, limit), row([more, ...Array<string>(width - 1).fill('')])];
}
