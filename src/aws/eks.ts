/**
 * The EKS and STS calls the deploy needs before it touches a cluster: where the API server is
 * (DescribeCluster), which Fargate profiles can take pods (ListFargateProfiles +
 * DescribeFargateProfile), and who we are (GetCallerIdentity). Thin: clients are injected,
 * answers come back as small plain types, and "not found" / "not allowed" become messages
 * naming the cluster, region and the IAM action.
 */
import {
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  EKSClient,
  ListFargateProfilesCommand,
  type FargateProfile as EksFargateProfile,
} from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { UserInputError, showValue } from '../errors.js';
import type { FargateProfile } from '../fargate/profiles.js';
import { validateClusterName, validateRegion } from './eks-token.js';

/** What the deploy needs to know about a cluster to reach its API server. */
export interface EksClusterInfo {
  name: string;
  /** The API server URL (`https://….eks.amazonaws.com`). */
  endpoint: string;
  /** The cluster CA bundle: base64 of PEM, as in a kubeconfig's `certificate-authority-data`. */
  caData: string;
  region: string;
  /** CREATING, ACTIVE, DELETING, FAILED, UPDATING, PENDING. */
  status: string;
  /** Kubernetes minor version, e.g. `1.31`. */
  version?: string;
  arn?: string;
}

/** The caller behind the credentials. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** A listing that goes on longer than this is a broken paginator, not a real cluster (EKS allows 10 profiles). */
const MAX_PAGES = 100;
/** Profiles described at once: hides latency without inviting throttling. */
const DESCRIBE_CONCURRENCY = 4;

/**
 * Clients for the SDK's default credential chain. The SDK honours `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_EKS` / `AWS_ENDPOINT_URL_STS` (how tests point them at moto). Timeouts are set
 * because the SDK's default is to wait forever, and `throwOnRequestTimeout` because without it the
 * SDK only logs a warning when `requestTimeout` passes and goes on waiting: an endpoint that accepts
 * connections and never answers costs at most 2 attempts of 20 s per call (and callers pass the
 * command's signal too).
 */
export function defaultEksClients(region: string): { eks: EKSClient; sts: STSClient } {
  validateRegion(region);
  const config = {
    region,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
  };
  return { eks: new EKSClient(config), sts: new STSClient(config) };
}

/** The SDK's per-call options: an abort signal, when there is one. */
function sendOptions(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}

function awsErrorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

/** "Not allowed" is a setup problem the user fixes (IAM policy), so it reads as one. */
function accessDenied(err: unknown, action: string, what: string): UserInputError | undefined {
  const name = awsErrorName(err);
  if (name !== 'AccessDeniedException' && name !== 'AccessDenied' && name !== 'UnauthorizedOperation') return undefined;
  return new UserInputError(`not allowed to call ${action} on ${what}: ${(err as Error).message}`);
}

function clusterText(name: string, region: string): string {
  return `EKS cluster ${showValue(name)} in region ${region}`;
}

/**
 * DescribeCluster, reduced to what a kube client needs. A missing cluster or one without an
 * endpoint/CA yet (still CREATING) is a UserInputError naming the cluster and region.
 */
export async function describeCluster(
  client: EKSClient,
  name: string,
  region: string,
  signal?: AbortSignal,
): Promise<EksClusterInfo> {
  validateClusterName(name);
  validateRegion(region);
  let cluster;
  try {
    ({ cluster } = await client.send(new DescribeClusterCommand({ name }), sendOptions(signal)));
  } catch (err) {
    if (awsErrorName(err) === 'ResourceNotFoundException') {
      throw new UserInputError(
        `${clusterText(name, region)} not found (check cluster-name, region and the AWS account)`,
      );
    }
    throw accessDenied(err, 'eks:DescribeCluster', clusterText(name, region)) ?? err;
  }
  if (!cluster) throw new Error(`DescribeCluster returned no cluster for ${clusterText(name, region)}`);
  const status = cluster.status ?? 'UNKNOWN';
  const endpoint = cluster.endpoint;
  const caData = cluster.certificateAuthority?.data;
  if (!endpoint || !caData) {
    throw new UserInputError(
      `${clusterText(name, region)} has no API endpoint${caData ? '' : ' or certificate authority'} yet (status ${status})`,
    );
  }
  return {
    name: cluster.name ?? name,
    endpoint,
    caData,
    region,
    status,
    ...(cluster.version ? { version: cluster.version } : {}),
    ...(cluster.arn ? { arn: cluster.arn } : {}),
  };
}

function toFargateProfile(p: EksFargateProfile, fallbackName: string): FargateProfile {
  return {
    name: p.fargateProfileName ?? fallbackName,
    selectors: (p.selectors ?? []).map((s) => ({
      namespace: s.namespace ?? '',
      ...(s.labels && Object.keys(s.labels).length > 0 ? { labels: { ...s.labels } } : {}),
    })),
    ...(p.status ? { status: p.status } : {}),
  };
}

/** Options of {@link listFargateProfiles}. */
export interface ListFargateProfilesOptions {
  /** Only for messages ("… in region us-east-1"); the client decides the region. */
  region?: string;
  /** ListFargateProfiles `maxResults` (1-100); default 100. */
  pageSize?: number;
  /** Cancels the calls (a signal, or the command's time limit). */
  signal?: AbortSignal;
}

/**
 * Every Fargate profile of a cluster with its selectors and status (all pages of
 * ListFargateProfiles, then DescribeFargateProfile for each), sorted by name — the order EKS
 * uses to pick between matching profiles. A profile deleted between the two calls is left out.
 */
export async function listFargateProfiles(
  client: EKSClient,
  cluster: string,
  options: ListFargateProfilesOptions = {},
): Promise<FargateProfile[]> {
  validateClusterName(cluster);
  const { region, pageSize = 100 } = options;
  const where = region ? clusterText(cluster, region) : `EKS cluster ${showValue(cluster)}`;
  const names: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    if (++pages > MAX_PAGES) throw new Error(`ListFargateProfiles for ${where} returned more than ${MAX_PAGES} pages`);
    let page;
    try {
      page = await client.send(
        new ListFargateProfilesCommand({ clusterName: cluster, maxResults: pageSize, nextToken }),
        sendOptions(options.signal),
      );
    } catch (err) {
      if (awsErrorName(err) === 'ResourceNotFoundException') throw new UserInputError(`${where} not found`);
      throw accessDenied(err, 'eks:ListFargateProfiles', where) ?? err;
    }
    names.push(...(page.fargateProfileNames ?? []));
    nextToken = page.nextToken || undefined;
  } while (nextToken);

  const unique = [...new Set(names)];
  const described = new Array<FargateProfile | undefined>(unique.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      const profileName = unique[i];
      if (profileName === undefined) return;
      try {
        const { fargateProfile } = await client.send(
          new DescribeFargateProfileCommand({ clusterName: cluster, fargateProfileName: profileName }),
          sendOptions(options.signal),
        );
        described[i] = fargateProfile ? toFargateProfile(fargateProfile, profileName) : undefined;
      } catch (err) {
        if (awsErrorName(err) === 'ResourceNotFoundException') continue;
        throw (
          accessDenied(err, 'eks:DescribeFargateProfile', `Fargate profile ${showValue(profileName)} of ${where}`) ??
          err
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, unique.length) }, worker));
  return described
    .filter((p): p is FargateProfile => p !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** STS errors that mean the credentials themselves are bad or stale, which the user fixes. */
const REJECTED_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
]);

/** STS GetCallerIdentity: the account, ARN and user id behind the client's credentials. */
export async function callerIdentity(client: STSClient, signal?: AbortSignal): Promise<CallerIdentity> {
  let out;
  try {
    out = await client.send(new GetCallerIdentityCommand({}), sendOptions(signal));
  } catch (err) {
    const name = awsErrorName(err);
    if (name === 'CredentialsProviderError') {
      throw new UserInputError(
        `no AWS credentials: ${(err as Error).message} (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or use aws-actions/configure-aws-credentials)`,
      );
    }
    if (name !== undefined && REJECTED_CREDENTIALS.has(name)) {
      throw new UserInputError(`STS rejected the AWS credentials (${name}): ${(err as Error).message}`);
    }
    throw err;
  }
  if (!out.Account || !out.Arn || !out.UserId) {
    throw new Error('STS GetCallerIdentity answered without Account, Arn or UserId');
  }
  return { account: out.Account, arn: out.Arn, userId: out.UserId };
}
