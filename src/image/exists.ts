/**
 * Before anything is applied: does every image of the release exist, for the platform its pods
 * run on? ECR images are asked through the ECR API (BatchGetImage), others through the registry's
 * v2 API with the credentials at hand (the Docker config's `auths`, else anonymous). A missing
 * tag or digest, or a manifest list / image without the pod's platform, is a blocker naming the
 * image; a registry that cannot be asked (unreachable, refused) is a notice; reserved documentation
 * names (`registry.example`) are not asked at all.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BatchGetImageCommand, type ECRClient } from '@aws-sdk/client-ecr';
import type { KubeObject } from '../model/kube-object.js';
import { Severity, type Finding } from '../findings.js';
import { parseImageRef, type ImageRef } from '../manifests/images.js';
import { MANIFEST_MEDIA_TYPES, RegistryClient, RegistryError, type RegistryEndpoint } from './registry.js';

/** `os/architecture` a pod runs on. */
interface Platform {
  os: string;
  architecture: string;
}

/** One image and the workloads that run it on one platform. */
export interface ImageRequirement {
  image: string;
  platform: Platform;
  /** `Deployment shop/web` …, for the message. */
  workloads: string[];
}

/** How to reach registries (injected by tests; defaults for production). */
export interface ImageCheckDeps {
  /** An ECR client for a region (default: the SDK's default chain, see aws/ecr.ts). */
  ecrClient?: (region: string) => ECRClient;
  /** Directory of the Docker config whose `auths` give registry credentials (default `$DOCKER_CONFIG` or `~/.docker`). */
  dockerConfigDir?: string;
  /** Per-registry time limit (default 10 s): a registry that does not answer in time is a notice. */
  timeoutMs?: number;
  /** Cancellation: unanswered questions end at once (the deploy is being cancelled). */
  signal?: AbortSignal;
}

/** `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`. */
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
/** Names that never resolve (RFC 2606 / RFC 6761): nothing to ask. */
const RESERVED_HOST = /\.(example|test|invalid)(:\d+)?$|^example\.(com|net|org)(:\d+)?$/i;
const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

type Rec = Record<string, unknown>;
function rec(v: unknown): Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {};
}
function recs(v: unknown): Rec[] {
  return Array.isArray(v) ? v.map(rec) : [];
}

const POD_SPEC_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

/** The platform a pod spec lands on: linux/amd64 unless a `kubernetes.io/arch` selector says otherwise. */
function podPlatform(podSpec: Rec): Platform {
  const selector = rec(podSpec['nodeSelector']);
  const arch = selector['kubernetes.io/arch'] ?? selector['beta.kubernetes.io/arch'];
  let architecture = typeof arch === 'string' ? arch : 'amd64';
  // A required node affinity that allows exactly one architecture decides it as well.
  const terms = rec(rec(rec(podSpec['affinity'])['nodeAffinity'])['requiredDuringSchedulingIgnoredDuringExecution'])[
    'nodeSelectorTerms'
  ];
  if (typeof arch !== 'string' && Array.isArray(terms)) {
    const archs = new Set<string>();
    for (const t of terms)
      for (const e of recs(rec(t)['matchExpressions'])) {
        if (e['key'] === 'kubernetes.io/arch' && e['operator'] === 'In' && Array.isArray(e['values']))
          for (const v of e['values']) if (typeof v === 'string') archs.add(v);
      }
    const [only] = archs;
    if (archs.size === 1 && only !== undefined) architecture = only;
  }
  return { os: 'linux', architecture };
}

/** Every image of the release's workloads, once per platform, with the workloads that run it. */
export function imageRequirements(objects: readonly KubeObject[]): ImageRequirement[] {
  const byKey = new Map<string, ImageRequirement>();
  for (const o of objects) {
    const path = POD_SPEC_PATHS[o.kind];
    if (!path) continue;
    let spec: unknown = o;
    for (const p of path) spec = rec(spec)[p];
    const podSpec = rec(spec);
    const platform = podPlatform(podSpec);
    const workload = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    for (const c of [...recs(podSpec['initContainers']), ...recs(podSpec['containers'])]) {
      if (typeof c['image'] !== 'string') continue;
      const key = `${c['image']}|${platform.os}/${platform.architecture}`;
      const req = byKey.get(key) ?? { image: c['image'], platform, workloads: [] };
      if (!req.workloads.includes(workload)) req.workloads.push(workload);
      byKey.set(key, req);
    }
  }
  return [...byKey.values()];
}

/** What a registry said about one image. */
type Answer =
  | { kind: 'found'; platforms?: Platform[] }
  | { kind: 'missing'; why: string }
  | { kind: 'unknown'; why: string }
  | { kind: 'skipped' };

/** Ask every registry, in parallel per image; blockers for images that are not there for their platform. */
export async function checkImagesExist(
  reqs: readonly ImageRequirement[],
  deps: ImageCheckDeps = {},
): Promise<Finding[]> {
  const auths = await dockerAuths(deps.dockerConfigDir);
  const clients = new Map<string, RegistryClient>();
  const answers = new Map<string, Promise<Answer>>();
  const ask = (image: string): Promise<Answer> => {
    let a = answers.get(image);
    if (!a) {
      a = withTimeout(askRegistry(image, deps, auths, clients), deps.timeoutMs ?? 10_000, deps.signal);
      answers.set(image, a);
    }
    return a;
  };
  const findings: Finding[] = [];
  const results = await Promise.all(reqs.map(async (r) => ({ r, a: await ask(r.image) })));
  for (const { r, a } of results) {
    const used = `used by ${r.workloads.join(', ')}`;
    // Every requirement has at least one workload (it comes from one); the finding names the first.
    const workload = r.workloads[0] !== undefined ? { workload: r.workloads[0] } : {};
    const platform = `${r.platform.os}/${r.platform.architecture}`;
    if (a.kind === 'missing') {
      findings.push({
        severity: Severity.Blocker,
        code: 'image-missing',
        message: `image ${r.image} does not exist: ${a.why} (${used}); nothing was applied`,
        ...workload,
      });
    } else if (a.kind === 'unknown') {
      findings.push({
        severity: Severity.Info,
        code: 'image-unchecked',
        message: `image ${r.image} was not checked: ${a.why}`,
        ...workload,
      });
    } else if (
      a.kind === 'found' &&
      a.platforms &&
      !a.platforms.some((p) => p.os === r.platform.os && p.architecture === r.platform.architecture)
    ) {
      const has = a.platforms.map((p) => `${p.os}/${p.architecture}`).join(', ') || 'none';
      findings.push({
        severity: Severity.Blocker,
        code: 'image-platform-missing',
        message: `image ${r.image} has no ${platform} variant (it has: ${has}); its pods run on ${platform} (${used}); nothing was applied`,
        ...workload,
      });
    }
  }
  return findings;
}

async function withTimeout(p: Promise<Answer>, ms: number, signal: AbortSignal | undefined): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const late = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => {
      resolve({ kind: 'unknown', why: `the registry did not answer within ${Math.round(ms / 1000)} s` });
    }, ms);
    onAbort = () => {
      resolve({ kind: 'unknown', why: 'cancelled' });
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

async function askRegistry(
  image: string,
  deps: ImageCheckDeps,
  auths: Map<string, { username: string; password: string }>,
  clients: Map<string, RegistryClient>,
): Promise<Answer> {
  let ref: ImageRef;
  try {
    ref = parseImageRef(image);
  } catch (err) {
    return { kind: 'unknown', why: err instanceof Error ? err.message : String(err) };
  }
  const host = ref.registry ?? 'docker.io';
  const reference = ref.digest ?? ref.tag ?? 'latest';
  // Documentation and test names (RFC 2606) never resolve: there is no registry to ask, and nothing to say.
  if (RESERVED_HOST.test(host)) return { kind: 'skipped' };
  const ecr = ECR_HOST.exec(host);
  try {
    const [, account, region] = ecr ?? [];
    if (account !== undefined && region !== undefined) return await askEcr(deps, region, account, ref.repository, ref);
    const registryHost = host === 'docker.io' ? 'registry-1.docker.io' : host;
    const repository =
      host === 'docker.io' && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
    let client = clients.get(registryHost);
    if (!client) {
      const auth =
        auths.get(host) ??
        auths.get(registryHost) ??
        (host === 'docker.io' ? auths.get('https://index.docker.io/v1/') : undefined);
      const endpoint: RegistryEndpoint = {
        host: registryHost,
        insecure: /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(registryHost),
        username: auth?.username ?? '',
        password: auth?.password ?? '',
      };
      client = new RegistryClient(endpoint);
      clients.set(registryHost, client);
    }
    const manifest = await client.getManifest(repository, reference);
    if (!manifest) return { kind: 'missing', why: `${registryHost} has no manifest ${reference} in ${repository}` };
    return {
      kind: 'found',
      ...platformsOf(
        manifest.body.toString('utf8'),
        manifest.mediaType,
        await configPlatform(client, repository, manifest.body.toString('utf8')),
      ),
    };
  } catch (err) {
    if (err instanceof RegistryError) return { kind: 'unknown', why: err.message };
    // fetch fails with "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is in its cause.
    const cause = (err as { cause?: { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } } | undefined)
      ?.cause;
    const code = cause?.code ?? cause?.errors?.[0]?.code;
    const detail =
      typeof code === 'string'
        ? code
        : typeof cause?.message === 'string' && cause.message
          ? cause.message
          : err instanceof Error
            ? err.message
            : String(err);
    return { kind: 'unknown', why: `${host} cannot be asked (${detail})` };
  }
}

async function askEcr(
  deps: ImageCheckDeps,
  region: string,
  registryId: string,
  repositoryName: string,
  ref: ImageRef,
): Promise<Answer> {
  const client = deps.ecrClient ? deps.ecrClient(region) : (await import('../aws/ecr.js')).defaultEcrClient(region);
  const imageId = ref.digest ? { imageDigest: ref.digest } : { imageTag: ref.tag ?? 'latest' };
  try {
    const out = await client.send(
      new BatchGetImageCommand({
        registryId,
        repositoryName,
        imageIds: [imageId],
        acceptedMediaTypes: [...MANIFEST_MEDIA_TYPES],
      }),
    );
    const image = out.images?.[0];
    if (!image?.imageManifest) {
      const f = out.failures?.[0];
      if (
        !f ||
        f.failureCode === 'ImageNotFound' ||
        f.failureCode === 'ImageTagDoesNotMatchDigest' ||
        f.failureCode === 'MissingDigestAndTag'
      ) {
        return {
          kind: 'missing',
          why: `ECR repository ${repositoryName} in ${region} has no image ${ref.digest ?? ref.tag ?? 'latest'}${f?.failureReason ? ` (${f.failureReason})` : ''}`,
        };
      }
      return { kind: 'unknown', why: `ECR answered ${f.failureCode ?? 'a failure'}: ${f.failureReason ?? ''}` };
    }
    // A single-platform manifest names its platform only in its config blob, which the ECR API
    // does not serve; the pull will tell. An index lists its platforms.
    return { kind: 'found', ...platformsOf(image.imageManifest, image.imageManifestMediaType, undefined) };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'RepositoryNotFoundException')
      return {
        kind: 'missing',
        why: `ECR repository ${repositoryName} does not exist in ${region} (registry ${registryId})`,
      };
    return {
      kind: 'unknown',
      why: `ECR cannot be asked about ${repositoryName} in ${region}: ${err instanceof Error ? err.message : String(err)}`,
    };
  } finally {
    if (!deps.ecrClient) client.destroy();
  }
}

/** Platforms of an index, or of a single image whose config was read; undefined when unknown. */
function platformsOf(
  text: string,
  mediaType: string | undefined,
  single: Platform | undefined,
): { platforms?: Platform[] } {
  let json: Rec;
  try {
    json = rec(JSON.parse(text));
  } catch {
    return {};
  }
  const type = mediaType ?? (typeof json['mediaType'] === 'string' ? json['mediaType'] : undefined);
  if ((type !== undefined && INDEX_TYPES.has(type)) || Array.isArray(json['manifests'])) {
    const platforms: Platform[] = [];
    for (const m of (Array.isArray(json['manifests']) ? json['manifests'] : []).map(rec)) {
      const p = rec(m['platform']);
      // Attestation manifests (buildx provenance) say unknown/unknown: not a platform.
      if (typeof p['os'] === 'string' && typeof p['architecture'] === 'string' && p['os'] !== 'unknown')
        platforms.push({ os: p['os'], architecture: p['architecture'] });
    }
    return { platforms };
  }
  return single ? { platforms: [single] } : {};
}

/** The platform a single-image manifest's config blob names (v2 registries serve it). */
async function configPlatform(client: RegistryClient, repository: string, text: string): Promise<Platform | undefined> {
  let json: Rec;
  try {
    json = rec(JSON.parse(text));
  } catch {
    return undefined;
  }
  const digest = rec(json['config'])['digest'];
  if (typeof digest !== 'string' || Array.isArray(json['manifests'])) return undefined;
  const blob = await client.getBlob(repository, digest).catch(() => undefined);
  if (!blob) return undefined;
  try {
    const config = rec(JSON.parse(blob.toString('utf8')));
    return typeof config['os'] === 'string' && typeof config['architecture'] === 'string'
      ? { os: config['os'], architecture: config['architecture'] }
      : undefined;
  } catch {
    return undefined;
  }
}

/** `auths` of the Docker config: host → user and password (never logged). */
async function dockerAuths(dir: string | undefined): Promise<Map<string, { username: string; password: string }>> {
  const out = new Map<string, { username: string; password: string }>();
  const path = join(dir ?? process.env['DOCKER_CONFIG'] ?? join(homedir(), '.docker'), 'config.json');
  let json: Rec;
  try {
    json = rec(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return out;
  }
  for (const [host, v] of Object.entries(rec(json['auths']))) {
    const a = rec(v);
    let username = typeof a['username'] === 'string' ? a['username'] : '';
    let password = typeof a['password'] === 'string' ? a['password'] : '';
    if (typeof a['auth'] === 'string') {
      const decoded = Buffer.from(a['auth'], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        username = decoded.slice(0, colon);
        password = decoded.slice(colon + 1);
      }
    }
    if (username) out.set(host.replace(/^https?:\/\//, '').replace(/\/.*$/, ''), { username, password });
    if (username && host.startsWith('https://index.docker.io'))
      out.set('https://index.docker.io/v1/', { username, password });
  }
  return out;
}
