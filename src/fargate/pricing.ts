/**
 * Monthly cost of always-on Fargate pods/tasks and of EKS control planes.
 * EKS Fargate and ECS Fargate bill the same per-vCPU-hour and per-GB-hour rates, so one formula
 * serves both sides of the ECS vs EKS comparison.
 */
import { UserInputError, showValue } from '../errors.js';
import type { FargateRates } from '../report/model.js';
import { FARGATE_EPHEMERAL_STORAGE } from './sizing.js';

/** us-east-1, Linux/x86 on-demand rates (USD) and a 730-hour month (8760 / 12). */
export const DEFAULT_RATES: FargateRates = Object.freeze({
  vcpuHour: 0.04048,
  gbHour: 0.004445,
  ephemeralGbHour: 0.000111,
  controlPlaneHour: 0.1,
  hoursPerMonth: 730,
});

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const RATE_KEYS = Object.keys(DEFAULT_RATES) as (keyof FargateRates)[];

/** USD to whole cents; the epsilon keeps 36.005 (stored as 36.00499…) from rounding down. */
function cents(usd: number): number {
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
  for (const [key, raw] of Object.entries(overrides ?? {})) {
    if (!(RATE_KEYS as string[]).includes(key)) {
      problems.push({ field: key, message: `unknown rate; known rates: ${RATE_KEYS.join(', ')}` });
      continue;
    }
    if (raw === undefined) continue;
    // Decimal notation only: Number() would also take "0x10" and "Infinity".
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && DECIMAL.test(raw.trim()) ? Number(raw.trim()) : NaN;
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
