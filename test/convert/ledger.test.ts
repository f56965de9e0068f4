/**
 * Field accounting: every leaf field of every input (task definition, service) is in the ledger as
 * mapped into an output object, named in a finding, or on the explicit list of fields with no
 * Kubernetes meaning. A field that is none of these fails with its path — that is how "nothing is
 * silently dropped" stays true as the converter changes. Run over the real-world corpus, the seeds
 * and examples, and generated task definitions (a structured generator and the fuzz suite's
 * mutations of a real one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { convertEcs, type Conversion } from '../../src/convert/index.js';
import {
  NO_KUBERNETES_MEANING,
  SERVICE_NO_KUBERNETES_MEANING,
  unaccountedFields,
  leafPaths,
  pathCoveredBy,
} from '../../src/convert/ledger.js';
import type { EcsInputs, LoadedService, LoadedTaskDefinition } from '../../src/ecs/model.js';
import { parseJsonText, parseServicesDocument, parseTaskDefinitionDocument } from '../../src/ecs/parse.js';
import { isUserError } from '../../src/errors.js';
import { mutated } from '../hardening/mutate.js';
import { OPTIONS } from './ecs-builders.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CORPUS = join(ROOT, 'test', 'fixtures', 'ecs-realworld');

function tryParse<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (isUserError(err)) return undefined;
    throw err;
  }
}

/** Every leaf of every input that the ledger does not account for, as `file: path`. */
function unaccounted(inputs: EcsInputs, conv: Conversion): string[] {
  const out: string[] = [];
  for (const td of inputs.taskDefinitions) {
    // A workload another one with the same name displaced has no ledger of its own (that is its own blocker).
    if (!conv.ledger.some((e) => e.file === td.source)) continue;
    for (const p of unaccountedFields(td.taskDefinition, td.source, conv.ledger, NO_KUBERNETES_MEANING))
      out.push(`${td.source}: ${p}`);
  }
  for (const s of inputs.services) {
    if (!conv.workloads.some((w) => w.serviceName === s.service.serviceName)) continue;
    const ledger = conv.ledger.filter(
      (e) => e.workload === conv.workloads.find((w) => w.serviceName === s.service.serviceName)!.name,
    );
    for (const p of unaccountedFields(s.service, s.source, ledger, SERVICE_NO_KUBERNETES_MEANING))
      out.push(`${s.source}: ${p}`);
  }
  return out;
}

describe('the ledger helpers', () => {
  test('leaf paths name array elements by index; empty lists and maps are leaves', () => {
    expect(leafPaths({ a: 1, b: [{ c: 'x' }, {}], d: [] })).toEqual(['a', 'b[0].c', 'b[1]', 'd']);
  });

  test('a ledger path covers its subtree; a [*] pattern covers every index', () => {
    expect(pathCoveredBy('containerDefinitions[0].healthCheck.command[1]', 'containerDefinitions[0].healthCheck')).toBe(
      true,
    );
    expect(pathCoveredBy('containerDefinitions[3].essential', 'containerDefinitions[*].essential')).toBe(true);
    expect(pathCoveredBy('containerDefinitions[0].cpuX', 'containerDefinitions[0].cpu')).toBe(false);
  });

  test('a field nobody handles is reported with its path (the test below can fail)', () => {
    const ledger = [{ file: 'td.json', workload: 'web', path: 'cpu', fate: 'mapped' as const, to: 'x' }];
    expect(
      unaccountedFields({ family: 'web', cpu: 256, secretSauce: { x: 1 } }, 'td.json', ledger, ['family']),
    ).toEqual(['secretSauce.x']);
  });
});

describe('every input field is accounted for', () => {
  const corpus = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort();
  const services: LoadedService[] = corpus.flatMap((f) => {
    const raw = tryParse(() => parseJsonText(readFileSync(join(CORPUS, f), 'utf8'), f));
    if (!raw || typeof raw !== 'object' || !('services' in raw || 'serviceName' in raw)) return [];
    return tryParse(() => parseServicesDocument(raw, f).value) ?? [];
  });

  test.each(corpus)('corpus: %s', (file) => {
    const raw = tryParse(() => parseJsonText(readFileSync(join(CORPUS, file), 'utf8'), file));
    const td = raw === undefined ? undefined : tryParse(() => parseTaskDefinitionDocument(raw, file).value);
    if (!td) return; // not a task definition, or one the parser rejects with an input error (the realworld test covers those)
    const inputs: EcsInputs = { taskDefinitions: [td], services, scaling: [] };
    const conv = convertEcs(inputs, OPTIONS);
    expect(unaccounted(inputs, conv)).toEqual([]);
  });

  test.each([
    'examples/ecs/backend-taskdef.json',
    'examples/ecs/frontend-taskdef.json',
    ...readdirSync(join(ROOT, 'test/fixtures/ecs/seeds'))
      .filter((f) => /task|td/.test(f))
      .map((f) => `test/fixtures/ecs/seeds/${f}`),
  ])('repository fixture: %s', (file) => {
    const td = tryParse(
      () => parseTaskDefinitionDocument(parseJsonText(readFileSync(join(ROOT, file), 'utf8'), file), file).value,
    );
    if (!td) return;
    const svcs = parseServicesDocument(
      JSON.parse(readFileSync(join(ROOT, 'examples/ecs/services.json'), 'utf8')),
      'examples/ecs/services.json',
    ).value;
    const inputs: EcsInputs = { taskDefinitions: [td], services: svcs, scaling: [] };
    expect(unaccounted(inputs, convertEcs(inputs, OPTIONS))).toEqual([]);
  });

  test('generated task definitions: every field a generator can produce', () => {
    fc.assert(
      fc.property(taskDefinitionArb, fc.boolean(), (doc, drop) => {
        const td = tryParse(() => parseTaskDefinitionDocument(doc, 'gen/td.json').value);
        if (!td) return;
        const inputs: EcsInputs = { taskDefinitions: [td], services: [], scaling: [] };
        const missing = unaccounted(inputs, convertEcs(inputs, { ...OPTIONS, dropUnsupported: drop }));
        if (missing.length > 0) throw new Error(`unaccounted: ${missing.join(', ')}`);
      }),
      { seed: 1313, numRuns: 300 },
    );
  });

  test('mutations of a real task definition (the fuzz suite generator)', () => {
    const base: unknown = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/ecs/seeds/fastapi-task.json'), 'utf8'));
    let converted = 0;
    fc.assert(
      fc.property(mutated(base), (doc) => {
        const td: LoadedTaskDefinition | undefined = tryParse(
          () => parseTaskDefinitionDocument(doc, 'fuzz/td.json').value,
        );
        if (!td) return;
        converted++;
        const inputs: EcsInputs = { taskDefinitions: [td], services: [], scaling: [] };
        const missing = unaccounted(inputs, convertEcs(inputs, OPTIONS));
        if (missing.length > 0)
          throw new Error(`unaccounted: ${missing.join(', ')} in ${JSON.stringify(doc).slice(0, 400)}`);
      }),
      { seed: 1314, numRuns: 400 },
    );
    expect(converted).toBeGreaterThan(100);
  });
});

// ---- a structured generator of task definitions: every container field ECS has, in realistic shapes

const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);
const port = fc.integer({ min: 1, max: 65535 });
const envName = fc.constantFrom(
  'PORT',
  'NODE_ENV',
  'DB_PASSWORD',
  'API_KEY',
  'LOG_LEVEL',
  'DATABASE_URL',
  'GITHUB_TOKEN',
  'SECRET_NAME',
  'weird.name',
);
const envValue = fc.constantFrom(
  '8080',
  'production',
  'hunter2!',
  'postgres://u:p4ss@db:5432/x',
  'AKIAIOSFODNN7EXAMPLE',
  '',
  'true',
);
const healthCommand = fc.constantFrom(
  ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
  ['CMD', '/bin/check'],
  ['NONE'],
  ['/healthcheck'],
  ['CMD'],
);
const logConfiguration = fc.oneof(
  fc.constant({
    logDriver: 'awslogs',
    options: { 'awslogs-group': '/ecs/x', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'x' },
  }),
  fc.constant({
    logDriver: 'awsfirelens',
    options: { Name: 'datadog', apikey: 'abc123secretvalue', Host: 'http-intake.logs.datadoghq.com' },
  }),
  fc.constant({
    logDriver: 'awsfirelens',
    options: { Name: 'cloudwatch', region: 'us-east-1', log_group_name: 'g' },
    secretOptions: [{ name: 'x', valueFrom: 'arn:aws:ssm:us-east-1:111122223333:parameter/x' }],
  }),
  fc.constant({
    logDriver: 'splunk',
    options: { 'splunk-url': 'https://s:8088' },
    secretOptions: [
      { name: 'splunk-token', valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:tok-AbCdEf' },
    ],
  }),
);

const containerArb = fc.record(
  {
    name,
    image: fc.constantFrom(
      'nginx:1.27',
      'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      'envoyproxy/envoy:v1.30',
      '<IMAGE>',
      '${IMAGE}',
    ),
    cpu: fc.integer({ min: 0, max: 4096 }),
    memory: fc.integer({ min: 64, max: 8192 }),
    memoryReservation: fc.integer({ min: 32, max: 4096 }),
    essential: fc.boolean(),
    entryPoint: fc.array(fc.constantFrom('sh', '-c'), { maxLength: 2 }),
    command: fc.array(fc.constantFrom('run', '--port', '8080'), { maxLength: 3 }),
    workingDirectory: fc.constantFrom('/app', '/srv'),
    user: fc.constantFrom('1000', '1000:1000', 'nginx'),
    privileged: fc.boolean(),
    readonlyRootFilesystem: fc.boolean(),
    interactive: fc.boolean(),
    pseudoTerminal: fc.boolean(),
    disableNetworking: fc.boolean(),
    hostname: fc.constant('box'),
    links: fc.array(name, { maxLength: 2 }),
    dnsServers: fc.array(fc.constant('10.0.0.2'), { maxLength: 1 }),
    dnsSearchDomains: fc.array(fc.constant('corp.local'), { maxLength: 1 }),
    dockerSecurityOptions: fc.array(fc.constant('no-new-privileges'), { maxLength: 1 }),
    dockerLabels: fc.dictionary(fc.constantFrom('team', 'com.datadoghq.ad.check_names'), fc.string({ maxLength: 5 }), {
      maxKeys: 2,
    }),
    portMappings: fc.array(
      fc.record(
        {
          containerPort: port,
          hostPort: fc.oneof(port, fc.constant(0)),
          protocol: fc.constantFrom('tcp', 'udp'),
          name: fc.constantFrom('http', 'my-very-long-port-name-http', 'admin', 'grpc'),
          appProtocol: fc.constantFrom('http', 'http2', 'grpc'),
        },
        { requiredKeys: ['containerPort'] },
      ),
      { maxLength: 3 },
    ),
    environment: fc.array(fc.record({ name: envName, value: envValue }), { maxLength: 4 }),
    environmentFiles: fc.array(fc.constant({ value: 'arn:aws:s3:::bucket/app.env', type: 's3' }), { maxLength: 1 }),
    secrets: fc.array(
      fc.record({
        name: envName,
        valueFrom: fc.constantFrom(
          'arn:aws:ssm:us-east-1:111122223333:parameter/db/pw',
          'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password::',
          'db-url',
        ),
      }),
      { maxLength: 2 },
    ),
    healthCheck: fc.record(
      {
        command: healthCommand,
        interval: fc.integer({ min: 5, max: 60 }),
        timeout: fc.integer({ min: 2, max: 10 }),
        retries: fc.integer({ min: 1, max: 5 }),
        startPeriod: fc.integer({ min: 0, max: 120 }),
      },
      { requiredKeys: ['command'] },
    ),
    logConfiguration,
    firelensConfiguration: fc.constant({ type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } }),
    ulimits: fc.array(
      fc.record({
        name: fc.constantFrom('nofile', 'nproc', 'core'),
        softLimit: fc.integer({ min: 0, max: 65536 }),
        hardLimit: fc.integer({ min: 0, max: 65536 }),
      }),
      { maxLength: 2 },
    ),
    systemControls: fc.array(fc.constant({ namespace: 'net.core.somaxconn', value: '1024' }), { maxLength: 1 }),
    linuxParameters: fc.record(
      {
        capabilities: fc.record(
          {
            add: fc.array(fc.constantFrom('NET_BIND_SERVICE', 'SYS_PTRACE', 'CHOWN'), { maxLength: 2 }),
            drop: fc.array(fc.constantFrom('ALL', 'NET_RAW'), { maxLength: 1 }),
          },
          { requiredKeys: [] },
        ),
        initProcessEnabled: fc.boolean(),
        sharedMemorySize: fc.integer({ min: 1, max: 512 }),
        tmpfs: fc.array(
          fc.record({
            containerPath: fc.constant('/tmp'),
            size: fc.integer({ min: 1, max: 128 }),
            mountOptions: fc.constant(['rw']),
          }),
          { maxLength: 1 },
        ),
        devices: fc.array(fc.constant({ hostPath: '/dev/fuse' }), { maxLength: 1 }),
        maxSwap: fc.integer({ min: 0, max: 1024 }),
        swappiness: fc.integer({ min: 0, max: 100 }),
      },
      { requiredKeys: [] },
    ),
    mountPoints: fc.array(
      fc.record({
        sourceVolume: fc.constantFrom('data', 'sock', 'cgroup', 'efs', 'missing'),
        containerPath: fc.constantFrom('/data', '/var/run/docker.sock', '/sys/fs/cgroup', '/mnt/efs'),
        readOnly: fc.boolean(),
      }),
      { maxLength: 2 },
    ),
    volumesFrom: fc.array(fc.record({ sourceContainer: name }), { maxLength: 1 }),
    extraHosts: fc.array(fc.constant({ hostname: 'db', ipAddress: '10.0.0.5' }), { maxLength: 1 }),
    resourceRequirements: fc.array(
      fc.constantFrom({ type: 'GPU', value: '1' }, { type: 'InferenceAccelerator', value: 'device_1' }),
      { maxLength: 1 },
    ),
    repositoryCredentials: fc.constant({
      credentialsParameter: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:reg-AbCdEf',
    }),
    startTimeout: fc.integer({ min: 1, max: 120 }),
    stopTimeout: fc.integer({ min: 1, max: 120 }),
    restartPolicy: fc.constant({ enabled: true, restartAttemptPeriod: 60 }),
  },
  { requiredKeys: ['name', 'image'] },
);

const taskDefinitionArb = fc
  .record(
    {
      family: name,
      cpu: fc.constantFrom('256', '512', '1024', '4096', '1 vCPU'),
      memory: fc.constantFrom('512', '1024', '2048', '8192', '2 GB'),
      networkMode: fc.constantFrom('awsvpc', 'bridge', 'host'),
      requiresCompatibilities: fc.constantFrom(['FARGATE'], ['EC2']),
      pidMode: fc.constantFrom('task', 'host'),
      ipcMode: fc.constantFrom('task', 'host', 'none'),
      taskRoleArn: fc.constantFrom('arn:aws:iam::123456789012:role/app', 'arn:aws:iam::111122223333:role/app'),
      executionRoleArn: fc.constant('arn:aws:iam::111122223333:role/exec'),
      runtimePlatform: fc.record({
        operatingSystemFamily: fc.constantFrom('LINUX', 'WINDOWS_SERVER_2022_CORE'),
        cpuArchitecture: fc.constantFrom('X86_64', 'ARM64'),
      }),
      ephemeralStorage: fc.record({ sizeInGiB: fc.integer({ min: 21, max: 200 }) }),
      placementConstraints: fc.array(
        fc.constant({ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }),
        { maxLength: 1 },
      ),
      proxyConfiguration: fc.constant({
        type: 'APPMESH',
        containerName: 'envoy',
        properties: [{ name: 'AppPorts', value: '8080' }],
      }),
      inferenceAccelerators: fc.array(fc.constant({ deviceName: 'device_1', deviceType: 'eia2.medium' }), {
        maxLength: 1,
      }),
      volumes: fc.array(
        fc.oneof(
          fc.constant({ name: 'data' }),
          fc.constant({ name: 'sock', host: { sourcePath: '/var/run/docker.sock' } }),
          fc.constant({ name: 'cgroup', host: { sourcePath: '/sys/fs/cgroup' } }),
          fc.constant({
            name: 'efs',
            efsVolumeConfiguration: {
              fileSystemId: 'fs-12345678',
              rootDirectory: '/app',
              transitEncryption: 'ENABLED',
              transitEncryptionPort: 2049,
              authorizationConfig: { accessPointId: 'fsap-1', iam: 'ENABLED' },
            },
          }),
          fc.constant({
            name: 'dv',
            dockerVolumeConfiguration: { scope: 'shared', driver: 'local', autoprovision: true },
          }),
        ),
        { maxLength: 3 },
      ),
      containerDefinitions: fc.array(containerArb, { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: ['family', 'containerDefinitions'] },
  )
  .map((td) => {
    // Unique container names and volume names, and dependsOn between existing containers.
    const defs: Record<string, unknown>[] = (td.containerDefinitions as Record<string, unknown>[]).map((c, i) => ({
      ...c,
      name: `${String(c['name'])}${i}`,
    }));
    if (defs.length > 1)
      defs[0]!['dependsOn'] = [
        { containerName: defs[1]!['name'], condition: ['START', 'HEALTHY', 'SUCCESS', 'COMPLETE'][defs.length % 4] },
      ];
    const seen = new Set<string>();
    const volumes = ((td.volumes ?? []) as { name: string }[]).filter((v) => !seen.has(v.name) && seen.add(v.name));
    return { ...td, volumes, containerDefinitions: defs };
  });
