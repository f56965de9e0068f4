/**
 * Deploy benchmark on the sandbox, each number next to its baseline measured in the same run:
 *  (1) a bad image, from the start of the deploy to "failed and rolled back" with our deploy, vs
 *      the real `kubectl rollout status` waiting on the same kind of Deployment (it fails only at
 *      the progress deadline), plus `kubectl rollout undo` + status to get back — same sandbox,
 *      same timeFactor, same progressDeadlineSeconds;
 *  (4) API requests per deploy of M objects (M = 5, 20, 50), counted from the sandbox audit log,
 *      by verb, for a first deploy (create) and a new image (update);
 *  plus the wall time of a successful deploy of the example app (examples/, its sandbox config).
 * (2) and (3) — 50 Deployments at once, and last-available → success delay — are bench/rollout.ts.
 * Run: npm run bench -- deploy   (or bash scripts/node24.sh --experimental-transform-types bench/deploy.ts)
 * Bounded: kubectl gets at most 40 s, every deploy its own --timeout; the whole run stays < 90 s.
 */
import { registerHooks } from 'node:module';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { at } from './lib/stats.js';

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
const { loadSandboxConfigFile } = await import('../src/sandbox/config.js');
const { KubeClient } = await import('../src/kube/client.js');
const { runDeploy } = await import('../src/commands/deploy.js');
const { deployConfigFromArgs } = await import('../src/config/deploy.js');

const TIME_FACTOR = 0.02;
/** The Kubernetes default; the sandbox scales it by TIME_FACTOR like every other delay (12 s real). */
const PROGRESS_DEADLINE_SECONDS = 600;
/** Our default grace window (20 s) scaled the same way, so both sides see the same simulated cluster. */
const GRACE_SECONDS = 20 * TIME_FACTOR;
const KUBECTL_BUDGET_MS = 40_000;
/** Runs of our bad-image deploy; the median is reported. */
const OUR_RUNS = 3;
const benchStart = performance.now();
const workspace = process.cwd();

const dir = await mkdtemp(join(tmpdir(), 'bench-deploy-'));
const sb = await startSandbox({
  timing: { timeFactor: TIME_FACTOR },
  fargateProfiles: [{ name: 'bench', selectors: [{ namespace: 'bench-*' }] }],
  images: { exists: (image: string) => !image.includes('missing') },
});
const kubeconfig = join(dir, 'kubeconfig');
await sb.writeKubeconfig(kubeconfig);
const client = KubeClient.fromKubeconfig(kubeconfig);

/** One app: ServiceAccount, ConfigMap, Service, Deployment (2 replicas, readiness probe), PodDisruptionBudget. */
function app(name: string, ns: string, image: string): Record<string, unknown>[] {
  const labels = { app: name };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${name}-config`, namespace: ns },
      data: { GREETING: 'hello' },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns },
      spec: {
        replicas: 2,
        progressDeadlineSeconds: PROGRESS_DEADLINE_SECONDS,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name: 'app',
                image,
                ports: [{ containerPort: 8080 }],
                envFrom: [{ configMapRef: { name: `${name}-config` } }],
                readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 },
                resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '250m', memory: '512Mi' } },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: ns },
      spec: { minAvailable: 1, selector: { matchLabels: labels } },
    },
  ];
}

/** Writes the objects as a multi-document manifest in the temp dir (the deploys' workspace). */
async function manifestFile(file: string, objects: Record<string, unknown>[]): Promise<string> {
  const path = join(dir, file);
  await writeFile(path, objects.map((o) => JSON.stringify(o)).join('\n---\n'));
  return path;
}

/** Phases a deploy runs before its first write of the release (the part kubectl has no equivalent of). */
const BEFORE_APPLY = /^(render|connect|preflight|lock )/;

/** Where a failed deploy's time went after its lock (ms); see {@link breakdown}. */
interface Breakdown {
  /** Release record before the first write (previous release lookup, new record). */
  record: number;
  apply: number;
  /** Rollout: from its start until the first pull error was seen (pods created, Fargate provisioning, the pull). */
  untilProblem: number;
  /** Rollout: from the first pull error seen until the rollout was failed (the grace window). */
  grace: number;
  /** Rollback: re-apply the previous release and watch it. */
  rollback: number;
  /** Record status writes and lock release around and after the rollback. */
  bookkeeping: number;
}

interface DeployRun {
  ms: number;
  fromApplyMs: number;
  clusterMs: number;
  status: string;
  message: string;
  auditFrom: number;
  auditTo: number;
  phases: string;
  breakdown?: Breakdown;
}

async function ourDeploy(ns: string, release: string, manifest: string, extra: string[] = []): Promise<DeployRun> {
  const config = deployConfigFromArgs(
    [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      ns,
      '--release',
      release,
      '--manifests',
      manifest,
      '--workspace',
      dir,
      '--timeout',
      '60',
      ...extra,
    ],
    {},
  );
  config.graceSeconds = GRACE_SECONDS;
  const auditFrom = sb.audit.length;
  const lines: [number, string][] = [];
  const t0 = performance.now();
  const out = await runDeploy(config, { log: (l) => lines.push([performance.now() - t0, l]) });
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 50)); // closed watches reach the audit log when their response ends
  const beforeApply = out.phases.filter((p) => BEFORE_APPLY.test(p.name)).reduce((a, p) => a + p.durationMs, 0);
  const phase = (name: string): number =>
    out.phases.filter((p) => p.name === name).reduce((a, p) => a + p.durationMs, 0);
  const clusterMs = phase('rollout');
  const run: DeployRun = {
    ms,
    fromApplyMs: ms - beforeApply,
    clusterMs,
    status: out.status,
    message: out.message,
    auditFrom,
    auditTo: sb.audit.length,
    phases: out.phases.map((p) => `${p.name} ${p.durationMs}`).join(', '),
  };
  const at = (re: RegExp): number | undefined => lines.find(([, l]) => re.test(l))?.[0];
  const recorded = at(/^release /);
  const problem = at(/ErrImagePull|ImagePullBackOff|InvalidImageName/);
  const failed = at(/^deploy failed/);
  if (recorded !== undefined && problem !== undefined && failed !== undefined) {
    const rolloutStart = recorded + phase('apply');
    run.breakdown = {
      record: recorded - beforeApply,
      apply: phase('apply'),
      untilProblem: problem - rolloutStart,
      grace: failed - problem,
      rollback: phase('rollback'),
      bookkeeping: ms - failed - phase('rollback'),
    };
  }
  return run;
}

function kubectl(args: string[], timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, ...args],
      { timeout: Math.max(1, Math.ceil(timeoutMs)) },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}`.trim() });
      },
    );
  });
}

const rows: [string, string, string][] = [];
const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

try {
  // ---- (1) bad image: ours vs kubectl rollout status, same Deployment shape, same sandbox.
  const ns1 = 'bench-bad';
  const good = await manifestFile('good.json', app('web', ns1, 'registry.example/web:v1'));
  const bad = await manifestFile('bad.json', app('web', ns1, 'registry.example/web:missing'));
  const first = await ourDeploy(ns1, 'web', good);
  if (first.status !== 'deployed') throw new Error(`setup deploy failed: ${first.message}`);
  // Our side is ~1 s of mostly real-time work on a shared 2-core machine: the median of 3 runs.
  const runs: DeployRun[] = [];
  for (let i = 0; i < OUR_RUNS; i++) {
    const r = await ourDeploy(ns1, 'web', bad);
    if (r.status !== 'rolled-back') throw new Error(`expected a rollback, got ${r.status}: ${r.message}`);
    runs.push(r);
  }
  const ours = at(
    [...runs].sort((a, b) => a.fromApplyMs - b.fromApplyMs),
    Math.floor(runs.length / 2),
    'run',
  );

  // kubectl: the same objects under another name, applied the way a kubectl script applies them.
  const ns2 = 'bench-kubectl';
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns2 } }, { fieldManager: 'kubectl' });
  for (const o of app('web', ns2, 'registry.example/web:v1'))
    await client.apply(o as never, { fieldManager: 'kubectl', force: true });
  const ready = await kubectl(['rollout', 'status', 'deployment/web', '-n', ns2, '--timeout=30s'], 30_000);
  if (ready.code !== 0) throw new Error(`kubectl baseline setup: ${ready.out}`);
  const k0 = performance.now();
  for (const o of app('web', ns2, 'registry.example/web:missing'))
    await client.apply(o as never, { fieldManager: 'kubectl', force: true });
  const status = await kubectl(
    ['rollout', 'status', 'deployment/web', '-n', ns2, `--timeout=${KUBECTL_BUDGET_MS / 1000}s`],
    KUBECTL_BUDGET_MS + 5_000,
  );
  const kDetect = performance.now() - k0;
  const undo = await kubectl(['rollout', 'undo', 'deployment/web', '-n', ns2], 10_000);
  const back = await kubectl(['rollout', 'status', 'deployment/web', '-n', ns2, '--timeout=30s'], 30_000);
  const kTotal = performance.now() - k0;
  const kFailed = /exceeded its progress deadline/.test(status.out);
  console.log(
    `(1) bad image, 2 replicas, progressDeadlineSeconds ${PROGRESS_DEADLINE_SECONDS} (= ${sec(PROGRESS_DEADLINE_SECONDS * 1000 * TIME_FACTOR)} real at timeFactor ${TIME_FACTOR}), our grace ${GRACE_SECONDS} s (20 s scaled)`,
  );
  console.log(`    ours: ${ours.message.slice(0, 140)}…`);
  console.log(`    ours phases (ms): ${ours.phases}`);
  console.log(
    `    ours from apply, ${OUR_RUNS} runs (ms): ${runs.map((r) => r.fromApplyMs.toFixed(0)).join(', ')}; median run after the lock (ms): ${
      ours.breakdown
        ? Object.entries(ours.breakdown)
            .map(([k, v]) => `${k} ${(v as number).toFixed(0)}`)
            .join(', ')
        : 'n/a'
    }`,
  );
  console.log(`    kubectl rollout status: exit ${status.code}: ${status.out.split('\n').at(-1)}`);
  console.log(`    kubectl rollout undo: ${undo.out}; status after: ${back.out.split('\n').at(-1)}`);
  // The sandbox compresses cluster time by TIME_FACTOR but not our own real-time work (HTTP round
  // trips, dry runs, records), so that work weighs 1/TIME_FACTOR times more here than on EKS.
  // Extrapolated to real timing: the time spent waiting on the cluster scales, the rest does not.
  const ownMs = ours.fromApplyMs - ours.clusterMs;
  const realOurs = ours.clusterMs / TIME_FACTOR + ownMs;
  const realKubectl = kDetect / TIME_FACTOR;
  rows.push([
    '(1) bad image, ours: deploy start → rolled back',
    sec(ours.ms),
    'incl. render, preflight dry run, lock (before any write)',
  ]);
  rows.push([
    '(1) bad image, ours: apply → failed + rolled back',
    sec(ours.fromApplyMs),
    `median of ${OUR_RUNS}; of which the rollout phase ${sec(ours.clusterMs)}`,
  ]);
  if (ours.breakdown) {
    const b = ours.breakdown;
    rows.push([
      '(1)   where it goes (median run)',
      sec(ours.fromApplyMs),
      `record ${sec(b.record)}, apply ${sec(b.apply)}, pods until the pull error ${sec(b.untilProblem)}, grace ${sec(b.grace)}, rollback ${sec(b.rollback)}, records + unlock ${sec(b.bookkeeping)}`,
    ]);
  }
  rows.push([
    '(1) kubectl: apply → rollout status fails',
    sec(kDetect),
    kFailed ? 'ProgressDeadlineExceeded' : `did not fail at the deadline (exit ${status.code})`,
  ]);
  rows.push(['(1) kubectl: + rollout undo + status', sec(kTotal), 'what a kubectl script needs to get back']);
  rows.push([
    '(1) ratio ours / kubectl, from apply',
    (ours.fromApplyMs / kDetect).toFixed(3),
    `target < 0.1 (${ours.fromApplyMs / kDetect < 0.1 ? 'met' : 'NOT met'} at timeFactor ${TIME_FACTOR})`,
  ]);
  rows.push(['(1) ratio ours / kubectl, from deploy start', (ours.ms / kDetect).toFixed(3), '']);
  rows.push([
    '(1) same, extrapolated to timeFactor 1',
    (realOurs / realKubectl).toFixed(3),
    `${sec(realOurs)} vs ${sec(realKubectl)}: cluster waits ×${1 / TIME_FACTOR}, our own ${sec(ownMs)} as is`,
  ]);

  // ---- (4) API requests per deploy of M objects.
  for (const m of [5, 20, 50]) {
    const ns = `bench-m${m}`;
    const apps = m / 5;
    const objectsV1 = Array.from({ length: apps }, (_, i) => app(`svc-${i}`, ns, 'registry.example/svc:v1')).flat();
    const objectsV2 = Array.from({ length: apps }, (_, i) => app(`svc-${i}`, ns, 'registry.example/svc:v2')).flat();
    const v1 = await ourDeploy(ns, 'svc', await manifestFile(`m${m}-v1.json`, objectsV1));
    const v2 = await ourDeploy(ns, 'svc', await manifestFile(`m${m}-v2.json`, objectsV2));
    for (const [label, r] of [
      ['create', v1],
      ['new image', v2],
    ] as const) {
      if (r.status !== 'deployed') throw new Error(`M=${m} ${label}: ${r.status}: ${r.message}`);
      const verbs: Record<string, number> = {};
      const records = sb.audit.slice(r.auditFrom, r.auditTo);
      for (const a of records) verbs[a.verb] = (verbs[a.verb] ?? 0) + 1;
      const byVerb = Object.entries(verbs)
        .sort((a, b) => b[1] - a[1])
        .map(([v, n]) => `${v} ${n}`)
        .join(', ');
      rows.push([
        `(4) M=${m} (${apps} apps × 5 objects), ${label}`,
        `${records.length} requests`,
        `${(records.length / m).toFixed(1)}/object in ${sec(r.ms)}: ${byVerb}`,
      ]);
    }
  }
} finally {
  await sb.stop();
}

// ---- The example app (examples/), on its own sandbox config, as the demo deploys it.
const demoConfig = await loadSandboxConfigFile(join(workspace, 'examples/sandbox.yaml'));
const demo = await startSandbox({ ...demoConfig, port: 0 });
try {
  const kc = join(dir, 'demo-kubeconfig');
  await demo.writeKubeconfig(kc);
  const config = deployConfigFromArgs(
    [
      '--kubeconfig',
      kc,
      '--namespace',
      'shop',
      '--release',
      'shop',
      '--workspace',
      workspace,
      '--ecs-task-definition',
      'examples/ecs/frontend-taskdef.json',
      '--ecs-task-definition',
      'examples/ecs/backend-taskdef.json',
      '--ecs-service',
      'examples/ecs/services.json',
      '--ecs-scaling',
      'examples/ecs/scaling.json',
      '--smoke-tests',
      'examples/smoke-tests.yaml',
      '--grace',
      '3',
      '--timeout',
      '120',
    ],
    {},
  );
  const from = demo.audit.length;
  const t0 = performance.now();
  const out = await runDeploy(config, { log: () => {} });
  const ms = performance.now() - t0;
  rows.push([
    `example app deploy (timeFactor ${demoConfig.timing.timeFactor})`,
    sec(ms),
    `${out.status}, ${out.applied.length} objects, ${demo.audit.length - from} requests; ${out.phases.map((p) => `${p.name} ${(p.durationMs / 1000).toFixed(2)}`).join(', ')}`,
  ]);
} finally {
  await demo.stop();
  await rm(dir, { recursive: true, force: true });
}

const [w0, w1] = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
console.log('');
for (const r of rows) console.log(`${r[0].padEnd(w0)}  ${r[1].padStart(w1)}  ${r[2]}`);
console.log(`total bench time ${sec(performance.now() - benchStart)}`);
