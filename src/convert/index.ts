import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { Finding } from '../findings.js';
import type { EcsInputs, LoadedService, LoadedTaskDefinition } from '../ecs/model.js';
import { taskDefinitionFamily } from '../ecs/parse.js';
import type { WorkloadPlan } from '../report/model.js';
import type { FieldFate } from './ledger.js';
import { toDns1123Label } from './names.js';
import type { KubeObject } from '../model/kube-object.js';
import { sortObjects } from './objects.js';
import { convertWorkload, type ConvertOptions, type ServiceScaling } from './workload.js';

export type { ConvertOptions } from './workload.js';

/** The result of converting a whole set of ECS inputs. */
export interface Conversion {
  objects: KubeObject[];
  findings: Finding[];
  workloads: WorkloadPlan[];
  /** What every input field of every workload became (mapped, named in a finding, or no meaning). */
  ledger: FieldFate[];
}

/**
 * Convert ECS task definitions, services and scaling into Kubernetes objects for EKS Fargate.
 * Each service becomes a workload using its task definition (matched by family); a task definition
 * no service uses becomes a workload of its own with one replica.
 */
export function convertEcs(inputs: EcsInputs, options: ConvertOptions): Conversion {
  const findings: Finding[] = [];
  const units: { td: LoadedTaskDefinition; svc?: LoadedService; scaling?: ServiceScaling | undefined }[] = [];
  const byFamily = new Map<string, LoadedTaskDefinition[]>();
  for (const td of inputs.taskDefinitions) {
    const list = byFamily.get(td.taskDefinition.family) ?? [];
    list.push(td);
    byFamily.set(td.taskDefinition.family, list);
  }
  const used = new Set<LoadedTaskDefinition>();
  for (const svc of inputs.services) {
    const family = taskDefinitionFamily(svc.service.taskDefinition);
    const td = byFamily.get(family)?.at(-1);
    if (td === undefined) {
      findings.push({
        severity: 'warning',
        code: 'service-without-task-definition',
        message: `service ${svc.service.serviceName} uses task definition ${svc.service.taskDefinition}, which was not given; pass it with --ecs-task-definition`,
        file: svc.source,
        workload: toDns1123Label(svc.service.serviceName),
        field: 'taskDefinition',
      });
      continue;
    }
    used.add(td);
    units.push({ td, svc, scaling: scalingFor(inputs, svc) });
  }
  for (const td of inputs.taskDefinitions) {
    if (!used.has(td)) units.push({ td });
  }
  const named = units.map((u) => ({
    ...u,
    name: toDns1123Label(u.svc?.service.serviceName ?? u.td.taskDefinition.family),
  }));
  const names = named.map((u) => u.name);
  const seen = new Map<string, string>();
  const objects: KubeObject[] = [];
  const workloads: WorkloadPlan[] = [];
  const ledger: FieldFate[] = [];
  for (const u of named) {
    const name = u.name;
    const other = seen.get(name);
    if (other !== undefined) {
      findings.push({
        severity: 'blocker',
        code: 'duplicate-workload',
        message: `workload name ${name} is used by ${other} too; rename one service or task family`,
        file: u.svc?.source ?? u.td.source,
        workload: name,
      });
      continue;
    }
    seen.set(name, u.svc?.source ?? u.td.source);
    const result = convertWorkload(u.td, u.svc, u.scaling, { options, workloadNames: names });
    objects.push(...result.objects);
    findings.push(...result.findings);
    workloads.push(result.plan);
    ledger.push(...result.ledger);
  }
  if (options.namespace !== 'default' && objects.length > 0) {
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: options.namespace } });
  }
  return { objects: sortObjects(objects), findings, workloads, ledger };
}

function scalingFor(inputs: EcsInputs, svc: LoadedService): ServiceScaling | undefined {
  const name = svc.service.serviceName;
  const matches = (resourceId: string | undefined): boolean => {
    const parts = (resourceId ?? '').split('/');
    return parts[0] === 'service' && parts[parts.length - 1] === name;
  };
  let target: ScalableTarget | undefined;
  const policies: ScalingPolicy[] = [];
  let source = '';
  for (const s of inputs.scaling) {
    const t = s.targets.find(
      (x) =>
        matches(x.ResourceId) && (x.ScalableDimension ?? 'ecs:service:DesiredCount') === 'ecs:service:DesiredCount',
    );
    if (t && !target) {
      target = t;
      source = s.source;
    }
    for (const p of s.policies)
      if (matches(p.ResourceId)) {
        policies.push(p);
        source ||= s.source;
      }
  }
  if (!target && policies.length === 0) return undefined;
  return {
    source,
    ...(target ? { target } : {}),
    policies: policies.sort((a, b) => ((a.PolicyName ?? '') < (b.PolicyName ?? '') ? -1 : 1)),
  };
}
