/**
 * Issue 14 point 12: every image exists, for the platform its pods run on, before anything is
 * applied. ECR is moto's (images stored with PutImage, read back by BatchGetImage); the other
 * registry is the real Debian docker-registry on 127.0.0.1, with images pushed over the v2 API
 * (blobs, manifests, an OCI index) and its credentials in a Docker config.json. A missing tag,
 * an index without linux/amd64 and a single image built for arm64 each fail preflight, naming the
 * image, exit 1, with nothing written to the cluster (sandbox audit log); a registry that cannot
 * be asked is a notice and the deploy goes on.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateRepositoryCommand, ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';
import { DeployExit } from '../../src/commands/deploy.js';
import { checkImagesExist, imageRequirements, type ImageCheckDeps } from '../../src/image/exists.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { startShopSandbox, writesSince } from '../e2e/helpers.js';
import { startRegistry, tempDir, type TestRegistry } from '../image/helpers.js';
import { awsTestEnv, startMoto, type MotoServer } from '../helpers/moto.js';
import { deployIn } from './helpers.js';

const ACCOUNT = '210987654321';
const ECR = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`;
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

let sb: Sandbox;
let kubeconfig: string;
let sbDir: string;
let moto: MotoServer;
let reg: TestRegistry;
let root: string;
let deps: ImageCheckDeps;
let ecr: ECRClient;

const digestOf = (b: Buffer | string): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Upload a blob the way `docker push` does: POST an upload, PUT the bytes with their digest. */
async function pushBlob(repo: string, bytes: Buffer): Promise<{ digest: string; size: number }> {
  const digest = digestOf(bytes);
  const start = await fetch(`${reg.url}/v2/${repo}/blobs/uploads/`, {
    method: 'POST',
    headers: { authorization: reg.authorization },
  });
  await start.arrayBuffer();
  if (start.status !== 202) throw new Error(`upload start: HTTP ${start.status}`);
  const location = new URL(start.headers.get('location')!, reg.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { authorization: reg.authorization, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  await put.arrayBuffer();
  if (put.status !== 201) throw new Error(`upload: HTTP ${put.status}`);
  return { digest, size: bytes.length };
}

async function pushManifest(
  repo: string,
  ref: string,
  body: string,
  mediaType: string,
): Promise<{ digest: string; size: number }> {
  const res = await fetch(`${reg.url}/v2/${repo}/manifests/${ref}`, {
    method: 'PUT',
    headers: { authorization: reg.authorization, 'content-type': mediaType },
    body,
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`manifest ${repo}:${ref}: HTTP ${res.status}`);
  return { digest: digestOf(body), size: Buffer.byteLength(body) };
}

/** A one-layer image for one platform (its config says which), pushed by digest. */
async function pushImage(repo: string, architecture: string, tag?: string): Promise<{ digest: string; size: number }> {
  const config = await pushBlob(
    repo,
    Buffer.from(JSON.stringify({ architecture, os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] } })),
  );
  const layer = await pushBlob(repo, randomBytes(64));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
  });
  const pushed = await pushManifest(repo, digestOf(manifest), manifest, OCI_MANIFEST);
  if (tag) await pushManifest(repo, tag, manifest, OCI_MANIFEST);
  return pushed;
}

async function pushIndex(repo: string, tag: string, architectures: string[]): Promise<void> {
  const manifests = [];
  for (const architecture of architectures)
    manifests.push({
      mediaType: OCI_MANIFEST,
      ...(await pushImage(repo, architecture)),
      platform: { architecture, os: 'linux' },
    });
  await pushManifest(repo, tag, JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }), OCI_INDEX);
}

const deployment = (name: string, image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: ${name}
          image: ${image}
          resources:
            requests: { cpu: 250m, memory: 256Mi }
            limits: { cpu: 250m, memory: 256Mi }
`;

beforeAll(async () => {
  root = tempDir('safety-images-');
  [{ sb, kubeconfig, dir: sbDir }, moto, reg] = await Promise.all([
    startShopSandbox(),
    startMoto({ accountId: ACCOUNT }),
    startRegistry({ dir: join(root, 'registry'), username: 'deployer', password: 'registry-test-password-7' }),
  ]);
  const aws = awsTestEnv(moto.endpoint);
  ecr = new ECRClient(aws.clientConfig);
  deps = { ecrClient: () => ecr, dockerConfigDir: join(root, 'docker') };
  mkdirSync(join(root, 'docker'));
  writeFileSync(
    join(root, 'docker', 'config.json'),
    JSON.stringify({
      auths: { [reg.host]: { auth: Buffer.from('deployer:registry-test-password-7').toString('base64') } },
    }),
  );

  // ECR: shop/web:v1 is a single image; shop/web:arm-only an image index for linux/arm64 alone.
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'shop/web' }));
  const single = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 7023,
      digest: `sha256:${'b5'.repeat(32)}`,
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 32654,
        digest: `sha256:${'e6'.repeat(32)}`,
      },
    ],
  });
  await ecr.send(
    new PutImageCommand({
      repositoryName: 'shop/web',
      imageTag: 'v1',
      imageManifest: single,
      imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    }),
  );
  const list = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    manifests: [
      {
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        size: single.length,
        digest: digestOf(single),
        platform: { architecture: 'arm64', os: 'linux', variant: 'v8' },
      },
    ],
  });
  await ecr.send(
    new PutImageCommand({
      repositoryName: 'shop/web',
      imageTag: 'arm-only',
      imageManifest: list,
      imageManifestMediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    }),
  );

  // shop/base:latest is a published manifest list (distroless, five platforms), stored as it was served.
  await ecr.send(new CreateRepositoryCommand({ repositoryName: 'shop/base' }));
  await ecr.send(
    new PutImageCommand({
      repositoryName: 'shop/base',
      imageTag: 'latest',
      imageManifest: readFileSync('test/fixtures/image/manifest-lists/distroless-base-nossl.json', 'utf8'),
      imageManifestMediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    }),
  );

  // The loopback registry: shop/api:v1 for amd64 and arm64, shop/api:arm64-only a single arm64 image.
  await pushIndex('shop/api', 'v1', ['amd64', 'arm64']);
  await pushImage('shop/api', 'arm64', 'arm64-only');
}, 60_000);

afterAll(async () => {
  ecr.destroy();
  await Promise.all([sb.stop(), moto.stop(), reg.stop()]);
  rmSync(sbDir, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

test('a missing tag or an image without linux/amd64, in ECR or a v2 registry, fails preflight naming the image; nothing is written', async () => {
  const ws = join(root, 'ws-bad');
  mkdirSync(ws);
  writeFileSync(
    join(ws, 'app.yaml'),
    [
      deployment('a', `${ECR}/shop/web:v9`),
      deployment('b', `${ECR}/shop/web:arm-only`),
      deployment('c', `${ECR}/shop/nothing:v1`),
      deployment('d', `${reg.host}/shop/api:v2`),
      deployment('e', `${reg.host}/shop/api:arm64-only`),
    ].join('---\n'),
  );
  const from = sb.audit.length;
  const out = await deployIn(
    kubeconfig,
    ws,
    ['--manifests', 'app.yaml', '--grace', '1', '--settle', '0', '--timeout', '30'],
    { release: 'img', images: deps },
  );
  expect({ exitCode: out.exitCode, message: out.message }).toEqual({
    exitCode: DeployExit.Rejected,
    message: 'preflight failed: 5 blocker(s); nothing was applied',
  });
  const blockers = out.findings
    .filter((f) => f.severity === 'blocker')
    .map((f) => `${f.code}: ${f.message}`)
    .sort();
  // Compared as a set: the order of a sorted list depends on the registry addresses.
  expect([...blockers].sort()).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        new RegExp(
          `^image-missing: image ${ECR}/shop/nothing:v1 does not exist: ECR repository shop/nothing does not exist`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^image-missing: image ${ECR}/shop/web:v9 does not exist: ECR repository shop/web in us-east-1 has no image v9.*Deployment shop/a`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^image-missing: image ${reg.host}/shop/api:v2 does not exist: ${reg.host} has no manifest v2 in shop/api`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^image-platform-missing: image ${ECR}/shop/web:arm-only has no linux/amd64 variant \\(it has: linux/arm64\\)`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^image-platform-missing: image ${reg.host}/shop/api:arm64-only has no linux/amd64 variant \\(it has: linux/arm64\\)`,
        ),
      ),
    ]),
  );
  expect(blockers).toHaveLength(5);
  expect(writesSince(sb, from)).toEqual([]);
  expect(sb.store.list(sb.registry.get('apps', 'deployments'), 'shop').items).toEqual([]);
});

test('images that exist for linux/amd64 deploy; a registry that cannot be asked is a notice, not a failure', async () => {
  const ws = join(root, 'ws-good');
  mkdirSync(ws);
  // A port nothing listens on any more: the registry there refuses the connection.
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  writeFileSync(
    join(ws, 'app.yaml'),
    [
      deployment('a', `${ECR}/shop/web:v1`),
      deployment('b', `${reg.host}/shop/api:v1`),
      deployment('c', `127.0.0.1:${port}/shop/cache:v1`),
      deployment('d', `${ECR}/shop/base:latest`),
    ].join('---\n'),
  );
  const out = await deployIn(
    kubeconfig,
    ws,
    ['--manifests', 'app.yaml', '--grace', '1', '--settle', '0', '--timeout', '30'],
    { release: 'img', images: deps },
  );
  expect(out.exitCode).toBe(DeployExit.Ok);
  expect(out.findings.filter((f) => f.code.startsWith('image-'))).toEqual([
    expect.objectContaining({
      severity: 'info',
      code: 'image-unchecked',
      message: `image 127.0.0.1:${port}/shop/cache:v1 was not checked: 127.0.0.1:${port} cannot be asked (ECONNREFUSED)`,
    }),
  ]);
  expect(
    sb.store
      .list(sb.registry.get('apps', 'deployments'), 'shop')
      .items.map((d) => (d as { metadata: { name: string } }).metadata.name)
      .sort(),
  ).toEqual(['a', 'b', 'c', 'd']);
});

test('an arm64 selector makes linux/arm64 the platform asked for (the check itself; Fargate refuses arm64 pods before it)', async () => {
  const arm = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'arm', namespace: 'shop' },
    spec: {
      template: {
        spec: {
          nodeSelector: { 'kubernetes.io/arch': 'arm64' },
          containers: [{ name: 'a', image: `${reg.host}/shop/api:arm64-only` }],
        },
      },
    },
  };
  const amd = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'shop' },
    spec: {
      jobTemplate: {
        spec: { template: { spec: { containers: [{ name: 'n', image: `${reg.host}/shop/api:arm64-only` }] } } },
      },
    },
  };
  const riscv = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'odd', namespace: 'shop' },
    spec: {
      nodeSelector: { 'kubernetes.io/arch': 'riscv64' },
      containers: [{ name: 'o', image: `${ECR}/shop/base:latest` }],
    },
  };
  const reqs = imageRequirements([arm, amd, riscv]);
  expect(reqs.map((r) => [r.platform.architecture, r.workloads])).toEqual([
    ['arm64', ['Deployment shop/arm']],
    ['amd64', ['CronJob shop/nightly']],
    ['riscv64', ['Pod shop/odd']],
  ]);
  const findings = await checkImagesExist(reqs, deps);
  expect(findings.map((f) => [f.code, f.workload, f.message.replace(/ \(used by.*/, '')])).toEqual([
    [
      'image-platform-missing',
      'CronJob shop/nightly',
      `image ${reg.host}/shop/api:arm64-only has no linux/amd64 variant (it has: linux/arm64); its pods run on linux/amd64`,
    ],
    [
      'image-platform-missing',
      'Pod shop/odd',
      `image ${ECR}/shop/base:latest has no linux/riscv64 variant (it has: linux/amd64, linux/arm, linux/arm64, linux/ppc64le, linux/s390x); its pods run on linux/riscv64`,
    ],
  ]);
});
