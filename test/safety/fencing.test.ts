/**
 * Issue 14 point 1, fencing. Deploy A (a real CLI process, sandbox user `deploy-a`, 3 s lease) is
 * frozen with SIGSTOP in the middle of its apply, right after its Deployment — a runner that stalls
 * (a paused VM, a swapped-out process), deterministic.
 * Deploy B (user `deploy-b`) finds A's Lease unchanged for 3 s by its own clock, takes it over,
 * restores the last deployed release over A's unfinished one and deploys v3. Then A is resumed.
 * Before fencing, A rolled back over B: B reported v3 deployed while v1 ran. Now A must write
 * nothing more and exit 5 naming B. Asserted from the sandbox audit log (no write by deploy-a was
 * accepted after B took the Lease) and the objects left (v3 in the Deployment, its pods and
 * behind the ALB; B's record `deployed`, A's record `rolled-back` by B's recovery).
 */
import { rmSync } from 'node:fs';
import { DeployExit } from '../../src/commands/deploy.js';
import { runRollback } from '../../src/commands/rollback.js';
import { rollbackConfigFromArgs } from '../../src/config/deploy.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { ANNOTATION_RUN_URL } from '../../src/kube/lock.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { albServes, deploy, releases, releaseStatus, startShopSandbox } from '../e2e/helpers.js';
import { logSink } from '../helpers/artefacts.js';
import {
  acceptedWrites,
  addUser,
  deploymentImage,
  described,
  killAll,
  leaseOf,
  podImages,
  startCli,
} from './helpers.js';

import { jest } from '@jest/globals';
jest.setTimeout(60_000);

let sb: Sandbox;
let kubeconfig: string;
let dir: string;
let kcA: string;
let kcB: string;

const RUN_A = 'https://github.com/acme/shop/actions/runs/501';
const RUN_B = 'https://github.com/acme/shop/actions/runs/502';
const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--timeout',
  '60',
  '--lock-lease',
  '3',
];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  kcA = addUser(sb, dir, 'deploy-a');
  kcB = addUser(sb, dir, 'deploy-b');
  const out = await deploy(kubeconfig, [...web, '--grace', '1', ...image('v1')]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterAll(async () => {
  killAll();
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('A stalls past its lease, B takes over and deploys v3; A, resumed, writes nothing more and exits 5 naming B', async () => {
  let frozenAt = -1;
  let b: ReturnType<typeof deploy> | undefined;
  const a = startCli(
    [
      'deploy',
      '--kubeconfig',
      kcA,
      '--namespace',
      'shop',
      '--release',
      'web',
      ...web,
      '--grace',
      '60',
      ...image('never-ready'),
      '--run-url',
      RUN_A,
    ],
    {
      dir,
      onLine: (line, child) => {
        // Frozen mid-apply: the Deployment is applied, the Ingress (the last object) not yet. Resumed,
        // A's next step would be the Ingress's PATCH, then (its lock lost) a rollback.
        if (frozenAt < 0 && /^\S+\s+Deployment shop\/web$/.test(line)) {
          child.kill('SIGSTOP');
          frozenAt = sb.audit.length;
          b = deploy(kcB, [...web, '--grace', '1', '--lock-wait', '30', ...image('v3'), '--run-url', RUN_B]);
        }
      },
    },
  );
  // A is resumed as soon as B has taken the Lease over, while B restores and deploys.
  let takenOver = -1;
  await new Promise<void>((resolve) => {
    const t = setInterval(() => {
      takenOver =
        frozenAt < 0
          ? -1
          : sb.audit.findIndex(
              (r, i) =>
                i >= frozenAt &&
                r.user === 'deploy-b' &&
                r.resource === 'leases' &&
                r.verb === 'update' &&
                r.status === 200,
            );
      if (takenOver >= 0) {
        clearInterval(t);
        resolve();
      }
    }, 20);
    void a.done.then(() => {
      clearInterval(t);
      resolve();
    });
  });
  expect(b).toBeDefined();
  a.child.kill('SIGCONT');
  const [aRun, bOut] = await Promise.all([a.done, b!]);
  const aRelease = Number(/^release web v(\d+) /m.exec(aRun.stdout)?.[1]);
  const last = aRun.stdout.trimEnd().split('\n').at(-1) ?? '';
  console.log(
    `fencing: A exit ${aRun.code}: ${last}\n  B ${bOut.status} v${bOut.release}; history ${(await releases(kubeconfig)).join(', ')}; A's writes after B took over: ${described(acceptedWrites(sb, takenOver, 'deploy-a')).length}`,
  );

  // B took the Lease while A was frozen, and not before A's lease ran out by B's clock.
  expect(takenOver).toBeGreaterThan(frozenAt);
  expect(bOut.log.some((l) => l.startsWith('took over the deploy lock from ') && l.includes(`(${RUN_A})`))).toBe(true);
  // B restored v1 over A's unfinished release before deploying v3.
  expect(bOut.log).toContain(
    `release web v${aRelease} (pending) was interrupted (its deploy was killed or lost its lock); restoring the last deployed release, v1 first`,
  );
  expect({ status: bOut.status, exitCode: bOut.exitCode }).toEqual({ status: 'deployed', exitCode: DeployExit.Ok });

  // A: no write accepted after B took over (not even a record update or its Lease release), exit 5 naming B.
  // (Its requests after the resume are reads: the Lease, to see who holds it.)
  expect(described(acceptedWrites(sb, takenOver, 'deploy-a'))).toEqual([]);
  expect(aRun.code).toBe(DeployExit.LockLost);
  expect(last).toMatch(
    new RegExp(
      `^deploy: failed: lost the deploy lock of namespace shop: .*; \\S+ \\(${RUN_B.replace(/[/.]/g, '\\$&')}\\) (holds it now|took it over and has released it since)\\. This deploy wrote nothing more`,
    ),
  );
  expect(aRun.stdout).not.toMatch(/^restoring release/m);

  // The objects left: v3 everywhere; the records: B's deployed, A's rolled back by B's recovery.
  expect({
    deployment: deploymentImage(sb),
    pods: podImages(sb),
    alb: await albServes(sb),
    b: await releaseStatus(kubeconfig, bOut.release!),
    a: await releaseStatus(kubeconfig, aRelease),
    lease: leaseOf(sb)?.spec?.holderIdentity ?? 'released',
  }).toEqual({
    deployment: 'registry.example/web:v3',
    pods: ['registry.example/web:v3'],
    alb: ['200 registry.example/web:v3'],
    b: 'deployed',
    a: 'rolled-back',
    lease: 'released',
  });
});

test('a rollback whose lock is taken over just before its restore writes nothing more and exits 5 naming the new holder', async () => {
  const OTHER = 'https://github.com/acme/shop/actions/runs/503';
  const history = await releases(kubeconfig);
  const before = { deployment: deploymentImage(sb), pods: podImages(sb) };
  let takenAt = -1;
  const config = rollbackConfigFromArgs(
    [
      '--kubeconfig',
      kcA,
      '--namespace',
      'shop',
      '--release',
      'web',
      '--workspace',
      process.cwd(),
      '--timeout',
      '60',
      '--lock-lease',
      '3',
      '--grace',
      '1',
      '--run-url',
      RUN_A,
    ],
    {},
  );
  const { lines, log } = logSink((line) => {
    // Logged once its record is created, right before the restore: another deploy takes the Lease
    // over at that very moment (written into the sandbox's store, synchronously).
    if (takenAt < 0 && line.startsWith('rolling back release web ')) {
      const lease = structuredClone(leaseOf(sb)) as unknown as KubeObject & {
        spec: { holderIdentity?: string; leaseTransitions?: number };
      };
      lease.spec = {
        ...lease.spec,
        holderIdentity: 'another-deploy',
        leaseTransitions: (lease.spec.leaseTransitions ?? 0) + 1,
      };
      lease.metadata.annotations = { ...(lease.metadata.annotations ?? {}), [ANNOTATION_RUN_URL]: OTHER };
      sb.store.put(sb.registry.get('coordination.k8s.io', 'leases'), lease);
      takenAt = sb.audit.length;
    }
  });
  const out = await runRollback(config, { log });
  const created = out.release!;
  console.log(`rollback fenced: exit ${out.exitCode}: ${out.message}`);
  expect(takenAt).toBeGreaterThan(0);
  expect(described(acceptedWrites(sb, takenAt, 'deploy-a'))).toEqual([]);
  expect(lines.some((l) => l.startsWith('restoring release'))).toBe(false);
  expect({ status: out.status, exitCode: out.exitCode }).toEqual({ status: 'failed', exitCode: DeployExit.LockLost });
  expect(out.message).toContain(`another-deploy (${OTHER}) took it over`);
  expect(out.message).toContain(`another-deploy (${OTHER}) holds it now. This rollback wrote nothing more`);
  expect({
    deployment: deploymentImage(sb),
    pods: podImages(sb),
    record: await releaseStatus(kubeconfig, created),
    history: (await releases(kubeconfig)).slice(0, -1),
  }).toEqual({
    ...before,
    record: 'pending',
    history,
  });
});
