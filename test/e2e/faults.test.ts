/**
 * A deploy while the API server misbehaves: a storm of 429s (APF throttling), 500s ("etcdserver:
 * request timed out") and 503s on every verb, watch streams cut every few events, and resumed
 * watches answered with 410 Gone. The deploy must still reach the right answer — a good release
 * deployed, a bad one recognised by its real cause and rolled back — not a timeout or a crash.
 * Seeded: the same requests get the same faults in every run.
 */
import { albServes, deploy, releases, startShopSandbox } from './helpers.js';
import { DeployExit } from '../../src/commands/deploy.js';
import type { FaultRule } from '../../src/sandbox/faults.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';

let sb: Sandbox;
let kubeconfig: string;

const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--grace',
  '1',
  '--timeout',
  '60',
];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];

const STORM: FaultRule[] = [
  { name: 'apf', verbs: ['*'], resources: ['*'], probability: 0.25, error: { code: 429, retryAfterSeconds: 0 } },
  {
    name: 'etcd',
    verbs: ['create', 'patch', 'update', 'delete'],
    resources: ['*'],
    probability: 0.15,
    error: { code: 500, message: 'etcdserver: request timed out' },
  },
  { name: 'unavailable', verbs: ['get', 'list'], resources: ['*'], probability: 0.15, error: { code: 503 } },
  { name: 'cut', verbs: ['watch'], resources: ['*'], watch: { maxEvents: 3, maxDurationMs: 300 } },
  { name: 'gone', verbs: ['watch'], resources: ['pods', 'replicasets'], probability: 0.5, expireResourceVersion: true },
];

beforeAll(async () => {
  ({ sb, kubeconfig } = await startShopSandbox());
  const out = await deploy(kubeconfig, [...web, ...image('v1')]);
  if (out.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${out.message}`);
});
afterEach(() => {
  sb.faults.clear();
});
afterAll(async () => {
  await sb.stop();
});

/** What the storm did to the requests of one deploy, from the audit log. */
function faultsSince(from: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of sb.audit.slice(from))
    for (const f of a.fault?.split(',') ?? []) counts[f.split(':')[0]!] = (counts[f.split(':')[0]!] ?? 0) + 1;
  return counts;
}

describe('deploy through an API storm and dropped watches', () => {
  test('a good release is deployed and serves, every kind of fault having hit it', async () => {
    sb.faults.set({ seed: 7, rules: STORM });
    const from = sb.audit.length;
    const out = await deploy(kubeconfig, [...web, ...image('v2')]);
    sb.faults.clear();
    expect({ status: out.status, exitCode: out.exitCode, message: out.message }).toMatchObject({
      status: 'deployed',
      exitCode: DeployExit.Ok,
    });
    const hit = faultsSince(from);
    for (const rule of ['apf', 'etcd', 'unavailable', 'cut']) expect(hit[rule] ?? 0).toBeGreaterThan(0);
    expect(sb.audit.slice(from).filter((a) => a.status === 429).length).toBeGreaterThan(5);
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v2']);
    expect(await releases(kubeconfig)).toEqual(['v1 superseded', 'v2 deployed']);
  });

  test('a bad image is still caught by its cause (not a timeout) and rolled back through the storm', async () => {
    sb.faults.set({ seed: 11, rules: STORM });
    const from = sb.audit.length;
    const started = Date.now();
    const out = await deploy(kubeconfig, [...web, ...image('missing')]);
    sb.faults.clear();
    expect({ status: out.status, exitCode: out.exitCode }).toEqual({
      status: 'rolled-back',
      exitCode: DeployExit.RolledBack,
    });
    expect(out.message).toMatch(/(ErrImagePull|ImagePullBackOff) on web-/);
    expect(out.message).toContain('rolled back to v2, which is serving again');
    expect(Date.now() - started).toBeLessThan(30_000);
    const hit = faultsSince(from);
    expect((hit['apf'] ?? 0) + (hit['etcd'] ?? 0) + (hit['unavailable'] ?? 0)).toBeGreaterThan(5);
    expect(hit['cut'] ?? 0).toBeGreaterThan(0);
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v2']);
    expect(await releases(kubeconfig)).toEqual(['v1 superseded', 'v2 deployed', 'v3 rolled-back']);
  });

  test('watches cut after every event and resumes answered 410: the rollout is still followed to success', async () => {
    sb.faults.set({
      seed: 3,
      rules: [
        { name: 'cut', verbs: ['watch'], resources: ['*'], watch: { maxEvents: 1 } },
        { name: 'gone', verbs: ['watch'], resources: ['*'], expireResourceVersion: true },
      ],
    });
    const from = sb.audit.length;
    const out = await deploy(kubeconfig, [...web, ...image('v3')]);
    sb.faults.clear();
    expect({ status: out.status, message: out.message }).toMatchObject({ status: 'deployed' });
    const watches = sb.audit.slice(from).filter((a) => a.verb === 'watch');
    expect(watches.length).toBeGreaterThan(3);
    // Every resume answered 410 was followed by a fresh list of the same resource (re-list, not a blind retry).
    const audit = sb.audit.slice(from);
    const gone = audit.map((a, i) => ({ a, i })).filter(({ a }) => a.fault?.includes('gone:'));
    expect(gone.length).toBeGreaterThan(0);
    for (const { a, i } of gone) {
      // The deploy lock watches its one Lease: after a 410 it re-reads it with a GET (it needs that object, not a list).
      const fresh = a.resource === 'leases' ? 'get' : 'list';
      const rest = audit
        .slice(i + 1)
        .filter((b) => b.resource === a.resource && (b.verb === 'watch' || b.verb === fresh));
      // After a 410 the resource is read afresh (or nothing more is asked of it: the rollout was over). Not
      // necessarily the very next request: another watcher of the same resource (e.g. of pods) may resume in between.
      if (rest[0]) expect(rest.map((b) => `${b.verb} ${b.resource}`)).toContain(`${fresh} ${a.resource}`);
    }
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v3']);
  });
});
