import { describe, expect, it } from '@jest/globals';
import {
  formatCpu,
  formatMemory,
  parseCpuQuantity,
  parseMemoryQuantity,
  parseStorageQuantityGiB,
} from '../../src/fargate/quantity.js';

describe('parseCpuQuantity', () => {
  it.each([
    ['250m', 250],
    ['0.5', 500],
    [1, 1000],
    ['1.5', 1500],
    ['1.1', 1100], // exact: 1.1 * 1000 in floating point would round up to 1101
    ['2', 2000],
    ['.25', 250],
    ['1.', 1000],
    ['+1', 1000],
    [0.25, 250],
    ['100u', 1], // below a millicore rounds up, as Kubernetes' MilliValue does
    ['5e-1', 500],
    ['2E0', 2000],
    ['0', 0],
    ['-0', 0],
    [' 500m ', 500],
    ['1k', 1_000_000],
  ])('%j → %d millicores', (q, millis) => {
    expect(parseCpuQuantity(q)).toBe(millis);
  });

  it.each([
    ['abc'],
    [''],
    ['1e3m'],
    ['1.5 cores'],
    ['-1'],
    ['-250m'],
    ['1x'],
    ['m'],
    ['1e999'],
    [NaN],
    [Infinity],
    [-1],
  ])('rejects %j and names the value', (q) => {
    expect(() => parseCpuQuantity(q)).toThrow(/invalid CPU quantity/);
    expect(() => parseCpuQuantity(q)).toThrow(String(typeof q === 'string' ? JSON.stringify(q) : q));
  });

  it('rejects values that are neither strings nor numbers', () => {
    expect(() => parseCpuQuantity(null as unknown as string)).toThrow(/invalid CPU quantity null/);
  });
});

describe('parseMemoryQuantity', () => {
  it.each([
    ['512Mi', 512],
    ['1Gi', 1024],
    ['1.5Gi', 1536],
    ['2048Ki', 2],
    ['1Ti', 1024 * 1024],
    ['1G', 1e9 / 1048576],
    ['500M', 5e8 / 1048576],
    ['1k', 1000 / 1048576],
    ['1T', 1e12 / 1048576],
    ['129e6', 129e6 / 1048576],
    ['129E6', 129e6 / 1048576],
    ['1048576', 1],
    [1048576, 1],
    [536870912, 512],
    ['0', 0],
    ['1000m', 1 / 1048576], // 1000 milli-bytes = 1 byte
    ['1500m', 2 / 1048576], // 1.5 bytes rounds up to 2
  ])('%j → %d MiB', (q, mib) => {
    expect(parseMemoryQuantity(q)).toBeCloseTo(mib, 12);
  });

  it.each([['1GB'], ['12XB'], ['one gig'], ['-512Mi'], ['Mi'], ['1.2.3Gi'], ['1 Gi']])('rejects %j', (q) => {
    expect(() => parseMemoryQuantity(q)).toThrow(`invalid memory quantity ${JSON.stringify(q)}`);
  });
});

describe('parseStorageQuantityGiB', () => {
  it('converts binary and decimal units to GiB', () => {
    expect(parseStorageQuantityGiB('20Gi')).toBe(20);
    expect(parseStorageQuantityGiB('512Mi')).toBe(0.5);
    expect(parseStorageQuantityGiB('50G')).toBeCloseTo(46.566, 3);
    expect(() => parseStorageQuantityGiB('lots')).toThrow(/invalid storage quantity "lots"/);
  });
});

describe('formatCpu / formatMemory', () => {
  it.each([
    [250, '250m'],
    [1000, '1'],
    [1500, '1500m'],
    [16000, '16'],
    [0, '0'],
    [0.4, '1m'],
  ])('formatCpu(%d) = %s', (m, s) => {
    expect(formatCpu(m)).toBe(s);
  });

  it.each([
    [512, '512Mi'],
    [2048, '2Gi'],
    [1536, '1536Mi'],
    [0.5, '512Ki'],
    [0, '0'],
  ])('formatMemory(%d) = %s', (m, s) => {
    expect(formatMemory(m)).toBe(s);
  });

  it('round-trips through the parsers', () => {
    for (const m of [1, 250, 999, 1000, 1500, 4000]) expect(parseCpuQuantity(formatCpu(m))).toBe(m);
    for (const m of [1, 256, 512, 1024, 1536, 3072, 122880]) expect(parseMemoryQuantity(formatMemory(m))).toBe(m);
  });

  it('refuses negative and non-finite input', () => {
    expect(() => formatCpu(-1)).toThrow(/-1/);
    expect(() => formatMemory(NaN)).toThrow(/NaN/);
  });
});
