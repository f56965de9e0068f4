import type { EcsContainer, EcsTaskDefinition } from '../ecs/model.js';
import { joinName, toDns1123Label } from './names.js';
import type { KubeObject } from '../model/kube-object.js';
import { addMount } from './map-security.js';
import type { Container, WorkloadScope } from './scope.js';

/** Task volumes as pod volumes: ECS volume name → pod volume name; dropped ones are absent. */
export interface VolumeState {
  volumes: Record<string, unknown>[];
  names: Map<string, string>;
  /** ECS volumes removed by --drop-unsupported: their mounts go too. */
  dropped: Set<string>;
  objects: KubeObject[];
}

/** Paths an empty directory must never be mounted over: the kernel's, the runtime's, the resolver's. */
const SYSTEM_PATH = /^\/(sys|proc|dev)(\/|$)|^\/(var\/)?run\/docker\.sock$|^\/etc\/(hosts|hostname|resolv\.conf)$|^\/$/;

function isSystemPath(path: string): boolean {
  return SYSTEM_PATH.test(path.replace(/\/+$/, '') || '/') && !/^\/dev\/shm(\/|$)/.test(path);
}

/** volumes → EFS PersistentVolume + claim, task-scoped emptyDir, or a blocker (host, Docker, FSx, EBS). */
export function mapVolumes(scope: WorkloadScope, td: EcsTaskDefinition): VolumeState {
  const { name } = scope;
  const state: VolumeState = { volumes: [], names: new Map(), dropped: new Set(), objects: [] };
  (td.volumes ?? []).forEach((v, i) => {
    const vName = toDns1123Label(v.name ?? `volume-${i}`);
    const field = `volumes[${i}]`;
    const mountedBy = td.containerDefinitions
      .filter((c) => (c.mountPoints ?? []).some((m) => m.sourceVolume === v.name))
      .map((c) => c.name);
    const dropNote =
      scope.options.dropUnsupported && mountedBy.length > 0 ? `; its mounts in ${mountedBy.join(', ')} go with it` : '';
    if (v.efsVolumeConfiguration) {
      mapEfsVolume(scope, state, v.efsVolumeConfiguration, { ecsName: v.name, vName, field });
    } else if (v.dockerVolumeConfiguration) {
      if (
        scope.blocker(
          'docker-volume',
          `volume ${v.name}: Docker volumes (driver ${v.dockerVolumeConfiguration.driver ?? 'local'}) are not available on Fargate${dropNote}`,
          `${field}.dockerVolumeConfiguration`,
        )
      ) {
        state.dropped.add(v.name ?? '');
      }
      scope.ledger.finding(field, 'docker-volume');
    } else if (v.host?.sourcePath) {
      if (
        scope.blocker(
          'host-path',
          `volume ${v.name}: host path ${v.host.sourcePath} — EKS Fargate does not allow hostPath volumes${dropNote}`,
          `${field}.host.sourcePath`,
        )
      ) {
        state.dropped.add(v.name ?? '');
      }
      scope.ledger.finding(field, 'host-path');
    } else if (v.fsxWindowsFileServerVolumeConfiguration) {
      scope.blocker(
        'fsx-windows',
        `volume ${v.name}: FSx for Windows File Server needs Windows pods, which EKS Fargate does not run`,
        `${field}.fsxWindowsFileServerVolumeConfiguration`,
        undefined,
        false,
      );
      scope.ledger.finding(field, 'fsx-windows');
    } else if (v.configuredAtLaunch) {
      if (
        scope.blocker(
          'ebs-volume',
          `volume ${v.name}: EBS volumes configured at launch — EKS Fargate cannot attach EBS volumes; use EFS${dropNote}`,
          `${field}.configuredAtLaunch`,
        )
      ) {
        state.dropped.add(v.name ?? '');
      }
      scope.ledger.finding(field, 'ebs-volume');
    } else {
      state.volumes.push({ name: vName, emptyDir: {} });
      state.names.set(v.name ?? '', vName);
      scope.mapped(field, `Deployment/${name} volumes[${vName}] emptyDir`);
      scope.row(`${field} ${v.name} (task-scoped)`, `emptyDir ${vName}`);
    }
  });
  if (td.volumes && td.volumes.length === 0) scope.noMeaning('volumes');
  return state;
}

type TaskVolume = NonNullable<EcsTaskDefinition['volumes']>[number];

/** An EFS volume → a statically provisioned PersistentVolume (efs.csi.aws.com) and its claim. */
function mapEfsVolume(
  scope: WorkloadScope,
  state: VolumeState,
  efs: NonNullable<TaskVolume['efsVolumeConfiguration']>,
  names: { ecsName: string | undefined; vName: string; field: string },
): void {
  const { name } = scope;
  const ns = scope.namespace;
  const { ecsName, vName, field } = names;
  const pvName = joinName([ns, name, vName]);
  const root = efs.rootDirectory && efs.rootDirectory !== '/' ? efs.rootDirectory : '';
  const ap = efs.authorizationConfig?.accessPointId ?? '';
  const handle = ap
    ? `${efs.fileSystemId}:${root}:${ap}`
    : root
      ? `${efs.fileSystemId}:${root}`
      : `${efs.fileSystemId}`;
  state.objects.push(
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: scope.meta(pvName, false),
      spec: {
        capacity: { storage: '5Gi' },
        volumeMode: 'Filesystem',
        accessModes: ['ReadWriteMany'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        ...(efs.transitEncryption === 'ENABLED' ? { mountOptions: ['tls'] } : {}),
        csi: { driver: 'efs.csi.aws.com', volumeHandle: handle },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: scope.meta(joinName([name, vName])),
      spec: {
        accessModes: ['ReadWriteMany'],
        storageClassName: '',
        volumeName: pvName,
        resources: { requests: { storage: '5Gi' } },
      },
    },
  );
  state.volumes.push({ name: vName, persistentVolumeClaim: { claimName: joinName([name, vName]) } });
  state.names.set(ecsName ?? '', vName);
  scope.mapped(
    field,
    `PersistentVolume/${pvName} (efs.csi.aws.com ${handle}) + PersistentVolumeClaim/${joinName([name, vName])}`,
  );
  scope.row(
    `${field} EFS ${efs.fileSystemId}`,
    `PersistentVolume ${pvName} (efs.csi.aws.com, ${handle}) + PVC ${joinName([name, vName])}`,
    'static provisioning; capacity is required by Kubernetes but ignored by EFS',
  );
  if (efs.authorizationConfig?.iam === 'ENABLED') {
    scope.add(
      'warning',
      'efs-iam',
      'EFS IAM authorization: on EKS the mount uses the Fargate pod execution role, not the task role; grant it elasticfilesystem:ClientMount/ClientWrite',
      `${field}.efsVolumeConfiguration.authorizationConfig.iam`,
    );
  }
  if (efs.transitEncryptionPort !== undefined) {
    scope.add(
      'info',
      'efs-port',
      `transitEncryptionPort ${efs.transitEncryptionPort}: the EFS CSI driver picks its own TLS port`,
      `${field}.efsVolumeConfiguration.transitEncryptionPort`,
    );
  }
}

/** mountPoints → volumeMounts (none for dropped volumes, none over system paths); volumesFrom → a warning. */
export function mapMounts(
  scope: WorkloadScope,
  td: EcsTaskDefinition,
  c: EcsContainer,
  at: string,
  k: Container,
  state: VolumeState,
): void {
  (c.mountPoints ?? []).forEach((m, j) => {
    const field = `${at}.mountPoints[${j}]`;
    const vName = state.names.get(m.sourceVolume);
    if (!vName) {
      if (state.dropped.has(m.sourceVolume)) {
        scope.ledger.finding(field, 'volume-dropped');
      } else if (!(td.volumes ?? []).some((v) => v.name === m.sourceVolume)) {
        scope.blocked = true;
        scope.add(
          'blocker',
          'unknown-volume',
          `mountPoints[${j}] refers to volume ${JSON.stringify(m.sourceVolume)}, which the task definition does not declare`,
          `${field}.sourceVolume`,
          c.name,
        );
        scope.ledger.finding(field, 'unknown-volume');
      } else {
        // Blocked volume (FSx, or a blocker without --drop-unsupported): its own finding says why.
        scope.ledger.finding(field, 'volume-blocked');
      }
      return;
    }
    if (m.containerPath && isSystemPath(m.containerPath)) {
      scope.add(
        'warning',
        'system-path-mount',
        `mountPoints[${j}]: volume ${m.sourceVolume} is not mounted at ${m.containerPath} — on Kubernetes it would be an empty directory hiding a system path`,
        field,
        c.name,
      );
      return;
    }
    addMount(k, { name: vName, mountPath: m.containerPath, ...(m.readOnly ? { readOnly: true } : {}) });
    scope.mapped(field, `Deployment/${scope.name} container ${k.name} volumeMounts[${m.containerPath}]`);
  });
  if (c.mountPoints && c.mountPoints.length === 0) scope.noMeaning(`${at}.mountPoints`);
  if (c.volumesFrom && c.volumesFrom.length > 0) {
    scope.add(
      'warning',
      'volumes-from',
      'volumesFrom: share an emptyDir volume mounted in both containers instead; not converted',
      `${at}.volumesFrom`,
      c.name,
    );
  } else if (c.volumesFrom) scope.noMeaning(`${at}.volumesFrom`);
}
