/**
 * The CLI as a separate process (`eks-fargate-deploy deploy …`, run from the sources on Node 24
 * so a stale dist/ bundle cannot hide a change): exit codes, and a real SIGTERM mid-rollout —
 * what the GitHub runner sends on cancel — ending with the previous release restored, exit 130.
 */
import { spawn } from 'node:child_process';
import { albServes, deploy, releases, startShopSandbox } from './helpers.js';
import { DeployExit } from '../../src/commands/deploy.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';

let sb: Sandbox;
let kubeconfig: string;

const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--timeout',
  '60',
];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];

beforeAll(async () => {
  ({ sb, kubeconfig } = await startShopSandbox());
  const out = await deploy(kubeconfig, [...web, '--grace', '1', ...image('v1')]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterAll(async () => {
  await sb.stop();
});

/**
 * Run `eks-fargate-deploy <args>` from src/ in a child process; `onLine` sees each stdout line
 * and may signal the child. Killed after 30 s whatever happens.
 */
function runCliProcess(
  args: string[],
  onLine?: (line: string, kill: (sig: NodeJS.Signals) => void) => void,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
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
        env: { ...process.env, KUBECONFIG: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let partial = '';
    const kill = (sig: NodeJS.Signals): void => {
      child.kill(sig);
    };
    const limit = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      partial += chunk.toString();
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const l of lines) onLine?.(l, kill);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const cluster = (): string[] => ['--kubeconfig', kubeconfig, '--namespace', 'shop', '--release', 'web'];

describe('eks-fargate-deploy deploy as a process', () => {
  test('a bad image exits 3 with the cause and the rollback on the last line', async () => {
    const r = await runCliProcess(['deploy', ...cluster(), ...web, '--grace', '1', ...image('missing')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(DeployExit.RolledBack);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^deploy: rolled-back: Deployment shop\/web: failed: .*(ErrImagePull|ImagePullBackOff).*; rolled back to v1, which is serving again$/,
    );
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v1']);
  });

  test('SIGTERM mid-rollout: the previous release is restored and verified, exit 130', async () => {
    // The runner's cancel: SIGTERM while the new pods are still short of ready.
    let signalled = false;
    const r = await runCliProcess(
      ['deploy', ...cluster(), ...web, '--grace', '120', ...image('never-ready')],
      (line, kill) => {
        if (!signalled && /^deployment\/web: 1\/2 updated/.test(line)) {
          signalled = true;
          kill('SIGTERM');
        }
      },
    );
    expect(signalled).toBe(true);
    expect(r.signal).toBeNull(); // handled, not killed by it
    expect(r.code).toBe(DeployExit.Cancelled);
    expect(r.stderr).toBe(
      'received SIGTERM: cancelling (whatever was applied is rolled back to the previous release)\n',
    );
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain('restoring release web v1 (5 objects)');
    expect(lines.some((l) => /^smoke home page through the ALB: ok \(200/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^deploy: cancelled: .*cancelled.*; rolled back to v1, which is serving again$/);
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v1']);
    const history = await releases(kubeconfig);
    expect(history.at(-1)).toMatch(/^v\d+ rolled-back$/);
    expect(history.filter((h) => h.endsWith(' deployed'))).toEqual(['v1 deployed']);
  });
});
