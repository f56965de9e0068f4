/**
 * Monthly cost of always-on Fargate pods/tasks, of ECS tasks on EC2, and of EKS control planes.
 * EKS Fargate and ECS Fargate bill the same per-vCPU-hour and per-GB-hour rates: both sides of the
 * ECS vs EKS comparison are priced here, from one rates table ({@link DEFAULT_RATES} and the
 * user's `--rate` overrides). An ECS task on EC2 is not billed by the task; its cost is known only
 * from the EC2 rates the user gives.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { UserInputError, showValue } from '../errors.js';
import type { EcsTaskDefinition } from '../ecs/model.js';
import { FARGATE_EPHEMERAL_STORAGE } from './sizing.js';

/** Rates used for monthly cost figures (USD). Defaults: us-east-1, x86, Linux. */
export interface FargateRates {
  vcpuHour: number;
  gbHour: number;
  /** Per GB-hour of ephemeral storage above the 20 GiB included. */
  ephemeralGbHour: number;
  /** EKS control plane, per cluster-hour. */
  controlPlaneHour: number;
  /** Hours in a billing month (730 = 8760 / 12). */
  hoursPerMonth: number;
  /**
   * ECS tasks on the EC2 launch type, per vCPU-hour and per GB-hour of the task's size (your
   * instances' cost spread over what the tasks reserve). No default: without them the ECS cost of
   * an EC2 task is unknown, and the workload is left out of the totals. One alone prices the other
   * dimension at 0 (e.g. the whole instance cost on vCPU).
   */
  ec2VcpuHour?: number;
  ec2GbHour?: number;
}

/** How ECS ran a task: on Fargate, or on EC2 instances (or ECS Anywhere) that the task does not bill itself. */
export type EcsLaunchType = 'FARGATE' | 'EC2';

/** us-east-1, Linux/x86 on-demand rates (USD) and a 730-hour month (8760 / 12). */
export const DEFAULT_RATES: FargateRates = Object.freeze({
  vcpuHour: 0.04048,
  gbHour: 0.004445,
  ephemeralGbHour: 0.000111,
  controlPlaneHour: 0.1,
  hoursPerMonth: 730,
});

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Every rate `--rate` can set: the Fargate table above, and the EC2 rates that have no default. */
const RATE_KEYS: readonly (keyof FargateRates)[] = [
  ...(Object.keys(DEFAULT_RATES) as (keyof FargateRates)[]),
  'ec2VcpuHour',
  'ec2GbHour',
];

/** USD to whole cents; the epsilon keeps 36.005 (stored as 36.00499…) from rounding down. */
export function cents(usd: number): number {
  return Math.round((usd + Number.EPSILON * Math.max(1, Math.abs(usd))) * 100) / 100;
}

function nonNegative(name: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number, got ${String(v)}`);
}

/**
 * Monthly USD for `replicas` always-on pods/tasks of this size, rounded to cents. Ephemeral storage
 * is billed only for the GiB above the 20 included.
 * Example: 0.5 vCPU 1 GB × 2 replicas = (0.5 × 0.04048 + 1 × 0.004445) × 730 × 2 = 36.04.
 */
export function monthlyComputeUsd(
  size: { vcpu: number; memoryGb: number; ephemeralStorageGiB?: number },
  replicas: number,
  rates: FargateRates = DEFAULT_RATES,
): number {
  nonNegative('vcpu', size.vcpu);
  nonNegative('memoryGb', size.memoryGb);
  nonNegative('replicas', replicas);
  const storage = size.ephemeralStorageGiB ?? FARGATE_EPHEMERAL_STORAGE.defaultGiB;
  nonNegative('ephemeralStorageGiB', storage);
  const extraStorage = Math.max(0, storage - FARGATE_EPHEMERAL_STORAGE.defaultGiB);
  const perHour = size.vcpu * rates.vcpuHour + size.memoryGb * rates.gbHour + extraStorage * rates.ephemeralGbHour;
  return cents(perHour * rates.hoursPerMonth * replicas);
}

/** Monthly USD of `clusters` EKS control planes (standard support), rounded to cents: 1 → 73.00. */
export function controlPlaneMonthlyUsd(clusters: number, rates: FargateRates = DEFAULT_RATES): number {
  nonNegative('clusters', clusters);
  return cents(clusters * rates.controlPlaneHour * rates.hoursPerMonth);
}

/**
 * Validates user-supplied rate overrides (e.g. from `--rate vcpuHour=0.05` or a workflow input)
 * over {@link DEFAULT_RATES}. Values may be numbers or numeric strings; undefined keeps the default.
 * @param source where the overrides came from (a flag or input name), put in front of the message.
 * @throws UserInputError naming every bad field and value: unknown keys, non-numbers, negatives,
 *   and an `hoursPerMonth` that is not positive.
 */
export function resolveRates(overrides: Partial<Record<keyof FargateRates, unknown>>, source?: string): FargateRates {
  const rates: FargateRates = { ...DEFAULT_RATES };
  const problems: { field: string; message: string }[] = [];
  for (const [key, raw] of Object.entries(overrides)) {
    if (!(RATE_KEYS as readonly string[]).includes(key)) {
      problems.push({ field: key, message: `unknown rate; known rates: ${RATE_KEYS.join(', ')}` });
      continue;
    }
    if (raw === undefined) continue;
    // Decimal notation only: Number() would also take "0x10" and "Infinity".
    const value =
      typeof raw === 'number' ? raw : typeof raw === 'string' && DECIMAL.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!Number.isFinite(value)) {
      problems.push({ field: key, message: `must be a number, got ${showValue(raw)}` });
    } else if (value < 0) {
      problems.push({ field: key, message: `must not be negative, got ${showValue(raw)}` });
    } else if (key === 'hoursPerMonth' && value === 0) {
      problems.push({ field: key, message: `must be greater than 0, got ${showValue(raw)}` });
    } else {
      rates[key as keyof FargateRates] = value;
    }
  }
  if (problems.length === 1) {
    const p = problems[0] as { field: string; message: string };
    throw new UserInputError(p.message, source, p.field);
  }
  if (problems.length > 1) throw new UserInputError(problems.map((p) => `${p.field}: ${p.message}`).join('; '), source);
  return rates;
}

/** What ECS ran a task on, and the evidence. */
export interface LaunchTypeDecision {
  launchType: EcsLaunchType;
  /** The field that decided, e.g. `service launchType EC2`, for the report. */
  because: string;
}

/**
 * The launch type a task ran on: the service's `launchType` or capacity providers first (what it
 * actually ran on), then the task definition's `requiresCompatibilities`. A task definition that
 * says neither ran on EC2 unless Fargate could have run it (`awsvpc` with a task-level cpu and
 * memory): ECS registers such a definition for EC2 and only Fargate-shaped ones run on Fargate.
 */
export function ecsLaunchType(
  td: Pick<EcsTaskDefinition, 'requiresCompatibilities' | 'networkMode' | 'cpu' | 'memory'>,
  service?: Pick<Service, 'launchType' | 'capacityProviderStrategy'>,
): LaunchTypeDecision {
  if (service?.launchType) {
    return {
      launchType: service.launchType === 'FARGATE' ? 'FARGATE' : 'EC2',
      because: `service launchType ${service.launchType}`,
    };
  }
  const providers = (service?.capacityProviderStrategy ?? [])
    .map((s) => s.capacityProvider ?? '')
    .filter((p) => p !== '');
  if (providers.length > 0) {
    // FARGATE and FARGATE_SPOT are the only Fargate capacity providers; any other is an Auto Scaling group.
    const ec2 = providers.filter((p) => p !== 'FARGATE' && p !== 'FARGATE_SPOT');
    return ec2.length > 0
      ? { launchType: 'EC2', because: `capacity provider ${ec2[0]}` }
      : { launchType: 'FARGATE', because: `capacity provider ${providers[0]}` };
  }
  const required = td.requiresCompatibilities ?? [];
  if (required.includes('FARGATE')) return { launchType: 'FARGATE', because: 'requiresCompatibilities FARGATE' };
  if (required.length > 0) return { launchType: 'EC2', because: `requiresCompatibilities ${required.join(', ')}` };
  if (td.networkMode === 'awsvpc' && td.cpu !== undefined && td.memory !== undefined) {
    return { launchType: 'FARGATE', because: 'awsvpc with a task-level cpu and memory (no requiresCompatibilities)' };
  }
  return {
    launchType: 'EC2',
    because: `networkMode ${td.networkMode ?? 'bridge'}${td.cpu === undefined || td.memory === undefined ? ' without a task-level cpu and memory' : ''}, which Fargate does not run`,
  };
}

/**
 * Monthly USD of an ECS task as it runs today: Fargate tasks at the Fargate rates (the same rates as
 * the EKS side), EC2 tasks at `ec2VcpuHour`/`ec2GbHour` on their task size, or `undefined` when no
 * EC2 rate was given.
 */
export function ecsMonthlyUsd(
  size: { vcpu: number; memoryGb: number; ephemeralStorageGiB?: number },
  replicas: number,
  launchType: EcsLaunchType,
  rates: FargateRates = DEFAULT_RATES,
): number | undefined {
  if (launchType === 'FARGATE') return monthlyComputeUsd(size, replicas, rates);
  if (rates.ec2VcpuHour === undefined && rates.ec2GbHour === undefined) return undefined;
  nonNegative('vcpu', size.vcpu);
  nonNegative('memoryGb', size.memoryGb);
  nonNegative('replicas', replicas);
  const perHour = size.vcpu * (rates.ec2VcpuHour ?? 0) + size.memoryGb * (rates.ec2GbHour ?? 0);
  return cents(perHour * rates.hoursPerMonth * replicas);
}

/**
 * What an EC2 instance reserves for a task: the task-level cpu/memory when set, else the sum of its
 * containers' `cpu` and `memoryReservation` (or `memory`). Not rounded to a Fargate size: on EC2
 * a task is not billed by size, it takes this share of an instance.
 */
export function ec2TaskSize(td: Pick<EcsTaskDefinition, 'cpu' | 'memory' | 'containerDefinitions'>): {
  vcpu: number;
  memoryGb: number;
} {
  const units = td.cpu ?? td.containerDefinitions.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
  const mib = td.memory ?? td.containerDefinitions.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0);
  return { vcpu: units / 1024, memoryGb: mib / 1024 };
}
