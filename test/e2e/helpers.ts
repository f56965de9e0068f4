import { join } from 'node:path';
import { runDeploy, type DeployOutcome } from '../../src/commands/deploy.js';
import type { Connection, EksClientFactory } from '../../src/commands/connect.js';
import { runRollback } from '../../src/commands/rollback.js';
import { deployConfigFromArgs, rollbackConfigFromArgs } from '../../src/config/deploy.js';
import { KubeClient } from '../../src/kube/client.js';
import { ReleaseStore, type ReleaseStatus } from '../../src/kube/release.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';
import type { AuditRecord } from '../../src/sandbox/server.js';
import { logSink } from '../helpers/artefacts.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Images of the shop fixture and how the sandbox runs them: `web:v1`/`v2`/`v3` are healthy,
 * the others misbehave the way their tag says; `…:missing` is not in the registry.
 */
export const SHOP_IMAGES = {
  exists: (image: string): boolean => !image.includes('missing'),
  behaviours: {
    'registry.example/web:crash': 'crashloop',
    'registry.example/web:never-ready': 'never-ready',
    'registry.example/web:http-500': 'http-500',
  },
} satisfies SandboxOptions['images'];

/**
 * A sandbox with a Fargate profile for namespaces `shop`, `staging` and `checkout`, fast timing, and a
 * kubeconfig on disk. No profile covers `billing`.
 */
export async function startShopSandbox(
  extra: SandboxOptions = {},
): Promise<{ sb: Sandbox; kubeconfig: string; dir: string }> {
  const sb = await startSandbox({
    timing: { timeFactor: 0.01 },
    fargateProfiles: [
      { name: 'apps', selectors: [{ namespace: 'shop' }, { namespace: 'staging' }, { namespace: 'checkout' }] },
      { name: 'default', selectors: [{ namespace: 'default' }, { namespace: 'kube-system' }] },
    ],
    images: SHOP_IMAGES,
    ...extra,
  });
  const dir = tempDir('e2e-');
  const kubeconfig = join(dir, 'kubeconfig');
  await sb.writeKubeconfig(kubeconfig);
  return { sb, kubeconfig, dir };
}

/** Where and how {@link deploy} runs, besides its flags. */
export interface DeployOptions {
  signal?: AbortSignal;
  namespace?: string;
  release?: string;
  eksClients?: EksClientFactory;
  /** A pre-made connection (e.g. a client with a test retry policy) instead of the kubeconfig's. */
  connection?: Connection;
  /** Sees every log line as it is written (to act mid-deploy). */
  onLog?: (line: string) => void;
}

/** Run `deploy` as the CLI would (namespace `shop`, release `web` unless given), with its log captured. */
export async function deploy(
  kubeconfig: string,
  args: string[],
  opts: DeployOptions | AbortSignal = {},
): Promise<DeployOutcome & { log: string[] }> {
  const o: DeployOptions = opts instanceof AbortSignal ? { signal: opts } : opts;
  const config = deployConfigFromArgs(
    [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      o.namespace ?? 'shop',
      '--release',
      o.release ?? 'web',
      '--workspace',
      process.cwd(),
      ...args,
    ],
    {},
  );
  const { lines: log, log: sink } = logSink(o.onLog);
  const outcome = await runDeploy(config, {
    log: sink,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.eksClients ? { eksClients: o.eksClients } : {}),
    ...(o.connection ? { connection: o.connection } : {}),
  });
  return { ...outcome, log };
}

/** Run `rollback` as the CLI would (namespace `shop`, release `web`), with its log captured. */
export async function rollback(
  kubeconfig: string,
  args: string[] = [],
  signal?: AbortSignal,
): Promise<DeployOutcome & { log: string[] }> {
  const config = rollbackConfigFromArgs(
    ['--kubeconfig', kubeconfig, '--namespace', 'shop', '--release', 'web', '--workspace', process.cwd(), ...args],
    {},
  );
  const { lines: log, log: sink } = logSink();
  const outcome = await runRollback(config, { log: sink, ...(signal ? { signal } : {}) });
  return { ...outcome, log };
}

/** GET through the emulated ALB of an Ingress (default shop/web): the emulated app answers with its image. */
export async function viaAlb(
  sb: Sandbox,
  path = '/',
  namespace = 'shop',
  ingress = 'web',
): Promise<{ status: number; image?: string }> {
  const ing = sb.store.get(sb.registry.get('networking.k8s.io', 'ingresses'), namespace, ingress) as
    { metadata: { annotations?: Record<string, string> } } | undefined;
  const url = ing?.metadata.annotations?.['sandbox.eks-fargate-deploy/url'];
  if (!url) return { status: 0 };
  const res = await fetch(`${url}${path}`);
  const text = await res.text();
  let image: string | undefined;
  try {
    image = (JSON.parse(text) as { image?: string }).image;
  } catch {
    image = undefined;
  }
  return { status: res.status, ...(image ? { image } : {}) };
}

/**
 * What the ALB serves over `n` requests: every answer's status and image, deduplicated. A
 * rollout half way would show two images; a restored release shows exactly one.
 */
export async function albServes(sb: Sandbox, n = 6, namespace = 'shop', ingress = 'web'): Promise<string[]> {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const r = await viaAlb(sb, '/', namespace, ingress);
    seen.add(`${r.status} ${r.image ?? '-'}`);
  }
  return [...seen].sort();
}

/** The release records of `release` in `namespace`, oldest first, as `v<n> <status>`. */
export async function releases(kubeconfig: string, namespace = 'shop', release = 'web'): Promise<string[]> {
  const entries = await new ReleaseStore(KubeClient.fromKubeconfig(kubeconfig), namespace, release).list();
  return entries.map((e) => `v${e.number} ${e.status}`);
}

/** The status of record `n`. */
export async function releaseStatus(
  kubeconfig: string,
  n: number,
  namespace = 'shop',
  release = 'web',
): Promise<ReleaseStatus | undefined> {
  const entries = await new ReleaseStore(KubeClient.fromKubeconfig(kubeconfig), namespace, release).list();
  return entries.find((e) => e.number === n)?.status;
}

const WRITE_VERBS = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** Audit records of requests that change something, from index `from` of the audit log. */
export function writesSince(sb: Sandbox, from: number, user?: string): AuditRecord[] {
  return sb.audit.slice(from).filter((a) => WRITE_VERBS.has(a.verb) && (user === undefined || a.user === user));
}

/** Names of the ReplicaSets in a namespace owned by Deployment `name`, sorted. */
export function replicaSetsOf(sb: Sandbox, namespace: string, name: string): string[] {
  const rs = sb.store.list(sb.registry.get('apps', 'replicasets'), namespace).items as unknown as {
    metadata: { name: string; ownerReferences?: { kind: string; name: string }[] };
  }[];
  return rs
    .filter((r) => r.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === name))
    .map((r) => r.metadata.name)
    .sort();
}

/** Whether an object exists in the sandbox store. */
export function exists(sb: Sandbox, group: string, resource: string, namespace: string, name: string): boolean {
  return sb.store.get(sb.registry.get(group, resource), namespace, name) !== undefined;
}
