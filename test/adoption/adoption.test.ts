/**
 * The adoption path, as a new user walks it (README "Adopt in 15 minutes"): copy
 * workflows-templates/ into a fresh repository, fill in the placeholders, and run the starter
 * workflows' jobs — the reusable workflows of this repository, step by step, with the bundled
 * action — against moto (AWS, behind a recorder), the sandbox (the EKS cluster, reached by EKS
 * token like a real one) and the fake GitHub API. Checked for each: the outcome, the job summary,
 * the sticky comment or the GitHub Deployment, and the AWS and Kubernetes calls made against the
 * permissions documented for the workflow (src/permissions.ts, docs/permissions.md).
 */
import { CreateClusterCommand, CreateFargateProfileCommand, EKSClient } from '@aws-sdk/client-eks';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iamActions } from '../../src/permissions.js';
import { accessTriples, kubernetesAccess } from '../../src/permissions/kubernetes.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { actionBundle } from '../github/bundle.js';
import { startFakeGitHub, type FakeGitHub } from '../github/fake-github.js';
import { pullRequestEvent } from '../github/run-action.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, withEnv, type MotoServer } from '../helpers/moto.js';
import { ROOT } from '../workflows/validators.js';
import { startAwsRecorder, type AwsRecorder } from './aws-recorder.js';
import { edit, runCallerJob, type CallerEnvironment, type CallerEvent } from './caller-runner.js';
import { jobClaims, motoIam, startOidcIssuer, type OidcIssuer } from './oidc-issuer.js';
import { stopStarted } from '../helpers/stop-started.js';

const REPOSITORY = 'acme/shop';
const CLUSTER = 'shop-prod';
const TOKEN = 'ghs_adoptionTestToken0123456789';
/** The eks-fargate-deploy release the user pins (any commit SHA: the workflows come from this checkout). */
const RELEASE_SHA = 'e'.repeat(40);
const GOOD = ['1'.repeat(40), '2'.repeat(40)];
const BAD = '3'.repeat(40);
const DEPLOY_ROLE = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks-fargate-deploy`;
const MARKER = '<!-- eks-fargate-deploy:production -->';

let bundle: string;
let moto: MotoServer;
let recorder: AwsRecorder;
let gh: FakeGitHub;
let issuer: OidcIssuer;
let sb: Sandbox;
let repo: string;

beforeAll(async () => {
  [bundle, moto, gh] = await Promise.all([actionBundle(), startMoto(), startFakeGitHub(REPOSITORY)]);
  gh.users[TOKEN] = null; // the workflow's GITHUB_TOKEN: comments and deployments as github-actions[bot]
  recorder = await startAwsRecorder(moto.endpoint);
  issuer = await startOidcIssuer(() => jobClaims({ context: 'environment:production' }));
  const aws = awsTestEnv(moto.endpoint);
  const eks = new EKSClient(aws.clientConfig);
  const eksRole = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks-cluster`;
  await eks.send(
    new CreateClusterCommand({ name: CLUSTER, roleArn: eksRole, resourcesVpcConfig: { subnetIds: ['subnet-1'] } }),
  );
  await eks.send(
    new CreateFargateProfileCommand({
      clusterName: CLUSTER,
      fargateProfileName: 'apps',
      podExecutionRoleArn: eksRole,
      selectors: [{ namespace: 'my-app' }],
    }),
  );
  eks.destroy();
  // The two roles of docs/permissions.md, with IAM's default 1-hour MaxSessionDuration.
  for (const role of ['eks-fargate-plan', 'eks-fargate-deploy']) {
    await motoIam(moto.endpoint, {
      Action: 'CreateRole',
      RoleName: role,
      AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
    });
  }
  sb = await withEnv(aws.env, () =>
    startSandbox({
      clusterName: CLUSTER,
      timing: { timeFactor: 0.01 },
      fargateProfiles: [{ name: 'apps', selectors: [{ namespace: 'my-app' }] }],
      images: {
        exists: (image) => !image.includes('missing'),
        behaviours: { [`registry.example/web:${BAD}`]: 'crashloop' },
      },
      // The access entries: each role's sessions by name (RBAC is the other helper's part of the sandbox).
      eks: {
        region: 'us-east-1',
        stsEndpoint: recorder.url,
        principals: [{ arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks-fargate-*`, groups: ['system:masters'] }],
      },
    }),
  );
  recorder.cluster = { name: CLUSTER, endpoint: sb.url, caPem: sb.caPem };
  // RBAC as docs/permissions.md grants it: each role's session may do what its workflows are
  // documented to need and nothing else (the deploy role runs deploy and rollback).
  const plan = new Set(accessTriples(kubernetesAccess('plan')));
  const deploy = new Set([
    ...accessTriples(kubernetesAccess('deploy')),
    ...accessTriples(kubernetesAccess('rollback')),
  ]);
  const masters = sb.http.authorizer;
  sb.http.authorizer = {
    authorize: (user, a) => {
      const granted = /eks-fargate-plan/.test(user.username)
        ? plan
        : /eks-fargate-deploy/.test(user.username)
          ? deploy
          : undefined;
      if (!granted) return masters.authorize(user, a);
      if (!a.isResourceRequest) return { allowed: true }; // discovery and /version: system:discovery
      const key = `${a.verb} ${a.group ? `${a.resource}.${a.group}` : a.resource}${a.subresource ? `/${a.subresource}` : ''}`;
      return granted.has(key) ? { allowed: true } : { allowed: false, reason: 'not in docs/permissions.md' };
    },
  };

  // A fresh repository: the app's manifests and smoke tests, and the starter workflows as copied.
  repo = await mkdtemp(join(tmpdir(), 'adoption-repo-'));
  await mkdir(join(repo, '.github/workflows'), { recursive: true });
  for (const name of await readdir(join(ROOT, 'workflows-templates'))) {
    if (name.endsWith('.yml')) await cp(join(ROOT, 'workflows-templates', name), join(repo, '.github/workflows', name));
  }
  await cp(join(ROOT, 'test/fixtures/deploy/web'), join(repo, 'k8s'), { recursive: true });
  await cp(join(ROOT, 'test/fixtures/deploy/smoke.yaml'), join(repo, 'smoke-tests.yaml'));
  // The edits the templates ask for: the release SHA (twice), the cluster, and the image.
  for (const name of await readdir(join(repo, '.github/workflows'))) {
    await edit(repo, `.github/workflows/${name}`, (t) =>
      t.replaceAll('0000000000000000000000000000000000000000', RELEASE_SHA).replaceAll('my-cluster', CLUSTER),
    );
  }
  await edit(repo, '.github/workflows/eks-fargate-deploy.yml', (t) =>
    t.replace(
      'my-app=123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app:${{ github.sha }}',
      'registry.example/web=registry.example/web:${{ github.sha }}',
    ),
  );
}, 300_000);

afterAll(async () => {
  await stopStarted(sb, gh, issuer, recorder);
  await stopStarted(moto);
  if (repo) await rm(repo, { recursive: true, force: true });
});

/** With ADOPTION_TRANSCRIPT=FILE, what each step printed is appended there (for the walkthrough's record). */
async function transcript(title: string, run: Awaited<ReturnType<typeof runCallerJob>>): Promise<void> {
  const file = process.env['ADOPTION_TRANSCRIPT'];
  if (!file) return;
  const { appendFile } = await import('node:fs/promises');
  const steps = run.steps.map((st) => `  ${st.outcome.padEnd(7)} ${st.name}`).join('\n');
  const log = (run.action?.stdout ?? '')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('::add-mask::') && !l.startsWith('::set-output'))
    .slice(0, 60)
    .join('\n');
  await appendFile(
    file,
    `\n=== ${title}: ${run.result} ${JSON.stringify(run.outputs)}\n${steps}\n--- log\n${log}\n--- summary\n${run.action?.summary ?? ''}\n`,
  );
}

/** The environment's variables the deploy and rollback templates read. */
const VARS = { EKS_CLUSTER: CLUSTER, AWS_REGION: 'us-east-1', AWS_ROLE_TO_ASSUME: DEPLOY_ROLE };
const env = (over: Partial<CallerEnvironment> = {}): CallerEnvironment => ({
  bundle,
  repo,
  repository: REPOSITORY,
  github: { apiUrl: gh.url, token: TOKEN },
  awsEndpoint: recorder.url,
  oidc: issuer.env,
  vars: VARS,
  ...over,
});
const push = (sha: string): CallerEvent => ({
  name: 'push',
  sha,
  ref: 'refs/heads/main',
  payload: { ref: 'refs/heads/main', after: sha, repository: { full_name: REPOSITORY } },
});

/** (verb, resource.group) of the sandbox's audit since `from`, for the requests of `user`: allowed ones, or the denied ones. */
function kubeCalls(from: number, user: RegExp, denied = false): string[] {
  const out = new Set<string>();
  for (const a of sb.audit.slice(from)) {
    if (!a.resource || !user.test(a.user ?? '') || (a.status === 403) !== denied) continue;
    const group = /^\/apis\/([^/]+)\//.exec(a.path)?.[1] ?? '';
    out.add(`${a.verb} ${group ? `${a.resource}.${group}` : a.resource}`);
  }
  return [...out].sort();
}
const documented = (workflow: 'plan' | 'deploy' | 'rollback'): string[] =>
  accessTriples(kubernetesAccess(workflow).filter((r) => !r.when));
const toolAws = (from: number): string[] =>
  recorder.toolActions(from).filter((a) => a !== 'sts:AssumeRoleWithWebIdentity');

describe('from an empty repository to a first deploy and a first rollback, with the starter workflows', () => {
  test('plan from a fork: no role, no comment, the plan still renders, checks and prices', async () => {
    const aws0 = recorder.calls.length;
    const run = await runCallerJob(
      '.github/workflows/eks-fargate-plan.yml',
      'plan',
      {
        name: 'pull_request',
        sha: 'f'.repeat(40),
        ref: 'refs/pull/4/merge',
        payload: pullRequestEvent(4, { repo: REPOSITORY, fork: true }) as Record<string, unknown>,
      },
      env({ oidc: {} }),
    );
    await transcript('eks-fargate-plan.yml', run);
    expect(run.result).toBe('success');
    expect(run.steps.find((s) => s.name.startsWith('AWS credentials'))!.outcome).toBe('skipped');
    expect(run.action!.summary).toContain('comes from the fork mallory/shop');
    expect(run.action!.summary).toContain('### Pod sizing and cost (EKS Fargate)');
    expect(gh.comments.filter((c) => c.issue === 4)).toEqual([]);
    expect(recorder.calls.length).toBe(aws0);
  });

  test('the first pull request, before anything is deployed: everything to create, one sticky comment', async () => {
    const run = await runCallerJob(
      '.github/workflows/eks-fargate-plan.yml',
      'plan',
      {
        name: 'pull_request',
        sha: 'd'.repeat(40),
        ref: 'refs/pull/2/merge',
        payload: pullRequestEvent(2, { repo: REPOSITORY, headSha: 'd'.repeat(40) }) as Record<string, unknown>,
      },
      env(),
    );
    await transcript('eks-fargate-plan.yml (first pull request)', run);
    expect(run.result).toBe('success');
    expect(run.errors).toEqual([]);
    expect(run.action!.summary).toMatch(/🟢 To create/);
    expect(run.action!.summary).not.toMatch(/🟡 To update/);
    const comments = gh.comments.filter((c) => c.issue === 2);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(MARKER)).toBe(true);
    expect(comments[0]!.body).toContain('### Pod sizing and cost (EKS Fargate)');
  });

  test('first deploy on push: deployed, ONE GitHub Deployment in_progress → success with the URL, calls as documented', async () => {
    const [aws0, kube0] = [recorder.calls.length, sb.audit.length];
    const run = await runCallerJob('.github/workflows/eks-fargate-deploy.yml', 'deploy', push(GOOD[0]!), env());
    await transcript('eks-fargate-deploy.yml', run);
    expect(run.errors).toEqual([]);
    expect(run.result).toBe('success');
    expect(run.outputs['status']).toBe('deployed');
    expect(run.outputs['release']).toBe('1');
    expect(run.action!.summary).toMatch(/deployed/i);
    expect(gh.deployments).toHaveLength(1);
    const d = gh.deployments[0]!;
    expect(d).toMatchObject({ ref: GOOD[0], environment: 'production', task: 'deploy' });
    expect(d.statuses.map((s) => s['state'])).toEqual(['in_progress', 'success']);
    expect(String(d.statuses[1]!['environment_url'])).toMatch(/^https?:\/\//);
    expect(d.statuses[1]!['auto_inactive']).toBe(true);
    expect(toolAws(aws0)).toEqual(iamActions('deploy'));
    expect(kubeCalls(kube0, /eks-fargate-deploy/)).toEqual(documented('deploy'));
    expect(kubeCalls(kube0, /eks-fargate-deploy/, true)).toEqual([]);
  });

  test('plan on a pull request after the first deploy: the live diff through the read-only role, one sticky comment, the calls match docs/permissions.md', async () => {
    const [aws0, kube0] = [recorder.calls.length, sb.audit.length];
    const run = await runCallerJob(
      '.github/workflows/eks-fargate-plan.yml',
      'plan',
      {
        name: 'pull_request',
        sha: 'a'.repeat(40),
        ref: 'refs/pull/3/merge',
        payload: pullRequestEvent(3, { repo: REPOSITORY }) as Record<string, unknown>,
      },
      env(),
    );
    await transcript('eks-fargate-plan.yml', run);
    expect(run.errors).toEqual([]);
    expect(run.result).toBe('success');
    expect(run.steps.find((s) => s.name.startsWith('AWS credentials'))!.outcome).toBe('success');
    expect(run.outputs['has-changes']).toBe('true');
    const summary = run.action!.summary;
    expect(summary).toContain('### Live diff');
    expect(summary).toMatch(/🟡 To update/);
    expect(summary).toContain('### Pod sizing and cost (EKS Fargate)');
    const comments = gh.comments.filter((c) => c.issue === 3);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(MARKER)).toBe(true);
    // Least privilege, both ways: every call is documented, every documented permission was used.
    // Without Secrets rights the diff goes on without release records, and says so once.
    expect(
      run.action!.stdout.split('\n').filter((l) => l.startsWith('::notice title=Live diff without release history::')),
    ).toHaveLength(1);
    expect(summary).not.toContain('live diff against');
    expect(toolAws(aws0)).toEqual(iamActions('plan', ['cluster']));
    expect(kubeCalls(kube0, /eks-fargate-plan/)).toEqual(documented('plan'));
    // The refused ones are the Secrets the plan is documented not to read.
    const refused = kubeCalls(kube0, /eks-fargate-plan/, true);
    expect(refused).toContain('list secrets');
    expect(refused.filter((c) => !['get secrets', 'list secrets', 'patch secrets'].includes(c))).toEqual([]);
  });

  test('a deploy that fails is rolled back, its Deployment fails, one error annotation says what happened', async () => {
    const second = await runCallerJob('.github/workflows/eks-fargate-deploy.yml', 'deploy', push(GOOD[1]!), env());
    expect(second.outputs['status']).toBe('deployed');
    const run = await runCallerJob('.github/workflows/eks-fargate-deploy.yml', 'deploy', push(BAD), env());
    await transcript('eks-fargate-deploy.yml', run);
    expect(run.result).toBe('failure');
    expect(run.outputs['status']).toBe('rolled-back');
    expect(run.outputs['release']).not.toBe('');
    expect(run.errors.filter((l) => l.startsWith('::error::deploy:'))).toHaveLength(1);
    expect(run.action!.stdout).not.toMatch(/\n\s+at /);
    expect(run.action!.summary).toMatch(/rolled back/i);
    expect(gh.deployments).toHaveLength(3);
    expect(gh.deployments[2]!.statuses.map((s) => s['state'])).toEqual(['in_progress', 'failure']);
  });

  test('rollback by hand restores the release before the current one', async () => {
    const kube0 = sb.audit.length;
    const run = await runCallerJob(
      '.github/workflows/eks-fargate-rollback.yml',
      'rollback',
      {
        name: 'workflow_dispatch',
        sha: GOOD[1]!,
        ref: 'refs/heads/main',
        payload: { inputs: { environment: 'production', 'to-release': '' } },
        inputs: { environment: 'production', 'to-release': '' },
      },
      env(),
    );
    await transcript('eks-fargate-rollback.yml', run);
    expect(run.errors).toEqual([]);
    expect(run.result).toBe('success');
    expect(run.outputs['status']).toBe('rolled-back');
    expect(run.outputs['release']).not.toBe('');
    expect(run.action!.summary).toMatch(/rollback/i);
    const last = gh.deployments.at(-1)!;
    expect(last.task).toBe('deploy:rollback');
    expect(last.statuses.map((s) => s['state'])).toEqual(['in_progress', 'success']);
    expect(kubeCalls(kube0, /eks-fargate-deploy/)).toEqual(documented('rollback'));
    expect(kubeCalls(kube0, /eks-fargate-deploy/, true)).toEqual([]);
  });

  test('a plan that cannot start (a typo in the manifests path) says so in the summary and replaces the sticky comment', async () => {
    await edit(repo, '.github/workflows/eks-fargate-plan.yml', (t) =>
      t.replace('manifests: k8s/', 'manifests: k8s-typo/'),
    );
    try {
      const run = await runCallerJob(
        '.github/workflows/eks-fargate-plan.yml',
        'plan',
        {
          name: 'pull_request',
          sha: 'b'.repeat(40),
          ref: 'refs/pull/3/merge',
          payload: pullRequestEvent(3, { repo: REPOSITORY, headSha: 'b'.repeat(40) }) as Record<string, unknown>,
        },
        env(),
      );
      await transcript('eks-fargate-plan.yml', run);
      expect(run.result).toBe('failure');
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toContain('k8s-typo');
      expect(run.action!.stdout).not.toMatch(/\n\s+at /);
      expect(run.action!.summary).toContain('eks-fargate-deploy plan failed');
      const comments = gh.comments.filter((c) => c.issue === 3);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body.startsWith(MARKER)).toBe(true);
      expect(comments[0]!.body).toContain('k8s-typo');
      expect(comments[0]!.body).toContain('bbbbbbbbbbbb');
    } finally {
      await edit(repo, '.github/workflows/eks-fargate-plan.yml', (t) =>
        t.replace('manifests: k8s-typo/', 'manifests: k8s/'),
      );
    }
  });
});
