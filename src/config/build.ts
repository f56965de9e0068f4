/**
 * The `build` configuration: which images to build, with which builder, for which platform, pushed
 * to which ECR repositories under which tag. Read once from CLI flags or action inputs and
 * validated here; nothing else reads them.
 *
 * Images come as a YAML/JSON list (inline, or a file path), one mapping per image:
 *
 * ```yaml
 * - name: web                      # required; also the ECR repository unless `repository` is set
 *   repository: shop/web           # optional ECR repository name
 *   context: services/web          # default "." (relative to the workspace)
 *   dockerfile: services/web/Dockerfile   # default <context>/Dockerfile (relative to the workspace)
 *   target: runtime
 *   build-args: { NODE_ENV: production }
 *   secrets: [ "id=npm,env=NPM_TOKEN", { id: cert, src: certs/ca.pem } ]
 *   labels: { team: shop }
 *   tags: [ latest ]               # extra tags besides the main one (the commit SHA)
 * ```
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from '../util/yaml.js';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import { readInputFileSync } from '../inputs/input-file.js';
import { parseSeconds } from '../util/duration.js';
import { bool, parseArgs, single, type FlagSpec } from './args.js';
import { flagSpecs } from '../command-model.js';
import { validated } from './validated.js';

/** The builders this tool drives. `auto` picks docker buildx when a daemon answers, else buildah. */
export const BuilderChoice = { Auto: 'auto', Docker: 'docker', Buildah: 'buildah' } as const;
export type BuilderChoice = (typeof BuilderChoice)[keyof typeof BuilderChoice];

/** Where docker buildx keeps its layer cache. `auto`: the GitHub Actions cache when the runner has it, else none. */
const CacheChoice = { Auto: 'auto', Gha: 'gha', Registry: 'registry', None: 'none' } as const;
type CacheChoice = (typeof CacheChoice)[keyof typeof CacheChoice];

/** ECR finding severities, lowest first; the scan gate fails on findings at or above its threshold. */
const SCAN_SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type ScanSeverity = (typeof SCAN_SEVERITIES)[number];

/** A build secret: a file (`src`) or an environment variable (`env`) exposed to `RUN --mount=type=secret,id=…`. */
type BuildSecret = { id: string; src: string } | { id: string; env: string };

/** One image to build and push. Paths are absolute. */
export interface ImageSpec {
  name: string;
  /** ECR repository name (default: `name`). */
  repository: string;
  context: string;
  dockerfile: string;
  target?: string;
  buildArgs: Record<string, string>;
  secrets: BuildSecret[];
  labels: Record<string, string>;
  /** Extra tags pushed besides the main tag. */
  tags: string[];
  /** Where the spec came from, for messages: `images[0]` or `images.yaml: images[0]`. */
  where: string;
}

/** How a repository is created when missing (and what an existing one is compared with). */
export interface RepositorySettings {
  tagImmutability: boolean;
  scanOnPush: boolean;
  encryption: { type: 'AES256' } | { type: 'KMS'; kmsKey?: string };
  /** Lifecycle policy: expire all but the newest N images. */
  lifecycleKeep?: number;
}

/** The registry to push to instead of the one GetAuthorizationToken names. */
interface RegistryOverride {
  /** `host[:port]`, as it appears in image references. */
  host: string;
  /** True for `http://…`: plain HTTP, no TLS (local registries only). */
  insecure: boolean;
}

/** buildah's own knobs: unprivileged runner pods need `chroot` isolation, some need the `vfs` driver. */
export interface BuildahOptions {
  isolation: 'chroot' | 'oci' | 'rootless';
  storageDriver?: string;
  root?: string;
  runroot?: string;
}

/** Everything `build` needs, validated once. */
export interface BuildConfig {
  images: ImageSpec[];
  builder: BuilderChoice;
  region: string;
  registry?: RegistryOverride;
  /** Always `linux/amd64` for Fargate targets. */
  platform: string;
  /** The main tag: the commit SHA unless given. */
  tag: string;
  forceBuild: boolean;
  repository: RepositorySettings;
  scanGate?: { severity: ScanSeverity; timeoutSeconds: number };
  cache: CacheChoice;
  buildah: BuildahOptions;
  workspace: string;
}

/** Plain values for `build`, from CLI flags or action inputs (strings as given; validated by {@link validateBuildSettings}). */
export interface BuildSettings {
  /** Inline YAML/JSON list (or one mapping), or the path of a file holding it. */
  images?: string;
  builder?: string;
  region?: string;
  registry?: string;
  platform?: string;
  tag?: string;
  commit?: string;
  forceBuild?: string;
  tagImmutability?: string;
  scanOnPush?: string;
  encryption?: string;
  lifecycleKeep?: string;
  scanGateSeverity?: string;
  scanGateTimeout?: string;
  cache?: string;
  buildahIsolation?: string;
  buildahStorageDriver?: string;
  buildahRoot?: string;
  buildahRunroot?: string;
  workspace?: string;
}

/** `build` flags; the names match the action inputs. */
export const BUILD_FLAGS: Record<string, FlagSpec> = flagSpecs('build');

const SETTING_OF_FLAG: Record<string, keyof BuildSettings> = {
  images: 'images',
  builder: 'builder',
  region: 'region',
  registry: 'registry',
  platform: 'platform',
  tag: 'tag',
  commit: 'commit',
  'tag-immutability': 'tagImmutability',
  'scan-on-push': 'scanOnPush',
  encryption: 'encryption',
  'lifecycle-keep': 'lifecycleKeep',
  'scan-gate-severity': 'scanGateSeverity',
  'scan-gate-timeout': 'scanGateTimeout',
  cache: 'cache',
  'buildah-isolation': 'buildahIsolation',
  'buildah-storage-driver': 'buildahStorageDriver',
  'buildah-root': 'buildahRoot',
  'buildah-runroot': 'buildahRunroot',
  workspace: 'workspace',
};

/** `build` flags → config (the environment supplies the region, GITHUB_SHA and GITHUB_WORKSPACE when flags do not). */
export function buildConfigFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BuildConfig {
  const args = parseArgs(argv, BUILD_FLAGS);
  if (args.positionals.length > 0) throw new UserInputError(`unexpected argument ${showValue(args.positionals[0])}`);
  const s: BuildSettings = {};
  for (const [flag, key] of Object.entries(SETTING_OF_FLAG)) {
    const v = single(args, flag);
    if (v !== undefined) s[key] = v;
  }
  if (bool(args, 'force-build')) s.forceBuild = 'true';
  return validateBuildSettings(s, (f) => `--${f}`, env);
}

/** ECR's repository name pattern (CreateRepository), 2–256 characters. */
const ECR_REPOSITORY_RE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** Docker's tag grammar. */
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const REGISTRY_HOST_RE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;
const SECRET_ID_RE = /^[A-Za-z0-9_.-]{1,128}$/;
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BUILD_ARG_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The one platform EKS Fargate runs. */
const FARGATE_PLATFORM = 'linux/amd64';

/**
 * Validate build settings; every problem at once (UserInputErrors naming the flag/input and, for
 * images, the entry and field). `name` turns a setting name into how the user spells it
 * (`--tag`, `input tag`). Reads the images file when `images` names one.
 */
export function validateBuildSettings(
  s: BuildSettings,
  name: (setting: string) => string,
  env: NodeJS.ProcessEnv = process.env,
): BuildConfig {
  const errors: UserInputError[] = [];
  const push = (field: string, message: string): void =>
    void errors.push(new UserInputError(message, undefined, field));
  const workspace = resolve(s.workspace ?? env['GITHUB_WORKSPACE'] ?? process.cwd());

  const builder = (s.builder?.trim() || 'auto') as BuilderChoice;
  if (!Object.values(BuilderChoice).includes(builder))
    push(name('builder'), `expected auto, docker or buildah, got ${showValue(s.builder)}`);

  const region = s.region?.trim() || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'];
  if (region === undefined) push(name('region'), 'required (or set AWS_REGION)');
  else if (!REGION_RE.test(region)) push(name('region'), `${showValue(region)} is not an AWS region`);

  const registry = registryOverride(s, name, push);

  const platform = s.platform?.trim() || FARGATE_PLATFORM;
  if (platform !== FARGATE_PLATFORM) {
    push(
      name('platform'),
      `EKS on Fargate runs ${FARGATE_PLATFORM} pods only (no Arm, no Windows): an image built for ${showValue(platform)} would not start there; use ${FARGATE_PLATFORM}`,
    );
  }

  const tag = s.tag?.trim() || s.commit?.trim() || env['GITHUB_SHA'];
  if (tag === undefined)
    push(name('tag'), 'required: give the tag (usually the commit SHA) or --commit, or set GITHUB_SHA');
  else if (!TAG_RE.test(tag))
    push(
      name('tag'),
      `${showValue(tag)} is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")`,
    );

  const forceBuild = boolSetting(s.forceBuild, false, name('force-build'), errors);
  const tagImmutability = boolSetting(s.tagImmutability, true, name('tag-immutability'), errors);
  const scanOnPush = boolSetting(s.scanOnPush, true, name('scan-on-push'), errors);

  const { encryption, lifecycleKeep } = repositoryPolicy(s, name, push);

  const scanGate = scanGateSettings(s, name, push, errors);

  const cache = (s.cache?.trim() || 'auto') as CacheChoice;
  if (!Object.values(CacheChoice).includes(cache))
    push(name('cache'), `expected auto, gha, registry or none, got ${showValue(s.cache)}`);

  const buildah = buildahOptions(s, name, push, workspace);

  const images = imageSpecs(s.images, name('images'), workspace, errors);

  if (errors.length > 0) throw new UserInputErrors(errors);
  const repository: RepositorySettings = {
    tagImmutability,
    scanOnPush,
    encryption,
    ...(lifecycleKeep !== undefined ? { lifecycleKeep } : {}),
  };
  return {
    images,
    builder,
    region: validated(region, 'the region'),
    ...(registry ? { registry } : {}),
    platform,
    tag: validated(tag, 'the tag'),
    forceBuild,
    repository,
    ...(scanGate ? { scanGate } : {}),
    cache,
    buildah,
    workspace,
  };
}

type Push = (field: string, message: string) => void;

/** `--registry`: push somewhere else than ECR's registry. */
function registryOverride(
  s: BuildSettings,
  name: (setting: string) => string,
  push: Push,
): RegistryOverride | undefined {
  let registry: RegistryOverride | undefined;
  if (s.registry !== undefined && s.registry.trim() !== '') {
    const m = /^(?:(https?):\/\/)?([^/]+)\/?$/.exec(s.registry.trim());
    const host = m?.[2];
    if (host === undefined || !REGISTRY_HOST_RE.test(host))
      push(
        name('registry'),
        `expected a registry host[:port] (optionally http:// for a local registry), got ${showValue(s.registry)}`,
      );
    else registry = { host, insecure: m?.[1] === 'http' };
  }
  return registry;
}

/** The encryption and lifecycle of the repositories build creates. */
function repositoryPolicy(
  s: BuildSettings,
  name: (setting: string) => string,
  push: Push,
): { encryption: RepositorySettings['encryption']; lifecycleKeep: number | undefined } {
  let encryption: RepositorySettings['encryption'] = { type: 'AES256' };
  const enc = s.encryption?.trim();
  if (enc) {
    const m = /^(AES256|KMS)(?::(.+))?$/i.exec(enc);
    const kind = m?.[1]?.toUpperCase();
    const key = m?.[2];
    if (kind === undefined || (kind === 'AES256' && key !== undefined))
      push(name('encryption'), `expected AES256, KMS or KMS:<key ARN, id or alias>, got ${showValue(enc)}`);
    else encryption = kind === 'KMS' ? { type: 'KMS', ...(key ? { kmsKey: key } : {}) } : { type: 'AES256' };
  }

  let lifecycleKeep: number | undefined;
  if (s.lifecycleKeep !== undefined && s.lifecycleKeep.trim() !== '') {
    lifecycleKeep = Number(s.lifecycleKeep.trim());
    if (!Number.isInteger(lifecycleKeep) || lifecycleKeep < 1 || lifecycleKeep > 10_000) {
      push(
        name('lifecycle-keep'),
        `expected a whole number of images to keep from 1 to 10000, got ${showValue(s.lifecycleKeep)}`,
      );
    }
  }
  return { encryption, lifecycleKeep };
}

/** The optional gate on the ECR scan's findings. */
function scanGateSettings(
  s: BuildSettings,
  name: (setting: string) => string,
  push: Push,
  errors: UserInputError[],
): BuildConfig['scanGate'] {
  let scanGate: BuildConfig['scanGate'];
  const sev = s.scanGateSeverity?.trim().toUpperCase();
  if (sev && sev !== 'NONE') {
    if (!(SCAN_SEVERITIES as readonly string[]).includes(sev))
      push(
        name('scan-gate-severity'),
        `expected one of ${SCAN_SEVERITIES.join(', ')} (or none), got ${showValue(s.scanGateSeverity)}`,
      );
    else
      scanGate = {
        severity: sev as ScanSeverity,
        timeoutSeconds: seconds(s.scanGateTimeout, 600, name('scan-gate-timeout'), errors),
      };
  }
  return scanGate;
}

/** Where and how buildah runs (paths inside the workspace). */
function buildahOptions(
  s: BuildSettings,
  name: (setting: string) => string,
  push: Push,
  workspace: string,
): BuildahOptions {
  const isolation = (s.buildahIsolation?.trim() || 'chroot') as BuildahOptions['isolation'];
  if (!['chroot', 'oci', 'rootless'].includes(isolation))
    push(name('buildah-isolation'), `expected chroot, oci or rootless, got ${showValue(s.buildahIsolation)}`);
  const buildah: BuildahOptions = { isolation };
  if (s.buildahStorageDriver?.trim()) {
    if (!/^[a-z0-9]+$/.test(s.buildahStorageDriver.trim()))
      push(
        name('buildah-storage-driver'),
        `expected a storage driver name (vfs, overlay), got ${showValue(s.buildahStorageDriver)}`,
      );
    buildah.storageDriver = s.buildahStorageDriver.trim();
  }
  if (s.buildahRoot?.trim()) buildah.root = resolve(workspace, s.buildahRoot.trim());
  if (s.buildahRunroot?.trim()) buildah.runroot = resolve(workspace, s.buildahRunroot.trim());
  return buildah;
}

function boolSetting(v: string | undefined, def: boolean, field: string, errors: UserInputError[]): boolean {
  if (v === undefined || v.trim() === '') return def;
  const t = v.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  errors.push(new UserInputError(`expected true or false, got ${showValue(v)}`, undefined, field));
  return def;
}

function seconds(v: string | undefined, def: number, field: string, errors: UserInputError[]): number {
  if (v === undefined || v.trim() === '') return def;
  const n = parseSeconds(v) ?? NaN;
  if (!(n >= 1 && n <= 86_400))
    errors.push(
      new UserInputError(
        `expected a duration from 1 s to 24 h (e.g. 600, 90s, 10m), got ${showValue(v)}`,
        undefined,
        field,
      ),
    );
  return Number.isFinite(n) ? n : def;
}

/** Inline YAML starts like a list or a mapping; anything else is a file path. */
function looksInline(text: string): boolean {
  return /^\s*(-|\[|\{)/.test(text) || text.trim().includes('\n') || /^\s*[\w-]+:\s/.test(text);
}

function imageSpecs(
  setting: string | undefined,
  field: string,
  workspace: string,
  errors: UserInputError[],
): ImageSpec[] {
  if (setting === undefined || setting.trim() === '') {
    errors.push(
      new UserInputError(
        'give the images to build: a YAML list of {name, context, dockerfile, …} or a file holding one',
        undefined,
        field,
      ),
    );
    return [];
  }
  let text = setting;
  let file: string | undefined;
  if (!looksInline(setting)) {
    file = setting.trim();
    const read = readImagesFile(file, field, workspace, errors);
    if (read === undefined) return [];
    text = read;
  }
  const label = (where: string): string => (file ? `${file}: ${where}` : `${field}: ${where}`);
  const list = parseImagesList(text, file, field, errors);
  if (!list) return [];
  return uniqueImageSpecs(list, label, workspace, errors);
}

/** The text of the images file named by a workflow input, or undefined (with the error pushed). */
function readImagesFile(file: string, field: string, workspace: string, errors: UserInputError[]): string | undefined {
  const path = resolve(workspace, file);
  if (!existsSync(path)) {
    errors.push(
      new UserInputError(
        `file ${showValue(file)} not found (in ${workspace}); give a file path or an inline YAML list`,
        undefined,
        field,
      ),
    );
    return undefined;
  }
  // The setting comes from a workflow input: never read (and quote in errors) a file outside the checkout.
  const real = realpathSync(path);
  const root = existsSync(workspace) ? realpathSync(workspace) : resolve(workspace);
  const rel = relative(root, real);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    errors.push(
      new UserInputError(
        `file ${showValue(file)} is outside the workspace ${workspace}; the images file must come from the repository`,
        undefined,
        field,
      ),
    );
    return undefined;
  }
  if (!statSync(real).isFile()) {
    errors.push(
      new UserInputError(`${showValue(file)} is not a file; give a file path or an inline YAML list`, undefined, field),
    );
    return undefined;
  }
  try {
    return readInputFileSync(real, file, 'images lists');
  } catch (err) {
    if (!(err instanceof UserInputError)) throw err;
    errors.push(err);
    return undefined;
  }
}

/**
 * The entries of an images document: a list, a mapping with an `images` list, or a single mapping;
 * undefined (with the error pushed) when it is not YAML or holds no image.
 */
function parseImagesList(
  text: string,
  file: string | undefined,
  field: string,
  errors: UserInputError[],
): unknown[] | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    errors.push(
      new UserInputError(`not valid YAML: ${(err as Error).message.split('\n')[0]}`, file, file ? undefined : field),
    );
    return undefined;
  }
  const list: unknown[] | undefined = Array.isArray(doc)
    ? doc
    : doc !== null && typeof doc === 'object' && Array.isArray((doc as { images?: unknown }).images)
      ? (doc as { images: unknown[] }).images
      : doc !== null && typeof doc === 'object'
        ? [doc]
        : undefined;
  if (!list || list.length === 0) {
    errors.push(
      new UserInputError(
        'expected a list of images (mappings with name, context, dockerfile, …)',
        file,
        file ? undefined : field,
      ),
    );
    return undefined;
  }
  return list;
}

/** Each entry checked by {@link imageSpec}, then image names and target repositories checked unique. */
function uniqueImageSpecs(
  list: readonly unknown[],
  label: (where: string) => string,
  workspace: string,
  errors: UserInputError[],
): ImageSpec[] {
  const specs: ImageSpec[] = [];
  const seenNames = new Set<string>();
  const seenRepos = new Set<string>();
  list.forEach((entry, i) => {
    const where = `images[${i}]`;
    const spec = imageSpec(entry, where, label, workspace, errors);
    if (!spec) return;
    if (seenNames.has(spec.name))
      errors.push(
        new UserInputError(`image ${showValue(spec.name)} is listed twice`, undefined, label(`${where}.name`)),
      );
    if (seenRepos.has(spec.repository))
      errors.push(
        new UserInputError(
          `repository ${showValue(spec.repository)} is the target of two images`,
          undefined,
          label(`${where}.repository`),
        ),
      );
    seenNames.add(spec.name);
    seenRepos.add(spec.repository);
    specs.push(spec);
  });
  return specs;
}

const IMAGE_KEYS = new Set([
  'name',
  'repository',
  'context',
  'dockerfile',
  'file',
  'target',
  'build-args',
  'buildArgs',
  'secrets',
  'labels',
  'tags',
]);

function imageSpec(
  entry: unknown,
  where: string,
  label: (w: string) => string,
  workspace: string,
  errors: UserInputError[],
): ImageSpec | undefined {
  const fail = (f: string, message: string): void => void errors.push(new UserInputError(message, undefined, label(f)));
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    fail(where, `expected a mapping with name, context, dockerfile, …, got ${showValue(entry)}`);
    return undefined;
  }
  const e = entry as Record<string, unknown>;
  for (const k of Object.keys(e)) {
    if (!IMAGE_KEYS.has(k))
      fail(
        `${where}.${k}`,
        `unknown field (expected one of name, repository, context, dockerfile, target, build-args, secrets, labels, tags)`,
      );
  }
  const str = (k: string): string | undefined => {
    const v = e[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      fail(`${where}.${k}`, `expected a non-empty string, got ${showValue(v)}`);
      return undefined;
    }
    return v.trim();
  };
  const name = str('name');
  if (name === undefined && e['name'] === undefined) fail(`${where}.name`, 'required');
  const repository = str('repository') ?? name;
  if (
    repository !== undefined &&
    (!ECR_REPOSITORY_RE.test(repository) || repository.length < 2 || repository.length > 256)
  ) {
    fail(
      `${where}.${e['repository'] !== undefined ? 'repository' : 'name'}`,
      `${showValue(repository)} is not a valid ECR repository name (2-256 lower-case letters, digits, ".", "_", "-" and "/" between components)`,
    );
  }
  const contextRel = str('context') ?? '.';
  const context = isAbsolute(contextRel) ? contextRel : resolve(workspace, contextRel);
  const dockerfileRel = str('dockerfile') ?? str('file');
  const dockerfile = dockerfileRel === undefined ? resolve(context, 'Dockerfile') : resolve(workspace, dockerfileRel);
  const target = str('target');
  const buildArgs = stringMap(
    e['build-args'] ?? e['buildArgs'],
    `${where}.build-args`,
    fail,
    BUILD_ARG_RE,
    'a build argument name',
  );
  const labels = stringMap(e['labels'], `${where}.labels`, fail, /^\S{1,255}$/, 'a label key');
  const secrets = buildSecrets(e['secrets'], `${where}.secrets`, fail, workspace);
  const tags = imageTags(e['tags'], `${where}.tags`, fail);
  if (name === undefined || repository === undefined) return undefined;
  return {
    name,
    repository,
    context,
    dockerfile,
    ...(target ? { target } : {}),
    buildArgs,
    secrets,
    labels,
    tags,
    where: label(where),
  };
}

/** Extra tags: a list, or a string of tags separated by spaces or commas; duplicates dropped. */
function imageTags(v: unknown, where: string, fail: (f: string, m: string) => void): string[] {
  const tags: string[] = [];
  if (v === undefined) return tags;
  const list = typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v;
  if (!Array.isArray(list)) fail(where, `expected a list of tags, got ${showValue(v)}`);
  else {
    list.forEach((t: unknown, j) => {
      if (typeof t !== 'string' || !TAG_RE.test(t)) fail(`${where}[${j}]`, `${showValue(t)} is not a valid image tag`);
      else if (!tags.includes(t)) tags.push(t);
    });
  }
  return tags;
}

function stringMap(
  v: unknown,
  where: string,
  fail: (f: string, m: string) => void,
  keyRe: RegExp,
  what: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (v === undefined || v === null) return out;
  // `K=V` lines or a list of them are accepted too: that is how build-push-action users write them.
  const entries: [string, unknown][] = [];
  if (typeof v === 'string' || Array.isArray(v)) {
    const items =
      typeof v === 'string'
        ? v
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
        : v;
    items.forEach((item, i) => {
      const eq = typeof item === 'string' ? item.indexOf('=') : -1;
      if (eq <= 0) fail(`${where}[${i}]`, `expected KEY=VALUE, got ${showValue(item)}`);
      else entries.push([(item as string).slice(0, eq), (item as string).slice(eq + 1)]);
    });
  } else if (typeof v === 'object') entries.push(...Object.entries(v as Record<string, unknown>));
  else fail(where, `expected a mapping of names to values, got ${showValue(v)}`);
  for (const [k, val] of entries) {
    if (!keyRe.test(k)) fail(`${where}.${k}`, `${showValue(k)} is not ${what}`);
    else if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
    else fail(`${where}.${k}`, `expected a string, got ${showValue(val)}`);
  }
  return out;
}

function buildSecrets(
  v: unknown,
  where: string,
  fail: (f: string, m: string) => void,
  workspace: string,
): BuildSecret[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    fail(where, `expected a list of secrets ("id=NAME,env=VAR", "id=NAME,src=FILE" or mappings), got ${showValue(v)}`);
    return [];
  }
  const out: BuildSecret[] = [];
  v.forEach((item, i) => {
    const at = `${where}[${i}]`;
    let fields: Record<string, unknown>;
    if (typeof item === 'string') {
      fields = {};
      for (const part of item.split(',')) {
        const eq = part.indexOf('=');
        if (eq <= 0) {
          fail(at, `expected id=NAME,env=VAR or id=NAME,src=FILE, got ${showValue(item)}`);
          return;
        }
        fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
      }
    } else if (item !== null && typeof item === 'object' && !Array.isArray(item))
      fields = item as Record<string, unknown>;
    else {
      fail(at, `expected a secret, got ${showValue(item)}`);
      return;
    }
    const id = fields['id'];
    const src = fields['src'];
    const envName = fields['env'];
    if (typeof id !== 'string' || !SECRET_ID_RE.test(id))
      fail(`${at}.id`, `expected a secret id (letters, digits, "_", ".", "-"), got ${showValue(id)}`);
    else if ((src === undefined) === (envName === undefined))
      fail(at, 'give exactly one of src (a file) or env (an environment variable)');
    else if (src !== undefined) {
      if (typeof src !== 'string' || src === '') fail(`${at}.src`, `expected a file path, got ${showValue(src)}`);
      else out.push({ id, src: resolve(workspace, src) });
    } else if (typeof envName !== 'string' || !ENV_NAME_RE.test(envName))
      fail(`${at}.env`, `expected an environment variable name, got ${showValue(envName)}`);
    else out.push({ id, env: envName });
  });
  return out;
}
