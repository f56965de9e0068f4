/** The ECR calls of the build, against moto_server. */
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  PutImageCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  ensureRepository,
  findImageDigest,
  findingsAtOrAbove,
  getEcrLogin,
  lifecyclePolicyText,
  tagImage,
  waitForScan,
} from '../../src/aws/ecr.js';
import type { RepositorySettings } from '../../src/config/build.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, type MotoServer } from '../helpers/moto.js';

let moto: MotoServer | undefined;
let ecr: ECRClient;

beforeAll(async () => {
  moto = await startMoto();
  ecr = new ECRClient(awsTestEnv(moto.endpoint).clientConfig);
}, 30_000);
afterAll(async () => {
  await moto?.stop();
});

const settings: RepositorySettings = {
  tagImmutability: true,
  scanOnPush: true,
  encryption: { type: 'AES256' },
  lifecycleKeep: 10,
};

async function putImage(repository: string, tag: string, seed: string): Promise<string> {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 2,
      digest: `sha256:${seed.repeat(64)}`,
    },
    layers: [],
  });
  await ecr.send(new PutImageCommand({ repositoryName: repository, imageManifest: manifest, imageTag: tag }));
  return (await ecr.send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] })))
    .imageDetails![0]!.imageDigest!;
}

describe('ensureRepository', () => {
  test('creates a missing repository with KMS encryption and the lifecycle policy; a second call finds it unchanged', async () => {
    const kms = {
      ...settings,
      encryption: { type: 'KMS' as const, kmsKey: 'arn:aws:kms:us-east-1:123456789012:key/1234' },
    };
    const first = await ensureRepository(ecr, 'shop/web', kms);
    expect(first).toMatchObject({
      created: true,
      warnings: [],
      repository: {
        name: 'shop/web',
        uri: `${MOTO_ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/shop/web`,
        tagImmutability: true,
        scanOnPush: true,
      },
    });
    const { repositories } = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['shop/web'] }));
    expect(repositories![0]!.encryptionConfiguration).toEqual({
      encryptionType: 'KMS',
      kmsKey: 'arn:aws:kms:us-east-1:123456789012:key/1234',
    });
    expect(await ensureRepository(ecr, 'shop/web', kms)).toMatchObject({ created: false, warnings: [] });
  });

  test('an existing repository that differs is left alone, with one warning per setting', async () => {
    await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'legacy',
        imageTagMutability: 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: false },
        encryptionConfiguration: { encryptionType: 'KMS' },
      }),
    );
    await ecr.send(
      new PutLifecyclePolicyCommand({ repositoryName: 'legacy', lifecyclePolicyText: lifecyclePolicyText(3) }),
    );
    const r = await ensureRepository(ecr, 'legacy', settings);
    expect(r.created).toBe(false);
    expect(r.warnings).toEqual([
      'ECR repository legacy exists and is left as it is: its tags are mutable, tag-immutability asks for immutable',
      'ECR repository legacy exists and is left as it is: scan on push is off, scan-on-push asks for on',
      // ECR fills in the AWS-managed key when none is given; the warning shows which.
      expect.stringMatching(
        /^ECR repository legacy exists and is left as it is: it is encrypted with KMS:arn:aws:kms:\S+, encryption asks for AES256 \(encryption cannot change after creation\)$/,
      ),
      'ECR repository legacy exists and is left as it is: its lifecycle policy keeps 3 images, lifecycle-keep asks to keep 10',
    ]);
    const { repositories } = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['legacy'] }));
    expect(repositories![0]!.imageTagMutability).toBe('MUTABLE');
  });

  test('two jobs creating the same repository at once both succeed', async () => {
    const [a, b] = await Promise.all([
      ensureRepository(ecr, 'raced', settings),
      ensureRepository(ecr, 'raced', settings),
    ]);
    expect([a.created, b.created].filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(a.repository.name).toBe('raced');
    expect(b.repository.name).toBe('raced');
  });
});

describe('login, tags and scans', () => {
  test('GetAuthorizationToken decoded into registry host, user and password', async () => {
    expect(await getEcrLogin(ecr)).toMatchObject({
      registry: `${MOTO_ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com`,
      username: 'AWS',
      password: `${MOTO_ACCOUNT_ID}-auth-token`,
    });
  });

  test('findImageDigest: the digest of a tag, undefined for a missing tag; tagImage adds a tag to the same digest', async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'tagged' }));
    const digest = await putImage('tagged', 'v1', 'a');
    expect(await findImageDigest(ecr, 'tagged', 'v1')).toBe(digest);
    expect(await findImageDigest(ecr, 'tagged', 'v2')).toBeUndefined();
    await tagImage(ecr, 'tagged', digest, 'stable');
    expect(await findImageDigest(ecr, 'tagged', 'stable')).toBe(digest);
    await tagImage(ecr, 'tagged', digest, 'stable');
    expect(await findImageDigest(ecr, 'tagged', 'stable')).toBe(digest);
  });

  test('waitForScan starts a scan when there is none and returns its findings; the gate keeps those at or above the threshold', async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'scan-me' }));
    const digest = await putImage('scan-me', 'v1', 'b');
    const scan = await waitForScan(ecr, 'scan-me', digest, { timeoutMs: 5000, pollMs: 20 });
    expect(scan.status).toBe('COMPLETE');
    expect(scan.findings).toEqual([
      {
        name: 'CVE-9999-9999',
        severity: 'HIGH',
        uri: 'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-9999-9999',
        package: 'moto_fake',
        packageVersion: '9.9.9',
      },
    ]);
    expect(scan.severityCounts).toEqual({ HIGH: 1 });
    const mixed = [
      { name: 'CVE-1', severity: 'LOW' },
      { name: 'CVE-2', severity: 'CRITICAL' },
      { name: 'CVE-3', severity: 'MEDIUM' },
      { name: 'CVE-4', severity: 'UNDEFINED' },
      { name: 'CVE-0', severity: 'CRITICAL' },
    ];
    expect(findingsAtOrAbove(mixed, 'MEDIUM').map((f) => f.name)).toEqual(['CVE-0', 'CVE-2', 'CVE-3']);
    expect(findingsAtOrAbove(mixed, 'CRITICAL').map((f) => f.name)).toEqual(['CVE-0', 'CVE-2']);
  });
});
