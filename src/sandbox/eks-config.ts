/**
 * The `eks` section of the sandbox config (region, STS endpoint, principal mappings, signing keys),
 * validated once with messages naming the field, and the STS endpoint tokens must point at.
 */
import { UserInputError } from '../errors.js';
import { isPlainObject } from './object.js';

/** An AWS region code, like us-east-1. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The STS endpoint tokens must be presigned for: the configured one, the SDK's environment variables, else the regional endpoint. */
export function stsEndpointFor(
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
  if (!isPlainObject(input)) return bad(field, 'must be a mapping');
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
    if (!isPlainObject(p)) return bad(f, 'must be a mapping with arn, username, groups');
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
    const list: unknown[] = input;
    for (const k of list) {
      if (!isPlainObject(k)) break;
      const { accessKeyId, secretAccessKey, sessionToken } = k;
      if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') break;
      if (sessionToken !== undefined && typeof sessionToken !== 'string') break;
      keys.push({ accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) });
    }
    if (keys.length === input.length) return keys;
  }
  return bad(field, 'must be a list of {accessKeyId, secretAccessKey, sessionToken (optional)}');
}
