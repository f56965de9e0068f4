/**
 * Builders for conversion tests: ECS JSON exactly as a user writes it goes through the real
 * parser, then through `convertEcs`, and helpers pick the emitted objects apart.
 */
import { convertEcs, type Conversion, type ConvertOptions } from '../../src/convert/index.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseJsonText,
  parseScalingDocument,
  parseServicesDocument,
  parseTaskDefinitionDocument,
} from '../../src/ecs/parse.js';
import type { EcsInputs } from '../../src/ecs/model.js';
import { DEFAULT_RATES } from '../../src/fargate/pricing.js';
import type { Finding } from '../../src/findings.js';

export type Json = Record<string, unknown>;

export const OPTIONS: ConvertOptions = {
  namespace: 'default',
  dropUnsupported: false,
  albMode: 'ingress',
  rates: DEFAULT_RATES,
  secretStores: { secretsManager: 'aws-secrets-manager', parameterStore: 'aws-parameter-store' },
};

/** A container definition: `app` running nginx, plus the given fields. */
export function container(extra: Json = {}): Json {
  return { name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27', ...extra };
}

/** A Fargate task definition of family `web` (0.25 vCPU / 512 MiB) with one container unless given. */
export function taskDef(extra: Json = {}): Json {
  return {
    family: 'web',
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [container()],
    ...extra,
  };
}

/** A describe-services style service for family `web`. */
export function service(extra: Json = {}): Json {
  return { serviceName: 'web', taskDefinition: 'web:1', desiredCount: 2, ...extra };
}

export interface ConvertInput {
  taskDefinitions: Json[];
  services?: Json[];
  scaling?: Json[];
  options?: Partial<ConvertOptions>;
}

/** Parse the documents (files named td0.json, svc0.json, scaling0.json) and convert them. */
export function convert(input: ConvertInput | Json): Conversion {
  const i: ConvertInput =
    'taskDefinitions' in input ? (input as unknown as ConvertInput) : { taskDefinitions: [input] };
  const inputs: EcsInputs = {
    taskDefinitions: i.taskDefinitions.map((td, n) => parseTaskDefinitionDocument(td, `td${n}.json`).value),
    services: (i.services ?? []).flatMap((s, n) => parseServicesDocument(s, `svc${n}.json`).value),
    scaling: (i.scaling ?? []).map((s, n) => parseScalingDocument(s, `scaling${n}.json`).value),
  };
  return convertEcs(inputs, { ...OPTIONS, ...i.options });
}

/** The repository root, for paths such as `examples/ecs/services.json`. */
export const ROOT = join(import.meta.dirname, '..', '..');

export interface ConvertFiles {
  taskDefinitions: string[];
  services?: string[];
  scaling?: string[];
  options?: Partial<ConvertOptions>;
}

/** Read files (paths relative to the repository root, which is also how sources are named) and convert them. */
export function convertFiles(files: ConvertFiles): Conversion {
  const read = (rel: string): unknown => parseJsonText(readFileSync(join(ROOT, rel), 'utf8'), rel);
  const inputs: EcsInputs = {
    taskDefinitions: files.taskDefinitions.map((f) => parseTaskDefinitionDocument(read(f), f).value),
    services: (files.services ?? []).flatMap((f) => parseServicesDocument(read(f), f).value),
    scaling: (files.scaling ?? []).map((f) => parseScalingDocument(read(f), f).value),
  };
  return convertEcs(inputs, { ...OPTIONS, ...files.options });
}

export const EXAMPLES: ConvertFiles = {
  taskDefinitions: ['examples/ecs/backend-taskdef.json', 'examples/ecs/frontend-taskdef.json'],
  services: ['examples/ecs/services.json'],
  scaling: ['examples/ecs/scaling.json'],
};

export const SEEDS: ConvertFiles = {
  taskDefinitions: ['fastapi-task', 'nodejs-task', 'dukanx-backend-task', 'medrobotics-api-task'].map(
    (n) => `test/fixtures/ecs/seeds/${n}.json`,
  ),
  services: ['test/fixtures/ecs/seeds/services.json'],
  scaling: ['test/fixtures/ecs/seeds/scaling.json'],
};

/** The one object of `kind` (and `name`, when given); fails the test when there is not exactly one. */
export function one(conv: Conversion, kind: string, name?: string): KubeObject {
  const found = conv.objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) {
    throw new Error(
      `expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}: ${conv.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  }
  return found[0]!;
}

export function kinds(conv: Conversion): string[] {
  return conv.objects.map((o) => `${o.kind}/${o.metadata.name}`);
}

/** The Deployment's pod spec. */
export function podSpec(conv: Conversion): Json {
  return ((one(conv, 'Deployment').spec as Json).template as Json).spec as Json;
}

/** A container (app, init or sidecar) of the pod by name. */
export function containerOf(conv: Conversion, name = 'app'): Json {
  const spec = podSpec(conv);
  const all = [
    ...((spec.containers as Json[] | undefined) ?? []),
    ...((spec.initContainers as Json[] | undefined) ?? []),
  ];
  const c = all.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${all.map((x) => String(x.name)).join(', ')}`);
  return c;
}

export function findingsWith(conv: Conversion, code: string): Finding[] {
  return conv.findings.filter((f) => f.code === code);
}

/** The single finding with `code`; fails when there is not exactly one. */
export function finding(conv: Conversion, code: string): Finding {
  const list = findingsWith(conv, code);
  if (list.length !== 1)
    throw new Error(
      `expected one ${code} finding, got ${list.length}: ${JSON.stringify(conv.findings.map((f) => f.code))}`,
    );
  return list[0]!;
}

export function blockers(conv: Conversion): string[] {
  return conv.findings.filter((f) => f.severity === 'blocker').map((f) => f.code);
}
