/**
 * A worker's side of run leases: claims runs, renews every lease it holds
 * on a timer, and tells the worker when it lost one (the run was deleted, or
 * another worker took it over after the lease lapsed) so it stops.
 *
 * ```ts
 * import { LeaseKeeper, RunStore } from "./mod.ts";
 * const kv = await Deno.openKv(":memory:");
 * const leases = new LeaseKeeper(new RunStore(kv));
 * leases.start();
 * // on a queue message: if (await leases.claim(id)) { …; leases.release(id); }
 * leases.stop();
 * kv.close();
 * ```
 *
 * @module
 */
import type { RunRecord, RunStore } from "./run_store.ts";

/** How a `LeaseKeeper` identifies itself and how often it renews. */
export interface LeaseKeeperOptions {
  /** @default {a new UUID} */
  readonly workerId?: string;
  /** Milliseconds between renewals. @default {a third of the store's lease} */
  readonly everyMs?: number;
}

/** The leases one worker (process) holds. */
export class LeaseKeeper {
  /** This worker's id, as stored in the runs it holds. */
  readonly workerId: string;
  readonly #store: RunStore;
  readonly #everyMs: number;
  readonly #held = new Set<string>();
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(store: RunStore, options: LeaseKeeperOptions = {}) {
    this.#store = store;
    this.workerId = options.workerId ?? crypto.randomUUID();
    this.#everyMs = options.everyMs ?? store.leaseMs / 3;
  }

  /**
   * Claims run `id` (see `RunStore.claim`) and keeps renewing it until
   * `release(id)`.
   *
   * @returns the record, or null when the run cannot be claimed.
   */
  async claim(id: string): Promise<RunRecord | null> {
    const record = await this.#store.claim(id, this.workerId);
    if (record !== null) this.#held.add(record.id);
    return record;
  }

  /** Whether this worker still holds run `id`. */
  holds(id: string): boolean {
    return this.#held.has(id);
  }

  /** Stops renewing run `id` (finished, failed or abandoned). */
  release(id: string): void {
    this.#held.delete(id);
  }

  /** Renews every held lease once; drops those the store says are lost. */
  async renewAll(now?: number): Promise<void> {
    for (const id of [...this.#held]) {
      if (!(await this.#store.renew(id, this.workerId, now))) {
        this.#held.delete(id);
      }
    }
  }

  /** Starts renewing on a timer. */
  start(): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => {
      this.renewAll().catch((e) => console.error("Cannot renew run leases", e));
    }, this.#everyMs);
  }

  /** Stops the timer (e.g. when the KV closes). */
  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
