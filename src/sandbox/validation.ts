/**
 * Validation the API server does before storing: names, required fields, workload selectors
 * matching template labels, immutable fields, and unknown-field detection for `fieldValidation`.
 * Each failure is a cause of one 422 Invalid (or a 400 for strict unknown fields), like EKS's.
 */
import { isPlainObject, jsonEqual, type KubeObject } from './object.js';
import { labelSelectorMatcher, type LabelSelectorSpec } from './selectors.js';
import type { StatusCause } from './status.js';

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
  for (const extra of set.slice(1)) causes.push({ type: 'FieldValueForbidden', message: 'Forbidden: may not specify more than 1 handler type', field: `${path}.${extra}` });
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
      else if (!DNS1123_LABEL.test(c.name)) causes.push({ type: 'FieldValueInvalid', message: `Invalid value: "${c.name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`, field: `${p}.name` });
      else if (names.has(c.name)) causes.push({ type: 'FieldValueDuplicate', message: `Duplicate value: "${c.name}"`, field: `${p}.name` });
      else names.add(c.name);
      if (typeof c.image !== 'string' || !c.image.trim()) required(causes, `${p}.image`);
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) validateHandler(c[probe], `${p}.${probe}`, PROBE_HANDLERS, causes);
      if (isPlainObject(c.lifecycle)) for (const hook of ['postStart', 'preStop']) validateHandler(c.lifecycle[hook], `${p}.lifecycle.${hook}`, LIFECYCLE_HANDLERS, causes);
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
    causes.push({ type: 'FieldValueInvalid', message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0`, field: 'spec.replicas' });
  }
  const template = spec.template as Record<string, unknown> | undefined;
  const selector = spec.selector as LabelSelectorSpec | undefined;
  if (!isPlainObject(selector)) required(causes, 'spec.selector');
  const labels = (isPlainObject(template) && isPlainObject(template.metadata) ? (template.metadata.labels as Record<string, string>) : undefined) ?? {};
  if (isPlainObject(selector)) {
    const m = labelSelectorMatcher(selector);
    if (m.empty) causes.push({ type: 'FieldValueInvalid', message: 'Invalid value: {}: empty selector is invalid for deployment', field: 'spec.selector' });
    else if (!m.matches(labels)) {
      causes.push({ type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``, field: 'spec.template.metadata.labels' });
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
    if (name === '.' || name === '..' || /[/%]/.test(name)) causes.push({ type: 'FieldValueInvalid', message: `Invalid value: "${name}": may not contain '/' or '%' and may not be '.' or '..'`, field: 'metadata.name' });
  } else if (obj.kind !== 'Event' && (!nameRe.test(name) || name.length > maxLen)) {
    causes.push({
      type: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${LABEL_NAME_KINDS.has(obj.kind) ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      field: 'metadata.name',
    });
  }
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    if (typeof v !== 'string' || v.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
      causes.push({ type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`, field: `metadata.labels` });
    }
    if (!k) causes.push({ type: 'FieldValueInvalid', message: 'Invalid value: "": name part must be non-empty', field: 'metadata.labels' });
  }
  switch (obj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
      validateWorkload(obj, causes);
      if (old && !jsonEqual((old.spec as Record<string, unknown> | undefined)?.selector, (obj.spec as Record<string, unknown> | undefined)?.selector)) {
        causes.push({ type: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify((obj.spec as Record<string, unknown>).selector)}: field is immutable`, field: 'spec.selector' });
      }
      break;
    case 'Pod':
      validatePodSpec(obj.spec, 'spec', causes);
      break;
    case 'Service': {
      const spec = obj.spec as Record<string, unknown> | undefined;
      if (old && (old.spec as Record<string, unknown> | undefined)?.clusterIP !== spec?.clusterIP && spec?.clusterIP !== undefined) {
        causes.push({ type: 'FieldValueInvalid', message: `Invalid value: "${String(spec.clusterIP)}": field is immutable`, field: 'spec.clusterIP' });
      }
      break;
    }
    default:
      break;
  }
  return causes;
}

const META_FIELDS = new Set(['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields', 'selfLink']);
const TOP_FIELDS: Record<string, string[]> = {
  ConfigMap: ['data', 'binaryData', 'immutable'],
  Secret: ['data', 'stringData', 'type', 'immutable'],
  Endpoints: ['subsets'],
  ServiceAccount: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
  EndpointSlice: ['addressType', 'endpoints', 'ports'],
  ControllerRevision: ['data', 'revision'],
  Role: ['rules'],
  ClusterRole: ['rules', 'aggregationRule'],
  RoleBinding: ['subjects', 'roleRef'],
  ClusterRoleBinding: ['subjects', 'roleRef'],
  StorageClass: ['provisioner', 'parameters', 'reclaimPolicy', 'mountOptions', 'allowVolumeExpansion', 'volumeBindingMode', 'allowedTopologies'],
};

/**
 * Unknown fields at the levels the sandbox knows the schema of (top level and metadata), as
 * `fieldValidation=Strict` reports them: `unknown field "spec2"`. Events are free-form here.
 */
export function unknownFields(obj: Record<string, unknown>): string[] {
  const kind = String(obj.kind ?? '');
  if (kind === 'Event') return [];
  const allowed = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status', ...(TOP_FIELDS[kind] ?? [])]);
  const out: string[] = [];
  for (const k of Object.keys(obj)) if (!allowed.has(k)) out.push(k);
  if (isPlainObject(obj.metadata)) for (const k of Object.keys(obj.metadata)) if (!META_FIELDS.has(k)) out.push(`metadata.${k}`);
  return out;
}
