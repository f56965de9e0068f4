/**
 * The bearer token EKS accepts from IAM identities, made the way `aws eks get-token` and
 * aws-iam-authenticator make it: a SigV4 query-string-presigned STS `GetCallerIdentity` GET URL
 * whose signed headers include `x-k8s-aws-id: <cluster name>`, then `k8s-aws-v1.` + the URL in
 * unpadded base64url. The API server's authenticator calls the URL; STS answers with the caller's
 * identity only if the signature (and so the cluster name) is intact.
 *
 * The token is a credential: nothing here logs it or the AWS keys behind it, and error messages
 * never quote it.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { UserInputError, showValue } from '../errors.js';

/** A bearer token for an EKS cluster and when to stop using it. */
export interface EksToken {
  /** `k8s-aws-v1.…` — a secret: never log it. */
  token: string;
  /** When a caller should make a new one (before the 15 minutes EKS accepts it for). */
  expiresAt: Date;
}

/** Options shared by {@link createEksToken} and {@link EksTokenSource}. */
export interface EksTokenOptions {
  /** The EKS cluster name (not ARN); signed into the token as `x-k8s-aws-id`. */
  clusterName: string;
  /** Region of the cluster; STS is called (and the URL signed) in this region. */
  region: string;
  /**
   * Static credentials or a provider. Default: the SDK's default chain (environment, shared
   * config/SSO, web identity, container and instance metadata) — what
   * aws-actions/configure-aws-credentials exports into a workflow.
   */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /**
   * STS endpoint (`https://host[:port][/path]`). Default: `AWS_ENDPOINT_URL_STS`, else
   * `AWS_ENDPOINT_URL` (both ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`, as in the
   * SDK and the aws CLI), else the regional endpoint `https://sts.<region>.<partition domain>`.
   */
  stsEndpoint?: string;
  /** Environment to read the endpoint variables from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The prefix EKS (aws-iam-authenticator) recognises. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The header that binds a token to one cluster. */
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** How long the presigned URL itself is valid; what `aws eks get-token` and aws-iam-authenticator use. */
const PRESIGN_EXPIRES_SECONDS = 60;
/**
 * EKS accepts a token for 15 minutes after its X-Amz-Date. Clients stop using it one minute
 * earlier (aws CLI, aws-iam-authenticator), so a request in flight never carries a dead token.
 */
const TOKEN_LIFETIME_MS = 14 * 60_000;

const STS_QUERY = { Action: 'GetCallerIdentity', Version: '2011-06-15' } as const;

/** EKS's rule for cluster names (CreateCluster `name`). */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Throw a UserInputError naming `field` unless `name` is a valid EKS cluster name. */
export function validateClusterName(name: string, field = 'cluster-name'): void {
  if (!CLUSTER_NAME.test(name)) {
    throw new UserInputError(
      `${showValue(name)} is not an EKS cluster name (1-100 characters: letters, digits, - and _, starting with a letter or digit)`,
      undefined,
      field,
    );
  }
}

/** Throw a UserInputError naming `field` unless `region` looks like an AWS region code. */
export function validateRegion(region: string, field = 'region'): void {
  if (!REGION.test(region)) {
    throw new UserInputError(`${showValue(region)} is not an AWS region (like us-east-1)`, undefined, field);
  }
}

/**
 * The regional STS endpoint's DNS suffix per partition, as botocore's endpoint data has it;
 * `aws eks get-token` signs for the regional endpoint, and EKS accepts regional STS hosts.
 */
function partitionDomain(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  if (region.startsWith('us-isob-')) return 'sc2s.sgov.gov';
  if (region.startsWith('us-isof-')) return 'csp.hci.ic.gov';
  if (region.startsWith('us-iso-')) return 'c2s.ic.gov';
  if (region.startsWith('eu-isoe-')) return 'cloud.adc-e.uk';
  return 'amazonaws.com';
}

/** Which STS endpoint a token for `region` is signed for, and where that choice came from (for messages). */
export function resolveStsEndpoint(
  region: string,
  explicit?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): { url: URL; source: string } {
  const candidates: Array<[string, string | undefined]> = [['stsEndpoint', explicit]];
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() !== 'true') {
    candidates.push(['AWS_ENDPOINT_URL_STS', env.AWS_ENDPOINT_URL_STS], ['AWS_ENDPOINT_URL', env.AWS_ENDPOINT_URL]);
  }
  for (const [source, value] of candidates) {
    if (value === undefined || value === '') continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UserInputError(`${showValue(value)} is not a URL`, undefined, source);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username) {
      throw new UserInputError(
        `${showValue(value)} is not an endpoint URL (http(s)://host[:port][/path], no query, fragment or user)`,
        undefined,
        source,
      );
    }
    return { url, source };
  }
  return { url: new URL(`https://sts.${region}.${partitionDomain(region)}/`), source: 'default' };
}

/** RFC 3986 percent-encoding, as SigV4 canonicalisation and botocore's `quote(safe='-_.~')` do it. */
function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Query parameters in the order `aws eks get-token` writes them, so our URL and botocore's are
 * the same string for the same inputs; the signature does not depend on the order.
 */
const PARAM_ORDER = [
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
];

function orderedQuery(query: Record<string, string | string[] | null>): string {
  const rank = (k: string): number => {
    const i = PARAM_ORDER.indexOf(k);
    return i < 0 ? PARAM_ORDER.length - 1.5 : i; // unknown ones just before the signature, by name
  };
  const keys = Object.keys(query).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const parts: string[] = [];
  for (const k of keys) {
    const v = query[k];
    for (const one of Array.isArray(v) ? v : [v ?? '']) parts.push(`${uriEscape(k)}=${uriEscape(one)}`);
  }
  return parts.join('&');
}

function isCredentialsProviderError(err: unknown): err is Error {
  return err instanceof Error && err.name === 'CredentialsProviderError';
}

async function resolveCredentials(
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
  clusterName: string,
): Promise<AwsCredentialIdentity> {
  if (typeof credentials !== 'function') return credentials;
  try {
    return await credentials();
  } catch (err) {
    // "Could not load credentials from any providers" is a setup problem the user fixes, not a bug;
    // the SDK's message never contains secrets.
    if (isCredentialsProviderError(err)) {
      throw new UserInputError(
        `no AWS credentials to sign an EKS token for cluster ${showValue(clusterName)}: ${err.message} ` +
          '(set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or use aws-actions/configure-aws-credentials)',
      );
    }
    throw err;
  }
}

/** The SDK default credential chain; memoised and refreshed by the SDK before expiry. */
function defaultCredentials(): AwsCredentialIdentityProvider {
  return defaultProvider();
}

/**
 * Make the bearer token `aws eks get-token` makes (see the module comment). With the same
 * credentials, region, endpoint and signing time, the token is the same string the aws CLI prints.
 * `expiresAt` is the signing time + 14 minutes, or earlier when the credentials expire earlier
 * (the presigned URL dies with the session behind it).
 */
export async function createEksToken(opts: EksTokenOptions & { now?: Date }): Promise<EksToken> {
  validateClusterName(opts.clusterName);
  validateRegion(opts.region);
  const { url } = resolveStsEndpoint(opts.region, opts.stsEndpoint, opts.env);
  const credentials = await resolveCredentials(opts.credentials ?? defaultCredentials(), opts.clusterName);

  // X-Amz-Date has whole seconds; truncating first keeps the token's date and expiresAt consistent.
  const signedAt = new Date(Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000);
  const signer = new SignatureV4({
    service: 'sts',
    region: opts.region,
    credentials,
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
    query: { ...STS_QUERY },
    // The SDK's middleware normally adds `host`; a bare signer signs only what the request carries.
    headers: { host: url.host, [CLUSTER_ID_HEADER]: opts.clusterName },
  });
  const presigned = await signer.presign(request, { expiresIn: PRESIGN_EXPIRES_SECONDS, signingDate: signedAt });

  const presignedUrl = `${url.protocol}//${url.host}${request.path}?${orderedQuery(presigned.query ?? {})}`;
  const token = EKS_TOKEN_PREFIX + Buffer.from(presignedUrl, 'utf8').toString('base64url');

  let expiresAt = signedAt.getTime() + TOKEN_LIFETIME_MS;
  if (credentials.expiration && credentials.expiration.getTime() < expiresAt)
    expiresAt = credentials.expiration.getTime();
  return { token, expiresAt: new Date(expiresAt) };
}

/** A k8s-aws-v1 token taken apart. */
export interface DecodedEksToken {
  /** The presigned STS URL. */
  url: URL;
  /** Its query parameters (the last value when one repeats). */
  params: Record<string, string>;
  /** `X-Amz-SignedHeaders` split on `;` (lower case, as signed). */
  signedHeaders: string[];
}

/**
 * Decode a `k8s-aws-v1.` token back to its presigned URL, query parameters and signed headers.
 * Checks the form only, not the signature (only STS can). Errors never quote the token.
 */
export function decodeEksToken(token: string): DecodedEksToken {
  if (!token.startsWith(EKS_TOKEN_PREFIX)) {
    throw new UserInputError(`not an EKS token: it does not start with ${EKS_TOKEN_PREFIX}`);
  }
  const body = token.slice(EKS_TOKEN_PREFIX.length);
  // Node's base64url decoder skips characters outside the alphabet; a strict check keeps a
  // mangled token from decoding to a plausible but different URL.
  if (!/^[A-Za-z0-9_-]+$/.test(body) || body.length % 4 === 1) {
    throw new UserInputError('not an EKS token: the part after k8s-aws-v1. is not unpadded base64url');
  }
  let url: URL;
  try {
    url = new URL(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new UserInputError('not an EKS token: it does not decode to a URL');
  }
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  const signedHeaders = (params['X-Amz-SignedHeaders'] ?? '').split(';').filter((h) => h !== '');
  return { url, params, signedHeaders };
}

/** Options of {@link EksTokenSource}. */
export interface EksTokenSourceOptions extends EksTokenOptions {
  /** The clock; injected by tests. Default `() => new Date()`. */
  now?: () => Date;
}

/**
 * Hands out a token for one cluster, making a new one only when the current one reaches its
 * `expiresAt` (14 minutes, or the credentials' expiry). Concurrent callers during a refresh share
 * one signing. A failed refresh is not cached: the next call tries again. The default credential
 * provider is created once, so the SDK's own credential caching and refresh apply.
 */
export class EksTokenSource {
  private readonly opts: EksTokenOptions;
  private readonly now: () => Date;
  private current: EksToken | undefined;
  private pending: Promise<EksToken> | undefined;

  constructor(opts: EksTokenSourceOptions) {
    validateClusterName(opts.clusterName);
    validateRegion(opts.region);
    resolveStsEndpoint(opts.region, opts.stsEndpoint, opts.env); // fail at construction, not mid-deploy
    const { now, ...rest } = opts;
    this.opts = { ...rest, credentials: opts.credentials ?? defaultCredentials() };
    this.now = now ?? (() => new Date());
  }

  /** The bearer token to send now (`Authorization: Bearer <token>`). */
  async token(): Promise<string> {
    return (await this.tokenWithExpiry()).token;
  }

  /** The token to send now and when it will be replaced. */
  async tokenWithExpiry(): Promise<EksToken> {
    const now = this.now();
    if (this.current && now.getTime() < this.current.expiresAt.getTime()) return this.current;
    if (!this.pending) {
      this.pending = createEksToken({ ...this.opts, now })
        .then((t) => {
          this.current = t;
          return t;
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }

  /** Forget the cached token (e.g. after the API server answered 401), so the next call signs anew. */
  invalidate(): void {
    this.current = undefined;
  }
}
