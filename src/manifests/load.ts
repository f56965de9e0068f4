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
import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type Node as YamlNode,
  type YAMLError,
} from 'yaml';
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
  /** Objects allowed in the release (default {@link MAX_RELEASE_OBJECTS}). */
  maxObjects?: number;
  /** Cancels the load: a running `kubectl kustomize` is killed and the signal's reason thrown. */
  signal?: AbortSignal;
}

/**
 * Objects per release. Parsing is stopped once a release passes it, so memory stays bounded: a
 * YAML object costs the parser a few kilobytes, and 130,000 small objects (still under the 8 MiB
 * file limit) took 2.7–3.8 GB before. bench/memory.ts measures the largest allowed release. 5,000
 * is far above what one deploy should carry: every object is applied, watched and recorded.
 */
export const MAX_RELEASE_OBJECTS = 5_000;

/** How many objects the release may still have: shared by every file and kustomize output of one load. */
export interface ObjectBudget {
  limit: number;
  count: number;
  /** Set once the limit was passed: the error was reported, and nothing more is parsed. */
  exceeded: boolean;
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
  customTags: (tags) =>
    tags.filter((t) => typeof t === 'string' || !(t.tag === 'tag:yaml.org,2002:timestamp' || t.format === 'TIME')),
};

/** Where an object's fields sit in its YAML, for findings that point at a line. */
interface FieldIndex {
  doc: DocumentSource;
  prefix: (string | number)[];
}

/**
 * Where one YAML document sits in its file. Its syntax tree is not kept (for 5,000 objects it is
 * most of the memory a release costs): {@link lineOfField} parses the document again, once, when
 * a finding asks for a line.
 */
interface DocumentSource {
  text: string;
  start: number;
  end: number;
  lineCounter: LineCounter;
  parsed?: Document;
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
    throw new UserInputErrors([
      new UserInputError(`workspace ${showValue(opts.workspace)} cannot be read: ${errnoText(err)}`),
    ]);
  }
  if (sources.length === 0)
    throw new UserInputErrors([new UserInputError('no manifest paths given', undefined, 'manifests')]);

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
  const budget: ObjectBudget = { limit: opts.maxObjects ?? MAX_RELEASE_OBJECTS, count: 0, exceeded: false };
  // Files are read concurrently; kubectl runs are few and each is a process, so at most 4 at a time.
  // Each unit collects its own errors so the report keeps the order of the sources.
  const results = await mapLimited(units, 4, async (u) => {
    const unitErrors: UserInputError[] = [];
    if (budget.exceeded) return { objects: [], errors: unitErrors };
    opts.signal?.throwIfAborted();
    const objects =
      u.kind === 'file'
        ? await loadFile(u, unitErrors, budget)
        : await loadKustomize(ws, u, kubectl, timeout, unitErrors, budget, opts.signal);
    return { objects, errors: unitErrors };
  });
  opts.signal?.throwIfAborted();
  for (const r of results) errors.push(...r.errors);
  const objects = results.flatMap((r) => r.objects);
  if (errors.length === 0 && objects.length === 0) {
    errors.push(
      new UserInputError(
        `no Kubernetes objects found in ${sources.map((s) => showValue(s)).join(', ')}`,
        undefined,
        'manifests',
      ),
    );
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
  const src = index.doc;
  const doc = (src.parsed ??= parseDocument(src.text.slice(src.start, src.end), YAML_OPTIONS));
  let node: unknown = doc.contents;
  let best: number | undefined;
  const lineOf = (n: unknown): number | undefined => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return range ? src.lineCounter.linePos(src.start + range[0]).line : undefined;
  };
  for (const seg of [...index.prefix, ...parseFieldPath(field)]) {
    if (isAlias(node)) node = node.resolve(doc);
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
  return best ?? lineOf(doc.contents);
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
    errors.push(
      new UserInputError(
        'directory holds no .yaml, .yml or .json files (subdirectories are not read; name them or use a glob such as dir/**/*.yaml)',
        resolved.rel,
      ),
    );
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
    errors.push(
      new UserInputError(`glob ${showValue(pattern)} starts outside the workspace ${ws.root}`, undefined, 'manifests'),
    );
    return [];
  }
  if (segments.slice(firstMagic).includes('..')) {
    errors.push(
      new UserInputError(`glob ${showValue(pattern)} may not contain ".." after a wildcard`, undefined, 'manifests'),
    );
    return [];
  }
  const matches: string[] = [];
  for await (const m of glob(pattern, { cwd: ws.root }))
    matches.push(path.isAbsolute(m) ? m : path.resolve(ws.root, m));
  const units: Unit[] = [];
  for (const m of [...new Set(matches)].sort(compareCodePoints)) {
    if (!MANIFEST_EXT.test(m)) continue;
    if (KUSTOMIZATION_FILES.includes(path.basename(m))) {
      const rel = displayPath(path.relative(ws.root, m));
      errors.push(
        new UserInputError(
          `glob ${showValue(pattern)} matched a kustomization file; name its directory to render it with kustomize, or narrow the glob`,
          rel,
        ),
      );
      continue;
    }
    const resolved = await resolveInside(ws, m, errors);
    if (resolved && (await stat(resolved.real)).isFile()) units.push({ kind: 'file', ...resolved });
  }
  if (units.length === 0 && !matches.some((m) => MANIFEST_EXT.test(m))) {
    errors.push(
      new UserInputError(`glob ${showValue(pattern)} matched no .yaml, .yml or .json file`, undefined, 'manifests'),
    );
  }
  return units;
}

/** Resolve a path given by the user (or found in a directory) and prove it stays inside the workspace. */
async function resolveInside(
  ws: Workspace,
  input: string,
  errors: UserInputError[],
  shown?: string,
): Promise<Omit<Unit, 'kind'> | undefined> {
  const abs = path.isAbsolute(input) ? path.normalize(input) : path.resolve(ws.root, input);
  const lexicalRoot = isInside(abs, ws.root) ? ws.root : isInside(abs, ws.real) ? ws.real : undefined;
  if (lexicalRoot === undefined) {
    errors.push(
      new UserInputError(
        `path is outside the workspace ${ws.root}; manifests must come from the repository`,
        shown ?? displayPath(input),
      ),
    );
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
async function checkKustomizeTree(
  ws: Workspace,
  dir: Omit<Unit, 'kind'>,
  errors: UserInputError[],
  visited = new Set<string>(),
): Promise<boolean> {
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
    if (d[key] !== undefined && d[key] !== null)
      refuse(
        key,
        '',
        'helm charts are not rendered: kustomize would run helm and may fetch charts from the network; render the chart into the repository instead',
      );
  }
  // Files the kustomization reads: each must stay inside the workspace, links included (kustomize's
  // own check stops at the kustomization's directory only for some of them).
  for (const { field, entry } of fileReferences(d)) {
    if (isRemoteResource(entry)) {
      refuse(field, entry, REMOTE_REFUSED);
      continue;
    }
    const target = await resolveInside(ws, path.resolve(dir.abs, entry), errors, `${file}: ${field} ${entry}`);
    if (target && /^(?:transformers|generators|validators)\[/.test(field) && (await stat(target.real)).isDirectory())
      await checkKustomizeTree(ws, target, errors, visited);
  }
  // Plugins that run a program or a container (exec / KRM functions): kubectl runs none without
  // --enable-alpha-plugins, which this tool never passes; say so instead of a puzzling kustomize error.
  for (const key of ['transformers', 'generators', 'validators'] as const) {
    const list = d[key];
    if (!Array.isArray(list)) continue;
    for (const [i, entry] of list.entries()) {
      const inline = typeof entry === 'string' ? (entry.includes('\n') ? entry : undefined) : JSON.stringify(entry);
      if (
        inline !== undefined &&
        /config\.(?:kubernetes\.io|k8s\.io)\/function|\bexec\b\s*:|\bcontainer\b\s*:|"(?:exec|container)"\s*:/.test(
          inline,
        )
      ) {
        refuse(`${key}[${i}]`, '', 'plugins that run a program or a container (exec, KRM functions) are not allowed');
      }
    }
  }
  return errors.length === before;
}

const REMOTE_REFUSED =
  'remote resources are not loaded: a release comes from the repository (vendor the remote base into the workspace)';

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
  const record = (v: unknown): Record<string, unknown> | undefined =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  for (const key of ['configMapGenerator', 'secretGenerator'] as const) {
    for (const [j, g] of list(d[key]).entries()) {
      const gen = record(g);
      if (!gen) continue;
      for (const [k, f] of list(gen['files']).entries())
        if (isPath(f))
          out.push({ field: `${key}[${j}].files[${k}]`, entry: f.includes('=') ? f.slice(f.indexOf('=') + 1) : f });
      for (const [k, f] of list(gen['envs']).entries())
        if (isPath(f)) out.push({ field: `${key}[${j}].envs[${k}]`, entry: f });
      if (isPath(gen['env'])) out.push({ field: `${key}[${j}].env`, entry: gen['env'] });
    }
  }
  for (const key of ['patches', 'patchesJson6902', 'replacements'] as const) {
    for (const [j, p] of list(d[key]).entries()) {
      const v = record(p)?.['path'];
      if (isPath(v)) out.push({ field: `${key}[${j}].path`, entry: v });
    }
  }
  for (const [j, p] of list(d['patchesStrategicMerge']).entries())
    if (isPath(p) && !/^\s*[{[]|:\s/.test(p)) out.push({ field: `patchesStrategicMerge[${j}]`, entry: p });
  for (const key of ['configurations', 'crds', 'transformers', 'generators', 'validators'] as const) {
    for (const [j, p] of list(d[key]).entries()) if (isPath(p)) out.push({ field: `${key}[${j}]`, entry: p });
  }
  const openapi = record(d['openapi'])?.['path'];
  if (isPath(openapi)) out.push({ field: 'openapi.path', entry: openapi });
  return out;
}

/** URLs (`https://`, `file://`, `ssh://`), go-getter forms (`git::…`), `git@host:`, bare hosting paths and `?ref=`. */
function isRemoteResource(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^[a-z0-9+.-]+::/i.test(entry) ||
    /^git@/.test(entry) ||
    /^(?:github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
    entry.includes('?ref=')
  );
}

async function loadFile(unit: Unit, errors: UserInputError[], budget: ObjectBudget): Promise<SourcedObject[]> {
  let text: string;
  try {
    text = await readInputFile(unit.real, unit.rel, MANIFESTS);
  } catch (err) {
    errors.push(err instanceof UserInputError ? err : new UserInputError(errnoText(err), unit.rel));
    return [];
  }
  return parseManifests(text, unit.rel, errors, true, budget);
}

async function loadKustomize(
  ws: Workspace,
  unit: Unit,
  kubectl: string,
  timeout: number,
  errors: UserInputError[],
  budget: ObjectBudget,
  signal?: AbortSignal,
): Promise<SourcedObject[]> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(kubectl, ['kustomize', unit.real], {
      ...(signal ? { signal } : {}),
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
    if (signal?.aborted) throw signal.reason;
    if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
      // Checked first: Node kills kubectl when the output passes maxBuffer, so `killed` is set too.
      errors.push(inputTooLarge(`${unit.rel} (kubectl kustomize output)`, undefined, MANIFESTS));
      return [];
    }
    let why: string;
    if (e.code === 'ENOENT')
      why = `${showValue(kubectl)} was not found; install kubectl (it renders kustomize directories)`;
    else if (e.killed || e.signal)
      why = `did not finish within ${timeout % 1000 === 0 ? `${timeout / 1000} s` : `${timeout} ms`}`;
    else why = kubectlMessage(e.stderr ?? '') || e.message;
    errors.push(new UserInputError(`kubectl kustomize failed: ${why}`, unit.rel));
    return [];
  }
  if (budget.exceeded) return [];
  return parseManifests(stdout, unit.rel, errors, false, budget);
}

/**
 * Parse a multi-document YAML (or JSON) text into Kubernetes objects, located by file, document
 * and line. Problems are appended to `errors`; the objects of valid documents are returned.
 * Documents are composed one at a time, and parsing stops as soon as the release passes its
 * object `budget` (documents and `*List` items count; one error names the file and the limit).
 */
export function parseManifests(
  text: string,
  file: string,
  errors: UserInputError[],
  indexFields = false,
  budget?: ObjectBudget,
): SourcedObject[] {
  if (budget && refusedFromText(text, file, errors, budget)) return [];
  const lineCounter = new LineCounter();
  // Documents are handled as they are composed and then let go; errors wait for the count of
  // documents ("document 2 of 7"), which is known at the end.
  const pending: { index: number; error: (docLabel: string) => UserInputError }[] = [];
  const out: SourcedObject[] = [];
  let counted = 0;
  let index = -1;
  for (const doc of new Composer(YAML_OPTIONS).compose(new Parser(lineCounter.addNewLine).parse(text))) {
    index++;
    const at = index;
    const later = (error: (docLabel: string) => UserInputError): void => {
      pending.push({ index: at, error });
    };
    const where = (offset: number | undefined): string =>
      `${file}:${offset === undefined ? 1 : lineCounter.linePos(offset).line}`;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) later((label) => yamlError(e, file, label, lineCounter));
      continue;
    }
    const contents = doc.contents as YamlNode | null;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue; // empty document
    const map = isMap(contents) ? contents : undefined;
    const kind = map?.get('kind');
    const itemsNode = typeof kind === 'string' && kind.endsWith('List') ? map?.get('items', true) : undefined;
    counted += isSeq(itemsNode) ? itemsNode.items.length : 1;
    if (budget && budget.count + counted > budget.limit) {
      if (!budget.exceeded)
        errors.push(
          new UserInputError(
            `the release has more than ${budget.limit} objects, the limit per release; parsing stopped here. Split it into several releases`,
            file,
          ),
        );
      budget.exceeded = true;
      return [];
    }
    const startOffset = contents.range?.[0];
    const line = startOffset === undefined ? 1 : lineCounter.linePos(startOffset).line;
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const message =
        err instanceof ReferenceError && /alias/i.test(err.message)
          ? `more than ${MAX_ALIAS_COUNT} alias expansions (a YAML "billion laughs" document?)`
          : (err as Error).message;
      later((label) => new UserInputError(`${label}: ${message}`, where(startOffset)));
      continue;
    }
    const source: DocumentSource | undefined =
      indexFields && doc.range ? { text, start: doc.range[0], end: doc.range[2], lineCounter } : undefined;
    const accept = (
      value: unknown,
      itemLine: number,
      prefix: (string | number)[],
      label: (docLabel: string) => string,
    ): void => {
      const problem = objectProblem(value);
      if (problem) {
        later((docLabel) => new UserInputError(`${label(docLabel)}: ${problem}`, `${file}:${itemLine}`));
        return;
      }
      const object = value as KubeObject;
      if (source) FIELD_INDEX.set(object, { doc: source, prefix });
      out.push({ object, source: { file, index: at, line: itemLine } });
    };
    const v = data as Record<string, unknown> | null;
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      typeof v.kind === 'string' &&
      v.kind.endsWith('List') &&
      Array.isArray(v.items)
    ) {
      const listKind = v.kind;
      (v.items as unknown[]).forEach((item, j) => {
        const node = isSeq(itemsNode) ? (itemsNode.items[j] as YamlNode | undefined) : undefined;
        const itemLine = node?.range ? lineCounter.linePos(node.range[0]).line : line;
        accept(item, itemLine, ['items', j], (docLabel) => `${docLabel}, ${listKind} item ${j + 1}`);
      });
      continue;
    }
    accept(data, line, [], (docLabel) => docLabel);
  }
  if (budget) budget.count += counted;
  const total = index + 1;
  for (const p of pending) errors.push(p.error(`document ${p.index + 1}${total > 1 ? ` of ${total}` : ''}`));
  return out;
}

/** A `kind` key in block or flow style, quoted or not: every object has one (nested references such as roleRef.kind count too). */
const KIND_KEY = /(?:^|[\s{,])["']?kind["']?[ \t]*:/gm;
/** An alias reference (`*name`) where a value or item may start. */
const ALIAS_REF = /(?:^|[\s[{,:-])\*[^\s,[\]{}]+/gm;
/** Nested `kind` keys and aliases a legitimate object may carry: a file with more than this many per allowed object is refused unparsed. */
const PER_OBJECT_ALLOWANCE = 4;

/**
 * The parser needs memory in proportion to the nodes of one document, so a single `kind: List`
 * with 130,000 items (8 MiB) would cost about 1 GB and 15 s before its items could be counted.
 * Every object has a `kind` key, so a text with far more of them than the release may hold is
 * refused from a regular-expression count, before it is parsed; so is one with as many aliases.
 */
function refusedFromText(text: string, file: string, errors: UserInputError[], budget: ObjectBudget): boolean {
  const most = budget.limit * PER_OBJECT_ALLOWANCE;
  let kinds = 0;
  for (KIND_KEY.lastIndex = 0; KIND_KEY.exec(text) !== null && kinds <= most;) kinds++;
  let aliases = 0;
  for (ALIAS_REF.lastIndex = 0; ALIAS_REF.exec(text) !== null && aliases <= most;) aliases++;
  if (kinds <= most && aliases <= most) return false;
  const what = kinds > most ? `more than ${most} \`kind\` keys` : `more than ${most} YAML aliases`;
  if (!budget.exceeded)
    errors.push(
      new UserInputError(
        `holds ${what}, so the release would have more than ${budget.limit} objects, the limit per release; it was not parsed. Split it into several releases`,
        file,
      ),
    );
  budget.exceeded = true;
  return true;
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
  else if (
    typeof (meta as Record<string, unknown>).name !== 'string' ||
    (meta as Record<string, unknown>).name === ''
  ) {
    missing.push(
      (meta as Record<string, unknown>).generateName !== undefined
        ? 'metadata.name (generateName cannot be applied repeatedly)'
        : 'metadata.name',
    );
  }
  if (missing.length === 0) return undefined;
  const what = typeof o.kind === 'string' && o.kind !== '' ? `${o.kind} ` : '';
  return `${what}object has no ${missing.join(', ')}`;
}

function yamlError(e: YAMLError, file: string, docLabel?: string, lineCounter?: LineCounter): UserInputError {
  const pos = e.linePos?.[0] ?? (lineCounter && e.pos[0] >= 0 ? lineCounter.linePos(e.pos[0]) : undefined);
  // prettyErrors appends " at line L, column C:" and a source excerpt; the position goes in front instead.
  const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return new UserInputError(
    `${docLabel ? `${docLabel}: ` : ''}${message}`,
    pos ? `${file}:${pos.line}:${pos.col}` : file,
  );
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
