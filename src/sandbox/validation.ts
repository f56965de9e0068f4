/**
 * Validation the API server does before storing: names, required fields, workload selectors
 * matching template labels, immutable fields, and unknown-field detection for `fieldValidation`.
 * Each failure is a cause of one 422 Invalid (or a 400 for strict unknown fields), like EKS's.
 */
import { deleteField, defined, isPlainObject, jsonEqual, scalarText, type KubeObject } from './object.js';
import { labelSelectorMatcher, type LabelSelectorSpec } from './selectors.js';
import type { StatusCause } from './status.js';
import { definitionNameFor, definitions, resolveSchema, type SchemaNode } from './openapi.js';
import { isSetList, itemKey, listMapKeys } from './schema.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME_KINDS = new Set(['Namespace', 'Service']);

function required(causes: StatusCause[], field: string): void {
  causes.push({ type: 'FieldValueRequired', message: 'Required value', field });
}

/** The members of the probe handler union, in the order the API server checks them. */
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

/** A probe or lifecycle hook sets one handler: every one after the first is Forbidden, as in the API server's validateHandler. */
function validateHandler(handler: unknown, path: string, members: readonly string[], causes: StatusCause[]): void {
  if (!isPlainObject(handler)) return;
  const set = members.filter((m) => handler[m] !== undefined && handler[m] !== null);
  for (const extra of set.slice(1))
    causes.push({
      type: 'FieldValueForbidden',
      message: 'Forbidden: may not specify more than 1 handler type',
      field: `${path}.${extra}`,
    });
}

function validatePodSpec(spec: unknown, path: string, causes: StatusCause[]): void {
  if (!isPlainObject(spec)) {
    required(causes, path);
    return;
  }
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) required(causes, `${path}.containers`);
  const names = new Set<string>();
  for (const list of ['initContainers', 'containers']) {
    const cs = spec[list];
    if (!Array.isArray(cs)) continue;
    cs.forEach((c, i) => {
      const p = `${path}.${list}[${i}]`;
      if (!isPlainObject(c)) return;
      if (typeof c.name !== 'string' || !c.name) required(causes, `${p}.name`);
      else if (!DNS1123_LABEL.test(c.name))
        causes.push({
          type: 'FieldValueInvalid',
          message: `Invalid value: "${c.name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
          field: `${p}.name`,
        });
      else if (names.has(c.name))
        causes.push({ type: 'FieldValueDuplicate', message: `Duplicate value: "${c.name}"`, field: `${p}.name` });
      else names.add(c.name);
      if (typeof c.image !== 'string' || !c.image.trim()) required(causes, `${p}.image`);
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
        validateHandler(c[probe], `${p}.${probe}`, PROBE_HANDLERS, causes);
      if (isPlainObject(c.lifecycle))
        for (const hook of ['postStart', 'preStop'])
          validateHandler(c.lifecycle[hook], `${p}.lifecycle.${hook}`, LIFECYCLE_HANDLERS, causes);
    });
  }
}

function validateWorkload(obj: KubeObject, causes: StatusCause[]): void {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!isPlainObject(spec)) {
    required(causes, 'spec');
    return;
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    causes.push({
      type: 'FieldValueInvalid',
      message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0`,
      field: 'spec.replicas',
    });
  }
  const template = spec.template as Record<string, unknown> | undefined;
  const selector = spec.selector as LabelSelectorSpec | undefined;
  if (!isPlainObject(selector)) required(causes, 'spec.selector');
  const labels =
    (isPlainObject(template) && isPlainObject(template.metadata)
      ? (template.metadata.labels as Record<string, string>)
      : undefined) ?? {};
  if (isPlainObject(selector)) {
    const m = labelSelectorMatcher(selector);
    if (m.empty)
      causes.push({
        type: 'FieldValueInvalid',
        message: 'Invalid value: {}: empty selector is invalid for deployment',
        field: 'spec.selector',
      });
    else if (!m.matches(labels)) {
      causes.push({
        type: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``,
        field: 'spec.template.metadata.labels',
      });
    }
  }
  validatePodSpec(isPlainObject(template) ? template.spec : undefined, 'spec.template.spec', causes);
}

const PATH_SEGMENT_NAME_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** Field errors for an object about to be stored (empty when valid). `old` is set on updates. */
export function validateObject(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name ?? '';
  const nameRe = LABEL_NAME_KINDS.has(obj.kind) ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  const maxLen = LABEL_NAME_KINDS.has(obj.kind) ? 63 : 253;
  // RBAC objects only need a valid path segment (`system:discovery`), as upstream's ValidateRBACName.
  const pathSegmentName = PATH_SEGMENT_NAME_KINDS.has(obj.kind);
  if (!name) required(causes, 'metadata.name');
  else if (pathSegmentName) {
    if (name === '.' || name === '..' || /[/%]/.test(name))
      causes.push({
        type: 'FieldValueInvalid',
        message: `Invalid value: "${name}": may not contain '/' or '%' and may not be '.' or '..'`,
        field: 'metadata.name',
      });
  } else if (obj.kind !== 'Event' && (!nameRe.test(name) || name.length > maxLen)) {
    causes.push({
      type: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${LABEL_NAME_KINDS.has(obj.kind) ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      field: 'metadata.name',
    });
  }
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    if (typeof v !== 'string' || v.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
      causes.push({
        type: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
        field: `metadata.labels`,
      });
    }
    if (!k)
      causes.push({
        type: 'FieldValueInvalid',
        message: 'Invalid value: "": name part must be non-empty',
        field: 'metadata.labels',
      });
  }
  switch (obj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
      validateWorkload(obj, causes);
      if (
        old &&
        !jsonEqual(
          (old.spec as Record<string, unknown> | undefined)?.selector,
          (obj.spec as Record<string, unknown> | undefined)?.selector,
        )
      ) {
        causes.push({
          type: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify((obj.spec as Record<string, unknown>).selector)}: field is immutable`,
          field: 'spec.selector',
        });
      }
      break;
    case 'Pod':
      validatePodSpec(obj.spec, 'spec', causes);
      break;
    case 'Service': {
      const spec = obj.spec as Record<string, unknown> | undefined;
      if (
        old &&
        (old.spec as Record<string, unknown> | undefined)?.clusterIP !== spec?.clusterIP &&
        spec?.clusterIP !== undefined
      ) {
        causes.push({
          type: 'FieldValueInvalid',
          message: `Invalid value: "${scalarText(spec.clusterIP, 'null')}": field is immutable`,
          field: 'spec.clusterIP',
        });
      }
      break;
    }
    default:
      break;
  }
  return causes;
}

const META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
  'selfLink',
]);

/** What decoding an object against its kind's schema found. */
export interface FieldProblems {
  /** Paths of fields the schema does not declare (`spec.replica`, `spec.template.spec.containers[0].imagePullPolicyy`). */
  unknown: string[];
  /** Values of the wrong JSON type, in the API server's decode-error form (always a 400, whatever `fieldValidation` says). */
  typeErrors: string[];
}

const JSON_KIND = (v: unknown): string =>
  Array.isArray(v)
    ? 'array'
    : v === null
      ? 'null'
      : typeof v === 'number'
        ? 'number'
        : typeof v === 'boolean'
          ? 'bool'
          : typeof v;

function goType(node: SchemaNode, name: string | undefined): string {
  if (name) return `v1.${name.split('.').pop()}`;
  switch (node.type) {
    case 'integer':
      return node.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${node.items ? goType(resolveSchema(node.items).schema, resolveSchema(node.items).name) : 'interface {}'}`;
    case 'object':
      return node.additionalProperties
        ? `map[string]${goType(resolveSchema(node.additionalProperties).schema, resolveSchema(node.additionalProperties).name)}`
        : 'map[string]interface {}';
    default:
      return node.type ?? 'interface {}';
  }
}

/**
 * Walks an object (or a merge / strategic-merge patch body) against the upstream schema of its kind:
 * unknown fields as `fieldValidation=Strict` reports them, and JSON type mismatches as the decoder
 * does. Strategic-merge directives (`$patch`, `$setElementOrder/…`, `$retainKeys`,
 * `$deleteFromPrimitiveList/…`) are not fields. Kinds without an upstream schema (the custom
 * resources the sandbox stores) are checked at the top level and in metadata only.
 */
export function fieldProblems(
  obj: Record<string, unknown>,
  opts: { prune?: boolean; pathStyle?: PathStyle } = {},
): FieldProblems {
  const out: FieldProblems = { unknown: [], typeErrors: [] };
  const prune = !!opts.prune;
  style = opts.pathStyle ?? 'decoder';
  const defName = definitionNameFor(scalarText(obj.apiVersion), scalarText(obj.kind));
  if (!defName) {
    for (const k of Object.keys(obj)) {
      if (['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(k) || k.startsWith('$')) continue;
      out.unknown.push(childPath('', k));
      if (prune) deleteField(obj, k);
    }
    const meta = obj.metadata;
    if (isPlainObject(meta)) {
      for (const k of Object.keys(meta)) {
        if (META_FIELDS.has(k) || k.startsWith('$')) continue;
        out.unknown.push(childPath(childPath('', 'metadata'), k));
        if (prune) deleteField(meta, k);
      }
    }
    return out;
  }
  const schema = defined(definitions()[defName], `the OpenAPI definition ${defName}`);
  walk(obj, schema, defName, '', defName.split('.').pop() ?? defName, out, prune, []);
  return out;
}

/**
 * How a field path is written: the JSON decoder's (`spec.template.spec.containers[0].image`, strict
 * decoding errors) or structured-merge-diff's, which server-side apply reports
 * (`.spec.template.spec.containers[name="app"].image`: list-map items by their keys).
 */
export type PathStyle = 'decoder' | 'ssa';
let style: PathStyle = 'decoder';

function childPath(path: string, key: string): string {
  if (style === 'ssa') return `${path}.${key}`;
  return path ? `${path}.${key}` : key;
}

function itemPath(path: string, names: readonly string[], item: unknown, i: number): string {
  if (style === 'ssa') {
    const keys = listMapKeys(names);
    const k = keys ? itemKey(item, keys) : undefined;
    if (k)
      return `${path}[${Object.entries(k)
        .map(([name, v]) => `${name}=${JSON.stringify(v)}`)
        .join(',')}]`;
    if (isSetList(names)) return `${path}[=${JSON.stringify(item)}]`;
  }
  return `${path}[${i}]`;
}

function walk(
  value: unknown,
  node: SchemaNode,
  name: string | undefined,
  path: string,
  struct: string,
  out: FieldProblems,
  prune: boolean,
  names: readonly string[],
): void {
  if (value === null || value === undefined) return;
  const { schema, name: refName } = node.$ref || node.allOf ? resolveSchema(node) : { schema: node, name };
  const typeName = refName ?? name;
  const mismatch = (): void => {
    out.typeErrors.push(
      `json: cannot unmarshal ${JSON_KIND(value)} into Go struct field ${struct}.${path} of type ${goType(schema, refName)}`,
    );
  };
  if (schema['x-kubernetes-int-or-string']) {
    if (typeof value !== 'string' && typeof value !== 'number') mismatch();
    return;
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') mismatch();
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) mismatch();
      return;
    case 'number':
      if (typeof value !== 'number') mismatch();
      return;
    case 'boolean':
      if (typeof value !== 'boolean') mismatch();
      return;
    case 'array':
      if (!Array.isArray(value)) {
        mismatch();
        return;
      }
      const items = schema.items;
      if (items)
        value.forEach((v, i) => {
          walk(v, items, undefined, itemPath(path, names, v, i), struct, out, prune, names);
        });
      return;
    default:
      break;
  }
  if (!isPlainObject(value)) {
    if (schema.properties || schema.additionalProperties) mismatch();
    return;
  }
  const childStruct = typeName ? (typeName.split('.').pop() ?? typeName) : struct;
  if (schema.additionalProperties) {
    for (const [k, v] of Object.entries(value))
      if (!k.startsWith('$'))
        walk(v, schema.additionalProperties, undefined, childPath(path, k), childStruct, out, prune, [...names, k]);
    return;
  }
  const props = schema.properties;
  if (!props) return;
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) continue;
    const p = childPath(path, k);
    const child = props[k];
    if (!child) {
      out.unknown.push(p);
      if (prune) deleteField(value, k);
    } else walk(v, child, undefined, p, childStruct, out, prune, [...names, k]);
  }
}
