/**
 * The one place the action writes to the log, and its cancellation. Plain lines cannot command
 * the runner (a line starting with `::` is escaped), and no text carries ANSI escapes, control or
 * bidi characters; annotations and the failure message are workflow commands whose data
 * @actions/core escapes.
 */
import * as core from '@actions/core';
import type { Finding } from '../findings.js';
import { neutraliseLogLine, stripControls } from '../report/log-line.js';
import { cancelOnSignals } from '../signals.js';

function cleanProps(props: core.AnnotationProperties | undefined): core.AnnotationProperties | undefined {
  if (!props) return undefined;
  return {
    ...props,
    ...(props.title !== undefined ? { title: stripControls(props.title) } : {}),
    ...(props.file !== undefined ? { file: stripControls(props.file) } : {}),
  };
}

export const say = {
  info: (line: string): void => {
    core.info(neutraliseLogLine(line));
  },
  warning: (text: string, props?: core.AnnotationProperties): void => {
    core.warning(stripControls(text), cleanProps(props));
  },
  error: (text: string, props?: core.AnnotationProperties): void => {
    core.error(stripControls(text), cleanProps(props));
  },
  notice: (text: string, props?: core.AnnotationProperties): void => {
    core.notice(stripControls(text), cleanProps(props));
  },
  failed: (text: string): void => {
    core.setFailed(stripControls(text));
  },
};

/** Findings as annotations on the file and line they come from. */
export function annotate(findings: readonly Finding[]): void {
  for (const f of findings) {
    const line = (f as { line?: unknown }).line;
    const props = f.file
      ? {
          file: f.file,
          title: `${f.code}${f.container ? ` (${f.container})` : ''}`,
          ...(typeof line === 'number' ? { startLine: line } : {}),
        }
      : {};
    const text = `${f.field ? `${f.field}: ` : ''}${f.message}`;
    if (f.severity === 'blocker') say.error(text, props);
    else if (f.severity === 'warning') say.warning(text, props);
  }
}

export const RESTORE_PREVIOUS = 'whatever was applied is rolled back to the previous release';
export const STILL_RESTORING =
  'still restoring the previous release; not stopping half way, which would leave neither release running';

/** The warning for a signal; `again` when one came before. */
export type CancelNotice = (sig: NodeJS.Signals, again: boolean) => string;

/** `then`: what the first signal does; `still`: what a repeated one is told is still going on. */
export function cancelling(then: string, still: string): CancelNotice {
  return (sig, again) => (again ? `received ${sig} again: ${still}` : `received ${sig}: cancelling; ${then}`);
}

/** Removers of the signal handlers {@link deps} installed; run() removes them when it ends. */
const signalHandlers: (() => void)[] = [];

/** Stop listening for the signals every {@link deps} call listened for. */
export function disposeSignalHandlers(): void {
  for (const dispose of signalHandlers.splice(0)) dispose();
}

/**
 * Cancellation: the runner sends SIGINT then SIGTERM when a run is cancelled, and a repeated
 * cancel sends more. The first aborts; every one is a warning and none ends the process: the
 * later ones arrive while a release is being restored (or traffic moved back), and stopping that
 * half way would leave neither running. The runner's SIGKILL still stops it.
 */
export function deps(notice: CancelNotice): {
  log: (line: string) => void;
  signal: AbortSignal;
  mask: (secret: string) => void;
} {
  const cancel = cancelOnSignals((sig, again) => {
    say.warning(notice(sig, again));
  });
  signalHandlers.push(() => {
    cancel.dispose();
  });
  return {
    log: (line) => {
      say.info(line);
    },
    signal: cancel.signal,
    mask: (secret) => {
      core.setSecret(secret);
    },
  };
}
