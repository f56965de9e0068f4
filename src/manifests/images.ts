/**
 * Container image references and the `images` input that rewrites them.
 *
 * The grammar is the one of github.com/distribution/reference (what Docker, containerd and the
 * kubelet accept): `[host[:port]/]path-component(/path-component)*[:tag][@algorithm:hex]`. The
 * first component is a registry host only when it contains `.` or `:`, is `localhost`, or has an
 * upper-case letter (the same rule `docker pull` uses), so `team/web` is a Docker Hub path while
 * `registry.local:5000/team/web` has a registry.
 */
import { parse as parseYaml } from '../util/yaml.js';
import { UserInputError, UserInputErrors, showValue } from '../errors.js';
import { placeholderReason } from './placeholders.js';

export { placeholderReason } from './placeholders.js';

/** A replacement for every container image whose repository is `name`. */
export interface ImageOverride {
  /** Repository to match, e.g. `123.dkr.ecr.us-east-1.amazonaws.com/web` or just `web` (any registry). */
  name: string;
  /** Full new reference, e.g. `repo:tag`. Without it the image keeps its repository and only gets pinned. */
  ref?: string;
  /** Content digest (`sha256:<64 hex>`); when known the image is pinned as `repo@digest`. */
  digest?: string;
}

/** The parts of an image reference. `registry` is undefined for Docker Hub short names (`nginx`, `team/web`). */
export interface ImageRef {
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const REPOSITORY_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])`;
const REGISTRY_RE = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** Digest lengths of the algorithms registries use; other algorithms are refused rather than guessed at. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
/** distribution/reference's NameTotalLengthMax. */
const NAME_MAX = 255;

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * Parse an image reference (`registry[:port]/path:tag@sha256:…`, every part but the path
 * optional) with the docker reference grammar. Throws an Error saying which part is wrong.
 */
export function parseImageRef(ref: string): ImageRef {
  if (typeof ref !== 'string' || ref === '') throw new Error('an image reference must be a non-empty string');
  if (ref !== ref.trim()) throw new Error(`${showValue(ref)} has leading or trailing white space`);
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    checkDigest(digest, ref);
  }
  let tag: string | undefined;
  // A tag is after the last ':' that follows the last '/', so `host:5000/web` has a port, not a tag.
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag))
      throw new Error(
        `${showValue(ref)} has an invalid tag ${showValue(tag)} (letters, digits, "_", "." and "-", 128 at most, not starting with "." or "-")`,
      );
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      rest = rest.slice(slash + 1);
      if (!REGISTRY_RE.test(registry))
        throw new Error(`${showValue(ref)} has an invalid registry host ${showValue(registry)}`);
    }
  }
  if (!REPOSITORY_RE.test(rest)) {
    throw new Error(
      `${showValue(ref)} has an invalid repository ${showValue(rest)} (lower-case letters, digits and the separators ".", "_", "__", "-", components joined by "/")`,
    );
  }
  const name = registry ? `${registry}/${rest}` : rest;
  if (name.length > NAME_MAX)
    throw new Error(`${showValue(ref)} has a repository name longer than ${NAME_MAX} characters`);
  const out: ImageRef = { repository: rest };
  if (registry !== undefined) out.registry = registry;
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

function checkDigest(digest: string, ref: string): void {
  if (!DIGEST_RE.test(digest))
    throw new Error(
      `${showValue(ref)} has an invalid digest ${showValue(digest)} (expected algorithm:hex, e.g. sha256:<64 hex digits>)`,
    );
  const [algorithm, hex] = digest.split(':') as [string, string];
  const want = DIGEST_HEX_LENGTH[algorithm];
  if (want === undefined)
    throw new Error(
      `${showValue(ref)} uses digest algorithm ${showValue(algorithm)}; expected sha256, sha384 or sha512`,
    );
  if (hex.length !== want)
    throw new Error(`${showValue(ref)} has a ${algorithm} digest of ${hex.length} hex digits; expected ${want}`);
  if (hex !== hex.toLowerCase())
    throw new Error(`${showValue(ref)} has upper-case hex in its digest; digests are lower-case`);
}

/** `registry/repository` (or `repository`), without tag or digest. */
export function imageName(ref: ImageRef): string {
  return ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
}

/** The reference as text: `name[:tag][@digest]`. */
function formatImageRef(ref: ImageRef): string {
  return `${imageName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Docker Hub spells one repository several ways (`nginx`, `library/nginx`, `docker.io/library/nginx`). */
function hubNormalised(ref: ImageRef): { registry: string; repository: string } {
  const hub = ref.registry === undefined || DOCKER_HUB.has(ref.registry);
  const registry = ref.registry === undefined || hub ? 'docker.io' : ref.registry;
  const repository = hub && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  return { registry, repository };
}

/**
 * Does the override name `name` select the image `image`? A name with a registry must match
 * registry and repository; a bare name (`web`, `team/web`) matches that repository in any registry.
 */
export function overrideMatches(name: ImageRef, image: ImageRef): boolean {
  if (name.registry !== undefined) {
    const a = hubNormalised(name);
    const b = hubNormalised(image);
    return a.registry === b.registry && a.repository === b.repository;
  }
  if (name.repository === image.repository) return true;
  // `nginx` also names `docker.io/library/nginx`.
  const hub = image.registry === undefined || DOCKER_HUB.has(image.registry);
  return hub && `library/${name.repository}` === image.repository;
}

/** How specific an override name is: one with a registry beats a bare repository for the same image. */
export function overrideSpecificity(name: ImageRef): number {
  return name.registry !== undefined ? 1 : 0;
}

/**
 * The image string an override produces for `current`: `name@digest` when a digest is known (the
 * tag is dropped: the digest alone decides what runs), else the override's ref.
 */
export function substituteImage(current: ImageRef, override: ImageOverride): string {
  const target = override.ref !== undefined ? parseImageRef(override.ref) : current;
  const digest = override.digest ?? (override.ref !== undefined ? target.digest : undefined);
  if (digest !== undefined) return `${imageName(target)}@${digest}`;
  return formatImageRef({ ...target });
}

/**
 * Parse the `images` input. Accepted forms:
 * - a YAML or JSON list of `{ name, ref?, digest? }` mappings (or of `name=ref` strings);
 * - lines `name=ref` or `name=ref@sha256:…` (blank lines and `#` comments ignored);
 * - `name@sha256:…` lines, which pin the current image of `name` to that digest.
 *
 * Every entry is validated (name is a repository without tag or digest, ref a valid reference,
 * digest `sha256:<64 hex>` or sha384/sha512, no name twice); all problems are reported at once in a
 * UserInputErrors whose messages name `field` and the entry (`images[2].ref`, `images line 3`).
 */
export function parseImageOverrides(text: string, field: string): ImageOverride[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  const errors: UserInputError[] = [];
  const out: { override: ImageOverride; where: string }[] = [];

  if (trimmed.startsWith('[') || trimmed.startsWith('-')) {
    let data: unknown;
    try {
      data = parseYaml(trimmed, { uniqueKeys: true, maxAliasCount: 0, prettyErrors: true });
    } catch (err) {
      throw new UserInputErrors([
        new UserInputError(`not a valid YAML/JSON list: ${firstLine((err as Error).message)}`, undefined, field),
      ]);
    }
    if (!Array.isArray(data))
      throw new UserInputErrors([new UserInputError('expected a list of images', undefined, field)]);
    data.forEach((entry, i) => {
      const where = `${field}[${i}]`;
      if (typeof entry === 'string') {
        collect(() => fromLine(entry, where), where, errors, out);
        return;
      }
      if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
        errors.push(
          new UserInputError(
            `expected a mapping with name and ref and/or digest, or a "name=ref" string; got ${showValue(entry)}`,
            undefined,
            where,
          ),
        );
        return;
      }
      const e = entry as Record<string, unknown>;
      const unknown = Object.keys(e).filter((k) => !['name', 'ref', 'digest'].includes(k));
      if (unknown.length > 0) {
        errors.push(
          new UserInputError(
            `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => showValue(k)).join(', ')} (expected name, ref, digest)`,
            undefined,
            where,
          ),
        );
        return;
      }
      for (const k of ['name', 'ref', 'digest'] as const) {
        if (e[k] !== undefined && typeof e[k] !== 'string') {
          errors.push(new UserInputError(`must be a string, got ${showValue(e[k])}`, undefined, `${where}.${k}`));
          return;
        }
      }
      const o: ImageOverride = { name: (e.name as string | undefined) ?? '' };
      if (e.ref !== undefined) o.ref = e.ref as string;
      if (e.digest !== undefined) o.digest = e.digest as string;
      collect(() => validateImageOverride(o, where), where, errors, out);
    });
  } else {
    trimmed.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const where = `${field} line ${i + 1}`;
      collect(() => fromLine(line, where), where, errors, out);
    });
  }

  const seen = new Map<string, string>();
  for (const { override, where } of out) {
    const key = isPlaceholderImageName(override.name) ? override.name : imageName(parseImageRef(override.name));
    const first = seen.get(key);
    if (first !== undefined)
      errors.push(
        new UserInputError(`image ${showValue(override.name)} is listed twice (first at ${first})`, undefined, where),
      );
    else seen.set(key, where);
  }
  if (errors.length > 0) throw new UserInputErrors(errors);
  return out.map((o) => o.override);
}

function collect(
  make: () => ImageOverride,
  where: string,
  errors: UserInputError[],
  out: { override: ImageOverride; where: string }[],
): void {
  try {
    out.push({ override: make(), where });
  } catch (err) {
    errors.push(err instanceof UserInputError ? err : new UserInputError((err as Error).message, undefined, where));
  }
}

function fromLine(line: string, where: string): ImageOverride {
  const eq = line.indexOf('=');
  if (eq < 0) {
    // `web@sha256:…` pins whatever image of `web` the manifests name.
    const at = line.indexOf('@');
    if (at > 0)
      return validateImageOverride({ name: line.slice(0, at).trim(), digest: line.slice(at + 1).trim() }, where);
    throw new UserInputError(
      `expected "name=ref", "name=ref@sha256:…" or "name@sha256:…", got ${showValue(line)}`,
      undefined,
      where,
    );
  }
  const name = line.slice(0, eq).trim();
  const value = line.slice(eq + 1).trim();
  if (value === '') throw new UserInputError(`no image reference after "=" for ${showValue(name)}`, undefined, where);
  // A bare digest after "=" pins the current image, like `name@digest`.
  if (/^sha(?:256|384|512):[0-9a-f]+$/.test(value)) return validateImageOverride({ name, digest: value }, where);
  const o: ImageOverride = { name };
  let ref: ImageRef;
  try {
    ref = parseImageRef(value);
  } catch (err) {
    throw new UserInputError((err as Error).message, undefined, `${where} (ref)`);
  }
  const { digest, ...undigested } = ref;
  if (digest !== undefined) {
    o.digest = digest;
    o.ref = formatImageRef(undigested);
  } else {
    o.ref = value;
  }
  return validateImageOverride(o, where);
}

/**
 * Validate one override (name a repository without tag/digest, ref a valid reference, digest
 * sha256/384/512, ref and digest agreeing). Throws a UserInputError whose field starts with `where`.
 */
export function validateImageOverride(o: ImageOverride, where: string): ImageOverride {
  if (o.name === '')
    throw new UserInputError(
      'name is required (the repository to replace, e.g. "web" or "123456789012.dkr.ecr.us-east-1.amazonaws.com/web")',
      undefined,
      where,
    );
  let name: ImageRef;
  try {
    name = parseImageRef(o.name);
  } catch (err) {
    // A placeholder (`<IMAGE>`, `${IMAGE_URI}`) is replaced where it is written, as is: it needs a full new ref.
    if (isPlaceholderImageName(o.name)) {
      if (o.ref === undefined)
        throw new UserInputError(
          `placeholder ${showValue(o.name)} needs a full image reference to put in its place (name=ref)`,
          undefined,
          where,
        );
      return o;
    }
    throw new UserInputError((err as Error).message, undefined, `${where}.name`);
  }
  if (name.tag !== undefined || name.digest !== undefined) {
    throw new UserInputError(
      `${showValue(o.name)} must be a repository without tag or digest (put the new tag in ref)`,
      undefined,
      `${where}.name`,
    );
  }
  if (o.ref === undefined && o.digest === undefined)
    throw new UserInputError(`image ${showValue(o.name)} needs a ref, a digest or both`, undefined, where);
  let ref: ImageRef | undefined;
  if (o.ref !== undefined) {
    try {
      ref = parseImageRef(o.ref);
    } catch (err) {
      throw new UserInputError((err as Error).message, undefined, `${where}.ref`);
    }
  }
  if (o.digest !== undefined) {
    try {
      checkDigest(o.digest, o.digest);
    } catch (err) {
      throw new UserInputError((err as Error).message, undefined, `${where}.digest`);
    }
    if (ref?.digest !== undefined && ref.digest !== o.digest) {
      throw new UserInputError(
        `ref ${showValue(o.ref)} carries digest ${ref.digest} but digest says ${o.digest}`,
        undefined,
        where,
      );
    }
  }
  return o;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** True for a placeholder written where an image belongs that is not an image reference at all (`<IMAGE>`, `${IMAGE}`, `IMAGE_URI`). */
export function isPlaceholderImageName(name: string): boolean {
  try {
    parseImageRef(name);
    return false;
  } catch {
    return placeholderReason(name) !== undefined;
  }
}
