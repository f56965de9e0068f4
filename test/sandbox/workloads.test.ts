/**
 * StatefulSets, DaemonSets, Jobs, CronJobs, EndpointSlices and volumes on the sandbox, driven by the
 * real kubectl, behaving as on EKS Fargate: ordered pods with stable names whose claims bind only to
 * statically provisioned EFS volumes (EBS/unknown classes leave pod 0 Pending with the Fargate
 * scheduler's event), DaemonSets accepted but never scheduled, Jobs run to completion or fail after
 * backoffLimit, CronJobs fire on the (time-scaled) schedule.
 */
import { readFileSync } from 'node:fs';
import { nextCronTime, parseCronSchedule } from '../../src/sandbox/controllers/cronjob.js';
import type { KubeObject } from '../../src/sandbox/object.js';
import { eventually, startHarness, type SandboxHarness } from './helpers.js';

let h: SandboxHarness;

beforeAll(async () => {
  h = await startHarness({
    timing: { timeFactor: 0.002 },
    images: { behaviours: { 'registry.example/crash:1': 'crashloop' } },
  });
}, 30_000);
afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
});

const list = (group: string, resource: string, ns?: string): KubeObject[] =>
  h.sandbox.store.list(h.sandbox.registry.get(group, resource), ns).items;
const get = (group: string, resource: string, ns: string | undefined, name: string): KubeObject | undefined =>
  h.sandbox.store.get(h.sandbox.registry.get(group, resource), ns, name);
const eventsOf = (ns: string, name: string): string[] =>
  list('', 'events', ns)
    .filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => `${e.reason as string}: ${e.message as string}`);
const phase = (p: KubeObject | undefined): string | undefined => (p?.status as { phase?: string } | undefined)?.phase;

async function apply(yaml: string, ns = 'default'): Promise<void> {
  const r = await h.kubectl(['apply', '-n', ns, '-f', '-'], { input: yaml });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

describe('served kinds', () => {
  test('kubectl api-resources lists the workload, RBAC, storage and discovery kinds', async () => {
    const r = await h.kubectl(['api-resources', '--no-headers', '-o', 'name']);
    expect(r.code).toBe(0);
    const names = r.stdout.split('\n');
    for (const n of [
      'statefulsets.apps',
      'daemonsets.apps',
      'cronjobs.batch',
      'jobs.batch',
      'horizontalpodautoscalers.autoscaling',
      'roles.rbac.authorization.k8s.io',
      'clusterrolebindings.rbac.authorization.k8s.io',
      'storageclasses.storage.k8s.io',
      'endpointslices.discovery.k8s.io',
    ])
      expect(names).toContain(n);
    const hpa = await h.kubectl(['get', '--raw', '/apis/autoscaling']);
    expect(JSON.parse(hpa.stdout)).toMatchObject({
      preferredVersion: { version: 'v2' },
      versions: [{ version: 'v2' }, { version: 'v1' }],
    });
  });
});

describe('StatefulSets on Fargate', () => {
  test("the docs example (claims of a class nobody provides): pod 0 stays Pending with Fargate's event, pod 1 is never made", async () => {
    await apply(readFileSync('test/fixtures/fargate-corpus/k8s-docs-statefulset.yaml', 'utf8'));
    const ev = await eventually('the fargate-scheduler event', () =>
      eventsOf('default', 'web-0').find((e) => e.startsWith('FailedScheduling')),
    );
    expect(ev).toBe(
      'FailedScheduling: Pod not supported on Fargate: volumes not supported: www not supported because: PVC www-web-0 not bound',
    );
    expect(phase(get('', 'pods', 'default', 'web-0'))).toBe('Pending');
    expect(eventsOf('default', 'www-web-0')).toContain(
      'ProvisioningFailed: storageclass.storage.k8s.io "my-storage-class" not found',
    );
    expect(get('', 'persistentvolumeclaims', 'default', 'www-web-0')?.metadata.labels).toEqual({ app: 'nginx' });
    await new Promise((r) => setTimeout(r, 300));
    expect(get('', 'pods', 'default', 'web-1')).toBeUndefined();
  });

  test('EBS (gp2) claims stay Pending, waiting for a first consumer that Fargate never places', async () => {
    await apply(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: registry.example/db:1, volumeMounts: [{name: data, mountPath: /data}]}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], storageClassName: gp2, resources: {requests: {storage: 10Gi}}}
`);
    await eventually('WaitForFirstConsumer', () =>
      eventsOf('default', 'data-db-0').includes(
        'WaitForFirstConsumer: waiting for first consumer to be created before binding',
      ),
    );
    await eventually("the pod's event", () =>
      eventsOf('default', 'db-0').includes(
        'FailedScheduling: Pod not supported on Fargate: volumes not supported: data not supported because: PVC data-db-0 not bound',
      ),
    );
    expect((get('', 'persistentvolumeclaims', 'default', 'data-db-0')?.status as { phase?: string }).phase).toBe(
      'Pending',
    );
  });

  test('with static EFS volumes: pods start in order 0, 1, 2 with stable names, claims bound; scale-down from the top', async () => {
    const pv = (i: number): string => `apiVersion: v1
kind: PersistentVolume
metadata: {name: efs-pv-${i}}
spec:
  capacity: {storage: 5Gi}
  volumeMode: Filesystem
  accessModes: [ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: efs-sc
  csi: {driver: efs.csi.aws.com, volumeHandle: fs-0123456789abcdef${i}}
`;
    await apply(
      [
        `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: efs-sc}
provisioner: efs.csi.aws.com
`,
        pv(0),
        pv(1),
        pv(2),
        `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: files}
spec:
  serviceName: files
  replicas: 3
  selector: {matchLabels: {app: files}}
  template:
    metadata: {labels: {app: files}}
    spec:
      containers:
      - name: app
        image: registry.example/files:1
        readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 1}
        volumeMounts: [{name: shared, mountPath: /shared}]
  volumeClaimTemplates:
  - metadata: {name: shared}
    spec: {accessModes: [ReadWriteMany], storageClassName: efs-sc, resources: {requests: {storage: 5Gi}}}
`,
      ].join('---\n'),
    );
    const rollout = await h.kubectl(['rollout', 'status', 'statefulset/files', '--timeout=20s']);
    expect(rollout.stdout).toContain('partitioned roll out complete: 3 new pods have been updated...');
    const pods = list('', 'pods', 'default').filter((p) => p.metadata.labels?.app === 'files');
    expect(pods.map((p) => p.metadata.name).sort()).toEqual(['files-0', 'files-1', 'files-2']);
    // Ordered: each pod was created only after the one before it was ready.
    const created = eventsOf('default', 'files').filter((e) => e.startsWith('SuccessfulCreate: create Pod'));
    expect(created).toEqual([
      'SuccessfulCreate: create Pod files-0 in StatefulSet files successful',
      'SuccessfulCreate: create Pod files-1 in StatefulSet files successful',
      'SuccessfulCreate: create Pod files-2 in StatefulSet files successful',
    ]);
    const readyAt = (n: string): number =>
      Date.parse(
        (
          get('', 'pods', 'default', n)!.status as { conditions: Array<{ type: string; lastTransitionTime: string }> }
        ).conditions.find((c) => c.type === 'Ready')!.lastTransitionTime,
      );
    const createdAt = (n: string): number => Date.parse(get('', 'pods', 'default', n)!.metadata.creationTimestamp!);
    expect(createdAt('files-1')).toBeGreaterThanOrEqual(readyAt('files-0'));
    for (let i = 0; i < 3; i++) {
      const claim = get('', 'persistentvolumeclaims', 'default', `shared-files-${i}`)!;
      expect((claim.status as { phase: string }).phase).toBe('Bound');
      expect(get('', 'pods', 'default', `files-${i}`)!.metadata.labels).toMatchObject({
        'statefulset.kubernetes.io/pod-name': `files-${i}`,
        'apps.kubernetes.io/pod-index': String(i),
      });
    }
    expect(
      new Set(
        [0, 1, 2].map(
          (i) =>
            (get('', 'persistentvolumeclaims', 'default', `shared-files-${i}`)!.spec as { volumeName: string })
              .volumeName,
        ),
      ),
    ).toEqual(new Set(['efs-pv-0', 'efs-pv-1', 'efs-pv-2']));
    expect((await h.kubectl(['get', 'statefulset', 'files', '--no-headers'])).stdout).toMatch(
      /^files\s+3\/3\s+\d+s\s*$/,
    );
    const pvcs = await h.kubectl(['get', 'pvc', 'shared-files-0', 'data-db-0', '--no-headers']);
    expect(pvcs.stdout).toMatch(/^shared-files-0\s+Bound\s+efs-pv-\d\s+5Gi\s+RWX\s+efs-sc\s+<unset>\s+\d+s\s*$/m);
    expect(pvcs.stdout).toMatch(/^data-db-0\s+Pending\s+gp2\s+<unset>\s+\d+s\s*$/m);
    expect((await h.kubectl(['get', 'storageclass', 'gp2', '--no-headers'])).stdout).toMatch(
      /^gp2\s+kubernetes\.io\/aws-ebs\s+Delete\s+WaitForFirstConsumer\s+false\s+\d+s\s*$/,
    );
    // A rolling update from the top, then back with rollout undo (ControllerRevisions).
    expect((await h.kubectl(['set', 'image', 'statefulset/files', 'app=registry.example/files:2'])).code).toBe(0);
    expect((await h.kubectl(['rollout', 'status', 'statefulset/files', '--timeout=20s'])).code).toBe(0);
    const image = (i: number): string | undefined =>
      (get('', 'pods', 'default', `files-${i}`)?.spec as { containers: Array<{ image: string }> } | undefined)
        ?.containers[0]?.image;
    expect([0, 1, 2].map(image)).toEqual([
      'registry.example/files:2',
      'registry.example/files:2',
      'registry.example/files:2',
    ]);
    const history = await h.kubectl(['rollout', 'history', 'statefulset/files']);
    expect(history.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    expect((await h.kubectl(['rollout', 'undo', 'statefulset/files'])).stdout).toBe(
      'statefulset.apps/files rolled back\n',
    );
    expect((await h.kubectl(['rollout', 'status', 'statefulset/files', '--timeout=20s'])).code).toBe(0);
    await eventually('pods back on :1', () => [0, 1, 2].every((i) => image(i) === 'registry.example/files:1'), 15_000);
    expect((await h.kubectl(['rollout', 'history', 'statefulset/files'])).stdout).toMatch(/\n2\s+<none>\n3\s+<none>/);
    const deleted: string[] = [];
    const unsubscribe = h.sandbox.store.onEvent((e) => {
      if (e.resourceKey === 'pods' && e.type === 'DELETED' && e.object.metadata.labels?.app === 'files')
        deleted.push(e.object.metadata.name!);
    });
    expect((await h.kubectl(['scale', 'statefulset/files', '--replicas=1'])).code).toBe(0);
    await eventually(
      'scaled to 1',
      () =>
        list('', 'pods', 'default')
          .filter((p) => p.metadata.labels?.app === 'files')
          .map((p) => p.metadata.name)
          .join() === 'files-0',
    );
    unsubscribe();
    expect(deleted).toEqual(['files-2', 'files-1']);
  }, 30_000);
});

describe('DaemonSets on Fargate', () => {
  test('accepted, never scheduled: no pods, desired 0, rollout status returns', async () => {
    await apply(readFileSync('test/fixtures/fargate-corpus/k8s-docs-daemonset.yaml', 'utf8'), 'kube-system');
    await eventually(
      'status',
      () =>
        (
          get('apps', 'daemonsets', 'kube-system', 'fluentd-elasticsearch')?.status as
            { observedGeneration?: number } | undefined
        )?.observedGeneration === 1,
    );
    expect(get('apps', 'daemonsets', 'kube-system', 'fluentd-elasticsearch')!.status).toEqual({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
      observedGeneration: 1,
    });
    const r = await h.kubectl([
      'rollout',
      'status',
      '-n',
      'kube-system',
      'daemonset/fluentd-elasticsearch',
      '--timeout=5s',
    ]);
    expect(r.stdout).toContain('daemon set "fluentd-elasticsearch" successfully rolled out');
    expect(list('', 'pods', 'kube-system').filter((p) => p.metadata.labels?.name === 'fluentd-elasticsearch')).toEqual(
      [],
    );
  });
});

describe('Jobs and CronJobs', () => {
  test('the docs Job runs to completion (kubectl wait --for=condition=complete)', async () => {
    await apply(readFileSync('test/fixtures/fargate-corpus/k8s-docs-job.yaml', 'utf8'));
    const w = await h.kubectl(['wait', '--for=condition=complete', 'job/pi', '--timeout=20s']);
    expect(w.stdout.trim()).toBe('job.batch/pi condition met');
    const job = get('batch', 'jobs', 'default', 'pi')!;
    expect(job.status).toMatchObject({
      succeeded: 1,
      ready: 0,
      startTime: expect.any(String) as unknown,
      completionTime: expect.any(String) as unknown,
    });
    expect((job.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels).toEqual({
      'batch.kubernetes.io/controller-uid': job.metadata.uid,
    });
    const pods = list('', 'pods', 'default').filter((p) => p.metadata.labels?.['job-name'] === 'pi');
    expect(pods.map(phase)).toEqual(['Succeeded']);
    expect(eventsOf('default', 'pi')).toContain('Completed: Job completed');
    const table = await h.kubectl(['get', 'job', 'pi', '--no-headers']);
    expect(table.stdout).toMatch(/^pi\s+Complete\s+1\/1\s+\d+s\s+\d+s\s*$/);
  });

  test('a failing Job stops after backoffLimit + 1 failed pods with BackoffLimitExceeded', async () => {
    await apply(`apiVersion: batch/v1
kind: Job
metadata: {name: broken}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: registry.example/crash:1}]
`);
    const w = await h.kubectl(['wait', '--for=condition=failed', 'job/broken', '--timeout=20s']);
    expect(w.stdout.trim()).toBe('job.batch/broken condition met');
    expect(get('batch', 'jobs', 'default', 'broken')!.status).toMatchObject({
      failed: 3,
      conditions: expect.arrayContaining([
        expect.objectContaining({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }),
      ]) as unknown,
    });
    expect(
      list('', 'pods', 'default')
        .filter((p) => p.metadata.labels?.['job-name'] === 'broken')
        .map(phase),
    ).toEqual(['Failed', 'Failed', 'Failed']);
  }, 30_000);

  test('a CronJob fires on its schedule (one simulated minute = 120 ms here) and keeps 3 succeeded Jobs', async () => {
    await apply(`apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: c, image: registry.example/tick:1}]
`);
    await eventually(
      '4 jobs created',
      () => eventsOf('default', 'tick').filter((e) => e.startsWith('SuccessfulCreate')).length >= 4,
      20_000,
    );
    await eventually(
      'history limit',
      () => eventsOf('default', 'tick').some((e) => e.startsWith('SuccessfulDelete: Deleted job tick-')),
      20_000,
    );
    const cj = get('batch', 'cronjobs', 'default', 'tick')!;
    expect(cj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      suspend: false,
    });
    expect(cj.status).toMatchObject({
      lastScheduleTime: expect.any(String) as unknown,
      lastSuccessfulTime: expect.any(String) as unknown,
    });
    const jobs = list('batch', 'jobs', 'default').filter((j) => j.metadata.ownerReferences?.[0]?.name === 'tick');
    expect(jobs.length).toBeLessThanOrEqual(4);
    for (const j of jobs) expect(j.metadata.name).toMatch(/^tick-\d{8}$/);
    expect((await h.kubectl(['patch', 'cronjob/tick', '-p', '{"spec":{"suspend":true}}'])).code).toBe(0);
  }, 30_000);

  test('an invalid schedule is refused at the API', async () => {
    const a = await h.kubectl(['apply', '-f', '-'], {
      input:
        'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: bad}\nspec:\n  schedule: "61 * * * *"\n  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: x}]}}}}\n',
    });
    expect(a.code).not.toBe(0);
    expect(a.stderr).toContain('spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
  });

  test('cron parsing: ranges, steps, names, macros, day-of-month OR day-of-week', () => {
    const next = (s: string, from: string): string =>
      new Date(nextCronTime(parseCronSchedule(s), Date.parse(from))!).toISOString();
    expect(next('*/15 * * * *', '2026-01-01T00:07:00Z')).toBe('2026-01-01T00:15:00.000Z');
    expect(next('0 9-17/4 * * MON-FRI', '2026-01-02T17:30:00Z')).toBe('2026-01-05T09:00:00.000Z');
    expect(next('@monthly', '2026-01-15T00:00:00Z')).toBe('2026-02-01T00:00:00.000Z');
    expect(next('0 0 13 * 5', '2026-02-01T00:00:00Z')).toBe('2026-02-06T00:00:00.000Z');
    expect(next('30 2 29 2 *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T02:30:00.000Z');
    expect(() => parseCronSchedule('* * *')).toThrow('expected exactly 5 fields');
    expect(() => parseCronSchedule('TZ=UTC * * * * *')).toThrow('use timeZone instead');
  });
});

describe('EndpointSlices next to Endpoints', () => {
  test('a Service gets one EndpointSlice with the same ready pods and ports', async () => {
    await apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: app, image: registry.example/api:1, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{name: web, port: 80, targetPort: http}]
`);
    const slice = await eventually(
      'a slice with 2 ready endpoints',
      () => {
        const s = list('discovery.k8s.io', 'endpointslices', 'default').find(
          (x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'api',
        );
        return (
          (s?.endpoints as Array<{ conditions: { ready: boolean } }> | undefined)?.filter((e) => e.conditions.ready)
            .length === 2 && s
        );
      },
      15_000,
    );
    expect(slice.metadata.name).toMatch(/^api-[a-z0-9]{5}$/);
    expect(slice).toMatchObject({
      addressType: 'IPv4',
      ports: [{ name: 'web', port: 8080, protocol: 'TCP' }],
      metadata: { labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    });
    const ep = get('', 'endpoints', 'default', 'api')!;
    const ips = (ep.subsets as Array<{ addresses: Array<{ ip: string }> }>)[0]!.addresses.map((a) => a.ip).sort();
    expect((slice.endpoints as Array<{ addresses: string[]; zone: string }>).map((e) => e.addresses[0]).sort()).toEqual(
      ips,
    );
    expect((slice.endpoints as Array<{ zone?: string }>).every((e) => /^us-east-1[abc]$/.test(e.zone ?? ''))).toBe(
      true,
    );
    const got = await h.kubectl(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=api', '-o', 'name']);
    expect(got.stdout.trim()).toBe(`endpointslice.discovery.k8s.io/${slice.metadata.name}`);
    expect((await h.kubectl(['delete', 'service', 'api'])).code).toBe(0);
    await eventually(
      'slice removed with the Service',
      () =>
        !list('discovery.k8s.io', 'endpointslices', 'default').some(
          (x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'api',
        ),
    );
  }, 30_000);
});
