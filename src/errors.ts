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
    text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
