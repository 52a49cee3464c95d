/**
 * Runs (fits and experiments) in KV: a small record per run, an index by
 * creation time for newest-first listing, the result as a chunked blob, and
 * the fit cache that maps a request digest onto the run holding its result.
 *
 * Keys:
 * - `["runs", id]` → `RunRecord`
 * - `["runs_by_time", MAX_SAFE_INTEGER - createdAt, id]` → id (ascending
 *   order of the inverted time = newest first)
 * - `["blob", "run:" + id, i]`, `["blob_head", "run:" + id]` → result JSON
 * - `["fit_cache", ESTIMATOR_VERSION, digest]` → run id
 *
 * @module
 */
import { deleteBlob, readBlob, writeBlob } from "./blob.ts";
import { ESTIMATOR_VERSION } from "./fit_cache_key.ts";
import type { KvKey, KvLike } from "./kv_like.ts";

/** What a run is. */
export type RunKind = "fit" | "experiment";
/** Where a run is in its life. */
export type RunStatus = "queued" | "running" | "done" | "failed";

/** Steps completed out of all steps. */
export interface RunProgress {
  readonly done: number;
  readonly total: number;
}

/** The stored record of one run (small: no samples, no result). */
export interface RunRecord {
  readonly id: string;
  readonly kind: RunKind;
  readonly status: RunStatus;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Hex SHA-256 of the owner token. */
  readonly ownerTokenHash: string;
  readonly progress: RunProgress | null;
  /** What was asked: a fit's method/seed/options/shape, or an experiment spec. */
  readonly input: Readonly<Record<string, unknown>>;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly hasResult: boolean;
  /** Fit cache digest, so deleting the run also forgets the cache entry. */
  readonly cacheDigest: string | null;
}

/** One page of runs, newest first. */
export interface RunPage {
  readonly runs: RunRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly cursor: string | null;
}

function runKey(id: string): KvKey {
  return ["runs", id];
}

function timeKey(record: Pick<RunRecord, "createdAt" | "id">): KvKey {
  return [
    "runs_by_time",
    Number.MAX_SAFE_INTEGER - record.createdAt,
    record.id,
  ];
}

function cacheKey(digest: string): KvKey {
  return ["fit_cache", ESTIMATOR_VERSION, digest];
}

function resultBlobId(id: string): string {
  return `run:${id}`;
}

/** Runs over any `KvLike`. */
export class RunStore {
  readonly #kv: KvLike;
  readonly #clock: () => number;

  constructor(kv: KvLike, clock: () => number = Date.now) {
    this.#kv = kv;
    this.#clock = clock;
  }

  /** The underlying KV (for the queue). */
  get kv(): KvLike {
    return this.#kv;
  }

  /** Stores a new run and its time index together. */
  async create(
    fields: Omit<RunRecord, "createdAt" | "updatedAt">,
  ): Promise<RunRecord> {
    const now = this.#clock();
    const record: RunRecord = { ...fields, createdAt: now, updatedAt: now };
    const result = await this.#kv.atomic()
      .check({ key: runKey(record.id), versionstamp: null })
      .set(runKey(record.id), record)
      .set(timeKey(record), record.id)
      .commit();
    if (!result.ok) {
      throw new Error(`Cannot create run ${record.id}: it exists`);
    }
    return record;
  }

  /** The run `id`, or null. */
  async get(id: string): Promise<RunRecord | null> {
    return (await this.#kv.get<RunRecord>(runKey(id))).value;
  }

  /**
   * Applies `change` to the stored record (read, change, write if unchanged
   * meanwhile, retry otherwise). Returns null when the run no longer exists,
   * e.g. because its owner deleted it.
   */
  async update(
    id: string,
    change: (r: RunRecord) => Partial<RunRecord>,
  ): Promise<RunRecord | null> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const entry = await this.#kv.get<RunRecord>(runKey(id));
      if (entry.value === null) return null;
      const next: RunRecord = {
        ...entry.value,
        ...change(entry.value),
        id,
        updatedAt: this.#clock(),
      };
      const result = await this.#kv.atomic()
        .check({ key: runKey(id), versionstamp: entry.versionstamp })
        .set(runKey(id), next)
        .commit();
      if (result.ok) return next;
    }
    throw new Error(`Cannot update run ${id}: it kept changing`);
  }

  /** Runs newest first, `limit` per page. */
  async list(limit: number, cursor?: string): Promise<RunPage> {
    const iter = this.#kv.list<string>({ prefix: ["runs_by_time"] }, {
      limit,
      ...(cursor ? { cursor } : {}),
    });
    const runs: RunRecord[] = [];
    let seen = 0;
    for await (const entry of iter) {
      seen++;
      const record = await this.get(entry.value);
      if (record !== null) runs.push(record);
    }
    return { runs, cursor: seen === limit ? iter.cursor || null : null };
  }

  /** Stores a finished run's result (any size) and marks it done. */
  async saveResult(
    id: string,
    resultJson: string,
    change: Partial<RunRecord> = {},
  ): Promise<RunRecord | null> {
    await writeBlob(this.#kv, resultBlobId(id), resultJson);
    const record = await this.update(id, () => ({
      ...change,
      status: "done",
      hasResult: true,
    }));
    // Deleted while it ran: drop the orphaned result too.
    if (record === null) await deleteBlob(this.#kv, resultBlobId(id));
    return record;
  }

  /** The result JSON of run `id`, or null when it has none. */
  readResult(id: string): Promise<string | null> {
    return readBlob(this.#kv, resultBlobId(id));
  }

  /** Deletes the run, its index entry, result and cache entry. */
  async delete(record: RunRecord): Promise<void> {
    const op = this.#kv.atomic().delete(runKey(record.id)).delete(
      timeKey(record),
    );
    if (record.cacheDigest !== null) op.delete(cacheKey(record.cacheDigest));
    await op.commit();
    await deleteBlob(this.#kv, resultBlobId(record.id));
  }

  /** The finished fit run cached under `digest`, or null. */
  async cachedFit(digest: string): Promise<RunRecord | null> {
    const entry = await this.#kv.get<string>(cacheKey(digest));
    if (entry.value === null) return null;
    const record = await this.get(entry.value);
    return record !== null && record.hasResult ? record : null;
  }

  /** Points the fit cache entry `digest` at run `id`. */
  async rememberFit(digest: string, id: string): Promise<void> {
    await this.#kv.set(cacheKey(digest), id);
  }
}
