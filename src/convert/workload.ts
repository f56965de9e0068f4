import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { Finding, Severity } from '../findings.js';
import type { EcsContainer, LoadedService, LoadedTaskDefinition } from '../ecs/model.js';
import type { FargateRates, FieldMapping, WorkloadPlan } from '../report/model.js';
import { fargatePodSize, ecsFargateTaskSize, FARGATE_EPHEMERAL_STORAGE } from '../fargate/sizing.js';
import { formatCpu, formatMemory } from '../fargate/quantity.js';
import { monthlyComputeUsd } from '../fargate/pricing.js';
import { DEFAULT_CAPABILITIES, normaliseCapability } from './capabilities.js';
import { isConfigMapKey, isPortName, joinName, toDns1123Label } from './names.js';
import { convertHealthCheck, type Probe } from './probes.js';
import { parseSecretReference, type SecretReference } from './secrets.js';
import { detectTraffic } from './traffic.js';
import type { KubeObject } from './objects.js';

/** How the ALB of an ECS service is carried over. */
export const AlbMode = { Ingress: 'ingress', TargetGroupBinding: 'target-group-binding' } as const;
export type AlbMode = (typeof AlbMode)[keyof typeof AlbMode];

/** Options of the conversion (from flags / action inputs, validated before). */
export interface ConvertOptions {
  namespace: string;
  dropUnsupported: boolean;
  albMode: AlbMode;
  rates: FargateRates;
  /** External Secrets Operator stores the ExternalSecrets reference (ClusterSecretStore names). */
  secretStores: { secretsManager: string; parameterStore: string };
}

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
}

/** Context shared by all workloads of one plan. */
export interface ConvertContext {
  options: ConvertOptions;
  /** Names of every workload in the plan, for detecting calls between them. */
  workloadNames: readonly string[];
}

const MANAGED_LABEL = 'app.kubernetes.io/name';

type Container = Record<string, unknown> & { name: string };

/**
 * Convert one ECS task definition (with its service and scaling, when given) into Kubernetes
 * objects for EKS on Fargate, with every finding. Pure: same input, same output.
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
  const ns = options.namespace;
  const findings: Finding[] = [];
  const mappings: FieldMapping[] = [];
  let blocked = false;
  const tdFile = loaded.source;
  const add = (
    severity: Severity,
    code: string,
    message: string,
    field?: string,
    container?: string,
    file: string = tdFile,
  ): void => {
    const f: Finding = { severity, code, message, file, workload: name };
    if (container !== undefined) f.container = container;
    if (field !== undefined) f.field = field;
    findings.push(f);
  };
  /** A Fargate blocker: with drop-unsupported it becomes a warning and the caller removes the field. */
  const blocker = (code: string, message: string, field: string, container?: string, droppable = true, file?: string): boolean => {
    if (options.dropUnsupported && droppable) {
      add('warning', code, `${message} — removed (--drop-unsupported)`, field, container, file);
      return true;
    }
    blocked = true;
    add('blocker', code, options.dropUnsupported ? `${message} (cannot be dropped)` : message, field, container, file);
    return false;
  };
  const map = (ecs: string, kubernetes: string, note?: string): void => {
    mappings.push(note ? { ecs, kubernetes, note } : { ecs, kubernetes });
  };
  if (name !== (svc?.serviceName ?? td.family)) {
    add('info', 'name-changed', `Kubernetes names must be DNS-1123 labels: ${svc?.serviceName ?? td.family} is named ${name}`, svc ? 'serviceName' : 'family', undefined, service?.source ?? tdFile);
  }
  const labels = { [MANAGED_LABEL]: name };
  const meta = (objName: string, namespaced = true): KubeObject['metadata'] =>
    namespaced ? { name: objName, namespace: ns, labels: { ...labels } } : { name: objName, labels: { ...labels } };

  // ---- task-level blockers and warnings
  const os = td.runtimePlatform?.operatingSystemFamily;
  if (os && os !== 'LINUX') {
    blocker('windows', `operating system ${os}: EKS Fargate runs Linux pods only`, 'runtimePlatform.operatingSystemFamily', undefined, false);
  }
  if (td.runtimePlatform?.cpuArchitecture === 'ARM64') {
    blocker('arm64', 'cpuArchitecture ARM64: EKS Fargate runs x86_64 pods only; the image needs a linux/amd64 variant', 'runtimePlatform.cpuArchitecture');
  }
  if (td.networkMode === 'host') {
    blocker('host-network', 'networkMode "host": EKS Fargate does not allow hostNetwork', 'networkMode');
  } else if (td.networkMode === 'bridge' || td.networkMode === 'none') {
    add('warning', 'network-mode', `networkMode "${td.networkMode}" becomes the pod network (one IP per pod, containers share localhost); ports must not collide between containers`, 'networkMode');
  }
  if (td.pidMode === 'host') blocker('host-pid', 'pidMode "host": EKS Fargate does not allow hostPID', 'pidMode');
  if (td.ipcMode === 'host') blocker('host-ipc', 'ipcMode "host": EKS Fargate does not allow hostIPC', 'ipcMode');
  else if (td.ipcMode === 'task') add('warning', 'ipc-mode', 'ipcMode "task" has no pod-level equivalent; containers of a pod do not share IPC namespaces except through shared memory volumes', 'ipcMode');
  if (td.inferenceAccelerators && td.inferenceAccelerators.length > 0) {
    blocker('gpu', 'inferenceAccelerators: EKS Fargate has no accelerators or GPUs', 'inferenceAccelerators');
  }
  if (td.placementConstraints && td.placementConstraints.length > 0) {
    add('warning', 'placement-constraints', 'placementConstraints have no meaning on Fargate (each pod gets its own micro-VM) and are dropped', 'placementConstraints');
  }
  if (td.proxyConfiguration) {
    add('warning', 'app-mesh', `proxyConfiguration (${td.proxyConfiguration.type ?? 'APPMESH'} proxy ${td.proxyConfiguration.containerName ?? ''}) is not converted: App Mesh is being retired; on EKS use a mesh such as Istio ambient or VPC Lattice, and drop the Envoy container`, 'proxyConfiguration');
  }
  if (td.executionRoleArn) {
    map('executionRoleArn', '(Fargate pod execution role of the Fargate profile)', 'image pulls and logs use the profile\'s role; secrets are read by External Secrets Operator\'s role');
  }

  // ---- ephemeral storage
  let ephemeralGiB: number = FARGATE_EPHEMERAL_STORAGE.defaultGiB;
  const requestedStorage = td.ephemeralStorage?.sizeInGiB;
  if (requestedStorage !== undefined && requestedStorage > FARGATE_EPHEMERAL_STORAGE.defaultGiB) {
    ephemeralGiB = requestedStorage;
    if (requestedStorage > FARGATE_EPHEMERAL_STORAGE.maxGiB) {
      if (blocker('ephemeral-storage', `ephemeralStorage ${requestedStorage} GiB is above the EKS Fargate maximum of ${FARGATE_EPHEMERAL_STORAGE.maxGiB} GiB`, 'ephemeralStorage.sizeInGiB')) {
        ephemeralGiB = FARGATE_EPHEMERAL_STORAGE.maxGiB;
      }
    }
  }

  // ---- volumes
  const volumes: Record<string, unknown>[] = [];
  const volumeNames = new Map<string, string>();
  const extraObjects: KubeObject[] = [];
  (td.volumes ?? []).forEach((v, i) => {
    const vName = toDns1123Label(v.name ?? `volume-${i}`);
    const field = `volumes[${i}]`;
    if (v.efsVolumeConfiguration) {
      const efs = v.efsVolumeConfiguration;
      const pvName = joinName([ns, name, vName]);
      const root = efs.rootDirectory && efs.rootDirectory !== '/' ? efs.rootDirectory : '';
      const ap = efs.authorizationConfig?.accessPointId ?? '';
      const handle = ap ? `${efs.fileSystemId}:${root}:${ap}` : root ? `${efs.fileSystemId}:${root}` : `${efs.fileSystemId}`;
      const pv: KubeObject = {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: meta(pvName, false),
        spec: {
          capacity: { storage: '5Gi' },
          volumeMode: 'Filesystem',
          accessModes: ['ReadWriteMany'],
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: '',
          ...(efs.transitEncryption === 'ENABLED' ? { mountOptions: ['tls'] } : {}),
          csi: { driver: 'efs.csi.aws.com', volumeHandle: handle },
        },
      };
      const pvc: KubeObject = {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: meta(joinName([name, vName])),
        spec: {
          accessModes: ['ReadWriteMany'],
          storageClassName: '',
          volumeName: pvName,
          resources: { requests: { storage: '5Gi' } },
        },
      };
      extraObjects.push(pv, pvc);
      volumes.push({ name: vName, persistentVolumeClaim: { claimName: joinName([name, vName]) } });
      volumeNames.set(v.name ?? '', vName);
      map(`${field} EFS ${efs.fileSystemId}`, `PersistentVolume ${pvName} (efs.csi.aws.com, ${handle}) + PVC ${joinName([name, vName])}`, 'static provisioning; capacity is required by Kubernetes but ignored by EFS');
      if (efs.authorizationConfig?.iam === 'ENABLED') {
        add('warning', 'efs-iam', 'EFS IAM authorization: on EKS the mount uses the Fargate pod execution role, not the task role; grant it elasticfilesystem:ClientMount/ClientWrite', `${field}.efsVolumeConfiguration.authorizationConfig.iam`);
      }
    } else if (v.dockerVolumeConfiguration) {
      if (blocker('docker-volume', `volume ${v.name}: Docker volumes (driver ${v.dockerVolumeConfiguration.driver ?? 'local'}) are not available on Fargate`, `${field}.dockerVolumeConfiguration`)) {
        volumes.push({ name: vName, emptyDir: {} });
        volumeNames.set(v.name ?? '', vName);
      }
    } else if (v.host?.sourcePath) {
      if (blocker('host-path', `volume ${v.name}: host path ${v.host.sourcePath} — EKS Fargate does not allow hostPath volumes`, `${field}.host.sourcePath`)) {
        volumes.push({ name: vName, emptyDir: {} });
        volumeNames.set(v.name ?? '', vName);
      }
    } else if (v.fsxWindowsFileServerVolumeConfiguration) {
      blocker('fsx-windows', `volume ${v.name}: FSx for Windows File Server needs Windows pods, which EKS Fargate does not run`, `${field}.fsxWindowsFileServerVolumeConfiguration`, undefined, false);
    } else if (v.configuredAtLaunch) {
      blocker('ebs-volume', `volume ${v.name}: EBS volumes configured at launch — EKS Fargate cannot attach EBS volumes; use EFS`, `${field}.configuredAtLaunch`);
    } else {
      volumes.push({ name: vName, emptyDir: {} });
      volumeNames.set(v.name ?? '', vName);
      map(`${field} ${v.name} (task-scoped)`, `emptyDir ${vName}`);
    }
  });

  // ---- containers
  const defs = td.containerDefinitions;
  const roles = containerRoles(defs);
  const sizes = spreadTaskSize(defs, td.cpu, td.memory, (c) => roles.get(c.name) === 'init');
  if (sizes.spread) {
    const longRunning = defs.filter((c) => roles.get(c.name) !== 'init').length;
    add('info', 'task-size-spread', `no container-level sizes: the task's ${td.cpu ?? 0} CPU units / ${td.memory ?? 0} MiB were spread over ${longRunning} long-running container(s) as requests = limits`, 'cpu');
  }
  const initContainers: Container[] = [];
  const sidecars: Container[] = [];
  const apps: Container[] = [];
  const configMaps: KubeObject[] = [];
  const secretRefs: { container: string; env: string; key: string; ref: SecretReference }[] = [];
  const servicePorts: { port: number; protocol: string; name: string; appProtocol?: string }[] = [];
  let maxStop = 0;
  let pullSecret: string | undefined;
  let firstPort: number | undefined;
  let healthPath: string | undefined;
  const envValues: string[] = [];
  const secretNames: string[] = [];
  const containerNames = new Map(defs.map((c) => [c.name, toDns1123Label(c.name)] as const));
  const clash = defs.find((c, i) => defs.findIndex((o) => containerNames.get(o.name) === containerNames.get(c.name)) !== i);
  if (clash) {
    blocked = true;
    add('blocker', 'container-name-clash', `container names ${defs.filter((o) => containerNames.get(o.name) === containerNames.get(clash.name)).map((o) => o.name).join(' and ')} both become ${containerNames.get(clash.name)} in Kubernetes; rename one`, 'containerDefinitions', clash.name);
  }

  defs.forEach((c, i) => {
    const at = `containerDefinitions[${i}]`;
    const cName = containerNames.get(c.name)!;
    const k: Container = { name: cName, image: c.image };
    if (cName !== c.name) add('info', 'name-changed', `container ${c.name} is named ${cName} (DNS-1123)`, `${at}.name`, c.name);
    map(`${at} ${c.name}: image`, `container ${cName}: image`);
    if (c.entryPoint && c.entryPoint.length > 0) {
      k['command'] = [...c.entryPoint];
      map(`${at}.entryPoint`, `container ${cName}: command`);
    }
    if (c.command && c.command.length > 0) {
      k['args'] = [...c.command];
      map(`${at}.command`, `container ${cName}: args`);
    }
    if (c.workingDirectory) k['workingDir'] = c.workingDirectory;
    if (c.interactive) k['stdin'] = true;
    if (c.pseudoTerminal) k['tty'] = true;

    // environment → ConfigMap + envFrom
    const env: Record<string, unknown>[] = [];
    const cmData: Record<string, string> = {};
    const sortedEnv = [...(c.environment ?? [])].sort((a, b) => cmpStr(a.name ?? '', b.name ?? ''));
    for (const e of sortedEnv) {
      envValues.push(e.value ?? '');
      if (isConfigMapKey(e.name ?? '') && /^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name ?? '')) cmData[e.name!] = e.value ?? '';
      else env.push({ name: e.name, value: e.value ?? '' });
    }
    const envFrom: Record<string, unknown>[] = [];
    if (Object.keys(cmData).length > 0) {
      const cmName = defs.length === 1 ? joinName([name, 'config']) : joinName([name, cName, 'config']);
      configMaps.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(cmName), data: cmData });
      envFrom.push({ configMapRef: { name: cmName } });
      map(`${at}.environment (${Object.keys(cmData).length})`, `ConfigMap ${cmName} via envFrom`);
    }
    if (c.environmentFiles && c.environmentFiles.length > 0) {
      c.environmentFiles.forEach((f, j) => {
        const cm = joinName([name, cName, 'envfile', String(j)]);
        // ECS takes the S3 object's ARN; `aws s3 cp` only takes s3:// URLs.
        const s3Url = (f.value ?? '').replace(/^arn:aws[a-z-]*:s3:::/, 's3://');
        add(
          'warning',
          'environment-file',
          `environmentFiles ${f.value}: Kubernetes cannot read env files from S3. Copy it into a ConfigMap: aws s3 cp ${s3Url} ./${cm}.env && kubectl create configmap ${cm} -n ${ns} --from-env-file=./${cm}.env, then add envFrom: [{configMapRef: {name: ${cm}}}] to container ${cName}`,
          `${at}.environmentFiles[${j}]`,
          c.name,
        );
      });
    }
    // secrets → ExternalSecret + secretKeyRef
    [...(c.secrets ?? [])].forEach((s, j) => {
      const ref = parseSecretReference(s.valueFrom ?? '');
      if ('error' in ref) {
        blocked = true;
        add('blocker', 'secret-reference', `secret ${s.name}: valueFrom ${JSON.stringify(s.valueFrom)} is ${ref.error}`, `${at}.secrets[${j}].valueFrom`, c.name);
        return;
      }
      // Containers share one Secret per store: the same variable naming a different secret in
      // another container gets its own key, or both would silently read the first one.
      let key = secretKey(s.name!);
      if (secretRefs.some((r) => r.ref.store === ref.store && r.key === key && JSON.stringify(r.ref) !== JSON.stringify(ref))) {
        key = secretKey(`${cName}.${s.name!}`);
      }
      secretRefs.push({ container: cName, env: s.name!, key, ref });
      secretNames.push(ref.name);
      env.push({
        name: s.name,
        valueFrom: { secretKeyRef: { name: joinName([name, ref.store === 'ssm' ? 'parameters' : 'secrets']), key } },
      });
    });
    if (env.length > 0) k['env'] = env.sort((a, b) => cmpStr(String(a['name']), String(b['name'])));
    if (envFrom.length > 0) k['envFrom'] = envFrom;

    // resources: Fargate sizes the pod from requests, so requests = limits
    const size = sizes.containers[i]!;
    if (c.memory !== undefined && c.memoryReservation !== undefined && c.memory !== c.memoryReservation) {
      add('warning', 'memory-reservation', `memoryReservation ${c.memoryReservation} MiB (soft) and memory ${c.memory} MiB (hard): Fargate needs requests = limits, so both become ${c.memory} MiB`, `${at}.memoryReservation`, c.name);
    } else if (c.memory === undefined && c.memoryReservation !== undefined && !sizes.spread) {
      add('info', 'memory-reservation', `memoryReservation ${c.memoryReservation} MiB becomes requests = limits (Fargate has no soft limit)`, `${at}.memoryReservation`, c.name);
    }
    if (size.cpuMillis > 0 || size.memoryMiB > 0) {
      const amounts: Record<string, string> = {};
      if (size.cpuMillis > 0) amounts['cpu'] = formatCpu(size.cpuMillis);
      if (size.memoryMiB > 0) amounts['memory'] = formatMemory(size.memoryMiB);
      if (i === mainContainerIndex(defs) && ephemeralGiB > FARGATE_EPHEMERAL_STORAGE.defaultGiB) amounts['ephemeral-storage'] = `${ephemeralGiB}Gi`;
      k['resources'] = { requests: { ...amounts }, limits: { ...amounts } };
      map(`${at} cpu/memory`, `container ${cName}: requests = limits ${Object.values(amounts).join(' / ')}`);
    }

    // ports
    const ports: Record<string, unknown>[] = [];
    (c.portMappings ?? []).forEach((p, j) => {
      const field = `${at}.portMappings[${j}]`;
      if (p.containerPortRange) {
        add('warning', 'port-range', `containerPortRange ${p.containerPortRange} is dropped: Kubernetes Services cannot expose port ranges`, `${field}.containerPortRange`, c.name);
        return;
      }
      const port = p.containerPort!;
      const protocol = (p.protocol ?? 'tcp').toUpperCase();
      if (p.hostPort !== undefined && p.hostPort !== 0) {
        if (p.hostPort === port) {
          add('info', 'host-port-dropped', `hostPort ${p.hostPort} dropped: pods get their own IP, the container port is reached directly`, `${field}.hostPort`, c.name);
        } else {
          add('warning', 'host-port-dropped', `hostPort ${p.hostPort} dropped (EKS Fargate forbids hostPort): clients must use containerPort ${port} or the Service`, `${field}.hostPort`, c.name);
        }
      }
      const pName = p.name && isPortName(toDns1123Label(p.name, 15)) ? toDns1123Label(p.name, 15) : `${protocol === 'UDP' ? 'udp' : p.appProtocol === 'grpc' ? 'grpc' : 'http'}-${port}`.slice(0, 15);
      ports.push({ name: pName, containerPort: port, protocol });
      if (!servicePorts.some((sp) => sp.port === port && sp.protocol === protocol)) {
        const sp: { port: number; protocol: string; name: string; appProtocol?: string } = { port, protocol, name: pName };
        if (p.appProtocol) sp.appProtocol = p.appProtocol;
        servicePorts.push(sp);
      }
      if (firstPort === undefined && protocol === 'TCP') firstPort = port;
      map(`${field} ${port}/${protocol.toLowerCase()}`, `container ${cName}: port ${pName}; Service port ${port}`);
    });
    if (ports.length > 0) k['ports'] = ports;

    // health check → probes
    if (c.healthCheck) {
      const probes = convertHealthCheck(c.healthCheck, c.portMappings?.[0]?.containerPort);
      k['readinessProbe'] = probes.readiness;
      k['livenessProbe'] = probes.liveness;
      if (probes.startup) k['startupProbe'] = probes.startup;
      if (probes.kind === 'http' && healthPath === undefined) healthPath = probes.httpPath;
      map(
        `${at}.healthCheck (${c.healthCheck.command?.[0] ?? ''})`,
        `container ${cName}: readiness + liveness${probes.startup ? ' + startup' : ''} probes (${probes.kind === 'http' ? `httpGet ${probes.httpPath}` : 'exec'})`,
        probes.kind === 'http' ? 'the curl/wget command became an httpGet probe: no shell or curl needed in the image' : undefined,
      );
    }

    // security context
    const sc: Record<string, unknown> = {};
    if (c.privileged) {
      if (!blocker('privileged', 'privileged containers are not allowed on EKS Fargate', `${at}.privileged`, c.name)) sc['privileged'] = true;
    }
    if (c.readonlyRootFilesystem) sc['readOnlyRootFilesystem'] = true;
    if (c.user) {
      const m = /^(\d+)(?::(\d+))?$/.exec(c.user);
      if (m) {
        sc['runAsUser'] = Number(m[1]);
        if (m[2]) sc['runAsGroup'] = Number(m[2]);
        map(`${at}.user`, `container ${cName}: securityContext.runAsUser${m[2] ? '/runAsGroup' : ''}`);
      } else {
        add('warning', 'user-name', `user "${c.user}" is a name: Kubernetes needs numeric IDs (securityContext.runAsUser); the image's user is used instead — set runAsUser to its UID`, `${at}.user`, c.name);
      }
    }
    const lp = c.linuxParameters;
    const caps = lp?.capabilities;
    if (caps?.drop && caps.drop.length > 0) {
      sc['capabilities'] = { drop: caps.drop.map(normaliseCapability).sort() };
    }
    if (caps?.add && caps.add.length > 0) {
      const names = caps.add.map(normaliseCapability);
      const inDefault = names.filter((n) => DEFAULT_CAPABILITIES.has(n));
      const notAvailable = names.filter((n) => !DEFAULT_CAPABILITIES.has(n));
      const parts: string[] = [];
      if (inDefault.length > 0) parts.push(`${inDefault.join(', ')} ${inDefault.length === 1 ? 'is' : 'are'} already in Fargate's default set — delete from the add list`);
      if (notAvailable.length > 0) parts.push(`${notAvailable.join(', ')} ${notAvailable.length === 1 ? 'is' : 'are'} not available on Fargate`);
      if (!blocker('capabilities-add', `EKS Fargate rejects any capabilities.add: ${parts.join('; ')}`, `${at}.linuxParameters.capabilities.add`, c.name)) {
        sc['capabilities'] = { ...((sc['capabilities'] as object) ?? {}), add: names };
      }
    }
    if (lp?.devices && lp.devices.length > 0) {
      blocker('devices', `devices ${lp.devices.map((d) => d.hostPath).join(', ')}: host devices are not available on Fargate`, `${at}.linuxParameters.devices`, c.name);
    }
    if (lp?.initProcessEnabled) {
      add('warning', 'init-process', 'initProcessEnabled: Kubernetes has no per-container init; add tini/dumb-init to the image, or set shareProcessNamespace: true (the pause container then reaps zombies)', `${at}.linuxParameters.initProcessEnabled`, c.name);
    }
    if (lp?.tmpfs && lp.tmpfs.length > 0) {
      lp.tmpfs.forEach((t, j) => {
        const vName = joinName([cName, 'tmpfs', String(j)]);
        volumes.push({ name: vName, emptyDir: { medium: 'Memory', sizeLimit: `${t.size}Mi` } });
        addMount(k, { name: vName, mountPath: t.containerPath });
        add('warning', 'tmpfs', `tmpfs ${t.containerPath} (${t.size} MiB) becomes an in-memory emptyDir: its size counts against the pod's memory (mount options ${JSON.stringify(t.mountOptions ?? [])} are not carried over)`, `${at}.linuxParameters.tmpfs[${j}]`, c.name);
      });
    }
    if (lp?.sharedMemorySize) {
      const vName = joinName([cName, 'shm']);
      volumes.push({ name: vName, emptyDir: { medium: 'Memory', sizeLimit: `${lp.sharedMemorySize}Mi` } });
      addMount(k, { name: vName, mountPath: '/dev/shm' });
      add('warning', 'shared-memory', `sharedMemorySize ${lp.sharedMemorySize} MiB becomes an in-memory emptyDir at /dev/shm, counted against the pod's memory`, `${at}.linuxParameters.sharedMemorySize`, c.name);
    }
    if (lp?.swappiness !== undefined || lp?.maxSwap !== undefined) {
      add('warning', 'swap', 'swap settings are dropped: Fargate pods have no swap', `${at}.linuxParameters`, c.name);
    }
    if (Object.keys(sc).length > 0) k['securityContext'] = sc;

    if (c.ulimits && c.ulimits.length > 0) {
      add('warning', 'ulimits', `ulimits ${c.ulimits.map((u) => `${u.name}=${u.softLimit}/${u.hardLimit}`).join(', ')} are dropped: Kubernetes has no ulimit setting; Fargate pods get nofile 65535`, `${at}.ulimits`, c.name);
    }
    if (c.systemControls && c.systemControls.length > 0) {
      add('warning', 'sysctls', `systemControls ${c.systemControls.map((s) => `${s.namespace}=${s.value}`).join(', ')}: pod securityContext.sysctls only allows safe sysctls and Fargate may refuse others; they are dropped`, `${at}.systemControls`, c.name);
    }
    if (c.links && c.links.length > 0) {
      add('warning', 'links', `links ${c.links.join(', ')}: containers of a pod reach each other on localhost; replace link host names with localhost`, `${at}.links`, c.name);
    }
    if (c.extraHosts && c.extraHosts.length > 0) {
      add('info', 'extra-hosts', `extraHosts become pod hostAliases`, `${at}.extraHosts`, c.name);
    }
    if (c.dnsServers?.length || c.dnsSearchDomains?.length) {
      add('warning', 'dns', 'dnsServers/dnsSearchDomains are pod-level in Kubernetes (dnsConfig); they are dropped — set spec.template.spec.dnsConfig if still needed', `${at}.dnsServers`, c.name);
    }
    if (c.resourceRequirements?.some((r) => r.type === 'GPU')) {
      blocker('gpu', 'GPU resource requirement: EKS Fargate has no GPUs', `${at}.resourceRequirements`, c.name);
    }
    if (c.logConfiguration) {
      const driver = c.logConfiguration.logDriver ?? '';
      add(
        'warning',
        'log-driver',
        `log driver ${driver}: EKS Fargate has no per-container log drivers; stdout/stderr are shipped by Fargate's built-in Fluent Bit configured in the aws-observability namespace (ConfigMap aws-logging${driver === 'awslogs' && c.logConfiguration.options?.['awslogs-group'] ? `, [OUTPUT] cloudwatch_logs log_group_name ${c.logConfiguration.options['awslogs-group']}` : ''})`,
        `${at}.logConfiguration`,
        c.name,
      );
    }
    if (c.firelensConfiguration) {
      add('warning', 'firelens', 'FireLens log router container: not needed on EKS Fargate (built-in Fluent Bit via the aws-logging ConfigMap); it is converted as a plain container — consider removing it', `${at}.firelensConfiguration`, c.name);
    }
    if (c.repositoryCredentials?.credentialsParameter) {
      pullSecret = joinName([name, 'registry']);
      add('warning', 'repository-credentials', `repositoryCredentials ${c.repositoryCredentials.credentialsParameter}: create the image pull Secret ${pullSecret} (type kubernetes.io/dockerconfigjson) in ${ns}, e.g. with an ExternalSecret templating .dockerconfigjson from that secret; the pod references it`, `${at}.repositoryCredentials`, c.name);
    }
    if (c.essential === false && roles.get(c.name) === 'app') {
      add('warning', 'non-essential', 'essential: false — in a pod every container is restarted when it exits, and its exit does not stop the others; make it a Job or an init container if it is meant to finish', `${at}.essential`, c.name);
    }
    if (c.stopTimeout !== undefined) maxStop = Math.max(maxStop, c.stopTimeout);
    if (c.startTimeout !== undefined) {
      add('info', 'start-timeout', `startTimeout ${c.startTimeout}s has no direct equivalent; startup probes bound how long a container may take to become healthy`, `${at}.startTimeout`, c.name);
    }
    if (c.dockerLabels && Object.keys(c.dockerLabels).length > 0) {
      add('info', 'docker-labels', 'dockerLabels are not converted (pod labels and annotations carry Kubernetes metadata)', `${at}.dockerLabels`, c.name);
    }
    (c.mountPoints ?? []).forEach((m, j) => {
      const vName = volumeNames.get(m.sourceVolume ?? '');
      if (!vName) {
        if (!(td.volumes ?? []).some((v) => v.name === m.sourceVolume)) {
          blocked = true;
          add('blocker', 'unknown-volume', `mountPoints[${j}] refers to volume ${JSON.stringify(m.sourceVolume)}, which the task definition does not declare`, `${at}.mountPoints[${j}].sourceVolume`, c.name);
        }
        return;
      }
      addMount(k, { name: vName, mountPath: m.containerPath, ...(m.readOnly ? { readOnly: true } : {}) });
    });
    if (c.volumesFrom && c.volumesFrom.length > 0) {
      add('warning', 'volumes-from', 'volumesFrom: share an emptyDir volume mounted in both containers instead; not converted', `${at}.volumesFrom`, c.name);
    }

    const role = roles.get(c.name)!;
    if (role === 'init') initContainers.push(k);
    else if (role === 'sidecar') {
      k['restartPolicy'] = 'Always';
      sidecars.push(k);
    } else apps.push(k);
  });

  // dependsOn: ordering and warnings
  defs.forEach((c, i) => {
    (c.dependsOn ?? []).forEach((d, j) => {
      const field = `containerDefinitions[${i}].dependsOn[${j}]`;
      const dep = containerNames.get(d.containerName!)!;
      switch (d.condition) {
        case 'SUCCESS':
          map(`${field} ${d.containerName} SUCCESS`, `init container ${dep}`, 'runs to completion before the app containers start');
          break;
        case 'COMPLETE':
          add('warning', 'depends-on-complete', `${d.containerName} COMPLETE becomes an init container: Kubernetes requires it to exit 0 and restarts it until it does (ECS accepted any exit code)`, field, c.name);
          break;
        case 'START':
          map(`${field} ${d.containerName} START`, `sidecar ${dep} (init container, restartPolicy: Always)`, 'started before the app containers');
          break;
        case 'HEALTHY': {
          const depDef = defs.find((x) => x.name === d.containerName);
          if (!depDef?.healthCheck) {
            add('warning', 'depends-on-healthy', `${d.containerName} HEALTHY but it has no healthCheck: the sidecar only gates on start`, field, c.name);
          } else {
            add('info', 'depends-on-healthy', `${d.containerName} HEALTHY becomes a sidecar whose startup probe must pass before ${c.name} starts`, field, c.name);
          }
          break;
        }
      }
    });
  });
  // A HEALTHY dependency gates on the sidecar's startup probe: give it one from its readiness.
  for (const s of sidecars) {
    if (s['readinessProbe'] && !s['startupProbe']) s['startupProbe'] = { ...(s['readinessProbe'] as Probe) };
  }
  if (apps.length === 0) {
    blocked = true;
    add('blocker', 'no-app-container', 'every container is a dependency of another: nothing long-running is left for the pod', 'containerDefinitions');
  }

  // ---- ExternalSecrets
  const secretObjects: KubeObject[] = [];
  for (const store of ['secretsmanager', 'ssm'] as const) {
    const refs = secretRefs.filter((s) => s.ref.store === store);
    if (refs.length === 0) continue;
    const esName = joinName([name, store === 'ssm' ? 'parameters' : 'secrets']);
    const data = refs
      .map((s) => {
        const remoteRef: Record<string, string> = { key: s.ref.key };
        if (s.ref.store === 'secretsmanager') {
          if (s.ref.jsonKey) remoteRef['property'] = s.ref.jsonKey;
          if (s.ref.versionId) remoteRef['version'] = `uuid/${s.ref.versionId}`;
          else if (s.ref.versionStage) remoteRef['version'] = s.ref.versionStage;
        }
        return { secretKey: s.key, remoteRef };
      })
      .filter((d, idx, all) => all.findIndex((x) => x.secretKey === d.secretKey) === idx)
      .sort((a, b) => cmpStr(a.secretKey, b.secretKey));
    secretObjects.push({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: meta(esName),
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: store === 'ssm' ? options.secretStores.parameterStore : options.secretStores.secretsManager },
        target: { name: esName, creationPolicy: 'Owner' },
        data,
      },
    });
    map(
      `secrets (${refs.length}, ${store === 'ssm' ? 'SSM Parameter Store' : 'Secrets Manager'})`,
      `ExternalSecret ${esName} → Secret ${esName}, env valueFrom.secretKeyRef`,
      `needs External Secrets Operator and ClusterSecretStore ${store === 'ssm' ? options.secretStores.parameterStore : options.secretStores.secretsManager} (the Secrets Store CSI driver does not run on Fargate)`,
    );
  }

  // ---- pod spec
  const podSpec: Record<string, unknown> = {};
  const sa = joinName([name]);
  podSpec['serviceAccountName'] = sa;
  if (td.pidMode === 'task') {
    podSpec['shareProcessNamespace'] = true;
    map('pidMode "task"', 'shareProcessNamespace: true');
  }
  const allInit = [...initContainers, ...sidecars];
  if (allInit.length > 0) podSpec['initContainers'] = allInit;
  podSpec['containers'] = apps;
  if (maxStop > 0) {
    podSpec['terminationGracePeriodSeconds'] = maxStop;
    map(`stopTimeout ${maxStop}s`, `terminationGracePeriodSeconds: ${maxStop}`);
  }
  const hostAliases = collectHostAliases(defs);
  if (hostAliases.length > 0) podSpec['hostAliases'] = hostAliases;
  if (pullSecret) podSpec['imagePullSecrets'] = [{ name: pullSecret }];
  if (volumes.length > 0) podSpec['volumes'] = volumes;

  // ---- sizing
  const sizeByName = new Map(defs.map((d, i) => [containerNames.get(d.name)!, sizes.containers[i]!] as const));
  const toRes = (k: Container): { cpuMillis: number; memoryMiB: number } => sizeByName.get(k.name) ?? { cpuMillis: 0, memoryMiB: 0 };
  const podSize = fargatePodSize({
    containers: apps.map(toRes),
    initContainers: initContainers.map(toRes),
    sidecars: sidecars.map(toRes),
    // Storage above the maximum is already its own ephemeral-storage blocker; do not report it twice as too-large.
    ephemeralStorageGiB: Math.min(ephemeralGiB, FARGATE_EPHEMERAL_STORAGE.maxGiB),
  });
  if (!podSize.fits) {
    blocked = true;
    add('blocker', 'too-large', `the pod does not fit on Fargate: ${podSize.reason ?? 'larger than 16 vCPU / 120 GB'}`, 'cpu');
  }
  if (sizes.unsized) {
    add('warning', 'no-size', 'no cpu or memory at container or task level: Fargate runs the pod at 0.25 vCPU / 0.5 GB; set requests', 'cpu');
  }
  const ecsSize = ecsFargateTaskSize(td.cpu ?? sumBy(defs, 'cpu'), td.memory ?? sumMemory(defs));
  const replicas = svc?.desiredCount ?? 1;
  const ecsMonthly = monthlyComputeUsd({ vcpu: ecsSize.vcpu, memoryGb: ecsSize.memoryGb, ephemeralStorageGiB: requestedStorage ?? 20 }, replicas, options.rates);
  const eksMonthly = monthlyComputeUsd({ vcpu: podSize.vcpu, memoryGb: podSize.memoryGb, ephemeralStorageGiB: podSize.ephemeralStorageGiB }, replicas, options.rates);
  if (podSize.fits && (podSize.vcpu > ecsSize.vcpu || podSize.memoryGb > ecsSize.memoryGb)) {
    const overheadOnly = podSize.requestedMemoryMiB <= ecsSize.memoryGb * 1024 && podSize.requestedCpuMillis <= ecsSize.vcpu * 1000;
    add(
      'warning',
      'fargate-size-up',
      `ECS runs ${fmtSize(ecsSize.vcpu, ecsSize.memoryGb)}; EKS Fargate provisions ${podSize.capacityProvisioned}${overheadOnly ? ' because it adds 256 MB per pod for kubelet/kube-proxy/containerd' : ''} (+${fmtUsd(eksMonthly - ecsMonthly)}/month for ${replicas} replica${replicas === 1 ? '' : 's'})${overheadOnly ? `; to stay at ${fmtSize(ecsSize.vcpu, ecsSize.memoryGb)}, lower the containers' memory by ${Math.ceil(podSize.requestedMemoryMiB + 256 - ecsSize.memoryGb * 1024)} MiB in total` : ''}`,
      'memory',
    );
  }

  // ---- objects
  const objects: KubeObject[] = [];
  const saObj: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(sa) };
  if (td.taskRoleArn) {
    saObj.metadata.annotations = { 'eks.amazonaws.com/role-arn': td.taskRoleArn };
    map('taskRoleArn', `ServiceAccount ${sa} with eks.amazonaws.com/role-arn (IRSA)`, 'EKS Pod Identity does not work on Fargate');
    add('warning', 'irsa-trust', `taskRoleArn ${td.taskRoleArn}: its trust policy must allow sts:AssumeRoleWithWebIdentity from the cluster's OIDC provider for system:serviceaccount:${ns}:${sa} (ECS tasks assumed it through ecs-tasks.amazonaws.com)`, 'taskRoleArn');
  }
  objects.push(saObj, ...configMaps, ...secretObjects, ...extraObjects);

  const hasPorts = servicePorts.length > 0;
  if (hasPorts) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(name),
      spec: {
        type: 'ClusterIP',
        selector: { ...labels },
        ports: servicePorts.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: p.port,
          protocol: p.protocol,
          ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
        })),
      },
    });
  }

  // service-level settings
  const serviceFile = service?.source ?? tdFile;
  const strategy: Record<string, unknown> = { type: 'RollingUpdate' };
  let progressDeadline: number | undefined;
  if (svc) {
    map(`service.desiredCount = ${replicas}`, `Deployment ${name}: replicas ${replicas}`);
    const dc = svc.deploymentConfiguration;
    const minHealthy = dc?.minimumHealthyPercent ?? 100;
    const maxPercent = dc?.maximumPercent ?? 200;
    let maxUnavailable = `${Math.max(0, 100 - minHealthy)}%`;
    let maxSurge = `${Math.max(0, maxPercent - 100)}%`;
    if (maxUnavailable === '0%' && maxSurge === '0%') {
      maxSurge = '1';
      add('warning', 'rolling-update', `minimumHealthyPercent ${minHealthy} and maximumPercent ${maxPercent} allow no rollout at all; maxSurge set to 1`, 'deploymentConfiguration', undefined, serviceFile);
    }
    if (minHealthy > 100) maxUnavailable = '0%';
    strategy['rollingUpdate'] = { maxSurge, maxUnavailable };
    map(`deploymentConfiguration ${minHealthy}% / ${maxPercent}%`, `rollingUpdate maxUnavailable ${maxUnavailable}, maxSurge ${maxSurge}`);
    const cb = dc?.deploymentCircuitBreaker;
    if (cb?.enable) {
      progressDeadline = 600 + (svc.healthCheckGracePeriodSeconds ?? 0);
      map(`deploymentCircuitBreaker (rollback: ${cb.rollback ? 'on' : 'off'})`, `progressDeadlineSeconds: ${progressDeadline}`, 'eks-fargate-deploy watches the rollout, fails fast on crash loops and bad images, and rolls back itself');
    }
    if (svc.healthCheckGracePeriodSeconds) {
      add('info', 'health-check-grace', `healthCheckGracePeriodSeconds ${svc.healthCheckGracePeriodSeconds}: probes start at once on Kubernetes; the startup probe (from the container's startPeriod) is the equivalent`, 'healthCheckGracePeriodSeconds', undefined, serviceFile);
    }
    if (svc.schedulingStrategy === 'DAEMON') {
      blocker('daemon', 'schedulingStrategy DAEMON: DaemonSets do not run on EKS Fargate (there are no nodes to place them on)', 'schedulingStrategy', undefined, false, serviceFile);
    }
    if (svc.capacityProviderStrategy?.some((s) => s.capacityProvider === 'FARGATE_SPOT')) {
      add('warning', 'fargate-spot', 'FARGATE_SPOT capacity: EKS Fargate has no Spot; every pod is billed on demand (the cost table assumes on-demand for both)', 'capacityProviderStrategy', undefined, serviceFile);
    }
    if (svc.networkConfiguration?.awsvpcConfiguration?.assignPublicIp === 'ENABLED') {
      add('warning', 'public-ip', 'assignPublicIp ENABLED: EKS Fargate pods get private IPs only; they need private subnets with a NAT gateway or VPC endpoints to reach ECR and the internet', 'networkConfiguration.awsvpcConfiguration.assignPublicIp', undefined, serviceFile);
    }
    if (svc.networkConfiguration?.awsvpcConfiguration?.securityGroups?.length) {
      add('info', 'security-groups', `security groups ${svc.networkConfiguration.awsvpcConfiguration.securityGroups.join(', ')}: Fargate pods use the cluster security group unless a SecurityGroupPolicy (security groups for pods) selects them`, 'networkConfiguration.awsvpcConfiguration.securityGroups', undefined, serviceFile);
    }
    if (svc.serviceRegistries && svc.serviceRegistries.length > 0) {
      add('info', 'cloud-map', `Cloud Map service discovery becomes cluster DNS: ${name}.${ns}.svc.cluster.local${firstPort ? `:${firstPort}` : ''}; callers that used the Cloud Map name must switch`, 'serviceRegistries', undefined, serviceFile);
      map('serviceRegistries (Cloud Map)', `Service DNS ${name}.${ns}.svc.cluster.local`);
    }
    // create-service input carries serviceConnectConfiguration at the top; describe output only in deployments.
    const serviceConnect = (svc as { serviceConnectConfiguration?: { enabled?: boolean } }).serviceConnectConfiguration;
    if (serviceConnect?.enabled || svc.deployments?.some((d) => d.serviceConnectConfiguration?.enabled)) {
      add('warning', 'service-connect', 'Service Connect is not converted: callers reach the Service by cluster DNS', 'serviceConnectConfiguration', undefined, serviceFile);
    }
    if (svc.enableExecuteCommand) add('info', 'exec', 'enableExecuteCommand: use kubectl exec (governed by RBAC)', 'enableExecuteCommand', undefined, serviceFile);
  }

  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name),
    spec: {
      ...(scaling?.target ? {} : { replicas }),
      revisionHistoryLimit: 10,
      ...(progressDeadline !== undefined ? { progressDeadlineSeconds: progressDeadline } : {}),
      selector: { matchLabels: { ...labels } },
      strategy,
      template: { metadata: { labels: { ...labels } }, spec: podSpec },
    },
  };

  // ---- load balancers
  let traffic: WorkloadPlan['traffic']['loadBalancer'];
  const lbObjects: KubeObject[] = [];
  (svc?.loadBalancers ?? []).forEach((lb, j) => {
    const field = `loadBalancers[${j}]`;
    if (lb.loadBalancerName && !lb.targetGroupArn) {
      add('warning', 'classic-elb', `Classic Load Balancer ${lb.loadBalancerName} is not converted: use an ALB (Ingress) or NLB Service`, field, undefined, serviceFile);
      return;
    }
    const port = lb.containerPort ?? firstPort;
    if (port === undefined) {
      add('warning', 'load-balancer-port', `${field} has no containerPort and the containers expose none: not converted`, field, undefined, serviceFile);
      return;
    }
    const tgName = (lb.targetGroupArn ?? '').split('/')[1] ?? '';
    const internal = /(^|[-_])(int|internal|private)([-_]|$)/i.test(tgName);
    const scheme = internal ? 'internal' : 'internet-facing';
    if (options.albMode === AlbMode.TargetGroupBinding) {
      const tgbName = joinName([name, 'tgb', j > 0 ? String(j) : '']);
      lbObjects.push({
        apiVersion: 'elbv2.k8s.aws/v1beta1',
        kind: 'TargetGroupBinding',
        metadata: meta(tgbName),
        spec: { serviceRef: { name, port }, targetGroupARN: lb.targetGroupArn, targetType: 'ip' },
      });
      traffic ??= { scheme, via: 'targetgroupbinding' };
      map(`${field} target group ${tgName}`, `TargetGroupBinding ${tgbName} (targetType ip) → Service ${name}:${port}`, 'the existing ALB keeps serving; pods register as IP targets');
    } else {
      const ingName = joinName([name, j > 0 ? String(j) : '']);
      const annotations: Record<string, string> = {
        'alb.ingress.kubernetes.io/scheme': scheme,
        'alb.ingress.kubernetes.io/target-type': 'ip',
      };
      if (healthPath) annotations['alb.ingress.kubernetes.io/healthcheck-path'] = healthPath;
      lbObjects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { ...meta(ingName), annotations },
        spec: {
          ingressClassName: 'alb',
          rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: port } } } }] } }],
        },
      });
      traffic ??= { scheme, via: 'ingress', path: '/' };
      map(`${field} target group ${tgName || '(unnamed)'} → ${lb.containerName}:${port}`, `Ingress ${ingName} (class alb, target-type ip, ${scheme})`, 'the AWS Load Balancer Controller creates a new ALB');
      if (!internal) {
        add('warning', 'alb-scheme', `scheme assumed internet-facing for target group ${tgName || lb.targetGroupArn}; set alb.ingress.kubernetes.io/scheme: internal on Ingress ${ingName} if the ECS ALB was internal`, field, undefined, serviceFile);
      }
    }
    if (!hasPorts) {
      add('warning', 'load-balancer-port', `${field} routes to port ${port} but no container exposes a port`, field, undefined, serviceFile);
    }
  });

  // ---- scaling
  const scalingObjects: KubeObject[] = [];
  if (scaling?.target) {
    const t = scaling.target;
    const metrics: Record<string, unknown>[] = [];
    const behavior: Record<string, Record<string, unknown>> = {};
    scaling.policies.forEach((p, j) => {
      const field = `ScalingPolicies[${j}]`;
      const tt = p.TargetTrackingScalingPolicyConfiguration;
      if (p.PolicyType === 'StepScaling' || !tt) {
        add('warning', 'step-scaling', `scaling policy ${p.PolicyName}: step scaling has no HPA equivalent; not converted (use a target-tracking metric)`, field, undefined, scaling.source);
        return;
      }
      const metric = tt.PredefinedMetricSpecification?.PredefinedMetricType;
      if (metric === 'ECSServiceAverageCPUUtilization' || metric === 'ECSServiceAverageMemoryUtilization') {
        metrics.push({
          type: 'Resource',
          resource: { name: metric.includes('CPU') ? 'cpu' : 'memory', target: { type: 'Utilization', averageUtilization: Math.round(tt.TargetValue!) } },
        });
        map(`${p.PolicyName}: ${metric} ${tt.TargetValue}`, `HPA ${metric.includes('CPU') ? 'cpu' : 'memory'} averageUtilization ${Math.round(tt.TargetValue!)}`);
      } else {
        add('warning', 'custom-metric', `scaling policy ${p.PolicyName}: ${metric ?? 'customized metric'} needs a custom/external metrics adapter (for example KEDA's CloudWatch scaler); not converted`, field, undefined, scaling.source);
        return;
      }
      if (tt.ScaleInCooldown !== undefined) behavior['scaleDown'] = { ...behavior['scaleDown'], stabilizationWindowSeconds: Math.max(Number(behavior['scaleDown']?.['stabilizationWindowSeconds'] ?? 0), tt.ScaleInCooldown) };
      if (tt.ScaleOutCooldown !== undefined) behavior['scaleUp'] = { ...behavior['scaleUp'], stabilizationWindowSeconds: Math.max(Number(behavior['scaleUp']?.['stabilizationWindowSeconds'] ?? 0), tt.ScaleOutCooldown) };
      if (tt.DisableScaleIn) behavior['scaleDown'] = { ...behavior['scaleDown'], selectPolicy: 'Disabled' };
    });
    if (metrics.length > 0) {
      scalingObjects.push({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: meta(name),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: Math.max(1, t.MinCapacity ?? 1),
          maxReplicas: Math.max(1, t.MaxCapacity ?? 1),
          metrics: metrics.sort((a, b) => cmpStr(JSON.stringify(a), JSON.stringify(b))),
          ...(Object.keys(behavior).length > 0 ? { behavior } : {}),
        },
      });
      map(`scalable target ${t.MinCapacity}–${t.MaxCapacity}`, `HPA ${name} minReplicas ${Math.max(1, t.MinCapacity ?? 1)}, maxReplicas ${t.MaxCapacity}`, 'Deployment.spec.replicas is left to the HPA');
      add('info', 'metrics-server', 'HorizontalPodAutoscaler needs metrics-server in the cluster (not installed on EKS by default)', 'ScalableTargets', undefined, scaling.source);
    } else {
      (deployment['spec'] as Record<string, unknown>)['replicas'] = replicas;
    }
  }
  if (replicas >= 2 && svc) {
    const minHealthy = svc.deploymentConfiguration?.minimumHealthyPercent ?? 100;
    const maxUnavailable = Math.max(1, Math.floor((replicas * (100 - Math.min(100, minHealthy))) / 100));
    scalingObjects.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(name),
      spec: { maxUnavailable, selector: { matchLabels: { ...labels } } },
    });
    map(`minimumHealthyPercent ${minHealthy}`, `PodDisruptionBudget ${name} maxUnavailable ${maxUnavailable}`, 'Fargate patching evicts pods; at least 1 may go at a time so evictions can proceed');
  }

  // `blocked` counts only blockers --drop-unsupported could not remove (Windows, DAEMON, ...).
  if (!blocked) objects.push(deployment);
  objects.push(...scalingObjects, ...lbObjects);

  const trafficPath = detectTraffic({
    name,
    ports: servicePorts.map((p) => p.port),
    loadBalancer: traffic,
    envValues,
    secretNames,
    workloadNames: ctx.workloadNames,
  });
  for (const hint of trafficPath.hints) add('warning', 'endpoint-reference', hint.message, hint.field);

  const plan: WorkloadPlan = {
    name,
    namespace: ns,
    source: tdFile,
    ...(svc ? { serviceName: svc.serviceName } : {}),
    replicas,
    containers: apps.map((a) => a.name),
    initContainers: allInit.map((a) => a.name),
    blocked,
    fargate: {
      requested: { cpu: formatCpu(podSize.requestedCpuMillis), memory: formatMemory(podSize.requestedMemoryMiB) },
      vcpu: podSize.vcpu,
      memoryGb: podSize.memoryGb,
      capacityProvisioned: podSize.capacityProvisioned,
      ephemeralStorageGiB: podSize.ephemeralStorageGiB,
      monthlyUsd: eksMonthly,
    },
    ecs: { vcpu: ecsSize.vcpu, memoryGb: ecsSize.memoryGb, ephemeralStorageGiB: requestedStorage ?? 20, monthlyUsd: ecsMonthly },
    mappings,
    traffic: trafficPath.path,
  };
  // Blocked workloads emit nothing: half a workload applied is worse than none.
  return { plan, objects: blocked ? [] : objects, findings };
}

/** Decide which ECS containers become init containers, sidecars, or app containers. */
function containerRoles(defs: readonly EcsContainer[]): Map<string, 'init' | 'sidecar' | 'app'> {
  const roles = new Map<string, 'init' | 'sidecar' | 'app'>(defs.map((c) => [c.name, 'app']));
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
  const i = defs.findIndex((c) => c.essential !== false && !(defs.some((o) => (o.dependsOn ?? []).some((d) => d.containerName === c.name))));
  return i >= 0 ? i : 0;
}

interface SpreadSizes {
  containers: { cpuMillis: number; memoryMiB: number }[];
  spread: boolean;
  unsized: boolean;
}

/**
 * Container sizes as Kubernetes requests. ECS container `cpu` is in units (1024 per vCPU) and
 * memory in MiB (`memory` hard, else `memoryReservation`). What the task level has beyond the
 * long-running containers' explicit sizes is spread evenly over the long-running containers that
 * gave none. Init containers run alone before them, so one without a size gets the whole task
 * amount: it never raises the pod size (max(init, sum of the rest)) and keeps what it had on ECS.
 */
export function spreadTaskSize(
  defs: readonly EcsContainer[],
  taskCpu: number | undefined,
  taskMemory: number | undefined,
  isInit: (c: EcsContainer) => boolean = () => false,
): SpreadSizes {
  const init = defs.map(isInit);
  const cpu = defs.map((c) => (c.cpu && c.cpu > 0 ? c.cpu : undefined));
  const mem = defs.map((c) => c.memory ?? c.memoryReservation);
  let spread = false;
  const fill = (values: (number | undefined)[], total: number | undefined): number[] => {
    const missing = values.filter((v, i) => v === undefined && !init[i]).length;
    const used = values.reduce<number>((s, v, i) => s + (init[i] ? 0 : (v ?? 0)), 0);
    const out = values.map((v, i) => v ?? (init[i] && total !== undefined ? total : 0));
    if (missing === 0 || total === undefined || total <= used) return out;
    spread = true;
    const each = Math.floor((total - used) / missing);
    return values.map((v, i) => v ?? (init[i] ? total : each));
  };
  const cpuUnits = fill(cpu, taskCpu);
  const memMiB = fill(mem, taskMemory);
  const containers = defs.map((_, i) => ({ cpuMillis: Math.round((cpuUnits[i]! * 1000) / 1024), memoryMiB: memMiB[i]! }));
  const unsized = containers.every((c) => c.cpuMillis === 0 && c.memoryMiB === 0);
  return { containers, spread, unsized };
}

function addMount(k: Container, mount: Record<string, unknown>): void {
  const mounts = (k['volumeMounts'] as Record<string, unknown>[] | undefined) ?? [];
  if (!mounts.some((m) => m['mountPath'] === mount['mountPath'])) mounts.push(mount);
  k['volumeMounts'] = mounts;
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
  return [...byIp.entries()].sort(([a], [b]) => cmpStr(a, b)).map(([ip, names]) => ({ ip, hostnames: [...names].sort() }));
}

/** Secret keys must be valid Secret data keys; env var names already are, except rare characters. */
function secretKey(envName: string): string {
  return envName.replace(/[^-._a-zA-Z0-9]/g, '_');
}

function sumBy(defs: readonly EcsContainer[], f: 'cpu'): number | undefined {
  const total = defs.reduce((s, c) => s + (c[f] ?? 0), 0);
  return total > 0 ? total : undefined;
}

function sumMemory(defs: readonly EcsContainer[]): number | undefined {
  const total = defs.reduce((s, c) => s + (c.memory ?? c.memoryReservation ?? 0), 0);
  return total > 0 ? total : undefined;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fmtSize(vcpu: number, gb: number): string {
  return `${vcpu}vCPU ${gb}GB`;
}

function fmtUsd(n: number): string {
  return `$${n.toFixed(2)}`;
}
