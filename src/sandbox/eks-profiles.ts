/**
 * Fargate profiles from the EKS API: the sandbox can take the profiles of the EKS cluster with
 * the same name (ListFargateProfiles + DescribeFargateProfile, its own SDK calls: the sandbox
 * imports nothing from the tool's layers), so the
 * deploy's preflight (which asks EKS) and the sandbox's scheduler (which places pods) agree.
 * Only ACTIVE profiles schedule pods, as on EKS; the others are reported, not used.
 */
import {
  DescribeClusterCommand,
  DescribeFargateProfileCommand,
  EKSClient,
  ListFargateProfilesCommand,
} from '@aws-sdk/client-eks';
import { UserInputError } from '../errors.js';
import type { SandboxFargateProfile } from './config.js';

/** Options of {@link readEksFargateProfiles}. */
export interface ReadEksProfilesOptions {
  clusterName: string;
  region: string;
  /** EKS endpoint (moto in tests); default the SDK's resolution (`AWS_ENDPOINT_URL_EKS`, `AWS_ENDPOINT_URL`, AWS). */
  endpoint?: string | undefined;
  /** A ready client (tests); overrides region/endpoint. */
  client?: EKSClient;
}

/** What EKS said: the profiles the sandbox will use, and the ones it leaves out (not ACTIVE). */
export interface EksProfilesResult {
  profiles: SandboxFargateProfile[];
  skipped: Array<{ name: string; status: string }>;
}

/**
 * Reads the Fargate profiles of `clusterName` from EKS, sorted by name. Throws a UserInputError
 * naming the cluster and region when the cluster does not exist or access is denied.
 */
export async function readEksFargateProfiles(opts: ReadEksProfilesOptions): Promise<EksProfilesResult> {
  const client =
    opts.client ??
    new EKSClient({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
    });
  try {
    // DescribeCluster first: it names a missing cluster reliably (moto answers ListFargateProfiles
    // for an unknown cluster with an HTML 404 the SDK cannot parse).
    try {
      await client.send(new DescribeClusterCommand({ name: opts.clusterName }));
    } catch (err) {
      if (err instanceof Error && err.name === 'ResourceNotFoundException') {
        throw new UserInputError(
          `EKS cluster "${opts.clusterName}" in region ${opts.region} not found, so its Fargate profiles cannot be read (eks.readProfiles)`,
        );
      }
      throw err;
    }
    const names: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 100; page++) {
      const out = await client.send(
        new ListFargateProfilesCommand({ clusterName: opts.clusterName, maxResults: 100, nextToken }),
      );
      names.push(...(out.fargateProfileNames ?? []));
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
    const profiles: SandboxFargateProfile[] = [];
    const skipped: EksProfilesResult['skipped'] = [];
    for (const name of [...new Set(names)].sort()) {
      const { fargateProfile: p } = await client.send(
        new DescribeFargateProfileCommand({ clusterName: opts.clusterName, fargateProfileName: name }),
      );
      if (!p) continue;
      if (p.status !== undefined && p.status !== 'ACTIVE') skipped.push({ name, status: p.status });
      else {
        profiles.push({
          name,
          selectors: (p.selectors ?? []).map((s) => ({
            namespace: s.namespace ?? '',
            ...(s.labels && Object.keys(s.labels).length > 0 ? { labels: { ...s.labels } } : {}),
          })),
        });
      }
    }
    return { profiles, skipped };
  } finally {
    if (!opts.client) client.destroy();
  }
}
