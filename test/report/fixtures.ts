import type { Finding } from '../../src/findings.js';
import type { FargateRates } from '../../src/fargate/pricing.js';
import type { PlanResult, WorkloadPlan } from '../../src/report/model.js';

/** us-east-1 x86 Linux rates, as the issue gives them. */
export const RATES: FargateRates = {
  vcpuHour: 0.04048,
  gbHour: 0.004445,
  ephemeralGbHour: 0.000111,
  controlPlaneHour: 0.1,
  hoursPerMonth: 730,
};

/** Monthly cost of `replicas` tasks/pods of one size, computed here independently of the planner. */
export function monthly(vcpu: number, memoryGb: number, replicas: number, rates: FargateRates = RATES): number {
  return (vcpu * rates.vcpuHour + memoryGb * rates.gbHour) * rates.hoursPerMonth * replicas;
}

/** The seeds' shape: a Node.js front end behind an internet-facing ALB calling a FastAPI back end that uses RDS. */
export function twoServicePlan(): PlanResult {
  const web: WorkloadPlan = {
    name: 'web',
    namespace: 'shop',
    source: 'examples/ecs/web-task-definition.json',
    serviceName: 'web',
    replicas: 2,
    containers: ['web'],
    initContainers: [],
    blocked: false,
    fargate: {
      requested: { cpu: '500m', memory: '1Gi' },
      vcpu: 0.5,
      memoryGb: 2,
      capacityProvisioned: '0.5vCPU 2GB',
      ephemeralStorageGiB: 20,
      monthlyUsd: monthly(0.5, 2, 2),
    },
    ecs: { vcpu: 0.5, memoryGb: 1, ephemeralStorageGiB: 20, monthlyUsd: monthly(0.5, 1, 2) },
    mappings: [
      { ecs: 'containerDefinitions[0].image', kubernetes: 'Deployment web: containers[web].image' },
      { ecs: 'portMappings[0] (3000/tcp)', kubernetes: 'Service web: port 80 → 3000' },
      { ecs: 'service.desiredCount = 2', kubernetes: 'Deployment web: replicas 2' },
      {
        ecs: 'service.loadBalancers[0] (targetGroupArn)',
        kubernetes: 'Ingress web (alb, target-type: ip)',
        note: 'Fargate pods are reached by IP; instance targets do not exist',
      },
    ],
    traffic: {
      loadBalancer: { scheme: 'internet-facing', via: 'ingress', path: '/' },
      ports: [80],
      calls: ['api'],
      dataStores: [],
    },
  };
  const api: WorkloadPlan = {
    name: 'api',
    namespace: 'shop',
    source: 'examples/ecs/api-task-definition.json',
    serviceName: 'api',
    replicas: 3,
    containers: ['api'],
    initContainers: ['migrate'],
    blocked: true,
    fargate: {
      requested: { cpu: '1', memory: '2Gi' },
      vcpu: 1,
      memoryGb: 3,
      capacityProvisioned: '1vCPU 3GB',
      ephemeralStorageGiB: 20,
      monthlyUsd: monthly(1, 3, 3),
    },
    ecs: { vcpu: 1, memoryGb: 2, ephemeralStorageGiB: 20, monthlyUsd: monthly(1, 2, 3) },
    mappings: [
      {
        ecs: 'containerDefinitions[0].secrets[0] (DATABASE_URL)',
        kubernetes: 'ExternalSecret api → Secret api: DATABASE_URL',
      },
      {
        ecs: 'containerDefinitions[1].dependsOn (migrate: SUCCESS)',
        kubernetes: 'initContainers[migrate]',
      },
    ],
    traffic: {
      ports: [8000],
      calls: [],
      dataStores: [{ name: 'RDS orders-db', kind: 'rds' }],
    },
  };
  const findings: Finding[] = [
    {
      severity: 'info',
      code: 'circuit-breaker',
      message: 'deploymentCircuitBreaker → progressDeadlineSeconds 600; eks-fargate-deploy rolls back on failure',
      file: 'examples/ecs/web-service.json',
      workload: 'web',
      field: 'deploymentConfiguration.deploymentCircuitBreaker',
    },
    {
      severity: 'warning',
      code: 'log-driver',
      message: 'awslogs log driver: configure Fluent Bit in the aws-observability namespace (aws-logging ConfigMap)',
      file: 'examples/ecs/web-task-definition.json',
      workload: 'web',
      container: 'web',
      field: 'containerDefinitions[0].logConfiguration.logDriver',
    },
    {
      severity: 'blocker',
      code: 'capabilities-add',
      message: 'EKS Fargate rejects capabilities.add: SYS_PTRACE',
      file: 'examples/ecs/api-task-definition.json',
      workload: 'api',
      container: 'api',
      field: 'containerDefinitions[0].linuxParameters.capabilities.add',
    },
    {
      severity: 'warning',
      code: 'host-port-dropped',
      message: 'hostPort 8000 dropped: pods on Fargate get their own IP',
      file: 'examples/ecs/api-task-definition.json',
      workload: 'api',
      container: 'api',
      field: 'containerDefinitions[0].portMappings[0].hostPort',
    },
  ];
  // api is blocked: it stays out of the totals and is listed apart.
  const ecsMonthlyUsd = web.ecs.monthlyUsd!;
  const eksComputeMonthlyUsd = web.fargate.monthlyUsd;
  const eksControlPlaneMonthlyUsd = RATES.controlPlaneHour * RATES.hoursPerMonth;
  return {
    version: 1,
    findings,
    errors: [],
    workloads: [web, api],
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', name: 'shop' },
      { apiVersion: 'v1', kind: 'ServiceAccount', name: 'web', namespace: 'shop' },
      { apiVersion: 'v1', kind: 'ServiceAccount', name: 'api', namespace: 'shop' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'web', namespace: 'shop' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'api', namespace: 'shop' },
      { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', name: 'api', namespace: 'shop' },
      { apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'shop' },
      { apiVersion: 'v1', kind: 'Service', name: 'api', namespace: 'shop' },
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web', namespace: 'shop' },
    ],
    totals: {
      ecsMonthlyUsd,
      eksComputeMonthlyUsd,
      eksControlPlaneMonthlyUsd,
      eksMonthlyUsd: eksComputeMonthlyUsd + eksControlPlaneMonthlyUsd,
      notInTotals: [
        {
          workload: 'api',
          reason: 'blocked',
          ecsMonthlyUsd: api.ecs.monthlyUsd!,
          eksMonthlyUsd: api.fargate.monthlyUsd,
        },
      ],
    },
    rates: { ...RATES },
  };
}

/** Splits a GFM table row into cells the way GitHub does: `\|` is a pipe inside a cell, `|` a separator. */
export function tableCells(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\' && line[i + 1] === '|') {
      current += '\\|';
      i++;
    } else if (line[i] === '|') {
      cells.push(current);
      current = '';
    } else {
      current += line.charAt(i);
    }
  }
  cells.push(current);
  // A row starts and ends with a pipe: drop the empty text before the first and after the last.
  return cells.slice(1, -1).map((c) => c.trim());
}

/**
 * Checks the block structure GitHub will see: every `<details>` line closed by a `</details>`
 * line in order, `<summary>` on one line, and code fences balanced. Returns the problems found.
 */
export function structureProblems(markdown: string): string[] {
  const problems: string[] = [];
  let depth = 0;
  let inFence = false;
  for (const [i, line] of markdown.split('\n').entries()) {
    if (/^ {0,3}```/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (/^<details>/.test(line)) depth++;
    if (/^<\/details>/.test(line)) {
      depth--;
      if (depth < 0) problems.push(`line ${i + 1}: </details> without <details>`);
    }
    if (line.includes('<summary>') && !line.includes('</summary>')) problems.push(`line ${i + 1}: unclosed <summary>`);
  }
  if (depth > 0) problems.push(`${depth} <details> left open`);
  if (inFence) problems.push('code fence left open');
  return problems;
}
