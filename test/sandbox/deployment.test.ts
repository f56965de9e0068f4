/**
 * Deployment controller semantics observed through store events: surge/unavailability bounds
 * during a rolling update, revisionHistoryLimit, Recreate, status counters and conditions.
 */
import type { KubeObject } from '../../src/sandbox/object.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { eventually } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ timing: { timeFactor: 0.002 } });
});
afterAll(async () => {
  await (sb as Sandbox | undefined)?.stop();
});

const dType = (): ReturnType<Sandbox['registry']['get']> => sb.registry.get('apps', 'deployments');
const rsType = (): ReturnType<Sandbox['registry']['get']> => sb.registry.get('apps', 'replicasets');

function deployment(name: string, image: string, spec: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...spec,
    },
  });
}

const apply = (name: string, image: string, spec: Record<string, unknown> = {}): KubeObject =>
  sb.api.apply(dType(), 'default', name, deployment(name, image, spec), { fieldManager: 'test' });

interface DStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  conditions?: Array<{ type: string; status: string; reason: string }>;
}
const status = (name: string): DStatus => sb.store.get(dType(), 'default', name)?.status ?? {};
const complete = (name: string, replicas: number): boolean => {
  const s = status(name);
  const gen = sb.store.get(dType(), 'default', name)?.metadata.generation;
  return (
    s.observedGeneration === gen &&
    s.updatedReplicas === replicas &&
    s.availableReplicas === replicas &&
    s.replicas === replicas &&
    s.conditions?.find((c) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable'
  );
};
const ownedRs = (name: string): KubeObject[] => {
  const uid = sb.store.get(dType(), 'default', name)!.metadata.uid!;
  return sb.store.ownedBy(rsType(), uid);
};

test('a rolling update with maxSurge 1 / maxUnavailable 0 never exceeds 5 pods nor drops below 4 available', async () => {
  apply('surge', 'registry.example/web:1', {
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
  });
  await eventually('first rollout', () => complete('surge', 4));
  let maxSpec = 0;
  let minAvailable = Infinity;
  const uid = sb.store.get(dType(), 'default', 'surge')!.metadata.uid!;
  const off = sb.store.onEvent((e) => {
    if (e.resourceKey !== 'replicasets.apps') return;
    const all = sb.store.ownedBy(rsType(), uid);
    maxSpec = Math.max(
      maxSpec,
      all.reduce((n, r) => n + ((r.spec as { replicas?: number }).replicas ?? 0), 0),
    );
    minAvailable = Math.min(
      minAvailable,
      all.reduce((n, r) => n + ((r.status as { availableReplicas?: number } | undefined)?.availableReplicas ?? 0), 0),
    );
  });
  try {
    apply('surge', 'registry.example/web:2', {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    });
    await eventually('second rollout', () => complete('surge', 4));
  } finally {
    off();
  }
  expect(maxSpec).toBe(5);
  expect(minAvailable).toBe(4);
  const rs = ownedRs('surge')
    .map((r) => [
      r.metadata.annotations?.['deployment.kubernetes.io/revision'],
      (r.spec as { replicas: number }).replicas,
    ])
    .sort();
  expect(rs).toEqual([
    ['1', 0],
    ['2', 4],
  ]);
  expect(sb.store.get(dType(), 'default', 'surge')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe(
    '2',
  );
  expect(status('surge').conditions?.find((c) => c.type === 'Available')).toMatchObject({
    status: 'True',
    reason: 'MinimumReplicasAvailable',
  });
});

test('revisionHistoryLimit keeps only that many old ReplicaSets', async () => {
  for (const v of [1, 2, 3, 4]) {
    apply('history', `registry.example/web:${v}`, { replicas: 1, revisionHistoryLimit: 1 });
    await eventually(`rollout ${v}`, () => complete('history', 1));
  }
  await eventually('cleanup', () => ownedRs('history').length === 2);
  const revs = ownedRs('history')
    .map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision'])
    .sort();
  expect(revs).toEqual(['3', '4']);
});

test('Recreate scales the old ReplicaSet to zero before the new one gets pods', async () => {
  apply('recreate', 'registry.example/web:1', { replicas: 2, strategy: { type: 'Recreate' } });
  await eventually('first rollout', () => complete('recreate', 2));
  const uid = sb.store.get(dType(), 'default', 'recreate')!.metadata.uid!;
  let overlap = false;
  const off = sb.store.onEvent((e) => {
    if (e.resourceKey !== 'pods') return;
    const pods = sb.store
      .list(sb.registry.get('', 'pods'), 'default')
      .items.filter((p) => p.metadata.labels?.app === 'recreate');
    const hashes = new Set(pods.map((p) => p.metadata.labels?.['pod-template-hash']));
    if (hashes.size > 1) overlap = true;
  });
  try {
    apply('recreate', 'registry.example/web:2', { replicas: 2, strategy: { type: 'Recreate' } });
    await eventually('second rollout', () => complete('recreate', 2));
  } finally {
    off();
  }
  expect(overlap).toBe(false);
  expect(sb.store.ownedBy(rsType(), uid)).toHaveLength(2);
});

test('scale subresource: GET returns an autoscaling/v1 Scale with the selector, PATCH changes replicas', async () => {
  apply('scaled', 'registry.example/web:1', { replicas: 1 });
  const scale = sb.api.getScale(dType(), 'default', 'scaled');
  expect(scale).toMatchObject({
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    spec: { replicas: 1 },
    status: { selector: 'app=scaled' },
  });
  sb.api.patch(
    dType(),
    'default',
    'scaled',
    'application/merge-patch+json',
    JSON.stringify({ spec: { replicas: 3 } }),
    { subresource: 'scale' },
  );
  await eventually('3 available', () => complete('scaled', 3));
});
