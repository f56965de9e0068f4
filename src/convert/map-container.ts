import type { EcsContainer } from '../ecs/model.js';
import { placeholderReason } from '../manifests/images.js';
import type { Container, WorkloadScope } from './scope.js';

/** Fields of an ECS container definition (the API's ContainerDefinition); others are reported as ignored. */
const ECS_CONTAINER_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'image',
  'repositoryCredentials',
  'cpu',
  'memory',
  'memoryReservation',
  'links',
  'portMappings',
  'essential',
  'restartPolicy',
  'entryPoint',
  'command',
  'environment',
  'environmentFiles',
  'mountPoints',
  'volumesFrom',
  'linuxParameters',
  'secrets',
  'dependsOn',
  'startTimeout',
  'stopTimeout',
  'versionConsistency',
  'hostname',
  'user',
  'workingDirectory',
  'disableNetworking',
  'privileged',
  'readonlyRootFilesystem',
  'dnsServers',
  'dnsSearchDomains',
  'extraHosts',
  'dockerSecurityOptions',
  'interactive',
  'pseudoTerminal',
  'dockerLabels',
  'ulimits',
  'logConfiguration',
  'healthCheck',
  'systemControls',
  'resourceRequirements',
  'firelensConfiguration',
  'credentialSpecs',
]);

/**
 * Why an image or ARN is a placeholder that cannot run, or undefined: the same rule `deploy` refuses
 * them by (src/manifests/images.ts), so what plan warns about is exactly what deploy stops on.
 */
function placeholderImage(image: string): string | undefined {
  return placeholderReason(image, 'image');
}

export function placeholderArn(arn: unknown): string | undefined {
  // Role ARNs are not type-checked by the parser: anything but an ARN string is not a placeholder.
  return typeof arn === 'string' && arn.startsWith('arn:') ? placeholderReason(arn, 'arn') : undefined;
}

/** image, command and the container's process settings; links, hosts and DNS; what it needs from the pod. */
export function mapProcess(
  scope: WorkloadScope,
  c: EcsContainer,
  at: string,
  k: Container,
  role: 'init' | 'sidecar' | 'app',
): void {
  const to = `Deployment/${scope.name} container ${k.name}`;
  mapImageAndCommand(scope, c, at, k);
  if (c.essential !== undefined)
    scope.mapped(`${at}.essential`, `${to} (role ${role}; essential containers get the task size's remainder)`);
  mapNetworkIdentity(scope, c, at);
  mapContainerNeeds(scope, c, at, role);
}

/** name, image (placeholders named), entryPoint, command, workingDirectory, interactive and pseudoTerminal. */
function mapImageAndCommand(scope: WorkloadScope, c: EcsContainer, at: string, k: Container): void {
  const to = `Deployment/${scope.name} container ${k.name}`;
  scope.mapped(`${at}.name`, `${to} name`);
  scope.mapped(`${at}.image`, `${to} image`);
  scope.row(`${at} ${c.name}: image`, `container ${k.name}: image`);
  if (k.name !== c.name)
    scope.add('info', 'name-changed', `container ${c.name} is named ${k.name} (DNS-1123)`, `${at}.name`, c.name);
  const placeholder = placeholderImage(c.image);
  if (placeholder !== undefined) {
    scope.add(
      'warning',
      'placeholder-image',
      `image ${JSON.stringify(c.image)} cannot run (${placeholder}): substitute it with --image ${c.name}=<image> (deploy refuses to apply it as is)`,
      `${at}.image`,
      c.name,
    );
  }
  if (c.entryPoint !== undefined) {
    if (c.entryPoint.length > 0) k['command'] = [...c.entryPoint];
    scope.mapped(`${at}.entryPoint`, `${to} command`);
    if (c.entryPoint.length > 0) scope.row(`${at}.entryPoint`, `container ${k.name}: command`);
  }
  if (c.command !== undefined) {
    if (c.command.length > 0) k['args'] = [...c.command];
    scope.mapped(`${at}.command`, `${to} args`);
    if (c.command.length > 0) scope.row(`${at}.command`, `container ${k.name}: args`);
  }
  if (c.workingDirectory !== undefined) {
    if (c.workingDirectory) k['workingDir'] = c.workingDirectory;
    scope.mapped(`${at}.workingDirectory`, `${to} workingDir`);
  }
  if (c.interactive !== undefined) {
    if (c.interactive) k['stdin'] = true;
    scope.mapped(`${at}.interactive`, `${to} stdin`);
  }
  if (c.pseudoTerminal !== undefined) {
    if (c.pseudoTerminal) k['tty'] = true;
    scope.mapped(`${at}.pseudoTerminal`, `${to} tty`);
  }
}

/** links, extraHosts, DNS settings and hostname: what a pod shares between its containers. */
function mapNetworkIdentity(scope: WorkloadScope, c: EcsContainer, at: string): void {
  if (c.links && c.links.length > 0) {
    scope.add(
      'warning',
      'links',
      `links ${c.links.join(', ')}: containers of a pod reach each other on localhost; replace link host names with localhost`,
      `${at}.links`,
      c.name,
    );
  } else if (c.links) scope.noMeaning(`${at}.links`);
  if (c.extraHosts && c.extraHosts.length > 0) {
    scope.add('info', 'extra-hosts', `extraHosts become pod hostAliases`, `${at}.extraHosts`, c.name);
    scope.mapped(`${at}.extraHosts`, `Deployment/${scope.name} hostAliases`);
  } else if (c.extraHosts) scope.noMeaning(`${at}.extraHosts`);
  if (c.dnsServers?.length || c.dnsSearchDomains?.length) {
    scope.add(
      'warning',
      'dns',
      'dnsServers/dnsSearchDomains are pod-level in Kubernetes (dnsConfig); they are dropped — set spec.template.spec.dnsConfig if still needed',
      `${at}.dnsServers`,
      c.name,
    );
    if (c.dnsSearchDomains) scope.ledger.finding(`${at}.dnsSearchDomains`, 'dns');
  } else {
    if (c.dnsServers) scope.noMeaning(`${at}.dnsServers`);
    if (c.dnsSearchDomains) scope.noMeaning(`${at}.dnsSearchDomains`);
  }
  if (c.hostname !== undefined) {
    scope.add(
      'warning',
      'hostname',
      `hostname ${c.hostname}: containers of a pod share the pod's hostname (the pod name); set spec.template.spec.hostname if a fixed name matters`,
      `${at}.hostname`,
      c.name,
    );
  }
}

/**
 * Accelerators, registry credentials, essential, timeouts and docker labels; then the fields that
 * ask for nothing and those this planner does not know.
 */
function mapContainerNeeds(scope: WorkloadScope, c: EcsContainer, at: string, role: 'init' | 'sidecar' | 'app'): void {
  if (c.resourceRequirements && c.resourceRequirements.length > 0) {
    const what = c.resourceRequirements.map((r) =>
      (r.type === 'InferenceAccelerator'
        ? `Elastic Inference accelerator ${r.value ?? ''}`
        : `${r.value ?? ''} ${r.type ?? 'accelerator'}`
      ).trim(),
    );
    scope.blocker(
      'gpu',
      `container ${c.name} needs ${what.join(' and ')}: EKS Fargate has no GPUs or accelerators; run it on an EKS node group with them instead`,
      `${at}.resourceRequirements`,
      c.name,
    );
  }
  if (c.resourceRequirements && c.resourceRequirements.length === 0) scope.noMeaning(`${at}.resourceRequirements`);
  if (c.repositoryCredentials?.credentialsParameter) {
    const pullSecret = `${scope.name}-registry`;
    scope.add(
      'warning',
      'repository-credentials',
      `repositoryCredentials ${c.repositoryCredentials.credentialsParameter}: create the image pull Secret ${pullSecret} (type kubernetes.io/dockerconfigjson) in ${scope.namespace}, e.g. with an ExternalSecret templating .dockerconfigjson from that secret; the pod references it`,
      `${at}.repositoryCredentials`,
      c.name,
    );
  }
  if (c.essential === false && role === 'app') {
    scope.add(
      'warning',
      'non-essential',
      'essential: false — in a pod every container is restarted when it exits, and its exit does not stop the others; make it a Job or an init container if it is meant to finish',
      `${at}.essential`,
      c.name,
    );
  }
  if (c.stopTimeout !== undefined)
    scope.mapped(`${at}.stopTimeout`, `Deployment/${scope.name} terminationGracePeriodSeconds`);
  if (c.startTimeout !== undefined) {
    scope.add(
      'info',
      'start-timeout',
      `startTimeout ${c.startTimeout}s has no direct equivalent; startup probes bound how long a container may take to become healthy`,
      `${at}.startTimeout`,
      c.name,
    );
  }
  if (c.dockerLabels && Object.keys(c.dockerLabels).length > 0) {
    scope.add(
      'info',
      'docker-labels',
      'dockerLabels are not converted (pod labels and annotations carry Kubernetes metadata)',
      `${at}.dockerLabels`,
      c.name,
    );
  } else if (c.dockerLabels) scope.noMeaning(`${at}.dockerLabels`);
  // An empty list or map (console exports are full of them) asks for nothing.
  scope.emptiesHaveNoMeaning(c, at);
  for (const key of Object.keys(c)) {
    if (!ECS_CONTAINER_FIELDS.has(key))
      scope.add(
        'warning',
        'unknown-field',
        `unknown container definition field ${JSON.stringify(key)} ignored`,
        `${at}.${key}`,
        c.name,
      );
  }
}
