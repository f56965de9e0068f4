/**
 * Running a builder's command: arguments as an array (never a shell string), secrets only on
 * stdin, output streamed line by line to the log with every known secret redacted, and the last
 * lines kept for the error message when the command fails.
 */
import { spawn } from 'node:child_process';

/** How a command ended, with its last output lines (stdout and stderr interleaved, redacted). */
interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
}

/** Options of {@link CommandRunner.run}. */
interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the command's stdin, then stdin is closed (how passwords reach `docker login`). */
  stdin?: string;
  /** Each output line as it comes, already redacted. */
  onLine?: (line: string) => void;
  /** Strings to replace with `***` in every line passed on or kept. */
  secrets?: readonly string[];
  signal?: AbortSignal;
}

/** Runs commands; injectable so a test can put a recording stand-in in front of a real tool. */
export interface CommandRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

/** Lines kept for error messages; a build prints thousands, the cause is near the end. */
const TAIL_LINES = 200;

/** Replace every occurrence of each secret (at least 4 characters, so nothing trivial) with `***`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** The real runner: `child_process.spawn`, no shell. A missing executable resolves with code 127, like a shell. */
export const spawnRunner: CommandRunner = {
  run(command, args, options = {}) {
    return new Promise((resolveRun) => {
      const lines: string[] = [];
      const secrets = options.secrets ?? [];
      const keep = (raw: string): void => {
        const line = redact(raw.replace(/\r$/, ''), secrets);
        lines.push(line);
        if (lines.length > TAIL_LINES) lines.shift();
        options.onLine?.(line);
      };
      let child;
      try {
        child = spawn(command, [...args], {
          cwd: options.cwd,
          env: options.env ?? process.env,
          stdio: ['pipe', 'pipe', 'pipe'],
          ...(options.signal ? { signal: options.signal, killSignal: 'SIGTERM' as const } : {}),
        });
      } catch (err) {
        resolveRun({ code: 127, signal: null, lines: [`${command}: ${(err as Error).message}`] });
        return;
      }
      const partial = { out: '', err: '' };
      const onData = (key: 'out' | 'err') => (chunk: Buffer) => {
        const text = partial[key] + chunk.toString('utf8');
        const parts = text.split('\n');
        partial[key] = parts.pop() ?? '';
        for (const p of parts) keep(p);
      };
      child.stdout.on('data', onData('out'));
      child.stderr.on('data', onData('err'));
      let failed: string | undefined;
      child.on('error', (err: NodeJS.ErrnoException) => {
        failed = err.code === 'ENOENT' ? `${command}: command not found` : `${command}: ${err.message}`;
      });
      child.stdin.on('error', () => {
        // The command exited before reading stdin; its exit status tells what happened.
      });
      child.stdin.end(options.stdin ?? '');
      child.on('close', (code, signal) => {
        for (const key of ['out', 'err'] as const) if (partial[key] !== '') keep(partial[key]);
        if (failed !== undefined) {
          lines.push(failed);
          // Node reports a failed spawn as a negative errno on 'close'; callers expect a shell's 127.
          resolveRun({ code: 127, signal, lines });
          return;
        }
        resolveRun({ code, signal, lines });
      });
    });
  },
};
