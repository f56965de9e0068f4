/**
 * The checks EKS makes of a `k8s-aws-v1.` token before it calls STS (aws-iam-authenticator's rules),
 * and STS's own checks of the signing parameters before it looks at the key and the signature.
 * Pure: no I/O. A failed check throws {@link Rejected} with the reason (never the token).
 */
import { REGION } from './eks-config.js';

/** EKS tokens start with this; the rest is the unpadded base64url of a presigned STS URL. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The signed header that binds a token to one cluster. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

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
/** The real STS hosts (regional, or global = us-east-1), per partition; group 1 is the region. */
const STS_HOST =
  /^sts(?:\.([a-z]{2}(?:-[a-z]+)+-\d+))?\.(amazonaws\.com(?:\.cn)?|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/;

/** A token refused, with the reason EKS's authenticator would log. */
export class Rejected extends Error {}

export function reject(message: string): never {
  throw new Rejected(message);
}

/** A token that passed the checks made before STS is called; `params` has lower-case names. */
export interface CheckedToken {
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
export function checkToken(token: string, endpoint: URL, now: Date): CheckedToken {
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
