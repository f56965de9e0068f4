/**
 * The image builder strategy: docker buildx on runners with a Docker daemon, buildah (daemonless)
 * everywhere else, and `auto`, which picks what the runner has and says why.
 */
import type { BuilderChoice, ImageSpec } from '../config/build.js';
import type { CommandRunner } from './process.js';
import type { RegistryEndpoint } from './registry.js';

/** The builders there are. */
export type BuilderName = 'docker' | 'buildah';

/** Where buildx keeps its cache for one image. */
export type BuildCache =
  /**
   * `scope`: where this build writes; `readScopes`: where it reads, in order (default `[scope]`);
   * `write: false` reads only (pull requests must not write a cache that main then trusts).
   */
  | { kind: 'gha'; scope: string; readScopes?: string[]; write?: boolean }
  | { kind: 'registry'; ref: string; write: boolean }
  | { kind: 'none' };

/** One image to build and push. */
export interface BuildJob {
  image: ImageSpec;
  /** `host/repository`, without tag. */
  destination: string;
  /** Main tag first, then the extra tags. */
  tags: string[];
  platform: string;
  cache: BuildCache;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** What a builder pushed. */
export interface BuildResult {
  /** Digest of the pushed manifest (`sha256:…`). */
  digest: string;
  /** Tags the builder pushed itself; the rest are added through the registry API. */
  pushedTags: string[];
}

/** A builder: log in once, build and push images, log out (always, also after a failure). */
export interface ImageBuilder {
  readonly name: BuilderName;
  login(endpoint: RegistryEndpoint): Promise<void>;
  buildAndPush(job: BuildJob): Promise<BuildResult>;
  /** Remove every credential the login left (auth file, docker config entry). Safe to call twice or without login. */
  logout(): Promise<void>;
}

/** What builders need from their surroundings. */
export interface BuilderContext {
  runner: CommandRunner;
  /** Parent of the per-run temp directory (the runner's RUNNER_TEMP, else the OS temp dir). */
  tempBase: string;
  env: NodeJS.ProcessEnv;
  /** The executable; default `docker` / `buildah` from PATH. */
  command?: string;
}

/** Which builder auto picked and why, for the log. */
export interface BuilderPick {
  name: BuilderName;
  reason: string;
}

async function probe(
  runner: CommandRunner,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; why: string }> {
  const r = await runner.run(command, args, { env });
  const last = r.lines.filter((l) => l.trim() !== '').at(-1) ?? '';
  return {
    ok: r.code === 0,
    why: r.code === 0 ? last : `${[command, ...args].join(' ')}: ${last || `exit code ${r.code}`}`,
  };
}

/**
 * Resolve `builder` to a concrete one. `auto`: docker when `docker buildx` exists and the daemon
 * answers, else buildah when installed. An explicit choice is checked the same way, so a missing
 * tool is reported before any AWS call, not halfway through a build.
 */
export async function pickBuilder(
  choice: BuilderChoice,
  runner: CommandRunner,
  env: NodeJS.ProcessEnv,
  commands: { docker?: string; buildah?: string } = {},
): Promise<BuilderPick> {
  const docker = commands.docker ?? 'docker';
  const buildah = commands.buildah ?? 'buildah';
  const dockerUsable = async (): Promise<{ ok: boolean; why: string }> => {
    const bx = await probe(runner, docker, ['buildx', 'version'], env);
    if (!bx.ok) return { ok: false, why: `docker buildx is not available (${bx.why})` };
    const daemon = await probe(runner, docker, ['info', '--format', '{{.ServerVersion}}'], env);
    if (!daemon.ok) return { ok: false, why: `no Docker daemon answers (${daemon.why})` };
    return { ok: true, why: `docker buildx with Docker ${daemon.why}` };
  };
  const buildahUsable = async (): Promise<{ ok: boolean; why: string }> => {
    const v = await probe(runner, buildah, ['--version'], env);
    return v.ok ? { ok: true, why: v.why } : { ok: false, why: `buildah is not available (${v.why})` };
  };
  if (choice === 'docker') {
    const d = await dockerUsable();
    if (!d.ok) throw new Error(`builder docker: ${d.why}; use builder buildah (daemonless) or auto`);
    return { name: 'docker', reason: `asked for (${d.why})` };
  }
  if (choice === 'buildah') {
    const b = await buildahUsable();
    if (!b.ok) throw new Error(`builder buildah: ${b.why}; install it (apt-get install buildah) or use builder docker`);
    return { name: 'buildah', reason: `asked for (${b.why})` };
  }
  const d = await dockerUsable();
  if (d.ok) return { name: 'docker', reason: `auto: ${d.why}` };
  const b = await buildahUsable();
  if (b.ok) return { name: 'buildah', reason: `auto: ${d.why}; ${b.why}` };
  throw new Error(`builder auto: neither docker nor buildah can build here: ${d.why}; ${b.why}`);
}
