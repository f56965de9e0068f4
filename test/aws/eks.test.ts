/**
 * describeCluster / listFargateProfiles / callerIdentity against a real moto_server (moto 5.2):
 * the real SDK clients and wire protocol. moto checks the format of role ARNs but not that the
 * role, VPC or subnets exist, so the cluster here is made from well-formed ARNs and ids only.
 * Its CA data is a random string, not a PEM; describeCluster passes it through untouched.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import {
  CreateClusterCommand,
  CreateFargateProfileCommand,
  DeleteFargateProfileCommand,
  EKSClient,
} from '@aws-sdk/client-eks';
import { STSClient } from '@aws-sdk/client-sts';
import { callerIdentity, defaultEksClients, describeCluster, listFargateProfiles } from '../../src/aws/eks.js';
import { UserInputError } from '../../src/errors.js';
import { matchFargateProfile } from '../../src/fargate/profiles.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, withEnv, type MotoServer } from '../helpers/moto.js';

jest.setTimeout(30_000);

const run = promisify(execFile);
const REGION = 'us-east-1';
const POD_ROLE = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks-fargate-pods`;

let moto: MotoServer;
let eks: EKSClient;
let sts: STSClient;
/** EKS operations sent by `eks`, in order. */
const eksCalls: string[] = [];

beforeAll(async () => {
  moto = await startMoto();
  const config = awsTestEnv(moto.endpoint).clientConfig;
  eks = new EKSClient(config);
  sts = new STSClient(config);
  eks.middlewareStack.add(
    (next, context) => (args) => {
      eksCalls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCalls' },
  );
  for (const name of ['shop', 'empty']) {
    await eks.send(
      new CreateClusterCommand({
        name,
        version: '1.31',
        roleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks-cluster`,
        resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'] },
      }),
    );
  }
  // Created in reverse name order so sorting is visible.
  await eks.send(
    new CreateFargateProfileCommand({
      clusterName: 'shop',
      fargateProfileName: 'fp-system',
      podExecutionRoleArn: POD_ROLE,
      selectors: [{ namespace: 'kube-system' }, { namespace: 'default' }],
    }),
  );
  await eks.send(
    new CreateFargateProfileCommand({
      clusterName: 'shop',
      fargateProfileName: 'fp-apps',
      podExecutionRoleArn: POD_ROLE,
      selectors: [{ namespace: 'apps-*', labels: { tier: 'web', 'app.kubernetes.io/part-of': 'sh?p' } }],
    }),
  );
  eksCalls.length = 0;
});

afterAll(async () => {
  eks.destroy();
  sts.destroy();
  await moto.stop();
});

describe('describeCluster', () => {
  test('returns endpoint, CA data, status and version of the cluster', async () => {
    const info = await describeCluster(eks, 'shop', REGION);
    expect(info).toMatchObject({ name: 'shop', region: REGION, status: 'ACTIVE', version: '1.31' });
    expect(info.endpoint).toMatch(/^https:\/\/.+\.eks\.amazonaws\.com\/?$/);
    expect(info.caData.length).toBeGreaterThan(100);
    expect(info.arn).toBe(`arn:aws:eks:${REGION}:${MOTO_ACCOUNT_ID}:cluster/shop`);
  });

  test('a missing cluster is a user error naming the cluster and the region', async () => {
    const err = await describeCluster(eks, 'nope', REGION).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as Error).message).toBe(
      'EKS cluster "nope" in region us-east-1 not found (check cluster-name, region and the AWS account)',
    );
  });

  test('an invalid name fails before any request', async () => {
    eksCalls.length = 0;
    await expect(describeCluster(eks, 'shop.prod', REGION)).rejects.toThrow(
      'cluster-name: "shop.prod" is not an EKS cluster name',
    );
    expect(eksCalls).toEqual([]);
  });

  test('defaultEksClients follow AWS_ENDPOINT_URL and the default credential chain', async () => {
    const env = awsTestEnv(moto.endpoint).env;
    const info = await withEnv(env, async () => {
      const clients = defaultEksClients(REGION);
      try {
        const [cluster, who] = await Promise.all([
          describeCluster(clients.eks, 'shop', REGION),
          callerIdentity(clients.sts),
        ]);
        return { cluster, who };
      } finally {
        clients.eks.destroy();
        clients.sts.destroy();
      }
    });
    expect(info.cluster.status).toBe('ACTIVE');
    expect(info.who.account).toBe(MOTO_ACCOUNT_ID);
  });
});

describe('listFargateProfiles', () => {
  test('returns every profile with its selectors and status, sorted by name', async () => {
    eksCalls.length = 0;
    const profiles = await listFargateProfiles(eks, 'shop', { region: REGION });
    expect(profiles).toEqual([
      {
        name: 'fp-apps',
        selectors: [{ namespace: 'apps-*', labels: { tier: 'web', 'app.kubernetes.io/part-of': 'sh?p' } }],
        status: 'ACTIVE',
      },
      { name: 'fp-system', selectors: [{ namespace: 'kube-system' }, { namespace: 'default' }], status: 'ACTIVE' },
    ]);
    expect(eksCalls.filter((c) => c === 'ListFargateProfilesCommand')).toHaveLength(1);
    expect(eksCalls.filter((c) => c === 'DescribeFargateProfileCommand')).toHaveLength(2);

    // What preflight does with them: wildcards in namespace and label values, first profile by name.
    expect(matchFargateProfile(profiles, 'apps-shop', { tier: 'web', 'app.kubernetes.io/part-of': 'shop' })).toEqual({
      profile: 'fp-apps',
      selectorIndex: 0,
    });
    expect(matchFargateProfile(profiles, 'default', {})).toEqual({ profile: 'fp-system', selectorIndex: 1 });
    expect(matchFargateProfile(profiles, 'apps-shop', { tier: 'worker' })).toBeUndefined();
  });

  test('follows every page', async () => {
    eksCalls.length = 0;
    const profiles = await listFargateProfiles(eks, 'shop', { pageSize: 1 });
    expect(profiles.map((p) => p.name)).toEqual(['fp-apps', 'fp-system']);
    expect(eksCalls.filter((c) => c === 'ListFargateProfilesCommand').length).toBeGreaterThanOrEqual(2);
  });

  test('a profile deleted between ListFargateProfiles and DescribeFargateProfile is left out', async () => {
    await eks.send(
      new CreateClusterCommand({
        name: 'churn',
        roleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks-cluster`,
        resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d4e5f60001'] },
      }),
    );
    for (const name of ['fp-a', 'fp-b', 'fp-c']) {
      await eks.send(
        new CreateFargateProfileCommand({
          clusterName: 'churn',
          fargateProfileName: name,
          podExecutionRoleArn: POD_ROLE,
          selectors: [{ namespace: name }],
        }),
      );
    }
    const racing = new EKSClient(awsTestEnv(moto.endpoint).clientConfig);
    let deleted = false;
    racing.middlewareStack.add(
      (next, context) => async (args) => {
        // Delete once the list has answered (fp-b is in it) and before any describe is sent, so the
        // describes, which may run concurrently, always find fp-b gone.
        const result = await next(args);
        if (context.commandName === 'ListFargateProfilesCommand' && !deleted) {
          deleted = true;
          await eks.send(new DeleteFargateProfileCommand({ clusterName: 'churn', fargateProfileName: 'fp-b' }));
        }
        return result;
      },
      { step: 'initialize', name: 'deleteOneProfileMidway' },
    );
    try {
      expect((await listFargateProfiles(racing, 'churn')).map((p) => p.name)).toEqual(['fp-a', 'fp-c']);
      expect(deleted).toBe(true);
    } finally {
      racing.destroy();
    }
  });

  test('a cluster without profiles gives an empty list', async () => {
    expect(await listFargateProfiles(eks, 'empty')).toEqual([]);
  });
});

describe('callerIdentity', () => {
  test('returns account, ARN and user id', async () => {
    const who = await callerIdentity(sts);
    expect(who.account).toBe(MOTO_ACCOUNT_ID);
    expect(who.arn).toMatch(new RegExp(`^arn:aws:(iam|sts)::${MOTO_ACCOUNT_ID}:`));
    expect(who.userId).not.toBe('');
  });
});

describe('with IAM enforced (moto auth mode)', () => {
  /** Turn moto's IAM checks on (0 free requests) or off (inf). */
  async function setMotoAuth(freeRequests: '0' | 'inf'): Promise<void> {
    const res = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: freeRequests });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
  }

  test('a key STS does not know is a user error; a known key is its IAM user', async () => {
    const t = awsTestEnv(moto.endpoint);
    const cli = async (...args: string[]): Promise<unknown> =>
      JSON.parse(
        (
          await run('aws', [...args, '--endpoint-url', moto.endpoint, '--output', 'json'], {
            env: { ...t.env, PATH: process.env.PATH ?? '', HOME: '/tmp' },
            timeout: 15_000,
          })
        ).stdout,
      );
    await cli('iam', 'create-user', '--user-name', 'deployer');
    const { AccessKey } = (await cli('iam', 'create-access-key', '--user-name', 'deployer')) as {
      AccessKey: { AccessKeyId: string; SecretAccessKey: string };
    };
    const deployer = { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
    const asDeployer = { ...t.clientConfig, credentials: deployer };
    const unknownSts = new STSClient({
      ...t.clientConfig,
      credentials: { accessKeyId: 'AKIANOTAKEY000000000', secretAccessKey: 'x' },
    });
    const deployerSts = new STSClient(asDeployer);
    await setMotoAuth('0');
    try {
      const rejected = await callerIdentity(unknownSts).catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(UserInputError);
      expect((rejected as Error).message).toMatch(/^STS rejected the AWS credentials \(InvalidClientTokenId\): /);

      // moto now checks SigV4 signatures and keys: the deployer's key is the deployer.
      expect(await callerIdentity(deployerSts)).toMatchObject({
        account: MOTO_ACCOUNT_ID,
        arn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/deployer`,
      });
    } finally {
      await setMotoAuth('inf');
      unknownSts.destroy();
      deployerSts.destroy();
    }
  });
});

/**
 * moto 5.2 answers a denied EKS call with an XML AccessDenied body (EKS speaks JSON, so the SDK
 * cannot parse it) and ListFargateProfiles for a missing cluster with an HTML 500; its clusters are
 * ACTIVE from the start. This server
 * answers those calls the way EKS does on the wire: status, `x-amzn-ErrorType` and a JSON message.
 */
describe('EKS error answers moto cannot give', () => {
  let server: Server | undefined;
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const send = (status: number, type: string, message: string): void => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.coral.service/`,
        });
        res.end(JSON.stringify({ message }));
      };
      if (path === '/clusters/nope/fargate-profiles') {
        send(404, 'ResourceNotFoundException', 'No cluster found for name: nope.');
        return;
      }
      if (path.startsWith('/clusters/locked')) {
        send(
          403,
          'AccessDeniedException',
          `User: arn:aws:iam::${MOTO_ACCOUNT_ID}:user/deployer is not authorized to perform: eks:DescribeCluster`,
        );
        return;
      }
      if (path === '/clusters/new') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ cluster: { name: 'new', status: 'CREATING', version: '1.31' } }));
      }
      if (path === '/clusters/half/fargate-profiles') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ fargateProfileNames: ['fp-secret'] }));
      }
      if (path === '/clusters/half/fargate-profiles/fp-secret') {
        send(403, 'AccessDeniedException', 'not authorized to perform: eks:DescribeFargateProfile');
        return;
      }
      send(500, 'ServerException', `unexpected ${req.method} ${path}`);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) =>
      server?.close(() => {
        resolve();
      }),
    );
  });

  const client = (): EKSClient => new EKSClient({ ...awsTestEnv(endpoint).clientConfig });

  test('access denied names the IAM action, the cluster and the region', async () => {
    const c = client();
    try {
      await expect(describeCluster(c, 'locked', REGION)).rejects.toThrow(
        new UserInputError(
          `not allowed to call eks:DescribeCluster on EKS cluster "locked" in region us-east-1: User: arn:aws:iam::${MOTO_ACCOUNT_ID}:user/deployer is not authorized to perform: eks:DescribeCluster`,
        ),
      );
      await expect(listFargateProfiles(c, 'locked', { region: REGION })).rejects.toThrow(
        /^not allowed to call eks:ListFargateProfiles on EKS cluster "locked" in region us-east-1: /,
      );
      await expect(listFargateProfiles(c, 'half', { region: REGION })).rejects.toThrow(
        /^not allowed to call eks:DescribeFargateProfile on Fargate profile "fp-secret" of EKS cluster "half" in region us-east-1: /,
      );
    } finally {
      c.destroy();
    }
  });

  test('a cluster still being created (no endpoint or CA yet) is a user error with its status', async () => {
    const c = client();
    try {
      await expect(describeCluster(c, 'new', REGION)).rejects.toThrow(
        new UserInputError(
          'EKS cluster "new" in region us-east-1 has no API endpoint or certificate authority yet (status CREATING)',
        ),
      );
    } finally {
      c.destroy();
    }
  });

  test('listing the profiles of a missing cluster names the cluster and region', async () => {
    const c = client();
    try {
      await expect(listFargateProfiles(c, 'nope', { region: REGION })).rejects.toThrow(
        new UserInputError('EKS cluster "nope" in region us-east-1 not found'),
      );
    } finally {
      c.destroy();
    }
  });
});
