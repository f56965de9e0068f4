import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../src/findings.js';
import { fargateUnsupportedMessage, fargateUnsupportedReasons, lintWorkloadObject } from '../../src/fargate/lint.js';

const ok = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '250m', memory: '512Mi' } };
const web = (extra: Record<string, unknown> = {}) => ({ name: 'web', image: 'web:1', resources: ok, ...extra });

function deployment(podSpec: Record<string, unknown>, name = 'shop') {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: podSpec },
    },
  };
}

const codes = (findings: Finding[]) => findings.map((f) => `${f.severity}:${f.code}`);

describe('fargateUnsupportedReasons', () => {
  it('accepts an ordinary pod', () => {
    expect(
      fargateUnsupportedReasons({
        containers: [
          web({
            ports: [{ containerPort: 8080 }],
            securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
          }),
        ],
        volumes: [
          { name: 'tmp', emptyDir: {} },
          { name: 'cfg', configMap: { name: 'cfg' } },
          { name: 'sec', secret: { secretName: 's' } },
          { name: 'token', projected: { sources: [] } },
          { name: 'info', downwardAPI: { items: [] } },
          { name: 'efs', persistentVolumeClaim: { claimName: 'efs-claim' } },
          { name: 'defaulted' },
        ],
        nodeSelector: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux' },
      }),
    ).toEqual([]);
    expect(
      fargateUnsupportedReasons({ containers: [web({ securityContext: { capabilities: { drop: ['ALL'] } } })] }),
    ).toEqual([]);
  });

  it('words combined reasons like the fargate-scheduler, in its order', () => {
    // The EFS CSI controller's event: "Pod not supported on Fargate: fields not supported: HostNetwork,
    // invalid SecurityContext fields: Privileged, port contains HostIP or HostPort".
    const reasons = fargateUnsupportedReasons({
      hostNetwork: true,
      containers: [web({ securityContext: { privileged: true }, ports: [{ containerPort: 9909, hostPort: 9909 }] })],
    });
    expect(fargateUnsupportedMessage(reasons)).toBe(
      'Pod not supported on Fargate: fields not supported: HostNetwork, invalid SecurityContext fields: Privileged, port contains HostIP or HostPort',
    );
  });

  it('reports privileged with an unsupported volume like the real event', () => {
    const reasons = fargateUnsupportedReasons({
      containers: [web({ securityContext: { privileged: true } })],
      volumes: [{ name: 'mntdatas3fs', hostPath: { path: '/mnt/data' } }],
    });
    expect(fargateUnsupportedMessage(reasons)).toBe(
      'Pod not supported on Fargate: invalid SecurityContext fields: Privileged, volumes not supported: mntdatas3fs is of an unsupported volume Type',
    );
  });

  it('lists host PID and IPC with host network', () => {
    expect(fargateUnsupportedReasons({ hostPID: true, hostIPC: true, hostNetwork: true, containers: [web()] })).toEqual(
      ['fields not supported: HostNetwork, HostPID, HostIPC'],
    );
  });

  it('refuses added capabilities, naming them', () => {
    expect(
      fargateUnsupportedReasons({ containers: [web({ securityContext: { capabilities: { add: ['CAP_CHOWN'] } } })] }),
    ).toEqual(['invalid SecurityContext fields: Capabilities added: CAP_CHOWN']);
    expect(
      fargateUnsupportedReasons({
        initContainers: [{ name: 'init', securityContext: { capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } } }],
        containers: [web({ securityContext: { allowPrivilegeEscalation: true } })],
      }),
    ).toEqual(['invalid SecurityContext fields: Capabilities added: NET_ADMIN, SYS_TIME, AllowPrivilegeEscalation']);
  });

  it('refuses hostIP as well as hostPort', () => {
    expect(
      fargateUnsupportedReasons({ containers: [web({ ports: [{ containerPort: 80, hostIP: '0.0.0.0' }] })] }),
    ).toEqual(['port contains HostIP or HostPort']);
  });

  it('refuses hostPath, EBS, inline CSI and other volume types', () => {
    expect(
      fargateUnsupportedReasons({
        containers: [web()],
        volumes: [
          { name: 'docker', hostPath: { path: '/var/run/docker.sock' } },
          { name: 'data', awsElasticBlockStore: { volumeID: 'vol-1' } },
          { name: 'ca', csi: { driver: 'csi.cert-manager.io' } },
          { name: 'nfs', nfs: { server: 'x', path: '/' } },
        ],
      }),
    ).toEqual([
      'volumes not supported: docker is of an unsupported volume Type, data is of an unsupported volume Type, ca is of an unsupported volume Type, nfs is of an unsupported volume Type',
    ]);
  });

  it('refuses GPUs and other accelerators', () => {
    expect(
      fargateUnsupportedReasons({
        containers: [web({ resources: { limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': 1 } } })],
      }),
    ).toEqual(['resources not supported: nvidia.com/gpu']);
    expect(
      fargateUnsupportedReasons({ containers: [web({ resources: { requests: { 'aws.amazon.com/neuroncore': 2 } } })] }),
    ).toEqual(['resources not supported: aws.amazon.com/neuroncore']);
  });

  it('refuses a nodeSelector for arm64 or windows', () => {
    expect(fargateUnsupportedReasons({ containers: [web()], nodeSelector: { 'kubernetes.io/arch': 'arm64' } })).toEqual(
      ['node selector not supported: kubernetes.io/arch=arm64'],
    );
    expect(fargateUnsupportedReasons({ containers: [web()], nodeSelector: { 'kubernetes.io/os': 'windows' } })).toEqual(
      ['node selector not supported: kubernetes.io/os=windows'],
    );
  });

  it('refuses required node affinity only when every term rules out linux/amd64', () => {
    const affinity = (...terms: unknown[]) => ({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
    });
    const arm = { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] };
    const notAmd = { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'NotIn', values: ['amd64'] }] };
    const either = { matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }] };
    const zone = { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1a'] }] };
    const windows = { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] };

    expect(fargateUnsupportedReasons({ containers: [web()], affinity: affinity(arm) })).toEqual([
      'node affinity not supported: kubernetes.io/arch In [arm64]',
    ]);
    expect(fargateUnsupportedReasons({ containers: [web()], affinity: affinity(arm, notAmd) })).toEqual([
      'node affinity not supported: kubernetes.io/arch In [arm64] or kubernetes.io/arch NotIn [amd64]',
    ]);
    expect(fargateUnsupportedReasons({ containers: [web()], affinity: affinity(either) })).toEqual([]);
    expect(fargateUnsupportedReasons({ containers: [web()], affinity: affinity(arm, zone) })).toEqual([]); // the zone term allows amd64
    expect(fargateUnsupportedReasons({ containers: [web()], affinity: affinity(windows) })).toEqual([
      'node affinity not supported: kubernetes.io/os In [windows]',
    ]);
  });

  it('refuses a pod larger than the largest configuration, and accepts the largest', () => {
    const sized = (cpu: string, memory: string) => ({
      containers: [web({ resources: { requests: { cpu, memory }, limits: { cpu, memory } } })],
    });
    expect(fargateUnsupportedReasons(sized('16', '119.75Gi'))).toEqual([]); // + 256 MiB = 120 GB exactly
    const [reason] = fargateUnsupportedReasons(sized('16', '120Gi'));
    expect(reason).toMatch(/^pod too large for Fargate: pod requests 16000m CPU and 122880 MiB memory/);
    expect(fargateUnsupportedReasons(sized('17', '1Gi'))[0]).toMatch(/17000m CPU/);
  });

  it('refuses more than 175 GiB of ephemeral storage', () => {
    const storage = (q: string) => ({
      containers: [web({ resources: { requests: { ...ok.requests, 'ephemeral-storage': q } } })],
    });
    expect(fargateUnsupportedReasons(storage('175Gi'))).toEqual([]);
    expect(fargateUnsupportedReasons(storage('176Gi'))).toEqual([
      'pod too large for Fargate: pod requests 176 GiB of ephemeral storage; Fargate provides at most 175 GiB',
    ]);
  });

  it('returns nothing for something that is not a pod spec', () => {
    expect(fargateUnsupportedReasons(undefined)).toEqual([]);
    expect(fargateUnsupportedMessage([])).toBe('');
  });
});

describe('lintWorkloadObject', () => {
  it('finds nothing in a Fargate-ready Deployment and ignores non-workload kinds', () => {
    expect(lintWorkloadObject(deployment({ containers: [web()] }), 'k8s/web.yaml')).toEqual([]);
    expect(
      lintWorkloadObject(
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { hostNetwork: true } },
        'svc.yaml',
      ),
    ).toEqual([]);
    expect(lintWorkloadObject(null, 'x.yaml')).toEqual([]);
  });

  it('locates a privileged container precisely', () => {
    const findings = lintWorkloadObject(
      deployment({ containers: [{ ...web(), name: 'sidecar' }, web({ securityContext: { privileged: true } })] }),
      'k8s/shop.yaml',
    );
    expect(findings).toEqual([
      {
        severity: 'blocker',
        code: 'privileged',
        message:
          'container "web" is privileged; EKS Fargate does not run privileged containers (EKS: "Pod not supported on Fargate: invalid SecurityContext fields: Privileged")',
        file: 'k8s/shop.yaml',
        workload: 'shop',
        container: 'web',
        field: 'spec.template.spec.containers[1].securityContext.privileged',
      },
    ]);
  });

  it('reports each rule with its own code and field', () => {
    const findings = lintWorkloadObject(
      deployment({
        hostNetwork: true,
        hostPID: true,
        hostIPC: true,
        initContainers: [{ name: 'init', image: 'i', securityContext: { capabilities: { add: ['NET_ADMIN'] } } }],
        containers: [
          web({
            securityContext: { allowPrivilegeEscalation: true },
            ports: [{ containerPort: 80, hostPort: 80 }],
            resources: {
              requests: { cpu: '1', memory: '1Gi' },
              limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': 1 },
            },
          }),
        ],
        volumes: [
          { name: 'docker', hostPath: { path: '/var/run/docker.sock' } },
          { name: 'data', awsElasticBlockStore: { volumeID: 'vol-1' } },
          { name: 'ca', csi: { driver: 'x' } },
        ],
        nodeSelector: { 'kubernetes.io/arch': 'arm64', 'kubernetes.io/os': 'windows' },
      }),
      'all.yaml',
    );
    const byCode = Object.fromEntries(findings.map((f) => [f.code, f.field]));
    expect(byCode).toEqual({
      'host-network': 'spec.template.spec.hostNetwork',
      'host-pid': 'spec.template.spec.hostPID',
      'host-ipc': 'spec.template.spec.hostIPC',
      'added-capabilities': 'spec.template.spec.initContainers[0].securityContext.capabilities.add',
      'allow-privilege-escalation': 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
      'host-port': 'spec.template.spec.containers[0].ports[0].hostPort',
      gpu: 'spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]',
      'host-path-volume': 'spec.template.spec.volumes[0].hostPath',
      'ebs-volume': 'spec.template.spec.volumes[1].awsElasticBlockStore',
      'unsupported-volume': 'spec.template.spec.volumes[2].csi',
      'unsupported-arch': 'spec.template.spec.nodeSelector["kubernetes.io/arch"]',
      'unsupported-os': 'spec.template.spec.nodeSelector["kubernetes.io/os"]',
    });
    expect(findings.every((f) => f.severity === 'blocker' && f.file === 'all.yaml' && f.workload === 'shop')).toBe(
      true,
    );
    expect(findings.find((f) => f.code === 'added-capabilities')?.container).toBe('init');
    expect(findings.find((f) => f.code === 'host-port')?.message).toContain('hostPort 80');
    expect(findings.find((f) => f.code === 'host-path-volume')?.message).toContain(
      'volume "docker" is a hostPath volume',
    );
  });

  it('blocks a DaemonSet', () => {
    const ds = { ...deployment({ containers: [web()] }, 'agent'), kind: 'DaemonSet' };
    const findings = lintWorkloadObject(ds, 'ds.yaml');
    expect(codes(findings)).toEqual(['blocker:daemonset']);
    expect(findings[0]).toMatchObject({ workload: 'agent', field: 'kind', file: 'ds.yaml' });
  });

  it('finds the pod spec of every workload kind', () => {
    const spec = { containers: [web({ securityContext: { privileged: true } })] };
    const template = { template: { spec } };
    const cases: [unknown, string][] = [
      [{ kind: 'Pod', metadata: { name: 'p' }, spec }, 'spec.containers[0]'],
      [{ kind: 'StatefulSet', metadata: { name: 'p' }, spec: template }, 'spec.template.spec.containers[0]'],
      [{ kind: 'ReplicaSet', metadata: { name: 'p' }, spec: template }, 'spec.template.spec.containers[0]'],
      [{ kind: 'Job', metadata: { name: 'p' }, spec: template }, 'spec.template.spec.containers[0]'],
      [
        { kind: 'CronJob', metadata: { name: 'p' }, spec: { schedule: '* * * * *', jobTemplate: { spec: template } } },
        'spec.jobTemplate.spec.template.spec.containers[0]',
      ],
    ];
    for (const [obj, prefix] of cases) {
      expect(lintWorkloadObject(obj, 'w.yaml').map((f) => f.field)).toEqual([`${prefix}.securityContext.privileged`]);
    }
  });

  it('warns when requests differ from limits', () => {
    const findings = lintWorkloadObject(
      deployment({
        containers: [
          web({ resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '0.5Gi' } } }),
        ],
      }),
      'w.yaml',
    );
    expect(codes(findings)).toEqual(['warning:requests-not-limits']);
    expect(findings[0]?.message).toContain('requests 250m cpu but is limited to 1');
    expect(findings[0]?.field).toBe('spec.template.spec.containers[0].resources');
  });

  it('treats equal quantities written differently as equal', () => {
    const findings = lintWorkloadObject(
      deployment({
        containers: [
          web({ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1000m', memory: '1024Mi' } } }),
        ],
      }),
      'w.yaml',
    );
    expect(findings).toEqual([]);
  });

  it('warns about missing requests on app containers and sidecars, not on classic init containers', () => {
    const findings = lintWorkloadObject(
      deployment({
        initContainers: [
          { name: 'migrate', image: 'm' },
          { name: 'proxy', image: 'p', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
        ],
        containers: [{ name: 'web', image: 'w' }],
      }),
      'w.yaml',
    );
    expect(findings.map((f) => [f.code, f.container, f.field])).toEqual([
      ['missing-requests', 'proxy', 'spec.template.spec.initContainers[1].resources.requests'],
      ['missing-requests', 'web', 'spec.template.spec.containers[0].resources.requests'],
    ]);
    expect(findings[0]?.message).toContain('has no memory request');
    expect(findings[1]?.message).toContain('has no cpu or memory request');
    expect(findings[1]?.message).toContain('0.25vCPU 0.5GB');
  });

  it('blocks an unparsable quantity, naming container and field', () => {
    const findings = lintWorkloadObject(
      deployment({
        containers: [
          web({ resources: { requests: { cpu: 'lots', memory: '512Mi' }, limits: { cpu: 'lots', memory: '512Mi' } } }),
        ],
      }),
      'w.yaml',
    );
    expect(codes(findings)).toEqual(['blocker:invalid-quantity', 'blocker:invalid-quantity']);
    expect(findings[0]?.field).toBe('spec.template.spec.containers[0].resources.requests.cpu');
    expect(findings[0]?.message).toContain('invalid CPU quantity "lots"');
  });

  it('blocks a pod too large for Fargate without quoting EKS', () => {
    const big = { requests: { cpu: '8', memory: '64Gi' }, limits: { cpu: '8', memory: '64Gi' } };
    const findings = lintWorkloadObject(
      deployment({
        containers: [
          web({ resources: big }),
          { ...web({ resources: big }), name: 'worker' },
          { ...web({ resources: big }), name: 'x' },
        ],
      }),
      'w.yaml',
    );
    expect(codes(findings)).toEqual(['blocker:too-large']);
    expect(findings[0]?.message).toContain('24000m CPU and 196608 MiB memory');
    expect(findings[0]?.message).not.toContain('EKS:');
  });
});

describe('lintWorkloadObject: ephemeral storage quantities', () => {
  it('blocks an unparsable ephemeral-storage quantity', () => {
    const findings = lintWorkloadObject(
      deployment({
        containers: [
          web({ resources: { requests: { ...ok.requests, 'ephemeral-storage': 'big' }, limits: ok.limits } }),
        ],
      }),
      'w.yaml',
    );
    expect(codes(findings)).toEqual(['blocker:invalid-quantity']);
    expect(findings[0]?.field).toBe('spec.template.spec.containers[0].resources.requests["ephemeral-storage"]');
    expect(findings[0]?.message).toContain('invalid storage quantity "big"');
  });
});
