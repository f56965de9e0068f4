/**
 * Authentication and authorization strategies. The server asks each {@link Authenticator} in
 * turn; the first that recognises the credential decides. EKS token authentication
 * (`k8s-aws-v1.…`) plugs in as another Authenticator.
 */
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/** The authenticated caller. */
export interface UserInfo {
  username: string;
  groups: string[];
  /** Extra identity data (e.g. the IAM ARN behind an EKS token). */
  extra?: Record<string, string[]>;
}

/**
 * Outcome of one authenticator: a user, an error (401 bad credential, 403 known but not
 * allowed), or undefined when the credential is not of this authenticator's kind.
 */
export type AuthResult = { user: UserInfo } | { error: 401 | 403; message: string } | undefined;

/** A strategy that turns a request's credentials into a user. */
export interface Authenticator {
  readonly name: string;
  authenticate(req: IncomingMessage): Promise<AuthResult>;
}

/** What a request wants to do, as authorization sees it. */
export interface AuthorizationAttributes {
  verb: string;
  resource?: string | undefined;
  subresource?: string | undefined;
  group?: string | undefined;
  namespace?: string | undefined;
  name?: string | undefined;
  path: string;
  isResourceRequest: boolean;
}

/** Decides whether a user may do something; `reason` ends up in the 403 message. */
export interface Authorizer {
  authorize(user: UserInfo, attrs: AuthorizationAttributes): { allowed: true } | { allowed: false; reason?: string };
}

/** The bearer token of a request, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = h.match(/^Bearer\s+(.+)$/i);
  return m?.[1]?.trim();
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A static token user (like the API server's `--token-auth-file`). */
export interface StaticTokenUser extends UserInfo {
  token: string;
}

/**
 * Static bearer tokens. Tokens that look like EKS tokens are left to the EKS authenticator;
 * any other unknown bearer token is a 401.
 */
export class StaticTokenAuthenticator implements Authenticator {
  readonly name = 'static-token';
  private readonly users: StaticTokenUser[];

  constructor(users: StaticTokenUser[]) {
    this.users = users;
  }

  authenticate(req: IncomingMessage): Promise<AuthResult> {
    return Promise.resolve(this.userOf(req));
  }

  private userOf(req: IncomingMessage): AuthResult {
    const token = bearerToken(req);
    if (!token || token.startsWith('k8s-aws-v1.')) return undefined;
    const user = this.users.find((u) => sameSecret(u.token, token));
    if (!user) return { error: 401, message: 'Unauthorized' };
    return { user: { username: user.username, groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) } };
  }
}

/** Paths anyone may read (EKS's system:public-info-viewer). */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

/**
 * The default authorizer: `system:masters` may do everything; members of
 * `sandbox:read-only` may only get/list/watch; anonymous users only the public paths.
 */
export class SandboxAuthorizer implements Authorizer {
  authorize(user: UserInfo, attrs: AuthorizationAttributes): { allowed: true } | { allowed: false; reason?: string } {
    if (user.username === 'system:anonymous')
      return PUBLIC_PATHS.has(attrs.path) ? { allowed: true } : { allowed: false };
    if (user.groups.includes('system:masters')) return { allowed: true };
    if (user.groups.includes('sandbox:read-only') && ['get', 'list', 'watch'].includes(attrs.verb))
      return { allowed: true };
    return { allowed: false };
  }
}

/** The 403 message the API server writes for a denied request. */
export function forbiddenMessage(user: UserInfo, a: AuthorizationAttributes): string {
  if (!a.isResourceRequest) return `forbidden: User "${user.username}" cannot ${a.verb} path "${a.path}"`;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  // Resources of a named group are qualified (`deployments.apps "web" is forbidden`), as upstream.
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const target = a.name ? `${qualified} "${a.name}"` : qualified;
  const scope = a.namespace ? ` in the namespace "${a.namespace}"` : ' at the cluster scope';
  return `${target} is forbidden: User "${user.username}" cannot ${a.verb} resource "${res}" in API group "${a.group ?? ''}"${scope}`;
}
