import { runPlan } from './commands/plan.js';
import { planConfigFromArgs } from './config/plan.js';
import { isOperationalError, isUserError, UserInputError } from './errors.js';
import { neutraliseLogLine } from './report/log-line.js';
import type { PlanResult } from './report/model.js';

const USAGE = `eks-fargate-deploy — move ECS services to EKS on Fargate, then deploy there

Usage:
  eks-fargate-deploy plan --ecs-task-definition FILE... [--ecs-service FILE...] [--ecs-scaling FILE...]
                          [--ecs-cluster NAME --ecs-service-name NAME... [--region REGION]]
                          [--namespace NS] [--out DIR] [--report-json FILE] [--report-md FILE]
                          [--drop-unsupported] [--alb-mode ingress|target-group-binding]
                          [--rate NAME=USD...] [--secret-store NAME] [--parameter-store NAME] [--workspace DIR]
  eks-fargate-deploy deploy (--cluster-name NAME --region R | --kubeconfig FILE [--context C])
                            --manifests PATH... | --ecs-task-definition FILE... [--ecs-service FILE...]
                            [--namespace NS] [--release NAME] [--image NAME=REF[@sha256:...]...]
                            [--smoke-tests FILE] [--timeout 10m] [--grace 20s] [--settle 20s] [--lock-wait 5m] [--lock-lease 60s]
                            [--auto-rollback true|false] [--force-conflicts] [--prune] [--history-limit N]
                            [--allow-namespace NS...] [--allow-cluster-scoped] [--adopt]
                            [--commit SHA] [--run-url URL] [--workspace DIR]
  eks-fargate-deploy rollback (cluster flags) [--namespace NS] [--release NAME] [--to-release N] [--smoke-tests FILE]
  eks-fargate-deploy history (cluster flags) [--namespace NS] [--release NAME] [--output table|json]
  eks-fargate-deploy build --images FILE|YAML [--tag TAG] [--region R] [--builder auto|docker|buildah] ...
                            (see 'eks-fargate-deploy build --help')
  eks-fargate-deploy parity --old-url URL (--new-url URL | cluster flags --ingress NAME) --requests FILE ...
  eks-fargate-deploy cutover (parity flags) --hosted-zone-id Z --record-name NAME --steps 10,50,100 ...
                            (see 'eks-fargate-deploy cutover --help')
  eks-fargate-deploy sandbox [--port N] [--kubeconfig FILE] [--config FILE]
  eks-fargate-deploy token --cluster-name NAME [--region REGION]   (an ExecCredential for kubeconfig exec)
  eks-fargate-deploy doctor [--role-to-assume ARN] [--region R] [--cluster-name NAME | --kubeconfig FILE [--context C]]
                            [--namespace NS] [--workflow plan|deploy|rollback|build|cutover]
                            (inside a workflow job: OIDC claims, the trust policy, pass/fail per check)
  eks-fargate-deploy help | version

plan exit codes: 0 no blockers, 2 blockers found (reports still written), 1 invalid input or failure.
deploy/rollback exit codes: 0 deployed, 1 invalid input or preflight failed (nothing applied), 2 Fargate
blockers (nothing applied), 3 failed and rolled back (previous release serving), 4 failed and not restored,
5 lost the deploy lock to another deploy (wrote nothing more; the next deploy or rollback restores), 130 cancelled (before apply: nothing applied; after: previous release restored). A rollback is cancelled
only before its restore starts; a signal after that does not stop it.
`;

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
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'plan':
        return await planCommand(rest, io);
      case 'sandbox': {
        const { runSandboxCommand } = await import('./sandbox/cli.js');
        return await runSandboxCommand([...rest], (line) => io.out(`${line}\n`));
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
      case 'version':
      case '--version':
        io.out(`${VERSION}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return command === undefined ? 1 : 0;
      default:
        io.err(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return 1;
    }
  } catch (err) {
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
}

const VERSION = '0.1.0';

/** `doctor`: the same checks as the action's `command: doctor`; exit 1 when one fails. */
async function doctorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { parseArgs, single } = await import('./config/args.js');
  const { doctorConfig } = await import('./config/action.js');
  const { doctorLines, runDoctor } = await import('./commands/doctor.js');
  const flags = {
    'role-to-assume': { type: 'single' },
    region: { type: 'single' },
    'cluster-name': { type: 'single' },
    kubeconfig: { type: 'single' },
    context: { type: 'single' },
    namespace: { type: 'single' },
    workflow: { type: 'single' },
  } as const;
  const args = parseArgs(argv, flags);
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
function cancellation(io: CliIo, notice: CancelNotice = deployCancelNotice): { signal: AbortSignal; dispose(): void } {
  const ctrl = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    io.err(`${notice(sig, ctrl.signal.aborted)}\n`);
    if (!ctrl.signal.aborted) ctrl.abort(new Error(`cancelled by ${sig}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ctrl.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

async function deployCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { deployConfigFromArgs } = await import('./config/deploy.js');
  const { runDeploy } = await import('./commands/deploy.js');
  const config = deployConfigFromArgs(argv);
  const cancel = cancellation(io);
  try {
    const out = await runDeploy(config, { log: (l) => io.out(`${l}\n`), signal: cancel.signal });
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
      log: (l) => io.out(`${l}\n`),
      signal: cancel.signal,
      onRestoring: (target) => (restoring = target),
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
  const table = [
    ['REVISION', 'STATUS', 'CREATED', 'COMMIT', 'IMAGES'],
    ...rows.map((r) => [
      String(r.number),
      r.status,
      r.createdAt ?? '',
      (r.commit ?? '').slice(0, 12),
      r.images.join(','),
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table)
    io.out(
      `${row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    );
  return 0;
}

async function planCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const config = planConfigFromArgs(argv);
  const outcome = await runPlan(config);
  io.out(planSummary(outcome.result));
  for (const f of outcome.written) io.out(`wrote ${f}\n`);
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
