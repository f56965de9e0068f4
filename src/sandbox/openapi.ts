/**
 * OpenAPI for kubectl: `/openapi/v3` (root index + one document per group-version) and
 * `/openapi/v2`, with the upstream schemas of the built-in kinds (openapi-definitions.ts, generated
 * from the upstream spec) so `kubectl explain deployment.spec.replicas` answers, and PATCH
 * operations carrying `x-kubernetes-group-version-kind` and the `fieldValidation` parameter:
 * kubectl reads exactly that to decide that the server validates fields itself (so it sends
 * `fieldValidation=Strict` instead of validating against a client-side schema). The same
 * definitions drive strict field validation (validation.ts). Kinds without an upstream schema
 * (the custom resources the sandbox stores) get an open object schema.
 */
import { createHash } from 'node:crypto';
import { OPENAPI_DEFINITIONS_JSON } from './openapi-definitions.js';
import { apiVersionOf, type ResourceRegistry, type ResourceType } from './registry.js';

/** One OpenAPI v2 schema node as the definitions carry it. */
export interface SchemaNode {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode;
  items?: SchemaNode;
  required?: string[];
  enum?: string[];
  $ref?: string;
  allOf?: SchemaNode[];
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
}

let defs: Record<string, SchemaNode> | undefined;
let byGvk: Map<string, string> | undefined;

/** The upstream definitions (parsed on first use). */
export function definitions(): Record<string, SchemaNode> {
  defs ??= JSON.parse(OPENAPI_DEFINITIONS_JSON) as Record<string, SchemaNode>;
  return defs;
}

/** The definition name of `apiVersion` + `kind` (`io.k8s.api.apps.v1.Deployment`), if the sandbox knows its schema. */
export function definitionNameFor(apiVersion: string, kind: string): string | undefined {
  if (!byGvk) {
    byGvk = new Map();
    for (const [name, d] of Object.entries(definitions())) {
      for (const g of d['x-kubernetes-group-version-kind'] ?? [])
        byGvk.set(`${g.group ? `${g.group}/` : ''}${g.version}/${g.kind}`, name);
    }
  }
  return byGvk.get(`${apiVersion}/${kind}`);
}

/** Follows `$ref` / `allOf: [{$ref}]` to the schema it names. */
export function resolveSchema(node: SchemaNode): { name?: string; schema: SchemaNode } {
  const ref = node.$ref ?? node.allOf?.[0]?.$ref;
  if (!ref) return { schema: node };
  const name = ref.slice('#/definitions/'.length);
  return { name, schema: definitions()[name] ?? {} };
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

const queryParam = (name: string): object => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map(queryParam);

function operations(t: ResourceType): Record<string, object> {
  const gvk = { group: t.group, version: t.version, kind: t.kind };
  const prefix = `/${gvPath(t.group, t.version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}`;
  const ok = { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } };
  const op = (action: string, params: object[] = []): object => ({
    operationId: `${action}${t.kind}`,
    parameters: params,
    responses: ok,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const nameParams = [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }];
  const out: Record<string, object> = {
    [prefix]: { get: op('list'), post: op('post', WRITE_PARAMS), delete: op('deletecollection') },
    [`${prefix}/{name}`]: {
      parameters: nameParams,
      get: op('get'),
      put: op('put', WRITE_PARAMS),
      patch: op('patch', [...WRITE_PARAMS, queryParam('force')]),
      delete: op('delete', [queryParam('dryRun')]),
    },
  };
  if (t.subresources?.includes('status')) {
    out[`${prefix}/{name}/status`] = {
      parameters: nameParams,
      get: op('get'),
      put: op('put', WRITE_PARAMS),
      patch: op('patch', [...WRITE_PARAMS, queryParam('force')]),
    };
  }
  return out;
}

const v3Cache = new WeakMap<ResourceRegistry, Map<string, object | undefined>>();

/** The `/openapi/v3/<gv path>` document, or undefined for an unknown group-version (built once per registry). */
export function openApiV3Document(reg: ResourceRegistry, group: string, version: string): object | undefined {
  let cache = v3Cache.get(reg);
  if (!cache) v3Cache.set(reg, (cache = new Map<string, object | undefined>()));
  const key = `${group}/${version}`;
  if (!cache.has(key)) cache.set(key, buildV3Document(reg, group, version));
  return cache.get(key);
}

function buildV3Document(reg: ResourceRegistry, group: string, version: string): object | undefined {
  const types = reg.types.filter((t) => t.group === group && t.version === version);
  const first = types[0];
  if (!first) return undefined;
  const paths: Record<string, object> = {};
  for (const t of types) Object.assign(paths, operations(t));
  const schemas = schemasFor(types, '#/components/schemas/');
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes (eks-fargate-deploy sandbox)', version: apiVersionOf(first) },
    paths,
    components: { schemas },
  };
}

/** The `/openapi/v3` root: one entry per group-version with a content hash. */
const rootCache = new WeakMap<ResourceRegistry, object>();

export function openApiV3Root(reg: ResourceRegistry): object {
  const cached = rootCache.get(reg);
  if (cached) return cached;
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of reg.groupVersions()) {
    const doc = JSON.stringify(openApiV3Document(reg, group, version));
    const hash = createHash('sha512').update(doc).digest('hex').slice(0, 128).toUpperCase();
    const p = gvPath(group, version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  rootCache.set(reg, { paths });
  return { paths };
}

/** A minimal `/openapi/v2` swagger document (JSON only; protobuf is not served). */
export function openApiV2(reg: ResourceRegistry): object {
  const definitions = schemasFor(reg.types, '#/definitions/');
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes (eks-fargate-deploy sandbox)', version: 'v1.32' },
    paths: {},
    definitions,
  };
}

/** Schemas of the given kinds and everything they reference, refs rewritten to `refPrefix`. */
function schemasFor(types: readonly ResourceType[], refPrefix: string): Record<string, object> {
  const all = definitions();
  const out: Record<string, object> = {};
  const pending: string[] = [];
  for (const t of types) {
    const name = definitionNameFor(apiVersionOf(t), t.kind);
    if (name) pending.push(name);
    else {
      out[`${t.group || 'core'}.${t.version}.${t.kind}`] = {
        type: 'object',
        description: `${t.kind} (stored by the sandbox; its schema is not published)`,
        'x-kubernetes-group-version-kind': [{ group: t.group, version: t.version, kind: t.kind }],
        'x-kubernetes-preserve-unknown-fields': true,
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { $ref: `${refPrefix}io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` },
          spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      };
      pending.push('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    }
  }
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (out[name] || !all[name]) continue;
    const json = JSON.stringify(all[name]);
    for (const [, ref] of json.matchAll(/"#\/definitions\/([^"]+)"/g)) if (ref && !out[ref]) pending.push(ref);
    out[name] = JSON.parse(
      refPrefix === '#/definitions/' ? json : json.replaceAll('"#/definitions/', `"${refPrefix}`),
    ) as object;
  }
  return out;
}
