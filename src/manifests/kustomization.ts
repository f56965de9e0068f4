/**
 * What a kustomization file asks kustomize to read, checked before kustomize runs: kustomize
 * refuses files outside a kustomization's own directory, but happily loads other kustomization
 * directories from anywhere (`resources: [../../../etc]`). Pure: the text comes in, and the
 * references to check against the workspace come out in the order they appear, with the entries
 * refused outright (remote resources, helm charts, plugins that run a program) already worded.
 * src/inputs/manifests.ts resolves each reference and walks the kustomization directories.
 */
import { parseAllDocuments } from '../util/yaml.js';
import { UserInputError } from '../errors.js';
import { MAX_ALIAS_COUNT, YAML_OPTIONS, yamlError } from './parse.js';

/** The names kustomize looks for in a directory. */
export const KUSTOMIZATION_FILES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** One entry of a kustomization file: where it is (`resources[0]`) and what it says. */
export type KustomizationEntry =
  /** A refused entry, with the reason. */
  | { kind: 'refused'; field: string; entry: string; why: string }
  /**
   * A local path kustomize reads. `walk`: when it is a directory, it is a kustomization whose own
   * references must be checked too (resources, bases, components, and plugin config directories).
   */
  | { kind: 'path'; field: string; entry: string; walk: boolean };

/**
 * The entries of a kustomization file's text, in order: resources, bases and components first,
 * then helm charts (refused), then the other files it names, then plugins that run a program
 * (refused). YAML problems are appended to `errors` (located in `file`) and end the reading
 * (undefined); a text that is not a mapping has no entries (kustomize reports its own shape errors).
 */
export function kustomizationEntries(
  text: string,
  file: string,
  errors: UserInputError[],
): KustomizationEntry[] | undefined {
  const [doc] = parseAllDocuments(text, YAML_OPTIONS);
  if (!doc) return [];
  if (doc.errors.length > 0) {
    errors.push(...doc.errors.map((e) => yamlError(e, file)));
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    errors.push(new UserInputError(err instanceof Error ? err.message : String(err), file));
    return undefined;
  }
  if (!isRecord(data)) return [];
  const d = data;
  const out: KustomizationEntry[] = [];
  const pathOrRemote = (field: string, entry: string, walk: boolean): KustomizationEntry =>
    isRemoteResource(entry)
      ? { kind: 'refused', field, entry, why: REMOTE_REFUSED }
      : { kind: 'path', field, entry, walk };
  for (const key of ['resources', 'bases', 'components'] as const) {
    const list = d[key];
    if (!Array.isArray(list)) continue;
    for (const [i, entry] of list.entries()) {
      if (typeof entry === 'string') out.push(pathOrRemote(`${key}[${i}]`, entry, true));
    }
  }
  for (const key of ['helmCharts', 'helmChartInflationGenerator', 'helmGlobals'] as const) {
    if (d[key] !== undefined && d[key] !== null)
      out.push({
        kind: 'refused',
        field: key,
        entry: '',
        why: 'helm charts are not rendered: kustomize would run helm and may fetch charts from the network; render the chart into the repository instead',
      });
  }
  // Files the kustomization reads: each must stay inside the workspace, links included (kustomize's
  // own check stops at the kustomization's directory only for some of them).
  for (const { field, entry } of fileReferences(d)) {
    out.push(pathOrRemote(field, entry, /^(?:transformers|generators|validators)\[/.test(field)));
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
        out.push({
          kind: 'refused',
          field: `${key}[${i}]`,
          entry: '',
          why: 'plugins that run a program or a container (exec, KRM functions) are not allowed',
        });
      }
    }
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
  const record = (v: unknown): Record<string, unknown> | undefined => (isRecord(v) ? v : undefined);
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
