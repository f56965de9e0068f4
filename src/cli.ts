import { bashCompletion, commandHelp, topLevelHelp, zshCompletion } from './command-help.js';
import { COMMANDS, findCommand, flagSpecs } from './command-model.js';
import { nearest } from './config/args.js';
import { isOperationalError, isUserError, UserInputError } from './errors.js';
import { neutraliseLogLine } from './report/log-line.js';
import type { PlanResult } from './report/model.js';
import { cancelOnSignals, type Cancellation } from './signals.js';

/** Write to stdout/stderr; injectable so tests can capture. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * The one place the CLI writes: no ANSI escape, control or bidi character from a manifest, the
 * cluster or a smoke test reaches the terminal, and no line can command a GitHub runner (the CLI
 * also runs in workflow steps, whose stdout the runner parses).
 */
const processIo: CliIo = {
  out: (t) => process.stdout.write(neutraliseLogLine(t)),
  err: (t) => process.stderr.write(neutraliseLogLine(t)),
};

/**
 * Run one CLI command and return its exit code. User errors are printed as messages (no stack
 * trace); anything else is a bug and prints its stack.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) {
      io.out(topLevelHelp());
      return 1;
    }
    if (name === '--help' || name === '-h') return helpCommand(rest, io);
    if (name === '--version') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    const decl = findCommand(name);
    if (decl === undefined) {
      const near = nearest(
        name,
        COMMANDS.map((c) => c.name),
      );
      io.err(
        `unknown command ${JSON.stringify(name)}${near !== undefined ? `; did you mean ${near}?` : ''}\n\n${topLevelHelp()}`,
      );
      return 1;
    }
    if (wantsHelp(rest)) {
      io.out(commandHelp(decl));
      return 0;
    }
    if (name === 'help') return helpCommand(rest, io);
    if (name === 'version') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    return await runCommand(name, rest, io);
  } catch (err) {
    return reportError(err, io);
  }
}

/** `--help` or `-h` anywhere before a `--`. */
function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** `help [COMMAND]`: the command list, or one command's help (the same as `COMMAND --help`). */
function helpCommand(rest: readonly string[], io: CliIo): number {
  const [topic] = rest;
  if (topic === undefined) {
    io.out(topLevelHelp());
    return 0;
  }
  const decl = findCommand(topic);
  if (decl === undefined) {
    const near = nearest(
      topic,
      COMMANDS.map((c) => c.name),
    );
    io.err(`error: no command ${JSON.stringify(topic)}${near !== undefined ? `; did you mean ${near}?` : ''}\n`);
    return 1;
  }
  io.out(commandHelp(decl));
  return 0;
}

/** User errors are messages (no stack trace); anything else is a bug and prints its stack. */
function reportError(err: unknown, io: CliIo): number {
  if (isUserError(err)) {
    io.err(`error: ${err.message.split('\n').join('\nerror: ')}\n`);
    return 1;
  }
  if (isOperationalError(err)) {
    io.err(`error: ${err.message}\n`);
    return 1;
  }
  io.err(`internal error (please report): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}

/** Run a command of the model; each implementation is loaded only when its command runs. */
async function runCommand(name: string, rest: readonly string[], io: CliIo): Promise<number> {
  switch (name) {
    case 'plan':
      return await planCommand(rest, io);
    case 'sandbox': {
      const { runSandboxCommand } = await import('./sandbox/cli.js');
      return await runSandboxCommand([...rest], (line) => {
        io.out(`${line}\n`);
      });
    }
    case 'deploy':
      return await deployCommand(rest, io);
    case 'rollback':
      return await rollbackCommand(rest, io);
    case 'history':
      return await historyCommand(rest, io);
    case 'build': {
      const { runBuildCommand } = await import('./commands/build.js');
      return await runBuildCommand([...rest], io);
    }
    case 'parity': {
      const { runParityCommand } = await import('./commands/parity.js');
      return await runParityCommand(rest, io);
    }
    case 'cutover': {
      const { runCutoverCommand } = await import('./commands/cutover.js');
      return await runCutoverCommand(rest, io);
    }
    case 'doctor':
      return await doctorCommand(rest, io);
    case 'token': {
      const { runTokenCommand } = await import('./commands/token.js');
      return await runTokenCommand(rest, io);
    }
    case 'completion':
      return completionCommand(rest, io);
    default:
      throw new Error(`the command model has ${name} and the CLI does not run it`);
  }
}

/** `completion bash|zsh`: print the script. */
function completionCommand(rest: readonly string[], io: CliIo): number {
  const [shell, ...more] = rest;
  if (more.length > 0) throw new UserInputError(`unexpected argument ${JSON.stringify(more[0])}`);
  if (shell === 'bash') io.out(bashCompletion());
  else if (shell === 'zsh') io.out(zshCompletion());
  else throw new UserInputError(`expected bash or zsh, got ${JSON.stringify(shell ?? '')}`, undefined, 'completion');
  return 0;
}

const VERSION = '0.1.0';

/** `doctor`: the same checks as the action's `command: doctor`; exit 1 when one fails. */
async function doctorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { parseArgs, single } = await import('./config/args.js');
  const { doctorConfig } = await import('./config/doctor.js');
  const { doctorLines, runDoctor } = await import('./commands/doctor.js');
  const args = parseArgs(argv, flagSpecs('doctor'));
  if (args.positionals.length > 0)
    throw new UserInputError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
  const flagOf: Record<string, string> = { 'aws-region': 'region', 'check-workflow': 'workflow' };
  const config = doctorConfig((input) => single(args, flagOf[input] ?? input) ?? '', process.env);
  const report = await runDoctor(config, { env: process.env });
  for (const line of doctorLines(report)) io.out(`${line}\n`);
  return report.checks.some((c) => c.status === 'fail') ? 1 : 0;
}

/** The line on stderr for a signal; `again` when one came before. */
type CancelNotice = (sig: NodeJS.Signals, again: boolean) => string;

const deployCancelNotice: CancelNotice = (sig, again) =>
  again
    ? `received ${sig} again: still restoring the previous release; not stopping half way, which would leave neither release running`
    : `received ${sig}: cancelling (whatever was applied is rolled back to the previous release)`;

/**
 * Abort on SIGINT/SIGTERM (the runner's cancel sends SIGINT, then SIGTERM); a deploy then rolls back.
 * Every signal is acknowledged on stderr and none ends the process: later ones arrive while the
 * previous release is being restored, and stopping that half way would leave neither release
 * running (SIGKILL still stops it).
 */
function cancellation(io: CliIo, notice: CancelNotice = deployCancelNotice): Cancellation {
  return cancelOnSignals((sig, again) => {
    io.err(`${notice(sig, again)}\n`);
  });
}

async function deployCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { deployConfigFromArgs } = await import('./config/deploy.js');
  const { runDeploy } = await import('./commands/deploy.js');
  const config = deployConfigFromArgs(argv);
  const cancel = cancellation(io);
  try {
    const out = await runDeploy(config, {
      log: (l) => {
        io.out(`${l}\n`);
      },
      signal: cancel.signal,
    });
    for (const f of out.findings.filter((x) => x.severity !== 'info'))
      io.out(`${f.severity}: ${f.file ? `${f.file}: ` : ''}${f.message}\n`);
    io.out(`deploy: ${out.status}: ${out.message}\n`);
    return out.exitCode;
  } finally {
    cancel.dispose();
  }
}

async function rollbackCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { rollbackConfigFromArgs } = await import('./config/deploy.js');
  const { runRollback, rollbackCancelNotice } = await import('./commands/rollback.js');
  const config = rollbackConfigFromArgs(argv);
  // A cancel stops a rollback only before its restore starts; the notice says which it did.
  let restoring: string | undefined;
  const cancel = cancellation(io, (sig, again) => rollbackCancelNotice(sig, again, restoring));
  try {
    const out = await runRollback(config, {
      log: (l) => {
        io.out(`${l}\n`);
      },
      signal: cancel.signal,
      onRestoring: (target) => {
        restoring = target;
      },
    });
    io.out(`rollback: ${out.status}: ${out.message}\n`);
    return out.exitCode;
  } finally {
    cancel.dispose();
  }
}

async function historyCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { historyConfigFromArgs } = await import('./config/deploy.js');
  const { releaseHistory } = await import('./commands/rollback.js');
  const config = historyConfigFromArgs(argv);
  const rows = await releaseHistory(config.cluster, config.namespace, config.release);
  if (config.output === 'json') {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    io.out(`release ${config.release} has no history in namespace ${config.namespace}\n`);
    return 0;
  }
  const header = ['REVISION', 'STATUS', 'CREATED', 'COMMIT', 'IMAGES'];
  const table = [
    header,
    ...rows.map((r) => [
      String(r.number),
      r.status,
      r.createdAt ?? '',
      (r.commit ?? '').slice(0, 12),
      r.images.join(','),
    ]),
  ];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]?.length ?? 0)));
  for (const row of table)
    io.out(
      `${row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  return 0;
}

async function planCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { planConfigFromArgs } = await import('./config/plan.js');
  const { runPlan } = await import('./commands/plan.js');
  const config = planConfigFromArgs(argv);
  const outcome = await runPlan(config);
  io.out(planSummary(outcome.result));
  for (const f of outcome.written) io.out(`wrote ${f}\n`);
  if (config.commentMd !== undefined) {
    const { writePlanComment } = await import('./commands/plan-comment.js');
    for (const f of await writePlanComment(config, outcome, config.commentMd)) io.out(`wrote ${f}\n`);
  }
  return outcome.exitCode;
}

/** A terminal summary: input errors, blockers, warnings, and the cost line. */
function planSummary(result: PlanResult): string {
  const lines: string[] = [];
  for (const e of result.errors) lines.push(`error: ${e.file}: ${e.message}`);
  for (const f of result.findings) {
    if (f.severity === 'info') continue;
    const where = [f.file, f.container ? `container ${f.container}` : '', f.field].filter(Boolean).join(': ');
    lines.push(`${f.severity}: ${where ? `${where}: ` : ''}${f.message}`);
  }
  const count = (s: string): number => result.findings.filter((f) => f.severity === s).length;
  lines.push(
    `plan: ${result.workloads.length} workload(s), ${result.objects.length} object(s), ${count('blocker')} blocker(s), ${count('warning')} warning(s), ${result.errors.length} input error(s); ` +
      `monthly ECS $${result.totals.ecsMonthlyUsd.toFixed(2)} → EKS Fargate $${result.totals.eksMonthlyUsd.toFixed(2)} (incl. control plane $${result.totals.eksControlPlaneMonthlyUsd.toFixed(2)})` +
      (result.totals.notInTotals.length > 0
        ? `; ${result.totals.notInTotals.length} workload(s) not in the totals (blocked, or ECS cost unknown)`
        : ''),
  );
  return `${lines.join('\n')}\n`;
}
