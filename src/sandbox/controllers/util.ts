/**
 * Helpers shared by the controllers: controller references, pod readiness, conditions, hashes.
 */
import { nameOf, uidOf, type KubeObject, type OwnerReference } from '../object.js';

/** Condition shape shared by pods, deployments, nodes. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
  lastUpdateTime?: string | undefined;
  lastProbeTime?: string | null;
}

/** The controller owner reference of an object, if any. */
export function controllerRef(o: KubeObject | undefined): OwnerReference | undefined {
  return o?.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** An owner reference (controller, blocking) pointing at `owner`. */
export function ownerRefTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: nameOf(owner),
    uid: uidOf(owner),
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Sets (or replaces) a condition; keeps lastTransitionTime when the status does not change. Returns the new list. */
export function setCondition(list: Condition[] | undefined, next: Condition, now: string): Condition[] {
  const out = [...(list ?? [])];
  const i = out.findIndex((c) => c.type === next.type);
  const prev = i >= 0 ? out[i] : undefined;
  const merged: Condition = {
    ...next,
    lastTransitionTime: prev && prev.status === next.status ? (prev.lastTransitionTime ?? now) : now,
  };
  if (i >= 0) out[i] = merged;
  else out.push(merged);
  return out;
}

/** A condition by type. */
export function getCondition(list: Condition[] | undefined, type: string): Condition | undefined {
  return list?.find((c) => c.type === type);
}

/** Pod status fields the controllers read. */
export interface PodStatusView {
  phase?: string;
  conditions?: Condition[];
}

/** Whether a pod's Ready condition is True. */
export function podReady(p: KubeObject): boolean {
  const st = p.status as PodStatusView | undefined;
  return getCondition(st?.conditions, 'Ready')?.status === 'True';
}

/** Whether a pod has been Ready for at least `minReadySeconds` (real seconds scaled by `timeFactor`). */
export function podAvailable(p: KubeObject, minReadySeconds: number, timeFactor: number, now = Date.now()): boolean {
  if (!podReady(p)) return false;
  if (minReadySeconds <= 0) return true;
  const t = getCondition((p.status as PodStatusView | undefined)?.conditions, 'Ready')?.lastTransitionTime;
  if (!t) return false;
  return now - Date.parse(t) >= minReadySeconds * 1000 * timeFactor;
}

/** Whether a pod counts as active (not terminating, not finished). */
export function podActive(p: KubeObject): boolean {
  const phase = (p.status as PodStatusView | undefined)?.phase;
  return !p.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** FNV-1a 32-bit. */
function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Kubernetes' `rand.SafeEncodeString` alphabet (no vowels, no confusable characters). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** `pod-template-hash`: FNV-32a of the template (+ collisionCount), safe-encoded like the deployment controller's. */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const h = fnv32a(stableJson(template) + (collisionCount ? String(collisionCount) : ''));
  return Array.from(String(h), (d) => SAFE[d.charCodeAt(0) % SAFE.length]).join('');
}

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = dropNulls(x);
    return out;
  }
  return v;
}

/**
 * A template without the `pod-template-hash` label and without nulls, for comparing templates
 * the way Go's semantic equality does (kubectl sends `creationTimestamp: null` in templates).
 */
export function templateWithoutHash(template: unknown): unknown {
  if (!template || typeof template !== 'object') return template;
  const t = dropNulls(template) as { metadata?: { labels?: Record<string, string> } };
  if (t.metadata?.labels) {
    delete t.metadata.labels['pod-template-hash'];
  }
  return t;
}

/** Resolves an int-or-percent (`25%`) against a total; `roundUp` for maxSurge, down for maxUnavailable. */
export function intOrPercent(
  v: number | string | undefined,
  total: number,
  roundUp: boolean,
  dflt: number | string,
): number {
  const val = v ?? dflt;
  if (typeof val === 'number') return val;
  const m = /^(\d+)%$/.exec(val);
  if (!m) return Number(val) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** Drops zero counters, as the API's `omitempty` does (except the fields in `keep`). */
export function omitZero<T extends Record<string, unknown>>(o: T, keep: string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== 0 || keep.includes(k)) out[k] = v;
  return out as T;
}
