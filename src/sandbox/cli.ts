/**
 * `eks-fargate-deploy sandbox [--port N] [--kubeconfig FILE] [--config FILE]`: starts the
 * sandbox in the foreground, writes a kubeconfig, prints how to use it, and stops cleanly on
 * SIGINT/SIGTERM.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UserInputError } from '../errors.js';
import { loadSandboxConfigFile, type SandboxConfig } from './config.js';
import { startSandbox } from './sandbox.js';
import { onSignals } from '../signals.js';

/** Parsed `sandbox` flags. */
export interface SandboxCliOptions {
  port?: number;
  kubeconfig: string;
  configFile?: string;
}

/** Parses the `sandbox` command's flags (throws UserInputError naming the flag). */
export function parseSandboxArgs(args: string[]): SandboxCliOptions {
  const out: SandboxCliOptions = { kubeconfig: join(homedir(), '.kube', 'eks-fargate-sandbox.yaml') };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UserInputError(`flag ${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535)
          throw new UserInputError(`--port must be an integer 0-65535, got "${v}"`);
        out.port = n;
        break;
      }
      case '--kubeconfig':
        out.kubeconfig = resolve(value());
        break;
      case '--config':
        out.configFile = resolve(value());
        break;
      default:
        throw new UserInputError(
          `unknown flag "${a}" for sandbox; usage: sandbox [--port N] [--kubeconfig FILE] [--config FILE]`,
        );
    }
  }
  return out;
}

/**
 * Runs the sandbox until SIGINT/SIGTERM; resolves to the exit code. `out` receives the
 * human-readable lines (stdout by default).
 */
export async function runSandboxCommand(
  args: string[],
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  const opts = parseSandboxArgs(args);
  const fileConfig: Partial<SandboxConfig> = opts.configFile ? await loadSandboxConfigFile(opts.configFile) : {};
  const sandbox = await startSandbox({
    ...fileConfig,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.configFile ? {} : {}),
  });
  await sandbox.writeKubeconfig(opts.kubeconfig);
  out(
    `EKS-on-Fargate sandbox "${sandbox.config.clusterName}" listening on ${sandbox.url} (time factor ${sandbox.config.timing.timeFactor})`,
  );
  out(
    `Fargate profiles: ${sandbox.config.fargateProfiles.map((p) => `${p.name} (${p.selectors.map((s) => s.namespace + (s.labels ? ` ${JSON.stringify(s.labels)}` : '')).join(', ')})`).join('; ') || 'none'}`,
  );
  out(`kubeconfig written to ${opts.kubeconfig}`);
  out(
    `EKS API (DescribeCluster, ListFargateProfiles, DescribeFargateProfile) on ${sandbox.eksApi.url}: for preflight to check Fargate profile coverage, deploy with --cluster-name ${sandbox.config.clusterName} --region ${sandbox.config.eks?.region ?? sandbox.config.alb.region ?? 'us-east-1'} and AWS_ENDPOINT_URL_EKS=${sandbox.eksApi.url} (any AWS access key works: the sandbox does not check signatures)`,
  );
  const rules = sandbox.config.faults?.rules?.length ?? 0;
  if (rules > 0 || sandbox.config.faults?.controllers)
    out(
      `faults active: ${rules} request rule(s)${sandbox.config.faults?.controllers ? `, controllers ${JSON.stringify(sandbox.config.faults.controllers)}` : ''} (seed ${sandbox.config.faults?.seed ?? 1})`,
    );
  if (sandbox.config.eks)
    out(
      `EKS tokens (k8s-aws-v1.) accepted for ${sandbox.config.eks.principals?.length ?? 0} principal pattern(s) in ${sandbox.config.eks.region}`,
    );
  out(
    `Ingresses of class alb get a listener on 127.0.0.1: kubectl get ingress -o jsonpath='{.items[*].metadata.annotations.sandbox\\.eks-fargate-deploy/url}'`,
  );
  out('');
  out(`  export KUBECONFIG=${opts.kubeconfig}`);
  out('  kubectl get namespaces');
  out('  kubectl apply --server-side -f your-manifests.yaml && kubectl rollout status deployment/<name>');
  out('');
  out('Press Ctrl+C to stop.');
  await new Promise<void>((resolveSignal) => {
    const stopListening = onSignals((sig) => {
      out(`received ${sig}, stopping the sandbox`);
      stopListening();
      resolveSignal();
    });
  });
  await sandbox.stop();
  out('sandbox stopped');
  return 0;
}
