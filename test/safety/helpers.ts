import { runDeploy, type DeployOutcome } from '../../src/commands/deploy.js';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import type { ImageCheckDeps } from '../../src/image/exists.js';
import { logSink } from '../helpers/artefacts.js';

/** Run `deploy` as the CLI would, with manifests relative to workspace `ws` (namespace `shop` unless given). */
export async function deployIn(kubeconfig: string, ws: string, args: string[], opts: { namespace?: string; release: string; images?: ImageCheckDeps }): Promise<DeployOutcome & { log: string[] }> {
  const config = deployConfigFromArgs(['--kubeconfig', kubeconfig, '--namespace', opts.namespace ?? 'shop', '--release', opts.release, '--workspace', ws, ...args], {});
  const { lines: log, log: sink } = logSink();
  const outcome = await runDeploy(config, { log: sink, ...(opts.images ? { images: opts.images } : {}) });
  return { ...outcome, log };
}
