/**
 * EKS token authentication for the sandbox, the way EKS's authenticator (aws-iam-authenticator)
 * checks a `k8s-aws-v1.` bearer token:
 *
 * 1. decode it to the presigned STS GetCallerIdentity URL; the URL must point at the configured
 *    STS endpoint (never call a host the token names: that would be a server-side request forgery),
 *    path `/`, only the SigV4 query parameters, each once, `Action=GetCallerIdentity`;
 * 2. `x-k8s-aws-id` must be among `X-Amz-SignedHeaders`; `X-Amz-Expires` within 0–900 s; the token
 *    is accepted for 15 minutes after `X-Amz-Date`, whatever `X-Amz-Expires` says (EKS's rule), and
 *    not dated more than 15 minutes ahead; STS's own checks of Version, algorithm, credential scope
 *    (its date and, for a real STS host, its region) and signed headers (exactly host and
 *    x-k8s-aws-id) are made here too, before any call (steps 1–2: eks-token-check.ts);
 * 3. call the URL with `x-k8s-aws-id: <cluster name>` — STS verifies the signature, and with it that
 *    the token was made for this cluster — and read the caller's ARN from the answer;
 * 4. map the ARN (assumed-role ARNs canonicalised to the role ARN) to a username and groups, like
 *    an EKS access entry / aws-auth mapping. Unmapped callers are not authenticated.
 *
 * moto does not verify signatures, so against moto step 3 proves nothing about the cluster name.
 * For that case the sandbox can verify signatures itself when it knows the secret key
 * (`signingKeys`, e.g. moto's `testing` keys): as STS, it refuses a session token that is not the
 * key's, re-signs the same request with its own cluster name and compares. moto answers a key it
 * does not know with a placeholder identity; that is refused as STS refuses unknown keys. Every
 * failure is a 401 `Unauthorized` Status, as EKS answers; the reason is kept in `rejections`
 * (never the token).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { registerCanary } from './artefacts.js';
import { selectorValueMatches as wildcardMatch } from './fargate-rules.js';
import { bearerToken, type Authenticator, type AuthResult, type UserInfo } from './auth.js';
import { stsEndpointFor, type EksSigningKey, type SandboxEksConfig } from './eks-config.js';
import {
  CLUSTER_ID_HEADER,
  EKS_TOKEN_PREFIX,
  Rejected,
  checkToken,
  reject,
  type CheckedToken,
} from './eks-token-check.js';
import { isPlainObject } from './object.js';

export { parseEksConfig, type EksSigningKey, type SandboxEksConfig } from './eks-config.js';

/** An IAM identity as the authenticator sees it. */
export interface EksIdentity {
  arn: string;
  canonicalArn: string;
  accountId: string;
  userId: string;
  sessionName?: string;
  accessKeyId: string;
  kind: 'user' | 'role' | 'root' | 'federated-user';
}

/**
 * Canonical form of a caller ARN, as aws-iam-authenticator computes it: an assumed-role session
 * becomes its role (path dropped), users/root/federated users stay as they are.
 */
export function canonicalizeArn(arn: string): { canonical: string; kind: EksIdentity['kind']; sessionName?: string } {
  const m = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!m) throw new Error(`arn "${arn}" is not an IAM/STS ARN`);
  const [, partition = '', service = '', account = '', resource = ''] = m;
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const parts = resource.split('/');
    if (parts.length < 3) throw new Error(`assumed-role arn "${arn}" has no session name`);
    return {
      canonical: `arn:${partition}:iam::${account}:role/${parts[1]}`,
      kind: 'role',
      sessionName: parts.slice(2).join('/'),
    };
  }
  if (service === 'sts' && resource.startsWith('federated-user/')) return { canonical: arn, kind: 'federated-user' };
  if (service === 'iam' && resource === 'root') return { canonical: arn, kind: 'root' };
  if (service === 'iam' && resource.startsWith('user/')) return { canonical: arn, kind: 'user' };
  if (service === 'iam' && resource.startsWith('role/'))
    return { canonical: `arn:${partition}:iam::${account}:role/${resource.split('/').pop()}`, kind: 'role' };
  throw new Error(`arn "${arn}" is not a user, role, root or federated user`);
}

/** How long a verified token is trusted without asking STS again (the API server's token webhook cache). */
const CACHE_TTL_MS = 2 * 60_000;
/** What moto's GetCallerIdentity answers for an access key it does not know (real STS answers 403). */
const MOTO_UNKNOWN_KEY_ARN = /^arn:aws:sts::\d{12}:user\/moto$/;

/** The caller's ARN, account and user id from a GetCallerIdentity answer (JSON as STS sends it, or XML as moto does). */
function parseCallerIdentity(
  body: string,
  contentType: string,
): { arn?: string | undefined; account?: string | undefined; userId?: string | undefined } {
  if (contentType.includes('json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return reject('STS answered with invalid JSON');
    }
    const response = isPlainObject(parsed) ? parsed.GetCallerIdentityResponse : undefined;
    const result = isPlainObject(response) ? response.GetCallerIdentityResult : undefined;
    if (!isPlainObject(result)) return {};
    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    return { arn: str(result.Arn), account: str(result.Account), userId: str(result.UserId) };
  }
  // moto answers XML whatever Accept says.
  const tag = (n: string): string | undefined => new RegExp(`<${n}>([^<]*)</${n}>`).exec(body)?.[1];
  return { arn: tag('Arn'), account: tag('Account'), userId: tag('UserId') };
}

/** Options of {@link EksTokenAuthenticator}. */
export interface EksTokenAuthenticatorOptions extends SandboxEksConfig {
  clusterName: string;
  /** Environment for the STS endpoint variables; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Clock (tests of expiry). */
  now?: () => Date;
  /** Timeout of the STS call. Default 10 s. */
  stsTimeoutMs?: number;
}

/** The `k8s-aws-v1.` token authenticator. */
export class EksTokenAuthenticator implements Authenticator {
  readonly name = 'eks-token';
  /** Why recent tokens were refused (newest last, at most 100). */
  readonly rejections: Array<{ time: string; reason: string }> = [];
  /** Number of STS calls made (cache misses). */
  stsCalls = 0;
  private readonly opts: EksTokenAuthenticatorOptions;
  private readonly endpoint: URL;
  private readonly cache = new Map<string, { user: UserInfo; until: number }>();

  constructor(opts: EksTokenAuthenticatorOptions) {
    this.opts = opts;
    this.endpoint = stsEndpointFor(opts.region, opts.stsEndpoint, opts.env ?? process.env);
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  async authenticate(req: IncomingMessage): Promise<AuthResult> {
    const token = bearerToken(req);
    if (!token?.startsWith(EKS_TOKEN_PREFIX)) return undefined;
    registerCanary('EKS bearer token seen by the sandbox', token);
    const key = createHash('sha256').update(token).digest('hex');
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now().getTime()) return { user: hit.user };
    try {
      const { user, expiresAt } = await this.verify(token);
      if (this.cache.size > 1000) this.cache.clear();
      this.cache.set(key, { user, until: Math.min(expiresAt, this.now().getTime() + CACHE_TTL_MS) });
      return { user };
    } catch (err) {
      const reason =
        err instanceof Rejected ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
      this.rejections.push({ time: this.now().toISOString(), reason });
      if (this.rejections.length > 100) this.rejections.shift();
      return { error: 401, message: 'Unauthorized' };
    }
  }

  /** Checks a token and resolves its user; throws with the reason EKS's authenticator would log. */
  async verify(token: string): Promise<{ user: UserInfo; identity: EksIdentity; expiresAt: number }> {
    const checked = checkToken(token, this.endpoint, this.now());
    const known = this.opts.signingKeys?.find((k) => k.accessKeyId === checked.accessKeyId);
    if (known) await this.checkSignature(checked, known);
    const identity = await this.callSts(checked);
    return { user: this.userFor(identity), identity, expiresAt: checked.expiresAt };
  }

  /** The Kubernetes user of an IAM identity, through the first matching principal mapping. */
  private userFor(identity: EksIdentity): UserInfo {
    const mapping = (this.opts.principals ?? []).find(
      (p) => wildcardMatch(p.arn, identity.canonicalArn) || wildcardMatch(p.arn, identity.arn),
    );
    if (!mapping) return reject(`ARN is not mapped: ${identity.canonicalArn}`);
    const defaultName =
      identity.kind === 'role'
        ? `arn:aws:sts::{{AccountID}}:assumed-role/${identity.canonicalArn.split('/').pop() ?? ''}/{{SessionName}}`
        : identity.canonicalArn;
    const username = (mapping.username ?? defaultName)
      .replaceAll('{{AccountID}}', identity.accountId)
      .replaceAll('{{SessionName}}', (identity.sessionName ?? '').replace(/@/g, '-'))
      .replaceAll('{{SessionNameRaw}}', identity.sessionName ?? '')
      .replaceAll('{{AccessKeyID}}', identity.accessKeyId)
      .replaceAll('{{ARN}}', identity.arn);
    return {
      username,
      groups: [...new Set([...(mapping.groups ?? []), 'system:authenticated'])],
      extra: {
        arn: [identity.arn],
        canonicalArn: [identity.canonicalArn],
        accessKeyId: [identity.accessKeyId],
        principalId: [identity.userId],
        ...(identity.sessionName ? { sessionName: [identity.sessionName] } : {}),
      },
    };
  }

  /**
   * What STS does with a key it knows: the session token must be the key's, and the signature
   * re-computed over the URL with THIS cluster's name must match (else: another cluster or secret).
   */
  private async checkSignature(checked: CheckedToken, key: EksSigningKey): Promise<void> {
    const { url, params } = checked;
    const sessionToken = params.get('x-amz-security-token');
    if ((key.sessionToken ?? '') !== (sessionToken ?? ''))
      reject(
        `InvalidClientTokenId: the security token included in the request is invalid (not the session token of key ${key.accessKeyId})`,
      );
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (!k.toLowerCase().startsWith('x-amz-')) query[k] = v;
    const signer = new SignatureV4({
      service: 'sts',
      region: checked.region,
      credentials: {
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
        ...(sessionToken === undefined ? {} : { sessionToken }),
      },
      sha256: Sha256,
      uriEscapePath: true,
      applyChecksum: false,
    });
    const request = new HttpRequest({
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname || '/',
      query,
      headers: { host: url.host, [CLUSTER_ID_HEADER]: this.opts.clusterName },
    });
    const presigned = await signer.presign(request, { expiresIn: checked.expires, signingDate: checked.signedAt });
    const want = Buffer.from(String(presigned.query?.['X-Amz-Signature'] ?? ''));
    const got = Buffer.from(params.get('x-amz-signature') ?? '');
    if (want.length !== got.length || !timingSafeEqual(want, got)) {
      reject(
        `SignatureDoesNotMatch: the token was not signed for cluster "${this.opts.clusterName}" with the key ${key.accessKeyId}`,
      );
    }
  }

  /** Calls the presigned URL as the API server does (with this cluster's name) and reads the caller's identity. */
  private async callSts(checked: CheckedToken): Promise<EksIdentity> {
    const { url, params, accessKeyId } = checked;
    const headers: Record<string, string> = { [CLUSTER_ID_HEADER]: this.opts.clusterName, accept: 'application/json' };
    if (this.opts.motoCompat ?? this.endpoint.protocol === 'http:') {
      headers.authorization = `AWS4-HMAC-SHA256 Credential=${params.get('x-amz-credential') ?? ''}, SignedHeaders=${params.get('x-amz-signedheaders') ?? ''}, Signature=${params.get('x-amz-signature') ?? ''}`;
    }
    this.stsCalls++;
    let res: Response;
    try {
      res = await fetch(url, {
        headers,
        signal: AbortSignal.timeout(this.opts.stsTimeoutMs ?? 10_000),
        redirect: 'error',
      });
    } catch (err) {
      return reject(
        `error during GET: ${err instanceof Error ? err.message : String(err)} on ${this.endpoint.host} endpoint`,
      );
    }
    const body = await res.text();
    if (res.status !== 200)
      reject(
        `error from AWS (expected 200, got ${res.status}) on ${this.endpoint.host} endpoint. Body: ${body.slice(0, 300)}`,
      );
    const { arn, account, userId } = parseCallerIdentity(body, res.headers.get('content-type') ?? '');
    if (!arn || !account || !userId) return reject('STS GetCallerIdentity answered without Arn, Account or UserId');
    if (MOTO_UNKNOWN_KEY_ARN.test(arn))
      reject(`InvalidClientTokenId: STS (moto) does not know the access key ${accessKeyId}`);
    let c: ReturnType<typeof canonicalizeArn>;
    try {
      c = canonicalizeArn(arn);
    } catch (err) {
      return reject(err instanceof Error ? err.message : String(err));
    }
    // A role's UserId is "<role id>:<session name>".
    const [roleId = userId, ...session] = userId.split(':');
    let sessionName = c.sessionName;
    if (c.kind === 'role' && !sessionName && session.length > 0) sessionName = session[0];
    return {
      arn,
      canonicalArn: c.canonical,
      accountId: account,
      userId: c.kind === 'role' ? roleId : userId,
      accessKeyId,
      kind: c.kind,
      ...(sessionName ? { sessionName } : {}),
    };
  }
}
