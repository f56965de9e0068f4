/**
 * Cutover end to end: moto's Route 53 and CloudWatch, the sandbox's emulated ALB (the release's
 * Ingress) as the new target, a local HTTP server as the old ECS target.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCutover, CutoverExit, type CutoverDeps } from '../../src/commands/cutover.js';
import { runParity } from '../../src/commands/parity.js';
import { cutoverConfigFromArgs, parityConfigFromArgs } from '../../src/config/cutover.js';
import type { CutoverEvent } from '../../src/cutover/shift.js';
import { KubeClient } from '../../src/kube/client.js';
import { ReleaseStore } from '../../src/kube/release.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { deploy, startShopSandbox } from '../e2e/helpers.js';
import { logSink } from '../helpers/artefacts.js';
import { awsTestEnv, startMoto, type MotoServer } from '../helpers/moto.js';
import { startOldService, type OldService } from './helpers.js';
import { stopStarted } from '../helpers/stop-started.js';

const OLD_ALB = 'ecs-web-1234567890.us-east-1.elb.amazonaws.com';
const LB_DIMENSION = 'app/k8s-shop-web-5d0c3f1a2b/50dc6c495c0c9188';

let moto: MotoServer;
let sb: Sandbox;
let kubeconfig: string;
let dir: string;
let oldSvc: OldService;
let route53: Route53Client;
let cloudwatch: CloudWatchClient;
let ecs: ECSClient;
let zoneId: string;
let requestsFile: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  moto = await startMoto();
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  const t = awsTestEnv(moto.endpoint);
  env = { AWS_REGION: t.region };
  route53 = new Route53Client(t.clientConfig);
  cloudwatch = new CloudWatchClient(t.clientConfig);
  ecs = new ECSClient(t.clientConfig);
  const zone = await route53.send(
    new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `cutover-${Date.now()}` }),
  );
  zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  oldSvc = await startOldService();
  const deployed = await deploy(kubeconfig, [
    '--manifests',
    'test/fixtures/deploy/web',
    '--image',
    'registry.example/web=registry.example/web:v1',
    '--grace',
    '1',
    '--timeout',
    '60',
  ]);
  expect(deployed.status).toBe('deployed');
  requestsFile = join(dir, 'requests.yaml');
  await writeFile(
    requestsFile,
    [
      '- { name: home, path: /, ignore: [$.headers, $.pod, $.namespace] }',
      '- { name: orders, path: /api/orders?limit=5, ignore: [$.headers] }',
    ].join('\n'),
  );
}, 60_000);
afterAll(async () => {
  await stopStarted(oldSvc);
  await stopStarted(sb);
  await stopStarted(moto);
});
afterEach(() => {
  oldSvc.behaviour.extra = {};
  oldSvc.behaviour.delayMs = 0;
});

/** The weighted records of a name, as moto holds them: set id → weight. */
async function weights(name: string): Promise<Record<string, number | 'simple'>> {
  const res = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  const out: Record<string, number | 'simple'> = {};
  for (const r of res.ResourceRecordSets ?? [])
    if (r.Name === `${name}.` && r.Type === 'A')
      out[r.SetIdentifier ?? '(none)'] = r.SetIdentifier ? (r.Weight ?? 0) : 'simple';
  return out;
}

async function simpleAlias(name: string): Promise<void> {
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: name,
              Type: 'A',
              AliasTarget: { DNSName: OLD_ALB, HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: true },
            },
          },
        ],
      },
    }),
  );
}

function config(name: string, extra: string[] = [], bake = '20ms') {
  return cutoverConfigFromArgs(
    [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      'shop',
      '--release',
      'web',
      '--old-url',
      oldSvc.url,
      '--old-alb',
      OLD_ALB,
      '--requests',
      requestsFile,
      '--repeat',
      '3',
      '--latency-ratio',
      '3',
      '--latency-slack',
      '200ms',
      '--hosted-zone-id',
      zoneId,
      '--record-name',
      name,
      '--bake-time',
      bake,
      ...(extra.includes('--steps') ? [] : ['--steps', '10,50,100']),
      ...extra,
    ],
    env,
  );
}

function deps(extra: Partial<CutoverDeps> = {}): CutoverDeps & { lines: string[] } {
  const { lines, log } = logSink();
  return { log, aws: { route53, cloudwatch, ecs }, dnsPollMs: 5, lines, ...extra };
}

describe('parity against the sandbox ALB', () => {
  test('passes with the new base URL found from the release Ingress', async () => {
    const out = await runParity(
      parityConfigFromArgs(
        [
          '--kubeconfig',
          kubeconfig,
          '--namespace',
          'shop',
          '--old-url',
          oldSvc.url,
          '--requests',
          requestsFile,
          '--repeat',
          '3',
          '--latency-ratio',
          '3',
          '--latency-slack',
          '200ms',
        ],
        env,
      ),
      { log: logSink().log },
    );
    expect({
      status: out.status,
      message: out.message,
      problems: out.result.endpoints.flatMap((e) => e.problems),
    }).toEqual({ status: 'passed', message: 'parity holds for all 2 endpoints', problems: [] });
    expect(out.exitCode).toBe(0);
    expect(out.result.newBaseUrl).toBe(sb.alb.urlFor('shop', 'web'));
    expect(out.markdown).toContain('| home<br>`GET /` | ✅ same | 200 / 200 | ✅ |');
  });

  test('fails on a changed JSON shape, naming the endpoint', async () => {
    oldSvc.behaviour.extra = { image: { repository: 'registry.example/web', tag: 'v1' } };
    const out = await runParity(
      parityConfigFromArgs(
        [
          '--kubeconfig',
          kubeconfig,
          '--namespace',
          'shop',
          '--old-url',
          oldSvc.url,
          '--requests',
          requestsFile,
          '--repeat',
          '2',
          '--latency-slack',
          '200ms',
        ],
        env,
      ),
      { log: logSink().log },
    );
    expect(out.status).toBe('failed');
    expect(out.exitCode).toBe(2);
    expect(out.message).toBe('2 of 2 endpoint(s) differ: home, orders');
    expect(out.result.endpoints[0]!.problems).toEqual(['shape $.image: object (old) vs string (new)']);
  });

  test('a write request is refused before anything is sent, unless marked safe', async () => {
    const file = join(dir, 'writes.yaml');
    await writeFile(file, '- { name: new order, method: POST, path: /api/orders, body: { sku: T-1 } }\n');
    const sent = oldSvc.requests.length;
    const cfg = parityConfigFromArgs(
      ['--new-url', sb.alb.urlFor('shop', 'web')!, '--old-url', oldSvc.url, '--requests', file, '--repeat', '1'],
      env,
    );
    await expect(runParity(cfg, { log: logSink().log })).rejects.toThrow(/"new order" method: POST writes.*safe: true/);
    expect(oldSvc.requests.length).toBe(sent);
    await writeFile(
      file,
      '- { name: new order, method: POST, path: /api/orders, body: { sku: T-1 }, safe: true, ignore: [$.headers] }\n',
    );
    const ok = await runParity(cfg, { log: logSink().log });
    expect(ok.status).toBe('passed');
    expect(oldSvc.requests.slice(sent)).toEqual([{ method: 'POST', path: '/api/orders' }]);
  });
});

describe('cutover: Route 53 weights step by step', () => {
  test('a passing cutover replaces the simple record and ends with 100 on the new target, noted on the release', async () => {
    await simpleAlias('shop.example.com');
    const seen: string[] = [];
    const out = await runCutover(
      config('shop.example.com', ['--ecs-cluster', 'legacy', '--ecs-service', 'web']),
      deps({
        onEvent: (e) => {
          seen.push(`${e.kind}${e.weights ? ` ${e.weights.old}/${e.weights.new}` : ''}`);
        },
      }),
    );
    expect({ status: out.status, message: out.message }).toEqual({
      status: 'completed',
      message: 'shop.example.com. A: all traffic on the new target after 3 step(s)',
    });
    expect(out.exitCode).toBe(CutoverExit.Ok);
    expect(seen).toEqual([
      'start 100/0',
      'weights 90/10',
      'gate',
      'weights 50/50',
      'gate',
      'weights 0/100',
      'gate',
      'done 0/100',
    ]);
    expect(await weights('shop.example.com')).toEqual({ ecs: 0, eks: 100 });
    expect(out.targets.new.dnsName).toBe(sb.alb.hostnameFor('shop', 'web'));
    expect(out.retire.join('\n')).toContain('aws ecs update-service --cluster legacy --service web --desired-count 0');
    expect(out.markdown).toContain('### Changes');
    const record = await new ReleaseStore(KubeClient.fromKubeconfig(kubeconfig), 'shop', 'web').lastDeployed();
    const notes = record!.notes.filter((n) => n.startsWith('cutover '));
    expect(notes).toHaveLength(8);
    expect(notes[1]).toMatch(/^cutover \S+ shop\.example\.com\. \[ecs 90 \/ eks 10\]: step 1\/3: ecs 90 \/ eks 10$/);
    expect(notes[2]).toMatch(/\(parity ok\)$/);
  });

  test('a metrics gate failing at 50 % puts all weight back on the old target at once', async () => {
    const put = async (e: CutoverEvent): Promise<void> => {
      if (e.kind !== 'weights' || e.step !== 2) return;
      // The new ALB starts failing once it takes half the traffic.
      const Dimensions = [{ Name: 'LoadBalancer', Value: LB_DIMENSION }];
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/ApplicationELB',
          MetricData: [
            { MetricName: 'RequestCount', Dimensions, Value: 200, Unit: 'Count', Timestamp: new Date() },
            { MetricName: 'HTTPCode_Target_5XX_Count', Dimensions, Value: 30, Unit: 'Count', Timestamp: new Date() },
          ],
        }),
      );
    };
    const out = await runCutover(
      config('gate.example.com', [
        '--alb-metrics',
        LB_DIMENSION,
        '--max-5xx-percent',
        '5',
        '--max-latency',
        '2000',
        '--latency-statistic',
        'Maximum',
      ]),
      deps({ onEvent: put }),
    );
    expect(out.status).toBe('reverted');
    expect(out.exitCode).toBe(CutoverExit.Reverted);
    expect(out.failedStep).toBe(2);
    expect(out.message).toMatch(
      /gate failed at step 2 \(50 %\): metrics: app\/k8s-shop-web-5d0c3f1a2b\/50dc6c495c0c9188: 5xx 15\.0 % of 200 requests > 5 %/,
    );
    expect(await weights('gate.example.com')).toEqual({ ecs: 100, eks: 0 });
    expect(out.events.map((e) => e.kind)).toEqual(['start', 'weights', 'gate', 'weights', 'gate', 'revert']);
    expect(out.events[2]!.gates!.map((g) => [g.gate, g.ok])).toEqual([
      ['parity', true],
      ['metrics', true],
    ]);
  });

  test('cancellation mid-step reverts to 100 % old and exits 130', async () => {
    const ctrl = new AbortController();
    const out = await runCutover(
      config('cancel.example.com', ['--steps', '50,100'], '30s'),
      deps({
        signal: ctrl.signal,
        onEvent: (e) => {
          if (e.kind === 'weights' && e.step === 1)
            setTimeout(() => {
              ctrl.abort();
            }, 50);
        },
      }),
    );
    expect(out.status).toBe('cancelled');
    expect(out.exitCode).toBe(CutoverExit.Cancelled);
    expect(out.message).toMatch(
      /cancelled at step 1 \(50 %\): cancelled during the bake time; all traffic is back on the old target/,
    );
    expect(out.events.map((e) => `${e.kind} ${e.weights?.old}/${e.weights?.new}`)).toEqual([
      'start 0/0',
      'weights 50/50',
      'revert 100/0',
    ]);
    expect(await weights('cancel.example.com')).toEqual({ ecs: 100, eks: 0 });
  });

  test('parity failing before the first step changes nothing', async () => {
    await simpleAlias('untouched.example.com');
    oldSvc.behaviour.extra = { total: 3 };
    const out = await runCutover(config('untouched.example.com'), deps());
    expect(out.status).toBe('parity-failed');
    expect(out.exitCode).toBe(CutoverExit.ParityFailed);
    expect(out.message).toBe('parity: 2 of 2 endpoint(s) differ: home, orders; no DNS change made');
    expect(await weights('untouched.example.com')).toEqual({ '(none)': 'simple' });
  });

  test('a re-run of a finished cutover resumes at 100 % and, when asked, scales the ECS service to zero', async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'legacy' }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [{ name: 'web', image: 'registry.example/web:v1', memory: 512 }],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({ cluster: 'legacy', serviceName: 'web', taskDefinition: 'web', desiredCount: 2 }),
    );
    const out = await runCutover(
      config('shop.example.com', [
        '--ecs-cluster',
        'legacy',
        '--ecs-service',
        'web',
        '--scale-ecs-to-zero',
        '--ecs-drain',
        '0s',
      ]),
      deps(),
    );
    expect(out.status).toBe('completed');
    expect(out.events.filter((e) => e.kind === 'weights').map((e) => e.weights)).toEqual([{ old: 0, new: 100 }]);
    expect(out.ecsScaledToZero).toBe(true);
    const svc = await ecs.send(new DescribeServicesCommand({ cluster: 'legacy', services: ['web'] }));
    expect(svc.services?.[0]?.desiredCount).toBe(0);
    expect(await weights('shop.example.com')).toEqual({ ecs: 0, eks: 100 });
  });

  test('--revert puts all weight back on the old target of a finished cutover', async () => {
    expect(await weights('shop.example.com')).toEqual({ ecs: 0, eks: 100 });
    const out = await runCutover(config('shop.example.com', ['--revert']), deps());
    expect(out.status).toBe('reverted-on-request');
    expect(out.exitCode).toBe(0);
    expect(await weights('shop.example.com')).toEqual({ ecs: 100, eks: 0 });
  });
});
