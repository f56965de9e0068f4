/**
 * The `sandbox --config FILE` file carries the sections added for the ALB, the emulated app,
 * faults and EKS, validated with the file and field named.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { behaviourOf, loadSandboxConfigFile } from '../../src/sandbox/config.js';
import { startSandbox } from '../../src/sandbox/sandbox.js';
import { sandboxRequest } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const YAML = `clusterName: shop
images:
  behaviours:
    registry.example/checkout: slow
    registry.example/pay:2: http-500
app: {slowResponseMs: 1500}
alb: {region: eu-west-1, requireIpTargets: false}
faults:
  seed: 9
  rules:
  - {name: no-version, paths: [/version], error: {code: 503}}
  - {name: throttle, verbs: [list], resources: [pods], probability: 0.1, error: {code: 429, retryAfterSeconds: 1}}
  controllers: {drainDelayMs: 50}
eks:
  region: eu-west-1
  stsEndpoint: http://127.0.0.1:1
  principals:
  - {arn: 'arn:aws:iam::111122223333:role/deployer', username: 'deployer:{{SessionName}}', groups: [system:masters]}
`;

test('a YAML file with images, app, alb, faults and eks sections starts a sandbox that uses them', async () => {
  const file = join(dir, 'full.yaml');
  await writeFile(file, YAML);
  const cfg = await loadSandboxConfigFile(file);
  expect(behaviourOf(cfg.images, 'registry.example/checkout:1.4')).toBe('slow');
  expect(behaviourOf(cfg.images, 'registry.example/pay:2')).toBe('http-500');
  expect(cfg.app).toEqual({ slowResponseMs: 1500, echoHeaders: true });
  const sb = await startSandbox(cfg);
  try {
    expect((await sandboxRequest(sb, 'GET', '/version')).status).toBe(503);
    expect(sb.controllers.runner.drainDelayMs).toBe(50);
    expect(sb.eksAuth).toBeDefined();
    expect(sb.faults.stats().byRule).toEqual({ 'no-version': 1 });
  } finally {
    await sb.stop();
  }
});

test.each([
  [
    'faults:\n  rules:\n  - {verbs: [get], error: {code: 404}}\n',
    'faults.rules[0].error.code must be one of 429, 500, 503, 504, got 404',
  ],
  [
    'faults:\n  rules:\n  - {verbs: [get], latencyMs: -5}\n',
    'faults.rules[0].latencyMs must be a non-negative number, got -5',
  ],
  ['eks: {region: europe}\n', 'eks.region must be an AWS region like us-east-1, got "europe"'],
  [
    'eks:\n  region: us-east-1\n  principals: [{arn: deployer}]\n',
    'eks.principals[0].arn must be an IAM ARN pattern, got "deployer"',
  ],
  ['eks: {region: us-east-1, stsEndpoint: "sts"}\n', 'eks.stsEndpoint must be an http(s) URL, got "sts"'],
  [
    'images: {behaviours: {web: sluggish}}\n',
    'expected one of healthy, crashloop, never-ready, slow-start, http-500, oomkilled, slow',
  ],
])('rejects %j naming the file and field', async (yaml, message) => {
  const file = join(dir, 'bad.yaml');
  await writeFile(file, yaml);
  await expect(loadSandboxConfigFile(file)).rejects.toThrow(
    `${file}: sandbox config ${message.startsWith('expected') ? '' : message}`,
  );
  await expect(loadSandboxConfigFile(file)).rejects.toThrow(message);
});
