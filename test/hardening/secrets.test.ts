/**
 * Secrets: zero leaks. Canary values are planted where a deploy tool meets credentials — Secret
 * `data` and `stringData` in the release (and a Deployment env taken from that Secret), a smoke
 * test Authorization header, the sandbox admin bearer token in the kubeconfig, and AWS keys in
 * the environment — then the representative flows run in-process: plan with report files, deploy
 * with smoke tests (one that passes, one that fails and rolls back), rollback, history --output
 * json, the live diff against the cluster and the deploy job summary. Every log line, output,
 * summary, report file and the stored release record Secrets are captured and scanned for every
 * canary in plain text, base64 and base64url. The release record must be a Secret whose canary
 * lives only inside its gzip.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runCli } from '../../src/cli.js';
import { runDeploy, type DeployOutcome } from '../../src/commands/deploy.js';
import { runRollback } from '../../src/commands/rollback.js';
import { prepareRelease } from '../../src/commands/release-input.js';
import { deployConfigFromArgs, rollbackConfigFromArgs } from '../../src/config/deploy.js';
import { KubeClient } from '../../src/kube/client.js';
import { liveDiff } from '../../src/kube/diff.js';
import { RELEASE_SECRET_TYPE } from '../../src/model/bookkeeping.js';
import { deployReport, renderDeployMarkdown } from '../../src/report/deploy.js';
import { renderLiveDiffSection } from '../../src/report/live-diff.js';
import { registerCanary } from '../../src/sandbox/artefacts.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { startShopSandbox } from '../e2e/helpers.js';
import { ioSink, logSink } from '../helpers/artefacts.js';

import { jest } from '@jest/globals';
jest.setTimeout(120_000);

const CANARY = {
  secretData: 'CANARY-data-7f3a9c1e2b',
  secretStringData: 'CANARY-stringdata-51d0e8aa',
  secretDataChanged: 'CANARY-data-changed-c0ffee42',
  smokeAuth: 'CANARY-smoke-bearer-9e8d7c6b',
  awsAccessKey: 'AKIACANARY0000000042',
  awsSecretKey: 'CANARYsecretKey/abc+def0123456789xyzXYZ',
  awsSession: 'CANARY-session-token-1234abcd',
} as const;

let sb: Sandbox;
let kubeconfig: string;
let dir: string;
let ws: string;
const canaries: [string, string][] = [];
/** Every captured artefact: where it came from, and its text. */
const artefacts: { where: string; text: string }[] = [];
const capture = (where: string, text: string): void => {
  artefacts.push({ where, text });
};
const savedEnv: Record<string, string | undefined> = {};

function manifests(secretValue: string, smokeStatus = 200): void {
  const app = readFileSync('test/fixtures/deploy/web/app.yaml', 'utf8');
  // The Deployment takes an env value from the Secret: the value only ever lives in the Secret.
  const withEnv = app.replace(
    '          envFrom:\n',
    '          env:\n            - name: API_KEY\n              valueFrom:\n                secretKeyRef: { name: web-credentials, key: api-key }\n          envFrom:\n',
  );
  const secret = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: web-credentials',
    'type: Opaque',
    'data:',
    `  api-key: ${Buffer.from(secretValue).toString('base64')}`,
    'stringData:',
    `  db-password: ${CANARY.secretStringData}`,
  ].join('\n');
  mkdirSync(join(ws, 'k8s'), { recursive: true });
  writeFileSync(join(ws, 'k8s', 'app.yaml'), `${secret}\n---\n${withEnv}`);
  writeFileSync(
    join(ws, 'smoke.yaml'),
    [
      '- name: home page with a token',
      '  ingress: { name: web }',
      '  path: /',
      `  headers: { Authorization: "Bearer ${CANARY.smokeAuth}" }`,
      `  expect: { status: [${smokeStatus}] }`,
      '  retries: 2',
      '  interval: 100ms',
      '  timeout: 2s',
      '  deadline: 4s',
    ].join('\n'),
  );
}

const deployArgs = (tag: string): string[] => [
  '--workspace',
  ws,
  '--manifests',
  'k8s',
  '--smoke-tests',
  join(ws, 'smoke.yaml'),
  '--grace',
  '1',
  '--timeout',
  '60',
  '--image',
  `registry.example/web=registry.example/web:${tag}`,
];

async function captureDeploy(name: string, tag: string): Promise<DeployOutcome> {
  const config = deployConfigFromArgs(
    ['--kubeconfig', kubeconfig, '--namespace', 'shop', '--release', 'web', ...deployArgs(tag)],
    {},
  );
  const { lines: log, log: sink } = logSink();
  const out = { ...(await runDeploy(config, { log: sink })), log };
  capture(`${name}: log`, out.log.join('\n'));
  const outcome = Object.fromEntries(Object.entries(out).filter(([k]) => k !== 'log'));
  capture(`${name}: outcome (outputs)`, JSON.stringify(outcome));
  const report = deployReport('deploy', out, {
    release: 'web',
    namespace: 'shop',
    environment: 'production',
    commit: 'b'.repeat(40),
    runUrl: 'https://github.example/acme/shop/actions/runs/1',
  });
  capture(`${name}: report`, JSON.stringify(report));
  capture(`${name}: job summary`, renderDeployMarkdown(report));
  return out;
}

beforeAll(async () => {
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) savedEnv[k] = process.env[k];
  process.env['AWS_ACCESS_KEY_ID'] = CANARY.awsAccessKey;
  process.env['AWS_SECRET_ACCESS_KEY'] = CANARY.awsSecretKey;
  process.env['AWS_SESSION_TOKEN'] = CANARY.awsSession;
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  ws = join(dir, 'ws');
  for (const v of Object.values(CANARY)) canaries.push([v, v]);
  for (const [k, v] of Object.entries(CANARY)) registerCanary(`secrets.test.ts ${k}`, v);
  // The sandbox admin token is the bearer token in the kubeconfig every flow uses.
  canaries.push(['sandbox admin bearer token', sb.token]);
  expect(readFileSync(kubeconfig, 'utf8')).toContain(sb.token);
});
afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The forms a secret may leak in: itself, base64 and base64url (with and without padding). */
function forms(value: string): string[] {
  const b64 = Buffer.from(value).toString('base64');
  const all = [value, b64, b64.replace(/=+$/, ''), Buffer.from(value).toString('base64url')];
  return [...new Set(all)];
}

describe('secrets: canaries planted across the flows never come out', () => {
  test('plan with --report-json/--report-md (AWS keys in the environment)', async () => {
    const json = join(dir, 'plan.json');
    const md = join(dir, 'plan.md');
    const out = join(dir, 'plan-k8s');
    const { io, all } = ioSink();
    const ex = (f: string): string => join('examples', 'ecs', f);
    const code = await runCli(
      [
        'plan',
        '--ecs-task-definition',
        ex('backend-taskdef.json'),
        ex('frontend-taskdef.json'),
        '--ecs-service',
        ex('services.json'),
        '--report-json',
        json,
        '--report-md',
        md,
        '--out',
        out,
      ],
      io,
    );
    expect(code).toBe(0);
    capture('plan: stdout+stderr', all());
    capture('plan: report json', readFileSync(json, 'utf8'));
    capture('plan: report md', readFileSync(md, 'utf8'));
    for (const f of ['backend.yaml', 'frontend.yaml', 'kustomization.yaml'])
      capture(`plan: ${f}`, readFileSync(join(out, f), 'utf8'));
  });

  test('deploy with a passing smoke test (Secret data, stringData, env from the Secret, Authorization header)', async () => {
    manifests(CANARY.secretData, 200);
    const out = await captureDeploy('deploy v1', 'v1');
    expect(out.status).toBe('deployed');
    expect(out.smoke.length).toBeGreaterThan(0);
    // The Secret really reached the cluster with the canary: the scan below is not vacuous.
    const live = sb.store.get(sb.registry.get('', 'secrets'), 'shop', 'web-credentials') as
      { data?: Record<string, string> } | undefined;
    expect(Buffer.from(live?.data?.['api-key'] ?? '', 'base64').toString()).toBe(CANARY.secretData);
  });

  test('the live diff of a changed Secret, as data and as the PR comment section', async () => {
    manifests(CANARY.secretDataChanged, 200);
    const config = deployConfigFromArgs(
      ['--kubeconfig', kubeconfig, '--namespace', 'shop', '--release', 'web', ...deployArgs('v2')],
      {},
    );
    const prepared = await prepareRelease(config);
    const diff = await liveDiff(KubeClient.fromKubeconfig(kubeconfig), prepared.rendered.objects);
    const secret = diff.objects.find((o) => o.key.kind === 'Secret');
    expect(secret?.action).toBe('update');
    capture('live diff: data', JSON.stringify(diff));
    capture(
      'live diff: comment section',
      renderLiveDiffSection({ kind: 'diff', diff, target: 'sandbox' }, { linesPerObject: Infinity }).join('\n'),
    );
  });

  test('deploy that fails: rolled back, the restored release smoke-tested; rollback command; history --output json', async () => {
    // The emulated app of this image answers 500 (readiness fails): v2 fails and v1 is restored and smoke-tested with the bearer token.
    manifests(CANARY.secretDataChanged, 200);
    const failed = await captureDeploy('deploy v2 (smoke fails)', 'http-500');
    expect(failed.status).toBe('rolled-back');

    manifests(CANARY.secretData, 200);
    const config = rollbackConfigFromArgs(
      [
        '--kubeconfig',
        kubeconfig,
        '--namespace',
        'shop',
        '--release',
        'web',
        '--workspace',
        ws,
        '--to-release',
        '1',
        '--grace',
        '1',
        '--timeout',
        '60',
      ],
      {},
    );
    const { lines: log, log: sink } = logSink();
    const rb = await runRollback(config, { log: sink });
    capture('rollback: log', log.join('\n'));
    capture('rollback: outcome', JSON.stringify(rb));
    const report = deployReport('rollback', rb, { release: 'web', namespace: 'shop' });
    capture('rollback: job summary', renderDeployMarkdown(report));
    expect(rb.status).toBe('rolled-back');

    const history = ioSink();
    expect(
      await runCli(
        ['history', '--kubeconfig', kubeconfig, '--namespace', 'shop', '--release', 'web', '--output', 'json'],
        history.io,
      ),
    ).toBe(0);
    const text = history.all();
    capture('history --output json', text);
    expect(JSON.parse(text)).toHaveLength(3);
  });

  test('release records are Secrets; the canary is only inside their gzip', () => {
    const secrets = sb.store.list(sb.registry.get('', 'secrets'), 'shop').items as unknown as {
      kind?: string;
      type?: string;
      metadata: Record<string, unknown>;
      data?: Record<string, string>;
    }[];
    const records = secrets.filter((s) => s.type === RELEASE_SECRET_TYPE);
    expect(records.length).toBe(3);
    for (const r of records) {
      expect(r.kind ?? 'Secret').toBe('Secret');
      const name = String((r.metadata as { name?: string }).name);
      // Stored object with its payload taken out (labels, annotations, managedFields, type, other keys).
      const { data, ...rest } = r;
      const { release, ...otherData } = data ?? {};
      capture(
        `release record ${name}: stored object without data.release`,
        JSON.stringify({ ...rest, data: otherData }),
      );
      // The payload as stored: base64 of gzip. Scanned as stored and as its base64 decoding (gzip bytes as latin1).
      capture(`release record ${name}: data.release as stored`, release ?? '');
      const gz = Buffer.from(release ?? '', 'base64');
      capture(`release record ${name}: data.release base64-decoded (gzip bytes)`, gz.toString('latin1'));
      // Inside the gzip the applied Secret is kept (that is what a restore needs).
      const inside = gunzipSync(gz).toString('utf8');
      expect(
        [CANARY.secretData, CANARY.secretDataChanged].some((c) => inside.includes(Buffer.from(c).toString('base64'))),
      ).toBe(true);
      expect(inside).toContain(CANARY.secretStringData);
    }
  });

  test('scan: no canary, base64 or base64url of it, in any artefact', () => {
    const leaks: string[] = [];
    for (const a of artefacts) {
      for (const [label, value] of canaries) {
        for (const f of forms(value))
          if (a.text.includes(f)) leaks.push(`${a.where}: ${label}${f === value ? '' : ' (encoded)'}`);
      }
    }
    console.log(
      `secrets: ${artefacts.length} artefacts scanned (${artefacts.reduce((s, a) => s + a.text.length, 0)} characters), ${canaries.length} canaries × their encodings, ${leaks.length} leaks found`,
    );
    expect(artefacts.length).toBeGreaterThanOrEqual(20);
    expect(leaks).toEqual([]);
  });
});
