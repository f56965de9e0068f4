/**
 * A local stand-in for the GitHub REST API, for the parts the action uses: GET /user, issue
 * comments (paged with Link headers, the 65,536-character limit enforced as GitHub does, edits
 * only by the author), Deployments and their statuses. Every request is recorded. Faults can be
 * queued per route: a 502, a secondary rate limit (403 + retry-after), or a permanent error.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordArtefact, registerCanary } from '../../src/sandbox/artefacts.js';

/** One recorded request. */
interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  apiVersion?: string;
  body?: unknown;
}

/** An issue comment as stored. */
interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: string };
}

/** A deployment with its statuses, as stored. */
interface FakeDeployment {
  id: number;
  ref: string;
  environment: string;
  task: string;
  description?: string;
  payload?: unknown;
  statuses: Record<string, unknown>[];
}

/** A fault for the next matching requests. */
export interface Fault {
  method?: string;
  /** Matched against the path (without query). */
  path: RegExp;
  kind: 'bad-gateway' | 'secondary-rate-limit' | 'forbidden' | 'server-error';
  /** How many requests it hits (default 1; Infinity for a permanent fault). */
  times?: number;
}

/** The fake API. */
export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  comments: FakeComment[];
  deployments: FakeDeployment[];
  /** token → login; a token missing here gets 401; `users[token] = null` acts like GITHUB_TOKEN (GET /user is 403). */
  users: Record<string, string | null>;
  /** Tokens that may read but not write (a fork's GITHUB_TOKEN). */
  readOnly: Set<string>;
  faults: Fault[];
  addComment(issue: number, login: string, body: string): FakeComment;
  stop(): Promise<void>;
}

const BOT = 'github-actions[bot]';
const MAX_BODY = 65_536;

/** Start the fake on 127.0.0.1 and a free port. */
export async function startFakeGitHub(repo = 'acme/shop'): Promise<FakeGitHub> {
  let nextId = 1000;
  const state: Omit<FakeGitHub, 'url' | 'stop'> = {
    requests: [],
    comments: [],
    deployments: [],
    users: {},
    readOnly: new Set(),
    faults: [],
    addComment(issue, login, body) {
      const c: FakeComment = {
        id: nextId++,
        issue,
        body,
        user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      };
      state.comments.push(c);
      return c;
    },
  };
  let base = '';
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const commentJson = (c: FakeComment): unknown => ({
    id: c.id,
    body: c.body,
    user: c.user,
    html_url: `https://github.example/${repo}/pull/${c.issue}#issuecomment-${c.id}`,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      send(res, 400, { message: 'Problems parsing JSON' });
      return;
    }
    const method = req.method ?? 'GET';
    const auth = req.headers.authorization;
    // For the secret scan: the token is a secret; what the tool sends is an artefact.
    registerCanary('GitHub token sent to the fake GitHub', auth?.replace(/^(token|bearer)\s+/i, ''));
    if (method !== 'GET') recordArtefact('github', `${method} ${url.pathname}`, text);
    state.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(auth ? { authorization: auth } : {}),
      ...(typeof req.headers['x-github-api-version'] === 'string'
        ? { apiVersion: req.headers['x-github-api-version'] }
        : {}),
      ...(body !== undefined ? { body } : {}),
    });
    const fault = state.faults.find(
      (f) => (f.method === undefined || f.method === method) && f.path.test(url.pathname) && (f.times ?? 1) > 0,
    );
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.kind === 'bad-gateway') {
        send(res, 502, { message: 'Server Error' });
        return;
      }
      if (fault.kind === 'server-error') {
        send(res, 500, { message: 'Internal Server Error' });
        return;
      }
      if (fault.kind === 'forbidden') {
        send(res, 403, { message: 'Resource not accessible by integration' });
        return;
      }
      send(
        res,
        403,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '1' },
      );
      return;
    }
    const token = /^(?:Bearer|token) (.+)$/.exec(auth ?? '')?.[1];
    if (!token || !(token in state.users)) {
      send(res, 401, { message: 'Bad credentials' });
      return;
    }
    const login = state.users[token] ?? BOT;
    const writing = method !== 'GET';
    if (writing && state.readOnly.has(token)) {
      send(res, 403, { message: 'Resource not accessible by integration' });
      return;
    }

    if (method === 'GET' && url.pathname === '/user') {
      if (state.users[token] === null) {
        send(res, 403, { message: 'Resource not accessible by integration' });
        return;
      }
      send(res, 200, { login, type: 'User' });
      return;
    }
    const prefix = `/repos/${repo}`;
    if (!url.pathname.startsWith(`${prefix}/`)) {
      send(res, 404, { message: 'Not Found' });
      return;
    }
    const rest = url.pathname.slice(prefix.length);
    let m: RegExpExecArray | null;
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const issue = Number(m[1]);
      if (method === 'GET') {
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
        const page = Number(url.searchParams.get('page') ?? 1);
        const all = state.comments.filter((c) => c.issue === issue);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const links: string[] = [];
        const link = (p: number): string => `<${base}${url.pathname}?per_page=${perPage}&page=${p}>`;
        if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
        if (page > 1) links.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`);
        send(
          res,
          200,
          all.slice((page - 1) * perPage, page * perPage).map(commentJson),
          links.length > 0 ? { link: links.join(', ') } : {},
        );
        return;
      }
      if (method === 'POST') {
        const b = commentBody(body);
        if (b.length > MAX_BODY) {
          send(res, 422, {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'IssueComment',
                code: 'custom',
                field: 'body',
                message: `body is too long (maximum is ${MAX_BODY} characters)`,
              },
            ],
          });
          return;
        }
        send(res, 201, commentJson(state.addComment(issue, login, b)));
        return;
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const c = state.comments.find((x) => x.id === Number(m![1]));
      if (!c) {
        send(res, 404, { message: 'Not Found' });
        return;
      }
      if (c.user.login !== login) {
        send(res, 403, { message: 'Must have admin rights to Repository.' });
        return;
      }
      if (method === 'PATCH') {
        const b = commentBody(body);
        if (b.length > MAX_BODY) {
          send(res, 422, {
            message: 'Validation Failed',
            errors: [{ message: `body is too long (maximum is ${MAX_BODY} characters)` }],
          });
          return;
        }
        c.body = b;
        send(res, 200, commentJson(c));
        return;
      }
      if (method === 'DELETE') {
        state.comments.splice(state.comments.indexOf(c), 1);
        res.writeHead(204).end();
        return;
      }
    }
    if (rest === '/deployments' && method === 'POST') {
      const b = (body ?? {}) as {
        ref?: string;
        environment?: string;
        task?: string;
        description?: string;
        payload?: unknown;
      };
      if (!b.ref) {
        send(res, 422, { message: 'Validation Failed', errors: [{ field: 'ref', code: 'missing_field' }] });
        return;
      }
      const d: FakeDeployment = {
        id: nextId++,
        ref: b.ref,
        environment: b.environment ?? 'production',
        task: b.task ?? 'deploy',
        statuses: [],
        ...(b.description ? { description: b.description } : {}),
        payload: b.payload,
      };
      state.deployments.push(d);
      send(res, 201, { id: d.id, ref: d.ref, environment: d.environment, task: d.task });
      return;
    }
    if ((m = /^\/deployments\/(\d+)\/statuses$/.exec(rest)) && method === 'POST') {
      const d = state.deployments.find((x) => x.id === Number(m![1]));
      if (!d) {
        send(res, 404, { message: 'Not Found' });
        return;
      }
      const b = (body ?? {}) as Record<string, unknown>;
      const states = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
      if (!states.includes(String(b['state']))) {
        send(res, 422, { message: 'Validation Failed', errors: [{ field: 'state', code: 'invalid' }] });
        return;
      }
      if (typeof b['description'] === 'string' && b['description'].length > 140) {
        send(res, 422, { message: 'Validation Failed', errors: [{ field: 'description', code: 'too_long' }] });
        return;
      }
      d.statuses.push(b);
      send(res, 201, { id: nextId++, ...b });
      return;
    }
    send(res, 404, { message: 'Not Found', path: url.pathname });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, 500, { message: String(err) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url: base,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  });
}

/** The `body` field of a comment request (empty when there is none, or it is not text). */
function commentBody(request: unknown): string {
  const value = request !== null && typeof request === 'object' ? (request as { body?: unknown }).body : undefined;
  return typeof value === 'string' ? value : '';
}
