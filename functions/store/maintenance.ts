/**
 * The store's background duties: sweep what expired and hand out again the
 * runs whose worker died, at start and then every `everyMs`, each round
 * bounded.
 *
 * ```ts
 * import { RunStore, startStoreMaintenance } from "./mod.ts";
 * const kv = await Deno.openKv(":memory:");
 * const maintenance = startStoreMaintenance(new RunStore(kv));
 * await maintenance.stop(); // before closing the KV: the first round is under way
 * kv.close();
 * ```
 *
 * @module
 */
import type { Recovery, RunStore, SweepReport } from "./run_store.ts";

/** Another store whose expired entries the rounds sweep (e.g. data sets). */
export interface Sweeper {
  sweepExpired(now?: number, limit?: number): Promise<SweepReport>;
}

/** Milliseconds between rounds by default. */
export const DEFAULT_MAINTENANCE_MS = 10_000;

/** How often and how much. */
export interface MaintenanceOptions {
  /** Milliseconds between rounds. @default {DEFAULT_MAINTENANCE_MS} */
  readonly everyMs?: number;
  /** Expiry entries per sweep call. @default {100} */
  readonly batch?: number;
  /** Sweep calls per round at most (while more is due). @default {4} */
  readonly maxBatches?: number;
  /**
   * Hand out runs whose lease lapsed (`RunStore.recoverExpired`); only where
   * a queue listener runs them. @default {true}
   */
  readonly recover?: boolean;
  /** Further stores swept each round, as the runs are. @default {[]} */
  readonly alsoSweep?: readonly Sweeper[];
}

/** What one round did. */
export interface MaintenanceReport {
  /** Expiry entries handled. */
  readonly swept: number;
  readonly recovered: readonly Recovery[];
}

/** A running maintenance loop. */
export interface Maintenance {
  /** Runs one round now, after the one under way if any (rounds never overlap). */
  tick(): Promise<MaintenanceReport>;
  /** Stops the timer; settles once a round under way has finished. */
  stop(): Promise<void>;
}

/**
 * Starts the loop: a first round at once, then one every `everyMs`.
 * Failures are logged, never thrown.
 */
export function startStoreMaintenance(
  store: RunStore,
  options: MaintenanceOptions = {},
): Maintenance {
  const everyMs = options.everyMs ?? DEFAULT_MAINTENANCE_MS;
  const batch = options.batch ?? 100;
  const maxBatches = options.maxBatches ?? 4;
  const recover = options.recover ?? true;
  let current: Promise<MaintenanceReport> | null = null;
  const tick = async (): Promise<MaintenanceReport> => {
    while (current !== null) await current;
    current = round().finally(() => {
      current = null;
    });
    return await current;
  };
  const round = async (): Promise<MaintenanceReport> => {
    let swept = 0;
    let recovered: Recovery[] = [];
    try {
      for (const sweeper of [store, ...(options.alsoSweep ?? [])]) {
        for (let i = 0; i < maxBatches; i++) {
          const report = await sweeper.sweepExpired(undefined, batch);
          swept += report.removed;
          if (!report.more) break;
        }
      }
      if (recover) recovered = await store.recoverExpired();
      for (const r of recovered) {
        console.warn(`Run ${r.id} lost its worker: ${r.action}`);
      }
    } catch (e) {
      console.error("Store maintenance failed; retrying next round", e);
    }
    return { swept, recovered };
  };
  void tick();
  // A round still under way when the timer fires makes that turn a no-op.
  const timer = setInterval(() => {
    if (current === null) void tick();
  }, everyMs);
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      await current;
    },
  };
}
