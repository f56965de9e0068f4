import type { KubeObject } from '../../src/model/kube-object.js';
import {
  deploymentStatus,
  findNewReplicaSet,
  ingressStatus,
  jobStatus,
  objectRolloutStatus,
  serviceStatus,
  statefulSetStatus,
} from '../../src/kube/rollout-status.js';

function deploy(spec: Record<string, unknown>, status: Record<string, unknown>, generation = 2): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', generation, uid: 'd-1' },
    spec: { replicas: 3, ...spec },
    status,
  };
}

describe('deploymentStatus (kubectl rollout status rules)', () => {
  test('a generation not yet observed waits, whatever the counters say', () => {
    const s = deploymentStatus(
      deploy({}, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }),
    );
    expect(s).toMatchObject({ done: false, message: 'Waiting for deployment spec update to be observed...' });
  });

  test('each waiting stage in kubectl order, then done', () => {
    expect(
      deploymentStatus(deploy({}, { observedGeneration: 2, replicas: 4, updatedReplicas: 1, availableReplicas: 3 }))
        .message,
    ).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(
      deploymentStatus(deploy({}, { observedGeneration: 2, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }))
        .message,
    ).toBe('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...');
    expect(
      deploymentStatus(deploy({}, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }))
        .message,
    ).toBe('Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...');
    const done = deploymentStatus(
      deploy({}, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }),
    );
    expect(done).toEqual({
      done: true,
      message: 'deployment "web" successfully rolled out',
      updated: 3,
      ready: 3,
      available: 3,
      replicas: 3,
    });
  });

  test('ProgressDeadlineExceeded fails even when the counters look almost done', () => {
    const s = deploymentStatus(
      deploy(
        {},
        {
          observedGeneration: 2,
          replicas: 3,
          updatedReplicas: 3,
          availableReplicas: 2,
          conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
        },
      ),
    );
    expect(s.failed).toBe('deployment "web" exceeded its progress deadline');
    expect(s.done).toBe(false);
  });

  test('replicas default to 1; scaled to zero is done at once; paused says why it waits', () => {
    expect(deploymentStatus(deploy({ replicas: undefined }, { observedGeneration: 2 })).message).toContain(
      '0 out of 1 new replicas',
    );
    expect(deploymentStatus(deploy({ replicas: 0 }, { observedGeneration: 2 })).done).toBe(true);
    expect(deploymentStatus(deploy({ paused: true }, { observedGeneration: 2, updatedReplicas: 0 })).message).toMatch(
      /is paused; it will not progress until resumed\)$/,
    );
  });
});

describe('findNewReplicaSet', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:2' }] } };
  const rs = (name: string, image: string, uid = 'd-1'): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      uid: `rs-${name}`,
      ownerReferences: [{ uid, controller: true, kind: 'Deployment', name: 'web' }],
    },
    spec: {
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': name } },
        spec: { containers: [{ image, name: 'app' }] },
      },
    },
  });
  test('matches the template ignoring pod-template-hash and key order; only ReplicaSets the Deployment controls', () => {
    const d = deploy({ template }, {});
    expect(findNewReplicaSet(d, [rs('a', 'web:1'), rs('b', 'web:2'), rs('c', 'web:2', 'other')])?.metadata.name).toBe(
      'b',
    );
    expect(findNewReplicaSet(d, [rs('a', 'web:1')])).toBeUndefined();
  });
});

describe('statefulSetStatus', () => {
  const sts = (spec: Record<string, unknown>, status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', generation: 3 },
    spec: { replicas: 3, ...spec },
    status: { observedGeneration: 3, ...status },
  });
  test('waits for ready pods, then the partitioned rollout', () => {
    const ru = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } };
    expect(statefulSetStatus(sts(ru, { readyReplicas: 2 })).message).toBe('Waiting for 1 pods to be ready...');
    expect(statefulSetStatus(sts(ru, { readyReplicas: 3, updatedReplicas: 1 })).message).toBe(
      'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
    );
    expect(statefulSetStatus(sts(ru, { readyReplicas: 3, updatedReplicas: 2 }))).toMatchObject({
      done: true,
      message: 'partitioned roll out complete: 2 new pods have been updated...',
    });
  });
  test('without rollingUpdate settings the revisions must match; OnDelete cannot be tracked', () => {
    expect(
      statefulSetStatus(
        sts({}, { readyReplicas: 3, updatedReplicas: 1, currentRevision: 'db-1', updateRevision: 'db-2' }),
      ).message,
    ).toBe('waiting for statefulset rolling update to complete 1 pods at revision db-2...');
    expect(
      statefulSetStatus(
        sts({}, { readyReplicas: 3, currentReplicas: 3, currentRevision: 'db-2', updateRevision: 'db-2' }),
      ).done,
    ).toBe(true);
    expect(statefulSetStatus(sts({ updateStrategy: { type: 'OnDelete' } }, {})).failed).toMatch(
      /only available for RollingUpdate strategy type/,
    );
    expect(statefulSetStatus(sts({}, { observedGeneration: 2, readyReplicas: 3 })).message).toBe(
      'Waiting for statefulset spec update to be observed...',
    );
  });
});

describe('jobStatus, serviceStatus, ingressStatus', () => {
  const job = (status: Record<string, unknown>): KubeObject => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate' },
    spec: { completions: 1 },
    status,
  });
  test('a Job completes or fails by its conditions', () => {
    expect(jobStatus(job({ active: 1 })).done).toBe(false);
    expect(jobStatus(job({ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] })).done).toBe(true);
    expect(
      jobStatus(
        job({
          failed: 6,
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        }),
      ).failed,
    ).toBe('job "migrate" failed: BackoffLimitExceeded: Job has reached the specified backoff limit');
  });
  test('only LoadBalancer Services wait, for a hostname or an IP', () => {
    const svc = (type: string, ingress?: unknown[]): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'front' },
      spec: { type },
      status: { loadBalancer: ingress ? { ingress } : {} },
    });
    expect(serviceStatus(svc('ClusterIP')).done).toBe(true);
    expect(serviceStatus(svc('LoadBalancer')).done).toBe(false);
    expect(serviceStatus(svc('LoadBalancer', [{ ip: '203.0.113.7' }])).message).toBe(
      'service "front" has load balancer 203.0.113.7',
    );
  });
  test('only ALB Ingresses wait for their address (spec class or legacy annotation)', () => {
    const ing = (cls: string | undefined, annotation?: string, host?: string): KubeObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', ...(annotation ? { annotations: { 'kubernetes.io/ingress.class': annotation } } : {}) },
      spec: cls ? { ingressClassName: cls } : {},
      status: { loadBalancer: host ? { ingress: [{ hostname: host }] } : {} },
    });
    expect(ingressStatus(ing('nginx')).done).toBe(true);
    expect(ingressStatus(ing('alb')).message).toBe('Waiting for ingress "web" to get an ALB address...');
    expect(ingressStatus(ing(undefined, 'alb')).done).toBe(false);
    expect(ingressStatus(ing('alb', undefined, 'k8s-shop-web-1.us-east-1.elb.amazonaws.com')).done).toBe(true);
  });
  test('objectRolloutStatus rejects kinds it cannot track, naming them', () => {
    expect(() =>
      objectRolloutStatus({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x', namespace: 'ns' } }),
    ).toThrow(
      'rollout status of kind DaemonSet (ns/x) is not supported; supported kinds: Deployment, StatefulSet, Job, Service, Ingress',
    );
  });
});
