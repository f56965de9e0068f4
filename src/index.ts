import { run } from './action.js';

// The action's entry point: run() reports everything through @actions/core (which sets
// process.exitCode). Then exit explicitly once the output is flushed: a call cut short by a cancel
// or a time limit can leave a socket still connecting to an endpoint that never answers, and the
// step must not hang on it.
void run().finally(() => {
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit();
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
});
