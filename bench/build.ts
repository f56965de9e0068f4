/**
 * `build` timings on this machine, all measured in the same run against real parts (moto_server
 * as ECR, the Debian docker-registry on 127.0.0.1, buildah with vfs storage):
 *   baseline   a build + push of the test image (FROM scratch + static busybox) with buildah;
 *   skip       a re-run with nothing changed (the tag is in the registry): in-process, and as a
 *              fresh Node process running the `build` command (what a CI step pays), which must
 *              finish in under 2 s.
 * Run: `npm run bench -- build`. Bounded: about 15 s. Exits 1 when the skip path misses its budget.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultEcrClient } from '../src/aws/ecr.js';
import { buildConfigFromArgs } from '../src/config/build.js';
import { runBuild } from '../src/commands/build.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto } from '../test/helpers/moto.js';
import { makeContext, startRegistry, tempDir } from '../test/image/helpers.js';
import { median } from './lib/stats.js';

const SKIP_BUDGET_MS = 2000;
const RUNS = 5;

/** Run the compiled `build` command in a fresh Node process; resolves with its wall time and exit code. */
function coldRun(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number | null; stderr: string }> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const commandModule = resolve(here, '../src/commands/build.js');
  const script = `const m = await import(${JSON.stringify(commandModule)}); process.exitCode = await m.runBuildCommand(JSON.parse(process.argv[1]), { out: () => {}, err: (t) => process.stderr.write(t) });`;
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(args)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ ms: performance.now() - t0, code, stderr });
    });
  });
}

const root = tempDir('efd-bench-build-');
const moto = await startMoto();
const registry = await startRegistry({
  dir: join(root, 'registry'),
  username: 'AWS',
  password: `${MOTO_ACCOUNT_ID}-auth-token`,
});
let failed = false;
try {
  const workspace = join(root, 'ws');
  mkdirSync(workspace);
  makeContext(workspace, 'app');
  const aws = awsTestEnv(moto.endpoint);
  const env: NodeJS.ProcessEnv = {
    ...aws.env,
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: root,
    GITHUB_WORKSPACE: workspace,
  };
  const args = [
    '--images',
    '- { name: web, context: app, tags: [ stable ] }',
    '--tag',
    'bench0000000000000000000000000000000001',
    '--registry',
    registry.url,
    '--lifecycle-keep',
    '20',
    '--buildah-storage-driver',
    'vfs',
    '--buildah-root',
    join(root, 'buildah', 'root'),
    '--buildah-runroot',
    join(root, 'buildah', 'run'),
  ];
  const config = buildConfigFromArgs(args, env);
  // In process the ECR client is given the endpoint; the fresh processes find it in AWS_ENDPOINT_URL like any SDK client.
  const deps = {
    log: () => {},
    env,
    tempBase: root,
    ecr: defaultEcrClient(aws.region, { endpoint: aws.endpoint, credentials: aws.credentials }),
  };

  const t0 = performance.now();
  const first = await runBuild(config, deps);
  const baseline = performance.now() - t0;
  if (first.images[0]?.status !== 'built')
    throw new Error(`baseline: expected a build, got ${first.images[0]?.status}`);
  console.log(
    `baseline  build + push of the test image (buildah, vfs)   ${baseline.toFixed(0).padStart(6)} ms   ${first.images[0].ref}`,
  );

  const inProcess: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const again = await runBuild(config, deps);
    inProcess.push(performance.now() - t);
    if (again.images[0]?.status !== 'skipped' || again.images[0].digest !== first.images[0].digest)
      throw new Error('skip run did not reuse the digest');
  }
  console.log(
    `skip      re-run, nothing changed (in process)          ${median(inProcess).toFixed(0).padStart(6)} ms   median of ${RUNS}, max ${Math.max(...inProcess).toFixed(0)} ms`,
  );

  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await coldRun(args, env);
    if (r.code !== 0) throw new Error(`cold skip run exited ${r.code}:\n${r.stderr}`);
    if (!r.stderr.includes('skipping the build')) throw new Error(`cold run did not take the skip path:\n${r.stderr}`);
    cold.push(r.ms);
  }
  const coldMax = Math.max(...cold);
  console.log(
    `skip      re-run, nothing changed (fresh Node process)  ${median(cold).toFixed(0).padStart(6)} ms   median of ${RUNS}, max ${coldMax.toFixed(0)} ms`,
  );
  console.log(
    `ratio     baseline / skip (fresh process, median)       ${(baseline / median(cold)).toFixed(1).padStart(6)} x`,
  );
  if (coldMax >= SKIP_BUDGET_MS) {
    failed = true;
    console.log(`FAIL: a skip run took ${coldMax.toFixed(0)} ms (budget ${SKIP_BUDGET_MS} ms)`);
  } else console.log(`ok: every skip run under ${SKIP_BUDGET_MS} ms`);
} finally {
  await Promise.all([moto.stop(), registry.stop()]);
  rmSync(root, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
