/**
 * Findings for one workload object: what EKS Fargate refuses to run (pod-issues.ts, worded like the
 * fargate-scheduler's events), DaemonSets, and requests that differ from limits.
 */
import { Severity, type Finding } from '../findings.js';
import { parseCpuQuantity, parseMemoryQuantity, parseStorageQuantityGiB } from './quantity.js';
import {
  bracket,
  containersOf,
  fargateUnsupportedMessage,
  inspectPodSpec,
  isObj,
  isQuantityValue,
  KNOWN_WORDING,
  reasonsFromIssues,
  who,
  type ContainerRef,
  type Obj,
} from './pod-issues.js';

export { fargateUnsupportedMessage, fargateUnsupportedReasons } from './pod-issues.js';

/** Where the pod spec sits in each workload kind. */
const POD_SPEC_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The pod spec of a workload object and its path (`spec.template.spec`), or undefined for other kinds. */
export function podSpecOf(obj: unknown): { spec: Obj; path: string } | undefined {
  if (!isObj(obj) || typeof obj.kind !== 'string') return undefined;
  const path = POD_SPEC_PATH[obj.kind];
  if (!path) return undefined;
  let cur: unknown = obj;
  for (const key of path) cur = isObj(cur) ? cur[key] : undefined;
  return isObj(cur) ? { spec: cur, path: path.join('.') } : undefined;
}

function requestWarnings(spec: Obj, base: Omit<Finding, 'severity' | 'code' | 'message'>, path: string): Finding[] {
  return containersOf(spec).flatMap((ref) => {
    const resources = isObj(ref.c.resources) ? ref.c.resources : {};
    const ctx: RequestContext = {
      ref,
      requests: isObj(resources.requests) ? resources.requests : {},
      limits: isObj(resources.limits) ? resources.limits : {},
      base: { ...base, ...(ref.name !== undefined ? { container: ref.name } : {}) },
      path,
    };
    return [...invalidQuantities(ctx), ...requestLimitWarnings(ctx)];
  });
}

/** One container's resources, and what its findings carry. */
interface RequestContext {
  ref: ContainerRef;
  requests: Obj;
  limits: Obj;
  base: Omit<Finding, 'severity' | 'code' | 'message'>;
  /** Path of the pod spec in the object. */
  path: string;
}

/** Requests and limits that are not Kubernetes quantities. */
function invalidQuantities({ ref, requests, limits, base, path }: RequestContext): Finding[] {
  const findings: Finding[] = [];
  for (const [name, parse] of [
    ['cpu', parseCpuQuantity],
    ['memory', parseMemoryQuantity],
    ['ephemeral-storage', parseStorageQuantityGiB],
  ] as const) {
    for (const [kind, q] of [
      ['requests', requests[name]],
      ['limits', limits[name]],
    ] as const) {
      if (q === undefined || q === null) continue;
      try {
        if (typeof q !== 'string' && typeof q !== 'number')
          throw new Error(`expected a quantity, got ${JSON.stringify(q)}`);
        parse(q);
      } catch (err) {
        findings.push({
          ...base,
          severity: Severity.Blocker,
          code: 'invalid-quantity',
          message: `${who(ref)} resources.${kind}.${name}: ${(err as Error).message}`,
          field: `${path}.${ref.path}.resources.${kind}${bracket(name)}`,
        });
      }
    }
  }
  return findings;
}

/** Requests that differ from limits, and long-running containers without CPU or memory requests. */
function requestLimitWarnings({ ref, requests, limits, base, path }: RequestContext): Finding[] {
  const findings: Finding[] = [];
  const missing: string[] = [];
  for (const [name, parse] of [
    ['cpu', parseCpuQuantity],
    ['memory', parseMemoryQuantity],
  ] as const) {
    const req = requests[name];
    const lim = limits[name];
    if (req === undefined && lim === undefined) {
      missing.push(name);
      continue;
    }
    if (!isQuantityValue(req) || !isQuantityValue(lim)) continue;
    let differs: boolean;
    try {
      differs = parse(req) !== parse(lim);
    } catch {
      continue;
    }
    if (differs) {
      findings.push({
        ...base,
        severity: Severity.Warning,
        code: 'requests-not-limits',
        message:
          `${who(ref)} requests ${req} ${name} but is limited to ${lim}; Fargate sizes (and bills) the pod ` +
          'from requests, so capacity up to the limit is not guaranteed; set both to the same value',
        field: `${path}.${ref.path}.resources`,
      });
    }
  }
  // Classic init containers often carry no requests on purpose: the app containers size the pod.
  const longRunning = ref.path.startsWith('containers') || ref.c.restartPolicy === 'Always';
  if (missing.length > 0 && longRunning) {
    findings.push({
      ...base,
      severity: Severity.Warning,
      code: 'missing-requests',
      message:
        `${who(ref)} has no ${missing.join(' or ')} request; Fargate sizes pods from requests ` +
        '(a pod with none gets 0.25vCPU 0.5GB), so set requests equal to limits',
      field: `${path}.${ref.path}.resources.requests`,
    });
  }
  return findings;
}

/**
 * Lints one Kubernetes object from a manifest file for EKS Fargate. Workload kinds (Deployment,
 * StatefulSet, Job, CronJob, DaemonSet, Pod, ReplicaSet, ReplicationController) are checked; any
 * other object gives no findings. Blockers: a DaemonSet (Fargate has no nodes to run it on), every
 * reason of {@link fargateUnsupportedReasons}, and an unparsable cpu/memory quantity. Warnings:
 * requests different from limits, and a container without cpu or memory requests.
 * Each finding carries the file, the workload (`metadata.name`), the container and a field path
 * such as `spec.template.spec.containers[0].securityContext.privileged`.
 */
export function lintWorkloadObject(obj: unknown, file: string): Finding[] {
  if (!isObj(obj) || typeof obj.kind !== 'string' || !(obj.kind in POD_SPEC_PATH)) return [];
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const base: Omit<Finding, 'severity' | 'code' | 'message'> = { file };
  if (typeof meta.name === 'string') base.workload = meta.name;
  const findings: Finding[] = [];

  if (obj.kind === 'DaemonSet') {
    findings.push({
      ...base,
      severity: Severity.Blocker,
      code: 'daemonset',
      message:
        'DaemonSets do not run on EKS Fargate (there are no shared nodes); run the agent as a sidecar container of each pod that needs it',
      field: 'kind',
    });
  }

  const pod = podSpecOf(obj);
  if (!pod) return findings;
  const issues = inspectPodSpec(pod.spec);
  for (const issue of issues) {
    // Quote the event only where it is EKS's own wording, so users can search for it.
    const quote = KNOWN_WORDING.has(issue.category)
      ? ` (EKS: "${fargateUnsupportedMessage(reasonsFromIssues([issue]))}")`
      : '';
    const finding: Finding = {
      ...base,
      severity: Severity.Blocker,
      code: issue.code,
      message: `${issue.message}${quote}`,
      field: `${pod.path}.${issue.field}`,
    };
    if (issue.container !== undefined) finding.container = issue.container;
    findings.push(finding);
  }
  findings.push(...requestWarnings(pod.spec, base, pod.path));
  return findings;
}
