/**
 * The ECR calls the build needs: make sure each repository exists (created with the inputs'
 * settings, or compared with them), a registry login (GetAuthorizationToken), which digest a tag
 * points at (DescribeImages), adding a tag to an existing image (BatchGetImage + PutImage, the
 * retag AWS documents) and the scan findings of an image. Thin: the client is injected, answers
 * come back as small plain types, and "not allowed" names the IAM action that is missing.
 */
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  type ECRClientConfig,
  GetAuthorizationTokenCommand,
  GetLifecyclePolicyCommand,
  PutImageCommand,
  PutLifecyclePolicyCommand,
  StartImageScanCommand,
  type Repository,
} from '@aws-sdk/client-ecr';
import type { RepositorySettings, ScanSeverity } from '../config/build.js';
import { UserInputError, showValue } from '../errors.js';
import { systemClock } from '../util/retry.js';

/** A repository as the build sees it. */
export interface EcrRepository {
  name: string;
  /** `123456789012.dkr.ecr.us-east-1.amazonaws.com/web`. */
  uri: string;
  registryId: string;
  tagImmutability: boolean;
  scanOnPush: boolean;
  encryption: { type: string; kmsKey?: string };
}

/** What {@link ensureRepository} did. */
export interface EnsuredRepository {
  repository: EcrRepository;
  created: boolean;
  /** Where an existing repository's settings differ from the inputs (it is left alone). */
  warnings: string[];
}

/** A registry login from GetAuthorizationToken. `password` is a secret: mask it, never log it. */
export interface EcrLogin {
  /** `host` of the proxy endpoint, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`. */
  registry: string;
  username: string;
  password: string;
  expiresAt?: Date;
}

/** One finding of an ECR image scan. */
export interface ScanFinding {
  name: string;
  severity: string;
  uri?: string;
  package?: string;
  packageVersion?: string;
}

/** The outcome of waiting for a scan. */
export interface ScanResult {
  status: string;
  findings: ScanFinding[];
  severityCounts: Record<string, number>;
}

/**
 * An ECR client for the SDK's default credential chain (it honours `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_ECR`). Throttling is retried by the SDK's standard mode with backoff; six
 * attempts ride out the burst limits a monorepo with many images can hit. `overrides` (endpoint,
 * credentials) are for tests and private endpoints.
 */
export function defaultEcrClient(region: string, overrides: Partial<ECRClientConfig> = {}): ECRClient {
  return new ECRClient({
    region,
    maxAttempts: 6,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
    ...overrides,
  });
}

function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

/** "Not allowed" is a setup problem the user fixes in IAM, so it names the action. */
function denied(err: unknown, action: string, what: string): Error {
  const name = errorName(err);
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation') {
    return new UserInputError(
      `not allowed to call ${action} on ${what} (add ${action} to the role's policy): ${(err as Error).message}`,
    );
  }
  return err as Error;
}

function toRepository(r: Repository, fallbackName: string): EcrRepository {
  const mutability = r.imageTagMutability ?? 'MUTABLE';
  return {
    name: r.repositoryName ?? fallbackName,
    uri: r.repositoryUri ?? '',
    registryId: r.registryId ?? '',
    tagImmutability: mutability.startsWith('IMMUTABLE'),
    scanOnPush: r.imageScanningConfiguration?.scanOnPush ?? false,
    encryption: {
      type: r.encryptionConfiguration?.encryptionType ?? 'AES256',
      ...(r.encryptionConfiguration?.kmsKey ? { kmsKey: r.encryptionConfiguration.kmsKey } : {}),
    },
  };
}

/** The lifecycle policy text for "keep the newest N images". */
export function lifecyclePolicyText(keep: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `keep the newest ${keep} images (eks-fargate-deploy)`,
        selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keep },
        action: { type: 'expire' },
      },
    ],
  });
}

/** The `countNumber` of a policy that is exactly one "keep N images" rule, else undefined. */
function keptByPolicy(text: string): number | undefined {
  try {
    const p = JSON.parse(text) as {
      rules?: { selection?: { tagStatus?: string; countType?: string; countNumber?: number } }[];
    };
    const rules = p.rules ?? [];
    const sel = rules.length === 1 ? rules[0]?.selection : undefined;
    return sel?.tagStatus === 'any' && sel.countType === 'imageCountMoreThan' ? sel.countNumber : undefined;
  } catch {
    return undefined;
  }
}

async function describeRepository(client: ECRClient, name: string): Promise<EcrRepository | undefined> {
  try {
    const { repositories } = await client.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    const r = repositories?.[0];
    return r ? toRepository(r, name) : undefined;
  } catch (err) {
    if (errorName(err) === 'RepositoryNotFoundException') return undefined;
    throw denied(err, 'ecr:DescribeRepositories', `repository ${showValue(name)}`);
  }
}

/**
 * Make sure repository `name` exists. A missing one is created with the settings (scan on push,
 * tag immutability, encryption) and, when `lifecycleKeep` is set, a lifecycle policy. An existing
 * one is left alone: every setting that differs from the inputs comes back as a warning, since
 * changing a shared repository behind its owners' backs is not this tool's call.
 */
export async function ensureRepository(
  client: ECRClient,
  name: string,
  settings: RepositorySettings,
): Promise<EnsuredRepository> {
  const existing = await describeRepository(client, name);
  if (existing)
    return { repository: existing, created: false, warnings: await compareRepository(client, existing, settings) };
  let created: EcrRepository;
  try {
    const { repository } = await client.send(
      new CreateRepositoryCommand({
        repositoryName: name,
        imageTagMutability: settings.tagImmutability ? 'IMMUTABLE' : 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
        encryptionConfiguration:
          settings.encryption.type === 'KMS'
            ? { encryptionType: 'KMS', ...(settings.encryption.kmsKey ? { kmsKey: settings.encryption.kmsKey } : {}) }
            : { encryptionType: 'AES256' },
        tags: [{ Key: 'managed-by', Value: 'eks-fargate-deploy' }],
      }),
    );
    created = toRepository(repository ?? {}, name);
  } catch (err) {
    // Another job of the same workflow created it between our two calls: use theirs.
    if (errorName(err) === 'RepositoryAlreadyExistsException') {
      const again = await describeRepository(client, name);
      if (again)
        return { repository: again, created: false, warnings: await compareRepository(client, again, settings) };
    }
    throw denied(err, 'ecr:CreateRepository', `repository ${showValue(name)}`);
  }
  if (settings.lifecycleKeep !== undefined) {
    try {
      await client.send(
        new PutLifecyclePolicyCommand({
          repositoryName: name,
          lifecyclePolicyText: lifecyclePolicyText(settings.lifecycleKeep),
        }),
      );
    } catch (err) {
      throw denied(err, 'ecr:PutLifecyclePolicy', `repository ${showValue(name)}`);
    }
  }
  return { repository: created, created: true, warnings: [] };
}

async function compareRepository(
  client: ECRClient,
  repo: EcrRepository,
  settings: RepositorySettings,
): Promise<string[]> {
  const warnings: string[] = [];
  const what = `ECR repository ${repo.name} exists and is left as it is`;
  if (repo.tagImmutability !== settings.tagImmutability) {
    warnings.push(
      `${what}: its tags are ${repo.tagImmutability ? 'immutable' : 'mutable'}, tag-immutability asks for ${settings.tagImmutability ? 'immutable' : 'mutable'}`,
    );
  }
  if (repo.scanOnPush !== settings.scanOnPush)
    warnings.push(
      `${what}: scan on push is ${repo.scanOnPush ? 'on' : 'off'}, scan-on-push asks for ${settings.scanOnPush ? 'on' : 'off'}`,
    );
  const wantKey = settings.encryption.type === 'KMS' ? settings.encryption.kmsKey : undefined;
  if (
    repo.encryption.type !== settings.encryption.type ||
    (wantKey !== undefined && repo.encryption.kmsKey !== wantKey)
  ) {
    const show = (e: { type: string; kmsKey?: string }): string => (e.kmsKey ? `${e.type}:${e.kmsKey}` : e.type);
    warnings.push(
      `${what}: it is encrypted with ${show(repo.encryption)}, encryption asks for ${show(settings.encryption)} (encryption cannot change after creation)`,
    );
  }
  if (settings.lifecycleKeep !== undefined) {
    let text: string | undefined;
    try {
      text = (await client.send(new GetLifecyclePolicyCommand({ repositoryName: repo.name }))).lifecyclePolicyText;
    } catch (err) {
      if (errorName(err) !== 'LifecyclePolicyNotFoundException')
        throw denied(err, 'ecr:GetLifecyclePolicy', `repository ${showValue(repo.name)}`);
    }
    if (text === undefined)
      warnings.push(
        `${what}: it has no lifecycle policy, lifecycle-keep asks to keep ${settings.lifecycleKeep} images`,
      );
    else {
      const kept = keptByPolicy(text);
      if (kept !== settings.lifecycleKeep)
        warnings.push(
          `${what}: its lifecycle policy ${kept === undefined ? 'has other rules' : `keeps ${kept} images`}, lifecycle-keep asks to keep ${settings.lifecycleKeep}`,
        );
    }
  }
  return warnings;
}

/**
 * GetAuthorizationToken, decoded. The token is base64 of `AWS:<password>`; the registry host is
 * the proxy endpoint's host.
 */
export async function getEcrLogin(client: ECRClient): Promise<EcrLogin> {
  let data;
  try {
    ({ authorizationData: data } = await client.send(new GetAuthorizationTokenCommand({})));
  } catch (err) {
    throw denied(err, 'ecr:GetAuthorizationToken', 'the registry');
  }
  const first = data?.[0];
  if (!first?.authorizationToken || !first.proxyEndpoint) throw new Error('GetAuthorizationToken returned no token');
  const decoded = Buffer.from(first.authorizationToken, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new Error('GetAuthorizationToken returned a token that is not user:password');
  return {
    registry: new URL(first.proxyEndpoint).host,
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    ...(first.expiresAt ? { expiresAt: first.expiresAt } : {}),
  };
}

/** The digest tag `tag` of `repository` points at, or undefined when ECR has no such tag. */
export async function findImageDigest(client: ECRClient, repository: string, tag: string): Promise<string | undefined> {
  try {
    const { imageDetails } = await client.send(
      new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }),
    );
    return imageDetails?.[0]?.imageDigest;
  } catch (err) {
    if (errorName(err) === 'ImageNotFoundException') return undefined;
    throw denied(err, 'ecr:DescribeImages', `repository ${showValue(repository)}`);
  }
}

/**
 * Point `tag` at the image `digest` without pulling or pushing layers (BatchGetImage, then PutImage
 * with the same manifest bytes, so the digest does not change). A tag that already points there
 * is left alone.
 */
export async function tagImage(client: ECRClient, repository: string, digest: string, tag: string): Promise<void> {
  let images;
  try {
    ({ images } = await client.send(
      new BatchGetImageCommand({
        repositoryName: repository,
        imageIds: [{ imageDigest: digest }],
        acceptedMediaTypes: [
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.docker.distribution.manifest.v2+json',
          'application/vnd.oci.image.index.v1+json',
          'application/vnd.docker.distribution.manifest.list.v2+json',
        ],
      }),
    ));
  } catch (err) {
    throw denied(err, 'ecr:BatchGetImage', `repository ${showValue(repository)}`);
  }
  const manifest = images?.[0]?.imageManifest;
  if (!manifest) throw new Error(`image ${digest} not found in ECR repository ${repository}`);
  try {
    await client.send(
      new PutImageCommand({
        repositoryName: repository,
        imageManifest: manifest,
        imageTag: tag,
        imageDigest: digest,
        ...(images?.[0]?.imageManifestMediaType ? { imageManifestMediaType: images[0].imageManifestMediaType } : {}),
      }),
    );
  } catch (err) {
    if (errorName(err) === 'ImageAlreadyExistsException') return;
    if (errorName(err) === 'ImageTagAlreadyExistsException') {
      throw new UserInputError(
        `tag ${showValue(tag)} already exists in ECR repository ${repository} on another image and the repository's tags are immutable`,
      );
    }
    throw denied(err, 'ecr:PutImage', `repository ${showValue(repository)}`);
  }
}

/** Severity order for the gate; UNDEFINED/UNTRIAGED findings rank as INFORMATIONAL. */
export function severityRank(severity: string): number {
  const order: readonly string[] = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
  const i = order.indexOf(severity.toUpperCase());
  return i < 0 ? 0 : i;
}

/** Options of {@link waitForScan}. */
export interface WaitForScanOptions {
  timeoutMs: number;
  /** Between DescribeImageScanFindings calls; default 5 s. */
  pollMs?: number;
  signal?: AbortSignal;
}

/**
 * Wait for the basic scan of `digest` and return its findings. When the image has no scan (scan on
 * push off, or a skipped image pushed before), one is started. Fails when the scan fails or the
 * timeout passes.
 */
export async function waitForScan(
  client: ECRClient,
  repository: string,
  digest: string,
  options: WaitForScanOptions,
): Promise<ScanResult> {
  const deadline = Date.now() + options.timeoutMs;
  const pollMs = options.pollMs ?? 5000;
  let started = false;
  for (;;) {
    options.signal?.throwIfAborted();
    let answer;
    try {
      answer = await client.send(
        new DescribeImageScanFindingsCommand({ repositoryName: repository, imageId: { imageDigest: digest } }),
      );
    } catch (err) {
      if (errorName(err) === 'ScanNotFoundException' && !started) {
        try {
          await client.send(
            new StartImageScanCommand({ repositoryName: repository, imageId: { imageDigest: digest } }),
          );
        } catch (startErr) {
          throw denied(startErr, 'ecr:StartImageScan', `repository ${showValue(repository)}`);
        }
        started = true;
        continue;
      }
      if (errorName(err) === 'ImageNotFoundException' || errorName(err) === 'RepositoryNotFoundException') {
        throw new UserInputError(
          `the scan gate needs the image in ECR, but ECR repository ${showValue(repository)} has no image ${digest} (was it pushed to another registry with the registry input?)`,
        );
      }
      if (errorName(err) !== 'ScanNotFoundException')
        throw denied(err, 'ecr:DescribeImageScanFindings', `repository ${showValue(repository)}`);
    }
    const status = answer?.imageScanStatus?.status ?? 'PENDING';
    if (status === 'COMPLETE') {
      const f = answer?.imageScanFindings;
      const findings: ScanFinding[] = [
        ...(f?.findings ?? []).map((x) => {
          const attr = (k: string): string | undefined => x.attributes?.find((a) => a.key === k)?.value;
          const pkg = attr('package_name');
          const version = attr('package_version');
          return {
            name: x.name ?? 'unnamed',
            severity: x.severity ?? 'UNDEFINED',
            ...(x.uri ? { uri: x.uri } : {}),
            ...(pkg ? { package: pkg } : {}),
            ...(version ? { packageVersion: version } : {}),
          };
        }),
        ...(f?.enhancedFindings ?? []).map((x) => ({
          name: x.title ?? x.packageVulnerabilityDetails?.vulnerabilityId ?? 'unnamed',
          severity: x.severity ?? 'UNDEFINED',
          ...(x.packageVulnerabilityDetails?.sourceUrl ? { uri: x.packageVulnerabilityDetails.sourceUrl } : {}),
          ...(x.packageVulnerabilityDetails?.vulnerablePackages?.[0]?.name
            ? { package: x.packageVulnerabilityDetails.vulnerablePackages[0].name }
            : {}),
        })),
      ];
      return { status, findings, severityCounts: { ...(f?.findingSeverityCounts ?? {}) } };
    }
    if (status !== 'IN_PROGRESS' && status !== 'PENDING' && answer !== undefined) {
      throw new Error(
        `the ECR scan of ${repository}@${digest} ended ${status}${answer.imageScanStatus?.description ? `: ${answer.imageScanStatus.description}` : ''}`,
      );
    }
    if (Date.now() + pollMs > deadline)
      throw new Error(
        `the ECR scan of ${repository}@${digest} did not complete within ${Math.round(options.timeoutMs / 1000)} s (last status ${status})`,
      );
    await systemClock.sleep(pollMs);
  }
}

/** The findings at or above `threshold`, worst first. */
export function findingsAtOrAbove(findings: readonly ScanFinding[], threshold: ScanSeverity): ScanFinding[] {
  const min = severityRank(threshold);
  return findings
    .filter((f) => severityRank(f.severity) >= min && f.severity.toUpperCase() !== 'UNDEFINED')
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.name < b.name ? -1 : 1));
}
