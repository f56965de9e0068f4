import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolume } from 'kubernetes-models/v1/PersistentVolume';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Lease } from 'kubernetes-models/coordination.k8s.io/v1/Lease';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { IngressClass } from 'kubernetes-models/networking.k8s.io/v1/IngressClass';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { isDns1123Label, isDns1123Subdomain } from '../convert/names.js';

/** A schema problem in one object, with the JSON path of the offending field. */
export interface SchemaProblem {
  path: string;
  message: string;
}

interface Validatable {
  validate(): void;
}
type ModelCtor = new (data: Record<string, unknown>) => Validatable;

// The kubernetes-models classes carry the upstream OpenAPI schemas (validated with ajv).
const MODELS: Record<string, ModelCtor> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/PersistentVolume': PersistentVolume,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Pod': Pod,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/DaemonSet': DaemonSet,
  'apps/v1/Deployment': Deployment,
  'apps/v1/ReplicaSet': ReplicaSet,
  'apps/v1/StatefulSet': StatefulSet,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/CronJob': CronJob,
  'batch/v1/Job': Job,
  'coordination.k8s.io/v1/Lease': Lease,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/IngressClass': IngressClass,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/**
 * Custom resources the tool emits whose CRDs ship no npm schema package: the fields their
 * controllers require (External Secrets Operator v1, AWS Load Balancer Controller v1beta1).
 */
const CRD_REQUIRED: Record<string, string[]> = {
  'external-secrets.io/v1/ExternalSecret': ['spec.secretStoreRef.name', 'spec.target.name'],
  'external-secrets.io/v1beta1/ExternalSecret': ['spec.secretStoreRef.name', 'spec.target.name'],
  'elbv2.k8s.aws/v1beta1/TargetGroupBinding': ['spec.serviceRef.name', 'spec.serviceRef.port', 'spec.targetGroupARN'],
};

const CLUSTER_SCOPED = new Set(['Namespace', 'PersistentVolume', 'IngressClass']);
const LABEL_NAMED = new Set(['Namespace', 'Service']);

/**
 * Validate one object against the Kubernetes OpenAPI schema of its kind, plus the name rules the
 * API server applies (DNS-1123). Returns every problem found; empty means valid.
 */
export function validateObject(obj: unknown): SchemaProblem[] {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj))
    return [{ path: '', message: 'expected a Kubernetes object (a mapping)' }];
  const o = obj as Record<string, unknown>;
  const problems: SchemaProblem[] = [];
  const apiVersion = o['apiVersion'];
  const kind = o['kind'];
  if (typeof apiVersion !== 'string' || apiVersion === '') problems.push({ path: 'apiVersion', message: 'required' });
  if (typeof kind !== 'string' || kind === '') problems.push({ path: 'kind', message: 'required' });
  const meta = o['metadata'] as Record<string, unknown> | undefined;
  const name = meta?.['name'];
  if (typeof name !== 'string' || name === '') {
    problems.push({ path: 'metadata.name', message: 'required' });
  } else if (typeof kind === 'string' && LABEL_NAMED.has(kind) ? !isDns1123Label(name) : !isDns1123Subdomain(name)) {
    problems.push({
      path: 'metadata.name',
      message: `${JSON.stringify(name)} is not a valid name: ${typeof kind === 'string' && LABEL_NAMED.has(kind) ? 'a DNS-1123 label (63 characters at most)' : 'a DNS-1123 subdomain (253 characters at most)'} of lower-case letters, digits and "-", starting and ending with a letter or digit`,
    });
  }
  const ns = meta?.['namespace'];
  if (ns !== undefined && (typeof ns !== 'string' || !isDns1123Label(ns))) {
    problems.push({
      path: 'metadata.namespace',
      message: `${JSON.stringify(ns)} is not a valid namespace (DNS-1123 label)`,
    });
  }
  if (typeof kind === 'string' && CLUSTER_SCOPED.has(kind) && ns !== undefined) {
    problems.push({ path: 'metadata.namespace', message: `${kind} is cluster-scoped and takes no namespace` });
  }
  problems.push(...labelProblems(o), ...dataProblems(o));
  if (problems.length > 0 || typeof apiVersion !== 'string' || typeof kind !== 'string') return problems;
  const key = `${apiVersion}/${kind}`;
  const Model = MODELS[key];
  if (Model) {
    try {
      new Model(stripTypeMeta(o)).validate();
    } catch (err) {
      const errors = (
        err as { errors?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[] }
      ).errors;
      if (errors && errors.length > 0) {
        for (const e of errors) {
          const path = (e.instancePath ?? '')
            .replace(/^\//, '')
            .split('/')
            .filter(Boolean)
            .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
            .join('')
            .replace(/^\./, '');
          const extra =
            e.params && 'missingProperty' in e.params
              ? ` (${String(e.params['missingProperty'])})`
              : e.params && 'allowedValues' in e.params
                ? ` (${(e.params['allowedValues'] as unknown[]).join(', ')})`
                : '';
          problems.push({ path, message: `${e.message ?? 'invalid'}${extra}` });
        }
      } else {
        problems.push({ path: '', message: err instanceof Error ? err.message : String(err) });
      }
    }
    return problems;
  }
  const required = CRD_REQUIRED[key];
  if (required) {
    for (const path of required) {
      let v: unknown = o;
      for (const part of path.split('.'))
        v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
      if (v === undefined || v === '' || v === null) problems.push({ path, message: 'required' });
    }
  }
  return problems;
}

/** A qualified name's name part (label/annotation keys): what the API server's IsQualifiedName accepts. */
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** A ConfigMap/Secret data key (IsConfigMapKey). */
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
/** The API server refuses ConfigMap and Secret data larger than this (bytes). */
const MAX_DATA_BYTES = 1024 * 1024;

function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDns1123Subdomain(prefix))
    return `key ${JSON.stringify(key)}: the prefix must be a DNS-1123 subdomain`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `key ${JSON.stringify(key)} is not a valid qualified name: at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit (an optional DNS-1123 prefix and "/" before it)`;
  }
  return undefined;
}

/** Label keys and values, and annotation keys, as the API server checks them (metadata and pod templates). */
function labelProblems(o: Record<string, unknown>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const at = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>((v, p) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined), o);
  for (const path of [
    'metadata.labels',
    'spec.template.metadata.labels',
    'spec.selector.matchLabels',
    'metadata.annotations',
    'spec.template.metadata.annotations',
  ]) {
    const map = at(path);
    if (!map || typeof map !== 'object' || Array.isArray(map)) continue;
    for (const [k, v] of Object.entries(map as Record<string, unknown>)) {
      const keyProblem = qualifiedNameProblem(k);
      if (keyProblem) problems.push({ path: `${path}.${k}`, message: keyProblem });
      if (path.endsWith('nnotations') || typeof v !== 'string') continue;
      if (v !== '' && (v.length > 63 || !QUALIFIED_NAME.test(v))) {
        problems.push({
          path: `${path}.${k}`,
          message: `value ${JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v)} (${v.length} characters) is not a valid label value: at most 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit`,
        });
      }
    }
  }
  return problems;
}

/** ConfigMap/Secret data keys and total size, which the API server refuses after our apply began otherwise. */
function dataProblems(o: Record<string, unknown>): SchemaProblem[] {
  if (o['apiVersion'] !== 'v1' || (o['kind'] !== 'ConfigMap' && o['kind'] !== 'Secret')) return [];
  const problems: SchemaProblem[] = [];
  let bytes = 0;
  for (const field of o['kind'] === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData']) {
    const map = o[field];
    if (!map || typeof map !== 'object' || Array.isArray(map)) continue;
    for (const [k, v] of Object.entries(map as Record<string, unknown>)) {
      if (k.length > 253 || !DATA_KEY.test(k))
        problems.push({
          path: `${field}.${k.length > 80 ? `${k.slice(0, 80)}…` : k}`,
          message: `key ${JSON.stringify(k.length > 80 ? `${k.slice(0, 80)}…` : k)} is not a valid data key: letters, digits, "-", "_" and "." (253 characters at most)`,
        });
      if (typeof v === 'string')
        bytes +=
          k.length +
          ((field === 'data' && o['kind'] === 'Secret') || field === 'binaryData'
            ? Math.floor((v.length * 3) / 4)
            : Buffer.byteLength(v));
    }
  }
  if (bytes > MAX_DATA_BYTES)
    problems.push({
      path: 'data',
      message: `${o['kind']} data is ${bytes} bytes; the API server allows at most ${MAX_DATA_BYTES} bytes`,
    });
  return problems;
}

function stripTypeMeta(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([key]) => key !== 'apiVersion' && key !== 'kind'));
}
