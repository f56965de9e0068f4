/**
 * Kubernetes `Status` objects: every error the sandbox returns is one, with the reason and code
 * the real API server uses, so clients (kubectl, our own kube layer) parse them as they would EKS's.
 */

/** A `metav1.StatusCause`. */
export interface StatusCause {
  type?: string;
  message?: string;
  field?: string;
}

/** A `metav1.Status` body. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason?: string;
  details?: {
    name?: string | undefined;
    group?: string | undefined;
    kind?: string | undefined;
    uid?: string | undefined;
    causes?: StatusCause[] | undefined;
    retryAfterSeconds?: number | undefined;
  };
  code: number;
}

/** The `reason` strings of `metav1.StatusReason` the sandbox uses. */
export const StatusReason = {
  BadRequest: 'BadRequest',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Gone: 'Expired',
  Invalid: 'Invalid',
  MethodNotAllowed: 'MethodNotAllowed',
  NotAcceptable: 'NotAcceptable',
  UnsupportedMediaType: 'UnsupportedMediaType',
  TooManyRequests: 'TooManyRequests',
  InternalError: 'InternalError',
  ServiceUnavailable: 'ServiceUnavailable',
  Timeout: 'Timeout',
} as const;

/** An error that the HTTP layer turns into a `Status` response with `code`. */
export class StatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: StatusBody['details'];
  readonly headers: Record<string, string>;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: StatusBody['details'],
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
    this.headers = headers;
  }

  /** The wire body. */
  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

/** Identifies an object in error messages the way the API server does: `deployments.apps "web"`. */
export interface ErrorTarget {
  resource: string;
  group: string;
  kind: string;
  name: string;
}

function qualified(t: ErrorTarget): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

/** 404 `deployments.apps "web" not found`. */
export function notFound(t: ErrorTarget): StatusError {
  return new StatusError(404, StatusReason.NotFound, `${qualified(t)} "${t.name}" not found`, {
    name: t.name,
    group: t.group || undefined,
    kind: t.resource,
  });
}

/** 409 AlreadyExists. */
export function alreadyExists(t: ErrorTarget): StatusError {
  return new StatusError(409, StatusReason.AlreadyExists, `${qualified(t)} "${t.name}" already exists`, {
    name: t.name,
    group: t.group || undefined,
    kind: t.resource,
  });
}

/** 409 Conflict for a stale resourceVersion (optimistic concurrency). */
export function staleConflict(t: ErrorTarget): StatusError {
  return new StatusError(
    409,
    StatusReason.Conflict,
    `Operation cannot be fulfilled on ${qualified(t)} "${t.name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name: t.name, group: t.group || undefined, kind: t.resource },
  );
}

/** 422 Invalid with one cause per field error, formatted like `Deployment.apps "web" is invalid: spec.x: Required value`. */
export function invalid(t: ErrorTarget, causes: StatusCause[]): StatusError {
  const kindQ = t.group ? `${t.kind}.${t.group}` : t.kind;
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const message = `${kindQ} "${t.name}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`;
  return new StatusError(422, StatusReason.Invalid, message, {
    name: t.name,
    group: t.group || undefined,
    kind: t.kind,
    causes,
  });
}

/** 400 BadRequest. */
export function badRequest(message: string, causes?: StatusCause[]): StatusError {
  return new StatusError(400, StatusReason.BadRequest, message, causes ? { causes } : undefined);
}

/** 410 Gone for an expired watch/list resourceVersion. */
export function gone(message: string): StatusError {
  return new StatusError(410, StatusReason.Gone, message);
}
