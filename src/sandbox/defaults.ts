/**
 * API defaulting for the fields a deploy and kubectl look at (the real API server's
 * SetDefaults_* functions, the common subset), so stored objects look like EKS's.
 */
import { randomInt } from 'node:crypto';
import { isPlainObject, type KubeObject } from './object.js';

type Rec = Record<string, unknown>;

function rec(parent: Rec, key: string): Rec {
  const v = parent[key];
  if (isPlainObject(v)) return v;
  const fresh: Rec = {};
  parent[key] = fresh;
  return fresh;
}

function setDefault(o: Rec, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

function defaultProbe(p: unknown): void {
  if (!isPlainObject(p)) return;
  setDefault(p, 'timeoutSeconds', 1);
  setDefault(p, 'periodSeconds', 10);
  setDefault(p, 'successThreshold', 1);
  setDefault(p, 'failureThreshold', 3);
  if (isPlainObject(p.httpGet)) setDefault(p.httpGet, 'scheme', 'HTTP');
}

function defaultContainer(c: unknown): void {
  if (!isPlainObject(c)) return;
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
    const tag = c.image.includes('@') ? 'digest' : c.image.slice(c.image.lastIndexOf('/') + 1).split(':')[1];
    c.imagePullPolicy = tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefault(c, 'resources', {});
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isPlainObject(p)) setDefault(p, 'protocol', 'TCP');
  defaultProbe(c.readinessProbe);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.startupProbe);
}

/** Defaults a PodSpec (pods and templates). */
function defaultPodSpec(spec: Rec): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['containers', 'initContainers']) {
    const cs = spec[list];
    if (Array.isArray(cs)) cs.forEach(defaultContainer);
    // With hostNetwork the API server sets each port's hostPort to its containerPort.
    if (spec.hostNetwork === true && Array.isArray(cs)) {
      for (const c of cs)
        if (isPlainObject(c) && Array.isArray(c.ports))
          for (const p of c.ports) if (isPlainObject(p)) setDefault(p, 'hostPort', p.containerPort);
    }
  }
}

let nextNodePort = 0;
let nextClusterIp = 10;

function defaultDeploymentSpec(spec: Rec): void {
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  const strategy = rec(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = rec(strategy, 'rollingUpdate');
    setDefault(ru, 'maxSurge', '25%');
    setDefault(ru, 'maxUnavailable', '25%');
  }
  defaultPodSpec(rec(rec(spec, 'template'), 'spec'));
}

function defaultStatefulSetSpec(spec: Rec): void {
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  setDefault(spec, 'revisionHistoryLimit', 10);
  const strategy = rec(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setDefault(rec(strategy, 'rollingUpdate'), 'partition', 0);
  setDefault(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
  defaultPodSpec(rec(rec(spec, 'template'), 'spec'));
}

function defaultDaemonSetSpec(spec: Rec): void {
  setDefault(spec, 'revisionHistoryLimit', 10);
  const strategy = rec(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = rec(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  defaultPodSpec(rec(rec(spec, 'template'), 'spec'));
}

function defaultServiceSpec(spec: Rec): void {
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.clusterIP === undefined && spec.type !== 'ExternalName') {
    const n = nextClusterIp++;
    spec.clusterIP = `10.100.${(n >> 8) & 255}.${n & 255 || randomInt(1, 254)}`;
  }
  if (spec.clusterIP !== undefined && spec.clusterIPs === undefined) spec.clusterIPs = [spec.clusterIP];
  setDefault(spec, 'ipFamilies', ['IPv4']);
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  // NodePort and LoadBalancer Services get a node port per port from 30000-32767, as the API server allocates them.
  const nodePorts =
    spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (nodePorts) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (Array.isArray(spec.ports)) {
    for (const p of spec.ports) {
      if (!isPlainObject(p)) continue;
      setDefault(p, 'protocol', 'TCP');
      setDefault(p, 'targetPort', p.port);
      if (nodePorts && p.nodePort === undefined) p.nodePort = 30000 + (nextNodePort++ % 2768);
    }
  }
}

/** Applies the defaults of the object's kind, in place. */
export function applyDefaults(obj: KubeObject): void {
  const o = obj as Rec;
  switch (obj.kind) {
    case 'Pod': {
      const spec = rec(o, 'spec');
      defaultPodSpec(spec);
      setDefault(spec, 'serviceAccountName', 'default');
      setDefault(spec, 'enableServiceLinks', true);
      setDefault(spec, 'priority', 0);
      break;
    }
    case 'Deployment':
      defaultDeploymentSpec(rec(o, 'spec'));
      break;
    case 'ReplicaSet': {
      const spec = rec(o, 'spec');
      setDefault(spec, 'replicas', 1);
      defaultPodSpec(rec(rec(spec, 'template'), 'spec'));
      break;
    }
    case 'StatefulSet':
      defaultStatefulSetSpec(rec(o, 'spec'));
      break;
    case 'DaemonSet':
      defaultDaemonSetSpec(rec(o, 'spec'));
      break;
    case 'CronJob': {
      const spec = rec(o, 'spec');
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
      defaultPodSpec(rec(rec(rec(rec(spec, 'jobTemplate'), 'spec'), 'template'), 'spec'));
      break;
    }
    case 'Job': {
      const spec = rec(o, 'spec');
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completions', 1);
      setDefault(spec, 'parallelism', 1);
      const tspec = rec(rec(spec, 'template'), 'spec');
      defaultPodSpec(tspec);
      break;
    }
    case 'Service':
      defaultServiceSpec(rec(o, 'spec'));
      break;
    case 'Namespace': {
      const meta = rec(o, 'metadata');
      const labels = rec(meta, 'labels');
      // A nameless Namespace gets no label here; validation rejects it with a 422 just after.
      if (obj.metadata.name !== undefined) labels['kubernetes.io/metadata.name'] = obj.metadata.name;
      setDefault(rec(o, 'spec'), 'finalizers', ['kubernetes']);
      setDefault(rec(o, 'status'), 'phase', 'Active');
      break;
    }
    case 'Secret': {
      setDefault(o, 'type', 'Opaque');
      if (isPlainObject(o.stringData)) {
        const data = rec(o, 'data');
        for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v)).toString('base64');
        delete o.stringData;
      }
      break;
    }
    default:
      break;
  }
}
