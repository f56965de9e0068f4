/**
 * GitHub Deployments: one per deploy or rollback run, for the environment the user names, so the
 * repository's Environments page shows what runs where with a link to it. Statuses go
 * in_progress → success (environment_url: the release's first ingress URL) or failure
 * (log_url: the run).
 */
import type { GitHubClient } from './client.js';
import type { RepoRef } from './comment.js';

/** The states this tool sets. */
type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

/** What to create. */
export interface NewDeployment {
  /** The commit deployed (GITHUB_SHA). */
  ref: string;
  environment: string;
  description: string;
  /** `deploy` or `deploy:rollback` (GitHub's `task` field). */
  task: 'deploy' | 'deploy:rollback';
  payload?: Record<string, unknown>;
}

/** A status to set. */
export interface DeploymentStatusUpdate {
  state: DeploymentState;
  description?: string;
  logUrl?: string;
  environmentUrl?: string;
}

/** GitHub caps a deployment (status) description at 140 characters. */
const DESCRIPTION_MAX = 140;

function short(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= DESCRIPTION_MAX ? one : `${one.slice(0, DESCRIPTION_MAX - 1)}…`;
}

/** A created deployment and how to move its status. */
export class GitHubDeployment {
  private constructor(
    private readonly gh: GitHubClient,
    private readonly path: string,
    readonly id: number,
    readonly environment: string,
  ) {}

  /**
   * Create the deployment. `required_contexts: []` because the workflow run is the check that
   * matters and commit statuses may be pending; `auto_merge: false` because a deploy never merges.
   */
  static async create(gh: GitHubClient, repo: RepoRef, d: NewDeployment): Promise<GitHubDeployment> {
    const path = `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}/deployments`;
    const { data } = await gh.request<{ id: number }>('POST', path, {
      ref: d.ref,
      task: d.task,
      environment: d.environment,
      description: short(d.description),
      auto_merge: false,
      required_contexts: [],
      payload: d.payload ?? {},
    });
    if (typeof data?.id !== 'number') throw new Error(`GitHub API POST ${path}: the answer has no deployment id`);
    return new GitHubDeployment(gh, path, data.id, d.environment);
  }

  /** Add a status. A successful one marks the environment's earlier deployments inactive. */
  async setStatus(s: DeploymentStatusUpdate): Promise<void> {
    await this.gh.request('POST', `${this.path}/${this.id}/statuses`, {
      state: s.state,
      environment: this.environment,
      ...(s.description ? { description: short(s.description) } : {}),
      ...(s.logUrl ? { log_url: s.logUrl } : {}),
      ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
      ...(s.state === 'success' ? { auto_inactive: true } : {}),
    });
  }
}
