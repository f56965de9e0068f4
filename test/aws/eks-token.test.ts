/**
 * The EKS bearer token. The reference is the machine's `aws eks get-token` (aws CLI v1, botocore's
 * own SigV4 code): signed at the same second with the same credentials, our token must be the same
 * string, which proves the signature, the signed headers and every query parameter at once.
 *
 * moto (5.2) cannot verify a token by itself: its server picks the service of a request from the
 * Authorization header, so a bare query-string-presigned GET (what the EKS authenticator sends to
 * STS) is routed to S3 and answered with ListAllMyBuckets; and moto checks no presigned signatures.
 * The one verifier is the sandbox's EksTokenAuthenticator (its own decoder, its own signature check
 * with keys it knows, moto as STS for the caller's identity): the last block checks our tokens and
 * the aws CLI's against it.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  EKS_TOKEN_PREFIX,
  EksTokenSource,
  createEksToken,
  decodeEksToken,
  resolveStsEndpoint,
} from '../../src/aws/eks-token.js';
import { EksTokenAuthenticator, type EksTokenAuthenticatorOptions } from '../../src/sandbox/eks-auth.js';
import { UserInputError } from '../../src/errors.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, withEnv, type MotoServer } from '../helpers/moto.js';
import type { AwsCredentialIdentity } from '@smithy/types';

jest.setTimeout(20_000);

const run = promisify(execFile);

const CREDS: AwsCredentialIdentity = {
  accessKeyId: 'AKIDTESTING',
  secretAccessKey: 'testing-secret',
  sessionToken: 'session-tok',
};
const NOW = new Date('2025-03-04T05:06:07Z');

/** Environment for the aws CLI: only these credentials, no profile files, no metadata service. */
function cliEnv(creds: AwsCredentialIdentity, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    ...extra,
  };
}

interface CliToken {
  token: string;
  expirationTimestamp: string;
  signedAt: Date;
}

/** `aws eks get-token` and the second it signed at (from its X-Amz-Date). */
async function awsCliToken(cluster: string, region: string, env: Record<string, string>): Promise<CliToken> {
  const { stdout } = await run(
    'aws',
    ['eks', 'get-token', '--cluster-name', cluster, '--region', region, '--output', 'json'],
    {
      env,
      timeout: 15_000,
    },
  );
  const out = JSON.parse(stdout) as {
    kind: string;
    apiVersion: string;
    status: { token: string; expirationTimestamp: string };
  };
  expect(out.kind).toBe('ExecCredential');
  const d = decodeEksToken(out.status.token).params['X-Amz-Date']!;
  const signedAt = new Date(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`,
  );
  return { token: out.status.token, expirationTimestamp: out.status.expirationTimestamp, signedAt };
}

describe('same token as `aws eks get-token`', () => {
  test('with session credentials: same query parameters, signed headers, host and path — the same string', async () => {
    const cli = await awsCliToken('shop-prod', 'us-east-1', cliEnv(CREDS));
    const ours = await createEksToken({
      clusterName: 'shop-prod',
      region: 'us-east-1',
      credentials: CREDS,
      now: cli.signedAt,
      env: {},
    });

    const a = decodeEksToken(ours.token);
    const b = decodeEksToken(cli.token);
    expect(Object.keys(a.params).sort()).toEqual(Object.keys(b.params).sort());
    expect(Object.keys(a.params).sort()).toEqual([
      'Action',
      'Version',
      'X-Amz-Algorithm',
      'X-Amz-Credential',
      'X-Amz-Date',
      'X-Amz-Expires',
      'X-Amz-Security-Token',
      'X-Amz-Signature',
      'X-Amz-SignedHeaders',
    ]);
    expect(a.params['X-Amz-SignedHeaders']).toBe('host;x-k8s-aws-id');
    expect(b.params['X-Amz-SignedHeaders']).toBe('host;x-k8s-aws-id');
    expect(a.signedHeaders).toEqual(['host', 'x-k8s-aws-id']);
    expect(a.params['X-Amz-Expires']).toBe('60');
    expect(a.params.Action).toBe('GetCallerIdentity');
    expect(a.params.Version).toBe('2011-06-15');
    expect(a.url.host).toBe('sts.us-east-1.amazonaws.com');
    expect(a.url.protocol).toBe('https:');
    expect(a.url.pathname).toBe('/');
    expect([b.url.protocol, b.url.host, b.url.pathname]).toEqual([a.url.protocol, a.url.host, a.url.pathname]);
    expect(a.params['X-Amz-Signature']).toBe(b.params['X-Amz-Signature']);
    expect(ours.token).toBe(cli.token);
    // The CLI also stops using its token after 14 minutes.
    expect(ours.expiresAt.toISOString().replace('.000Z', 'Z')).toBe(cli.expirationTimestamp);
  });

  test('with long-term keys (no session token), another region and AWS_ENDPOINT_URL pointing at a local endpoint', async () => {
    const keys = { accessKeyId: 'AKIDLONGTERM', secretAccessKey: 'long/term+secret' };
    const endpoint = 'http://127.0.0.1:4566';
    const cli = await awsCliToken('a_b-9', 'eu-west-2', cliEnv(keys, { AWS_ENDPOINT_URL: endpoint }));
    const ours = await createEksToken({
      clusterName: 'a_b-9',
      region: 'eu-west-2',
      credentials: keys,
      now: cli.signedAt,
      env: { AWS_ENDPOINT_URL: endpoint },
    });
    const decoded = decodeEksToken(ours.token);
    expect(decoded.url.origin).toBe(endpoint);
    expect(decoded.params['X-Amz-Security-Token']).toBeUndefined();
    expect(decoded.params['X-Amz-Credential']).toBe(
      `AKIDLONGTERM/${decoded.params['X-Amz-Date']!.slice(0, 8)}/eu-west-2/sts/aws4_request`,
    );
    expect(ours.token).toBe(cli.token);
  });
});

describe('createEksToken', () => {
  test('is k8s-aws-v1. + unpadded base64url of the presigned URL, and decodes back to it', async () => {
    const t = await createEksToken({ clusterName: 'web', region: 'us-west-2', credentials: CREDS, now: NOW, env: {} });
    expect(t.token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
    const body = t.token.slice(EKS_TOKEN_PREFIX.length);
    expect(body).toMatch(/^[A-Za-z0-9_-]+$/); // no '=', '+' or '/'
    const decoded = decodeEksToken(t.token);
    expect(Buffer.from(body, 'base64url').toString()).toBe(decoded.url.href);
    expect(
      decoded.url.href.startsWith('https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&'),
    ).toBe(true);
    expect(decoded.params['X-Amz-Date']).toBe('20250304T050607Z');
    expect(decoded.params['X-Amz-Security-Token']).toBe('session-tok');
    // aws-iam-authenticator rejects tokens longer than 4 KiB.
    expect(t.token.length).toBeLessThan(4096);
  });

  test('binds the cluster: another cluster name, key or second gives another signature', async () => {
    const sig = async (over: Partial<Parameters<typeof createEksToken>[0]>): Promise<string> =>
      decodeEksToken(
        (
          await createEksToken({
            clusterName: 'web',
            region: 'us-east-1',
            credentials: CREDS,
            now: NOW,
            env: {},
            ...over,
          })
        ).token,
      ).params['X-Amz-Signature']!;
    const base = await sig({});
    expect(await sig({})).toBe(base);
    expect(await sig({ clusterName: 'web2' })).not.toBe(base);
    expect(await sig({ credentials: { ...CREDS, secretAccessKey: 'other' } })).not.toBe(base);
    expect(await sig({ now: new Date(NOW.getTime() + 1000) })).not.toBe(base);
    // Within the same second the token is the same: X-Amz-Date has whole seconds.
    expect(await sig({ now: new Date(NOW.getTime() + 999) })).toBe(base);
  });

  test('expires 14 minutes after signing, or when the credentials do if that is sooner', async () => {
    const t = await createEksToken({
      clusterName: 'web',
      region: 'us-east-1',
      credentials: CREDS,
      now: new Date('2025-03-04T05:06:07.900Z'),
      env: {},
    });
    expect(t.expiresAt.toISOString()).toBe('2025-03-04T05:20:07.000Z');
    const soon = new Date('2025-03-04T05:10:00Z');
    const t2 = await createEksToken({
      clusterName: 'web',
      region: 'us-east-1',
      credentials: { ...CREDS, expiration: soon },
      now: NOW,
      env: {},
    });
    expect(t2.expiresAt).toEqual(soon);
  });

  test('takes credentials from a provider, and from the SDK default chain (environment) when none is given', async () => {
    const fromProvider = await createEksToken({
      clusterName: 'web',
      region: 'us-east-1',
      credentials: () => Promise.resolve(CREDS),
      now: NOW,
      env: {},
    });
    expect(decodeEksToken(fromProvider.token).params['X-Amz-Credential']).toMatch(/^AKIDTESTING\//);

    const fromEnv = await withEnv(
      {
        AWS_ACCESS_KEY_ID: 'AKIDFROMENV',
        AWS_SECRET_ACCESS_KEY: 'env-secret',
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      () => createEksToken({ clusterName: 'web', region: 'us-east-1', now: NOW, env: {} }),
    );
    const params = decodeEksToken(fromEnv.token).params;
    expect(params['X-Amz-Credential']).toMatch(/^AKIDFROMENV\//);
    expect(params['X-Amz-Security-Token']).toBeUndefined();
  });

  test('no credentials anywhere is a user error that says where credentials come from', async () => {
    const err = await withEnv(
      {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
        AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
        AWS_CONFIG_FILE: '/nonexistent/aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      () =>
        createEksToken({ clusterName: 'web', region: 'us-east-1', env: {} }).then(
          () => undefined,
          (e: unknown) => e,
        ),
    );
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as Error).message).toContain('no AWS credentials to sign an EKS token for cluster "web"');
    expect((err as Error).message).toContain('aws-actions/configure-aws-credentials');
  });

  test.each([
    ['', 'empty'],
    ['-web', 'starts with -'],
    ['_web', 'starts with _'],
    ['web.prod', 'has a dot'],
    ['web prod', 'has a space'],
    ['a'.repeat(101), '101 characters'],
  ])('cluster name %j (%s) is a user error naming the field and the value', async (name) => {
    const err = await createEksToken({ clusterName: name, region: 'us-east-1', credentials: CREDS, env: {} }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as Error).message).toMatch(/^cluster-name: /);
    expect((err as Error).message).toContain(JSON.stringify(name).slice(0, 20));
  });

  test('cluster names at the limits are accepted', async () => {
    for (const name of ['a', '9', 'a'.repeat(100), 'Web_Prod-2']) {
      const t = await createEksToken({ clusterName: name, region: 'us-east-1', credentials: CREDS, now: NOW, env: {} });
      expect(decodeEksToken(t.token).params['X-Amz-SignedHeaders']).toBe('host;x-k8s-aws-id');
    }
  });

  test.each(['', 'US-EAST-1', 'us-east', 'useast1', 'us-east-1 '])(
    'region %j is a user error naming it',
    async (region) => {
      await expect(createEksToken({ clusterName: 'web', region, credentials: CREDS, env: {} })).rejects.toThrow(
        new UserInputError(`${JSON.stringify(region)} is not an AWS region (like us-east-1)`, undefined, 'region'),
      );
    },
  );
});

describe('STS endpoint', () => {
  test('AWS_ENDPOINT_URL_STS wins over AWS_ENDPOINT_URL; an explicit endpoint wins over both', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1111', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2222' };
    expect(resolveStsEndpoint('us-east-1', undefined, env)).toEqual({
      url: new URL('http://127.0.0.1:2222/'),
      source: 'AWS_ENDPOINT_URL_STS',
    });
    expect(resolveStsEndpoint('us-east-1', undefined, { AWS_ENDPOINT_URL: 'http://127.0.0.1:1111' }).source).toBe(
      'AWS_ENDPOINT_URL',
    );
    expect(resolveStsEndpoint('us-east-1', 'https://sts.example.test', env).url.host).toBe('sts.example.test');
  });

  test('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the variables, as the SDK and aws CLI do', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1111', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
    expect(resolveStsEndpoint('us-east-1', undefined, env).url.href).toBe('https://sts.us-east-1.amazonaws.com/');
  });

  test('regional endpoints use the partition domain', () => {
    expect(resolveStsEndpoint('cn-north-1', undefined, {}).url.host).toBe('sts.cn-north-1.amazonaws.com.cn');
    expect(resolveStsEndpoint('us-gov-west-1', undefined, {}).url.host).toBe('sts.us-gov-west-1.amazonaws.com');
    expect(resolveStsEndpoint('ap-southeast-4', undefined, {}).url.host).toBe('sts.ap-southeast-4.amazonaws.com');
  });

  test('a bad endpoint variable is a user error naming the variable and value', async () => {
    await expect(
      createEksToken({
        clusterName: 'web',
        region: 'us-east-1',
        credentials: CREDS,
        env: { AWS_ENDPOINT_URL_STS: 'localhost:4566' },
      }),
    ).rejects.toThrow('AWS_ENDPOINT_URL_STS: "localhost:4566" is not an endpoint URL');
    await expect(
      createEksToken({
        clusterName: 'web',
        region: 'us-east-1',
        credentials: CREDS,
        env: { AWS_ENDPOINT_URL: 'not a url' },
      }),
    ).rejects.toThrow('AWS_ENDPOINT_URL: "not a url" is not a URL');
  });
});

describe('decodeEksToken', () => {
  test('rejects tokens without the prefix, with padding or characters outside base64url — without quoting them', async () => {
    const real = (
      await createEksToken({ clusterName: 'web', region: 'us-east-1', credentials: CREDS, now: NOW, env: {} })
    ).token;
    const body = real.slice(EKS_TOKEN_PREFIX.length);
    const messageOf = (token: string): string => {
      try {
        decodeEksToken(token);
      } catch (e) {
        expect(e).toBeInstanceOf(UserInputError);
        return (e as Error).message;
      }
      throw new Error('decodeEksToken accepted a broken token');
    };
    for (const [bad, why] of [
      [`k8s-aws-v2.${body}`, 'does not start with k8s-aws-v1.'],
      [`${real}=`, 'not unpadded base64url'],
      [`${real.slice(0, 40)}+${real.slice(41)}`, 'not unpadded base64url'],
      [`${real.slice(0, 40)}.${real.slice(41)}`, 'not unpadded base64url'],
      ['k8s-aws-v1.', 'not unpadded base64url'],
      [EKS_TOKEN_PREFIX + Buffer.from('no url here').toString('base64url'), 'does not decode to a URL'],
    ] as const) {
      const message = messageOf(bad);
      expect(message).toContain(why);
      expect(message).not.toContain(body.slice(0, 16));
    }
  });
});

describe('EksTokenSource', () => {
  function counting(): { provider: () => Promise<AwsCredentialIdentity>; calls: () => number } {
    let n = 0;
    return {
      provider: () => {
        n++;
        return Promise.resolve(CREDS);
      },
      calls: () => n,
    };
  }

  test('reuses the token until 14 minutes after signing, then signs a new one', async () => {
    let now = NOW.getTime();
    const creds = counting();
    const source = new EksTokenSource({
      clusterName: 'web',
      region: 'us-east-1',
      credentials: creds.provider,
      now: () => new Date(now),
      env: {},
    });
    const first = await source.tokenWithExpiry();
    expect(first.expiresAt.toISOString()).toBe('2025-03-04T05:20:07.000Z');
    now += 13 * 60_000 + 59_000;
    expect(await source.token()).toBe(first.token);
    expect(creds.calls()).toBe(1);
    now = first.expiresAt.getTime();
    const second = await source.token();
    expect(second).not.toBe(first.token);
    expect(decodeEksToken(second).params['X-Amz-Date']).toBe('20250304T052007Z');
    expect(creds.calls()).toBe(2);
  });

  test('refreshes when the credentials expire before the 14 minutes are up', async () => {
    let now = NOW.getTime();
    let credExpiry = new Date(NOW.getTime() + 5 * 60_000);
    const short = new EksTokenSource({
      clusterName: 'web',
      region: 'us-east-1',
      credentials: () => Promise.resolve({ ...CREDS, expiration: credExpiry }),
      now: () => new Date(now),
      env: {},
    });
    const a = await short.tokenWithExpiry();
    expect(a.expiresAt).toEqual(credExpiry);
    now += 5 * 60_000;
    credExpiry = new Date(now + 60 * 60_000);
    const b = await short.tokenWithExpiry();
    expect(b.token).not.toBe(a.token);
    expect(b.expiresAt.getTime()).toBe(now + 14 * 60_000);
  });

  test('concurrent callers share one signing; a failed refresh is retried on the next call; invalidate() forces a new token', async () => {
    let now = NOW.getTime();
    let calls = 0;
    let fail = false;
    const source = new EksTokenSource({
      clusterName: 'web',
      region: 'us-east-1',
      credentials: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw new Error('metadata service timed out');
        return CREDS;
      },
      now: () => new Date(now),
      env: {},
    });
    const tokens = await Promise.all(Array.from({ length: 5 }, () => source.token()));
    expect(new Set(tokens).size).toBe(1);
    expect(calls).toBe(1);

    now += 14 * 60_000;
    fail = true;
    await expect(source.token()).rejects.toThrow('metadata service timed out');
    fail = false;
    const after = await source.token();
    expect(after).not.toBe(tokens[0]);
    expect(calls).toBe(3);

    source.invalidate();
    now += 1000;
    const forced = await source.token();
    expect(forced).not.toBe(after);
    expect(calls).toBe(4);
  });

  test('checks the cluster name, region and endpoint when constructed, not at the first request', () => {
    expect(() => new EksTokenSource({ clusterName: 'bad.name', region: 'us-east-1', credentials: CREDS })).toThrow(
      'cluster-name: "bad.name"',
    );
    expect(() => new EksTokenSource({ clusterName: 'web', region: 'mars', credentials: CREDS })).toThrow(
      'region: "mars"',
    );
    expect(
      () =>
        new EksTokenSource({
          clusterName: 'web',
          region: 'us-east-1',
          credentials: CREDS,
          env: { AWS_ENDPOINT_URL: 'ftp://x' },
        }),
    ).toThrow('AWS_ENDPOINT_URL: "ftp://x"');
  });
});

describe("the sandbox's EKS token verifier checks what EKS + STS check (src/sandbox/eks-auth.ts)", () => {
  let moto: MotoServer;
  /** Temporary credentials moto issued, so its STS maps them to the role (a key moto does not know it answers with a placeholder). */
  let role: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  const ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/deployer`;

  beforeAll(async () => {
    moto = await startMoto();
    const sts = new STSClient(awsTestEnv(moto.endpoint).clientConfig);
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'ci' }));
    sts.destroy();
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
      throw new Error('moto AssumeRole gave no credentials');
    role = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  }, 30_000);

  afterAll(async () => {
    await (moto as MotoServer | undefined)?.stop();
  });

  /** The sandbox's authenticator for cluster "shop": STS is moto, it knows the role's secret, a minute after NOW. */
  const verifier = (over: Partial<EksTokenAuthenticatorOptions> = {}): EksTokenAuthenticator =>
    new EksTokenAuthenticator({
      clusterName: 'shop',
      region: 'us-east-1',
      stsEndpoint: moto.endpoint,
      env: {},
      signingKeys: [role],
      principals: [{ arn: ROLE_ARN, groups: ['system:masters'] }],
      now: () => new Date(NOW.getTime() + 60_000),
      ...over,
    });
  const at = (time: Date | number): { now: () => Date } => ({ now: () => new Date(time) });
  const make = async (over: Partial<Parameters<typeof createEksToken>[0]> = {}): Promise<string> =>
    (
      await createEksToken({
        clusterName: 'shop',
        region: 'us-east-1',
        credentials: role,
        now: NOW,
        stsEndpoint: moto.endpoint,
        env: {},
        ...over,
      })
    ).token;
  /** Re-encode a token after editing its URL (what a tampering client would do). */
  const edit = (token: string, change: (url: URL) => void): string => {
    const url = decodeEksToken(token).url;
    change(url);
    return EKS_TOKEN_PREFIX + Buffer.from(url.href).toString('base64url');
  };
  const reason = async (
    token: string,
    over: Partial<EksTokenAuthenticatorOptions> | EksTokenAuthenticator = {},
  ): Promise<string> => {
    try {
      await (over instanceof EksTokenAuthenticator ? over : verifier(over)).verify(token);
      return 'ok';
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };

  test("accepts our token and the aws CLI's (botocore's signature) for the cluster they were made for", async () => {
    const ours = await verifier().verify(await make());
    expect(ours.identity).toEqual({
      arn: `arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/deployer/ci`,
      canonicalArn: ROLE_ARN,
      accountId: MOTO_ACCOUNT_ID,
      userId: expect.any(String),
      accessKeyId: role.accessKeyId,
      kind: 'role',
      sessionName: 'ci',
    });
    expect(new Date(ours.expiresAt)).toEqual(new Date('2025-03-04T05:21:07Z'));
    expect(ours.user).toMatchObject({
      username: `arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/deployer/ci`,
      groups: ['system:masters', 'system:authenticated'],
    });
    const cli = await awsCliToken('shop', 'eu-west-1', cliEnv(role, { AWS_ENDPOINT_URL: moto.endpoint }));
    expect(await reason(cli.token, at(cli.signedAt))).toBe('ok');
    expect(await reason(cli.token, { ...at(cli.signedAt), clusterName: 'other' })).toBe(
      `SignatureDoesNotMatch: the token was not signed for cluster "other" with the key ${role.accessKeyId}`,
    );
  });

  test('refuses a token for another cluster, a wrong secret, an unknown key or session token', async () => {
    const token = await make();
    expect(await reason(token, { clusterName: 'shop2' })).toMatch(
      /^SignatureDoesNotMatch: the token was not signed for cluster "shop2"/,
    );
    expect(await reason(await make({ credentials: { ...role, secretAccessKey: 'guessed' } }))).toMatch(
      /^SignatureDoesNotMatch: the token was not signed for cluster "shop"/,
    );
    expect(await reason(await make({ credentials: { ...role, accessKeyId: 'ASIAUNKNOWN000000001' } }))).toBe(
      'InvalidClientTokenId: STS (moto) does not know the access key ASIAUNKNOWN000000001',
    );
    const sessionRefused =
      /^InvalidClientTokenId: the security token included in the request is invalid \(not the session token of key /;
    expect(await reason(await make({ credentials: { ...role, sessionToken: 'stale' } }))).toMatch(sessionRefused);
    // A long-term key signs without a session token; STS refuses one it did not issue for the key.
    const longTerm = { accessKeyId: role.accessKeyId, secretAccessKey: role.secretAccessKey };
    expect(await reason(token, { signingKeys: [longTerm] })).toMatch(sessionRefused);
  });

  test('valid for 15 minutes after X-Amz-Date, whatever X-Amz-Expires says', async () => {
    const token = await make();
    expect(decodeEksToken(token).params['X-Amz-Expires']).toBe('60');
    expect(await reason(token, at(NOW.getTime() + 15 * 60_000))).toBe('ok');
    expect(await reason(token, at(NOW.getTime() + 15 * 60_000 + 1000))).toBe(
      'X-Amz-Date parameter is expired (15 minute expiration) 2025-03-04T05:06:07.000Z',
    );
    expect(await reason(token, at(NOW.getTime() - 16 * 60_000))).toBe(
      'X-Amz-Date parameter is in the future: 2025-03-04T05:06:07.000Z',
    );
  });

  test('refuses altered URLs the way aws-iam-authenticator and STS do', async () => {
    const token = await make();
    const altered = async (change: (url: URL) => void): Promise<string> => reason(edit(token, change));
    expect(
      await altered((u) => {
        u.searchParams.set('Action', 'AssumeRole');
      }),
    ).toBe('unexpected action parameter in pre-signed URL');
    expect(
      await altered((u) => {
        u.searchParams.append('Extra', '1');
      }),
    ).toBe('non-whitelisted query parameter "Extra"');
    expect(
      await altered((u) => {
        u.searchParams.append('Action', 'GetCallerIdentity');
      }),
    ).toBe('duplicate query parameter found: "Action"');
    expect(
      await altered((u) => {
        u.searchParams.set('X-Amz-SignedHeaders', 'host');
      }),
    ).toBe('client did not sign the x-k8s-aws-id header in the pre-signed URL');
    expect(
      await altered((u) => {
        u.searchParams.set('X-Amz-SignedHeaders', 'host;x-k8s-aws-id;x-extra');
      }),
    ).toBe(
      'pre-signed URL must sign exactly the headers the API server sends (host;x-k8s-aws-id), not host;x-k8s-aws-id;x-extra',
    );
    expect(
      await altered((u) => {
        u.searchParams.set('X-Amz-Expires', '901');
      }),
    ).toBe('invalid X-Amz-Expires parameter in pre-signed URL: 901');
    expect(
      await altered((u) => {
        u.searchParams.set('X-Amz-Expires', '61');
      }),
    ).toMatch(/^SignatureDoesNotMatch/);
    expect(
      await altered((u) => {
        u.searchParams.set('X-Amz-Date', '20250304T050608Z');
      }),
    ).toMatch(/^SignatureDoesNotMatch/);
    expect(
      await altered((u) => {
        u.searchParams.set('X-Amz-Credential', `${role.accessKeyId}/20250303/us-east-1/sts/aws4_request`);
      }),
    ).toBe('X-Amz-Credential date does not match X-Amz-Date');
    expect(
      await altered((u) => {
        u.searchParams.set('Version', '2011-06-16');
      }),
    ).toBe('unsupported Version parameter in pre-signed URL');
    expect(
      await altered((u) => {
        u.searchParams.set('X-Amz-Algorithm', 'AWS4-HMAC-SHA1');
      }),
    ).toBe('unsupported X-Amz-Algorithm in pre-signed URL');
    expect(
      await altered((u) => {
        u.searchParams.set('X-Amz-Credential', `${role.accessKeyId}/20250304/us-east-1/iam/aws4_request`);
      }),
    ).toBe('malformed X-Amz-Credential in pre-signed URL');
    expect(await altered((u) => (u.pathname = '/x'))).toBe('unexpected path in pre-signed URL');
    expect(await altered((u) => (u.hostname = 'sts.evil.example'))).toBe(
      `unexpected hostname "sts.evil.example:${new URL(moto.endpoint).port}" in pre-signed URL`,
    );
    // Against real STS hosts the credential scope must name the host's region (checked before STS is called).
    const euWest = verifier({ stsEndpoint: 'https://sts.eu-west-1.amazonaws.com' });
    expect(await reason(await make({ stsEndpoint: 'https://sts.eu-west-1.amazonaws.com' }), euWest)).toBe(
      'credential scoped to region us-east-1 but the URL is for eu-west-1',
    );
    expect(euWest.stsCalls).toBe(0);
    expect(await reason(`${token}${'A'.repeat(4096)}`)).toBe('token is too large');
    expect(await reason('Bearer-ish')).toBe('not an EKS token: it does not start with k8s-aws-v1.');
  });

  test('only the configured STS endpoint is accepted: scheme, host and port', async () => {
    const token = await make();
    // The regional endpoint, the default for region us-east-1.
    expect(await reason(token, { stsEndpoint: 'https://sts.us-east-1.amazonaws.com' })).toBe(
      'unexpected scheme "http" in pre-signed URL',
    );
    expect(await reason(token, { stsEndpoint: 'http://127.0.0.1:1' })).toBe(
      `unexpected hostname "${new URL(moto.endpoint).host}" in pre-signed URL`,
    );
    expect(await reason(token)).toBe('ok');
    expect(await reason(token, { clusterName: 'nope' })).toMatch(/^SignatureDoesNotMatch/);
  });

  test('the global endpoint signs for us-east-1', async () => {
    // Real STS cannot run here: a stand-in answers GetCallerIdentity as STS does (JSON).
    const calls: Array<{ url: string; cluster: string | null }> = [];
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      calls.push({
        url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        cluster: new Headers(init?.headers).get('x-k8s-aws-id'),
      });
      const result = { Arn: `arn:aws:sts::${MOTO_ACCOUNT_ID}:assumed-role/deployer/ci`, Account: MOTO_ACCOUNT_ID };
      const body = { GetCallerIdentityResponse: { GetCallerIdentityResult: { ...result, UserId: 'AROAEXAMPLE:ci' } } };
      return Promise.resolve(
        new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
      );
    });
    try {
      const global = { stsEndpoint: 'https://sts.amazonaws.com' };
      expect(await reason(await make(global), global)).toBe('ok');
      expect(calls).toEqual([
        { url: expect.stringMatching(/^https:\/\/sts\.amazonaws\.com\/\?Action=GetCallerIdentity&/), cluster: 'shop' },
      ]);
      const wrongScope = await make({ ...global, region: 'eu-west-1' });
      expect(await reason(wrongScope, global)).toBe(
        'credential scoped to region eu-west-1 but the URL is for us-east-1',
      );
      expect(calls).toHaveLength(1);
    } finally {
      fetchSpy.mockRestore();
    }
  });
});
