/**
 * The secret scan's recorder. When `EFD_ARTEFACT_DIR` names a directory (the test suite sets it),
 * every process of the suite appends what the tool produced — log lines, outputs, summaries,
 * report files, GitHub request bodies, objects written to the sandbox — and every secret value it
 * met (canaries) to `<dir>/<pid>.jsonl`; after the suite, a test scans all of it for every canary.
 * The sandbox uses it to record the writes it receives and the bearer tokens it accepts; the
 * tool itself never does. Without the variable, nothing is recorded.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { withoutFields } from './object.js';

/** Where an artefact came from. `canary` lines are secrets to look for, not artefacts. */
export type ArtefactChannel = 'log' | 'stdout' | 'child-output' | 'file' | 'github' | 'cluster' | 'canary';

/** One recorded line of `<pid>.jsonl`. */
export interface ArtefactLine {
  channel: ArtefactChannel;
  /** The test (file › name) or process that produced it, and what it is. */
  where: string;
  text: string;
}

const dir = (): string | undefined => process.env['EFD_ARTEFACT_DIR'] || undefined;

let buffer: string[] = [];
let size = 0;
let hooked = false;
const seenCanaries = new Set<string>();

/** Write what is buffered to this process's file (also done at exit and past 1 MiB). */
export function flushArtefacts(): void {
  const d = dir();
  if (!d || buffer.length === 0) return;
  const out = buffer.join('');
  buffer = [];
  size = 0;
  try {
    // open/write/close rather than appendFileSync: the suite's capture wraps the latter.
    const fd = openSync(join(d, `${process.pid}.jsonl`), 'a');
    try {
      writeSync(fd, out);
    } finally {
      closeSync(fd);
    }
  } catch {
    // The directory is gone (the suite ended): nothing left to scan.
  }
}

/** True when artefacts are being recorded. */
export function recording(): boolean {
  return dir() !== undefined;
}

/** Record one artefact (no-op unless `EFD_ARTEFACT_DIR` is set). */
export function recordArtefact(channel: ArtefactChannel, where: string, text: string): void {
  if (!dir() || text.length === 0) return;
  if (!hooked) {
    hooked = true;
    process.on('exit', flushArtefacts);
  }
  const line = `${JSON.stringify({ channel, where, text } satisfies ArtefactLine)}\n`;
  buffer.push(line);
  size += line.length;
  if (size > 1 << 20) flushArtefacts();
}

/** Record a secret value the scan must never find in an artefact (once per value per process). */
export function registerCanary(label: string, value: string | undefined): void {
  if (!value || value.length < 8 || seenCanaries.has(value)) return;
  seenCanaries.add(value);
  recordArtefact('canary', label, value);
}

/**
 * A write to `secrets` with its payload taken out: `data`/`stringData` of objects (and of list
 * items), and the values of JSON-patch operations.
 */
export function withoutSecretPayload(body: unknown): unknown {
  if (Array.isArray(body))
    return body.map((op: unknown) =>
      op && typeof op === 'object' && 'op' in op
        ? { ...(op as object), value: '(secret payload)' }
        : withoutSecretPayload(op),
    );
  if (!body || typeof body !== 'object') return body;
  const rest = withoutFields(body as Record<string, unknown>, 'data', 'stringData');
  if (Array.isArray(rest['items'])) rest['items'] = rest['items'].map(withoutSecretPayload);
  return rest;
}
