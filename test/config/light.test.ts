/**
 * The entry points stay light: the action's first input error and the CLI's help load nothing
 * heavy (no AWS SDK, no Kubernetes client), because every command's implementation is imported
 * when it runs. Checked on the static import graph of the sources (dynamic `import()` is the way
 * out of it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every module `entry` loads before it runs (type-only imports left out), and the packages among them. */
function staticClosure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1] ?? '';
      if (!spec.startsWith('.')) packages.add(spec);
      else {
        const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        if (existsSync(target)) visit(target);
      }
    }
  };
  visit(join(ROOT, entry));
  return { files: [...files].map((f) => relative(ROOT, f)).sort(), packages: [...packages].sort() };
}

test.each(['src/index.ts', 'src/cli-main.ts'])('%s loads only @actions/core, yaml and Node built-ins', (entry) => {
  const { packages } = staticClosure(entry);
  expect(packages.filter((p) => !p.startsWith('node:') && p !== 'yaml' && p !== '@actions/core')).toEqual([]);
});

test('the action entry loads no command implementation before the inputs are validated', () => {
  const { files } = staticClosure('src/index.ts');
  expect(
    files.filter((f) => /^src\/(commands\/(?!credentials)|kube|aws|image|sandbox|convert\/(?!options|names))/.test(f)),
  ).toEqual([]);
});
