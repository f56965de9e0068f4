/**
 * Start-up benchmark (issue 17 point 3), with its baseline in the same run.
 *
 *  - The action: dist/action/index.js run with no inputs (so it stops at its first input error)
 *    against a minimal action — a file that imports @actions/core and asks for a required input —
 *    bundled here with the same ncc and the same flags as ours. N runs of each, alternating, on
 *    Node 24; the medians of wall time (spawn to exit) and peak RSS, and our/minimal ratios
 *    (target: within 1.2x on both).
 *  - The action bundle: every file under dist/action (all chunks, licenses) against 3 MB.
 *  - The CLI: `eks-fargate-deploy help` (median of N, target under 100 ms) and its `version`.
 *
 * Run: npm run bench -- startup. BENCH_ACTION_DIR / BENCH_CLI_DIR measure another bundle than dist/
 * (e.g. a throw-away `ncc build` before dist/ is rebuilt); BENCH_RUNS sets N (default 10).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { median } from './lib/stats.js';

const ROOT = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env['BENCH_RUNS'] ?? 10);
const ACTION_DIR = resolve(process.env['BENCH_ACTION_DIR'] ?? join(ROOT, 'dist/action'));
const CLI_DIR = resolve(process.env['BENCH_CLI_DIR'] ?? join(ROOT, 'dist/cli'));
const BUNDLE_LIMIT_BYTES = 3_000_000;
const HELP_LIMIT_MS = 100;
const RATIO_TARGET = 1.2;
const TIME = '/usr/bin/time';

const run = promisify(execFile);

interface Sample {
  wallMs: number;
  /** Peak resident set size, KiB. */
  rssKiB: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The Node 24 binary scripts/node24.sh picks (run directly, so bash is not in the figures). */
async function node24(): Promise<string> {
  const { stdout } = await run('bash', [join(ROOT, 'scripts/node24.sh'), '-p', 'process.execPath']);
  return stdout.trim();
}

/** The flags scripts/bundle.sh gives ncc for the action (so the minimal action gets the same). */
async function nccFlags(): Promise<string[]> {
  const script = await readFile(join(ROOT, 'scripts/bundle.sh'), 'utf8');
  const m = /ncc build src\/index\.ts -o "\$out\/action"(.*)$/m.exec(script);
  if (!m) throw new Error("cannot find the action's ncc command in scripts/bundle.sh");
  return (m[1] ?? '').trim().split(/ +/).filter(Boolean);
}

/** Environment of a run: no INPUT_* and no GitHub context, as an action started without inputs. */
function bareEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8' };
}

/** Run `node args` once: wall time from spawn to exit, peak RSS by /usr/bin/time (or getrusage). */
function measure(node: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Sample> {
  const useTime = existsSync(TIME);
  // Without GNU time, a preload reports the child's own maxRSS on stderr at exit.
  const preload = "process.on('exit',()=>process.stderr.write('\\n@@maxrss '+process.resourceUsage().maxRSS+'\\n'))";
  const [cmd, argv] = useTime
    ? [TIME, ['-f', '@@maxrss %M', node, ...args]]
    : [node, ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, ...args]];
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const m = /@@maxrss (\d+)/.exec(stderr);
      if (!m?.[1]) {
        fail(new Error(`no peak RSS reported by ${cmd}: ${stderr.slice(-500)}`));
        return;
      }
      done({ wallMs, rssKiB: Number(m[1]), code, stdout, stderr: stderr.replace(/\n?@@maxrss \d+\n?/, '') });
    });
  });
}

async function sizeOf(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    bytes += (await stat(join(e.parentPath, e.name))).size;
    files++;
  }
  return { bytes, files };
}

const verdict = (ok: boolean): string => (ok ? 'ok' : 'OVER TARGET');
const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;

/** Bundle the minimal @actions/core action in `dir` with our ncc and flags; returns its entry file. */
async function buildMinimalAction(dir: string): Promise<string> {
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'package.json'), '{"type":"module","private":true}\n');
  await writeFile(
    join(dir, 'index.js'),
    [
      "import * as core from '@actions/core';",
      'try {',
      "  core.getInput('x', { required: true });",
      '} catch (err) {',
      '  core.setFailed(err instanceof Error ? err.message : String(err));',
      '}',
      '',
    ].join('\n'),
  );
  const flags = (await nccFlags()).filter((f) => f !== '-q');
  await run(join(ROOT, 'node_modules/.bin/ncc'), ['build', 'index.js', '-o', 'out', ...flags, '-q'], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  });
  // Minified as ours is (scripts/bundle.sh runs the same terser pass over every file).
  await run(process.execPath, [join(ROOT, 'scripts/minify-chunks.mjs'), join(dir, 'out')]);
  return join(dir, 'out/index.js');
}

async function actionFigures(node: string, dir: string): Promise<void> {
  const entry = join(ACTION_DIR, 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run bundle (or set BENCH_ACTION_DIR)`);
  const minimal = await buildMinimalAction(dir);
  const env = bareEnv(dir);
  const ours: Sample[] = [];
  const base: Sample[] = [];
  // One warm-up of each (file cache), then alternate so machine load hits both alike.
  await measure(node, [minimal], dir, env);
  await measure(node, [entry], dir, env);
  for (let i = 0; i < RUNS; i++) {
    base.push(await measure(node, [minimal], dir, env));
    ours.push(await measure(node, [entry], dir, env));
  }
  // The figure only means something if ours stopped at an input error, as the minimal one did.
  for (const s of ours)
    if (s.code !== 1 || !/^::error::input /m.test(s.stdout))
      throw new Error(
        `our action did not stop at an input error (exit ${String(s.code)}):\n${s.stdout}${s.stderr}`.slice(0, 2000),
      );
  for (const s of base)
    if (s.code !== 1 || !s.stdout.includes('::error::Input required and not supplied: x'))
      throw new Error(`the minimal action did not fail as expected (exit ${String(s.code)}):\n${s.stdout}${s.stderr}`);
  const firstError = /^::error::.*$/m.exec(ours[0]?.stdout ?? '')?.[0] ?? '';
  const wall = [median(ours.map((s) => s.wallMs)), median(base.map((s) => s.wallMs))] as const;
  const rss = [median(ours.map((s) => s.rssKiB)), median(base.map((s) => s.rssKiB))] as const;
  console.log(`action start → first input error (${firstError}), median of ${RUNS}, Node ${process.versions.node}:`);
  const rw = wall[0] / wall[1];
  const rm_ = rss[0] / rss[1];
  console.log(
    `  wall:     ours ${wall[0].toFixed(0)} ms, minimal @actions/core action ${wall[1].toFixed(0)} ms: ${rw.toFixed(2)}x (target ≤ ${RATIO_TARGET}x: ${verdict(rw <= RATIO_TARGET)})`,
  );
  console.log(
    `  peak RSS: ours ${mib(rss[0])}, minimal ${mib(rss[1])}: ${rm_.toFixed(2)}x (target ≤ ${RATIO_TARGET}x: ${verdict(rm_ <= RATIO_TARGET)})`,
  );
  const [ourSize, minSize] = await Promise.all([sizeOf(ACTION_DIR), sizeOf(join(dir, 'out'))]);
  console.log(
    `action bundle: ${(ourSize.bytes / 1e6).toFixed(2)} MB in ${ourSize.files} files under ${ACTION_DIR} (target < ${BUNDLE_LIMIT_BYTES / 1e6} MB: ${verdict(ourSize.bytes < BUNDLE_LIMIT_BYTES)}); minimal action ${(minSize.bytes / 1e6).toFixed(2)} MB`,
  );
}

async function cliFigures(node: string, dir: string): Promise<void> {
  const entry = join(CLI_DIR, 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run bundle (or set BENCH_CLI_DIR)`);
  const env = bareEnv(dir);
  const version = await measure(node, [entry, 'version'], dir, env);
  if (version.code !== 0) throw new Error(`version failed (exit ${String(version.code)}): ${version.stderr}`);
  await measure(node, [entry, 'help'], dir, env);
  const help: Sample[] = [];
  for (let i = 0; i < RUNS; i++) help.push(await measure(node, [entry, 'help'], dir, env));
  const bad = help.find((s) => s.code !== 0 || s.stdout.trim() === '');
  if (bad) throw new Error(`help failed (exit ${String(bad.code)}): ${bad.stderr}`);
  const ms = median(help.map((s) => s.wallMs));
  console.log(`CLI version ${version.stdout.trim()}:`);
  console.log(
    `  eks-fargate-deploy help: ${ms.toFixed(0)} ms median of ${RUNS}, peak RSS ${mib(median(help.map((s) => s.rssKiB)))} (target < ${HELP_LIMIT_MS} ms: ${verdict(ms < HELP_LIMIT_MS)})`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'bench-startup-'));
try {
  const node = await node24();
  await actionFigures(node, dir);
  await cliFigures(node, dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
