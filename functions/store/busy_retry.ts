/**
 * Writes retried while another process holds the KV file's write lock.
 *
 * Several servers on one local KV file (SQLite) write in turn: a write that
 * finds the file locked by another process fails with "database is locked"
 * instead of waiting, and nothing of it lands. The hosted KV of Deno Deploy
 * orders concurrent writes itself and never fails so; there the retry never
 * runs. A failed commit wrote nothing, so running it again is safe, and an
 * atomic's checks still decide whether it applies.
 *
 * @module
 */
import type {
  KvAtomicLike,
  KvEntryMaybeLike,
  KvKey,
  KvLike,
} from "./kv_like.ts";

/** How often and how long to retry. */
export interface BusyRetryOptions {
  /** Tries of each write in all. @default {60} */
  readonly attempts?: number;
  /** Waits `ms` milliseconds. @default {a timer} */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Whether `e` is the local store's "another process is writing". */
export function isBusyError(e: unknown): boolean {
  return e instanceof Error && /database is (locked|busy)/i.test(e.message);
}

function timer(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `kv` with every write (and point read) tried again, after a short random
 * pause growing up to 50 ms, while it fails with a busy error; other errors,
 * and the last busy one, are thrown. Listings pass through.
 */
export function retryingWhenBusy(
  kv: KvLike,
  options: BusyRetryOptions = {},
): KvLike {
  const attempts = options.attempts ?? 60;
  const sleep = options.sleep ?? timer;
  const retry = async <T>(op: () => Promise<T>): Promise<T> => {
    for (let attempt = 1;; attempt++) {
      try {
        return await op();
      } catch (e) {
        if (!isBusyError(e) || attempt >= attempts) throw e;
        await sleep(Math.random() * Math.min(50, 2 ** attempt));
      }
    }
  };
  return {
    get: <T>(key: KvKey): Promise<KvEntryMaybeLike<T>> =>
      retry(() => kv.get<T>(key)),
    set: (key, value, opts) => retry(() => kv.set(key, value, opts)),
    delete: (key) => retry(() => kv.delete(key)),
    list: (selector, opts) => kv.list(selector, opts),
    enqueue: (value, opts) => retry(() => kv.enqueue(value, opts)),
    listenQueue: (handler) => kv.listenQueue(handler),
    atomic: () => replayedAtomic(kv, retry),
  };
}

/**
 * An atomic operation that records its steps and, on commit, builds them
 * on a fresh `kv.atomic()` for each try.
 */
function replayedAtomic(
  kv: KvLike,
  retry: <T>(op: () => Promise<T>) => Promise<T>,
): KvAtomicLike {
  const steps: ((op: KvAtomicLike) => KvAtomicLike)[] = [];
  const self: KvAtomicLike = {
    check: (...checks) => {
      steps.push((op) => op.check(...checks));
      return self;
    },
    set: (key, value, opts) => {
      steps.push((op) => op.set(key, value, opts));
      return self;
    },
    delete: (key) => {
      steps.push((op) => op.delete(key));
      return self;
    },
    enqueue: (value, opts) => {
      steps.push((op) => op.enqueue(value, opts));
      return self;
    },
    commit: () =>
      retry(() => steps.reduce((op, step) => step(op), kv.atomic()).commit()),
  };
  return self;
}
