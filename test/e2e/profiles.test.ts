/**
 * No Fargate profile for a workload's namespace, caught by preflight: the deploy connects with a
 * kubeconfig plus the EKS cluster name and region, so the profiles come from the EKS API (a real
 * moto_server). The sandbox schedules by the same profiles, read from the same moto cluster.
 * (Without profiles, the tracker catches it at run time: failures.test.ts.)
 */
import { expect } from '@jest/globals';
import { CreateClusterCommand, CreateFargateProfileCommand, EKSClient } from '@aws-sdk/client-eks';
import { STSClient } from '@aws-sdk/client-sts';
import { albServes, deploy, releases, startShopSandbox, writesSince } from './helpers.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, withEnv, type MotoServer } from '../helpers/moto.js';
import { DeployExit } from '../../src/commands/deploy.js';
import type { EksClientFactory } from '../../src/commands/connect.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { stopStarted } from '../helpers/stop-started.js';

let moto: MotoServer;
let sb: Sandbox;
let kubeconfig: string;
let eksClients: EksClientFactory;
const eksCalls: string[] = [];

const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--smoke-tests',
  'test/fixtures/deploy/smoke.yaml',
  '--grace',
  '1',
  '--timeout',
  '60',
  '--cluster-name',
  'shop',
  '--region',
  'us-east-1',
];
const image = (tag: string): string[] => ['--image', `registry.example/web=registry.example/web:${tag}`];

beforeAll(async () => {
  moto = await startMoto();
  const aws = awsTestEnv(moto.endpoint);
  const eks = new EKSClient(aws.clientConfig);
  await eks.send(
    new CreateClusterCommand({
      name: 'shop',
      roleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/eks-cluster`,
      resourcesVpcConfig: { subnetIds: ['subnet-0a1b2c3d4e5f60001'] },
    }),
  );
  const podRole = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/fargate-pods`;
  await eks.send(
    new CreateFargateProfileCommand({
      clusterName: 'shop',
      fargateProfileName: 'fp-apps',
      podExecutionRoleArn: podRole,
      selectors: [{ namespace: 'shop' }],
    }),
  );
  await eks.send(
    new CreateFargateProfileCommand({
      clusterName: 'shop',
      fargateProfileName: 'fp-system',
      podExecutionRoleArn: podRole,
      selectors: [{ namespace: 'kube-system' }, { namespace: 'default' }],
    }),
  );
  ({ sb, kubeconfig } = await withEnv(aws.env, () =>
    startShopSandbox({ clusterName: 'shop', eks: { region: 'us-east-1', readProfiles: true } }),
  ));
  eksClients = (region) => {
    const client = new EKSClient({ ...aws.clientConfig, region });
    client.middlewareStack.add((next, context) => (args) => {
      eksCalls.push(String(context.commandName));
      return next(args);
    });
    return { eks: client, sts: new STSClient({ ...aws.clientConfig, region }) };
  };
}, 60_000);
afterAll(async () => {
  await stopStarted(sb);
  await stopStarted(moto);
});

describe('Fargate profiles from EKS, checked before anything is applied', () => {
  test('the sandbox schedules by the moto cluster profiles, and a covered release deploys with coverage checked', async () => {
    expect(sb.config.fargateProfiles.map((p) => p.name).sort()).toEqual(['fp-apps', 'fp-system']);
    const out = await deploy(kubeconfig, [...web, ...image('v1')], { eksClients });
    expect({ status: out.status, message: out.message }).toMatchObject({ status: 'deployed' });
    expect(out.findings.map((f) => f.code)).not.toContain('fargate-profiles-unchecked');
    expect(eksCalls).toEqual(expect.arrayContaining(['ListFargateProfilesCommand', 'DescribeFargateProfileCommand']));
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v1']);
  });

  test('a workload in a namespace no profile selects is a preflight blocker naming it and the profiles checked; nothing is written', async () => {
    const before = await releases(kubeconfig);
    const from = sb.audit.length;
    const out = await deploy(
      kubeconfig,
      [
        ...web,
        ...image('v2'),
        '--manifests',
        'test/fixtures/deploy/extra/billing.yaml',
        '--allow-namespace',
        'billing',
      ],
      { eksClients },
    );
    expect({ status: out.status, exitCode: out.exitCode }).toEqual({
      status: 'rejected',
      exitCode: DeployExit.Rejected,
    });
    expect(out.message).toBe('preflight failed: 1 blocker(s); nothing was applied');
    expect(out.findings.filter((f) => f.severity === 'blocker')).toEqual([
      expect.objectContaining({
        code: 'no-fargate-profile',
        workload: 'ledger',
        message: expect.stringMatching(
          /Deployment billing\/ledger.*no Fargate profile selects namespace billing.*\(checked: fp-apps, fp-system\); its pods would stay Pending/,
        ),
      }),
    ]);
    expect(writesSince(sb, from)).toEqual([]);
    expect(sb.store.get(sb.registry.get('apps', 'deployments'), 'billing', 'ledger')).toBeUndefined();
    expect(await releases(kubeconfig)).toEqual(before);
    expect(await albServes(sb)).toEqual(['200 registry.example/web:v1']);
  });
});
