/**
 * The layers of src/, lowest first, and the rules this test enforces on the import graph (read with
 * the TypeScript compiler, so type-only imports, re-exports and dynamic `import()` count too):
 *
 * 1. A module imports nothing from a layer above its own (same layer or lower only).
 * 2. A pure layer does no I/O: it imports none of node:fs, child_process, net, http(s), os, tls,
 *    dgram, dns, and reads no `process.env`. It receives text and objects from the layers above.
 * 3. A pure layer below the I/O layers imports no I/O layer either (so convert, manifests and the
 *    rest stay pure for everything they pull in). The report layer sits above them: it renders what
 *    they did, and may import their types and pure helpers.
 *
 * 4. YAML is read and written through src/util/yaml.ts only (one library, one place for its options);
 *    the sandbox, a program of its own that imports nothing from the tool, uses the same library.
 *
 * Each module belongs to the layer of its longest matching path below (a file or a folder).
 * A new top-level folder must be placed here, or the test fails and asks where it goes.
 * docs/layers.md states the same order for readers.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

interface Layer {
  name: string;
  pure: boolean;
  paths: string[];
}

const LAYERS: readonly Layer[] = [
  // Shared shapes and helpers every layer may use: errors, findings, the Kubernetes object shape,
  // the marks of the tool's own objects, and the one duration grammar, YAML parser and retry loop.
  {
    name: 'core',
    pure: true,
    // Also the command model (commands, flags, action inputs: data) and the help text made from it.
    paths: [
      'errors.ts',
      'findings.ts',
      'model/',
      'util/',
      'command-model.ts',
      'command-help.ts',
      'action-inputs.ts',
      // The tool's AWS calls and Kubernetes access per workflow (tables, for docs and doctor).
      'permissions.ts',
      'permissions/',
    ],
  },
  // The ECS task definition and service model, and its parser.
  {
    name: 'ecs model',
    pure: true,
    paths: [
      'ecs/model.ts',
      'ecs/parse.ts',
      'ecs/parse-container.ts',
      'ecs/parse-service.ts',
      'ecs/document.ts',
      'ecs/json-text.ts',
    ],
  },
  // Fargate sizes, prices, profiles and rules.
  { name: 'fargate', pure: true, paths: ['fargate/'] },
  // The plan report's data model (what convert fills in and report renders) and Markdown escaping.
  { name: 'plan model', pure: true, paths: ['report/model.ts', 'report/escape.ts'] },
  // ECS → Kubernetes conversion, and the manifests' parsing, rendering and lint.
  { name: 'objects', pure: true, paths: ['convert/', 'manifests/'] },
  // Smoke-test and parity specs, parsed from text.
  {
    name: 'checks',
    pure: true,
    paths: [
      'smoke/spec.ts',
      'smoke/spec-expect.ts',
      'smoke/spec-headers.ts',
      'smoke/spec-problems.ts',
      'smoke/spec-target.ts',
      'smoke/spec-timing.ts',
      'smoke/json-path.ts',
      'cutover/compare.ts',
      'cutover/requests.ts',
    ],
  },
  // The user's files: size-limited reads, manifests from the workspace, kustomize renderings, specs.
  { name: 'inputs', pure: false, paths: ['inputs/'] },
  // Typed configuration from action inputs, CLI flags and configuration files.
  { name: 'config', pure: false, paths: ['config/'] },
  // Everything else that talks to the outside: AWS, Kubernetes, GitHub, registries, builders, HTTP.
  {
    name: 'io',
    pure: false,
    paths: ['aws/', 'kube/', 'image/', 'github/', 'ecs/live.ts', 'smoke/', 'cutover/', 'workflows/', 'signals.ts'],
  },
  // Reports of what happened (deploy outcomes, live diffs, smoke tests, parity): pure rendering.
  { name: 'report', pure: true, paths: ['report/', 'smoke/report.ts', 'cutover/report.ts'] },
  // The emulated cluster: a program of its own that the CLI can start.
  { name: 'sandbox', pure: false, paths: ['sandbox/'] },
  // One module per command.
  { name: 'commands', pure: false, paths: ['commands/'] },
  // The front doors: the action (with its inputs, which run commands) and the CLI.
  {
    name: 'entry',
    pure: false,
    paths: ['action.ts', 'action/', 'config/action.ts', 'cli.ts', 'cli-main.ts', 'index.ts'],
  },
];

const IO_MODULES = new Set([
  'fs',
  'fs/promises',
  'child_process',
  'net',
  'http',
  'https',
  'http2',
  'os',
  'tls',
  'dgram',
  'dns',
  'dns/promises',
]);

/** Layers from here on may do I/O; the pure layers below it import none of them. */
const FIRST_IO = LAYERS.findIndex((l) => !l.pure);

const srcDir = path.resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The module's path relative to src/, with `/` separators. */
const rel = (file: string): string => path.relative(srcDir, file).split(path.sep).join('/');

function layerIndexOf(module: string): number {
  let best = -1;
  let bestLength = -1;
  LAYERS.forEach((layer, i) => {
    for (const p of layer.paths) {
      const matches = p.endsWith('/') ? module.startsWith(p) : module === p;
      if (matches && p.length > bestLength) {
        best = i;
        bestLength = p.length;
      }
    }
  });
  return best;
}

interface ModuleUse {
  specifier: string;
  line: number;
}

const parsed = new Map<string, { imports: ModuleUse[]; envReads: number[] }>();

/** Every module specifier a file imports, re-exports or `import()`s, and each `process.env` read. */
function usesOf(file: string): { imports: ModuleUse[]; envReads: number[] } {
  const known = parsed.get(file);
  if (known) return known;
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports: ModuleUse[] = [];
  const envReads: number[] = [];
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      imports.push({ specifier: node.moduleSpecifier.text, line: lineOf(node) });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr)) imports.push({ specifier: expr.text, line: lineOf(node) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) imports.push({ specifier: arg.text, line: lineOf(node) });
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) {
        imports.push({ specifier: arg.literal.text, line: lineOf(node) });
      }
    } else if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'env' &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'process'
    ) {
      envReads.push(lineOf(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  parsed.set(file, { imports, envReads });
  return { imports, envReads };
}

/** The src/ module a relative specifier names (`./x.js` is `./x.ts`), or undefined for a package. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${rel(from)} imports ${specifier}, which is not a file in src/`);
}

const files = sourceFiles(srcDir);

/**
 * What breaks the rules in one module (`module` relative to src/), given what it uses; `resolve`
 * names the src/ module a specifier points at (undefined for a package or a Node builtin).
 */
function violationsOf(
  module: string,
  uses: { imports: ModuleUse[]; envReads: number[] },
  resolve: (specifier: string) => string | undefined,
): string[] {
  const own = layerIndexOf(module);
  const layer = LAYERS[own];
  if (!layer) return []; // reported by the placement test
  const violations: string[] = [];
  for (const { specifier, line } of uses.imports) {
    const where = `src/${module}:${line} (${layer.name})`;
    const target = resolve(specifier);
    if (target === undefined) {
      if (layer.pure && IO_MODULES.has(specifier.replace(/^node:/, '')))
        violations.push(`${where} does I/O: imports ${specifier}`);
      continue;
    }
    const targetIndex = layerIndexOf(target);
    const targetLayer = LAYERS[targetIndex];
    if (!targetLayer) continue;
    if (targetIndex > own) {
      violations.push(`${where} imports src/${target} from the higher layer ${targetLayer.name}`);
    } else if (layer.pure && !targetLayer.pure && own < FIRST_IO) {
      violations.push(`${where} imports src/${target} from the I/O layer ${targetLayer.name}`);
    }
  }
  if (layer.pure)
    for (const line of uses.envReads) violations.push(`src/${module}:${line} (${layer.name}) reads process.env`);
  return violations;
}

describe('the layers of src/', () => {
  it('places every module in a declared layer', () => {
    const unplaced = files.map(rel).filter((m) => layerIndexOf(m) < 0);
    expect(unplaced).toEqual([]);
  });

  it('has no module importing a higher layer, and no I/O in a pure layer', () => {
    const violations = files.flatMap((file) =>
      violationsOf(rel(file), usesOf(file), (specifier) => {
        const target = resolveLocal(file, specifier);
        return target === undefined ? undefined : rel(target);
      }),
    );
    expect(violations).toEqual([]);
  });

  it('reads and writes YAML through one module and one library (src/util/yaml.ts, eemeli/yaml)', () => {
    // The sandbox is a program of its own that imports nothing from the tool (it judges it).
    const importers = files
      .map(rel)
      .filter((m) => !m.startsWith('sandbox/'))
      .filter((m) => usesOf(path.join(srcDir, m)).imports.some((i) => i.specifier === 'yaml'));
    expect(importers).toEqual(['util/yaml.ts']);
    const jsYaml = files.filter((f) => usesOf(f).imports.some((i) => i.specifier === 'js-yaml')).map(rel);
    expect(jsYaml).toEqual([]);
  });

  it('reports what the issue found: report importing commands, I/O in manifests, process.env in convert', () => {
    const uses = (...specifiers: string[]): { imports: ModuleUse[]; envReads: number[] } => ({
      imports: specifiers.map((specifier, i) => ({ specifier, line: i + 1 })),
      envReads: [],
    });
    const local = (specifier: string): string | undefined =>
      specifier.startsWith('.') ? specifier.replace(/^(\.\.\/)+/, '').replace(/\.js$/, '.ts') : undefined;
    expect(violationsOf('report/deploy.ts', uses('../commands/deploy.js'), local)).toEqual([
      'src/report/deploy.ts:1 (report) imports src/commands/deploy.ts from the higher layer commands',
    ]);
    expect(violationsOf('manifests/load.ts', uses('node:child_process', 'yaml'), local)).toEqual([
      'src/manifests/load.ts:1 (objects) does I/O: imports node:child_process',
    ]);
    expect(violationsOf('convert/objects.ts', uses('../inputs/input-file.js'), local)).toEqual([
      'src/convert/objects.ts:1 (objects) imports src/inputs/input-file.ts from the higher layer inputs',
    ]);
    expect(violationsOf('convert/x.ts', { imports: [], envReads: [7] }, local)).toEqual([
      'src/convert/x.ts:7 (objects) reads process.env',
    ]);
    expect(violationsOf('commands/plan.ts', uses('../convert/index.js', 'node:fs'), local)).toEqual([]);
  });
});
