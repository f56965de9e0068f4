/**
 * Render a kustomize directory with `kubectl kustomize DIR`: no shell, a time limit, and output
 * capped at the input file limit (kubectl is killed once it passes it, so an oversized rendering
 * is never parsed).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { showValue } from '../errors.js';
import { MAX_INPUT_FILE_BYTES } from './input-file.js';

const execFileAsync = promisify(execFile);

/** How to run kubectl for {@link renderKustomize}. */
export interface KustomizeRun {
  /** kubectl binary (default `kubectl` on PATH). */
  kubectl: string;
  /** The working directory (the workspace). */
  cwd: string;
  timeoutMs: number;
  /** Kills a running kubectl; its reason is thrown. */
  signal?: AbortSignal | undefined;
}

/** The rendered YAML, or why there is none. */
export type KustomizeResult =
  { ok: true; yaml: string } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false; why: string };

/** Run `kubectl kustomize dir`. Failures come back as values; only the signal's abort is thrown. */
export async function renderKustomize(dir: string, run: KustomizeRun): Promise<KustomizeResult> {
  const { kubectl, cwd, timeoutMs: timeout, signal } = run;
  try {
    const { stdout } = await execFileAsync(kubectl, ['kustomize', dir], {
      ...(signal ? { signal } : {}),
      cwd,
      timeout,
      killSignal: 'SIGKILL',
      maxBuffer: MAX_INPUT_FILE_BYTES,
      encoding: 'utf8',
      windowsHide: true,
    });
    return { ok: true, yaml: stdout };
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    const e = err as NodeJS.ErrnoException & { killed?: boolean; stderr?: string; signal?: string | null };
    // Checked first: Node kills kubectl when the output passes maxBuffer, so `killed` is set too.
    if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return { ok: false, tooLarge: true };
    let why: string;
    if (e.code === 'ENOENT')
      why = `${showValue(kubectl)} was not found; install kubectl (it renders kustomize directories)`;
    else if (e.killed === true || (e.signal ?? null) !== null)
      why = `did not finish within ${timeout % 1000 === 0 ? `${timeout / 1000} s` : `${timeout} ms`}`;
    else why = kubectlMessage(e.stderr ?? '') || e.message;
    return { ok: false, tooLarge: false, why };
  }
}

/** kubectl logs through klog: `E1122 02:17:38.19 5453 run.go:72] "command failed" err="…"`; keep the err text. */
function kubectlMessage(stderr: string): string {
  return stderr
    .trim()
    .split('\n')
    .slice(0, 5)
    .map((line) => {
      const m = /^[IWEF]\d{4} [\d:.]+\s+\d+ [^\]]+\] "command failed" err=("(?:[^"\\]|\\.)*")\s*$/.exec(line);
      if (!m) return line;
      try {
        return JSON.parse(m[1] ?? '') as string;
      } catch {
        return line;
      }
    })
    .join('\n');
}
