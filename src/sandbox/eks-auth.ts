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
/** An AWS region code, like us-east-1. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The presigned URL inside an EKS token, decoded the way aws-iam-authenticator does — the
 * sandbox's own decoder, not the tool's (it judges the tool's tokens, it must not share its bugs).
 */
function decodeTokenUrl(token: string): URL {
  if (!token.startsWith(EKS_TOKEN_PREFIX)) throw new Error(`it does not start with ${EKS_TOKEN_PREFIX}`);
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

/** A secret key the sandbox may use to verify token signatures itself (what STS knows about the key). */
export interface EksSigningKey {
  accessKeyId: string;
  secretAccessKey: string;
  /**
   * The session token of temporary credentials. A token signed with this key must carry exactly
   * this one, and none when it is not given (long-term keys), as STS requires.
   */
  sessionToken?: string;
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

const EKS_SETTINGS = [
  'region',
  'readProfiles',
  'stsEndpoint',
  'eksEndpoint',
  'principals',
  'signingKeys',
  'motoCompat',
] as const;

/** Validates the `eks` config section; errors name the field. */
export function parseEksConfig(input: unknown, field = 'eks'): SandboxEksConfig {
  const bad = (f: string, m: string): never => {
    throw new UserInputError(`sandbox config ${f} ${m}`);
  };
  if (!isRecord(input)) return bad(field, 'must be a mapping');
  const known: readonly string[] = EKS_SETTINGS;
  for (const k of Object.keys(input))
    if (!known.includes(k)) bad(`${field}.${k}`, `is not an eks setting (expected ${known.join(', ')})`);
  const { region } = input;
  if (typeof region !== 'string' || !REGION.test(region))
    return bad(`${field}.region`, `must be an AWS region like us-east-1, got ${JSON.stringify(region)}`);
  const cfg: SandboxEksConfig = { region };
  for (const k of ['readProfiles', 'motoCompat'] as const) {
    const v = input[k];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') return bad(`${field}.${k}`, 'must be true or false');
    cfg[k] = v;
  }
  for (const k of ['stsEndpoint', 'eksEndpoint'] as const) {
    const v = input[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !isHttpUrl(v))
      return bad(`${field}.${k}`, `must be an http(s) URL, got ${JSON.stringify(v)}`);
    cfg[k] = v;
  }
  if (input.principals !== undefined) cfg.principals = parsePrincipals(input.principals, `${field}.principals`, bad);
  if (input.signingKeys !== undefined)
    cfg.signingKeys = parseSigningKeys(input.signingKeys, `${field}.signingKeys`, bad);
  return cfg;
}

function parsePrincipals(input: unknown, field: string, bad: (f: string, m: string) => never): EksPrincipalMapping[] {
  if (!Array.isArray(input)) return bad(field, 'must be a list of {arn, username, groups}');
  return input.map((p: unknown, i): EksPrincipalMapping => {
    const f = `${field}[${i}]`;
    if (!isRecord(p)) return bad(f, 'must be a mapping with arn, username, groups');
    const { arn, username, groups } = p;
    if (typeof arn !== 'string' || !arn.startsWith('arn:'))
      return bad(`${f}.arn`, `must be an IAM ARN pattern, got ${JSON.stringify(arn)}`);
    const mapping: EksPrincipalMapping = { arn };
    if (username !== undefined) {
      if (typeof username !== 'string' || !username) return bad(`${f}.username`, 'must be a non-empty string');
      mapping.username = username;
    }
    if (groups !== undefined) {
      if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string'))
        return bad(`${f}.groups`, 'must be a list of strings');
      mapping.groups = groups;
    }
    return mapping;
  });
}

function parseSigningKeys(input: unknown, field: string, bad: (f: string, m: string) => never): EksSigningKey[] {
  const keys: EksSigningKey[] = [];
  if (Array.isArray(input)) {
    for (const k of input as unknown[]) {
      if (!isRecord(k)) break;
      const { accessKeyId, secretAccessKey, sessionToken } = k;
      if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') break;
      if (sessionToken !== undefined && typeof sessionToken !== 'string') break;
      keys.push({ accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) });
    }
    if (keys.length === input.length) return keys;
  }
  return bad(field, 'must be a list of {accessKeyId, secretAccessKey, sessionToken (optional)}');
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
/** The real STS hosts (regional, or global = us-east-1), per partition; group 1 is the region. */
const STS_HOST =
  /^sts(?:\.([a-z]{2}(?:-[a-z]+)+-\d+))?\.(amazonaws\.com(?:\.cn)?|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/;
/** What moto's GetCallerIdentity answers for an access key it does not know (real STS answers 403). */
const MOTO_UNKNOWN_KEY_ARN = /^arn:aws:sts::\d{12}:user\/moto$/;

class Rejected extends Error {}

function reject(message: string): never {
  throw new Rejected(message);
}

/** A token that passed the checks made before STS is called; `params` has lower-case names. */
interface CheckedToken {
  url: URL;
  params: Map<string, string>;
  accessKeyId: string;
  /** Region of the credential scope (the region the URL was signed for). */
  region: string;
  signedAt: Date;
  /** X-Amz-Expires, in seconds. */
  expires: number;
  /** When EKS stops accepting the token (ms since the epoch). */
  expiresAt: number;
}

/**
 * aws-iam-authenticator's checks of the URL: the configured STS endpoint, only SigV4 parameters,
 * each once, Action=GetCallerIdentity, x-k8s-aws-id signed.
 */
function checkUrl(url: URL, endpoint: URL): Map<string, string> {
  if (url.protocol !== endpoint.protocol)
    reject(`unexpected scheme "${url.protocol.replace(':', '')}" in pre-signed URL`);
  if (url.host !== endpoint.host) reject(`unexpected hostname "${url.host}" in pre-signed URL`);
  if ((url.pathname || '/') !== (endpoint.pathname || '/')) reject('unexpected path in pre-signed URL');
  const params = new Map<string, string>();
  for (const [k, v] of url.searchParams) {
    const l = k.toLowerCase();
    if (params.has(l)) reject(`duplicate query parameter found: "${k}"`);
    if (!ALLOWED_PARAMS.has(l)) reject(`non-whitelisted query parameter "${k}"`);
    params.set(l, v);
  }
  if (params.get('action') !== 'GetCallerIdentity') reject('unexpected action parameter in pre-signed URL');
  if (!signedHeaders(params).includes(CLUSTER_ID_HEADER))
    reject(`client did not sign the ${CLUSTER_ID_HEADER} header in the pre-signed URL`);
  return params;
}

function signedHeaders(params: Map<string, string>): string[] {
  return (params.get('x-amz-signedheaders') ?? '').split(';').map((h) => h.toLowerCase());
}

/** X-Amz-Expires and X-Amz-Date: the token lives 15 minutes after its date (EKS), and is not dated ahead (STS). */
function checkTimes(params: Map<string, string>, now: Date): { signedAt: Date; expires: number; expiresAt: number } {
  const expiresRaw = params.get('x-amz-expires') ?? '';
  const expires = /^\d+$/.test(expiresRaw) ? Number(expiresRaw) : NaN;
  if (!(expires >= 0 && expires <= 900))
    reject(`invalid X-Amz-Expires parameter in pre-signed URL: ${expiresRaw || 0}`);
  const dateRaw = params.get('x-amz-date');
  if (!dateRaw) return reject('X-Amz-Date parameter must be present in pre-signed URL');
  const dm = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(dateRaw);
  if (!dm) return reject(`error parsing X-Amz-Date parameter ${dateRaw} into format 20060102T150405Z`);
  const [, year, month, day, hour, minute, second] = dm.map(Number);
  const signedAt = new Date(Date.UTC(year ?? NaN, (month ?? NaN) - 1, day, hour, minute, second));
  if (Number.isNaN(signedAt.getTime()))
    reject(`error parsing X-Amz-Date parameter ${dateRaw} into format 20060102T150405Z`);
  const expiresAt = signedAt.getTime() + EKS_TOKEN_VALIDITY_MS;
  if (now.getTime() > expiresAt)
    reject(`X-Amz-Date parameter is expired (15 minute expiration) ${signedAt.toISOString()}`);
  // STS refuses requests dated too far ahead as well ("Signature not yet current").
  if (signedAt.getTime() - now.getTime() > EKS_TOKEN_VALIDITY_MS)
    reject(`X-Amz-Date parameter is in the future: ${signedAt.toISOString()}`);
  return { signedAt, expires, expiresAt };
}

/**
 * What STS checks of the signing parameters before it looks at the key and signature: version,
 * algorithm, the credential scope (key/date/region/sts/aws4_request, the date that of X-Amz-Date,
 * the region that of a real STS host) and the signed headers (only those the API server sends).
 */
function checkSigningParams(params: Map<string, string>, endpoint: URL): { accessKeyId: string; region: string } {
  const signed = signedHeaders(params);
  if (params.get('version') !== '2011-06-15') reject('unsupported Version parameter in pre-signed URL');
  if (params.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') reject('unsupported X-Amz-Algorithm in pre-signed URL');
  const scope = (params.get('x-amz-credential') ?? '').split('/');
  const [accessKeyId, scopeDate, region, service, terminator] = scope;
  if (
    scope.length !== 5 ||
    !accessKeyId ||
    service !== 'sts' ||
    terminator !== 'aws4_request' ||
    !region ||
    !REGION.test(region)
  )
    return reject('malformed X-Amz-Credential in pre-signed URL');
  if (scopeDate !== (params.get('x-amz-date') ?? '').slice(0, 8))
    reject('X-Amz-Credential date does not match X-Amz-Date');
  const host = STS_HOST.exec(endpoint.hostname);
  const hostRegion = host ? (host[1] ?? 'us-east-1') : undefined;
  if (hostRegion !== undefined && hostRegion !== region)
    reject(`credential scoped to region ${region} but the URL is for ${hostRegion}`);
  if ([...signed].sort().join(';') !== `host;${CLUSTER_ID_HEADER}`)
    reject(
      `pre-signed URL must sign exactly the headers the API server sends (host;${CLUSTER_ID_HEADER}), not ${signed.join(';')}`,
    );
  return { accessKeyId, region };
}

/** Everything checked before STS is called; throws Rejected with the reason. */
function checkToken(token: string, endpoint: URL, now: Date): CheckedToken {
  if (token.length > MAX_TOKEN_BYTES) reject('token is too large');
  let url: URL;
  try {
    url = decodeTokenUrl(token);
  } catch (err) {
    return reject(`not an EKS token: ${err instanceof Error ? err.message : String(err)}`);
  }
  const params = checkUrl(url, endpoint);
  const times = checkTimes(params, now);
  const { accessKeyId, region } = checkSigningParams(params, endpoint);
  return { url, params, accessKeyId, region, ...times };
}

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
    const response = isRecord(parsed) ? parsed.GetCallerIdentityResponse : undefined;
    const result = isRecord(response) ? response.GetCallerIdentityResult : undefined;
    if (!isRecord(result)) return {};
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
