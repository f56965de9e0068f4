import type { ContainerDefinition, TaskDefinition, Service } from '@aws-sdk/client-ecs';
import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';

/**
 * A container definition after normalisation: explicit `null`s removed, `name` and `image`
 * present. Field names and meanings are ECS's own (the SDK's `ContainerDefinition`).
 */
export type EcsContainer = ContainerDefinition & { name: string; image: string };

/**
 * A task definition after normalisation, whichever of the three JSON shapes it came from.
 * `cpu` is in CPU units (1024 = 1 vCPU) and `memory` in MiB, both numbers.
 */
export type EcsTaskDefinition = Omit<TaskDefinition, 'cpu' | 'memory' | 'containerDefinitions'> & {
  family: string;
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
  service: Service & { serviceName: string };
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
