/**
 * Jest setup (setupFilesAfterEnv) for the whole-suite secret scan. When `EFD_ARTEFACT_DIR` is set
 * (scripts/test.sh sets it), every jest worker records what the tool produces, whichever test
 * runs it:
 * - writes to stdout/stderr and to files made by the tool's own code (`src/`, not the sandbox):
 *   the action's log, GITHUB_OUTPUT, the job summary, report files, rendered manifests;
 * - the output of every tool process a test spawns (the action bundle, the CLI), and — through a
 *   preload in that process (child-preload.mjs) — every file it writes.
 * Secret files the tool writes on purpose (mode 0600: registry auth files) are credentials, not
 * artefacts. Patches are installed once per worker, on the real built-in modules, so every test
 * file's imports see them.
 */
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { flushArtefacts, recordArtefact, recording, registerCanary } from '../../src/sandbox/artefacts.js';
import { currentTest } from './artefacts.js';

const ROOT = process.cwd();
const PRELOAD = pathToFileURL(`${ROOT}/test/helpers/child-preload.mjs`).href;
const INSTALLED = Symbol.for('efd.capture.installed');

/** Who made the call being looked at: the tool, the sandbox, a test, or something else (jest, node). */
function producer(): 'tool' | 'sandbox' | 'test' | 'other' {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 80;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const line of stack.split('\n').slice(1)) {
    if (line.includes('/test/helpers/capture-setup') || line.includes('/node_modules/') || line.includes('node:'))
      continue;
    if (line.includes(`${ROOT}/src/sandbox/`)) return 'sandbox';
    if (line.includes(`${ROOT}/src/`)) return 'tool';
    if (line.includes(`${ROOT}/test/`) || line.includes(`${ROOT}/bench/`)) return 'test';
  }
  return 'other';
}

const text = (data: unknown): string =>
  typeof data === 'string'
    ? data
    : Buffer.isBuffer(data) || data instanceof Uint8Array
      ? Buffer.from(data).toString('utf8')
      : '';
const isSecretFile = (options: unknown): boolean =>
  typeof options === 'object' && options !== null && ((options as { mode?: number }).mode ?? 0o644) === 0o600;

/** A spawned command that runs the tool: the action bundle, the CLI (bundle, bin or sources), the demo. */
function isToolCommand(file: string, args: readonly string[]): boolean {
  const line = [file, ...args].join(' ');
  return (
    !line.includes('@vercel/ncc') &&
    /eks-fargate-deploy|efd-[\w-]*bundle|dist\/(action|cli)\/index\.js|src\/cli-main|scripts\/demo\.sh/.test(line)
  );
}

/** The child's environment with the artefact directory and the file-recording preload. */
function childEnv(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const base = env ?? process.env;
  const nodeOptions = base['NODE_OPTIONS'] ?? '';
  return {
    ...base,
    EFD_ARTEFACT_DIR: process.env['EFD_ARTEFACT_DIR'],
    NODE_OPTIONS: `${nodeOptions} --import=${PRELOAD}`.trim(),
  };
}

type AnyFn = (...a: unknown[]) => unknown;

function install(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;

  // stdout/stderr written by the tool in this process (the action's log through @actions/core, the CLI's default io).
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as AnyFn;
    const name = stream === process.stdout ? 'stdout' : 'stderr';
    (stream as unknown as { write: AnyFn }).write = (...a: unknown[]) => {
      if (producer() === 'tool') recordArtefact('stdout', `${currentTest()} (${name})`, text(a[0]));
      return original(...a);
    };
  }

  // Files written by the tool in this process.
  const fs = process.getBuiltinModule('node:fs') as unknown as Record<string, AnyFn> & {
    promises: Record<string, AnyFn>;
  };
  let busy = false;
  const fileWrite = (kind: string, target: unknown, data: unknown, options: unknown): void => {
    if (typeof target !== 'string' && !(target instanceof URL)) return;
    if (!isSecretFile(options) && producer() === 'tool')
      recordArtefact('file', `${currentTest()} (${kind} ${String(target)})`, text(data));
  };
  for (const name of ['writeFileSync', 'appendFileSync', 'writeFile', 'appendFile'] as const) {
    const original = fs[name]!;
    fs[name] = function (this: unknown, ...a: unknown[]) {
      // appendFileSync calls fs.writeFileSync: one record per call made by the program.
      if (busy) return original.apply(this, a);
      busy = true;
      try {
        fileWrite(name, a[0], a[1], a[2]);
        return original.apply(this, a);
      } finally {
        busy = false;
      }
    };
  }
  for (const name of ['writeFile', 'appendFile'] as const) {
    const original = fs.promises[name]!;
    fs.promises[name] = function (this: unknown, ...a: unknown[]) {
      fileWrite(`promises.${name}`, a[0], a[1], a[2]);
      return original.apply(this, a);
    };
  }

  // Tool processes spawned by tests: their output, and (via the preload) their files.
  const cp = process.getBuiltinModule('node:child_process') as unknown as Record<string, AnyFn>;
  const tee = (
    child: { stdout?: NodeJS.ReadableStream | null; stderr?: NodeJS.ReadableStream | null },
    where: string,
  ): void => {
    for (const [name, stream] of [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ] as const) {
      if (!stream) continue;
      const emit = stream.emit.bind(stream) as AnyFn;
      (stream as unknown as { emit: AnyFn }).emit = (event: unknown, ...rest: unknown[]) => {
        if (event === 'data') recordArtefact('child-output', `${where} (${name})`, text(rest[0]));
        return emit(event, ...rest);
      };
    }
  };
  /** Splits (file, args?, options?, callback?) the way child_process does. */
  const parts = (a: unknown[]): { file: string; args: string[]; optionsAt: number } => {
    const file = String(a[0]);
    if (Array.isArray(a[1])) return { file, args: a[1].map(String), optionsAt: 2 };
    return { file, args: [], optionsAt: 1 };
  };
  for (const name of ['spawn', 'execFile'] as const) {
    const original = cp[name]!;
    const wrapper = function (this: unknown, ...a: unknown[]) {
      const { file, args, optionsAt } = parts(a);
      if (!isToolCommand(file, args)) return original.apply(this, a);
      const where = `${currentTest()} (process ${[file, ...args].join(' ').slice(0, 200)})`;
      const opts = a[optionsAt];
      if (opts && typeof opts === 'object')
        a[optionsAt] = { ...opts, env: childEnv((opts as { env?: NodeJS.ProcessEnv }).env) };
      else if (typeof opts === 'function' || opts === undefined) a.splice(optionsAt, 0, { env: childEnv(undefined) });
      const child = original.apply(this, a) as Parameters<typeof tee>[0];
      tee(child, where);
      return child;
    };
    // promisify(execFile) resolves { stdout, stderr } (with the child on the promise), as the original does.
    if (name === 'execFile') {
      (wrapper as unknown as Record<symbol, unknown>)[promisify.custom] = (...a: unknown[]) => {
        let child: unknown;
        const p = new Promise((resolve, reject) => {
          child = wrapper(...a, (err: Error | null, stdout: unknown, stderr: unknown) => {
            if (err) reject(Object.assign(err, { stdout, stderr }));
            else resolve({ stdout, stderr });
          });
        });
        return Object.assign(p, { child });
      };
    }
    cp[name] = wrapper;
  }
  for (const name of ['spawnSync', 'execFileSync'] as const) {
    const original = cp[name]!;
    cp[name] = function (this: unknown, ...a: unknown[]) {
      const { file, args, optionsAt } = parts(a);
      if (!isToolCommand(file, args)) return original.apply(this, a);
      const where = `${currentTest()} (process ${[file, ...args].join(' ').slice(0, 200)})`;
      const opts = (a[optionsAt] ?? {}) as { env?: NodeJS.ProcessEnv };
      a[optionsAt] = { ...opts, env: childEnv(opts.env) };
      const r = original.apply(this, a) as { stdout?: unknown; stderr?: unknown } | Buffer | string;
      if (typeof r === 'string' || Buffer.isBuffer(r)) recordArtefact('child-output', where, text(r));
      else {
        recordArtefact('child-output', `${where} (stdout)`, text(r.stdout));
        recordArtefact('child-output', `${where} (stderr)`, text(r.stderr));
      }
      return r;
    };
  }
}

/** Secrets scripts/test.sh plants in the environment of the whole suite. */
const PLANTED = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GITHUB_TOKEN'];

if (recording()) {
  install();
  for (const name of PLANTED) registerCanary(`${name} planted in the environment`, process.env[name]);
  // The Secret of the shop fixture (test/fixtures/deploy/web/credentials.yaml), applied by most deploy tests.
  registerCanary('fixture Secret data api-key', 'CANARY-fixture-api-key-3f9a1c');
  registerCanary('fixture Secret stringData db-password', 'CANARY-fixture-db-password-77e2');
  afterAll(() => {
    flushArtefacts();
  });
}
