/**
 * The API server's rules for turning a stored object and an incoming one into the object an
 * update stores: what the status subresource may change, the metadata the server keeps, no new
 * finalizers on an object being deleted, the Service allocations carried over, the generation,
 * and managedFields.
 */
import { recordUpdate } from '../apply.js';
import { clone, isPlainObject, jsonEqual, withoutFields, type KubeObject } from '../object.js';
import type { WriteOptions } from '../objects.js';
import { apiVersionOf, type ResourceType } from '../registry.js';
import { StatusError, StatusReason } from '../status.js';

/**
 * The object to store before admission: the incoming spec with the stored status (or, on the
 * status subresource, the stored object with the incoming status), and the metadata only the
 * server sets carried over from the stored object.
 */
export function mergeForUpdate(
  t: ResourceType,
  old: KubeObject,
  incoming: KubeObject,
  opts: WriteOptions,
  managedFieldsDone: boolean,
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
  return obj;
}

/** An object being deleted may lose finalizers but not gain any (a 422). */
export function checkNoNewFinalizers(old: KubeObject, obj: KubeObject): void {
  const m = obj.metadata;
  if (!old.metadata.deletionTimestamp || !m.finalizers || m.finalizers.length <= (old.metadata.finalizers?.length ?? 0))
    return;
  const added = m.finalizers.filter((f) => !old.metadata.finalizers?.includes(f));
  if (added.length > 0)
    throw new StatusError(
      422,
      StatusReason.Forbidden,
      `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
    );
}

/**
 * Sets `obj.metadata.managedFields`: kept for controller writes, the client's own when it sent
 * different ones, else the update recorded for its field manager.
 */
export function setManagedFields(
  t: ResourceType,
  old: KubeObject,
  obj: KubeObject,
  sentManaged: KubeObject['metadata']['managedFields'],
  opts: WriteOptions,
  now: string,
): void {
  const m = obj.metadata;
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

/** Whether anything outside metadata and status changed (bumps metadata.generation). */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject): Record<string, unknown> => withoutFields(o, 'metadata', 'status');
  return !jsonEqual(strip(a), strip(b));
}

/** Whether the update changes nothing but managedFields times and the resourceVersion (a no-op write). */
export function sameButVolatile(a: KubeObject, b: KubeObject): boolean {
  return jsonEqual(stripVolatile(a), stripVolatile(b));
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
export function keepServiceAllocations(old: KubeObject, obj: KubeObject): void {
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
