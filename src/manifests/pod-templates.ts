/** Where workloads keep their pod templates and pod specs, and how messages name an object. */
import type { KubeObject } from '../model/kube-object.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where pod templates sit, per workload kind ('' = the object itself is the pod). */
export const TEMPLATE_PATHS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  Deployment: [['spec', 'template']],
  StatefulSet: [['spec', 'template']],
  DaemonSet: [['spec', 'template']],
  ReplicaSet: [['spec', 'template']],
  ReplicationController: [['spec', 'template']],
  Job: [['spec', 'template']],
  // The job template is labelled too, so Jobs a CronJob creates carry the release.
  CronJob: [
    ['spec', 'jobTemplate'],
    ['spec', 'jobTemplate', 'spec', 'template'],
  ],
  Pod: [[]],
};

export function at(obj: Obj, pathParts: readonly string[]): Obj | undefined {
  let cur: unknown = obj;
  for (const p of pathParts) cur = isObj(cur) ? cur[p] : undefined;
  return isObj(cur) ? cur : undefined;
}

/** The pod spec of a workload (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`, or `spec` for a Pod). */
export function podSpec(obj: Obj): Obj | undefined {
  const path = podSpecPath(String(obj.kind));
  return path && at(obj, path);
}

/** Where a kind keeps its pod spec, or undefined for a kind without pods. */
export function podSpecPath(kind: string): string[] | undefined {
  const last = TEMPLATE_PATHS[kind]?.at(-1);
  return last && [...last, 'spec'];
}

/** How messages name an object: `Deployment shop/web`. */
export function describeObject(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}
