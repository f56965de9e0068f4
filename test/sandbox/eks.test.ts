/**
 * EKS token authentication (k8s-aws-v1 tokens made by createEksToken, callers resolved by STS in
 * moto) and Fargate profiles read from the EKS API (moto), against a running sandbox.
 */
import { CreateClusterCommand, CreateFargateProfileCommand, EKSClient } from '@aws-sdk/client-eks';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createEksToken, EKS_TOKEN_PREFIX } from '../../src/aws/eks-token.js';
import { canonicalizeArn, EksTokenAuthenticator, parseEksConfig } from '../../src/sandbox/eks-auth.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, withEnv, type AwsTestEnv, type MotoServer } from '../helpers/moto.js';
import { eventually, sandboxRequest, startHarness, type SandboxHarness } from './helpers.js';

let moto: MotoServer;
let aws: AwsTestEnv;
let h: SandboxHarness;
let sb: Sandbox;
let ci: { accessKeyId: string; secretAccessKey: string };
let intruder: { accessKeyId: string; secretAccessKey: string };
let role: { accessKeyId: string; secretAccessKey: string; sessionToken: string };

/** moto's IAM Query API (no IAM client in the project): a user and an access key for it. */
async function iamUserWithKey(
  endpoint: string,
  name: string,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const call = async (params: Record<string, string>): Promise<string> => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization:
          'AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`IAM ${params.Action}: ${res.status} ${text}`);
    return text;
  };
  await call({ Action: 'CreateUser', UserName: name });
  const xml = await call({ Action: 'CreateAccessKey', UserName: name });
  return {
    accessKeyId: /<AccessKeyId>([^<]+)</.exec(xml)![1]!,
    secretAccessKey: /<SecretAccessKey>([^<]+)</.exec(xml)![1]!,
  };
}

const token = async (
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  opts: { clusterName?: string; now?: Date; stsEndpoint?: string } = {},
): Promise<string> =>
  (
    await createEksToken({
      clusterName: opts.clusterName ?? 'prod-eu',
      region: 'us-east-1',
      credentials,
      stsEndpoint: opts.stsEndpoint ?? moto.endpoint,
      ...(opts.now ? { now: opts.now } : {}),
    })
  ).token;

/** A token whose presigned URL is edited (checks that run before any signature matters). */
const forged = (url: string): string => EKS_TOKEN_PREFIX + Buffer.from(url).toString('base64url');

beforeAll(async () => {
  moto = await startMoto();
  aws = awsTestEnv(moto.endpoint);
  ci = await iamUserWithKey(moto.endpoint, 'ci');
  intruder = await iamUserWithKey(moto.endpoint, 'intruder');
  const sts = new STSClient(aws.clientConfig);
  const assumed = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/deployer`, RoleSessionName: 'gh-actions' }),
  );
  role = {
    accessKeyId: assumed.Credentials!.AccessKeyId!,
    secretAccessKey: assumed.Credentials!.SecretAccessKey!,
    sessionToken: assumed.Credentials!.SessionToken!,
  };
  h = await startHarness({
    clusterName: 'prod-eu',
    timing: { timeFactor: 0.002 },
    eks: {
      region: 'us-east-1',
      stsEndpoint: moto.endpoint,
      signingKeys: [ci],
      principals: [
        { arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/ci`, groups: ['system:masters'] },
        {
          arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/deploy*`,
          username: 'deployer:{{SessionName}}',
          groups: ['sandbox:read-only'],
        },
      ],
    },
  });
  sb = h.sandbox;
}, 30_000);

afterAll(async () => {
  await (h as SandboxHarness | undefined)?.stop();
  await (moto as MotoServer | undefined)?.stop();
});

const lastRejection = (): string => sb.eksAuth!.rejections.at(-1)?.reason ?? '';

describe('EKS token authentication', () => {
  test('an IAM user mapped to system:masters can write; the username is its ARN', async () => {
    const t = await token(ci);
    const r = await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', {
      token: t,
      body: { metadata: { name: 'from-ci' } },
    });
    expect(r.status).toBe(201);
    expect(
      (await sandboxRequest(sb, 'GET', '/api/v1/namespaces/default/configmaps/from-ci', { token: t })).status,
    ).toBe(200);
    await eventually('audit', () => sb.audit.find((a) => a.name === 'from-ci'));
    expect(sb.audit.find((a) => a.name === 'from-ci')!.user).toBe(`arn:aws:iam::${MOTO_ACCOUNT_ID}:user/ci`);
  });

  test('an assumed role maps through its role ARN, with the session name in the username; RBAC still applies (403)', async () => {
    const t = await token(role);
    expect((await sandboxRequest(sb, 'GET', '/api/v1/namespaces', { token: t })).status).toBe(200);
    const denied = await sandboxRequest(sb, 'POST', '/api/v1/namespaces/default/configmaps', {
      token: t,
      body: { metadata: { name: 'nope' } },
    });
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message:
        'configmaps is forbidden: User "deployer:gh-actions" cannot create resource "configmaps" in API group "" in the namespace "default"',
    });
  });

  test('the real kubectl works with an EKS token, and says Unauthorized for an unmapped principal', async () => {
    const ok = await h.kubectl(['--token', await token(ci), 'get', 'configmap', 'from-ci', '-o', 'name']);
    expect(ok).toMatchObject({ code: 0, stdout: 'configmap/from-ci\n' });
    const no = await h.kubectl(['--token', await token(intruder), 'get', 'namespaces']);
    expect(no.code).toBe(1);
    expect(no.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    expect(lastRejection()).toBe(`ARN is not mapped: arn:aws:iam::${MOTO_ACCOUNT_ID}:user/intruder`);
  });

  test('401 Status bodies for expired, wrong-cluster and malformed tokens, with the reason kept for the operator', async () => {
    const unauthorized = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    };
    const expect401 = async (t: string, reason: string | RegExp): Promise<void> => {
      const r = await sandboxRequest(sb, 'GET', '/api/v1/namespaces', { token: t });
      expect(r.status).toBe(401);
      expect(r.json()).toEqual(unauthorized);
      expect(lastRejection()).toMatch(reason);
    };
    await expect401(
      await token(ci, { now: new Date(Date.now() - 16 * 60_000) }),
      /^X-Amz-Date parameter is expired \(15 minute expiration\)/,
    );
    // Accepted 14 minutes on, although X-Amz-Expires is 60 s: EKS's 15-minute rule.
    expect(
      (
        await sandboxRequest(sb, 'GET', '/api/v1/namespaces', {
          token: await token(ci, { now: new Date(Date.now() - 14 * 60_000) }),
        })
      ).status,
    ).toBe(200);
    await expect401(
      await token(ci, { clusterName: 'staging' }),
      'SignatureDoesNotMatch: the token was not signed for cluster "prod-eu" with the key ' + ci.accessKeyId,
    );
    await expect401(
      await token(ci, { stsEndpoint: 'https://sts.us-east-1.amazonaws.com' }),
      'unexpected scheme "https" in pre-signed URL',
    );
    const good = new URL(Buffer.from((await token(ci)).slice(EKS_TOKEN_PREFIX.length), 'base64url').toString());
    const edit = (f: (u: URL) => void): string => {
      const u = new URL(good);
      f(u);
      return forged(u.toString());
    };
    await expect401(
      edit((u) => {
        u.searchParams.set('X-Amz-SignedHeaders', 'host');
      }),
      'client did not sign the x-k8s-aws-id header in the pre-signed URL',
    );
    await expect401(
      edit((u) => {
        u.searchParams.set('X-Amz-Expires', '9999');
      }),
      'invalid X-Amz-Expires parameter in pre-signed URL: 9999',
    );
    await expect401(
      edit((u) => {
        u.searchParams.set('Action', 'AssumeRole');
      }),
      'unexpected action parameter in pre-signed URL',
    );
    await expect401(
      edit((u) => {
        u.searchParams.set('Extra', '1');
      }),
      'non-whitelisted query parameter "Extra"',
    );
    await expect401(
      edit((u) => ((u.hostname = '169.254.169.254'), (u.port = ''))),
      'unexpected hostname "169.254.169.254" in pre-signed URL',
    );
    await expect401(
      edit((u) => (u.pathname = '/admin')),
      'unexpected path in pre-signed URL',
    );
    await expect401(`${EKS_TOKEN_PREFIX}not*base64`, /not unpadded base64url/);
  });

  test('verified tokens are cached (no STS call per request)', async () => {
    // A signing time no other test uses: the same second would make the same (already cached) token.
    const t = await token(ci, { now: new Date(Date.now() - 37_000) });
    const before = sb.eksAuth!.stsCalls;
    for (let i = 0; i < 3; i++) expect((await sandboxRequest(sb, 'GET', '/version', { token: t })).status).toBe(200);
    expect(sb.eksAuth!.stsCalls - before).toBe(1);
  });

  test('without the secret key, moto cannot tell clusters apart (it does not verify signatures)', async () => {
    const auth = new EksTokenAuthenticator({
      clusterName: 'prod-eu',
      region: 'us-east-1',
      stsEndpoint: moto.endpoint,
      principals: [{ arn: '*', groups: [] }],
    });
    const { identity } = await auth.verify(await token(ci, { clusterName: 'staging' }));
    expect(identity).toMatchObject({
      arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/ci`,
      kind: 'user',
      accountId: MOTO_ACCOUNT_ID,
    });
  });

  test('signing keys in the eks config: an optional session token, anything else is an error naming the field', () => {
    const key = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' };
    expect(parseEksConfig({ region: 'us-east-1', signingKeys: [key] }).signingKeys).toEqual([key]);
    for (const bad of [{ ...key, sessionToken: 5 }, { accessKeyId: 'ASIAEXAMPLE' }, 'ASIAEXAMPLE']) {
      expect(() => parseEksConfig({ region: 'us-east-1', signingKeys: [key, bad] })).toThrow(
        'sandbox config eks.signingKeys must be a list of {accessKeyId, secretAccessKey, sessionToken (optional)}',
      );
    }
  });

  test('ARN canonicalisation', () => {
    expect(canonicalizeArn('arn:aws:sts::111122223333:assumed-role/Admin/jane@example.com')).toEqual({
      canonical: 'arn:aws:iam::111122223333:role/Admin',
      kind: 'role',
      sessionName: 'jane@example.com',
    });
    expect(canonicalizeArn('arn:aws-cn:iam::111122223333:role/team/deployer')).toEqual({
      canonical: 'arn:aws-cn:iam::111122223333:role/deployer',
      kind: 'role',
    });
    expect(canonicalizeArn('arn:aws:iam::111122223333:user/ops/bob').kind).toBe('user');
    expect(() => canonicalizeArn('arn:aws:s3:::bucket')).toThrow('is not an IAM/STS ARN');
  });
});

describe('Fargate profiles from the EKS API', () => {
  test('the sandbox schedules with the profiles of the same-named EKS cluster (ACTIVE ones, first by name)', async () => {
    const eks = new EKSClient(aws.clientConfig);
    const roleArn = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks`;
    await eks.send(
      new CreateClusterCommand({ name: 'shop', roleArn, resourcesVpcConfig: { subnetIds: ['subnet-1'] } }),
    );
    await eks.send(
      new CreateFargateProfileCommand({
        clusterName: 'shop',
        fargateProfileName: 'zz-apps',
        podExecutionRoleArn: roleArn,
        selectors: [{ namespace: 'apps-*' }],
      }),
    );
    await eks.send(
      new CreateFargateProfileCommand({
        clusterName: 'shop',
        fargateProfileName: 'aa-web',
        podExecutionRoleArn: roleArn,
        selectors: [{ namespace: 'apps-*', labels: { tier: 'web' } }],
      }),
    );
    eks.destroy();
    const shop = await withEnv(aws.env, () =>
      startSandbox({
        clusterName: 'shop',
        timing: { timeFactor: 0.002 },
        eks: { region: 'us-east-1', readProfiles: true },
      }),
    );
    try {
      expect(shop.config.fargateProfiles).toEqual([
        { name: 'aa-web', selectors: [{ namespace: 'apps-*', labels: { tier: 'web' } }] },
        { name: 'zz-apps', selectors: [{ namespace: 'apps-*' }] },
      ]);
      const ns = shop.registry.get('', 'namespaces');
      shop.api.create(ns, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps-eu' } });
      const pods = shop.registry.get('', 'pods');
      const pod = (name: string, labels: Record<string, string>): void => {
        shop.api.create(pods, 'apps-eu', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, labels },
          spec: { containers: [{ name: 'a', image: 'registry.example/web:1' }] },
        });
      };
      pod('front', { tier: 'web' });
      pod('worker', { tier: 'batch' });
      const profileOf = (n: string): string | undefined =>
        shop.store.get(pods, 'apps-eu', n)?.metadata.labels?.['eks.amazonaws.com/fargate-profile'];
      await eventually('both pods on Fargate', () => profileOf('front') && profileOf('worker'));
      expect([profileOf('front'), profileOf('worker')]).toEqual(['aa-web', 'zz-apps']);
    } finally {
      await shop.stop();
    }
  });

  test('a cluster EKS does not know is an error naming it', async () => {
    await expect(
      withEnv(aws.env, () => startSandbox({ clusterName: 'ghost', eks: { region: 'us-east-1', readProfiles: true } })),
    ).rejects.toThrow('EKS cluster "ghost" in region us-east-1 not found');
  });
});
