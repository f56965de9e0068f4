import type {
  ContainerDefinition,
  ContainerDependency,
  HostEntry,
  MountPoint,
  Secret,
  Service,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';

/**
 * A container definition after normalisation: explicit `null`s removed, `name` and `image`
 * present, and the list entries the parser checks carry the fields it requires. Field names and
 * meanings are ECS's own (the SDK's `ContainerDefinition`).
 */
export type EcsContainer = Omit<ContainerDefinition, 'secrets' | 'dependsOn' | 'extraHosts' | 'mountPoints'> & {
  name: string;
  image: string;
  secrets?: (Secret & { name: string; valueFrom: string })[];
  dependsOn?: (ContainerDependency & { containerName: string })[];
  extraHosts?: (HostEntry & { hostname: string; ipAddress: string })[];
  mountPoints?: (MountPoint & { sourceVolume: string; containerPath: string })[];
};

/**
 * A task definition after normalisation, whichever of the three JSON shapes it came from.
 * `cpu` is in CPU units (1024 = 1 vCPU) and `memory` in MiB, both numbers.
 */
export type EcsTaskDefinition = Omit<
  TaskDefinition,
  'cpu' | 'memory' | 'containerDefinitions' | 'inferenceAccelerators'
> & {
  family: string;
  /** Retired by ECS in 2023, still found in older exports: the planner reports it as a blocker. */
  inferenceAccelerators?: { deviceName?: string | undefined; deviceType?: string | undefined }[] | undefined;
  cpu?: number;
  memory?: number;
  containerDefinitions: EcsContainer[];
};

/** A task definition with where it came from (a file path, or `ecs://cluster/service`). */
export interface LoadedTaskDefinition {
  source: string;
  taskDefinition: EcsTaskDefinition;
  tags?: { key?: string; value?: string }[];
}

/** An ECS service (describe-services shape, nulls removed) with its source. */
export interface LoadedService {
  source: string;
  service: Service & { serviceName: string; taskDefinition: string };
}

/** Application Auto Scaling targets and policies for ECS services, with their source. */
export interface LoadedScaling {
  source: string;
  targets: ScalableTarget[];
  policies: ScalingPolicy[];
}

/** Everything the planner reads, already validated. */
export interface EcsInputs {
  taskDefinitions: LoadedTaskDefinition[];
  services: LoadedService[];
  scaling: LoadedScaling[];
}
