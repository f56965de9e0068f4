/**
 * Memory benchmark of reading a release (issue 14 point 9), with its baseline in the same run.
 *
 * Each case runs in a fresh child process that does what `deploy` does before it touches a
 * cluster — prepareRelease: load and parse the manifests, schema validation, Fargate lint, render —
 * and reports its peak RSS (getrusage maxRSS) and wall time:
 *  baseline: a release of 1 object (what the process costs at all);
 *  (a) the largest allowed release: MAX_RELEASE_OBJECTS objects (Deployments and Services, one
 *      file), and (a') as many Deployments padded to fill the 8 MiB file limit — must stay ≤ 512 MB;
 *  (b) 130,000 small ConfigMaps in one file under 8 MiB (the input that took 2.7–3.8 GB) — refused
 *      once the limit is passed, naming the file and the limit;
 *  (c) the same 130,000 as the items of one `kind: List` document — refused before it is parsed;
 *  (d) one List item repeated by 1.6 million aliases (`- *a`) — refused before it is parsed;
 *  (e) a List just small enough for the text check (4 × the limit − 1 items) — parsed, then refused:
 *      the most memory a refused file can cost.
 * Run: npm run bench -- memory. Bounded: each child is killed after 120 s.
 */
import { registerHooks } from 'node:module';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const MIB = 2 ** 20;
const LIMIT_MB = 512;

function deployment(i: number, extraEnv = 0): string {
  const name = `app-${String(i).padStart(5, '0')}`;
  const env = Array.from({ length: extraEnv }, (_, j) => `, {name: SETTING_${j}, value: "value-${j}-of-${name}"}`).join(
    '',
  );
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}, tier: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, tier: web}}
    spec:
      containers:
        - name: app
          image: registry.example/app:v1
          ports: [{containerPort: 8080}]
          env: [{name: MODE, value: production}, {name: PORT, value: "8080"}${env}]
          readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 5}
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 250m, memory: 256Mi}`;
}

function service(i: number): string {
  const name = `app-${String(i).padStart(5, '0')}`;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{name: http, port: 80, targetPort: 8080}]`;
}

/** What a child does: prepareRelease on `file`, then report peak RSS, time and the outcome as one JSON line. */
async function child(dir: string, file: string): Promise<void> {
  const { prepareRelease } = await import('../src/commands/release-input.js');
  const { deployConfigFromArgs } = await import('../src/config/deploy.js');
  const started = performance.now();
  let outcome: string;
  try {
    const config = deployConfigFromArgs(
      [
        '--kubeconfig',
        join(dir, 'kubeconfig'),
        '--namespace',
        'shop',
        '--release',
        'big',
        '--workspace',
        dir,
        '--manifests',
        file,
      ],
      {},
    );
    const prepared = await prepareRelease(config);
    outcome = `${prepared.rendered.objects.length} objects rendered, ${prepared.findings.filter((f) => f.severity === 'blocker').length} blockers`;
  } catch (err) {
    outcome = `refused: ${(err as Error).message.split('\n')[0]}`;
  }
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ peakMb: process.resourceUsage().maxRSS / 1024, ms, outcome })}\n`);
}

interface Result {
  peakMb: number;
  ms: number;
  outcome: string;
}

function runChild(dir: string, file: string): Promise<Result> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...process.execArgv, self, '--child', dir, file],
      { timeout: 120_000, maxBuffer: 16 * MIB },
      (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(line) as Result);
        } catch {
          reject(new Error(`child for ${file} failed: ${err?.message ?? ''} ${stderr.slice(0, 2000)}`));
        }
      },
    );
  });
}

async function main(): Promise<void> {
  const { MAX_RELEASE_OBJECTS } = await import('../src/manifests/parse.js');
  const { MAX_INPUT_FILE_BYTES } = await import('../src/inputs/input-file.js');
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'bench-memory-'));
  try {
    await writeFile(
      join(dir, 'kubeconfig'),
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\n',
    );
    const files: [string, string, string][] = [];
    files.push(['baseline: 1 object', 'one.yaml', `${deployment(0)}\n`]);
    const half = MAX_RELEASE_OBJECTS / 2;
    const largest: string[] = [];
    for (let i = 0; i < half; i++) largest.push(deployment(i), service(i));
    files.push([
      `(a) largest allowed: ${MAX_RELEASE_OBJECTS} objects (${half} Deployments + ${half} Services)`,
      'largest.yaml',
      `${largest.join('\n---\n')}\n`,
    ]);
    const padded: string[] = [];
    for (let i = 0; i < MAX_RELEASE_OBJECTS; i++) padded.push(deployment(i, 19));
    files.push([
      `(a') largest allowed, by size too: ${MAX_RELEASE_OBJECTS} Deployments filling the 8 MiB file`,
      'padded.yaml',
      `${padded.join('\n---\n')}\n`,
    ]);
    const fitting: string[] = [];
    for (let i = 0; i < MAX_RELEASE_OBJECTS * 4 - 1; i++)
      fitting.push(`- {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}}`);
    files.push([
      `(e) a List of ${MAX_RELEASE_OBJECTS * 4 - 1} ConfigMaps: passes the text check, refused once parsed`,
      'fitting.yaml',
      `apiVersion: v1\nkind: List\nitems:\n${fitting.join('\n')}\n`,
    ]);
    const small = (i: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`;
    const many: string[] = [];
    for (let i = 0; i < 130_000; i++) many.push(small(i));
    files.push(['(b) 130,000 small ConfigMaps, one file', 'many.yaml', many.join('---\n')]);
    const items = many.map((d) => `- ${d.trimEnd().split('\n').join('\n  ')}`);
    files.push([
      '(c) 130,000 ConfigMaps as one kind: List',
      'list.yaml',
      `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`,
    ]);
    const aliases = '- *a\n'.repeat(Math.floor((MAX_INPUT_FILE_BYTES - 200) / 5));
    files.push([
      '(d) one List item repeated by 1.6 million aliases',
      'aliases.yaml',
      `apiVersion: v1\nkind: List\nitems:\n- &a {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n${aliases}`,
    ]);

    const rows: string[] = [];
    let baseline: Result | undefined;
    let worstAllowed = 0;
    for (const [label, name, text] of files) {
      await writeFile(join(dir, name), text);
      const size = (await stat(join(dir, name))).size;
      if (size > MAX_INPUT_FILE_BYTES)
        throw new Error(
          `${name} is ${size} bytes, over the file limit: the case would test the size limit, not the object limit`,
        );
      const r = await runChild(dir, name);
      baseline ??= r;
      if (name === 'largest.yaml' || name === 'padded.yaml') worstAllowed = Math.max(worstAllowed, r.peakMb);
      rows.push(
        `| ${label} | ${(size / MIB).toFixed(2)} MiB | ${r.peakMb.toFixed(0)} MB | +${(r.peakMb - baseline.peakMb).toFixed(0)} MB | ${(r.ms / 1000).toFixed(2)} s | ${r.outcome.slice(0, 160)} |`,
      );
    }
    console.log(
      `memory: prepareRelease in a fresh process per case; object limit ${MAX_RELEASE_OBJECTS}; whole bench ${((Date.now() - started) / 1000).toFixed(1)} s\n\n` +
        `| case | file | peak RSS | over baseline | time | outcome |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n\n` +
        `largest allowed release: peak ${worstAllowed.toFixed(0)} MB, limit ${LIMIT_MB} MB: ${worstAllowed <= LIMIT_MB ? 'ok' : 'OVER'}`,
    );
    if (worstAllowed > LIMIT_MB) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(at(process.argv, 3, 'argument'), at(process.argv, 4, 'argument'));
else await main();
