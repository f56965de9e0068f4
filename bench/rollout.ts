/**
 * Rollout tracking benchmark on one sandbox:
 *  (2) 50 Deployments rolling out together — our RolloutTracker vs the real `kubectl rollout
 *      status` run one Deployment after another (what Azure/k8s-deploy does); both times + ratio;
 *  (3) delay between the sandbox marking the last Deployment rolled out (in-process store event,
 *      judged by kubectl's rules) and the tracker reporting success — median over a few runs;
 *  plus the API requests the tracker made (sandbox audit log).
 * Run: npm run bench -- rollout   (or bash scripts/node24.sh --experimental-transform-types bench/rollout.ts [--quick])
 * Bounded: kubectl is given at most 30 s in total, every tracker run 20 s, the latency runs stop at 45 s.
 */
import { registerHooks } from 'node:module';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
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
const { KubeClient } = await import('../src/kube/client.js');
const { RolloutTracker } = await import('../src/kube/rollout.js');
const { deploymentStatus } = await import('../src/kube/rollout-status.js');

const quick = process.argv.includes('--quick');
const DEPLOYMENTS = 50;
const REPLICAS = 2;
const NS = 'bench';
const LATENCY_RUNS = quick ? 3 : 5;
const KUBECTL_BUDGET_MS = 30_000;
/** Latency runs stop once the whole benchmark has used this much (a busy machine stays bounded). */
const TOTAL_BUDGET_MS = 50_000;
const benchStart = performance.now();

const sb = await startSandbox({
  timing: { timeFactor: 0.01 },
  fargateProfiles: [{ name: 'bench', selectors: [{ namespace: NS }] }],
});
const dir = await mkdtemp(join(tmpdir(), 'bench-rollout-'));
const kubeconfig = join(dir, 'config');
await sb.writeKubeconfig(kubeconfig);
const client = KubeClient.fromKubeconfig(kubeconfig);
const names = Array.from({ length: DEPLOYMENTS }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
const targets = names.map((name) => ({ kind: 'Deployment' as const, namespace: NS, name }));

/** Time (performance.now) at which each Deployment was last seen completing its rollout. */
const completedAt = new Map<string, number>();
sb.store.onEvent((e) => {
  if (e.resourceKey !== 'deployments.apps' || e.object.metadata.namespace !== NS) return;
  const done = deploymentStatus(e.object as never).done;
  const name = e.object.metadata.name;
  if (name === undefined) return;
  if (done && !completedAt.has(name)) completedAt.set(name, performance.now());
  if (!done) completedAt.delete(name);
});

async function applyAll(version: number): Promise<void> {
  completedAt.clear();
  await Promise.all(
    names.map((name) =>
      client.apply(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name, namespace: NS },
          spec: {
            replicas: REPLICAS,
            selector: { matchLabels: { app: name } },
            template: {
              metadata: { labels: { app: name } },
              spec: {
                containers: [
                  {
                    name: 'app',
                    image: `registry.example/${name}:${version}`,
                    resources: { requests: { cpu: '250m', memory: '256Mi' } },
                  },
                ],
              },
            },
          },
        },
        { fieldManager: 'bench', force: true },
      ),
    ),
  );
}

async function ours(): Promise<{ ms: number; delayMs: number; requests: number; watches: number; ok: boolean }> {
  const auditFrom = sb.audit.length;
  const t0 = performance.now();
  const tracker = new RolloutTracker(client, { targets, graceSeconds: 30, timeoutSeconds: 20 });
  const outcome = await tracker.run();
  const end = performance.now();
  const lastAvailable = Math.max(...names.map((n) => completedAt.get(n) ?? NaN));
  await new Promise((r) => setTimeout(r, 50)); // let the closed watches reach the audit log
  return {
    ms: end - t0,
    delayMs: end - Math.max(lastAvailable, t0),
    requests: sb.audit.length - auditFrom,
    watches: tracker.counters.watchesOpened,
    ok: outcome.ok,
  };
}

function kubectl(args: string[], timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, ...args],
      { timeout: Math.max(1, Math.ceil(timeoutMs)) },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
      },
    );
  });
}

async function kubectlSequential(): Promise<{ ms: number; done: number; failed: number }> {
  const t0 = performance.now();
  let done = 0;
  let failed = 0;
  for (const name of names) {
    const left = KUBECTL_BUDGET_MS - (performance.now() - t0);
    if (left <= 0) break;
    const r = await kubectl(['rollout', 'status', `deployment/${name}`, '-n', NS, '--timeout=30s'], left);
    if (r.code === 0 && r.out.includes('successfully rolled out')) done++;
    else failed++;
  }
  return { ms: performance.now() - t0, done, failed };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

try {
  await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, { fieldManager: 'bench' });
  const setup0 = performance.now();
  await applyAll(1);
  const warm = await ours();
  if (!warm.ok) throw new Error('initial rollout did not succeed');
  console.log(
    `setup: ${DEPLOYMENTS} Deployments created and available in ${((performance.now() - setup0) / 1000).toFixed(1)} s`,
  );

  // (2) same scenario for both: a new image for all 50 Deployments, then wait for all of them.
  const a0 = performance.now();
  await applyAll(2);
  const applyMs = performance.now() - a0;
  const tracked = await ours();
  await applyAll(3);
  const seq = await kubectlSequential();
  console.log(
    `${DEPLOYMENTS} Deployments × ${REPLICAS} replicas, new image for all (applied in ${applyMs.toFixed(0)} ms), sandbox timeFactor 0.01`,
  );
  console.log(
    `  RolloutTracker (all at once)           ${(tracked.ms / 1000).toFixed(2)} s  ok=${tracked.ok}  ${tracked.watches} watches, ${tracked.requests} API requests`,
  );
  console.log(
    `  kubectl rollout status, one after other ${(seq.ms / 1000).toFixed(2)} s  (${seq.done} succeeded, ${seq.failed} failed/not run${seq.done + seq.failed < DEPLOYMENTS ? `, stopped at the ${KUBECTL_BUDGET_MS / 1000} s budget` : ''})`,
  );
  console.log(`  ratio kubectl / ours                    ${(seq.ms / tracked.ms).toFixed(1)}×`);

  // (3) last Deployment available → tracker success.
  const delays: number[] = [];
  for (let i = 0; i < LATENCY_RUNS && performance.now() - benchStart < TOTAL_BUDGET_MS - 5_000; i++) {
    await applyAll(10 + i);
    const r = await ours();
    if (r.ok) delays.push(r.delayMs);
  }
  console.log(
    `  last Deployment available → our success: median ${median(delays).toFixed(1)} ms over ${delays.length} runs (${delays.map((d) => d.toFixed(1)).join(', ')} ms)`,
  );
} finally {
  await sb.stop();
  await rm(dir, { recursive: true, force: true });
}
