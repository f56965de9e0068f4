/**
 * Parse the text of a release's manifests into Kubernetes objects, each located by file, document
 * and line. Pure: the text comes from src/inputs/manifests.ts (files and `kubectl kustomize`).
 *
 * YAML is read the way kubectl reads it (sigs.k8s.io/yaml on go-yaml v2, i.e. YAML 1.1 scalars:
 * `0644` is octal, `yes`/`on` are booleans, but dates and `80:30` stay strings), so a manifest means
 * the same here and in the cluster.
 */
import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type Node as YamlNode,
  type YAMLError,
} from '../util/yaml.js';
import type { KubeObject } from '../model/kube-object.js';
import { UserInputError, showValue } from '../errors.js';

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
/** The parser options of manifests and kustomization files: YAML 1.1 as kubectl reads it, strict. */
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
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

/**
 * The 1-based line of `field` (a path such as `spec.template.spec.containers[0].image`) in the
 * file an object was loaded from; the nearest existing ancestor when the field itself is absent.
 * Undefined for objects not parsed with `indexFields` (kustomize output, copies).
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
  const r: Reading = {
    text,
    file,
    errors,
    budget,
    indexFields,
    lineCounter: new LineCounter(),
    pending: [],
    out: [],
    counted: 0,
  };
  let index = -1;
  // Documents are handled as they are composed and then let go.
  for (const doc of new Composer(YAML_OPTIONS).compose(new Parser(r.lineCounter.addNewLine).parse(text))) {
    index++;
    if (!readDocument(r, doc, index)) return [];
  }
  if (budget) budget.count += r.counted;
  const total = index + 1;
  for (const p of r.pending) errors.push(p.error(`document ${p.index + 1}${total > 1 ? ` of ${total}` : ''}`));
  return r.out;
}

/** One run of {@link parseManifests}. */
interface Reading {
  text: string;
  file: string;
  errors: UserInputError[];
  budget: ObjectBudget | undefined;
  indexFields: boolean;
  lineCounter: LineCounter;
  /** Problems wait for the count of documents ("document 2 of 7"), which is known at the end. */
  pending: { index: number; error: (docLabel: string) => UserInputError }[];
  out: SourcedObject[];
  /** Objects of this text so far (documents, and the items of `*List` documents). */
  counted: number;
}

/**
 * Read document number `at` (from 0): its objects go to `r.out`, its problems to `r.pending`.
 * False when the release passed its object budget: the error is reported and parsing stops.
 */
function readDocument(r: Reading, doc: Document.Parsed, at: number): boolean {
  const { file, lineCounter, budget } = r;
  const later = (error: (docLabel: string) => UserInputError): void => {
    r.pending.push({ index: at, error });
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) later((label) => yamlError(e, file, label, lineCounter));
    return true;
  }
  const contents = doc.contents as YamlNode | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) return true; // empty document
  const map = isMap(contents) ? contents : undefined;
  const kind = map?.get('kind');
  const itemsNode = typeof kind === 'string' && kind.endsWith('List') ? map?.get('items', true) : undefined;
  r.counted += isSeq(itemsNode) ? itemsNode.items.length : 1;
  if (budget && budget.count + r.counted > budget.limit) {
    if (!budget.exceeded)
      r.errors.push(
        new UserInputError(
          `the release has more than ${budget.limit} objects, the limit per release; parsing stopped here. Split it into several releases`,
          file,
        ),
      );
    budget.exceeded = true;
    return false;
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
    later((label) => new UserInputError(`${label}: ${message}`, `${file}:${line}`));
    return true;
  }
  const source: DocumentSource | undefined = r.indexFields
    ? { text: r.text, start: doc.range[0], end: doc.range[2], lineCounter }
    : undefined;
  const accept = (
    value: unknown,
    itemLine: number,
    prefix: (string | number)[],
    label: (l: string) => string,
  ): void => {
    const problem = objectProblem(value);
    if (problem) {
      later((docLabel) => new UserInputError(`${label(docLabel)}: ${problem}`, `${file}:${itemLine}`));
      return;
    }
    const object = value as KubeObject;
    if (source) FIELD_INDEX.set(object, { doc: source, prefix });
    r.out.push({ object, source: { file, index: at, line: itemLine } });
  };
  const items = listItems(data);
  if (items) {
    items.values.forEach((item, j) => {
      const node = isSeq(itemsNode) ? (itemsNode.items[j] as YamlNode | undefined) : undefined;
      const itemLine = node?.range ? lineCounter.linePos(node.range[0]).line : line;
      accept(item, itemLine, ['items', j], (docLabel) => `${docLabel}, ${items.kind} item ${j + 1}`);
    });
  } else {
    accept(data, line, [], (docLabel) => docLabel);
  }
  return true;
}

/** The items of a `kind: *List` object (`v1.List`, `ConfigMapList`…), flattened into the release. */
function listItems(data: unknown): { kind: string; values: unknown[] } | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const { kind, items } = data as { kind?: unknown; items?: unknown };
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items)
    ? { kind, values: items }
    : undefined;
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

/** A YAML syntax error as a UserInputError located `file:line:col`. */
export function yamlError(e: YAMLError, file: string, docLabel?: string, lineCounter?: LineCounter): UserInputError {
  const pos = e.linePos?.[0] ?? (lineCounter && e.pos[0] >= 0 ? lineCounter.linePos(e.pos[0]) : undefined);
  // prettyErrors appends " at line L, column C:" and a source excerpt; the position goes in front instead.
  const message = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return new UserInputError(
    `${docLabel ? `${docLabel}: ` : ''}${message}`,
    pos ? `${file}:${pos.line}:${pos.col}` : file,
  );
}
