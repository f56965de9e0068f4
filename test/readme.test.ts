import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { ACTION_INPUT_DECLS, type ActionInputDecl } from '../src/action-inputs.js';
import { withFlagTables } from '../src/command-help.js';
import { COMMANDS } from '../src/command-model.js';
import { ACTION_INPUTS } from '../src/config/action.js';
import { parseSmokeSpec } from '../src/smoke/spec.js';

/** `npm run docs` runs this file with WRITE_DOCS=1: the README's flag tables are rewritten instead of checked. */
const WRITE = process.env['WRITE_DOCS'] === '1';

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

  test('every flag table is the one the command model makes (npm run docs rewrites them)', async () => {
    const generated = withFlagTables(readme);
    if (WRITE && generated !== readme) {
      await writeFile('README.md', generated);
      readme = generated;
    }
    expect(readme).toBe(generated);
    const withFlags = COMMANDS.filter((c) => c.flags.length > 0).map((c) => c.name);
    expect(withFlags.filter((name) => !readme.includes(`<!-- flags:${name} -->`))).toEqual([]);
  });
});

/** action.yml's inputs are the model's: names, descriptions, defaults and required, both ways. */
describe('action.yml and the command model', () => {
  type Input = { description?: unknown; default?: string | number | boolean; required?: unknown };
  let inputs: Record<string, Input>;
  beforeAll(async () => {
    inputs = (parse(await readFile('action.yml', 'utf8')) as { inputs: Record<string, Input> }).inputs;
  });

  test('the same inputs, in the same order, with the same descriptions, defaults and required', () => {
    const fromYaml = Object.entries(inputs).map(([name, i]) => ({
      name,
      description: i.description,
      ...(i.default !== undefined ? { default: String(i.default) } : {}),
      required: i.required === true,
    }));
    expect(fromYaml).toEqual(ACTION_INPUT_DECLS);
    expect([...ACTION_INPUTS]).toEqual(ACTION_INPUT_DECLS.map((i) => i.name));
  });

  test("every flag's action input exists and has the flag's default", () => {
    const byName = new Map<string, ActionInputDecl>(ACTION_INPUT_DECLS.map((i) => [i.name, i]));
    const wrong: string[] = [];
    for (const c of COMMANDS.filter((x) => x.action))
      for (const flag of c.flags) {
        if (flag.input === undefined) continue;
        const input = byName.get(flag.input);
        if (input === undefined) wrong.push(`${c.name} --${flag.name}: no input ${flag.input}`);
        else if (flag.type === 'boolean' ? input.default !== 'false' : input.default !== flag.default)
          wrong.push(
            `${c.name} --${flag.name}: default ${String(flag.default)}, input ${flag.input}: ${String(input.default)}`,
          );
      }
    expect(wrong).toEqual([]);
  });

  test("the commands the action runs are the input command's", () => {
    const description = ACTION_INPUT_DECLS.find((i) => i.name === 'command')?.description ?? '';
    for (const c of COMMANDS.filter((x) => x.action)) expect(description).toContain(`\`${c.name}\``);
  });
});
