/**
 * buildah: the daemonless builder, for self-hosted runners without Docker (runner pods on
 * Kubernetes). Login is an auth file (mode 0600) in a private temp directory, handed to buildah
 * with `--authfile` and deleted at the end; the image is built with chroot isolation (no
 * privileges needed) and pushed with `--digestfile`, which is where the digest is read.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildahOptions } from '../config/build.js';
import type { BuildJob, BuildResult, BuilderContext, ImageBuilder } from './builder.js';
import { ImageBuildError, describeFailure } from './failure.js';
import type { RegistryEndpoint } from './registry.js';

/** Arguments before the subcommand: where buildah keeps its images. */
function buildahGlobalArgs(options: BuildahOptions): string[] {
  const args: string[] = [];
  if (options.root) args.push('--root', options.root);
  if (options.runroot) args.push('--runroot', options.runroot);
  if (options.storageDriver) args.push('--storage-driver', options.storageDriver);
  return args;
}

/** The exact `buildah build` arguments of one image (the auth file lets `FROM` pull private base images). */
function buildahBuildArgs(
  job: BuildJob,
  options: BuildahOptions,
  files: { iidFile: string; authFile: string },
): string[] {
  const { image } = job;
  const args = [
    ...buildahGlobalArgs(options),
    'build',
    '--isolation',
    options.isolation,
    '--platform',
    job.platform,
    '--file',
    image.dockerfile,
    '--authfile',
    files.authFile,
  ];
  if (image.target) args.push('--target', image.target);
  for (const [k, v] of Object.entries(image.buildArgs)) args.push('--build-arg', `${k}=${v}`);
  for (const [k, v] of Object.entries(image.labels)) args.push('--label', `${k}=${v}`);
  for (const s of image.secrets)
    args.push('--secret', 'src' in s ? `id=${s.id},src=${s.src}` : `id=${s.id},env=${s.env}`);
  args.push('--layers', '--iidfile', files.iidFile, '--tag', `${job.destination}:${job.tags[0]}`, image.context);
  return args;
}

/** The exact `buildah push` arguments of the main tag. */
function buildahPushArgs(
  job: BuildJob,
  options: BuildahOptions,
  files: { imageId: string; authFile: string; digestFile: string; insecure: boolean },
): string[] {
  const args = [...buildahGlobalArgs(options), 'push', '--authfile', files.authFile, '--digestfile', files.digestFile];
  if (files.insecure) args.push('--tls-verify=false');
  args.push(files.imageId, `docker://${job.destination}:${job.tags[0]}`);
  return args;
}

/** The containers auth file (`auth.json`) for one registry. */
function authFileContent(endpoint: RegistryEndpoint): string {
  return `${JSON.stringify({ auths: { [endpoint.host]: { auth: Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64') } } })}\n`;
}

/** buildah as an {@link ImageBuilder}. */
export class BuildahBuilder implements ImageBuilder {
  readonly name = 'buildah' as const;
  private tempDir: string | undefined;
  private authFile: string | undefined;
  private insecure = false;
  private secrets: string[] = [];

  constructor(
    private readonly ctx: BuilderContext,
    private readonly options: BuildahOptions,
  ) {}

  private get command(): string {
    return this.ctx.command ?? 'buildah';
  }

  async login(endpoint: RegistryEndpoint): Promise<void> {
    this.secrets = [endpoint.password, Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')];
    this.insecure = endpoint.insecure;
    this.tempDir = await mkdtemp(join(this.ctx.tempBase, 'eks-fargate-deploy-buildah-'));
    await chmod(this.tempDir, 0o700);
    const authFile = join(this.tempDir, 'auth.json');
    await writeFile(authFile, authFileContent(endpoint), { mode: 0o600 });
    this.authFile = authFile;
  }

  async buildAndPush(job: BuildJob): Promise<BuildResult> {
    if (!this.tempDir || !this.authFile) throw new Error('BuildahBuilder.buildAndPush before login');
    const base = join(this.tempDir, job.image.name.replace(/[^\w.-]/g, '_'));
    const iidFile = `${base}.iid`;
    const digestFile = `${base}.digest`;
    const run = (args: string[]) =>
      this.ctx.runner.run(this.command, args, {
        env: this.ctx.env,
        secrets: this.secrets,
        onLine: job.log,
        ...(job.signal ? { signal: job.signal } : {}),
      });

    const built = await run(buildahBuildArgs(job, this.options, { iidFile, authFile: this.authFile }));
    if (built.code !== 0) {
      throw new ImageBuildError(
        describeFailure({
          image: job.image.name,
          phase: 'build',
          builder: 'buildah',
          command: 'buildah build',
          code: built.code,
          signal: built.signal,
          lines: built.lines,
        }),
        job.image.name,
        'build',
      );
    }
    const imageId = (await readFile(iidFile, 'utf8')).trim().replace(/^sha256:/, '');
    const pushed = await run(
      buildahPushArgs(job, this.options, { imageId, authFile: this.authFile, digestFile, insecure: this.insecure }),
    );
    if (pushed.code !== 0) {
      throw new ImageBuildError(
        describeFailure({
          image: job.image.name,
          phase: 'push',
          builder: 'buildah',
          command: 'buildah push',
          code: pushed.code,
          signal: pushed.signal,
          lines: pushed.lines,
        }),
        job.image.name,
        'push',
      );
    }
    const digest = (await readFile(digestFile, 'utf8')).trim();
    if (!/^sha256:[0-9a-f]{64}$/.test(digest))
      throw new Error(
        `image ${JSON.stringify(job.image.name)}: buildah push wrote no digest (got ${JSON.stringify(digest.slice(0, 80))})`,
      );
    // The main tag (the first): the extra ones are added afterwards.
    return { digest, pushedTags: job.tags.slice(0, 1) };
  }

  async logout(): Promise<void> {
    if (this.tempDir) await rm(this.tempDir, { recursive: true, force: true });
    this.tempDir = undefined;
    this.authFile = undefined;
  }
}
