/**
 * The checks the object API runs on a client's request body before anything is stored: the type
 * meta (apiVersion, kind), field decoding under `fieldValidation`, the namespace, and the shape of
 * a server-side apply configuration.
 */
import { parse as parseYaml } from 'yaml';
import { isPlainObject, scalarText, type KubeObject } from '../object.js';
import { apiVersionOf, type ResourceRegistry, type ResourceType } from '../registry.js';
import { badRequest, notFound, StatusError, StatusReason, type ErrorTarget } from '../status.js';
import type { ObjectStore } from '../store.js';
import { fieldProblems } from '../validation.js';
import type { WriteOptions } from '../objects.js';

/** Error-message target for a type and name. */
export function targetOf(t: ResourceType, name: string): ErrorTarget {
  return { resource: t.resource, group: t.group, kind: t.kind, name };
}

/** A namespaced type needs an existing namespace, and no new object goes into a terminating one. */
export function checkNamespace(
  deps: { store: ObjectStore; registry: ResourceRegistry },
  t: ResourceType,
  namespace: string | undefined,
  creating: boolean,
  name = '',
): void {
  if (!t.namespaced) return;
  if (!namespace)
    throw badRequest(
      `the server could not find the requested resource: ${t.resource} is namespaced; a namespace is required`,
    );
  const nsType = deps.registry.get('', 'namespaces');
  const ns = deps.store.get(nsType, undefined, namespace);
  if (!ns) throw notFound(targetOf(nsType, namespace));
  if (creating && ns.metadata.deletionTimestamp) {
    throw new StatusError(
      403,
      StatusReason.Forbidden,
      `${t.resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      {
        kind: t.resource,
        causes: [
          {
            type: 'NamespaceTerminating',
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      },
    );
  }
}

/** Fills in a missing apiVersion / kind / metadata; a different one is a 400. */
export function checkTypeMeta(t: ResourceType, body: Record<string, unknown>): void {
  const expected = apiVersionOf(t);
  if (body.apiVersion === undefined) body.apiVersion = expected;
  if (body.kind === undefined) body.kind = t.kind;
  if (body.kind !== t.kind || body.apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected}) or the kind (${String(body.kind)}) is not ${t.kind}`,
    );
  }
  if (!isPlainObject(body.metadata)) body.metadata = {};
}

/**
 * Decodes a client's object as the API server does: wrong JSON types are a 400 whatever the mode;
 * unknown fields are a 400 under Strict, a warning under Warn, silent under Ignore — and are dropped
 * (pruned from `body`) in the last two, so they are never stored.
 */
export function checkFields(body: Record<string, unknown>, opts: WriteOptions, t?: ResourceType): void {
  // Internal writes (controllers) name no mode and are not decoded; every client write is.
  if (opts.fieldValidation === undefined) return;
  const mode = opts.fieldValidation;
  const { unknown, typeErrors } = fieldProblems(body, { prune: mode !== 'Strict' });
  // A request body (POST/PUT) that does not decode: the handler's "cannot be handled as" wrapper.
  const wrap = (msg: string): string =>
    t ? `${t.kind} in version "${t.version}" cannot be handled as a ${t.kind}: ${msg}` : msg;
  if (typeErrors.length > 0) throw badRequest(wrap(typeErrors.join(', ')));
  if (mode === 'Ignore' || unknown.length === 0) return;
  if (mode === 'Strict') {
    throw badRequest(wrap(`strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`));
  }
  opts.warnings?.push(...unknown.map((f) => `unknown field "${f}"`));
}

/**
 * Server-side apply converts the configuration to its typed form first, whatever `fieldValidation`
 * says: a field the schema does not declare fails the request with structured-merge-diff's
 * message — and, as on EKS (kubernetes#122480, #139253), as a 500, not a 400.
 */
function checkApplyFields(t: ResourceType, namespace: string | undefined, name: string, applied: KubeObject): void {
  const { unknown } = fieldProblems(JSON.parse(JSON.stringify(applied)) as Record<string, unknown>, {
    pathStyle: 'ssa',
  });
  if (unknown.length === 0) return;
  const gvk = `${t.group}/${t.version}, Kind=${t.kind}`;
  const message = `failed to create typed patch object (${namespace ?? ''}/${name}; ${gvk}): ${unknown.map((p) => `${p}: field not declared in schema`).join('\n')}`;
  throw new StatusError(500, '', message);
}

/** Parses and checks a server-side apply configuration (YAML or JSON) for the object at `namespace/name`. */
export function decodeApplyConfiguration(
  t: ResourceType,
  namespace: string | undefined,
  name: string,
  raw: string,
): KubeObject {
  let body: unknown;
  try {
    body = parseYaml(raw);
  } catch (err) {
    throw badRequest(`error decoding YAML: ${(err as Error).message}`);
  }
  if (!isPlainObject(body)) throw badRequest('the apply configuration must be a YAML/JSON object');
  const applied = body as KubeObject;
  if (!applied.apiVersion || !applied.kind)
    throw badRequest(
      `invalid object type: ${scalarText(applied.apiVersion)}, Kind=${scalarText(applied.kind)}: apiVersion and kind must be set`,
    );
  checkTypeMeta(t, applied);
  if (applied.metadata.name !== undefined && applied.metadata.name !== name) {
    throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
  }
  if (t.namespaced && applied.metadata.namespace && applied.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (applied.metadata.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  checkApplyFields(t, namespace, name, applied);
  return applied;
}
