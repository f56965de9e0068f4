import { join } from 'node:path';
import { KubeClient } from '../../src/kube/client.js';
import { RolloutTracker, type RolloutTarget, type RolloutTrackerOptions } from '../../src/kube/rollout.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import type { HttpContext } from '../../src/sandbox/server.js';
import { StatusError } from '../../src/sandbox/status.js';
import { logSink } from '../helpers/artefacts.js';
import { tempDir } from '../helpers/temp.js';

let sb: Sandbox;
let client: KubeClient;
/** Fault middleware of the current test (the sandbox pipeline has no removal, so one slot is swapped). */
let fault: ((ctx: HttpContext) => void | Promise<void>) | undefined;

const FAST_RETRY = { attempts: 6, baseDelayMs: 5, maxDelayMs: 40 };

beforeAll(async () => {
  sb = await startSandbox({
    timing: { timeFactor: 0.01 },
    images: { exists: (image) => !image.includes('missing') },
    fargateProfiles: [
      { name: 'apps', selectors: [{ namespace: 'default' }, { namespace: 'shop' }, { namespace: 'faults' }] },
    ],
  });
  sb.http.use(async (ctx, next) => {
    await fault?.(ctx);
    await next();
  });
  const file = join(tempDir('rollout-'), 'config');
  await sb.writeKubeconfig(file);
  client = new KubeClient(KubeClient.fromKubeconfig(file).kc, FAST_RETRY);
  for (const ns of ['shop', 'faults', 'nofargate'])
    await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { fieldManager: 'test' });
});
afterEach(() => {
  fault = undefined;
  sb.faults.clear();
});
afterAll(async () => {
  await sb.stop();
});

interface DeployOpts {
  replicas?: number;
  image?: string;
  container?: Record<string, unknown>;
  podSpec?: Record<string, unknown>;
  progressDeadlineSeconds?: number;
}

function deployment(namespace: string, name: string, o: DeployOpts = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: o.replicas ?? 2,
      ...(o.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: o.progressDeadlineSeconds } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: o.image ?? 'registry.example/web:1',
              resources: { requests: { cpu: '250m', memory: '256Mi' } },
              ...o.container,
            },
          ],
          ...o.podSpec,
        },
      },
    },
  };
}

async function apply(namespace: string, name: string, o: DeployOpts = {}): Promise<RolloutTarget> {
  await client.apply(deployment(namespace, name, o), { fieldManager: 'eks-fargate-deploy', force: true });
  return { kind: 'Deployment', namespace, name };
}

/** Polls `cond` every 10 ms until it holds or `ms` have passed (the assertions after it say what was wrong). */
async function until(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

/**
 * Waits until the sandbox has no open watch and the audit log (written when a request ends, which
 * may be a little after the watch is unsubscribed) holds at least `atLeast` watch records since
 * `auditFrom`: a condition, not a fixed pause, so a loaded machine only makes it wait longer.
 */
async function watchesClosed(auditFrom: number, atLeast: number): Promise<void> {
  await until(
    () =>
      sb.store.hub.watcherCount() === 0 &&
      sb.audit.slice(auditFrom).filter((a) => a.verb === 'watch').length >= atLeast,
    5_000,
  );
}

/**
 * Applies with the sandbox's controllers paused and lets them go only once the tracker has listed
 * every collection (and `alsoWaitFor` holds), so the whole rollout reaches it through its watches.
 * Otherwise a loaded machine may run most of the (100× sped up) rollout before the tracker lists,
 * leaving too few events to drop watches on or resume from.
 */
async function trackWholeRollout(
  applyTargets: () => Promise<RolloutTarget[]>,
  collections: number,
  alsoWaitFor: () => boolean = () => true,
): Promise<
  ReturnType<typeof track> & { running: Promise<Awaited<ReturnType<RolloutTracker['run']>>>; auditFrom: number }
> {
  sb.faults.set({ controllers: { paused: true } });
  const targets = await applyTargets();
  // The tracker's own requests start here.
  const auditFrom = sb.audit.length;
  const t = track(targets);
  const running = t.run();
  await until(() => t.tracker.counters.lists >= collections && alsoWaitFor(), 10_000);
  sb.faults.clear();
  return { ...t, running, auditFrom };
}

function track(targets: RolloutTarget[], extra: Partial<RolloutTrackerOptions> = {}) {
  const { lines, log } = logSink();
  const tracker = new RolloutTracker(client, {
    targets,
    graceSeconds: 0.3,
    timeoutSeconds: 20,
    log,
    backoff: { baseMs: 10, maxMs: 100 },
    ...extra,
  });
  return { tracker, lines, run: () => tracker.run() };
}

describe('RolloutTracker against the sandbox', () => {
  test('several Deployments in two namespaces roll out together; one watch per kind and namespace', async () => {
    const started = Date.now();
    const { tracker, lines, running, auditFrom } = await trackWholeRollout(
      async () => [
        await apply('default', 'web', { replicas: 3 }),
        await apply('default', 'api'),
        await apply('shop', 'cart'),
        await apply('shop', 'checkout', { replicas: 1 }),
      ],
      8,
    );
    const outcome = await running;
    expect(outcome.ok).toBe(true);
    expect(outcome.results.map((r) => `${r.target.name}:${r.status}`)).toEqual([
      'web:ready',
      'api:ready',
      'cart:ready',
      'checkout:ready',
    ]);
    expect(outcome.results[0]!.message).toMatch(
      /^web: deployment "web" successfully rolled out \(ReplicaSet web-[a-z0-9]+\)$/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    // deployments, replicasets, pods, events × 2 namespaces; nothing per object, no polling.
    expect(tracker.watchCount).toBe(8);
    expect(tracker.counters.lists).toBe(8);
    expect(tracker.counters.watchesOpened).toBe(8);
    expect(tracker.counters.relists).toBe(0);
    expect(tracker.counters.eventsSeen).toBeGreaterThan(20);
    // A progress line on state changes, e.g. "web: 0/3 updated, 0 available, 0s".
    expect(lines.some((l) => /^web: \d\/3 updated, \d available, \d+s$/.test(l))).toBe(true);
    await watchesClosed(auditFrom, 8);
    const calls = sb.audit.slice(auditFrom).map((a) => `${a.verb} ${a.path}`);
    expect(calls.filter((c) => c.startsWith('watch ')).sort()).toEqual([
      'watch /api/v1/namespaces/default/events',
      'watch /api/v1/namespaces/default/pods',
      'watch /api/v1/namespaces/shop/events',
      'watch /api/v1/namespaces/shop/pods',
      'watch /apis/apps/v1/namespaces/default/deployments',
      'watch /apis/apps/v1/namespaces/default/replicasets',
      'watch /apis/apps/v1/namespaces/shop/deployments',
      'watch /apis/apps/v1/namespaces/shop/replicasets',
    ]);
    expect(calls.filter((c) => c.startsWith('get '))).toEqual([]);
  });

  test('a re-run with nothing changed is ready at once from the initial lists', async () => {
    const target = await apply('default', 'web', { replicas: 3 });
    const { tracker, run } = track([target]);
    const outcome = await run();
    expect(outcome.ok).toBe(true);
    expect(outcome.results[0]!.durationMs).toBeLessThan(1_000);
    expect(tracker.counters.lists).toBe(4);
  });

  test('an image that does not exist fails fast with ImagePullBackOff, long before the progress deadline', async () => {
    await apply('default', 'shop-ui', { replicas: 2 });
    await new RolloutTracker(client, {
      targets: [{ kind: 'Deployment', namespace: 'default', name: 'shop-ui' }],
      graceSeconds: 0.3,
      log: logSink().log,
    }).run();
    const target = await apply('default', 'shop-ui', {
      replicas: 2,
      image: 'registry.example/missing:2',
      progressDeadlineSeconds: 600,
    });
    const { lines, run } = track([target]);
    const started = Date.now();
    const outcome = await run();
    const elapsed = Date.now() - started;
    expect(outcome.ok).toBe(false);
    const r = outcome.results[0]!;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(
      /^shop-ui: \d of 2 updated replicas are available \((ImagePullBackOff|ErrImagePull) on shop-ui-[a-z0-9]+-[a-z0-9]+\/app: Failed to pull image "registry.example\/missing:2": .*not found/,
    );
    expect(r.message).toContain('last events:');
    expect(r.problem?.container).toBe('app');
    // 600 s × 0.01 = 6 s progress deadline; grace is 0.3 s.
    expect(elapsed).toBeLessThan(4_000);
    expect(lines.some((l) => /failing in \d+s unless it clears/.test(l))).toBe(true);
  });

  test('a crash loop fails with the restart count and the last exit code', async () => {
    // Without a readiness probe a container is Ready the moment it starts, and kubectl (like us)
    // would call a pod that crashes later rolled out; the probe delay makes the crash come first.
    const target = await apply('default', 'worker', {
      replicas: 1,
      image: 'example/crashloop:1',
      container: { readinessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 30 } },
    });
    const outcome = await track([target], { graceSeconds: 0.2 }).run();
    const r = outcome.results[0]!;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(
      /CrashLoopBackOff on worker-[a-z0-9]+-[a-z0-9]+\/app: restarted \d+ times, last exit: Error \(exit code 1\)/,
    );
  });

  test('a crash loop that passes readiness between crashes fails at its 3rd restart, not after the grace window', async () => {
    // Ready a moment after each start, crashing 5 s later: minReadySeconds keeps it from ever being
    // available (300 s: the sandbox's Ready times have 1 s precision, so 3 s real), and each Ready
    // used to clear the problem and restart a 30 s grace window.
    const d = deployment('default', 'flappy', {
      replicas: 1,
      image: 'example/crashloop:2',
      container: { readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 } },
    });
    await client.apply(
      { ...d, spec: { ...d.spec, minReadySeconds: 300 } },
      { fieldManager: 'eks-fargate-deploy', force: true },
    );
    const started = Date.now();
    const r = (await track([{ kind: 'Deployment', namespace: 'default', name: 'flappy' }], { graceSeconds: 30 }).run())
      .results[0]!;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/CrashLoopBackOff on flappy-[a-z0-9]+-[a-z0-9]+\/app: restarted 3 times/);
    expect(Date.now() - started).toBeLessThan(10_000);
    await client.delete('apps/v1', 'Deployment', 'default', 'flappy'); // it would crash on for the rest of the file
  });

  test('a deploy deadline (AbortSignal.timeout) ends the rollout as timed out, not cancelled', async () => {
    const target = await apply('shop', 'deadline', {
      replicas: 1,
      image: 'example/slow-start:4',
      container: { startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 100 } },
    });
    // 400 ms: time to list under load, and still well before slow-start's 600 ms of failing probes end.
    const outcome = await track([target], { signal: AbortSignal.timeout(400) }).run();
    expect(outcome.results[0]!.status).toBe('timeout');
    expect(outcome.results[0]!.message).toMatch(
      /^deadline: timed out after [01]s; last state: Waiting for deployment "deadline" rollout to finish/,
    );
  });

  test('an OOM-killed container is reported as OOMKilled with its memory limit', async () => {
    const target = await apply('default', 'hog', {
      replicas: 1,
      image: 'example/oomkilled:1',
      container: {
        resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
        readinessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 30 },
      },
    });
    const r = (await track([target], { graceSeconds: 0.2 }).run()).results[0]!;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(
      /OOMKilled on hog-[a-z0-9-]+\/app: killed for using more memory than its 128Mi limit; restarted \d+ times, last exit: OOMKilled \(exit code 137\)/,
    );
  });

  test('a readiness probe that never passes fails after its thresholds', async () => {
    const target = await apply('default', 'never', {
      replicas: 1,
      image: 'example/never-ready:1',
      container: {
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5, failureThreshold: 3 },
      },
    });
    const r = (await track([target], { graceSeconds: 0.2 }).run()).results[0]!;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(
      /ReadinessProbeFailing on never-[a-z0-9-]+\/app: readiness probe failed \d+ times \(failureThreshold 3\): Readiness probe failed: HTTP probe failed with statuscode: 503/,
    );
  });

  test('a namespace no Fargate profile selects fails with FailedScheduling naming namespace and labels', async () => {
    const target = await apply('nofargate', 'lost', { replicas: 1 });
    const r = (await track([target]).run()).results[0]!;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(
      /^lost: 0 of 1 updated replicas are available \(FailedScheduling on lost-[a-z0-9-]+: no Fargate profile selects namespace "nofargate" with labels app=lost \(default-scheduler: /,
    );
  });

  test('a privileged pod fails with "Pod not supported on Fargate"', async () => {
    const target = await apply('default', 'priv', {
      replicas: 1,
      container: { securityContext: { privileged: true } },
    });
    const r = (await track([target]).run()).results[0]!;
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/FailedScheduling on priv-[a-z0-9-]+: Pod not supported on Fargate: .*privileged/i);
  });

  test('one failure ends the others as cancelled with their last state', async () => {
    // Paused: it waits without any problem of its own, however slow the machine is.
    await client.apply(
      { ...deployment('shop', 'slowpoke'), spec: { ...deployment('shop', 'slowpoke').spec, paused: true } },
      { fieldManager: 'eks-fargate-deploy', force: true },
    );
    const good: RolloutTarget = { kind: 'Deployment', namespace: 'shop', name: 'slowpoke' };
    const bad = await apply('shop', 'broken', { replicas: 1, image: 'registry.example/missing:1' });
    const outcome = await track([good, bad]).run();
    expect(outcome.results.map((r) => r.status)).toEqual(['cancelled', 'failed']);
    expect(outcome.results[0]!.message).toBe(
      'slowpoke: not finished: another rollout failed; last state: Waiting for deployment "slowpoke" rollout to finish: 0 out of 2 new replicas have been updated... (deployment "slowpoke" is paused; it will not progress until resumed)',
    );
  });

  test('the overall timeout ends undecided targets as timeout, with a heartbeat while waiting', async () => {
    // slow-start: probes fail for 60 s × 0.01 = 0.6 s; give the tracker 0.45 s (time to list and beat under load).
    const target = await apply('shop', 'sleepy', {
      replicas: 1,
      image: 'example/slow-start:2',
      container: { startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 100 } },
    });
    const { lines, run } = track([target], { timeoutSeconds: 0.45, heartbeatSeconds: 0.05, tickMs: 20 });
    const started = Date.now();
    const outcome = await run();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(outcome.results[0]!.status).toBe('timeout');
    expect(outcome.results[0]!.message).toMatch(
      /^sleepy: timed out after 0s; last state: Waiting for deployment "sleepy" rollout to finish/,
    );
    expect(lines.some((l) => /^still waiting for 1 of 1 rollouts \(\d+s\): sleepy \d\/1 updated/.test(l))).toBe(true);
  });

  test('an AbortSignal cancels mid-rollout and closes every watch', async () => {
    const target = await apply('shop', 'abortme', {
      replicas: 2,
      image: 'example/slow-start:3',
      container: { startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 100 } },
    });
    const ctrl = new AbortController();
    const { run } = track([target], { signal: ctrl.signal });
    setTimeout(() => {
      ctrl.abort(new Error('SIGTERM'));
    }, 100);
    const outcome = await run();
    expect(outcome.ok).toBe(false);
    expect(outcome.results[0]!.status).toBe('cancelled');
    expect(outcome.results[0]!.message).toMatch(/^abortme: cancelled \(SIGTERM\)/);
    const deadline = Date.now() + 2_000;
    while (sb.store.hub.watcherCount() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(sb.store.hub.watcherCount()).toBe(0);
  });

  test('dropped watches are resumed from the last resourceVersion and the answer is still right', async () => {
    fault = (ctx) => {
      if (ctx.info.verb === 'watch' && ctx.info.namespace === 'faults') ctx.watchLimits = { maxEvents: 3 };
    };
    const { tracker, running, auditFrom } = await trackWholeRollout(
      async () => [await apply('faults', 'a', { replicas: 3 }), await apply('faults', 'b', { replicas: 2 })],
      4,
    );
    const outcome = await running;
    expect(outcome.results.map((r) => r.status)).toEqual(['ready', 'ready']);
    expect(tracker.counters.reconnects).toBeGreaterThan(5);
    expect(tracker.counters.lists).toBe(4);
    expect(tracker.counters.relists).toBe(0);
    // Every resumed watch asked for a resourceVersion; none started over from scratch.
    // (A watch aborted at the very end, one per collection, may never reach the server's log, hence no exact count.)
    await watchesClosed(auditFrom, tracker.counters.watchesOpened - 4);
    const watches = sb.audit.slice(auditFrom).filter((a) => a.verb === 'watch' && a.namespace === 'faults');
    expect(watches.length).toBeGreaterThan(5);
    expect(watches.filter((a) => !/resourceVersion=\d+/.test(a.query))).toEqual([]);
  });

  test('429 and 503 bursts on list and watch are retried; the rollout is still seen through', async () => {
    let failures = 0;
    fault = (ctx) => {
      if (ctx.info.namespace !== 'faults' || (ctx.info.verb !== 'list' && ctx.info.verb !== 'watch')) return;
      if (failures++ % 3 !== 2) {
        if (failures % 2 === 0)
          throw new StatusError(429, 'TooManyRequests', 'slow down', { retryAfterSeconds: 0 }, { 'Retry-After': '0' });
        throw new StatusError(503, 'ServiceUnavailable', 'etcd leader changed');
      }
      ctx.watchLimits = { maxEvents: 4 };
    };
    const targets = [await apply('faults', 'c', { replicas: 2 })];
    const { tracker, run } = track(targets);
    const outcome = await run();
    expect(outcome.results[0]!.status).toBe('ready');
    expect(failures).toBeGreaterThan(10);
    expect(tracker.counters.reconnects).toBeGreaterThan(0);
  });

  test('a 410 Gone on resume makes the tracker re-list, then watch again', async () => {
    let compacted = 0;
    fault = async (ctx) => {
      // Compact the pods history just before each resumed pods watch: the resume point is gone.
      if (ctx.info.verb === 'watch' && ctx.info.namespace === 'faults' && ctx.info.resource === 'pods') {
        if (ctx.url.searchParams.get('resourceVersion') && compacted < 2) {
          compacted++;
          // Another write first, so the history is compacted past the resume point even when the
          // pod event the watch ended on was the latest write (a 410 needs resume < compacted).
          await client.apply(
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'tick', namespace: 'faults' },
              data: { n: String(compacted) },
            },
            { fieldManager: 'test' },
          );
          sb.store.hub.compact('pods', sb.store.resourceVersion);
        }
        ctx.watchLimits = { maxEvents: 5 };
      }
    };
    const { tracker, running } = await trackWholeRollout(async () => [await apply('faults', 'd', { replicas: 3 })], 4);
    const outcome = await running;
    expect(outcome.results[0]!.status).toBe('ready');
    expect(tracker.counters.relists).toBeGreaterThanOrEqual(1);
    expect(tracker.counters.lists).toBe(4 + tracker.counters.relists);
  });

  test('a 403 on list ends tracking with a message naming the collection', async () => {
    fault = (ctx) => {
      if (ctx.info.verb === 'list' && ctx.info.resource === 'events' && ctx.info.namespace === 'faults')
        throw new StatusError(
          403,
          'Forbidden',
          'events is forbidden: User "ci" cannot list resource "events" in API group "" in the namespace "faults"',
        );
    };
    const outcome = await track([{ kind: 'Deployment', namespace: 'faults', name: 'a' }]).run();
    expect(outcome.results[0]!.status).toBe('failed');
    expect(outcome.results[0]!.message).toMatch(
      /^a: cannot list events in namespace faults: .*403 Forbidden: events is forbidden/,
    );
  });

  test('a LoadBalancer Service is ready once the address is assigned; watches only services and events', async () => {
    // A class the sandbox's load balancer controllers leave alone: the test plays that controller.
    await client.apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'front', namespace: 'shop' },
        spec: {
          type: 'LoadBalancer',
          loadBalancerClass: 'example.com/external-lb',
          selector: { app: 'x' },
          ports: [{ port: 80 }],
        },
      },
      { fieldManager: 'test' },
    );
    const { tracker, lines, run } = track([{ kind: 'Service', namespace: 'shop', name: 'front' }]);
    const pending = run();
    setTimeout(() => {
      const t = sb.registry.get('', 'services');
      const cur = sb.store.get(t, 'shop', 'front')!;
      sb.api.update(
        t,
        'shop',
        'front',
        {
          ...cur,
          status: { loadBalancer: { ingress: [{ hostname: 'k8s-shop-front-123.elb.us-east-1.amazonaws.com' }] } },
        },
        { subresource: 'status', internal: true },
      );
    }, 100);
    const outcome = await pending;
    expect(outcome.results[0]!.status).toBe('ready');
    expect(outcome.results[0]!.message).toBe(
      'front: service "front" has load balancer k8s-shop-front-123.elb.us-east-1.amazonaws.com',
    );
    expect(lines[0]).toMatch(/Waiting for service "front" to get a load balancer address/);
    expect(tracker.watchCount).toBe(2);
  });

  test('connection resets on watch are retried; a 403 on watch ends tracking naming the collection', async () => {
    let resets = 0;
    fault = (ctx) => {
      if (ctx.info.verb === 'watch' && ctx.info.namespace === 'faults' && ctx.info.resource === 'pods' && resets < 3) {
        resets++;
        ctx.req.socket.destroy();
      }
    };
    // The rollout starts once the three resets are behind the tracker: it cannot end before them.
    const { tracker, running } = await trackWholeRollout(
      async () => [await apply('faults', 'e', { replicas: 1 })],
      4,
      () => resets >= 3,
    );
    expect((await running).results[0]!.status).toBe('ready');
    expect(resets).toBe(3);
    expect(tracker.counters.reconnects).toBeGreaterThanOrEqual(3);

    fault = (ctx) => {
      if (ctx.info.verb === 'watch' && ctx.info.resource === 'replicasets' && ctx.info.namespace === 'faults')
        throw new StatusError(403, 'Forbidden', 'replicasets.apps is forbidden');
    };
    // Paused, so the target is still waiting when the refused watch ends tracking.
    await client.apply(
      { ...deployment('faults', 'f'), spec: { ...deployment('faults', 'f').spec, paused: true } },
      { fieldManager: 'eks-fargate-deploy', force: true },
    );
    const denied = (await track([{ kind: 'Deployment', namespace: 'faults', name: 'f' }]).run()).results[0]!;
    expect(denied.status).toBe('failed');
    expect(denied.message).toMatch(/^f: cannot watch replicasets in namespace faults: Forbidden/);
  });

  test('a failed Job fails at once; an ALB Ingress is ready when its hostname is written', async () => {
    await client.apply(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'migrate', namespace: 'shop' },
        spec: {
          template: {
            spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'registry.example/migrate:1' }] },
          },
        },
      },
      { fieldManager: 'test' },
    );
    await client.apply(
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'site', namespace: 'shop' },
        spec: { ingressClassName: 'alb', defaultBackend: { service: { name: 'front', port: { number: 80 } } } },
      },
      { fieldManager: 'test' },
    );
    const write = (resource: string, group: string, name: string, status: Record<string, unknown>) => {
      const t = sb.registry.get(group, resource);
      const cur = sb.store.get(t, 'shop', name)!;
      sb.api.update(t, 'shop', name, { ...cur, status }, { subresource: 'status', internal: true });
    };
    const { tracker, lines, run } = track([
      { kind: 'Ingress', namespace: 'shop', name: 'site' },
      { kind: 'Job', namespace: 'shop', name: 'migrate' },
    ]);
    const pending = run();
    // The sandbox's ALB emulation writes the hostname (the AWS Load Balancer Controller's job);
    // the Job fails only once the tracker has seen the Ingress ready.
    const ingressReady = new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (lines.some((l) => l.startsWith('site: ingress "site" is served by'))) {
          clearInterval(t);
          resolve();
        }
      }, 10);
    });
    void ingressReady.then(() => {
      write('jobs', 'batch', 'migrate', {
        failed: 1,
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ],
      });
    });
    const outcome = await pending;
    expect(outcome.results.map((r) => r.status)).toEqual(['ready', 'failed']);
    expect(outcome.results[0]!.message).toMatch(
      /^site: ingress "site" is served by [a-z0-9-]+\.us-east-1\.elb\.amazonaws\.com$/,
    );
    expect(outcome.results[1]!.message).toBe(
      'migrate: job "migrate" failed: BackoffLimitExceeded: Job has reached the specified backoff limit',
    );
    // ingresses, jobs, pods, events in one namespace.
    expect(tracker.watchCount).toBe(4);
  });

  test('a target that does not exist fails after the grace window', async () => {
    const r = (await track([{ kind: 'Deployment', namespace: 'shop', name: 'ghost' }]).run()).results[0]!;
    expect(r.status).toBe('failed');
    expect(r.message).toBe('ghost: Deployment shop/ghost does not exist');
  });
});
