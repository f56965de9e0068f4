/** The build configuration: flags and inputs validated once, every problem named at once. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConfigFromArgs, validateBuildSettings } from '../../src/config/build.js';
import { UserInputErrors } from '../../src/errors.js';
import { tempDir } from './helpers.js';

let ws: string;
const env = (): NodeJS.ProcessEnv => ({ AWS_REGION: 'eu-west-1', GITHUB_SHA: 'abcdef1234567', GITHUB_WORKSPACE: ws });

beforeAll(() => {
  ws = tempDir('efd-build-config-');
  mkdirSync(join(ws, 'deploy'));
});
afterAll(() => {
  rmSync(ws, { recursive: true, force: true });
});

function errorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserInputErrors) return err.errors.map((e) => e.message);
    throw err;
  }
  throw new Error('expected UserInputErrors');
}

describe('build config', () => {
  test('one image with defaults: tag from GITHUB_SHA, linux/amd64, immutable tags, scan on push, AES256, auto builder', () => {
    const c = buildConfigFromArgs(['--images', '- name: web'], env());
    expect(c).toEqual({
      images: [
        {
          name: 'web',
          repository: 'web',
          context: ws,
          dockerfile: join(ws, 'Dockerfile'),
          buildArgs: {},
          secrets: [],
          labels: {},
          tags: [],
          where: '--images: images[0]',
        },
      ],
      builder: 'auto',
      region: 'eu-west-1',
      platform: 'linux/amd64',
      tag: 'abcdef1234567',
      forceBuild: false,
      repository: { tagImmutability: true, scanOnPush: true, encryption: { type: 'AES256' } },
      cache: 'auto',
      buildah: { isolation: 'chroot' },
      workspace: ws,
    });
  });

  test('an images file with every field; paths relative to the workspace', () => {
    writeFileSync(
      join(ws, 'deploy', 'images.yaml'),
      `- name: web
  repository: shop/web
  context: services/web
  dockerfile: services/web/Dockerfile.prod
  target: runtime
  build-args: { NODE_ENV: production, WORKERS: 4 }
  secrets: [ "id=npm,env=NPM_TOKEN", { id: ca, src: certs/ca.pem } ]
  labels: { team: shop }
  tags: [ latest, stable ]
- name: worker
`,
    );
    const c = buildConfigFromArgs(
      [
        '--images',
        'deploy/images.yaml',
        '--tag',
        'v1.2.3',
        '--registry',
        'http://127.0.0.1:5000',
        '--encryption',
        'KMS:alias/ecr',
        '--lifecycle-keep',
        '30',
        '--scan-gate-severity',
        'high',
        '--builder',
        'buildah',
      ],
      env(),
    );
    expect(c.images[0]).toEqual({
      name: 'web',
      repository: 'shop/web',
      context: join(ws, 'services/web'),
      dockerfile: join(ws, 'services/web/Dockerfile.prod'),
      target: 'runtime',
      buildArgs: { NODE_ENV: 'production', WORKERS: '4' },
      secrets: [
        { id: 'npm', env: 'NPM_TOKEN' },
        { id: 'ca', src: join(ws, 'certs/ca.pem') },
      ],
      labels: { team: 'shop' },
      tags: ['latest', 'stable'],
      where: 'deploy/images.yaml: images[0]',
    });
    expect(c.images[1]!.repository).toBe('worker');
    expect(c).toMatchObject({
      tag: 'v1.2.3',
      registry: { host: '127.0.0.1:5000', insecure: true },
      builder: 'buildah',
      scanGate: { severity: 'HIGH', timeoutSeconds: 600 },
      repository: { encryption: { type: 'KMS', kmsKey: 'alias/ecr' }, lifecycleKeep: 30 },
    });
  });

  test('arm64 is a clear error for Fargate targets', () => {
    expect(
      errorsOf(() => buildConfigFromArgs(['--images', '- name: web', '--platform', 'linux/arm64'], env())),
    ).toEqual([
      '--platform: EKS on Fargate runs linux/amd64 pods only (no Arm, no Windows): an image built for "linux/arm64" would not start there; use linux/amd64',
    ]);
  });

  test('every problem at once, each naming the flag or the image entry and field', () => {
    const yaml = `
- name: Web
  contxt: app
  secrets: [ "id=npm" ]
  tags: [ "-bad" ]
- name: worker
- name: worker
`;
    const messages = errorsOf(() =>
      validateBuildSettings(
        {
          images: yaml,
          builder: 'podman',
          tag: 'not a tag',
          registry: 'https://reg.example.com/path',
          lifecycleKeep: '0',
          scanGateSeverity: 'SEVERE',
          forceBuild: 'yes',
        },
        (f) => `input ${f}`,
        { GITHUB_WORKSPACE: ws },
      ),
    );
    expect(messages).toEqual([
      'input builder: expected auto, docker or buildah, got "podman"',
      'input region: required (or set AWS_REGION)',
      'input registry: expected a registry host[:port] (optionally http:// for a local registry), got "https://reg.example.com/path"',
      'input tag: "not a tag" is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")',
      'input force-build: expected true or false, got "yes"',
      'input lifecycle-keep: expected a whole number of images to keep from 1 to 10000, got "0"',
      'input scan-gate-severity: expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL (or none), got "SEVERE"',
      'input images: images[0].contxt: unknown field (expected one of name, repository, context, dockerfile, target, build-args, secrets, labels, tags)',
      'input images: images[0].name: "Web" is not a valid ECR repository name (2-256 lower-case letters, digits, ".", "_", "-" and "/" between components)',
      'input images: images[0].secrets[0]: give exactly one of src (a file) or env (an environment variable)',
      'input images: images[0].tags[0]: "-bad" is not a valid image tag',
      'input images: images[2].name: image "worker" is listed twice',
      'input images: images[2].repository: repository "worker" is the target of two images',
    ]);
  });

  test('a missing images file and missing images are named', () => {
    expect(errorsOf(() => buildConfigFromArgs(['--images', 'deploy/nope.yaml'], env()))).toEqual([
      `--images: file "deploy/nope.yaml" not found (in ${ws}); give a file path or an inline YAML list`,
    ]);
    expect(errorsOf(() => buildConfigFromArgs([], env()))).toEqual([
      '--images: give the images to build: a YAML list of {name, context, dockerfile, …} or a file holding one',
    ]);
  });
});
