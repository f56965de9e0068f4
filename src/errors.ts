/**
 * An error in something the user gave us (a file, a flag, an input). Front doors print its
 * message without a stack trace and exit 1. The message names the file, the field and the value.
 */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
  constructor(
    message: string,
    readonly file?: string,
    readonly field?: string,
  ) {
    super(file ? `${file}: ${field ? `${field}: ` : ''}${message}` : field ? `${field}: ${message}` : message);
  }
}

/** Several input errors found in one pass (validation never stops at the first). */
export class UserInputErrors extends Error {
  override readonly name = 'UserInputErrors';
  constructor(readonly errors: readonly UserInputError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

/** True for errors whose message is meant for the user as is (no stack trace). */
export function isUserError(err: unknown): err is UserInputError | UserInputErrors {
  return err instanceof UserInputError || err instanceof UserInputErrors;
}

/** Quote a user-supplied value for an error message, bounded so a huge value cannot flood logs. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (stringifyJson(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `JSON.stringify`, typed as it behaves: `undefined` for `undefined`, functions and symbols. */
export function stringifyJson(value: unknown): string | undefined {
  return JSON.stringify(value);
}

/**
 * A value this code's own logic guarantees: a regex group that always takes part in a match, an
 * element below a length already checked. Throws an internal error naming `what` if that reasoning
 * is ever wrong, instead of letting `undefined` travel on.
 */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal error: ${what} is missing`);
  return value;
}

/**
 * Errors that describe a state of the world, not a bug: the cluster said no, a lock is held, an
 * apply conflicted. Front doors print their message (no stack trace) and fail.
 */
const OPERATIONAL = new Set([
  'KubeApiError',
  'KubeTimeoutError',
  'LockTimeoutError',
  'LockLostError',
  'ApplyError',
  'ApplyConflictError',
  'ApplyInvalidError',
  'ReleaseRecordError',
  'SmokeTargetError',
  'ImageBuildError',
  'RegistryError',
  'CutoverPreconditionError',
]);

/** True for errors whose message is enough for the user (see OPERATIONAL). */
export function isOperationalError(err: unknown): err is Error {
  return err instanceof Error && OPERATIONAL.has(err.name);
}
