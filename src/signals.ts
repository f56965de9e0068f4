/**
 * The one place that listens for SIGINT and SIGTERM (the runner's cancel sends SIGINT, then
 * SIGTERM; a repeated cancel sends more). None of these handlers ends the process: what runs is
 * told, and decides (a deploy rolls back, a cutover puts the weights back, the sandbox stops).
 */

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Call `handler` on every SIGINT/SIGTERM until the returned function is called. */
export function onSignals(handler: (sig: NodeJS.Signals) => void): () => void {
  const listeners = SIGNALS.map(
    (sig) =>
      [
        sig,
        (): void => {
          handler(sig);
        },
      ] as const,
  );
  for (const [sig, listener] of listeners) process.on(sig, listener);
  return () => {
    for (const [sig, listener] of listeners) process.off(sig, listener);
  };
}

/** A signal aborted by the first SIGINT/SIGTERM; `dispose` stops listening. */
export interface Cancellation {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * Abort on the first SIGINT/SIGTERM (reason: `cancelled by SIG…`). `notice` hears every signal,
 * with `again` true when one came before: later ones arrive while a release is being restored or
 * traffic moved back, and stopping that half way would leave neither running.
 */
export function cancelOnSignals(notice: (sig: NodeJS.Signals, again: boolean) => void): Cancellation {
  const ctrl = new AbortController();
  const dispose = onSignals((sig) => {
    notice(sig, ctrl.signal.aborted);
    if (!ctrl.signal.aborted) ctrl.abort(new Error(`cancelled by ${sig}`));
  });
  return { signal: ctrl.signal, dispose };
}
