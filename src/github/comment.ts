/**
 * One sticky comment per target on a pull request: found by its hidden marker among ALL the
 * comments (every page), only among the comments this token's user wrote, updated in place, left
 * alone when the text is the same. A second comment with the same marker and author (two runs
 * racing) is deleted so one stays.
 */
import { GitHubApiError, type GitHubClient } from './client.js';

/** The login comments made with the workflow's GITHUB_TOKEN carry. */
export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

/** The hidden first line of a sticky comment, as `renderPlanMarkdown({ marker })` writes it. */
export function stickyMarker(key: string): string {
  if (!/^[A-Za-z0-9._:/-]+$/.test(key) || key.includes('--')) {
    throw new RangeError(
      `comment key ${JSON.stringify(key)} is not allowed: use letters, digits and . _ : / - (no "--")`,
    );
  }
  return `<!-- eks-fargate-deploy:${key} -->`;
}

/** A repository. */
export interface RepoRef {
  owner: string;
  repo: string;
}

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { login?: string; type?: string } | null;
}

/** What {@link upsertStickyComment} did. */
export interface StickyCommentResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url?: string;
  /** Extra comments with the same marker and author that were deleted. */
  duplicatesDeleted: number;
}

/**
 * The login of the token's user: `GET /user`; the workflow's GITHUB_TOKEN (an installation token)
 * may not read /user and gets 403 — its comments are by `github-actions[bot]`.
 */
export async function tokenLogin(gh: GitHubClient): Promise<string> {
  try {
    const { data } = await gh.request<{ login?: string }>('GET', '/user');
    if (data?.login) return data.login;
  } catch (err) {
    if (!(err instanceof GitHubApiError) || (err.status !== 401 && err.status !== 403 && err.status !== 404)) throw err;
  }
  return GITHUB_ACTIONS_BOT;
}

/** Line endings and trailing blanks GitHub may normalise away must not count as a change. */
function normalise(body: string): string {
  return body.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
}

/**
 * Create or update the sticky comment `key` on pull request `number` with `body` (the marker is
 * put first when the body lacks it).
 */
export async function upsertStickyComment(
  gh: GitHubClient,
  repo: RepoRef,
  number: number,
  key: string,
  body: string,
  opts: { author?: string } = {},
): Promise<StickyCommentResult> {
  const marker = stickyMarker(key);
  const text = body.includes(marker) ? body : `${marker}\n${body}`;
  const author = opts.author ?? (await tokenLogin(gh));
  const base = `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}/issues`;
  const comments = await gh.paginate<IssueComment>(`${base}/${number}/comments`);
  const mine = comments.filter((c) => c.user?.login === author && (c.body ?? '').includes(marker));
  const [first, ...duplicates] = mine;
  let result: StickyCommentResult;
  if (!first) {
    const path = `${base}/${number}/comments`;
    const { data } = await gh.request<IssueComment>('POST', path, { body: text });
    if (typeof data?.id !== 'number') throw new Error(`GitHub API POST ${path}: the answer has no comment id`);
    result = { action: 'created', id: data.id, duplicatesDeleted: 0, ...(data.html_url ? { url: data.html_url } : {}) };
  } else if (normalise(first.body ?? '') === normalise(text)) {
    result = {
      action: 'unchanged',
      id: first.id,
      duplicatesDeleted: 0,
      ...(first.html_url ? { url: first.html_url } : {}),
    };
  } else {
    const { data } = await gh.request<IssueComment>('PATCH', `${base}/comments/${first.id}`, { body: text });
    result = {
      action: 'updated',
      id: first.id,
      duplicatesDeleted: 0,
      ...(data?.html_url ? { url: data.html_url } : {}),
    };
  }
  for (const d of duplicates) {
    await gh.request('DELETE', `${base}/comments/${d.id}`);
    result.duplicatesDeleted++;
  }
  return result;
}
