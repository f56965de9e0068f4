import type { Finding } from '../findings.js';
import type { EcsLaunchType, FargateRates } from '../fargate/pricing.js';

/** A reference to one emitted Kubernetes object. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** One row of the ECS → Kubernetes mapping table for a workload. */
export interface FieldMapping {
  /** The ECS side, e.g. `portMappings[0] (8000/tcp)` or `service.desiredCount = 2`. */
  ecs: string;
  /** The Kubernetes side, e.g. `Service web: port 8000`. */
  kubernetes: string;
  note?: string;
}

/** A data store a workload talks to, inferred from its environment and secrets. */
export interface DataStoreRef {
  /** What to call it in the diagram, e.g. `RDS orders-db` or `Secrets Manager db-credentials`. */
  name: string;
  kind: 'rds' | 'redis' | 'dynamodb' | 's3' | 'sqs' | 'sns' | 'opensearch' | 'database' | 'other';
}

/** Where traffic enters a workload, for the diagram. */
export interface TrafficPath {
  loadBalancer?: {
    scheme: 'internet-facing' | 'internal';
    /** How the ALB reaches the pods: an Ingress (controller-managed ALB) or a TargetGroupBinding (existing target group). */
    via: 'ingress' | 'targetgroupbinding';
    path?: string;
  };
  /** Service ports exposed inside the cluster. */
  ports: number[];
  /** Other workloads of the same plan this one calls (found in its env values). */
  calls: string[];
  dataStores: DataStoreRef[];
}

/** Fargate sizing and cost for one workload. */
interface FargateSizing {
  /** The pod's summed requests before the 256 MB Fargate overhead, as Kubernetes quantities. */
  requested: { cpu: string; memory: string };
  vcpu: number;
  memoryGb: number;
  /** As the `CapacityProvisioned` annotation shows it, e.g. `0.5vCPU 1GB`. */
  capacityProvisioned: string;
  ephemeralStorageGiB: number;
  /** Per replica-month × replicas. */
  monthlyUsd: number;
}

/** ECS size and cost of the task as it runs today. */
interface EcsSizing {
  vcpu: number;
  memoryGb: number;
  ephemeralStorageGiB: number;
  /** Absent when unknown: an EC2 launch type task without `ec2VcpuHour`/`ec2GbHour` rates. */
  monthlyUsd?: number;
  /** What the task ran on (set when the plan is priced). */
  launchType?: EcsLaunchType;
}

/** A workload left out of the cost totals, and why. */
export interface CostExclusion {
  workload: string;
  /** `blocked`: it cannot run on EKS Fargate as is; `ecs-cost-unknown`: an EC2 task without EC2 rates. */
  reason: 'blocked' | 'ecs-cost-unknown';
  /** Absent when unknown. */
  ecsMonthlyUsd?: number;
  eksMonthlyUsd: number;
}

/** Everything planned for one ECS service or bare task definition. */
export interface WorkloadPlan {
  name: string;
  namespace: string;
  /** The task definition file (or ecs:// source) it came from. */
  source: string;
  /** The ECS service name, when a service was given. */
  serviceName?: string;
  replicas: number;
  containers: string[];
  initContainers: string[];
  /** True when a blocker kept its Deployment out (or, with drop-unsupported, fields were removed). */
  blocked: boolean;
  fargate: FargateSizing;
  ecs: EcsSizing;
  mappings: FieldMapping[];
  traffic: TrafficPath;
}

/** The plan report, version 1. This is the `--report-json` schema documented in README.md. */
export interface PlanResult {
  version: 1;
  findings: Finding[];
  errors: { file: string; message: string }[];
  workloads: WorkloadPlan[];
  objects: ObjectRef[];
  /** Over the workloads priced on both sides and not blocked; the others are in `notInTotals`. */
  totals: {
    ecsMonthlyUsd: number;
    eksComputeMonthlyUsd: number;
    eksControlPlaneMonthlyUsd: number;
    eksMonthlyUsd: number;
    notInTotals: CostExclusion[];
  };
  rates: FargateRates;
}
