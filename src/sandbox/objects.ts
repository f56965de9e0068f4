/**
 * The object API: create, update, patch (JSON, merge, strategic, server-side apply), delete and
 * the scale subresource, with the API server's semantics (admission and defaulting, validation,
 * optimistic concurrency, generation, status subresource rules, managedFields, dry-run,
 * deletion with finalizers and propagation). The HTTP layer and the controllers both call this.
 */
import { randomUUID, randomBytes } from 'node:crypto';
import { recordUpdate, serverSideApply } from './apply.js';
import { applyDefaults } from './defaults.js';
import { deleteField, nameOf, clone, isPlainObject, type KubeObject } from './object.js';
import { checkFields, checkNamespace, checkTypeMeta, decodeApplyConfiguration, targetOf } from './objects/checks.js';
import { checkPreconditions, deleteStored, removeFinalizer } from './objects/delete.js';
import { checkReplicas, scaleOf } from './objects/scale.js';
import {
  checkNoNewFinalizers,
  keepServiceAllocations,
  mergeForUpdate,
  sameButVolatile,
  setManagedFields,
  specChanged,
} from './objects/update.js';
import { applyJsonPatch, applyMergePatch, PatchType, strategicMerge } from './patch.js';
import { apiVersionOf, ResourceRegistry, type ResourceType } from './registry.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
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
import { validateObject } from './validation.js';

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
    return targetOf(t, name);
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
    checkTypeMeta(t, obj);
    checkFields(obj, opts, t);
    if (t.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace;
    } else delete obj.metadata.namespace;
    if (!obj.metadata.name && obj.metadata.generateName)
      obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
    checkNamespace(this, t, obj.metadata.namespace, true, obj.metadata.name ?? '');
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
    checkTypeMeta(t, obj);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion)
      throw staleConflict(this.target(t, name));
    checkFields(obj, opts, t);
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
    const obj = mergeForUpdate(t, old, incoming, opts, managedFieldsDone);
    const m = obj.metadata;
    checkNoNewFinalizers(old, obj);
    if (t.kind === 'Service' && opts.subresource === undefined) keepServiceAllocations(old, obj);
    this.admit(t, 'UPDATE', obj, old);
    if (specChanged(old, obj)) m.generation = (old.metadata.generation ?? 1) + 1;
    const now = this.clock.timestamp();
    if (!managedFieldsDone) setManagedFields(t, old, obj, incoming.metadata.managedFields, opts, now);
    m.resourceVersion = old.metadata.resourceVersion;
    if (sameButVolatile(obj, old)) return old;
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
    checkTypeMeta(t, obj);
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion)
      throw staleConflict(this.target(t, name));
    checkFields(obj, opts);
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
    const applied = decodeApplyConfiguration(t, namespace, name, raw);
    checkFields(applied, opts);
    const live = this.store.get(t, namespace, name);
    if (live && applied.metadata.resourceVersion && applied.metadata.resourceVersion !== live.metadata.resourceVersion)
      throw staleConflict(this.target(t, name));
    const merged = serverSideApply({
      live,
      applied,
      manager: opts.fieldManager,
      force: !!opts.force,
      apiVersion: apiVersionOf(t),
      now: this.clock.timestamp(),
      subresource: opts.subresource,
    });
    if (!live) {
      merged.metadata.name = name;
      return this.create(t, namespace, merged, { ...opts, fieldManager: undefined, fieldValidation: 'Ignore' });
    }
    return this.commitUpdate(t, live, merged, { ...opts, fieldValidation: 'Ignore' }, true);
  }

  /** The autoscaling/v1 Scale of a workload. */
  getScale(t: ResourceType, namespace: string | undefined, name: string): KubeObject {
    return scaleOf(this.get(t, namespace, name));
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
    checkReplicas(old, replicas);
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
   * and the collector deletes dependents afterwards. A pod on a node is deleted gracefully.
   */
  delete(t: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KubeObject {
    const old = this.get(t, namespace, name);
    checkPreconditions(old, opts.preconditions);
    if (opts.dryRun) return old;
    return deleteStored(this, t, old, { namespace, name }, opts);
  }

  /** Removes finalizers from an object being deleted (garbage collector, namespace controller). */
  removeFinalizer(t: ResourceType, obj: KubeObject, finalizer: string): void {
    removeFinalizer(this.store, t, obj, finalizer);
  }
}
