/** Jest runs the TypeScript sources as ESM (the @actions/* and @kubernetes/* packages are ESM-only). */
export default {
  testEnvironment: 'node',
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
