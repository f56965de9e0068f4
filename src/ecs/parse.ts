/**
 * Reading ECS task definitions. Every parser checks its document field by field and reports every
 * problem at once, naming file and field; services and scaling are in parse-service.ts, one
 * container definition in parse-container.ts.
 */
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import type { Finding } from '../findings.js';
import { checked, isObject, NAME_PATTERN, stripNulls, type Parsed } from './document.js';
import type { EcsContainer, EcsTaskDefinition, LoadedTaskDefinition } from './model.js';
import { validateContainer, validateDependsOn } from './parse-container.js';

export { parseJsonText } from './json-text.js';
export { parseScalingDocument, parseServicesDocument } from './parse-service.js';
export type { Parsed } from './document.js';

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
  const { td, tags } = unwrapTaskDefinition(raw, source);
  const family = td['family'];
  checkFamily(family, fail);

  findings.push(...unknownTaskFields(td, family, source));

  const { cpu, memory } = taskSize(td, fail);
  const containers = validateContainers(td['containerDefinitions'], fail);
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

type Fail = (field: string, message: string) => void;

/** The task definition of any of the three document shapes, with the tags describe output carries. */
function unwrapTaskDefinition(
  raw: unknown,
  source: string,
): { td: Record<string, unknown>; tags: LoadedTaskDefinition['tags'] } {
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

  return { td, tags };
}

/** family: required, letters, digits, hyphens and underscores. */
function checkFamily(family: unknown, fail: Fail): void {
  if (typeof family !== 'string' || family === '') {
    fail(
      'family',
      family === undefined ? 'required field is missing' : `expected a non-empty string, got ${showValue(family)}`,
    );
  } else if (!NAME_PATTERN.test(family)) {
    fail('family', `${showValue(family)} is not a valid family (up to 255 letters, digits, hyphens, underscores)`);
  }
}

/** A warning per task definition field the converter neither reads nor reports on. */
function unknownTaskFields(td: Record<string, unknown>, family: unknown, source: string): Finding[] {
  const findings: Finding[] = [];
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

  return findings;
}

/** Task cpu and memory in CPU units and MiB, from any of the forms ECS accepts. */
function taskSize(td: Record<string, unknown>, fail: Fail): { cpu: number | undefined; memory: number | undefined } {
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

  return { cpu, memory };
}

/** containerDefinitions: 1 to 10 valid containers with distinct names and dependencies among them. */
function validateContainers(defs: unknown, fail: Fail): EcsContainer[] {
  const containers: EcsContainer[] = [];
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
  return containers;
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

/** The family named by a service's `taskDefinition` (ARN, `family:revision`, or family). */
export function taskDefinitionFamily(ref: string): string {
  const afterSlash = ref.includes('/') ? ref.slice(ref.lastIndexOf('/') + 1) : ref;
  const colon = afterSlash.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(afterSlash.slice(colon + 1)) ? afterSlash.slice(0, colon) : afterSlash;
}
