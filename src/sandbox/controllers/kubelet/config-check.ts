/**
 * What the kubelet checks before it creates a container: Secrets and ConfigMaps named by
 * non-optional env / envFrom references and volumes must exist (with the key). A missing env
 * source is `CreateContainerConfigError`; a missing volume source keeps the pod in
 * `ContainerCreating` with a `FailedMount` event. Both are retried until the object appears.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { KubeObject } from '../../object.js';
import type { ControllerDeps } from '../index.js';

type ConfigResource = 'secrets' | 'configmaps';

/** Why a container cannot be created yet: its waiting state and the event the kubelet records. */
export interface ConfigProblem {
  reason: string;
  message: string;
  event: string;
  eventReason: string;
}

interface ConfigRef {
  resource: ConfigResource;
  name: string;
  key?: string;
  kind: string;
}

const what = (resource: ConfigResource): string => (resource === 'secrets' ? 'secret' : 'configmap');

/**
 * Looks up Secrets and ConfigMaps in one namespace. The sandbox serves the External Secrets
 * Operator's CRD but does not run the operator: a Secret an ExternalSecret in the namespace
 * targets counts as present (ESO would create it).
 */
function configLookup(
  deps: Pick<ControllerDeps, 'api' | 'store'>,
  namespace: string,
): (resource: ConfigResource, name: string) => KubeObject | undefined | true {
  const { api, store } = deps;
  const esoTargets = (): Set<string> => {
    const out = new Set<string>();
    for (const t of api.registry.types.filter((x) => x.kind === 'ExternalSecret')) {
      for (const es of store.list(t, namespace).items) {
        const target = (es.spec as { target?: { name?: string } } | undefined)?.target?.name ?? es.metadata.name;
        if (target) out.add(target);
      }
    }
    return out;
  };
  return (resource, name) =>
    store.get(api.registry.get('', resource), namespace, name) ??
    (resource === 'secrets' && esoTargets().has(name) ? true : undefined);
}

/** The Secrets and ConfigMaps the container's env and envFrom require. */
function envRefs(spec: IContainer): ConfigRef[] {
  const refs: ConfigRef[] = [];
  for (const e of spec.env ?? []) {
    const sk = e.valueFrom?.secretKeyRef;
    const ck = e.valueFrom?.configMapKeyRef;
    if (sk && !sk.optional && sk.name) refs.push({ resource: 'secrets', name: sk.name, key: sk.key, kind: 'Secret' });
    if (ck && !ck.optional && ck.name)
      refs.push({ resource: 'configmaps', name: ck.name, key: ck.key, kind: 'ConfigMap' });
  }
  for (const f of spec.envFrom ?? []) {
    if (f.secretRef && !f.secretRef.optional && f.secretRef.name)
      refs.push({ resource: 'secrets', name: f.secretRef.name, kind: 'Secret' });
    if (f.configMapRef && !f.configMapRef.optional && f.configMapRef.name)
      refs.push({ resource: 'configmaps', name: f.configMapRef.name, kind: 'ConfigMap' });
  }
  return refs;
}

/** The first problem that keeps the container from being created, or undefined when it can start. */
export function missingConfig(
  deps: Pick<ControllerDeps, 'api' | 'store'>,
  namespace: string,
  volumes: IVolume[],
  container: { spec: IContainer; init: boolean },
): ConfigProblem | undefined {
  const get = configLookup(deps, namespace);
  for (const v of volumes) {
    const src = v.secret
      ? { resource: 'secrets' as const, name: v.secret.secretName, optional: v.secret.optional }
      : v.configMap
        ? { resource: 'configmaps' as const, name: v.configMap.name, optional: v.configMap.optional }
        : undefined;
    if (!src || src.optional || !src.name || get(src.resource, src.name)) continue;
    const message = `MountVolume.SetUp failed for volume "${v.name}" : ${what(src.resource)} "${src.name}" not found`;
    return {
      reason: container.init ? 'PodInitializing' : 'ContainerCreating',
      message: '',
      event: message,
      eventReason: 'FailedMount',
    };
  }
  for (const r of envRefs(container.spec)) {
    const o = get(r.resource, r.name);
    let message: string | undefined;
    if (!o) message = `${what(r.resource)} "${r.name}" not found`;
    else if (o !== true && r.key !== undefined) {
      const rec = o as KubeObject & { data?: Record<string, unknown>; binaryData?: Record<string, unknown> };
      if (!(r.key in (rec.data ?? {})) && !(r.key in (rec.binaryData ?? {})))
        message = `couldn't find key ${r.key} in ${r.kind} ${namespace}/${r.name}`;
    }
    if (message)
      return { reason: 'CreateContainerConfigError', message, event: `Error: ${message}`, eventReason: 'Failed' };
  }
  return undefined;
}
