/**
 * Shared by the deploy-safety tests of issue 14 (lock, fencing, records, crash recovery): CLI
 * processes run from src/ (as test/hardening/sigterm.test.ts runs them), extra sandbox users so the
 * audit log tells two deploys apart, and the end state read from the sandbox store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerCanary } from '../../src/sandbox/artefacts.js';
import type { Authenticator } from '../../src/sandbox/auth.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import type { AuditRecord } from '../../src/sandbox/server.js';
import { runDeploy, type DeployOutcome } from '../../src/commands/deploy.js';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import type { ImageCheckDeps } from '../../src/image/exists.js';
import { logSink } from '../helpers/artefacts.js';

/** A CLI process as it ended. */
interface CliRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** A running CLI process: its pid, a way to signal it, and its end. */
export interface CliProcess {
  child: ChildProcess;
  done: Promise<CliRun>;
}

const children = new Set<ChildProcess>();

/** SIGKILL whatever is still running (afterAll). */
export function killAll(): void {
  for (const c of children) c.kill('SIGKILL');
}

/**
 * Start `eks-fargate-deploy <args>` from src/ on Node 24 as a child process; `onLine` sees each
 * stdout line with the child. SIGKILLed after `limitMs` whatever happens.
 */
export function startCli(
  args: string[],
  opts: {
    dir: string;
    env?: Record<string, string>;
    onLine?: (line: string, child: ChildProcess) => void;
    limitMs?: number;
  },
): CliProcess {
  const child = spawn(
    'bash',
    [
      'scripts/node24.sh',
      '--experimental-transform-types',
      '--disable-warning=ExperimentalWarning',
      '--import',
      './test/e2e/source-hooks.mjs',
      'src/cli-main.ts',
      ...args,
    ],
    {
      cwd: process.cwd(),
      env: { ...process.env, KUBECONFIG: '', ...(opts.env ?? {}), NODE_COMPILE_CACHE: join(opts.dir, 'compile-cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  const done = new Promise<CliRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let partial = '';
    const limit = setTimeout(() => child.kill('SIGKILL'), opts.limitMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      partial += chunk.toString();
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const l of lines) opts.onLine?.(l, child);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/**
 * A second identity on the sandbox (cluster-admin, like the first), with its own kubeconfig: the
 * audit log then says which deploy sent each request.
 */
export function addUser(sb: Sandbox, dir: string, username: string): string {
  const token = `${username}-token-${Math.random().toString(36).slice(2)}`;
  // A bearer token like the admin's: the whole-suite secret scan must find it nowhere.
  registerCanary(`sandbox token of test user ${username}`, token);
  // Answers only for its own token (the sandbox's static-token authenticator refuses any other).
  const extra: Authenticator = {
    name: `test-user-${username}`,
    authenticate: (req) =>
      Promise.resolve(
        req.headers.authorization === `Bearer ${token}`
          ? { user: { username, groups: ['system:masters', 'system:authenticated'] } }
          : undefined,
      ),
  };
  sb.http.authenticators.unshift(extra);
  const path = join(dir, `kubeconfig-${username}`);
  writeFileSync(path, sb.kubeconfigYaml().split(sb.token).join(token), { mode: 0o600 });
  return path;
}

const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** Writes the server accepted (2xx, not a dry run) from audit index `from`, by `user` if given. */
export function acceptedWrites(sb: Sandbox, from: number, user?: string): AuditRecord[] {
  return sb.audit
    .slice(from)
    .filter(
      (a) =>
        WRITES.has(a.verb) &&
        a.status < 300 &&
        !/(^|&)dryRun=All/.test(a.query) &&
        (user === undefined || a.user === user),
    );
}

/** `verb resource/name` of audit records. */
export function described(records: readonly AuditRecord[]): string[] {
  return records.map((a) => `${a.verb} ${a.resource}/${a.name ?? ''}`);
}

/** The image of Deployment `name`'s pod template: what the cluster was last told to run. */
export function deploymentImage(sb: Sandbox, namespace = 'shop', name = 'web'): string | undefined {
  const d = sb.store.get(sb.registry.get('apps', 'deployments'), namespace, name) as unknown as
    { spec: { template: { spec: { containers: { image: string }[] } } } } | undefined;
  return d?.spec.template.spec.containers[0]?.image;
}

/** Images of the Running, not terminating pods with label app=web in shop. */
export function podImages(sb: Sandbox, namespace = 'shop', app = 'web'): string[] {
  const pods = sb.store.list(sb.registry.get('', 'pods'), namespace).items as unknown as {
    metadata: { labels?: Record<string, string>; deletionTimestamp?: string };
    spec: { containers: { image: string }[] };
    status?: { phase?: string };
  }[];
  return [
    ...new Set(
      pods
        .filter(
          (p) => p.metadata.labels?.['app'] === app && !p.metadata.deletionTimestamp && p.status?.phase === 'Running',
        )
        .map((p) => p.spec.containers[0]!.image),
    ),
  ].sort();
}

/** The deploy Lease of a namespace as stored (undefined: none). */
export function leaseOf(
  sb: Sandbox,
  namespace = 'shop',
):
  | {
      metadata: { annotations?: Record<string, string> | undefined; resourceVersion?: string | undefined };
      spec?: { holderIdentity?: string; leaseTransitions?: number };
    }
  | undefined {
  return sb.store.get(sb.registry.get('coordination.k8s.io', 'leases'), namespace, 'eks-fargate-deploy-lock');
}

/** Run `deploy` as the CLI would, with manifests relative to workspace `ws` (namespace `shop` unless given). */
export async function deployIn(
  kubeconfig: string,
  ws: string,
  args: string[],
  opts: { namespace?: string; release: string; images?: ImageCheckDeps },
): Promise<DeployOutcome & { log: string[] }> {
  const config = deployConfigFromArgs(
    [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      opts.namespace ?? 'shop',
      '--release',
      opts.release,
      '--workspace',
      ws,
      ...args,
    ],
    {},
  );
  const { lines: log, log: sink } = logSink();
  const outcome = await runDeploy(config, { log: sink, ...(opts.images ? { images: opts.images } : {}) });
  return { ...outcome, log };
}
