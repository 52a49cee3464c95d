/**
 * The part of the Deno KV API the server uses, written out so that both
 * `Deno.Kv` (Deno, Deno Deploy) and the npm `@deno/kv` client (Node) satisfy
 * it, and tests can pass `Deno.openKv(":memory:")`.
 *
 * @module
 */

/**
 * One part of a key the server writes. Deno KV also allows symbols, the npm
 * client does not; keys read back are typed loosely (`ReadKey`) for that.
 */
export type KvKeyPart = Uint8Array | string | number | bigint | boolean;
/** A key: parts compared in order. */
export type KvKey = readonly KvKeyPart[];
/** A key as a read returns it. */
export type ReadKey = readonly unknown[];

/** A read that may have found nothing (`value` and `versionstamp` null). */
export interface KvEntryMaybeLike<T> {
  readonly key: ReadKey;
  readonly value: T | null;
  readonly versionstamp: string | null;
}

/** One entry of a listing. */
export interface KvEntryLike<T> {
  readonly key: ReadKey;
  readonly value: T;
  readonly versionstamp: string;
}

/** A listing: iterate it, then `cursor` resumes after the last entry read. */
export interface KvListLike<T> extends AsyncIterable<KvEntryLike<T>> {
  readonly cursor: string;
}

/**
 * Which keys a listing reads: every key under `prefix`, optionally only those
 * from `start` (inclusive) or before `end` (exclusive).
 */
export type KvSelectorLike =
  | { readonly prefix: KvKey }
  | { readonly prefix: KvKey; readonly start: KvKey }
  | { readonly prefix: KvKey; readonly end: KvKey };

/** Several writes (and queue messages) that land together or not at all. */
export interface KvAtomicLike {
  check(
    ...checks: { key: KvKey; versionstamp: string | null }[]
  ): KvAtomicLike;
  set(
    key: KvKey,
    value: unknown,
    options?: { expireIn?: number },
  ): KvAtomicLike;
  delete(key: KvKey): KvAtomicLike;
  /** A queue message sent only if the whole operation commits. */
  enqueue(value: unknown, options?: { delay?: number }): KvAtomicLike;
  commit(): Promise<{ readonly ok: boolean }>;
}

/** The KV operations the server needs. */
export interface KvLike {
  get<T = unknown>(key: KvKey): Promise<KvEntryMaybeLike<T>>;
  set(
    key: KvKey,
    value: unknown,
    options?: { expireIn?: number },
  ): Promise<unknown>;
  delete(key: KvKey): Promise<void>;
  list<T = unknown>(
    selector: KvSelectorLike,
    options?: { limit?: number; cursor?: string; reverse?: boolean },
  ): KvListLike<T>;
  atomic(): KvAtomicLike;
  enqueue(value: unknown, options?: { delay?: number }): Promise<unknown>;
  listenQueue(handler: (value: unknown) => Promise<void> | void): Promise<void>;
}
