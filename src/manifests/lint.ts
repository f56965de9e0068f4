/**
 * Preflight checks of a release's manifests that need no cluster: the Kubernetes schema of each
 * object, the Fargate lint of each workload, image references, Secret encoding. Secret values
 * never reach a message.
 */
import { lintWorkloadObject, podSpecOf } from '../fargate/lint.js';
import { loadBalancerServiceFindings } from '../fargate/load-balancer.js';
import { Severity, type Finding } from '../findings.js';
import { validateObject } from './schema.js';
import { parseImageRef } from './images.js';
import { lineOfField, type SourcedObject } from './parse.js';

/** A finding located in a manifest file: file relative to the workspace, 1-based line. */
export interface ManifestFinding extends Finding {
  file: string;
  line: number;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Values shorter than this are not searched for in messages: they would match ordinary words. */
const MIN_REDACTED_LENGTH = 4;

/**
 * Check every object without a cluster: schema (validateObject: OpenAPI schema of the kind, name
 * rules), Fargate blockers and warnings (lintWorkloadObject), container images that are missing
 * or not valid references (the kubelet would fail with InvalidImageName), and Secret `data` that
 * is not base64. Each finding names the file, the line of the offending field (the object's first
 * line when the field is absent or the object came from kustomize) and the field path. Secret
 * `data`/`stringData` values are replaced before validation and redacted from every message as
 * `<redacted N bytes>`. Findings come in object order.
 */
export function lintRelease(objects: SourcedObject[]): ManifestFinding[] {
  const findings: ManifestFinding[] = [];
  for (const { object, source } of objects) {
    const name = object.metadata.name;
    const kind = object.kind;
    const secrets = object.kind === 'Secret' ? secretValues(object) : [];
    const locate = (field: string | undefined): number =>
      (field !== undefined ? lineOfField(object, field) : undefined) ?? source.line;
    const push = (f: Finding): void => {
      const out: ManifestFinding = {
        ...f,
        file: source.file,
        line: locate(f.field),
        message: redact(f.message, secrets),
      };
      if (typeof name === 'string' && out.workload === undefined) out.workload = name;
      findings.push(out);
    };

    for (const p of validateObject(object.kind === 'Secret' ? withPlaceholderSecrets(object) : object)) {
      push({
        severity: Severity.Blocker,
        code: 'schema',
        message: `${kind} ${JSON.stringify(name)}: ${p.path === '' ? '' : `${p.path}: `}${p.message}`,
        field: p.path,
      });
    }
    for (const f of lintWorkloadObject(object, source.file)) push(f);
    for (const f of loadBalancerServiceFindings(object)) push(f);
    for (const f of imageFindings(object)) push(f);
    if (object.kind === 'Secret' && isObj(object.data)) {
      for (const [key, value] of Object.entries(object.data)) {
        if (typeof value !== 'string' || BASE64.test(value.replace(/\s+/g, ''))) continue;
        push({
          severity: Severity.Blocker,
          code: 'secret-not-base64',
          message: `Secret ${JSON.stringify(name)}: data[${JSON.stringify(key)}] (<redacted ${Buffer.byteLength(value)} bytes>) is not base64; put plain text under stringData instead`,
          field: `data[${JSON.stringify(key)}]`,
        });
      }
    }
  }
  return findings;
}

function imageFindings(object: SourcedObject['object']): Finding[] {
  const pod = podSpecOf(object);
  if (!pod) return [];
  const out: Finding[] = [];
  for (const key of ['initContainers', 'containers'] as const) {
    const list = pod.spec[key];
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      if (!isObj(c)) return;
      const container = typeof c.name === 'string' ? c.name : undefined;
      const field = `${pod.path}.${key}[${i}].image`;
      const base: Pick<Finding, 'field' | 'workload'> = { field, workload: object.metadata.name };
      const extra = container !== undefined ? { container } : {};
      if (c.image === undefined || c.image === '') {
        out.push({
          ...base,
          ...extra,
          severity: Severity.Blocker,
          code: 'missing-image',
          message: `${container ? `container "${container}"` : `${key}[${i}]`} has no image`,
        });
        return;
      }
      if (typeof c.image !== 'string') return; // the schema check reports the type
      try {
        parseImageRef(c.image);
      } catch (err) {
        out.push({
          ...base,
          ...extra,
          severity: Severity.Blocker,
          code: 'invalid-image',
          message: `${container ? `container "${container}"` : `${key}[${i}]`}: ${(err as Error).message}; the kubelet would fail with InvalidImageName`,
        });
      }
    });
  }
  return out;
}

function secretValues(object: SourcedObject['object']): string[] {
  const values: string[] = [];
  for (const field of ['data', 'stringData'] as const) {
    const map = object[field];
    if (!isObj(map)) continue;
    for (const v of Object.values(map)) {
      if (v === null || v === undefined) continue;
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      values.push(text);
      if (field === 'data' && typeof v === 'string' && BASE64.test(v))
        values.push(Buffer.from(v, 'base64').toString('utf8'));
    }
  }
  return values.filter((v) => v.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
}

/** A copy whose Secret string values are harmless stand-ins of the same type. */
function withPlaceholderSecrets(object: SourcedObject['object']): SourcedObject['object'] {
  const copy: Obj = { ...object };
  for (const field of ['data', 'stringData'] as const) {
    const map = object[field];
    if (!isObj(map)) continue;
    copy[field] = Object.fromEntries(
      Object.entries(map).map(([k, v]) => [
        k,
        typeof v === 'string' ? (field === 'data' ? 'cmVkYWN0ZWQ=' : 'redacted') : v,
      ]),
    );
  }
  return copy as SourcedObject['object'];
}

function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) out = out.split(s).join(`<redacted ${Buffer.byteLength(s)} bytes>`);
  return out;
}
