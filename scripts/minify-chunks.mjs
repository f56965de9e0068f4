// ncc minifies only the entry file of a bundle, and lightly (no compression, names kept); the chunks
// its dynamic import() calls become are not minified at all. This minifies every .js file of the
// bundle with terser: compressed, local names mangled, class names kept (errors are told apart by
// class). Usage: node scripts/minify-chunks.mjs DIR...
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

for (const dir of process.argv.slice(2)) {
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.js')) continue;
    const file = join(dir, name);
    const code = await readFile(file, 'utf8');
    const out = await minify(code, {
      module: true,
      ecma: 2022,
      compress: { passes: 3 },
      mangle: { keep_classnames: true },
    });
    if (out.code === undefined) throw new Error(`terser produced nothing for ${file}`);
    await writeFile(file, out.code);
  }
}
