/**
 * build: the first step of every deploy. For each image: make sure its ECR repository exists,
 * skip it when the tag is already there (idempotent re-runs reuse the digest), else build and push
 * it with docker buildx or buildah, add the extra tags, read the digest back from the registry,
 * and optionally gate on the ECR scan. Credentials are masked, handed over by stdin or a private
 * auth file, and removed at the end whatever happened.
 */
import { tmpdir } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import type { ECRClient } from '@aws-sdk/client-ecr';
import {
  defaultEcrClient,
  ensureRepository,
  findImageDigest,
  findingsAtOrAbove,
  getEcrLogin,
  tagImage,
  waitForScan,
  type EcrRepository,
  type ScanFinding,
} from '../aws/ecr.js';
import { buildConfigFromArgs, type BuildConfig, type ImageSpec } from '../config/build.js';
import { UserInputError, UserInputErrors, isUserError, showValue } from '../errors.js';
import type { Finding } from '../findings.js';
import { BuildahBuilder } from '../image/buildah.js';
import {
  pickBuilder,
  type BuildCache,
  type BuilderName,
  type BuilderPick,
  type ImageBuilder,
} from '../image/builder.js';
import { DockerBuilder } from '../image/docker.js';
import { ImageBuildError } from '../image/failure.js';
import { redact, spawnRunner, type CommandRunner } from '../image/process.js';
import { RegistryClient, RegistryError, type RegistryEndpoint } from '../image/registry.js';
import { commandHelp } from '../command-help.js';
import { command } from '../command-model.js';

/** One image of a build: where it is and whether this run built it. */
export interface BuiltImage {
  name: string;
  repository: string;
  /** Registry host the image was pushed to (the `registry` input, else ECR's). */
  registry: string;
  /** The main tag. */
  tag: string;
  /** Every tag that points at the digest: the main one first. */
  tags: string[];
  digest: string;
  /** `registry/repository@sha256:…`: what the render pins manifests to. */
  ref: string;
  status: 'built' | 'skipped';
  /** The builder that built it (undefined when skipped). */
  builder?: BuilderName;
  durationMs: number;
}

/** What a build ended with. */
export interface BuildOutcome {
  /** `failed-scan-gate`: every image is pushed, but one has findings at or above the threshold. */
  status: 'ok' | 'failed-scan-gate';
  images: BuiltImage[];
  /** The builder used (and why), when anything was built. */
  builder?: BuilderPick;
  /** Repository settings that differ from the inputs, cache notes. */
  warnings: string[];
  /** Scan findings at or above the gate's threshold, one per finding. */
  findings: Finding[];
  durationMs: number;
}

/** Exit codes of `build`. */
export const BuildExit = {
  Ok: 0,
  /** Invalid input, or a build, push or AWS call failed. */
  Failed: 1,
  /** Images pushed, but the scan gate found vulnerabilities at or above its threshold. */
  ScanGate: 2,
} as const;

/** What `build` needs from its front door; everything but `log` has a real default. */
export interface BuildDeps {
  log: (line: string) => void;
  /** Called with each secret as soon as it is known, before anything could print it (the action: core.setSecret). */
  mask?: (secret: string) => void;
  /** Default: an ECR client for the config's region (SDK default credentials, AWS_ENDPOINT_URL honoured). */
  ecr?: ECRClient;
  runner?: CommandRunner;
  /** Environment of the builders (GitHub Actions cache variables, secrets passed with `env=`). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where the per-run temp directory goes. Default RUNNER_TEMP, else the OS temp dir. */
  tempBase?: string;
  /** Executables; default `docker` and `buildah` from PATH. */
  commands?: { docker?: string; buildah?: string };
  signal?: AbortSignal;
  /** Between scan status polls; default 5 s. */
  scanPollMs?: number;
}

/** Where tags are looked up and added: ECR's API, or the registry itself when `registry` overrides ECR's host. */
interface TagStore {
  digestOf(repository: string, tag: string): Promise<string | undefined>;
  addTag(repository: string, digest: string, tag: string): Promise<void>;
}

function ecrTagStore(ecr: ECRClient): TagStore {
  return {
    digestOf: (repo, tag) => findImageDigest(ecr, repo, tag),
    addTag: (repo, digest, tag) => tagImage(ecr, repo, digest, tag),
  };
}

function registryTagStore(client: RegistryClient): TagStore {
  return {
    digestOf: (repo, tag) => client.manifestDigest(repo, tag),
    addTag: async (repo, digest, tag) => {
      const manifest = await client.getManifest(repo, digest);
      if (!manifest)
        throw new RegistryError(`manifest ${digest} of ${repo} vanished before it could be tagged ${tag}`, 404);
      await client.putManifest(repo, tag, manifest);
    },
  };
}

/** Everything the user names must exist before anything is sent to AWS: one error per problem. */
function checkInputsOnDisk(images: readonly ImageSpec[], env: NodeJS.ProcessEnv): void {
  const errors: UserInputError[] = [];
  for (const img of images) {
    const contextMissing = !existsSync(img.context) || !statSync(img.context).isDirectory();
    if (contextMissing) {
      errors.push(
        new UserInputError(
          `build context ${img.context} of image ${showValue(img.name)} is not a directory`,
          undefined,
          `${img.where}.context`,
        ),
      );
    }
    // A Dockerfile inside a missing context is the same mistake: one message is enough.
    const dockerfileInContext = img.dockerfile.startsWith(`${img.context}/`);
    if (
      !(contextMissing && dockerfileInContext) &&
      (!existsSync(img.dockerfile) || !statSync(img.dockerfile).isFile())
    ) {
      errors.push(
        new UserInputError(
          `Dockerfile ${img.dockerfile} of image ${showValue(img.name)} not found`,
          undefined,
          `${img.where}.dockerfile`,
        ),
      );
    }
    img.secrets.forEach((s, i) => {
      if ('src' in s && !existsSync(s.src))
        errors.push(
          new UserInputError(
            `secret ${showValue(s.id)}: file ${s.src} not found`,
            undefined,
            `${img.where}.secrets[${i}].src`,
          ),
        );
      if ('env' in s && env[s.env] === undefined)
        errors.push(
          new UserInputError(
            `secret ${showValue(s.id)}: environment variable ${s.env} is not set`,
            undefined,
            `${img.where}.secrets[${i}].env`,
          ),
        );
    });
  }
  if (errors.length > 0) throw new UserInputErrors(errors);
}

/**
 * The GitHub Actions cache of one image, scoped by branch: a build reads its branch's scope, then
 * the default branch's (GITHUB_BASE_REF on a pull request, else DEFAULT_BRANCH, else `main`), and
 * writes only its own branch's. A pull_request run never writes, so a pull request cannot put
 * layers into a cache that a later main build reads.
 */
export function ghaCache(image: string, env: NodeJS.ProcessEnv): BuildCache {
  const event = env['GITHUB_EVENT_NAME'] ?? '';
  const pullRequest = event === 'pull_request' || event === 'pull_request_target';
  const safe = (ref: string): string => ref.replace(/[^A-Za-z0-9._-]/g, '-');
  const branch = safe(pullRequest ? env['GITHUB_HEAD_REF'] || 'pr' : env['GITHUB_REF_NAME'] || 'main');
  const base = safe(env['GITHUB_BASE_REF'] || env['DEFAULT_BRANCH'] || 'main');
  const scope = `${image}-${branch}`;
  const readScopes = [...new Set([scope, `${image}-${base}`])];
  return { kind: 'gha', scope, readScopes, write: !pullRequest };
}

/** buildx cache for one image (buildah keeps its layers locally and ignores this). */
function cacheFor(
  config: BuildConfig,
  image: ImageSpec,
  destination: string,
  repo: EcrRepository,
  env: NodeJS.ProcessEnv,
  warnings: string[],
): BuildCache {
  const ghaAvailable = Boolean(
    env['ACTIONS_RUNTIME_TOKEN'] && (env['ACTIONS_CACHE_URL'] || env['ACTIONS_RESULTS_URL']),
  );
  const choice = config.cache;
  if (choice === 'none') return { kind: 'none' };
  if (choice === 'gha' || (choice === 'auto' && ghaAvailable)) {
    if (!ghaAvailable)
      warnings.push(
        `cache gha: the GitHub Actions cache service is not available here (ACTIONS_RUNTIME_TOKEN/ACTIONS_CACHE_URL unset); building without a cache`,
      );
    return ghaAvailable ? ghaCache(image.name, env) : { kind: 'none' };
  }
  if (choice === 'registry') {
    // An immutable repository refuses to move the cache tag after the first write.
    if (repo.tagImmutability)
      warnings.push(`cache registry: repository ${repo.name} has immutable tags, so the cache is read but not written`);
    return { kind: 'registry', ref: `${destination}:buildcache`, write: !repo.tagImmutability };
  }
  return { kind: 'none' };
}

function elapsed(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

/**
 * Build and push every image of `config`. Throws UserInputErrors for inputs (before any AWS call),
 * ImageBuildError for a failed build/push/login (with the failing step and the builder's last lines),
 * RegistryError/UserInputError for refused registry or ECR calls. The scan gate does not throw: its
 * findings come back with status `failed-scan-gate`.
 */
/** What one build run shares between its steps. */
interface BuildRun {
  config: BuildConfig;
  deps: BuildDeps;
  env: NodeJS.ProcessEnv | Readonly<Record<string, string | undefined>>;
  runner: CommandRunner;
  tempBase: string;
  outcome: BuildOutcome;
  log: (line: string) => void;
  warn: (w: string) => void;
  endpoint: RegistryEndpoint;
  store: TagStore;
  /** Started at the first image that needs building. */
  builder?: ImageBuilder;
}

export async function runBuild(config: BuildConfig, deps: BuildDeps): Promise<BuildOutcome> {
  const started = Date.now();
  const env = deps.env ?? process.env;
  const ecr = deps.ecr ?? defaultEcrClient(config.region);
  const secrets: string[] = [];
  const log = (line: string): void => {
    deps.log(redact(line, secrets));
  };
  const outcome: BuildOutcome = { status: 'ok', images: [], warnings: [], findings: [], durationMs: 0 };
  const warn = (w: string): void => {
    outcome.warnings.push(w);
    log(`warning: ${w}`);
  };

  checkInputsOnDisk(config.images, env);
  const repos = await prepareRepositories(config, ecr, log, warn);
  const endpoint = await registryLogin(config, deps, ecr, secrets, log);
  const run: BuildRun = {
    config,
    deps,
    env,
    runner: deps.runner ?? spawnRunner,
    tempBase: deps.tempBase ?? env['RUNNER_TEMP'] ?? tmpdir(),
    outcome,
    log,
    warn,
    endpoint,
    store: config.registry ? registryTagStore(new RegistryClient(endpoint)) : ecrTagStore(ecr),
  };
  try {
    for (const image of config.images) {
      const repo = repos.get(image.name);
      if (repo === undefined) throw new Error(`no ECR repository was prepared for image ${image.name} (a bug)`);
      outcome.images.push(await buildImage(run, image, repo));
    }
  } finally {
    await run.builder?.logout();
  }
  await applyScanGate(config, deps, ecr, outcome, log);
  outcome.durationMs = Date.now() - started;
  return outcome;
}

/** Each image's ECR repository, created when missing (its settings compared when not). */
async function prepareRepositories(
  config: BuildConfig,
  ecr: ECRClient,
  log: (line: string) => void,
  warn: (w: string) => void,
): Promise<Map<string, EcrRepository>> {
  const repos = new Map<string, EcrRepository>();
  for (const image of config.images) {
    const ensured = await ensureRepository(ecr, image.repository, config.repository);
    repos.set(image.name, ensured.repository);
    log(
      ensured.created
        ? `ECR repository ${image.repository} created (tags ${config.repository.tagImmutability ? 'immutable' : 'mutable'}, scan on push ${config.repository.scanOnPush ? 'on' : 'off'}, ${config.repository.encryption.type}${config.repository.lifecycleKeep ? `, keeps ${config.repository.lifecycleKeep} images` : ''})`
        : `ECR repository ${image.repository} exists`,
    );
    ensured.warnings.forEach(warn);
  }
  return repos;
}

/** ECR's login (masked, and redacted from every line), and where to push. */
async function registryLogin(
  config: BuildConfig,
  deps: BuildDeps,
  ecr: ECRClient,
  secrets: string[],
  log: (line: string) => void,
): Promise<RegistryEndpoint> {
  const login = await getEcrLogin(ecr);
  const authString = Buffer.from(`${login.username}:${login.password}`).toString('base64');
  secrets.push(login.password, authString);
  deps.mask?.(login.password);
  deps.mask?.(authString);
  const endpoint: RegistryEndpoint = {
    host: config.registry?.host ?? login.registry,
    insecure: config.registry?.insecure ?? false,
    username: login.username,
    password: login.password,
  };
  log(
    `registry ${endpoint.host}${config.registry ? ` (registry input; ECR's is ${login.registry})` : ''}: credentials for ${login.username} from GetAuthorizationToken (masked)`,
  );
  return endpoint;
}

/** The builder, picked and logged in at the first image that needs building. */
async function startBuilder(run: BuildRun): Promise<ImageBuilder> {
  const { config, deps, runner, env, tempBase, outcome, log, warn, endpoint } = run;
  const pick = await pickBuilder(config.builder, runner, env, deps.commands ?? {});
  outcome.builder = pick;
  log(`builder: ${pick.name} (${pick.reason})`);
  const command = deps.commands?.[pick.name];
  const ctx = {
    runner,
    tempBase,
    env,
    ...(command ? { command } : {}),
  };
  const builder: ImageBuilder =
    pick.name === 'docker' ? new DockerBuilder(ctx) : new BuildahBuilder(ctx, config.buildah);
  if (pick.name === 'buildah' && (config.cache === 'gha' || config.cache === 'registry'))
    warn(`cache ${config.cache} applies to docker buildx only; buildah reuses its local layers`);
  await builder.login(endpoint);
  run.builder = builder;
  return builder;
}

/** One image of the run, with where it goes and what its registry already holds. */
interface ImageTarget {
  image: BuildConfig['images'][number];
  repo: EcrRepository;
  /** Registry host and repository, without a tag. */
  destination: string;
  /** The run's tag first, then the image's extra tags. */
  tags: string[];
  /** The digest each tag names in the registry now (undefined: the tag is free). */
  existing: Map<string, string | undefined>;
}

/** Build and push one image, or reuse the one its tag already names. */
async function buildImage(
  run: BuildRun,
  image: BuildConfig['images'][number],
  repo: EcrRepository,
): Promise<BuiltImage> {
  const { config, log, endpoint, store } = run;
  const imageStart = Date.now();
  const destination = `${endpoint.host}/${image.repository}`;
  const tags = [config.tag, ...image.tags.filter((t) => t !== config.tag)];
  const existing = new Map<string, string | undefined>();
  for (const tag of tags) existing.set(tag, await store.digestOf(image.repository, tag));
  const target: ImageTarget = { image, repo, destination, tags, existing };
  const current = existing.get(config.tag);

  let digest: string;
  let status: BuiltImage['status'];
  if (current && !config.forceBuild) {
    digest = current;
    status = 'skipped';
    await reuseImage(run, target, digest);
  } else {
    digest = await buildAndPush(run, target, current);
    status = 'built';
  }
  const built: BuiltImage = {
    name: image.name,
    repository: image.repository,
    registry: endpoint.host,
    tag: config.tag,
    tags,
    digest,
    ref: `${destination}@${digest}`,
    status,
    ...(status === 'built' && run.builder ? { builder: run.builder.name } : {}),
    durationMs: Date.now() - imageStart,
  };
  log(`${image.name}: ${status} ${built.ref} (tags ${tags.join(', ')}) in ${elapsed(imageStart)}`);
  return built;
}

/** The run's tag already names an image: keep it, and point the extra tags at it where they may move. */
async function reuseImage(run: BuildRun, target: ImageTarget, digest: string): Promise<void> {
  const { config, log, warn, store } = run;
  const { image, repo, destination, tags, existing } = target;
  log(
    `${image.name}: ${destination}:${config.tag} already exists (${digest}); skipping the build (force-build to rebuild)`,
  );
  for (const tag of tags.slice(1)) {
    const at = existing.get(tag);
    if (at === digest) continue;
    if (at !== undefined && repo.tagImmutability) {
      warn(
        `${image.name}: tag ${tag} points at ${at}, not at ${digest}, and the repository's tags are immutable; it is left as it is`,
      );
      continue;
    }
    await store.addTag(image.repository, digest, tag);
    log(`${image.name}: tagged ${digest} as ${tag}`);
  }
}

/** Immutable tags that the new image would have to take: refused before anything is built. */
function checkImmutableTags(run: BuildRun, target: ImageTarget, current: string | undefined): void {
  const { image, repo, destination, tags, existing } = target;
  if (!repo.tagImmutability) return;
  if (current) {
    throw new UserInputError(
      `image ${showValue(image.name)}: tag ${run.config.tag} already exists in ${destination} (${current}) and the repository's tags are immutable, so force-build cannot replace it; use a new tag, or drop force-build to reuse the image`,
    );
  }
  const taken = tags.slice(1).filter((t) => existing.get(t) !== undefined);
  if (taken.length > 0) {
    throw new UserInputError(
      `image ${showValue(image.name)}: tag${taken.length > 1 ? 's' : ''} ${taken.join(', ')} already exist${taken.length > 1 ? '' : 's'} in ${destination} and the repository's tags are immutable, so the new image cannot take ${taken.length > 1 ? 'them' : 'it'}; drop ${taken.length > 1 ? 'them' : 'it'} from the image's tags or make the repository's tags mutable`,
    );
  }
}

/** Build the image, push it under all its tags, and return the digest the registry now holds for the run's tag. */
async function buildAndPush(run: BuildRun, target: ImageTarget, current: string | undefined): Promise<string> {
  const { config, deps, env, outcome, log, store } = run;
  const { image, repo, destination, tags, existing } = target;
  checkImmutableTags(run, target, current);
  const builder = run.builder ?? (await startBuilder(run));
  log(
    `${image.name}: building ${destination}:${config.tag} for ${config.platform} with ${builder.name}${current ? ' (force-build)' : ''}`,
  );
  const job = {
    image,
    destination,
    tags,
    platform: config.platform,
    cache:
      builder.name === 'docker'
        ? cacheFor(config, image, destination, repo, env, outcome.warnings)
        : ({ kind: 'none' } as const),
    log: (line: string) => {
      log(`  ${image.name} | ${line}`);
    },
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
  const result = await builder.buildAndPush(job);
  const digest = result.digest;
  for (const tag of tags.filter((t) => !result.pushedTags.includes(t))) {
    if (existing.get(tag) === digest) continue;
    await store.addTag(image.repository, digest, tag);
  }
  // Read back what the registry holds: the output must name what a pull of the tag gets.
  const stored = await store.digestOf(image.repository, config.tag);
  if (stored !== digest) {
    throw new ImageBuildError(
      `image ${showValue(image.name)}: ${builder.name} reported ${digest}, but ${destination}:${config.tag} resolves to ${stored ?? 'nothing'}`,
      image.name,
      'push',
    );
  }
  return digest;
}

/** The scan gate: wait for each image's ECR scan and keep the findings at or above the severity. */
async function applyScanGate(
  config: BuildConfig,
  deps: BuildDeps,
  ecr: ECRClient,
  outcome: BuildOutcome,
  log: (line: string) => void,
): Promise<void> {
  if (config.scanGate) {
    const gate = config.scanGate;
    for (const img of outcome.images) {
      log(`${img.name}: waiting for the ECR scan of ${img.digest} (gate: ${gate.severity} and above)`);
      const scan = await waitForScan(ecr, img.repository, img.digest, {
        timeoutMs: gate.timeoutSeconds * 1000,
        pollMs: deps.scanPollMs ?? 5000,
        ...(deps.signal ? { signal: deps.signal } : {}),
      });
      const over = findingsAtOrAbove(scan.findings, gate.severity);
      const counts =
        Object.entries(scan.severityCounts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ') || 'no findings';
      log(`${img.name}: scan complete (${counts})`);
      for (const f of over) {
        outcome.findings.push(scanFinding(img, f));
        log(
          `  ${img.name}: ${f.severity} ${f.name}${f.package ? ` in ${f.package}${f.packageVersion ? ` ${f.packageVersion}` : ''}` : ''}${f.uri ? ` ${f.uri}` : ''}`,
        );
      }
    }
    if (outcome.findings.length > 0) {
      outcome.status = 'failed-scan-gate';
      log(`scan gate: ${outcome.findings.length} finding(s) at ${gate.severity} or above`);
    }
  }
}

function scanFinding(img: BuiltImage, f: ScanFinding): Finding {
  return {
    severity: 'blocker',
    code: 'image-vulnerability',
    message: `${f.severity} ${f.name}${f.package ? ` in ${f.package}${f.packageVersion ? ` ${f.packageVersion}` : ''}` : ''} (${img.ref})${f.uri ? ` ${f.uri}` : ''}`,
    workload: img.name,
  };
}

/**
 * The `images` input of the deploy for what was built: `repository=registry/repository:tag@digest`
 * lines, so the render pins every container of those repositories to the pushed digest.
 */
export function imageOverridesFromBuild(outcome: BuildOutcome): string {
  return outcome.images.map((i) => `${i.repository}=${i.registry}/${i.repository}:${i.tag}@${i.digest}`).join('\n');
}

/** What the CLI prints on stdout: the images with their digests. */
function buildOutputJson(outcome: BuildOutcome): string {
  return `${JSON.stringify({ status: outcome.status, images: outcome.images, findings: outcome.findings, warnings: outcome.warnings }, null, 2)}\n`;
}

/** `build --help`, from the command model. */
const BUILD_USAGE = commandHelp(command('build'));

/**
 * `eks-fargate-deploy build …`: parse flags, run the build, print the JSON outcome on `io.out` and
 * progress on `io.err`. Returns the exit code ({@link BuildExit}).
 */
export async function runBuildCommand(
  args: string[],
  io: { out(text: string): void; err(text: string): void },
  deps: Partial<BuildDeps> = {},
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(BUILD_USAGE);
    return BuildExit.Ok;
  }
  try {
    const config = buildConfigFromArgs(args, deps.env ?? process.env);
    const outcome = await runBuild(config, {
      ...deps,
      log:
        deps.log ??
        ((line) => {
          io.err(`${line}\n`);
        }),
    });
    io.out(buildOutputJson(outcome));
    return outcome.status === 'ok' ? BuildExit.Ok : BuildExit.ScanGate;
  } catch (err) {
    if (isUserError(err)) io.err(`error: ${err.message.split('\n').join('\nerror: ')}\n`);
    else if (err instanceof ImageBuildError || err instanceof RegistryError) io.err(`error: ${err.message}\n`);
    else io.err(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return BuildExit.Failed;
  }
}
