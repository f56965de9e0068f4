import { sortFindings, type Finding } from '../findings.js';
import type { DataStoreRef, FieldMapping, ObjectRef, PlanResult, TrafficPath, WorkloadPlan } from './model.js';

/**
 * The `--report-json` document: exactly {@link PlanResult} (version 1), pretty-printed with a
 * trailing newline. Keys come out in a fixed order whatever order the planner built its objects
 * in, absent optional fields are left out, findings are sorted with {@link sortFindings} and
 * input errors by file, so the same plan always gives byte-identical text.
 *
 * @throws RangeError naming the JSON path when a number is NaN or infinite, which
 *   `JSON.stringify` would otherwise turn into `null` without a word.
 */
export function planReportJson(plan: PlanResult): string {
  const document = {
    version: plan.version,
    findings: sortFindings(plan.findings).map(findingJson),
    errors: [...plan.errors].sort((a, b) => compare(a.file, b.file)).map((e) => ({ file: e.file, message: e.message })),
    workloads: plan.workloads.map(workloadJson),
    objects: plan.objects.map(objectJson),
    totals: {
      ecsMonthlyUsd: plan.totals.ecsMonthlyUsd,
      eksComputeMonthlyUsd: plan.totals.eksComputeMonthlyUsd,
      eksControlPlaneMonthlyUsd: plan.totals.eksControlPlaneMonthlyUsd,
      eksMonthlyUsd: plan.totals.eksMonthlyUsd,
      notInTotals: plan.totals.notInTotals.map((x) =>
        present({
          workload: x.workload,
          reason: x.reason,
          ecsMonthlyUsd: x.ecsMonthlyUsd,
          eksMonthlyUsd: x.eksMonthlyUsd,
        }),
      ),
    },
    rates: present({
      vcpuHour: plan.rates.vcpuHour,
      gbHour: plan.rates.gbHour,
      ephemeralGbHour: plan.rates.ephemeralGbHour,
      controlPlaneHour: plan.rates.controlPlaneHour,
      hoursPerMonth: plan.rates.hoursPerMonth,
      ec2VcpuHour: plan.rates.ec2VcpuHour,
      ec2GbHour: plan.rates.ec2GbHour,
    }),
  } satisfies PlanResult;
  assertFiniteNumbers(document, '$');
  return `${JSON.stringify(document, null, 2)}\n`;
}

function findingJson(f: Finding): Finding {
  return present({
    severity: f.severity,
    code: f.code,
    message: f.message,
    file: f.file,
    workload: f.workload,
    container: f.container,
    field: f.field,
  });
}

function workloadJson(w: WorkloadPlan): WorkloadPlan {
  return present({
    name: w.name,
    namespace: w.namespace,
    source: w.source,
    serviceName: w.serviceName,
    replicas: w.replicas,
    containers: [...w.containers],
    initContainers: [...w.initContainers],
    blocked: w.blocked,
    fargate: {
      requested: { cpu: w.fargate.requested.cpu, memory: w.fargate.requested.memory },
      vcpu: w.fargate.vcpu,
      memoryGb: w.fargate.memoryGb,
      capacityProvisioned: w.fargate.capacityProvisioned,
      ephemeralStorageGiB: w.fargate.ephemeralStorageGiB,
      monthlyUsd: w.fargate.monthlyUsd,
    },
    ecs: present({
      vcpu: w.ecs.vcpu,
      memoryGb: w.ecs.memoryGb,
      ephemeralStorageGiB: w.ecs.ephemeralStorageGiB,
      monthlyUsd: w.ecs.monthlyUsd,
      launchType: w.ecs.launchType,
    }),
    mappings: w.mappings.map(mappingJson),
    traffic: trafficJson(w.traffic),
  });
}

function mappingJson(m: FieldMapping): FieldMapping {
  return present({ ecs: m.ecs, kubernetes: m.kubernetes, note: m.note });
}

function trafficJson(t: TrafficPath): TrafficPath {
  return present({
    loadBalancer:
      t.loadBalancer && present({ scheme: t.loadBalancer.scheme, via: t.loadBalancer.via, path: t.loadBalancer.path }),
    ports: [...t.ports],
    calls: [...t.calls],
    dataStores: t.dataStores.map((d: DataStoreRef) => ({ name: d.name, kind: d.kind })),
  });
}

function objectJson(o: ObjectRef): ObjectRef {
  return present({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.namespace });
}

/** The keys of `o` whose value is undefined made optional. */
type Present<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/**
 * `o` without its undefined values: what JSON.stringify writes anyway, now said in the type,
 * so the document can be checked against the plan's optional fields.
 */
function present<T extends object>(o: T): Present<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Present<T>;
}

function assertFiniteNumbers(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RangeError(`plan report: ${path} is ${value}; the planner must give a finite number`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      assertFiniteNumbers(item, `${path}[${i}]`);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) assertFiniteNumbers(item, `${path}.${key}`);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
