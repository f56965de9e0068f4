/**
 * The Lease the deploy lock is made of (`coordination.k8s.io/v1`): its name and annotations, and
 * the reads and conditional writes that create, take and inspect it. The lock's rules (who may take
 * it when, renewal, fencing) live in lock.ts.
 */
import type { KubeObject } from '../model/kube-object.js';
import { FIELD_MANAGER } from './apply.js';
import { KubeApiError, type KubeClient } from './client.js';
import { rec } from './fields.js';

/** The Lease's name in each namespace. */
export const LOCK_NAME = 'eks-fargate-deploy-lock';
/** Annotation on the Lease: the holder's run URL (for humans; the identity is `holderIdentity`). */
export const ANNOTATION_RUN_URL = 'eks-fargate-deploy/run-url';
/** Annotation on a released Lease: who held it last (a deploy that lost it can still name who took over). */
export const ANNOTATION_LAST_HOLDER = 'eks-fargate-deploy/last-holder';

export const LEASES = '/apis/coordination.k8s.io/v1';

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}
export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

/** A watched object as a Lease: the spec fields that have a Lease's types are kept, others read as absent. */
export function leaseOf(obj: KubeObject): Lease {
  const spec = rec(obj['spec']);
  const text = (key: 'holderIdentity' | 'acquireTime' | 'renewTime'): LeaseSpec =>
    typeof spec[key] === 'string' ? { [key]: spec[key] } : {};
  const count = (key: 'leaseDurationSeconds' | 'leaseTransitions'): LeaseSpec =>
    typeof spec[key] === 'number' ? { [key]: spec[key] } : {};
  return {
    ...obj,
    spec: {
      ...text('holderIdentity'),
      ...count('leaseDurationSeconds'),
      ...text('acquireTime'),
      ...text('renewTime'),
      ...count('leaseTransitions'),
    },
  };
}

/** `holder (run URL)` as people read it; the run URL comes from the Lease's annotation. */
export function describeHolder(
  lease: { metadata?: { annotations?: Record<string, string> }; spec?: { holderIdentity?: string } } | undefined,
): string | undefined {
  const id = lease?.spec?.holderIdentity;
  if (!id) return undefined;
  const url = lease.metadata?.annotations?.[ANNOTATION_RUN_URL];
  return url && url !== id ? `${id} (${url})` : id;
}

/** MicroTime, as the API server writes Lease times: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function resourceVersionOf(o: KubeObject): string | undefined {
  const rv = o.metadata.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

export async function getLease(client: KubeClient, path: string, signal?: AbortSignal): Promise<Lease | undefined> {
  try {
    return await client.request<Lease>('GET', path, signal ? { signal } : {});
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 404) return undefined;
    throw err;
  }
}

function leaseSpec(holder: string, leaseSeconds: number, transitions: number): LeaseSpec {
  const now = microTime(Date.now());
  return {
    holderIdentity: holder,
    leaseDurationSeconds: leaseSeconds,
    acquireTime: now,
    renewTime: now,
    leaseTransitions: transitions,
  };
}

/** Create the Lease; undefined when someone else created it first. */
export async function createLease(
  client: KubeClient,
  namespace: string,
  holder: string,
  leaseSeconds: number,
  options: { runUrl?: string; signal?: AbortSignal; createNamespace?: boolean },
): Promise<Lease | undefined> {
  const body: Lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: LOCK_NAME,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': FIELD_MANAGER },
      ...(options.runUrl ? { annotations: { [ANNOTATION_RUN_URL]: options.runUrl } } : {}),
    },
    spec: leaseSpec(holder, leaseSeconds, 0),
  };
  const path = `${LEASES}/namespaces/${encodeURIComponent(namespace)}/leases`;
  const query = { fieldManager: FIELD_MANAGER };
  const signal = options.signal ? { signal: options.signal } : {};
  try {
    return await client.request<Lease>('POST', path, { body, query, ...signal });
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 409) return undefined;
    const missingNamespace =
      err instanceof KubeApiError && err.code === 404 && err.status?.details?.kind === 'namespaces';
    if (!missingNamespace || options.createNamespace === false) throw err;
  }
  await client.apply(
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': FIELD_MANAGER } },
    },
    { fieldManager: FIELD_MANAGER, ...signal },
  );
  return undefined;
}

/** Write ourselves as holder on top of `live`; undefined when another writer got there first. */
export async function takeLease(
  client: KubeClient,
  path: string,
  live: Lease,
  holder: string,
  leaseSeconds: number,
  runUrl: string | undefined,
  signal?: AbortSignal,
): Promise<Lease | undefined> {
  const previous = live.spec ?? {};
  const sameHolder = previous.holderIdentity === holder;
  // Every new holder (after a release too) gets a new generation: the fencing token.
  const spec = leaseSpec(holder, leaseSeconds, (previous.leaseTransitions ?? 0) + (sameHolder ? 0 : 1));
  if (sameHolder && previous.acquireTime) spec.acquireTime = previous.acquireTime;
  const annotations = Object.fromEntries(
    Object.entries(live.metadata.annotations ?? {}).filter(([key]) => key !== ANNOTATION_RUN_URL),
  );
  if (runUrl) annotations[ANNOTATION_RUN_URL] = runUrl;
  const metadata = { ...live.metadata, annotations };
  try {
    // live carries its resourceVersion: the PUT only succeeds if nobody wrote in between.
    return await client.request<Lease>('PUT', path, {
      body: { ...live, metadata, spec },
      query: { fieldManager: FIELD_MANAGER },
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 409) return undefined;
    throw err;
  }
}
