import { escapeTableCell } from './escape.js';
import {
  costChange,
  formatNumber,
  formatRate,
  formatSignedUsd,
  formatUsd,
  limitRows,
  row,
  type Detail,
} from './markdown-format.js';
import type { PlanResult, WorkloadPlan } from './model.js';

/** Fargate includes 20 GiB of ephemeral storage in every pod and task; only what is above is billed. */
const INCLUDED_EPHEMERAL_GIB = 20;

/** Sizing and monthly cost: one row per workload, the totals, what is left out of them, and the rates. */
export function costSection(plan: PlanResult, detail: Detail): string[] {
  const { totals, rates } = plan;
  const apart = new Set(totals.notInTotals.map((x) => x.workload));
  const counted = plan.workloads.filter((w) => !apart.has(w.name));
  const pods = counted.reduce((sum, w) => sum + w.replicas, 0);
  const computeDelta = totals.eksComputeMonthlyUsd - totals.ecsMonthlyUsd;
  const out = [
    '### Fargate sizing and monthly cost',
    '',
    '| Workload | Replicas | Requested (CPU / memory) | Fargate provisioned | ECS task size | ECS $/month | EKS $/month | Delta |',
    '|---|--:|---|---|---|--:|--:|--:|',
    ...limitRows(counted.map(costRow), detail.rows, 8),
    row([
      '**Compute**',
      String(pods),
      '',
      '',
      '',
      formatUsd(totals.ecsMonthlyUsd),
      formatUsd(totals.eksComputeMonthlyUsd),
      formatSignedUsd(computeDelta),
    ]),
    row([
      `EKS control plane (${formatRate(rates.controlPlaneHour)}/h × ${formatNumber(rates.hoursPerMonth)} h)`,
      '',
      '',
      '',
      '',
      '—',
      formatUsd(totals.eksControlPlaneMonthlyUsd),
      formatSignedUsd(totals.eksControlPlaneMonthlyUsd),
    ]),
    row([
      '**Total**',
      '',
      '',
      '',
      '',
      `**${formatUsd(totals.ecsMonthlyUsd)}**`,
      `**${formatUsd(totals.eksMonthlyUsd)}**`,
      `**${costChange(totals.ecsMonthlyUsd, totals.eksMonthlyUsd)}**`,
    ]),
    '',
  ];
  out.push(...notInTotalsTable(plan, detail));
  out.push(ratesNote(plan), '');
  return out;
}

function ecsSize(w: WorkloadPlan): string {
  return `${formatNumber(w.ecs.vcpu)} vCPU / ${formatNumber(w.ecs.memoryGb)} GB${extraStorage(w.ecs.ephemeralStorageGiB)}${w.ecs.launchType === 'EC2' ? ' on EC2' : ''}`;
}

function costRow(w: WorkloadPlan): string {
  const ecsUsd = w.ecs.monthlyUsd ?? 0;
  return row([
    `${w.blocked ? '⛔ ' : ''}${escapeTableCell(w.name)}`,
    String(w.replicas),
    `${escapeTableCell(w.fargate.requested.cpu)} / ${escapeTableCell(w.fargate.requested.memory)}`,
    escapeTableCell(w.fargate.capacityProvisioned) + extraStorage(w.fargate.ephemeralStorageGiB),
    ecsSize(w),
    formatUsd(ecsUsd),
    formatUsd(w.fargate.monthlyUsd),
    formatSignedUsd(w.fargate.monthlyUsd - ecsUsd),
  ]);
}

function extraStorage(gib: number): string {
  return gib > INCLUDED_EPHEMERAL_GIB ? ` + ${formatNumber(gib)} GiB storage` : '';
}

/** Blocked workloads and unpriced EC2 tasks, listed apart from the totals. */
function notInTotalsTable(plan: PlanResult, detail: Detail): string[] {
  const { totals } = plan;
  if (totals.notInTotals.length === 0) return [];
  const byName = new Map(plan.workloads.map((w) => [w.name, w]));
  return [
    '**Not in the totals**',
    '',
    '| Workload | Why | Replicas | Fargate provisioned | ECS task size | ECS $/month | EKS $/month |',
    '|---|---|--:|---|---|--:|--:|',
    ...limitRows(
      totals.notInTotals.map((x) => {
        const w = byName.get(x.workload);
        return row([
          `${x.reason === 'blocked' ? '⛔ ' : ''}${escapeTableCell(x.workload)}`,
          x.reason === 'blocked'
            ? 'blocked: cannot run on EKS Fargate as is'
            : 'ran on EC2: ECS cost unknown without EC2 rates',
          w ? String(w.replicas) : '',
          w ? escapeTableCell(w.fargate.capacityProvisioned) + extraStorage(w.fargate.ephemeralStorageGiB) : '',
          w ? ecsSize(w) : '',
          x.ecsMonthlyUsd !== undefined ? formatUsd(x.ecsMonthlyUsd) : 'unknown',
          formatUsd(x.eksMonthlyUsd),
        ]);
      }),
      detail.rows,
      7,
    ),
    '',
  ];
}

/** The rates the costs were computed with, and what each side bills. */
function ratesNote(plan: PlanResult): string {
  const { rates } = plan;
  const ec2Rates = [
    ...(rates.ec2VcpuHour !== undefined ? [`${formatRate(rates.ec2VcpuHour)} per vCPU-hour`] : []),
    ...(rates.ec2GbHour !== undefined ? [`${formatRate(rates.ec2GbHour)} per GB-hour`] : []),
  ];
  return (
    `Rates: Fargate ${formatRate(rates.vcpuHour)} per vCPU-hour, ${formatRate(rates.gbHour)} per GB-hour, ` +
    `${formatRate(rates.ephemeralGbHour)} per GB-hour of ephemeral storage above ${INCLUDED_EPHEMERAL_GIB} GiB` +
    (ec2Rates.length > 0 ? `; ECS on EC2 ${ec2Rates.join(', ')} of task size` : '') +
    `; EKS control plane ${formatRate(rates.controlPlaneHour)} per cluster-hour; ${formatNumber(rates.hoursPerMonth)} hours per month. ` +
    "ECS on Fargate bills the task size; EKS Fargate bills the provisioned size (the pod's requests plus 256 MB, " +
    'rounded up to a Fargate size), which EKS shows in the `CapacityProvisioned` annotation of each pod. ' +
    'Tasks on the EC2 launch type are priced only with `--rate ec2VcpuHour=…`/`ec2GbHour=…`; blocked workloads and ' +
    'unpriced EC2 tasks are listed apart, outside the totals.'
  );
}
