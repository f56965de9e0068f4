/**
 * The work queue of the sandbox's load balancer controllers (Services of type LoadBalancer,
 * Ingresses): changes are reconciled one at a time, in the order they came, and a key already
 * waiting is not queued again (its reconcile will see the latest object).
 */
export class ReconcileQueue {
  private chain: Promise<void> = Promise.resolve();
  private readonly pending = new Set<string>();

  constructor(
    private readonly reconcile: (key: string) => Promise<void>,
    private readonly onError: (key: string, message: string) => void,
  ) {}

  enqueue(key: string): void {
    if (this.pending.has(key)) return;
    this.pending.add(key);
    this.chain = this.chain
      .then(() => {
        this.pending.delete(key);
        return this.reconcile(key);
      })
      .catch((err: unknown) => {
        this.onError(key, err instanceof Error ? err.message : String(err));
      });
  }

  /** Resolves when every queued change has been reconciled, those queued meanwhile included. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }
}
