/**
 * A small GitHub REST client over fetch: the API URL from GITHUB_API_URL (GitHub Enterprise
 * Server works the same), retries on 5xx and on primary/secondary rate limits, pagination by the
 * Link header. The token is sent only in the Authorization header and never appears in an error
 * message or a log line.
 */

import { backoffDelay, systemClock } from '../util/retry.js';

/** The REST API version this client speaks. */
const GITHUB_API_VERSION = '2022-11-28';

/** A failed GitHub API call: method, path, status and GitHub's message (never the token). */
export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly apiMessage: string,
  ) {
    super(`GitHub API ${method} ${path}: ${status}${apiMessage ? ` ${apiMessage}` : ''}`);
  }
}

/** Retry policy of {@link GitHubClient}. */
export interface GitHubRetryPolicy {
  attempts: number;
  baseDelayMs: number;
  /** The longest wait for one retry; a rate limit that resets later than this fails instead. */
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Default: 4 attempts, 1 s doubling (1 + 2 + 4 s), at most 60 s per wait. */
export const DEFAULT_GITHUB_RETRY: GitHubRetryPolicy = { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 60_000 };

/** Options of {@link GitHubClient}. */
export interface GitHubClientOptions {
  /** `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  apiUrl: string;
  token: string;
  retry?: GitHubRetryPolicy;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  userAgent?: string;
}

/** One answer: the parsed body and the response headers. */
export interface GitHubResponse<T> {
  status: number;
  /** The parsed JSON body; undefined when the answer had none (204 No Content, an empty 200). */
  data: T | undefined;
  headers: Headers;
}

/** Why a failed answer is worth another try, and after how long (ms); undefined: do not retry. */
export function retryDelay(
  status: number,
  headers: Headers,
  body: string,
  attempt: number,
  policy: GitHubRetryPolicy,
  now = Date.now(),
): number | undefined {
  const backoff = backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs);
  const retryAfter = headers.get('retry-after');
  const fromRetryAfter = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : undefined;
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (headers.get('x-ratelimit-remaining') === '0' || /rate limit/i.test(body) || fromRetryAfter !== undefined));
  if (rateLimited) {
    // GitHub's advice: honour retry-after; else wait for x-ratelimit-reset; else at least a minute
    // for a secondary limit (capped by the policy so a job never sleeps for an hour).
    const reset = headers.get('x-ratelimit-reset');
    const untilReset =
      headers.get('x-ratelimit-remaining') === '0' && reset && /^\d+$/.test(reset)
        ? Number(reset) * 1000 - now
        : undefined;
    const wait = fromRetryAfter ?? untilReset ?? Math.max(backoff, Math.min(policy.maxDelayMs, 60_000));
    return wait > policy.maxDelayMs ? undefined : Math.max(0, wait);
  }
  if (status >= 500 && status <= 599)
    return fromRetryAfter !== undefined ? Math.min(policy.maxDelayMs, fromRetryAfter) : backoff;
  return undefined;
}

/** `<https://…?page=2>; rel="next", …` → the next page URL. */
export function nextPageUrl(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

/** A GitHub REST client bound to one API URL and token. */
export class GitHubClient {
  private readonly apiUrl: string;
  private readonly retry: GitHubRetryPolicy;

  constructor(private readonly options: GitHubClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.retry = options.retry ?? DEFAULT_GITHUB_RETRY;
  }

  /**
   * One request. `path` is relative to the API URL (`/repos/o/r/issues/1/comments`) or an
   * absolute URL on the same host (a Link header's next page). Retries 5xx, 429 and rate-limited
   * 403s; connection errors are retried too. Other failures throw {@link GitHubApiError}.
   */
  async request<T>(method: string, path: string, body?: unknown): Promise<GitHubResponse<T>> {
    const url = path.startsWith('http') ? path : `${this.apiUrl}${path}`;
    const shown = path.startsWith('http') ? new URL(path).pathname + new URL(path).search : path;
    if (path.startsWith('http') && new URL(path).origin !== new URL(this.apiUrl).origin) {
      // A Link header pointing elsewhere must not receive the token.
      throw new GitHubApiError(method, shown, 0, `refusing to follow a link to another host (${new URL(path).origin})`);
    }
    const sleep = this.retry.sleep ?? systemClock.sleep;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers: {
            Accept: 'application/vnd.github+json',
            Authorization: `Bearer ${this.options.token}`,
            'X-GitHub-Api-Version': GITHUB_API_VERSION,
            'User-Agent': this.options.userAgent ?? 'eks-fargate-deploy',
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (err) {
        if (attempt >= this.retry.attempts) {
          const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
          throw new GitHubApiError(method, shown, 0, `no answer (${cause})`);
        }
        await sleep(backoffDelay(attempt, this.retry.baseDelayMs, this.retry.maxDelayMs));
        continue;
      }
      const text = await res.text();
      if (res.ok) {
        let data: unknown;
        try {
          data = text ? JSON.parse(text) : undefined;
        } catch {
          throw new GitHubApiError(method, shown, res.status, 'the answer is not JSON');
        }
        return { status: res.status, data: data as T | undefined, headers: res.headers };
      }
      const wait =
        attempt < this.retry.attempts ? retryDelay(res.status, res.headers, text, attempt, this.retry) : undefined;
      if (wait === undefined) throw new GitHubApiError(method, shown, res.status, apiMessage(text));
      await sleep(wait);
    }
  }

  /** GET every page of a list endpoint (`per_page=100`, following Link: rel="next"). */
  async paginate<T>(path: string, maxPages = 100): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = `${path}${path.includes('?') ? '&' : '?'}per_page=100`;
    for (let page = 0; next && page < maxPages; page++) {
      const res: GitHubResponse<T[]> = await this.request<T[]>('GET', next);
      out.push(...(res.data ?? []));
      next = nextPageUrl(res.headers.get('link'));
    }
    return out;
  }
}

/** GitHub's `{"message": …, "errors": […]}` as one line, bounded. */
function apiMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as {
      message?: string;
      errors?: ({ message?: string; code?: string; field?: string } | string)[];
    };
    const extra = (parsed.errors ?? [])
      .map((e) => (typeof e === 'string' ? e : (e.message ?? [e.field, e.code].filter(Boolean).join(' '))))
      .filter(Boolean);
    const msg = [parsed.message, ...extra].filter(Boolean).join('; ');
    if (msg) return msg.slice(0, 300);
  } catch {
    // not JSON (a proxy's HTML page): keep its start
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
