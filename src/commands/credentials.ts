/** An error's message (anything thrown). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Credential problems mean "cannot look", not "the cluster is broken". */
export function isMissingCredentials(err: unknown): boolean {
  const name = err instanceof Error ? err.name : '';
  return (
    name === 'CredentialsProviderError' ||
    /Could not load credentials|credentials? (is|are) missing|no credentials/i.test(errorMessage(err))
  );
}
