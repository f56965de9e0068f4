/**
 * Issue 14 point 5: a container without a readiness probe is Ready the moment its process starts,
 * so one that crashes a few seconds later used to be reported deployed. Now a new pod whose
 * container restarts or exits within the settle window fails the deploy like CrashLoopBackOff,
 * and the usual rollback puts the previous release back. End states are read from the sandbox.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeployExit } from '../../src/commands/deploy.js';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { releases, SHOP_IMAGES, startShopSandbox, writesSince } from '../e2e/helpers.js';
import { deployIn } from './helpers.js';

let sb: Sandbox;
let kubeconfig: string;
let dir: string;
let ws: string;

/** A Deployment with no readiness probe: nothing but the process staying up says it works. */
const app = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: ${image}
          resources:
            requests: { cpu: 250m, memory: 256Mi }
            limits: { cpu: 250m, memory: 256Mi }
`;

beforeAll(async () => {
  // `api:crash` starts, is Ready (no probe), and panics 3 s (real) later: after the rollout is complete.
  ({ sb, kubeconfig, dir } = await startShopSandbox({
    timing: { timeFactor: 0.01, crashAfterMs: 300_000 },
    images: { ...SHOP_IMAGES, behaviours: { ...SHOP_IMAGES.behaviours, 'registry.example/api:crash': 'crashloop' } },
  }));
  ws = await mkdtemp(join(tmpdir(), 'safety-settle-'));
});

afterAll(async () => {
  await sb.stop();
  await rm(dir, { recursive: true, force: true });
  await rm(ws, { recursive: true, force: true });
});

const deployment = (): { spec: { template: { spec: { containers: { image: string }[] } } } } =>
  sb.store.get(sb.registry.get('apps', 'deployments'), 'shop', 'api') as unknown as {
    spec: { template: { spec: { containers: { image: string }[] } } };
  };

async function deployImage(image: string, extra: string[] = []): ReturnType<typeof deployIn> {
  await writeFile(join(ws, 'app.yaml'), app(image));
  return deployIn(kubeconfig, ws, ['--manifests', 'app.yaml', '--grace', '1', '--timeout', '60', ...extra], {
    release: 'api',
  });
}

test('the settle window defaults to the larger of --grace and 10 s, and can be set or turned off', () => {
  const base = ['--kubeconfig', kubeconfig, '--manifests', 'x.yaml'];
  expect(deployConfigFromArgs([...base, '--grace', '1'], {}).settleSeconds).toBe(10);
  expect(deployConfigFromArgs([...base, '--grace', '45s'], {}).settleSeconds).toBe(45);
  expect(deployConfigFromArgs([...base, '--settle', '0'], {}).settleSeconds).toBe(0);
  expect(() => deployConfigFromArgs([...base, '--settle', 'soon'], {})).toThrow(/--settle.*expected seconds/s);
});

test('a healthy container without a readiness probe is deployed once it has run through the settle window', async () => {
  const out = await deployImage('registry.example/api:v1', ['--settle', '2']);
  expect(out.exitCode).toBe(DeployExit.Ok);
  expect(deployment().spec.template.spec.containers[0]!.image).toBe('registry.example/api:v1');
  expect(await releases(kubeconfig, 'shop', 'api')).toEqual(['v1 deployed']);
});

test('a container without a readiness probe that crashes after starting fails the deploy and the previous release is restored', async () => {
  const from = sb.audit.length;
  const out = await deployImage('registry.example/api:crash', ['--settle', '8']);
  expect(out.exitCode).toBe(DeployExit.RolledBack);
  expect(out.message).toMatch(/CrashLoopBackOff on api-[a-z0-9-]+\/api: exited: Error \(exit code 1\).*settle window/);
  // The cluster is back on v1: the Deployment was applied with the crashing image, then restored.
  const patches = writesSince(sb, from).filter(
    (a) => a.resource === 'deployments' && a.name === 'api' && a.verb === 'patch',
  );
  expect(patches.length).toBeGreaterThanOrEqual(2);
  expect(deployment().spec.template.spec.containers[0]!.image).toBe('registry.example/api:v1');
  expect(await releases(kubeconfig, 'shop', 'api')).toEqual(['v1 deployed', 'v2 rolled-back']);
});
