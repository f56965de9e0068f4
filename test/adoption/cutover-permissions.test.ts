/**
 * The cutover's AWS calls, made through the bundled action against moto behind the call
 * recorder, compared with what docs/permissions.md grants the cutover role.
 */
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { iamActions } from '../../src/permissions.js';
import { startOldService, type OldService } from '../cutover/helpers.js';
import { actionBundle } from '../github/bundle.js';
import { runAction } from '../github/run-action.js';
import { awsTestEnv, startMoto, type MotoServer } from '../helpers/moto.js';
import { startAwsRecorder, type AwsRecorder } from './aws-recorder.js';
import { stopStarted } from '../helpers/stop-started.js';

let bundle: string;
let moto: MotoServer;
let recorder: AwsRecorder;
let oldSvc: OldService;
let newSvc: OldService;
let zoneId: string;

beforeAll(async () => {
  [bundle, moto, oldSvc, newSvc] = await Promise.all([
    actionBundle(),
    startMoto(),
    startOldService(),
    startOldService(),
  ]);
  recorder = await startAwsRecorder(moto.endpoint);
  const route53 = new Route53Client(awsTestEnv(moto.endpoint).clientConfig);
  zoneId = (
    await route53.send(
      new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: `adoption-cutover-${Date.now()}` }),
    )
  ).HostedZone!.Id!.replace('/hostedzone/', '');
  route53.destroy();
}, 300_000);
afterAll(async () => {
  await stopStarted(oldSvc, newSvc, recorder);
  await stopStarted(moto);
});

test('a finished cutover calls exactly the Route 53 actions the cutover role is documented to have', async () => {
  const r = await runAction(bundle, {
    apiUrl: 'http://127.0.0.1:9',
    eventName: 'workflow_dispatch',
    inputs: {
      command: 'cutover',
      'old-url': oldSvc.url,
      'new-url': newSvc.url,
      requests: '- { name: home, path: /, ignore: [$.headers, $.pod] }',
      repeat: '1',
      'latency-slack': '500ms',
      'hosted-zone-id': zoneId,
      'record-name': 'shop.example.com',
      'old-alb': 'ecs-web-1.us-east-1.elb.amazonaws.com',
      'new-alb': 'k8s-shop-web-1.us-east-1.elb.amazonaws.com',
      steps: '50,100',
      'bake-time': '0s',
    },
    env: { ...awsTestEnv(moto.endpoint).env, AWS_ENDPOINT_URL: recorder.url },
  });
  expect(r.outputs['status']).toBe('completed');
  expect(recorder.toolActions()).toEqual(iamActions('cutover'));
}, 60_000);
