/**
 * Just enough OpenAPI for kubectl: `/openapi/v3` (root index + one document per group-version)
 * whose PATCH operations carry `x-kubernetes-group-version-kind` and the `fieldValidation`
 * parameter. kubectl reads exactly that to decide that the server validates fields itself
 * (so `kubectl apply --server-side` with default validation sends `fieldValidation=Strict`
 * instead of validating against a client-side schema). `/openapi/v2` is a minimal JSON swagger.
 */
import { createHash } from 'node:crypto';
import { apiVersionOf, type ResourceRegistry, type ResourceType } from './registry.js';

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
    out[`${prefix}/{name}/status`] = { parameters: nameParams, get: op('get'), put: op('put', WRITE_PARAMS), patch: op('patch', [...WRITE_PARAMS, queryParam('force')]) };
  }
  return out;
}

/** The `/openapi/v3/<gv path>` document, or undefined for an unknown group-version. */
export function openApiV3Document(reg: ResourceRegistry, group: string, version: string): object | undefined {
  const types = reg.types.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const paths: Record<string, object> = {};
  for (const t of types) Object.assign(paths, operations(t));
  const schemas: Record<string, object> = {};
  for (const t of types) {
    schemas[`${group || 'core'}.${version}.${t.kind}`] = {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: t.group, version: t.version, kind: t.kind }],
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes (eks-fargate-deploy sandbox)', version: apiVersionOf(types[0]!) }, paths, components: { schemas } };
}

/** The `/openapi/v3` root: one entry per group-version with a content hash. */
export function openApiV3Root(reg: ResourceRegistry): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of reg.groupVersions()) {
    const doc = JSON.stringify(openApiV3Document(reg, group, version));
    const hash = createHash('sha512').update(doc).digest('hex').slice(0, 128).toUpperCase();
    const p = gvPath(group, version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}

/** A minimal `/openapi/v2` swagger document (JSON only; protobuf is not served). */
export function openApiV2(reg: ResourceRegistry): object {
  const definitions: Record<string, object> = {};
  for (const t of reg.types) {
    definitions[`io.k8s.sandbox.${t.group || 'core'}.${t.version}.${t.kind}`] = {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: t.group, version: t.version, kind: t.kind }],
    };
  }
  return { swagger: '2.0', info: { title: 'Kubernetes (eks-fargate-deploy sandbox)', version: 'v1.32' }, paths: {}, definitions };
}
