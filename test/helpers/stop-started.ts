/**
 * afterAll's half of a beforeAll that starts servers: the variables are typed as set, but when
 * beforeAll failed part-way some were never assigned, and cleaning up must not add a TypeError
 * to the report of the real failure.
 */
export async function stopStarted(...servers: readonly ({ stop(): Promise<unknown> } | undefined)[]): Promise<void> {
  await Promise.all(
    servers.map(async (s) => {
      await s?.stop();
    }),
  );
}
