// Run the TypeScript sources directly on Node 24 (--experimental-transform-types): source imports
// end in `.js` (NodeNext), so resolve a missing relative `.js` to the `.ts` beside it. Lets a test
// run the CLI from src/ as a child process without a fresh bundle in dist/.
import { registerHooks } from 'node:module';

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
