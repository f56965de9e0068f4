import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputErrors, UserInputError } from '../../src/errors.js';
import {
  ECS_MAX_CONTAINERS,
  parseJsonText,
  parseScalingDocument,
  parseServicesDocument,
  parseTaskCpu,
  parseTaskDefinitionDocument,
  parseTaskMemory,
  taskDefinitionFamily,
} from '../../src/ecs/parse.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ecs');

function fixture(rel: string): { file: string; raw: unknown } {
  const file = join(FIXTURES, rel);
  return { file, raw: parseJsonText(readFileSync(file, 'utf8'), file) };
}

/** The messages of every error a parse throws (it must throw UserInputErrors). */
function errorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserInputErrors) return err.errors.map((e) => e.message);
    if (err instanceof UserInputError) return [err.message];
    throw err;
  }
  throw new Error('expected the parse to fail');
}

const container = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'app',
  image: 'nginx:1.27',
  ...extra,
});
const taskDef = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  family: 'web',
  containerDefinitions: [container()],
  ...extra,
});

describe('task definition shapes', () => {
  test('register-task-definition input (bare object): sizes from strings, tags kept', () => {
    const { file, raw } = fixture('shapes/register.json');
    const { value, findings } = parseTaskDefinitionDocument(raw, file);
    expect(value.source).toBe(file);
    expect(value.taskDefinition.family).toBe('orders');
    expect(value.taskDefinition.cpu).toBe(256); // "0.25 vcpu"
    expect(value.taskDefinition.memory).toBe(512); // "512"
    expect(value.taskDefinition.containerDefinitions.map((c) => [c.name, c.image])).toEqual([
      ['api', 'public.ecr.aws/nginx/nginx:1.27'],
    ]);
    expect(value.tags).toEqual([{ key: 'team', value: 'orders' }]);
    expect(findings).toEqual([]);
  });

  test('describe-task-definition output: the inner taskDefinition is used, read-only fields dropped, tags from the top level', () => {
    const { file, raw } = fixture('shapes/describe.json');
    const { value, findings } = parseTaskDefinitionDocument(raw, file);
    const td = value.taskDefinition as Record<string, unknown>;
    expect(td['family']).toBe('orders');
    expect(td['cpu']).toBe(1024); // "1 vCPU"
    expect(td['memory']).toBe(2048); // "2 GB"
    for (const f of [
      'taskDefinitionArn',
      'revision',
      'status',
      'requiresAttributes',
      'compatibilities',
      'registeredAt',
      'registeredBy',
    ]) {
      expect(td).not.toHaveProperty(f);
    }
    expect(value.tags).toEqual([
      { key: 'team', value: 'orders' },
      { key: 'env', value: 'prod' },
    ]);
    // Read-only fields are known, not "unknown field ignored" noise.
    expect(findings).toEqual([]);
  });

  test('console export: read-only fields and explicit nulls disappear, everywhere in the tree', () => {
    const { file, raw } = fixture('shapes/console-export.json');
    const { value, findings } = parseTaskDefinitionDocument(raw, file);
    const td = value.taskDefinition as Record<string, unknown>;
    expect(td).not.toHaveProperty('taskDefinitionArn');
    expect(td).not.toHaveProperty('revision');
    expect(td).not.toHaveProperty('registeredBy');
    for (const f of ['taskRoleArn', 'ephemeralStorage', 'proxyConfiguration', 'inferenceAccelerators']) {
      expect(td).not.toHaveProperty(f);
    }
    const c = value.taskDefinition.containerDefinitions[0] as unknown as Record<string, unknown>;
    for (const f of [
      'memory',
      'memoryReservation',
      'entryPoint',
      'command',
      'secrets',
      'healthCheck',
      'user',
      'workingDirectory',
      'linuxParameters',
      'logConfiguration',
    ]) {
      expect(c).not.toHaveProperty(f);
    }
    expect(JSON.stringify(value)).not.toContain('null');
    expect(value.taskDefinition.cpu).toBe(256);
    expect(value.taskDefinition.memory).toBe(512);
    expect(value.taskDefinition.executionRoleArn).toBe('arn:aws:iam::111122223333:role/ecsTaskExecutionRole');
    expect(findings).toEqual([]);
  });

  test('all three shapes of the same task give the same containers', () => {
    const shapes = ['shapes/register.json', 'shapes/describe.json', 'shapes/console-export.json'].map((rel) => {
      const { file, raw } = fixture(rel);
      return parseTaskDefinitionDocument(raw, file).value.taskDefinition.containerDefinitions.map(
        (c) => `${c.name}=${c.image}`,
      );
    });
    expect(new Set(shapes.map((s) => s.join()))).toEqual(new Set(['api=public.ecr.aws/nginx/nginx:1.27']));
  });

  test('an unknown task-level field is a warning naming the field, not an error', () => {
    const { findings } = parseTaskDefinitionDocument(taskDef({ placementStrategy: [] }), 'td.json');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'unknown-field',
        field: 'placementStrategy',
        file: 'td.json',
        workload: 'web',
      }),
    ]);
  });

  test('a byte-order mark before the JSON is accepted', () => {
    expect(parseJsonText('\ufeff{"a": 1}', 'bom.json')).toEqual({ a: 1 });
  });
});

describe('task cpu and memory', () => {
  test.each([
    [256, 256],
    ['1024', 1024],
    ['1 vCPU', 1024],
    ['0.25 vcpu', 256],
    ['2 vCPUs', 2048],
    ['0.5vCPU', 512],
  ])('cpu %p is %p CPU units', (input, units) => {
    expect(parseTaskCpu(input)).toBe(units);
  });

  test.each([
    [512, 512],
    ['1024', 1024],
    ['2 GB', 2048],
    ['0.5 GB', 512],
    ['512 MB', 512],
    ['3 GiB', 3072],
  ])('memory %p is %p MiB', (input, mib) => {
    expect(parseTaskMemory(input)).toBe(mib);
  });

  test('number and string forms give the same task definition', () => {
    const a = parseTaskDefinitionDocument(taskDef({ cpu: 512, memory: 1024 }), 'a.json').value.taskDefinition;
    const b = parseTaskDefinitionDocument(taskDef({ cpu: '0.5 vCPU', memory: '1 GB' }), 'b.json').value.taskDefinition;
    expect([b.cpu, b.memory]).toEqual([a.cpu, a.memory]);
    expect([a.cpu, a.memory]).toEqual([512, 1024]);
  });
});

describe('task definition errors name the file, the field and the value', () => {
  test('malformed JSON: file, line and column', () => {
    const file = join(FIXTURES, 'invalid/malformed.json');
    const [message] = errorsOf(() => parseJsonText(readFileSync(file, 'utf8'), file));
    expect(message).toContain(file);
    expect(message).toBe(`${file}: malformed JSON at line 5, column 3: Unexpected token ']'`);
  });

  test.each([
    ['{"family": }', 1, 12],
    ['{\n  "family": "web",\n  "cpu" 256\n}', 3, 9],
    ['{"family": "web"} x', 1, 19],
    ['{"family": "we\nb"}', 1, 15],
    ['[1, 2', 1, 6],
    ['', 1, 1],
  ])('malformed JSON %p is reported at line %p, column %p', (text, line, column) => {
    const [message] = errorsOf(() => parseJsonText(text, 'x.json'));
    expect(message).toMatch(new RegExp(`^x\\.json: malformed JSON at line ${line}, column ${column}: \\S`));
    // One line, without V8's copy of the input.
    expect(message).not.toContain('\n');
    expect(message).not.toContain('is not valid JSON');
  });

  test('missing containerDefinitions', () => {
    expect(errorsOf(() => parseTaskDefinitionDocument({ family: 'web' }, 'td.json'))).toEqual([
      'td.json: containerDefinitions: required field is missing',
    ]);
  });

  test('containerDefinitions is not a list', () => {
    expect(
      errorsOf(() => parseTaskDefinitionDocument({ family: 'web', containerDefinitions: { name: 'a' } }, 'td.json')),
    ).toEqual(['td.json: containerDefinitions: expected an array, got {"name":"a"}']);
  });

  test('empty containerDefinitions', () => {
    expect(errorsOf(() => parseTaskDefinitionDocument(taskDef({ containerDefinitions: [] }), 'td.json'))).toEqual([
      'td.json: containerDefinitions: must list at least one container',
    ]);
  });

  test('container without image (from a file)', () => {
    const { file, raw } = fixture('invalid/no-image.json');
    expect(errorsOf(() => parseTaskDefinitionDocument(raw, file))).toEqual([
      `${file}: containerDefinitions[0].image: container api: required field is missing`,
    ]);
  });

  test('container with an empty or whitespace image', () => {
    expect(
      errorsOf(() =>
        parseTaskDefinitionDocument(taskDef({ containerDefinitions: [container({ image: '' })] }), 'td.json'),
      ),
    ).toEqual(['td.json: containerDefinitions[0].image: container app: expected an image reference, got ""']);
    expect(
      errorsOf(() =>
        parseTaskDefinitionDocument(
          taskDef({ containerDefinitions: [container({ image: 'nginx latest' })] }),
          'td.json',
        ),
      ),
    ).toEqual([
      'td.json: containerDefinitions[0].image: container app: "nginx latest" is not a valid image reference (contains whitespace)',
    ]);
  });

  test.each([
    ['cpu', 'abc', 'td.json: cpu: expected CPU units (e.g. 1024) or vCPUs (e.g. "1 vCPU"), got "abc"'],
    ['cpu', '1.5 cores', 'td.json: cpu: expected CPU units (e.g. 1024) or vCPUs (e.g. "1 vCPU"), got "1.5 cores"'],
    ['memory', 'abc', 'td.json: memory: expected MiB (e.g. 2048) or a size such as "2 GB", got "abc"'],
    ['memory', '2 TB', 'td.json: memory: expected MiB (e.g. 2048) or a size such as "2 GB", got "2 TB"'],
    ['cpu', -1, 'td.json: cpu: expected CPU units (e.g. 1024) or vCPUs (e.g. "1 vCPU"), got -1'],
  ])('task %s %p is rejected', (field, value, message) => {
    expect(errorsOf(() => parseTaskDefinitionDocument(taskDef({ [field]: value }), 'td.json'))).toEqual([message]);
  });

  test.each([
    ['cpu', 'abc'],
    ['memory', '1.5 cores'],
    ['memoryReservation', 12.5],
    ['stopTimeout', '30s'],
  ])('container %s %p is rejected', (field, value) => {
    expect(
      errorsOf(() =>
        parseTaskDefinitionDocument(taskDef({ containerDefinitions: [container({ [field]: value })] }), 'td.json'),
      ),
    ).toEqual([
      `td.json: containerDefinitions[0].${field}: container app: expected a non-negative integer, got ${JSON.stringify(value)}`,
    ]);
  });

  test('a numeric string container size is accepted as a number', () => {
    const c = parseTaskDefinitionDocument(
      taskDef({ containerDefinitions: [container({ cpu: '256', memory: '512' })] }),
      'td.json',
    ).value.taskDefinition.containerDefinitions[0]!;
    expect([c.cpu, c.memory]).toEqual([256, 512]);
  });

  test('duplicate container names', () => {
    const defs = [container({ name: 'web' }), container({ name: 'log' }), container({ name: 'web' })];
    expect(errorsOf(() => parseTaskDefinitionDocument(taskDef({ containerDefinitions: defs }), 'td.json'))).toEqual([
      'td.json: containerDefinitions[2].name: duplicate container name "web" (also containerDefinitions[0])',
    ]);
  });

  test(`more than ${ECS_MAX_CONTAINERS} containers (ECS maximum)`, () => {
    const defs = Array.from({ length: 11 }, (_, i) => container({ name: `c${i}` }));
    expect(errorsOf(() => parseTaskDefinitionDocument(taskDef({ containerDefinitions: defs }), 'td.json'))).toEqual([
      'td.json: containerDefinitions: 11 containers; ECS allows at most 10 per task definition',
    ]);
    const ten = defs.slice(0, 10);
    expect(
      parseTaskDefinitionDocument(taskDef({ containerDefinitions: ten }), 'td.json').value.taskDefinition
        .containerDefinitions,
    ).toHaveLength(10);
  });

  test('dependsOn naming a container that does not exist, itself, or an unknown condition', () => {
    const defs = [
      container({ name: 'app', dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] }),
      container({
        name: 'proxy',
        dependsOn: [
          { containerName: 'proxy', condition: 'START' },
          { containerName: 'app', condition: 'READY' },
        ],
      }),
    ];
    expect(errorsOf(() => parseTaskDefinitionDocument(taskDef({ containerDefinitions: defs }), 'td.json'))).toEqual([
      'td.json: containerDefinitions[0].dependsOn[0].containerName: "migrate" is not a container of this task definition',
      'td.json: containerDefinitions[1].dependsOn[0].containerName: container "proxy" cannot depend on itself',
      'td.json: containerDefinitions[1].dependsOn[1].condition: expected START, COMPLETE, SUCCESS or HEALTHY, got "READY"',
    ]);
  });

  test.each([
    ['CMD-SHELL true', '"CMD-SHELL true"'],
    [[], '[]'],
    [['CMD', 1], '["CMD",1]'],
  ])('healthCheck command %p is rejected', (command, shown) => {
    expect(
      errorsOf(() =>
        parseTaskDefinitionDocument(
          taskDef({ containerDefinitions: [container({ healthCheck: { command } })] }),
          'td.json',
        ),
      ),
    ).toEqual([
      `td.json: containerDefinitions[0].healthCheck.command: container app: expected a list of strings such as ["CMD", ...] or ["CMD-SHELL", "..."], got ${shown}`,
    ]);
  });

  // Issue 13 point 8: forms the planner cannot translate are a warning on that container, not an input error.
  test.each([[['curl -f http://localhost/']], [['/healthcheck']], [['CMD']]])(
    'healthCheck command %p parses (the converter warns)',
    (command) => {
      expect(
        parseTaskDefinitionDocument(
          taskDef({ containerDefinitions: [container({ healthCheck: { command } })] }),
          'td.json',
        ).value.taskDefinition.containerDefinitions[0]!.healthCheck!.command,
      ).toEqual(command);
    },
  );

  test('invalid family and container names', () => {
    expect(errorsOf(() => parseTaskDefinitionDocument(taskDef({ family: 'My_Service.v2' }), 'td.json'))).toEqual([
      'td.json: family: "My_Service.v2" is not a valid family (up to 255 letters, digits, hyphens, underscores)',
    ]);
    expect(errorsOf(() => parseTaskDefinitionDocument(taskDef({ family: undefined }), 'td.json'))).toEqual([
      'td.json: family: required field is missing',
    ]);
  });

  test('the document is not an object', () => {
    expect(errorsOf(() => parseTaskDefinitionDocument([1, 2], 'td.json'))).toEqual([
      'td.json: expected a JSON object (a task definition), got [1,2]',
    ]);
    expect(errorsOf(() => parseTaskDefinitionDocument({ taskDefinition: 'web:1' }, 'td.json'))).toEqual([
      'td.json: taskDefinition: expected an object, got "web:1"',
    ]);
  });

  test('several errors in one file are all reported, in document order', () => {
    const doc = {
      family: 'web',
      cpu: 'lots',
      memory: '2 GB',
      containerDefinitions: [
        { name: 'app', portMappings: [{ containerPort: 70000 }], environment: [{ name: 'PORT', value: 8080 }] },
        { name: 'app', image: 'nginx', essential: 'yes' },
        { image: 'busybox', healthCheck: { command: ['CMD-SHELL', 'true'], interval: -5 } },
      ],
      ephemeralStorage: { sizeInGiB: '30' },
    };
    const messages = errorsOf(() => parseTaskDefinitionDocument(doc, 'td.json'));
    expect(messages).toEqual([
      'td.json: cpu: expected CPU units (e.g. 1024) or vCPUs (e.g. "1 vCPU"), got "lots"',
      'td.json: containerDefinitions[0].image: container app: required field is missing',
      'td.json: containerDefinitions[0].environment[0].value: container app: expected a string, got 8080 (ECS environment values are strings)',
      'td.json: containerDefinitions[0].portMappings[0].containerPort: container app: expected a port number 1-65535, got 70000',
      'td.json: containerDefinitions[1].essential: container app: expected true or false, got "yes"',
      'td.json: containerDefinitions[2].name: required field is missing',
      'td.json: containerDefinitions[2].healthCheck.interval: expected a non-negative integer, got -5',
      'td.json: ephemeralStorage.sizeInGiB: expected a whole number of GiB, got "30"',
    ]);
  });
});

describe('services', () => {
  test('describe-services output: every service, nulls removed', () => {
    const file = join(import.meta.dirname, '..', '..', 'examples', 'ecs', 'services.json');
    const { value } = parseServicesDocument(parseJsonText(readFileSync(file, 'utf8'), file), file);
    expect(
      value.map((s) => [s.service.serviceName, s.service.desiredCount, taskDefinitionFamily(s.service.taskDefinition)]),
    ).toEqual([
      ['frontend', 2, 'frontend'],
      ['backend', 2, 'backend'],
    ]);
    expect(value.every((s) => s.source === file)).toBe(true);
  });

  test('a single service object ({"service": ...}), nulls removed', () => {
    const { file, raw } = fixture('services/single-service.json');
    const { value } = parseServicesDocument(raw, file);
    expect(value).toHaveLength(1);
    expect(value[0]!.service.serviceName).toBe('orders');
    expect(value[0]!.service).not.toHaveProperty('platformVersion');
    expect(value[0]!.service).not.toHaveProperty('serviceRegistries');
  });

  test('create-service input (bare object with serviceName)', () => {
    const { file, raw } = fixture('services/create-service-input.json');
    const { value } = parseServicesDocument(raw, file);
    expect(value[0]!.service).toMatchObject({
      serviceName: 'orders',
      taskDefinition: 'orders:42',
      desiredCount: 3,
      deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 150 },
    });
  });

  test('every invalid field of every service is reported', () => {
    const { file, raw } = fixture('services/invalid-services.json');
    expect(errorsOf(() => parseServicesDocument(raw, file))).toEqual([
      `${file}: services[0].desiredCount: expected a non-negative integer, got -1`,
      `${file}: services[1].serviceName: "bad name!" is not a valid service name`,
      `${file}: services[1].taskDefinition: required field is missing`,
      `${file}: services[1].deploymentConfiguration.minimumHealthyPercent: expected a non-negative integer percentage, got "half"`,
    ]);
  });

  test('a document that is no service at all', () => {
    expect(errorsOf(() => parseServicesDocument({ cluster: 'shop' }, 's.json'))).toEqual([
      's.json: expected "services" (describe-services output) or a service object with "serviceName"',
    ]);
  });

  test.each([
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/web:14', 'web'],
    ['web:3', 'web'],
    ['web', 'web'],
    ['my-app_v2', 'my-app_v2'],
  ])('service taskDefinition %p names family %p', (ref, family) => {
    expect(taskDefinitionFamily(ref)).toBe(family);
  });
});

describe('scaling', () => {
  test('targets and policies from one file', () => {
    const file = join(import.meta.dirname, '..', '..', 'examples', 'ecs', 'scaling.json');
    const { value } = parseScalingDocument(parseJsonText(readFileSync(file, 'utf8'), file), file);
    expect(value.targets.map((t) => [t.ResourceId, t.MinCapacity, t.MaxCapacity])).toEqual([
      ['service/shop/backend', 2, 6],
    ]);
    expect(value.policies.map((p) => [p.PolicyName, p.TargetTrackingScalingPolicyConfiguration?.TargetValue])).toEqual([
      ['backend-cpu-60', 60],
    ]);
  });

  test('describe-scaling-policies output alone', () => {
    const { value } = parseScalingDocument(
      { ScalingPolicies: [{ PolicyName: 'p', ResourceId: 'service/c/s', PolicyType: 'StepScaling', NextToken: null }] },
      'p.json',
    );
    expect(value.targets).toEqual([]);
    expect(value.policies).toHaveLength(1);
  });

  test('MinCapacity above MaxCapacity and a non-numeric TargetValue are both reported', () => {
    const { file, raw } = fixture('scaling/invalid-scaling.json');
    expect(errorsOf(() => parseScalingDocument(raw, file))).toEqual([
      `${file}: ScalableTargets[0].MinCapacity: MinCapacity 5 is above MaxCapacity 2`,
      `${file}: ScalingPolicies[0].TargetTrackingScalingPolicyConfiguration.TargetValue: expected a number, got "seventy"`,
    ]);
  });

  test('missing ResourceId and a file that is not scaling output', () => {
    expect(
      errorsOf(() => parseScalingDocument({ ScalableTargets: [{ MinCapacity: 1, MaxCapacity: 2 }] }, 's.json')),
    ).toEqual(['s.json: ScalableTargets[0].ResourceId: expected "service/CLUSTER/SERVICE", got undefined']);
    expect(errorsOf(() => parseScalingDocument({ services: [] }, 's.json'))).toEqual([
      's.json: expected "ScalableTargets" or "ScalingPolicies" (Application Auto Scaling output)',
    ]);
  });
});

describe('container lists of objects', () => {
  test('extraHosts are ECS host entries (objects), not strings', () => {
    const hosts = [{ hostname: 'legacy.internal', ipAddress: '10.0.0.5' }];
    const c = parseTaskDefinitionDocument(
      taskDef({ containerDefinitions: [container({ extraHosts: hosts })] }),
      'td.json',
    ).value.taskDefinition.containerDefinitions[0]!;
    expect(c.extraHosts).toEqual(hosts);
    expect(
      errorsOf(() =>
        parseTaskDefinitionDocument(
          taskDef({
            containerDefinitions: [container({ extraHosts: ['legacy.internal:10.0.0.5', { hostname: 'x' }] })],
          }),
          'td.json',
        ),
      ),
    ).toEqual([
      'td.json: containerDefinitions[0].extraHosts[0]: container app: expected an object, got "legacy.internal:10.0.0.5"',
      'td.json: containerDefinitions[0].extraHosts[1].ipAddress: container app: expected a non-empty string, got undefined',
    ]);
  });
});
