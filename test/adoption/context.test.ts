import { pullRequestOf } from '../../src/github/context.js';

const pr = (head: string | null, base: string, headForkFlag: boolean): unknown => ({
  number: 9,
  pull_request: {
    number: 9,
    head: { ref: 'topic', sha: 'a'.repeat(40), repo: head === null ? null : { full_name: head, fork: headForkFlag } },
    base: { repo: { full_name: base } },
  },
  repository: { full_name: base },
});

describe('a pull request from a fork is one whose head repository is not the base repository', () => {
  test('a branch of a repository that is itself a fork is not a fork pull request (head.repo.fork is true there)', () => {
    expect(pullRequestOf(pr('team/shop', 'team/shop', true))?.fork).toBe(false);
  });
  test('another repository is a fork, whatever its fork flag says', () => {
    expect(pullRequestOf(pr('mallory/shop', 'acme/shop', true))?.fork).toBe(true);
    expect(pullRequestOf(pr('mallory/shop', 'acme/shop', false))?.fork).toBe(true);
  });
  test('names differ only in case: the same repository', () => {
    expect(pullRequestOf(pr('Acme/Shop', 'acme/shop', false))?.fork).toBe(false);
  });
  test('a deleted fork (no head repository) is still a fork', () => {
    expect(pullRequestOf(pr(null, 'acme/shop', false))?.fork).toBe(true);
  });
});
