import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { parseSmokeSpec } from '../src/smoke/spec.js';

/** README.md must stay true: its examples parse, and it documents every action input and output. */
describe('README.md', () => {
  let readme: string;
  beforeAll(async () => {
    readme = await readFile('README.md', 'utf8');
  });

  test('the smoke-test example is a valid spec', () => {
    const section = readme.slice(readme.indexOf('### Smoke tests'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const checks = parseSmokeSpec(yaml!.replace('Bearer …', 'Bearer x'), 'README.md');
    expect(checks.map((c) => Object.keys(c.target)[0])).toEqual(['ingress', 'service', 'url']);
  });

  test('every action input and output is documented', async () => {
    const action = parse(await readFile('action.yml', 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    };
    const missing = [...Object.keys(action.inputs), ...Object.keys(action.outputs)].filter(
      (name) => !readme.includes(`| \`${name}\` |`),
    );
    expect(missing).toEqual([]);
  });

  test('the two quick-start commands are the ones package.json and .ci/run use', async () => {
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm install && npm test');
    const ci = await readFile('.ci/run', 'utf8');
    expect(ci).toContain('npm test');
  });
});
