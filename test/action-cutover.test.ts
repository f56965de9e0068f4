/**
 * `command: parity` and `command: cutover` through the bundled action, run as GitHub runs it:
 * two local HTTP servers stand in for the ECS and the EKS service, moto for Route 53.
 */
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startOldService, type OldService } from './cutover/helpers.js';
import { actionBundle } from './github/bundle.js';
import { markupBalanced, runAction, type ActionRun } from './github/run-action.js';
import { awsTestEnv, startMoto, type MotoServer } from './helpers/moto.js';
import { tempDir } from './helpers/temp.js';

/** What beforeAll started (it failed when this is unset). */
function started<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('beforeAll did not start it');
  return v;
}

/** Stop what beforeAll started (a failed beforeAll leaves some unset). */
async function stopAll(...started: ({ stop(): Promise<unknown> } | undefined)[]): Promise<void> {
  for (const s of started) if (s !== undefined) await s.stop();
}

const OLD_ALB = 'ecs-web-1234567890.us-east-1.elb.amazonaws.com';
const NEW_ALB = 'k8s-shop-web-5d0c3f1a2b-1234567890.us-east-1.elb.amazonaws.com';
const REQUESTS = [
  '- { name: home, path: /, ignore: [$.headers, $.pod] }',
  '- { name: css, path: /static/app.css }',
].join('\n');

let bundle: string;
let moto: MotoServer;
let route53: Route53Client;
let zoneId: string;
let oldSvc: OldService;
let newSvc: OldService;
/** Answers like the old service for the first `sameFor` requests, then with a changed JSON shape. */
/** Set by beforeAll (unset when it failed before getting there). */
let flakyServer: { url: string; sameFor: number; seen: number; server: Server } | undefined;

beforeAll(async () => {
  [bundle, moto, oldSvc, newSvc] = await Promise.all([
    actionBundle(),
    startMoto(),
    startOldService(),
    startOldService(),
  ]);
  route53 = new Route53Client(awsTestEnv(moto.endpoint).clientConfig);
  const zone = await route53.send(
    new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `action-cutover-${Date.now()}` }),
  );
  zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
  const state = { sameFor: 0, seen: 0 };
  const server = createServer((req, res) => {
    req.resume();
    state.seen++;
    const body = {
      pod: 'eks-pod-1',
      namespace: 'shop',
      image: 'registry.example/web:v1',
      path: req.url,
      method: req.method,
      headers: {},
      ...(state.seen > state.sameFor ? { image: { tag: 'v1' } } : {}),
    };
    if (req.url === '/static/app.css') res.writeHead(200, { 'Content-Type': 'text/css' }).end(oldSvc.behaviour.css);
    else res.writeHead(200, { 'Content-Type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  flakyServer = Object.assign(state, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server });
}, 300_000);

afterAll(async () => {
  const server = flakyServer?.server;
  server?.closeAllConnections();
  await new Promise<void>((r) => {
    if (server)
      server.close(() => {
        r();
      });
    else r();
  });
  await stopAll(oldSvc, newSvc, moto);
});

afterEach(() => {
  newSvc.behaviour.extra = {};
});

function run(inputs: Record<string, string>): Promise<ActionRun> {
  // Nothing here talks to GitHub: an address that refuses connections proves it.
  return runAction(bundle, {
    apiUrl: 'http://127.0.0.1:9',
    eventName: 'workflow_dispatch',
    inputs,
    env: awsTestEnv(moto.endpoint).env,
  });
}

/** The weighted A records of a name, as moto holds them: set id → weight. */
async function weights(name: string): Promise<Record<string, number>> {
  const res = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  const out: Record<string, number> = {};
  for (const r of res.ResourceRecordSets ?? [])
    if (r.Name === `${name}.` && r.Type === 'A' && r.SetIdentifier) out[r.SetIdentifier] = r.Weight ?? 0;
  return out;
}

const parityInputs = (extra: Record<string, string> = {}): Record<string, string> => ({
  command: 'parity',
  'old-url': oldSvc.url,
  'new-url': newSvc.url,
  requests: REQUESTS,
  repeat: '3',
  'latency-slack': '200ms',
  ...extra,
});

describe('command: parity, run as GitHub runs the bundled action', () => {
  test('same answers: status passed, a table per endpoint in the job summary, the JSON report written', async () => {
    const before = { old: oldSvc.requests.length, new: newSvc.requests.length };
    const reportJson = join(tempDir('action-parity-'), 'report.json');
    const r = await run(parityInputs({ 'report-json': reportJson }));
    expect({
      code: r.code,
      status: r.outputs['status'],
      errors: r.stdout.split('\n').filter((l) => l.startsWith('::error')),
    }).toEqual({ code: 0, status: 'passed', errors: [] });
    // Each request 3 times to each side, nothing else.
    expect(oldSvc.requests.length - before.old).toBe(6);
    expect(newSvc.requests.length - before.new).toBe(6);
    expect(r.summary).toContain('## Parity: ECS vs EKS');
    expect(r.summary).toContain('✅ parity holds for all 2 endpoints');
    expect(r.summary).toMatch(/\| home<br>`GET \/` \| ✅ same \| 200 \/ 200 \| ✅ \|/);
    expect(markupBalanced(r.summary)).toBe(true);
    expect(r.stdout).toMatch(/✓ css: status 200 \/ 200/);
    const report = JSON.parse(await readFile(reportJson, 'utf8')) as unknown;
    await rm(dirname(reportJson), { recursive: true, force: true });
    expect(report).toMatchObject({ status: 'passed', parity: { ok: true } });
  });

  test('a changed JSON shape: status failed, the step fails naming the endpoint', async () => {
    newSvc.behaviour.extra = { pod: 7, version: '2' };
    const r = await run(parityInputs());
    expect({ code: r.code, status: r.outputs['status'] }).toEqual({ code: 1, status: 'failed' });
    expect(r.stdout).toContain('::error::parity: failed: 1 of 2 endpoint(s) differ: home');
    expect(r.summary).toContain('shape $.version: only in new (string)');
  });

  test('a write request is refused unless marked safe; nothing is sent', async () => {
    const sent = oldSvc.requests.length + newSvc.requests.length;
    const r = await run(
      parityInputs({ requests: '- { name: order, method: POST, path: /api/orders, body: { sku: T-1 } }' }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::.*POST.*safe: true/);
    expect(oldSvc.requests.length + newSvc.requests.length).toBe(sent);
  });

  test('invalid inputs fail before any request, naming the inputs', async () => {
    const r = await run({ command: 'parity', 'old-url': 'ftp://ecs', requests: REQUESTS, repeat: 'many' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('input old-url: expected an http:// or https:// URL, got "ftp://ecs"');
    expect(r.stdout).toContain('input repeat: expected a whole number 1-100, got "many"');
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });
});

describe('command: cutover, run as GitHub runs the bundled action', () => {
  const cutoverInputs = (name: string, extra: Record<string, string> = {}): Record<string, string> => ({
    command: 'cutover',
    'old-url': oldSvc.url,
    'new-url': newSvc.url,
    requests: REQUESTS,
    repeat: '2',
    'latency-slack': '200ms',
    'hosted-zone-id': zoneId,
    'record-name': name,
    'old-alb': OLD_ALB,
    'new-alb': NEW_ALB,
    steps: '50,100',
    'bake-time': '0s',
    ...extra,
  });

  test('a finished cutover: status completed, weights 0/100 on the record and in the output, the change log in the summary', async () => {
    const r = await run(cutoverInputs('shop.example.com'));
    expect({ code: r.code, status: r.outputs['status'], weights: r.outputs['weights'] }).toEqual({
      code: 0,
      status: 'completed',
      weights: '{"old":0,"new":100}',
    });
    expect(await weights('shop.example.com')).toEqual({ ecs: 0, eks: 100 });
    expect(r.summary).toContain('## Cutover: completed');
    expect(r.summary).toContain('### Changes');
    expect(markupBalanced(r.summary)).toBe(true);
    // How to retire the ECS service, as a notice on the run.
    expect(r.stdout).toMatch(/::notice title=Retiring the ECS service::Watch the EKS service for a while/);
  });

  test('the gate at 50 % fails: all weight back on ECS at once, status reverted, the step fails', async () => {
    // Same shape for the parity before any change (2 requests), a changed one at the first gate.
    const flaky = started(flakyServer);
    flaky.sameFor = 2;
    flaky.seen = 0;
    const r = await run(
      cutoverInputs('api.example.com', {
        'new-url': flaky.url,
        requests: '- { name: home, path: /, ignore: [$.headers, $.pod, $.namespace] }',
      }),
    );
    expect({ code: r.code, status: r.outputs['status'], weights: r.outputs['weights'] }).toEqual({
      code: 1,
      status: 'reverted',
      weights: '{"old":100,"new":0}',
    });
    expect(await weights('api.example.com')).toEqual({ ecs: 100, eks: 0 });
    expect(r.stdout).toMatch(/::error::cutover: reverted: .*50/);
    expect(r.summary).toContain('## Cutover: reverted');
  });

  test('revert: true only puts all weight back on the old target', async () => {
    await route53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: ['ecs', 'eks'].map((id) => ({
            Action: 'UPSERT' as const,
            ResourceRecordSet: {
              Name: 'www.example.com',
              Type: 'A' as const,
              SetIdentifier: id,
              Weight: id === 'ecs' ? 10 : 90,
              AliasTarget: {
                DNSName: id === 'ecs' ? OLD_ALB : NEW_ALB,
                HostedZoneId: 'Z35SXDOTRQ7X7K',
                EvaluateTargetHealth: true,
              },
            },
          })),
        },
      }),
    );
    const r = await run(cutoverInputs('www.example.com', { revert: 'true' }));
    expect({ code: r.code, status: r.outputs['status'] }).toEqual({ code: 0, status: 'reverted-on-request' });
    expect(await weights('www.example.com')).toEqual({ ecs: 100, eks: 0 });
  });

  test('revert: a value that is not true or false fails before any change', async () => {
    const r = await run(cutoverInputs('www.example.com', { revert: 'yes' }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('input revert: expected true or false, got "yes"');
    expect(r.outputs['status']).toBeUndefined();
  });
});
