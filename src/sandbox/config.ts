/**
 * Sandbox configuration: cluster name, Fargate profiles, timing (scaled by one factor), the images
 * the "registry" has and how each image behaves once running.
 */
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { UserInputError } from '../errors.js';
import type { SandboxAlbConfig } from './alb.js';
import { defaultAppConfig, type SandboxAppConfig } from './app.js';
import { parseEksConfig, type SandboxEksConfig } from './eks-auth.js';
import { parseFaultConfig, type FaultConfig } from './faults.js';

/** How an emulated container behaves once started. */
const ImageBehaviours = ['healthy', 'crashloop', 'never-ready', 'slow-start', 'http-500', 'oomkilled', 'slow'] as const;
/** One of {@link ImageBehaviours}. */
export type ImageBehaviour = (typeof ImageBehaviours)[number];

/** A Fargate profile as EKS describes it (selectors: namespace + labels, `*`/`?` wildcards). */
export interface SandboxFargateProfile {
  name: string;
  selectors: Array<{ namespace: string; labels?: Record<string, string> }>;
  podExecutionRoleArn?: string;
  subnets?: string[];
}

/** A static-token identity of the sandbox. */
interface SandboxUser {
  token: string;
  username: string;
  groups?: string[];
}

/** Durations of the emulated cluster, in milliseconds of simulated time. */
export interface SandboxTiming {
  /** Real time = simulated time × timeFactor (0.01 makes a 30 s Fargate start take 0.3 s). */
  timeFactor: number;
  /** From pod creation to a Fargate node being bound (Fargate capacity provisioning). */
  podProvisioningMs: number;
  imagePullMs: number;
  containerStartMs: number;
  /** How long a `crashloop`/`oomkilled` container runs before it exits. */
  crashAfterMs: number;
  /** How long a container of a run-to-completion pod (restartPolicy Never/OnFailure) runs before it exits 0. */
  taskRunMs: number;
  /** How long a `slow-start` container fails its probes before it becomes healthy. */
  slowStartMs: number;
  /** Kubelet back-off for image pulls and crash loops: base, doubling up to max. */
  backOffBaseMs: number;
  backOffMaxMs: number;
}

/** Which images exist and how they behave. */
export interface SandboxImages {
  /**
   * Whether an image reference can be pulled. A list of references (exact, or a repository
   * without tag matching every tag), a predicate, or undefined: every image exists.
   */
  exists?: string[] | ((image: string) => boolean | Promise<boolean>);
  /** Behaviour by exact reference or by repository (without tag/digest). */
  behaviours?: Record<string, ImageBehaviour>;
  /** Behaviour of images not listed (default healthy). */
  defaultBehaviour?: ImageBehaviour;
  /**
   * CPU use (percent of the container's request) by exact reference or repository, for the
   * metrics API and the HPA (metrics.ts); unlisted images use their behaviour's default.
   */
  cpuUtilization?: Record<string, number>;
}

/** Everything that shapes one sandbox. */
export interface SandboxConfig {
  clusterName: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Static bearer token of the admin user; generated when empty. */
  token: string;
  fargateProfiles: SandboxFargateProfile[];
  timing: SandboxTiming;
  images: SandboxImages;
  /** Events kept per resource type for watch resume; older resourceVersions get 410 Gone. */
  watchHistory: number;
  /** Interval of BOOKMARK events on watches that ask for them (real time, not scaled). */
  bookmarkIntervalMs: number;
  /** gitVersion reported by /version. */
  kubernetesVersion: string;
  /** How the emulated app in every pod answers (app.ts). */
  app: SandboxAppConfig;
  /** The emulated AWS Load Balancer Controller / ALBs (alb.ts). */
  alb: SandboxAlbConfig;
  /**
   * More static-token users besides the admin (like the API server's `--token-auth-file`): what
   * they may do is decided by RBAC (rbac.ts) unless their groups say `system:masters`.
   */
  users?: SandboxUser[];
  /** Faults active from the start (faults.ts); switch at run time with `sb.faults`. */
  faults?: FaultConfig;
  /** EKS token authentication and Fargate profiles read from EKS (eks-auth.ts, eks-profiles.ts). */
  eks?: SandboxEksConfig;
}

/** Defaults: a realistic-feeling cluster with one profile for `default` and `kube-system`. */
function defaultSandboxConfig(): SandboxConfig {
  return {
    clusterName: 'sandbox',
    port: 0,
    token: '',
    fargateProfiles: [{ name: 'default', selectors: [{ namespace: 'default' }, { namespace: 'kube-system' }] }],
    timing: {
      timeFactor: 1,
      podProvisioningMs: 30_000,
      imagePullMs: 6_000,
      containerStartMs: 2_000,
      crashAfterMs: 5_000,
      taskRunMs: 10_000,
      slowStartMs: 60_000,
      backOffBaseMs: 10_000,
      backOffMaxMs: 300_000,
    },
    images: {},
    watchHistory: 5000,
    bookmarkIntervalMs: 10_000,
    kubernetesVersion: 'v1.32.3-eks-sandbox',
    app: defaultAppConfig(),
    alb: {},
  };
}

/** Fills a partial config with defaults (timing merged field by field) and generates a token. */
export function resolveSandboxConfig(
  partial: Partial<Omit<SandboxConfig, 'timing'>> & { timing?: Partial<SandboxTiming> } = {},
): SandboxConfig {
  const d = defaultSandboxConfig();
  const cfg: SandboxConfig = {
    ...d,
    ...partial,
    timing: { ...d.timing, ...(partial.timing ?? {}) },
    images: { ...d.images, ...(partial.images ?? {}) },
    app: { ...d.app, ...(partial.app ?? {}) },
    alb: { ...d.alb, ...(partial.alb ?? {}) },
  };
  if (!(cfg.app.slowResponseMs >= 0))
    throw new UserInputError(
      `sandbox config app.slowResponseMs must be a non-negative number of milliseconds, got ${JSON.stringify(cfg.app.slowResponseMs)}`,
    );
  if (cfg.faults !== undefined) cfg.faults = parseFaultConfig(cfg.faults, 'faults');
  if (cfg.eks !== undefined) cfg.eks = parseEksConfig(cfg.eks, 'eks');
  if (!cfg.token) cfg.token = `sandbox-${randomBytes(24).toString('base64url')}`;
  if (cfg.users !== undefined) {
    if (!Array.isArray(cfg.users))
      throw new UserInputError('sandbox config users must be a list of {token, username, groups}');
    cfg.users.forEach((u: unknown, i) => {
      const x = (u ?? {}) as Partial<SandboxUser>;
      if (typeof x.token !== 'string' || x.token.length < 8)
        throw new UserInputError(`sandbox config users[${i}].token must be a string of at least 8 characters`);
      if (typeof x.username !== 'string' || x.username === '')
        throw new UserInputError(
          `sandbox config users[${i}].username must be a non-empty string, got ${JSON.stringify(x.username)}`,
        );
      if (x.groups !== undefined && !(Array.isArray(x.groups) && x.groups.every((g) => typeof g === 'string')))
        throw new UserInputError(`sandbox config users[${i}].groups must be a list of strings`);
      if (x.token === cfg.token || (cfg.users ?? []).some((o, j) => j < i && o.token === x.token))
        throw new UserInputError(`sandbox config users[${i}].token is used twice`);
    });
  }
  if (!(cfg.timing.timeFactor > 0))
    throw new UserInputError(
      `sandbox config timing.timeFactor must be a positive number, got ${cfg.timing.timeFactor}`,
    );
  if (!/^[0-9A-Za-z][A-Za-z0-9\-_]*$/.test(cfg.clusterName))
    throw new UserInputError(`sandbox config clusterName "${cfg.clusterName}" is not a valid EKS cluster name`);
  for (const [ref, u] of Object.entries(cfg.images.cpuUtilization ?? {})) {
    if (typeof u !== 'number' || !(u >= 0 && u <= 10_000))
      throw new UserInputError(
        `sandbox config images.cpuUtilization["${ref}"] must be a percentage between 0 and 10000, got ${JSON.stringify(u)}`,
      );
  }
  for (const [ref, b] of Object.entries(cfg.images.behaviours ?? {})) {
    if (!(ImageBehaviours as readonly string[]).includes(b)) {
      throw new UserInputError(
        `sandbox config images.behaviours["${ref}"] is "${b}"; expected one of ${ImageBehaviours.join(', ')}`,
      );
    }
  }
  return cfg;
}

/** Reads a YAML or JSON sandbox config file (same field names as {@link SandboxConfig}). */
export async function loadSandboxConfigFile(path: string): Promise<SandboxConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserInputError(`cannot read sandbox config ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new UserInputError(`sandbox config ${path} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new UserInputError(`sandbox config ${path} must be a mapping`);
  try {
    return resolveSandboxConfig(data as Partial<SandboxConfig>);
  } catch (err) {
    throw new UserInputError(`${path}: ${(err as Error).message}`);
  }
}

/** Repository part of an image reference (`reg:5000/team/web:1.2@sha256:..` → `reg:5000/team/web`). */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0] ?? image;
  const lastSlash = noDigest.lastIndexOf('/');
  const lastColon = noDigest.lastIndexOf(':');
  return lastColon > lastSlash ? noDigest.slice(0, lastColon) : noDigest;
}

/**
 * The behaviour of an image: exact reference, then repository, then a repository whose last
 * path segment names a behaviour (`example/crashloop:1`), then the default.
 */
export function behaviourOf(images: SandboxImages, image: string): ImageBehaviour {
  const b = images.behaviours ?? {};
  const repo = imageRepository(image);
  if (b[image]) return b[image];
  if (b[repo]) return b[repo];
  const last = repo.split('/').pop() ?? repo;
  if ((ImageBehaviours as readonly string[]).includes(last)) return last as ImageBehaviour;
  return images.defaultBehaviour ?? 'healthy';
}

/** Whether the configured registry has an image. */
export async function imageExists(images: SandboxImages, image: string): Promise<boolean> {
  const e = images.exists;
  if (e === undefined) return true;
  if (typeof e === 'function') return e(image);
  return e.includes(image) || e.includes(imageRepository(image));
}
