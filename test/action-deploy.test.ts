import { startShopSandbox, viaAlb } from './e2e/helpers.js';
import { actionBundle } from './github/bundle.js';
import { startFakeGitHub, type FakeGitHub } from './github/fake-github.js';
import { runAction } from './github/run-action.js';
import type { Sandbox } from '../src/sandbox/sandbox.js';

/** Stop what beforeAll started (a failed beforeAll leaves some unset). */
async function stopAll(...started: ({ stop(): Promise<unknown> } | undefined)[]): Promise<void> {
  for (const s of started) if (s !== undefined) await s.stop();
}

const TOKEN = 'ghs_deployTestToken';
const SHA = 'c0ffee'.padEnd(40, '0');
const RUN_URL = 'https://github.example/acme/shop/actions/runs/4242/attempts/1';

let bundle: string;
let gh: FakeGitHub;
let sb: Sandbox;
let kubeconfig: string;

beforeAll(async () => {
  [bundle, { sb, kubeconfig }] = await Promise.all([
    actionBundle(),
    startShopSandbox({ images: { exists: (image: string) => !image.includes('missing') } }),
  ]);
  gh = await startFakeGitHub();
  gh.users[TOKEN] = 'deploy-bot';
}, 300_000);
afterAll(async () => {
  await stopAll(gh, sb);
});

const deployInputs = (tag: string, extra: Record<string, string> = {}): Record<string, string> => ({
  command: 'deploy',
  manifests: 'test/fixtures/deploy/web',
  'smoke-tests': 'test/fixtures/deploy/smoke.yaml',
  images: `registry.example/web=registry.example/web:${tag}`,
  kubeconfig,
  namespace: 'shop',
  release: 'web',
  grace: '1',
  timeout: '60',
  environment: 'production',
  'github-token': TOKEN,
  ...extra,
});

const states = (id: number): string[] =>
  gh.deployments.find((d) => d.id === id)!.statuses.map((s) => String(s['state']));

describe('deploy and rollback, run as GitHub runs the bundled action', () => {
  test('a deploy creates a GitHub Deployment: in_progress, then success with the ingress URL; outputs and job summary', async () => {
    const r = await runAction(bundle, { apiUrl: gh.url, eventName: 'push', sha: SHA, inputs: deployInputs('v1') });
    expect({ code: r.code, status: r.outputs['status'] }).toEqual({ code: 0, status: 'deployed' });
    expect(r.outputs['release']).toBe('1');
    expect(r.outputs['rolled-back']).toBe('false');
    const urls = JSON.parse(r.outputs['urls']!) as string[];
    expect(urls).toHaveLength(1);
    expect(JSON.parse(r.outputs['images']!)).toEqual([
      { workload: 'Deployment shop/web', container: 'web', image: 'registry.example/web:v1' },
    ]);

    expect(gh.deployments).toHaveLength(1);
    const d = gh.deployments[0]!;
    expect(d).toMatchObject({ ref: SHA, environment: 'production', task: 'deploy' });
    expect(d.statuses.map((s) => s['state'])).toEqual(['in_progress', 'success']);
    expect(d.statuses[1]).toMatchObject({
      environment_url: urls[0],
      log_url: RUN_URL,
      auto_inactive: true,
      environment: 'production',
    });
    expect(await viaAlb(sb)).toEqual({ status: 200, image: 'registry.example/web:v1' });

    expect(r.summary).toContain('## ✅ Deploy of `web` v1: deployed');
    expect(r.summary).toMatch(/### Rollouts[\s\S]*\| Deployment shop\/web \| ✅ ready \| [\d.]+ s \|/);
    expect(r.summary).toMatch(
      /### Pods on Fargate\n\nStart latency \(created → ready\): median [\d.]+ s, max [\d.]+ s/,
    );
    expect(r.summary).toContain('### Smoke tests');
    expect(r.summary).toContain('the smoke check passed');
    expect(r.summary).toContain('| Deployment shop/web | web | `registry.example/web:v1` |');
    expect(r.summary).not.toContain('### Rollback');
  });

  test('a failing deploy: Deployment failure with the run link, rolled-back output, the rollback in the summary', async () => {
    const before = gh.deployments.length;
    const r = await runAction(bundle, { apiUrl: gh.url, eventName: 'push', sha: SHA, inputs: deployInputs('missing') });
    expect(r.code).toBe(1);
    expect(r.outputs['status']).toBe('rolled-back');
    expect(r.outputs['rolled-back']).toBe('true');
    expect(r.stdout).toMatch(/::error::deploy: .*(ImagePullBackOff|ErrImagePull)/);
    const d = gh.deployments[before]!;
    expect(states(d.id)).toEqual(['in_progress', 'failure']);
    expect(d.statuses[1]).toMatchObject({ log_url: RUN_URL });
    expect(String(d.statuses[1]!['description'])).toMatch(/^rolled back: /);
    expect(String(d.statuses[1]!['description']).length).toBeLessThanOrEqual(140);
    expect(r.summary).toContain('## ↩️ Deploy of `web` v2: rolled-back');
    expect(r.summary).toMatch(/### Rollback\n\n↩️ rolled back to v1, which is serving again \(restored v1\)/);
    expect(r.summary).toMatch(/❌ (failed|timeout)/);
    expect(await viaAlb(sb)).toEqual({ status: 200, image: 'registry.example/web:v1' });
  });

  test('a Deployments API that keeps failing only warns: the deploy result is unchanged; a 502 is retried', async () => {
    gh.faults.push({ method: 'POST', path: /\/deployments$/, kind: 'server-error', times: Infinity });
    const down = await runAction(bundle, { apiUrl: gh.url, eventName: 'push', sha: SHA, inputs: deployInputs('v2') });
    gh.faults.length = 0;
    expect({ code: down.code, status: down.outputs['status'] }).toEqual({ code: 0, status: 'deployed' });
    expect(down.stdout).toContain(
      '::warning::could not create the GitHub Deployment for environment production: GitHub API POST /repos/acme/shop/deployments: 500 Internal Server Error',
    );

    const before = gh.deployments.length;
    gh.faults.push({ method: 'POST', path: /\/statuses$/, kind: 'bad-gateway' });
    const again = await runAction(bundle, { apiUrl: gh.url, eventName: 'push', sha: SHA, inputs: deployInputs('v2') });
    expect(again.code).toBe(0);
    expect(states(gh.deployments[before]!.id)).toEqual(['in_progress', 'success']);
    expect(again.stdout).not.toContain('::warning::could not');
  }, 60_000);

  test('rollback: a deploy:rollback Deployment goes in_progress → success, the previous images serve again', async () => {
    const before = gh.deployments.length;
    const r = await runAction(bundle, {
      apiUrl: gh.url,
      eventName: 'workflow_dispatch',
      sha: SHA,
      inputs: {
        command: 'rollback',
        kubeconfig,
        namespace: 'shop',
        release: 'web',
        'to-release': '1',
        grace: '1',
        timeout: '60',
        environment: 'production',
        'github-token': TOKEN,
      },
    });
    expect({ code: r.code, status: r.outputs['status'], stdout: r.code === 0 ? '' : r.stdout }).toMatchObject({
      code: 0,
      status: 'rolled-back',
    });
    expect(r.outputs['rolled-back']).toBe('true');
    const d = gh.deployments[before]!;
    expect(d).toMatchObject({
      task: 'deploy:rollback',
      environment: 'production',
      payload: { rollback: true, release: 'web' },
    });
    expect(d.statuses.map((s) => s['state'])).toEqual(['in_progress', 'success']);
    expect(d.statuses[1]!['environment_url']).toBe((JSON.parse(r.outputs['urls']!) as string[])[0]);
    expect(r.summary).toMatch(/## ↩️ Rollback of `web` v\d+: rolled-back/);
    expect(await viaAlb(sb)).toEqual({ status: 200, image: 'registry.example/web:v1' });
  });

  test('invalid deploy input: the Deployment is marked error and the step fails naming the input', async () => {
    const before = gh.deployments.length;
    const r = await runAction(bundle, {
      apiUrl: gh.url,
      eventName: 'push',
      sha: SHA,
      inputs: deployInputs('v3', { images: 'not an image ref' }),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::.*images/);
    expect(states(gh.deployments[before]!.id)).toEqual(['in_progress', 'error']);
  });
});
