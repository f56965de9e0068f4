/**
 * The GitHub API failing while the action reports (the PR comment of `plan`, the Deployment and its
 * statuses of `deploy`) must not change the step's result: same exit code and status output as
 * the run without the fault, the cluster on the release the deploy itself chose, and a warning that
 * says what could not be written. Run as GitHub runs the bundled action, against the fake GitHub
 * API and the sandbox. test/action-plan and test/action-deploy cover a failing comment GET, a
 * fork's 403, a failing Deployments POST on a good deploy and retried 502s; these are the cells
 * they leave out. Prints the table of cells and wrong results.
 */
import { rmSync } from 'node:fs';
import { albServes, deploy, startShopSandbox } from '../e2e/helpers.js';
import { actionBundle } from '../github/bundle.js';
import { startFakeGitHub, type Fault, type FakeGitHub } from '../github/fake-github.js';
import { pullRequestEvent, runAction, type ActionRun } from '../github/run-action.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';

import { jest } from '@jest/globals';
jest.setTimeout(120_000);

const TOKEN = 'ghs_faultTestToken0123456789';
const SHA = 'facade'.padEnd(40, '0');

let bundle: string;
let gh: FakeGitHub;
let sb: Sandbox;
let kubeconfig: string;
let dir: string;
/** What afterAll stops: only what beforeAll got to start (it may have failed half way). */
const started: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  [bundle, { sb, kubeconfig, dir }] = await Promise.all([actionBundle(), startShopSandbox()]);
  started.push(sb);
  gh = await startFakeGitHub();
  started.push(gh);
  gh.users[TOKEN] = 'deploy-bot';
  const v1 = await deploy(kubeconfig, [
    '--manifests',
    'test/fixtures/deploy/web',
    '--grace',
    '1',
    '--timeout',
    '60',
    '--image',
    'registry.example/web=registry.example/web:v1',
  ]);
  if (v1.status !== 'deployed') throw new Error(`setup: v1 did not deploy: ${v1.message}`);
}, 300_000);
afterAll(async () => {
  for (const s of started.reverse()) await s.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// kubeconfig is only known after beforeAll: each run adds it.
const common = { namespace: 'shop', release: 'web', 'github-token': TOKEN };
const deployInputs = (tag: string): Record<string, string> => ({
  ...common,
  kubeconfig,
  command: 'deploy',
  manifests: 'test/fixtures/deploy/web',
  'smoke-tests': 'test/fixtures/deploy/smoke.yaml',
  images: `registry.example/web=registry.example/web:${tag}`,
  grace: '1',
  timeout: '60',
  environment: 'production',
});

interface Cell {
  name: string;
  faults: Fault[];
  run: () => Promise<ActionRun>;
  /** What the step must end with, as without the fault. */
  expected: { code: number; result: string; alb?: string };
  /** Output that says what the result is: `status` of deploy, `blockers` of plan. */
  output: string;
  warning: RegExp;
}

const CELLS: Cell[] = [
  {
    name: 'plan, no blockers: comment POST 500 (always)',
    faults: [{ method: 'POST', path: /\/issues\/21\/comments$/, kind: 'server-error', times: Infinity }],
    run: () =>
      runAction(bundle, {
        apiUrl: gh.url,
        event: pullRequestEvent(21),
        inputs: {
          ...common,
          kubeconfig,
          command: 'plan',
          manifests: 'test/fixtures/deploy/web',
          environment: 'staging',
          images: 'registry.example/web=registry.example/web:v2',
        },
      }),
    expected: { code: 0, result: '0' },
    output: 'blockers',
    warning:
      /::warning::could not write the pull request comment: GitHub API POST \/repos\/acme\/shop\/issues\/21\/comments: 500 Internal Server Error/,
  },
  {
    name: 'deploy, healthy: Deployment status POST 500 (always)',
    faults: [{ method: 'POST', path: /\/statuses$/, kind: 'server-error', times: Infinity }],
    run: () => runAction(bundle, { apiUrl: gh.url, eventName: 'push', sha: SHA, inputs: deployInputs('v2') }),
    expected: { code: 0, result: 'deployed', alb: '200 registry.example/web:v2' },
    output: 'status',
    warning: /::warning::.*statuses: 500 Internal Server Error/,
  },
  {
    name: 'deploy, bad image: Deployment POST 500 (always)',
    faults: [{ method: 'POST', path: /\/deployments$/, kind: 'server-error', times: Infinity }],
    run: () => runAction(bundle, { apiUrl: gh.url, eventName: 'push', sha: SHA, inputs: deployInputs('missing') }),
    expected: { code: 1, result: 'rolled-back', alb: '200 registry.example/web:v2' },
    output: 'status',
    warning:
      /::warning::could not create the GitHub Deployment for environment production: GitHub API POST \/repos\/acme\/shop\/deployments: 500 Internal Server Error/,
  },
  {
    name: 'deploy, bad image: Deployment status POST 500 (always)',
    faults: [{ method: 'POST', path: /\/statuses$/, kind: 'server-error', times: Infinity }],
    run: () => runAction(bundle, { apiUrl: gh.url, eventName: 'push', sha: SHA, inputs: deployInputs('missing') }),
    expected: { code: 1, result: 'rolled-back', alb: '200 registry.example/web:v2' },
    output: 'status',
    warning: /::warning::.*statuses: 500 Internal Server Error/,
  },
];

interface Row {
  cell: string;
  failed: number;
  expected: string;
  got: string;
  warned: boolean;
  verdict: 'ok' | 'WRONG';
}
const rows: Row[] = [];

afterAll(() => {
  console.log(
    `GitHub API faults: ${rows.length} cells, ${rows.reduce((s, r) => s + r.failed, 0)} GitHub requests failed, ${rows.filter((r) => r.verdict !== 'ok').length} wrong results\n` +
      rows
        .map(
          (r) =>
            `  ${r.cell.padEnd(56)} failed ${String(r.failed).padStart(2)}  expected ${r.expected.padEnd(40)} got ${r.got.padEnd(40)} warned ${r.warned ? 'yes' : 'NO'}  ${r.verdict}`,
        )
        .join('\n'),
  );
});

test.each(CELLS.map((c) => [c.name, c] as const))(
  '%s: the step result is unchanged and a warning says why',
  async (_name, cell) => {
    const from = gh.requests.length;
    gh.faults.push(...cell.faults);
    let r: ActionRun;
    try {
      r = await cell.run();
    } finally {
      gh.faults.length = 0;
    }
    const failed = gh.requests
      .slice(from)
      .filter((q) =>
        cell.faults.some((f) => (!f.method || f.method === q.method) && f.path.test(q.path.split('?')[0]!)),
      ).length;
    const alb = cell.expected.alb ? (await albServes(sb)).join(' | ') : undefined;
    const got = { code: r.code, result: r.outputs[cell.output] ?? '-', ...(alb ? { alb } : {}) };
    const warned = cell.warning.test(r.stdout);
    const show = (o: typeof got): string =>
      `exit ${o.code}, ${cell.output} ${o.result}${o.alb ? `, alb ${o.alb}` : ''}`;
    rows.push({
      cell: cell.name,
      failed,
      expected: show(cell.expected),
      got: show(got),
      warned,
      verdict: JSON.stringify(got) === JSON.stringify(cell.expected) && warned ? 'ok' : 'WRONG',
    });
    expect(failed).toBeGreaterThan(0);
    expect({ ...got, stdout: JSON.stringify(got) === JSON.stringify(cell.expected) ? '' : r.stdout }).toEqual({
      ...cell.expected,
      stdout: '',
    });
    expect({
      warned,
      log: warned
        ? ''
        : r.stdout
            .split('\n')
            .filter((l) => l.startsWith('::'))
            .join('\n'),
    }).toEqual({ warned: true, log: '' });
  },
);
