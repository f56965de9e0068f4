import { describe, expect, it } from '@jest/globals';
import { UserInputError } from '../../src/errors.js';
import { controlPlaneMonthlyUsd, DEFAULT_RATES, monthlyComputeUsd, resolveRates } from '../../src/fargate/pricing.js';

describe('DEFAULT_RATES', () => {
  it('are the us-east-1 x86 Fargate rates and a 730-hour month', () => {
    expect(DEFAULT_RATES).toEqual({
      vcpuHour: 0.04048,
      gbHour: 0.004445,
      ephemeralGbHour: 0.000111,
      controlPlaneHour: 0.1,
      hoursPerMonth: 730,
    });
  });
});

describe('monthlyComputeUsd', () => {
  it('prices 0.5 vCPU 1 GB × 2 replicas', () => {
    // (0.5 × 0.04048 + 1 × 0.004445) = 0.024685 $/h; × 730 h = 18.02005; × 2 = 36.0401
    expect(monthlyComputeUsd({ vcpu: 0.5, memoryGb: 1 }, 2)).toBe(36.04);
  });

  it('prices the smallest and the largest pod', () => {
    // (0.25 × 0.04048 + 0.5 × 0.004445) × 730 = 0.0123425 × 730 = 9.010025
    expect(monthlyComputeUsd({ vcpu: 0.25, memoryGb: 0.5 }, 1)).toBe(9.01);
    // (16 × 0.04048 + 120 × 0.004445) × 730 = 1.18108 × 730 = 862.1884
    expect(monthlyComputeUsd({ vcpu: 16, memoryGb: 120 }, 1)).toBe(862.19);
    // (1 × 0.04048 + 2 × 0.004445) × 730 × 3 = 0.04937 × 2190 = 108.1203
    expect(monthlyComputeUsd({ vcpu: 1, memoryGb: 2 }, 3)).toBe(108.12);
  });

  it('bills ephemeral storage only above the 20 GiB included', () => {
    expect(monthlyComputeUsd({ vcpu: 0.25, memoryGb: 0.5, ephemeralStorageGiB: 20 }, 1)).toBe(9.01);
    expect(monthlyComputeUsd({ vcpu: 0.25, memoryGb: 0.5, ephemeralStorageGiB: 10 }, 1)).toBe(9.01);
    // 30 GiB extra × 0.000111 = 0.00333 $/h; (0.0123425 + 0.00333) × 730 = 11.440925
    expect(monthlyComputeUsd({ vcpu: 0.25, memoryGb: 0.5, ephemeralStorageGiB: 50 }, 1)).toBe(11.44);
    // 155 GiB extra × 0.000111 × 730 × 4 = 50.2386 on top of 4 × 9.010025 = 36.0401
    expect(monthlyComputeUsd({ vcpu: 0.25, memoryGb: 0.5, ephemeralStorageGiB: 175 }, 4)).toBe(86.28);
  });

  it('uses the rates it is given', () => {
    const rates = { ...DEFAULT_RATES, vcpuHour: 0.05, gbHour: 0.005, hoursPerMonth: 720 };
    // (2 × 0.05 + 4 × 0.005) × 720 = 0.12 × 720 = 86.4
    expect(monthlyComputeUsd({ vcpu: 2, memoryGb: 4 }, 1, rates)).toBe(86.4);
  });

  it('is zero for zero replicas and refuses negative input', () => {
    expect(monthlyComputeUsd({ vcpu: 1, memoryGb: 2 }, 0)).toBe(0);
    expect(() => monthlyComputeUsd({ vcpu: 1, memoryGb: 2 }, -1)).toThrow('replicas must be a non-negative number, got -1');
    expect(() => monthlyComputeUsd({ vcpu: NaN, memoryGb: 2 }, 1)).toThrow(/vcpu.*NaN/);
  });
});

describe('controlPlaneMonthlyUsd', () => {
  it('is 0.10 $/h × 730 h per cluster', () => {
    expect(controlPlaneMonthlyUsd(1)).toBe(73);
    expect(controlPlaneMonthlyUsd(2)).toBe(146);
    expect(controlPlaneMonthlyUsd(0)).toBe(0);
    expect(controlPlaneMonthlyUsd(1, { ...DEFAULT_RATES, controlPlaneHour: 0.6 })).toBe(438); // extended support
  });
});

describe('resolveRates', () => {
  it('returns the defaults without overrides and does not share the object', () => {
    const rates = resolveRates({});
    expect(rates).toEqual(DEFAULT_RATES);
    rates.vcpuHour = 1;
    expect(DEFAULT_RATES.vcpuHour).toBe(0.04048);
  });

  it('accepts numbers and numeric strings, keeps defaults for the rest', () => {
    expect(resolveRates({ vcpuHour: '0.05', gbHour: 0.0055, controlPlaneHour: undefined })).toEqual({
      ...DEFAULT_RATES,
      vcpuHour: 0.05,
      gbHour: 0.0055,
    });
    expect(resolveRates({ ephemeralGbHour: 0 }).ephemeralGbHour).toBe(0);
  });

  const error = (fn: () => unknown): UserInputError => {
    try {
      fn();
    } catch (err) {
      if (err instanceof UserInputError) return err;
      throw err;
    }
    throw new Error('expected a UserInputError');
  };

  it('names the field and value of a negative rate', () => {
    const err = error(() => resolveRates({ vcpuHour: -0.01 }, '--rate'));
    expect(err.message).toBe('--rate: vcpuHour: must not be negative, got -0.01');
    expect(err.field).toBe('vcpuHour');
    expect(err.file).toBe('--rate');
  });

  it('refuses NaN, non-numeric strings and other types', () => {
    expect(error(() => resolveRates({ gbHour: NaN })).message).toBe('gbHour: must be a number, got null');
    expect(error(() => resolveRates({ gbHour: 'cheap' })).message).toBe('gbHour: must be a number, got "cheap"');
    expect(error(() => resolveRates({ gbHour: '' })).message).toBe('gbHour: must be a number, got ""');
    expect(error(() => resolveRates({ gbHour: '0x10' })).message).toBe('gbHour: must be a number, got "0x10"');
    expect(error(() => resolveRates({ gbHour: 'Infinity' })).message).toBe('gbHour: must be a number, got "Infinity"');
    expect(resolveRates({ gbHour: ' 5e-3 ' }).gbHour).toBe(0.005);
    expect(error(() => resolveRates({ gbHour: true })).message).toBe('gbHour: must be a number, got true');
    expect(error(() => resolveRates({ hoursPerMonth: 0 })).message).toBe('hoursPerMonth: must be greater than 0, got 0');
  });

  it('refuses unknown keys and lists the known ones', () => {
    const err = error(() => resolveRates({ cpuHour: 1 } as never, 'rates input'));
    expect(err.message).toBe(
      'rates input: cpuHour: unknown rate; known rates: vcpuHour, gbHour, ephemeralGbHour, controlPlaneHour, hoursPerMonth',
    );
  });

  it('reports every bad field at once', () => {
    const err = error(() => resolveRates({ vcpuHour: -1, gbHour: 'x' }, '--rate'));
    expect(err.message).toBe('--rate: vcpuHour: must not be negative, got -1; gbHour: must be a number, got "x"');
  });
});
