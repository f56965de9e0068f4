import type { EcsContainer, LoadedService, LoadedTaskDefinition } from '../ecs/model.js';
import { DEFAULT_CAPABILITIES, normaliseCapability } from './capabilities.js';
import { joinName } from './names.js';
import type { Container, WorkloadScope } from './scope.js';

/** EKS Fargate's fixed ulimits (not configurable) and what ECS on Fargate gives by default. */
const EKS_FARGATE_ULIMITS = { nofile: { soft: 1024, hard: 65535 }, nproc: { soft: 1024, hard: 65535 } } as const;
const ECS_FARGATE_NOFILE = { soft: 65535, hard: 65535 } as const;

const ULIMIT_WORKAROUND =
  "raise the soft limit in the entrypoint, up to the hard 65535: sh -c 'ulimit -n 65535 && exec <command>'";

/**
 * privileged, user, readonlyRootFilesystem, linuxParameters (capabilities, devices, init, tmpfs,
 * shared memory, swap), ulimits, systemControls and dockerSecurityOptions → securityContext, volumes
 * and findings. Returns the pod volumes it adds (tmpfs, /dev/shm).
 */
export function mapSecurity(
  scope: WorkloadScope,
  c: EcsContainer,
  at: string,
  k: Container,
): Record<string, unknown>[] {
  const to = `Deployment/${scope.name} container ${k.name}`;
  const sc = identitySecurityContext(scope, c, at, k);
  mapCapabilities(scope, c, at, to, sc);
  const volumes = mapLinuxParameters(scope, c, at, k);
  if (Object.keys(sc).length > 0) k['securityContext'] = sc;
  hostSettingsWarnings(scope, c, at);
  return volumes;
}

/** privileged, readonlyRootFilesystem and user → the container's securityContext. */
function identitySecurityContext(
  scope: WorkloadScope,
  c: EcsContainer,
  at: string,
  k: Container,
): Record<string, unknown> {
  const cName = k.name;
  const to = `Deployment/${scope.name} container ${cName}`;
  const sc: Record<string, unknown> = {};
  if (c.privileged) {
    if (
      !scope.blocker('privileged', 'privileged containers are not allowed on EKS Fargate', `${at}.privileged`, c.name)
    )
      sc['privileged'] = true;
  } else if (c.privileged === false) scope.noMeaning(`${at}.privileged`);
  if (c.readonlyRootFilesystem !== undefined) {
    if (c.readonlyRootFilesystem) sc['readOnlyRootFilesystem'] = true;
    scope.mapped(`${at}.readonlyRootFilesystem`, `${to} securityContext.readOnlyRootFilesystem`);
  }
  if (c.user !== undefined) {
    const m = /^(\d+)(?::(\d+))?$/.exec(c.user);
    if (m) {
      sc['runAsUser'] = Number(m[1]);
      if (m[2]) sc['runAsGroup'] = Number(m[2]);
      scope.mapped(`${at}.user`, `${to} securityContext.runAsUser${m[2] ? '/runAsGroup' : ''}`);
      scope.row(`${at}.user`, `container ${cName}: securityContext.runAsUser${m[2] ? '/runAsGroup' : ''}`);
    } else {
      scope.add(
        'warning',
        'user-name',
        `user "${c.user}" is a name: Kubernetes needs numeric IDs (securityContext.runAsUser); the image's user is used instead — set runAsUser to its UID`,
        `${at}.user`,
        c.name,
      );
    }
  }
  return sc;
}

/** linuxParameters.capabilities → securityContext.capabilities: drops kept, adds refused by Fargate. */
function mapCapabilities(
  scope: WorkloadScope,
  c: EcsContainer,
  at: string,
  to: string,
  sc: Record<string, unknown>,
): void {
  const lp = c.linuxParameters;
  const caps = lp?.capabilities;
  if (caps?.drop && caps.drop.length > 0) {
    sc['capabilities'] = { drop: caps.drop.map(normaliseCapability).sort() };
    scope.mapped(`${at}.linuxParameters.capabilities.drop`, `${to} securityContext.capabilities.drop`);
  }
  if (caps?.add && caps.add.length > 0) {
    const names = caps.add.map(normaliseCapability);
    const inDefault = names.filter((n) => DEFAULT_CAPABILITIES.has(n));
    const notAvailable = names.filter((n) => !DEFAULT_CAPABILITIES.has(n));
    if (inDefault.length > 0) {
      // Adding what every container already has changes nothing: drop it, say so.
      scope.add(
        'warning',
        'capabilities-default',
        `capabilities.add ${inDefault.join(', ')}: ${inDefault.length === 1 ? 'it is' : 'they are'} in the default set every container gets, so the add is a no-op and is dropped (EKS Fargate rejects any capabilities.add)`,
        `${at}.linuxParameters.capabilities.add`,
        c.name,
      );
    }
    if (notAvailable.length > 0) {
      if (
        !scope.blocker(
          'capabilities-add',
          `EKS Fargate rejects any capabilities.add: ${notAvailable.join(', ')} ${notAvailable.length === 1 ? 'is' : 'are'} not available on Fargate`,
          `${at}.linuxParameters.capabilities.add`,
          c.name,
        )
      ) {
        sc['capabilities'] = { ...(sc['capabilities'] ?? {}), add: notAvailable };
      }
    }
  }
  if (caps && !caps.add?.length && !caps.drop?.length) scope.noMeaning(`${at}.linuxParameters.capabilities`);
}

/** Devices, init process, tmpfs, shared memory and swap; returns the pod volumes tmpfs and /dev/shm need. */
function mapLinuxParameters(
  scope: WorkloadScope,
  c: EcsContainer,
  at: string,
  k: Container,
): Record<string, unknown>[] {
  const volumes: Record<string, unknown>[] = [];
  const cName = k.name;
  const lp = c.linuxParameters;
  if (lp?.devices && lp.devices.length > 0) {
    scope.blocker(
      'devices',
      `devices ${lp.devices.map((d) => d.hostPath).join(', ')}: host devices are not available on Fargate`,
      `${at}.linuxParameters.devices`,
      c.name,
    );
  }
  if (lp?.initProcessEnabled) {
    scope.add(
      'warning',
      'init-process',
      'initProcessEnabled: Kubernetes has no per-container init; add tini/dumb-init to the image, or set shareProcessNamespace: true (the pause container then reaps zombies)',
      `${at}.linuxParameters.initProcessEnabled`,
      c.name,
    );
  } else if (lp?.initProcessEnabled === false) scope.noMeaning(`${at}.linuxParameters.initProcessEnabled`);
  (lp?.tmpfs ?? []).forEach((t, j) => {
    const vName = joinName([cName, 'tmpfs', String(j)]);
    volumes.push({ name: vName, emptyDir: { medium: 'Memory', sizeLimit: `${t.size}Mi` } });
    addMount(k, { name: vName, mountPath: t.containerPath });
    scope.add(
      'warning',
      'tmpfs',
      `tmpfs ${t.containerPath} (${t.size} MiB) becomes an in-memory emptyDir: its size counts against the pod's memory (mount options ${JSON.stringify(t.mountOptions ?? [])} are not carried over)`,
      `${at}.linuxParameters.tmpfs[${j}]`,
      c.name,
    );
  });
  if (lp?.sharedMemorySize) {
    const vName = joinName([cName, 'shm']);
    volumes.push({ name: vName, emptyDir: { medium: 'Memory', sizeLimit: `${lp.sharedMemorySize}Mi` } });
    addMount(k, { name: vName, mountPath: '/dev/shm' });
    scope.add(
      'warning',
      'shared-memory',
      `sharedMemorySize ${lp.sharedMemorySize} MiB becomes an in-memory emptyDir at /dev/shm, counted against the pod's memory`,
      `${at}.linuxParameters.sharedMemorySize`,
      c.name,
    );
  }
  if (lp?.swappiness !== undefined || lp?.maxSwap !== undefined) {
    scope.add(
      'warning',
      'swap',
      'swap settings are dropped: Fargate pods have no swap',
      `${at}.linuxParameters`,
      c.name,
    );
  }
  if (lp && Object.keys(lp).length === 0) scope.noMeaning(`${at}.linuxParameters`);
  return volumes;
}

/** ulimits, systemControls and dockerSecurityOptions: dropped, each with why. */
function hostSettingsWarnings(scope: WorkloadScope, c: EcsContainer, at: string): void {
  if (c.ulimits && c.ulimits.length > 0) {
    const raised = c.ulimits.filter(
      (u) => (u.name === 'nofile' || u.name === 'nproc') && (u.softLimit ?? 0) > EKS_FARGATE_ULIMITS.nofile.soft,
    );
    scope.add(
      'warning',
      'ulimits',
      `ulimits ${c.ulimits.map((u) => `${u.name}=${u.softLimit}/${u.hardLimit}`).join(', ')} are dropped: Kubernetes has no ulimit setting and EKS Fargate pods get nofile and nproc soft ${EKS_FARGATE_ULIMITS.nofile.soft} / hard ${EKS_FARGATE_ULIMITS.nofile.hard}, not configurable` +
        (raised.length > 0
          ? `; for ${raised.map((u) => u.name).join(' and ')} above ${EKS_FARGATE_ULIMITS.nofile.soft}, ${ULIMIT_WORKAROUND}`
          : ''),
      `${at}.ulimits`,
      c.name,
    );
  }
  if (c.systemControls && c.systemControls.length > 0) {
    scope.add(
      'warning',
      'sysctls',
      `systemControls ${c.systemControls.map((s) => `${s.namespace}=${s.value}`).join(', ')}: pod securityContext.sysctls only allows safe sysctls and Fargate may refuse others; they are dropped`,
      `${at}.systemControls`,
      c.name,
    );
  }
  if (c.dockerSecurityOptions && c.dockerSecurityOptions.length > 0) {
    scope.add(
      'warning',
      'docker-security-options',
      `dockerSecurityOptions ${c.dockerSecurityOptions.join(', ')}: SELinux/AppArmor/seccomp labels of Docker are not carried over (Fargate applies its own profile)`,
      `${at}.dockerSecurityOptions`,
      c.name,
    );
  }
}

/**
 * Tasks that ran on ECS Fargate and set no nofile ulimit had 65535/65535; on EKS Fargate the soft
 * limit is 1024, 64 times lower. One warning per workload, with the workaround.
 */
export function fargateUlimitWarning(scope: WorkloadScope, defs: readonly EcsContainer[], ranOnFargate: boolean): void {
  if (!ranOnFargate) return;
  const silent = defs.filter((c) => !(c.ulimits ?? []).some((u) => u.name === 'nofile'));
  if (silent.length === 0) return;
  scope.add(
    'warning',
    'ulimits-default',
    `on ECS Fargate ${silent.map((c) => c.name).join(', ')} ran with nofile ${ECS_FARGATE_NOFILE.soft}/${ECS_FARGATE_NOFILE.hard}; EKS Fargate pods get nofile and nproc soft ${EKS_FARGATE_ULIMITS.nofile.soft} / hard ${EKS_FARGATE_ULIMITS.nofile.hard} (the soft nofile limit drops ${Math.round(ECS_FARGATE_NOFILE.soft / EKS_FARGATE_ULIMITS.nofile.soft)}-fold) and cannot change them; a server with many connections or files should ${ULIMIT_WORKAROUND}`,
  );
}

export function addMount(k: Container, mount: Record<string, unknown>): void {
  const mounts = (k['volumeMounts'] as Record<string, unknown>[] | undefined) ?? [];
  if (!mounts.some((m) => m['mountPath'] === mount['mountPath'])) mounts.push(mount);
  k['volumeMounts'] = mounts;
}

/** The task ran on ECS Fargate (so its containers had Fargate's ulimits). */
export function ranOnFargate(td: LoadedTaskDefinition['taskDefinition'], service: LoadedService | undefined): boolean {
  const svc = service?.service;
  return (
    (Array.isArray(td.requiresCompatibilities) && td.requiresCompatibilities.includes('FARGATE')) ||
    svc?.launchType === 'FARGATE' ||
    (Array.isArray(svc?.capacityProviderStrategy) &&
      svc.capacityProviderStrategy.some((s) => {
        // The parser checks that entries are objects, not what they hold.
        const provider: unknown = s.capacityProvider;
        return typeof provider === 'string' && provider.startsWith('FARGATE');
      }))
  );
}
