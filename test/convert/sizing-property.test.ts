/**
 * Sizing properties (issue 13): for every task with a task-level size, the pod's Fargate tier is at
 * least the task's (vCPU and memory); no CPU limit ever comes from a container `cpu` weight; ECS and
 * EKS prices come from the same rates table.
 */
import fc from 'fast-check';
import { FARGATE_CONFIGURATIONS, ecsFargateTaskSize } from '../../src/fargate/sizing.js';
import { monthlyComputeUsd } from '../../src/fargate/pricing.js';
import { container, convert, taskDef, type Json } from './ecs-builders.js';

/** Every valid ECS Fargate task size, as the task definition writes it (CPU units, MiB). */
const TASK_SIZES = FARGATE_CONFIGURATIONS.flatMap((c) =>
  c.memoryGb.map((gb) => ({ cpu: c.vcpu * 1024, memory: gb * 1024 })),
);

const containerArb = (taskMemory: number): fc.Arbitrary<Json> =>
  fc.record(
    {
      cpu: fc.integer({ min: 0, max: 2048 }),
      memory: fc.integer({ min: 6, max: taskMemory }),
      memoryReservation: fc.integer({ min: 6, max: taskMemory }),
      essential: fc.boolean(),
    },
    { requiredKeys: [] },
  );

const taskArb = fc
  .constantFrom(...TASK_SIZES)
  .chain((size) =>
    fc.record({
      size: fc.constant(size),
      containers: fc.array(containerArb(size.memory), { minLength: 1, maxLength: 5 }),
      rates: fc.record({
        vcpuHour: fc.double({ min: 0.001, max: 1, noNaN: true }),
        gbHour: fc.double({ min: 0.0001, max: 0.1, noNaN: true }),
      }),
    }),
  )
  .map(({ size, containers, rates }) => {
    // ECS rejects a task whose containers' memory exceeds the task's: keep the generated ones valid.
    let left = size.memory;
    const defs = containers.map((c, i) => {
      const d: Json = { ...c };
      const mem = Math.min(Number(d['memory'] ?? d['memoryReservation'] ?? 0), Math.max(6, Math.floor(left / 2)));
      if (d['memory'] !== undefined) d['memory'] = mem;
      if (d['memoryReservation'] !== undefined)
        d['memoryReservation'] = Math.min(Number(d['memoryReservation']), Number(d['memory'] ?? mem), mem);
      left -= mem;
      return container({ name: `c${i}`, ...d });
    });
    return { size, defs, rates };
  });

describe('sizing properties', () => {
  test('the pod tier is never below the ECS task size; no CPU limit; one rates table for both prices', () => {
    let checked = 0;
    fc.assert(
      fc.property(taskArb, ({ size, defs, rates }) => {
        const conv = convert({
          taskDefinitions: [
            taskDef({ cpu: String(size.cpu), memory: String(size.memory), containerDefinitions: defs }),
          ],
          options: {
            rates: {
              vcpuHour: rates.vcpuHour,
              gbHour: rates.gbHour,
              ephemeralGbHour: 0,
              controlPlaneHour: 0.1,
              hoursPerMonth: 730,
            },
          },
        });
        const w = conv.workloads[0]!;
        const ecs = ecsFargateTaskSize(size.cpu, size.memory);
        expect(w.ecs).toMatchObject({ vcpu: ecs.vcpu, memoryGb: ecs.memoryGb });
        if (w.blocked) return; // a pod too large for Fargate is its own blocker
        checked++;
        expect(w.fargate.vcpu).toBeGreaterThanOrEqual(ecs.vcpu);
        expect(w.fargate.memoryGb).toBeGreaterThanOrEqual(ecs.memoryGb);
        const deployment = conv.objects.find((o) => o.kind === 'Deployment')!;
        const pod = ((deployment['spec'] as Json)['template'] as Json)['spec'] as Json;
        for (const c of [
          ...((pod['containers'] as Json[] | undefined) ?? []),
          ...((pod['initContainers'] as Json[] | undefined) ?? []),
        ]) {
          const limits = ((c['resources'] as Json | undefined)?.['limits'] ?? {}) as Json;
          expect(limits).not.toHaveProperty('cpu');
        }
        const r = {
          vcpuHour: rates.vcpuHour,
          gbHour: rates.gbHour,
          ephemeralGbHour: 0,
          controlPlaneHour: 0.1,
          hoursPerMonth: 730,
        };
        expect(w.ecs.monthlyUsd).toBe(
          monthlyComputeUsd({ vcpu: w.ecs.vcpu, memoryGb: w.ecs.memoryGb, ephemeralStorageGiB: 20 }, w.replicas, r),
        );
        expect(w.fargate.monthlyUsd).toBe(
          monthlyComputeUsd(
            { vcpu: w.fargate.vcpu, memoryGb: w.fargate.memoryGb, ephemeralStorageGiB: w.fargate.ephemeralStorageGiB },
            w.replicas,
            r,
          ),
        );
        // Never cheaper than what ECS ran: a saving is only ever a separate right-sizing suggestion.
        expect(w.fargate.monthlyUsd).toBeGreaterThanOrEqual(w.ecs.monthlyUsd!);
      }),
      { seed: 1301, numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(300);
  });

  test('a container cpu weight alone (no task size) is a request, never a limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), (cpu) => {
        const conv = convert(
          taskDef({ cpu: undefined, memory: undefined, containerDefinitions: [container({ cpu, memory: 512 })] }),
        );
        const c = (
          ((conv.objects.find((o) => o.kind === 'Deployment')!['spec'] as Json)['template'] as Json)['spec'] as Json
        )['containers'] as Json[];
        const res = c[0]!['resources'] as Json;
        expect(res['limits']).toEqual({ memory: '512Mi' });
        expect((res['requests'] as Json)['cpu']).toBeDefined();
      }),
      { seed: 1302, numRuns: 50 },
    );
  });
});
