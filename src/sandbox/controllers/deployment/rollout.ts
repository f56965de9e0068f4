/**
 * The rollout half of the Deployment controller: what one sync sees (the Deployment's
 * ReplicaSets and its surge / unavailability limits), the new ReplicaSet for the current pod
 * template (created, or given a new revision on `rollout undo`), scaling for RollingUpdate and
 * Recreate, and the cleanup of ReplicaSets beyond revisionHistoryLimit.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1/DeploymentSpec';
import type { IReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { clone, defined, jsonEqual, nameOf, uidOf, type KubeObject } from '../../object.js';
import type { ResourceType } from '../../registry.js';
import type { ControllerDeps } from '../index.js';
import { controllerRef, intOrPercent, ownerRefTo, podTemplateHash, templateWithoutHash } from '../util.js';

export type Deployment = KubeObject & IDeployment;
export type ReplicaSet = KubeObject & IReplicaSet;

export const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  DESIRED,
  MAX_REPLICAS,
  'deployment.kubernetes.io/revision-history',
]);

export function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? '0') || 0;
}

/** Why the rollout progressed in this sync (the Progressing condition's reason and message). */
export interface ProgressReason {
  reason: string;
  message: string;
}

/** What the Deployment controller shares between syncs. */
export class DeploymentContext {
  readonly dType: ResourceType;
  readonly rsType: ResourceType;
  /** Precise time of the last progress per deployment uid (conditions only have second precision). */
  readonly lastProgress = new Map<string, number>();

  constructor(readonly deps: ControllerDeps) {
    this.dType = deps.api.registry.get('apps', 'deployments');
    this.rsType = deps.api.registry.get('apps', 'replicasets');
  }

  /** The ReplicaSets this Deployment controls, as stored now. */
  controlled(d: Deployment): ReplicaSet[] {
    return this.deps.store
      .ownedBy(this.rsType, uidOf(d))
      .filter((rs) => controllerRef(rs)?.uid === d.metadata.uid) as ReplicaSet[];
  }
}

/** What one sync of a Deployment works from. */
export interface Rollout {
  d: Deployment;
  namespace: string | undefined;
  name: string;
  spec: IDeploymentSpec;
  replicas: number;
  /** The controlled ReplicaSets, cloned: scaling updates these copies as it goes (stored objects are frozen). */
  owned: ReplicaSet[];
  /** The ReplicaSet whose template is the Deployment's (undefined until it is created). */
  newRs: ReplicaSet | undefined;
  /** The other ReplicaSets, oldest revision first. */
  oldRss: ReplicaSet[];
  maxOldRevision: number;
  recreate: boolean;
  maxSurge: number;
  maxUnavailable: number;
  /** The Deployment's annotations every ReplicaSet it owns carries. */
  copiedAnnotations: Record<string, string>;
}

/** Reads the Deployment and its ReplicaSets into a {@link Rollout}. */
export function observe(k: DeploymentContext, d: Deployment, namespace: string | undefined, name: string): Rollout {
  const spec = defined(d.spec, `Deployment ${namespace ?? ''}/${name} spec`);
  const replicas = spec.replicas ?? 1;
  const owned = k.controlled(d).map((rs) => clone(rs));
  const wantTemplate = templateWithoutHash(spec.template);
  const newRs = owned.find((rs) => jsonEqual(templateWithoutHash(rs.spec?.template), wantTemplate));
  const oldRss = owned.filter((rs) => rs !== newRs).sort((a, b) => revisionOf(a) - revisionOf(b));
  const ru = spec.strategy?.rollingUpdate;
  const recreate = spec.strategy?.type === 'Recreate';
  const maxSurge = recreate ? 0 : intOrPercent(ru?.maxSurge, replicas, true, '25%');
  let maxUnavailable = recreate ? replicas : intOrPercent(ru?.maxUnavailable, replicas, false, '25%');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  if (maxUnavailable > replicas) maxUnavailable = replicas;
  return {
    d,
    namespace,
    name,
    spec,
    replicas,
    owned,
    newRs,
    oldRss,
    maxOldRevision: oldRss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0),
    recreate,
    maxSurge,
    maxUnavailable,
    copiedAnnotations: Object.fromEntries(
      Object.entries(d.metadata.annotations ?? {}).filter(([key]) => !SKIP_COPY.has(key)),
    ),
  };
}

function pick(a: Record<string, string> | undefined, keysOf: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(keysOf)) {
    const v = a?.[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Creates the ReplicaSet for the Deployment's current template (named after its pod-template-hash). */
function createNewReplicaSet(k: DeploymentContext, r: Rollout): ReplicaSet {
  const { spec, replicas, namespace } = r;
  const template = spec.template;
  const hash = podTemplateHash(templateWithoutHash(template), r.d.status?.collisionCount ?? 0);
  const tpl = clone(template);
  tpl.metadata = { ...(tpl.metadata ?? {}), labels: { ...(tpl.metadata?.labels ?? {}), 'pod-template-hash': hash } };
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${r.name}-${hash}`,
      namespace,
      labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash },
      annotations: {
        ...r.copiedAnnotations,
        [REVISION]: String(r.maxOldRevision + 1),
        [DESIRED]: String(replicas),
        [MAX_REPLICAS]: String(replicas + r.maxSurge),
      },
      ownerReferences: [ownerRefTo(r.d)],
    },
    spec: {
      replicas: 0,
      minReadySeconds: spec.minReadySeconds ?? 0,
      selector: {
        ...clone(spec.selector),
        matchLabels: { ...(spec.selector.matchLabels ?? {}), 'pod-template-hash': hash },
      },
      template: tpl,
    },
  };
  return clone(k.deps.api.create(k.rsType, namespace, rs, { internal: true }) as ReplicaSet);
}

/**
 * Makes sure the new ReplicaSet exists, carries the Deployment's annotations and the newest
 * revision (an older ReplicaSet matching the template again, as after `rollout undo`, gets a new
 * one). Returns it, with the progress this made.
 */
export function ensureNewReplicaSet(
  k: DeploymentContext,
  r: Rollout,
): { newRs: ReplicaSet; progress: ProgressReason | undefined } {
  const existing = r.newRs;
  if (!existing) {
    const newRs = createNewReplicaSet(k, r);
    return {
      newRs,
      progress: { reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRs.metadata.name}"` },
    };
  }
  const bumped = revisionOf(existing) <= r.maxOldRevision;
  if (!bumped && jsonEqual(pick(existing.metadata.annotations, r.copiedAnnotations), r.copiedAnnotations))
    return { newRs: existing, progress: undefined };
  const cur = clone(k.deps.store.getExisting(k.rsType, r.namespace, nameOf(existing)));
  cur.metadata.annotations = {
    ...cur.metadata.annotations,
    ...r.copiedAnnotations,
    [REVISION]: String(bumped ? r.maxOldRevision + 1 : revisionOf(existing)),
  };
  const newRs = clone(k.deps.api.update(k.rsType, r.namespace, nameOf(cur), cur, { internal: true }) as ReplicaSet);
  return {
    newRs,
    progress: bumped
      ? { reason: 'FoundNewReplicaSet', message: `Found new replica set "${newRs.metadata.name}"` }
      : undefined,
  };
}

/** Scales one ReplicaSet (and the local copy) with the ScalingReplicaSet event. */
function scaleRs(k: DeploymentContext, r: Rollout, rs: ReplicaSet, to: number): void {
  const from = rs.spec?.replicas ?? 0;
  if (from === to) return;
  const d = r.d;
  const cur = k.deps.store.getExisting(k.rsType, rs.metadata.namespace, nameOf(rs));
  const next = clone(cur) as ReplicaSet;
  if (next.spec) next.spec.replicas = to;
  next.metadata.annotations = {
    ...next.metadata.annotations,
    [DESIRED]: String(d.spec?.replicas ?? 1),
    [MAX_REPLICAS]: String((d.spec?.replicas ?? 1) + r.maxSurge),
  };
  k.deps.api.update(k.rsType, rs.metadata.namespace, nameOf(rs), next, { internal: true });
  if (rs.spec) rs.spec.replicas = to;
  k.deps.events.record(
    'deployment-controller',
    d,
    'Normal',
    'ScalingReplicaSet',
    `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`,
  );
}

const specReplicas = (rss: ReplicaSet[]): number => rss.reduce((n, r) => n + (r.spec?.replicas ?? 0), 0);

/**
 * Recreate: every old ReplicaSet goes to 0, and the new one scales up once no old pod is left.
 * As the real controller's oldPodsRunning: every old pod not Succeeded/Failed counts, terminating ones too.
 */
function scaleRecreate(k: DeploymentContext, r: Rollout, rsNew: ReplicaSet, oldActive: ReplicaSet[]): void {
  for (const rs of oldActive) if ((rs.spec?.replicas ?? 0) > 0) scaleRs(k, r, rs, 0);
  const podType = k.deps.api.registry.get('', 'pods');
  const terminating = (rs: ReplicaSet): number =>
    k.deps.store
      .ownedBy(podType, uidOf(rs))
      .filter(
        (p) =>
          p.metadata.deletionTimestamp &&
          !['Succeeded', 'Failed'].includes(String((p.status as { phase?: string } | undefined)?.phase)),
      ).length;
  const oldPods =
    oldActive.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0) +
    oldActive.reduce((n, rs) => n + terminating(rs), 0);
  if (oldPods === 0 && (rsNew.spec?.replicas ?? 0) !== r.replicas) scaleRs(k, r, rsNew, r.replicas);
}

/**
 * RollingUpdate: the new ReplicaSet grows within maxSurge, then old ones shrink within
 * maxUnavailable (unavailable old pods go first: they do not count toward availability).
 */
function scaleRolling(k: DeploymentContext, r: Rollout, rsNew: ReplicaSet, oldActive: ReplicaSet[]): void {
  const { replicas, maxSurge } = r;
  const allSpec = (): number => specReplicas(r.owned.filter((rs) => rs !== rsNew)) + (rsNew.spec?.replicas ?? 0);
  const news = rsNew.spec?.replicas ?? 0;
  if (news > replicas) scaleRs(k, r, rsNew, replicas);
  else if (news < replicas) {
    const up = Math.min(replicas + maxSurge - allSpec(), replicas - news);
    if (up > 0) scaleRs(k, r, rsNew, news + up);
  }
  if (specReplicas(oldActive) === 0) return;
  const minAvailable = replicas - r.maxUnavailable;
  const newUnavailable = (rsNew.spec?.replicas ?? 0) - (rsNew.status?.availableReplicas ?? 0);
  let maxScaledDown = allSpec() - minAvailable - newUnavailable;
  for (const rs of oldActive) {
    if (maxScaledDown <= 0) break;
    const n = rs.spec?.replicas ?? 0;
    const down = Math.min(maxScaledDown, n - (rs.status?.availableReplicas ?? 0));
    if (down > 0) {
      scaleRs(k, r, rs, n - down);
      maxScaledDown -= down;
    }
  }
  const availableAll = r.owned.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
  let totalDown = Math.min(availableAll - minAvailable, allSpec() - minAvailable - newUnavailable);
  for (const rs of oldActive) {
    if (totalDown <= 0) break;
    const n = rs.spec?.replicas ?? 0;
    const down = Math.min(n, totalDown);
    if (down > 0) {
      scaleRs(k, r, rs, n - down);
      totalDown -= down;
    }
  }
}

/** Scales the ReplicaSets one step toward the new template, then drops the oldest idle ones beyond the history limit. */
export function scaleAndClean(k: DeploymentContext, r: Rollout, rsNew: ReplicaSet): void {
  const oldActive = r.oldRss.filter((rs) => rs.metadata.name !== rsNew.metadata.name);
  if (r.recreate) scaleRecreate(k, r, rsNew, oldActive);
  else scaleRolling(k, r, rsNew, oldActive);
  const limit = r.spec.revisionHistoryLimit ?? 10;
  const idle = oldActive.filter((rs) => (rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0);
  for (const rs of idle.slice(0, Math.max(0, idle.length - limit)))
    k.deps.api.delete(k.rsType, r.namespace, nameOf(rs));
}
