/**
 * Temporary directories for tests. `tempDir()` makes one under the test file's own TMPDIR (see
 * test/helpers/temp-environment.mjs) and registers it: it is removed after the file's afterAll
 * hooks, whatever happened. A test that needs a dir gone sooner removes it itself.
 *
 * Anything else a test file leaves in its TMPDIR — a `mkdtemp` nobody removes, a dir the tool under
 * test made and nobody pointed at a `tempDir()` — is a leftover, and scripts/test.sh fails the run.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REGISTRY = '__efdTempDirs';

/**
 * A fresh directory `$TMPDIR/<prefix>XXXXXX`, removed after the test file (by the temp environment;
 * under another environment nobody removes it, and scripts/test.sh reports it).
 */
export function tempDir(prefix = 'test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  registerTempDir(dir);
  return dir;
}

/**
 * Registers `dir` for removal after the test file when running under jest (a no-op elsewhere, e.g. the
 * bench, which removes its own): for helpers that make dirs both ways (test/image/helpers.ts).
 */
export function registerTempDir(dir: string): void {
  (globalThis as { [REGISTRY]?: string[] })[REGISTRY]?.push(dir);
}

/**
 * Where caches shared by every test file of a run, and kept from run to run, live (the action bundle):
 * the TMPDIR outside the test files' own, which scripts/test.sh and the temp environment pass on.
 */
export function cacheTmpDir(): string {
  return process.env['EFD_OUTER_TMPDIR'] ?? tmpdir();
}
