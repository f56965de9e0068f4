import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ghaCache } from '../../src/commands/build.js';
import { DockerBuilder, dockerBuildArgs } from '../../src/image/docker.js';
import type { CommandRunner } from '../../src/image/process.js';
import type { BuildJob } from '../../src/image/builder.js';
import { actionBundle } from '../github/bundle.js';
import { startFakeGitHub, type FakeGitHub } from '../github/fake-github.js';
import { pullRequestEvent, runAction } from '../github/run-action.js';
import { stopStarted } from '../helpers/stop-started.js';

let bundle: string;
let gh: FakeGitHub;
beforeAll(async () => {
  [bundle, gh] = await Promise.all([actionBundle(), startFakeGitHub()]);
}, 300_000);
afterAll(async () => {
  await stopStarted(gh);
});

describe('plan without a cluster (plan.yml with an empty cluster)', () => {
  test('renders, checks, sizes and prices the manifests, and says why there is no live diff', async () => {
    const r = await runAction(bundle, {
      apiUrl: gh.url,
      event: pullRequestEvent(11),
      inputs: {
        command: 'plan',
        manifests: 'test/fixtures/deploy/web',
        namespace: 'shop',
        release: 'web',
        'cluster-name': '',
        comment: 'false',
      },
      env: { KUBECONFIG: '' },
    });
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.summary).toContain('no cluster given (cluster-name and kubeconfig are empty)');
    expect(r.summary).toContain('### Pod sizing and cost (EKS Fargate)');
    // web: 2 replicas of one pod size, priced per month.
    expect(r.summary).toMatch(/\| Deployment shop\/web \| 2 \| \d+(\.\d+)?vCPU \d+(\.\d+)?GB \| \d+\.\d\d \|/);
    expect(r.outputs['has-changes']).toBe('true');
    expect(r.outputs['blockers']).toBe('0');
  }, 60_000);

  test('a Fargate blocker in the manifests fails the plan without a cluster, annotated, no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plan-offline-'));
    try {
      await writeFile(
        join(dir, 'agent.yaml'),
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: { name: agent }',
          'spec:',
          '  selector: { matchLabels: { app: agent } }',
          '  template:',
          '    metadata: { labels: { app: agent } }',
          '    spec:',
          '      containers:',
          '        - name: agent',
          '          image: registry.example/agent:1',
          '          securityContext: { privileged: true }',
          '          resources: { requests: { cpu: 250m, memory: 256Mi }, limits: { cpu: 250m, memory: 256Mi } }',
          '',
        ].join('\n'),
      );
      const r = await runAction(bundle, {
        apiUrl: gh.url,
        event: pullRequestEvent(12),
        inputs: { command: 'plan', manifests: 'agent.yaml', namespace: 'shop', comment: 'false' },
        cwd: dir,
        env: { KUBECONFIG: '', GITHUB_WORKSPACE: dir },
      });
      expect(r.code).toBe(1);
      expect(r.summary).toContain('no cluster given');
      expect(Number(r.outputs['blockers'])).toBeGreaterThanOrEqual(1);
      expect(r.stdout).toMatch(/::error .*privileged/);
      expect(r.stdout).not.toMatch(/\n\s+at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a deploy without AWS credentials', () => {
  test('fails with one error annotation that says which step gives them, a job summary, and no stack trace', async () => {
    const r = await runAction(bundle, {
      apiUrl: gh.url,
      eventName: 'push',
      event: { ref: 'refs/heads/main' },
      inputs: {
        command: 'deploy',
        'cluster-name': 'shop',
        'aws-region': 'us-east-1',
        manifests: 'test/fixtures/deploy/web',
        namespace: 'shop',
        release: 'web',
      },
      // Nothing to find credentials in, and nothing real to reach.
      env: {
        KUBECONFIG: '',
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
        AWS_WEB_IDENTITY_TOKEN_FILE: '',
      },
    });
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/credentials/i);
    expect(errors[0]).toContain('configure-aws-credentials');
    expect(r.summary).toContain('eks-fargate-deploy deploy failed');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('the buildx cache of the GitHub Actions cache service', () => {
  const job = (cache: BuildJob['cache']): BuildJob => ({ cache }) as unknown as BuildJob;
  const args = (cache: BuildJob['cache']): string[] => {
    try {
      return dockerBuildArgs(
        {
          ...job(cache),
          image: { dockerfile: 'Dockerfile', buildArgs: {}, labels: {}, secrets: [], context: '.' },
          tags: ['t'],
          destination: 'r/web',
          platform: 'linux/amd64',
        } as unknown as BuildJob,
        '/tmp/m.json',
      );
    } catch (err) {
      throw new Error(String(err));
    }
  };

  test('a push to main reads and writes the main scope', () => {
    const c = ghaCache('web', { GITHUB_EVENT_NAME: 'push', GITHUB_REF_NAME: 'main' });
    expect(c).toEqual({ kind: 'gha', scope: 'web-main', readScopes: ['web-main'], write: true });
    expect(args(c).join(' ')).toContain('--cache-to type=gha,mode=max,scope=web-main');
  });

  test('a branch reads its own scope then main, and writes only its own', () => {
    const c = ghaCache('web', { GITHUB_EVENT_NAME: 'push', GITHUB_REF_NAME: 'feature/x' });
    expect(c).toEqual({ kind: 'gha', scope: 'web-feature-x', readScopes: ['web-feature-x', 'web-main'], write: true });
  });

  test.each([
    ['docker', false],
    ['docker-container', true],
  ])('with the %s driver the gha cache is used: %s', async (driver, used) => {
    const tempBase = await mkdtemp(join(tmpdir(), 'driver-'));
    const calls: string[][] = [];
    const runner: CommandRunner = {
      async run(_command, args) {
        calls.push([...args]);
        if (args[0] === 'buildx' && args[1] === 'inspect')
          return {
            code: 0,
            signal: null,
            lines: [
              'Name:          builder',
              `Driver:        ${driver}`,
              'Last Activity: 2026-12-04 14:00:00 +0000 UTC',
            ],
          };
        const meta = args[args.indexOf('--metadata-file') + 1];
        if (meta && args[1] === 'build')
          await writeFile(meta, JSON.stringify({ 'containerimage.digest': `sha256:${'a'.repeat(64)}` }));
        return { code: 0, signal: null, lines: [] };
      },
    };
    const logged: string[] = [];
    try {
      const b = new DockerBuilder({ runner, tempBase, env: {} });
      await b.login({ host: 'registry.example', insecure: false, username: 'AWS', password: 'secret-password' });
      const job = {
        image: { name: 'web', dockerfile: 'Dockerfile', buildArgs: {}, labels: {}, secrets: [], context: '.' },
        tags: ['t1'],
        destination: 'registry.example/web',
        platform: 'linux/amd64',
        cache: ghaCache('web', { GITHUB_EVENT_NAME: 'push', GITHUB_REF_NAME: 'main' }),
        log: (l: string) => logged.push(l),
      } as unknown as BuildJob;
      await b.buildAndPush(job);
      await b.buildAndPush(job);
      await b.logout();
      const builds = calls.filter((c) => c[1] === 'build').map((c) => c.join(' '));
      expect(builds).toHaveLength(2);
      for (const a of builds) expect(a.includes('type=gha')).toBe(used);
      // Asked once per builder, not per image.
      expect(calls.filter((c) => c[1] === 'inspect')).toHaveLength(1);
      expect(logged.some((l) => l.includes('docker/setup-buildx-action'))).toBe(!used);
    } finally {
      await rm(tempBase, { recursive: true, force: true });
    }
  });

  test('a pull request reads and never writes, so it cannot poison the cache main builds read', () => {
    const c = ghaCache('web', { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'fix', GITHUB_BASE_REF: 'main' });
    expect(c).toMatchObject({ write: false, readScopes: ['web-fix', 'web-main'] });
    const a = args(c).join(' ');
    expect(a).toContain('--cache-from type=gha,scope=web-main');
    expect(a).not.toContain('--cache-to');
  });
});
