/**
 * The action bundled the way the release is (scripts/bundle.sh: ncc, then terser), into a temporary
 * directory, never dist/. ncc takes most of a minute on this machine, so one bundle is shared by
 * every test file of a run: it is keyed by a hash of the sources, the lock file and the tsconfig,
 * and built under a lock directory so two jest workers never build it twice.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheTmpDir } from '../helpers/temp.js';

const run = promisify(execFile);

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (/\.(ts|json|js|mjs|cjs)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Path of a fresh `index.js` bundle of the action (built when the sources changed). */
export async function actionBundle(): Promise<string> {
  // npm test has just checked that dist/ is what the release script makes of these sources: use it.
  const verified = process.env['EFD_ACTION_BUNDLE'];
  if (verified) return verified;
  const hash = createHash('sha256');
  for (const f of [
    ...(await sourceFiles('src')),
    'package-lock.json',
    'tsconfig.json',
    'scripts/bundle.sh',
    'scripts/minify-chunks.mjs',
  ]) {
    hash
      .update(f)
      .update('\0')
      .update(await readFile(f))
      .update('\0');
  }
  const dir = join(cacheTmpDir(), `efd-action-bundle-${hash.digest('hex').slice(0, 16)}`);
  const bundle = join(dir, 'index.js');
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (await exists(bundle)) return bundle;
    try {
      await mkdir(lock);
      break;
    } catch {
      // Another worker is building it; a lock older than 5 minutes belongs to a dead build.
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 300_000) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (await exists(bundle)) return bundle;
    const building = `${dir}.building-${process.pid}`;
    await rm(building, { recursive: true, force: true });
    // Built by the release's own script (ncc, then terser over every file), into `building/action`.
    await run('bash', ['scripts/bundle.sh', building, 'action'], { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
    await rename(join(building, 'action'), dir);
    await rm(building, { recursive: true, force: true });
    return bundle;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
