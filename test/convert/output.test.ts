import { expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertEcs } from '../../src/convert/index.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { isDns1123Label, isDns1123Subdomain, toDns1123Label } from '../../src/convert/names.js';
import { KIND_ORDER, toYamlStream } from '../../src/convert/objects.js';
import {
  parseJsonText,
  parseScalingDocument,
  parseServicesDocument,
  parseTaskDefinitionDocument,
} from '../../src/ecs/parse.js';
import type { EcsInputs, LoadedTaskDefinition } from '../../src/ecs/model.js';
import { validateObject } from '../../src/manifests/schema.js';
import {
  container,
  convert,
  convertFiles,
  type ConvertInput,
  EXAMPLES,
  finding,
  kinds,
  one,
  OPTIONS,
  ROOT,
  SEEDS,
  service,
  taskDef,
  type Json,
} from './ecs-builders.js';

/** A task definition that exercises most mapping rules at once (EFS, sidecars, probes, secrets, tmpfs, ...). */
const rich = (): Json =>
  taskDef({
    family: 'Rich_Service',
    cpu: '2 vCPU',
    memory: '4 GB',
    taskRoleArn: 'arn:aws:iam::123456789012:role/rich',
    ephemeralStorage: { sizeInGiB: 50 },
    pidMode: 'task',
    volumes: [
      {
        name: 'shared',
        efsVolumeConfiguration: {
          fileSystemId: 'fs-0123456789abcdef0',
          transitEncryption: 'ENABLED',
          authorizationConfig: { accessPointId: 'fsap-0123456789abcdef0', iam: 'ENABLED' },
        },
      },
      { name: 'scratch' },
    ],
    containerDefinitions: [
      container({
        name: 'migrate',
        essential: false,
        command: ['migrate'],
        secrets: [
          { name: 'DB_URL', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:url::' },
        ],
      }),
      container({
        name: 'Envoy_Proxy',
        essential: true,
        healthCheck: { command: ['CMD', '/ready'] },
        portMappings: [{ containerPort: 9901, name: 'admin' }],
      }),
      container({
        name: 'app',
        entryPoint: ['/bin/app'],
        command: ['serve'],
        workingDirectory: '/srv',
        user: '1000:2000',
        readonlyRootFilesystem: true,
        stopTimeout: 60,
        environment: [
          { name: 'MODE', value: 'prod' },
          { name: 'REDIS_URL', value: 'rediss://cache.abc123.use1.cache.amazonaws.com:6379' },
        ],
        secrets: [{ name: 'API_KEY', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/rich/api-key' }],
        portMappings: [
          { containerPort: 8080, hostPort: 8080 },
          { containerPort: 8125, protocol: 'udp' },
        ],
        healthCheck: {
          command: ['CMD-SHELL', 'curl -f http://localhost:8080/healthz || exit 1'],
          interval: 10,
          timeout: 2,
          retries: 3,
          startPeriod: 30,
        },
        linuxParameters: {
          capabilities: { drop: ['ALL'] },
          tmpfs: [{ containerPath: '/run', size: 32 }],
          sharedMemorySize: 128,
        },
        mountPoints: [
          { sourceVolume: 'shared', containerPath: '/shared' },
          { sourceVolume: 'scratch', containerPath: '/tmp' },
        ],
        extraHosts: [{ hostname: 'legacy.internal', ipAddress: '10.0.0.5' }],
        repositoryCredentials: {
          credentialsParameter: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf',
        },
        dependsOn: [
          { containerName: 'migrate', condition: 'SUCCESS' },
          { containerName: 'Envoy_Proxy', condition: 'HEALTHY' },
        ],
      }),
    ],
  });

const richInput = (albMode: 'ingress' | 'target-group-binding' = 'ingress'): ConvertInput => ({
  taskDefinitions: [rich()],
  services: [
    service({
      serviceName: 'Rich_Service',
      taskDefinition: 'Rich_Service:3',
      desiredCount: 3,
      deploymentConfiguration: {
        minimumHealthyPercent: 50,
        maximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
      loadBalancers: [
        {
          targetGroupArn:
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/rich-public/0123456789abcdef',
          containerName: 'app',
          containerPort: 8080,
        },
      ],
    }),
  ],
  scaling: [
    {
      ScalableTargets: [{ ResourceId: 'service/c/Rich_Service', MinCapacity: 3, MaxCapacity: 12 }],
      ScalingPolicies: [
        {
          PolicyName: 'cpu',
          ResourceId: 'service/c/Rich_Service',
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 55,
            PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
          },
        },
      ],
    },
  ],
  options: { namespace: 'rich-ns', albMode },
});

/** Rebuild every object of a JSON value with its keys in a different (seeded) order. */
function shuffleKeys(value: unknown, seed = { n: 7 }): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, seed));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Json);
    for (let i = entries.length - 1; i > 0; i--) {
      seed.n = (seed.n * 1103515245 + 12345) % 2147483648;
      const j = seed.n % (i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, seed)]));
  }
  return value;
}

function readJson(rel: string): Json {
  return parseJsonText(readFileSync(join(ROOT, rel), 'utf8'), rel) as Json;
}

describe('determinism', () => {
  test('converting the same input twice gives byte-identical YAML', () => {
    expect(toYamlStream(convertFiles(EXAMPLES).objects)).toBe(toYamlStream(convertFiles(EXAMPLES).objects));
    expect(toYamlStream(convert(richInput()).objects)).toBe(toYamlStream(convert(richInput()).objects));
  });

  test('shuffled keys (and shuffled environment lists) in the input give the same YAML and findings', () => {
    const base = convert(richInput());
    const input = richInput();
    const shuffled = {
      ...input,
      taskDefinitions: input.taskDefinitions.map((td) => {
        const s = shuffleKeys(td) as Json;
        for (const c of s.containerDefinitions as Json[])
          if (Array.isArray(c.environment)) c.environment = [...(c.environment as unknown[])].reverse();
        return s;
      }),
      services: input.services!.map((s) => shuffleKeys(s) as Json),
      scaling: input.scaling!.map((s) => shuffleKeys(s) as Json),
    };
    expect(JSON.stringify(shuffled.taskDefinitions)).not.toBe(JSON.stringify(input.taskDefinitions));
    const again = convert(shuffled);
    expect(toYamlStream(again.objects)).toBe(toYamlStream(base.objects));
    expect(again.findings).toEqual(base.findings);
  });

  test('the order of the input files does not change the manifests', () => {
    const a = convertFiles(EXAMPLES);
    const b = convertFiles({ ...EXAMPLES, taskDefinitions: [...EXAMPLES.taskDefinitions].reverse() });
    expect(toYamlStream(b.objects)).toBe(toYamlStream(a.objects));
  });
});

describe('YAML layout and order', () => {
  test('objects come out in dependency order (Namespace, SA, ConfigMap, ExternalSecret, PV, PVC, Service, Deployment, HPA, PDB, Ingress)', () => {
    const conv = convert(richInput());
    expect(conv.objects.map((o) => o.kind)).toEqual([
      'Namespace',
      'ServiceAccount',
      'ConfigMap',
      'ExternalSecret',
      'ExternalSecret',
      'PersistentVolume',
      'PersistentVolumeClaim',
      'Service',
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'Ingress',
    ]);
    const ranks = convertFiles(EXAMPLES).objects.map((o) => KIND_ORDER.indexOf(o.kind));
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    expect(ranks.every((r) => r >= 0)).toBe(true);
  });

  test('TargetGroupBinding comes last, after the Service it points at', () => {
    const conv = convert(richInput('target-group-binding'));
    expect(conv.objects.at(-1)!.kind).toBe('TargetGroupBinding');
  });

  test('every YAML document starts with apiVersion, kind, then metadata (name first)', () => {
    const docs = toYamlStream(convert(richInput()).objects).split(/^---\n/m);
    expect(docs).toHaveLength(12);
    for (const doc of docs) expect(doc).toMatch(/^apiVersion: \S+\nkind: \S+\nmetadata:\n {2}name: \S+\n/);
  });
});

describe('names', () => {
  test('a family with upper case and underscores becomes a DNS-1123 name, with an info', () => {
    const conv = convert(taskDef({ family: 'My_Service_v2' }));
    expect(kinds(conv)).toEqual(['ServiceAccount/my-service-v2', 'Deployment/my-service-v2']);
    expect(finding(conv, 'name-changed').message).toBe(
      'Kubernetes names must be DNS-1123 labels: My_Service_v2 is named my-service-v2',
    );
  });

  test('"My_Service.v2" (a name from outside the ECS parser, e.g. the live API) becomes my-service-v2', () => {
    const loaded = parseTaskDefinitionDocument(taskDef(), 'td.json').value;
    const td: LoadedTaskDefinition = {
      ...loaded,
      taskDefinition: { ...loaded.taskDefinition, family: 'My_Service.v2' },
    };
    const conv = convertEcs({ taskDefinitions: [td], services: [], scaling: [] }, OPTIONS);
    expect(conv.objects.map((o) => o.metadata.name)).toEqual(['my-service-v2', 'my-service-v2']);
    expect(conv.objects.every((o) => validateObject(o).length === 0)).toBe(true);
  });

  test('a container name with underscores becomes a valid container name', () => {
    const conv = convert(richInput());
    const spec = ((one(conv, 'Deployment').spec as Json).template as Json).spec as Json;
    expect((spec.initContainers as Json[]).map((c) => c.name)).toEqual(['migrate', 'envoy-proxy']);
  });

  test('names longer than 63 characters are cut with a stable hash, and stay distinct', () => {
    const long = 'a'.repeat(60) + '_service_one';
    const other = 'a'.repeat(60) + '_service_two';
    const a = toDns1123Label(long);
    expect(a).toHaveLength(63);
    expect(isDns1123Label(a)).toBe(true);
    expect(toDns1123Label(long)).toBe(a);
    expect(toDns1123Label(other)).not.toBe(a);
    const conv = convert({
      taskDefinitions: [
        taskDef({ family: long, containerDefinitions: [container({ portMappings: [{ containerPort: 80 }] })] }),
      ],
    });
    expect(conv.objects.every((o) => validateObject(o).length === 0)).toBe(true);
  });

  test('two ECS names that become the same Kubernetes name are a blocker, not a silent overwrite', () => {
    const conv = convert({ taskDefinitions: [taskDef({ family: 'web_api' }), taskDef({ family: 'web-api' })] });
    expect(finding(conv, 'duplicate-workload')).toMatchObject({ severity: 'blocker', workload: 'web-api' });
    expect(conv.objects.filter((o) => o.kind === 'Deployment')).toHaveLength(1);
  });

  test('every emitted name is a DNS-1123 label or subdomain', () => {
    for (const conv of [convert(richInput()), convertFiles(EXAMPLES), convertFiles(SEEDS)]) {
      for (const o of conv.objects) {
        expect(
          o.kind === 'Service' || o.kind === 'Namespace'
            ? isDns1123Label(o.metadata.name)
            : isDns1123Subdomain(o.metadata.name),
        ).toBe(true);
      }
    }
  });
});

describe('schema validation (kubernetes-models)', () => {
  const problems = (objects: KubeObject[]): string[] =>
    objects.flatMap((o) => validateObject(o).map((p) => `${o.kind}/${o.metadata.name}: ${p.path}: ${p.message}`));

  test.each([
    ['examples/', () => convertFiles(EXAMPLES)],
    ['seeds fixtures', () => convertFiles(SEEDS)],
    ['every mapping rule at once (Ingress)', () => convert(richInput())],
    ['every mapping rule at once (TargetGroupBinding)', () => convert(richInput('target-group-binding'))],
    [
      '--drop-unsupported output',
      () =>
        convert({
          taskDefinitions: [
            taskDef({
              networkMode: 'host',
              volumes: [{ name: 'v', host: { sourcePath: '/x' } }],
              containerDefinitions: [
                container({ privileged: true, mountPoints: [{ sourceVolume: 'v', containerPath: '/v' }] }),
              ],
            }),
          ],
          options: { dropUnsupported: true },
        }),
    ],
  ])('every object of %s is valid', (_label, build) => {
    const conv = build();
    expect(conv.objects.length).toBeGreaterThan(1);
    expect(problems(conv.objects)).toEqual([]);
  });

  test('the validation is real: a broken Deployment is rejected with the field path', () => {
    const dep = structuredClone(one(convertFiles(EXAMPLES), 'Deployment', 'frontend')) as Json;
    const spec = dep.spec as Json;
    spec.replicas = 'two';
    // A container name is required by the schema (an image is not: controllers may default it).
    ((spec.template as Json).spec as Json).containers = [{ image: 'nginx' }];
    const found = validateObject(dep);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'spec.replicas' }),
        expect.objectContaining({
          path: 'spec.template.spec.containers[0]',
          message: expect.stringContaining('(name)'),
        }),
      ]),
    );
  });
});

describe('snapshots', () => {
  test('examples/: the YAML', () => {
    expect(toYamlStream(convertFiles(EXAMPLES).objects)).toMatchSnapshot();
  });

  test('examples/: the findings', () => {
    expect(
      convertFiles(EXAMPLES).findings.map(
        (f) =>
          `${f.severity} ${f.code} ${f.file}${f.container ? ` [${f.container}]` : ''} ${f.field ?? ''}: ${f.message}`,
      ),
    ).toMatchSnapshot();
  });

  test('seeds fixtures: the YAML', () => {
    expect(toYamlStream(convertFiles(SEEDS).objects)).toMatchSnapshot();
  });

  test('every mapping rule at once: the YAML', () => {
    expect(toYamlStream(convert(richInput()).objects)).toMatchSnapshot();
  });
});

describe('input assembly', () => {
  test('a service whose task definition was not given is a warning naming the flag to use', () => {
    const inputs: EcsInputs = {
      taskDefinitions: [],
      services: parseServicesDocument(readJson('examples/ecs/services.json'), 'examples/ecs/services.json').value,
      scaling: [parseScalingDocument(readJson('examples/ecs/scaling.json'), 'examples/ecs/scaling.json').value],
    };
    const conv = convertEcs(inputs, OPTIONS);
    expect(conv.objects).toEqual([]);
    expect(conv.findings.map((f) => [f.code, f.workload])).toEqual([
      ['service-without-task-definition', 'frontend'],
      ['service-without-task-definition', 'backend'],
    ]);
    expect(conv.findings[0]!.message).toContain('--ecs-task-definition');
  });
});
