import {
  CUTOVER_ACTION_INPUTS,
  cutoverConfigFromArgs,
  cutoverConfigFromInputs,
  parityConfigFromArgs,
} from '../../src/config/cutover.js';

const base = ['--old-url', 'https://ecs.example.com', '--new-url', 'https://eks.example.com', '--requests', 'r.yaml'];
const cut = [
  '--hosted-zone-id',
  'Z0123456789ABC',
  '--record-name',
  'api.example.com',
  '--old-alb',
  'ecs-web-1.us-east-1.elb.amazonaws.com',
  '--new-alb',
  'k8s-shop-web-1.us-east-1.elb.amazonaws.com',
];

describe('parity and cutover settings', () => {
  test('defaults: 5 repetitions, ratio 1.5, steps 10 → 50 → 100, 5 min bake, alias A records', () => {
    const c = cutoverConfigFromArgs([...base, ...cut], {});
    expect(c).toMatchObject({
      repeat: 5,
      latencyRatio: 1.5,
      latencySlackMs: 25,
      steps: [10, 50, 100],
      bakeMs: 300_000,
      recordType: 'A',
      oldSetId: 'ecs',
      newSetId: 'eks',
      scaleEcsToZero: false,
      waitDns: true,
    });
  });

  test('every problem at once, each naming its flag and value', () => {
    let message = '';
    try {
      cutoverConfigFromArgs(
        [
          '--old-url',
          'ftp://x',
          '--steps',
          '50,10',
          '--bake-time',
          'soon',
          '--record-type',
          'MX',
          '--max-5xx-percent',
          '2',
        ],
        {},
      );
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split('\n')).toEqual(
      expect.arrayContaining([
        '--old-url: expected an http:// or https:// URL, got "ftp://x"',
        "--new-url: give the new base URL, or the cluster (--cluster-name/--region or --kubeconfig) so it can be read from the release's Ingress",
        '--hosted-zone-id: required: the Route 53 hosted zone holding the record',
        '--record-type: expected A, AAAA (alias records to the load balancers) or CNAME, got "MX"',
        '--steps: steps must go up: 50 then 10',
        expect.stringMatching(/^--bake-time: expected a duration like 500ms, 30s, 5m .*got "soon"$/),
        '--alb-metrics: the metric thresholds need the load balancer: --alb-metrics app/<name>/<id>',
      ]),
    );
  });

  test('a cutover needs a gate and a last step of 100; scaling ECS down needs the service named', () => {
    expect(() => cutoverConfigFromArgs(['--old-url', 'https://a', '--new-url', 'https://b', ...cut], {})).toThrow(
      /every step needs a gate/,
    );
    expect(() => cutoverConfigFromArgs([...base, ...cut, '--steps', '10,50'], {})).toThrow(/the last step must be 100/);
    expect(() => cutoverConfigFromArgs([...base, ...cut, '--scale-ecs-to-zero'], { AWS_REGION: 'us-east-1' })).toThrow(
      /--ecs-cluster: required with --scale-ecs-to-zero/,
    );
  });

  test('parity needs requests or access logs', () => {
    expect(() => parityConfigFromArgs(['--old-url', 'https://a', '--new-url', 'https://b'], {})).toThrow(
      /--requests: give a request list/,
    );
    expect(
      parityConfigFromArgs(
        ['--old-url', 'https://a/', '--new-url', 'https://b', '--access-log', 'a.log', 'b.log.gz'],
        {},
      ),
    ).toMatchObject({ oldUrl: 'https://a', accessLogs: ['a.log', 'b.log.gz'] });
  });

  test('action inputs have the flag names (aws-region for --region) and are named in errors', () => {
    expect(CUTOVER_ACTION_INPUTS).toEqual(
      expect.arrayContaining(['aws-region', 'old-url', 'steps', 'bake-time', 'scale-ecs-to-zero']),
    );
    const inputs: Record<string, string> = {
      'old-url': 'https://ecs.example.com',
      'new-url': 'https://eks.example.com',
      'smoke-tests': 'smoke.yaml',
      'hosted-zone-id': 'Z0123456789ABC',
      'record-name': 'api.example.com',
      'old-alb': 'ecs-web-1.us-east-1.elb.amazonaws.com',
      'new-alb': 'k8s-x-1.us-east-1.elb.amazonaws.com',
      steps: '25, 100',
      'bake-time': '2m',
      'access-log': 'a.log\nb.log',
    };
    expect(cutoverConfigFromInputs((n) => inputs[n] ?? '', {})).toMatchObject({
      steps: [25, 100],
      bakeMs: 120_000,
      accessLogs: ['a.log', 'b.log'],
      smokeTests: { file: 'smoke.yaml' },
    });
    expect(() => cutoverConfigFromInputs((n) => ({ ...inputs, steps: '0,100' })[n] ?? '', {})).toThrow(
      /^input steps: expected percentages 1-100/,
    );
  });
});
