import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  decodeJwtClaims,
  doctorLines,
  doctorMarkdown,
  runDoctor,
  subjectForm,
  trustPolicyFor,
} from '../../src/commands/doctor.js';
import { startShopSandbox } from '../e2e/helpers.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, withEnv, type MotoServer } from '../helpers/moto.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { jobClaims, motoIam, startOidcIssuer, type OidcIssuer } from './oidc-issuer.js';
import { stopStarted } from '../helpers/stop-started.js';

const ROLE = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks-fargate-deploy`;
let moto: MotoServer;
let issuer: OidcIssuer;
let sb: Sandbox;
let kubeconfig: string;
let dir: string;

beforeAll(async () => {
  [moto, issuer, { sb, kubeconfig, dir }] = await Promise.all([
    startMoto(),
    startOidcIssuer(() => jobClaims({ context: 'environment:production' })),
    startShopSandbox(),
  ]);
  await motoIam(moto.endpoint, {
    Action: 'CreateRole',
    RoleName: 'eks-fargate-deploy',
    AssumeRolePolicyDocument: JSON.stringify(trustPolicyFor(jobClaims({ context: 'environment:production' }), ROLE)),
  });
}, 60_000);
afterAll(async () => {
  await stopStarted(moto, issuer, sb);
});

const jobEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...awsTestEnv(moto.endpoint).env,
  GITHUB_RUN_ID: '77',
  ...issuer.env,
  ...extra,
});

describe('doctor inside a deploy job', () => {
  test('prints the claims and the trust policy they need, never the token, and passes every check', async () => {
    const env = jobEnv();
    const masked: string[] = [];
    const report = await withEnv(env, () =>
      runDoctor(
        {
          workflow: 'deploy',
          roleArn: ROLE,
          region: 'us-east-1',
          cluster: { kind: 'kubeconfig', path: kubeconfig },
          namespace: 'shop',
          audience: 'sts.amazonaws.com',
        },
        { env, mask: (s) => masked.push(s) },
      ),
    );
    const lines = doctorLines(report);
    const text = `${lines.join('\n')}\n${doctorMarkdown(report)}`;
    const token = issuer.issued.at(-1)!;
    expect(issuer.audiences.at(-1)).toBe('sts.amazonaws.com');
    expect(masked).toContain(token);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]!);
    expect(report.claims?.sub).toBe('repo:acme@4242001/shop@9090017:environment:production');
    expect(lines).toContain('  repository_id: 9090017');
    expect(lines).toContain(
      '  job_workflow_ref: eks-fargate-deploy/eks-fargate-deploy/.github/workflows/deploy.yml@' + 'c'.repeat(40),
    );
    // The condition names the exact subject, in the immutable form, and the audience.
    expect(JSON.stringify(report.trustPolicy)).toContain(
      '"token.actions.githubusercontent.com:sub":"repo:acme@4242001/shop@9090017:environment:production"',
    );
    expect(JSON.stringify(report.trustPolicy)).toContain(
      `"Federated":"arn:aws:iam::${MOTO_ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com"`,
    );
    expect(report.notes.join('\n')).toContain('immutable form');
    expect(report.notes.join('\n')).toContain('include_claim_keys');
    const status = Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
    expect(status).toMatchObject({
      'OIDC token': 'pass',
      AssumeRoleWithWebIdentity: 'pass',
      'STS GetCallerIdentity': 'pass',
      kubeconfig: 'pass',
      'Kubernetes API': 'pass',
    });
    expect(report.checks.find((c) => c.name === 'STS GetCallerIdentity')!.detail).toContain(
      'assumed-role/eks-fargate-deploy/eks-fargate-doctor-77',
    );
    // The assumed role's secret is masked too, and never printed.
    expect(masked.length).toBeGreaterThanOrEqual(2);
    for (const secret of masked) expect(text).not.toContain(secret);
    // Every check is one line, PASS/FAIL/SKIP first.
    expect(lines.filter((l) => /^(PASS|FAIL|SKIP) /.test(l))).toHaveLength(report.checks.length);
  });

  test('without id-token: write, the first check fails and says what to add; the cluster check still runs', async () => {
    const env = { ...awsTestEnv(moto.endpoint).env };
    const report = await withEnv(env, () =>
      runDoctor(
        {
          workflow: 'plan',
          roleArn: ROLE,
          region: 'us-east-1',
          cluster: { kind: 'kubeconfig', path: kubeconfig },
          namespace: 'shop',
          audience: 'sts.amazonaws.com',
        },
        { env },
      ),
    );
    const oidc = report.checks.find((c) => c.name === 'OIDC token')!;
    expect(oidc.status).toBe('fail');
    expect(oidc.detail).toContain('permissions: id-token: write');
    expect(report.checks.find((c) => c.name === 'AssumeRoleWithWebIdentity')).toMatchObject({
      status: 'fail',
      detail: 'no OIDC token (see above)',
    });
    expect(report.checks.find((c) => c.name === 'Kubernetes API')!.status).toBe('pass');
    expect(doctorMarkdown(report)).toContain('❌ 2 check(s) failed');
  });

  test('a cluster that refuses the identity: a failing line that points at the access entry', async () => {
    const bad = join(dir, 'bad-kubeconfig.yaml');
    const { readFile } = await import('node:fs/promises');
    await writeFile(bad, (await readFile(kubeconfig, 'utf8')).replace(/token: .*/, 'token: not-a-valid-token'));
    const env = jobEnv();
    const report = await withEnv(env, () =>
      runDoctor(
        {
          workflow: 'deploy',
          region: 'us-east-1',
          cluster: { kind: 'kubeconfig', path: bad },
          namespace: 'shop',
          audience: 'sts.amazonaws.com',
        },
        { env },
      ),
    );
    expect(report.checks.find((c) => c.name === 'AssumeRoleWithWebIdentity')!.status).toBe('skip');
    const api = report.checks.find((c) => c.name === 'Kubernetes API')!;
    expect(api.status).toBe('fail');
    expect(api.detail).toContain('EKS access entry');
  });
});

describe('claims and subjects', () => {
  test('the two subject forms are told apart', () => {
    expect(subjectForm('repo:acme@4242001/shop@9090017:ref:refs/heads/main')).toBe('immutable');
    expect(subjectForm('repo:acme/shop:pull_request')).toBe('name');
    expect(
      subjectForm(
        'repo:acme/shop:environment:production:job_workflow_ref:eks-fargate-deploy/eks-fargate-deploy/.github/workflows/deploy.yml@refs/tags/v1.2.0',
      ),
    ).toBe('name');
    expect(subjectForm('project:acme')).toBe('custom');
  });

  test('a token that is not a JWT is an error, not a crash', () => {
    expect(() => decodeJwtClaims('abc')).toThrow('not a JWT');
    expect(decodeJwtClaims(`x.${Buffer.from('{"sub":"s"}').toString('base64url')}.y`)).toEqual({ sub: 's' });
  });
});
