import { describe, expect, it } from '@jest/globals';
import { join, relative } from 'node:path';
import { runPlan } from '../../src/commands/plan.js';
import { planConfigFromArgs } from '../../src/config/plan.js';
import { UserInputError } from '../../src/errors.js';
import {
  controlPlaneMonthlyUsd,
  DEFAULT_RATES,
  ec2TaskSize,
  ecsLaunchType,
  ecsMonthlyUsd,
  monthlyComputeUsd,
  resolveRates,
} from '../../src/fargate/pricing.js';
import { planReportJson } from '../../src/report/json.js';
import { renderPlanMarkdown } from '../../src/report/markdown.js';
import type { PlanResult } from '../../src/report/model.js';

/** A file of the real-world corpus, as a path relative to the working directory. */
const corpus = (file: string): string =>
  relative(process.cwd(), join(import.meta.dirname, '..', 'fixtures', 'ecs-realworld', file));
const FARGATE_TASK = corpus('aws-samples__amazon-ecs-firelens-examples__newrelic.json'); // requiresCompatibilities FARGATE, 256/512
const EC2_TASK = corpus('4m9d__sroom-be__be-release.json'); // requiresCompatibilities EC2, one container cpu 0, memoryReservation 500
const GPU_TASK = corpus('aws__amazon-ecs-agent__nvidia-gpu.json'); // blocked: GPU
const plan = async (...args: string[]): Promise<PlanResult> => (await runPlan(planConfigFromArgs(args))).result;

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
    expect(() => monthlyComputeUsd({ vcpu: 1, memoryGb: 2 }, -1)).toThrow(
      'replicas must be a non-negative number, got -1',
    );
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
    expect(error(() => resolveRates({ hoursPerMonth: 0 })).message).toBe(
      'hoursPerMonth: must be greater than 0, got 0',
    );
  });

  it('refuses unknown keys and lists the known ones', () => {
    const err = error(() => resolveRates({ cpuHour: 1 } as never, 'rates input'));
    expect(err.message).toBe(
      'rates input: cpuHour: unknown rate; known rates: vcpuHour, gbHour, ephemeralGbHour, controlPlaneHour, hoursPerMonth, ec2VcpuHour, ec2GbHour',
    );
  });

  it('reports every bad field at once', () => {
    const err = error(() => resolveRates({ vcpuHour: -1, gbHour: 'x' }, '--rate'));
    expect(err.message).toBe('--rate: vcpuHour: must not be negative, got -1; gbHour: must be a number, got "x"');
  });
});

describe('ecsLaunchType: what the task really ran on', () => {
  const fargateShaped = { networkMode: 'awsvpc' as const, cpu: 256, memory: 512 };
  it('the service says it first: launchType, then capacity providers', () => {
    expect(ecsLaunchType({ requiresCompatibilities: ['FARGATE', 'EC2'] }, { launchType: 'EC2' })).toEqual({
      launchType: 'EC2',
      because: 'service launchType EC2',
    });
    expect(ecsLaunchType({}, { launchType: 'EXTERNAL' }).launchType).toBe('EC2');
    expect(ecsLaunchType({ requiresCompatibilities: ['EC2'] }, { launchType: 'FARGATE' }).launchType).toBe('FARGATE');
    expect(
      ecsLaunchType(fargateShaped, { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] })
        .launchType,
    ).toBe('FARGATE');
    expect(
      ecsLaunchType(fargateShaped, {
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }, { capacityProvider: 'my-asg-provider' }],
      }),
    ).toEqual({
      launchType: 'EC2',
      because: 'capacity provider my-asg-provider',
    });
  });
  it('then requiresCompatibilities; without it, only a Fargate-shaped task (awsvpc, task cpu and memory) counts as Fargate', () => {
    expect(ecsLaunchType({ requiresCompatibilities: ['EC2'] }).launchType).toBe('EC2');
    expect(ecsLaunchType({ requiresCompatibilities: ['EXTERNAL'] }).launchType).toBe('EC2');
    expect(ecsLaunchType({ requiresCompatibilities: ['EC2', 'FARGATE'] }).launchType).toBe('FARGATE');
    expect(ecsLaunchType(fargateShaped).launchType).toBe('FARGATE');
    expect(ecsLaunchType({ networkMode: 'bridge', cpu: 256, memory: 512 }).launchType).toBe('EC2');
    expect(ecsLaunchType({ networkMode: 'awsvpc' })).toEqual({
      launchType: 'EC2',
      because: 'networkMode awsvpc without a task-level cpu and memory, which Fargate does not run',
    });
  });
});

describe('ecsMonthlyUsd and ec2TaskSize', () => {
  it('prices a Fargate task exactly like an EKS Fargate pod of the same size: one table', () => {
    const rates = { ...DEFAULT_RATES, vcpuHour: 0.05, gbHour: 0.006 };
    expect(ecsMonthlyUsd({ vcpu: 1, memoryGb: 2 }, 3, 'FARGATE', rates)).toBe(
      monthlyComputeUsd({ vcpu: 1, memoryGb: 2 }, 3, rates),
    );
    // (1 × 0.05 + 2 × 0.006) × 730 × 3 = 0.062 × 2190 = 135.78
    expect(ecsMonthlyUsd({ vcpu: 1, memoryGb: 2 }, 3, 'FARGATE', rates)).toBe(135.78);
  });
  it('an EC2 task is unknown without EC2 rates, and priced on its size with them (a missing one counts 0)', () => {
    expect(ecsMonthlyUsd({ vcpu: 1, memoryGb: 2 }, 2, 'EC2')).toBeUndefined();
    // (1 × 0.05 + 2 × 0.01) × 730 × 2 = 0.07 × 1460 = 102.2
    expect(
      ecsMonthlyUsd({ vcpu: 1, memoryGb: 2 }, 2, 'EC2', { ...DEFAULT_RATES, ec2VcpuHour: 0.05, ec2GbHour: 0.01 }),
    ).toBe(102.2);
    // 2 × 0.01 × 730 = 14.6
    expect(ecsMonthlyUsd({ vcpu: 1, memoryGb: 2 }, 1, 'EC2', { ...DEFAULT_RATES, ec2GbHour: 0.01 })).toBe(14.6);
  });
  it('an EC2 task takes its task-level size, else what its containers reserve (memoryReservation before memory)', () => {
    const c = (x: object): { name: string; image: string } => ({ name: 'c', image: 'i', ...x });
    expect(ec2TaskSize({ cpu: 2048, memory: 3072, containerDefinitions: [c({ cpu: 10, memory: 128 })] })).toEqual({
      vcpu: 2,
      memoryGb: 3,
    });
    expect(
      ec2TaskSize({
        containerDefinitions: [c({ cpu: 512, memoryReservation: 256, memory: 1024 }), c({ cpu: 512, memory: 768 })],
      }),
    ).toEqual({ vcpu: 1, memoryGb: 1 });
  });
  it('resolveRates takes the EC2 rates, which have no default', () => {
    expect(resolveRates({ ec2VcpuHour: '0.0425', ec2GbHour: 0.0053 })).toEqual({
      ...DEFAULT_RATES,
      ec2VcpuHour: 0.0425,
      ec2GbHour: 0.0053,
    });
    expect(resolveRates({})).not.toHaveProperty('ec2VcpuHour');
    expect(() => resolveRates({ ec2GbHour: '-1' }, 'rate')).toThrow('rate: ec2GbHour: must not be negative, got "-1"');
  });
});

describe('plan prices each side by what it is (real task definitions)', () => {
  it('ECS Fargate and EKS Fargate figures both follow --rate: one rates table', async () => {
    const defaults = await plan('--ecs-task-definition', FARGATE_TASK);
    const custom = await plan('--ecs-task-definition', FARGATE_TASK, '--rate', 'vcpuHour=0.1', '--rate', 'gbHour=0.01');
    const [d, c] = [defaults.workloads[0]!, custom.workloads[0]!];
    expect(c.ecs).toMatchObject({ launchType: 'FARGATE', vcpu: d.ecs.vcpu, memoryGb: d.ecs.memoryGb });
    const rates = { ...DEFAULT_RATES, vcpuHour: 0.1, gbHour: 0.01 };
    expect(c.ecs.monthlyUsd).toBe(monthlyComputeUsd(c.ecs, c.replicas, rates));
    expect(c.fargate.monthlyUsd).toBe(monthlyComputeUsd(c.fargate, c.replicas, rates));
    expect(d.ecs.monthlyUsd).toBe(monthlyComputeUsd(d.ecs, d.replicas));
    expect(c.ecs.monthlyUsd).toBeGreaterThan(d.ecs.monthlyUsd!);
    expect(custom.totals).toMatchObject({
      ecsMonthlyUsd: c.ecs.monthlyUsd,
      eksComputeMonthlyUsd: c.fargate.monthlyUsd,
      notInTotals: [],
    });
  });

  it('an EC2 task: ECS cost unknown, out of the totals, said so; --rate ec2VcpuHour/ec2GbHour prices it on what it reserved', async () => {
    const unpriced = await plan('--ecs-task-definition', EC2_TASK, '--ecs-task-definition', FARGATE_TASK);
    const ec2 = unpriced.workloads.find((w) => w.name === 'be-release')!;
    const fargate = unpriced.workloads.find((w) => w.name !== 'be-release')!;
    expect(ec2.ecs).toEqual({
      vcpu: 0,
      memoryGb: 500 / 1024,
      ephemeralStorageGiB: ec2.ecs.ephemeralStorageGiB,
      launchType: 'EC2',
    });
    expect(unpriced.totals).toEqual({
      ecsMonthlyUsd: fargate.ecs.monthlyUsd,
      eksComputeMonthlyUsd: fargate.fargate.monthlyUsd,
      eksControlPlaneMonthlyUsd: 73,
      eksMonthlyUsd: Math.round((fargate.fargate.monthlyUsd + 73) * 100) / 100,
      notInTotals: [{ workload: 'be-release', reason: 'ecs-cost-unknown', eksMonthlyUsd: ec2.fargate.monthlyUsd }],
    });
    expect(
      unpriced.findings.filter((f) => f.code === 'ecs-ec2-launch-type').map((f) => [f.severity, f.workload, f.file]),
    ).toEqual([['info', 'be-release', EC2_TASK]]);
    const json = JSON.parse(planReportJson(unpriced)) as PlanResult;
    expect(json.workloads.find((w) => w.name === 'be-release')!.ecs).not.toHaveProperty('monthlyUsd');
    const md = renderPlanMarkdown(unpriced);
    expect(md).toMatch(
      /\n\| be-release \| ran on EC2: ECS cost unknown without EC2 rates \| 1 \| [^|]+ \| 0 vCPU \/ 0\.488 GB on EC2 \| unknown \| \$\d+\.\d\d \|\n/,
    );

    const priced = await plan(
      '--ecs-task-definition',
      EC2_TASK,
      '--rate',
      'ec2VcpuHour=0.04',
      '--rate',
      'ec2GbHour=0.005',
    );
    const w = priced.workloads[0]!;
    // 500 MiB reserved × 0.005 $/GB-hour × 730 h = 1.78
    expect(w.ecs).toMatchObject({ launchType: 'EC2', monthlyUsd: 1.78 });
    expect(priced.totals).toMatchObject({
      ecsMonthlyUsd: 1.78,
      eksComputeMonthlyUsd: w.fargate.monthlyUsd,
      notInTotals: [],
    });
  });

  it('a blocked workload is kept out of both totals and listed apart, with its figures', async () => {
    const alone = await plan('--ecs-task-definition', FARGATE_TASK);
    const both = await plan('--ecs-task-definition', FARGATE_TASK, '--ecs-task-definition', GPU_TASK);
    const gpu = both.workloads.find((w) => w.blocked)!;
    expect(gpu.name).toBe('ecsftest-nvidia-gpu');
    const { notInTotals, ...totals } = both.totals;
    const { notInTotals: none, ...aloneTotals } = alone.totals;
    expect(none).toEqual([]);
    expect(totals).toEqual(aloneTotals);
    expect(notInTotals).toEqual([
      { workload: 'ecsftest-nvidia-gpu', reason: 'blocked', eksMonthlyUsd: gpu.fargate.monthlyUsd },
    ]);
    expect(renderPlanMarkdown(both)).toContain('| ⛔ ecsftest-nvidia-gpu | blocked: cannot run on EKS Fargate as is |');
  });
});
