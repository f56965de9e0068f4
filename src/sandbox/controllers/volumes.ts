/**
 * The PersistentVolume binder, as on EKS Fargate: a claim binds only to an existing (statically
 * provisioned) PersistentVolume that fits it — storage class, capacity, access modes, volume mode,
 * or the `volumeName` it names. Nothing provisions volumes: AWS — "You can't use dynamic persistent
 * volume provisioning with Fargate nodes" and "You can't mount Amazon EBS volumes to Fargate Pods".
 * So a claim of the `gp2` class (EBS, WaitForFirstConsumer) stays Pending with the binder's events,
 * and the pod using it stays Pending with the fargate-scheduler's "PVC … not bound" (scheduler.ts);
 * a claim bound to an EBS volume is refused as "an unsupported volume Type". Claims without a class
 * get the default StorageClass (admission), as the DefaultStorageClass plugin does.
 */
import { nameOf, clone, jsonEqual, type KubeObject } from '../object.js';
import type { AdmissionHook, ObjectApi } from '../objects.js';
import { quantityValue } from '../fargate-rules.js';
import type { ResourceType } from '../registry.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';

interface ClaimSpec {
  storageClassName?: string | undefined;
  volumeName?: string | undefined;
  accessModes?: string[];
  volumeMode?: string;
  resources?: { requests?: { storage?: string } };
}
interface VolumeSpec {
  storageClassName?: string;
  accessModes?: string[];
  volumeMode?: string;
  capacity?: { storage?: string };
  claimRef?: {
    kind?: string;
    apiVersion?: string;
    namespace?: string | undefined;
    name?: string;
    uid?: string | undefined;
    resourceVersion?: string | undefined;
  };
}

const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** DefaultStorageClass admission: a claim without `storageClassName` gets the default class, if one is marked. */
export function defaultStorageClassAdmission(api: Pick<ObjectApi, 'store' | 'registry'>): AdmissionHook {
  return ({ type, operation, object }) => {
    if (type.kind !== 'PersistentVolumeClaim' || operation !== 'CREATE') return;
    const spec = (object.spec ?? {}) as ClaimSpec;
    if (spec.storageClassName !== undefined) return;
    const def = api.store
      .list(api.registry.get('storage.k8s.io', 'storageclasses'))
      .items.find((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
    if (def) {
      spec.storageClassName = def.metadata.name;
      object.spec = spec;
    }
  };
}

interface BinderContext {
  deps: ControllerDeps;
  pvcType: ResourceType;
  pvType: ResourceType;
  scType: ResourceType;
}

const phaseOf = (o: KubeObject): string | undefined => (o.status as { phase?: string } | undefined)?.phase;

/** Whether a volume can take the claim: free (or reserved for it), same class and mode, the access modes, enough room. */
function fits(pv: KubeObject, pvc: KubeObject): boolean {
  const v = (pv.spec ?? {}) as VolumeSpec;
  const c = (pvc.spec ?? {}) as ClaimSpec;
  const phase = phaseOf(pv);
  if (pv.metadata.deletionTimestamp || (phase !== undefined && phase !== 'Available' && phase !== 'Pending'))
    return false;
  if (v.claimRef && (v.claimRef.namespace !== pvc.metadata.namespace || v.claimRef.name !== pvc.metadata.name))
    return false;
  if (c.volumeName) return c.volumeName === pv.metadata.name;
  if ((v.storageClassName ?? '') !== (c.storageClassName ?? '')) return false;
  if ((v.volumeMode ?? 'Filesystem') !== (c.volumeMode ?? 'Filesystem')) return false;
  if (!(c.accessModes ?? []).every((m) => (v.accessModes ?? []).includes(m))) return false;
  const want = quantityValue(c.resources?.requests?.storage) ?? 0;
  const have = quantityValue(v.capacity?.storage) ?? 0;
  return have >= want;
}

/** Records the event unless the claim already has one with the same reason and message. */
function warnOnce(
  k: BinderContext,
  pvc: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  const { api, store, events } = k.deps;
  const seen = store
    .list(api.registry.get('', 'events'), pvc.metadata.namespace)
    .items.some(
      (e) =>
        (e.involvedObject as { uid?: string }).uid === pvc.metadata.uid && e.reason === reason && e.message === message,
    );
  if (!seen) events.record('persistentvolume-controller', pvc, type, reason, message);
}

/** Binds claim and volume both ways (claimRef, volumeName, the bind annotations, Bound phases). */
function bind(k: BinderContext, pvc: KubeObject, pv: KubeObject): void {
  const { api } = k.deps;
  const namespace = pvc.metadata.namespace;
  const name = nameOf(pvc);
  const boundPv = clone(pv);
  (boundPv.spec as VolumeSpec).claimRef = {
    kind: 'PersistentVolumeClaim',
    namespace,
    name,
    uid: pvc.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: pvc.metadata.resourceVersion,
  };
  const afterPv = api.update(k.pvType, undefined, nameOf(pv), boundPv, { internal: true });
  api.update(
    k.pvType,
    undefined,
    nameOf(pv),
    { ...afterPv, status: { phase: 'Bound' } },
    { subresource: 'status', internal: true },
  );
  const claim = clone(pvc);
  (claim.spec as ClaimSpec).volumeName = pv.metadata.name;
  claim.metadata.annotations = {
    ...(claim.metadata.annotations ?? {}),
    'pv.kubernetes.io/bind-completed': 'yes',
    'pv.kubernetes.io/bound-by-controller': 'yes',
  };
  const afterClaim = api.update(k.pvcType, namespace, name, claim, { internal: true });
  const v = pv.spec as VolumeSpec;
  const status = { phase: 'Bound', accessModes: v.accessModes ?? [], capacity: { ...(v.capacity ?? {}) } };
  if (!jsonEqual(afterClaim.status, status))
    api.update(k.pvcType, namespace, name, { ...afterClaim, status }, { subresource: 'status', internal: true });
}

/** No volume fits: the claim stays Pending, with the event that says what it waits for. */
function explainPending(k: BinderContext, pvc: KubeObject): void {
  const { api, store } = k.deps;
  const spec = (pvc.spec ?? {}) as ClaimSpec;
  if (phaseOf(pvc) !== 'Pending')
    api.update(
      k.pvcType,
      pvc.metadata.namespace,
      nameOf(pvc),
      { ...pvc, status: { phase: 'Pending' } },
      { subresource: 'status', internal: true },
    );
  const className = spec.storageClassName ?? '';
  if (spec.volumeName) return;
  if (className === '') {
    warnOnce(
      k,
      pvc,
      'Normal',
      'FailedBinding',
      'no persistent volumes available for this claim and no storage class is set',
    );
    return;
  }
  const sc = store.get(k.scType, undefined, className) as
    (KubeObject & { provisioner?: string; volumeBindingMode?: string }) | undefined;
  if (!sc) {
    warnOnce(k, pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
    return;
  }
  if (sc.volumeBindingMode === 'WaitForFirstConsumer') {
    // Fargate pods are never placed by the default scheduler, so the claim never gets a selected node.
    warnOnce(k, pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
    return;
  }
  warnOnce(
    k,
    pvc,
    'Normal',
    'ExternalProvisioning',
    `Waiting for a volume to be created either by the external provisioner '${sc.provisioner ?? ''}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
  );
}

/** Creates the volume binder. */
export function volumeBinder(deps: ControllerDeps): Controller {
  const { api, store } = deps;
  const k: BinderContext = {
    deps,
    pvcType: api.registry.get('', 'persistentvolumeclaims'),
    pvType: api.registry.get('', 'persistentvolumes'),
    scType: api.registry.get('storage.k8s.io', 'storageclasses'),
  };
  const pendingClaims = (): string[] =>
    store
      .list(k.pvcType)
      .items.filter((c) => phaseOf(c) !== 'Bound')
      .map((c) => keyOf(c.metadata.namespace, nameOf(c)));
  return {
    name: 'persistentvolume-binder',
    keysFor(e) {
      if (e.resourceKey === 'persistentvolumeclaims')
        return e.type === 'DELETED' ? [] : [keyOf(e.object.metadata.namespace, nameOf(e.object))];
      if (e.resourceKey === 'persistentvolumes' || e.resourceKey === 'storageclasses.storage.k8s.io')
        return e.type === 'DELETED' ? [] : pendingClaims();
      return [];
    },
    sync(key) {
      const { namespace, name } = splitKey(key);
      const pvc = store.get(k.pvcType, namespace, name);
      if (!pvc || pvc.metadata.deletionTimestamp || phaseOf(pvc) === 'Bound') return undefined;
      // The smallest volume that fits.
      const pv = store
        .list(k.pvType)
        .items.filter((v) => fits(v, pvc))
        .sort(
          (a, b) =>
            (quantityValue((a.spec as VolumeSpec).capacity?.storage) ?? 0) -
            (quantityValue((b.spec as VolumeSpec).capacity?.storage) ?? 0),
        )[0];
      if (pv) bind(k, pvc, pv);
      else explainPending(k, pvc);
      return undefined;
    },
  };
}
