/**
 * `eks-fargate-deploy token --cluster-name NAME [--region R]`: print an ExecCredential with an EKS
 * bearer token, so a kubeconfig can use this tool as its exec credential plugin, the same way it
 * would use `aws eks get-token`:
 *
 * ```yaml
 * users:
 * - name: eks
 *   user:
 *     exec:
 *       apiVersion: client.authentication.k8s.io/v1beta1
 *       command: eks-fargate-deploy
 *       args: [token, --cluster-name, shop, --region, us-east-1]
 * ```
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { createEksToken, validateClusterName, validateRegion } from '../aws/eks-token.js';
import { parseArgs, single, bool } from '../config/args.js';
import { UserInputError, isUserError } from '../errors.js';
import { commandHelp } from '../command-help.js';
import { command, flagSpecs } from '../command-model.js';

/** Where the command writes; the CLI passes stdout/stderr, tests capture. */
export interface TokenCommandIo {
  out(text: string): void;
  err(text: string): void;
}

/** What the command reads from its surroundings; injected by tests. */
export interface TokenCommandDeps {
  /** Default `process.env` (region, endpoint variables, KUBERNETES_EXEC_INFO). */
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
  /** Default: the SDK's default credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/** `token --help`, from the command model. */
const TOKEN_USAGE = commandHelp(command('token'));

const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1beta1', 'client.authentication.k8s.io/v1'] as const;
type ExecApiVersion = (typeof EXEC_API_VERSIONS)[number];

/**
 * client-go rejects an ExecCredential whose apiVersion differs from the one in the kubeconfig, and
 * tells the plugin which one that is in KUBERNETES_EXEC_INFO; answer in it when we know it.
 */
function execApiVersion(env: Readonly<Record<string, string | undefined>>): ExecApiVersion {
  const info = env.KUBERNETES_EXEC_INFO;
  if (info) {
    try {
      const parsed = JSON.parse(info) as { apiVersion?: unknown };
      const wanted = EXEC_API_VERSIONS.find((v) => v === parsed.apiVersion);
      if (wanted) return wanted;
    } catch {
      // Not ours to validate: fall back to the version `aws eks get-token` prints.
    }
  }
  return EXEC_API_VERSIONS[0];
}

/** RFC 3339 in UTC without fractional seconds, as `aws eks get-token` prints it. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Run `token`. Returns the exit code: 0 with the ExecCredential JSON on `io.out`, 1 with a message
 * on `io.err` for invalid flags or missing credentials. Never prints the token anywhere else.
 */
export async function runTokenCommand(
  args: readonly string[],
  io: TokenCommandIo,
  deps: TokenCommandDeps = {},
): Promise<number> {
  const env = deps.env ?? process.env;
  try {
    const parsed = parseArgs(args, { ...flagSpecs('token'), help: { type: 'boolean' } });
    if (bool(parsed, 'help')) {
      io.out(TOKEN_USAGE);
      return 0;
    }
    if (parsed.positionals.length > 0) {
      throw new UserInputError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
    }
    const clusterName = single(parsed, 'cluster-name');
    if (clusterName === undefined) throw new UserInputError('required and not supplied', undefined, '--cluster-name');
    validateClusterName(clusterName, '--cluster-name');

    const flagRegion = single(parsed, 'region');
    const [regionSource, region] =
      flagRegion !== undefined
        ? ['--region', flagRegion]
        : env.AWS_REGION
          ? ['AWS_REGION', env.AWS_REGION]
          : env.AWS_DEFAULT_REGION
            ? ['AWS_DEFAULT_REGION', env.AWS_DEFAULT_REGION]
            : [undefined, undefined];
    if (region === undefined) {
      throw new UserInputError('required and not supplied (or set AWS_REGION)', undefined, '--region');
    }
    validateRegion(region, regionSource);

    const now = (deps.now ?? (() => new Date()))();
    const { token, expiresAt } = await createEksToken({
      clusterName,
      region,
      env,
      now,
      ...(deps.credentials ? { credentials: deps.credentials } : {}),
    });
    const credential = {
      kind: 'ExecCredential',
      apiVersion: execApiVersion(env),
      spec: {},
      status: { expirationTimestamp: rfc3339(expiresAt), token },
    };
    io.out(`${JSON.stringify(credential, null, 4)}\n`);
    return 0;
  } catch (err) {
    if (isUserError(err)) {
      io.err(`error: ${err.message.split('\n').join('\nerror: ')}\n`);
      return 1;
    }
    throw err;
  }
}
