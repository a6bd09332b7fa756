/** Reads the answers for some codes of one tenant, by code (absent: no such dossier). */
export type BatchRead = (tenantId: number, codes: string[]) => Promise<Map<string, string>>;

interface Waiter {
  resolve: (json: string | undefined) => void;
  reject: (error: unknown) => void;
}

export interface LookupBatcherOptions {
  /** Codes per statement at most. */
  maxBatch: number;
  /** Statements in flight at most (the connections they run on). */
  maxRunning: number;
}

/**
 * Gathers the public look-ups asked for at the same moment into one statement per tenant
 * (issue 7). PostgreSQL's cost of a look-up is mostly the statement, not the row: one statement
 * for 8 codes answered 3× the look-ups a second of 8 statements for one code each
 * (docs/BENCHMARKS.md), and the server writes to and reads from its socket once per batch.
 *
 * A look-up waits for the end of the event loop's current turn (`setImmediate`), so the
 * requests parsed in the same turn share a statement; on an idle server that is all the wait.
 * While `maxRunning` statements are in flight, look-ups queue and go together in the next one
 * as soon as one comes back: the busier the server, the larger the batches, like a group
 * commit. A failed statement fails exactly the look-ups it carried.
 */
export class LookupBatcher {
  /** Queued look-ups: tenant → code → who waits for it (one read per code however many ask). */
  private readonly queued = new Map<number, Map<string, Waiter[]>>();
  private scheduled = false;
  private running = 0;

  constructor(
    private readonly read: BatchRead,
    private readonly options: LookupBatcherOptions,
  ) {
    for (const [name, value] of Object.entries(options))
      if (!Number.isInteger(value) || value < 1)
        throw new Error(`look-up batcher: ${name} must be a whole number ≥ 1, not ${value}`);
  }

  /** The answer for a code of a tenant, undefined when no dossier has it. */
  lookup(tenantId: number, code: string): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      let codes = this.queued.get(tenantId);
      if (codes === undefined) {
        codes = new Map();
        this.queued.set(tenantId, codes);
      }
      const waiters = codes.get(code);
      if (waiters) waiters.push({ resolve, reject });
      else codes.set(code, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.options.maxRunning || this.queued.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.running < this.options.maxRunning && this.queued.size > 0) {
      const batch = this.takeBatch();
      this.running++;
      this.read(batch.tenantId, [...batch.codes.keys()])
        .then(
          (answers) => {
            for (const [code, waiters] of batch.codes)
              for (const waiter of waiters) waiter.resolve(answers.get(code));
          },
          (error: unknown) => {
            for (const waiters of batch.codes.values())
              for (const waiter of waiters) waiter.reject(error);
          },
        )
        .finally(() => {
          this.running--;
          this.schedule();
        });
    }
  }

  /**
   * Up to maxBatch codes of the tenant queued first; a tenant with codes left goes to the back
   * of the line, so one busy tenant cannot hold the others' look-ups back.
   */
  private takeBatch(): { tenantId: number; codes: Map<string, Waiter[]> } {
    const [tenantId, codes] = this.queued.entries().next().value as [number, Map<string, Waiter[]>];
    this.queued.delete(tenantId);
    if (codes.size <= this.options.maxBatch) return { tenantId, codes };
    const taken = new Map<string, Waiter[]>();
    for (const [code, waiters] of codes) {
      if (taken.size === this.options.maxBatch) break;
      taken.set(code, waiters);
      codes.delete(code);
    }
    this.queued.set(tenantId, codes);
    return { tenantId, codes: taken };
  }
}
