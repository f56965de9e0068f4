/**
 * Benchmark: convert 1,000 ECS task definitions (with services) into EKS Fargate manifests.
 * Prints the time of each phase and, as the baseline measured in the same run, the time to merely
 * JSON.parse + JSON.stringify the same documents (the floor for any tool that reads them).
 * Target (issue 2): the whole conversion of 1,000 task definitions under 1 s on this machine.
 */
import { performance } from 'node:perf_hooks';
import { convertEcs } from '../src/convert/index.js';
import { toYamlStream } from '../src/convert/objects.js';
import type { EcsInputs } from '../src/ecs/model.js';
import { parseJsonText, parseServicesDocument, parseTaskDefinitionDocument } from '../src/ecs/parse.js';
import { DEFAULT_RATES } from '../src/fargate/pricing.js';
import { validateObject } from '../src/manifests/schema.js';
import { at, median } from './lib/stats.js';

const COUNT = Number(process.env['BENCH_TASK_DEFINITIONS'] ?? 1000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);

function taskDefinition(i: number): object {
  const containers = 1 + (i % 3);
  return {
    family: `svc-${i}`,
    taskRoleArn: `arn:aws:iam::123456789012:role/svc-${i}`,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: i % 2 === 0 ? '1 vCPU' : '512',
    memory: i % 2 === 0 ? '2 GB' : '1024',
    containerDefinitions: Array.from({ length: containers }, (_, c) => ({
      name: c === 0 ? 'app' : `sidecar-${c}`,
      image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/svc-${i}:${(i * 7919).toString(16)}`,
      essential: c === 0,
      portMappings: c === 0 ? [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }] : [],
      environment: Array.from({ length: 8 }, (_, e) => ({ name: `VAR_${e}`, value: `value-${i}-${e}` })),
      secrets: [
        {
          name: 'DB_PASSWORD',
          valueFrom: `arn:aws:secretsmanager:us-east-1:123456789012:secret:svc-${i}/db-AbCdEf:password::`,
        },
      ],
      healthCheck:
        c === 0
          ? {
              command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
              interval: 30,
              timeout: 5,
              retries: 3,
              startPeriod: 30,
            }
          : undefined,
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/svc-${i}` } },
      dependsOn: c > 0 ? [] : undefined,
    })),
  };
}

function service(i: number): object {
  return {
    serviceName: `svc-${i}`,
    taskDefinition: `svc-${i}:3`,
    desiredCount: 2 + (i % 3),
    deploymentConfiguration: {
      minimumHealthyPercent: 50,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    },
    loadBalancers:
      i % 4 === 0
        ? [
            {
              targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/svc-${i}/abc`,
              containerName: 'app',
              containerPort: 8080,
            },
          ]
        : [],
  };
}

const tdTexts = Array.from({ length: COUNT }, (_, i) => JSON.stringify(taskDefinition(i)));
const svcText = JSON.stringify({ services: Array.from({ length: COUNT }, (_, i) => service(i)) });

const baseline: number[] = [];
const parse: number[] = [];
const convert: number[] = [];
const validate: number[] = [];
const yaml: number[] = [];
let objects = 0;
let bytes = 0;
for (let r = 0; r < ROUNDS; r++) {
  let t = performance.now();
  let sink = 0;
  for (const text of tdTexts) sink += JSON.stringify(JSON.parse(text)).length;
  sink += JSON.stringify(JSON.parse(svcText)).length;
  baseline.push(performance.now() - t);

  t = performance.now();
  const inputs: EcsInputs = { taskDefinitions: [], services: [], scaling: [] };
  tdTexts.forEach((text, i) =>
    inputs.taskDefinitions.push(parseTaskDefinitionDocument(parseJsonText(text, `td-${i}.json`), `td-${i}.json`).value),
  );
  inputs.services.push(...parseServicesDocument(parseJsonText(svcText, 'services.json'), 'services.json').value);
  parse.push(performance.now() - t);

  t = performance.now();
  const result = convertEcs(inputs, {
    namespace: 'bench',
    dropUnsupported: false,
    albMode: 'ingress',
    rates: DEFAULT_RATES,
    secretStores: { secretsManager: 'aws-secrets-manager', parameterStore: 'aws-parameter-store' },
  });
  convert.push(performance.now() - t);

  t = performance.now();
  let problems = 0;
  for (const o of result.objects) problems += validateObject(o).length;
  validate.push(performance.now() - t);
  if (problems > 0) throw new Error(`${problems} schema problems in the benchmark output`);

  t = performance.now();
  bytes = toYamlStream(result.objects).length;
  yaml.push(performance.now() - t);
  objects = result.objects.length;
  if (sink === 0) throw new Error('unreachable');
}

const total = parse.map((p, i) => p + at(convert, i) + at(validate, i) + at(yaml, i));
const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
console.log(
  `convert benchmark: ${COUNT} task definitions + ${COUNT} services → ${objects} objects, ${(bytes / 1024).toFixed(0)} KiB YAML; median of ${ROUNDS} rounds (Node ${process.versions.node})`,
);
console.log(`  baseline  JSON.parse+stringify of the inputs  ${fmt(median(baseline))}`);
console.log(`  parse + validate ECS input                    ${fmt(median(parse))}`);
console.log(`  convert (objects, findings, sizing, cost)     ${fmt(median(convert))}`);
console.log(`  Kubernetes schema validation                  ${fmt(median(validate))}`);
console.log(`  YAML rendering                                ${fmt(median(yaml))}`);
console.log(
  `  total                                         ${fmt(median(total))}  (${(median(total) / median(baseline)).toFixed(1)}× the baseline; target < 1000 ms: ${median(total) < 1000 ? 'met' : 'MISSED'})`,
);
