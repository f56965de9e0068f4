import { runCli } from './cli.js';

/**
 * Exit with `code` once stdout and stderr are flushed. Exiting explicitly, not by letting the
 * event loop drain: a call cut short by a cancel or a time limit can leave a socket that is still
 * connecting to an endpoint that never answers, and that would keep the process alive after the
 * command has finished.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

// The CLI bundle's entry: run, then exit with the command's code.
runCli(process.argv.slice(2)).then(exitWhenFlushed, (err: unknown) => {
  process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  exitWhenFlushed(1);
});
