/**
 * Issue 14 point 3: one holder per job. Two matrix legs of one workflow run share the run URL and
 * GITHUB_RUN_ID/GITHUB_RUN_ATTEMPT/GITHUB_JOB (a matrix does not change GITHUB_JOB). Before, the
 * holder identity was the run URL, so the second leg found "its own" Lease and took it at once:
 * both deployed into the namespace at the same time. Now the identity is run id + attempt + job +
 * a random part, and the run URL is an annotation on the Lease. The configs are built the way the
 * action builds them (inputs + the runner's environment); each leg talks to the sandbox as its own
 * user, so the audit log shows that the second leg wrote nothing while the first held the lock.
 */
import { readFileSync, rmSync } from 'node:fs';
import { parse } from 'yaml';
import { runDeploy } from '../../src/commands/deploy.js';
import { actionConfigFromInputs } from '../../src/config/action.js';
import type { DeployConfig } from '../../src/config/deploy.js';
import { ANNOTATION_RUN_URL } from '../../src/kube/lock.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { albServes, deploy, releases, startShopSandbox } from '../e2e/helpers.js';
import { logSink } from '../helpers/artefacts.js';
import { acceptedWrites, addUser, leaseOf } from './helpers.js';

import { jest } from '@jest/globals';
jest.setTimeout(30_000);

let sb: Sandbox;
let kubeconfig: string;
let dir: string;

const RUN_URL = 'https://github.com/acme/shop/actions/runs/7001/attempts/2';
const ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '7001',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'deploy',
  GITHUB_WORKSPACE: process.cwd(),
  GITHUB_SHA: 'abc1234def',
};
const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> };

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  const out = await deploy(kubeconfig, [
    '--manifests',
    'test/fixtures/deploy/web',
    '--grace',
    '1',
    '--image',
    'registry.example/web=registry.example/web:v1',
  ]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterAll(async () => {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A matrix leg's deploy config, from the action's inputs and the runner's environment. */
function legConfig(kc: string, tag: string): DeployConfig {
  const inputs: Record<string, string> = {
    command: 'deploy',
    kubeconfig: kc,
    namespace: 'shop',
    release: 'web',
    manifests: 'test/fixtures/deploy/web',
    images: `registry.example/web=registry.example/web:${tag}`,
    'smoke-tests': 'test/fixtures/deploy/smoke.yaml',
    grace: '1s',
    timeout: '60s',
    'lock-wait': '30s',
  };
  const read = (name: string): string => {
    if (!(name in action.inputs)) throw new Error(`read of undeclared input ${name}`);
    return inputs[name] ?? (name === 'github-token' ? '' : (action.inputs[name]!.default ?? ''));
  };
  const config = actionConfigFromInputs(read, ENV);
  if (config.command !== 'deploy' || !('deploy' in config)) throw new Error('not a deploy config');
  return config.deploy;
}

test('two matrix legs of one run get different holders and never hold the lock at once', async () => {
  const legs = [
    { user: 'leg-a', config: legConfig(addUser(sb, dir, 'leg-a'), 'v2') },
    { user: 'leg-b', config: legConfig(addUser(sb, dir, 'leg-b'), 'v3') },
  ];
  const [a, b] = legs.map((l) => l.config);
  expect(a!.runUrl).toBe(RUN_URL);
  expect(b!.runUrl).toBe(RUN_URL);
  expect(a!.holder).toMatch(/^github-run-7001-attempt-2-job-deploy-[0-9a-f]{8}$/);
  expect(b!.holder).toMatch(/^github-run-7001-attempt-2-job-deploy-[0-9a-f]{8}$/);
  expect(a!.holder).not.toBe(b!.holder);

  // Who holds the Lease, sampled every 5 ms while both legs run.
  const seen: { holder: string; url?: string }[] = [];
  const spy = setInterval(() => {
    const lease = leaseOf(sb);
    const holder = lease?.spec?.holderIdentity;
    if (holder && seen.at(-1)?.holder !== holder)
      seen.push({
        holder,
        ...(lease.metadata.annotations?.[ANNOTATION_RUN_URL]
          ? { url: lease.metadata.annotations[ANNOTATION_RUN_URL] }
          : {}),
      });
  }, 5);
  const from = sb.audit.length;
  const outs = await Promise.all(
    legs.map(async (l, i) => {
      await new Promise((r) => setTimeout(r, i * 50));
      const { lines, log } = logSink();
      return { ...(await runDeploy(l.config, { log })), log: lines };
    }),
  ).finally(() => {
    clearInterval(spy);
  });
  const [outA, outB] = outs;

  expect([outA!.status, outB!.status]).toEqual(['deployed', 'deployed']);
  expect(
    outB!.log.some(
      (l) => l === `waiting for the deploy lock held by ${a!.holder} (${RUN_URL}) since ${l.split(' since ')[1]}`,
    ),
  ).toBe(true);
  expect(seen).toEqual([
    { holder: a!.holder, url: RUN_URL },
    { holder: b!.holder, url: RUN_URL },
  ]);
  // From the audit log: leg B's first accepted write (taking the Lease) came after leg A's last one.
  const writes = acceptedWrites(sb, from);
  const lastA = writes.map((w) => w.user).lastIndexOf('leg-a');
  const firstB = writes.findIndex((w) => w.user === 'leg-b');
  expect(writes[firstB]).toMatchObject({ verb: 'update', resource: 'leases' });
  expect(firstB).toBeGreaterThan(lastA);
  expect(outB!.previousRelease).toBe(outA!.release);
  expect(await albServes(sb)).toEqual(['200 registry.example/web:v3']);
  expect((await releases(kubeconfig)).slice(-2)).toEqual([
    `v${outA!.release} superseded`,
    `v${outB!.release} deployed`,
  ]);
});
