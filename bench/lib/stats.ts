/** Small helpers shared by the benchmarks. */

/** The median of `xs` (the mean of the middle two for an even count); throws on an empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const hi = s[mid];
  if (hi === undefined) throw new Error('median of no samples');
  const lo = s[mid - 1];
  return s.length % 2 === 1 || lo === undefined ? hi : (lo + hi) / 2;
}

/** `xs[i]`, or an error naming what was missing. */
export function at<T>(xs: readonly T[], i: number, what = 'sample'): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`no ${what} at index ${i} (have ${xs.length})`);
  return x;
}
