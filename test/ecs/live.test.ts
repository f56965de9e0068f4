/**
 * readLiveEcs against a real moto_server (Python moto 5.2): the real SDK clients, the real wire
 * protocol. What moto 5.2 does not model, checked in its source and by these calls:
 * - DescribeServices omits `deploymentConfiguration` and `healthCheckGracePeriodSeconds` (moto's
 *   Service model has neither), so those cannot be asserted on a live read here; the file tests
 *   of parse.ts cover them.
 * - CreateService validates `networkConfiguration` subnets against moto's EC2, so services here
 *   have none.
 * - DescribeScalingPolicies matches ResourceId by substring (web's policy shows up for
 *   web-canary); readLiveEcs filters exactly, and the web-canary case below proves it.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { createServer } from 'node:net';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { defaultLiveEcsClients, readLiveEcs, type LiveEcsClients } from '../../src/ecs/live.js';
import { UserInputError, UserInputErrors, isUserError } from '../../src/errors.js';
import { awsTestEnv, MOTO_ACCOUNT_ID, startMoto, withEnv, type MotoServer } from '../helpers/moto.js';

jest.setTimeout(20_000);

const CLUSTER = 'shop';
const TARGET_GROUP = `arn:aws:elasticloadbalancing:us-east-1:${MOTO_ACCOUNT_ID}:targetgroup/web/0123456789abcdef`;
const DB_SECRET = `arn:aws:secretsmanager:us-east-1:${MOTO_ACCOUNT_ID}:secret:shop/db-AbCdEf`;

let moto: MotoServer | undefined;
let clients: LiveEcsClients | undefined;
let motoStartMs: number;
/** Names of the ECS API operations sent by `clients.ecs`, in order. */
const ecsCalls: string[] = [];

beforeAll(async () => {
  const t0 = performance.now();
  moto = await startMoto();
  motoStartMs = performance.now() - t0;
  const config = awsTestEnv(moto.endpoint).clientConfig;
  clients = { ecs: new ECSClient(config), autoscaling: new ApplicationAutoScalingClient(config) };
  clients.ecs.middlewareStack.add(
    (next, context) => (args) => {
      ecsCalls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  await seed(clients);
  ecsCalls.length = 0;
});

afterAll(async () => {
  clients?.ecs.destroy();
  clients?.autoscaling.destroy();
  await moto?.stop();
});

async function seed({ ecs, autoscaling }: LiveEcsClients): Promise<void> {
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  const webDefinition = {
    family: 'web',
    networkMode: 'awsvpc' as const,
    requiresCompatibilities: ['FARGATE' as const],
    cpu: '512',
    memory: '1024',
    executionRoleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/shop-exec`,
    tags: [{ key: 'team', value: 'payments' }],
  };
  // Revision 1 uses an older image, so the services must be read at the revision they run (2).
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      ...webDefinition,
      containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/shop/web:1.0.0', essential: true }],
    }),
  );
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      ...webDefinition,
      containerDefinitions: [
        {
          name: 'app',
          image: 'public.ecr.aws/shop/web:1.4.2',
          essential: true,
          portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
          environment: [
            { name: 'LOG_LEVEL', value: 'info' },
            { name: 'PORT', value: '8080' },
          ],
          secrets: [{ name: 'DB_PASSWORD', valueFrom: DB_SECRET }],
          healthCheck: {
            command: ['CMD-SHELL', 'curl -fsS http://localhost:8080/healthz || exit 1'],
            interval: 15,
            timeout: 5,
            retries: 3,
            startPeriod: 20,
          },
        },
      ],
    }),
  );
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'worker',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'worker',
          image: 'public.ecr.aws/shop/worker:2.0.1',
          essential: true,
          command: ['bin/worker', '--queue', 'orders'],
        },
      ],
    }),
  );

  await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: 'web',
      taskDefinition: 'web:2',
      desiredCount: 3,
      launchType: 'FARGATE',
      loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: 'app', containerPort: 8080 }],
      // Sent as a user would; moto 5.2 drops it (see the header comment).
      deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 },
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: 'web-canary',
      taskDefinition: 'web:2',
      desiredCount: 1,
      launchType: 'FARGATE',
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: 'worker',
      taskDefinition: 'worker',
      desiredCount: 2,
      launchType: 'FARGATE',
    }),
  );
  // Created then deleted: DescribeServices keeps reporting it, as INACTIVE.
  await ecs.send(
    new CreateServiceCommand({ cluster: CLUSTER, serviceName: 'legacy', taskDefinition: 'worker', desiredCount: 0 }),
  );
  await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'legacy', force: true }));
  // Enough services to need two DescribeServices batches.
  for (let i = 1; i <= 11; i++) {
    await ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: `job-${i}`,
        taskDefinition: 'worker',
        desiredCount: 1,
      }),
    );
  }

  for (const [service, min, max] of [
    ['web', 2, 10],
    ['web-canary', 1, 2],
  ] as const) {
    await autoscaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: `service/${CLUSTER}/${service}`,
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: min,
        MaxCapacity: max,
      }),
    );
  }
  await autoscaling.send(
    new PutScalingPolicyCommand({
      PolicyName: 'web-cpu-60',
      ServiceNamespace: 'ecs',
      ResourceId: `service/${CLUSTER}/web`,
      ScalableDimension: 'ecs:service:DesiredCount',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        ScaleInCooldown: 120,
        ScaleOutCooldown: 30,
      },
    }),
  );
}

/** A 127.0.0.1 port with nothing listening: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('readLiveEcs against moto_server', () => {
  test('moto_server starts quickly enough for a per-file server', () => {
    // Measured on the 2-core machine: 0.65-1.0 s idle, 1.3-2.5 s under load; the bound catches a broken setup.
    expect(motoStartMs).toBeLessThan(15_000);
  });

  test('reads services, their task definitions and auto scaling as registered', async () => {
    const { inputs, findings } = await readLiveEcs({ cluster: CLUSTER, services: ['web', 'worker'] }, clients!);

    expect(inputs.services.map((s) => [s.source, s.service.serviceName, s.service.desiredCount])).toEqual([
      ['ecs://shop/web', 'web', 3],
      ['ecs://shop/worker', 'worker', 2],
    ]);
    const web = inputs.services[0]!.service;
    expect(web.taskDefinition).toBe(`arn:aws:ecs:us-east-1:${MOTO_ACCOUNT_ID}:task-definition/web:2`);
    expect(web.launchType).toBe('FARGATE');
    expect(web.loadBalancers).toEqual([{ targetGroupArn: TARGET_GROUP, containerName: 'app', containerPort: 8080 }]);
    // Timestamps arrive as the CLI prints them (ISO strings), not as Dates flattened to {}.
    expect(web.deployments?.[0]?.createdAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/));

    expect(inputs.taskDefinitions.map((t) => t.source)).toEqual([
      'ecs://shop/web/taskdef/web:2',
      'ecs://shop/worker/taskdef/worker:1',
    ]);
    const webTd = inputs.taskDefinitions[0]!;
    expect(webTd.taskDefinition.cpu).toBe(512);
    expect(webTd.taskDefinition.memory).toBe(1024);
    expect(webTd.taskDefinition.requiresCompatibilities).toEqual(['FARGATE']);
    expect(webTd.tags).toEqual([{ key: 'team', value: 'payments' }]);
    // Read-only fields are dropped exactly as for a describe-task-definition file.
    expect(webTd.taskDefinition).not.toHaveProperty('revision');
    expect(webTd.taskDefinition).not.toHaveProperty('taskDefinitionArn');
    const app = webTd.taskDefinition.containerDefinitions[0]!;
    expect(app.image).toBe('public.ecr.aws/shop/web:1.4.2');
    expect(app.portMappings).toEqual([{ containerPort: 8080, protocol: 'tcp' }]);
    expect(app.environment).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'PORT', value: '8080' },
    ]);
    expect(app.secrets).toEqual([{ name: 'DB_PASSWORD', valueFrom: DB_SECRET }]);
    expect(app.healthCheck).toEqual({
      command: ['CMD-SHELL', 'curl -fsS http://localhost:8080/healthz || exit 1'],
      interval: 15,
      timeout: 5,
      retries: 3,
      startPeriod: 20,
    });
    const workerTd = inputs.taskDefinitions[1]!.taskDefinition;
    expect([workerTd.cpu, workerTd.memory]).toEqual([256, 512]);
    expect(workerTd.containerDefinitions[0]!.command).toEqual(['bin/worker', '--queue', 'orders']);

    // worker has no scalable target, so only web has scaling.
    expect(inputs.scaling).toHaveLength(1);
    const scaling = inputs.scaling[0]!;
    expect(scaling.source).toBe('ecs://shop/web');
    expect(scaling.targets.map((t) => [t.ResourceId, t.MinCapacity, t.MaxCapacity])).toEqual([
      ['service/shop/web', 2, 10],
    ]);
    expect(scaling.policies).toHaveLength(1);
    expect(scaling.policies[0]!.PolicyName).toBe('web-cpu-60');
    expect(scaling.policies[0]!.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      TargetValue: 60,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      ScaleInCooldown: 120,
      ScaleOutCooldown: 30,
    });
    expect(findings).toEqual([]);
  });

  test('a task definition shared by two services is described once, named after the first', async () => {
    ecsCalls.length = 0;
    const { inputs } = await readLiveEcs({ cluster: CLUSTER, services: ['web-canary', 'web', 'web-canary'] }, clients!);
    expect(inputs.services.map((s) => s.service.serviceName)).toEqual(['web-canary', 'web']);
    expect(inputs.taskDefinitions.map((t) => t.source)).toEqual(['ecs://shop/web-canary/taskdef/web:2']);
    expect(ecsCalls).toEqual(['DescribeServicesCommand', 'DescribeTaskDefinitionCommand']);
    // web-canary has a target but no policy of its own (moto would hand it web's by substring).
    expect(inputs.scaling.map((s) => [s.source, s.targets.length, s.policies.map((p) => p.PolicyName)])).toEqual([
      ['ecs://shop/web-canary', 1, []],
      ['ecs://shop/web', 1, ['web-cpu-60']],
    ]);
  });

  test('more than 10 services are read in batches of 10, in the order asked', async () => {
    ecsCalls.length = 0;
    const names = ['worker', ...Array.from({ length: 11 }, (_, i) => `job-${11 - i}`)];
    const { inputs } = await readLiveEcs({ cluster: CLUSTER, services: names }, clients!);
    expect(inputs.services.map((s) => s.service.serviceName)).toEqual(names);
    expect(inputs.taskDefinitions).toHaveLength(1);
    expect(ecsCalls.filter((c) => c === 'DescribeServicesCommand')).toHaveLength(2);
    expect(ecsCalls.filter((c) => c === 'DescribeTaskDefinitionCommand')).toHaveLength(1);
  });

  test('a service that does not exist fails naming it and the cluster', async () => {
    const err = await rejection(readLiveEcs({ cluster: CLUSTER, services: ['web', 'checkout'] }, clients!));
    expect(err).toBeInstanceOf(UserInputError);
    expect(err.message).toBe('ECS service "checkout" not found in cluster "shop" in region us-east-1');
  });

  test('several missing or deleted services are all named in one error', async () => {
    const err = await rejection(
      readLiveEcs({ cluster: CLUSTER, services: ['checkout', 'web', 'legacy', 'cart'] }, clients!),
    );
    expect(err).toBeInstanceOf(UserInputErrors);
    expect(err.message.split('\n')).toEqual([
      'ECS service "checkout" not found in cluster "shop" in region us-east-1',
      'ECS service "legacy" in cluster "shop" in region us-east-1 is INACTIVE (deleted)',
      'ECS service "cart" not found in cluster "shop" in region us-east-1',
    ]);
  });

  test('a cluster that does not exist fails naming it', async () => {
    const err = await rejection(readLiveEcs({ cluster: 'shop-staging', services: ['web'] }, clients!));
    expect(err).toBeInstanceOf(UserInputError);
    expect(err.message).toBe(
      'ECS cluster "shop-staging" not found in region us-east-1 (check the cluster name and region)',
    );
  });

  test('an invalid request fails before any call, naming every bad field', async () => {
    // Nothing listens on these clients' endpoint: a call would fail with a network error instead.
    const port = await closedPort();
    const config = { ...awsTestEnv(`http://127.0.0.1:${port}`).clientConfig };
    const offline: LiveEcsClients = {
      ecs: new ECSClient(config),
      autoscaling: new ApplicationAutoScalingClient(config),
    };
    const err = await rejection(
      readLiveEcs(
        {
          cluster: `arn:aws:ecs:us-east-1:${MOTO_ACCOUNT_ID}:cluster/shop`,
          services: ['web', '', 'web app'],
          region: 'US East',
        },
        offline,
      ),
    );
    expect(err).toBeInstanceOf(UserInputErrors);
    expect(err.message.split('\n')).toEqual([
      `cluster: "arn:aws:ecs:us-east-1:${MOTO_ACCOUNT_ID}:cluster/shop" is not a valid ECS cluster name (1-255 letters, digits, hyphens, underscores) (pass the name, e.g. "shop", not the ARN)`,
      'services[1]: an ECS service name is required, got ""',
      'services[2]: "web app" is not a valid ECS service name (1-255 letters, digits, hyphens, underscores)',
      'region: "US East" is not an AWS region (e.g. us-east-1)',
    ]);
    const none = await rejection(readLiveEcs({ cluster: 'shop', services: [] }, offline));
    expect(none.message).toBe('services: name at least one ECS service to read');
  });

  test('a network failure says which call failed and why, without credentials', async () => {
    const port = await closedPort();
    const secret = 'wJalrXUtnFEMI-K7MDENG-do-not-print';
    const config = {
      ...awsTestEnv(`http://127.0.0.1:${port}`).clientConfig,
      credentials: { accessKeyId: 'AKIAEXAMPLEDONOTPRINT', secretAccessKey: secret },
    };
    const offline: LiveEcsClients = {
      ecs: new ECSClient(config),
      autoscaling: new ApplicationAutoScalingClient(config),
    };
    const err = await rejection(readLiveEcs({ cluster: CLUSTER, services: ['web'] }, offline));
    expect(isUserError(err)).toBe(false);
    expect(err.message).toMatch(
      /^ECS DescribeServices failed for cluster "shop" in region us-east-1: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
    );
    expect(err.message).not.toContain(secret);
    expect(err.message).not.toContain('AKIAEXAMPLEDONOTPRINT');
  });

  test('defaultLiveEcsClients uses AWS_ENDPOINT_URL, AWS_REGION and env credentials', async () => {
    const { inputs } = await withEnv(awsTestEnv(moto!.endpoint).env, () =>
      readLiveEcs({ cluster: CLUSTER, services: ['worker'] }, defaultLiveEcsClients()),
    );
    expect(inputs.services[0]!.service.desiredCount).toBe(2);
    expect(inputs.taskDefinitions[0]!.taskDefinition.containerDefinitions[0]!.image).toBe(
      'public.ecr.aws/shop/worker:2.0.1',
    );
  });

  test('missing credentials fail naming the call and what to configure', async () => {
    const env = {
      ...awsTestEnv(moto!.endpoint).env,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_ROLE_ARN: undefined,
      AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
    };
    const err = await withEnv(env, () =>
      rejection(readLiveEcs({ cluster: CLUSTER, services: ['web'] }, defaultLiveEcsClients())),
    );
    expect(isUserError(err)).toBe(false);
    expect(err.message).toMatch(
      /^ECS DescribeServices failed for cluster "shop" in region us-east-1: CredentialsProviderError: .*credentials.* \(no AWS credentials found: /,
    );
  });
});
