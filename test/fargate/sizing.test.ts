import { describe, expect, it } from '@jest/globals';
import {
  ecsFargateTaskSize,
  FARGATE_CONFIGURATIONS,
  FARGATE_EPHEMERAL_STORAGE,
  FARGATE_MEMORY_OVERHEAD_MIB,
  fargatePodSize,
  formatCapacityProvisioned,
  isFargateConfiguration,
  parseCapacityProvisioned,
  podResourcesFromSpec,
  type ContainerResources,
} from '../../src/fargate/sizing.js';

const c = (cpuMillis: number, memoryMiB: number): ContainerResources => ({ cpuMillis, memoryMiB });
const app = (...containers: ContainerResources[]) => fargatePodSize({ containers, initContainers: [] });

describe('FARGATE_CONFIGURATIONS', () => {
  it('is the documented table', () => {
    const summary = FARGATE_CONFIGURATIONS.map((r) => `${r.vcpu}:${r.memoryGb.join(',')}`);
    expect(summary).toEqual([
      '0.25:0.5,1,2',
      '0.5:1,2,3,4',
      '1:2,3,4,5,6,7,8',
      '2:4,5,6,7,8,9,10,11,12,13,14,15,16',
      '4:8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30',
      '8:16,20,24,28,32,36,40,44,48,52,56,60',
      '16:32,40,48,56,64,72,80,88,96,104,112,120',
    ]);
    expect(FARGATE_MEMORY_OVERHEAD_MIB).toBe(256);
    expect(FARGATE_EPHEMERAL_STORAGE).toEqual({ defaultGiB: 20, maxGiB: 175 });
  });
});

describe('fargatePodSize', () => {
  it('gives a pod without requests the smallest configuration', () => {
    expect(app(c(0, 0))).toEqual({
      requestedCpuMillis: 0,
      requestedMemoryMiB: 0,
      vcpu: 0.25,
      memoryGb: 0.5,
      capacityProvisioned: '0.25vCPU 0.5GB',
      ephemeralStorageGiB: 20,
      fits: true,
    });
    expect(fargatePodSize({ containers: [], initContainers: [] }).capacityProvisioned).toBe('0.25vCPU 0.5GB');
  });

  it.each([
    // [cpu millis, memory MiB requested, expected CapacityProvisioned]
    [250, 256, '0.25vCPU 0.5GB'], // 256 + 256 overhead = 512 MiB = 0.5 GB exactly
    [250, 257, '0.25vCPU 1GB'],
    [250, 1792, '0.25vCPU 2GB'], // 1792 + 256 = 2048
    [250, 1793, '0.5vCPU 3GB'], // 0.25 vCPU tops out at 2 GB
    [251, 0, '0.5vCPU 1GB'],
    [500, 3840, '0.5vCPU 4GB'],
    [500, 3841, '1vCPU 5GB'],
    [1000, 0, '1vCPU 2GB'],
    [1000, 8192, '2vCPU 9GB'], // the AWS guide's example: 1 vCPU 8 GB requested needs 9 GB with the overhead
    [1001, 512, '2vCPU 4GB'],
    [2000, 16128, '2vCPU 16GB'],
    [2000, 16129, '4vCPU 17GB'],
    [4000, 30464, '4vCPU 30GB'],
    [4000, 30465, '8vCPU 32GB'], // 8 vCPU memory comes in 4 GB steps: 16, 20, ..., 32
    [4001, 0, '8vCPU 16GB'],
    [8000, 16385, '8vCPU 20GB'],
    [8000, 61184, '8vCPU 60GB'],
    [8000, 61185, '16vCPU 64GB'],
    [8001, 0, '16vCPU 32GB'],
    [16000, 32513, '16vCPU 40GB'],
    [16000, 122624, '16vCPU 120GB'], // the largest pod: 120 GB = 122880 MiB with the overhead
  ])('%dm CPU + %d MiB → %s', (cpu, mem, expected) => {
    const size = app(c(cpu, mem));
    expect(size.capacityProvisioned).toBe(expected);
    expect(size.fits).toBe(true);
    expect(size.reason).toBeUndefined();
    expect(`${size.vcpu}vCPU ${size.memoryGb}GB`).toBe(expected);
  });

  it('refuses pods above 16 vCPU or 120 GB and says why with the numbers', () => {
    const tooMuchMemory = app(c(16000, 122625));
    expect(tooMuchMemory.fits).toBe(false);
    expect(tooMuchMemory.reason).toContain('122625 MiB memory');
    expect(tooMuchMemory.reason).toContain('122881 MiB with the 256 MiB Fargate overhead');
    expect(tooMuchMemory.reason).toContain('16 vCPU 120 GB');
    expect(tooMuchMemory.capacityProvisioned).toBe('16vCPU 120GB');

    const tooMuchCpu = app(c(16001, 1024));
    expect(tooMuchCpu.fits).toBe(false);
    expect(tooMuchCpu.reason).toContain('16001m CPU');
  });

  it('sums long-running containers', () => {
    const size = app(c(250, 512), c(250, 512));
    expect(size.requestedCpuMillis).toBe(500);
    expect(size.requestedMemoryMiB).toBe(1024);
    expect(size.capacityProvisioned).toBe('0.5vCPU 2GB'); // 1024 + 256 = 1280 MiB
  });

  it('uses the largest init container when it is bigger than the app sum', () => {
    const size = fargatePodSize({
      containers: [c(250, 512), c(250, 256)],
      initContainers: [c(100, 100), c(2000, 4096), c(1000, 8000)],
    });
    expect(size.requestedCpuMillis).toBe(2000);
    expect(size.requestedMemoryMiB).toBe(8000);
    expect(size.capacityProvisioned).toBe('2vCPU 9GB'); // 8000 + 256 = 8256 > 8 GB
  });

  it('takes the maximum per dimension: init CPU, app memory', () => {
    const size = fargatePodSize({ containers: [c(250, 3000)], initContainers: [c(1000, 128)] });
    expect([size.requestedCpuMillis, size.requestedMemoryMiB]).toEqual([1000, 3000]);
    expect(size.capacityProvisioned).toBe('1vCPU 4GB');
  });

  it('adds sidecars to the long-running sum', () => {
    const without = fargatePodSize({ containers: [c(250, 1792)], initContainers: [] });
    const withSidecar = fargatePodSize({ containers: [c(250, 1792)], initContainers: [], sidecars: [c(100, 64)] });
    expect(without.capacityProvisioned).toBe('0.25vCPU 2GB');
    expect(withSidecar.requestedCpuMillis).toBe(350);
    expect(withSidecar.requestedMemoryMiB).toBe(1856);
    expect(withSidecar.capacityProvisioned).toBe('0.5vCPU 3GB');
  });

  it.each([
    [undefined, 20, true],
    [1, 20, true],
    [20, 20, true],
    [20.2, 21, true],
    [100, 100, true],
    [175, 175, true],
    [176, 175, false],
  ])('ephemeral storage %s GiB requested → %d GiB provisioned (fits: %s)', (requested, provisioned, fits) => {
    const size = fargatePodSize({
      containers: [c(250, 512)],
      initContainers: [],
      ...(requested !== undefined ? { ephemeralStorageGiB: requested } : {}),
    });
    expect(size.ephemeralStorageGiB).toBe(provisioned);
    expect(size.fits).toBe(fits);
    if (!fits) expect(size.reason).toBe('pod requests 176 GiB of ephemeral storage; Fargate provides at most 175 GiB');
  });

  it('rejects negative or non-finite numbers naming the field', () => {
    expect(() => app(c(-1, 0))).toThrow('containers[0].cpuMillis must be a non-negative number, got -1');
    expect(() => fargatePodSize({ containers: [], initContainers: [c(0, NaN)] })).toThrow(
      'initContainers[0].memoryMiB',
    );
    expect(() => fargatePodSize({ containers: [], initContainers: [], ephemeralStorageGiB: -5 })).toThrow(
      /ephemeralStorageGiB.*-5/,
    );
  });
});

describe('podResourcesFromSpec', () => {
  it('reads requests, falling back to limits, and parses quantities', () => {
    const input = podResourcesFromSpec({
      containers: [
        { name: 'web', resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } } },
        { name: 'log', resources: { limits: { cpu: 0.1, memory: '64Mi' } } },
        { name: 'bare' },
      ],
    });
    expect(input).toEqual({
      containers: [c(250, 512), c(100, 64), c(0, 0)],
      initContainers: [],
    });
    expect(fargatePodSize(input).capacityProvisioned).toBe('0.5vCPU 1GB');
  });

  it('splits init containers from sidecars and counts running sidecars into later init containers', () => {
    const input = podResourcesFromSpec({
      initContainers: [
        { name: 'migrate', resources: { requests: { cpu: '500m', memory: '256Mi' } } },
        { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '100m', memory: '128Mi' } } },
        { name: 'warm', resources: { requests: { cpu: '200m', memory: '1Gi' } } },
      ],
      containers: [{ name: 'web', resources: { requests: { cpu: '250m', memory: '512Mi' } } }],
    });
    expect(input.sidecars).toEqual([c(100, 128)]);
    // `warm` starts after `proxy` is running, so the pod needs both at once.
    expect(input.initContainers).toEqual([c(500, 256), c(300, 1152)]);
    const size = fargatePodSize(input);
    expect([size.requestedCpuMillis, size.requestedMemoryMiB]).toEqual([500, 1152]);
    expect(size.capacityProvisioned).toBe('0.5vCPU 2GB');
  });

  it('sums ephemeral-storage requests of long-running containers', () => {
    const input = podResourcesFromSpec({
      containers: [
        { name: 'a', resources: { requests: { 'ephemeral-storage': '30Gi' } } },
        { name: 'b', resources: { limits: { 'ephemeral-storage': '10Gi' } } },
        { name: 'c' },
      ],
    });
    expect(input.ephemeralStorageGiB).toBe(40);
    expect(fargatePodSize(input).ephemeralStorageGiB).toBe(40);
    expect(podResourcesFromSpec({ containers: [{ name: 'a' }] }).ephemeralStorageGiB).toBeUndefined();
  });

  it('names the container and field of an unparsable quantity', () => {
    expect(() =>
      podResourcesFromSpec({ containers: [{ name: 'web', resources: { requests: { memory: '1 gig' } } }] }),
    ).toThrow('containers[0] (web) resources.requests.memory: invalid memory quantity "1 gig"');
    expect(() =>
      podResourcesFromSpec({
        containers: [],
        initContainers: [{ name: 'init', resources: { limits: { cpu: 'lots' } } }],
      }),
    ).toThrow('initContainers[0] (init) resources.limits.cpu: invalid CPU quantity "lots"');
    expect(() =>
      podResourcesFromSpec({ containers: [{ name: 'web', resources: { requests: { cpu: true } } }] }),
    ).toThrow('containers[0] (web) resources.requests.cpu: expected a quantity, got true');
  });

  it('rejects something that is not a pod spec', () => {
    expect(() => podResourcesFromSpec(null)).toThrow('pod spec: expected an object, got null');
    expect(() => podResourcesFromSpec({ containers: 'web' })).toThrow('containers: expected a list');
  });
});

describe('ecsFargateTaskSize', () => {
  it.each([
    [256, 512, { vcpu: 0.25, memoryGb: 0.5, valid: true }],
    [1024, 2048, { vcpu: 1, memoryGb: 2, valid: true }],
    [8192, 20480, { vcpu: 8, memoryGb: 20, valid: true }],
    [16384, 122880, { vcpu: 16, memoryGb: 120, valid: true }],
    [1024, 1024, { vcpu: 1, memoryGb: 2, valid: false }], // 1 vCPU needs at least 2 GB
    [256, 3072, { vcpu: 0.5, memoryGb: 3, valid: false }], // 0.25 vCPU tops out at 2 GB
    [300, 512, { vcpu: 0.5, memoryGb: 1, valid: false }],
    [8192, 18432, { vcpu: 8, memoryGb: 20, valid: false }], // 8 vCPU memory is in 4 GB steps
    [16384, 131072, { vcpu: 16, memoryGb: 120, valid: false }], // nothing is that big
    [undefined, 3072, { vcpu: 0.5, memoryGb: 3, valid: false }],
    [2048, undefined, { vcpu: 2, memoryGb: 4, valid: false }],
    [undefined, undefined, { vcpu: 0.25, memoryGb: 0.5, valid: false }],
  ])('cpu %s, memory %s → %j', (cpu, mem, expected) => {
    expect(ecsFargateTaskSize(cpu, mem)).toEqual(expected);
  });

  it('rejects negative numbers', () => {
    expect(() => ecsFargateTaskSize(-256, 512)).toThrow('ECS task cpu units must be a non-negative number, got -256');
  });
});

describe('parseCapacityProvisioned / isFargateConfiguration', () => {
  it('reads the annotation back, and round-trips every configuration', () => {
    expect(parseCapacityProvisioned('0.25vCPU 0.5GB')).toEqual({ vcpu: 0.25, memoryGb: 0.5 });
    expect(parseCapacityProvisioned('16vCPU 120GB')).toEqual({ vcpu: 16, memoryGb: 120 });
    for (const row of FARGATE_CONFIGURATIONS) {
      for (const gb of row.memoryGb) {
        expect(parseCapacityProvisioned(formatCapacityProvisioned(row.vcpu, gb))).toEqual({
          vcpu: row.vcpu,
          memoryGb: gb,
        });
        expect(isFargateConfiguration(row.vcpu, gb)).toBe(true);
      }
    }
  });

  it('rejects other formats and combinations', () => {
    expect(parseCapacityProvisioned('0.25 vCPU, 0.5 GB')).toBeUndefined();
    expect(parseCapacityProvisioned('')).toBeUndefined();
    expect(parseCapacityProvisioned('1vCPU')).toBeUndefined();
    expect(isFargateConfiguration(1, 1)).toBe(false);
    expect(isFargateConfiguration(8, 18)).toBe(false);
    expect(isFargateConfiguration(0.25, 0.5)).toBe(true);
  });
});
