/**
 * The object API: create, update, patch (JSON, merge, strategic, server-side apply), delete and
 * the scale subresource, with the API server's semantics (admission and defaulting, validation,
 * optimistic concurrency, generation, status subresource rules, managedFields, dry-run,
 * deletion with finalizers and propagation). The HTTP layer and the controllers both call this.
 */
import { randomUUID, randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { recordUpdate, serverSideApply } from './apply.js';
import { applyDefaults } from './defaults.js';
import {
  deleteField,
  nameOf,
  scalarText,
  withoutFields,
  clone,
  isPlainObject,
  jsonEqual,
  type KubeObject,
} from './object.js';
import { applyJsonPatch, applyMergePatch, PatchType, strategicMerge } from './patch.js';
import { apiVersionOf, ResourceRegistry, type ResourceType } from './registry.js';
import { formatLabelSelector, parseFieldSelector, parseLabelSelector, type LabelSelectorSpec } from './selectors.js';
import {
  alreadyExists,
  badRequest,
  invalid,
  notFound,
  staleConflict,
  StatusError,
  StatusReason,
  type ErrorTarget,
} from './status.js';
import type { ObjectStore } from './store.js';
import type { SandboxClock } from './clock.js';
import { fieldProblems, validateObject } from './validation.js';

/** `fieldValidation` query parameter values. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options of a write. */
export interface WriteOptions {
  dryRun?: boolean | undefined;
  /** Field manager recorded in managedFields (required for apply). */
  fieldManager?: string | undefined;
  subresource?: 'status' | 'scale' | undefined;
  fieldValidation?: FieldValidation | undefined;
  /** `force` for server-side apply. */
  force?: boolean | undefined;
  /** Controller writes: no managedFields bookkeeping (keeps the hot path cheap). */
  internal?: boolean | undefined;
  /** Warnings for the `Warning` response header (filled in by the call). */
  warnings?: string[] | undefined;
}

/** Options of a delete (`metav1.DeleteOptions`). */
export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' | undefined;
  /** Pods: seconds the kubelet gets to stop the containers (default: the pod's terminationGracePeriodSeconds, else 30); 0 removes at once. */
  gracePeriodSeconds?: number | undefined;
  dryRun?: boolean | undefined;
  preconditions?: { uid?: string | undefined; resourceVersion?: string | undefined } | undefined;
}

/** A mutating/validating admission step (e.g. the EKS Fargate pod webhook). Throw a StatusError to reject. */
export type AdmissionHook = (req: {
  type: ResourceType;
  operation: 'CREATE' | 'UPDATE';
  object: KubeObject;
  old?: KubeObject | undefined;
}) => void;

/** List filters. */
export interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
}

function randomSuffix(n = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const bytes = randomBytes(n);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** The object API over one store. */
export class ObjectApi {
  readonly admission: AdmissionHook[] = [];

  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly clock: SandboxClock;

  constructor(store: ObjectStore, registry: ResourceRegistry, clock: SandboxClock) {
    this.store = store;
    this.registry = registry;
    this.clock = clock;
  }

  /** Error-message target for a type and name. */
  target(t: ResourceType, name: string): ErrorTarget {
    return { resource: t.resource, group: t.group, kind: t.kind, name };
  }

  /** The stored object or a 404 Status. */
  get(t: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const o = this.store.get(t, namespace, name);
    if (!o) throw notFound(this.target(t, name));
    return o;
  }

  /** Frozen objects matching the selectors. */
  list(
    t: ResourceType,
    namespace: string | undefined,
    opts: ListOptions = {},
  ): { items: KubeObject[]; resourceVersion: string } {
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector);
    const { items, resourceVersion } = this.store.list(t, namespace);
    return { items: items.filter((o) => labels.matches(o.metadata.labels) && fields.matches(o)), resourceVersion };
  }

  private checkNamespace(t: ResourceType, namespace: string | undefined, creating: boolean, name = ''): void {
    if (!t.namespaced) return;
    if (!namespace)
      throw badRequest(
        `the server could not find the requested resource: ${t.resource} is namespaced; a namespace is required`,
      );
    const nsType = this.registry.get('', 'namespaces');
    const ns = this.store.get(nsType, undefined, namespace);
    if (!ns) throw notFound(this.target(nsType, namespace));
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

  private checkTypeMeta(t: ResourceType, body: Record<string, unknown>): void {
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
  private checkFields(body: Record<string, unknown>, opts: WriteOptions, t?: ResourceType): void {
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

  private admit(t: ResourceType, operation: 'CREATE' | 'UPDATE', obj: KubeObject, old?: KubeObject): void {
    applyDefaults(obj);
    for (const hook of this.admission) hook({ type: t, operation, object: obj, old });
    const causes = validateObject(obj, old);
    if (causes.length > 0) throw invalid(this.target(t, obj.metadata.name ?? ''), causes);
  }

  /** Creates an object (POST). */
  create(t: ResourceType, namespace: string | undefined, body: unknown, opts: WriteOptions = {}): KubeObject {
    if (!isPlainObject(body)) throw badRequest(`the body of a create request for ${t.resource} must be a JSON object`);
    const obj = clone(body) as KubeObject;
    this.checkTypeMeta(t, obj);
    this.checkFields(obj, opts, t);
    if (t.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace;
    } else delete obj.metadata.namespace;
    if (!obj.metadata.name && obj.metadata.generateName)
      obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
    this.checkNamespace(t, obj.metadata.namespace, true, obj.metadata.name ?? '');
    if (!obj.metadata.name)
      throw invalid(this.target(t, ''), [
        {
          type: 'FieldValueRequired',
          message: 'Required value: name or generateName is required',
          field: 'metadata.name',
        },
      ]);
    if (this.store.get(t, obj.metadata.namespace, obj.metadata.name))
      throw alreadyExists(this.target(t, obj.metadata.name));
    if (t.hasStatus && !opts.internal && t.kind !== 'Namespace') delete obj.status;
    if (t.kind === 'Namespace') delete obj.status;
    for (const k of [
      'uid',
      'resourceVersion',
      'generation',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
    ] as const)
      deleteField(obj.metadata, k);
    // The UID exists before admission, as in the API server (a Job's generated selector names it).
    obj.metadata.uid = randomUUID();
    this.admit(t, 'CREATE', obj);
    const now = this.clock.timestamp();
    obj.metadata.creationTimestamp = now;
    obj.metadata.generation = 1;
    if (!opts.internal && opts.fieldManager && !obj.metadata.managedFields?.length) {
      obj.metadata.managedFields = recordUpdate(undefined, obj, opts.fieldManager, apiVersionOf(t), now);
    }
    if (opts.dryRun) return obj;
    return this.store.put(t, obj);
  }

  /** Replaces an object (PUT), or its status with `subresource: 'status'`. */
  update(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions = {},
  ): KubeObject {
    if (!isPlainObject(body))
      throw badRequest(`the body of an update request for ${t.resource} "${name}" must be a JSON object`);
    const old = this.get(t, namespace, name);
    const obj = clone(body) as KubeObject;
    this.checkTypeMeta(t, obj);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion)
      throw staleConflict(this.target(t, name));
    this.checkFields(obj, opts, t);
    return this.commitUpdate(t, old, obj, opts);
  }

  /** Shared tail of update/patch/apply: merge rules, admission, generation, managedFields, store. */
  private commitUpdate(
    t: ResourceType,
    old: KubeObject,
    incoming: KubeObject,
    opts: WriteOptions,
    managedFieldsDone = false,
  ): KubeObject {
    let obj: KubeObject;
    if (opts.subresource === 'status') {
      obj = clone(old);
      if (incoming.status !== undefined) obj.status = clone(incoming.status);
      else delete obj.status;
      if (managedFieldsDone) obj.metadata.managedFields = incoming.metadata.managedFields;
    } else {
      obj = incoming;
      if (t.hasStatus) {
        if (old.status !== undefined) obj.status = clone(old.status);
        else delete obj.status;
      }
    }
    const m = obj.metadata;
    m.name = old.metadata.name;
    if (t.namespaced) m.namespace = old.metadata.namespace;
    else delete m.namespace;
    m.uid = old.metadata.uid;
    m.creationTimestamp = old.metadata.creationTimestamp;
    m.generation = old.metadata.generation;
    if (old.metadata.deletionTimestamp) {
      m.deletionTimestamp = old.metadata.deletionTimestamp;
      if (old.metadata.deletionGracePeriodSeconds !== undefined)
        m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    } else {
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
    }
    if (!m.labels || Object.keys(m.labels).length === 0) delete m.labels;
    if (!m.annotations || Object.keys(m.annotations).length === 0) delete m.annotations;
    if (
      old.metadata.deletionTimestamp &&
      m.finalizers &&
      m.finalizers.length > (old.metadata.finalizers?.length ?? 0)
    ) {
      const added = m.finalizers.filter((f) => !old.metadata.finalizers?.includes(f));
      if (added.length > 0)
        throw new StatusError(
          422,
          StatusReason.Forbidden,
          `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
        );
    }
    if (t.kind === 'Service' && opts.subresource === undefined) keepServiceAllocations(old, obj);
    this.admit(t, 'UPDATE', obj, old);
    if (specChanged(old, obj)) m.generation = (old.metadata.generation ?? 1) + 1;
    const now = this.clock.timestamp();
    if (!managedFieldsDone) {
      const sentManaged = incoming.metadata.managedFields;
      if (opts.internal) m.managedFields = clone(old.metadata.managedFields);
      else if (
        sentManaged !== undefined &&
        !jsonEqual(sentManaged, old.metadata.managedFields) &&
        opts.subresource !== 'status'
      )
        m.managedFields = sentManaged;
      else if (opts.fieldManager)
        m.managedFields = recordUpdate(old, obj, opts.fieldManager, apiVersionOf(t), now, opts.subresource);
      else m.managedFields = clone(old.metadata.managedFields);
      if (!m.managedFields?.length) delete m.managedFields;
    }
    m.resourceVersion = old.metadata.resourceVersion;
    if (jsonEqual(stripVolatile(obj), stripVolatile(old))) return old;
    if (opts.dryRun) return obj;
    // A pod in graceful termination stays until its kubelet deletes it with grace 0.
    const graceful = t.kind === 'Pod' && (m.deletionGracePeriodSeconds ?? 0) > 0;
    if (m.deletionTimestamp && (!m.finalizers || m.finalizers.length === 0) && !graceful) {
      return this.store.remove(t, m.namespace, nameOf(obj)) ?? obj;
    }
    return this.store.put(t, obj);
  }

  /** PATCH with any supported content type (including server-side apply). */
  patch(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    raw: string,
    opts: WriteOptions = {},
  ): KubeObject {
    const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
    if (type === PatchType.Apply) return this.apply(t, namespace, name, raw, opts);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (err) {
      throw badRequest(`error decoding patch: ${(err as Error).message}`);
    }
    if (opts.subresource === 'scale') return this.patchScale(t, namespace, name, type, body, opts);
    const old = this.get(t, namespace, name);
    const base = clone(old) as unknown;
    let patched: unknown;
    if (type === PatchType.Json) patched = applyJsonPatch(base, body);
    else if (type === PatchType.Merge) patched = applyMergePatch(base, body);
    else if (type === PatchType.Strategic) patched = strategicMerge(base, body);
    else
      throw new StatusError(
        415,
        StatusReason.UnsupportedMediaType,
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
      );
    if (!isPlainObject(patched)) throw badRequest('the patch produced something that is not an object');
    const obj = patched as KubeObject;
    this.checkTypeMeta(t, obj);
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion)
      throw staleConflict(this.target(t, name));
    this.checkFields(obj, opts);
    return this.commitUpdate(t, old, obj, opts);
  }

  /** Server-side apply (`application/apply-patch+yaml`). Creates the object when it does not exist. */
  apply(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    raw: string,
    opts: WriteOptions = {},
  ): KubeObject {
    if (!opts.fieldManager)
      throw badRequest('PATCH, application/apply-patch+yaml: fieldManager is required for apply requests');
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
    this.checkTypeMeta(t, applied);
    if (applied.metadata.name !== undefined && applied.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (t.namespaced && applied.metadata.namespace && applied.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (applied.metadata.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
    this.checkApplyFields(t, namespace, name, applied);
    this.checkFields(applied, opts);
    const live = this.store.get(t, namespace, name);
    if (live && applied.metadata.resourceVersion && applied.metadata.resourceVersion !== live.metadata.resourceVersion)
      throw staleConflict(this.target(t, name));
    const now = this.clock.timestamp();
    const merged = serverSideApply({
      live,
      applied,
      manager: opts.fieldManager,
      force: !!opts.force,
      apiVersion: apiVersionOf(t),
      now,
      subresource: opts.subresource,
    });
    if (!live) {
      merged.metadata.name = name;
      const created = this.create(t, namespace, merged, {
        ...opts,
        fieldManager: undefined,
        fieldValidation: 'Ignore',
      });
      return created;
    }
    return this.commitUpdate(t, live, merged, { ...opts, fieldValidation: 'Ignore' }, true);
  }

  /**
   * Server-side apply converts the configuration to its typed form first, whatever `fieldValidation`
   * says: a field the schema does not declare fails the request with structured-merge-diff's
   * message — and, as on EKS (kubernetes#122480, #139253), as a 500, not a 400.
   */
  private checkApplyFields(t: ResourceType, namespace: string | undefined, name: string, applied: KubeObject): void {
    const { unknown } = fieldProblems(JSON.parse(JSON.stringify(applied)) as Record<string, unknown>, {
      pathStyle: 'ssa',
    });
    if (unknown.length === 0) return;
    const gvk = `${t.group}/${t.version}, Kind=${t.kind}`;
    const message = `failed to create typed patch object (${namespace ?? ''}/${name}; ${gvk}): ${unknown.map((p) => `${p}: field not declared in schema`).join('\n')}`;
    throw new StatusError(500, '', message);
  }

  /** The autoscaling/v1 Scale of a workload. */
  getScale(t: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const o = this.get(t, namespace, name);
    const spec = (o.spec ?? {}) as { replicas?: number; selector?: LabelSelectorSpec };
    const status = (o.status ?? {}) as { replicas?: number };
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: o.metadata.name,
        namespace: o.metadata.namespace,
        uid: o.metadata.uid,
        resourceVersion: o.metadata.resourceVersion,
        creationTimestamp: o.metadata.creationTimestamp,
      },
      spec: { replicas: spec.replicas ?? 0 },
      status: { replicas: status.replicas ?? 0, selector: formatLabelSelector(spec.selector) },
    };
  }

  /** PUT on `/scale`. */
  updateScale(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions = {},
  ): KubeObject {
    if (!isPlainObject(body) || !isPlainObject(body.spec)) throw badRequest('the Scale body must have spec.replicas');
    const scale = body as { metadata?: { resourceVersion?: string }; spec: { replicas?: unknown } };
    const old = this.get(t, namespace, name);
    if (scale.metadata?.resourceVersion && scale.metadata.resourceVersion !== old.metadata.resourceVersion)
      throw staleConflict(this.target(t, name));
    return this.setReplicas(t, old, scale.spec.replicas, opts);
  }

  private patchScale(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    type: string,
    body: unknown,
    opts: WriteOptions,
  ): KubeObject {
    const current = this.getScale(t, namespace, name);
    const patched = (
      type === PatchType.Json
        ? applyJsonPatch(current, body)
        : type === PatchType.Strategic
          ? strategicMerge(current, body)
          : applyMergePatch(current, body)
    ) as KubeObject;
    return this.updateScale(t, namespace, name, patched, opts);
  }

  private setReplicas(t: ResourceType, old: KubeObject, replicas: unknown, opts: WriteOptions): KubeObject {
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw invalid({ resource: 'scale', group: 'autoscaling', kind: 'Scale', name: nameOf(old) }, [
        {
          type: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
          field: 'spec.replicas',
        },
      ]);
    }
    const obj = clone(old);
    (obj.spec as Record<string, unknown>).replicas = replicas;
    this.commitUpdate(t, old, obj, { ...opts, subresource: undefined });
    return opts.dryRun
      ? { ...this.getScale(t, old.metadata.namespace, nameOf(old)), spec: { replicas } }
      : this.getScale(t, old.metadata.namespace, nameOf(old));
  }

  /**
   * DELETE. Foreground and Orphan propagation (and objects with finalizers) set
   * deletionTimestamp and leave the rest to the garbage collector; Background removes at once
   * and the collector deletes dependents afterwards.
   */
  delete(t: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    const old = this.get(t, namespace, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw new StatusError(
        409,
        StatusReason.Conflict,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw new StatusError(
        409,
        StatusReason.Conflict,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      );
    }
    if (opts.dryRun) return old;
    const policy = opts.propagationPolicy ?? 'Background';
    if (t.kind === 'Pod') {
      const graceful = this.gracefulPodDelete(t, old, opts);
      if (graceful) return graceful;
    }
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (t.kind === 'Namespace' || policy !== 'Background' || finalizers.length > 0) {
      if (old.metadata.deletionTimestamp && policy === 'Background') return old;
      const obj = clone(old);
      obj.metadata.deletionTimestamp ??= this.clock.timestamp();
      obj.metadata.deletionGracePeriodSeconds ??= 0;
      if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
      if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
      if (t.kind === 'Namespace') {
        (obj as { status?: unknown }).status = {
          ...(isPlainObject(obj.status) ? obj.status : {}),
          phase: 'Terminating',
        };
      }
      if (finalizers.length === 0 && t.kind !== 'Namespace') return this.store.remove(t, namespace, name) ?? old;
      if (finalizers.length > 0) obj.metadata.finalizers = finalizers;
      return this.store.put(t, obj);
    }
    return this.store.remove(t, namespace, name) ?? old;
  }

  /**
   * Graceful pod deletion, as the API server does it: a pod running on a node is not removed but
   * marked (`deletionTimestamp` = now + grace, `deletionGracePeriodSeconds`); its kubelet runs the
   * preStop hooks, stops the containers and then deletes it with grace 0. A second delete may only
   * shorten the grace period. Unscheduled and finished pods, and grace 0, go at once (undefined).
   */
  private gracefulPodDelete(t: ResourceType, old: KubeObject, opts: DeleteOptions): KubeObject | undefined {
    const spec = (old.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const phase = (old.status as { phase?: string } | undefined)?.phase;
    const grace = Math.max(0, Math.floor(opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30));
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed' || grace === 0) return undefined;
    const current = old.metadata.deletionGracePeriodSeconds;
    if (old.metadata.deletionTimestamp && current !== undefined && current <= grace) return old;
    const obj = clone(old);
    obj.metadata.deletionTimestamp = new Date(Date.parse(this.clock.timestamp()) + grace * 1000)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
    obj.metadata.deletionGracePeriodSeconds = grace;
    return this.store.put(t, obj);
  }

  /** Removes finalizers from an object being deleted (garbage collector, namespace controller). */
  removeFinalizer(t: ResourceType, obj: KubeObject, finalizer: string): void {
    const cur = this.store.get(t, obj.metadata.namespace, nameOf(obj));
    if (!cur?.metadata.finalizers?.includes(finalizer)) return;
    const next = clone(cur);
    next.metadata.finalizers = cur.metadata.finalizers.filter((f) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers) {
      this.store.remove(t, cur.metadata.namespace, nameOf(cur));
      return;
    }
    this.store.put(t, next);
  }
}

/** Whether anything outside metadata and status changed (bumps metadata.generation). */
function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): Record<string, unknown> => withoutFields(o, 'metadata', 'status');
  return !jsonEqual(strip(a), strip(b));
}

function stripVolatile(o: KubeObject): unknown {
  const managed = o.metadata.managedFields?.map((e) => ({ ...e, time: undefined }));
  return { ...o, metadata: { ...o.metadata, managedFields: managed, resourceVersion: undefined } };
}

/**
 * What the API server's Service storage does on update: a clusterIP (and clusterIPs, nodePorts,
 * healthCheckNodePort) the client leaves out is carried over from the stored Service, so a replace
 * or a second server-side apply of the same manifest keeps the address instead of failing as
 * "field is immutable".
 */
function keepServiceAllocations(old: KubeObject, obj: KubeObject): void {
  const o = old.spec as Record<string, unknown> | undefined;
  const n = (obj.spec ??= {}) as Record<string, unknown>;
  if (!isPlainObject(o)) return;
  const sameType = (n.type ?? 'ClusterIP') === (o.type ?? 'ClusterIP');
  if ((n.clusterIP === undefined || n.clusterIP === '') && o.clusterIP !== undefined && n.type !== 'ExternalName') {
    n.clusterIP = o.clusterIP;
    if (n.clusterIPs === undefined && o.clusterIPs !== undefined) n.clusterIPs = clone(o.clusterIPs);
  }
  if (sameType && n.healthCheckNodePort === undefined && o.healthCheckNodePort !== undefined)
    n.healthCheckNodePort = o.healthCheckNodePort;
  if (sameType && Array.isArray(n.ports) && Array.isArray(o.ports)) {
    for (const p of n.ports as Array<Record<string, unknown>>) {
      if (!isPlainObject(p) || p.nodePort !== undefined) continue;
      const prev = (o.ports as Array<Record<string, unknown>>).find(
        (q) => isPlainObject(q) && q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'),
      );
      if (prev?.nodePort !== undefined) p.nodePort = prev.nodePort;
    }
  }
}
