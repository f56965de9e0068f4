/**
 * Issue 14 point 8: an endpoint that accepts connections and never answers must not hang the tool.
 *
 * A real TCP server on 127.0.0.1 accepts every connection and never writes a byte (no TLS
 * handshake, no HTTP answer). It stands in for the Kubernetes API server (a kubeconfig pointing at
 * it) and for EKS/STS (AWS_ENDPOINT_URL). The real CLI runs as a process (from src/, Node 24), and
 * each cell checks what a user waiting on a terminal or a runner would notice: the process ends by
 * itself within `--timeout` (plus generous slack for a loaded machine) with exit 1 and a one-line
 * reason (timed from its first connection to the hung endpoint: on a loaded machine the process
 * may take seconds to get there), or within 10 s of a SIGTERM with exit 130 `cancelled` — never a
 * stack trace, and the hung endpoint was really asked (connections counted). Also: rollback, plan
 * reading ECS live, and a SIGTERM while a `kubectl kustomize` that never finishes renders. Before these fixes the kubeconfig cell took
 * 102 s for `--timeout 20` and a SIGTERM took 9 s to end the process; the EKS cell waited 3 × 30 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeployExit } from '../../src/commands/deploy.js';
import { KubeClient, KubeTimeoutError } from '../../src/kube/client.js';
import { loadKubeconfig } from '../../src/kube/kubeconfig.js';

import { jest } from '@jest/globals';
jest.setTimeout(60_000);

/** A TCP server on 127.0.0.1 that accepts every connection and never writes a byte. */
class HungEndpoint {
  connections = 0;
  /** Date.now() of the first connection. */
  firstAt: number | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly waiters: { n: number; resolve: () => void }[] = [];
  private readonly server: Server = createServer((socket) => {
    this.connections++;
    this.firstAt ??= Date.now();
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    for (const w of this.waiters.filter((x) => this.connections >= x.n)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** Resolves at the `n`th connection (the tool is then waiting for an answer that never comes). */
  connected(n = 1): Promise<void> {
    return this.connections >= n ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  kubeconfig(dir: string): string {
    const file = join(dir, `kubeconfig-${this.port}`);
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{name: hung, cluster: {server: "https://127.0.0.1:${this.port}", insecure-skip-tls-verify: true}}]`,
        'users: [{name: u, user: {token: not-a-secret}}]',
        'contexts: [{name: hung, context: {cluster: hung, user: u}}]',
        'current-context: hung',
        '',
      ].join('\n'),
    );
    return file;
  }

  /** The environment that points every AWS SDK client at this endpoint. */
  aws(): Record<string, string> {
    return { AWS_ENDPOINT_URL: `http://127.0.0.1:${this.port}` };
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }
}

let dir: string;
const endpoints: HungEndpoint[] = [];
const children = new Set<ChildProcess>();
const hung = async (): Promise<HungEndpoint> => {
  const e = await new HungEndpoint().start();
  endpoints.push(e);
  return e;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'efd-no-hangs-'));
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const e of endpoints) await e.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  elapsedMs: number;
  /** Milliseconds from the SIGTERM to exit, when one was sent. */
  afterSignalMs?: number;
  /** Date.now() at exit. */
  endedAt: number;
}

/**
 * The CLI from src/ as a process. With `termOn`, SIGTERM is sent 1 s after that endpoint's first
 * connection: the tool is then inside a call that will never be answered. Killed at 50 s whatever happens.
 */
function cli(
  args: string[],
  opts: { termOn?: HungEndpoint; termWhen?: Promise<void>; env?: Record<string, string> } = {},
): Promise<Run> {
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
        'src/cli-main.ts',
        ...args,
      ],
      {
        cwd: process.cwd(),
        env: {
          ...process.env,
          KUBECONFIG: '',
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_EC2_METADATA_DISABLED: 'true',
          ...opts.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.add(child);
    let stdout = '';
    let stderr = '';
    let signalled: number | undefined;
    let term: NodeJS.Timeout | undefined;
    void (opts.termWhen ?? opts.termOn?.connected())?.then(() => {
      term = setTimeout(() => {
        signalled = Date.now();
        // `bash scripts/node24.sh` execs node, so the child is the CLI itself.
        child.kill('SIGTERM');
      }, 1_000);
    });
    const limit = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      if (term) clearTimeout(term);
      children.delete(child);
      const now = Date.now();
      resolve({
        code,
        stdout,
        stderr,
        elapsedMs: now - started,
        endedAt: now,
        ...(signalled !== undefined ? { afterSignalMs: now - signalled } : {}),
      });
    });
  });
}

const manifests = ['--manifests', 'test/fixtures/deploy/web', '--namespace', 'shop', '--release', 'web'];
const viaEks = ['--cluster-name', 'shop', '--region', 'us-east-1'];
const lastLine = (r: Run): string => r.stdout.trimEnd().split('\n').at(-1) ?? '';

/**
 * Every process cell starts at once, in beforeAll: each mostly waits (on a time limit or for its
 * signal), so run one after another they would take several times as long. The tests then read
 * their results.
 */
let cells: {
  deploy: { endpoints: Promise<Record<'a' | 'b' | 'c' | 'd', HungEndpoint>>; runs: Promise<[Run, Run, Run, Run]> };
  rollbackAndPlan: { endpoints: Promise<Record<'a' | 'b' | 'c', HungEndpoint>>; runs: Promise<[Run, Run, Run]> };
  kustomize: { setup: Promise<{ e: HungEndpoint; started: string }>; run: Promise<Run> };
};

beforeAll(() => {
  const endpoints = (async () => {
    const [a, b, c, d] = await Promise.all([hung(), hung(), hung(), hung()]);
    return { a: a, b: b, c: c, d: d };
  })();
  const deployRuns = endpoints.then(({ a, b, c, d }) =>
    Promise.all([
      cli(['deploy', '--kubeconfig', a.kubeconfig(dir), ...manifests, '--timeout', '6']),
      cli(['deploy', '--kubeconfig', b.kubeconfig(dir), ...manifests, '--timeout', '120'], { termOn: b }),
      cli(['deploy', ...viaEks, ...manifests, '--timeout', '6'], { env: c.aws() }),
      cli(['deploy', ...viaEks, ...manifests, '--timeout', '120'], { termOn: d, env: d.aws() }),
    ]),
  );
  const rbEndpoints = Promise.all([hung(), hung(), hung()]).then(([a, b, c]) => ({ a: a, b: b, c: c }));
  const rollbackAndPlan = rbEndpoints.then(({ a, b, c }) =>
    Promise.all([
      cli(['rollback', ...viaEks, '--namespace', 'shop', '--release', 'web', '--timeout', '120'], {
        termOn: a,
        env: a.aws(),
      }),
      cli(['plan', '--ecs-cluster', 'shop', '--ecs-service-name', 'web', '--region', 'us-east-1'], {
        termOn: b,
        env: b.aws(),
      }),
      cli(['rollback', ...viaEks, '--namespace', 'shop', '--release', 'web', '--timeout', '6'], { env: c.aws() }),
    ]),
  );
  const setup = (async () => {
    const e = await hung();
    const bin = join(dir, 'slow-bin');
    const started = join(dir, 'kustomize-started');
    mkdirSync(bin);
    writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\ntouch ${started}\nexec sleep 120\n`);
    chmodSync(join(bin, 'kubectl'), 0o755);
    const ws = join(dir, 'ws');
    mkdirSync(join(ws, 'k'), { recursive: true });
    writeFileSync(join(ws, 'k', 'kustomization.yaml'), 'resources: [cm.yaml]\n');
    writeFileSync(join(ws, 'k', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    return { e, started, bin, ws };
  })();
  const kustomizeRun = setup.then(({ e, started, bin, ws }) => {
    const kubectlStarted = (async (): Promise<void> => {
      for (let i = 0; i < 800 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 50));
    })();
    return cli(
      [
        'deploy',
        '--kubeconfig',
        e.kubeconfig(dir),
        '--namespace',
        'shop',
        '--release',
        'web',
        '--workspace',
        ws,
        '--manifests',
        join(ws, 'k'),
        '--timeout',
        '120',
      ],
      {
        termWhen: kubectlStarted,
        env: { PATH: `${bin}:${process.env['PATH'] ?? ''}` },
      },
    );
  });
  // Failures surface in the tests that await them, not as unhandled rejections here.
  for (const p of [deployRuns, rollbackAndPlan, kustomizeRun]) p.catch(() => undefined);
  cells = {
    deploy: { endpoints, runs: deployRuns },
    rollbackAndPlan: { endpoints: rbEndpoints, runs: rollbackAndPlan },
    kustomize: { setup, run: kustomizeRun },
  };
});

describe('an endpoint that accepts and never answers', () => {
  test('the Kubernetes client: each attempt has a time limit, a timed-out call is tried twice, a scoped signal ends it at once', async () => {
    const e = await hung();
    const config = loadKubeconfig(e.kubeconfig(dir));
    const client = new KubeClient(config, { attempts: 8, baseDelayMs: 10, maxDelayMs: 10 }, { requestTimeoutMs: 400 });
    const started = performance.now();
    const err = await client.request('GET', '/version').then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(KubeTimeoutError);
    expect((err as Error).message).toMatch(
      /^GET \/version: no answer from the API server https:\/\/127\.0\.0\.1:\d+ within 400 ms$/,
    );
    expect(e.connections).toBe(2);
    expect(performance.now() - started).toBeLessThan(8_000);

    const cancel = new AbortController();
    const scoped = new KubeClient(config, undefined, { requestTimeoutMs: 60_000 }).scoped(cancel.signal);
    const pending = scoped.request('GET', '/version').then(
      () => undefined,
      (x: unknown) => x,
    );
    await e.connected(3);
    const at = performance.now();
    cancel.abort(new Error('cancelled by SIGTERM'));
    expect(((await pending) as Error).message).toBe('cancelled by SIGTERM');
    expect(performance.now() - at).toBeLessThan(2_000);
  });

  test('deploy ends by itself within --timeout, and within 10 s of a SIGTERM, for the Kubernetes API and for EKS/STS', async () => {
    const { a, b, c, d } = await cells.deploy.endpoints;
    const [kubeTimeout, kubeTerm, eksTimeout, eksTerm] = await cells.deploy.runs;
    const table = [
      ['kube API, --timeout 6', kubeTimeout],
      ['kube API, SIGTERM', kubeTerm],
      ['EKS/STS, --timeout 6', eksTimeout],
      ['EKS/STS, SIGTERM', eksTerm],
    ] as const;
    for (const [name, r] of table)
      process.stdout.write(
        `no-hangs: ${name}: exit ${r.code} after ${(r.elapsedMs / 1000).toFixed(1)} s${r.afterSignalMs !== undefined ? ` (${(r.afterSignalMs / 1000).toFixed(1)} s after SIGTERM)` : ''}: ${lastLine(r)}\n`,
      );

    // The hung endpoints were really reached (TLS to the "API server", HTTP to "EKS" and "STS").
    for (const e of [a, b, c, d]) expect(e.connections).toBeGreaterThanOrEqual(1);
    for (const [, r] of table) expect(r.stderr).not.toMatch(/internal error|\n\s+at /);

    expect(kubeTimeout.code).toBe(DeployExit.Rejected);
    expect(lastLine(kubeTimeout)).toMatch(/^deploy: rejected: preflight failed: 1 blocker\(s\); nothing was applied$/);
    expect(kubeTimeout.stdout).toMatch(
      /cannot reach the cluster .*no answer from the API server https:\/\/127\.0\.0\.1:\d+ before the time limit ran out/,
    );
    // From the first connection to the hung endpoint (the process started long before on a loaded machine).
    expect(kubeTimeout.endedAt - a.firstAt!).toBeLessThan(6_000 + 15_000);

    expect(eksTimeout.code).toBe(DeployExit.Rejected);
    expect(lastLine(eksTimeout)).toBe(
      'deploy: rejected: could not connect to the cluster within --timeout 6 s; nothing was applied',
    );
    expect(eksTimeout.endedAt - c.firstAt!).toBeLessThan(6_000 + 15_000);

    for (const r of [kubeTerm, eksTerm]) {
      expect(r.code).toBe(DeployExit.Cancelled);
      expect(r.stderr).toMatch(/^received SIGTERM: cancelling/);
      expect(r.afterSignalMs).toBeLessThan(10_000);
    }
    expect(lastLine(kubeTerm)).toBe('deploy: cancelled: cancelled during preflight; nothing was applied');
    expect(lastLine(eksTerm)).toBe('deploy: cancelled: cancelled while connecting to the cluster; nothing was applied');
  });

  test('rollback ends within --timeout and within 10 s of a SIGTERM; plan (live ECS read) within 10 s of a SIGTERM', async () => {
    const [rollback, plan, rollbackTimeout] = await cells.rollbackAndPlan.runs;
    const { c } = await cells.rollbackAndPlan.endpoints;
    process.stdout.write(
      `no-hangs: rollback, --timeout 6: exit ${rollbackTimeout.code} after ${(rollbackTimeout.elapsedMs / 1000).toFixed(1)} s: ${lastLine(rollbackTimeout)}\n`,
    );
    expect(rollbackTimeout.code).toBe(DeployExit.Rejected);
    expect(lastLine(rollbackTimeout)).toBe(
      'rollback: rejected: could not connect to the cluster within --timeout 6 s; nothing was applied',
    );
    expect(rollbackTimeout.endedAt - c.firstAt!).toBeLessThan(6_000 + 15_000);
    expect(rollbackTimeout.stderr).not.toMatch(/internal error|\n\s+at /);
    for (const [name, r] of [
      ['rollback', rollback],
      ['plan', plan],
    ] as const) {
      process.stdout.write(
        `no-hangs: ${name}, SIGTERM: exit ${r.code} ${(r.afterSignalMs! / 1000).toFixed(1)} s after SIGTERM: ${lastLine(r)}\n`,
      );
      expect(r.afterSignalMs).toBeLessThan(10_000);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    expect(rollback.code).toBe(DeployExit.Cancelled);
    expect(lastLine(rollback)).toBe(
      'rollback: cancelled: cancelled while connecting to the cluster; nothing was applied',
    );
    // plan installs no handler: the default action of SIGTERM ends it (a null code: killed by the signal).
    expect(plan.code).toBeNull();
  });

  test('SIGTERM while kubectl kustomize renders (a kubectl that never finishes): the process ends within 10 s, nothing applied', async () => {
    const { e, started } = await cells.kustomize.setup;
    const r = await cells.kustomize.run;
    process.stdout.write(
      `no-hangs: kustomize rendering, SIGTERM: exit ${r.code} ${((r.afterSignalMs ?? NaN) / 1000).toFixed(1)} s after SIGTERM: ${lastLine(r)}\n`,
    );
    expect(existsSync(started)).toBe(true);
    expect(r.code).toBe(DeployExit.Cancelled);
    expect(lastLine(r)).toBe('deploy: cancelled: cancelled while rendering the manifests; nothing was applied');
    expect(r.afterSignalMs).toBeLessThan(10_000);
    // The cluster was never asked.
    expect(e.connections).toBe(0);
  });
});
