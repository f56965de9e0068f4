import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDeploy, type DeployOutcome } from '../../src/commands/deploy.js';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.js';

/** A sandbox with a Fargate profile for namespace `shop`, fast timing, and a kubeconfig on disk. */
export async function startShopSandbox(extra: SandboxOptions = {}): Promise<{ sb: Sandbox; kubeconfig: string; dir: string }> {
  const sb = await startSandbox({
    timing: { timeFactor: 0.01 },
    fargateProfiles: [
      { name: 'apps', selectors: [{ namespace: 'shop' }] },
      { name: 'default', selectors: [{ namespace: 'default' }, { namespace: 'kube-system' }] },
    ],
    ...extra,
  });
  const dir = await mkdtemp(join(tmpdir(), 'e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await sb.writeKubeconfig(kubeconfig);
  return { sb, kubeconfig, dir };
}

/** Run `deploy` as the CLI would, with its log captured. */
export async function deploy(kubeconfig: string, args: string[], signal?: AbortSignal): Promise<DeployOutcome & { log: string[] }> {
  const config = deployConfigFromArgs(['--kubeconfig', kubeconfig, '--namespace', 'shop', '--release', 'web', '--workspace', process.cwd(), ...args], {});
  const log: string[] = [];
  const outcome = await runDeploy(config, { log: (l) => log.push(l), ...(signal ? { signal } : {}) });
  return { ...outcome, log };
}

/** GET through the emulated ALB of Ingress shop/web: the emulated app answers with its image. */
export async function viaAlb(sb: Sandbox, path = '/'): Promise<{ status: number; image?: string }> {
  const ing = sb.store.get(sb.registry.get('networking.k8s.io', 'ingresses')!, 'shop', 'web') as { metadata: { annotations?: Record<string, string> } } | undefined;
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
