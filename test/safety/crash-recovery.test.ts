/**
 * Issue 14 point 7, crash recovery. A real `eks-fargate-deploy deploy` process (sandbox user
 * `killed`) is killed with SIGKILL — nothing runs after it, no finally, no lock release — at each
 * phase where it has written something: its release recorded `pending` (before apply), mid-apply
 * (Deployment applied, Ingress not), mid-rollout, and during the rollback of a release that crash
 * loops (record `rolling-back`). The killed release carries one object the deployed one lacks (a
 * ConfigMap), so an orphan is visible. The next command in the namespace — a deploy, or for the
 * last cell a `rollback` — waits out the dead holder's 3 s lease, names the interrupted release,
 * restores the last `deployed` one (deleting the orphan) and then goes on. Asserted from the
 * sandbox audit log (the orphan's DELETE comes before the next release's first apply) and the
 * objects left (no ConfigMap, the expected image in the Deployment, its pods and behind the ALB,
 * the killed record `rolled-back`).
 */
import { rmSync } from 'node:fs';
import { DeployExit } from '../../src/commands/deploy.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { albServes, deploy, exists, releaseStatus, rollback, startShopSandbox } from '../e2e/helpers.js';
import { addUser, deploymentImage, killAll, leaseOf, podImages, startCli } from './helpers.js';

import { jest } from '@jest/globals';
jest.setTimeout(40_000);

let sb: Sandbox;
let kubeconfig: string;
let dir: string;
let kcKilled: string;
/** The image the cluster runs, deployed and recorded: what recovery must bring back. */
let serving = 'registry.example/web:v1';
/** Its release number. */
let lastDeployed = 1;

const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--timeout',
  '60',
  '--lock-lease',
  '3',
  '--lock-wait',
  '20',
];
const withOrphan = [...web, '--manifests', 'test/fixtures/safety/feature-flags.yaml'];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  kcKilled = addUser(sb, dir, 'killed');
  const out = await deploy(kubeconfig, [...web, '--grace', '1', ...image('v1')]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterAll(async () => {
  killAll();
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

const rows: string[] = [];
afterAll(() => {
  console.log(`kill -9 at each phase, then the next command:\n${rows.join('\n')}`);
});

interface Cell {
  phase: string;
  tag: string;
  grace: string;
  /** The stdout line at which the process is killed. */
  at: RegExp;
  /** The killed record's status. */
  left: string;
  /** The next command: a deploy of this tag, or a rollback. */
  next: { deploy: string } | { rollback: true };
}

const CELLS: Cell[] = [
  {
    phase: 'recorded pending, before apply',
    tag: 'v2',
    grace: '1',
    at: /^release web v\d+ /,
    left: 'pending',
    next: { deploy: 'v3' },
  },
  {
    phase: 'mid-apply (Deployment applied, Ingress not)',
    tag: 'v4',
    grace: '1',
    at: /^\S+\s+Deployment shop\/web$/,
    left: 'pending',
    next: { deploy: 'v5' },
  },
  {
    phase: 'mid-rollout',
    tag: 'never-ready',
    grace: '60',
    at: /^\S+\s+Ingress shop\/web$/,
    left: 'pending',
    next: { deploy: 'v6' },
  },
  {
    phase: 'mid-rollback of a crash-looping release',
    tag: 'crash',
    grace: '1',
    at: /^restoring release web v\d+ /,
    left: 'rolling-back',
    next: { rollback: true },
  },
];

test.each(CELLS.map((c) => [c.phase, c] as const))(
  'SIGKILL %s: the next command restores the last deployed release first, no orphans',
  async (_phase, cell) => {
    const before = serving;
    let killedAt = -1;
    const run = startCli(
      [
        'deploy',
        '--kubeconfig',
        kcKilled,
        '--namespace',
        'shop',
        '--release',
        'web',
        ...withOrphan,
        '--grace',
        cell.grace,
        ...image(cell.tag),
      ],
      {
        dir,
        onLine: (line, child) => {
          if (killedAt < 0 && cell.at.test(line)) {
            child.kill('SIGKILL');
            killedAt = sb.audit.length;
          }
        },
      },
    );
    const killed = await run.done;
    const n = Number(/^release web v(\d+) /m.exec(killed.stdout)?.[1]);
    expect(killed.signal).toBe('SIGKILL');
    // What the kill left: the record as it was, the Lease still naming the dead process.
    expect(await releaseStatus(kubeconfig, n)).toBe(cell.left);
    expect(leaseOf(sb)?.spec?.holderIdentity).toBeTruthy();
    const orphanLeft = exists(sb, '', 'configmaps', 'shop', 'web-feature-flags');

    const from = sb.audit.length;
    const next =
      'deploy' in cell.next
        ? await deploy(kubeconfig, [...web, '--grace', '1', ...image(cell.next.deploy)])
        : await rollback(kubeconfig, [
            '--timeout',
            '60',
            '--lock-lease',
            '3',
            '--lock-wait',
            '20',
            '--grace',
            '1',
            '--smoke-tests',
            'test/fixtures/deploy/smoke.yaml',
          ]);
    const expected = 'deploy' in cell.next ? `registry.example/web:${cell.next.deploy}` : before;
    const writes = sb.audit
      .slice(from)
      .filter(
        (a) =>
          ['create', 'patch', 'delete', 'update'].includes(a.verb) && a.status < 300 && !/dryRun=All/.test(a.query),
      );
    const orphanDeleted = writes.findIndex(
      (a) => a.verb === 'delete' && a.resource === 'configmaps' && a.name === 'web-feature-flags',
    );
    // Recovery only updates records: the first Secret created is the next release's record.
    const nextRecordCreated = writes.findIndex((a) => a.verb === 'create' && a.resource === 'secrets');
    const state = {
      killedRecord: await releaseStatus(kubeconfig, n),
      next: next.status,
      exitCode: next.exitCode,
      orphan: exists(sb, '', 'configmaps', 'shop', 'web-feature-flags'),
      deployment: deploymentImage(sb),
      pods: podImages(sb),
      alb: await albServes(sb),
      lease: leaseOf(sb)?.spec?.holderIdentity ?? 'released',
    };
    rows.push(
      `  ${cell.phase.padEnd(44)} killed v${n} left ${cell.left.padEnd(12)} orphan ${orphanLeft ? 'left' : 'not yet'}  → next ${'deploy' in cell.next ? 'deploy' : 'rollback'} v${next.release}: ${next.status}, killed record ${state.killedRecord}, serving ${state.alb.join(' | ')}`,
    );

    expect(next.log).toContain(
      `release web v${n} (${cell.left}) was interrupted (its deploy was killed or lost its lock); restoring the last deployed release, v${lastDeployed} first`,
    );
    // The orphan (when the killed process had got as far as creating it) went before the next release was recorded.
    if (orphanLeft) {
      expect(orphanDeleted).toBeGreaterThanOrEqual(0);
      expect(orphanDeleted).toBeLessThan(nextRecordCreated);
    }
    expect(state).toEqual({
      killedRecord: 'rolled-back',
      next: 'deploy' in cell.next ? 'deployed' : 'rolled-back',
      exitCode: DeployExit.Ok,
      orphan: false,
      deployment: expected,
      pods: [expected],
      alb: [`200 ${expected}`],
      lease: 'released',
    });
    serving = expected;
    lastDeployed = next.release!;
  },
);
