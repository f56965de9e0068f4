/**
 * Whether one workload has finished rolling out, decided from its stored object alone, exactly
 * the way `kubectl rollout status` decides it (Deployment, StatefulSet), `kubectl wait
 * --for=condition=complete` (Job), and the AWS Load Balancer Controller's address assignment
 * (Service of type LoadBalancer, Ingress of class `alb`). Pure: no I/O, no clock.
 */
import type { KubeObject } from '../model/kube-object.js';
import { num, rec, text } from './fields.js';

/** What a status check concluded. */
export interface RolloutStatus {
  /** The rollout is finished (kubectl would print "successfully rolled out"). */
  done: boolean;
  /** Set when the rollout can no longer succeed on its own (e.g. the progress deadline passed). */
  failed?: string;
  /** Human-readable state, in kubectl's words where kubectl has words for it. */
  message: string;
  updated: number;
  ready: number;
  available: number;
  /** Desired replicas (1 for objects without replicas). */
  replicas: number;
}

/** The kinds whose rollout the tracker understands. */
export const TRACKED_KINDS = ['Deployment', 'StatefulSet', 'Job', 'Service', 'Ingress'] as const;
/** One of {@link TRACKED_KINDS}. */
export type TrackedKind = (typeof TRACKED_KINDS)[number];

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** Conditions of an object's status (empty when absent or malformed). */
function conditionsOf(obj: KubeObject | undefined): Condition[] {
  const c = rec(obj?.['status'])['conditions'];
  return Array.isArray(c)
    ? (c.filter((x) => x && typeof x === 'object' && typeof (x as Condition).type === 'string') as Condition[])
    : [];
}

/** One condition by type. */
export function conditionOf(obj: KubeObject | undefined, type: string): Condition | undefined {
  return conditionsOf(obj).find((c) => c.type === type);
}

function generationObserved(obj: KubeObject): boolean {
  const generation = num(obj.metadata['generation']);
  const observed = num(rec(obj['status'])['observedGeneration']);
  return generation <= observed;
}

/**
 * Deployment rollout status as `kubectl rollout status deployment/NAME` computes it:
 * generation observed; `Progressing=False/ProgressDeadlineExceeded` fails; then updated <
 * desired, old replicas pending termination, and available < updated keep it waiting.
 * `newRS` (the ReplicaSet of the current template, when known) only enriches the numbers.
 */
export function deploymentStatus(deploy: KubeObject, newRS?: KubeObject): RolloutStatus {
  const name = deploy.metadata.name;
  const spec = rec(deploy['spec']);
  const st = rec(deploy['status']);
  const replicas = spec['replicas'] === undefined ? 1 : num(spec['replicas']);
  const counts = {
    updated: num(st['updatedReplicas']),
    ready: num(st['readyReplicas']),
    available: num(st['availableReplicas']),
    replicas,
  };
  if (!generationObserved(deploy)) {
    return { done: false, message: 'Waiting for deployment spec update to be observed...', ...counts };
  }
  const progressing = conditionOf(deploy, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    const failed = `deployment "${name}" exceeded its progress deadline`;
    return { done: false, failed, message: failed, ...counts };
  }
  // kubectl keeps waiting on a paused Deployment; the message says why it will never move by itself.
  const paused = spec['paused'] === true ? ` (deployment "${name}" is paused; it will not progress until resumed)` : '';
  const statusReplicas = num(st['replicas']);
  if (counts.updated < replicas) {
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${counts.updated} out of ${replicas} new replicas have been updated...${paused}`,
      ...counts,
    };
  }
  if (statusReplicas > counts.updated) {
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${statusReplicas - counts.updated} old replicas are pending termination...${paused}`,
      ...counts,
    };
  }
  if (counts.available < counts.updated) {
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${counts.available} of ${counts.updated} updated replicas are available...${paused}`,
      ...counts,
    };
  }
  const rsName = newRS?.metadata.name;
  return {
    done: true,
    message: `deployment "${name}" successfully rolled out${rsName ? ` (ReplicaSet ${rsName})` : ''}`,
    ...counts,
  };
}

/**
 * StatefulSet rollout status as `kubectl rollout status statefulset/NAME` computes it: only the
 * RollingUpdate strategy has a rollout; ready < desired waits; with a partition, the pods at or
 * above the partition must be updated; otherwise currentRevision must reach updateRevision.
 */
export function statefulSetStatus(sts: KubeObject): RolloutStatus {
  const spec = rec(sts['spec']);
  const st = rec(sts['status']);
  const replicas = spec['replicas'] === undefined ? 1 : num(spec['replicas']);
  const counts = {
    updated: num(st['updatedReplicas']),
    ready: num(st['readyReplicas']),
    available: num(st['availableReplicas']),
    replicas,
  };
  const strategy = rec(spec['updateStrategy']);
  const type = (strategy['type'] as string | undefined) ?? 'RollingUpdate';
  if (type !== 'RollingUpdate') {
    const failed = `rollout status is only available for RollingUpdate strategy type (statefulset "${sts.metadata.name}" uses ${type})`;
    return { done: false, failed, message: failed, ...counts };
  }
  if (num(st['observedGeneration']) === 0 || !generationObserved(sts)) {
    return { done: false, message: 'Waiting for statefulset spec update to be observed...', ...counts };
  }
  if (counts.ready < replicas) {
    return { done: false, message: `Waiting for ${replicas - counts.ready} pods to be ready...`, ...counts };
  }
  const ru = rec(strategy['rollingUpdate']);
  if (strategy['rollingUpdate'] !== undefined) {
    if (ru['partition'] !== undefined) {
      const want = replicas - num(ru['partition']);
      if (counts.updated < want) {
        return {
          done: false,
          message: `Waiting for partitioned roll out to finish: ${counts.updated} out of ${want} new pods have been updated...`,
          ...counts,
        };
      }
    }
    return {
      done: true,
      message: `partitioned roll out complete: ${counts.updated} new pods have been updated...`,
      ...counts,
    };
  }
  const updateRevision = st['updateRevision'] as string | undefined;
  const currentRevision = st['currentRevision'] as string | undefined;
  if (updateRevision !== currentRevision) {
    return {
      done: false,
      message: `waiting for statefulset rolling update to complete ${counts.updated} pods at revision ${updateRevision ?? '?'}...`,
      ...counts,
    };
  }
  return {
    done: true,
    message: `statefulset rolling update complete ${num(st['currentReplicas'])} pods at revision ${currentRevision ?? '?'}...`,
    ...counts,
  };
}

/** Job status: the `Complete` condition finishes it, the `Failed` condition fails it. */
export function jobStatus(job: KubeObject): RolloutStatus {
  const spec = rec(job['spec']);
  const st = rec(job['status']);
  const completions = spec['completions'] === undefined ? 1 : num(spec['completions']);
  const counts = {
    updated: num(st['active']) + num(st['succeeded']) + num(st['failed']),
    ready: num(st['ready']),
    available: num(st['succeeded']),
    replicas: completions,
  };
  const failedCond = conditionsOf(job).find((c) => c.type === 'Failed' && c.status === 'True');
  if (failedCond) {
    const failed = `job "${job.metadata.name}" failed: ${failedCond.reason ?? 'Failed'}${failedCond.message ? `: ${failedCond.message}` : ''}`;
    return { done: false, failed, message: failed, ...counts };
  }
  if (conditionsOf(job).some((c) => c.type === 'Complete' && c.status === 'True')) {
    return {
      done: true,
      message: `job "${job.metadata.name}" completed (${counts.available} of ${completions} succeeded)`,
      ...counts,
    };
  }
  return {
    done: false,
    message: `Waiting for job "${job.metadata.name}" to complete: ${counts.available} of ${completions} succeeded, ${num(st['active'])} active, ${num(st['failed'])} failed...`,
    ...counts,
  };
}

function lbAddresses(obj: KubeObject): string[] {
  const ingress = rec(rec(rec(obj['status'])['loadBalancer']))['ingress'];
  if (!Array.isArray(ingress)) return [];
  return ingress
    .map((i) => (rec(i)['hostname'] as string | undefined) ?? (rec(i)['ip'] as string | undefined) ?? '')
    .filter((a) => a !== '');
}

/** Service status: a `LoadBalancer` Service is ready once an address is assigned; others at once. */
export function serviceStatus(svc: KubeObject): RolloutStatus {
  const type = (rec(svc['spec'])['type'] as string | undefined) ?? 'ClusterIP';
  const base = { updated: 0, ready: 0, available: 0, replicas: 1 };
  if (type !== 'LoadBalancer')
    return { done: true, message: `service "${svc.metadata.name}" is of type ${type}; nothing to wait for`, ...base };
  const addrs = lbAddresses(svc);
  if (addrs.length === 0)
    return {
      done: false,
      message: `Waiting for service "${svc.metadata.name}" to get a load balancer address...`,
      ...base,
    };
  return {
    done: true,
    message: `service "${svc.metadata.name}" has load balancer ${addrs.join(', ')}`,
    ...base,
    updated: 1,
    ready: 1,
    available: 1,
  };
}

/** The IngressClass an Ingress asks for (spec field first, then the legacy annotation). */
function ingressClassOf(ing: KubeObject): string | undefined {
  return (
    (rec(ing['spec'])['ingressClassName'] as string | undefined) ??
    ing.metadata.annotations?.['kubernetes.io/ingress.class']
  );
}

/**
 * Ingress status: an Ingress of class `alb` is ready once the AWS Load Balancer Controller wrote
 * the ALB hostname into `status.loadBalancer.ingress`; Ingresses of other classes are not waited on.
 */
export function ingressStatus(ing: KubeObject, albClasses: readonly string[] = ['alb']): RolloutStatus {
  const cls = ingressClassOf(ing);
  const base = { updated: 0, ready: 0, available: 0, replicas: 1 };
  if (cls === undefined || !albClasses.includes(cls)) {
    return {
      done: true,
      message: `ingress "${ing.metadata.name}" has class ${cls ?? '(none)'}, not alb; its address is not waited for`,
      ...base,
    };
  }
  const hosts = lbAddresses(ing);
  if (hosts.length === 0)
    return { done: false, message: `Waiting for ingress "${ing.metadata.name}" to get an ALB address...`, ...base };
  return {
    done: true,
    message: `ingress "${ing.metadata.name}" is served by ${hosts.join(', ')}`,
    ...base,
    updated: 1,
    ready: 1,
    available: 1,
  };
}

/** Dispatches on `obj.kind` to the status function of that kind. */
export function objectRolloutStatus(obj: KubeObject, newRS?: KubeObject): RolloutStatus {
  switch (obj.kind) {
    case 'Deployment':
      return deploymentStatus(obj, newRS);
    case 'StatefulSet':
      return statefulSetStatus(obj);
    case 'Job':
      return jobStatus(obj);
    case 'Service':
      return serviceStatus(obj);
    case 'Ingress':
      return ingressStatus(obj);
    default:
      throw new Error(
        `rollout status of kind ${obj.kind} (${obj.metadata.namespace ?? ''}/${obj.metadata.name}) is not supported; supported kinds: ${TRACKED_KINDS.join(', ')}`,
      );
  }
}

/**
 * The ReplicaSet of a Deployment's current template among `replicaSets`, as kubectl's
 * `FindNewReplicaSet` picks it: owned by the Deployment (controller reference) and with the
 * same pod template once the `pod-template-hash` label is ignored. Oldest first on ties.
 */
export function findNewReplicaSet(deploy: KubeObject, replicaSets: Iterable<KubeObject>): KubeObject | undefined {
  const uid = deploy.metadata['uid'] as string | undefined;
  const want = canonicalTemplate(rec(deploy['spec'])['template']);
  const owned: KubeObject[] = [];
  for (const rs of replicaSets) if (isControlledBy(rs, uid)) owned.push(rs);
  owned.sort((a, b) => text(a.metadata['creationTimestamp']).localeCompare(text(b.metadata['creationTimestamp'])));
  return owned.find((rs) => canonicalTemplate(rec(rs['spec'])['template']) === want);
}

/** True when `obj` has a controller owner reference to `uid`. */
export function isControlledBy(obj: KubeObject, uid: string | undefined): boolean {
  if (!uid) return false;
  const refs = obj.metadata['ownerReferences'];
  return Array.isArray(refs) && refs.some((r) => rec(r)['controller'] === true && rec(r)['uid'] === uid);
}

function canonicalTemplate(template: unknown): string {
  const t = structuredClone(rec(template));
  const meta = rec(t['metadata']);
  const labels = { ...rec(meta['labels']) };
  delete labels['pod-template-hash'];
  t['metadata'] = { ...meta, labels };
  return stableJson(t);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
