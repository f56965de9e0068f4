import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Jest's transform cache stays where it always was when scripts/test.sh gives the run a fresh TMPDIR. */
const cacheParent = process.env.EFD_OUTER_TMPDIR ?? tmpdir();

/** Jest runs the TypeScript sources as ESM (the @actions/* and @kubernetes/* packages are ESM-only). */
export default {
  // Node's, plus a TMPDIR of each test file's own, checked for leftovers and removed after it.
  testEnvironment: '<rootDir>/test/helpers/temp-environment.mjs',
  cacheDirectory: join(realpathSync(cacheParent), `jest_${(process.getuid?.() ?? 0).toString(36)}`),
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The whole-suite secret scan reads what the rest of the suite recorded: scripts/test.sh runs it
  // on its own, after everything else (EFD_SCAN_PHASE=1).
  testPathIgnorePatterns:
    process.env.EFD_SCAN_PHASE === '1' ? ['/node_modules/'] : ['/node_modules/', '/test/secret-scan/'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/capture-setup.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testTimeout: 30000,
};
