import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_GITHUB_RETRY,
  GitHubApiError,
  GitHubClient,
  nextPageUrl,
  retryDelay,
} from '../../src/github/client.js';
import { GITHUB_ACTIONS_BOT, tokenLogin, upsertStickyComment } from '../../src/github/comment.js';
import { pullRequestOf, readGitHubContext } from '../../src/github/context.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { tempDir } from '../helpers/temp.js';

let gh: FakeGitHub;
const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 50 };
beforeAll(async () => {
  gh = await startFakeGitHub();
});
afterAll(async () => {
  await gh.stop();
});

describe('GitHubClient', () => {
  test('retry rules: 5xx back off, rate limits wait for retry-after or the reset, other 4xx fail at once', () => {
    const h = (o: Record<string, string>): Headers => new Headers(o);
    expect(retryDelay(502, h({}), '', 2, DEFAULT_GITHUB_RETRY)).toBe(2000);
    expect(
      retryDelay(
        403,
        h({ 'retry-after': '7' }),
        '{"message":"You have exceeded a secondary rate limit"}',
        1,
        DEFAULT_GITHUB_RETRY,
      ),
    ).toBe(7000);
    expect(
      retryDelay(
        403,
        h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }),
        '',
        1,
        DEFAULT_GITHUB_RETRY,
        1_000_000,
      ),
    ).toBe(10_000);
    // A primary limit that resets in an hour is not slept through.
    expect(
      retryDelay(
        403,
        h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(1000 + 3600) }),
        '',
        1,
        DEFAULT_GITHUB_RETRY,
        1_000_000,
      ),
    ).toBeUndefined();
    expect(
      retryDelay(403, h({}), '{"message":"Resource not accessible by integration"}', 1, DEFAULT_GITHUB_RETRY),
    ).toBeUndefined();
    expect(retryDelay(404, h({}), '', 1, DEFAULT_GITHUB_RETRY)).toBeUndefined();
    expect(nextPageUrl('<https://x/a?page=2>; rel="next", <https://x/a?page=5>; rel="last"')).toBe(
      'https://x/a?page=2',
    );
    expect(nextPageUrl('<https://x/a?page=1>; rel="prev"')).toBeUndefined();
  });

  test('errors name method, path and GitHub message, never the token; a link to another host is not followed', async () => {
    const token = 'ghp_secretSecretSecret';
    gh.users[token] = 'someone';
    const client = new GitHubClient({ apiUrl: gh.url, token, retry: fast });
    const err = await client.request('GET', '/repos/acme/other/issues/1/comments').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect((err as Error).message).toBe('GitHub API GET /repos/acme/other/issues/1/comments: 404 Not Found');
    const bad = await new GitHubClient({ apiUrl: gh.url, token: 'wrong-token', retry: fast })
      .request('GET', '/user')
      .catch((e: unknown) => e);
    expect((bad as Error).message).toBe('GitHub API GET /user: 401 Bad credentials');
    expect((bad as Error).message).not.toContain('wrong-token');
    await expect(client.request('GET', 'https://evil.example/steal')).rejects.toThrow(
      /refusing to follow a link to another host/,
    );
    const unreachable = new GitHubClient({ apiUrl: 'http://127.0.0.1:9', token, retry: fast });
    await expect(unreachable.request('GET', '/user')).rejects.toThrow(/GitHub API GET \/user: 0 no answer/);
  });

  test('sticky comment: duplicates of our own are removed, a stranger quoting the marker is ignored', async () => {
    const token = 'ghp_sticky';
    gh.users[token] = 'deploy-bot';
    const client = new GitHubClient({ apiUrl: gh.url, token, retry: fast });
    const marker = '<!-- eks-fargate-deploy:prod -->';
    const stranger = gh.addComment(3, 'mallory', `${marker}\nfake report`);
    const a = gh.addComment(3, 'deploy-bot', `${marker}\nold`);
    gh.addComment(3, 'deploy-bot', `${marker}\nrace duplicate`);
    gh.addComment(3, 'deploy-bot', '<!-- eks-fargate-deploy:prod-eu -->\nother target');
    const r = await upsertStickyComment(client, { owner: 'acme', repo: 'shop' }, 3, 'prod', 'new report');
    expect(r).toMatchObject({ action: 'updated', id: a.id, duplicatesDeleted: 1 });
    const on3 = gh.comments.filter((c) => c.issue === 3);
    expect(on3.map((c) => c.body)).toEqual([
      `${marker}\nfake report`,
      `${marker}\nnew report`,
      '<!-- eks-fargate-deploy:prod-eu -->\nother target',
    ]);
    expect(on3[0]!.id).toBe(stranger.id);
    // CRLF and trailing blanks from GitHub's side are not a change.
    on3[1]!.body = `${marker}\r\nnew report\r\n`;
    expect((await upsertStickyComment(client, { owner: 'acme', repo: 'shop' }, 3, 'prod', 'new report')).action).toBe(
      'unchanged',
    );
    await expect(upsertStickyComment(client, { owner: 'acme', repo: 'shop' }, 3, 'a-->b', 'x')).rejects.toThrow(
      RangeError,
    );
  });

  test('the token user: GET /user, or github-actions[bot] when the token may not read it', async () => {
    gh.users['ghs_app'] = null;
    expect(await tokenLogin(new GitHubClient({ apiUrl: gh.url, token: 'ghs_app', retry: fast }))).toBe(
      GITHUB_ACTIONS_BOT,
    );
    gh.users['ghp_user'] = 'octo-deployer';
    expect(await tokenLogin(new GitHubClient({ apiUrl: gh.url, token: 'ghp_user', retry: fast }))).toBe(
      'octo-deployer',
    );
  });
});

describe('run context', () => {
  test('a fork pull request is told apart from a branch of the same repository (also when the base repository is itself a fork)', () => {
    const pr = (head: string | null, fork = false): unknown => ({
      pull_request: {
        number: 5,
        head: { ref: 'x', sha: 'abc', repo: head ? { full_name: head, fork } : null },
        base: { repo: { full_name: 'acme/shop' } },
      },
    });
    expect(pullRequestOf(pr('acme/shop', true))).toMatchObject({ number: 5, fork: false });
    expect(pullRequestOf(pr('mallory/shop', true))).toMatchObject({ fork: true, headRepo: 'mallory/shop' });
    expect(pullRequestOf(pr(null))).toMatchObject({ fork: true });
    expect(pullRequestOf({ ref: 'refs/heads/main' })).toBeUndefined();
  });

  test('read from GITHUB_* and the event file; a broken event file is named', async () => {
    const dir = tempDir('ctx-');
    await writeFile(
      join(dir, 'event.json'),
      JSON.stringify({
        number: 9,
        pull_request: {
          number: 9,
          head: { repo: { full_name: 'acme/shop' } },
          base: { repo: { full_name: 'acme/shop' } },
        },
      }),
    );
    const ctx = await readGitHubContext({
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '1',
      GITHUB_SERVER_URL: 'https://ghe.example/',
      GITHUB_API_URL: 'https://ghe.example/api/v3/',
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
    });
    expect(ctx).toMatchObject({
      apiUrl: 'https://ghe.example/api/v3',
      runUrl: 'https://ghe.example/acme/shop/actions/runs/1',
      repository: { owner: 'acme', repo: 'shop' },
      pullRequest: { number: 9, fork: false },
    });
    await writeFile(join(dir, 'bad.json'), '{');
    await expect(readGitHubContext({ GITHUB_EVENT_PATH: join(dir, 'bad.json') })).rejects.toThrow(
      `${join(dir, 'bad.json')} (GITHUB_EVENT_PATH): cannot read the event payload`,
    );
  });
});
