/**
 * `build` with real parts: moto_server for ECR (repositories, lifecycle, login, images, scans),
 * the Debian docker-registry on 127.0.0.1 (htpasswd auth) for the pushes, and real buildah builds
 * (chroot isolation, vfs storage in a temp dir) of FROM-scratch images holding a static busybox.
 * What is pushed is read back from the registry and its digest compared with the output.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  PutImageCommand,
  DescribeImagesCommand,
} from '@aws-sdk/client-ecr';
import { defaultEcrClient } from '../../src/aws/ecr.js';
import { buildConfigFromArgs } from '../../src/config/build.js';
import { UserInputError, UserInputErrors } from '../../src/errors.js';
import {
  BuildExit,
  imageOverridesFromBuild,
  runBuild,
  runBuildCommand,
  type BuildDeps,
} from '../../src/commands/build.js';
import { ImageBuildError } from '../../src/image/failure.js';
import { RegistryError } from '../../src/image/registry.js';
import { spawnRunner, type CommandRunner } from '../../src/image/process.js';
import { parseImageOverrides } from '../../src/manifests/images.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, type MotoServer } from '../helpers/moto.js';
import { ioSink, logSink } from '../helpers/artefacts.js';
import { makeContext, readManifest, startRegistry, tempDir, type TestRegistry } from './helpers.js';

/** What moto's GetAuthorizationToken hands out: the registry must accept exactly this. */
const ECR_PASSWORD = `${MOTO_ACCOUNT_ID}-auth-token`;
const ECR_TOKEN = Buffer.from(`AWS:${ECR_PASSWORD}`).toString('base64');
const TAG = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

let moto: MotoServer;
let registry: TestRegistry;
let wrongRegistry: TestRegistry;
let root: string;
let workspace: string;
let ecr: ECRClient;
let storageArgs: string[];
/** Every line any run logged or printed, and every command line run: scanned for secrets at the end. */
const transcript: string[] = [];

/** The real runner, recording each command line and stdin (to prove the password never is an argument). */
class RecordingRunner implements CommandRunner {
  calls: { command: string; args: string[]; stdin?: string }[] = [];
  run(command: string, args: readonly string[], options: Parameters<CommandRunner['run']>[2] = {}) {
    this.calls.push({ command, args: [...args], ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
    transcript.push([command, ...args].join(' '));
    return spawnRunner.run(command, args, options);
  }
  buildahCalls(sub: string): string[][] {
    return this.calls.filter((c) => c.command === 'buildah' && c.args.includes(sub)).map((c) => c.args);
  }
}

function env(): NodeJS.ProcessEnv {
  const { env: aws } = awsTestEnv(moto.endpoint);
  // PATH is needed to find buildah; nothing else from the test process leaks into the builders.
  return { ...aws, PATH: process.env['PATH'] ?? '/usr/bin:/bin', GITHUB_WORKSPACE: workspace, HOME: root };
}

function images(yaml: string): string {
  return yaml.trim();
}

function baseArgs(imagesYaml: string, extra: string[] = [], tag = TAG): string[] {
  return [
    '--images',
    imagesYaml,
    '--tag',
    tag,
    '--registry',
    registry.url,
    '--lifecycle-keep',
    '5',
    ...storageArgs,
    ...extra,
  ];
}

function deps(runner: RecordingRunner, tempBase: string, lines: string[], more: Partial<BuildDeps> = {}): BuildDeps {
  return {
    log: logSink((l) => {
      lines.push(l);
      transcript.push(l);
    }).log,
    ecr,
    runner,
    env: env(),
    tempBase,
    scanPollMs: 50,
    ...more,
  };
}

/** A temp base for one run, under the test root (removed with it, and walked by the secret scan). */
function runDir(): string {
  return mkdtempSync(join(root, 'run-'));
}

/** A run's temp base must be empty afterwards: no auth file, no digest file, nothing. */
function expectNothingLeft(tempBase: string): void {
  expect(readdirSync(tempBase)).toEqual([]);
}

beforeAll(async () => {
  root = tempDir('efd-build-test-');
  workspace = join(root, 'ws');
  mkdirSync(workspace);
  makeContext(workspace, 'app');
  makeContext(workspace, 'multistage');
  makeContext(workspace, 'bad-syntax');
  makeContext(workspace, 'missing-file');
  storageArgs = [
    '--buildah-storage-driver',
    'vfs',
    '--buildah-root',
    join(root, 'buildah', 'root'),
    '--buildah-runroot',
    join(root, 'buildah', 'run'),
  ];
  [moto, registry, wrongRegistry] = await Promise.all([
    startMoto(),
    startRegistry({ dir: join(root, 'registry'), username: 'AWS', password: ECR_PASSWORD }),
    startRegistry({ dir: join(root, 'registry-other'), username: 'AWS', password: 'a-different-password' }),
  ]);
  ecr = new ECRClient(awsTestEnv(moto.endpoint).clientConfig);
}, 30_000);

afterAll(async () => {
  await Promise.all([moto.stop(), registry.stop(), wrongRegistry.stop()]);
  // buildah's vfs storage holds read-only layer copies; it is all ours and under root.
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('build and push with buildah to a registry', () => {
  const appImages = images(`
- name: web
  context: app
  build-args: { VERSION: "1.2.3" }
  labels: { team: shop }
  tags: [ release-7 ]
`);

  test('creates the repository, builds, pushes, tags, and reports the digest the registry serves', async () => {
    const runner = new RecordingRunner();
    const tempBase = runDir();
    const lines: string[] = [];
    const masked: string[] = [];
    const config = buildConfigFromArgs(baseArgs(appImages), env());
    const outcome = await runBuild(config, deps(runner, tempBase, lines, { mask: (s) => masked.push(s) }));
    // The action masks the password and the basic-auth token before anything can print them.
    expect(masked).toEqual([ECR_PASSWORD, ECR_TOKEN]);

    expect(outcome.status).toBe('ok');
    expect(outcome.builder?.name).toBe('buildah');
    // No Docker daemon here: auto says why it did not take docker.
    expect(lines.find((l) => l.startsWith('builder: buildah'))).toMatch(/auto: .*docker/);
    const [web] = outcome.images;
    expect(web).toMatchObject({
      name: 'web',
      repository: 'web',
      registry: registry.host,
      tag: TAG,
      tags: [TAG, 'release-7'],
      status: 'built',
      builder: 'buildah',
    });
    expect(web!.ref).toBe(`${registry.host}/web@${web!.digest}`);

    // Read the manifest back: the registry's digest, and the hash of the bytes, are the output's.
    const m = await readManifest(registry, 'web', TAG);
    expect(m.status).toBe(200);
    expect(m.digest).toBe(web!.digest);
    expect(`sha256:${createHash('sha256').update(m.body).digest('hex')}`).toBe(web!.digest);
    const extra = await readManifest(registry, 'web', 'release-7');
    expect(extra.digest).toBe(web!.digest);
    // The image config: built for amd64, with the build argument and label applied.
    const manifest = JSON.parse(m.body) as { config: { digest: string } };
    const blob = await fetch(`${registry.url}/v2/web/blobs/${manifest.config.digest}`, {
      headers: { authorization: registry.authorization },
    });
    const imageConfig = (await blob.json()) as {
      architecture: string;
      os: string;
      config: { Labels: Record<string, string>; Entrypoint: string[] };
    };
    expect(imageConfig).toMatchObject({ architecture: 'amd64', os: 'linux' });
    expect(imageConfig.config.Labels).toMatchObject({ 'org.opencontainers.image.version': '1.2.3', team: 'shop' });
    expect(imageConfig.config.Entrypoint).toEqual(['/bin/busybox', 'httpd', '-f', '-p', '8080']);

    // The repository was created with the inputs' settings and a lifecycle policy.
    const { repositories } = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['web'] }));
    expect(repositories?.[0]).toMatchObject({
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'AES256' },
    });
    const policy = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'web' }));
    expect(
      (JSON.parse(policy.lifecyclePolicyText!) as { rules: { selection: unknown }[] }).rules[0]!.selection,
    ).toEqual({
      tagStatus: 'any',
      countType: 'imageCountMoreThan',
      countNumber: 5,
    });

    // The login reached buildah as an auth file, never as an argument; the file is gone.
    const push = runner.buildahCalls('push')[0]!;
    expect(push).toContain('--authfile');
    expect(push.at(-1)).toBe(`docker://${registry.host}/web:${TAG}`);
    expect(runner.calls.every((c) => c.stdin === undefined || c.stdin === '')).toBe(true);
    expectNothingLeft(tempBase);

    // The deploy's images input pins the repository to exactly this digest.
    const overrides = parseImageOverrides(imageOverridesFromBuild(outcome), 'images');
    expect(overrides).toEqual([{ name: 'web', ref: `${registry.host}/web:${TAG}`, digest: web!.digest }]);
  }, 40_000);

  test('a re-run with nothing changed skips the build, reuses the digest, and runs no builder (CLI)', async () => {
    const runner = new RecordingRunner();
    const tempBase = runDir();
    const { io, out, err } = ioSink();
    const started = Date.now();
    const code = await runBuildCommand(baseArgs(appImages), io, { ecr, runner, env: env(), tempBase });
    const ms = Date.now() - started;
    transcript.push(out(), err());
    expect(code).toBe(BuildExit.Ok);
    const result = JSON.parse(out()) as { images: { status: string; digest: string; ref: string }[] };
    const served = await readManifest(registry, 'web', TAG);
    expect(result.images).toEqual([
      expect.objectContaining({
        status: 'skipped',
        digest: served.digest,
        ref: `${registry.host}/web@${served.digest}`,
      }),
    ]);
    expect(runner.calls).toEqual([]);
    expect(err()).toContain(`already exists (${served.digest}); skipping the build`);
    expect(ms).toBeLessThan(2000);
    expectNothingLeft(tempBase);
  });

  test('force-build on an immutable repository whose tag exists is refused before building', async () => {
    const runner = new RecordingRunner();
    const tempBase = runDir();
    const config = buildConfigFromArgs(baseArgs(appImages, ['--force-build']), env());
    const run = runBuild(config, deps(runner, tempBase, []));
    await expect(run).rejects.toThrow(UserInputError);
    await expect(run).rejects.toThrow(
      new RegExp(
        `tag ${TAG} already exists in ${registry.host}/web \\(sha256:[0-9a-f]{64}\\) and the repository's tags are immutable`,
      ),
    );
    expect(runner.buildahCalls('build')).toEqual([]);
    expectNothingLeft(tempBase);
  });

  test('an extra tag that an immutable repository already holds is refused before building', async () => {
    const runner = new RecordingRunner();
    const tempBase = runDir();
    const yaml = `- { name: web, context: app, tags: [ release-7 ] }`;
    const config = buildConfigFromArgs(baseArgs(yaml, [], 'feedface'), env());
    expect(config.tag).toBe('feedface');
    await expect(runBuild(config, deps(runner, tempBase, []))).rejects.toThrow(
      /tag release-7 already exists in .*\/web and the repository's tags are immutable/,
    );
    expect(runner.buildahCalls('build')).toEqual([]);
    expectNothingLeft(tempBase);
  });

  test('force-build on a mutable repository rebuilds and pushes again; an existing repository that differs is warned about', async () => {
    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'api',
        imageTagMutability: 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: false },
      }),
    );
    const yaml = `- { name: api, context: app }`;
    const first = await runBuild(buildConfigFromArgs(baseArgs(yaml), env()), deps(new RecordingRunner(), runDir(), []));
    expect(first.images[0]!.status).toBe('built');
    expect(first.warnings).toEqual(
      expect.arrayContaining([
        'ECR repository api exists and is left as it is: its tags are mutable, tag-immutability asks for immutable',
        'ECR repository api exists and is left as it is: scan on push is off, scan-on-push asks for on',
        'ECR repository api exists and is left as it is: it has no lifecycle policy, lifecycle-keep asks to keep 5 images',
      ]),
    );
    const runner = new RecordingRunner();
    const again = await runBuild(
      buildConfigFromArgs(baseArgs(yaml, ['--force-build']), env()),
      deps(runner, runDir(), []),
    );
    expect(again.images[0]).toMatchObject({ status: 'built', builder: 'buildah' });
    expect(runner.buildahCalls('push')).toHaveLength(1);
    expect((await readManifest(registry, 'api', TAG)).digest).toBe(again.images[0]!.digest);
  }, 30_000);

  test('multi-stage build with a target, a build argument and an env build secret that never reaches the log', async () => {
    const secret = 'npm_S3cr3tV4lue_never_logged';
    const yaml = `
- name: worker
  repository: shop/worker
  context: multistage
  target: runtime
  build-args: [ "GREETING=hi there" ]
  secrets: [ "id=token,env=NPM_TOKEN" ]
`;
    const lines: string[] = [];
    const tempBase = runDir();
    const outcome = await runBuild(
      buildConfigFromArgs(baseArgs(yaml), env()),
      deps(new RecordingRunner(), tempBase, lines, { env: { ...env(), NPM_TOKEN: secret } }),
    );
    const [worker] = outcome.images;
    expect(worker).toMatchObject({
      repository: 'shop/worker',
      status: 'built',
      ref: `${registry.host}/shop/worker@${worker!.digest}`,
    });
    expect((await readManifest(registry, 'shop/worker', TAG)).digest).toBe(worker!.digest);
    expect(lines.join('\n')).toContain('STEP 4/4: RUN --mount=type=secret,id=token');
    expect(lines.join('\n')).not.toContain(secret);
    expectNothingLeft(tempBase);
  }, 30_000);
});

describe('failures', () => {
  test("a bad Dockerfile names the failing step and shows the builder's last lines; the auth file is removed", async () => {
    const tempBase = runDir();
    const config = buildConfigFromArgs(baseArgs(`- { name: broken, context: bad-syntax }`), env());
    const err = await runBuild(config, deps(new RecordingRunner(), tempBase, [])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageBuildError);
    const message = (err as Error).message;
    expect(message).toMatch(
      /^image "broken": buildah build failed at STEP 3\/3: NOTANINSTRUCTION this line is not Dockerfile syntax \(buildah build, exit code \d+\)/,
    );
    expect(message).toContain('last lines of buildah:');
    expect(message).toContain('Unknown instruction: "NOTANINSTRUCTION"');
    expect((err as ImageBuildError).phase).toBe('build');
    expectNothingLeft(tempBase);
  }, 20_000);

  test('a COPY of a file missing from the context names that step', async () => {
    const tempBase = runDir();
    const config = buildConfigFromArgs(baseArgs(`- { name: incomplete, context: missing-file }`), env());
    await expect(runBuild(config, deps(new RecordingRunner(), tempBase, []))).rejects.toThrow(
      /build failed at STEP 3\/3: COPY does-not-exist\.txt \/etc\/app\.conf[\s\S]*no such file or directory/,
    );
    expectNothingLeft(tempBase);
  }, 20_000);

  test('a missing context or Dockerfile is reported for every image before any AWS call', async () => {
    const yaml = `
- { name: nowhere, context: no-such-dir }
- { name: nofile, context: app, dockerfile: app/Dockerfile.prod }
`;
    const config = buildConfigFromArgs(baseArgs(yaml), env());
    const err = await runBuild(config, deps(new RecordingRunner(), runDir(), [])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserInputErrors);
    expect((err as Error).message.split('\n')).toEqual([
      `--images: images[0].context: build context ${join(workspace, 'no-such-dir')} of image "nowhere" is not a directory`,
      `--images: images[1].dockerfile: Dockerfile ${join(workspace, 'app', 'Dockerfile.prod')} of image "nofile" not found`,
    ]);
    await expect(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['nowhere'] }))).rejects.toThrow(
      /does not exist|not found/i,
    );
  });

  test('a registry that refuses the ECR login fails before building, naming the registry and the user', async () => {
    const runner = new RecordingRunner();
    const tempBase = runDir();
    const args = baseArgs(`- { name: refused, context: app }`).map((a) => (a === registry.url ? wrongRegistry.url : a));
    const err = await runBuild(buildConfigFromArgs(args, env()), deps(runner, tempBase, [])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^registry ${wrongRegistry.host} refused the login as AWS \\(HTTP 401\\) while trying to read ${wrongRegistry.host}/refused:${TAG}: the credentials from ecr:GetAuthorizationToken were not accepted`,
      ),
    );
    expect(runner.calls).toEqual([]);
    expectNothingLeft(tempBase);
  });

  test('the scan gate on an image pushed to another registry says ECR does not have it', async () => {
    const config = buildConfigFromArgs(
      baseArgs(`- { name: web, context: app }`, ['--scan-gate-severity', 'HIGH']),
      env(),
    );
    await expect(runBuild(config, deps(new RecordingRunner(), runDir(), []))).rejects.toThrow(
      /^the scan gate needs the image in ECR, but ECR repository "web" has no image sha256:[0-9a-f]{64} \(was it pushed to another registry with the registry input\?\)$/,
    );
  });

  test('ECR throttling is retried by the client and the build goes on', async () => {
    // A proxy in front of moto answers the first two calls of two ECR actions with ThrottlingException, as ECR does under burst.
    const throttled = new Set([
      'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
      'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
    ]);
    const seen = new Map<string, number>();
    const proxy: Server = createServer((req, res) => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const n = (seen.get(target) ?? 0) + 1;
      seen.set(target, n);
      if (n <= 2 && throttled.has(target)) {
        req.resume();
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException' });
        res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        return;
      }
      const upstream = new URL(moto.endpoint);
      const fwd = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(fwd);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const t = awsTestEnv(moto.endpoint);
      const client = defaultEcrClient(t.region, {
        endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
        credentials: t.credentials,
      });
      const outcome = await runBuild(
        buildConfigFromArgs(baseArgs(`- { name: web, context: app }`), env()),
        deps(new RecordingRunner(), runDir(), [], { ecr: client }),
      );
      expect(outcome.images[0]!.status).toBe('skipped');
      expect(seen.get('AmazonEC2ContainerRegistry_V20150921.DescribeRepositories')).toBe(3);
      expect(seen.get('AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken')).toBe(3);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  }, 20_000);
});

describe('images ECR itself holds (no registry override)', () => {
  /** Put an image into moto's ECR the way a push ends: PutImage with its manifest. */
  async function seedImage(repository: string, tag: string): Promise<string> {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: repository, imageTagMutability: 'MUTABLE' }));
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
    await ecr.send(new PutImageCommand({ repositoryName: repository, imageManifest: manifest, imageTag: tag }));
    const { imageDetails } = await ecr.send(
      new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }),
    );
    return imageDetails![0]!.imageDigest!;
  }

  test('DescribeImages finds the tag: skipped, extra tags added in ECR, scan gate lists findings at or above the threshold (exit 2)', async () => {
    const digest = await seedImage('scanned', TAG);
    const yaml = `- { name: scanned, context: app, tags: [ stable ] }`;
    const args = ['--images', yaml, '--tag', TAG, '--scan-gate-severity', 'HIGH', ...storageArgs];
    const { io, out, err } = ioSink();
    const code = await runBuildCommand(args, io, {
      ecr,
      runner: new RecordingRunner(),
      env: env(),
      tempBase: runDir(),
      scanPollMs: 20,
    });
    transcript.push(out(), err());
    expect(code).toBe(BuildExit.ScanGate);
    const result = JSON.parse(out()) as {
      status: string;
      images: { status: string; digest: string; ref: string; registry: string }[];
      findings: { severity: string; code: string; message: string; workload: string }[];
    };
    expect(result.status).toBe('failed-scan-gate');
    expect(result.images[0]).toMatchObject({
      status: 'skipped',
      digest,
      registry: `${MOTO_ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com`,
    });
    expect(result.findings).toEqual([
      {
        severity: 'blocker',
        code: 'image-vulnerability',
        workload: 'scanned',
        message: expect.stringMatching(
          /^HIGH CVE-9999-9999 in moto_fake 9\.9\.9 \(.*\/scanned@sha256:[0-9a-f]{64}\)/,
        ) as unknown,
      },
    ]);
    expect(err()).toContain('scanned: HIGH CVE-9999-9999 in moto_fake 9.9.9');
    const stable = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'scanned', imageIds: [{ imageTag: 'stable' }] }),
    );
    expect(stable.imageDetails?.[0]?.imageDigest).toBe(digest);

    // A CRITICAL threshold lets the same image through.
    const second = ioSink();
    const code2 = await runBuildCommand(
      [...args.slice(0, -storageArgs.length).map((a) => (a === 'HIGH' ? 'CRITICAL' : a)), ...storageArgs],
      second.io,
      { ecr, runner: new RecordingRunner(), env: env(), tempBase: runDir(), scanPollMs: 20 },
    );
    transcript.push(second.err());
    expect(code2).toBe(BuildExit.Ok);
    expect((JSON.parse(second.out()) as { findings: unknown[] }).findings).toEqual([]);
  });
});

describe('secrets', () => {
  test('no password or token in any log line, output, command line or file left behind', () => {
    // Runs above logged, printed and ran commands; each of their temp bases was checked empty. Also
    // scan every file under the test root except the registry's and buildah's own storage.
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (p.startsWith(join(root, 'registry')) || p.startsWith(join(root, 'buildah'))) continue;
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) files.push(p);
      }
    };
    walk(root);
    expect(transcript.length).toBeGreaterThan(20);
    const everything = [...transcript, ...files.map((f) => readFileSync(f, 'latin1'))].join('\n');
    expect(everything).not.toContain(ECR_PASSWORD);
    expect(everything).not.toContain(ECR_TOKEN);
  });
});
