import { toYamlStream } from '../../src/convert/objects.js';
import {
  blockers,
  container,
  containerOf,
  convert,
  finding,
  kinds,
  podSpec,
  service,
  taskDef,
  type Json,
} from './ecs-builders.js';

/** Convert one task definition (optionally with a service) and return the conversion. */
const run = (td: Json, opts: { svc?: Json; drop?: boolean } = {}): ReturnType<typeof convert> =>
  convert({
    taskDefinitions: [td],
    services: opts.svc ? [opts.svc] : [],
    options: { dropUnsupported: opts.drop ?? false },
  });

const withContainer = (extra: Json): Json => taskDef({ containerDefinitions: [container(extra)] });

describe('each Fargate blocker', () => {
  test('privileged', () => {
    const conv = run(withContainer({ privileged: true }));
    expect(finding(conv, 'privileged')).toEqual({
      severity: 'blocker',
      code: 'privileged',
      message: 'privileged containers are not allowed on EKS Fargate',
      file: 'td0.json',
      workload: 'web',
      container: 'app',
      field: 'containerDefinitions[0].privileged',
    });
  });

  test('capabilities.add: the default set is a no-op dropped with a warning; the others block', () => {
    const conv = run(
      withContainer({
        linuxParameters: { capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE', 'CAP_NET_ADMIN', 'SYS_PTRACE'] } },
      }),
    );
    const f = finding(conv, 'capabilities-add');
    expect(f).toMatchObject({
      severity: 'blocker',
      container: 'app',
      field: 'containerDefinitions[0].linuxParameters.capabilities.add',
    });
    expect(f.message).toBe(
      'EKS Fargate rejects any capabilities.add: NET_ADMIN, SYS_PTRACE are not available on Fargate',
    );
    expect(finding(conv, 'capabilities-default')).toMatchObject({ severity: 'warning', container: 'app' });
    expect(finding(conv, 'capabilities-default').message).toContain(
      'CHOWN, NET_BIND_SERVICE: they are in the default set',
    );
  });

  test('capabilities.add of default capabilities only (NET_BIND_SERVICE, CHOWN) is not a blocker', () => {
    const conv = run(withContainer({ linuxParameters: { capabilities: { add: ['NET_BIND_SERVICE'] } } }));
    expect(blockers(conv)).toEqual([]);
    expect(finding(conv, 'capabilities-default').message).toContain('NET_BIND_SERVICE: it is in the default set');
    expect(containerOf(conv)).not.toHaveProperty('securityContext');
    expect(kinds(conv)).toContain('Deployment/web');
  });

  test('networkMode host', () => {
    expect(finding(run(taskDef({ networkMode: 'host' })), 'host-network')).toMatchObject({
      severity: 'blocker',
      field: 'networkMode',
    });
  });

  test('host path volume', () => {
    const conv = run(taskDef({ volumes: [{ name: 'docker-sock', host: { sourcePath: '/var/run/docker.sock' } }] }));
    expect(finding(conv, 'host-path')).toMatchObject({ severity: 'blocker', field: 'volumes[0].host.sourcePath' });
    expect(finding(conv, 'host-path').message).toContain('/var/run/docker.sock');
  });

  test('docker volume', () => {
    const conv = run(
      taskDef({ volumes: [{ name: 'cache', dockerVolumeConfiguration: { driver: 'rexray/ebs', scope: 'shared' } }] }),
    );
    expect(finding(conv, 'docker-volume')).toMatchObject({
      severity: 'blocker',
      field: 'volumes[0].dockerVolumeConfiguration',
    });
    expect(finding(conv, 'docker-volume').message).toContain('rexray/ebs');
  });

  test('devices', () => {
    const conv = run(
      withContainer({ linuxParameters: { devices: [{ hostPath: '/dev/fuse', containerPath: '/dev/fuse' }] } }),
    );
    expect(finding(conv, 'devices')).toMatchObject({
      severity: 'blocker',
      field: 'containerDefinitions[0].linuxParameters.devices',
    });
    expect(finding(conv, 'devices').message).toContain('/dev/fuse');
  });

  test('GPU resource requirement', () => {
    const conv = run(withContainer({ resourceRequirements: [{ type: 'GPU', value: '1' }] }));
    expect(finding(conv, 'gpu')).toMatchObject({
      severity: 'blocker',
      field: 'containerDefinitions[0].resourceRequirements',
      container: 'app',
    });
    expect(finding(conv, 'gpu').message).toContain('container app needs 1 GPU');
  });

  test('Windows', () => {
    const conv = run(
      taskDef({ runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE', cpuArchitecture: 'X86_64' } }),
    );
    expect(finding(conv, 'windows')).toMatchObject({
      severity: 'blocker',
      field: 'runtimePlatform.operatingSystemFamily',
    });
    expect(finding(conv, 'windows').message).toContain('WINDOWS_SERVER_2022_CORE');
  });

  test('ARM64', () => {
    const conv = run(taskDef({ runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' } }));
    expect(finding(conv, 'arm64')).toMatchObject({ severity: 'blocker', field: 'runtimePlatform.cpuArchitecture' });
    expect(finding(conv, 'arm64').message).toContain('linux/amd64');
  });

  test('DAEMON scheduling', () => {
    const conv = run(taskDef(), { svc: service({ schedulingStrategy: 'DAEMON', desiredCount: undefined }) });
    expect(finding(conv, 'daemon')).toMatchObject({
      severity: 'blocker',
      field: 'schedulingStrategy',
      file: 'svc0.json',
    });
  });

  test('ephemeral storage above 175 GiB; 175 GiB itself is allowed and requested on the main container', () => {
    const over = run(taskDef({ ephemeralStorage: { sizeInGiB: 200 } }));
    expect(finding(over, 'ephemeral-storage')).toMatchObject({
      severity: 'blocker',
      field: 'ephemeralStorage.sizeInGiB',
    });
    expect(finding(over, 'ephemeral-storage').message).toBe(
      'ephemeralStorage 200 GiB is above the EKS Fargate maximum of 175 GiB',
    );
    const max = run(taskDef({ ephemeralStorage: { sizeInGiB: 175 } }));
    expect(blockers(max)).toEqual([]);
    expect(containerOf(max).resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi', 'ephemeral-storage': '175Gi' },
      limits: { 'ephemeral-storage': '175Gi' },
    });
  });

  test('a clean Fargate task has no blockers', () => {
    expect(blockers(run(taskDef()))).toEqual([]);
  });
});

/** One task with every blocker at once. */
const everything = (): Json =>
  taskDef({
    networkMode: 'host',
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
    ephemeralStorage: { sizeInGiB: 500 },
    volumes: [
      { name: 'sock', host: { sourcePath: '/var/run/docker.sock' } },
      { name: 'cache', dockerVolumeConfiguration: { driver: 'local', scope: 'task' } },
    ],
    containerDefinitions: [
      container({
        privileged: true,
        portMappings: [{ containerPort: 8080 }],
        linuxParameters: { capabilities: { add: ['NET_ADMIN'] }, devices: [{ hostPath: '/dev/kvm' }] },
        resourceRequirements: [{ type: 'GPU', value: '1' }],
        mountPoints: [
          { sourceVolume: 'sock', containerPath: '/var/run/docker.sock' },
          { sourceVolume: 'cache', containerPath: '/cache' },
        ],
      }),
    ],
  });

describe('all blockers are reported, not the first', () => {
  test('every blocker of one task definition is a finding; the workload emits nothing', () => {
    const conv = run(everything(), { svc: service() });
    expect(blockers(conv).sort()).toEqual(
      [
        'arm64',
        'capabilities-add',
        'devices',
        'docker-volume',
        'ephemeral-storage',
        'gpu',
        'host-network',
        'host-path',
        'privileged',
      ].sort(),
    );
    expect(conv.objects).toEqual([]);
    expect(conv.workloads[0]).toMatchObject({ name: 'web', blocked: true });
  });

  test('a blocked workload does not stop the others', () => {
    const conv = convert({ taskDefinitions: [withContainer({ privileged: true }), taskDef({ family: 'api' })] });
    expect(kinds(conv)).toEqual(['ServiceAccount/api', 'Deployment/api']);
    expect(conv.workloads.map((w) => [w.name, w.blocked])).toEqual([
      ['web', true],
      ['api', false],
    ]);
  });
});

describe('--drop-unsupported', () => {
  test('never mounts an empty directory over a system path (the cgroup mount of a monitoring agent)', () => {
    const conv = run(
      taskDef({
        volumes: [
          { name: 'cgroup', host: { sourcePath: '/sys/fs/cgroup' } },
          { name: 'scratch', host: {} },
        ],
        containerDefinitions: [
          container({
            mountPoints: [
              { sourceVolume: 'cgroup', containerPath: '/sys/fs/cgroup', readOnly: true },
              { sourceVolume: 'scratch', containerPath: '/proc/driver' },
              { sourceVolume: 'scratch', containerPath: '/data' },
            ],
          }),
        ],
      }),
      { drop: true },
    );
    expect(blockers(conv)).toEqual([]);
    expect(containerOf(conv).volumeMounts).toEqual([{ name: 'scratch', mountPath: '/data' }]);
    expect(podSpec(conv).volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
    expect(finding(conv, 'system-path-mount')).toMatchObject({
      severity: 'warning',
      container: 'app',
      field: 'containerDefinitions[0].mountPoints[1]',
    });
  });

  test('the Deployment is emitted with the offending fields removed, each removal a warning', () => {
    const conv = run(everything(), { svc: service(), drop: true });
    expect(blockers(conv)).toEqual([]);
    const removed = conv.findings.filter((f) => f.message.endsWith('— removed (--drop-unsupported)'));
    expect(removed.map((f) => [f.severity, f.code]).sort()).toEqual(
      [
        'arm64',
        'capabilities-add',
        'devices',
        'docker-volume',
        'ephemeral-storage',
        'gpu',
        'host-network',
        'host-path',
        'privileged',
      ]
        .map((c) => ['warning', c])
        .sort(),
    );
    const spec = podSpec(conv);
    const c = containerOf(conv);
    expect(c).not.toHaveProperty('securityContext'); // no privileged, no capabilities.add
    expect(spec).not.toHaveProperty('hostNetwork');
    // Issue 13 point 9: a dropped volume takes its mounts with it (no empty dir in its place).
    expect(spec).not.toHaveProperty('volumes');
    expect(c).not.toHaveProperty('volumeMounts');
    expect(finding(conv, 'host-path').message).toContain('its mounts in app go with it');
    expect(((c.resources as Json).limits as Json)['ephemeral-storage']).toBe('175Gi');
    const yaml = toYamlStream(conv.objects);
    expect(yaml).not.toMatch(/privileged|hostPath|hostNetwork|NET_ADMIN|nvidia/);
    expect(conv.workloads[0]!.blocked).toBe(false);
  });

  test.each([
    [
      'Windows',
      taskDef({ runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2019_FULL' } }),
      undefined,
      'windows',
    ],
    ['DAEMON scheduling', taskDef(), service({ schedulingStrategy: 'DAEMON' }), 'daemon'],
    [
      'FSx for Windows',
      taskDef({
        volumes: [
          {
            name: 'share',
            fsxWindowsFileServerVolumeConfiguration: {
              fileSystemId: 'fs-1',
              rootDirectory: 'share',
              authorizationConfig: { credentialsParameter: 'x', domain: 'd' },
            },
          },
        ],
      }),
      undefined,
      'fsx-windows',
    ],
  ])('%s cannot be dropped: still a blocker, and still no Deployment', (_label, td, svc, code) => {
    const conv = run(td, { drop: true, ...(svc ? { svc } : {}) });
    const f = finding(conv, code);
    expect(f.severity).toBe('blocker');
    expect(f.message).toMatch(/\(cannot be dropped\)$/);
    expect(conv.objects.filter((o) => o.kind === 'Deployment')).toEqual([]);
    expect(conv.workloads[0]!.blocked).toBe(true);
  });
});
