import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { Finding } from '../findings.js';
import type { EcsContainer, LoadedService, LoadedTaskDefinition } from '../ecs/model.js';
import type { WorkloadPlan } from '../report/model.js';
import { FARGATE_EPHEMERAL_STORAGE } from '../fargate/sizing.js';
import { formatCpu, formatMemory } from '../fargate/quantity.js';
import type { FieldFate } from './ledger.js';
import { mapProcess } from './map-container.js';
import { mapEnvironment, newEnvState, secretObjects } from './map-env.js';
import { mapDependsOn, mapHealthCheck } from './map-health.js';
import { mapLogging, newLoggingState, unsupportedLogDestinations } from './map-logging.js';
import { mapPorts, serviceRouting, type ServicePort } from './map-ports.js';
import { mapContainerResources, mapPodSizing, planContainerSizes, type ContainerSize } from './map-resources.js';
import { fargateUlimitWarning, mapSecurity } from './map-security.js';
import { mapLoadBalancers, mapScaling, mapServiceSettings } from './map-service.js';
import { mapTask } from './map-task.js';
import { mapMounts, mapVolumes } from './map-volumes.js';
import { joinName, toDns1123Label } from './names.js';
import type { KubeObject } from '../model/kube-object.js';
import type { ConvertOptions } from './options.js';
import { cmpStr, WorkloadScope, type Container } from './scope.js';
import { detectTraffic } from './traffic.js';

export { AlbMode, type ConvertOptions } from './options.js';
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

type Role = 'init' | 'sidecar' | 'app';

/**
 * Convert one ECS task definition (with its service and scaling, when given) into Kubernetes
 * objects for EKS on Fargate, with every finding and the field ledger. Pure: same input, same
 * output. Each concern is a mapper of its own (map-*.ts); this function only orders them.
 */
export function convertWorkload(
  loaded: LoadedTaskDefinition,
  service: LoadedService | undefined,
  scaling: ServiceScaling | undefined,
  ctx: ConvertContext,
): WorkloadConversion {
  const { options } = ctx;
  const td = loaded.taskDefinition;
  const svc = service?.service;
  const name = toDns1123Label(svc?.serviceName ?? td.family);
  const scope = new WorkloadScope(name, td.family, options, loaded.source);
  if (name !== (svc?.serviceName ?? td.family)) {
    scope.add(
      'info',
      'name-changed',
      `Kubernetes names must be DNS-1123 labels: ${svc?.serviceName ?? td.family} is named ${name}`,
      svc ? 'serviceName' : 'family',
      undefined,
      service?.source ?? loaded.source,
    );
  }

  const ephemeralGiB = mapTask(scope, td);
  const vols = mapVolumes(scope, td);

  // ---- containers
  const defs = td.containerDefinitions;
  const roles = containerRoles(defs);
  const sizing = planContainerSizes(defs, td.cpu, td.memory, (c) => roles.get(c.name) === 'init');
  const k8sNames = new Map(defs.map((c) => [c.name, toDns1123Label(c.name)] as const));
  const clash = defs.find((c, i) => defs.findIndex((o) => k8sNames.get(o.name) === k8sNames.get(c.name)) !== i);
  if (clash) {
    scope.blocked = true;
    scope.add(
      'blocker',
      'container-name-clash',
      `container names ${defs
        .filter((o) => k8sNames.get(o.name) === k8sNames.get(clash.name))
        .map((o) => o.name)
        .join(' and ')} both become ${k8sNames.get(clash.name)} in Kubernetes; rename one`,
      'containerDefinitions',
      clash.name,
    );
  }
  const env = newEnvState();
  const logging = newLoggingState();
  const routing = serviceRouting(service);
  if (routing.known && !routesToAnyPort(routing, defs)) {
    // What the service routes to is not a port of the task: keep every port rather than none, and say so.
    routing.known = false;
    const exposed = defs.flatMap((c) =>
      (c.portMappings ?? []).filter((p) => p.containerPort !== undefined).map((p) => `${c.name}:${p.containerPort}`),
    );
    if (exposed.length > 0) {
      scope.add(
        'warning',
        'routing-mismatch',
        `the service routes to ${[...routing.targets].map((t) => t.replace(/^:/, 'port ')).join(', ') || [...routing.portNames].join(', ')}, which no container exposes (they expose ${exposed.join(', ')}): every port goes into the Service; check the load balancer's containerPort`,
        'loadBalancers',
        undefined,
        service?.source,
      );
    }
  }
  const ports = {
    servicePorts: [] as ServicePort[],
    takenNames: new Set<string>(),
    firstPort: undefined as number | undefined,
  };
  const health: { healthPath?: string } = {};
  const groups: Record<Role, { k: Container; size: ContainerSize }[]> = { init: [], sidecar: [], app: [] };
  const podVolumes = [...vols.volumes];
  let maxStop = 0;
  let pullSecret: string | undefined;
  const mainIndex = mainContainerIndex(defs);

  defs.forEach((c, i) => {
    const at = `containerDefinitions[${i}]`;
    const role = roles.get(c.name)!;
    const k: Container = { name: k8sNames.get(c.name)!, image: c.image };
    mapProcess(scope, td, c, at, k, role);
    mapEnvironment(scope, c, at, k, defs.length === 1, env);
    mapContainerResources(
      scope,
      c,
      at,
      k,
      sizing.containers[i]!,
      i === mainIndex && ephemeralGiB > FARGATE_EPHEMERAL_STORAGE.defaultGiB ? ephemeralGiB : undefined,
    );
    mapPorts(scope, td, c, at, k, routing, ports);
    mapHealthCheck(scope, c, at, k, health);
    podVolumes.push(...mapSecurity(scope, c, at, k));
    mapLogging(scope, c, at, logging);
    mapMounts(scope, td, c, at, k, vols);
    if (c.repositoryCredentials?.credentialsParameter) pullSecret = joinName([name, 'registry']);
    if (c.stopTimeout !== undefined) maxStop = Math.max(maxStop, c.stopTimeout);
    if (role === 'sidecar') k['restartPolicy'] = 'Always';
    groups[role].push({ k, size: sizing.containers[i]! });
  });
  unsupportedLogDestinations(scope, logging);
  fargateUlimitWarning(scope, defs, ranOnFargate(td, service));
  const sidecars = groups.sidecar.map((g) => g.k);
  mapDependsOn(scope, defs, (n) => k8sNames.get(n) ?? toDns1123Label(n), sidecars);
  const apps = groups.app.map((g) => g.k);
  if (apps.length === 0) {
    scope.blocked = true;
    scope.add(
      'blocker',
      'no-app-container',
      'every container is a dependency of another: nothing long-running is left for the pod',
      'containerDefinitions',
    );
  }

  // ---- pod spec
  const podSpec: Record<string, unknown> = {};
  const sa = joinName([name]);
  podSpec['serviceAccountName'] = sa;
  if (td.pidMode === 'task') podSpec['shareProcessNamespace'] = true;
  const allInit = [...groups.init.map((g) => g.k), ...sidecars];
  if (allInit.length > 0) podSpec['initContainers'] = allInit;
  podSpec['containers'] = apps;
  if (maxStop > 0) {
    podSpec['terminationGracePeriodSeconds'] = maxStop;
    scope.row(`stopTimeout ${maxStop}s`, `terminationGracePeriodSeconds: ${maxStop}`);
  }
  const hostAliases = collectHostAliases(defs);
  if (hostAliases.length > 0) podSpec['hostAliases'] = hostAliases;
  if (pullSecret) podSpec['imagePullSecrets'] = [{ name: pullSecret }];
  if (podVolumes.length > 0) podSpec['volumes'] = podVolumes;

  // ---- service settings, sizing, cost
  const settings = mapServiceSettings(scope, service, ports.firstPort);
  const replicas = settings.replicas;
  const sized = mapPodSizing(
    scope,
    td,
    sizing,
    {
      apps: groups.app.map((g) => g.size),
      init: groups.init.map((g) => g.size),
      sidecars: groups.sidecar.map((g) => g.size),
    },
    ephemeralGiB,
    replicas,
  );

  // ---- objects
  const objects: KubeObject[] = [];
  const saObj: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: scope.meta(sa) };
  if (td.taskRoleArn) {
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
  }
  objects.push(saObj, ...env.configMaps, ...secretObjects(scope, env), ...vols.objects);
  const hasPorts = ports.servicePorts.length > 0;
  if (hasPorts) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: scope.meta(name),
      spec: {
        type: 'ClusterIP',
        selector: scope.labels,
        ports: ports.servicePorts.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: p.port,
          protocol: p.protocol,
          ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
        })),
      },
    });
  }
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: scope.meta(name),
    spec: {
      ...(scaling?.target ? {} : { replicas }),
      revisionHistoryLimit: 10,
      ...(settings.progressDeadline !== undefined ? { progressDeadlineSeconds: settings.progressDeadline } : {}),
      selector: { matchLabels: scope.labels },
      strategy: settings.strategy,
      template: { metadata: { labels: scope.labels }, spec: podSpec },
    },
  };
  const lb = mapLoadBalancers(scope, service, {
    firstPort: ports.firstPort,
    hasPorts,
    ...(health.healthPath !== undefined ? { healthPath: health.healthPath } : {}),
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

  const { podSize, ecsSize, ecsMonthly, eksMonthly } = sized;
  const plan: WorkloadPlan = {
    name,
    namespace: scope.namespace,
    source: loaded.source,
    ...(svc ? { serviceName: svc.serviceName } : {}),
    replicas,
    containers: apps.map((a) => a.name),
    initContainers: allInit.map((a) => a.name),
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
      ephemeralStorageGiB: td.ephemeralStorage?.sizeInGiB ?? 20,
      monthlyUsd: ecsMonthly,
    },
    mappings: scope.mappings,
    traffic: trafficPath.path,
  };
  // Blocked workloads emit nothing: half a workload applied is worse than none.
  return {
    plan,
    objects: scope.blocked ? [] : objects,
    findings: groupByContainer(scope.findings),
    ledger: scope.ledger.entries,
  };
}

/** Whether any container port is one the service's load balancers, registries or Service Connect route to. */
function routesToAnyPort(routing: ReturnType<typeof serviceRouting>, defs: readonly EcsContainer[]): boolean {
  return defs.some((c) =>
    (c.portMappings ?? []).some(
      (p) =>
        routing.targets.has(`${c.name}:${p.containerPort}`) ||
        routing.targets.has(`:${p.containerPort}`) ||
        (p.name !== undefined && routing.portNames.has(p.name)),
    ),
  );
}

/** The task ran on ECS Fargate (so its containers had Fargate's ulimits). */
function ranOnFargate(td: LoadedTaskDefinition['taskDefinition'], service: LoadedService | undefined): boolean {
  const svc = service?.service;
  return (
    (Array.isArray(td.requiresCompatibilities) && td.requiresCompatibilities.includes('FARGATE')) ||
    svc?.launchType === 'FARGATE' ||
    (Array.isArray(svc?.capacityProviderStrategy) &&
      svc.capacityProviderStrategy.some((s) => String(s?.capacityProvider ?? '').startsWith('FARGATE')))
  );
}

/** Decide which ECS containers become init containers, sidecars, or app containers. */
function containerRoles(defs: readonly EcsContainer[]): Map<string, Role> {
  const roles = new Map<string, Role>(defs.map((c) => [c.name, 'app']));
  for (const c of defs) {
    for (const d of c.dependsOn ?? []) {
      if (!d.containerName) continue;
      if (d.condition === 'SUCCESS' || d.condition === 'COMPLETE') roles.set(d.containerName, 'init');
      else if (roles.get(d.containerName) !== 'init') roles.set(d.containerName, 'sidecar');
    }
  }
  return roles;
}

/** The container that gets pod-level requests such as ephemeral storage: the first essential one. */
function mainContainerIndex(defs: readonly EcsContainer[]): number {
  const i = defs.findIndex(
    (c) => c.essential !== false && !defs.some((o) => (o.dependsOn ?? []).some((d) => d.containerName === c.name)),
  );
  return i >= 0 ? i : 0;
}

function collectHostAliases(defs: readonly EcsContainer[]): { ip: string; hostnames: string[] }[] {
  const byIp = new Map<string, Set<string>>();
  for (const c of defs) {
    for (const h of c.extraHosts ?? []) {
      if (!h.ipAddress || !h.hostname) continue;
      const set = byIp.get(h.ipAddress) ?? new Set<string>();
      set.add(h.hostname);
      byIp.set(h.ipAddress, set);
    }
  }
  return [...byIp.entries()]
    .sort(([a], [b]) => cmpStr(a, b))
    .map(([ip, names]) => ({ ip, hostnames: [...names].sort() }));
}

/**
 * A finding repeated for every container (same code, same field below the container, same text)
 * is one finding listing the containers, not one line each.
 */
function groupByContainer(findings: readonly Finding[]): Finding[] {
  const codes = new Set<string>();
  let repeated = false;
  for (const f of findings) {
    if (f.container === undefined) continue;
    if (codes.has(f.code)) repeated = true;
    codes.add(f.code);
  }
  if (!repeated) return [...findings];
  const out: Finding[] = [];
  const groups = new Map<string, { first: Finding; index: number; indices: string[]; names: string[]; text: string }>();
  for (const f of findings) {
    const m = /^containerDefinitions\[(\d+)\](.*)$/.exec(f.field ?? '');
    if (!m || f.container === undefined) {
      out.push(f);
      continue;
    }
    const text = f.message;
    const key = [f.severity, f.code, f.file ?? '', m[2], text].join('\u0000');
    const g = groups.get(key);
    if (g) {
      g.indices.push(m[1]!);
      g.names.push(f.container);
      continue;
    }
    groups.set(key, { first: f, index: out.length, indices: [m[1]!], names: [f.container], text });
    out.push(f);
  }
  for (const g of groups.values()) {
    if (g.names.length < 2) continue;
    const suffix = /^containerDefinitions\[\d+\](.*)$/.exec(g.first.field!)![1];
    out[g.index] = {
      ...g.first,
      container: g.names.join(', '),
      field: `containerDefinitions[${g.indices.join(', ')}]${suffix}`,
      message: `containers ${g.names.join(', ')}: ${g.text}`,
    };
  }
  return out;
}
