/**
 * Reads what the suite recorded in EFD_ARTEFACT_DIR (src/sandbox/artefacts.ts) and looks for every
 * canary in every artefact: as itself, URL-encoded, and as base64/base64url at any alignment (a
 * secret inside a longer base64 text shows up as one of three cores).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtefactChannel, ArtefactLine } from '../../src/sandbox/artefacts.js';

/** What a scan found. */
export interface ScanResult {
  artefacts: number;
  characters: number;
  perChannel: Partial<Record<ArtefactChannel, number>>;
  canaries: number;
  /** `where: canary label (form)` for each leak, first 50 kept. */
  leaks: string[];
  leakCount: number;
}

/** The forms a secret may leak in, each with a name. */
function forms(value: string): [string, string][] {
  const out = new Map<string, string>([[value, 'plain']]);
  const url = encodeURIComponent(value);
  if (url !== value) out.set(url, 'url-encoded');
  const bytes = Buffer.from(value);
  for (const enc of ['base64', 'base64url'] as const) {
    for (let k = 0; k < 3; k++) {
      const s = Buffer.concat([Buffer.alloc(k), bytes]).toString(enc);
      // Drop the characters that depend on the bytes before (k>0) and after the value.
      const core = s.slice(k === 0 ? 0 : k === 1 ? 2 : 3, s.length - 4);
      if (core.length >= 8 && !out.has(core)) out.set(core, `${enc}${k ? ` at offset ${k}` : ''}`);
    }
  }
  return [...out];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Scan every `<pid>.jsonl` of `dir`. */
export function scanArtefacts(dir: string): ScanResult {
  const lines: ArtefactLine[] = [];
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.jsonl')) continue;
    for (const l of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!l) continue;
      try {
        lines.push(JSON.parse(l) as ArtefactLine);
      } catch {
        // A line cut short by a process killed mid-write: the rest of the file still counts.
      }
    }
  }
  const canaries = new Map<string, string>();
  for (const l of lines) if (l.channel === 'canary') canaries.set(l.text, l.where);
  const formOf = new Map<string, string>();
  for (const [value, label] of canaries)
    for (const [f, name] of forms(value)) if (!formOf.has(f)) formOf.set(f, `${label} (${name})`);
  const pattern = formOf.size
    ? new RegExp(
        [...formOf.keys()]
          .sort((a, b) => b.length - a.length)
          .map(escape)
          .join('|'),
        'g',
      )
    : undefined;

  const result: ScanResult = {
    artefacts: 0,
    characters: 0,
    perChannel: {},
    canaries: canaries.size,
    leaks: [],
    leakCount: 0,
  };
  for (const l of lines) {
    if (l.channel === 'canary') continue;
    result.artefacts++;
    result.characters += l.text.length;
    result.perChannel[l.channel] = (result.perChannel[l.channel] ?? 0) + 1;
    if (!pattern) continue;
    // `::add-mask::VALUE` is how a step tells the runner to hide a value: the runner swallows the
    // line, so the value it names is not in the log anybody sees.
    const text =
      l.channel === 'stdout' || l.channel === 'child-output' ? l.text.replace(/^::add-mask::.*$/gm, '') : l.text;
    for (const m of text.matchAll(pattern)) {
      result.leakCount++;
      if (result.leaks.length < 50) result.leaks.push(`[${l.channel}] ${l.where}: ${formOf.get(m[0])}`);
    }
  }
  return result;
}
