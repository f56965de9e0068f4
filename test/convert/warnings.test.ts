import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonText } from '../../src/ecs/parse.js';
import {
  blockers,
  container,
  containerOf,
  convert,
  finding,
  findingsWith,
  podSpec,
  service,
  taskDef,
  type Json,
} from './ecs-builders.js';

const withContainer = (extra: Json): ReturnType<typeof convert> =>
  convert(taskDef({ containerDefinitions: [container(extra)] }));

describe('warnings for what changes meaning', () => {
  test('ulimits are dropped, with the values named', () => {
    const conv = withContainer({ ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }] });
    expect(finding(conv, 'ulimits')).toMatchObject({
      severity: 'warning',
      container: 'app',
      field: 'containerDefinitions[0].ulimits',
    });
    expect(finding(conv, 'ulimits').message).toContain('nofile=1024/4096');
  });

  test('sysctls (systemControls) are dropped, with the values named', () => {
    const conv = withContainer({ systemControls: [{ namespace: 'net.core.somaxconn', value: '4096' }] });
    expect(finding(conv, 'sysctls')).toMatchObject({
      severity: 'warning',
      field: 'containerDefinitions[0].systemControls',
    });
    expect(finding(conv, 'sysctls').message).toContain('net.core.somaxconn=4096');
    expect(JSON.stringify(podSpec(conv))).not.toContain('sysctls');
  });

  test('tmpfs → an in-memory emptyDir with its size, and a warning that it counts against memory', () => {
    const conv = withContainer({
      linuxParameters: { tmpfs: [{ containerPath: '/run', size: 64, mountOptions: ['noexec'] }] },
    });
    expect(podSpec(conv).volumes).toEqual([{ name: 'app-tmpfs-0', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }]);
    expect(containerOf(conv).volumeMounts).toEqual([{ name: 'app-tmpfs-0', mountPath: '/run' }]);
    expect(finding(conv, 'tmpfs').message).toContain("counts against the pod's memory");
  });

  test('sharedMemorySize → an in-memory emptyDir at /dev/shm, and a warning', () => {
    const conv = withContainer({ linuxParameters: { sharedMemorySize: 256 } });
    expect(podSpec(conv).volumes).toEqual([{ name: 'app-shm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } }]);
    expect(containerOf(conv).volumeMounts).toEqual([{ name: 'app-shm', mountPath: '/dev/shm' }]);
    expect(finding(conv, 'shared-memory').severity).toBe('warning');
  });

  test('initProcessEnabled → a warning suggesting tini or shareProcessNamespace', () => {
    const f = finding(withContainer({ linuxParameters: { initProcessEnabled: true } }), 'init-process');
    expect(f).toMatchObject({
      severity: 'warning',
      field: 'containerDefinitions[0].linuxParameters.initProcessEnabled',
    });
    expect(f.message).toContain('shareProcessNamespace');
  });

  test('links → a warning to use localhost', () => {
    const conv = convert(
      taskDef({
        networkMode: 'bridge',
        containerDefinitions: [container({ links: ['db:database'] }), container({ name: 'db' })],
      }),
    );
    expect(finding(conv, 'links').message).toContain('localhost');
  });

  test.each([
    ['awslogs', { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1' }, 'log_group_name /ecs/web'],
    ['splunk', { 'splunk-url': 'https://splunk.example.com:8088' }, 'aws-logging'],
    ['awsfirelens', { Name: 'cloudwatch' }, 'aws-observability'],
  ])(
    'log driver %s → a warning pointing at the aws-observability / aws-logging Fluent Bit model',
    (logDriver, options, expected) => {
      const f = finding(withContainer({ logConfiguration: { logDriver, options } }), 'log-driver');
      expect(f.severity).toBe('warning');
      expect(f.message).toContain(`log driver ${logDriver}`);
      expect(f.message).toContain('aws-observability');
      expect(f.message).toContain(expected);
    },
  );

  test('a FireLens router container → a warning that it is not needed', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({ logConfiguration: { logDriver: 'awsfirelens' } }),
          container({
            name: 'log_router',
            image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
            firelensConfiguration: { type: 'fluentbit' },
          }),
        ],
      }),
    );
    expect(finding(conv, 'firelens')).toMatchObject({ severity: 'warning', container: 'log_router' });
  });

  test('App Mesh proxy configuration → a warning, and no mesh objects', () => {
    const conv = convert(
      taskDef({
        proxyConfiguration: {
          type: 'APPMESH',
          containerName: 'envoy',
          properties: [{ name: 'AppPorts', value: '8080' }],
        },
        containerDefinitions: [
          container(),
          container({
            name: 'envoy',
            image: '840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.29.4.0-prod',
          }),
        ],
      }),
    );
    expect(finding(conv, 'app-mesh')).toMatchObject({ severity: 'warning', field: 'proxyConfiguration' });
    expect(finding(conv, 'app-mesh').message).toContain('envoy');
  });

  test('Fargate Spot capacity → a warning that EKS Fargate has no Spot', () => {
    const conv = convert({
      taskDefinitions: [taskDef()],
      services: [
        service({
          capacityProviderStrategy: [
            { capacityProvider: 'FARGATE_SPOT', weight: 3 },
            { capacityProvider: 'FARGATE', weight: 1 },
          ],
        }),
      ],
    });
    expect(finding(conv, 'fargate-spot')).toMatchObject({
      severity: 'warning',
      file: 'svc0.json',
      field: 'capacityProviderStrategy',
    });
  });

  test('a public IP → a warning about private subnets', () => {
    const conv = convert({
      taskDefinitions: [taskDef()],
      services: [
        service({
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'ENABLED' } },
        }),
      ],
    });
    expect(finding(conv, 'public-ip').message).toContain('private subnets');
  });

  test('Cloud Map names in environment values → a warning with the cluster DNS name to use', () => {
    const conv = withContainer({ environment: [{ name: 'ORDERS_URL', value: 'http://orders.shop.local:8080/api' }] });
    expect(finding(conv, 'endpoint-reference').message).toBe(
      'an environment value points at orders.shop.local (Cloud Map): on EKS use orders.<namespace>.svc.cluster.local',
    );
  });

  test('an internal ALB DNS name in the environment → a warning to call the Service', () => {
    const conv = withContainer({
      environment: [{ name: 'API', value: 'http://internal-shop-api-123456.us-east-1.elb.amazonaws.com' }],
    });
    expect(finding(conv, 'endpoint-reference').message).toContain('call the Service by its DNS name');
  });

  test('none of these warnings is a blocker', () => {
    const conv = withContainer({
      ulimits: [{ name: 'nofile', softLimit: 1, hardLimit: 1 }],
      systemControls: [{ namespace: 'net.ipv4.tcp_keepalive_time', value: '60' }],
      linuxParameters: { initProcessEnabled: true, tmpfs: [{ containerPath: '/run', size: 8 }], sharedMemorySize: 64 },
      logConfiguration: { logDriver: 'awslogs' },
    });
    expect(blockers(conv)).toEqual([]);
    expect(conv.objects.some((o) => o.kind === 'Deployment')).toBe(true);
  });
});

describe('console export noise', () => {
  test('empty lists and maps of a console export raise no warnings', () => {
    const file = join(import.meta.dirname, '..', 'fixtures', 'ecs', 'shapes', 'console-export.json');
    const conv = convert(parseJsonText(readFileSync(file, 'utf8'), file) as Json);
    // ulimits-default: the export ran on ECS Fargate (nofile 65535) and sets no ulimits of its own.
    expect(
      conv.findings
        .filter((f) => f.severity !== 'info')
        .map((f) => f.code)
        .sort(),
    ).toEqual(['fargate-size-up', 'ulimits-default']);
    expect(findingsWith(conv, 'dns')).toEqual([]);
  });
});
