#!/usr/bin/env node
// Generates src/sandbox/protobuf-descriptor.ts: the protobuf message schemas (field numbers, wire
// types, maps, repeated fields) of the built-in kinds the sandbox serves, read from the upstream
// `generated.proto` files of k8s.io/api and k8s.io/apimachinery (Apache-2.0) with protobufjs, pruned
// to what those kinds reach, plus the Go JSON rules of each field (pointer / omitempty, from the
// `types.go` struct tags) so a decoded message becomes the JSON object the API server would see.
//
// Usage: node scripts/gen-sandbox-protobuf.mjs <kubernetes/api checkout> <kubernetes/apimachinery checkout>
// (git work trees or bare repos; the commit of each is written into the output header).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [apiRepo = '/work/.mirror/kubernetes+api/repo', machineryRepo = '/work/.mirror/kubernetes+apimachinery/repo'] =
  process.argv.slice(2);

function readAt(repo, path) {
  if (existsSync(join(repo, path))) return readFileSync(join(repo, path), 'utf8');
  return execFileSync(
    'git',
    ['--git-dir', existsSync(join(repo, '.git')) ? join(repo, '.git') : repo, 'show', `HEAD:${path}`],
    { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] },
  );
}
function commitOf(repo) {
  return execFileSync(
    'git',
    ['--git-dir', existsSync(join(repo, '.git')) ? join(repo, '.git') : repo, 'rev-parse', 'HEAD'],
    { encoding: 'utf8' },
  ).trim();
}

const API_DIRS = [
  'core/v1',
  'apps/v1',
  'batch/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'policy/v1',
  'networking/v1',
  'rbac/v1',
  'coordination/v1',
  'storage/v1',
  'discovery/v1',
];
const MACHINERY_DIRS = ['pkg/api/resource', 'pkg/apis/meta/v1', 'pkg/runtime', 'pkg/runtime/schema', 'pkg/util/intstr'];

const pb = new protobuf.Root();
const goRules = {}; // "pkg.Message" → { protoField: "p" (pointer) | "o" (omitempty value) | "k" (always) }
function addGoRules(pkg, goSource) {
  let struct;
  for (const line of goSource.split('\n')) {
    const s = line.match(/^type (\w+) struct \{/);
    if (s) {
      struct = s[1];
      continue;
    }
    if (/^\}/.test(line)) struct = undefined;
    if (!struct) continue;
    const f = line.match(/^\s*(?:(\w+)\s+)?(\S+)\s+`json:"([^",]*)((?:,[^"]*)?)"\s+protobuf:"[^"]*name=(\w+)/);
    if (!f) continue;
    const [, , goType, jsonName, flags, protoName] = f;
    const pointer = goType.startsWith('*');
    const omitempty = flags.includes('omitempty');
    const inline = jsonName === '' || flags.includes('inline');
    (goRules[`${pkg}.${struct}`] ??= {})[protoName] = inline ? 'i' : pointer ? 'p' : omitempty ? 'o' : 'k';
  }
}
const loaded = new Set();
/** Parses one generated.proto (and, recursively, what it imports) into `pb`, with its Go JSON rules. */
function load(importPath) {
  if (loaded.has(importPath)) return;
  loaded.add(importPath);
  const m = importPath.match(/^k8s\.io\/(api|apimachinery)\/(.+)\/generated\.proto$/);
  if (!m) throw new Error(`unexpected import ${importPath}`);
  const repo = m[1] === 'api' ? apiRepo : machineryRepo;
  const dir = m[2];
  const parsed = protobuf.parse(readAt(repo, `${dir}/generated.proto`), pb, { keepCase: true });
  const pkg = `k8s.io.${m[1]}.${dir.replaceAll('/', '.')}`;
  for (const f of ['types.go', 'time.go', 'micro_time.go', 'duration.go', 'intstr.go', 'quantity.go']) {
    try {
      addGoRules(pkg, readAt(repo, `${dir}/${f}`));
    } catch {
      // not every package has every file
    }
  }
  for (const i of parsed.imports ?? []) load(i);
}
for (const d of API_DIRS) load(`k8s.io/api/${d}/generated.proto`);
for (const d of MACHINERY_DIRS) load(`k8s.io/apimachinery/${d}/generated.proto`);
pb.resolveAll();

// Roots: every kind (a message whose field 1 is ObjectMeta) plus the option/status messages clients send.
const roots = [];
const walkNs = (ns) => {
  for (const o of ns.nestedArray) {
    if (o instanceof protobuf.Type) {
      const f1 = o.fieldsById[1];
      if (
        f1 &&
        f1.name === 'metadata' &&
        f1.resolvedType?.fullName === '.k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta' &&
        API_DIRS.some((d) => o.fullName.startsWith(`.k8s.io.api.${d.replace('/', '.')}.`))
      )
        roots.push(o);
    }
    if (o.nestedArray) walkNs(o);
  }
};
walkNs(pb);
for (const n of ['DeleteOptions', 'Status']) roots.push(pb.lookupType(`k8s.io.apimachinery.pkg.apis.meta.v1.${n}`));
roots.push(pb.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown'));

const keep = new Map();
const pending = [...roots];
while (pending.length) {
  const t = pending.pop();
  if (keep.has(t.fullName)) continue;
  keep.set(t.fullName, t);
  for (const f of t.fieldsArray) if (f.resolvedType instanceof protobuf.Type) pending.push(f.resolvedType);
}

// Nested-namespace JSON descriptor (protobufjs Root.fromJSON form) of the kept messages only.
const json = { nested: {} };
for (const [fullName, t] of [...keep].sort(([a], [b]) => a.localeCompare(b))) {
  const parts = fullName.slice(1).split('.');
  const pkgParts = parts.slice(0, -1);
  let ns = json;
  for (const p of pkgParts) ns = ns.nested[p] ??= { nested: {} };
  const fields = {};
  const rules = goRules[fullName.slice(1)] ?? {};
  for (const f of t.fieldsArray) {
    const type = f.resolvedType ? f.resolvedType.fullName : f.type;
    const out = { type, id: f.id };
    if (f.map) out.keyType = f.keyType;
    if (f.repeated && !f.map) out.rule = 'repeated';
    if (rules[f.name]) out.options = { go: rules[f.name] };
    fields[f.name] = out;
  }
  ns.nested[parts.at(-1)] = { edition: 'proto2', fields };
}

const text = JSON.stringify(json);
const target = join(root, 'src/sandbox/protobuf-descriptor.ts');
writeFileSync(
  target,
  [
    '// GENERATED by scripts/gen-sandbox-protobuf.mjs — do not edit; re-run the script.',
    `// From the upstream generated.proto and types.go files (Apache-2.0) of`,
    `//   github.com/kubernetes/api @ ${commitOf(apiRepo)} (${API_DIRS.join(', ')})`,
    `//   github.com/kubernetes/apimachinery @ ${commitOf(machineryRepo)} (${MACHINERY_DIRS.join(', ')})`,
    '// Field option `go`: the Go JSON rule of the field — p (pointer: kept when sent), o (omitempty value: dropped when zero), k (always kept), i (embedded struct: its fields are the parent’s in JSON).',
    '/** protobufjs JSON descriptor of the Kubernetes messages the sandbox decodes (Root.fromJSON form). */',
    `export const PROTOBUF_DESCRIPTOR_JSON: string = ${JSON.stringify(text)};`,
    '',
  ].join('\n'),
);
console.log(
  `${keep.size} messages from ${roots.length} roots, ${text.length} bytes → src/sandbox/protobuf-descriptor.ts`,
);
