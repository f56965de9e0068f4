/**
 * Focused tests for what issue 13 found wrong on real task definitions: one per point the
 * converter owns (sizing is in mapping.test.ts and sizing-property.test.ts, dropped volumes and
 * capabilities in blockers.test.ts).
 */
import { toYamlStream } from '../../src/convert/objects.js';
import {
  blockers,
  container,
  containerOf,
  convert,
  finding,
  findingsWith,
  one,
  podSpec,
  service,
  taskDef,
  type Json,
} from './ecs-builders.js';

describe('3. accelerators', () => {
  test.each([
    [{ type: 'GPU', value: '2' }, '2 GPU'],
    [{ type: 'InferenceAccelerator', value: 'device_1' }, 'Elastic Inference accelerator device_1'],
  ])('resourceRequirements %p → a blocker naming the container', (req, what) => {
    const conv = convert(
      taskDef({ containerDefinitions: [container(), container({ name: 'inference', resourceRequirements: [req] })] }),
    );
    expect(finding(conv, 'gpu')).toMatchObject({
      severity: 'blocker',
      container: 'inference',
      field: 'containerDefinitions[1].resourceRequirements',
    });
    expect(finding(conv, 'gpu').message).toContain(`container inference needs ${what}`);
    expect(conv.objects).toEqual([]);
  });
});

describe('4. ulimits', () => {
  test('set ulimits: the warning states EKS Fargate’s real values and the entrypoint workaround', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [container({ ulimits: [{ name: 'nofile', softLimit: 65535, hardLimit: 65535 }] })],
      }),
    );
    const m = finding(conv, 'ulimits').message;
    expect(m).toContain('soft 1024 / hard 65535');
    expect(m).toContain('ulimit -n 65535');
    expect(m).not.toContain('get nofile 65535');
  });

  test('a task that ran on ECS Fargate with no ulimits: its soft nofile drops 64-fold', () => {
    const conv = convert(taskDef({ requiresCompatibilities: ['FARGATE'] }));
    const m = finding(conv, 'ulimits-default').message;
    expect(m).toContain('65535/65535');
    expect(m).toContain('64-fold');
    expect(m).toContain('ulimit -n');
  });

  test('an EC2 task without ulimits gets no such warning (its limits came from the instance)', () => {
    expect(findingsWith(convert(taskDef({ requiresCompatibilities: ['EC2'] })), 'ulimits-default')).toEqual([]);
  });
});

describe('6. FireLens', () => {
  const firelens = (options: Json, secretOptions?: Json[]): Json =>
    taskDef({
      containerDefinitions: [
        container({
          logConfiguration: { logDriver: 'awsfirelens', options, ...(secretOptions ? { secretOptions } : {}) },
        }),
        container({
          name: 'worker',
          logConfiguration: { logDriver: 'awsfirelens', options, ...(secretOptions ? { secretOptions } : {}) },
        }),
        container({
          name: 'log_router',
          image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
          firelensConfiguration: { type: 'fluentbit' },
        }),
      ],
    });

  test('an output EKS Fargate supports becomes the aws-logging [OUTPUT] to add', () => {
    const conv = convert(firelens({ Name: 'kinesis_firehose', region: 'us-east-1', delivery_stream: 'logs' }));
    const f = findingsWith(conv, 'log-driver');
    expect(f).toHaveLength(1); // one line for both containers
    expect(f[0]!.message).toContain('containers app, worker');
    expect(f[0]!.message).toContain(
      '[OUTPUT] | Name kinesis_firehose | Match * | region us-east-1 | delivery_stream logs',
    );
    expect(f[0]!.message).toContain('aws-observability');
  });

  test('Datadog: one warning naming the destination, every secret not carried over, and the sidecar alternative', () => {
    const conv = convert(
      firelens({ Name: 'datadog', Host: 'http-intake.logs.datadoghq.com', TLS: 'on' }, [
        { name: 'apikey', valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:dd-api-key-AbCdEf' },
      ]),
    );
    const f = findingsWith(conv, 'firelens-destination');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('logs of app, worker to datadog');
    expect(f[0]!.message).toContain('apikey (arn:aws:secretsmanager:us-east-1:111122223333:secret:dd-api-key-AbCdEf)');
    expect(f[0]!.message).toContain('Fluent Bit sidecar');
  });

  test('an API key written as a plain option is named, never shown', () => {
    const conv = convert(
      firelens({
        Name: 'newrelic',
        apiKey: 'eu01xx0123456789abcdefNRAL',
        endpoint: 'https://log-api.eu.newrelic.com/log/v1',
      }),
    );
    const text = JSON.stringify(conv.findings) + JSON.stringify(conv.workloads) + toYamlStream(conv.objects);
    expect(text).not.toContain('eu01xx0123456789abcdefNRAL');
    expect(finding(conv, 'firelens-destination').message).toContain('apiKey (a plain option value, not shown)');
  });
});

describe('7. credentials in plain env', () => {
  const env = [
    { name: 'DB_PASSWORD', value: 'hunter2-production' },
    { name: 'STRIPE_KEY', value: 'sk_live_abcdefghijklmnop1234' },
    { name: 'DATABASE_URL', value: 'postgres://app:s3cr3t-pw@db.internal:5432/app' },
    { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' },
    { name: 'PORT', value: '8080' },
    { name: 'SECRET_NAME', value: 'prod/db' },
    { name: 'PASSWORD_MIN_LENGTH', value: '12' },
  ];
  const conv = convert({
    taskDefinitions: [taskDef({ containerDefinitions: [container({ environment: env })] })],
    services: [service()],
  });

  test('they go to a Secret (env secretKeyRef), not the ConfigMap; the rest stays in the ConfigMap', () => {
    expect(Object.keys(one(conv, 'ConfigMap', 'web-config').data as Json).sort()).toEqual([
      'PASSWORD_MIN_LENGTH',
      'PORT',
      'SECRET_NAME',
    ]);
    expect(Object.keys(one(conv, 'Secret', 'web-env-credentials').stringData as Json).sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'DATABASE_URL',
      'DB_PASSWORD',
      'STRIPE_KEY',
    ]);
    expect((containerOf(conv).env as Json[]).find((e) => e['name'] === 'DB_PASSWORD')).toEqual({
      name: 'DB_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'web-env-credentials', key: 'DB_PASSWORD' } },
    });
  });

  test('a finding names them, suggests an ExternalSecret, and no value appears in findings, mappings or the traffic diagram', () => {
    const f = finding(conv, 'plain-credential');
    expect(f).toMatchObject({ severity: 'warning', container: 'app' });
    expect(f.message).toContain('AWS_ACCESS_KEY_ID, DATABASE_URL, DB_PASSWORD, STRIPE_KEY');
    expect(f.message).toContain('ExternalSecret');
    const shown = JSON.stringify(conv.findings) + JSON.stringify(conv.workloads) + JSON.stringify(conv.ledger);
    for (const secret of ['hunter2-production', 'sk_live_abcdefghijklmnop1234', 's3cr3t-pw', 'AKIAIOSFODNN7EXAMPLE'])
      expect(shown).not.toContain(secret);
  });
});

describe('8. health checks', () => {
  test('a health check that cannot be translated is one warning on that container; dependsOn HEALTHY on it is no error', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({ dependsOn: [{ containerName: 'collector', condition: 'HEALTHY' }] }),
          container({
            name: 'collector',
            image: 'public.ecr.aws/aws-observability/aws-otel-collector:latest',
            healthCheck: { command: ['/healthcheck'], interval: 5 },
          }),
        ],
      }),
    );
    expect(blockers(conv)).toEqual([]);
    const f = finding(conv, 'health-check');
    expect(f).toMatchObject({
      severity: 'warning',
      container: 'collector',
      field: 'containerDefinitions[1].healthCheck',
    });
    expect(findingsWith(conv, 'depends-on-healthy')).toEqual([]);
    const sidecar = (podSpec(conv).initContainers as Json[]).find((c) => c['name'] === 'collector')!;
    expect(sidecar).toMatchObject({ restartPolicy: 'Always' });
    expect(sidecar).not.toHaveProperty('readinessProbe');
  });

  test('what can be translated still is (CMD-SHELL curl → httpGet)', () => {
    const conv = convert(
      taskDef({
        containerDefinitions: [
          container({
            portMappings: [{ containerPort: 8080 }],
            healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'] },
          }),
        ],
      }),
    );
    expect(containerOf(conv).readinessProbe).toMatchObject({ httpGet: { path: '/health', port: 8080 } });
    expect(findingsWith(conv, 'health-check')).toEqual([]);
  });
});

describe('11. names', () => {
  test('a warning repeated for every container is one line listing the containers', () => {
    const log = { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1' } };
    const conv = convert(
      taskDef({ containerDefinitions: ['a', 'b', 'c'].map((n) => container({ name: n, logConfiguration: log })) }),
    );
    const f = findingsWith(conv, 'log-driver');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ container: 'a, b, c', field: 'containerDefinitions[0, 1, 2].logConfiguration' });
    expect(f[0]!.message).toMatch(/^containers a, b, c: log driver awslogs/);
  });

  test('input errors name the container, not only its index', async () => {
    const { parseTaskDefinitionDocument } = await import('../../src/ecs/parse.js');
    expect(() =>
      parseTaskDefinitionDocument(
        taskDef({ containerDefinitions: [container(), container({ name: 'cache-warmer', memory: 'lots' })] }),
        'td.json',
      ),
    ).toThrow(/containerDefinitions\[1\]\.memory: container cache-warmer: expected a non-negative integer/);
  });

  test.each([
    [{ containerPort: 8080 }, 'http'],
    [{ containerPort: 50051, appProtocol: 'grpc' }, 'grpc'],
    [{ containerPort: 8080, name: 'web-frontend-public-http' }, 'http-8080'],
    [{ containerPort: 443 }, 'https'],
  ])('port %p is named %s (never a hash)', (mapping, expected) => {
    expect(
      (
        containerOf(convert(taskDef({ containerDefinitions: [container({ portMappings: [mapping] })] })))
          .ports as Json[]
      )[0]!['name'],
    ).toBe(expected);
  });

  test('a second port of the same kind is named by its number', () => {
    const ports = containerOf(
      convert(
        taskDef({
          containerDefinitions: [container({ portMappings: [{ containerPort: 8080 }, { containerPort: 9090 }] })],
        }),
      ),
    ).ports as Json[];
    expect(ports.map((p) => p['name'])).toEqual(['http', 'http-9090']);
  });
});

describe('12. ports in the Service', () => {
  const envoy = container({
    name: 'envoy',
    image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29',
    portMappings: [{ containerPort: 9901 }, { containerPort: 15000 }],
  });
  const app = container({ portMappings: [{ containerPort: 8080 }, { containerPort: 9090, name: 'metrics' }] });

  test('only what the load balancer routes to; Envoy’s admin port stays a container port', () => {
    const conv = convert({
      taskDefinitions: [taskDef({ containerDefinitions: [app, envoy] })],
      services: [
        service({
          loadBalancers: [
            {
              targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/1',
              containerName: 'app',
              containerPort: 8080,
            },
          ],
        }),
      ],
    });
    expect(((one(conv, 'Service', 'web').spec as Json).ports as Json[]).map((p) => p['port'])).toEqual([8080]);
    expect((containerOf(conv, 'envoy').ports as Json[]).map((p) => p['containerPort'])).toEqual([9901, 15000]);
  });

  test('without routing information every port but sidecar admin ports goes into the Service', () => {
    const conv = convert(taskDef({ containerDefinitions: [app, envoy] }));
    expect(((one(conv, 'Service', 'web').spec as Json).ports as Json[]).map((p) => p['port'])).toEqual([8080, 9090]);
  });
});

describe('13. placeholders', () => {
  test.each([
    '<IMAGE>',
    'REPLACE_ME',
    '${IMAGE}',
    '123456789012.dkr.ecr.<region>.amazonaws.com/app:latest',
    '{{image}}',
  ])('image %s → a placeholder-image warning in plan', (image) => {
    const f = finding(convert(taskDef({ containerDefinitions: [container({ image })] })), 'placeholder-image');
    expect(f).toMatchObject({ severity: 'warning', container: 'app', field: 'containerDefinitions[0].image' });
    expect(f.message).toContain('--image app=');
  });

  test('a real image is not a placeholder', () => {
    expect(
      findingsWith(
        convert(
          taskDef({
            containerDefinitions: [
              container({ image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/app@sha256:' + 'a'.repeat(64) }),
            ],
          }),
        ),
        'placeholder-image',
      ),
    ).toEqual([]);
  });

  test.each([
    'arn:aws:iam::123456789012:role/app',
    'arn:aws:iam::ACCOUNT_ID:role/app',
    'arn:aws:iam::${AWS::AccountId}:role/app',
  ])('task role %s → a placeholder-arn warning', (arn) => {
    expect(finding(convert(taskDef({ taskRoleArn: arn })), 'placeholder-arn')).toMatchObject({
      severity: 'warning',
      field: 'taskRoleArn',
    });
  });
});
