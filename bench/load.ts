/**
 * Load benchmark on the sandbox (timeFactor 0.002), with its baseline in the same run:
 *  (a) 200 Deployments (+ a Service each) in one release via runDeploy: wall time, peak RSS and
 *      heap of this process (sampled every 20 ms), API requests by verb (sandbox audit log), and
 *      the watches the tracker opened (it must not open one per Deployment);
 *  (b) 2 and 5 concurrent deploys to different namespaces, 2 and 5 to the same namespace (different
 *      releases): the same-namespace deploys' apply PATCH sequences must not interleave (the
 *      Lease serialises them) and every deploy must leave a `deployed` record;
 *  baseline: the same 200 Deployments with the real `kubectl apply --server-side -f` and then
 *  `kubectl rollout status` on each, one after another (on 50 and scaled ×4 if time is short).
 * Run: npm run bench -- load. Bounded: every deploy has --timeout, kubectl at most 60 s in all.
 */
import { registerHooks } from 'node:module';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Source imports end in `.js` (NodeNext); when running the .ts sources directly, resolve them to `.ts`.
registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (err) {
      if (/^\.{1,2}\//.test(specifier) && specifier.endsWith('.js'))
        return next(`${specifier.slice(0, -3)}.ts`, context);
      throw err;
    }
  },
});

const { startSandbox } = await import('../src/sandbox/sandbox.js');
const { runDeploy } = await import('../src/commands/deploy.js');
const { deployConfigFromArgs } = await import('../src/config/deploy.js');
const { KubeClient } = await import('../src/kube/client.js');
const { ReleaseStore } = await import('../src/kube/release.js');

const TIME_FACTOR = 0.002;
const N = 200;
const BENCH_START = Date.now();

function manifests(n: number, prefix = 'app'): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${prefix}-${String(i).padStart(3, '0')}`;
    docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: registry.example/app:v1
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 250m, memory: 256Mi}`);
  }
  return docs.join('\n---\n') + '\n';
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

const sb = await startSandbox({
  timing: { timeFactor: TIME_FACTOR },
  fargateProfiles: [{ name: 'load', selectors: [{ namespace: 'load*' }, { namespace: 'kubectl*' }] }],
});
const dir = await mkdtemp(join(tmpdir(), 'bench-load-'));
const kubeconfig = join(dir, 'kubeconfig');
await sb.writeKubeconfig(kubeconfig);
await writeFile(join(dir, 'big.yaml'), manifests(N));
await writeFile(join(dir, 'small.yaml'), manifests(3, 'svc'));
// Same-namespace releases own different objects (r0-000 …), as two apps sharing a namespace do.
for (let i = 0; i < 5; i++) await writeFile(join(dir, `same-${i}.yaml`), manifests(3, `r${i}`));

let runs = 0;
async function deployOnce(namespace: string, release: string, file: string, tag = 'v1', lockWait = '90') {
  // Each deploy its own run URL, as separate workflow runs have: the lock holder. (Without one,
  // every deploy of this process would be "user@host pid N", and a Lease naming the same holder is
  // taken at once — a re-run step of the same run — so the lock would not serialise them.)
  const config = deployConfigFromArgs(
    [
      '--run-url',
      `https://github.com/acme/shop/actions/runs/${++runs}`,
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      namespace,
      '--release',
      release,
      '--workspace',
      dir,
      '--manifests',
      file,
      '--image',
      `registry.example/app=registry.example/app:${tag}`,
      '--grace',
      '5',
      '--timeout',
      '90',
      '--lock-wait',
      lockWait,
    ],
    {},
  );
  return runDeploy(config, { log: () => undefined });
}

const lines: string[] = [];
const row = (what: string, value: string): void => {
  lines.push(`| ${what} | ${value} |`);
};

try {
  // (a) 200 Deployments in one release.
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const from = sb.audit.length;
  const t0 = Date.now();
  const big = await deployOnce('load', 'big', 'big.yaml');
  const bigMs = Date.now() - t0;
  clearInterval(sampler);
  if (big.status !== 'deployed') throw new Error(`200-Deployment release: ${big.status}: ${big.message}`);
  const audit = sb.audit.slice(from);
  const byVerb = new Map<string, number>();
  for (const a of audit) byVerb.set(a.verb, (byVerb.get(a.verb) ?? 0) + 1);
  const watches = audit.filter((a) => a.verb === 'watch' || /(^|&)watch=(true|1)/.test(a.query));
  const watchKinds = [...new Set(watches.map((w) => w.resource ?? w.path))].sort();
  row(
    `runDeploy, ${N} Deployments + ${N} Services, one release`,
    `${(bigMs / 1000).toFixed(1)} s (${big.phases.map((p) => `${p.name} ${(p.durationMs / 1000).toFixed(1)}`).join(', ')})`,
  );
  row(
    'peak RSS / heap of this process (sandbox in-process too)',
    `${(peakRss / 2 ** 20).toFixed(0)} MiB / ${(peakHeap / 2 ** 20).toFixed(0)} MiB (before: ${(base.rss / 2 ** 20).toFixed(0)} / ${(base.heapUsed / 2 ** 20).toFixed(0)} MiB)`,
  );
  row(
    'API requests by verb',
    `${audit.length} in all: ${[...byVerb]
      .sort((a, b) => b[1] - a[1])
      .map(([v, n]) => `${v} ${n}`)
      .join(', ')}`,
  );
  row(
    "watch requests opened by the deploy (rollout tracker + the lock's Lease watch)",
    `${watches.length} (on ${watchKinds.join(', ')}) for ${N} Deployments`,
  );
  if (watches.length > 20)
    throw new Error(`the tracker opened ${watches.length} watches for ${N} Deployments: not bounded`);

  // (b) concurrent deploys.
  for (const n of [2, 5]) {
    const t = Date.now();
    const outs = await Promise.all(
      Array.from({ length: n }, (_, i) => deployOnce(`load-${n}-${i}`, 'svc', 'small.yaml')),
    );
    const ok = outs.filter((o) => o.status === 'deployed').length;
    row(
      `${n} concurrent deploys, different namespaces (3 Deployments each)`,
      `${((Date.now() - t) / 1000).toFixed(1)} s, ${ok}/${n} deployed`,
    );
    if (ok !== n)
      throw new Error(`${n} concurrent deploys: ${outs.map((o) => `${o.status}: ${o.message}`).join('; ')}`);
  }
  for (const n of [2, 5]) {
    const ns = `load-same-${n}`;
    const from5 = sb.audit.length;
    const t = Date.now();
    const outs = await Promise.all(
      Array.from({ length: n }, (_, i) => deployOnce(ns, `rel-${i}`, `same-${i}.yaml`, `v${i + 1}`)),
    );
    const ms = Date.now() - t;
    // The apply PATCHes (server-side apply; preflight dry runs excluded) in audit order, each
    // attributed to its release by object name: every release's PATCHes must be one unbroken run.
    const order = sb.audit
      .slice(from5)
      .filter(
        (a) =>
          a.verb === 'patch' &&
          a.namespace === ns &&
          !/(^|&)dryRun=All/.test(a.query) &&
          (a.resource === 'deployments' || a.resource === 'services'),
      )
      .map((a) => /^r(\d)-/.exec(a.name ?? '')?.[1] ?? '?');
    const runs: string[] = [];
    for (const r of order) {
      const last = runs.at(-1);
      if (last?.[0] !== r) runs.push(r);
      else runs[runs.length - 1] = last + r;
    }
    const interleaved = new Set(runs.map((r) => r[0])).size !== runs.length || runs.length !== n;
    const runsText = runs.map((r) => `rel-${r[0]}×${r.length}`).join(' → ');
    const records = await Promise.all(
      outs.map(async (_, i) =>
        (await new ReleaseStore(KubeClient.fromKubeconfig(kubeconfig), ns, `rel-${i}`).list())
          .map((e) => e.status)
          .join(','),
      ),
    );
    const deployed = records.filter((r) => r === 'deployed').length;
    row(
      `${n} concurrent deploys, same namespace (releases rel-0..${n - 1})`,
      `${(ms / 1000).toFixed(1)} s, ${outs.filter((o) => o.status === 'deployed').length}/${n} deployed, records deployed ${deployed}/${n}; apply PATCHes in audit order: ${runsText} → ${interleaved ? 'INTERLEAVED' : 'no interleaving'}`,
    );
    if (interleaved || deployed !== n)
      throw new Error(`same-namespace deploys: ${runsText}, records ${records.join(' | ')}`);
  }

  // Baseline: kubectl, one Deployment after another.
  const budgetMs = 60_000;
  const kc = ['--kubeconfig', kubeconfig];
  await KubeClient.fromKubeconfig(kubeconfig).apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kubectl-load' } },
    { fieldManager: 'bench' },
  );
  const tk = Date.now();
  const applied = await run(
    'kubectl',
    [...kc, '-n', 'kubectl-load', 'apply', '--server-side', '--field-manager', 'bench', '-f', join(dir, 'big.yaml')],
    60_000,
  );
  if (applied.code !== 0) throw new Error(`kubectl apply: ${applied.out.slice(0, 500)}`);
  const applyMs = Date.now() - tk;
  let done = 0;
  const tr = Date.now();
  for (let i = 0; i < N; i++) {
    if (Date.now() - tk > budgetMs && done >= 50) break;
    const r = await run(
      'kubectl',
      [
        ...kc,
        '-n',
        'kubectl-load',
        'rollout',
        'status',
        `deployment/app-${String(i).padStart(3, '0')}`,
        '--timeout',
        '60s',
      ],
      65_000,
    );
    if (r.code !== 0) throw new Error(`kubectl rollout status app-${i}: ${r.out}`);
    done++;
  }
  const statusMs = Date.now() - tr;
  const scaled = applyMs + (statusMs * N) / done;
  row(`baseline: kubectl apply --server-side -f (${N} Deployments + Services)`, `${(applyMs / 1000).toFixed(1)} s`);
  row(
    `baseline: kubectl rollout status, one after another`,
    `${(statusMs / 1000).toFixed(1)} s for ${done}${done < N ? ` (stopped at the time budget; ×${(N / done).toFixed(1)} → ${((statusMs * N) / done / 1000).toFixed(1)} s for ${N})` : ''}`,
  );
  row(
    `baseline total (apply + status)${done < N ? `, scaled to ${N}` : ''}`,
    `${(scaled / 1000).toFixed(1)} s vs runDeploy ${(bigMs / 1000).toFixed(1)} s (×${(scaled / bigMs).toFixed(1)})`,
  );

  console.log(
    `load: sandbox timeFactor ${TIME_FACTOR}, whole bench ${((Date.now() - BENCH_START) / 1000).toFixed(1)} s\n\n| measure | value |\n|---|---|\n${lines.join('\n')}`,
  );
} finally {
  await sb.stop();
  await rm(dir, { recursive: true, force: true });
}
