/**
 * Test-side half of the whole-suite secret scan (see src/sandbox/artefacts.ts and
 * test/secret-scan/scan.test.ts): sinks for the tool's in-process log lines and CLI output that
 * both keep the text for the test's assertions and record it as an artefact, and the name of the
 * test that is running.
 */
import { relative } from 'node:path';
import type { CliIo } from '../../src/cli.js';
import { recordArtefact } from '../../src/sandbox/artefacts.js';

/** `test/file.test.ts › describe › test` of the running test, for artefact records. */
export function currentTest(): string {
  const g = globalThis as { expect?: { getState(): { testPath?: string; currentTestName?: string } } };
  const state = g.expect?.getState();
  if (!state?.testPath) return `process ${process.pid}`;
  return `${relative(process.cwd(), state.testPath)}${state.currentTestName ? ` › ${state.currentTestName}` : ''}`;
}

/** A log callback for runDeploy & co.: lines kept in `lines` and recorded for the scan. */
export function logSink(extra?: (line: string) => void): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return {
    lines,
    log: (line: string) => {
      lines.push(line);
      recordArtefact('log', currentTest(), line);
      extra?.(line);
    },
  };
}

/** A CliIo for runCli: what the CLI writes, kept per stream and together, and recorded for the scan. */
export function ioSink(): { io: CliIo; out: () => string; err: () => string; all: () => string } {
  let out = '';
  let err = '';
  let all = '';
  return {
    io: {
      out: (t: string) => {
        out += t;
        all += t;
        recordArtefact('stdout', `${currentTest()} (stdout)`, t);
      },
      err: (t: string) => {
        err += t;
        all += t;
        recordArtefact('stdout', `${currentTest()} (stderr)`, t);
      },
    },
    out: () => out,
    err: () => err,
    all: () => all,
  };
}
