/**
 * Issue 14 point 6: a deploy writes only what it owns. The tool's own Lease and release records
 * are refused in the input; objects outside the release's namespace need --allow-namespace,
 * cluster-scoped ones --allow-cluster-scoped; a Secret outside the release's namespace (the record
 * would copy it) is refused; an existing object no release created needs --adopt, and a rollback
 * puts it back exactly as it was. Every end state is read from the sandbox: its audit log and
 * the objects left.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeployExit } from '../../src/commands/deploy.js';
import { KubeClient } from '../../src/kube/client.js';
import { LOCK_NAME } from '../../src/model/bookkeeping.js';
import { ReleaseStore } from '../../src/kube/release.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { releases, startShopSandbox, writesSince } from '../e2e/helpers.js';
import { deployIn } from './helpers.js';

let sb: Sandbox;
let kubeconfig: string;
let dir: string;
let ws: string;
let admin: KubeClient;

const deployment = (name: string, image: string, namespace?: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
spec:
  replicas: 1
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: ${name}
          image: ${image}
          resources:
            requests: { cpu: 250m, memory: 256Mi }
            limits: { cpu: 250m, memory: 256Mi }
`;

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  ws = await mkdtemp(join(tmpdir(), 'safety-own-'));
  admin = KubeClient.fromKubeconfig(kubeconfig);
  // Someone else's objects, there before any release: the namespace and a ConfigMap in it.
  await admin.request('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  });
  await admin.request('POST', '/api/v1/namespaces/shop/configmaps', {
    body: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', labels: { team: 'payments' }, annotations: { owner: 'ops@example.com' } },
      data: { mode: 'legacy', retries: '3' },
    },
    query: { fieldManager: 'kubectl-create' },
  });
});

afterAll(async () => {
  await sb.stop();
  await rm(dir, { recursive: true, force: true });
  await rm(ws, { recursive: true, force: true });
});

type Live = {
  metadata: { labels?: Record<string, string> | undefined; annotations?: Record<string, string> | undefined };
  data?: Record<string, string>;
};
/** Writes that change something: a server-side dry run (preflight) stores nothing. */
const realWrites = (from: number): ReturnType<typeof writesSince> =>
  writesSince(sb, from).filter((a) => !a.query.includes('dryRun'));
const live = (group: string, resource: string, namespace: string | undefined, name: string): Live | undefined =>
  sb.store.get(sb.registry.get(group, resource), namespace, name);

async function run(file: string, text: string, extra: string[] = [], release = 'guard'): ReturnType<typeof deployIn> {
  await writeFile(join(ws, file), text);
  return deployIn(kubeconfig, ws, ['--manifests', file, '--grace', '1', '--settle', '0', '--timeout', '60', ...extra], {
    release,
  });
}

test("the tool's own Lease and release records in the input are refused before anything is written", async () => {
  const from = sb.audit.length;
  const out = run(
    'own.yaml',
    `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: ${LOCK_NAME}
spec:
  holderIdentity: me
---
apiVersion: v1
kind: Secret
metadata:
  name: eks-fargate-deploy.web.v1
type: eks-fargate-deploy.io/release.v1
data:
  release: e30=
---
apiVersion: v1
kind: Secret
metadata:
  name: notes
  labels:
    eks-fargate-deploy/status: deployed
`,
  );
  await expect(out).rejects.toThrow(/own\.yaml:1: metadata\.name: Lease eks-fargate-deploy-lock: .*deploy lock/);
  await expect(out).rejects.toThrow(
    /own\.yaml:\d+: metadata: Secret eks-fargate-deploy\.web\.v1: type eks-fargate-deploy\.io\/release\.v1 is a release record/,
  );
  await expect(out).rejects.toThrow(
    /own\.yaml:\d+: metadata: Secret notes: label eks-fargate-deploy\/status marks a release record/,
  );
  expect(writesSince(sb, from)).toEqual([]);
  expect(live('coordination.k8s.io', 'leases', 'shop', LOCK_NAME)).toBeUndefined();
});

test('objects in another namespace need --allow-namespace, cluster-scoped ones --allow-cluster-scoped, and a Secret stays in the release namespace', async () => {
  const from = sb.audit.length;
  const text = `${deployment('worker', 'registry.example/web:v1', 'staging')}---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: internal
spec:
  controller: example.com/internal
`;
  const refused = run('scope.yaml', text);
  await expect(refused).rejects.toThrow(
    /scope\.yaml:1: metadata\.namespace: Deployment staging\/worker: namespace "staging" is outside the release's namespace shop; pass --allow-namespace staging/,
  );
  await expect(refused).rejects.toThrow(
    /scope\.yaml:\d+: kind: IngressClass internal is cluster-scoped.*pass --allow-cluster-scoped/,
  );
  const secret = run(
    'secret.yaml',
    `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: staging
stringData:
  password: from-another-namespace
`,
    ['--allow-namespace', 'staging'],
  );
  await expect(secret).rejects.toThrow(
    /secret\.yaml:1: metadata\.namespace: Secret staging\/db: a Secret may only be deployed in the release's namespace shop/,
  );
  expect(writesSince(sb, from)).toEqual([]);
  expect(live('apps', 'deployments', 'staging', 'worker')).toBeUndefined();
  expect(live('networking.k8s.io', 'ingressclasses', undefined, 'internal')).toBeUndefined();

  const allowed = await run('scope.yaml', text, ['--allow-namespace', 'staging', '--allow-cluster-scoped']);
  expect(allowed.exitCode).toBe(DeployExit.Ok);
  expect(live('apps', 'deployments', 'staging', 'worker')).toBeDefined();
  expect(
    live('networking.k8s.io', 'ingressclasses', undefined, 'internal')?.metadata.labels?.['eks-fargate-deploy/release'],
  ).toBe('guard');
  // The deploy read no Secret outside its own namespace (its records live in shop).
  expect(sb.audit.slice(from).filter((a) => a.resource === 'secrets' && a.namespace !== 'shop')).toEqual([]);
});

test('an existing object no release created is taken over only with --adopt, and a rollback restores it exactly as it was', async () => {
  const before = structuredClone(live('', 'configmaps', 'shop', 'settings'));
  const text = (image: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: new
---\n${deployment('api', image)}`;

  const from = sb.audit.length;
  const refused = await run('adopt.yaml', text('registry.example/web:v1'), [], 'adopt');
  expect(refused.exitCode).toBe(DeployExit.Rejected);
  expect(refused.message).toMatch(/preflight failed/);
  expect(refused.findings.filter((f) => f.severity === 'blocker').map((f) => `${f.code}: ${f.message}`)).toEqual([
    expect.stringMatching(
      /^not-owned: ConfigMap shop\/settings already exists and no release of eks-fargate-deploy created it\. Pass --adopt/,
    ),
  ]);
  expect(realWrites(from)).toEqual([]);
  expect(live('', 'configmaps', 'shop', 'settings')).toEqual(before);

  // Adopted, then the release fails (its image is not in the registry): the rollback puts the ConfigMap back as it was.
  const failing = await run('adopt.yaml', text('registry.example/web:missing'), ['--adopt'], 'adopt');
  expect([failing.exitCode, failing.message, failing.findings.filter((f) => f.severity === 'blocker')]).toEqual([
    DeployExit.RolledBack,
    expect.anything(),
    [],
  ]);
  const after = live('', 'configmaps', 'shop', 'settings')!;
  expect({ labels: after.metadata.labels, annotations: after.metadata.annotations, data: after.data }).toEqual({
    labels: before!.metadata.labels,
    annotations: before!.metadata.annotations,
    data: before!.data,
  });
  expect(live('apps', 'deployments', 'shop', 'api')).toBeUndefined();
  const puts = realWrites(from)
    .filter((a) => a.resource === 'configmaps' && a.name === 'settings')
    .map((a) => a.verb);
  expect(puts).toEqual(['patch', 'update']);
  // The prior state is in the release record (a Secret in the release's namespace).
  const record = await new ReleaseStore(admin, 'shop', 'adopt').get(1);
  expect(record?.status).toBe('rolled-back');
  expect(record?.adopted?.map((o) => [o.kind, o.metadata.name, (o as { data?: unknown }).data])).toEqual([
    ['ConfigMap', 'settings', { mode: 'legacy', retries: '3' }],
  ]);

  // Adopted for good: the next deploy owns it and needs no --adopt again.
  expect((await run('adopt.yaml', text('registry.example/web:v1'), ['--adopt'], 'adopt')).exitCode).toBe(DeployExit.Ok);
  // Server-side apply: the field the manifests set is ours now; the one they leave out keeps its manager.
  expect(live('', 'configmaps', 'shop', 'settings')?.data).toEqual({ mode: 'new', retries: '3' });
  expect(live('', 'configmaps', 'shop', 'settings')?.metadata.labels?.['eks-fargate-deploy/release']).toBe('adopt');
  expect((await run('adopt.yaml', text('registry.example/web:v2'), [], 'adopt')).exitCode).toBe(DeployExit.Ok);
  expect(await releases(kubeconfig, 'shop', 'adopt')).toEqual(['v1 rolled-back', 'v2 superseded', 'v3 deployed']);

  // A later release without it, with --prune: the adopted ConfigMap goes back to how it was, not away.
  expect((await run('adopt.yaml', deployment('api', 'registry.example/web:v2'), ['--prune'], 'adopt')).exitCode).toBe(
    DeployExit.Ok,
  );
  const returned = live('', 'configmaps', 'shop', 'settings')!;
  expect({ labels: returned.metadata.labels, annotations: returned.metadata.annotations, data: returned.data }).toEqual(
    { labels: before!.metadata.labels, annotations: before!.metadata.annotations, data: before!.data },
  );
});
