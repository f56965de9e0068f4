import { runPlan } from './commands/plan.js';
import { planConfigFromArgs } from './config/plan.js';
import { isUserError } from './errors.js';
import type { PlanResult } from './report/model.js';

const USAGE = `eks-fargate-deploy — move ECS services to EKS on Fargate, then deploy there

Usage:
  eks-fargate-deploy plan --ecs-task-definition FILE... [--ecs-service FILE...] [--ecs-scaling FILE...]
                          [--ecs-cluster NAME --ecs-service-name NAME... [--region REGION]]
                          [--namespace NS] [--out DIR] [--report-json FILE] [--report-md FILE]
                          [--drop-unsupported] [--alb-mode ingress|target-group-binding]
                          [--rate NAME=USD...] [--secret-store NAME] [--parameter-store NAME]
  eks-fargate-deploy sandbox [--port N] [--kubeconfig FILE] [--config FILE]
  eks-fargate-deploy token --cluster-name NAME [--region REGION]   (an ExecCredential for kubeconfig exec)
  eks-fargate-deploy help | version

plan exit codes: 0 no blockers, 2 blockers found (reports still written), 1 invalid input or failure.
`;

/** Write to stdout/stderr; injectable so tests can capture. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
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
    io.err(`internal error (please report): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

const VERSION = '0.1.0';

async function planCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const config = planConfigFromArgs(argv);
  const outcome = await runPlan(config);
  io.out(planSummary(outcome.result));
  for (const f of outcome.written) io.out(`wrote ${f}\n`);
  return outcome.exitCode;
}

/** A terminal summary: input errors, blockers, warnings, and the cost line. */
export function planSummary(result: PlanResult): string {
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
      `monthly ECS Fargate $${result.totals.ecsMonthlyUsd.toFixed(2)} → EKS Fargate $${result.totals.eksMonthlyUsd.toFixed(2)} (incl. control plane $${result.totals.eksControlPlaneMonthlyUsd.toFixed(2)})`,
  );
  return `${lines.join('\n')}\n`;
}
