import type { Finding } from '../findings.js';

/**
 * A finding repeated for every container (same code, same field below the container, same text)
 * is one finding listing the containers, not one line each.
 */
export function groupByContainer(findings: readonly Finding[]): Finding[] {
  const codes = new Set<string>();
  let repeated = false;
  for (const f of findings) {
    if (f.container === undefined) continue;
    if (codes.has(f.code)) repeated = true;
    codes.add(f.code);
  }
  if (!repeated) return [...findings];
  const out: Finding[] = [];
  const groups = new Map<
    string,
    { first: Finding; index: number; indices: string[]; names: string[]; suffix: string; text: string }
  >();
  for (const f of findings) {
    const m = /^containerDefinitions\[(\d+)\](.*)$/.exec(f.field ?? '');
    if (!m || f.container === undefined) {
      out.push(f);
      continue;
    }
    const [, index = '', suffix = ''] = m;
    const text = f.message;
    const key = [f.severity, f.code, f.file ?? '', suffix, text].join('\u0000');
    const g = groups.get(key);
    if (g) {
      g.indices.push(index);
      g.names.push(f.container);
      continue;
    }
    groups.set(key, { first: f, index: out.length, indices: [index], names: [f.container], suffix, text });
    out.push(f);
  }
  for (const g of groups.values()) {
    if (g.names.length < 2) continue;
    out[g.index] = {
      ...g.first,
      container: g.names.join(', '),
      field: `containerDefinitions[${g.indices.join(', ')}]${g.suffix}`,
      message: `containers ${g.names.join(', ')}: ${g.text}`,
    };
  }
  return out;
}
