/**
 * The first level of the fit cache: from `rawFitKey` (a hash of the raw
 * body and the request) to `fitCacheDigest` (a hash of the parsed samples
 * and the request) and the samples' n and d, so a repeated request finds
 * its stored fit without its body being parsed again. Entries hold two
 * hashes and a shape, and
 * expire with the retention of runs; the fit itself stays where the store
 * keeps it (a digest whose fit has gone is simply fitted again).
 *
 * @module
 */
import { ESTIMATOR_VERSION } from "./fit_cache_key.ts";
import type { KvKey, KvLike } from "./kv_like.ts";

/** A raw key's hex form: SHA-256. */
const HEX_64 = /^[0-9a-f]{64}$/;

function indexKey(rawKey: string): KvKey {
  return ["fit_raw", ESTIMATOR_VERSION, rawKey];
}

/** What a raw key reads as: the samples' digest and shape. */
export interface RawFitEntry {
  /** `fitCacheDigest` of the parsed samples and the request. */
  readonly digest: string;
  readonly n: number;
  readonly d: number;
}

function isEntry(value: unknown): value is RawFitEntry {
  const e = value as Partial<RawFitEntry> | null;
  return e !== null && typeof e === "object" &&
    typeof e.digest === "string" && HEX_64.test(e.digest) &&
    Number.isSafeInteger(e.n) && Number.isSafeInteger(e.d);
}

/** Raw keys to fit digests, in KV. */
export class RawFitIndex {
  readonly #kv: KvLike;
  readonly #retentionMs: number;

  /**
   * @param kv where the entries live.
   * @param retentionSeconds how long an entry is kept.
   */
  constructor(kv: KvLike, retentionSeconds: number) {
    this.#kv = kv;
    this.#retentionMs = retentionSeconds * 1000;
  }

  /** What `rawKey` was last found to read as, or null. */
  async get(rawKey: string): Promise<RawFitEntry | null> {
    const entry = await this.#kv.get<RawFitEntry>(indexKey(rawKey));
    return isEntry(entry.value) ? entry.value : null;
  }

  /** Remembers what `rawKey` reads as. */
  async set(rawKey: string, entry: RawFitEntry): Promise<void> {
    const { digest, n, d } = entry;
    await this.#kv.set(indexKey(rawKey), { digest, n, d }, {
      expireIn: this.#retentionMs,
    });
  }
}
