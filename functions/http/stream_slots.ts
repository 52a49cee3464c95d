/**
 * A cap on what each client may hold open at once, such as progress event
 * streams: `acquire(key)` takes a slot or answers null when the client has
 * them all; the release function it returns gives the slot back (once, however
 * often it is called). Counts live in this process only.
 *
 * ```ts
 * import { StreamSlots } from "./stream_slots.ts";
 * const slots = new StreamSlots(2);
 * const a = slots.acquire("192.0.2.1"), b = slots.acquire("192.0.2.1");
 * console.log(slots.acquire("192.0.2.1")); // null
 * a?.(); // one slot free again
 * ```
 *
 * @module
 */

/** Streams one client may hold open unless `MAX_EVENT_STREAMS` says otherwise. */
export const DEFAULT_MAX_EVENT_STREAMS = 8;

/** Open-slot counts per client. */
export class StreamSlots {
  /** Slots per client. */
  readonly perClient: number;
  /** Slots over all clients. */
  readonly total: number;
  readonly #open = new Map<string, number>();
  #all = 0;

  /**
   * @param perClient slots one client may hold.
   * @param total slots over all clients. @default {Infinity}
   */
  constructor(perClient: number, total = Infinity) {
    this.perClient = perClient;
    this.total = total;
  }

  /** Slots `key` holds. */
  held(key: string): number {
    return this.#open.get(key) ?? 0;
  }

  /** Takes a slot for `key`; returns its release function, or null if full. */
  acquire(key: string): (() => void) | null {
    const held = this.held(key);
    if (held >= this.perClient || this.#all >= this.total) return null;
    this.#open.set(key, held + 1);
    this.#all++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#all--;
      const left = this.held(key) - 1;
      if (left > 0) this.#open.set(key, left);
      else this.#open.delete(key);
    };
  }
}
