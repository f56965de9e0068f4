import type { KubeObject } from '../../src/model/kube-object.js';
import { classifyPullFailure, lastWarnings } from '../../src/kube/pod-events.js';
import { describePodProblem, findPodProblems, firstBlockingProblem } from '../../src/kube/pod-problems.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');

function pod(name: string, status: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, labels: { app: 'web', 'pod-template-hash': 'abc' } },
    spec: { schedulerName: 'fargate-scheduler', containers: [{ name: 'app', image: 'web:2' }], ...spec },
    status,
  };
}

function event(
  uid: string,
  reason: string,
  message: string,
  count = 1,
  type = 'Warning',
  at = '2025-01-01T00:00:05Z',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${uid}.${reason}.${count}`, namespace: 'shop' },
    involvedObject: { uid },
    reason,
    message,
    count,
    type,
    lastTimestamp: at,
  };
}

const waiting = (reason: string, message?: string, extra: Record<string, unknown> = {}) => ({
  phase: 'Pending',
  containerStatuses: [
    {
      name: 'app',
      ready: false,
      restartCount: 0,
      state: { waiting: { reason, ...(message ? { message } : {}) } },
      ...extra,
    },
  ],
});

describe('findPodProblems', () => {
  test('an image pull failure blocks only after the grace window, with the pull error and last events', () => {
    const seen = new Map<string, number>();
    const p = pod('web-1', waiting('ImagePullBackOff', 'Back-off pulling image "web:2"'));
    const events = new Map([
      [
        `uid-web-1`,
        [
          event('uid-web-1', 'Failed', 'Failed to pull image "web:2": not found', 3),
          event('uid-web-1', 'BackOff', 'Back-off pulling image "web:2"', 4, 'Normal', '2025-01-01T00:00:06Z'),
        ],
      ],
    ]);
    const first = findPodProblems([p], { now: T0, graceMs: 30_000, seen, eventsByUid: events });
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      reason: 'ImagePullBackOff',
      container: 'app',
      blocking: false,
      blockingAt: T0 + 30_000,
    });
    expect(firstBlockingProblem(first)).toBeUndefined();
    // ErrImagePull ⇄ ImagePullBackOff flapping keeps the same clock running.
    findPodProblems([pod('web-1', waiting('ErrImagePull'))], {
      now: T0 + 10_000,
      graceMs: 30_000,
      seen,
      eventsByUid: events,
    });
    const later = findPodProblems([p], { now: T0 + 30_000, graceMs: 30_000, seen, eventsByUid: events });
    expect(later[0]!.blocking).toBe(true);
    expect(describePodProblem(later[0]!)).toBe(
      'ImagePullBackOff on web-1/app: Failed to pull image "web:2": not found; last events: Failed: Failed to pull image "web:2": not found (×3); BackOff: Back-off pulling image "web:2" (×4)',
    );
  });

  test('a problem that clears restarts its grace window when it comes back', () => {
    const seen = new Map<string, number>();
    findPodProblems([pod('web-1', waiting('ErrImagePull'))], { now: T0, graceMs: 10_000, seen });
    findPodProblems(
      [
        pod('web-1', {
          phase: 'Running',
          containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
        }),
      ],
      { now: T0 + 5_000, graceMs: 10_000, seen },
    );
    const again = findPodProblems([pod('web-1', waiting('ErrImagePull'))], { now: T0 + 12_000, graceMs: 10_000, seen });
    expect(again[0]).toMatchObject({ since: T0 + 12_000, blocking: false });
  });

  test('CrashLoopBackOff carries the restart count and the last exit; OOMKilled names the memory limit', () => {
    const crash = pod(
      'web-2',
      waiting('CrashLoopBackOff', 'back-off 40s restarting failed container=app', {
        restartCount: 4,
        lastState: { terminated: { reason: 'Error', exitCode: 2 } },
      }),
    );
    const [c] = findPodProblems([crash], { now: T0, graceMs: 0, seen: new Map() });
    expect(describePodProblem(c!)).toBe(
      'CrashLoopBackOff on web-2/app: restarted 4 times, last exit: Error (exit code 2); back-off 40s restarting failed container=app',
    );
    const oom = pod(
      'web-3',
      waiting('CrashLoopBackOff', undefined, {
        restartCount: 1,
        lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
      }),
      { containers: [{ name: 'app', image: 'x', resources: { limits: { memory: '256Mi' } } }] },
    );
    const [o] = findPodProblems([oom], { now: T0, graceMs: 0, seen: new Map() });
    expect(describePodProblem(o!)).toBe(
      'OOMKilled on web-3/app: killed for using more memory than its 256Mi limit; restarted 1 times, last exit: OOMKilled (exit code 137)',
    );
  });

  test('a container that restarted once and is ready again is not a problem', () => {
    const recovered = pod('web-4', {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount: 1,
          state: { running: { startedAt: '2025-01-01T00:00:00Z' } },
          lastState: { terminated: { reason: 'Error', exitCode: 1 } },
        },
      ],
    });
    expect(findPodProblems([recovered], { now: T0, graceMs: 0, seen: new Map() })).toEqual([]);
  });

  test('CreateContainerConfigError (missing Secret) is reported with the kubelet message', () => {
    const [p] = findPodProblems(
      [pod('web-5', waiting('CreateContainerConfigError', 'secret "db-password" not found'))],
      { now: T0, graceMs: 0, seen: new Map() },
    );
    expect(describePodProblem(p!)).toBe('CreateContainerConfigError on web-5/app: secret "db-password" not found');
  });

  test('scheduling: no Fargate profile (default scheduler) vs an unsupported spec', () => {
    const unsched = (msg: string, spec: Record<string, unknown>) =>
      pod(
        'web-6',
        {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }],
        },
        spec,
      );
    const [noProfile] = findPodProblems(
      [
        unsched('0/3 nodes are available: 3 node(s) had untolerated taint {eks.amazonaws.com/compute-type: fargate}.', {
          schedulerName: 'default-scheduler',
        }),
      ],
      { now: T0, graceMs: 0, seen: new Map() },
    );
    expect(noProfile!.detail).toBe(
      'no Fargate profile selects namespace "shop" with labels app=web (default-scheduler: 0/3 nodes are available: 3 node(s) had untolerated taint {eks.amazonaws.com/compute-type: fargate}.)',
    );
    const [unsupported] = findPodProblems(
      [unsched('Pod not supported on Fargate: invalid SecurityContext fields: Privileged', {})],
      { now: T0, graceMs: 0, seen: new Map() },
    );
    expect(unsupported).toMatchObject({
      reason: 'FailedScheduling',
      detail: 'Pod not supported on Fargate: invalid SecurityContext fields: Privileged',
    });
  });

  test('readiness: failing past failureThreshold by Unhealthy events, or by time when events are gone', () => {
    const spec = {
      containers: [
        {
          name: 'app',
          image: 'x',
          readinessProbe: { httpGet: { port: 80 }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 },
        },
      ],
    };
    const running = pod(
      'web-7',
      {
        phase: 'Running',
        containerStatuses: [
          { name: 'app', ready: false, restartCount: 0, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } },
        ],
      },
      spec,
    );
    const two = new Map([
      [
        'uid-web-7',
        [event('uid-web-7', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 2)],
      ],
    ]);
    expect(findPodProblems([running], { now: T0 + 20_000, graceMs: 0, seen: new Map(), eventsByUid: two })).toEqual([]);
    const three = new Map([
      [
        'uid-web-7',
        [event('uid-web-7', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 3)],
      ],
    ]);
    const [byEvents] = findPodProblems([running], {
      now: T0 + 20_000,
      graceMs: 0,
      seen: new Map(),
      eventsByUid: three,
    });
    expect(byEvents!.detail).toBe(
      'readiness probe failed 3 times (failureThreshold 3): Readiness probe failed: HTTP probe failed with statuscode: 503',
    );
    const [byTime] = findPodProblems([running], { now: T0 + 35_000, graceMs: 0, seen: new Map() });
    expect(byTime!.detail).toBe(
      'running but not ready for more than initialDelaySeconds 5 + periodSeconds 10 × failureThreshold 3 = 35s',
    );
  });

  test('a ReplicaSet that cannot create pods comes first; problems are ordered by cause', () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-abc', uid: 'rs-1' },
      status: {
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message: 'pods "web-abc-x" is forbidden: exceeded quota: compute',
          },
        ],
      },
    };
    const problems = findPodProblems(
      [
        pod('web-9', waiting('CrashLoopBackOff', undefined, { restartCount: 2 })),
        pod('web-8', waiting('ErrImagePull')),
      ],
      { now: T0, graceMs: 0, seen: new Map() },
      rs,
    );
    expect(problems.map((p) => `${p.reason} ${p.object}`)).toEqual([
      'FailedCreate web-abc',
      'ErrImagePull web-8',
      'CrashLoopBackOff web-9',
    ]);
  });

  test('pods being deleted and healthy pods yield nothing', () => {
    const terminating = {
      ...pod('web-10', waiting('ErrImagePull')),
      metadata: { ...pod('web-10', {}).metadata, deletionTimestamp: '2025-01-01T00:00:00Z' },
    };
    const healthy = pod('web-11', {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
    });
    expect(findPodProblems([terminating, healthy], { now: T0, graceMs: 0, seen: new Map() })).toEqual([]);
  });
});

// What the kubelet reports on EKS (containerd) and elsewhere, verbatim apart from names.
const EKS_MISSING_TAG =
  'rpc error: code = NotFound desc = failed to pull and unpack image "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9": failed to resolve reference "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9": 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9: not found';
const PULL = {
  unrecoverable: [
    EKS_MISSING_TAG,
    'Error response from daemon: manifest for web:v9 not found: manifest unknown: manifest unknown',
    'initializing source docker://quay.io/shop/web:v9: reading manifest v9 in quay.io/shop/web: name unknown: repository not found',
    "Error response from daemon: repository 123456789012.dkr.ecr.us-east-1.amazonaws.com/nope not found: name unknown: The repository with name 'nope' does not exist in the registry with id '123456789012'",
    'Failed to apply default image tag "Web:V9": couldn\'t parse image reference "Web:V9": invalid reference format: repository name must be lowercase',
  ],
  transient: [
    'rpc error: code = Unknown desc = failed to pull and unpack image "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9": failed to resolve reference "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9": unexpected status code 401 Unauthorized',
    'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/shop/web:v9": failed to resolve reference "docker.io/shop/web:v9": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/sha256:abc: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit',
    'rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "web:v9": failed to resolve reference "web:v9": failed to do request: Head "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/web/manifests/v9": dial tcp 52.0.0.1:443: i/o timeout',
    'rpc error: code = Unknown desc = failed to pull and unpack image "web:v9": failed to resolve reference "web:v9": unexpected status from HEAD request to https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/web/manifests/v9: 503 Service Unavailable',
  ],
};

describe('image pull failures that waiting cannot heal', () => {
  test('the runtimes\' "does not exist" answers are unrecoverable; auth, throttling, timeouts and 5xx are transient', () => {
    for (const m of PULL.unrecoverable)
      expect([m, classifyPullFailure('ErrImagePull', m)]).toEqual([m, 'unrecoverable']);
    for (const m of PULL.transient) expect([m, classifyPullFailure('ErrImagePull', m)]).toEqual([m, 'transient']);
    expect(classifyPullFailure('InvalidImageName', '')).toBe('unrecoverable');
    expect(
      classifyPullFailure('ErrImageNeverPull', 'Container image "web:v9" is not present with pull policy of Never'),
    ).toBe('unrecoverable');
  });

  test('a missing image blocks after a quarter of the grace (at most 5 s), through the back-off, and at once when a retry confirmed it', () => {
    const seen = new Map<string, number>();
    const failed = (count: number) =>
      new Map([
        ['uid-web-1', [event('uid-web-1', 'Failed', `Failed to pull image "web:2": ${EKS_MISSING_TAG}`, count)]],
      ]);
    const [first] = findPodProblems([pod('web-1', waiting('ErrImagePull', EKS_MISSING_TAG))], {
      now: T0,
      graceMs: 20_000,
      seen,
      eventsByUid: failed(1),
    });
    expect(first).toMatchObject({ reason: 'ErrImagePull', blocking: false, blockingAt: T0 + 5_000 });
    // Backing off, the kubelet only says "Back-off pulling image" and the event may be gone: the short grace holds.
    const [backOff] = findPodProblems([pod('web-1', waiting('ImagePullBackOff', 'Back-off pulling image "web:2"'))], {
      now: T0 + 5_000,
      graceMs: 20_000,
      seen,
    });
    expect(backOff).toMatchObject({ reason: 'ImagePullBackOff', blocking: true, since: T0 });
    // A grace of 2 s: half a second.
    const [short] = findPodProblems([pod('web-2', waiting('ErrImagePull', EKS_MISSING_TAG))], {
      now: T0,
      graceMs: 2_000,
      seen: new Map(),
    });
    expect(short!.blockingAt).toBe(T0 + 500);
    // Seen for the first time after the kubelet's retry got the same answer: no more waiting.
    const [confirmed] = findPodProblems([pod('web-1', waiting('ImagePullBackOff', 'Back-off pulling image "web:2"'))], {
      now: T0,
      graceMs: 20_000,
      seen: new Map(),
      eventsByUid: failed(2),
    });
    expect(confirmed).toMatchObject({ blocking: true, blockingAt: T0 });
  });

  test('an invalid reference blocks at once; a transient pull error keeps the whole grace', () => {
    const [invalid] = findPodProblems(
      [
        pod(
          'web-3',
          waiting(
            'InvalidImageName',
            'Failed to apply default image tag "Web:V9": couldn\'t parse image reference "Web:V9": invalid reference format: repository name must be lowercase',
          ),
        ),
      ],
      { now: T0, graceMs: 20_000, seen: new Map() },
    );
    expect(invalid).toMatchObject({ reason: 'InvalidImageName', blocking: true });
    const events = new Map([
      ['uid-web-4', [event('uid-web-4', 'Failed', `Failed to pull image "web:2": ${PULL.transient[0]}`, 2)]],
    ]);
    const [throttled] = findPodProblems([pod('web-4', waiting('ErrImagePull', PULL.transient[0]))], {
      now: T0,
      graceMs: 20_000,
      seen: new Map(),
      eventsByUid: events,
    });
    expect(throttled).toMatchObject({ blocking: false, blockingAt: T0 + 20_000 });
  });
});

describe('containers that keep restarting', () => {
  const flapping = (name: string, restartCount: number) =>
    pod(name, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount,
          state: { running: { startedAt: '2025-01-01T00:00:00Z' } },
          lastState: { terminated: { reason: 'Error', exitCode: 1 } },
        },
      ],
    });

  test('3 restarts fail the rollout at once even while the pod passes readiness between crashes', () => {
    expect(findPodProblems([flapping('web-5', 2)], { now: T0, graceMs: 20_000, seen: new Map() })).toEqual([]);
    const [p] = findPodProblems([flapping('web-5', 3)], { now: T0, graceMs: 20_000, seen: new Map() });
    expect(p).toMatchObject({ reason: 'CrashLoopBackOff', blocking: true });
    expect(describePodProblem(p!)).toBe(
      'CrashLoopBackOff on web-5/app: restarted 3 times (3 restarts fail a rollout, ready or not), last exit: Error (exit code 1)',
    );
    expect(
      findPodProblems([flapping('web-5', 4)], { now: T0, graceMs: 20_000, seen: new Map(), crashRestarts: 5 }),
    ).toEqual([]);
  });

  test('only restarts since tracking began count: a pod with old restarts is not failed for them', () => {
    const baseline = new Map([['uid-web-6/app', 7]]);
    expect(
      findPodProblems([flapping('web-6', 9)], { now: T0, graceMs: 20_000, seen: new Map(), restartBaseline: baseline }),
    ).toEqual([]);
    const [p] = findPodProblems([flapping('web-6', 10)], {
      now: T0,
      graceMs: 20_000,
      seen: new Map(),
      restartBaseline: baseline,
    });
    expect(p!.detail).toMatch(/^restarted 10 times \(3 since the rollout began\)/);
  });
});

describe('lastWarnings', () => {
  test('keeps the newest Warning events (and BackOff), oldest first, with counts', () => {
    const evs = [
      event('u', 'Scheduled', 'ok', 1, 'Normal', '2025-01-01T00:00:01Z'),
      event('u', 'Failed', 'a', 1, 'Warning', '2025-01-01T00:00:02Z'),
      event('u', 'Failed', 'b', 2, 'Warning', '2025-01-01T00:00:04Z'),
      event('u', 'Unhealthy', 'c', 1, 'Warning', '2025-01-01T00:00:03Z'),
    ];
    expect(lastWarnings(evs, 2)).toEqual(['Unhealthy: c', 'Failed: b (×2)']);
  });
});
