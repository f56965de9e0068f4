/**
 * Property-based fuzzing of every parser that takes user input: ECS task definitions, services and
 * scaling documents (through convertEcs and schema validation), manifests (through render and
 * lint), kustomize directories (through the real `kubectl kustomize`), smoke-test specs, image lists, build settings, action inputs and CLI flags.
 *
 * The property everywhere: the call returns a value, or throws UserInputError(s) whose every
 * message names the file, field, input or flag — never another exception type, never a hang
 * (each case is timed). Seeded, so a failure reproduces; over 10,000 cases per run in total.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { actionConfigFromInputs, ACTION_INPUTS } from '../../src/config/action.js';
import { buildConfigFromArgs, BUILD_FLAGS } from '../../src/config/build.js';
import {
  DEPLOY_FLAGS,
  deployConfigFromArgs,
  HISTORY_FLAGS,
  historyConfigFromArgs,
  ROLLBACK_FLAGS,
  rollbackConfigFromArgs,
} from '../../src/config/deploy.js';
import { PLAN_FLAGS, planConfigFromArgs } from '../../src/config/plan.js';
import { convertEcs } from '../../src/convert/index.js';
import type { EcsInputs, LoadedService, LoadedTaskDefinition } from '../../src/ecs/model.js';
import {
  parseJsonText,
  parseScalingDocument,
  parseServicesDocument,
  parseTaskDefinitionDocument,
} from '../../src/ecs/parse.js';
import { DEFAULT_RATES } from '../../src/fargate/pricing.js';
import { parseImageOverrides } from '../../src/manifests/images.js';
import { lintRelease } from '../../src/manifests/lint.js';
import { loadManifests } from '../../src/inputs/manifests.js';
import { parseManifests } from '../../src/manifests/parse.js';
import { renderRelease } from '../../src/manifests/render.js';
import { validateObject } from '../../src/manifests/schema.js';
import { parseSmokeSpec } from '../../src/smoke/spec.js';
import type { UserInputError } from '../../src/errors.js';
import { count, hostileValue, mutated, outcome, tally } from './mutate.js';
import { cpuStopwatch } from '../helpers/clock.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20240607);
/** Scales every run count (the soak script raises it). */
const SCALE = Number(process.env['FUZZ_SCALE'] ?? 1);
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
/** One case may not use more CPU time than this (a hang or a quadratic blow-up; CPU, not wall time: load cannot fail it). */
const CASE_BUDGET_MS = 2_000;

const fixture = (p: string): unknown => JSON.parse(readFileSync(join('test/fixtures', p), 'utf8'));
const TD = fixture('ecs/seeds/fastapi-task.json');
const SERVICES = fixture('ecs/seeds/services.json');
const SCALING = fixture('ecs/seeds/scaling.json');
const CONVERT = {
  namespace: 'shop',
  dropUnsupported: false,
  albMode: 'ingress' as const,
  rates: DEFAULT_RATES,
  secretStores: { secretsManager: 'aws-secrets-manager', parameterStore: 'aws-parameter-store' },
};

/** JSON.stringify's text, '' for what it leaves out (undefined, a function): its type says string, it is not always. */
const toJson: (v: unknown) => string | undefined = JSON.stringify;
const jsonText = (v: unknown): string => toJson(v) ?? '';

function timed<T>(what: string, fn: () => T): T {
  const cpuMs = cpuStopwatch();
  const v = fn();
  const ms = cpuMs();
  if (ms > CASE_BUDGET_MS)
    throw new Error(`${what}: one case took ${Math.round(ms)} ms of CPU time (budget ${CASE_BUDGET_MS} ms)`);
  return v;
}

const namesFile =
  (file: string) =>
  (m: string): boolean =>
    m.includes(file);

/**
 * The rest of the pipeline after a document parsed: conversion and schema validation never throw
 * (problems are findings), rendering throws only user errors naming the object.
 */
function convertAndRender(inputs: EcsInputs, input: unknown): void {
  const conversion = convertEcs(inputs, CONVERT);
  for (const o of conversion.objects) validateObject(o);
  const sourced = conversion.objects.map((object, index) => ({ object, source: { file: 'ecs', index, line: 1 } }));
  lintRelease(sourced);
  outcome(
    () => renderRelease(sourced, { release: 'fuzz', images: [], defaultNamespace: 'shop' }),
    (m) => /\S/.test(m),
    input,
  );
}

const baseTd = (): LoadedTaskDefinition => parseTaskDefinitionDocument(structuredClone(TD), 'base.json').value;
const baseServices = (): LoadedService[] => parseServicesDocument(structuredClone(SERVICES), 'services.json').value;

afterAll(() => {
  const rows = [...tally.entries()].map(([target, t]) => ({ target, ...t }));
  const total = rows.reduce((s, r) => s + r.cases, 0);
  console.log(
    `fuzz (seed ${SEED}): ${total} cases\n${rows.map((r) => `  ${r.target.padEnd(28)} ${String(r.cases).padStart(6)} cases  ${String(r.valid).padStart(6)} valid  ${String(r.rejected).padStart(6)} rejected`).join('\n')}`,
  );
});

describe('fuzz: ECS inputs', () => {
  test('task definitions: mutated documents parse, convert, validate and render, or fail naming the file', () => {
    fc.assert(
      fc.property(mutated(TD), (doc) => {
        const r = timed('task definition', () =>
          outcome(() => parseTaskDefinitionDocument(doc, 'fuzz/td.json'), namesFile('fuzz/td.json'), doc),
        );
        count('ecs task definition', r.ok);
        if (r.ok)
          timed('convert', () => {
            convertAndRender({ taskDefinitions: [r.value.value], services: [], scaling: [] }, doc);
          });
      }),
      { seed: SEED, numRuns: runs(2500) },
    );
  });

  test('task definitions as JSON text: random bytes and truncations fail naming the file (with a line)', () => {
    const text = JSON.stringify(TD, null, 2);
    const arb = fc.oneof(
      fc.nat({ max: text.length }).map((n) => text.slice(0, n)),
      fc
        .tuple(fc.nat({ max: text.length }), fc.string({ maxLength: 8 }))
        .map(([n, s]) => text.slice(0, n) + s + text.slice(n)),
      fc.string({ maxLength: 200 }),
      fc.constantFrom('\uFEFF' + text, '[]', 'null', '1e999', '"x"', '{"family":'),
    );
    fc.assert(
      fc.property(arb, (t) => {
        const r = timed('json', () =>
          outcome(
            () => parseTaskDefinitionDocument(parseJsonText(t, 'fuzz/td.json'), 'fuzz/td.json'),
            namesFile('fuzz/td.json'),
            t,
          ),
        );
        count('ecs task definition text', r.ok);
      }),
      { seed: SEED, numRuns: runs(1000) },
    );
  });

  test('services: mutated documents parse and convert with the task definition, or fail naming the file', () => {
    const td = baseTd();
    fc.assert(
      fc.property(mutated(SERVICES), (doc) => {
        const r = timed('services', () =>
          outcome(() => parseServicesDocument(doc, 'fuzz/services.json'), namesFile('fuzz/services.json'), doc),
        );
        count('ecs services', r.ok);
        if (r.ok)
          timed('convert', () => {
            convertAndRender({ taskDefinitions: [td], services: r.value.value, scaling: [] }, doc);
          });
      }),
      { seed: SEED, numRuns: runs(1000) },
    );
  });

  test('scaling: mutated documents parse and convert with the service, or fail naming the file', () => {
    const td = baseTd();
    const services = baseServices();
    fc.assert(
      fc.property(mutated(SCALING), (doc) => {
        const r = timed('scaling', () =>
          outcome(() => parseScalingDocument(doc, 'fuzz/scaling.json'), namesFile('fuzz/scaling.json'), doc),
        );
        count('ecs scaling', r.ok);
        if (r.ok)
          timed('convert', () => {
            convertAndRender({ taskDefinitions: [td], services, scaling: [r.value.value] }, doc);
          });
      }),
      { seed: SEED, numRuns: runs(800) },
    );
  });
});

const MANIFEST_TEXT = readFileSync('test/fixtures/deploy/web/app.yaml', 'utf8');
const MANIFEST_DOCS = MANIFEST_TEXT.split(/^---$/m).map((d) => JSON.parse(JSON.stringify(require_yaml(d))) as unknown);
function require_yaml(text: string): unknown {
  const errors: UserInputError[] = [];
  const [o] = parseManifests(text, 'base.yaml', errors);
  return o!.object;
}

/** Parse, lint and render a manifest text the way deploy does; every error names the file. */
function manifestPipeline(text: string, input: unknown): boolean {
  const errors: UserInputError[] = [];
  const objects = parseManifests(text, 'fuzz/app.yaml', errors, true);
  for (const e of errors)
    if (!e.message.includes('fuzz/app.yaml'))
      throw new Error(`manifest error names no file: ${e.message} for ${JSON.stringify(input)}`);
  if (errors.length > 0) return false;
  lintRelease(objects);
  for (const o of objects) validateObject(o.object);
  const r = outcome(
    () =>
      renderRelease(objects, {
        release: 'web',
        images: [{ name: 'registry.example/web', ref: 'registry.example/web:v2' }],
        defaultNamespace: 'shop',
      }),
    (m) => m.includes('fuzz/app.yaml') || /^images\[\d+\]/.test(m),
    input,
  );
  return r.ok;
}

describe('fuzz: manifests', () => {
  test('mutated objects: parse, lint, schema and render, or fail naming the file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(...MANIFEST_DOCS.map((d) => mutated(d))), { minLength: 1, maxLength: 4 }),
        (docs) => {
          const text = docs.map((d) => stringify(d ?? null)).join('---\n');
          const ok = timed('manifests', () => manifestPipeline(text, docs));
          count('manifests (objects)', ok);
        },
      ),
      { seed: SEED, numRuns: runs(2000) },
    );
  });

  test('mutated YAML text: inserted characters, cut documents, random text', () => {
    const arb = fc.oneof(
      fc
        .tuple(
          fc.nat({ max: MANIFEST_TEXT.length }),
          fc.constantFrom(
            '\t',
            ':',
            '- ',
            '&a ',
            '*a',
            '!!binary ',
            '? ',
            '{',
            '[',
            '"',
            "'",
            '\n---\n',
            '<<: *a\n',
            '%YAML 1.2\n',
            '|',
            '>-',
            '\u0000',
            '#',
          ),
          fc.nat({ max: 40 }),
        )
        .map(([n, s, cut]) => MANIFEST_TEXT.slice(0, n) + s + MANIFEST_TEXT.slice(n + cut)),
      fc.string({ maxLength: 300 }),
      fc.nat({ max: MANIFEST_TEXT.length }).map((n) => MANIFEST_TEXT.slice(0, n)),
    );
    fc.assert(
      fc.property(arb, (text) => {
        const ok = timed('yaml text', () => manifestPipeline(text, text));
        count('manifests (text)', ok);
      }),
      { seed: SEED, numRuns: runs(1000) },
    );
  });
});

const KUSTOMIZATION = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
  namespace: 'shop',
  namePrefix: 'fz-',
  commonLabels: { team: 'shop' },
  resources: ['app.yaml'],
  images: [{ name: 'registry.example/web', newTag: 'v2' }],
  configMapGenerator: [{ name: 'cfg', literals: ['A=1'] }],
};
/** Resource entries a hostile kustomization may name: outside the workspace, remote, missing, a symlink out, itself. */
const KUSTOMIZE_RESOURCES = [
  'app.yaml',
  '../outside.yaml',
  '/etc/passwd',
  'https://github.com/acme/x//base',
  'github.com/acme/x',
  'missing.yaml',
  'sub',
  '../..',
  'link-out.yaml',
  '.',
  'app.yaml?ref=x',
];

const ESCAPES = [
  '../outside.yaml',
  '/etc/passwd',
  'https://github.com/acme/x//base',
  'github.com/acme/x',
  '../..',
  'link-out.yaml',
];

/**
 * A kustomize directory with a mutated kustomization and mutated resources, loaded as deploy loads
 * it (the real `kubectl kustomize`), then linted, validated and rendered: objects, or errors naming
 * the directory (or the path it refers to). Each case in a fresh workspace.
 */
async function kustomizeCase(
  root: string,
  n: number,
  kustomization: unknown,
  resources: string[],
  docs: unknown[],
): Promise<boolean> {
  const ws = join(root, `ws-${n}`);
  const dir = join(ws, 'kust-fuzz');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(ws, 'outside.yaml'), stringify(MANIFEST_DOCS[0]));
  writeFileSync(join(dir, 'app.yaml'), docs.map((d) => stringify(d ?? null)).join('---\n'));
  writeFileSync(join(dir, 'sub', 'kustomization.yaml'), stringify({ resources: ['../app.yaml'] }));
  symlinkSync('/etc/hosts', join(dir, 'link-out.yaml'));
  const k =
    kustomization && typeof kustomization === 'object' && !Array.isArray(kustomization)
      ? { ...kustomization, resources }
      : kustomization;
  writeFileSync(join(dir, 'kustomization.yaml'), stringify(k ?? null));
  const start = performance.now();
  let ok: boolean;
  try {
    const objects = await loadManifests(['kust-fuzz'], { workspace: ws, kustomizeTimeoutMs: 10_000 });
    const escape = resources.find((r) => ESCAPES.includes(r));
    if (escape)
      throw new Error(
        `kustomize: resource ${escape} (outside the workspace or remote) was loaded: ${JSON.stringify(resources)}`,
      );
    lintRelease(objects);
    for (const o of objects) validateObject(o.object);
    ok = outcome(
      () => renderRelease(objects, { release: 'web', images: [], defaultNamespace: 'shop' }),
      (m) => /\S/.test(m),
      { kustomization, resources },
    ).ok;
  } catch (err) {
    // The same checks as every other target, on the thrown error: user errors only, each naming the directory or path.
    outcome(
      () => {
        throw err;
      },
      (m) => m.includes('kust-fuzz') || resources.some((r) => m.includes(r)),
      { kustomization, resources },
    );
    ok = false;
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
  const ms = performance.now() - start;
  if (ms > 15_000) throw new Error(`kustomize: one case took ${Math.round(ms)} ms`);
  return ok;
}

describe('fuzz: kustomize directories (the real kubectl kustomize)', () => {
  test('mutated kustomizations and resources: objects, or errors naming the directory; nothing escapes the workspace', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fuzz-kustomize-'));
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 3, arbitrary: fc.constant(KUSTOMIZATION as unknown) },
            { weight: 4, arbitrary: mutated(KUSTOMIZATION as never) },
          ),
          fc.array(fc.constantFrom(...KUSTOMIZE_RESOURCES), { minLength: 0, maxLength: 3 }),
          fc.array(
            fc.oneof(
              { weight: 2, arbitrary: fc.constant(MANIFEST_DOCS[1]) },
              ...MANIFEST_DOCS.map((d) => mutated(d as never)),
            ),
            { minLength: 1, maxLength: 3 },
          ),
          async (kustomization, resources, docs) => {
            const ok = await kustomizeCase(root, n++, kustomization, resources, docs);
            count('kustomize (kubectl)', ok);
          },
        ),
        { seed: SEED, numRuns: runs(120) },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

const SMOKE_BASE = [
  {
    name: 'home',
    ingress: { name: 'web' },
    path: '/',
    expect: { status: [200], bodyContains: 'ok', json: [{ path: '$.a[0]', equals: 1 }], maxLatency: '500ms' },
    retries: 2,
    interval: '100ms',
    timeout: '2s',
    deadline: '10s',
  },
  {
    name: 'api',
    url: 'https://api.example.com/x',
    method: 'POST',
    headers: { Authorization: 'Bearer t' },
    body: { a: 1 },
  },
  { name: 'svc', service: { name: 'web', namespace: 'shop', port: 8080 }, path: '/ready' },
];

describe('fuzz: smoke specs', () => {
  test('mutated specs parse or fail naming the source', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 5, arbitrary: mutated(SMOKE_BASE).map((d) => stringify(d ?? null)) },
          { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
        ),
        (text) => {
          const r = timed('smoke', () =>
            outcome(() => parseSmokeSpec(text, 'fuzz/smoke.yaml'), namesFile('fuzz/smoke.yaml'), text),
          );
          count('smoke spec', r.ok);
        },
      ),
      { seed: SEED, numRuns: runs(1500) },
    );
  });
});

describe('fuzz: image lists', () => {
  const IMAGES = [
    { name: 'web', ref: 'registry.example/web:v2' },
    { name: 'registry.example/api', digest: `sha256:${'a'.repeat(64)}` },
  ];
  test('image overrides (YAML/JSON lists and name=ref lines) parse or fail naming the field', () => {
    const line = fc
      .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('=', '@', ':', ' '), fc.string({ maxLength: 40 }))
      .map(([a, s, b]) => a + s + b);
    fc.assert(
      fc.property(
        fc.oneof(
          mutated(IMAGES).map((d) => jsonText(d)),
          mutated(IMAGES).map((d) => stringify(d ?? null)),
          fc.array(line, { maxLength: 4 }).map((l) => l.join('\n')),
          fc.string({ maxLength: 120 }),
        ),
        (text) => {
          const r = timed('images', () =>
            outcome(
              () => parseImageOverrides(text, 'images'),
              (m) => m.includes('images'),
              text,
            ),
          );
          count('image overrides', r.ok);
        },
      ),
      { seed: SEED, numRuns: runs(1500) },
    );
  });

  test('build settings (image list, tags, cache, scan gate…) from flags: a config or errors naming a flag', () => {
    const ws = mkdtempSync(join(tmpdir(), 'fuzz-build-'));
    mkdirSync(join(ws, 'app'));
    writeFileSync(join(ws, 'app', 'Dockerfile'), 'FROM scratch\n');
    const env = { AWS_REGION: 'eu-west-1', GITHUB_SHA: 'abcdef1234567', GITHUB_WORKSPACE: ws };
    const BUILD_IMAGES = [
      {
        name: 'web',
        context: 'app',
        dockerfile: 'app/Dockerfile',
        'build-args': { A: '1' },
        secrets: [{ id: 'npm', env: 'NPM_TOKEN' }],
      },
    ];
    try {
      fc.assert(
        fc.property(
          mutated(BUILD_IMAGES).map((d) => stringify(d ?? null)),
          fc.array(
            fc.tuple(
              fc.constantFrom(...Object.keys(BUILD_FLAGS)),
              fc.oneof(
                fc.string({ maxLength: 20 }),
                hostileValue.map((v) => (typeof v === 'string' ? v : jsonText(v))),
              ),
            ),
            { maxLength: 3 },
          ),
          (images, flags) => {
            const argv = [
              '--images',
              images,
              ...flags.flatMap(([f, v]) => (BUILD_FLAGS[f]!.type === 'boolean' ? [`--${f}`] : [`--${f}=${v}`])),
            ];
            const r = timed('build', () =>
              outcome(
                () => buildConfigFromArgs(argv, env),
                (m) => /--[a-z]|argument/.test(m) || m.startsWith(`${images.trim()}:`),
                argv,
              ),
            );
            count('build settings', r.ok);
          },
        ),
        { seed: SEED, numRuns: runs(700) },
      );
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

describe('fuzz: action inputs and CLI flags', () => {
  test('action inputs: random strings for every input give a config or errors naming an input', () => {
    const value = fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        'true',
        'false',
        'plan',
        'deploy',
        'rollback',
        'TRUE',
        '10m',
        '-1',
        'web',
        'a,b',
        '- name: web\n  ref: web:1',
        'x'.repeat(300),
      ),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...ACTION_INPUTS), value, { maxKeys: 10 }),
        fc.constantFrom('plan', 'deploy', 'rollback', ''),
        (inputs, command) => {
          const read = (name: string): string =>
            name === 'command' && !(name in inputs) ? command : (inputs[name] ?? '');
          const r = timed('action', () =>
            outcome(
              () => actionConfigFromInputs(read, { GITHUB_WORKSPACE: process.cwd() }),
              (m) => /input [a-z-]+|inputs? /.test(m),
              inputs,
            ),
          );
          count('action inputs', r.ok);
        },
      ),
      { seed: SEED, numRuns: runs(1200) },
    );
  });

  const commands = [
    { name: 'plan', flags: PLAN_FLAGS, parse: (a: string[]) => planConfigFromArgs(a) },
    {
      name: 'deploy',
      flags: DEPLOY_FLAGS,
      parse: (a: string[]) => deployConfigFromArgs(a, { GITHUB_WORKSPACE: process.cwd() }),
    },
    {
      name: 'rollback',
      flags: ROLLBACK_FLAGS,
      parse: (a: string[]) => rollbackConfigFromArgs(a, { GITHUB_WORKSPACE: process.cwd() }),
    },
    { name: 'history', flags: HISTORY_FLAGS, parse: (a: string[]) => historyConfigFromArgs(a, {}) },
  ];
  for (const c of commands) {
    test(`${c.name} flags: random argv gives a config or errors naming a flag or argument`, () => {
      const names = Object.keys(c.flags);
      const token = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...names).map((n) => `--${n}`) },
        {
          weight: 4,
          arbitrary: fc.oneof(
            fc.string({ maxLength: 20 }),
            fc.constantFrom(
              'web',
              'shop',
              '10m',
              '0',
              '-1',
              'true',
              'test/fixtures/deploy/web',
              '../..',
              '/etc/passwd',
              'kubeconfig',
              'us-east-1',
              'web=web:2',
            ),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.constantFrom(...names), fc.string({ maxLength: 12 })).map(([n, v]) => `--${n}=${v}`),
        },
        { weight: 1, arbitrary: fc.constantFrom('--', '--nope', '-n', '--=x') },
      );
      fc.assert(
        fc.property(fc.array(token, { maxLength: 10 }), (argv) => {
          const r = timed(c.name, () =>
            outcome(
              () => c.parse(argv),
              (m) => /--[a-z]|argument|option/.test(m),
              argv,
            ),
          );
          count(`${c.name} flags`, r.ok);
        }),
        { seed: SEED, numRuns: runs(500) },
      );
    });
  }
});

test('the suite tried at least 10,000 cases', () => {
  const total = [...tally.values()].reduce((s, t) => s + t.cases, 0);
  expect(total).toBeGreaterThanOrEqual(Math.min(10_000, runs(10_000)));
});
