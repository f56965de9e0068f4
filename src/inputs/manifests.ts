/**
 * Load the Kubernetes objects of a release from the user's repository: files, directories, globs
 * and kustomize directories, all confined to the workspace. The text read here is parsed by
 * src/manifests/parse.ts; kustomization files are checked with src/manifests/kustomization.ts
 * before `kubectl kustomize` (src/inputs/kustomize.ts) renders them.
 */
import { glob, lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import { KUSTOMIZATION_FILES, kustomizationEntries } from '../manifests/kustomization.js';
import { MAX_RELEASE_OBJECTS, parseManifests, type ObjectBudget, type SourcedObject } from '../manifests/parse.js';
import { inputTooLarge, readInputFile } from './input-file.js';
import { renderKustomize } from './kustomize.js';

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

const MANIFEST_EXT = /\.(?:ya?ml|json)$/i;
const GLOB_MAGIC = /[*?[\]{}]/;
/** What a size error calls manifests: each file, and each kustomize directory's output, has the limit. */
const MANIFESTS = 'manifest files and kustomize outputs';

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

  const run = { kubectl: opts.kubectl ?? 'kubectl', timeoutMs: opts.kustomizeTimeoutMs ?? 60_000, signal: opts.signal };
  const budget: ObjectBudget = { limit: opts.maxObjects ?? MAX_RELEASE_OBJECTS, count: 0, exceeded: false };
  // Files are read concurrently; kubectl runs are few and each is a process, so at most 4 at a time.
  // Each unit collects its own errors so the report keeps the order of the sources.
  const results = await mapLimited(units, 4, async (u) => {
    const unitErrors: UserInputError[] = [];
    if (budget.exceeded) return { objects: [], errors: unitErrors };
    opts.signal?.throwIfAborted();
    const objects =
      u.kind === 'file' ? await loadFile(u, unitErrors, budget) : await loadKustomize(ws, u, run, unitErrors, budget);
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
 * Check a kustomize directory before kubectl renders it: every local resource, base, component and
 * file its kustomization names must resolve inside the workspace (links included), recursively
 * through the kustomization directories it names; remote resources, helm charts and plugins that
 * run a program are refused, each naming the kustomization file and field.
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
  if (fileName === undefined) return true;
  const file = `${dir.rel === '.' ? '' : `${dir.rel}/`}${fileName}`;
  let text: string;
  try {
    text = await readInputFile(path.join(dir.real, fileName), file, 'kustomization files');
  } catch (err) {
    errors.push(err instanceof UserInputError ? err : new UserInputError(errnoText(err), file));
    return false;
  }
  const entries = kustomizationEntries(text, file, errors);
  if (entries === undefined) return false;
  for (const e of entries) {
    const where = `${file}: ${e.field}${e.entry ? ` ${e.entry}` : ''}`;
    if (e.kind === 'refused') {
      errors.push(new UserInputError(e.why, where));
      continue;
    }
    const target = await resolveInside(ws, path.resolve(dir.abs, e.entry), errors, where);
    if (target && e.walk && (await stat(target.real)).isDirectory())
      await checkKustomizeTree(ws, target, errors, visited);
  }
  return errors.length === before;
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
  run: { kubectl: string; timeoutMs: number; signal?: AbortSignal | undefined },
  errors: UserInputError[],
  budget: ObjectBudget,
): Promise<SourcedObject[]> {
  const rendered = await renderKustomize(unit.real, { ...run, cwd: ws.real });
  if (!rendered.ok) {
    errors.push(
      rendered.tooLarge
        ? inputTooLarge(`${unit.rel} (kubectl kustomize output)`, undefined, MANIFESTS)
        : new UserInputError(`kubectl kustomize failed: ${rendered.why}`, unit.rel),
    );
    return [];
  }
  if (budget.exceeded) return [];
  return parseManifests(rendered.yaml, unit.rel, errors, false, budget);
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

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
};

/** A file system error in words; Node's errors may come from another realm (jest), so no instanceof. */
function errnoText(err: unknown): string {
  const { code, message } = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    message?: unknown;
  };
  const known = typeof code === 'string' ? ERRNO_TEXT[code] : undefined;
  return known ?? (typeof message === 'string' ? message : String(err));
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  // One iterator shared by the workers: each takes the next item when it is free.
  const queue = items.entries();
  const worker = async (): Promise<void> => {
    for (const [i, item] of queue) out[i] = await fn(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
