/**
 * Issue 14 point 10: nothing a pull request or the cluster puts in front of the tool can command
 * the runner through the log, draw on the terminal, or print a credential.
 *
 * A smoke-test spec whose check name carries workflow commands (`::add-mask::`, `::stop-commands::`,
 * a forged `::error::` after a line break, the legacy `##[set-output …]`), ANSI escapes and a
 * right-to-left override, and whose headers carry credentials (Authorization, Cookie, X-Api-Key),
 * is deployed to the sandbox by the action (src/index.ts as the runner runs it: INPUT_* and GITHUB_*
 * variables) and by the CLI, both as processes. Their stdout is read the way the runner reads it:
 * a line whose trimmed start is `::` or `##[` is a command. Expected: the deploy succeeds; the only
 * commands are the tool's own (groups, and `::add-mask::` for exactly the header credentials, before
 * anything else); no credential appears anywhere else; no ESC, C0/C1 control or bidi character.
 * Then the sticky PR comment: a user's comment that carries the marker is never taken over.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitHubClient } from '../../src/github/client.js';
import { GITHUB_ACTIONS_BOT, stickyMarker, upsertStickyComment } from '../../src/github/comment.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { neutraliseLogLine } from '../../src/report/log-line.js';
import { registerCanary } from '../../src/sandbox/artefacts.js';
import { releaseStatus, startShopSandbox } from '../e2e/helpers.js';
import { startFakeGitHub, type FakeGitHub } from '../github/fake-github.js';

import { jest } from '@jest/globals';
jest.setTimeout(60_000);

const AUTH = 'Bearer s3cr3t-bearer-token-7f3a';
const COOKIE = 'session=c00kie-value-91bd';
const API_KEY = 'k3y-value-55e0';
const SECRETS = [AUTH, 's3cr3t-bearer-token-7f3a', COOKIE, API_KEY];
/** A check name from a hostile pull request. */
const NAME =
  '::add-mask::home\u001b[2J\u001b]0;pwned\u0007 \u202eevil\u202c\n::error::forged by the PR\n##[set-output name=status;]deployed\r::stop-commands::halt';

let sb: Sandbox;
let kubeconfig: string;
let dir: string;
let spec: string;
let gh: FakeGitHub;

beforeAll(async () => {
  // The whole-suite secret scan (test/secret-scan) then looks for them in everything the tool wrote.
  for (const [k, v] of Object.entries({ AUTH, COOKIE, API_KEY })) registerCanary(`log-output.test.ts ${k}`, v);
  ({ sb, kubeconfig, dir } = await startShopSandbox());
  gh = await startFakeGitHub();
  spec = join(dir, 'smoke.yaml');
  writeFileSync(
    spec,
    JSON.stringify([
      {
        name: NAME,
        ingress: { name: 'web' },
        path: '/',
        headers: { Authorization: AUTH, Cookie: COOKIE, 'X-Api-Key': API_KEY, 'X-Request-Id': 'plain-visible-value' },
        expect: { status: [200] },
        retries: 5,
        interval: '200ms',
        timeout: '2s',
        deadline: '10s',
      },
    ]),
  );
});
afterAll(async () => {
  await gh.stop();
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Run a src/ entry point on Node 24 as a child process. */
function run(
  entry: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'bash',
      [
        'scripts/node24.sh',
        '--experimental-transform-types',
        '--disable-warning=ExperimentalWarning',
        '--import',
        './test/e2e/source-hooks.mjs',
        entry,
        ...args,
      ],
      {
        cwd: process.cwd(),
        env: { ...process.env, KUBECONFIG: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    const limit = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The lines the runner would take as commands (it trims the start of each line). */
const commands = (out: string): string[] =>
  out
    .split('\n')
    .map((l) => l.trimStart())
    .filter((l) => l.startsWith('::') || l.startsWith('##['));
/** Everything a terminal would interpret: ESC and other C0 controls but tab and newline, DEL, C1, bidi. */
const DANGEROUS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const image = (tag: string): string => `registry.example/web=registry.example/web:${tag}`;

describe('log lines cannot command the runner', () => {
  test('the action: only its own commands, the header credentials masked first and printed nowhere', async () => {
    const temp = mkdtempSync(join(dir, 'runner-'));
    const files = { output: join(temp, 'output'), summary: join(temp, 'summary') };
    writeFileSync(files.output, '');
    writeFileSync(files.summary, '');
    const r = await run('src/index.ts', [], {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: 'b'.repeat(40),
      GITHUB_EVENT_NAME: 'push',
      GITHUB_WORKSPACE: process.cwd(),
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_API_URL: gh.url,
      RUNNER_TEMP: temp,
      INPUT_COMMAND: 'deploy',
      INPUT_MANIFESTS: 'test/fixtures/deploy/web',
      'INPUT_SMOKE-TESTS': spec,
      INPUT_IMAGES: image('v1'),
      INPUT_KUBECONFIG: kubeconfig,
      INPUT_NAMESPACE: 'shop',
      INPUT_RELEASE: 'web',
      INPUT_GRACE: '1',
      INPUT_TIMEOUT: '60',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await releaseStatus(kubeconfig, 1)).toBe('deployed');

    const cmds = commands(r.stdout);
    const masks = cmds.filter((c) => c.startsWith('::add-mask::')).map((c) => c.slice('::add-mask::'.length));
    expect(masks.sort()).toEqual([...SECRETS].sort());
    // The masks come before the deploy prints anything about the smoke tests; every other command is one the tool issues itself.
    const lines = r.stdout.split('\n');
    expect(lines.findLastIndex((l) => l.startsWith('::add-mask::'))).toBeLessThan(
      lines.findIndex((l) => l.startsWith('smoke ')),
    );
    for (const c of cmds.filter((x) => !x.startsWith('::add-mask::')))
      expect(c).toMatch(/^::(group|endgroup|warning|notice|error)( [^:]*)?::/);
    expect(cmds.join('\n')).not.toMatch(/forged by the PR|stop-commands|set-output/);
    // The check's name is there, escaped, so a reader still sees what it was.
    expect(r.stdout).toContain('\n%3A%3Aerror::forged by the PR\n');
    expect(r.stdout).toContain('X-Request-Id: plain-visible-value');
    for (const s of SECRETS)
      expect(r.stdout.split('\n').filter((l) => l.includes(s) && !l.startsWith('::add-mask::'))).toEqual([]);
    expect(r.stdout).not.toMatch(DANGEROUS);
  });

  test('the CLI: no command, no control or bidi character, no credential', async () => {
    const r = await run(
      'src/cli-main.ts',
      [
        'deploy',
        '--kubeconfig',
        kubeconfig,
        '--namespace',
        'shop',
        '--release',
        'web',
        '--manifests',
        'test/fixtures/deploy/web',
        '--smoke-tests',
        spec,
        '--image',
        image('v2'),
        '--grace',
        '1',
        '--timeout',
        '60',
      ],
      {},
    );
    expect(r.code).toBe(0);
    expect(await releaseStatus(kubeconfig, 2)).toBe('deployed');
    expect(r.stdout).toMatch(
      /^smoke ::add-mask::home evil\n%3A%3Aerror::forged by the PR\n##%5Bset-output name=status;\]deployed\n%3A%3Astop-commands::halt: ok \(200 in \d+ ms\)$/m,
    );
    for (const out of [r.stdout, r.stderr]) {
      expect(commands(out)).toEqual([]);
      expect(out).not.toMatch(DANGEROUS);
      for (const s of SECRETS) expect(out).not.toContain(s);
    }
  });

  test('what is removed and what is escaped', () => {
    expect(neutraliseLogLine('::add-mask::x')).toBe('%3A%3Aadd-mask::x');
    expect(neutraliseLogLine('  ##[set-output name=a;]b')).toBe('  ##%5Bset-output name=a;]b');
    expect(neutraliseLogLine('ok\r::stop-commands::t')).toBe('ok\n%3A%3Astop-commands::t');
    expect(
      neutraliseLogLine(
        '\u001b[31mred\u001b[0m \u009b2Jx \u001b]8;;https://e.example\u001b\\link\u001b]8;;\u001b\\ \u202eabc\u2066',
      ),
    ).toBe('red x link abc');
    expect(neutraliseLogLine('a :: b %25 keeps its text\tand tabs\n')).toBe('a :: b %25 keeps its text\tand tabs\n');
  });
});

describe('the sticky pull-request comment', () => {
  test("a user's comment carrying the marker is never taken over: the token's identity writes its own", async () => {
    const marker = stickyMarker('prod');
    gh.users['ghs_workflow_token'] = null; // the workflow's GITHUB_TOKEN: GET /user is 403, comments are by github-actions[bot]
    const client = new GitHubClient({ apiUrl: gh.url, token: 'ghs_workflow_token' });
    const decoy = gh.addComment(21, 'mallory', `${marker}\n✅ all clear, nothing to deploy`);
    const lookalike = gh.addComment(21, 'github-actions', `${marker}\nstill mallory`);
    const first = await upsertStickyComment(client, { owner: 'acme', repo: 'shop' }, 21, 'prod', 'the real plan');
    expect(first.action).toBe('created');
    const second = await upsertStickyComment(
      client,
      { owner: 'acme', repo: 'shop' },
      21,
      'prod',
      'the real plan, updated',
    );
    expect(second).toMatchObject({ action: 'updated', id: first.id });
    const on21 = gh.comments.filter((c) => c.issue === 21);
    expect(on21.map((c) => [c.id, c.user.login, c.body])).toEqual([
      [decoy.id, 'mallory', `${marker}\n✅ all clear, nothing to deploy`],
      [lookalike.id, 'github-actions', `${marker}\nstill mallory`],
      [first.id, GITHUB_ACTIONS_BOT, `${marker}\nthe real plan, updated`],
    ]);
  });
});
