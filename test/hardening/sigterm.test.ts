/**
 * A real SIGTERM — what the GitHub runner sends when a run is cancelled — to the CLI as a separate
 * process (run from src/ on Node 24 like test/e2e/cli.test.ts, so a stale dist/ cannot hide a
 * change), against the in-process shop sandbox. test/hardening/faults.test.ts aborts an
 * AbortController in-process; here the signal goes to a process, at these moments:
 *
 * - before anything is applied: during preflight, and while waiting for a lock another run holds
 *   (exit 130 `cancelled`, no release record, no write, the other run's Lease untouched);
 * - during apply: (a) while the Deployment's PATCH is in flight (held 0.8 s by a sandbox latency
 *   fault; the client gives it up), and (b) just after the Deployment was applied (its new
 *   ReplicaSet started), while the Ingress's PATCH is in flight;
 * - during the rollback that a crash-looping release started: the restore is not interrupted,
 *   and the exit code stays 3 (`rolled-back`): the release had failed on its own before the cancel;
 * - a second SIGTERM during the rollback the first one started (a repeated cancel): the restore
 *   runs to the end, and stderr says it is going on. Only SIGKILL stops it;
 * - to `eks-fargate-deploy rollback` (a manual rollback, where the restore is the command itself):
 *   while it waits for the lock (exit 130 `cancelled`, nothing written), and during its restore —
 *   one SIGTERM, then SIGINT, SIGTERM, SIGTERM (the runner's cancel, repeated): the restore is not
 *   stopped half way, each signal gets a notice saying so, and the rollback ends as it would have
 *   (exit 0, record `deployed`, its objects serving);
 * - the same three signals to the action (src/index.ts run from the sources as the runner runs the
 *   bundle: node, INPUT_* and GITHUB_* variables) during a `command: rollback` restore: each is a
 *   `::warning::`, none ends the process, outputs `status=rolled-back`.
 *
 * For every cell the end state a user would check: the previous release serving (Running pods and
 * every answer through the ALB), the interrupted release's record `rolled-back`, the documented
 * exit code, stderr the one-line notice(s) and no stack trace, and the deploy Lease released — the
 * next deploy takes it at once. Each cell prints one line of a table.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeployExit } from '../../src/commands/deploy.js';
import { KubeClient } from '../../src/kube/client.js';
import { LOCK_NAME } from '../../src/model/bookkeeping.js';
import type { FaultRule } from '../../src/sandbox/faults.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { albServes, deploy, releases, releaseStatus, startShopSandbox, writesSince } from '../e2e/helpers.js';

import { jest } from '@jest/globals';
jest.setTimeout(20_000);

let sb: Sandbox;
let kubeconfig: string;
let dir: string;
const children = new Set<ChildProcess>();

const PREVIOUS = 'registry.example/web:v1';
const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--timeout',
  '60',
];
/** A leftover Lease would make a deploy wait: 5 s is long enough to see that and short enough to fail fast. */
const lockWait = (s: number): string[] => ['--lock-wait', String(s)];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  const out = await deploy(kubeconfig, [...web, ...lockWait(5), '--grace', '1', ...image('v1')]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface CliRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** What a child sees and may do: each stdout line, each stderr line, and a way to signal it. */
interface ChildHooks {
  onLine?: (line: string, kill: (sig: NodeJS.Signals) => void) => void;
  onErrLine?: (line: string, kill: (sig: NodeJS.Signals) => void) => void;
}

/**
 * Run `eks-fargate-deploy <args>` from src/ as a child process (see test/e2e/cli.test.ts);
 * `onLine` sees each stdout line and may signal the child. SIGKILLed after 15 s whatever happens.
 */
function runCliProcess(
  args: string[],
  onLine?: ChildHooks['onLine'],
  onErrLine?: ChildHooks['onErrLine'],
): Promise<CliRun> {
  return runSourceProcess(
    'src/cli-main.ts',
    args,
    { KUBECONFIG: '' },
    { ...(onLine ? { onLine } : {}), ...(onErrLine ? { onErrLine } : {}) },
  );
}

/** Run a TypeScript entry point of src/ (the CLI's, or the action's src/index.ts) on Node 24 as a child process. */
function runSourceProcess(
  entry: string,
  args: string[],
  env: Record<string, string>,
  hooks: ChildHooks,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(
      'bash',
      [
        'scripts/node24.sh',
        '--experimental-transform-types',
        '--disable-warning=ExperimentalWarning',
        '--import',
        './test/e2e/source-hooks.mjs',
        entry,
        ...args,
      ],
      {
        cwd: process.cwd(),
        // One compile cache for the children of this file: each starts ~0.4 s sooner than the first.
        env: { ...process.env, ...env, NODE_COMPILE_CACHE: join(dir, 'compile-cache') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.add(child);
    let stdout = '';
    let stderr = '';
    const kill = (sig: NodeJS.Signals): void => {
      child.kill(sig);
    };
    const limit = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const lines = (each: ((line: string, k: typeof kill) => void) | undefined): ((chunk: Buffer) => void) => {
      let partial = '';
      return (chunk) => {
        partial += chunk.toString();
        const done = partial.split('\n');
        partial = done.pop()!;
        for (const l of done) each?.(l, kill);
      };
    };
    const outLines = lines(hooks.onLine);
    const errLines = lines(hooks.onErrLine);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      outLines(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      errLines(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      children.delete(child);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const cluster = (): string[] => ['--kubeconfig', kubeconfig, '--namespace', 'shop', '--release', 'web'];

/** Images of the Running, not terminating pods of Deployment shop/web. */
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

/** Images of the pod templates of every ReplicaSet in shop (each rollout of shop/web leaves one). */
function replicaSetImages(): string[] {
  const rs = sb.store.list(sb.registry.get('apps', 'replicasets'), 'shop').items as unknown as {
    spec: { template: { spec: { containers: { image: string }[] } } };
  }[];
  return [...new Set(rs.map((r) => r.spec.template.spec.containers[0]!.image))].sort();
}

/** Who holds the deploy Lease of namespace shop now ('' when released). */
async function leaseHolder(): Promise<string> {
  const lease = await KubeClient.fromKubeconfig(kubeconfig).request<{ spec?: { holderIdentity?: string } }>(
    'GET',
    `/apis/coordination.k8s.io/v1/namespaces/shop/leases/${LOCK_NAME}`,
  );
  return lease.spec?.holderIdentity ?? '';
}

/**
 * The release number the deploy announced (`release web v7 (previous: v1)`), or the one a
 * rollback recorded (`rolling back release web from v9 to the objects of v1 (recorded as v10)`).
 */
function releaseOf(stdout: string): number | undefined {
  const m = /^release web v(\d+) /m.exec(stdout) ?? /^rolling back release web .*\(recorded as v(\d+)\)$/m.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

interface Row {
  cell: string;
  signals: string;
  exit: string;
  record: string;
  alb: string;
  pods: string;
  lease: string;
  ms: number;
}
const rows: Row[] = [];
afterAll(() => {
  console.log(
    `SIGINT/SIGTERM to the CLI and action processes: ${rows.length} cells, ${rows.reduce((n, r) => n + r.signals.split(', ').length, 0)} signals sent, ${rows.filter((r) => r.exit === '-').length} processes killed by them, ${rows.filter((r) => r.alb !== `200 ${PREVIOUS}` || r.pods !== PREVIOUS).length} not serving the previous release\n` +
      rows
        .map(
          (r) =>
            `  ${r.cell.padEnd(58)} ${r.signals.padEnd(24)} exit ${r.exit.padEnd(4)} record ${r.record.padEnd(12)} alb ${r.alb}  pods ${r.pods}  lease ${r.lease || 'released'}  ${r.ms} ms`,
        )
        .join('\n'),
  );
});

/** The end state a user would check after a cancelled deploy, recorded as a row. */
async function endState(cell: string, signals: string[], r: CliRun): Promise<Row & { release?: number }> {
  const release = releaseOf(r.stdout);
  const row = {
    cell,
    signals: signals.join(', ') || 'none',
    exit: r.code === null ? '-' : String(r.code),
    record: (release === undefined ? undefined : await releaseStatus(kubeconfig, release)) ?? '-',
    alb: (await albServes(sb)).join(' | '),
    pods: podImages().join(' | '),
    lease: await leaseHolder(),
    ms: r.ms,
    ...(release === undefined ? {} : { release }),
  };
  rows.push(row);
  return row;
}

const NOTICE = 'received SIGTERM: cancelling (whatever was applied is rolled back to the previous release)\n';
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

/** Writes that changed the cluster since audit index `from` (preflight's server-side dry runs excluded). */
function realWrites(from: number): string[] {
  return writesSince(sb, from)
    .filter((w) => !/(^|&)dryRun=All/.test(w.query))
    .map((w) => `${w.verb} ${w.resource}/${w.name ?? ''}`);
}

/** Another run, which holds the deploy lock in the cells that wait for it. */
const OTHER = 'https://github.com/acme/shop/actions/runs/4242';
const LEASE_PATH = `/apis/coordination.k8s.io/v1/namespaces/shop/leases/${LOCK_NAME}`;
type Lease = { metadata: Record<string, unknown>; spec?: Record<string, unknown> };

/** Another run takes the deploy lock of shop for the next 60 s. */
async function otherRunTakesTheLock(): Promise<void> {
  const client = KubeClient.fromKubeconfig(kubeconfig);
  const live = await client.request<Lease>('GET', LEASE_PATH);
  const now = new Date().toISOString().replace(/Z$/, '000Z');
  await client.request('PUT', LEASE_PATH, {
    body: {
      ...live,
      spec: { ...live.spec, holderIdentity: OTHER, leaseDurationSeconds: 60, acquireTime: now, renewTime: now },
    },
  });
}

/** The other run finishes and lets go of the lock. */
async function otherRunLetsGo(): Promise<void> {
  const client = KubeClient.fromKubeconfig(kubeconfig);
  const live = await client.request<Lease>('GET', LEASE_PATH);
  const spec = Object.fromEntries(Object.entries(live.spec ?? {}).filter(([k]) => k !== 'holderIdentity'));
  await client.request('PUT', LEASE_PATH, { body: { ...live, spec } });
}

describe('SIGTERM before anything is applied: cancelled, exit 130, no record, no write', () => {
  test.each([
    {
      cell: 'before apply: during preflight',
      // Preflight's first server-side dry run is held, so preflight cannot be over when the signal lands.
      rule: {
        name: 'slow-preflight',
        verbs: ['patch'],
        resources: ['configmaps'],
        namespaces: ['shop'],
        times: 1,
        latencyMs: 800,
      } satisfies FaultRule,
      at: /^connected to /,
      message: 'cancelled during preflight; nothing was applied',
    },
    {
      cell: 'before apply: waiting for the deploy lock',
      rule: undefined,
      at: /^waiting for the deploy lock held by /,
      message: 'cancelled before the deploy lock was taken; nothing was applied',
    },
  ])('$cell', async ({ cell, rule, at, message }) => {
    if (!rule) await otherRunTakesTheLock();
    if (rule) sb.faults.set({ seed: 3, rules: [rule] });
    const records = (await releases(kubeconfig)).length;
    const from = sb.audit.length;
    const sent: string[] = [];
    let r: CliRun;
    try {
      r = await runCliProcess(
        ['deploy', ...cluster(), ...web, ...lockWait(5), '--grace', '1', ...image('v20')],
        (line, kill) => {
          if (sent.length === 0 && at.test(line)) {
            sent.push('SIGTERM');
            kill('SIGTERM');
          }
        },
      );
    } finally {
      sb.faults.clear();
    }
    const row = await endState(cell, sent, r);
    const writes = realWrites(from);
    if (!rule) {
      // The other run's Lease is left as it was (then that run finishes and lets go of it).
      expect(row.lease).toBe(OTHER);
      row.lease = `the other run's, untouched`;
      await otherRunLetsGo();
    }
    expect((await releases(kubeconfig)).length).toBe(records);
    expect(r.stdout).not.toMatch(/^(blocker|error): /m);
    expect(r.stderr).not.toMatch(STACK);
    expect({
      signal: r.signal,
      stderr: r.stderr,
      last: r.stdout.trimEnd().split('\n').at(-1),
      writes,
      row: { ...row, ms: 0 },
    }).toEqual({
      signal: null,
      stderr: NOTICE,
      last: `deploy: cancelled: ${message}`,
      writes: [],
      row: {
        cell,
        signals: 'SIGTERM',
        exit: String(DeployExit.Cancelled),
        record: '-',
        alb: `200 ${PREVIOUS}`,
        pods: PREVIOUS,
        lease: rule ? '' : `the other run's, untouched`,
        ms: 0,
      },
    });
  });
});

describe('SIGTERM to eks-fargate-deploy deploy (a real process, a real signal)', () => {
  test.each([
    {
      cell: 'during apply: the Deployment PATCH in flight',
      tag: 'v21',
      // The dry-run PATCH of preflight is the first that matches; hold the real one 0.8 s.
      rule: {
        name: 'slow-deployment-apply',
        verbs: ['patch'],
        resources: ['deployments'],
        namespaces: ['shop'],
        names: ['web'],
        after: 1,
        times: 1,
        latencyMs: 800,
      },
      at: /^\S+\s+Service shop\/web$/,
      started: false,
    },
    {
      cell: 'during apply: Deployment applied, Ingress PATCH in flight',
      tag: 'v22',
      rule: {
        name: 'slow-ingress-apply',
        verbs: ['patch'],
        resources: ['ingresses'],
        namespaces: ['shop'],
        names: ['web'],
        after: 1,
        times: 1,
        latencyMs: 800,
      },
      at: /^\S+\s+Deployment shop\/web$/,
      started: true,
    },
  ] satisfies { cell: string; tag: string; rule: FaultRule; at: RegExp; started: boolean }[])(
    '$cell',
    async ({ cell, tag, rule, at, started }) => {
      sb.faults.set({ seed: 7, rules: [rule] });
      const from = sb.audit.length;
      const sent: string[] = [];
      let r: CliRun;
      try {
        r = await runCliProcess(
          ['deploy', ...cluster(), ...web, ...lockWait(5), '--grace', '1', ...image(tag)],
          (line, kill) => {
            if (sent.length === 0 && at.test(line)) {
              sent.push('SIGTERM');
              kill('SIGTERM');
            }
          },
        );
      } finally {
        sb.faults.clear();
      }
      const row = await endState(cell, sent, r);
      // The held request was the real apply (not preflight's dry run); the signal came while it was held
      // (the apply error below names its object). The audit's status of a request the client gave up on says nothing.
      const held = sb.audit.slice(from).filter((a) => a.fault?.split(',').some((f) => f.startsWith(`${rule.name}:`)));
      expect(
        held.map((a) => `${a.verb} ${a.resource}/${a.name ?? ''}${/dryRun/.test(a.query) ? ' dry-run' : ''}`),
      ).toEqual([`patch ${rule.resources[0]}/web`]);
      // In (b) the cluster had started the new release (a ReplicaSet with its image) before it was restored.
      if (started) expect(replicaSetImages()).toContain(`registry.example/web:${tag}`);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.find((l) => l.startsWith('deploy failed: '))).toMatch(/cancel/);
      expect(lines).toContain('restoring release web v1 (5 objects)');
      // The outcome line (its message may run over several lines, quoting the apply error).
      expect(r.stdout).toMatch(
        /^deploy: cancelled: apply of \S+ shop\/web failed: cancelled by SIGTERM\n(.+\n)*.*; rolled back to v1, which is serving again\n$/m,
      );
      expect(r.stdout).not.toMatch(/waiting for the deploy lock/);
      expect(r.stderr).not.toMatch(STACK);
      expect({ signal: r.signal, stderr: r.stderr, row: { ...row, ms: 0, release: 0 } }).toEqual({
        signal: null,
        stderr: NOTICE,
        row: {
          cell,
          signals: 'SIGTERM',
          exit: String(DeployExit.Cancelled),
          record: 'rolled-back',
          alb: `200 ${PREVIOUS}`,
          pods: PREVIOUS,
          lease: '',
          ms: 0,
          release: 0,
        },
      });
    },
  );

  test.each([
    // The release fails on its own (CrashLoopBackOff); the signal comes once the restore has begun.
    {
      cell: 'during the rollback of a crash-looping release',
      tag: 'crash',
      first: undefined,
      exit: DeployExit.RolledBack,
      status: 'rolled-back',
    },
    // The runner's cancel mid-rollout starts the rollback; the cancel is repeated during it.
    {
      cell: 'mid-rollout, then again during the rollback it started',
      tag: 'never-ready',
      first: /^deployment\/web: 1\/2 updated/,
      exit: DeployExit.Cancelled,
      status: 'cancelled',
    },
  ])('$cell', async ({ cell, tag, first, exit, status }) => {
    // Hold the restore's Ingress PATCH (after preflight's dry run and the apply's) 0.8 s, so the
    // signal sent when the restore starts certainly lands inside it.
    const rule: FaultRule = {
      name: 'slow-restore',
      verbs: ['patch'],
      resources: ['ingresses'],
      namespaces: ['shop'],
      names: ['web'],
      after: 2,
      times: 1,
      latencyMs: 800,
    };
    sb.faults.set({ seed: 11, rules: [rule] });
    const from = sb.audit.length;
    const sent: string[] = [];
    let seen = '';
    /** stdout up to the line that started the restore (when the signal went out). */
    let beforeSignal = '';
    let r: CliRun;
    try {
      r = await runCliProcess(
        ['deploy', ...cluster(), ...web, ...lockWait(5), '--grace', first ? '120' : '1', ...image(tag)],
        (line, kill) => {
          seen += `${line}\n`;
          if (first && sent.length === 0 && first.test(line)) {
            sent.push('SIGTERM');
            kill('SIGTERM');
          }
          if (line.startsWith('restoring release ') && !beforeSignal) {
            beforeSignal = seen;
            sent.push('SIGTERM');
            kill('SIGTERM');
          }
        },
      );
    } finally {
      sb.faults.clear();
    }
    const row = await endState(cell, sent, r);
    const held = sb.audit.slice(from).filter((a) => a.fault?.split(',').some((f) => f.startsWith('slow-restore:')));
    expect(held.map((a) => `${a.verb} ${a.resource}/${a.name ?? ''} force=${/(^|&)force=true/.test(a.query)}`)).toEqual(
      ['patch ingresses/web force=true'],
    );
    // The restore went on after the signal: applied, watched and smoke-tested the previous release.
    expect(beforeSignal).toMatch(/restoring release web v1 \(5 objects\)\n$/);
    const after = r.stdout.slice(beforeSignal.length);
    expect(after).toMatch(/^web: deployment "web" successfully rolled out/m);
    expect(after).toMatch(/^smoke home page through the ALB: ok \(200/m);
    expect(after).toMatch(new RegExp(`^deploy: ${status}: .*; rolled back to v1, which is serving again\\n$`, 'm'));
    expect(r.stdout).not.toMatch(/waiting for the deploy lock/);
    expect(r.stderr).not.toMatch(STACK);
    // One notice per signal: the first cancels, a repeat says the restore goes on.
    const stderr = first
      ? `${NOTICE}received SIGTERM again: still restoring the previous release; not stopping half way, which would leave neither release running\n`
      : NOTICE;
    expect({ signal: r.signal, stderr: r.stderr, row: { ...row, ms: 0, release: 0 } }).toEqual({
      signal: null,
      stderr,
      row: {
        cell,
        signals: first ? 'SIGTERM, SIGTERM' : 'SIGTERM',
        exit: String(exit),
        record: 'rolled-back',
        alb: `200 ${PREVIOUS}`,
        pods: PREVIOUS,
        lease: '',
        ms: 0,
        release: 0,
      },
    });
  });
});

describe('SIGTERM to eks-fargate-deploy rollback (a manual rollback: the restore is the command)', () => {
  const rollbackArgs = (): string[] => [
    'rollback',
    ...cluster(),
    '--smoke-tests',
    'test/fixtures/deploy/smoke.yaml',
    '--timeout',
    '60',
    '--grace',
    '1',
    ...lockWait(5),
  ];
  // Hold the restore's Ingress PATCH (a rollback does no dry run: its first) 0.8 s, so the signals land inside the restore.
  const slowRestore: FaultRule = {
    name: 'slow-rollback-restore',
    verbs: ['patch'],
    resources: ['ingresses'],
    namespaces: ['shop'],
    names: ['web'],
    times: 1,
    latencyMs: 800,
  };
  const targetOf = (stdout: string): string =>
    /^rolling back release web from v\d+ to the objects of (v\d+) /m.exec(stdout)?.[1] ?? '?';
  const restoring = (sig: string, target: string): string =>
    `received ${sig}: not cancelling: the rollback to ${target} has started applying, and stopping it half way would leave neither release running; it goes on to the end\n`;
  const again = (sig: string, target: string): string =>
    `received ${sig} again: still rolling back to ${target}; not stopping half way, which would leave neither release running\n`;

  /** A release of v2 or v3 on top, for the rollback to take back to the objects of v1. */
  async function deployOnTop(tag: string): Promise<void> {
    const out = await deploy(kubeconfig, [...web, ...lockWait(5), '--grace', '1', ...image(tag)]);
    if (out.status !== 'deployed' || (await albServes(sb)).join() !== `200 registry.example/web:${tag}`)
      throw new Error(`setup: ${tag} did not deploy: ${out.message}`);
  }

  /** Checks of a rollback that a signal did not stop: it applied, watched and smoke-tested the objects of v1, and said so. */
  async function ranToTheEnd(
    cell: string,
    sent: string[],
    r: CliRun,
    beforeSignal: string,
    from: number,
    sigs: string,
  ): Promise<Row> {
    const row = await endState(cell, sent, r);
    const held = sb.audit
      .slice(from)
      .filter((a) => a.fault?.split(',').some((f) => f.startsWith(`${slowRestore.name}:`)));
    expect(held.map((a) => `${a.verb} ${a.resource}/${a.name ?? ''} force=${/(^|&)force=true/.test(a.query)}`)).toEqual(
      ['patch ingresses/web force=true'],
    );
    expect(beforeSignal).toMatch(/restoring release web v\d+ \(5 objects\)\n$/);
    const after = r.stdout.slice(beforeSignal.length);
    expect(after).toMatch(/^deployment\/web: deployment "web" successfully rolled out/m);
    expect(after).toMatch(/^smoke home page through the ALB: ok \(200/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      `rollback: rolled-back: release web rolled back to the objects of ${targetOf(r.stdout)} (now v${row.release}); cancelled by ${sigs} after the restore had started, so it ran to the end`,
    );
    expect(r.stderr).not.toMatch(STACK);
    return row;
  }

  beforeAll(async () => {
    await deployOnTop('v2');
  });

  test('rollback: during its restore (Ingress PATCH in flight): not stopped half way, exit 0', async () => {
    const cell = 'rollback: during its restore';
    sb.faults.set({ seed: 13, rules: [slowRestore] });
    const from = sb.audit.length;
    const sent: string[] = [];
    let seen = '';
    let beforeSignal = '';
    let r: CliRun;
    try {
      r = await runCliProcess(rollbackArgs(), (line, kill) => {
        seen += `${line}\n`;
        if (sent.length === 0 && line.startsWith('restoring release ')) {
          beforeSignal = seen;
          sent.push('SIGTERM');
          kill('SIGTERM');
        }
      });
    } finally {
      sb.faults.clear();
    }
    const row = await ranToTheEnd(cell, sent, r, beforeSignal, from, 'SIGTERM');
    expect({ signal: r.signal, stderr: r.stderr, row: { ...row, ms: 0, release: 0 } }).toEqual({
      signal: null,
      stderr: restoring('SIGTERM', 'v1'),
      row: {
        cell,
        signals: 'SIGTERM',
        exit: '0',
        record: 'deployed',
        alb: `200 ${PREVIOUS}`,
        pods: PREVIOUS,
        lease: '',
        ms: 0,
        release: 0,
      },
    });
  });

  test('rollback: waiting for the deploy lock: cancelled, exit 130, no record, no write', async () => {
    const cell = 'rollback: waiting for the deploy lock';
    await otherRunTakesTheLock();
    const records = await releases(kubeconfig);
    const from = sb.audit.length;
    const sent: string[] = [];
    const r = await runCliProcess(rollbackArgs(), (line, kill) => {
      if (sent.length === 0 && /^waiting for the deploy lock held by /.test(line)) {
        sent.push('SIGTERM');
        kill('SIGTERM');
      }
    });
    const row = await endState(cell, sent, r);
    const writes = realWrites(from);
    expect(row.lease).toBe(OTHER);
    row.lease = `the other run's, untouched`;
    await otherRunLetsGo();
    expect(r.stderr).not.toMatch(STACK);
    expect({
      signal: r.signal,
      stderr: r.stderr,
      last: r.stdout.trimEnd().split('\n').at(-1),
      writes,
      records: await releases(kubeconfig),
      row: { ...row, ms: 0 },
    }).toEqual({
      signal: null,
      stderr: 'received SIGTERM: cancelling (nothing has been applied yet)\n',
      last: 'rollback: cancelled: cancelled before the deploy lock was taken; nothing was applied',
      writes: [],
      records,
      row: {
        cell,
        signals: 'SIGTERM',
        exit: String(DeployExit.Cancelled),
        record: '-',
        alb: `200 ${PREVIOUS}`,
        pods: PREVIOUS,
        lease: `the other run's, untouched`,
        ms: 0,
      },
    });
  });

  test("rollback: SIGINT, SIGTERM, SIGTERM during its restore (the runner's cancel, repeated): each acknowledged, the restore goes on", async () => {
    const cell = 'rollback: SIGINT, then SIGTERM twice, during its restore';
    await deployOnTop('v3');
    sb.faults.set({ seed: 17, rules: [slowRestore] });
    const from = sb.audit.length;
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGTERM'];
    const sent: string[] = [];
    let seen = '';
    let beforeSignal = '';
    const next = (kill: (sig: NodeJS.Signals) => void): void => {
      const sig = signals[sent.length];
      if (!sig) return;
      sent.push(sig);
      kill(sig);
    };
    let r: CliRun;
    try {
      r = await runCliProcess(
        rollbackArgs(),
        (line, kill) => {
          seen += `${line}\n`;
          if (sent.length === 0 && line.startsWith('restoring release ')) {
            beforeSignal = seen;
            next(kill);
          }
        },
        // The next signal once the last one was acknowledged (two at once may arrive as one).
        (_line, kill) => {
          next(kill);
        },
      );
    } finally {
      sb.faults.clear();
    }
    const target = targetOf(r.stdout);
    const row = await ranToTheEnd(cell, sent, r, beforeSignal, from, 'SIGINT');
    expect({ signal: r.signal, stderr: r.stderr, row: { ...row, ms: 0, release: 0 } }).toEqual({
      signal: null,
      stderr: `${restoring('SIGINT', target)}${again('SIGTERM', target)}${again('SIGTERM', target)}`,
      row: {
        cell,
        signals: 'SIGINT, SIGTERM, SIGTERM',
        exit: '0',
        record: 'deployed',
        alb: `200 ${PREVIOUS}`,
        pods: PREVIOUS,
        lease: '',
        ms: 0,
        release: 0,
      },
    });
  });
});

describe('the action process (src/index.ts, as the runner starts it) rolling back', () => {
  test('rollback: SIGINT, SIGTERM, SIGTERM during its restore: no signal stops it, each is a warning in the log', async () => {
    const cell = 'action rollback: SIGINT, SIGTERM, SIGTERM in its restore';
    const top = await deploy(kubeconfig, [...web, ...lockWait(5), '--grace', '1', ...image('v2')]);
    if (top.status !== 'deployed') throw new Error(`setup: v2 did not deploy: ${top.message}`);
    const runnerTemp = mkdtempSync(join(dir, 'action-'));
    const files = { GITHUB_OUTPUT: join(runnerTemp, 'output'), GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary') };
    for (const f of Object.values(files)) writeFileSync(f, '');
    const inputs: Record<string, string> = {
      command: 'rollback',
      kubeconfig,
      namespace: 'shop',
      release: 'web',
      'smoke-tests': 'test/fixtures/deploy/smoke.yaml',
      timeout: '60',
      grace: '1',
      'lock-wait': '5',
    };
    const env: Record<string, string> = {
      ...files,
      KUBECONFIG: '',
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '4343',
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_WORKSPACE: process.cwd(),
      RUNNER_TEMP: runnerTemp,
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    };
    // The restore's Ingress PATCH, held 0.8 s: every signal lands inside the restore.
    sb.faults.set({
      seed: 19,
      rules: [
        {
          name: 'slow-action-restore',
          verbs: ['patch'],
          resources: ['ingresses'],
          namespaces: ['shop'],
          names: ['web'],
          times: 1,
          latencyMs: 800,
        },
      ],
    });
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGTERM'];
    const sent: string[] = [];
    let r: CliRun;
    try {
      r = await runSourceProcess('src/index.ts', [], env, {
        onLine: (line, kill) => {
          // The first when the restore starts; each next one once the last was acknowledged (a warning).
          if (
            (sent.length === 0 && line.startsWith('restoring release ')) ||
            (sent.length > 0 && line.startsWith('::warning::received '))
          ) {
            const sig = signals[sent.length];
            if (!sig) return;
            sent.push(sig);
            kill(sig);
          }
        },
      });
    } finally {
      sb.faults.clear();
    }
    const outputs: Record<string, string> = {};
    for (const m of readFileSync(files.GITHUB_OUTPUT, 'utf8').matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
      outputs[m[1]!] = m[3]!;
    const row = await endState(cell, sent, r);
    const target = /^rolling back release web from v\d+ to the objects of (v\d+) /m.exec(r.stdout)?.[1] ?? '?';
    const after = r.stdout.slice(r.stdout.indexOf('restoring release '));
    expect(after).toMatch(/^deployment\/web: deployment "web" successfully rolled out/m);
    expect(after).toMatch(/^smoke home page through the ALB: ok \(200/m);
    expect(r.stdout).not.toMatch(/^::error::/m);
    expect(r.stderr).not.toMatch(STACK);
    expect({
      signal: r.signal,
      warnings: r.stdout.split('\n').filter((l) => l.startsWith('::warning::')),
      status: outputs['status'],
      rolledBack: outputs['rolled-back'],
      row: { ...row, ms: 0, release: 0 },
    }).toEqual({
      signal: null,
      warnings: [
        `::warning::received SIGINT: not cancelling: the rollback to ${target} has started applying, and stopping it half way would leave neither release running; it goes on to the end`,
        `::warning::received SIGTERM again: still rolling back to ${target}; not stopping half way, which would leave neither release running`,
        `::warning::received SIGTERM again: still rolling back to ${target}; not stopping half way, which would leave neither release running`,
      ],
      status: 'rolled-back',
      rolledBack: 'true',
      row: {
        cell,
        signals: 'SIGINT, SIGTERM, SIGTERM',
        exit: '0',
        record: 'deployed',
        alb: `200 ${PREVIOUS}`,
        pods: PREVIOUS,
        lease: '',
        ms: 0,
        release: 0,
      },
    });
  });
});

describe('afterwards', () => {
  test('the lock is free: the next deploy takes it at once and deploys', async () => {
    const started = Date.now();
    const out = await deploy(kubeconfig, [...web, ...lockWait(1), '--grace', '1', ...image('v2')]);
    const ms = Date.now() - started;
    console.log(
      `next deploy: ${out.status} in ${ms} ms (lock phase ${out.phases.find((p) => p.name === 'lock shop')?.durationMs ?? '?'} ms)`,
    );
    expect(out.log.filter((l) => /waiting for the deploy lock|took over/.test(l))).toEqual([]);
    expect({ status: out.status, alb: await albServes(sb), lease: await leaseHolder() }).toEqual({
      status: 'deployed',
      alb: ['200 registry.example/web:v2'],
      lease: '',
    });
  });
});
