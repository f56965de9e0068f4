import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { LoadedService } from '../ecs/model.js';
import type { KubeObject } from '../model/kube-object.js';
import { cmpStr, type WorkloadScope } from './scope.js';
import type { ServiceScaling } from './workload.js';

/** Target-tracking scaling → HorizontalPodAutoscaler; replicas ≥ 2 → PodDisruptionBudget. */
export function mapScaling(
  scope: WorkloadScope,
  service: LoadedService | undefined,
  scaling: ServiceScaling | undefined,
  deployment: KubeObject,
  replicas: number,
): KubeObject[] {
  const out: KubeObject[] = [];
  if (scaling?.target) {
    const t = scaling.target;
    const parts: HpaParts = { metrics: [], behavior: {} };
    scaling.policies.forEach((p, j) => {
      mapPolicy(scope, scaling.source, p, j, parts);
    });
    if (parts.metrics.length > 0) {
      out.push(horizontalPodAutoscaler(scope, scaling.source, t, parts));
    } else {
      (deployment['spec'] as Record<string, unknown>)['replicas'] = replicas;
    }
  }
  const svc = service?.service;
  if (replicas >= 2 && svc) out.push(podDisruptionBudget(scope, svc, replicas));
  return out;
}

/** What the target-tracking policies of one service add up to. */
interface HpaParts {
  metrics: Record<string, unknown>[];
  behavior: Record<string, Record<string, unknown>>;
}

/** One scaling policy → an HPA metric and its cooldowns, or a warning saying why it is not converted. */
function mapPolicy(scope: WorkloadScope, source: string, p: ScalingPolicy, j: number, parts: HpaParts): void {
  const { metrics, behavior } = parts;
  const name = scope.name;
  const field = `ScalingPolicies[${j}]`;
  const tt = p.TargetTrackingScalingPolicyConfiguration;
  if (p.PolicyType === 'StepScaling' || !tt) {
    scope.add(
      'warning',
      'step-scaling',
      `scaling policy ${p.PolicyName}: step scaling has no HPA equivalent; not converted (use a target-tracking metric)`,
      field,
      undefined,
      source,
    );
    return;
  }
  const metric = tt.PredefinedMetricSpecification?.PredefinedMetricType;
  // The parser requires a TargetValue on every target-tracking configuration.
  const targetValue = tt.TargetValue ?? 0;
  if (metric === 'ECSServiceAverageCPUUtilization' || metric === 'ECSServiceAverageMemoryUtilization') {
    metrics.push({
      type: 'Resource',
      resource: {
        name: metric.includes('CPU') ? 'cpu' : 'memory',
        target: { type: 'Utilization', averageUtilization: Math.round(targetValue) },
      },
    });
    scope.mapped(field, `HorizontalPodAutoscaler/${name} metrics`, source);
    scope.row(
      `${p.PolicyName}: ${metric} ${tt.TargetValue}`,
      `HPA ${metric.includes('CPU') ? 'cpu' : 'memory'} averageUtilization ${Math.round(targetValue)}`,
    );
  } else {
    scope.add(
      'warning',
      'custom-metric',
      `scaling policy ${p.PolicyName}: ${metric ?? 'customized metric'} needs a custom/external metrics adapter (for example KEDA's CloudWatch scaler); not converted`,
      field,
      undefined,
      source,
    );
    return;
  }
  if (tt.ScaleInCooldown !== undefined)
    behavior['scaleDown'] = {
      ...behavior['scaleDown'],
      stabilizationWindowSeconds: Math.max(
        Number(behavior['scaleDown']?.['stabilizationWindowSeconds'] ?? 0),
        tt.ScaleInCooldown,
      ),
    };
  if (tt.ScaleOutCooldown !== undefined)
    behavior['scaleUp'] = {
      ...behavior['scaleUp'],
      stabilizationWindowSeconds: Math.max(
        Number(behavior['scaleUp']?.['stabilizationWindowSeconds'] ?? 0),
        tt.ScaleOutCooldown,
      ),
    };
  if (tt.DisableScaleIn) behavior['scaleDown'] = { ...behavior['scaleDown'], selectPolicy: 'Disabled' };
}

/** The HorizontalPodAutoscaler of the scalable target, with the findings that go with it. */
function horizontalPodAutoscaler(scope: WorkloadScope, source: string, t: ScalableTarget, parts: HpaParts): KubeObject {
  const { metrics, behavior } = parts;
  const name = scope.name;
  const hpa: KubeObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: scope.meta(name),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: Math.max(1, t.MinCapacity ?? 1),
      maxReplicas: Math.max(1, t.MaxCapacity ?? 1),
      metrics: metrics.sort((a, b) => cmpStr(JSON.stringify(a), JSON.stringify(b))),
      ...(Object.keys(behavior).length > 0 ? { behavior } : {}),
    },
  };
  scope.mapped('ScalableTargets', `HorizontalPodAutoscaler/${name} minReplicas, maxReplicas`, source);
  scope.row(
    `scalable target ${t.MinCapacity}–${t.MaxCapacity}`,
    `HPA ${name} minReplicas ${Math.max(1, t.MinCapacity ?? 1)}, maxReplicas ${t.MaxCapacity}`,
    'Deployment.spec.replicas is left to the HPA',
  );
  scope.add(
    'info',
    'metrics-server',
    'HorizontalPodAutoscaler needs metrics-server in the cluster (not installed on EKS by default)',
    'ScalableTargets',
    undefined,
    source,
  );
  return hpa;
}

/** Fargate patching evicts pods: a budget that lets at least one go at a time. */
function podDisruptionBudget(scope: WorkloadScope, svc: LoadedService['service'], replicas: number): KubeObject {
  const name = scope.name;
  const minHealthy = svc.deploymentConfiguration?.minimumHealthyPercent ?? 100;
  const maxUnavailable = Math.max(1, Math.floor((replicas * (100 - Math.min(100, minHealthy))) / 100));
  const pdb: KubeObject = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: scope.meta(name),
    spec: { maxUnavailable, selector: { matchLabels: scope.labels } },
  };
  scope.row(
    `minimumHealthyPercent ${minHealthy}`,
    `PodDisruptionBudget ${name} maxUnavailable ${maxUnavailable}`,
    'Fargate patching evicts pods; at least 1 may go at a time so evictions can proceed',
  );
  return pdb;
}
