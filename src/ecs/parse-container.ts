/** One ECS container definition, checked field by field, and the dependencies between containers. */
import { showValue } from '../errors.js';
import type { EcsContainer } from './model.js';
import { checked, isObject, NAME_PATTERN } from './document.js';

const CONTAINER_NUMBER_FIELDS = ['cpu', 'memory', 'memoryReservation', 'startTimeout', 'stopTimeout'] as const;

export function validateContainer(
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
  checkName(name, bad);
  checkImage(raw['image'], bad);
  checkScalars(raw, bad);
  checkLists(raw, bad);
  checkHealthCheck(raw['healthCheck'], bad);
  return problems === 0 ? checked<EcsContainer>(raw) : undefined;
}

type Bad = (field: string, message: string) => void;

/** name: required, letters, digits, hyphens and underscores. */
function checkName(name: unknown, bad: Bad): void {
  if (typeof name !== 'string' || name === '') {
    bad(
      'name',
      name === undefined ? 'required field is missing' : `expected a non-empty string, got ${showValue(name)}`,
    );
  } else if (!NAME_PATTERN.test(name)) {
    bad('name', `${showValue(name)} is not a valid container name (up to 255 letters, digits, hyphens, underscores)`);
  }
}

/** image: required, without white space. */
function checkImage(image: unknown, bad: Bad): void {
  if (typeof image !== 'string' || image.trim() === '') {
    bad(
      'image',
      image === undefined ? 'required field is missing' : `expected an image reference, got ${showValue(image)}`,
    );
  } else if (/\s/.test(image)) {
    bad('image', `${showValue(image)} is not a valid image reference (contains whitespace)`);
  }
}

/** Numbers (numeric strings are normalised in place), booleans and lists of strings. */
function checkScalars(raw: Record<string, unknown>, bad: Bad): void {
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
}

/** environment, secrets, extraHosts, portMappings and mountPoints: lists of objects with the fields the planner reads. */
function checkLists(raw: Record<string, unknown>, bad: Bad): void {
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
}

/** healthCheck: a command list and non-negative whole timings. */
function checkHealthCheck(hc: unknown, bad: Bad): void {
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

export function validateDependsOn(containers: EcsContainer[], fail: (field: string, message: string) => void): void {
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
