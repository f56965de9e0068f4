import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { Finding } from '../findings.js';
import type { EcsTaskDefinition, LoadedService, LoadedTaskDefinition } from '../ecs/model.js';
import type { WorkloadPlan } from '../report/model.js';
import { FARGATE_EPHEMERAL_STORAGE } from '../fargate/sizing.js';
import { formatCpu, formatMemory } from '../fargate/quantity.js';
import type { FieldFate } from './ledger.js';
import { mapProcess } from './map-container.js';
import {
  checkNameClash,
  collectHostAliases,
  containerRoles,
  mainContainerIndex,
  type Role,
} from './container-roles.js';
import { groupByContainer } from './group-findings.js';
import { mapEnvironment, newEnvState, secretObjects, type EnvState } from './map-env.js';
import { mapDependsOn, mapHealthCheck } from './map-health.js';
import { mapLogging, newLoggingState, unsupportedLogDestinations } from './map-logging.js';
import { checkRouting, mapPorts, serviceRouting, type ServicePort } from './map-ports.js';
import {
  mapContainerResources,
  mapPodSizing,
  planContainerSizes,
  type ContainerSize,
  type TaskSizing,
} from './map-resources.js';
import { fargateUlimitWarning, mapSecurity, ranOnFargate } from './map-security.js';
import { mapScaling } from './map-scaling.js';
import { mapLoadBalancers, mapServiceSettings } from './map-service.js';
import { mapTask } from './map-task.js';
import { mapMounts, mapVolumes, type VolumeState } from './map-volumes.js';
import { joinName, toDns1123Label } from './names.js';
import type { KubeObject } from '../model/kube-object.js';
import type { ConvertOptions } from './options.js';
import { WorkloadScope, type Container } from './scope.js';
import { detectTraffic } from './traffic.js';

export type { ConvertOptions } from './options.js';
export { planContainerSizes } from './map-resources.js';

/** Application Auto Scaling settings that apply to one ECS service. */
export interface ServiceScaling {
  source: string;
  target?: ScalableTarget;
  policies: ScalingPolicy[];
}

/** Everything one ECS service (or bare task definition) becomes. */
export interface WorkloadConversion {
  plan: WorkloadPlan;
  objects: KubeObject[];
  findings: Finding[];
  /** What every input field became. */
  ledger: FieldFate[];
}

/** Context shared by all workloads of one plan. */
export interface ConvertContext {
  options: ConvertOptions;
  /** Names of every workload in the plan, for detecting calls between them. */
  workloadNames: readonly string[];
}

/** The Service ports of a workload as the port mapper finds them. */
interface PortState {
  servicePorts: ServicePort[];
  takenNames: Set<string>;
  firstPort?: number | undefined;
}

/** What the containers of one task became, for the pod spec, the objects and the plan. */
interface MappedContainers {
  groups: Record<Role, { k: Container; size: ContainerSize }[]>;
  sizing: TaskSizing;
  env: EnvState;
  ports: PortState;
  health: { healthPath?: string | undefined };
  podVolumes: Record<string, unknown>[];
  /** Longest ECS stopTimeout, in seconds (0 when none is set). */
  maxStop: number;
  pullSecret: string | undefined;
}

/**
 * Convert one ECS task definition (with its service and scaling, when given) into Kubernetes
 * objects for EKS on Fargate, with every finding and the field ledger. Pure: same input, same
 * output. Each concern is a mapper of its own (map-*.ts); this function only orders them, and the
 * order is part of the output: findings come out in the order the mappers report them.
 */
export function convertWorkload(
  loaded: LoadedTaskDefinition,
  service: LoadedService | undefined,
  scaling: ServiceScaling | undefined,
  ctx: ConvertContext,
): WorkloadConversion {
  const td = loaded.taskDefinition;
  const name = toDns1123Label(service?.service.serviceName ?? td.family);
  const scope = new WorkloadScope(name, td.family, ctx.options, loaded.source);
  noteRenamed(scope, loaded, service);

  const ephemeralGiB = mapTask(scope, td);
  const vols = mapVolumes(scope, td);
  const mapped = mapContainers(scope, td, service, ephemeralGiB, vols);
  const { groups, env, ports } = mapped;
  const podSpec = buildPodSpec(scope, td, mapped);

  const settings = mapServiceSettings(scope, service, ports.firstPort);
  const replicas = settings.replicas;
  const sized = mapPodSizing(
    scope,
    td,
    mapped.sizing,
    {
      apps: groups.app.map((g) => g.size),
      init: groups.init.map((g) => g.size),
      sidecars: groups.sidecar.map((g) => g.size),
    },
    ephemeralGiB,
    replicas,
  );

  const objects: KubeObject[] = [
    serviceAccount(scope, td),
    ...env.configMaps,
    ...secretObjects(scope, env),
    ...vols.objects,
  ];
  const hasPorts = ports.servicePorts.length > 0;
  if (hasPorts) objects.push(clusterIpService(scope, ports.servicePorts));
  const deployment = deploymentFor(scope, podSpec, settings, scaling?.target ? undefined : replicas);
  const lb = mapLoadBalancers(scope, service, {
    ...(ports.firstPort !== undefined ? { firstPort: ports.firstPort } : {}),
    hasPorts,
    ...(mapped.health.healthPath !== undefined ? { healthPath: mapped.health.healthPath } : {}),
  });
  const scalingObjects = mapScaling(scope, service, scaling, deployment, replicas);
  // `blocked` counts only blockers --drop-unsupported could not remove (Windows, DAEMON, ...).
  if (!scope.blocked) objects.push(deployment);
  objects.push(...scalingObjects, ...lb.objects);

  const trafficPath = detectTraffic({
    name,
    ports: ports.servicePorts.map((p) => p.port),
    loadBalancer: lb.traffic,
    envValues: env.envValues,
    secretNames: env.secretNames,
    workloadNames: ctx.workloadNames,
  });
  for (const hint of trafficPath.hints) scope.add('warning', 'endpoint-reference', hint.message, hint.field);

  const plan = workloadPlan(scope, loaded, service, replicas, groups, sized, trafficPath.path);
  // Blocked workloads emit nothing: half a workload applied is worse than none.
  return {
    plan,
    objects: scope.blocked ? [] : objects,
    findings: groupByContainer(scope.findings),
    ledger: scope.ledger.entries,
  };
}

/** Kubernetes names must be DNS-1123 labels: say so when the service or family had to change. */
function noteRenamed(scope: WorkloadScope, loaded: LoadedTaskDefinition, service: LoadedService | undefined): void {
  const given = service?.service.serviceName ?? loaded.taskDefinition.family;
  if (scope.name === given) return;
  scope.add(
    'info',
    'name-changed',
    `Kubernetes names must be DNS-1123 labels: ${given} is named ${scope.name}`,
    service ? 'serviceName' : 'family',
    undefined,
    service?.source ?? loaded.source,
  );
}

/** Every container definition through the container mappers, grouped by the role it gets in the pod. */
function mapContainers(
  scope: WorkloadScope,
  td: EcsTaskDefinition,
  service: LoadedService | undefined,
  ephemeralGiB: number,
  vols: VolumeState,
): MappedContainers {
  const defs = td.containerDefinitions;
  const roles = containerRoles(defs);
  const sizing = planContainerSizes(defs, td.cpu, td.memory, (c) => roles.get(c.name) === 'init');
  const k8sNames = new Map(defs.map((c) => [c.name, toDns1123Label(c.name)] as const));
  checkNameClash(scope, defs, k8sNames);
  const env = newEnvState();
  const logging = newLoggingState();
  const routing = serviceRouting(service);
  checkRouting(scope, routing, defs, service);
  const out: MappedContainers = {
    groups: { init: [], sidecar: [], app: [] },
    sizing,
    env,
    ports: { servicePorts: [], takenNames: new Set<string>(), firstPort: undefined },
    health: {},
    podVolumes: [...vols.volumes],
    maxStop: 0,
    pullSecret: undefined,
  };
  const mainIndex = mainContainerIndex(defs);
  defs.forEach((c, i) => {
    const at = `containerDefinitions[${i}]`;
    const role = roles.get(c.name) ?? 'app';
    const size = sizing.containers[i] ?? missingSize(c.name);
    const k: Container = { name: k8sNames.get(c.name) ?? toDns1123Label(c.name), image: c.image };
    mapProcess(scope, c, at, k, role);
    mapEnvironment(scope, c, at, k, defs.length === 1, env);
    mapContainerResources(
      scope,
      c,
      at,
      k,
      size,
      i === mainIndex && ephemeralGiB > FARGATE_EPHEMERAL_STORAGE.defaultGiB ? ephemeralGiB : undefined,
    );
    mapPorts(scope, td, c, at, k, routing, out.ports);
    mapHealthCheck(scope, c, at, k, out.health);
    out.podVolumes.push(...mapSecurity(scope, c, at, k));
    mapLogging(scope, c, at, logging);
    mapMounts(scope, td, c, at, k, vols);
    if (c.repositoryCredentials?.credentialsParameter) out.pullSecret = joinName([scope.name, 'registry']);
    if (c.stopTimeout !== undefined) out.maxStop = Math.max(out.maxStop, c.stopTimeout);
    if (role === 'sidecar') k['restartPolicy'] = 'Always';
    out.groups[role].push({ k, size });
  });
  unsupportedLogDestinations(scope, logging);
  fargateUlimitWarning(scope, defs, ranOnFargate(td, service));
  mapDependsOn(
    scope,
    defs,
    (n) => k8sNames.get(n) ?? toDns1123Label(n),
    out.groups.sidecar.map((g) => g.k),
  );
  if (out.groups.app.length === 0) {
    scope.blocked = true;
    scope.add(
      'blocker',
      'no-app-container',
      'every container is a dependency of another: nothing long-running is left for the pod',
      'containerDefinitions',
    );
  }
  return out;
}

/** The planner gives every container definition a size; a missing one is a bug here, not an input error. */
function missingSize(container: string): never {
  throw new Error(`no size was planned for container ${container}`);
}

/** The pod template's spec: containers in their roles, grace period, host aliases, pull secret, volumes. */
function buildPodSpec(scope: WorkloadScope, td: EcsTaskDefinition, mapped: MappedContainers): Record<string, unknown> {
  const { groups, maxStop } = mapped;
  const podSpec: Record<string, unknown> = {};
  podSpec['serviceAccountName'] = joinName([scope.name]);
  if (td.pidMode === 'task') podSpec['shareProcessNamespace'] = true;
  const allInit = [...groups.init, ...groups.sidecar].map((g) => g.k);
  if (allInit.length > 0) podSpec['initContainers'] = allInit;
  podSpec['containers'] = groups.app.map((g) => g.k);
  if (maxStop > 0) {
    podSpec['terminationGracePeriodSeconds'] = maxStop;
    scope.row(`stopTimeout ${maxStop}s`, `terminationGracePeriodSeconds: ${maxStop}`);
  }
  const hostAliases = collectHostAliases(td.containerDefinitions);
  if (hostAliases.length > 0) podSpec['hostAliases'] = hostAliases;
  if (mapped.pullSecret) podSpec['imagePullSecrets'] = [{ name: mapped.pullSecret }];
  if (mapped.podVolumes.length > 0) podSpec['volumes'] = mapped.podVolumes;
  return podSpec;
}

/** The workload's ServiceAccount; the task role becomes its IRSA role. */
function serviceAccount(scope: WorkloadScope, td: EcsTaskDefinition): KubeObject {
  const sa = joinName([scope.name]);
  const saObj: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: scope.meta(sa) };
  if (!td.taskRoleArn) return saObj;
  saObj.metadata.annotations = { 'eks.amazonaws.com/role-arn': td.taskRoleArn };
  scope.mapped('taskRoleArn', `ServiceAccount/${sa} annotation eks.amazonaws.com/role-arn`);
  scope.row(
    'taskRoleArn',
    `ServiceAccount ${sa} with eks.amazonaws.com/role-arn (IRSA)`,
    'EKS Pod Identity does not work on Fargate',
  );
  scope.add(
    'warning',
    'irsa-trust',
    `taskRoleArn ${td.taskRoleArn}: its trust policy must allow sts:AssumeRoleWithWebIdentity from the cluster's OIDC provider for system:serviceaccount:${scope.namespace}:${sa} (ECS tasks assumed it through ecs-tasks.amazonaws.com)`,
    'taskRoleArn',
  );
  return saObj;
}

/** The ClusterIP Service in front of the ports something routes to. */
function clusterIpService(scope: WorkloadScope, servicePorts: readonly ServicePort[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: scope.meta(scope.name),
    spec: {
      type: 'ClusterIP',
      selector: scope.labels,
      ports: servicePorts.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: p.port,
        protocol: p.protocol,
        ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
      })),
    },
  };
}

/** The plan's view of one workload: its sizes on both sides, its containers, mappings and traffic. */
function workloadPlan(
  scope: WorkloadScope,
  loaded: LoadedTaskDefinition,
  service: LoadedService | undefined,
  replicas: number,
  groups: MappedContainers['groups'],
  sized: ReturnType<typeof mapPodSizing>,
  traffic: WorkloadPlan['traffic'],
): WorkloadPlan {
  const { podSize, ecsSize, ecsMonthly, eksMonthly } = sized;
  return {
    name: scope.name,
    namespace: scope.namespace,
    source: loaded.source,
    ...(service ? { serviceName: service.service.serviceName } : {}),
    replicas,
    containers: groups.app.map((g) => g.k.name),
    initContainers: [...groups.init, ...groups.sidecar].map((g) => g.k.name),
    blocked: scope.blocked,
    fargate: {
      requested: { cpu: formatCpu(podSize.requestedCpuMillis), memory: formatMemory(podSize.requestedMemoryMiB) },
      vcpu: podSize.vcpu,
      memoryGb: podSize.memoryGb,
      capacityProvisioned: podSize.capacityProvisioned,
      ephemeralStorageGiB: podSize.ephemeralStorageGiB,
      monthlyUsd: eksMonthly,
    },
    ecs: {
      vcpu: ecsSize.vcpu,
      memoryGb: ecsSize.memoryGb,
      ephemeralStorageGiB: loaded.taskDefinition.ephemeralStorage?.sizeInGiB ?? 20,
      monthlyUsd: ecsMonthly,
    },
    mappings: scope.mappings,
    traffic,
  };
}

/** The Deployment: replicas only when no autoscaler owns them, the service's rollout settings. */
function deploymentFor(
  scope: WorkloadScope,
  podSpec: Record<string, unknown>,
  settings: ReturnType<typeof mapServiceSettings>,
  replicas: number | undefined,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: scope.meta(scope.name),
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      revisionHistoryLimit: 10,
      ...(settings.progressDeadline !== undefined ? { progressDeadlineSeconds: settings.progressDeadline } : {}),
      selector: { matchLabels: scope.labels },
      strategy: settings.strategy,
      template: { metadata: { labels: scope.labels }, spec: podSpec },
    },
  };
}
