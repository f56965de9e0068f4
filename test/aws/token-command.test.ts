/**
 * `eks-fargate-deploy token`: the ExecCredential a kubeconfig exec plugin prints, compared in
 * shape with the machine's `aws eks get-token`, and its flag errors.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeEksToken } from '../../src/aws/eks-token.js';
import { runTokenCommand, type TokenCommandDeps } from '../../src/commands/token.js';
import { ioSink } from '../helpers/artefacts.js';

jest.setTimeout(20_000);

const CREDS = { accessKeyId: 'AKIDTESTING', secretAccessKey: 'testing-secret', sessionToken: 'session-tok' };
const NOW = new Date('2025-03-04T05:06:07.250Z');

interface Result {
  code: number;
  out: string;
  err: string;
}

async function token(args: string[], deps: TokenCommandDeps = {}): Promise<Result> {
  const { io, out, err } = ioSink();
  const code = await runTokenCommand(args, io, {
    env: {},
    now: () => NOW,
    credentials: CREDS,
    ...deps,
  });
  return { code, out: out(), err: err() };
}

interface ExecCredential {
  kind: string;
  apiVersion: string;
  spec: Record<string, unknown>;
  status: { token: string; expirationTimestamp: string };
}

/** Every key path of a JSON value, for comparing shapes. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return [`${prefix}{}`];
  return entries.flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k)).sort();
}

describe('token command', () => {
  test('prints an ExecCredential with the token and its RFC 3339 expiry, nothing on stderr', async () => {
    const r = await token(['--cluster-name', 'shop', '--region', 'eu-central-1']);
    expect(r).toMatchObject({ code: 0, err: '' });
    const cred = JSON.parse(r.out) as ExecCredential;
    expect(cred.kind).toBe('ExecCredential');
    expect(cred.apiVersion).toBe('client.authentication.k8s.io/v1beta1');
    expect(cred.status.expirationTimestamp).toBe('2025-03-04T05:20:07Z');
    const decoded = decodeEksToken(cred.status.token);
    expect(decoded.url.host).toBe('sts.eu-central-1.amazonaws.com');
    expect(decoded.signedHeaders).toEqual(['host', 'x-k8s-aws-id']);
    expect(decoded.params['X-Amz-Date']).toBe('20250304T050607Z');
  });

  test('has the same fields as `aws eks get-token` output', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: '/tmp',
      AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    };
    const { stdout } = await promisify(execFile)(
      'aws',
      ['eks', 'get-token', '--cluster-name', 'shop', '--region', 'us-east-1', '--output', 'json'],
      {
        env,
        timeout: 15_000,
      },
    );
    const theirs = JSON.parse(stdout) as ExecCredential;
    const ours = JSON.parse((await token(['--cluster-name', 'shop', '--region', 'us-east-1'])).out) as ExecCredential;
    expect(keyPaths(ours)).toEqual(keyPaths(theirs));
    expect(ours.apiVersion).toBe(theirs.apiVersion);
    expect(ours.status.expirationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(theirs.status.expirationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('answers in the apiVersion the kubeconfig asked for (KUBERNETES_EXEC_INFO)', async () => {
    const info = (apiVersion: string): string =>
      JSON.stringify({ apiVersion, kind: 'ExecCredential', spec: { interactive: false } });
    const v1 = await token(['--cluster-name', 'shop', '--region', 'us-east-1'], {
      env: { KUBERNETES_EXEC_INFO: info('client.authentication.k8s.io/v1') },
    });
    expect((JSON.parse(v1.out) as ExecCredential).apiVersion).toBe('client.authentication.k8s.io/v1');
    for (const odd of [info('client.authentication.k8s.io/v1alpha1'), '{not json']) {
      const r = await token(['--cluster-name', 'shop', '--region', 'us-east-1'], {
        env: { KUBERNETES_EXEC_INFO: odd },
      });
      expect((JSON.parse(r.out) as ExecCredential).apiVersion).toBe('client.authentication.k8s.io/v1beta1');
    }
  });

  test('takes the region from AWS_REGION, then AWS_DEFAULT_REGION, when --region is not given', async () => {
    const host = async (env: Record<string, string>): Promise<string> =>
      decodeEksToken(
        (JSON.parse((await token(['--cluster-name', 'shop'], { env })).out) as ExecCredential).status.token,
      ).url.host;
    expect(await host({ AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'us-west-1' })).toBe(
      'sts.ap-south-1.amazonaws.com',
    );
    expect(await host({ AWS_DEFAULT_REGION: 'us-west-1' })).toBe('sts.us-west-1.amazonaws.com');
    const r = await token(['--cluster-name', 'shop', '--region', 'us-east-2'], { env: { AWS_REGION: 'ap-south-1' } });
    expect(decodeEksToken((JSON.parse(r.out) as ExecCredential).status.token).url.host).toBe(
      'sts.us-east-2.amazonaws.com',
    );
  });

  test.each<[string[], Record<string, string>, string]>([
    [
      ['--cluster-name', 'shop.prod', '--region', 'us-east-1'],
      {},
      'error: --cluster-name: "shop.prod" is not an EKS cluster name',
    ],
    [
      ['--cluster-name=-shop', '--region', 'us-east-1'],
      {},
      'error: --cluster-name: "-shop" is not an EKS cluster name',
    ],
    [
      ['--cluster-name', 'shop', '--region', 'mars-1'],
      {},
      'error: --region: "mars-1" is not an AWS region (like us-east-1)',
    ],
    [['--cluster-name', 'shop'], { AWS_REGION: 'US_EAST_1' }, 'error: AWS_REGION: "US_EAST_1" is not an AWS region'],
    [['--cluster-name', 'shop'], {}, 'error: --region: required and not supplied (or set AWS_REGION)'],
    [['--region', 'us-east-1'], {}, 'error: --cluster-name: required and not supplied'],
    [['--cluster-name', 'shop', '--region', 'us-east-1', '--role-arn', 'x'], {}, 'error: unknown flag --role-arn'],
    [
      ['--cluster-name', 'a', '--cluster-name', 'b', '--region', 'us-east-1'],
      {},
      'error: --cluster-name given more than once',
    ],
    [['shop', '--region', 'us-east-1'], {}, 'error: unexpected argument "shop"'],
  ])('%j → exit 1 with a message naming the flag and value', async (args, env, message) => {
    const r = await token(args, { env });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.startsWith(message)).toBe(true);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('--help prints the usage and exits 0', async () => {
    const r = await token(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: eks-fargate-deploy token --cluster-name NAME [--region REGION]');
  });
});
