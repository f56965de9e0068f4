/**
 * The plan's cost comparison: each planned workload priced on both sides (ECS as it runs today, EKS
 * on its Fargate size), and the totals over the workloads that can be compared.
 */
import { DEFAULT_RATES, cents, controlPlaneMonthlyUsd, ecsMonthlyUsd, monthlyComputeUsd } from '../fargate/pricing.js';
import type { EcsLaunchType, FargateRates } from '../fargate/pricing.js';
import type { CostExclusion, PlanResult, WorkloadPlan } from '../report/model.js';

/**
 * Price a planned workload on both sides from one rates table: the ECS side by what it ran on, the
 * EKS side by its provisioned Fargate size. An EC2 task is sized by what its instance reserved for
 * it (`ec2Size`, see {@link ec2TaskSize}). Returns a copy; the monthly figures the conversion put
 * there are replaced.
 */
export function priceWorkload(
  w: WorkloadPlan,
  launchType: EcsLaunchType,
  rates: FargateRates = DEFAULT_RATES,
  ec2Size?: { vcpu: number; memoryGb: number },
): WorkloadPlan {
  const ecs = {
    ...w.ecs,
    ...(launchType === 'EC2' && ec2Size ? { vcpu: ec2Size.vcpu, memoryGb: ec2Size.memoryGb } : {}),
    launchType,
  };
  const ecsUsd = ecsMonthlyUsd(ecs, w.replicas, launchType, rates);
  if (ecsUsd === undefined) delete ecs.monthlyUsd;
  else ecs.monthlyUsd = ecsUsd;
  const fargate = { ...w.fargate, monthlyUsd: monthlyComputeUsd(w.fargate, w.replicas, rates) };
  return { ...w, ecs, fargate };
}

/**
 * Cost totals over the workloads that are priced on both sides and can run: a blocked workload
 * (kept out of the deploy) and an EC2 task of unknown cost are listed in `notInTotals` instead, so
 * the ECS → EKS difference compares like with like. The control plane counts once when at least
 * one workload can run.
 */
export function costTotals(
  workloads: readonly WorkloadPlan[],
  rates: FargateRates = DEFAULT_RATES,
): PlanResult['totals'] {
  const notInTotals: CostExclusion[] = [];
  let ecs = 0;
  let eks = 0;
  for (const w of workloads) {
    const reason = w.blocked ? 'blocked' : w.ecs.monthlyUsd === undefined ? 'ecs-cost-unknown' : undefined;
    if (reason) {
      notInTotals.push({
        workload: w.name,
        reason,
        ...(w.ecs.monthlyUsd !== undefined ? { ecsMonthlyUsd: w.ecs.monthlyUsd } : {}),
        eksMonthlyUsd: w.fargate.monthlyUsd,
      });
      continue;
    }
    ecs += w.ecs.monthlyUsd ?? 0;
    eks += w.fargate.monthlyUsd;
  }
  const controlPlane = workloads.some((w) => !w.blocked) ? controlPlaneMonthlyUsd(1, rates) : 0;
  return {
    ecsMonthlyUsd: cents(ecs),
    eksComputeMonthlyUsd: cents(eks),
    eksControlPlaneMonthlyUsd: controlPlane,
    eksMonthlyUsd: cents(eks + controlPlane),
    notInTotals,
  };
}
