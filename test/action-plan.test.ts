import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startShopSandbox } from './e2e/helpers.js';
import { actionBundle } from './github/bundle.js';
import { startFakeGitHub, type FakeGitHub } from './github/fake-github.js';
import { markupBalanced, pullRequestEvent, runAction } from './github/run-action.js';
import type { Sandbox } from '../src/sandbox/sandbox.js';
import { tempDir } from './helpers/temp.js';

/** Stop what beforeAll started (a failed beforeAll leaves some unset). */
async function stopAll(...started: ({ stop(): Promise<unknown> } | undefined)[]): Promise<void> {
  for (const s of started) if (s !== undefined) await s.stop();
}

const TOKEN = 'ghs_planTestToken0123456789';
const MARKER = '<!-- eks-fargate-deploy:staging -->';

let bundle: string;
let gh: FakeGitHub;
let sb: Sandbox;
let kubeconfig: string;
let work: string;

beforeAll(async () => {
  [bundle, { sb, kubeconfig }] = await Promise.all([actionBundle(), startShopSandbox()]);
  gh = await startFakeGitHub();
  work = tempDir('action-plan-');
}, 300_000);
afterAll(async () => {
  await stopAll(gh, sb);
});

const manifestsPlan = (extra: Record<string, string> = {}): Record<string, string> => ({
  command: 'plan',
  manifests: 'test/fixtures/deploy/web',
  kubeconfig,
  namespace: 'shop',
  release: 'web',
  environment: 'staging',
  'github-token': TOKEN,
  ...extra,
});

/** stderr lines other than Node's deprecation notices (some bundled dependencies still use punycode). */
const warningsIn = (stderr: string): string[] =>
  stderr.split('\n').filter((l) => l.trim() !== '' && !/DeprecationWarning|--trace-deprecation/.test(l));
const errorsIn = (stdout: string): string[] =>
  stdout.split('\n').filter((l) => l.startsWith('::error') || l.startsWith('::warning'));
const commentsOn = (issue: number) => gh.comments.filter((c) => c.issue === issue);
const writes = (since: number) => gh.requests.slice(since).filter((r) => r.method !== 'GET');

describe('plan on a pull request, run as GitHub runs the bundled action', () => {
  test('the live diff is posted as one sticky comment, then updated in place, and left alone when unchanged', async () => {
    gh.users[TOKEN] = 'deploy-bot';
    // Comments of other people (one quoting the marker) fill two pages before ours would be.
    for (let i = 0; i < 120; i++) gh.addComment(7, 'octocat', i === 3 ? `quoting ${MARKER} here` : `comment ${i}`);

    const first = await runAction(bundle, {
      apiUrl: gh.url,
      event: pullRequestEvent(7),
      inputs: manifestsPlan({ images: 'registry.example/web=registry.example/web:v1' }),
    });
    expect(warningsIn(first.stderr)).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.outputs['has-changes']).toBe('true');
    expect(first.outputs['blockers']).toBe('0');
    const mine = commentsOn(7).filter((c) => c.user.login === 'deploy-bot');
    expect(mine).toHaveLength(1);
    const body = mine[0]!.body;
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('to create');
    expect(body).toMatch(/#### 🟢 To create \(6\)/); // Namespace shop, Secret, ConfigMap, Service, Deployment, Ingress
    expect(body).toContain('```diff');
    expect(body).toContain('+  name: web-config');
    expect(markupBalanced(body)).toBe(true);
    // The other user's comment quoting the marker was not touched; all pages were read.
    expect(commentsOn(7).find((c) => c.body.startsWith('quoting'))!.body).toBe(`quoting ${MARKER} here`);
    const pages = gh.requests
      .filter((r) => r.method === 'GET' && r.path === '/repos/acme/shop/issues/7/comments')
      .map((r) => r.query['page'] ?? '1');
    expect(pages).toEqual(['1', '2']);
    // Summary, full report file and the token: present, linked, never printed.
    expect(first.summary).toContain('### Live diff');
    expect(first.summary).not.toContain(MARKER);
    const report = await readFile(first.outputs['report-markdown']!, 'utf8');
    expect(report).toContain('+  name: web-config');
    expect(gh.requests.every((r) => r.authorization === `Bearer ${TOKEN}` && r.apiVersion === '2022-11-28')).toBe(true);
    // Masked for the runner (::add-mask::), and printed nowhere else.
    expect(first.stdout.split('\n').filter((l) => l.includes(TOKEN))).toEqual([`::add-mask::${TOKEN}`]);

    // Same inputs: the comment is read but not written.
    const mark = gh.requests.length;
    const again = await runAction(bundle, {
      apiUrl: gh.url,
      event: pullRequestEvent(7),
      inputs: manifestsPlan({ images: 'registry.example/web=registry.example/web:v1' }),
    });
    expect(again.code).toBe(0);
    expect(writes(mark)).toEqual([]);
    expect(again.stdout).toContain('pull request comment unchanged');

    // Another image: the same comment is edited, none added.
    const mark2 = gh.requests.length;
    const changed = await runAction(bundle, {
      apiUrl: gh.url,
      event: pullRequestEvent(7),
      inputs: manifestsPlan({ images: 'registry.example/web=registry.example/web:v2' }),
    });
    expect(changed.code).toBe(0);
    expect(writes(mark2).map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH /repos/acme/shop/issues/comments/${mine[0]!.id}`,
    ]);
    expect(commentsOn(7).filter((c) => c.user.login === 'deploy-bot')).toHaveLength(1);
    expect(commentsOn(7).find((c) => c.id === mine[0]!.id)!.body).toContain('registry.example/web:v2');
  });

  test('with the workflow GITHUB_TOKEN (GET /user is refused) the github-actions[bot] comment is found and replaced by a "no changes" note', async () => {
    const token = 'ghs_workflowToken';
    gh.users[token] = null;
    const ns = 'quiet';
    // Apply the manifests first (as a deploy would) so the plan finds nothing to change.
    const deployed = await runAction(bundle, {
      apiUrl: gh.url,
      eventName: 'push',
      inputs: {
        command: 'deploy',
        manifests: 'test/fixtures/deploy/web',
        kubeconfig,
        namespace: 'shop',
        release: 'web',
        images: 'registry.example/web=registry.example/web:v1',
        grace: '1',
        timeout: '60',
        'github-token': '',
      },
    });
    expect(deployed.outputs['status']).toBe('deployed');
    const old = gh.addComment(8, 'github-actions[bot]', `${MARKER.replace('staging', ns)}\nold report`);
    const r = await runAction(bundle, {
      apiUrl: gh.url,
      event: pullRequestEvent(8),
      inputs: manifestsPlan({
        'github-token': token,
        environment: '',
        'comment-key': ns,
        images: 'registry.example/web=registry.example/web:v1',
      }),
    });
    expect(r.code).toBe(0);
    expect(r.outputs['has-changes']).toBe('false');
    const ours = commentsOn(8);
    expect(ours.map((c) => c.id)).toEqual([old.id]);
    expect(ours[0]!.body).toContain('No changes');
    expect(ours[0]!.body.length).toBeLessThan(1000);
    // The job summary still has the whole diff (everything unchanged).
    expect(r.summary).toContain('unchanged');
  });

  test('a diff too big for a comment is cut per object, fences and details closed; the summary keeps it whole', async () => {
    gh.users[TOKEN] = 'deploy-bot';
    const dir = join(work, 'big');
    await mkdir(dir, { recursive: true });
    // 12 ConfigMaps of ~9,000 characters each: ~110 kB of diff, too much for 65,536.
    const docs: string[] = [];
    for (let i = 0; i < 12; i++) {
      const data = Array.from({ length: 150 }, (_, j) => `  key${j}: "${'x'.repeat(40)} \`\`\`\` ${i}-${j}"`).join(
        '\n',
      );
      docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big-${i}\ndata:\n${data}`);
    }
    await writeFile(join(dir, 'big.yaml'), docs.join('\n---\n'));
    const r = await runAction(bundle, {
      apiUrl: gh.url,
      event: pullRequestEvent(9),
      inputs: manifestsPlan({ manifests: 'big', namespace: 'bigplan', release: 'big', 'comment-key': 'big' }),
      env: { GITHUB_WORKSPACE: work },
    });
    expect({ code: r.code, errors: errorsIn(r.stdout) }).toEqual({ code: 0, errors: [] });
    const [c] = commentsOn(9);
    expect(c).toBeDefined();
    expect(c!.body.length).toBeLessThanOrEqual(65_536);
    expect(c!.body.length).toBeGreaterThan(30_000);
    expect(c!.body).toContain("Each object's diff is cut to");
    expect(c!.body).toContain('more lines of this diff not shown');
    expect(c!.body).toContain(
      'job summary of the [workflow run](https://github.example/acme/shop/actions/runs/4242/attempts/1)',
    );
    expect(markupBalanced(c!.body)).toBe(true);
    // A value holding a run of four backticks did not close the fence: the fence is longer.
    expect(c!.body).toContain('`````diff');
    expect(r.summary).not.toContain('cut to');
    expect(markupBalanced(r.summary)).toBe(true);
  });

  test('a fork pull request: no live diff (said why), the ECS plan still renders and prices, the read-only token cannot comment, the step passes', async () => {
    const token = 'ghs_forkToken';
    gh.users[token] = null;
    gh.readOnly.add(token);
    const r = await runAction(bundle, {
      apiUrl: gh.url,
      event: pullRequestEvent(10, { fork: true }),
      inputs: {
        command: 'plan',
        'ecs-task-definitions': 'examples/ecs/frontend-taskdef.json\nexamples/ecs/backend-taskdef.json',
        'ecs-services': 'examples/ecs/services.json',
        namespace: 'shop',
        'cluster-name': 'prod',
        'aws-region': 'us-east-1',
        environment: 'production',
        'github-token': token,
      },
    });
    expect(warningsIn(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.summary).toContain('Skipped: pull request #\u200d10 comes from the fork mallory/shop');
    expect(r.summary).toContain('EKS Fargate migration plan');
    expect(r.summary).toContain('monthly cost');
    expect(r.stdout).toMatch(
      /::warning::could not write the pull request comment: GitHub API POST \/repos\/acme\/shop\/issues\/10\/comments: 403 .*fork pull request is read-only/,
    );
    expect(commentsOn(10)).toEqual([]);
    expect(
      (JSON.parse(await readFile(r.outputs['plan-json']!, 'utf8')) as { workloads: unknown[] }).workloads,
    ).toHaveLength(2);
  });

  test('a failing comment API is retried (502, secondary rate limit), and a permanent failure only warns', async () => {
    gh.users[TOKEN] = 'deploy-bot';
    gh.faults.push(
      { method: 'GET', path: /\/issues\/11\/comments$/, kind: 'bad-gateway' },
      { method: 'POST', path: /\/issues\/11\/comments$/, kind: 'secondary-rate-limit' },
    );
    const ok = await runAction(bundle, {
      apiUrl: gh.url,
      event: pullRequestEvent(11),
      inputs: manifestsPlan({ 'comment-key': 'retry' }),
    });
    expect(ok.code).toBe(0);
    expect(commentsOn(11)).toHaveLength(1);
    expect(gh.requests.filter((r) => r.path === '/repos/acme/shop/issues/11/comments').map((r) => r.method)).toEqual([
      'GET',
      'GET',
      'POST',
      'POST',
    ]);

    gh.faults.push({ path: /\/issues\/12\/comments$/, kind: 'server-error', times: Infinity });
    const down = await runAction(bundle, {
      apiUrl: gh.url,
      event: pullRequestEvent(12),
      inputs: manifestsPlan({ 'comment-key': 'down' }),
      env: {},
    });
    expect(down.code).toBe(0);
    expect(down.stdout).toContain(
      '::warning::could not write the pull request comment: GitHub API GET /repos/acme/shop/issues/12/comments?per_page=100: 500 Internal Server Error',
    );
    gh.faults.length = 0;
  }, 60_000);
});
