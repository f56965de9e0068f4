/**
 * Before anything is applied, with only the sandbox running: the deploy reads the Fargate
 * profiles through the sandbox's EKS API (the real SDK EKS client pointed at it) and stops an
 * uncovered namespace in preflight; a LoadBalancer Service that would get instance targets is a
 * Fargate blocker in the manifests (it would get an address and never reach a pod).
 */
import { expect } from '@jest/globals';
import { EKSClient } from '@aws-sdk/client-eks';
import { STSClient } from '@aws-sdk/client-sts';
import { rm } from 'node:fs/promises';
import { deploy, startShopSandbox, writesSince } from './helpers.js';
import { withEnv } from '../helpers/moto.js';
import { DeployExit } from '../../src/commands/deploy.js';
import type { EksClientFactory } from '../../src/commands/connect.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { stopStarted } from '../helpers/stop-started.js';

let sb: Sandbox;
let dir: string;
let kubeconfig: string;
let eksClients: EksClientFactory;

const credentials = { accessKeyId: 'AKIASANDBOXEXAMPLE01', secretAccessKey: 'sandbox-secret-not-used' };
const web = [
  '--manifests',
  'test/fixtures/deploy/web',
  '--grace',
  '1',
  '--timeout',
  '60',
  '--cluster-name',
  'shop',
  '--region',
  'us-east-1',
];

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox({ clusterName: 'shop' }));
  eksClients = (region) => ({
    eks: new EKSClient({ region, endpoint: sb.eksApi.url, credentials }),
    sts: new STSClient({ region, credentials }),
  });
}, 30_000);
afterAll(async () => {
  await stopStarted(sb);
  await rm(dir, { recursive: true, force: true });
});

describe('the sandbox serves its Fargate profiles through the EKS API', () => {
  test("DescribeCluster names the sandbox API server; the profiles read back are the scheduler's", async () => {
    const { describeCluster, listFargateProfiles } = await import('../../src/aws/eks.js');
    const eks = eksClients('us-east-1').eks;
    const info = await describeCluster(eks, 'shop', 'us-east-1');
    expect(info).toMatchObject({ endpoint: sb.url, status: 'ACTIVE', version: '1.32' });
    expect(Buffer.from(info.caData, 'base64').toString()).toBe(sb.caPem);
    const profiles = await listFargateProfiles(eks, 'shop', { region: 'us-east-1', pageSize: 1 });
    expect(profiles).toEqual([
      {
        name: 'apps',
        selectors: [{ namespace: 'shop' }, { namespace: 'staging' }, { namespace: 'checkout' }],
        status: 'ACTIVE',
      },
      { name: 'default', selectors: [{ namespace: 'default' }, { namespace: 'kube-system' }], status: 'ACTIVE' },
    ]);
    await expect(describeCluster(eks, 'other', 'us-east-1')).rejects.toThrow(
      /EKS cluster "other" in region us-east-1 not found/,
    );
    eks.destroy();
  });

  test('a workload in a namespace no profile selects fails in preflight, nothing written (the SDK pointed there by AWS_ENDPOINT_URL_EKS, as the CLI says)', async () => {
    const from = sb.audit.length;
    const calls = sb.eksApi.calls.length;
    // The deploy's own default clients, configured only by the environment.
    const env = {
      AWS_ENDPOINT_URL_EKS: sb.eksApi.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_ENDPOINT_URL: undefined,
    };
    const out = await withEnv(env, () =>
      deploy(kubeconfig, [
        ...web,
        '--image',
        'registry.example/web=registry.example/web:v1',
        '--manifests',
        'test/fixtures/deploy/extra/billing.yaml',
        '--allow-namespace',
        'billing',
      ]),
    );
    expect({ status: out.status, exitCode: out.exitCode, message: out.message }).toEqual({
      status: 'rejected',
      exitCode: DeployExit.Rejected,
      message: 'preflight failed: 1 blocker(s); nothing was applied',
    });
    expect(out.findings.filter((f) => f.severity === 'blocker')).toEqual([
      expect.objectContaining({
        code: 'no-fargate-profile',
        workload: 'ledger',
        message: expect.stringMatching(
          /Deployment billing\/ledger: no Fargate profile selects namespace billing .*\(checked: apps, default\)/,
        ),
      }),
    ]);
    expect(sb.eksApi.calls.slice(calls).map((c) => `${c.operation} ${c.status}`)).toEqual(
      expect.arrayContaining(['ListFargateProfiles 200', 'DescribeFargateProfile 200']),
    );
    expect(writesSince(sb, from)).toEqual([]);
    expect(sb.store.list(sb.registry.get('apps', 'deployments')).items).toEqual([]);
  });

  test('a LoadBalancer Service without IP targets is a Fargate blocker naming file, line and field; nothing written', async () => {
    const from = sb.audit.length;
    const out = await deploy(
      kubeconfig,
      [
        ...web,
        '--image',
        'registry.example/web=registry.example/web:v1',
        '--manifests',
        'test/fixtures/deploy/extra/lb-service.yaml',
      ],
      { eksClients },
    );
    expect({ status: out.status, exitCode: out.exitCode }).toEqual({
      status: 'rejected',
      exitCode: DeployExit.Blockers,
    });
    expect(out.findings.filter((f) => f.severity === 'blocker')).toEqual([
      expect.objectContaining({
        code: 'lb-service-instance-targets',
        file: 'test/fixtures/deploy/extra/lb-service.yaml',
        line: 12,
        field: 'spec.type',
        message: expect.stringMatching(
          /^Service "frontend-external": type LoadBalancer: .*Classic Load Balancer with instance targets; instance targets cannot register Fargate pods.*aws-load-balancer-nlb-target-type"\]: ip and spec\.loadBalancerClass: service\.k8s\.aws\/nlb/,
        ),
      }),
    ]);
    expect(writesSince(sb, from)).toEqual([]);
  });

  test('a covered release deploys with coverage checked through the sandbox EKS API', async () => {
    const out = await deploy(kubeconfig, [...web, '--image', 'registry.example/web=registry.example/web:v1'], {
      eksClients,
    });
    expect({ status: out.status, message: out.message }).toMatchObject({ status: 'deployed' });
    expect(out.findings.map((f) => f.code)).not.toContain('fargate-profiles-unchecked');
  }, 60_000);
});
