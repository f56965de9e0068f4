/**
 * docker buildx: the builder of GitHub-hosted runners. Login is `docker login --password-stdin`
 * (the password never on a command line) and `docker logout` at the end; the build pushes every
 * tag at once and writes the pushed digest to a metadata file, which is where the digest is read.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildJob, BuildResult, BuilderContext, ImageBuilder } from './builder.js';
import { ImageBuildError, describeFailure } from './failure.js';
import type { RegistryEndpoint } from './registry.js';

/**
 * The exact `docker` arguments of one build and push. No shell: each value is one argument. The
 * provenance attestation is off so the pushed digest is the image manifest itself (what Fargate
 * pulls and the render pins), not an index wrapping it.
 */
export function dockerBuildArgs(job: BuildJob, metadataFile: string): string[] {
  const { image } = job;
  const args = ['buildx', 'build', '--platform', job.platform, '--file', image.dockerfile];
  if (image.target) args.push('--target', image.target);
  for (const [k, v] of Object.entries(image.buildArgs)) args.push('--build-arg', `${k}=${v}`);
  for (const [k, v] of Object.entries(image.labels)) args.push('--label', `${k}=${v}`);
  for (const s of image.secrets)
    args.push('--secret', 'src' in s ? `id=${s.id},src=${s.src}` : `id=${s.id},env=${s.env}`);
  for (const tag of job.tags) args.push('--tag', `${job.destination}:${tag}`);
  if (job.cache.kind === 'gha') {
    for (const scope of job.cache.readScopes ?? [job.cache.scope]) args.push('--cache-from', `type=gha,scope=${scope}`);
    if (job.cache.write !== false) args.push('--cache-to', `type=gha,mode=max,scope=${job.cache.scope}`);
  } else if (job.cache.kind === 'registry') {
    args.push('--cache-from', `type=registry,ref=${job.cache.ref}`);
    // ECR takes a cache only as an image manifest (it refuses buildx's default cache manifest list).
    if (job.cache.write)
      args.push('--cache-to', `type=registry,ref=${job.cache.ref},mode=max,image-manifest=true,oci-mediatypes=true`);
  }
  args.push('--provenance=false', '--metadata-file', metadataFile, '--progress', 'plain', '--push', image.context);
  return args;
}

/** `docker login` arguments: the password comes on stdin. */
export function dockerLoginArgs(endpoint: RegistryEndpoint): string[] {
  return ['login', '--username', endpoint.username, '--password-stdin', endpoint.host];
}

/** docker buildx as an {@link ImageBuilder}. */
export class DockerBuilder implements ImageBuilder {
  readonly name = 'docker' as const;
  private endpoint: RegistryEndpoint | undefined;
  private secrets: string[] = [];
  private tempDir: string | undefined;
  private driver: Promise<string | undefined> | undefined;

  constructor(private readonly ctx: BuilderContext) {}

  /**
   * The driver of the current buildx builder (`docker buildx inspect`). The runner's default
   * builder uses the `docker` driver, which can neither export nor import the GitHub Actions
   * cache; docker/setup-buildx-action makes a `docker-container` one that can.
   */
  private currentDriver(): Promise<string | undefined> {
    this.driver ??= this.ctx.runner.run(this.command, ['buildx', 'inspect'], { env: this.ctx.env }).then(
      (r) => (r.code === 0 ? /^Driver:\s*(\S+)/m.exec(r.lines.join('\n'))?.[1] : undefined),
      () => undefined,
    );
    return this.driver;
  }

  private get command(): string {
    return this.ctx.command ?? 'docker';
  }

  async login(endpoint: RegistryEndpoint): Promise<void> {
    this.secrets = [endpoint.password, Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')];
    this.tempDir = await mkdtemp(join(this.ctx.tempBase, 'eks-fargate-deploy-docker-'));
    const r = await this.ctx.runner.run(this.command, dockerLoginArgs(endpoint), {
      stdin: endpoint.password,
      env: this.ctx.env,
      secrets: this.secrets,
    });
    if (r.code !== 0) {
      throw new ImageBuildError(
        describeFailure({
          image: endpoint.host,
          phase: 'login',
          builder: 'docker',
          command: 'docker login',
          code: r.code,
          signal: r.signal,
          lines: r.lines,
        }),
        endpoint.host,
        'login',
      );
    }
    this.endpoint = endpoint;
  }

  async buildAndPush(job: BuildJob): Promise<BuildResult> {
    if (!this.tempDir) throw new Error('DockerBuilder.buildAndPush before login');
    const metadataFile = join(this.tempDir, `${job.image.name.replace(/[^\w.-]/g, '_')}-metadata.json`);
    if (job.cache.kind === 'gha' && (await this.currentDriver()) === 'docker') {
      job.log(
        `cache gha: the buildx builder uses the docker driver, which cannot use the GitHub Actions cache; building without it (set up a docker-container builder with docker/setup-buildx-action, as deploy.yml does)`,
      );
      job = { ...job, cache: { kind: 'none' } };
    }
    const r = await this.ctx.runner.run(this.command, dockerBuildArgs(job, metadataFile), {
      env: this.ctx.env,
      secrets: this.secrets,
      onLine: job.log,
      ...(job.signal ? { signal: job.signal } : {}),
    });
    if (r.code !== 0) {
      // buildx builds and pushes in one command: a failure after the last step is the push.
      const pushed =
        r.lines.some((l) => /pushing layers|exporting to image|pushing manifest/i.test(l)) &&
        !r.lines.some((l) =>
          /^ERROR: failed to solve: process|failed to compute cache key|dockerfile parse error/i.test(l),
        );
      const phase = pushed ? 'push' : 'build';
      throw new ImageBuildError(
        describeFailure({
          image: job.image.name,
          phase,
          builder: 'docker',
          command: 'docker buildx build',
          code: r.code,
          signal: r.signal,
          lines: r.lines,
        }),
        job.image.name,
        phase,
      );
    }
    let digest: string | undefined;
    try {
      const meta = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
      digest = typeof meta['containerimage.digest'] === 'string' ? meta['containerimage.digest'] : undefined;
    } catch (err) {
      throw new Error(
        `image ${JSON.stringify(job.image.name)}: docker buildx wrote no readable metadata file (${(err as Error).message})`,
      );
    }
    if (!digest || !/^sha256:[0-9a-f]{64}$/.test(digest))
      throw new Error(`image ${JSON.stringify(job.image.name)}: docker buildx reported no pushed digest`);
    return { digest, pushedTags: [...job.tags] };
  }

  async logout(): Promise<void> {
    const endpoint = this.endpoint;
    this.endpoint = undefined;
    if (endpoint)
      await this.ctx.runner.run(this.command, ['logout', endpoint.host], { env: this.ctx.env, secrets: this.secrets });
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
    this.tempDir = undefined;
  }
}
