/**
 * What the workflow run is about, from the runner's environment (GITHUB_*) and the event payload
 * file (GITHUB_EVENT_PATH): repository, commit, run URL, and the pull request with whether it
 * comes from a fork (a fork's run gets no secrets, no OIDC token and a read-only GITHUB_TOKEN).
 */
import { readFile } from 'node:fs/promises';

/** The pull request a run belongs to. */
export interface PullRequestContext {
  number: number;
  /** `owner/repo` the head branch lives in; undefined when the fork was deleted. */
  headRepo?: string;
  baseRepo?: string;
  /** True when the head repository is not the base repository. */
  fork: boolean;
  headRef?: string;
  headSha?: string;
}

/** The run's context. */
export interface GitHubContext {
  /** REST API base, from GITHUB_API_URL (default https://api.github.com). */
  apiUrl: string;
  /** Web base, from GITHUB_SERVER_URL (default https://github.com). */
  serverUrl: string;
  /** `owner/repo` from GITHUB_REPOSITORY. */
  repository?: { owner: string; repo: string };
  eventName?: string;
  sha?: string;
  /** The run (with its attempt) on the web, for links. */
  runUrl?: string;
  pullRequest?: PullRequestContext;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Read the context from `env`. The event payload is read when GITHUB_EVENT_PATH names a file; an
 * unreadable or malformed payload is an error naming the file (the runner always writes it).
 */
export async function readGitHubContext(env: NodeJS.ProcessEnv = process.env): Promise<GitHubContext> {
  const serverUrl = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
  const ctx: GitHubContext = {
    apiUrl: (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl,
  };
  const repo = env['GITHUB_REPOSITORY'];
  if (repo && /^[^/\s]+\/[^/\s]+$/.test(repo)) {
    const [owner, name] = repo.split('/') as [string, string];
    ctx.repository = { owner, repo: name };
  }
  if (env['GITHUB_EVENT_NAME']) ctx.eventName = env['GITHUB_EVENT_NAME'];
  if (env['GITHUB_SHA']) ctx.sha = env['GITHUB_SHA'];
  if (repo && env['GITHUB_RUN_ID']) {
    ctx.runUrl = `${serverUrl}/${repo}/actions/runs/${env['GITHUB_RUN_ID']}${env['GITHUB_RUN_ATTEMPT'] ? `/attempts/${env['GITHUB_RUN_ATTEMPT']}` : ''}`;
  }
  const path = env['GITHUB_EVENT_PATH'];
  if (path) {
    let payload: unknown;
    try {
      payload = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      throw new Error(
        `${path} (GITHUB_EVENT_PATH): cannot read the event payload: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const pr = pullRequestOf(payload);
    if (pr) ctx.pullRequest = pr;
  }
  return ctx;
}

/** The pull request of a `pull_request` / `pull_request_target` payload, undefined for other events. */
export function pullRequestOf(payload: unknown): PullRequestContext | undefined {
  const p = rec(payload);
  const pr = rec(p['pull_request']);
  const number =
    typeof pr['number'] === 'number'
      ? pr['number']
      : typeof p['number'] === 'number' && p['pull_request']
        ? p['number']
        : undefined;
  if (number === undefined) return undefined;
  const head = rec(pr['head']);
  const base = rec(pr['base']);
  const headRepo = str(rec(head['repo'])['full_name']);
  const baseRepo = str(rec(base['repo'])['full_name']) ?? str(rec(p['repository'])['full_name']);
  const out: PullRequestContext = {
    number,
    // A deleted fork has no head repo: still a fork, and still without secrets. `head.repo.fork`
    // is not used: it is also true for a branch of a repository that is itself a fork.
    fork: headRepo === undefined || (baseRepo !== undefined && headRepo.toLowerCase() !== baseRepo.toLowerCase()),
  };
  if (headRepo) out.headRepo = headRepo;
  if (baseRepo) out.baseRepo = baseRepo;
  const headRef = str(head['ref']);
  if (headRef) out.headRef = headRef;
  const headSha = str(head['sha']);
  if (headSha) out.headSha = headSha;
  return out;
}
