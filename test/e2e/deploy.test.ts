import { startShopSandbox, deploy, viaAlb } from './helpers.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';

let sb: Sandbox;
let kubeconfig: string;

beforeAll(async () => {
  ({ sb, kubeconfig } = await startShopSandbox({
    images: { exists: (image: string) => !image.includes('missing') },
  }));
});
afterAll(async () => {
  await sb.stop();
});

const base = ['--manifests', 'test/fixtures/deploy/web', '--smoke-tests', 'test/fixtures/deploy/smoke.yaml', '--grace', '1', '--timeout', '60'];

describe('deploy end to end on the sandbox', () => {
  test('first release deploys, passes smoke tests, serves through the ALB', async () => {
    const out = await deploy(kubeconfig, [...base, '--image', 'registry.example/web=registry.example/web:v1']);
    expect({ status: out.status, message: out.message, findings: out.findings.filter((f) => f.severity === 'blocker') }).toMatchObject({ status: 'deployed' });
    expect(out.exitCode).toBe(0);
    expect(out.release).toBe(1);
    expect(out.smoke.every((r) => r.ok)).toBe(true);
    expect(out.urls.length).toBe(1);
    expect(await viaAlb(sb)).toEqual({ status: 200, image: 'registry.example/web:v1' });
  });

  test('a bad image fails fast and the previous release keeps serving', async () => {
    const started = Date.now();
    const out = await deploy(kubeconfig, [...base, '--image', 'registry.example/web=registry.example/web:missing']);
    expect(out.status).toBe('rolled-back');
    expect(out.exitCode).toBe(3);
    expect(out.message).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(out.rollback?.restored).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(await viaAlb(sb)).toEqual({ status: 200, image: 'registry.example/web:v1' });
  });
});
