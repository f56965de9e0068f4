/**
 * `command: build`, and `command: deploy` with build-images, through the bundled action run as
 * GitHub runs it. Real parts: moto_server for ECR, the Debian docker-registry on 127.0.0.1 for the
 * pushes (the `registry` input points there), real buildah builds, and the sandbox as the cluster.
 */
import { CreateRepositoryCommand, DescribeRepositoriesCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startShopSandbox, viaAlb } from './e2e/helpers.js';
import { actionBundle } from './github/bundle.js';
import { runAction, type ActionRun } from './github/run-action.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, type MotoServer } from './helpers/moto.js';
import { makeContext, readManifest, startRegistry, tempDir, type TestRegistry } from './image/helpers.js';
import type { Sandbox } from '../src/sandbox/sandbox.js';

/** Stop what beforeAll started (a failed beforeAll leaves some unset). */
async function stopAll(...started: ({ stop(): Promise<unknown> } | undefined)[]): Promise<void> {
  for (const s of started) if (s !== undefined) await s.stop();
}

/** What moto's GetAuthorizationToken hands out: the registry accepts exactly this. */
const ECR_PASSWORD = `${MOTO_ACCOUNT_ID}-auth-token`;
const ECR_TOKEN = Buffer.from(`AWS:${ECR_PASSWORD}`).toString('base64');
const SHA1 = 'a1'.repeat(20);
const SHA2 = 'b2'.repeat(20);

let bundle: string;
let moto: MotoServer;
let registry: TestRegistry;
let sb: Sandbox;
let kubeconfig: string;
let root: string;
let workspace: string;
let ecr: ECRClient;

beforeAll(async () => {
  root = tempDir('efd-action-build-');
  workspace = join(root, 'ws');
  mkdirSync(workspace);
  makeContext(workspace, 'app');
  cpSync('test/fixtures/deploy/web', join(workspace, 'k8s', 'web'), { recursive: true });
  cpSync('test/fixtures/deploy/smoke.yaml', join(workspace, 'k8s', 'smoke.yaml'));
  [bundle, moto, registry, { sb, kubeconfig }] = await Promise.all([
    actionBundle(),
    startMoto(),
    startRegistry({ dir: join(root, 'registry'), username: 'AWS', password: ECR_PASSWORD }),
    startShopSandbox(),
  ]);
  ecr = new ECRClient(awsTestEnv(moto.endpoint).clientConfig);
}, 300_000);

afterAll(async () => {
  await stopAll(moto, registry, sb);
  // buildah's vfs storage holds read-only layer copies; it is all ours and under root.
  if (root) rmSync(root, { recursive: true, force: true });
});

const IMAGES = '- name: web\n  context: app\n  build-args: { VERSION: "7" }\n  tags: [ latest ]';

function run(sha: string, inputs: Record<string, string>): Promise<ActionRun> {
  return runAction(bundle, {
    apiUrl: 'http://127.0.0.1:9',
    eventName: 'push',
    sha,
    timeoutMs: 90_000,
    inputs: {
      'build-images': IMAGES,
      registry: registry.url,
      'lifecycle-keep': '5',
      'buildah-storage-driver': 'vfs',
      'buildah-root': join(root, 'buildah', 'root'),
      'buildah-runroot': join(root, 'buildah', 'run'),
      ...inputs,
    },
    env: { ...awsTestEnv(moto.endpoint).env, GITHUB_WORKSPACE: workspace, HOME: root },
  });
}

/** The ECR password and the basic-auth token: only ever in `::add-mask::` commands, never in a log line or a file left behind. */
function expectNoSecrets(r: ActionRun): void {
  for (const secret of [ECR_PASSWORD, ECR_TOKEN]) {
    expect(r.stdout.split('\n').filter((l) => l.includes(secret) && l !== `::add-mask::${secret}`)).toEqual([]);
    expect(r.stderr).not.toContain(secret);
    expect(r.summary).not.toContain(secret);
    expect(Object.values(r.outputs).join('\n')).not.toContain(secret);
  }
  expect(r.stdout).toContain(`::add-mask::${ECR_PASSWORD}`);
  // RUNNER_TEMP holds what the runner put there and nothing else: no auth file, no digest file.
  expect(readdirSync(r.dir).sort()).toEqual(['event.json', 'output', 'summary']);
}

describe('command: build, run as GitHub runs the bundled action', () => {
  let digest: string;

  test('creates the repository, builds with buildah, pushes; the images output names the digest the registry serves', async () => {
    const r = await run(SHA1, { command: 'build' });
    expect({
      code: r.code,
      status: r.outputs['status'],
      built: r.outputs['built'],
      skipped: r.outputs['skipped'],
      errors: r.stdout.split('\n').filter((l) => l.startsWith('::error')),
    }).toEqual({ code: 0, status: 'ok', built: '["web"]', skipped: '[]', errors: [] });
    const [web] = JSON.parse(r.outputs['images']!) as {
      name: string;
      tag: string;
      tags: string[];
      digest: string;
      ref: string;
      status: string;
      builder: string;
    }[];
    expect(web).toMatchObject({ name: 'web', tag: SHA1, tags: [SHA1, 'latest'], status: 'built', builder: 'buildah' });
    digest = web!.digest;
    expect(web!.ref).toBe(`${registry.host}/web@${digest}`);
    const pushed = await readManifest(registry, 'web', SHA1);
    expect({ status: pushed.status, digest: pushed.digest }).toEqual({ status: 200, digest });
    expect((await readManifest(registry, 'web', 'latest')).digest).toBe(digest);
    // The repository was created in ECR with the inputs' settings.
    const repo = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['web'] }))).repositories![0]!;
    expect(repo).toMatchObject({ imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } });
    // auto picked buildah (no Docker daemon here) and said why.
    expect(r.stdout).toMatch(/builder: buildah \(auto: /);
    expect(r.summary).toContain('## ✅ Build: 1 built, 0 skipped');
    expect(r.summary).toContain(`\`${registry.host}/web@${digest}\``);
    expectNoSecrets(r);
  }, 90_000);

  test('a re-run of the same commit skips the build and reports the same digest', async () => {
    const r = await run(SHA1, { command: 'build' });
    expect({ code: r.code, built: r.outputs['built'], skipped: r.outputs['skipped'] }).toEqual({
      code: 0,
      built: '[]',
      skipped: '["web"]',
    });
    expect(JSON.parse(r.outputs['images']!)).toEqual([expect.objectContaining({ digest, status: 'skipped' })]);
    expect(r.stdout).toContain(`already exists (${digest}); skipping the build`);
    expect(r.stdout).not.toMatch(/builder: /);
    expect(r.summary).toContain('## ✅ Build: 0 built, 1 skipped');
    expectNoSecrets(r);
  }, 90_000);

  test('a bad build-images entry fails the step naming the input and the entry, before any AWS call', async () => {
    const r = await run(SHA1, {
      command: 'build',
      'build-images': '- name: Web\n  context: nowhere',
      platform: 'linux/arm64',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('input build-images: images[0].name: "Web" is not a valid ECR repository name');
    expect(r.stdout).toMatch(/input platform: EKS on Fargate runs linux\/amd64 pods only/);
    expect(r.outputs['status']).toBeUndefined();
  });
});

describe('command: deploy with build-images', () => {
  const deployInputs = (extra: Record<string, string> = {}): Record<string, string> => ({
    command: 'deploy',
    // No extra tag: `latest` is taken in the immutable repository by the build tests above.
    'build-images': '- name: web\n  context: app',
    manifests: 'k8s/web',
    // The runner's working directory is the workspace; this one's is the repository, so absolute.
    'smoke-tests': join(workspace, 'k8s', 'smoke.yaml'),
    kubeconfig,
    namespace: 'shop',
    release: 'web',
    grace: '1',
    timeout: '60',
    ...extra,
  });

  test('builds first, then deploys with the manifests pinned to the pushed digest', async () => {
    const r = await run(SHA2, deployInputs());
    expect({ code: r.code, status: r.outputs['status'], built: r.outputs['built'] }).toEqual({
      code: 0,
      status: 'deployed',
      built: '["web"]',
    });
    const pushed = await readManifest(registry, 'web', SHA2);
    const ref = `${registry.host}/web@${pushed.digest}`;
    expect(JSON.parse(r.outputs['images']!)).toEqual([
      { workload: 'Deployment shop/web', container: 'web', image: ref },
    ]);
    // The pods run what was pushed: the sandbox's ALB answers with the pod's image.
    expect(await viaAlb(sb)).toEqual({ status: 200, image: ref });
    // The log: the build in its own group, then the deploy.
    expect(r.stdout.indexOf('::group::build')).toBeLessThan(r.stdout.indexOf('::group::deploy'));
    expect(r.summary).toContain('## ✅ Build: 1 built, 0 skipped');
    expect(r.summary).toContain('Deploy of `web`');
    expect(r.summary.indexOf('Build:')).toBeLessThan(r.summary.indexOf('Deploy of'));
    expectNoSecrets(r);
  }, 120_000);

  test('the scan gate finds a HIGH vulnerability: the deploy applies nothing, the finding is annotated and in the summary', async () => {
    // An image ECR already holds under this commit's tag (so nothing is built); moto's scan reports a HIGH finding.
    const sha = 'e5'.repeat(20);
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'scanned', imageTagMutability: 'MUTABLE' }));
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: 2,
        digest: `sha256:${'1'.repeat(64)}`,
      },
      layers: [
        { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 3, digest: `sha256:${'2'.repeat(64)}` },
      ],
    });
    await ecr.send(new PutImageCommand({ repositoryName: 'scanned', imageManifest: manifest, imageTag: sha }));
    const before = await viaAlb(sb);
    // Without the registry input: the tag is looked up in ECR (moto), where the seeded image is.
    const r = await runAction(bundle, {
      apiUrl: 'http://127.0.0.1:9',
      eventName: 'push',
      sha,
      inputs: deployInputs({ 'build-images': '- name: scanned\n  context: app', 'scan-gate-severity': 'HIGH' }),
      env: { ...awsTestEnv(moto.endpoint).env, GITHUB_WORKSPACE: workspace, HOME: root },
    });
    expect({
      code: r.code,
      status: r.outputs['status'],
      built: r.outputs['built'],
      skipped: r.outputs['skipped'],
    }).toEqual({ code: 1, status: 'rejected', built: '[]', skipped: '["scanned"]' });
    expect(r.stdout).toMatch(
      /::error::HIGH CVE-9999-9999 in moto_fake 9\.9\.9 \(123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/scanned@sha256:[0-9a-f]{64}\)/,
    );
    expect(r.stdout).toContain(
      '::error::deploy: the scan gate found 1 vulnerability at or above its threshold in scanned; nothing was deployed',
    );
    expect(r.summary).toContain('## ❌ Build: 0 built, 1 skipped, scan gate failed');
    expect(r.summary).toContain('### Scan findings at or above the gate (1)');
    // The cluster still runs what it ran.
    expect(await viaAlb(sb)).toEqual(before);
  }, 60_000);

  test('manifests that cannot be rendered fail the step before anything is built', async () => {
    const r = await run('d4'.repeat(20), deployInputs({ manifests: join(process.cwd(), 'test/fixtures/deploy/web') }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::.*test\/fixtures\/deploy\/web: path is outside the workspace/);
    expect(r.stdout).not.toContain('ECR repository');
    expect((await readManifest(registry, 'web', 'd4'.repeat(20))).status).toBe(404);
  });

  test('an images override naming a built repository is refused before anything is built or applied', async () => {
    const r = await run('c3'.repeat(20), deployInputs({ images: 'registry.example/web=registry.example/web:v9' }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '::error::images: "registry.example/web" is also built (input build-images: images[0]); the build pins it to the pushed digest, so drop it from images',
    );
    expect(r.stdout).not.toContain('ECR repository');
    expect((await readManifest(registry, 'web', 'c3'.repeat(20))).status).toBe(404);
  });
});
