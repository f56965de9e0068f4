/**
 * EKS token authentication for the sandbox, the way EKS's authenticator (aws-iam-authenticator)
 * checks a `k8s-aws-v1.` bearer token:
 *
 * 1. decode it to the presigned STS GetCallerIdentity URL; the URL must point at the configured
 *    STS endpoint (never call a host the token names: that would be a server-side request forgery),
 *    path `/`, only the SigV4 query parameters, each once, `Action=GetCallerIdentity`;
 * 2. `x-k8s-aws-id` must be among `X-Amz-SignedHeaders`; `X-Amz-Expires` within 0–900 s; the token
 *    is accepted for 15 minutes after `X-Amz-Date`, whatever `X-Amz-Expires` says (EKS's rule);
 * 3. call the URL with `x-k8s-aws-id: <cluster name>` — STS verifies the signature, and with it that
 *    the token was made for this cluster — and read the caller's ARN from the answer;
 * 4. map the ARN (assumed-role ARNs canonicalised to the role ARN) to a username and groups, like
 *    an EKS access entry / aws-auth mapping. Unmapped callers are not authenticated.
 *
 * moto does not verify signatures, so against moto step 3 proves nothing about the cluster name.
 * For that case the sandbox can verify signatures itself when it knows the secret key
 * (`signingKeys`, e.g. moto's `testing` keys): it re-signs the same request with its own cluster
 * name and compares. Every failure is a 401 `Unauthorized` Status, as EKS answers; the reason is
 * kept in `rejections` (never the token).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { registerCanary } from './artefacts.js';
import { UserInputError } from '../errors.js';
import { selectorValueMatches as wildcardMatch } from './fargate-rules.js';
import { bearerToken, type Authenticator, type AuthResult, type UserInfo } from './auth.js';

/** EKS tokens start with this; the rest is the unpadded base64url of a presigned STS URL. */
const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The signed header that binds a token to one cluster. */
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

/**
 * The presigned URL inside an EKS token, decoded the way aws-iam-authenticator does — the
 * sandbox's own decoder, not the tool's (it judges the tool's tokens, it must not share its bugs).
 */
function decodeTokenUrl(token: string): URL {
  const body = token.slice(EKS_TOKEN_PREFIX.length);
  // Node's base64url decoder skips characters outside the alphabet: check strictly first.
  if (!/^[A-Za-z0-9_-]+$/.test(body) || body.length % 4 === 1)
    throw new Error('the part after k8s-aws-v1. is not unpadded base64url');
  try {
    return new URL(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new Error('the token does not decode to a URL');
  }
}

/** The STS endpoint tokens must be presigned for: the configured one, the SDK's environment variables, else the regional endpoint. */
function stsEndpointFor(
  region: string,
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): URL {
  const candidates: Array<[string, string | undefined]> = [['eks.stsEndpoint', explicit]];
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() !== 'true')
    candidates.push(['AWS_ENDPOINT_URL_STS', env.AWS_ENDPOINT_URL_STS], ['AWS_ENDPOINT_URL', env.AWS_ENDPOINT_URL]);
  for (const [source, value] of candidates) {
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UserInputError(`${source} ${JSON.stringify(value)} is not a URL`);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username)
      throw new UserInputError(
        `${source} ${JSON.stringify(value)} is not an endpoint URL (http(s)://host[:port][/path])`,
      );
    return url;
  }
  const suffix = region.startsWith('cn-')
    ? 'amazonaws.com.cn'
    : region.startsWith('us-isob-')
      ? 'sc2s.sgov.gov'
      : region.startsWith('us-iso-')
        ? 'c2s.ic.gov'
        : 'amazonaws.com';
  return new URL(`https://sts.${region}.${suffix}/`);
}

/** One allowed IAM principal, like an EKS access entry or an aws-auth `mapUsers`/`mapRoles` row. */
interface EksPrincipalMapping {
  /**
   * IAM ARN pattern (`*`/`?` wildcards), matched against the canonical ARN (an assumed role is
   * its role: `arn:aws:iam::123456789012:role/deployer`) and against the ARN STS returned.
   */
  arn: string;
  /**
   * Kubernetes username; may use `{{AccountID}}`, `{{SessionName}}`, `{{AccessKeyID}}`, `{{ARN}}`.
   * Default as EKS access entries: the user ARN, or `arn:aws:sts::<account>:assumed-role/<role>/{{SessionName}}`.
   */
  username?: string;
  /** Kubernetes groups (`system:masters` for admins, `sandbox:read-only` for readers). */
  groups?: string[];
}

/** A secret key the sandbox may use to verify token signatures itself. */
export interface EksSigningKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The `eks` section of the sandbox config. */
export interface SandboxEksConfig {
  /** Region of the cluster (token signing scope, STS endpoint, ALB DNS names). */
  region: string;
  /** Read the Fargate profiles of the same-named EKS cluster at start (eks-profiles.ts). */
  readProfiles?: boolean;
  /** STS endpoint tokens must point at; default `AWS_ENDPOINT_URL_STS`/`AWS_ENDPOINT_URL`, else regional STS. */
  stsEndpoint?: string;
  /** EKS API endpoint for reading Fargate profiles; default the SDK's (honours `AWS_ENDPOINT_URL`). */
  eksEndpoint?: string;
  /** Who may use EKS tokens; empty: nobody. */
  principals?: EksPrincipalMapping[];
  /** Keys whose signatures the sandbox verifies locally (moto does not verify signatures). */
  signingKeys?: EksSigningKey[];
  /**
   * Send the presigned signature also as an `Authorization` header, which moto_server needs to
   * route the call to STS (it ignores presigned query credentials). Default: true for `http://`
   * endpoints (real STS is https-only), false otherwise.
   */
  motoCompat?: boolean;
}

/** Validates the `eks` config section; errors name the field. */
export function parseEksConfig(input: unknown, field = 'eks'): SandboxEksConfig {
  const bad = (f: string, m: string): never => {
    throw new UserInputError(`sandbox config ${f} ${m}`);
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) bad(field, 'must be a mapping');
  const o = input as Record<string, unknown>;
  const known = ['region', 'readProfiles', 'stsEndpoint', 'eksEndpoint', 'principals', 'signingKeys', 'motoCompat'];
  for (const k of Object.keys(o))
    if (!known.includes(k)) bad(`${field}.${k}`, `is not an eks setting (expected ${known.join(', ')})`);
  if (typeof o.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(o.region))
    bad(`${field}.region`, `must be an AWS region like us-east-1, got ${JSON.stringify(o.region)}`);
  for (const k of ['readProfiles', 'motoCompat'])
    if (o[k] !== undefined && typeof o[k] !== 'boolean') bad(`${field}.${k}`, 'must be true or false');
  for (const k of ['stsEndpoint', 'eksEndpoint']) {
    if (o[k] === undefined) continue;
    let ok = typeof o[k] === 'string';
    try {
      if (ok) ok = /^https?:$/.test(new URL(o[k] as string).protocol);
    } catch {
      ok = false;
    }
    if (!ok) bad(`${field}.${k}`, `must be an http(s) URL, got ${JSON.stringify(o[k])}`);
  }
  const principals = o.principals ?? [];
  if (!Array.isArray(principals)) bad(`${field}.principals`, 'must be a list of {arn, username, groups}');
  (principals as unknown[]).forEach((p, i) => {
    const f = `${field}.principals[${i}]`;
    if (typeof p !== 'object' || p === null) bad(f, 'must be a mapping with arn, username, groups');
    const r = p as Record<string, unknown>;
    if (typeof r.arn !== 'string' || !r.arn.startsWith('arn:'))
      bad(`${f}.arn`, `must be an IAM ARN pattern, got ${JSON.stringify(r.arn)}`);
    if (r.username !== undefined && (typeof r.username !== 'string' || !r.username))
      bad(`${f}.username`, 'must be a non-empty string');
    if (r.groups !== undefined && (!Array.isArray(r.groups) || r.groups.some((g) => typeof g !== 'string')))
      bad(`${f}.groups`, 'must be a list of strings');
  });
  const keys = o.signingKeys ?? [];
  if (
    !Array.isArray(keys) ||
    keys.some(
      (k) =>
        typeof k !== 'object' ||
        k === null ||
        typeof (k as EksSigningKey).accessKeyId !== 'string' ||
        typeof (k as EksSigningKey).secretAccessKey !== 'string',
    )
  ) {
    bad(`${field}.signingKeys`, 'must be a list of {accessKeyId, secretAccessKey}');
  }
  return o as unknown as SandboxEksConfig;
}

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
  const [, partition, service, account, resource] = m as unknown as [string, string, string, string, string];
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

const ALLOWED_PARAMS = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);
/** EKS accepts a token this long after its X-Amz-Date, whatever X-Amz-Expires says. */
const EKS_TOKEN_VALIDITY_MS = 15 * 60_000;
const MAX_TOKEN_BYTES = 4096;
/** How long a verified token is trusted without asking STS again (the API server's token webhook cache). */
const CACHE_TTL_MS = 2 * 60_000;

class Rejected extends Error {}

function reject(message: string): never {
  throw new Rejected(message);
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
    if (token.length > MAX_TOKEN_BYTES) reject('token is too large');
    let url: URL;
    try {
      url = decodeTokenUrl(token);
    } catch (err) {
      reject(`not an EKS token: ${(err as Error).message}`);
    }
    const ep = this.endpoint;
    if (url.protocol !== ep.protocol) reject(`unexpected scheme "${url.protocol.replace(':', '')}" in pre-signed URL`);
    if (url.host !== ep.host) reject(`unexpected hostname "${url.host}" in pre-signed URL`);
    const epPath = ep.pathname || '/';
    if ((url.pathname || '/') !== epPath) reject('unexpected path in pre-signed URL');
    const lower = new Map<string, string>();
    for (const [k, v] of url.searchParams) {
      const l = k.toLowerCase();
      if (lower.has(l)) reject(`duplicate query parameter found: "${k}"`);
      if (!ALLOWED_PARAMS.has(l)) reject(`non-whitelisted query parameter "${k}"`);
      lower.set(l, v);
    }
    if (lower.get('action') !== 'GetCallerIdentity') reject('unexpected action parameter in pre-signed URL');
    const signed = (lower.get('x-amz-signedheaders') ?? '').split(';').map((s) => s.toLowerCase());
    if (!signed.includes(CLUSTER_ID_HEADER))
      reject(`client did not sign the ${CLUSTER_ID_HEADER} header in the pre-signed URL`);
    const expiresRaw = lower.get('x-amz-expires') ?? '';
    const expires = /^\d+$/.test(expiresRaw) ? Number(expiresRaw) : NaN;
    if (!(expires >= 0 && expires <= 900))
      reject(`invalid X-Amz-Expires parameter in pre-signed URL: ${expiresRaw || 0}`);
    const dateRaw = lower.get('x-amz-date');
    if (!dateRaw) reject('X-Amz-Date parameter must be present in pre-signed URL');
    const dm = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(dateRaw);
    if (!dm) reject(`error parsing X-Amz-Date parameter ${dateRaw} into format 20060102T150405Z`);
    const signedAt = Date.UTC(
      Number(dm[1]),
      Number(dm[2]) - 1,
      Number(dm[3]),
      Number(dm[4]),
      Number(dm[5]),
      Number(dm[6]),
    );
    const expiresAt = signedAt + EKS_TOKEN_VALIDITY_MS;
    if (this.now().getTime() > expiresAt)
      reject(`X-Amz-Date parameter is expired (15 minute expiration) ${new Date(signedAt).toISOString()}`);
    const credential = lower.get('x-amz-credential') ?? '';
    const [accessKeyId = '', , credRegion = ''] = credential.split('/');
    const known = this.opts.signingKeys?.find((k) => k.accessKeyId === accessKeyId);
    if (known) await this.checkSignature(url, lower, known, credRegion, new Date(signedAt), expires, signed);

    const identity = await this.callSts(url, lower, accessKeyId);
    const mapping = (this.opts.principals ?? []).find(
      (p) => wildcardMatch(p.arn, identity.canonicalArn) || wildcardMatch(p.arn, identity.arn),
    );
    if (!mapping) reject(`ARN is not mapped: ${identity.canonicalArn}`);
    const defaultName =
      identity.kind === 'role'
        ? `arn:aws:sts::{{AccountID}}:assumed-role/${identity.canonicalArn.split('/').pop()}/{{SessionName}}`
        : identity.canonicalArn;
    const username = (mapping.username ?? defaultName)
      .replaceAll('{{AccountID}}', identity.accountId)
      .replaceAll('{{SessionName}}', (identity.sessionName ?? '').replace(/@/g, '-'))
      .replaceAll('{{SessionNameRaw}}', identity.sessionName ?? '')
      .replaceAll('{{AccessKeyID}}', identity.accessKeyId)
      .replaceAll('{{ARN}}', identity.arn);
    const user: UserInfo = {
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
    return { user, identity, expiresAt };
  }

  /** Re-signs the request with this cluster's name and a known secret; a different signature means another cluster or key. */
  private async checkSignature(
    url: URL,
    lower: Map<string, string>,
    key: EksSigningKey,
    region: string,
    signedAt: Date,
    expires: number,
    signedHeaders: string[],
  ): Promise<void> {
    if (signedHeaders.some((hd) => hd !== 'host' && hd !== CLUSTER_ID_HEADER))
      reject(`pre-signed URL signs headers the API server cannot send: ${signedHeaders.join(';')}`);
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (!k.toLowerCase().startsWith('x-amz-')) query[k] = v;
    const signer = new SignatureV4({
      service: 'sts',
      region,
      credentials: {
        accessKeyId: key.accessKeyId,
        secretAccessKey: key.secretAccessKey,
        ...(lower.has('x-amz-security-token') ? { sessionToken: lower.get('x-amz-security-token')! } : {}),
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
    const presigned = await signer.presign(request, { expiresIn: expires, signingDate: signedAt });
    const want = Buffer.from(String(presigned.query?.['X-Amz-Signature'] ?? ''));
    const got = Buffer.from(lower.get('x-amz-signature') ?? '');
    if (want.length !== got.length || !timingSafeEqual(want, got)) {
      reject(
        `SignatureDoesNotMatch: the token was not signed for cluster "${this.opts.clusterName}" with the key ${key.accessKeyId}`,
      );
    }
  }

  private async callSts(url: URL, lower: Map<string, string>, accessKeyId: string): Promise<EksIdentity> {
    const headers: Record<string, string> = { [CLUSTER_ID_HEADER]: this.opts.clusterName, accept: 'application/json' };
    if (this.opts.motoCompat ?? this.endpoint.protocol === 'http:') {
      headers.authorization = `AWS4-HMAC-SHA256 Credential=${lower.get('x-amz-credential') ?? ''}, SignedHeaders=${lower.get('x-amz-signedheaders') ?? ''}, Signature=${lower.get('x-amz-signature') ?? ''}`;
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
      reject(`error during GET: ${(err as Error).message} on ${this.endpoint.host} endpoint`);
    }
    const body = await res.text();
    if (res.status !== 200)
      reject(
        `error from AWS (expected 200, got ${res.status}) on ${this.endpoint.host} endpoint. Body: ${body.slice(0, 300)}`,
      );
    let arn: string | undefined;
    let account: string | undefined;
    let userId: string | undefined;
    if ((res.headers.get('content-type') ?? '').includes('json')) {
      try {
        const r = (
          JSON.parse(body) as {
            GetCallerIdentityResponse?: {
              GetCallerIdentityResult?: { Arn?: string; Account?: string; UserId?: string };
            };
          }
        ).GetCallerIdentityResponse?.GetCallerIdentityResult;
        ({ Arn: arn, Account: account, UserId: userId } = r ?? {});
      } catch {
        reject('STS answered with invalid JSON');
      }
    } else {
      // moto answers XML whatever Accept says.
      const tag = (n: string): string | undefined => new RegExp(`<${n}>([^<]*)</${n}>`).exec(body)?.[1];
      arn = tag('Arn');
      account = tag('Account');
      userId = tag('UserId');
    }
    if (!arn || !account || !userId) reject('STS GetCallerIdentity answered without Arn, Account or UserId');
    let c;
    try {
      c = canonicalizeArn(arn);
    } catch (err) {
      reject((err as Error).message);
    }
    let sessionName = c.sessionName;
    if (c.kind === 'role' && !sessionName && userId.includes(':')) sessionName = userId.split(':')[1];
    return {
      arn,
      canonicalArn: c.canonical,
      accountId: account,
      userId: c.kind === 'role' ? userId.split(':')[0]! : userId,
      accessKeyId,
      kind: c.kind,
      ...(sessionName ? { sessionName } : {}),
    };
  }
}
