import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import type { Finding } from '../findings.js';
import type { EcsContainer, EcsTaskDefinition, LoadedScaling, LoadedService, LoadedTaskDefinition } from './model.js';

/** ECS allows at most this many containers in one task definition. */
export const ECS_MAX_CONTAINERS = 10;

/** Fields ECS adds to a registered task definition; present in console exports and describe output. */
const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
] as const;

/** Task-definition fields the converter understands or reports on; anything else is reported as ignored. */
const KNOWN_TASK_FIELDS = new Set<string>([
  ...READ_ONLY_FIELDS,
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
]);

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/** Result of reading one input file: what was understood, plus non-fatal findings. */
export interface Parsed<T> {
  value: T;
  findings: Finding[];
}

/**
 * Parse JSON text from a file. A byte-order mark is accepted; the error names the file and the
 * line/column of a syntax error.
 */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // V8 gives a position for some errors only ("Unexpected token ']', "..." is not valid JSON" has none).
    const pos = /position (\d+)/.exec(message);
    const offset = pos ? Number(pos[1]) : jsonErrorOffset(body);
    let where = '';
    if (offset >= 0) {
      const before = body.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    // Drop V8's quoted copy of the input (it can span lines) and its own position suffix.
    const reason = message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
    throw new UserInputError(`malformed JSON${where}: ${reason}`, file);
  }
}

/** Offset of the first JSON syntax error in `s` (only called after JSON.parse failed), or -1. */
function jsonErrorOffset(s: string): number {
  let i = 0;
  const fail: () => never = () => {
    throw new JsonSyntaxAt(i);
  };
  const ws = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  const string = (): void => {
    i++;
    while (i < s.length) {
      const c = s.charAt(i);
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (!/["\\/bfnrtu]/.test(s[i] ?? '')) fail();
        i += s[i] === 'u' ? 5 : 1;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail();
      i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          if (s[i] !== '"') fail();
          string();
          ws();
          if (s[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === close) {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    literal.lastIndex = i;
    const m = literal.exec(s);
    if (!m) fail();
    i += m[0].length;
  };
  try {
    value();
    ws();
    return i < s.length ? i : -1;
  } catch (e) {
    if (e instanceof JsonSyntaxAt) return e.offset;
    return -1; // e.g. nesting too deep for the stack: report without a position
  }
}

/** Where {@link jsonErrorOffset} found the syntax error. */
class JsonSyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at offset ${offset}`);
  }
}

/** Recursively drop `null` values: console exports write `null` for "absent". */
export function stripNulls<T>(value: T): T {
  if (Array.isArray(value)) {
    const list: unknown[] = value;
    return list.filter((v) => v !== null).map((v) => stripNulls(v)) as T;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== null && v !== undefined) out[k] = stripNulls(v);
    }
    return out as T;
  }
  return value;
}

/**
 * A document the parser has checked field by field, from here on read as the SDK type it follows.
 * The one place where parsed JSON becomes typed: every caller validates first.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the one cast from checked JSON to its SDK type
function checked<T>(raw: Record<string, unknown>): T {
  return raw as T;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Task CPU: a number of CPU units, a numeric string (`"1024"`) or vCPUs (`"1 vCPU"`, `"0.25 vcpu"`).
 * Returns CPU units, or throws a message fragment.
 */
export function parseTaskCpu(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const s = value.trim();
    let m = /^(\d+(?:\.\d+)?)$/.exec(s);
    if (m) return Number(m[1]);
    m = /^(\d*\.?\d+)\s*vcpus?$/i.exec(s);
    if (m) return Math.round(Number(m[1]) * 1024);
  }
  throw new Error(`expected CPU units (e.g. 1024) or vCPUs (e.g. "1 vCPU"), got ${showValue(value)}`);
}

/** Task memory: MiB as a number or numeric string, or `"2 GB"` / `"512 MB"` / `"2 GiB"`. Returns MiB. */
export function parseTaskMemory(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const s = value.trim();
    let m = /^(\d+(?:\.\d+)?)$/.exec(s);
    if (m) return Number(m[1]);
    m = /^(\d*\.?\d+)\s*(gb|gib|mb|mib)$/i.exec(s);
    if (m) {
      const [, amount, unit = ''] = m;
      const n = Number(amount);
      return unit.toLowerCase().startsWith('g') ? Math.round(n * 1024) : n;
    }
  }
  throw new Error(`expected MiB (e.g. 2048) or a size such as "2 GB", got ${showValue(value)}`);
}

/**
 * Read a task definition document in any of the three real shapes: the `register-task-definition`
 * input, the `describe-task-definition` output (`{"taskDefinition": {...}, "tags": [...]}`), or the
 * console JSON export. Every problem is collected; an invalid document throws `UserInputErrors`.
 */
export function parseTaskDefinitionDocument(raw: unknown, source: string): Parsed<LoadedTaskDefinition> {
  const errors: UserInputError[] = [];
  const findings: Finding[] = [];
  const fail = (field: string, message: string): void => {
    errors.push(new UserInputError(message, source, field));
  };
  if (!isObject(raw)) {
    throw new UserInputErrors([
      new UserInputError(`expected a JSON object (a task definition), got ${showValue(raw)}`, source),
    ]);
  }
  const doc = stripNulls(raw);
  let td: Record<string, unknown>;
  let tags: LoadedTaskDefinition['tags'];
  if (isObject(doc['taskDefinition'])) {
    td = doc['taskDefinition'];
    if (Array.isArray(doc['tags'])) tags = doc['tags'] as LoadedTaskDefinition['tags'];
  } else if ('taskDefinition' in doc) {
    throw new UserInputErrors([
      new UserInputError(`expected an object, got ${showValue(doc['taskDefinition'])}`, source, 'taskDefinition'),
    ]);
  } else {
    td = doc;
    if (Array.isArray(doc['tags'])) tags = doc['tags'] as LoadedTaskDefinition['tags'];
  }

  const family = td['family'];
  if (typeof family !== 'string' || family === '') {
    fail(
      'family',
      family === undefined ? 'required field is missing' : `expected a non-empty string, got ${showValue(family)}`,
    );
  } else if (!NAME_PATTERN.test(family)) {
    fail('family', `${showValue(family)} is not a valid family (up to 255 letters, digits, hyphens, underscores)`);
  }

  for (const key of Object.keys(td).sort()) {
    if (!KNOWN_TASK_FIELDS.has(key)) {
      findings.push({
        severity: 'warning',
        code: 'unknown-field',
        message: `unknown task definition field ${showValue(key)} ignored`,
        file: source,
        ...(typeof family === 'string' ? { workload: family } : {}),
        field: key,
      });
    }
  }

  let cpu: number | undefined;
  let memory: number | undefined;
  if (td['cpu'] !== undefined) {
    try {
      cpu = parseTaskCpu(td['cpu']);
    } catch (e) {
      fail('cpu', (e as Error).message);
    }
  }
  if (td['memory'] !== undefined) {
    try {
      memory = parseTaskMemory(td['memory']);
    } catch (e) {
      fail('memory', (e as Error).message);
    }
  }

  const containers: EcsContainer[] = [];
  const defs = td['containerDefinitions'];
  if (defs === undefined) {
    fail('containerDefinitions', 'required field is missing');
  } else if (!Array.isArray(defs)) {
    fail('containerDefinitions', `expected an array, got ${showValue(defs)}`);
  } else if (defs.length === 0) {
    fail('containerDefinitions', 'must list at least one container');
  } else {
    if (defs.length > ECS_MAX_CONTAINERS) {
      fail(
        'containerDefinitions',
        `${defs.length} containers; ECS allows at most ${ECS_MAX_CONTAINERS} per task definition`,
      );
    }
    const seen = new Map<string, number>();
    defs.forEach((c, i) => {
      const at = `containerDefinitions[${i}]`;
      const container = validateContainer(c, at, fail);
      if (!container) return;
      const first = seen.get(container.name);
      if (first !== undefined) {
        fail(
          `${at}.name`,
          `duplicate container name ${showValue(container.name)} (also containerDefinitions[${first}])`,
        );
      } else {
        seen.set(container.name, i);
      }
      containers.push(container);
    });
    validateDependsOn(containers, fail);
  }
  validateVolumes(td['volumes'], fail);
  validateEphemeral(td['ephemeralStorage'], fail);

  // A family that is not a string always added an error.
  if (errors.length > 0 || typeof family !== 'string') throw new UserInputErrors(errors);

  const readOnly = new Set<string>(READ_ONLY_FIELDS);
  const taskDefinition: EcsTaskDefinition = {
    ...checked<Omit<EcsTaskDefinition, 'cpu' | 'memory' | 'containerDefinitions'>>(
      Object.fromEntries(Object.entries(td).filter(([key]) => !readOnly.has(key))),
    ),
    family,
    containerDefinitions: containers,
  };
  if (cpu === undefined) delete taskDefinition.cpu;
  else taskDefinition.cpu = cpu;
  if (memory === undefined) delete taskDefinition.memory;
  else taskDefinition.memory = memory;
  return { value: { source, taskDefinition, ...(tags ? { tags } : {}) }, findings };
}

const CONTAINER_NUMBER_FIELDS = ['cpu', 'memory', 'memoryReservation', 'startTimeout', 'stopTimeout'] as const;

function validateContainer(
  raw: unknown,
  at: string,
  fail: (field: string, message: string) => void,
): EcsContainer | undefined {
  if (!isObject(raw)) {
    fail(at, `expected a container definition object, got ${showValue(raw)}`);
    return undefined;
  }
  let problems = 0;
  const name = raw['name'];
  // Errors name the container, not only its index: `containerDefinitions[1].memory: container cache-warmer: …`.
  const who = typeof name === 'string' && NAME_PATTERN.test(name) ? `container ${name}: ` : '';
  const bad = (field: string, message: string): void => {
    problems++;
    fail(`${at}.${field}`, `${who}${message}`);
  };
  if (typeof name !== 'string' || name === '') {
    bad(
      'name',
      name === undefined ? 'required field is missing' : `expected a non-empty string, got ${showValue(name)}`,
    );
  } else if (!NAME_PATTERN.test(name)) {
    bad('name', `${showValue(name)} is not a valid container name (up to 255 letters, digits, hyphens, underscores)`);
  }
  const image = raw['image'];
  if (typeof image !== 'string' || image.trim() === '') {
    bad(
      'image',
      image === undefined ? 'required field is missing' : `expected an image reference, got ${showValue(image)}`,
    );
  } else if (/\s/.test(image)) {
    bad('image', `${showValue(image)} is not a valid image reference (contains whitespace)`);
  }
  for (const f of CONTAINER_NUMBER_FIELDS) {
    const v = raw[f];
    if (v === undefined) continue;
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      bad(f, `expected a non-negative integer, got ${showValue(v)}`);
    } else {
      raw[f] = n;
    }
  }
  for (const f of [
    'essential',
    'privileged',
    'readonlyRootFilesystem',
    'interactive',
    'pseudoTerminal',
    'disableNetworking',
  ] as const) {
    if (raw[f] !== undefined && typeof raw[f] !== 'boolean') bad(f, `expected true or false, got ${showValue(raw[f])}`);
  }
  for (const f of [
    'command',
    'entryPoint',
    'links',
    'dnsServers',
    'dnsSearchDomains',
    'dockerSecurityOptions',
  ] as const) {
    const v = raw[f];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
      bad(f, `expected a list of strings, got ${showValue(v)}`);
    }
  }
  validateList(raw['environment'], 'environment', bad, (e, p) => {
    if (typeof e['name'] !== 'string' || e['name'] === '')
      bad(`${p}.name`, `expected a variable name, got ${showValue(e['name'])}`);
    if (e['value'] !== undefined && typeof e['value'] !== 'string') {
      bad(`${p}.value`, `expected a string, got ${showValue(e['value'])} (ECS environment values are strings)`);
    }
  });
  validateList(raw['secrets'], 'secrets', bad, (e, p) => {
    if (typeof e['name'] !== 'string' || e['name'] === '')
      bad(`${p}.name`, `expected a variable name, got ${showValue(e['name'])}`);
    if (typeof e['valueFrom'] !== 'string' || e['valueFrom'] === '') {
      bad(
        `${p}.valueFrom`,
        `expected a Secrets Manager or SSM parameter ARN or name, got ${showValue(e['valueFrom'])}`,
      );
    }
  });
  // ECS host entries are objects ({"hostname", "ipAddress"}), unlike Docker's "host:ip" strings.
  validateList(raw['extraHosts'], 'extraHosts', bad, (e, p) => {
    for (const f of ['hostname', 'ipAddress'] as const) {
      if (typeof e[f] !== 'string' || e[f] === '')
        bad(`${p}.${f}`, `expected a non-empty string, got ${showValue(e[f])}`);
    }
  });
  validateList(raw['portMappings'], 'portMappings', bad, (e, p) => {
    for (const f of ['containerPort', 'hostPort'] as const) {
      const v = e[f];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) {
        bad(`${p}.${f}`, `expected a port number 1-65535, got ${showValue(v)}`);
      }
    }
    if (e['containerPort'] === undefined && e['containerPortRange'] === undefined) {
      bad(`${p}.containerPort`, 'required field is missing');
    }
    if (e['protocol'] !== undefined && e['protocol'] !== 'tcp' && e['protocol'] !== 'udp') {
      bad(`${p}.protocol`, `expected "tcp" or "udp", got ${showValue(e['protocol'])}`);
    }
  });
  validateList(raw['mountPoints'], 'mountPoints', bad, (e, p) => {
    if (typeof e['sourceVolume'] !== 'string')
      bad(`${p}.sourceVolume`, `expected a volume name, got ${showValue(e['sourceVolume'])}`);
    if (typeof e['containerPath'] !== 'string' || !e['containerPath'].startsWith('/')) {
      bad(`${p}.containerPath`, `expected an absolute path, got ${showValue(e['containerPath'])}`);
    }
  });
  const hc = raw['healthCheck'];
  if (hc !== undefined) {
    if (!isObject(hc)) {
      bad('healthCheck', `expected an object, got ${showValue(hc)}`);
    } else {
      const cmd = hc['command'];
      // Only the shape is an input error; a form the planner cannot translate is a warning on the
      // container (convert/map-health.ts), so it never fails the containers that depend on it.
      if (!Array.isArray(cmd) || cmd.length < 1 || !cmd.every((x) => typeof x === 'string')) {
        bad(
          'healthCheck.command',
          `expected a list of strings such as ["CMD", ...] or ["CMD-SHELL", "..."], got ${showValue(cmd)}`,
        );
      }
      for (const f of ['interval', 'timeout', 'retries', 'startPeriod'] as const) {
        const v = hc[f];
        if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) {
          bad(`healthCheck.${f}`, `expected a non-negative integer, got ${showValue(v)}`);
        }
      }
    }
  }
  return problems === 0 ? checked<EcsContainer>(raw) : undefined;
}

function validateList(
  value: unknown,
  field: string,
  bad: (field: string, message: string) => void,
  each: (entry: Record<string, unknown>, path: string) => void,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    bad(field, `expected a list, got ${showValue(value)}`);
    return;
  }
  value.forEach((e, i) => {
    if (!isObject(e)) bad(`${field}[${i}]`, `expected an object, got ${showValue(e)}`);
    else each(e, `${field}[${i}]`);
  });
}

const DEPENDENCY_CONDITIONS = new Set(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']);

function validateDependsOn(containers: EcsContainer[], fail: (field: string, message: string) => void): void {
  const names = new Set(containers.map((c) => c.name));
  containers.forEach((c, i) => {
    const deps = c.dependsOn as unknown;
    if (deps === undefined) return;
    if (!Array.isArray(deps)) {
      fail(`containerDefinitions[${i}].dependsOn`, `expected a list, got ${showValue(deps)}`);
      return;
    }
    deps.forEach((d: unknown, j) => {
      const p = `containerDefinitions[${i}].dependsOn[${j}]`;
      if (!isObject(d)) {
        fail(p, `expected an object, got ${showValue(d)}`);
        return;
      }
      if (typeof d['containerName'] !== 'string' || !names.has(d['containerName'])) {
        fail(`${p}.containerName`, `${showValue(d['containerName'])} is not a container of this task definition`);
      } else if (d['containerName'] === c.name) {
        fail(`${p}.containerName`, `container ${showValue(c.name)} cannot depend on itself`);
      }
      if (typeof d['condition'] !== 'string' || !DEPENDENCY_CONDITIONS.has(d['condition'])) {
        fail(`${p}.condition`, `expected START, COMPLETE, SUCCESS or HEALTHY, got ${showValue(d['condition'])}`);
      }
    });
  });
}

function validateVolumes(value: unknown, fail: (field: string, message: string) => void): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    fail('volumes', `expected a list, got ${showValue(value)}`);
    return;
  }
  value.forEach((v, i) => {
    if (!isObject(v) || typeof v['name'] !== 'string' || v['name'] === '') {
      fail(`volumes[${i}].name`, `expected a volume name, got ${showValue(isObject(v) ? v['name'] : v)}`);
    }
  });
}

function validateEphemeral(value: unknown, fail: (field: string, message: string) => void): void {
  if (value === undefined) return;
  const size = isObject(value) ? value['sizeInGiB'] : undefined;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    fail('ephemeralStorage.sizeInGiB', `expected a whole number of GiB, got ${showValue(size)}`);
  }
}

/**
 * Read ECS services: the `describe-services` output (`{"services": [...], "failures": [...]}`),
 * the `create-service` input, or a single service object.
 */
export function parseServicesDocument(raw: unknown, source: string): Parsed<LoadedService[]> {
  const errors: UserInputError[] = [];
  const fail = (field: string, message: string): void => {
    errors.push(new UserInputError(message, source, field));
  };
  if (!isObject(raw)) {
    throw new UserInputErrors([
      new UserInputError(
        `expected a JSON object (an ECS service or describe-services output), got ${showValue(raw)}`,
        source,
      ),
    ]);
  }
  const doc = stripNulls(raw);
  let list: unknown[];
  let prefix: string;
  if (Array.isArray(doc['services'])) {
    list = doc['services'];
    prefix = 'services';
  } else if (isObject(doc['service'])) {
    list = [doc['service']];
    prefix = 'service';
  } else if ('serviceName' in doc) {
    list = [doc];
    prefix = '';
  } else {
    throw new UserInputErrors([
      new UserInputError(
        'expected "services" (describe-services output) or a service object with "serviceName"',
        source,
      ),
    ]);
  }
  const out: LoadedService[] = [];
  list.forEach((s, i) => {
    const at = prefix === 'services' ? `services[${i}]` : prefix;
    const f = (field: string): string => (at ? `${at}.${field}` : field);
    if (!isObject(s)) {
      fail(at || '(root)', `expected a service object, got ${showValue(s)}`);
      return;
    }
    let problems = 0;
    const bad = (field: string, message: string): void => {
      problems++;
      fail(f(field), message);
    };
    if (typeof s['serviceName'] !== 'string' || !NAME_PATTERN.test(s['serviceName'])) {
      bad(
        'serviceName',
        s['serviceName'] === undefined
          ? 'required field is missing'
          : `${showValue(s['serviceName'])} is not a valid service name`,
      );
    }
    if (typeof s['taskDefinition'] !== 'string' || s['taskDefinition'] === '') {
      bad(
        'taskDefinition',
        s['taskDefinition'] === undefined
          ? 'required field is missing'
          : `expected a task definition family, family:revision or ARN, got ${showValue(s['taskDefinition'])}`,
      );
    }
    if (
      s['desiredCount'] !== undefined &&
      (typeof s['desiredCount'] !== 'number' || !Number.isInteger(s['desiredCount']) || s['desiredCount'] < 0)
    ) {
      bad('desiredCount', `expected a non-negative integer, got ${showValue(s['desiredCount'])}`);
    }
    const dc = s['deploymentConfiguration'];
    if (dc !== undefined) {
      if (!isObject(dc)) bad('deploymentConfiguration', `expected an object, got ${showValue(dc)}`);
      else {
        for (const k of ['minimumHealthyPercent', 'maximumPercent'] as const) {
          const v = dc[k];
          if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) {
            bad(`deploymentConfiguration.${k}`, `expected a non-negative integer percentage, got ${showValue(v)}`);
          }
        }
      }
    }
    if (s['loadBalancers'] !== undefined && !Array.isArray(s['loadBalancers'])) {
      bad('loadBalancers', `expected a list, got ${showValue(s['loadBalancers'])}`);
    } else if (Array.isArray(s['loadBalancers'])) {
      s['loadBalancers'].forEach((lb: unknown, j: number) => {
        const lf = `loadBalancers[${j}]`;
        if (!isObject(lb)) {
          bad(lf, `expected a load balancer object, got ${showValue(lb)}`);
          return;
        }
        for (const k of ['targetGroupArn', 'loadBalancerName', 'containerName'] as const) {
          if (lb[k] !== undefined && typeof lb[k] !== 'string')
            bad(`${lf}.${k}`, `expected a string, got ${showValue(lb[k])}`);
        }
        const port = lb['containerPort'];
        if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) {
          bad(`${lf}.containerPort`, `expected a port number 1-65535, got ${showValue(port)}`);
        }
      });
    }
    // Shapes of the optional fields the conversion reads: a wrong type is an input error, not a crash.
    const listOfObjects = (field: string, v: unknown): void => {
      if (v !== undefined && (!Array.isArray(v) || v.some((x) => !isObject(x))))
        bad(field, `expected a list of objects, got ${showValue(v)}`);
    };
    listOfObjects('capacityProviderStrategy', s['capacityProviderStrategy']);
    listOfObjects('serviceRegistries', s['serviceRegistries']);
    listOfObjects('deployments', s['deployments']);
    if (Array.isArray(s['deployments'])) {
      s['deployments'].forEach((d: unknown, j: number) => {
        if (
          isObject(d) &&
          d['serviceConnectConfiguration'] !== undefined &&
          !isObject(d['serviceConnectConfiguration'])
        ) {
          bad(
            `deployments[${j}].serviceConnectConfiguration`,
            `expected an object, got ${showValue(d['serviceConnectConfiguration'])}`,
          );
        }
      });
    }
    for (const k of ['serviceConnectConfiguration', 'networkConfiguration'] as const) {
      if (s[k] !== undefined && !isObject(s[k])) bad(k, `expected an object, got ${showValue(s[k])}`);
    }
    const vpc = isObject(s['networkConfiguration']) ? s['networkConfiguration']['awsvpcConfiguration'] : undefined;
    if (vpc !== undefined) {
      if (!isObject(vpc)) bad('networkConfiguration.awsvpcConfiguration', `expected an object, got ${showValue(vpc)}`);
      else
        for (const k of ['subnets', 'securityGroups'] as const) {
          const v = vpc[k];
          if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string')))
            bad(`networkConfiguration.awsvpcConfiguration.${k}`, `expected a list of strings, got ${showValue(v)}`);
        }
    }
    if (isObject(dc) && dc['deploymentCircuitBreaker'] !== undefined && !isObject(dc['deploymentCircuitBreaker'])) {
      bad(
        'deploymentConfiguration.deploymentCircuitBreaker',
        `expected an object, got ${showValue(dc['deploymentCircuitBreaker'])}`,
      );
    }
    if (
      s['healthCheckGracePeriodSeconds'] !== undefined &&
      (typeof s['healthCheckGracePeriodSeconds'] !== 'number' || s['healthCheckGracePeriodSeconds'] < 0)
    ) {
      bad(
        'healthCheckGracePeriodSeconds',
        `expected a non-negative number, got ${showValue(s['healthCheckGracePeriodSeconds'])}`,
      );
    }
    if (problems === 0) out.push({ source, service: checked<LoadedService['service']>(s) });
  });
  if (errors.length > 0) throw new UserInputErrors(errors);
  return { value: out, findings: [] };
}

/**
 * Read Application Auto Scaling documents: `describe-scalable-targets` output (`ScalableTargets`),
 * `describe-scaling-policies` output (`ScalingPolicies`), or one file holding both keys.
 */
export function parseScalingDocument(raw: unknown, source: string): Parsed<LoadedScaling> {
  if (!isObject(raw)) {
    throw new UserInputErrors([
      new UserInputError(
        `expected a JSON object (describe-scalable-targets or describe-scaling-policies output), got ${showValue(raw)}`,
        source,
      ),
    ]);
  }
  const doc = stripNulls(raw);
  const errors: UserInputError[] = [];
  const fail = (field: string, message: string): void => {
    errors.push(new UserInputError(message, source, field));
  };
  if (!('ScalableTargets' in doc) && !('ScalingPolicies' in doc)) {
    throw new UserInputErrors([
      new UserInputError('expected "ScalableTargets" or "ScalingPolicies" (Application Auto Scaling output)', source),
    ]);
  }
  const targets: ScalableTarget[] = [];
  const policies: ScalingPolicy[] = [];
  const rawTargets = doc['ScalableTargets'];
  if (rawTargets !== undefined) {
    if (!Array.isArray(rawTargets)) fail('ScalableTargets', `expected a list, got ${showValue(rawTargets)}`);
    else
      rawTargets.forEach((t, i) => {
        const at = `ScalableTargets[${i}]`;
        if (!isObject(t)) {
          fail(at, `expected an object, got ${showValue(t)}`);
          return;
        }
        if (typeof t['ResourceId'] !== 'string') {
          fail(`${at}.ResourceId`, `expected "service/CLUSTER/SERVICE", got ${showValue(t['ResourceId'])}`);
          return;
        }
        for (const k of ['MinCapacity', 'MaxCapacity'] as const) {
          if (typeof t[k] !== 'number' || !Number.isInteger(t[k]) || t[k] < 0) {
            fail(`${at}.${k}`, `expected a non-negative integer, got ${showValue(t[k])}`);
            return;
          }
        }
        const min = t['MinCapacity'];
        const max = t['MaxCapacity'];
        if (typeof min === 'number' && typeof max === 'number' && min > max) {
          fail(`${at}.MinCapacity`, `MinCapacity ${min} is above MaxCapacity ${max}`);
          return;
        }
        targets.push(checked<ScalableTarget>(t));
      });
  }
  const rawPolicies = doc['ScalingPolicies'];
  if (rawPolicies !== undefined) {
    if (!Array.isArray(rawPolicies)) fail('ScalingPolicies', `expected a list, got ${showValue(rawPolicies)}`);
    else
      rawPolicies.forEach((p, i) => {
        const at = `ScalingPolicies[${i}]`;
        if (!isObject(p)) {
          fail(at, `expected an object, got ${showValue(p)}`);
          return;
        }
        if (typeof p['ResourceId'] !== 'string') {
          fail(`${at}.ResourceId`, `expected "service/CLUSTER/SERVICE", got ${showValue(p['ResourceId'])}`);
          return;
        }
        const tt = p['TargetTrackingScalingPolicyConfiguration'];
        if (tt !== undefined && (!isObject(tt) || typeof tt['TargetValue'] !== 'number')) {
          fail(
            `${at}.TargetTrackingScalingPolicyConfiguration.TargetValue`,
            `expected a number, got ${showValue(isObject(tt) ? tt['TargetValue'] : tt)}`,
          );
          return;
        }
        policies.push(checked<ScalingPolicy>(p));
      });
  }
  if (errors.length > 0) throw new UserInputErrors(errors);
  return { value: { source, targets, policies }, findings: [] };
}

/** The family named by a service's `taskDefinition` (ARN, `family:revision`, or family). */
export function taskDefinitionFamily(ref: string): string {
  const afterSlash = ref.includes('/') ? ref.slice(ref.lastIndexOf('/') + 1) : ref;
  const colon = afterSlash.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(afterSlash.slice(colon + 1)) ? afterSlash.slice(0, colon) : afterSlash;
}
