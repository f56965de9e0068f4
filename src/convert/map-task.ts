import type { EcsTaskDefinition } from '../ecs/model.js';
import { FARGATE_EPHEMERAL_STORAGE } from '../fargate/sizing.js';
import { placeholderArn } from './map-container.js';
import { NO_KUBERNETES_MEANING } from './ledger.js';
import type { WorkloadScope } from './scope.js';

/** Task-level fields the mappers of this file own. */
const TASK_FIELDS = new Set([
  'runtimePlatform',
  'networkMode',
  'pidMode',
  'ipcMode',
  'inferenceAccelerators',
  'placementConstraints',
  'proxyConfiguration',
  'executionRoleArn',
  'taskRoleArn',
  'ephemeralStorage',
  'cpu',
  'memory',
  'containerDefinitions',
  'volumes',
]);

const NO_MEANING_KEYS: ReadonlySet<string> = new Set(NO_KUBERNETES_MEANING.filter((p) => !/[.[]/.test(p)));

/**
 * Platform, namespaces, accelerators, placement, App Mesh and roles of the task. Returns the
 * ephemeral storage (GiB) the pod asks for.
 */
export function mapTask(scope: WorkloadScope, td: EcsTaskDefinition): number {
  mapPlatformAndNamespaces(scope, td);
  mapTaskExtras(scope, td);
  mapTaskRoles(scope, td);
  const ephemeralGiB = ephemeralStorageGiB(scope, td);
  // The explicit no-meaning list: recorded so the ledger alone answers "what became of this field".
  for (const key of Object.keys(td)) {
    if (TASK_FIELDS.has(key)) continue;
    if (NO_MEANING_KEYS.has(key)) scope.noMeaning(key);
    // The parser already reported it (unknown-field); the ledger points at that finding.
    else if (key !== 'taskRoleArn') scope.ledger.finding(key, 'unknown-field');
  }
  const taskLevel = Object.fromEntries(Object.entries(td).filter(([key]) => key !== 'containerDefinitions'));
  scope.emptiesHaveNoMeaning(taskLevel, '');
  return ephemeralGiB;
}

/** runtimePlatform, networkMode, pidMode and ipcMode: what the pod can share with its host and itself. */
function mapPlatformAndNamespaces(scope: WorkloadScope, td: EcsTaskDefinition): void {
  const os = td.runtimePlatform?.operatingSystemFamily;
  if (os && os !== 'LINUX') {
    scope.blocker(
      'windows',
      `operating system ${os}: EKS Fargate runs Linux pods only`,
      'runtimePlatform.operatingSystemFamily',
      undefined,
      false,
    );
  }
  if (td.runtimePlatform?.cpuArchitecture === 'ARM64') {
    scope.blocker(
      'arm64',
      'cpuArchitecture ARM64: EKS Fargate runs x86_64 pods only; the image needs a linux/amd64 variant',
      'runtimePlatform.cpuArchitecture',
    );
  }
  if (td.networkMode === 'host') {
    scope.blocker('host-network', 'networkMode "host": EKS Fargate does not allow hostNetwork', 'networkMode');
  } else if (td.networkMode === 'bridge' || td.networkMode === 'none') {
    scope.add(
      'warning',
      'network-mode',
      `networkMode "${td.networkMode}" becomes the pod network (one IP per pod, containers share localhost); ports must not collide between containers`,
      'networkMode',
    );
  }
  if (td.pidMode === 'host') scope.blocker('host-pid', 'pidMode "host": EKS Fargate does not allow hostPID', 'pidMode');
  else if (td.pidMode === 'task') {
    scope.mapped('pidMode', `Deployment/${scope.name} shareProcessNamespace`);
    scope.row('pidMode "task"', 'shareProcessNamespace: true');
  }
  if (td.ipcMode === 'host') scope.blocker('host-ipc', 'ipcMode "host": EKS Fargate does not allow hostIPC', 'ipcMode');
  else if (td.ipcMode === 'task')
    scope.add(
      'warning',
      'ipc-mode',
      'ipcMode "task" has no pod-level equivalent; containers of a pod do not share IPC namespaces except through shared memory volumes',
      'ipcMode',
    );
  else if (td.ipcMode !== undefined) scope.noMeaning('ipcMode');
}

/** Accelerators, placement constraints and App Mesh proxies: none of them carry over. */
function mapTaskExtras(scope: WorkloadScope, td: EcsTaskDefinition): void {
  if (td.inferenceAccelerators && td.inferenceAccelerators.length > 0) {
    scope.blocker(
      'gpu',
      `inferenceAccelerators ${td.inferenceAccelerators.map((a) => `${a.deviceName ?? ''} (${a.deviceType ?? ''})`).join(', ')}: EKS Fargate has no accelerators or GPUs`,
      'inferenceAccelerators',
      undefined,
      false,
    );
  } else if (td.inferenceAccelerators) scope.noMeaning('inferenceAccelerators');
  if (td.placementConstraints && td.placementConstraints.length > 0) {
    scope.add(
      'warning',
      'placement-constraints',
      'placementConstraints have no meaning on Fargate (each pod gets its own micro-VM) and are dropped',
      'placementConstraints',
    );
  } else if (td.placementConstraints) scope.noMeaning('placementConstraints');
  if (td.proxyConfiguration) {
    scope.add(
      'warning',
      'app-mesh',
      `proxyConfiguration (${td.proxyConfiguration.type ?? 'APPMESH'} proxy ${td.proxyConfiguration.containerName ?? ''}) is not converted: App Mesh is being retired; on EKS use a mesh such as Istio ambient or VPC Lattice, and drop the Envoy container`,
      'proxyConfiguration',
    );
  }
}

/** executionRoleArn and taskRoleArn: what replaces them, and placeholders that name no real role. */
function mapTaskRoles(scope: WorkloadScope, td: EcsTaskDefinition): void {
  if (td.executionRoleArn) {
    scope.mapped('executionRoleArn', 'Fargate pod execution role of the Fargate profile');
    scope.row(
      'executionRoleArn',
      '(Fargate pod execution role of the Fargate profile)',
      "image pulls and logs use the profile's role; secrets are read by External Secrets Operator's role",
    );
    const why = placeholderArn(td.executionRoleArn);
    if (why !== undefined)
      scope.add('warning', 'placeholder-arn', `executionRoleArn ${td.executionRoleArn}: ${why}`, 'executionRoleArn');
  }
  if (td.executionRoleArn !== undefined && !td.executionRoleArn) scope.noMeaning('executionRoleArn');
  if (td.taskRoleArn !== undefined && !td.taskRoleArn) scope.noMeaning('taskRoleArn');
  const roleWhy = td.taskRoleArn ? placeholderArn(td.taskRoleArn) : undefined;
  if (roleWhy !== undefined) {
    scope.add(
      'warning',
      'placeholder-arn',
      `taskRoleArn ${td.taskRoleArn}: ${roleWhy}; the ServiceAccount's IRSA annotation would name a role that does not exist`,
      'taskRoleArn',
    );
  }
}

/** The ephemeral storage the pod asks for, capped at Fargate's maximum when that blocker is dropped. */
function ephemeralStorageGiB(scope: WorkloadScope, td: EcsTaskDefinition): number {
  let ephemeralGiB: number = FARGATE_EPHEMERAL_STORAGE.defaultGiB;
  const requested = td.ephemeralStorage?.sizeInGiB;
  if (requested !== undefined) {
    scope.mapped('ephemeralStorage', `Deployment/${scope.name} resources ephemeral-storage`);
    if (requested > FARGATE_EPHEMERAL_STORAGE.defaultGiB) {
      ephemeralGiB = requested;
      if (requested > FARGATE_EPHEMERAL_STORAGE.maxGiB) {
        if (
          scope.blocker(
            'ephemeral-storage',
            `ephemeralStorage ${requested} GiB is above the EKS Fargate maximum of ${FARGATE_EPHEMERAL_STORAGE.maxGiB} GiB`,
            'ephemeralStorage.sizeInGiB',
          )
        ) {
          ephemeralGiB = FARGATE_EPHEMERAL_STORAGE.maxGiB;
        }
      }
    }
  }
  return ephemeralGiB;
}
