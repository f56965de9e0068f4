/**
 * The one YAML library of the tool (eemeli/yaml): every module reads and writes YAML through this
 * one (test/layers.test.ts checks it). Strict YAML 1.1 parsing as kubectl reads manifests lives in
 * src/manifests/parse.ts; {@link toYaml} writes YAML that kubectl (sigs.k8s.io/yaml on go-yaml v2,
 * YAML 1.1) reads back as exactly the values written.
 */
import { Document, Scalar, visit } from 'yaml';

export {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  parse,
  parseAllDocuments,
  parseDocument,
  stringify,
  type DocumentOptions,
  type Node,
  type Pair,
  type Scalar,
  type ParseOptions,
  type SchemaOptions,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
export type { Document } from 'yaml';

/** Strings a YAML 1.1 reader or Go's number parser would take for something else: quoted. */
const AMBIGUOUS = /^(?:=|<<|[-+]?0[oO][0-7_]+)$/;

/**
 * White space alone, a tab on one line, or a multi-line text with a line of white space only (a
 * block scalar would lose it): written in double quotes, with escapes.
 */
function needsDoubleQuotes(s: string): boolean {
  if (/^[ \t]+$/.test(s)) return true;
  if (!s.includes('\n')) return s.includes('\t');
  return /(?:^|\n)[ \t]+(?:\n|$)/.test(s);
}

/**
 * `value` as one YAML document: block style, no line folding, no anchors, strings quoted only when
 * a YAML 1.1 reader would read them as another type (`'8080'`, `'yes'`, `'0644'`), single quotes
 * preferred. Same value in, same bytes out.
 */
export function toYaml(value: unknown): string {
  const doc = new Document(value, {
    version: '1.1',
    aliasDuplicateObjects: false,
    // Without the merge tag a `<<` key is an ordinary string, which the visitor below quotes.
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:merge'),
  });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      if (AMBIGUOUS.test(node.value)) node.type = Scalar.QUOTE_SINGLE;
      else if (needsDoubleQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0, singleQuote: true });
}
