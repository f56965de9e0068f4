/**
 * The jest environment of every test file: Node's, plus a temporary directory of the file's own.
 *
 * Before the file runs, TMPDIR (what `os.tmpdir()`, `mktemp`, Python and Go read) points at a fresh
 * directory, so whatever the file makes there — its own temp dirs, the action's and the builders'
 * dirs under test (as a runner's RUNNER_TEMP), moto_server, kubectl's discovery cache
 * (KUBECACHEDIR) — lands in one place. After the file (after its afterAll hooks):
 * - the dirs the file made with `tempDir()` (test/helpers/temp.ts) are removed: they are its own;
 * - anything else still there is a LEFTOVER: the file forgot to clean it up. Its names are printed
 *   and, when EFD_LEFTOVERS names a file (scripts/test.sh sets it), appended there; scripts/test.sh
 *   then fails the run. The directory is removed either way, so no run litters the machine.
 */
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { TestEnvironment } from 'jest-environment-node';

/** The dirs `tempDir()` registered, on the test file's global object. */
export const REGISTRY = '__efdTempDirs';

export default class TempDirEnvironment extends TestEnvironment {
  constructor(config, context) {
    // Set before Node's environment copies process.env for the test file, and for the children it spawns.
    const outer = { TMPDIR: process.env.TMPDIR, KUBECACHEDIR: process.env.KUBECACHEDIR };
    // Caches shared by the files of a run and kept across runs (the action bundle) stay outside.
    process.env.EFD_OUTER_TMPDIR ??= tmpdir();
    const dir = mkdtempSync(join(tmpdir(), 'jest-file-'));
    process.env.TMPDIR = dir;
    process.env.KUBECACHEDIR = join(dir, 'kube-cache');
    super(config, context);
    this.efdOuter = outer;
    this.efdDir = dir;
    this.efdTestPath = relative(config.globalConfig.rootDir, context.testPath);
    this.global[REGISTRY] = [];
  }

  async teardown() {
    const dir = this.efdDir;
    const own = new Set(this.global[REGISTRY] ?? []);
    for (const d of own) rmSync(d, { recursive: true, force: true, maxRetries: 3 });
    // kubectl's cache is the tool's, made on purpose under KUBECACHEDIR: not a leftover.
    rmSync(join(dir, 'kube-cache'), { recursive: true, force: true, maxRetries: 3 });
    let left = [];
    try {
      left = readdirSync(dir);
    } catch {
      // already gone
    }
    if (left.length > 0) {
      const line = `${this.efdTestPath}: left ${left.length} in its temp dir: ${left.sort().join(', ')}`;
      process.stderr.write(`leftover temp files: ${line}\n`);
      if (process.env.EFD_LEFTOVERS) appendFileSync(process.env.EFD_LEFTOVERS, `${line}\n`);
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    const { TMPDIR, KUBECACHEDIR } = this.efdOuter;
    if (TMPDIR === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = TMPDIR;
    if (KUBECACHEDIR === undefined) delete process.env.KUBECACHEDIR;
    else process.env.KUBECACHEDIR = KUBECACHEDIR;
    await super.teardown();
  }
}
