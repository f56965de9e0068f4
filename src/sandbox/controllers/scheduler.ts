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

/** Creates the scheduler controller. */
export function fargateScheduler(deps: ControllerDeps): Controller {
  const { api, store, clock, config, events } = deps;
  const podType = api.registry.get('', 'pods');
  const nodeType = api.registry.get('', 'nodes');
  const pvcType = api.registry.get('', 'persistentvolumeclaims');
  const pvType = api.registry.get('', 'persistentvolumes');
  const provisioning = new Set<string>();
  const claimOf =
    (namespace: string | undefined) =>
    (name: string): ClaimInfo => {
      const pvc = store.get(pvcType, namespace, name);
      if (!pvc) return { found: false };
      const volumeName = (pvc.spec as { volumeName?: string } | undefined)?.volumeName;
      if ((pvc.status as { phase?: string } | undefined)?.phase !== 'Bound' || !volumeName)
        return { found: true, bound: false };
      return { found: true, bound: true, volume: store.get(pvType, undefined, volumeName) };
    };
  let nextIp = 10;

  const allocateIp = (): string => {
    // 10.0.0.0/16 like a VPC subnet; skip network/broadcast-looking .0 and .255.
    while ((nextIp & 255) === 0 || (nextIp & 255) === 255) nextIp++;
    const n = nextIp++;
    if (nextIp > 65_000) nextIp = 10;
    return `10.0.${(n >> 8) & 255}.${n & 255}`;
  };

  const markUnschedulable = (pod: KubeObject, component: string, message: string): void => {
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
      podType,
      pod.metadata.namespace,
      nameOf(pod),
      { ...pod, status: next },
      { subresource: 'status', internal: true },
    );
  };

  const bind = (ns: string | undefined, name: string, uid: string): void => {
    provisioning.delete(uid);
    const pod = store.get(podType, ns, name);
    if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp) return;
    const spec = clone(pod.spec) as Record<string, unknown>;
    if (spec.nodeName) return;
    const capacity = fargateCapacity(spec);
    if (!capacity.ok) {
      markUnschedulable(pod, FARGATE_SCHEDULER, rejectionMessage([`pod size not supported: ${capacity.reason}`]));
      return;
    }
    // Fargate pods get 20 GiB of ephemeral storage (platform version 1.4.0 and later).
    const size = {
      vcpu: capacity.vcpu,
      memoryGb: capacity.memoryGb,
      ephemeralStorageGiB: 20,
      capacityProvisioned: capacity.annotation,
    };
    const ip = allocateIp();
    const nodeName = `fargate-ip-${ip.replace(/\./g, '-')}.ec2.internal`;
    const zone = ZONES[nextIp % ZONES.length] ?? 'us-east-1a';
    api.create(
      nodeType,
      undefined,
      {
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
          annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'sandbox.eks-fargate-deploy/pod': `${ns}/${name}` },
        },
        spec: {
          providerID: `aws:///${zone}/fargate-${ip}`,
          taints: [{ key: COMPUTE_TYPE_LABEL, value: 'fargate', effect: 'NoSchedule' }],
        },
        status: {
          capacity: {
            cpu: String(size.vcpu),
            memory: `${Math.round(size.memoryGb * 1024 * 1024)}Ki`,
            pods: '1',
            'ephemeral-storage': `${size.ephemeralStorageGiB}Gi`,
          },
          allocatable: {
            cpu: String(size.vcpu),
            memory: `${Math.round(size.memoryGb * 1024 * 1024)}Ki`,
            pods: '1',
            'ephemeral-storage': `${size.ephemeralStorageGiB}Gi`,
          },
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
              lastHeartbeatTime: clock.timestamp(),
              lastTransitionTime: clock.timestamp(),
            },
          ],
          addresses: [
            { type: 'InternalIP', address: ip },
            { type: 'Hostname', address: nodeName },
            { type: 'InternalDNS', address: nodeName },
          ],
          nodeInfo: {
            kubeletVersion: config.kubernetesVersion,
            kubeProxyVersion: config.kubernetesVersion,
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
      },
      { internal: true },
    );
    spec.nodeName = nodeName;
    const bound = clone(pod);
    bound.spec = spec;
    bound.metadata.annotations = {
      ...(bound.metadata.annotations ?? {}),
      CapacityProvisioned: size.capacityProvisioned,
      Logging: 'LoggingDisabled: LOGGING_CONFIGMAP_NOT_FOUND',
    };
    const afterBind = api.update(podType, ns, name, bound, { internal: true });
    const status = (afterBind.status ?? {}) as { conditions?: Condition[] };
    const now = clock.timestamp();
    api.update(
      podType,
      ns,
      name,
      {
        ...afterBind,
        status: {
          ...status,
          phase: 'Pending',
          conditions: setCondition(
            status.conditions,
            { type: 'PodScheduled', status: 'True', lastProbeTime: null },
            now,
          ),
        },
      },
      { subresource: 'status', internal: true },
    );
    events.record(
      FARGATE_SCHEDULER,
      afterBind,
      'Normal',
      'Scheduled',
      `Successfully assigned ${ns}/${name} to ${nodeName}`,
    );
  };

  return {
    name: 'fargate-scheduler',
    keysFor(e) {
      if (e.resourceKey === 'persistentvolumeclaims') {
        // Pods waiting for this claim to bind are judged again.
        const ns = e.object.metadata.namespace;
        return store
          .list(podType, ns)
          .items.filter(
            (p) =>
              !(p.spec as { nodeName?: string } | undefined)?.nodeName &&
              (
                (p.spec as { volumes?: Array<{ persistentVolumeClaim?: { claimName?: string } }> } | undefined)
                  ?.volumes ?? []
              ).some((v) => v.persistentVolumeClaim?.claimName === e.object.metadata.name),
          )
          .map((p) => keyOf(ns, nameOf(p)));
      }
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
        if (store.get(nodeType, undefined, nodeName)) api.delete(nodeType, undefined, nodeName);
        return undefined;
      }
      const { namespace, name } = splitKey(key);
      const pod = store.get(podType, namespace, name);
      if (!pod || pod.metadata.deletionTimestamp) return undefined;
      const spec = (pod.spec ?? {}) as Record<string, unknown> & { nodeName?: string; schedulerName?: string };
      if (spec.nodeName) return undefined;
      if (spec.schedulerName === FARGATE_SCHEDULER) {
        const reasons = fargatePodRejections(spec, claimOf(namespace));
        const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
        if (owner?.kind === 'DaemonSet') reasons.unshift('DaemonSet pods are not supported');
        if (reasons.length > 0) {
          markUnschedulable(pod, FARGATE_SCHEDULER, rejectionMessage(reasons));
          return undefined;
        }
        const uid = uidOf(pod);
        if (!provisioning.has(uid)) {
          provisioning.add(uid);
          clock.after(config.timing.podProvisioningMs, () => {
            bind(namespace, name, uid);
          });
        }
        return undefined;
      }
      if (spec.schedulerName && spec.schedulerName !== 'default-scheduler') return undefined;
      const nodes = store.count(nodeType);
      const message =
        nodes === 0
          ? 'no nodes available to schedule pods'
          : `0/${nodes} nodes are available: ${nodes} node(s) had untolerated taint {${COMPUTE_TYPE_LABEL}: fargate}. preemption: 0/${nodes} nodes are available: ${nodes} Preemption is not helpful for scheduling.`;
      markUnschedulable(pod, 'default-scheduler', message);
      return undefined;
    },
  };
}
