/**
 * A value that validation produced. Validators collect every problem and throw them together, so
 * once they returned, each value they set is there; `undefined` here is a bug, said as one.
 */
export function validated<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing although its validation passed (a bug)`);
  return value;
}
