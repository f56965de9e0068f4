/**
 * Load the Kubernetes objects of a release from the user's repository: files, directories, globs
 * and kustomize directories, all confined to the workspace.
 *
 * YAML is read the way kubectl reads it (sigs.k8s.io/yaml on go-yaml v2, i.e. YAML 1.1 scalars:
 * `0644` is octal, `yes`/`on` are booleans, but dates and `80:30` stay strings), so a manifest means
 * the same here and in the cluster.
 */
import { execFile } from 'node:child_process';
import { glob, lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions, type Node as YamlNode, type YAMLError } from 'yaml';
import type { KubeObject } from '../convert/objects.js';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import { MAX_INPUT_FILE_BYTES, inputTooLarge, readInputFile } from './input-file.js';

const execFileAsync = promisify(execFile);

/** One object of the release and where it came from. */
export interface SourcedObject {
  object: KubeObject;
  source: {
    /**
     * Path relative to the workspace (`/` separators). For a kustomize directory: the directory,
     * and `line` counts in the output of `kubectl kustomize`.
     */
    file: string;
    /** 0-based position of the document in the file (messages count documents from 1). */
    index: number;
    /** 1-based line where the object starts. */
    line: number;
  };
}

/** Options of {@link loadManifests}. */
export interface LoadOptions {
  /** Every path must resolve inside this directory (the checked-out repository). */
  workspace: string;
  /** kubectl binary for kustomize directories (default `kubectl` on PATH). */
  kubectl?: string;
  /** Time limit of one `kubectl kustomize` run (default 60 s). */
  kustomizeTimeoutMs?: number;
}

/** Anchors and aliases allowed per document before it counts as an entity-expansion attack. */
export const MAX_ALIAS_COUNT = 100;
const MANIFEST_EXT = /\.(?:ya?ml|json)$/i;
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const GLOB_MAGIC = /[*?[\]{}]/;
/** What a size error calls manifests: each file, and each kustomize directory's output, has the limit. */
const MANIFESTS = 'manifest files and kustomize outputs';

const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: true,
  prettyErrors: true,
  // go-yaml v2 leaves timestamps and base-60 numbers as strings when decoding into interface{}.
  customTags: (tags) => tags.filter((t) => typeof t === 'string' || !(t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')),
};

/** Where an object's fields sit in its YAML, for findings that point at a line. */
interface FieldIndex {
  doc: Document;
  lineCounter: LineCounter;
  prefix: (string | number)[];
}
const FIELD_INDEX = new WeakMap<object, FieldIndex>();

interface Workspace {
  root: string;
  real: string;
}

type Unit = { kind: 'file' | 'kustomize'; abs: string; real: string; rel: string };

/**
 * Load manifests from `sources`: files (`.yaml`, `.yml`, `.json`), directories (their manifest
 * files in name order, not recursive), globs (`k8s/**\/*.yaml`, node:fs glob) and kustomize
 * directories (holding `kustomization.yaml`, `kustomization.yml` or `Kustomization`; rendered by
 * `kubectl kustomize DIR`, no shell, with a time limit). Every path, symlink target and local
 * kustomize resource must resolve inside `workspace`. A file named by several sources is read
 * once. `kind: List` (and other `*List` kinds with `items`) are flattened; empty documents are
 * skipped. YAML is parsed strictly: duplicate keys, tabs as indentation and more than
 * {@link MAX_ALIAS_COUNT} alias expansions are errors located as `file:line:col`; a document that is not
 * a mapping with apiVersion, kind and metadata.name is an error naming file, document and line.
 * All problems of all sources are collected and thrown together as one UserInputErrors.
 */
export async function loadManifests(sources: string[], opts: LoadOptions): Promise<SourcedObject[]> {
  const errors: UserInputError[] = [];
  let ws: Workspace;
  try {
    const root = path.resolve(opts.workspace);
    ws = { root, real: await realpath(root) };
  } catch (err) {
    throw new UserInputErrors([new UserInputError(`workspace ${showValue(opts.workspace)} cannot be read: ${errnoText(err)}`)]);
  }
  if (sources.length === 0) throw new UserInputErrors([new UserInputError('no manifest paths given', undefined, 'manifests')]);

  const units: Unit[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    for (const unit of await expandSource(ws, source, errors)) {
      if (seen.has(unit.real)) continue;
      seen.add(unit.real);
      units.push(unit);
    }
  }

  const kubectl = opts.kubectl ?? 'kubectl';
  const timeout = opts.kustomizeTimeoutMs ?? 60_000;
  // Files are read concurrently; kubectl runs are few and each is a process, so at most 4 at a time.
  // Each unit collects its own errors so the report keeps the order of the sources.
  const results = await mapLimited(units, 4, async (u) => {
    const unitErrors: UserInputError[] = [];
    const objects = u.kind === 'file' ? await loadFile(u, unitErrors) : await loadKustomize(ws, u, kubectl, timeout, unitErrors);
    return { objects, errors: unitErrors };
  });
  for (const r of results) errors.push(...r.errors);
  const objects = results.flatMap((r) => r.objects);
  if (errors.length === 0 && objects.length === 0) {
    errors.push(new UserInputError(`no Kubernetes objects found in ${sources.map((s) => showValue(s)).join(', ')}`, undefined, 'manifests'));
  }
  if (errors.length > 0) throw new UserInputErrors(errors);
  return objects;
}

/**
 * The 1-based line of `field` (a path such as `spec.template.spec.containers[0].image`) in the
 * file an object was loaded from; the nearest existing ancestor when the field itself is absent.
 * Undefined for objects not loaded from a file by {@link loadManifests} (kustomize output, copies).
 */
export function lineOfField(object: object, field: string): number | undefined {
  const index = FIELD_INDEX.get(object);
  if (!index) return undefined;
  let node: unknown = index.doc.contents;
  let best: number | undefined;
  const lineOf = (n: unknown): number | undefined => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return range ? index.lineCounter.linePos(range[0]).line : undefined;
  };
  for (const seg of [...index.prefix, ...parseFieldPath(field)]) {
    if (isAlias(node)) node = node.resolve(index.doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      best = lineOf(pair.key) ?? best;
      node = pair.value;
      if (node) best = lineOf(node) ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!node) break;
      best = lineOf(node) ?? best;
    } else {
      break;
    }
  }
  return best ?? lineOf(index.doc.contents);
}

/** `a.b[0]["x.y/z"].c` → ['a', 'b', 0, 'x.y/z', 'c']. */
function parseFieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g;
  for (const m of field.matchAll(re)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

async function expandSource(ws: Workspace, source: string, errors: UserInputError[]): Promise<Unit[]> {
  if (typeof source !== 'string' || source.trim() === '') {
    errors.push(new UserInputError('empty manifest path', undefined, 'manifests'));
    return [];
  }
  const abs = path.isAbsolute(source) ? path.normalize(source) : path.resolve(ws.root, source);
  const exists = await lstat(abs).then(
    () => true,
    () => false,
  );
  if (!exists && GLOB_MAGIC.test(source)) return expandGlob(ws, source, errors);

  const resolved = await resolveInside(ws, source, errors);
  if (!resolved) return [];
  const info = await stat(resolved.real);
  if (info.isFile()) {
    if (KUSTOMIZATION_FILES.includes(path.basename(resolved.abs))) {
      // Naming the kustomization file means its directory, as `kubectl apply -k` would take it.
      const dir = await resolveInside(ws, path.dirname(resolved.abs), errors);
      return dir && (await checkKustomizeTree(ws, dir, errors)) ? [{ kind: 'kustomize', ...dir }] : [];
    }
    if (!MANIFEST_EXT.test(resolved.abs)) {
      errors.push(new UserInputError('not a manifest file (expected .yaml, .yml or .json)', resolved.rel));
      return [];
    }
    return [{ kind: 'file', ...resolved }];
  }
  if (!info.isDirectory()) {
    errors.push(new UserInputError('not a regular file or directory', resolved.rel));
    return [];
  }
  const entries = await readdir(resolved.real);
  if (entries.some((e) => KUSTOMIZATION_FILES.includes(e))) {
    return (await checkKustomizeTree(ws, resolved, errors)) ? [{ kind: 'kustomize', ...resolved }] : [];
  }
  const units: Unit[] = [];
  const before = errors.length;
  for (const name of entries.filter((e) => MANIFEST_EXT.test(e)).sort(compareCodePoints)) {
    const child = await resolveInside(ws, path.join(resolved.abs, name), errors);
    if (child && (await stat(child.real)).isFile()) units.push({ kind: 'file', ...child });
  }
  if (units.length === 0 && errors.length === before) {
    errors.push(new UserInputError('directory holds no .yaml, .yml or .json files (subdirectories are not read; name them or use a glob such as dir/**/*.yaml)', resolved.rel));
  }
  return units;
}

async function expandGlob(ws: Workspace, pattern: string, errors: UserInputError[]): Promise<Unit[]> {
  // Refuse a pattern whose fixed part leaves the workspace before walking the file system there.
  const segments = pattern.split(/[\\/]/);
  const firstMagic = segments.findIndex((s) => GLOB_MAGIC.test(s));
  const fixed = segments.slice(0, firstMagic).join('/') || '.';
  const fixedAbs = path.isAbsolute(pattern) ? path.resolve(fixed === '' ? '/' : fixed) : path.resolve(ws.root, fixed);
  if (!isInside(fixedAbs, ws.root) && !isInside(fixedAbs, ws.real)) {
    errors.push(new UserInputError(`glob ${showValue(pattern)} starts outside the workspace ${ws.root}`, undefined, 'manifests'));
    return [];
  }
  if (segments.slice(firstMagic).includes('..')) {
    errors.push(new UserInputError(`glob ${showValue(pattern)} may not contain ".." after a wildcard`, undefined, 'manifests'));
    return [];
  }
  const matches: string[] = [];
  for await (const m of glob(pattern, { cwd: ws.root })) matches.push(path.isAbsolute(m) ? m : path.resolve(ws.root, m));
  const units: Unit[] = [];
  for (const m of [...new Set(matches)].sort(compareCodePoints)) {
    if (!MANIFEST_EXT.test(m)) continue;
    if (KUSTOMIZATION_FILES.includes(path.basename(m))) {
      const rel = displayPath(path.relative(ws.root, m));
      errors.push(new UserInputError(`glob ${showValue(pattern)} matched a kustomization file; name its directory to render it with kustomize, or narrow the glob`, rel));
      continue;
    }
    const resolved = await resolveInside(ws, m, errors);
    if (resolved && (await stat(resolved.real)).isFile()) units.push({ kind: 'file', ...resolved });
  }
  if (units.length === 0 && !matches.some((m) => MANIFEST_EXT.test(m))) {
    errors.push(new UserInputError(`glob ${showValue(pattern)} matched no .yaml, .yml or .json file`, undefined, 'manifests'));
  }
  return units;
}

/** Resolve a path given by the user (or found in a directory) and prove it stays inside the workspace. */
async function resolveInside(ws: Workspace, input: string, errors: UserInputError[], shown?: string): Promise<Omit<Unit, 'kind'> | undefined> {
  const abs = path.isAbsolute(input) ? path.normalize(input) : path.resolve(ws.root, input);
  const lexicalRoot = isInside(abs, ws.root) ? ws.root : isInside(abs, ws.real) ? ws.real : undefined;
  if (lexicalRoot === undefined) {
    errors.push(new UserInputError(`path is outside the workspace ${ws.root}; manifests must come from the repository`, shown ?? displayPath(input)));
    return undefined;
  }
  const rel = displayPath(path.relative(lexicalRoot, abs) || '.');
  let real: string;
  try {
    real = await realpath(abs);
  } catch (err) {
    errors.push(new UserInputError(errnoText(err), shown ?? rel));
    return undefined;
  }
  if (!isInside(real, ws.real)) {
    errors.push(new UserInputError(`is a symbolic link to ${real}, outside the workspace ${ws.root}`, shown ?? rel));
    return undefined;
  }
  return { abs, real, rel };
}

/**
 * kustomize refuses files outside a kustomization's own directory, but happily loads other
 * kustomization directories from anywhere (`resources: [../../../etc]`). Walk the local
 * resources/bases/components so none of them leaves the workspace, and check every other file a
 * kustomization names (generator files/envs, patches, transformer/generator/validator configs,
 * configurations, crds, openapi) the same way. Refused outright, each naming the kustomization file
 * and field: remote resources (URLs, `file://`, git), helm charts, and plugins that run a program.
 */
async function checkKustomizeTree(ws: Workspace, dir: Omit<Unit, 'kind'>, errors: UserInputError[], visited = new Set<string>()): Promise<boolean> {
  if (visited.has(dir.real)) return true;
  visited.add(dir.real);
  const before = errors.length;
  const fileName = (await readdir(dir.real)).find((e) => KUSTOMIZATION_FILES.includes(e));
  if (!fileName) return true;
  const file = `${dir.rel === '.' ? '' : `${dir.rel}/`}${fileName}`;
  let text: string;
  try {
    text = await readInputFile(path.join(dir.real, fileName), file, 'kustomization files');
  } catch (err) {
    errors.push(err instanceof UserInputError ? err : new UserInputError(errnoText(err), file));
    return false;
  }
  const docs = parseAllDocuments(text, YAML_OPTIONS);
  const doc = [...docs][0];
  if (!doc) return true;
  if (doc.errors.length > 0) {
    errors.push(...doc.errors.map((e) => yamlError(e, file)));
    return false;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    errors.push(new UserInputError((err as Error).message, file));
    return false;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return true; // kustomize reports its own shape errors.
  const d = data as Record<string, unknown>;
  const refuse = (field: string, entry: string, why: string): void => {
    errors.push(new UserInputError(`${why}`, `${file}: ${field}${entry ? ` ${entry}` : ''}`));
  };
  for (const key of ['resources', 'bases', 'components'] as const) {
    const list = d[key];
    if (!Array.isArray(list)) continue;
    for (const [i, entry] of list.entries()) {
      if (typeof entry !== 'string') continue;
      if (isRemoteResource(entry)) {
        refuse(`${key}[${i}]`, entry, REMOTE_REFUSED);
        continue;
      }
      const target = await resolveInside(ws, path.resolve(dir.abs, entry), errors, `${file}: ${key}[${i}] ${entry}`);
      if (!target) continue;
      if ((await stat(target.real)).isDirectory()) await checkKustomizeTree(ws, target, errors, visited);
    }
  }
  for (const key of ['helmCharts', 'helmChartInflationGenerator', 'helmGlobals'] as const) {
    if (d[key] !== undefined && d[key] !== null) refuse(key, '', 'helm charts are not rendered: kustomize would run helm and may fetch charts from the network; render the chart into the repository instead');
  }
  // Files the kustomization reads: each must stay inside the workspace, links included (kustomize's
  // own check stops at the kustomization's directory only for some of them).
  for (const { field, entry } of fileReferences(d)) {
    if (isRemoteResource(entry)) {
      refuse(field, entry, REMOTE_REFUSED);
      continue;
    }
    const target = await resolveInside(ws, path.resolve(dir.abs, entry), errors, `${file}: ${field} ${entry}`);
    if (target && /^(?:transformers|generators|validators)\[/.test(field) && (await stat(target.real)).isDirectory()) await checkKustomizeTree(ws, target, errors, visited);
  }
  // Plugins that run a program or a container (exec / KRM functions): kubectl runs none without
  // --enable-alpha-plugins, which this tool never passes; say so instead of a puzzling kustomize error.
  for (const key of ['transformers', 'generators', 'validators'] as const) {
    const list = d[key];
    if (!Array.isArray(list)) continue;
    for (const [i, entry] of list.entries()) {
      const inline = typeof entry === 'string' ? (entry.includes('\n') ? entry : undefined) : JSON.stringify(entry);
      if (inline !== undefined && /config\.(?:kubernetes\.io|k8s\.io)\/function|\bexec\b\s*:|\bcontainer\b\s*:|"(?:exec|container)"\s*:/.test(inline)) {
        refuse(`${key}[${i}]`, '', 'plugins that run a program or a container (exec, KRM functions) are not allowed');
      }
    }
  }
  return errors.length === before;
}

const REMOTE_REFUSED = 'remote resources are not loaded: a release comes from the repository (vendor the remote base into the workspace)';

/**
 * The file paths a kustomization names besides resources/bases/components: generator `files`
 * (`key=path` or `path`), `envs` and `env`, patch and replacement `path`s, strategic-merge patch
 * files, `configurations`, `crds`, `openapi.path`, and transformer/generator/validator config files.
 * Inline values (a patch written out, a plugin config as a mapping) are not paths.
 */
function fileReferences(d: Record<string, unknown>): { field: string; entry: string }[] {
  const out: { field: string; entry: string }[] = [];
  const isPath = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && !v.includes('\n');
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const record = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  for (const key of ['configMapGenerator', 'secretGenerator'] as const) {
    for (const [j, g] of list(d[key]).entries()) {
      const gen = record(g);
      if (!gen) continue;
      for (const [k, f] of list(gen['files']).entries()) if (isPath(f)) out.push({ field: `${key}[${j}].files[${k}]`, entry: f.includes('=') ? f.slice(f.indexOf('=') + 1) : f });
      for (const [k, f] of list(gen['envs']).entries()) if (isPath(f)) out.push({ field: `${key}[${j}].envs[${k}]`, entry: f });
      if (isPath(gen['env'])) out.push({ field: `${key}[${j}].env`, entry: gen['env'] });
    }
  }
  for (const key of ['patches', 'patchesJson6902', 'replacements'] as const) {
    for (const [j, p] of list(d[key]).entries()) {
      const v = record(p)?.['path'];
      if (isPath(v)) out.push({ field: `${key}[${j}].path`, entry: v });
    }
  }
  for (const [j, p] of list(d['patchesStrategicMerge']).entries()) if (isPath(p) && !/^\s*[{[]|:\s/.test(p)) out.push({ field: `patchesStrategicMerge[${j}]`, entry: p });
  for (const key of ['configurations', 'crds', 'transformers', 'generators', 'validators'] as const) {
    for (const [j, p] of list(d[key]).entries()) if (isPath(p)) out.push({ field: `${key}[${j}]`, entry: p });
  }
  const openapi = record(d['openapi'])?.['path'];
  if (isPath(openapi)) out.push({ field: 'openapi.path', entry: openapi });
  return out;
}

/** URLs (`https://`, `file://`, `ssh://`), go-getter forms (`git::…`), `git@host:`, bare hosting paths and `?ref=`. */
function isRemoteResource(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^[a-z0-9+.-]+::/i.test(entry) || /^git@/.test(entry) || /^(?:github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) || entry.includes('?ref=');
}

async function loadFile(unit: Unit, errors: UserInputError[]): Promise<SourcedObject[]> {
  let text: string;
  try {
    text = await readInputFile(unit.real, unit.rel, MANIFESTS);
  } catch (err) {
    errors.push(err instanceof UserInputError ? err : new UserInputError(errnoText(err), unit.rel));
    return [];
  }
  return parseManifests(text, unit.rel, errors, true);
}

async function loadKustomize(ws: Workspace, unit: Unit, kubectl: string, timeout: number, errors: UserInputError[]): Promise<SourcedObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(kubectl, ['kustomize', unit.real], {
      cwd: ws.real,
      timeout,
      killSignal: 'SIGKILL',
      // kubectl is killed once its output passes the limit, so an oversized rendering is never parsed.
      maxBuffer: MAX_INPUT_FILE_BYTES,
      encoding: 'utf8',
      windowsHide: true,
    }));
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { killed?: boolean; stderr?: string; signal?: string };
    if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
      // Checked first: Node kills kubectl when the output passes maxBuffer, so `killed` is set too.
      errors.push(inputTooLarge(`${unit.rel} (kubectl kustomize output)`, undefined, MANIFESTS));
      return [];
    }
    let why: string;
    if (e.code === 'ENOENT') why = `${showValue(kubectl)} was not found; install kubectl (it renders kustomize directories)`;
    else if (e.killed || e.signal) why = `did not finish within ${timeout % 1000 === 0 ? `${timeout / 1000} s` : `${timeout} ms`}`;
    else why = kubectlMessage(e.stderr ?? '') || e.message;
    errors.push(new UserInputError(`kubectl kustomize failed: ${why}`, unit.rel));
    return [];
  }
  return parseManifests(stdout, unit.rel, errors, false);
}

/**
 * Parse a multi-document YAML (or JSON) text into Kubernetes objects, located by file, document
 * and line. Problems are appended to `errors`; the objects of valid documents are returned.
 */
export function parseManifests(text: string, file: string, errors: UserInputError[], indexFields = false): SourcedObject[] {
  const lineCounter = new LineCounter();
  const docs = [...parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter })];
  const out: SourcedObject[] = [];
  docs.forEach((doc, index) => {
    const where = (offset: number | undefined): string => `${file}:${offset === undefined ? 1 : lineCounter.linePos(offset).line}`;
    const docLabel = `document ${index + 1}${docs.length > 1 ? ` of ${docs.length}` : ''}`;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) errors.push(yamlError(e, file, docLabel));
      return;
    }
    const contents = doc.contents as YamlNode | null;
    if (contents === null || (isScalar(contents) && contents.value === null)) return; // empty document
    const startOffset = contents.range?.[0];
    const line = startOffset === undefined ? 1 : lineCounter.linePos(startOffset).line;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const message = err instanceof ReferenceError && /alias/i.test(err.message) ? `more than ${MAX_ALIAS_COUNT} alias expansions (a YAML "billion laughs" document?)` : (err as Error).message;
      errors.push(new UserInputError(`${docLabel}: ${message}`, where(startOffset)));
      return;
    }
    const accept = (value: unknown, itemLine: number, prefix: (string | number)[], label: string): void => {
      const problem = objectProblem(value);
      if (problem) {
        errors.push(new UserInputError(`${label}: ${problem}`, `${file}:${itemLine}`));
        return;
      }
      const object = value as KubeObject;
      if (indexFields) FIELD_INDEX.set(object, { doc, lineCounter, prefix });
      out.push({ object, source: { file, index, line: itemLine } });
    };
    const v = data as Record<string, unknown> | null;
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
      const itemsNode = isMap(contents) ? contents.get('items', true) : undefined;
      (v.items as unknown[]).forEach((item, j) => {
        const node = isSeq(itemsNode) ? (itemsNode.items[j] as YamlNode | undefined) : undefined;
        const itemLine = node?.range ? lineCounter.linePos(node.range[0]).line : line;
        accept(item, itemLine, ['items', j], `${docLabel}, ${v.kind as string} item ${j + 1}`);
      });
      return;
    }
    accept(data, line, [], docLabel);
  });
  return out;
}

function objectProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `expected a Kubernetes object (a mapping with apiVersion, kind and metadata.name), got ${Array.isArray(value) ? 'a list' : showValue(value)}`;
  }
  const o = value as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof o.apiVersion !== 'string' || o.apiVersion === '') missing.push('apiVersion');
  if (typeof o.kind !== 'string' || o.kind === '') missing.push('kind');
  const meta = o.metadata;
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) missing.push('metadata');
  else if (typeof (meta as Record<string, unknown>).name !== 'string' || (meta as Record<string, unknown>).name === '') {
    missing.push((meta as Record<string, unknown>).generateName !== undefined ? 'metadata.name (generateName cannot be applied repeatedly)' : 'metadata.name');
  }
  if (missing.length === 0) return undefined;
  const what = typeof o.kind === 'string' && o.kind !== '' ? `${o.kind} ` : '';
  return `${what}object has no ${missing.join(', ')}`;
}

function yamlError(e: YAMLError, file: string, docLabel?: string): UserInputError {
  const pos = e.linePos?.[0];
  // prettyErrors appends " at line L, column C:" and a source excerpt; the position goes in front instead.
  const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return new UserInputError(`${docLabel ? `${docLabel}: ` : ''}${message}`, pos ? `${file}:${pos.line}:${pos.col}` : file);
}

/** kubectl logs through klog: `E1122 02:17:38.19 5453 run.go:72] "command failed" err="…"`; keep the err text. */
function kubectlMessage(stderr: string): string {
  return stderr
    .trim()
    .split('\n')
    .slice(0, 5)
    .map((line) => {
      const m = /^[IWEF]\d{4} [\d:.]+\s+\d+ [^\]]+\] "command failed" err=("(?:[^"\\]|\\.)*")\s*$/.exec(line);
      if (!m) return line;
      try {
        return JSON.parse(m[1]!) as string;
      } catch {
        return line;
      }
    })
    .join('\n');
}

function isInside(p: string, root: string): boolean {
  const base = root.endsWith(path.sep) ? root : root + path.sep;
  return p === root || p.startsWith(base);
}

function displayPath(p: string): string {
  return p.split(path.sep).join('/');
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'ELOOP') return 'too many levels of symbolic links';
  return e.message ?? String(err);
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
