/** The plan's sticky pull-request comment, as the action posts it. */
import type { GitHubSettings } from '../config/action.js';
import { errorMessage } from '../commands/credentials.js';
import { GitHubClient } from '../github/client.js';
import { upsertStickyComment } from '../github/comment.js';
import type { GitHubContext } from '../github/context.js';
import { say } from './log.js';

/** A client when there is a token. */
export function githubClient(settings: GitHubSettings, ctx: GitHubContext): GitHubClient | undefined {
  return settings.token ? new GitHubClient({ apiUrl: ctx.apiUrl, token: settings.token }) : undefined;
}

/** The sticky comment; a failure is a warning and never changes the plan's result. */
export async function postComment(
  settings: GitHubSettings,
  ctx: GitHubContext,
  key: string,
  body: string,
): Promise<void> {
  const gh = githubClient(settings, ctx);
  if (!ctx.pullRequest) {
    say.info('not a pull request run: no comment (the report is in the job summary)');
    return;
  }
  if (!gh || !ctx.repository) {
    say.warning(
      `no comment on pull request #${ctx.pullRequest.number}: ${!gh ? 'the github-token input is empty' : 'GITHUB_REPOSITORY is not set'}; the report is in the job summary`,
    );
    return;
  }
  try {
    const r = await upsertStickyComment(gh, ctx.repository, ctx.pullRequest.number, key, body);
    say.info(
      `pull request comment ${r.action}${r.url ? `: ${r.url}` : ` (id ${r.id})`}${r.duplicatesDeleted > 0 ? `; ${r.duplicatesDeleted} duplicate(s) deleted` : ''}`,
    );
  } catch (err) {
    const hint = ctx.pullRequest.fork
      ? ' (the GITHUB_TOKEN of a fork pull request is read-only)'
      : ' (the job needs `permissions: pull-requests: write`)';
    say.warning(
      `could not write the pull request comment: ${errorMessage(err)}${hint}; the report is in the job summary`,
    );
  }
}
