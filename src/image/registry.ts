/**
 * A small client of the OCI distribution API (`/v2/…`), the one ECR, the Debian `docker-registry`
 * and every mirror speak: which digest a tag points at (HEAD manifest), the manifest bytes, and a
 * new tag for an existing manifest (PUT the same bytes, so the digest stays). Basic auth as ECR
 * takes it (`AWS:<password>`), and the Bearer token dance for registries that ask for it.
 */
import { createHash } from 'node:crypto';

/** Where the registry is and how to log in. `password` is a secret: never logged. */
export interface RegistryEndpoint {
  /** `host[:port]`. */
  host: string;
  /** Plain HTTP (local registries only). */
  insecure: boolean;
  username: string;
  password: string;
}

/** Manifest media types we read and tag: single-platform images and indexes, OCI and Docker. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
] as const;

/** A registry answer that is not what the protocol promises (refused login, denied, server error). */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A manifest as stored: bytes (hashed for the digest), media type, digest. */
export interface StoredManifest {
  body: Buffer;
  mediaType: string;
  digest: string;
}

/** The sha256 digest of some bytes, as registries write it. */
function sha256Digest(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Per-request limit: registries answer manifest calls in milliseconds; a hung one must not hang the build. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Talks to one registry; keeps a Bearer token per scope once it has one. */
export class RegistryClient {
  private readonly base: string;
  private readonly basic: string;
  private readonly bearer = new Map<string, string>();

  constructor(private readonly endpoint: RegistryEndpoint) {
    this.base = `${endpoint.insecure ? 'http' : 'https'}://${endpoint.host}`;
    this.basic = `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')}`;
  }

  /** The digest `reference` (tag or digest) of `repository` resolves to, or undefined when there is none. */
  async manifestDigest(repository: string, reference: string): Promise<string | undefined> {
    const res = await this.request('HEAD', repository, `/v2/${repository}/manifests/${reference}`, {
      accept: MANIFEST_MEDIA_TYPES.join(', '),
    });
    if (res.status === 404) return undefined;
    await this.expectOk(res, 'read', repository, reference);
    const digest = res.headers.get('docker-content-digest');
    if (digest) return digest;
    // Some registries omit the header on HEAD; the body's hash is the digest by definition.
    return (await this.getManifest(repository, reference))?.digest;
  }

  /** The manifest `reference` of `repository`, or undefined when there is none. */
  async getManifest(repository: string, reference: string): Promise<StoredManifest | undefined> {
    const res = await this.request('GET', repository, `/v2/${repository}/manifests/${reference}`, {
      accept: MANIFEST_MEDIA_TYPES.join(', '),
    });
    if (res.status === 404) {
      await res.arrayBuffer();
      return undefined;
    }
    await this.expectOk(res, 'read', repository, reference);
    const body = Buffer.from(await res.arrayBuffer());
    const mediaType =
      (res.headers.get('content-type') ?? '').replace(/;.*$/s, '').trim() ||
      (JSON.parse(body.toString('utf8')) as { mediaType?: string }).mediaType ||
      MANIFEST_MEDIA_TYPES[0];
    return { body, mediaType, digest: sha256Digest(body) };
  }

  /** A blob of `repository` (e.g. an image config), or undefined when there is none. */
  async getBlob(repository: string, digest: string): Promise<Buffer | undefined> {
    const res = await this.request('GET', repository, `/v2/${repository}/blobs/${digest}`, {});
    if (res.status === 404) {
      await res.arrayBuffer();
      return undefined;
    }
    await this.expectOk(res, 'read', repository, digest);
    return Buffer.from(await res.arrayBuffer());
  }

  /** Store `manifest` under `tag` (same bytes, same digest). Returns the digest the registry reports. */
  async putManifest(repository: string, tag: string, manifest: StoredManifest): Promise<string> {
    const res = await this.request(
      'PUT',
      repository,
      `/v2/${repository}/manifests/${tag}`,
      { 'content-type': manifest.mediaType },
      manifest.body,
    );
    await this.expectOk(res, 'write', repository, tag);
    await res.arrayBuffer();
    return res.headers.get('docker-content-digest') ?? manifest.digest;
  }

  private async request(
    method: string,
    repository: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<Response> {
    const scope = `repository:${repository}:${method === 'PUT' ? 'pull,push' : 'pull'}`;
    const send = (authorization: string): Promise<Response> =>
      fetch(`${this.base}${path}`, {
        method,
        headers: { ...headers, authorization },
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    const res = await send(this.bearer.get(scope) ?? this.basic);
    const challenge = res.headers.get('www-authenticate') ?? '';
    // Basic was sent up front (ECR and htpasswd registries take it): only a Bearer challenge needs another round.
    if (res.status !== 401 || !/^bearer\s/i.test(challenge)) return res;
    await res.arrayBuffer();
    const token = await this.fetchBearer(challenge, scope);
    this.bearer.set(scope, `Bearer ${token}`);
    return send(`Bearer ${token}`);
  }

  /** The token endpoint of a `Bearer realm="…",service="…"` challenge, asked with Basic auth. */
  private async fetchBearer(challenge: string, scope: string): Promise<string> {
    const params = new Map<string, string>();
    for (const m of challenge.replace(/^bearer\s+/i, '').matchAll(/(\w+)="([^"]*)"/g))
      params.set((m[1] ?? '').toLowerCase(), m[2] ?? '');
    const realm = params.get('realm');
    if (!realm) throw new RegistryError(`registry ${this.endpoint.host} asked for a Bearer token without a realm`, 401);
    const url = new URL(realm);
    const service = params.get('service');
    if (service) url.searchParams.set('service', service);
    url.searchParams.set('scope', params.get('scope') ?? scope);
    const res = await fetch(url, {
      headers: { authorization: this.basic },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!res.ok) {
      await res.arrayBuffer();
      throw new RegistryError(
        `registry ${this.endpoint.host} refused the login as ${this.endpoint.username} (token endpoint answered HTTP ${res.status})`,
        res.status,
      );
    }
    const json = (await res.json()) as { token?: string; access_token?: string };
    const token = json.token ?? json.access_token;
    if (!token) throw new RegistryError(`registry ${this.endpoint.host} token endpoint returned no token`, 502);
    return token;
  }

  private async expectOk(res: Response, what: 'read' | 'write', repository: string, reference: string): Promise<void> {
    if (res.ok) return;
    const text = (await res.text().catch(() => '')).slice(0, 300).trim();
    const target = `${this.endpoint.host}/${repository}:${reference}`;
    if (res.status === 401) {
      throw new RegistryError(
        `registry ${this.endpoint.host} refused the login as ${this.endpoint.username} (HTTP 401) while trying to ${what} ${target}: the credentials from ecr:GetAuthorizationToken were not accepted (wrong registry or account?)${text ? ` — ${text}` : ''}`,
        401,
      );
    }
    if (res.status === 403) {
      const perm = what === 'read' ? 'ecr:BatchGetImage' : 'ecr:PutImage';
      throw new RegistryError(
        `registry ${this.endpoint.host} denied ${what === 'read' ? 'reading' : 'writing'} ${target} (HTTP 403): the role needs ${perm} on the repository${text ? ` — ${text}` : ''}`,
        403,
      );
    }
    throw new RegistryError(
      `registry ${this.endpoint.host} answered HTTP ${res.status} to ${what === 'read' ? 'reading' : 'writing'} ${target}${text ? `: ${text}` : ''}`,
      res.status,
    );
  }
}
