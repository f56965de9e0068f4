/**
 * Hardening against the sandbox: the fault matrix and "no partial apply".
 *
 * Fault matrix: one deploy per cell, each with a seeded fault (429 + Retry-After, 500/503 bursts,
 * latency spikes, connection resets, watches cut every few events, expired resourceVersions, the
 * deploy Lease deleted or stolen mid-deploy, cancellation during apply and during rollback). For
 * every cell the end state must be one of the two right ones — the new release serving (ALB and
 * pod images) and recorded `deployed`, or the previous one serving again and the new record
 * `rolled-back` — and the outcome status must say which. A deploy whose Lease is deleted stops
 * writing (exit 5, record left `pending`); the next cell's deploy recovers it first. The test prints the matrix.
 *
 * No partial apply: seeded invalid manifests (fast-check) given to runDeploy; each must be
 * rejected with exit 1/2 and the audit log must show no write at all from the deploy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { DeployExit, runDeploy, type DeployOutcome } from '../../src/commands/deploy.js';
import type { Connection } from '../../src/commands/connect.js';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import { isUserError } from '../../src/errors.js';
import { DEFAULT_RETRY, KubeClient, type RetryPolicy } from '../../src/kube/client.js';
import { ReleaseStore } from '../../src/kube/release.js';
import type { FaultRule } from '../../src/sandbox/faults.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { albServes, deploy, startShopSandbox, writesSince } from '../e2e/helpers.js';
import { logSink } from '../helpers/artefacts.js';
import { mutated } from './mutate.js';

import { jest } from '@jest/globals';
jest.setTimeout(120_000);

let sb: Sandbox;
let kubeconfig: string;
let dir: string;
/** The image the ALB serves now (the last release that ended `deployed` or was restored). */
let serving = 'registry.example/web:v1';

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

/**
 * The waits the deploy's client asked for between retries, in ms (a 429's Retry-After, backoffs).
 * It waits a tenth of each for real: the matrix checks end states and what was asked, not wall time
 * (production backoffs made this file the slowest of the suite).
 */
const waits: number[] = [];
const FAST_RETRY: RetryPolicy = {
  ...DEFAULT_RETRY,
  sleep: (ms) => {
    waits.push(ms);
    return new Promise((resolve) => setTimeout(resolve, ms / 10));
  },
};

/** The kubeconfig's cluster, with {@link FAST_RETRY}. */
function connection(): Connection {
  const client = new KubeClient(KubeClient.fromKubeconfig(kubeconfig).kc, FAST_RETRY);
  return { client, describe: `kubeconfig context ${client.kc.getCurrentContext()} (${client.server})` };
}

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  const out = await deploy(kubeconfig, [...web, ...image('v1')]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterAll(async () => {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Images of the running, ready pods of Deployment shop/web. */
function podImages(): string[] {
  const pods = sb.store.list(sb.registry.get('', 'pods'), 'shop').items as unknown as {
    metadata: { labels?: Record<string, string>; deletionTimestamp?: string };
    spec: { containers: { image: string }[] };
    status?: { phase?: string };
  }[];
  return [
    ...new Set(
      pods
        .filter(
          (p) => p.metadata.labels?.['app'] === 'web' && !p.metadata.deletionTimestamp && p.status?.phase === 'Running',
        )
        .map((p) => p.spec.containers[0]!.image),
    ),
  ].sort();
}

async function recordStatus(n: number | undefined): Promise<string | undefined> {
  if (n === undefined) return undefined;
  const list = await new ReleaseStore(KubeClient.fromKubeconfig(kubeconfig), 'shop', 'web').list();
  return list.find((e) => e.number === n)?.status;
}

/** Writes that changed the cluster since audit index `from` (server-side dry runs of preflight excluded). */
function realWrites(from: number): ReturnType<typeof writesSince> {
  return writesSince(sb, from).filter((w) => !/(^|&)dryRun=All/.test(w.query));
}

interface Cell {
  name: string;
  rules?: FaultRule[];
  tag: string;
  /** Acts on log lines mid-deploy (cancel, steal the Lease). */
  during?: (line: string, ctrl: AbortController) => void;
}

const LEASE = { group: 'coordination.k8s.io', resource: 'leases' };
function leaseName(): string | undefined {
  const items = sb.store.list(sb.registry.get(LEASE.group, LEASE.resource), 'shop').items as unknown as {
    metadata: { name: string };
  }[];
  return items[0]?.metadata.name;
}

let leaseDone = false;
/** Audit index when the Lease was deleted (the store is written directly: no audit record of its own). */
let leaseDeletedAt = -1;
const CELLS: Cell[] = [
  {
    name: '429 + Retry-After on every verb (30 %)',
    tag: 'v11',
    rules: [
      { name: 'apf', verbs: ['*'], resources: ['*'], probability: 0.3, error: { code: 429, retryAfterSeconds: 1 } },
    ],
  },
  {
    name: '500 burst on writes (6 in a row)',
    tag: 'v12',
    rules: [
      {
        name: 'etcd',
        verbs: ['create', 'patch', 'update'],
        resources: ['*'],
        after: 2,
        times: 6,
        error: { code: 500, message: 'etcdserver: request timed out' },
      },
    ],
  },
  {
    name: '503 burst on reads + bad image',
    tag: 'missing',
    rules: [
      { name: 'unavailable', verbs: ['get', 'list'], resources: ['*'], after: 5, times: 8, error: { code: 503 } },
    ],
  },
  {
    name: 'latency spikes 0-200 ms (40 %)',
    tag: 'v13',
    rules: [{ name: 'slow', verbs: ['*'], resources: ['*'], probability: 0.4, latencyMs: [0, 200] }],
  },
  {
    name: 'connection resets (10 %)',
    tag: 'v14',
    rules: [
      {
        name: 'reset',
        verbs: ['get', 'list', 'patch', 'create', 'update'],
        resources: ['*'],
        probability: 0.1,
        reset: true,
      },
    ],
  },
  {
    name: 'connection resets + crash loop',
    tag: 'crash',
    rules: [{ name: 'reset', verbs: ['get', 'list', 'patch'], resources: ['*'], probability: 0.1, reset: true }],
  },
  {
    name: 'watches cut every 2 events',
    tag: 'v15',
    rules: [{ name: 'cut', verbs: ['watch'], resources: ['*'], watch: { maxEvents: 2 } }],
  },
  {
    name: 'watches cut + expired resourceVersion + bad image',
    tag: 'missing',
    rules: [
      { name: 'cut', verbs: ['watch'], resources: ['*'], watch: { maxEvents: 2 } },
      { name: 'gone', verbs: ['watch'], resources: ['*'], expireResourceVersion: true },
    ],
  },
  {
    name: 'Lease deleted mid-deploy',
    tag: 'v16',
    during: (line) => {
      if (!leaseDone && /^(created|configured|unchanged|serverside)/.test(line)) {
        const n = leaseName();
        if (n) sb.store.remove(sb.registry.get(LEASE.group, LEASE.resource), 'shop', n);
        leaseDeletedAt = sb.audit.length;
        leaseDone = true;
      }
    },
  },
  {
    name: 'cancelled (SIGTERM) during apply',
    tag: 'v17',
    during: (line, ctrl) => {
      if (/ Deployment shop\/web$/.test(line)) ctrl.abort(new Error('cancelled by SIGTERM'));
    },
  },
  {
    name: 'cancelled (SIGTERM) during rollback',
    tag: 'crash',
    during: (line, ctrl) => {
      if (line.startsWith('restoring release')) ctrl.abort(new Error('cancelled by SIGTERM'));
    },
  },
];

interface Row {
  cell: string;
  faults: number;
  status: string;
  record: string;
  alb: string;
  pods: string;
  verdict: 'ok' | 'WRONG';
}

describe('fault matrix (seeded): every deploy ends on the new release or the previous one, and says which', () => {
  const rows: Row[] = [];
  afterAll(() => {
    const faults = rows.reduce((s, r) => s + r.faults, 0);
    const wrong = rows.filter((r) => r.verdict !== 'ok').length;
    console.log(
      `fault matrix: ${rows.length} deploys, ${faults} faults injected, ${wrong} wrong end states\n` +
        rows
          .map(
            (r) =>
              `  ${r.cell.padEnd(50)} faults ${String(r.faults).padStart(4)}  ${r.status.padEnd(12)} record ${r.record.padEnd(12)} alb ${r.alb}  pods ${r.pods}  ${r.verdict}`,
          )
          .join('\n'),
    );
  });

  test.each(CELLS.map((c, i) => [c.name, c, i] as const))('%s', async (_name, cell, i) => {
    const previous = serving;
    const target = `registry.example/web:${cell.tag}`;
    sb.faults.set({ seed: 1000 + i, rules: cell.rules ?? [] });
    const from = sb.audit.length;
    const ctrl = new AbortController();
    const waited = waits.length;
    let out: DeployOutcome;
    try {
      out = await deploy(kubeconfig, [...web, ...image(cell.tag)], {
        signal: ctrl.signal,
        onLog: (l) => cell.during?.(l, ctrl),
        connection: connection(),
      });
    } finally {
      sb.faults.clear();
    }
    const faults =
      sb.audit.slice(from).filter((a) => a.fault).length + (cell.during && (leaseDone || ctrl.signal.aborted) ? 1 : 0);
    const alb = await albServes(sb);
    const pods = podImages();
    const record = (await recordStatus(out.release)) ?? '-';
    const newServing =
      out.status === 'deployed' && record === 'deployed' && alb.join() === `200 ${target}` && pods.join() === target;
    const restored =
      (out.status === 'rolled-back' || out.status === 'cancelled') &&
      record === 'rolled-back' &&
      alb.join() === `200 ${previous}` &&
      pods.join() === previous;
    // Failing before apply (e.g. preflight gave up on a 503 burst) leaves the previous release untouched: also right.
    const untouched =
      out.status === 'rejected' &&
      out.release === undefined &&
      realWrites(from).length === 0 &&
      alb.join() === `200 ${previous}` &&
      pods.join() === previous;
    // The lock lost (fencing, issue 14 point 1): nothing written after the loss, the record left
    // pending for the next deploy to recover (the next cell does: its end state is checked too).
    const fenced =
      out.exitCode === DeployExit.LockLost &&
      record === 'pending' &&
      leaseDeletedAt >= from &&
      realWrites(leaseDeletedAt).length === 0;
    if (cell.during) console.log(`${cell.name}: ${out.status}: ${out.message}`);
    if (untouched) console.log(`${cell.name}: rejected before apply: ${out.message}`);
    const row: Row = {
      cell: cell.name,
      faults,
      status: out.status,
      record,
      alb: alb.join(' | '),
      pods: pods.join(' | '),
      verdict: newServing || restored || untouched || fenced ? 'ok' : 'WRONG',
    };
    rows.push(row);
    if (newServing) serving = target;
    const detail =
      row.verdict === 'ok'
        ? ''
        : `${out.message} (release ${out.release ?? '-'}; writes: ${
            realWrites(from)
              .map((w) => `${w.verb} ${w.resource}/${w.name ?? ''} ${w.status}`)
              .join(', ') || 'none'
          })`;
    expect({ verdict: row.verdict, detail }).toEqual({ verdict: 'ok', detail: '' });
    if (cell.rules) expect(faults).toBeGreaterThan(0);
    // A 429's Retry-After (1 s) is what the client waits, never less: the only waits of that cell.
    if (cell.name.startsWith('429')) expect(new Set(waits.slice(waited))).toEqual(new Set([1000]));
  });
});

describe('no partial apply: rejected input writes nothing', () => {
  test('30 seeded invalid manifests: each rejected (exit 1 or 2) with zero writes in the audit log', async () => {
    const ws = mkdtempSync(join(dir, 'ws-'));
    const docs = (await import('yaml'))
      .parseAllDocuments((await import('node:fs')).readFileSync('test/fixtures/deploy/web/app.yaml', 'utf8'))
      .map((d) => d.toJS() as unknown);
    let tried = 0;
    let rejected = 0;
    const leaks: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(...docs.map((d) => mutated(d))), { minLength: 1, maxLength: 3 }),
        async (mutants) => {
          // Keep the valid documents and add the mutants: a release where only some objects are bad.
          writeFileSync(
            join(ws, 'app.yaml'),
            [...docs.slice(0, 2), ...mutants].map((d) => stringify(d ?? null)).join('---\n'),
          );
          const config = deployConfigFromArgs(
            [
              '--kubeconfig',
              kubeconfig,
              '--namespace',
              'shop',
              '--release',
              'web',
              '--workspace',
              ws,
              '--manifests',
              'app.yaml',
              '--grace',
              '1',
              '--timeout',
              '30',
            ],
            {},
          );
          const from = sb.audit.length;
          // runDeploy throws user errors (the front doors turn them into exit 1).
          const out = await runDeploy(config, { log: logSink().log }).catch((err: unknown) => {
            if (!isUserError(err)) throw err;
            return { status: 'rejected', exitCode: DeployExit.Rejected, message: err.message } as DeployOutcome;
          });
          tried++;
          if (out.exitCode === DeployExit.Rejected || out.exitCode === DeployExit.Blockers) {
            rejected++;
            const writes = realWrites(from);
            if (writes.length > 0)
              leaks.push(
                `${out.message.split('\n')[0]}: ${writes.map((w) => `${w.verb} ${w.resource}/${w.name ?? ''}`).join(', ')}`,
              );
            expect(writes).toEqual([]);
          } else if (out.status === 'deployed') {
            serving = podImages()[0] ?? serving;
          } else {
            // Accepted by the tool but failed in the cluster: must still have ended restored.
            expect(out.status).toBe('rolled-back');
          }
        },
      ),
      { seed: 4242, numRuns: 30 },
    );
    console.log(
      `no partial apply: ${tried} deploys of mutated manifests, ${rejected} rejected before the cluster, ${leaks.length} with writes`,
    );
    expect(rejected).toBeGreaterThan(10);
  });
});
