/**
 * The build's ECR calls, made through the bundled action (a real buildah build pushed to the
 * Debian docker-registry, ECR on moto behind the call recorder), compared with what
 * docs/permissions.md grants the build role. The layer pushes of the registry protocol go to
 * the registry, not to moto; they are listed in the documentation from ECR's push permissions.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_CALLS, iamActions } from '../../src/permissions.js';
import { actionBundle } from '../github/bundle.js';
import { runAction } from '../github/run-action.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, type MotoServer } from '../helpers/moto.js';
import { makeContext, startRegistry, tempDir, type TestRegistry } from '../image/helpers.js';
import { startAwsRecorder, type AwsRecorder } from './aws-recorder.js';
import { stopStarted } from '../helpers/stop-started.js';

let bundle: string;
let moto: MotoServer;
let recorder: AwsRecorder;
let registry: TestRegistry;
let root: string;
let workspace: string;

beforeAll(async () => {
  root = tempDir('efd-adoption-build-');
  workspace = join(root, 'ws');
  mkdirSync(workspace);
  makeContext(workspace, 'app');
  [bundle, moto, registry] = await Promise.all([
    actionBundle(),
    startMoto(),
    startRegistry({ dir: join(root, 'registry'), username: 'AWS', password: `${MOTO_ACCOUNT_ID}-auth-token` }),
  ]);
  recorder = await startAwsRecorder(moto.endpoint);
}, 300_000);
afterAll(async () => {
  await stopStarted(registry, recorder);
  await stopStarted(moto);
  if (root) rmSync(root, { recursive: true, force: true });
});

test('a first build and a repeated one call exactly the ECR actions the build role is documented to have (registry-protocol ones aside)', async () => {
  const build = () =>
    runAction(bundle, {
      apiUrl: 'http://127.0.0.1:9',
      eventName: 'push',
      sha: 'c3'.repeat(20),
      timeoutMs: 90_000,
      inputs: {
        command: 'build',
        'build-images': '- name: web\n  context: app',
        registry: registry.url,
        'lifecycle-keep': '5',
        builder: 'buildah',
        'buildah-storage-driver': 'vfs',
        'buildah-root': join(root, 'buildah', 'root'),
        'buildah-runroot': join(root, 'buildah', 'run'),
      },
      env: {
        ...awsTestEnv(moto.endpoint).env,
        AWS_ENDPOINT_URL: recorder.url,
        GITHUB_WORKSPACE: workspace,
        HOME: root,
      },
    });
  const r = await build();
  expect(r.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
  expect(r.outputs['status']).toBe('ok');
  expect(r.outputs['built']).toBe('["web"]');
  // The same commit again: the repository exists (its settings are compared) and the tag is there (nothing is built).
  const again = await build();
  expect(again.outputs['skipped']).toBe('["web"]');
  const protocolOnly = new Set(
    AWS_CALLS.filter((c) => c.source.startsWith('image push') || c.source.startsWith('image build')).map(
      (c) => c.action,
    ),
  );
  const documented = iamActions('build', ['lifecycle-keep']).filter((a) => !protocolOnly.has(a));
  const made = recorder.toolActions();
  // Every call made is documented; every documented call was made, except the tag lookups and
  // additions that go to ECR's API only when the registry is ECR itself (here the `registry`
  // input points them at the test registry, which answers them over the registry protocol).
  expect(made.filter((a) => !documented.includes(a))).toEqual([]);
  expect(documented.filter((a) => !made.includes(a))).toEqual([
    'ecr:BatchGetImage',
    'ecr:DescribeImages',
    'ecr:PutImage',
  ]);
}, 120_000);
