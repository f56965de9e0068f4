/**
 * Issue 14 point 4: after the first write, never "nothing applied". The release record's status
 * write (an `update` of its Secret) fails after the release was applied and is serving. Before,
 * the deploy exited 1 saying nothing was applied while the new release ran unrecorded. Now:
 *
 * - a burst of 500s (3, a sandbox fault): the write is retried and the deploy ends `deployed`;
 * - an admission policy refuses every attempt at `deployed` (4; a 403 is not retried by the
 *   client, so the deploy's own retries are what is seen): the release is rolled back, the
 *   previous one serves again, and the record says `rolled-back` (exit 3);
 * - the record cannot be written at all: rolled back all the same, exit 4, and the message names
 *   what is on the cluster and what the record says; the next deploy restores and marks it.
 *
 * Asserted from the audit log (the failed and retried updates of that record's Secret) and the
 * objects left (Deployment, pods and ALB image; record status read back).
 */
import { rmSync } from 'node:fs';
import { DeployExit } from '../../src/commands/deploy.js';
import type { FaultRule } from '../../src/sandbox/faults.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { StatusError } from '../../src/sandbox/status.js';
import { albServes, deploy, releases, releaseStatus, startShopSandbox } from '../e2e/helpers.js';
import { deploymentImage, podImages } from './helpers.js';

import { jest } from '@jest/globals';
jest.setTimeout(30_000);

let sb: Sandbox;
let kubeconfig: string;
let dir: string;

const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--grace',
  '1',
  '--timeout',
  '60',
  '--lock-wait',
  '20',
];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];
const IMG = (tag: string): string => `registry.example/web:${tag}`;

/** Record Secret whose updates the policy refuses, and how many more times (Infinity: always). */
let refuse: { name: string; left: number } | undefined;

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  // An admission policy that freezes one record: what a 403 from a webhook looks like to the client.
  sb.http.use(async (ctx, next) => {
    if (
      refuse &&
      refuse.left > 0 &&
      ctx.info.verb === 'update' &&
      ctx.info.resource === 'secrets' &&
      ctx.info.name === refuse.name
    ) {
      refuse.left--;
      throw new StatusError(
        403,
        'Forbidden',
        `admission webhook "records.policy.example" denied the request: ${refuse.name} is frozen`,
      );
    }
    await next();
  });
  const out = await deploy(kubeconfig, [...web, ...image('v1')]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterAll(async () => {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Updates of record `n`'s Secret from audit index `from`: `status` of each, in order. */
function recordUpdates(from: number, n: number): number[] {
  return sb.audit
    .slice(from)
    .filter((a) => a.verb === 'update' && a.resource === 'secrets' && a.name === `eks-fargate-deploy.web.v${n}`)
    .map((a) => a.status);
}

/** 500s on the status writes of record `n` (the next release), `times` of them. */
function failRecordWrites(n: number, times: number): void {
  const rule: FaultRule = {
    name: 'etcd',
    verbs: ['update'],
    resources: ['secrets'],
    namespaces: ['shop'],
    names: [`eks-fargate-deploy.web.v${n}`],
    error: { code: 500, message: 'etcdserver: request timed out' },
    times,
  };
  sb.faults.set({ seed: 14, rules: [rule] });
}

async function endState(
  n: number,
): Promise<{ record: string | undefined; deployment: string | undefined; pods: string[]; alb: string[] }> {
  return {
    record: await releaseStatus(kubeconfig, n),
    deployment: deploymentImage(sb),
    pods: podImages(sb),
    alb: await albServes(sb),
  };
}

test('3 failed writes of `deployed`: retried, the release ends deployed', async () => {
  failRecordWrites(2, 3);
  const from = sb.audit.length;
  const out = await deploy(kubeconfig, [...web, ...image('v2')]).finally(() => {
    sb.faults.clear();
  });
  expect(recordUpdates(from, 2)).toEqual([500, 500, 500, 200]);
  expect({ status: out.status, exitCode: out.exitCode }).toEqual({ status: 'deployed', exitCode: DeployExit.Ok });
  expect(await endState(2)).toEqual({
    record: 'deployed',
    deployment: IMG('v2'),
    pods: [IMG('v2')],
    alb: [`200 ${IMG('v2')}`],
  });
});

test('every attempt at `deployed` fails: rolled back to the previous release, recorded rolled-back, exit 3', async () => {
  refuse = { name: 'eks-fargate-deploy.web.v3', left: 4 };
  const from = sb.audit.length;
  const out = await deploy(kubeconfig, [...web, ...image('v3')]).finally(() => (refuse = undefined));
  console.log(`record write failing 4 times: ${out.status} (exit ${out.exitCode}): ${out.message}`);
  // 4 refused `deployed`, then `rolling-back` and `rolled-back` written.
  expect(recordUpdates(from, 3)).toEqual([403, 403, 403, 403, 200, 200]);
  expect(out.log.filter((l) => l.startsWith('could not mark release web v3 deployed'))).toHaveLength(4);
  expect({ status: out.status, exitCode: out.exitCode, rolledBack: out.rolledBack }).toEqual({
    status: 'rolled-back',
    exitCode: DeployExit.RolledBack,
    rolledBack: true,
  });
  expect(out.message).toMatch(
    /^release web v3 was applied and passed its checks, but its record could not be marked deployed: .*records\.policy\.example.*; rolled back to v2, which is serving again$/,
  );
  expect(await endState(3)).toEqual({
    record: 'rolled-back',
    deployment: IMG('v2'),
    pods: [IMG('v2')],
    alb: [`200 ${IMG('v2')}`],
  });
});

test('the record cannot be written at all: rolled back, exit 4 naming what runs and what the record says; the next deploy marks it', async () => {
  refuse = { name: 'eks-fargate-deploy.web.v4', left: Infinity };
  const from = sb.audit.length;
  const out = await deploy(kubeconfig, [...web, ...image('v4')]).finally(() => (refuse = undefined));
  console.log(`record write failing always: ${out.status} (exit ${out.exitCode}): ${out.message}`);
  // `deployed`, `rolling-back`, `rolled-back`: each tried 4 times, each refused.
  expect(recordUpdates(from, 4)).toEqual(Array(12).fill(403));
  expect({ status: out.status, exitCode: out.exitCode }).toEqual({ status: 'failed', exitCode: DeployExit.Failed });
  expect(out.message).toContain(
    'rolled back to v2, which is serving again; the release record v4 could not be updated (',
  );
  expect(out.message).toContain('and still says pending: the next deploy or rollback restores v2 again and marks it');
  expect(out.message).not.toMatch(/nothing (was )?applied/);
  expect(await endState(4)).toEqual({
    record: 'pending',
    deployment: IMG('v2'),
    pods: [IMG('v2')],
    alb: [`200 ${IMG('v2')}`],
  });

  const next = await deploy(kubeconfig, [...web, ...image('v5')]);
  expect(next.log).toContain(
    'release web v4 (pending) was interrupted (its deploy was killed or lost its lock); restoring the last deployed release, v2 first',
  );
  expect({ status: next.status, v4: await releaseStatus(kubeconfig, 4), ...(await endState(5)) }).toEqual({
    status: 'deployed',
    v4: 'rolled-back',
    record: 'deployed',
    deployment: IMG('v5'),
    pods: [IMG('v5')],
    alb: [`200 ${IMG('v5')}`],
  });
  expect(await releases(kubeconfig)).toEqual([
    'v1 superseded',
    'v2 superseded',
    'v3 rolled-back',
    'v4 rolled-back',
    'v5 deployed',
  ]);
});
