/**
 * Deploying stateful workloads with the tool to the sandbox, as to EKS Fargate: a StatefulSet on
 * static EFS volumes and a Job deploy and are tracked to completion; the same StatefulSet on EBS
 * (gp2) claims fails fast on the fargate-scheduler's event instead of waiting out the timeout.
 */
import { rm } from 'node:fs/promises';
import { deploy, startShopSandbox } from './helpers.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { stopStarted } from '../helpers/stop-started.js';

let sb: Sandbox;
let kubeconfig: string;
let dir: string;

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox({ timing: { timeFactor: 0.01, taskRunMs: 5_000 } }));
}, 30_000);
afterAll(async () => {
  await stopStarted(sb);
  await rm(dir, { recursive: true, force: true });
});

describe('stateful workloads through the deploy', () => {
  test('StatefulSet on static EFS volumes + a Job: deployed, pods in order, the Job complete', async () => {
    const out = await deploy(
      kubeconfig,
      [
        '--manifests',
        'test/fixtures/deploy/stateful/efs.yaml',
        '--allow-cluster-scoped',
        '--timeout',
        '60',
        '--grace',
        '1',
      ],
      { release: 'ledger' },
    );
    expect({ status: out.status, message: out.message }).toMatchObject({ status: 'deployed' });
    const pods = sb.store
      .list(sb.registry.get('', 'pods'), 'shop')
      .items.filter((p) => p.metadata.labels?.app === 'ledger')
      .map((p) => p.metadata.name)
      .sort();
    expect(pods).toEqual(['ledger-0', 'ledger-1']);
    const job = sb.store.get(sb.registry.get('batch', 'jobs'), 'shop', 'migrate')!;
    expect(job.status).toMatchObject({ succeeded: 1 });
  }, 60_000);

  test("the same StatefulSet on gp2 (EBS) claims fails fast with Fargate's reason, well before the timeout", async () => {
    const started = Date.now();
    const out = await deploy(
      kubeconfig,
      ['--manifests', 'test/fixtures/deploy/stateful/ebs.yaml', '--timeout', '120', '--grace', '1'],
      { release: 'books', namespace: 'staging' },
    );
    expect(out.status).not.toBe('deployed');
    expect(out.message).toContain(
      'Pod not supported on Fargate: volumes not supported: books not supported because: PVC books-ledger-0 not bound',
    );
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
