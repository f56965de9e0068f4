/**
 * A stand-in for the runner's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN) on
 * 127.0.0.1: it checks the request token, and answers `{ value: <JWT> }` with the claims a job
 * of the given repository would get (HS256-signed with a throwaway key: moto does not verify
 * signatures, and doctor only decodes). Every request is recorded.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running issuer. */
export interface OidcIssuer {
  /** The environment a job with `permissions: id-token: write` gets. */
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** Tokens handed out (to check none is ever printed). */
  issued: string[];
  /** The audiences asked for. */
  audiences: string[];
  stop(): Promise<void>;
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Claims of a job: the immutable subject form unless `nameForm`. */
export function jobClaims(o: {
  owner?: string;
  ownerId?: number;
  repo?: string;
  repoId?: number;
  context: string;
  nameForm?: boolean;
  jobWorkflowRef?: string;
  audience?: string;
}): Record<string, unknown> {
  const owner = o.owner ?? 'acme';
  const repo = o.repo ?? 'shop';
  const ownerId = o.ownerId ?? 4242001;
  const repoId = o.repoId ?? 9090017;
  const subjectRepo = o.nameForm ? `${owner}/${repo}` : `${owner}@${ownerId}/${repo}@${repoId}`;
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'https://token.actions.githubusercontent.com',
    aud: o.audience ?? 'sts.amazonaws.com',
    sub: `repo:${subjectRepo}:${o.context}`,
    repository: `${owner}/${repo}`,
    repository_id: String(repoId),
    repository_owner: owner,
    repository_owner_id: String(ownerId),
    ref: 'refs/heads/main',
    event_name: 'push',
    ...(o.context.startsWith('environment:') ? { environment: o.context.slice('environment:'.length) } : {}),
    workflow_ref: `${owner}/${repo}/.github/workflows/eks-fargate-deploy.yml@refs/heads/main`,
    job_workflow_ref:
      o.jobWorkflowRef ?? `eks-fargate-deploy/eks-fargate-deploy/.github/workflows/deploy.yml@${'c'.repeat(40)}`,
    runner_environment: 'github-hosted',
    iat: now,
    nbf: now,
    exp: now + 300,
  };
}

/** Start the issuer; `claims(audience)` makes each token's payload. */
export async function startOidcIssuer(claims: (audience: string) => Record<string, unknown>): Promise<OidcIssuer> {
  const requestToken = `oidc-request-${randomBytes(12).toString('hex')}`;
  const key = randomBytes(32);
  const issued: string[] = [];
  const audiences: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"bad request token"}');
      return;
    }
    const audience = url.searchParams.get('audience') ?? 'https://github.com/acme';
    audiences.push(audience);
    const head = b64({ alg: 'HS256', typ: 'JWT', kid: 'test' });
    const body = b64({ ...claims(audience), aud: audience, jti: randomBytes(8).toString('hex') });
    const token = `${head}.${body}.${createHmac('sha256', key).update(`${head}.${body}`).digest('base64url')}`;
    issued.push(token);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 1, value: token }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
    },
    issued,
    audiences,
    stop: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

/**
 * One IAM query-protocol call to moto (the SDK's IAM client is not installed): moto routes by the
 * credential scope's service and does not check the signature. Answers the XML text.
 */
export async function motoIam(endpoint: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAMOTOCANARY000042/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto IAM ${params['Action']}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text;
}
