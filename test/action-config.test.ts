/**
 * The action's inputs → config for build, deploy with build-images, parity and cutover, read the
 * way the runner hands them over: every input action.yml declares, with its default when the
 * workflow does not set it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ACTION_INPUTS, actionConfigFromInputs, type ActionConfig } from '../src/config/action.js';
import { CUTOVER_ACTION_INPUTS } from '../src/config/cutover.js';
import { BUILD_FLAGS } from '../src/config/build.js';

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> };
const SHA = 'c0ffee'.padEnd(40, '0');
const ENV = {
  GITHUB_WORKSPACE: process.cwd(),
  GITHUB_SHA: SHA,
  AWS_REGION: 'eu-west-1',
  GITHUB_SERVER_URL: 'https://github.example',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '77',
  GITHUB_RUN_ATTEMPT: '2',
};

/** Inputs as the runner passes them: the workflow's, else action.yml's default, else empty. */
function config(inputs: Record<string, string>, env: NodeJS.ProcessEnv = ENV): ActionConfig {
  const read = (name: string): string => {
    if (!(name in action.inputs)) throw new Error(`read of undeclared input ${name}`);
    const v = inputs[name] ?? (name === 'github-token' ? '' : (action.inputs[name]!.default ?? ''));
    // core.getInput trims.
    return v.trim();
  };
  return actionConfigFromInputs(read, env);
}

function errorLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    return (err as Error).message.split('\n');
  }
  throw new Error('expected an error');
}

const IMAGES = '- name: web\n  context: test/fixtures\n  tags: [ latest ]';

describe('action inputs for build', () => {
  test('every build setting has its input (region is aws-region, images is build-images; tag and workspace come from the run)', () => {
    const fromRun = new Set(['commit', 'workspace']);
    const renamed: Record<string, string> = { images: 'build-images', region: 'aws-region' };
    const expected = Object.keys(BUILD_FLAGS)
      .filter((f) => !fromRun.has(f))
      .map((f) => renamed[f] ?? f);
    expect(expected.filter((n) => !(ACTION_INPUTS as readonly string[]).includes(n))).toEqual([]);
  });

  test('defaults: the commit SHA as tag, linux/amd64, builder auto, immutable scanned AES256 repositories, no gate', () => {
    const c = config({ command: 'build', 'build-images': IMAGES });
    expect(c.command).toBe('build');
    if (c.command !== 'build') return;
    expect(c.build).toMatchObject({
      tag: SHA,
      region: 'eu-west-1',
      platform: 'linux/amd64',
      builder: 'auto',
      forceBuild: false,
      cache: 'auto',
      workspace: process.cwd(),
    });
    expect(c.build.repository).toEqual({ tagImmutability: true, scanOnPush: true, encryption: { type: 'AES256' } });
    expect(c.build.scanGate).toBeUndefined();
    expect(c.build.images).toEqual([
      expect.objectContaining({
        name: 'web',
        repository: 'web',
        context: `${process.cwd()}/test/fixtures`,
        tags: ['latest'],
      }),
    ]);
  });

  test('every build input reaches the config', () => {
    const c = config({
      command: 'build',
      'build-images': IMAGES,
      'aws-region': 'us-west-2',
      builder: 'buildah',
      registry: 'http://127.0.0.1:5000',
      tag: 'v1.2.3',
      'force-build': 'true',
      'tag-immutability': 'false',
      'scan-on-push': 'false',
      encryption: 'KMS:alias/ecr',
      'lifecycle-keep': '30',
      'scan-gate-severity': 'high',
      'scan-gate-timeout': '90s',
      cache: 'registry',
      'buildah-isolation': 'oci',
      'buildah-storage-driver': 'vfs',
      'buildah-root': 'tmp/root',
      'buildah-runroot': '/run/buildah',
    });
    if (c.command !== 'build') throw new Error(c.command);
    expect(c.build).toMatchObject({
      region: 'us-west-2',
      builder: 'buildah',
      registry: { host: '127.0.0.1:5000', insecure: true },
      tag: 'v1.2.3',
      forceBuild: true,
      repository: {
        tagImmutability: false,
        scanOnPush: false,
        encryption: { type: 'KMS', kmsKey: 'alias/ecr' },
        lifecycleKeep: 30,
      },
      scanGate: { severity: 'HIGH', timeoutSeconds: 90 },
      cache: 'registry',
      buildah: { isolation: 'oci', storageDriver: 'vfs', root: `${process.cwd()}/tmp/root`, runroot: '/run/buildah' },
    });
  });

  test('errors name the action inputs, all at once', () => {
    const lines = errorLines(() =>
      config({
        command: 'build',
        'build-images': '- name: Web!\n  build-args: [ "nope" ]',
        platform: 'linux/arm64',
        'aws-region': 'mars-1',
        'lifecycle-keep': '0',
      }),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'input aws-region: "mars-1" is not an AWS region',
        expect.stringMatching(/^input platform: EKS on Fargate runs linux\/amd64 pods only/),
        expect.stringMatching(/^input lifecycle-keep: expected a whole number of images to keep/),
        expect.stringMatching(/^input build-images: images\[0\]\.name: "Web!" is not a valid ECR repository name/),
        'input build-images: images[0].build-args[0]: expected KEY=VALUE, got "nope"',
      ]),
    );
    expect(errorLines(() => config({ command: 'build' }))).toEqual([
      'input build-images: give the images to build: a YAML list of {name, context, dockerfile, …} or a file holding one',
    ]);
    expect(errorLines(() => config({ command: 'build', 'build-images': 'ci/images.yaml' }))).toEqual([
      expect.stringMatching(/^input build-images: file "ci\/images.yaml" not found/),
    ]);
  });

  test('deploy with build-images carries the build; deploy and build errors come together, before anything runs', () => {
    const c = config({
      command: 'deploy',
      'build-images': IMAGES,
      manifests: 'test/fixtures/deploy/web',
      'cluster-name': 'prod',
      images: 'redis=redis:7',
    });
    if (c.command !== 'deploy') throw new Error(c.command);
    expect(c.build?.images.map((i) => i.name)).toEqual(['web']);
    expect(c.deploy.images).toBe('redis=redis:7');
    expect(config({ command: 'deploy', manifests: 'k8s/', 'cluster-name': 'prod' })).not.toHaveProperty('build');

    const lines = errorLines(() =>
      config({
        command: 'deploy',
        'build-images': IMAGES,
        'scan-gate-severity': 'urgent',
        'cluster-name': 'prod',
        namespace: 'Shop',
      }),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^input namespace: "Shop" is not a valid namespace/),
        expect.stringMatching(/^input manifests: give manifests/),
        expect.stringMatching(
          /^input scan-gate-severity: expected one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL \(or none\), got "urgent"/,
        ),
      ]),
    );
  });
});

describe('action inputs for parity and cutover', () => {
  const cutoverInputs = {
    command: 'cutover',
    'old-url': 'https://ecs.example.com',
    'new-url': 'https://eks.example.com',
    requests: 'k8s/parity.yaml',
    'hosted-zone-id': 'Z0123456789ABC',
    'record-name': 'api.example.com',
    'old-alb': 'ecs-web-1.us-east-1.elb.amazonaws.com',
    'new-alb': 'k8s-shop-web-1.us-east-1.elb.amazonaws.com',
  };

  test('action.yml declares every input the parity/cutover config reads', () => {
    expect(CUTOVER_ACTION_INPUTS.filter((n) => !(ACTION_INPUTS as readonly string[]).includes(n))).toEqual([]);
  });

  test('with action.yml defaults: the same defaults as the CLI, and the run URL from the run', () => {
    const c = config(cutoverInputs);
    if (c.command !== 'cutover') throw new Error(c.command);
    expect(c.cutover).toMatchObject({
      namespace: 'default',
      release: 'default',
      oldUrl: 'https://ecs.example.com',
      newUrl: 'https://eks.example.com',
      requests: { file: 'k8s/parity.yaml' },
      repeat: 5,
      latencyRatio: 1.5,
      latencySlackMs: 25,
      concurrency: 4,
      requestTimeoutMs: 10_000,
      accessLogLimit: 50,
      steps: [10, 50, 100],
      bakeMs: 300_000,
      recordType: 'A',
      ttl: 60,
      oldSetId: 'ecs',
      newSetId: 'eks',
      evaluateTargetHealth: true,
      revert: false,
      scaleEcsToZero: false,
      ecsDrainMs: 60_000,
      waitDns: true,
      runUrl: 'https://github.example/acme/shop/actions/runs/77/attempts/2',
    });
    expect(c.cutover.metrics).toBeUndefined();
    const given = config({ ...cutoverInputs, 'run-url': 'https://ci.example/run/1' });
    expect(given.command === 'cutover' && given.cutover.runUrl).toBe('https://ci.example/run/1');
  });

  test('parity reads only what it needs; a cutover-only input does not make it fail', () => {
    const c = config({
      command: 'parity',
      'old-url': 'https://ecs.example.com/',
      'new-url': 'https://eks.example.com',
      'access-log': 'logs/a.log\nlogs/b.log.gz',
      ignore: '$.id, $.items[*].at',
      'record-type': 'MX',
    });
    if (c.command !== 'parity') throw new Error(c.command);
    expect(c.parity).toMatchObject({ oldUrl: 'https://ecs.example.com', accessLogs: ['logs/a.log', 'logs/b.log.gz'] });
    expect(c.parity.ignore).toHaveLength(2);
    expect(errorLines(() => config({ command: 'parity', 'new-url': 'https://eks.example.com' }))).toEqual(
      expect.arrayContaining([
        'input old-url: required: an http:// or https:// base URL',
        expect.stringMatching(/^input requests: give a request list/),
      ]),
    );
  });

  test('revert and scale-ecs-to-zero accept only true or false: a typo must not move traffic', () => {
    const lines = errorLines(() =>
      config({ ...cutoverInputs, revert: 'yes', 'scale-ecs-to-zero': 'on', steps: '50,10' }),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'input revert: expected true or false, got "yes"',
        'input scale-ecs-to-zero: expected true or false, got "on"',
        'input steps: steps must go up: 50 then 10',
      ]),
    );
    const revert = config({ ...cutoverInputs, revert: 'TRUE' });
    expect(revert.command === 'cutover' && revert.cutover.revert).toBe(true);
  });

  test('an unknown command names the seven commands', () => {
    expect(errorLines(() => config({ command: 'migrate' }))).toEqual([
      'input command: expected one of plan, deploy, rollback, build, parity, cutover, doctor, got "migrate"',
    ]);
  });
});

describe('action inputs for plan', () => {
  test('ECS input files are confined to GITHUB_WORKSPACE', () => {
    const c = config(
      { command: 'plan', 'ecs-task-definitions': 'examples/ecs/frontend-taskdef.json' },
      { ...ENV, GITHUB_WORKSPACE: '/home/runner/work/shop/shop' },
    );
    expect(c.command).toBe('plan');
    if (c.command !== 'plan') return;
    expect(c.plan?.workspace).toBe('/home/runner/work/shop/shop');
  });
});
