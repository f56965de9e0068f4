/**
 * The EKS Fargate admission webhook and fargate-scheduler. At pod creation a pod that matches a
 * Fargate profile (namespace + labels, wildcards, first profile by name) gets
 * `schedulerName: fargate-scheduler` and the `eks.amazonaws.com/fargate-profile` label. The
 * scheduler then rejects unsupported specs with a `FailedScheduling` event ("Pod not supported
 * on Fargate: …"), or, after the provisioning delay, binds the pod to its own
 * `fargate-ip-10-0-x-y.ec2.internal` node with the `CapacityProvisioned` annotation computed by
 * the real sizing rules. Pods no profile matches stay Pending: the default scheduler has no
 * nodes it may use (Fargate nodes are tainted), so it reports `FailedScheduling`. The rules are
 * the sandbox's own (fargate-rules.ts), not the tool's lint, so the two can be checked against
 * each other. A pod whose PVC is not bound yet is retried when the claim changes.
 */
import {
  fargateCapacity,
  fargatePodRejections,
  profileForPod,
  PROFILE_LABEL,
  rejectionMessage,
  type ClaimInfo,
} from '../fargate-rules.js';
import { nameOf, uidOf, clone, type KubeObject } from '../object.js';
import type { AdmissionHook } from '../objects.js';
import type { ResourceType } from '../registry.js';
import type { ControllerDeps } from './index.js';
import { keyOf, splitKey, type Controller } from './runtime.js';
import { getCondition, setCondition, type Condition } from './util.js';

/** The zones the sandbox's Fargate nodes are spread over, round-robin. */
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** The scheduler name the EKS webhook sets on Fargate pods. */
const FARGATE_SCHEDULER = 'fargate-scheduler';
/** Node label EKS puts on Fargate nodes. */
const COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';

/** The mutating webhook: marks pods that match a Fargate profile. */
export function fargateAdmission(deps: Pick<ControllerDeps, 'config'>): AdmissionHook {
  return ({ type, operation, object }) => {
    if (type.kind !== 'Pod' || operation !== 'CREATE') return;
    const spec = (object.spec ?? {}) as { schedulerName?: string; nodeName?: string };
    if (spec.nodeName) return;
    if (spec.schedulerName && spec.schedulerName !== 'default-scheduler' && spec.schedulerName !== FARGATE_SCHEDULER)
      return;
    const profile = profileForPod(
      deps.config.fargateProfiles,
      object.metadata.namespace ?? 'default',
      object.metadata.labels,
    );
    if (!profile) return;
    object.metadata.labels = { ...(object.metadata.labels ?? {}), [PROFILE_LABEL]: profile };
    spec.schedulerName = FARGATE_SCHEDULER;
    object.spec = spec;
  };
}

/** What the scheduler keeps between syncs. */
interface SchedulerContext {
  deps: ControllerDeps;
  podType: ResourceType;
  nodeType: ResourceType;
  pvcType: ResourceType;
  pvType: ResourceType;
  /** Pods whose Fargate capacity is being provisioned (bind pending), by uid. */
  provisioning: Set<string>;
  /** The next node address to hand out, as an offset in 10.0.0.0/16. */
  nextIp: number;
}

/** The claim lookup the Fargate rules use for a pod's PersistentVolumeClaims. */
function claimLookup(k: SchedulerContext, namespace: string | undefined): (name: string) => ClaimInfo {
  const { store } = k.deps;
  return (name) => {
    const pvc = store.get(k.pvcType, namespace, name);
    if (!pvc) return { found: false };
    const volumeName = (pvc.spec as { volumeName?: string } | undefined)?.volumeName;
    if ((pvc.status as { phase?: string } | undefined)?.phase !== 'Bound' || !volumeName)
      return { found: true, bound: false };
    return { found: true, bound: true, volume: store.get(k.pvType, undefined, volumeName) };
  };
}

function allocateIp(k: SchedulerContext): string {
  // 10.0.0.0/16 like a VPC subnet; skip network/broadcast-looking .0 and .255.
  while ((k.nextIp & 255) === 0 || (k.nextIp & 255) === 255) k.nextIp++;
  const n = k.nextIp++;
  if (k.nextIp > 65_000) k.nextIp = 10;
  return `10.0.${(n >> 8) & 255}.${n & 255}`;
}

/** Records `FailedScheduling` and the PodScheduled=False condition (once per message). */
function markUnschedulable(k: SchedulerContext, pod: KubeObject, component: string, message: string): void {
  const { api, clock, events } = k.deps;
  const status = (pod.status ?? {}) as { phase?: string; conditions?: Condition[] };
  const cond = getCondition(status.conditions, 'PodScheduled');
  if (cond?.status === 'False' && cond.message === message) return;
  events.record(component, pod, 'Warning', 'FailedScheduling', message);
  const now = clock.timestamp();
  const next = {
    phase: 'Pending',
    ...status,
    conditions: setCondition(
      status.conditions,
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null },
      now,
    ),
  };
  api.update(
    k.podType,
    pod.metadata.namespace,
    nameOf(pod),
    { ...pod, status: next },
    { subresource: 'status', internal: true },
  );
}

/** The size of the Fargate node a pod gets. */
interface NodeSize {
  vcpu: number;
  memoryGb: number;
  ephemeralStorageGiB: number;
}

/** The Node object of one Fargate pod: tainted, labelled with its zone, sized for the pod. */
function fargateNode(
  node: { name: string; ip: string; zone: string; pod: string },
  size: NodeSize,
  kubernetesVersion: string,
  now: string,
): KubeObject {
  const { name: nodeName, ip, zone } = node;
  const resources = {
    cpu: String(size.vcpu),
    memory: `${Math.round(size.memoryGb * 1024 * 1024)}Ki`,
    pods: '1',
    'ephemeral-storage': `${size.ephemeralStorageGiB}Gi`,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: nodeName,
      labels: {
        [COMPUTE_TYPE_LABEL]: 'fargate',
        'kubernetes.io/hostname': nodeName,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/region': 'us-east-1',
        'topology.kubernetes.io/zone': zone,
        'failure-domain.beta.kubernetes.io/zone': zone,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'sandbox.eks-fargate-deploy/pod': node.pod },
    },
    spec: {
      providerID: `aws:///${zone}/fargate-${ip}`,
      taints: [{ key: COMPUTE_TYPE_LABEL, value: 'fargate', effect: 'NoSchedule' }],
    },
    status: {
      capacity: { ...resources },
      allocatable: { ...resources },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: nodeName },
        { type: 'InternalDNS', address: nodeName },
      ],
      nodeInfo: {
        kubeletVersion: kubernetesVersion,
        kubeProxyVersion: kubernetesVersion,
        operatingSystem: 'linux',
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.7.25',
        osImage: 'Amazon Linux 2',
        kernelVersion: '5.10.234-225.910.amzn2.x86_64',
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}

/**
 * After the provisioning delay: sizes the pod (a size Fargate has no match for is unschedulable),
 * creates its node, binds it with the CapacityProvisioned annotation and marks it scheduled.
 */
function bind(k: SchedulerContext, ns: string | undefined, name: string, uid: string): void {
  const { api, store, clock, config, events } = k.deps;
  k.provisioning.delete(uid);
  const pod = store.get(k.podType, ns, name);
  if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp) return;
  const spec = clone(pod.spec) as Record<string, unknown>;
  if (spec.nodeName) return;
  const capacity = fargateCapacity(spec);
  if (!capacity.ok) {
    markUnschedulable(k, pod, FARGATE_SCHEDULER, rejectionMessage([`pod size not supported: ${capacity.reason}`]));
    return;
  }
  const ip = allocateIp(k);
  const nodeName = `fargate-ip-${ip.replace(/\./g, '-')}.ec2.internal`;
  const zone = ZONES[k.nextIp % ZONES.length] ?? 'us-east-1a';
  // Fargate pods get 20 GiB of ephemeral storage (platform version 1.4.0 and later).
  const size = { vcpu: capacity.vcpu, memoryGb: capacity.memoryGb, ephemeralStorageGiB: 20 };
  const node = { name: nodeName, ip, zone, pod: `${ns}/${name}` };
  api.create(k.nodeType, undefined, fargateNode(node, size, config.kubernetesVersion, clock.timestamp()), {
    internal: true,
  });
  spec.nodeName = nodeName;
  const bound = clone(pod);
  bound.spec = spec;
  bound.metadata.annotations = {
    ...(bound.metadata.annotations ?? {}),
    CapacityProvisioned: capacity.annotation,
    Logging: 'LoggingDisabled: LOGGING_CONFIGMAP_NOT_FOUND',
  };
  const afterBind = api.update(k.podType, ns, name, bound, { internal: true });
  const status = (afterBind.status ?? {}) as { conditions?: Condition[] };
  const now = clock.timestamp();
  const conditions = setCondition(
    status.conditions,
    { type: 'PodScheduled', status: 'True', lastProbeTime: null },
    now,
  );
  api.update(
    k.podType,
    ns,
    name,
    { ...afterBind, status: { ...status, phase: 'Pending', conditions } },
    { subresource: 'status', internal: true },
  );
  events.record(
    FARGATE_SCHEDULER,
    afterBind,
    'Normal',
    'Scheduled',
    `Successfully assigned ${ns}/${name} to ${nodeName}`,
  );
}

/** The pods still waiting for a node that mount this claim (judged again when it changes). */
function podsWaitingFor(k: SchedulerContext, claim: KubeObject): string[] {
  const ns = claim.metadata.namespace;
  return k.deps.store
    .list(k.podType, ns)
    .items.filter(
      (p) =>
        !(p.spec as { nodeName?: string } | undefined)?.nodeName &&
        (
          (p.spec as { volumes?: Array<{ persistentVolumeClaim?: { claimName?: string } }> } | undefined)?.volumes ?? []
        ).some((v) => v.persistentVolumeClaim?.claimName === claim.metadata.name),
    )
    .map((p) => keyOf(ns, nameOf(p)));
}

/** A Fargate pod: rejected with the reasons Fargate gives, or provisioned and bound after the delay. */
function scheduleOnFargate(k: SchedulerContext, pod: KubeObject, namespace: string | undefined, name: string): void {
  const reasons = fargatePodRejections(pod.spec ?? {}, claimLookup(k, namespace));
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
  if (owner?.kind === 'DaemonSet') reasons.unshift('DaemonSet pods are not supported');
  if (reasons.length > 0) {
    markUnschedulable(k, pod, FARGATE_SCHEDULER, rejectionMessage(reasons));
    return;
  }
  const uid = uidOf(pod);
  if (k.provisioning.has(uid)) return;
  k.provisioning.add(uid);
  k.deps.clock.after(k.deps.config.timing.podProvisioningMs, () => {
    bind(k, namespace, name, uid);
  });
}

/** Creates the scheduler controller. */
export function fargateScheduler(deps: ControllerDeps): Controller {
  const { api, store } = deps;
  const k: SchedulerContext = {
    deps,
    podType: api.registry.get('', 'pods'),
    nodeType: api.registry.get('', 'nodes'),
    pvcType: api.registry.get('', 'persistentvolumeclaims'),
    pvType: api.registry.get('', 'persistentvolumes'),
    provisioning: new Set<string>(),
    nextIp: 10,
  };
  return {
    name: 'fargate-scheduler',
    keysFor(e) {
      if (e.resourceKey === 'persistentvolumeclaims') return podsWaitingFor(k, e.object);
      if (e.resourceKey !== 'pods') return [];
      const key = keyOf(e.object.metadata.namespace, nameOf(e.object));
      if (e.type === 'DELETED') {
        const node = (e.object.spec as { nodeName?: string } | undefined)?.nodeName;
        return node ? [`node:${node}`] : [];
      }
      const spec = e.object.spec as { nodeName?: string } | undefined;
      return spec?.nodeName || e.object.metadata.deletionTimestamp ? [] : [key];
    },
    sync(key) {
      if (key.startsWith('node:')) {
        const nodeName = key.slice(5);
        if (store.get(k.nodeType, undefined, nodeName)) api.delete(k.nodeType, undefined, nodeName);
        return undefined;
      }
      const { namespace, name } = splitKey(key);
      const pod = store.get(k.podType, namespace, name);
      if (!pod || pod.metadata.deletionTimestamp) return undefined;
      const spec = (pod.spec ?? {}) as Record<string, unknown> & { nodeName?: string; schedulerName?: string };
      if (spec.nodeName) return undefined;
      if (spec.schedulerName === FARGATE_SCHEDULER) {
        scheduleOnFargate(k, pod, namespace, name);
        return undefined;
      }
      if (spec.schedulerName && spec.schedulerName !== 'default-scheduler') return undefined;
      const nodes = store.count(k.nodeType);
      const message =
        nodes === 0
          ? 'no nodes available to schedule pods'
          : `0/${nodes} nodes are available: ${nodes} node(s) had untolerated taint {${COMPUTE_TYPE_LABEL}: fargate}. preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`;
      markUnschedulable(k, pod, 'default-scheduler', message);
      return undefined;
    },
  };
}
