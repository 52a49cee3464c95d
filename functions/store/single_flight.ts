/**
 * Identical work done once: callers asking for the same key while it is
 * being computed wait for that computation instead of starting their own.
 * Within a process a map of promises does it; across processes sharing one
 * KV, a marker key `["flight", key]` names the process at work, and others
 * look for its result every `pollMs` until it appears or the marker lapses
 * (its holder died), then compute themselves.
 *
 * @module
 */
import type { KvLike } from "./kv_like.ts";

/** Timing of `SingleFlight`. */
export interface SingleFlightOptions {
  /** Milliseconds since the epoch. @default {Date.now} */
  readonly clock?: () => number;
  /**
   * How long a marker claims the work, in milliseconds; renewed every third
   * of it while the work runs (if the event loop is free to).
   * @default {20000}
   */
  readonly markerMs?: number;
  /** How often a waiter looks for another process's result. @default {250} */
  readonly pollMs?: number;
  /** Waits `ms` milliseconds. @default {a timer} */
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Marker {
  readonly owner: string;
  readonly until: number;
}

/** Rounds of "someone else computed it, look again" before giving up. */
const MAX_ROUNDS = 5;

function timer(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs work at most once per key at a time, within and across processes. */
export class SingleFlight {
  readonly #kv: KvLike;
  readonly #clock: () => number;
  readonly #markerMs: number;
  readonly #pollMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #flights = new Map<string, Promise<void>>();

  constructor(kv: KvLike, options: SingleFlightOptions = {}) {
    this.#kv = kv;
    this.#clock = options.clock ?? Date.now;
    this.#markerMs = options.markerMs ?? 20_000;
    this.#pollMs = options.pollMs ?? 250;
    this.#sleep = options.sleep ?? timer;
  }

  /** Keys being worked on in this process. */
  get inFlight(): number {
    return this.#flights.size;
  }

  /**
   * `lookup()` if it finds something; otherwise `work()`, unless this
   * process or another one is already doing that work for `key`, in which
   * case waits for it and then `lookup()`s again.
   *
   * @param key a short string (e.g. a hex digest).
   * @param lookup finds the finished work, or null; may be called several
   *   times.
   * @param work does the work; its result must be what `lookup()` finds
   *   afterwards.
   * @throws what `work()` throws, also to callers of this process that
   *   waited for it.
   */
  async run<T>(
    key: string,
    lookup: () => Promise<T | null>,
    work: () => Promise<T>,
  ): Promise<T> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const flight = this.#flights.get(key);
      if (flight !== undefined) {
        await flight;
        const found = await lookup();
        if (found !== null) return found;
        continue;
      }
      const found = await lookup();
      if (found !== null) return found;
      if (this.#flights.has(key)) continue;
      const mine = this.#fly(key, lookup, work);
      const settled = mine.then(() => {});
      settled.catch(() => {}); // waiters see the error; nobody else must
      this.#flights.set(key, settled);
      try {
        return await mine;
      } finally {
        if (this.#flights.get(key) === settled) this.#flights.delete(key);
      }
    }
    throw new Error(
      `Cannot finish the work for ${key}: it was done ${MAX_ROUNDS} times but never found afterwards`,
    );
  }

  async #fly<T>(
    key: string,
    lookup: () => Promise<T | null>,
    work: () => Promise<T>,
  ): Promise<T> {
    for (;;) {
      const owner = await this.#acquire(key);
      if (owner !== null) {
        const renewal = setInterval(
          () => void this.#renew(key, owner).catch(() => {}),
          this.#markerMs / 3,
        );
        try {
          // Another process may have finished between the lookup and now.
          return await lookup() ?? await work();
        } finally {
          clearInterval(renewal);
          // A marker left behind lapses by itself.
          await this.#release(key, owner).catch(() => {});
        }
      }
      await this.#sleep(this.#pollMs);
      const found = await lookup();
      if (found !== null) return found;
    }
  }

  /** Takes the marker of `key`; returns the owner id, or null if held. */
  async #acquire(key: string): Promise<string | null> {
    const entry = await this.#kv.get<Marker>(["flight", key]);
    const now = this.#clock();
    if (entry.value !== null && entry.value.until > now) return null;
    const owner = crypto.randomUUID();
    const result = await this.#kv.atomic()
      .check({ key: ["flight", key], versionstamp: entry.versionstamp })
      .set(["flight", key], { owner, until: now + this.#markerMs }, {
        expireIn: this.#markerMs,
      })
      .commit();
    return result.ok ? owner : null;
  }

  async #renew(key: string, owner: string): Promise<void> {
    const entry = await this.#kv.get<Marker>(["flight", key]);
    if (entry.value?.owner !== owner) return;
    await this.#kv.atomic()
      .check({ key: ["flight", key], versionstamp: entry.versionstamp })
      .set(["flight", key], {
        owner,
        until: this.#clock() + this.#markerMs,
      }, { expireIn: this.#markerMs })
      .commit();
  }

  async #release(key: string, owner: string): Promise<void> {
    const entry = await this.#kv.get<Marker>(["flight", key]);
    if (entry.value?.owner !== owner) return;
    await this.#kv.atomic()
      .check({ key: ["flight", key], versionstamp: entry.versionstamp })
      .delete(["flight", key])
      .commit();
  }
}
