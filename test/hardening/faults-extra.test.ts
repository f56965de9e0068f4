/**
 * Faults beyond the matrix of faults.test.ts: the bearer token expiring mid-deploy (EKS tokens
 * last 15 minutes; here a token provider that refreshes like EksTokenSource, against a sandbox that
 * refuses a token once its short lifetime is over). The deploy must reach the right end state.
 */
import { rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { runDeploy } from '../../src/commands/deploy.js';
import { deployConfigFromArgs } from '../../src/config/deploy.js';
import { KubeClient } from '../../src/kube/client.js';
import { bearerToken, type Authenticator, type AuthResult } from '../../src/sandbox/auth.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { albServes, releaseStatus, startShopSandbox } from '../e2e/helpers.js';
import { logSink } from '../helpers/artefacts.js';

import { jest } from '@jest/globals';
jest.setTimeout(120_000);

let sb: Sandbox;
let kubeconfig: string;
let dir: string;

beforeAll(async () => {
  ({ sb, kubeconfig, dir } = await startShopSandbox());
});
afterAll(async () => {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

const TTL_MS = 300;
const REFRESH_AFTER_MS = 150;

/** Tokens `rot-<n>` valid for TTL_MS after issue; an expired one is a 401 as the API server gives. */
class ExpiringTokens implements Authenticator {
  readonly name = 'expiring';
  readonly issued = new Map<string, number>();
  rejected = 0;
  accepted = 0;
  authenticate(req: IncomingMessage): Promise<AuthResult> {
    return Promise.resolve(this.check(req));
  }

  private check(req: IncomingMessage): AuthResult {
    const token = bearerToken(req);
    if (!token?.startsWith('rot-')) return undefined;
    const at = this.issued.get(token);
    if (at === undefined || Date.now() - at > TTL_MS) {
      this.rejected++;
      return { error: 401, message: 'Unauthorized' };
    }
    this.accepted++;
    return { user: { username: 'deployer', groups: ['system:masters', 'system:authenticated'] } };
  }
}

test('the token expiring mid-deploy: the provider refreshes it and the deploy ends deployed', async () => {
  const auth = new ExpiringTokens();
  sb.http.authenticators.unshift(auth);
  let current: { token: string; at: number } | undefined;
  let n = 0;
  // Like EksTokenSource: reuse the token until it is close to expiry, then make a new one.
  const provider = (): Promise<string> => {
    if (!current || Date.now() - current.at > REFRESH_AFTER_MS) {
      current = { token: `rot-${++n}`, at: Date.now() };
      auth.issued.set(current.token, current.at);
    }
    return Promise.resolve(current.token);
  };
  const client = KubeClient.fromCluster({
    server: sb.url,
    caData: Buffer.from(sb.caPem).toString('base64'),
    token: provider,
    name: 'rotating',
  });
  const config = deployConfigFromArgs(
    [
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      'shop',
      '--release',
      'web',
      '--workspace',
      process.cwd(),
      '--manifests',
      'test/fixtures/deploy/web',
      '--smoke-tests',
      'test/fixtures/deploy/smoke.yaml',
      '--grace',
      '1',
      '--timeout',
      '60',
      '--image',
      'registry.example/web=registry.example/web:v2',
    ],
    {},
  );
  const started = Date.now();
  const out = await runDeploy(config, {
    log: logSink().log,
    connection: { client, describe: 'sandbox with expiring tokens' },
  });
  sb.http.authenticators.shift();
  const ms = Date.now() - started;
  const alb = await albServes(sb);
  const record = await releaseStatus(kubeconfig, out.release ?? -1);
  console.log(
    `token expiry: ${n} tokens issued over ${ms} ms (lifetime ${TTL_MS} ms), ${auth.accepted} requests accepted, ${auth.rejected} refused as expired; end state ${out.status}, record ${record}, alb ${alb.join(' | ')}`,
  );
  expect({ status: out.status, message: out.status === 'deployed' ? '' : out.message, record, alb }).toEqual({
    status: 'deployed',
    message: '',
    record: 'deployed',
    alb: ['200 registry.example/web:v2'],
  });
  // The deploy outlived more than two token lifetimes, so the first token expired while it ran and was
  // replaced (requests come in bursts with idle waits between, so how many tokens were made varies with
  // the machine: 2–5), and no request was refused for an expired token.
  expect(ms).toBeGreaterThan(2 * TTL_MS);
  expect(n).toBeGreaterThanOrEqual(2);
  expect(auth.rejected).toBe(0);
});
