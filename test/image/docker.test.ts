/**
 * The docker buildx builder. No Docker daemon can run here, so its command lines are checked
 * argument by argument, and the whole flow (auto pick, login by stdin, build, metadata digest,
 * logout, failures) runs against a stand-in `docker` executable (test/fixtures/image/docker-stub.sh)
 * with moto as ECR. buildx itself is exercised on GitHub-hosted runners, not here.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateRepositoryCommand, DescribeImagesCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { buildConfigFromArgs, type ImageSpec } from '../../src/config/build.js';
import { runBuild } from '../../src/commands/build.js';
import type { BuildJob } from '../../src/image/builder.js';
import { pickBuilder } from '../../src/image/builder.js';
import { dockerBuildArgs, dockerLoginArgs } from '../../src/image/docker.js';
import { ImageBuildError } from '../../src/image/failure.js';
import { spawnRunner, type CommandRunner } from '../../src/image/process.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, type MotoServer } from '../helpers/moto.js';
import { logSink } from '../helpers/artefacts.js';
import { tempDir } from './helpers.js';

const ECR_PASSWORD = `${MOTO_ACCOUNT_ID}-auth-token`;
const ECR_HOST = `${MOTO_ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com`;
const STUB = fileURLToPath(new URL('../fixtures/image/docker-stub.sh', import.meta.url));

const image: ImageSpec = {
  name: 'web',
  repository: 'shop/web',
  context: '/ws/services/web',
  dockerfile: '/ws/services/web/Dockerfile.prod',
  target: 'runtime',
  buildArgs: { NODE_ENV: 'production', GREETING: 'hello world' },
  secrets: [
    { id: 'npm', env: 'NPM_TOKEN' },
    { id: 'ca', src: '/ws/certs/ca.pem' },
  ],
  labels: { team: 'shop' },
  tags: ['latest'],
  where: 'images[0]',
};

function job(cache: BuildJob['cache']): BuildJob {
  return {
    image,
    destination: `${ECR_HOST}/shop/web`,
    tags: ['abc1234', 'latest'],
    platform: 'linux/amd64',
    cache,
    log: logSink().log,
  };
}

describe('docker command lines', () => {
  test('build and push: every option is its own argument, provenance off, digest to the metadata file', () => {
    expect(dockerBuildArgs(job({ kind: 'gha', scope: 'web' }), '/tmp/run/web-metadata.json')).toEqual([
      'buildx',
      'build',
      '--platform',
      'linux/amd64',
      '--file',
      '/ws/services/web/Dockerfile.prod',
      '--target',
      'runtime',
      '--build-arg',
      'NODE_ENV=production',
      '--build-arg',
      'GREETING=hello world',
      '--label',
      'team=shop',
      '--secret',
      'id=npm,env=NPM_TOKEN',
      '--secret',
      'id=ca,src=/ws/certs/ca.pem',
      '--tag',
      `${ECR_HOST}/shop/web:abc1234`,
      '--tag',
      `${ECR_HOST}/shop/web:latest`,
      '--cache-from',
      'type=gha,scope=web',
      '--cache-to',
      'type=gha,mode=max,scope=web',
      '--provenance=false',
      '--metadata-file',
      '/tmp/run/web-metadata.json',
      '--progress',
      'plain',
      '--push',
      '/ws/services/web',
    ]);
  });

  test('registry cache: ECR-compatible cache manifest, and read-only when the repository is immutable', () => {
    const ref = `${ECR_HOST}/shop/web:buildcache`;
    const writing = dockerBuildArgs(job({ kind: 'registry', ref, write: true }), '/m.json');
    expect(writing.slice(writing.indexOf('--cache-from'), writing.indexOf('--provenance=false'))).toEqual([
      '--cache-from',
      `type=registry,ref=${ref}`,
      '--cache-to',
      `type=registry,ref=${ref},mode=max,image-manifest=true,oci-mediatypes=true`,
    ]);
    const reading = dockerBuildArgs(job({ kind: 'registry', ref, write: false }), '/m.json');
    expect(reading).toContain(`type=registry,ref=${ref}`);
    expect(reading).not.toContain('--cache-to');
    expect(dockerBuildArgs(job({ kind: 'none' }), '/m.json')).not.toContain('--cache-from');
  });

  test('login takes the password on stdin, never as an argument', () => {
    expect(dockerLoginArgs({ host: ECR_HOST, insecure: false, username: 'AWS', password: 'p4ssw0rd' })).toEqual([
      'login',
      '--username',
      'AWS',
      '--password-stdin',
      ECR_HOST,
    ]);
  });
});

describe('docker builder flow (stand-in docker, moto ECR)', () => {
  let moto: MotoServer;
  let ecr: ECRClient;
  let root: string;
  let stubDir: string;
  let digest: string;

  class Recorder implements CommandRunner {
    calls: { command: string; args: string[]; stdin?: string }[] = [];
    run(command: string, args: readonly string[], options: Parameters<CommandRunner['run']>[2] = {}) {
      this.calls.push({ command, args: [...args], ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
      return spawnRunner.run(command, args, options);
    }
  }

  beforeAll(async () => {
    moto = await startMoto();
    ecr = new ECRClient(awsTestEnv(moto.endpoint).clientConfig);
    root = tempDir('efd-docker-test-');
    stubDir = join(root, 'stub');
    mkdirSync(stubDir);
    copyFileSync(STUB, join(stubDir, 'docker'));
    mkdirSync(join(root, 'ws', 'web'), { recursive: true });
    copyFileSync(new URL('../fixtures/image/app/Dockerfile', import.meta.url), join(root, 'ws', 'web', 'Dockerfile'));
    // The stand-in cannot push, so ECR gets the image the way a push ends (PutImage) and the build is forced.
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'web', imageTagMutability: 'MUTABLE' }));
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: 2,
        digest: `sha256:${'3'.repeat(64)}`,
      },
      layers: [],
    });
    await ecr.send(new PutImageCommand({ repositoryName: 'web', imageManifest: manifest, imageTag: 'abc1234' }));
    digest = (await ecr.send(new DescribeImagesCommand({ repositoryName: 'web', imageIds: [{ imageTag: 'abc1234' }] })))
      .imageDetails![0]!.imageDigest!;
  }, 30_000);

  afterAll(async () => {
    await moto.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  function runDir(): string {
    return mkdtempSync(join(root, 'run-'));
  }

  function env(mode = ''): NodeJS.ProcessEnv {
    return {
      ...awsTestEnv(moto.endpoint).env,
      PATH: `${stubDir}:${process.env['PATH']}`,
      STUB_MODE: mode,
      STUB_DIR: stubDir,
      STUB_DIGEST: digest,
      STUB_REF: `${ECR_HOST}/web:abc1234`,
      GITHUB_WORKSPACE: join(root, 'ws'),
    };
  }

  function config(mode = '') {
    return buildConfigFromArgs(
      [
        '--images',
        '- { name: web, context: web }',
        '--tag',
        'abc1234',
        '--force-build',
        '--tag-immutability',
        'false',
        '--cache',
        'none',
      ],
      env(mode),
    );
  }

  test('auto picks docker when buildx and a daemon answer; login by stdin, build, digest from metadata, logout last', async () => {
    const runner = new Recorder();
    const tempBase = runDir();
    const { lines, log } = logSink();
    const outcome = await runBuild(config(), { log, ecr, runner, env: env(), tempBase });
    expect(outcome.builder).toEqual({ name: 'docker', reason: 'auto: docker buildx with Docker 28.2.2' });
    expect(outcome.images[0]).toMatchObject({
      status: 'built',
      builder: 'docker',
      digest,
      ref: `${ECR_HOST}/web@${digest}`,
    });
    const calls = runner.calls.map((c) => c.args.slice(0, 2).join(' '));
    expect(calls).toEqual([
      'buildx version',
      'info --format',
      'login --username',
      'buildx build',
      `logout ${ECR_HOST}`,
    ]);
    const login = runner.calls[2]!;
    expect(login.args).toEqual(['login', '--username', 'AWS', '--password-stdin', ECR_HOST]);
    expect(readFileSync(join(stubDir, 'login-stdin'), 'utf8')).toBe(ECR_PASSWORD);
    rmSync(join(stubDir, 'login-stdin'));
    for (const c of runner.calls) expect(c.args.join(' ')).not.toContain(ECR_PASSWORD);
    expect(lines.join('\n')).not.toContain(ECR_PASSWORD);
    expect(lines).toContain('builder: docker (auto: docker buildx with Docker 28.2.2)');
    expect(readdirSync(tempBase)).toEqual([]);
  });

  test("a failed RUN step names the step and shows buildx's last lines; logout still runs", async () => {
    const runner = new Recorder();
    const tempBase = runDir();
    const err = await runBuild(config('build-fails'), {
      log: logSink().log,
      ecr,
      runner,
      env: env('build-fails'),
      tempBase,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageBuildError);
    expect((err as Error).message).toMatch(
      /^image "web": docker build failed at \[3\/3\] RUN make -C \/app \(docker buildx build, exit code 1\)\nlast lines of docker:\n/,
    );
    expect((err as Error).message).toContain("make: *** No rule to make target 'all'.  Stop.");
    expect(runner.calls.at(-1)!.args).toEqual(['logout', ECR_HOST]);
    expect(readdirSync(tempBase)).toEqual([]);
    rmSync(join(stubDir, 'login-stdin'), { force: true });
  });

  test('a push denied by ECR says which permission is missing', async () => {
    const runner = new Recorder();
    const err = await runBuild(config('push-denied'), {
      log: logSink().log,
      ecr,
      runner,
      env: env('push-denied'),
      tempBase: runDir(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageBuildError);
    expect((err as ImageBuildError).phase).toBe('push');
    expect((err as Error).message).toMatch(
      /^image "web": push with docker failed \(docker buildx build, exit code 1\): ECR denied the push: the role lacks ecr:InitiateLayerUpload on the repository \(a push needs ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:PutImage\)/,
    );
    expect(runner.calls.at(-1)!.args).toEqual(['logout', ECR_HOST]);
    rmSync(join(stubDir, 'login-stdin'), { force: true });
  });

  test('builder choice: docker without a daemon is a clear error; auto then falls back to buildah and says why', async () => {
    await expect(pickBuilder('docker', spawnRunner, env('no-daemon'))).rejects.toThrow(
      'builder docker: no Docker daemon answers (docker info --format {{.ServerVersion}}: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?); use builder buildah (daemonless) or auto',
    );
    const auto = await pickBuilder('auto', spawnRunner, env('no-buildx'));
    expect(auto.name).toBe('buildah');
    expect(auto.reason).toMatch(
      /^auto: docker buildx is not available \(docker buildx version: docker: unknown command: docker buildx\); buildah version \d+\.\d+/,
    );
    await expect(
      pickBuilder('buildah', spawnRunner, env(), { buildah: join(stubDir, 'no-such-buildah') }),
    ).rejects.toThrow(
      /^builder buildah: buildah is not available \(.*no-such-buildah --version: .*command not found\); install it/,
    );
  });
});
