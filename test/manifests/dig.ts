/** The value at `path` inside a decoded object (`dig(o, 'spec', 'containers', 0, 'image')`), or undefined. */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}
