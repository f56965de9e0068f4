/**
 * PodDisruptionBudgets honoured by the eviction API, driven by the real `kubectl drain` (which
 * evicts) and raw eviction requests: 429 while the budget allows no disruption, 201 and a deleted
 * pod when it does, the budget's status kept by the disruption controller.
 */
import { budgetStatus } from '../../src/sandbox/controllers/disruption.js';
import type { KubeObject } from '../../src/sandbox/object.js';
import { eventually, sandboxRequest, startHarness, type SandboxHarness } from './helpers.js';

let h: SandboxHarness;

const app = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: registry.example/web:1}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
  selector: {matchLabels: {app: web}}
`;

const pods = (): KubeObject[] =>
  h.sandbox.store
    .list(h.sandbox.registry.get('', 'pods'), 'default')
    .items.filter((p) => p.metadata.labels?.app === 'web' && !p.metadata.deletionTimestamp);
const readyPods = (): KubeObject[] =>
  pods().filter((p) =>
    ((p.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []).some(
      (c) => c.type === 'Ready' && c.status === 'True',
    ),
  );
const pdbStatus = (): Record<string, unknown> | undefined =>
  h.sandbox.store.get(h.sandbox.registry.get('policy', 'poddisruptionbudgets'), 'default', 'web')?.status as
    Record<string, unknown> | undefined;
const evict = (name: string) =>
  sandboxRequest(h.sandbox, 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, {
    body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } },
  });

beforeAll(async () => {
  h = await startHarness({ timing: { timeFactor: 0.002 } });
  const r = await h.kubectl(['apply', '-f', '-'], { input: app });
  expect(r.stderr).toBe('');
  await eventually(
    '2 ready pods and the budget status',
    () => readyPods().length === 2 && pdbStatus()?.currentHealthy === 2,
    15_000,
  );
}, 30_000);
afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
});

describe('PodDisruptionBudgets and evictions', () => {
  test('minAvailable 2 of 2: the status allows no disruption, and an eviction is refused with 429', async () => {
    expect(pdbStatus()).toMatchObject({
      expectedPods: 2,
      currentHealthy: 2,
      desiredHealthy: 2,
      disruptionsAllowed: 0,
      observedGeneration: 1,
      conditions: [expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' })],
    });
    const victim = readyPods()[0]!.metadata.name!;
    const r = await evict(victim);
    expect(r.status).toBe(429);
    expect(r.json()).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        causes: [
          expect.objectContaining({ message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }),
        ],
      },
    });
    expect(pods().map((p) => p.metadata.name)).toContain(victim);
  });

  test("kubectl drain of a pod's Fargate node retries the refused eviction until its timeout", async () => {
    const node = (readyPods()[0]!.spec as { nodeName: string }).nodeName;
    const r = await h.kubectl(['drain', node, '--ignore-daemonsets', '--timeout=2s'], { timeoutMs: 20_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(readyPods()).toHaveLength(2);
    const uncordon = await h.kubectl(['uncordon', node]);
    expect(uncordon.code).toBe(0);
  }, 30_000);

  test('maxUnavailable 1: one eviction goes through (pod deleted, replaced), the next waits for the budget', async () => {
    expect(
      (
        await h.kubectl([
          'patch',
          'pdb',
          'web',
          '--type=json',
          '-p',
          '[{"op":"remove","path":"/spec/minAvailable"},{"op":"add","path":"/spec/maxUnavailable","value":1}]',
        ])
      ).code,
    ).toBe(0);
    await eventually('one disruption allowed', () => pdbStatus()?.disruptionsAllowed === 1);
    const [first, second] = readyPods().map((p) => p.metadata.name!);
    // Controllers held still between the two evictions, so the replacement cannot be created and
    // become ready in between (with timeFactor 0.002 it otherwise can, and then 201 is right).
    h.sandbox.faults.set({ controllers: { paused: true } });
    try {
      const once = await evict(first!);
      expect(once.status).toBe(201);
      expect(pods().map((p) => p.metadata.name)).not.toContain(first);
      // One of two replicas gone and not replaced: the Deployment's scale still expects 2, so none may go.
      const again = await evict(second!);
      expect(again.status).toBe(429);
      expect(again.json()).toMatchObject({
        reason: 'TooManyRequests',
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
      });
    } finally {
      h.sandbox.faults.clear();
    }
    await eventually(
      'the replacement is ready',
      () => readyPods().length === 2 && pdbStatus()?.disruptionsAllowed === 1,
      15_000,
    );
    // Now kubectl drain of the second pod's node evicts it.
    const node = (readyPods().find((p) => p.metadata.name === second)!.spec as { nodeName: string }).nodeName;
    const drained = await h.kubectl(['drain', node, '--ignore-daemonsets', '--timeout=10s'], { timeoutMs: 20_000 });
    expect(drained.stdout).toContain(`pod/${second} evicted`);
    expect(drained.stdout).toContain(`node/${node} drained`);
    expect(pods().map((p) => p.metadata.name)).not.toContain(second);
  }, 30_000);

  test('an eviction the budget allows answers 201 with a Success Status', async () => {
    await eventually(
      'two ready pods again',
      () => readyPods().length === 2 && pdbStatus()?.disruptionsAllowed === 1,
      15_000,
    );
    const now = await evict(readyPods()[0]!.metadata.name!);
    expect(now.status).toBe(201);
    expect(now.json()).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
  }, 30_000);

  test('budget arithmetic: percentages round up, maxUnavailable against expected pods', () => {
    const pod = (ready: boolean): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    const pdb = (spec: Record<string, unknown>): KubeObject => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'b', generation: 1 },
      spec,
    });
    const five = [pod(true), pod(true), pod(true), pod(true), pod(false)];
    expect(budgetStatus(pdb({ minAvailable: '50%' }), five, 'now')).toMatchObject({
      expectedPods: 5,
      currentHealthy: 4,
      desiredHealthy: 3,
      disruptionsAllowed: 1,
    });
    expect(budgetStatus(pdb({ maxUnavailable: '25%' }), five, 'now')).toMatchObject({
      desiredHealthy: 3,
      disruptionsAllowed: 1,
    });
    expect(budgetStatus(pdb({ maxUnavailable: 0 }), five, 'now')).toMatchObject({
      desiredHealthy: 5,
      disruptionsAllowed: 0,
    });
  });

  test("maxUnavailable counts against the controller's scale: a pod evicted and not yet replaced is still expected", () => {
    const pod = (ready: boolean): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    const pdb: KubeObject = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'b', generation: 1 },
      spec: { maxUnavailable: 1 },
    };
    // One of two replicas evicted, its replacement not created yet: no further disruption allowed.
    expect(budgetStatus(pdb, [pod(true)], 'now', undefined, 2)).toMatchObject({
      expectedPods: 2,
      currentHealthy: 1,
      desiredHealthy: 1,
      disruptionsAllowed: 0,
    });
    // Without a known scale the pods are counted (and the budget would wrongly allow it).
    expect(budgetStatus(pdb, [pod(true)], 'now')).toMatchObject({ expectedPods: 1, disruptionsAllowed: 1 });
  });
});
