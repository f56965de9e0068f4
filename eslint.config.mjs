// ESLint: typescript-eslint's strict type-checked rules over the sources, tests, benchmarks and scripts.
// Two decisions: numbers may appear in template literals (`${n} pods` is the clearest way to say it),
// and tests may use non-null assertions (a `!` in a test fails that test loudly, which is its job).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'build/**',
      'test/fixtures/**',
      'src/sandbox/openapi-definitions.ts',
      'src/sandbox/protobuf-descriptor.ts',
    ],
  },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }] },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
);
