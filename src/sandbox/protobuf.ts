/**
 * Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), which kubectl's
 * typed commands send (`create namespace|secret|configmap|deployment|job|cronjob|service…`, `run`,
 * `expose`, `autoscale`, `drain`): the envelope is the magic `k8s\0` then a `runtime.Unknown`
 * message (typeMeta, raw, contentEncoding, contentType) whose `raw` is the object's message. The
 * message schemas are the upstream ones (protobuf-descriptor.ts, generated from k8s.io/api and
 * k8s.io/apimachinery generated.proto), decoded by protobufjs; the result is turned into the JSON
 * object the API server would see, with Go's JSON rules (pointer fields kept when sent, omitempty
 * values dropped when zero) and the special types (Time, Quantity, IntOrString, RawExtension…).
 */
import protobuf from 'protobufjs';
import { PROTOBUF_DESCRIPTOR_JSON } from './protobuf-descriptor.js';
import { badRequest, StatusError, StatusReason } from './status.js';
import { defined } from './object.js';

/** The media type of Kubernetes protobuf bodies. */
const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

let root: protobuf.Root | undefined;
function messages(): protobuf.Root {
  root ??= protobuf.Root.fromJSON(JSON.parse(PROTOBUF_DESCRIPTOR_JSON) as protobuf.INamespace);
  return root;
}

/** Whether a Content-Type names the Kubernetes protobuf encoding. */
export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === PROTOBUF_MEDIA_TYPE;
}

/** The protobuf package of an API group (`apps` → k8s.io.api.apps.v1, `rbac.authorization.k8s.io` → k8s.io.api.rbac.v1). */
function packageOf(apiVersion: string, kind: string): string {
  if (kind === 'DeleteOptions' || kind === 'Status') return META;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return `k8s.io.api.${group ? group.split('.')[0] : 'core'}.${version}`;
}

function lookup(name: string): protobuf.Type | undefined {
  try {
    return messages().lookupType(name);
  } catch {
    return undefined;
  }
}

/**
 * Decodes a protobuf request body into the object's JSON form. `what` names the body in errors
 * (`create body`). Unknown kinds are a 415, as for an API server that has no protobuf codec for them.
 */
export function decodeProtobufBody(body: Buffer, what: string): Record<string, unknown> {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw badRequest(`${what}: provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]`);
  }
  let unknown: { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Uint8Array; contentEncoding?: string };
  try {
    unknown = defined(lookup('k8s.io.apimachinery.pkg.runtime.Unknown'), 'the runtime.Unknown protobuf type').decode(
      body.subarray(MAGIC.length),
    ) as typeof unknown;
  } catch (err) {
    throw badRequest(`${what}: invalid protobuf envelope: ${(err as Error).message}`);
  }
  const apiVersion = unknown.typeMeta?.apiVersion ?? '';
  const kind = unknown.typeMeta?.kind ?? '';
  if (unknown.contentEncoding)
    throw badRequest(`${what}: content encoding "${unknown.contentEncoding}" is not supported`);
  const type = kind ? lookup(`${packageOf(apiVersion, kind)}.${kind}`) : undefined;
  if (!type) {
    throw new StatusError(
      415,
      StatusReason.UnsupportedMediaType,
      `${what}: no protobuf schema for ${apiVersion || '(no apiVersion)'}, Kind=${kind || '(no kind)'}: send application/json`,
    );
  }
  let msg: protobuf.Message;
  try {
    msg = type.decode(unknown.raw ?? new Uint8Array());
  } catch (err) {
    throw badRequest(`${what}: invalid protobuf ${kind}: ${(err as Error).message}`);
  }
  const obj = toJson(msg, type);
  return { apiVersion, kind, ...obj };
}

const EPOCH_ZERO = (m: Record<string, unknown>): boolean => num(m.seconds) === 0 && num(m.nanos) === 0;

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && typeof (v as { toNumber?: unknown }).toNumber === 'function')
    return (v as { toNumber(): number }).toNumber();
  return Number(v ?? 0);
}

function rfc3339(m: Record<string, unknown>, micro: boolean): string {
  const iso = new Date(num(m.seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, '');
  return micro ? `${iso}.${String(Math.floor(num(m.nanos) / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}

function goDuration(ns: number): string {
  let s = ns / 1e9;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return h ? `${h}h${m}m${s}s` : m ? `${m}m${s}s` : `${s}s`;
}

type Special = (m: Record<string, unknown>) => unknown;
const SPECIAL: Record<string, Special> = {
  [`.${META}.Time`]: (m) => (EPOCH_ZERO(m) ? undefined : rfc3339(m, false)),
  [`.${META}.MicroTime`]: (m) => (EPOCH_ZERO(m) ? undefined : rfc3339(m, true)),
  [`.${META}.Duration`]: (m) => goDuration(num(m.duration)),
  [`.${META}.FieldsV1`]: (m) => parseRaw(m.Raw),
  '.k8s.io.apimachinery.pkg.runtime.RawExtension': (m) => parseRaw(m.raw),
  '.k8s.io.apimachinery.pkg.api.resource.Quantity': (m) => m.string,
  '.k8s.io.apimachinery.pkg.util.intstr.IntOrString': (m) => (num(m.type) === 1 ? (m.strVal ?? '') : num(m.intVal)),
};

function parseRaw(raw: unknown): unknown {
  if (!(raw instanceof Uint8Array) || raw.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

function scalar(v: unknown, type: string): unknown {
  switch (type) {
    case 'bytes':
      return Buffer.from(v as Uint8Array).toString('base64');
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return num(v);
    default:
      return v;
  }
}

function value(v: unknown, field: protobuf.Field): unknown {
  const t = field.resolvedType;
  if (t instanceof protobuf.Type) {
    const special = SPECIAL[t.fullName];
    const m = v as Record<string, unknown>;
    return special ? special(m) : toJson(m, t);
  }
  return scalar(v, field.type);
}

/** A decoded message as the API server's JSON, field by field with Go's JSON rules. */
function toJson(message: object, type: protobuf.Type): Record<string, unknown> {
  // A decoded message carries its fields as own properties named as in the .proto.
  const msg = message as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    if (!Object.prototype.hasOwnProperty.call(msg, field.name)) continue;
    const raw = msg[field.name];
    const rule = (field.options?.go as string | undefined) ?? 'o';
    let v: unknown;
    if (field.map) {
      const entries = Object.entries(raw as Record<string, unknown>);
      v = Object.fromEntries(entries.map(([k, x]) => [k, value(x, field)]));
    } else if (field.repeated) {
      v = (raw as unknown[]).map((x) => value(x, field));
    } else {
      v = value(raw, field);
    }
    if (v === undefined) continue;
    if (rule === 'i') {
      // An embedded struct (Probe's ProbeHandler, Volume's VolumeSource): its fields are the parent's in JSON.
      if (v && typeof v === 'object') Object.assign(out, v);
      continue;
    }
    if (rule === 'o' && isZero(v)) continue;
    if ((field.map || field.repeated) && isZero(v)) continue;
    out[field.name] = v;
  }
  return out;
}
