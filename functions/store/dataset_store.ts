/**
 * Data sets stored in chunks over any Deno-KV-like store, written by many
 * processes (or Deno Deploy isolates) at once without losing a chunk or
 * counting one twice.
 *
 * Keys:
 * - `["datasets", id]` → `DatasetRecord`: d, names, owner token hash,
 *   times, and the totals n, chunks, bytes of the chunks stored.
 * - `["dataset_chunks", id, seq]` → `ChunkRecord`: one chunk, seq = 0, 1, …
 *   in the order the chunks were stored; its rows (NPY) and its first-pass
 *   statistics are the blobs `ChunkRecord.rowsBlob` and `statsBlob`.
 * - `["dataset_keys", id, keyHash]` → `ChunkKeyEntry`: the chunk an
 *   `Idempotency-Key` (by its SHA-256) stored, with its body's SHA-256.
 * - `["dataset_claims", id, keyHash]` → `ChunkClaim`: a chunk being read and
 *   stored under that key, until when, with its blobs' ids; the commit
 *   checks the claim is still its own (a lapsed claim may be taken over).
 * - `["dataset_expiry", expiresAt, id]` → id: what `sweepExpired` reclaims.
 *
 * Concurrency: a chunk lands in one atomic commit that checks the data set
 * record's versionstamp and that its key is unused, and writes the record
 * with the new totals, the chunk record under the next seq and the key
 * entry. Two chunks committing at once cannot both pass the check: the
 * loser reads the record again and retries (a read-modify-write guarded by
 * the check, so no update is lost), so seq numbers are dense, the totals
 * exact, and the caps (chunks, bytes) hold across processes. A chunk's
 * blobs are written before that commit; a claim names them first, so a
 * writer that dies leaves nothing the sweep or a deletion does not find.
 *
 * Lifetimes: a data set expires `retentionSeconds` after its creation, and
 * reads as absent from then on (reads compare `expiresAt` with the clock;
 * every key also carries `expireIn` as a backstop). `sweepExpired` removes
 * an expired data set's keys and blobs; `delete` removes them at once.
 *
 * @module
 */
import {
  BlobDamagedError,
  deleteBlob,
  readBlobBytes,
  writeBlobBytes,
} from "./blob.ts";
import type { KvKey, KvLike } from "./kv_like.ts";
import { newRunId } from "./run_id.ts";
import type { SweepReport } from "./run_store.ts";

/** A data set as stored. */
export interface DatasetRecord {
  readonly id: string;
  /** Columns of every row. */
  readonly d: number;
  /** Column names given at creation, or null. */
  readonly names: readonly string[] | null;
  readonly ownerTokenHash: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Rows of the chunks stored. */
  readonly n: number;
  /** Chunks stored (their seq numbers are 0 … chunks − 1). */
  readonly chunks: number;
  /** Bytes of the chunks' rows as stored (8 per entry). */
  readonly bytes: number;
}

/** One stored chunk. */
export interface ChunkRecord {
  /** Its place among the data set's chunks, from 0. */
  readonly seq: number;
  readonly rows: number;
  /** 8 · rows · d. */
  readonly bytes: number;
  /** Hex SHA-256 of the body as sent. */
  readonly bodySha256: string;
  /** Blob of its rows (NPY, float64). */
  readonly rowsBlob: string;
  /** Blob of its first-pass statistics (`encodeStats`). */
  readonly statsBlob: string;
  /** Rows and chunks of the data set once it was stored. */
  readonly n: number;
  readonly chunks: number;
}

/** What an `Idempotency-Key` stored. */
export interface ChunkKeyEntry {
  readonly seq: number;
  readonly bodySha256: string;
}

/** A chunk being stored under a key. */
interface ChunkClaim {
  readonly bodySha256: string;
  /** Milliseconds since the epoch after which another may take over. */
  readonly until: number;
  /** The blobs the claimant writes. */
  readonly blobs: readonly string[];
}

/** Settings of `DatasetStore`. */
export interface DatasetStoreOptions {
  /** Milliseconds since the epoch. @default {Date.now} */
  readonly clock?: () => number;
  /** Seconds a data set is kept after its creation. @default {604800} */
  readonly retentionSeconds?: number;
  /**
   * Milliseconds a claim on a chunk's key holds without being finished;
   * then a retry may take over. Longer than a chunk's job may run (its
   * deadline) and wait. @default {180000}
   */
  readonly claimMs?: number;
}

/** A new data set. */
export interface NewDataset {
  readonly d: number;
  readonly names: readonly string[] | null;
  readonly ownerTokenHash: string;
}

/** A chunk, read and checked, ready to store. */
export interface NewChunk {
  readonly rows: number;
  /** Its rows as NPY. */
  readonly data: Uint8Array;
  /** Its first-pass statistics as bytes. */
  readonly stats: Uint8Array;
}

/** Caps checked when a chunk is stored. */
export interface ChunkCaps {
  readonly maxChunks: number;
  readonly maxBytes: number;
}

/** The outcome of claiming a chunk's key. */
export type ClaimOutcome =
  /** Stored before: the chunk it stored (same or another body). */
  | { readonly kind: "stored"; readonly chunk: ChunkRecord }
  /** Being stored by another request now. */
  | { readonly kind: "busy"; readonly sameBody: boolean }
  /** Claimed: store the chunk with `commit`, or `release` the claim. */
  | { readonly kind: "claimed"; readonly claim: ChunkClaimHandle };

/** The outcome of storing a chunk. */
export type CommitOutcome =
  | { readonly kind: "stored"; readonly chunk: ChunkRecord }
  /** The key stored another chunk meanwhile (a retry that took over). */
  | { readonly kind: "taken"; readonly chunk: ChunkRecord }
  | { readonly kind: "gone" }
  /** The claim lapsed and a retry took it over: it stores the chunk. */
  | { readonly kind: "lost" }
  | { readonly kind: "too_many_chunks"; readonly record: DatasetRecord }
  | { readonly kind: "too_many_bytes"; readonly record: DatasetRecord };

/** A claim on a chunk's key, held by this request. */
export interface ChunkClaimHandle {
  readonly datasetId: string;
  readonly keyHash: string;
  readonly bodySha256: string;
  readonly rowsBlob: string;
  readonly statsBlob: string;
}

/** Default retention, as runs have it. */
const DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600;
/** Commits a chunk tries before giving up (each retry follows a conflict). */
const MAX_COMMIT_ATTEMPTS = 64;
/** Keys deleted per atomic when a data set is removed. */
const DELETES_PER_ATOMIC = 100;
/**
 * How long past a data set's expiry its keys live at most (KV's `expireIn`
 * backstop): the sweep removes them first.
 */
const BACKSTOP_MS = 24 * 3600 * 1000;

function recordKey(id: string): KvKey {
  return ["datasets", id];
}
function chunkKey(id: string, seq: number): KvKey {
  return ["dataset_chunks", id, seq];
}
function keyEntryKey(id: string, keyHash: string): KvKey {
  return ["dataset_keys", id, keyHash];
}
function claimKey(id: string, keyHash: string): KvKey {
  return ["dataset_claims", id, keyHash];
}
function expiryKey(at: number, id: string): KvKey {
  return ["dataset_expiry", at, id];
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Data sets, their chunks and the chunks' blobs. */
export class DatasetStore {
  readonly #kv: KvLike;
  readonly #clock: () => number;
  readonly #retentionMs: number;
  readonly #claimMs: number;

  constructor(kv: KvLike, options: DatasetStoreOptions = {}) {
    this.#kv = kv;
    this.#clock = options.clock ?? Date.now;
    this.#retentionMs = 1000 *
      (options.retentionSeconds ?? DEFAULT_RETENTION_SECONDS);
    this.#claimMs = options.claimMs ?? 180_000;
  }

  /** KV's `expireIn` for a key of a data set expiring at `expiresAt`. */
  #expireIn(expiresAt: number): { expireIn: number } {
    return {
      expireIn: Math.max(1, expiresAt - this.#clock() + BACKSTOP_MS),
    };
  }

  /** Creates a data set with a new id. */
  async create(dataset: NewDataset): Promise<DatasetRecord> {
    const now = this.#clock();
    const record: DatasetRecord = {
      id: newRunId(),
      d: dataset.d,
      names: dataset.names,
      ownerTokenHash: dataset.ownerTokenHash,
      createdAt: now,
      expiresAt: now + this.#retentionMs,
      n: 0,
      chunks: 0,
      bytes: 0,
    };
    const expire = this.#expireIn(record.expiresAt);
    const result = await this.#kv.atomic()
      .check({ key: recordKey(record.id), versionstamp: null })
      .set(recordKey(record.id), record, expire)
      .set(expiryKey(record.expiresAt, record.id), record.id, expire)
      .commit();
    if (!result.ok) throw new Error("Cannot create the data set: id taken");
    return record;
  }

  /** The data set `id`, or null when there is none or it expired. */
  async get(id: string): Promise<DatasetRecord | null> {
    return (await this.#live(id))?.value ?? null;
  }

  async #live(id: string) {
    const entry = await this.#kv.get<DatasetRecord>(recordKey(id));
    const record = entry.value;
    if (record === null || record.expiresAt <= this.#clock()) return null;
    return { value: record, versionstamp: entry.versionstamp! };
  }

  /** The chunk stored under `keyHash`, or null. */
  async chunkByKey(id: string, keyHash: string): Promise<ChunkRecord | null> {
    const entry = await this.#kv.get<ChunkKeyEntry>(keyEntryKey(id, keyHash));
    if (entry.value === null) return null;
    return (await this.#kv.get<ChunkRecord>(chunkKey(id, entry.value.seq)))
      .value;
  }

  /**
   * Claims `keyHash` for a chunk whose body hashes to `bodySha256`, unless
   * the key stored a chunk already or another request holds it (and its
   * claim has not lapsed).
   */
  async claim(
    record: DatasetRecord,
    keyHash: string,
    bodySha256: string,
  ): Promise<ClaimOutcome> {
    const { id } = record;
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      const stored = await this.chunkByKey(id, keyHash);
      if (stored !== null) return { kind: "stored", chunk: stored };
      const held = await this.#kv.get<ChunkClaim>(claimKey(id, keyHash));
      const now = this.#clock();
      if (held.value !== null && held.value.until > now) {
        return {
          kind: "busy",
          sameBody: held.value.bodySha256 === bodySha256,
        };
      }
      const prefix = `dataset:${id}:${newRunId()}`;
      const claim: ChunkClaim = {
        bodySha256,
        until: now + this.#claimMs,
        blobs: [`${prefix}:rows`, `${prefix}:stats`],
      };
      const ok = await this.#kv.atomic()
        .check({ key: claimKey(id, keyHash), versionstamp: held.versionstamp })
        .check({ key: keyEntryKey(id, keyHash), versionstamp: null })
        .set(claimKey(id, keyHash), claim, this.#expireIn(record.expiresAt))
        .commit();
      if (!ok.ok) continue;
      // A lapsed claim's writer died or gave up: its blobs were never used.
      for (const blob of held.value?.blobs ?? []) {
        await deleteBlob(this.#kv, blob).catch(() => {});
      }
      return {
        kind: "claimed",
        claim: {
          datasetId: id,
          keyHash,
          bodySha256,
          rowsBlob: claim.blobs[0]!,
          statsBlob: claim.blobs[1]!,
        },
      };
    }
    throw new Error(
      `Cannot claim a chunk of data set ${id}: too much contention`,
    );
  }

  /** Gives up a claim (the chunk was refused), deleting its blobs. */
  async release(claim: ChunkClaimHandle): Promise<void> {
    const key = claimKey(claim.datasetId, claim.keyHash);
    const held = await this.#kv.get<ChunkClaim>(key);
    if (held.value?.blobs[0] === claim.rowsBlob) {
      await this.#kv.atomic().check({ key, versionstamp: held.versionstamp })
        .delete(key).commit();
    }
    await this.#deleteBlobs([claim.rowsBlob, claim.statsBlob]);
  }

  /**
   * Stores a claimed chunk: its blobs, then one atomic commit of the data
   * set's new totals, the chunk record under the next seq and its key.
   * Anything but `stored` leaves no trace of the chunk (its blobs deleted,
   * the claim released).
   */
  async commit(
    claim: ChunkClaimHandle,
    chunk: NewChunk,
    caps: ChunkCaps,
  ): Promise<CommitOutcome> {
    const { datasetId: id, keyHash } = claim;
    let outcome: CommitOutcome | null = null;
    try {
      const first = await this.#live(id);
      if (first === null) return outcome = { kind: "gone" };
      const bytes = 8 * chunk.rows * first.value.d;
      const expire = this.#expireIn(first.value.expiresAt);
      await writeBlobBytes(this.#kv, claim.rowsBlob, chunk.data, expire);
      await writeBlobBytes(this.#kv, claim.statsBlob, chunk.stats, expire);
      for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
        const live = await this.#live(id);
        if (live === null) return outcome = { kind: "gone" };
        const prev = live.value;
        const taken = await this.chunkByKey(id, keyHash);
        if (taken !== null) return outcome = { kind: "taken", chunk: taken };
        const held = await this.#kv.get<ChunkClaim>(claimKey(id, keyHash));
        if (held.value?.blobs[0] !== claim.rowsBlob) {
          return outcome = { kind: "lost" };
        }
        if (prev.chunks >= caps.maxChunks) {
          return outcome = { kind: "too_many_chunks", record: prev };
        }
        if (prev.bytes + bytes > caps.maxBytes) {
          return outcome = { kind: "too_many_bytes", record: prev };
        }
        const seq = prev.chunks;
        const next: DatasetRecord = {
          ...prev,
          n: prev.n + chunk.rows,
          chunks: seq + 1,
          bytes: prev.bytes + bytes,
        };
        const stored: ChunkRecord = {
          seq,
          rows: chunk.rows,
          bytes,
          bodySha256: claim.bodySha256,
          rowsBlob: claim.rowsBlob,
          statsBlob: claim.statsBlob,
          n: next.n,
          chunks: next.chunks,
        };
        const entry: ChunkKeyEntry = { seq, bodySha256: claim.bodySha256 };
        const result = await this.#kv.atomic()
          .check({ key: recordKey(id), versionstamp: live.versionstamp })
          .check({ key: keyEntryKey(id, keyHash), versionstamp: null })
          .check({ key: chunkKey(id, seq), versionstamp: null })
          .check({
            key: claimKey(id, keyHash),
            versionstamp: held.versionstamp,
          })
          .set(recordKey(id), next, expire)
          .set(chunkKey(id, seq), stored, expire)
          .set(keyEntryKey(id, keyHash), entry, expire)
          .delete(claimKey(id, keyHash))
          .commit();
        if (result.ok) return outcome = { kind: "stored", chunk: stored };
        // Another chunk landed first: read the totals again, after a
        // random pause that spreads the retries of writers in step.
        await pause(Math.random() * Math.min(100, 2 ** attempt));
      }
      throw new Error(
        `Cannot store a chunk of data set ${id}: too much contention`,
      );
    } finally {
      if (outcome?.kind !== "stored") await this.release(claim);
    }
  }

  /**
   * The chunks of `record` in seq order: those its totals count (chunks
   * stored after it was read are left out, so the rows match its n).
   */
  async chunks(record: DatasetRecord): Promise<ChunkRecord[]> {
    const out: ChunkRecord[] = [];
    const listing = this.#kv.list<ChunkRecord>({
      prefix: ["dataset_chunks", record.id],
    }, { limit: record.chunks });
    for await (const entry of listing) out.push(entry.value);
    if (out.length !== record.chunks || out.some((c, i) => c.seq !== i)) {
      throw new BlobDamagedError(
        `dataset:${record.id}`,
        `found ${out.length} of its ${record.chunks} chunks (being deleted?)`,
      );
    }
    return out;
  }

  /**
   * The bytes of a chunk's blob (rows or statistics).
   *
   * @throws {BlobDamagedError} when the blob is missing or damaged.
   */
  async readChunkBlob(blobId: string): Promise<Uint8Array> {
    const bytes = await readBlobBytes(this.#kv, blobId);
    if (bytes === null) {
      throw new BlobDamagedError(blobId, "it is missing (deleted meanwhile?)");
    }
    return bytes;
  }

  /**
   * Deletes data set `id` and everything under it. The record goes first,
   * so the data set reads as absent at once; its expiry entry stays until
   * the sweep, which removes anything a chunk racing the deletion left.
   *
   * @returns false when there was no such data set.
   */
  async delete(id: string): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      const live = await this.#live(id);
      if (live === null) return false;
      // Checked, so a chunk committing meanwhile either lands before (and
      // is purged below) or finds the record gone.
      const result = await this.#kv.atomic()
        .check({ key: recordKey(id), versionstamp: live.versionstamp })
        .delete(recordKey(id)).commit();
      if (result.ok) {
        await this.#purge(id);
        return true;
      }
    }
    throw new Error(`Cannot delete data set ${id}: too much contention`);
  }

  /**
   * Removes the data sets that expired by `now`, at most `limit`, oldest
   * first; call again while `more` is true.
   */
  async sweepExpired(
    now: number = this.#clock(),
    limit = 20,
  ): Promise<SweepReport> {
    let removed = 0;
    const due = this.#kv.list<string>({
      prefix: ["dataset_expiry"],
      end: ["dataset_expiry", now + 1],
    }, { limit });
    for await (const { key, value: id } of due) {
      try {
        const record = await this.#kv.get<DatasetRecord>(recordKey(id));
        if (record.value !== null && record.value.expiresAt <= now) {
          await this.#kv.atomic()
            .check({ key: recordKey(id), versionstamp: record.versionstamp })
            .delete(recordKey(id)).commit();
        }
        await this.#purge(id);
        await this.#kv.delete(key as KvKey);
        removed++;
      } catch (e) {
        console.error(`Cannot reclaim data set ${id} yet`, e);
      }
    }
    return { removed, more: removed === limit };
  }

  /** Deletes the chunks, keys, claims and blobs of data set `id`. */
  async #purge(id: string): Promise<void> {
    const keys: KvKey[] = [];
    const blobs: string[] = [];
    for await (
      const entry of this.#kv.list<ChunkRecord>({
        prefix: ["dataset_chunks", id],
      })
    ) {
      keys.push(entry.key as KvKey);
      blobs.push(entry.value.rowsBlob, entry.value.statsBlob);
    }
    for await (
      const entry of this.#kv.list<ChunkClaim>({
        prefix: ["dataset_claims", id],
      })
    ) {
      keys.push(entry.key as KvKey);
      blobs.push(...entry.value.blobs);
    }
    for await (
      const entry of this.#kv.list({ prefix: ["dataset_keys", id] })
    ) keys.push(entry.key as KvKey);
    await this.#deleteBlobs(blobs);
    for (let i = 0; i < keys.length; i += DELETES_PER_ATOMIC) {
      const op = this.#kv.atomic();
      for (const key of keys.slice(i, i + DELETES_PER_ATOMIC)) op.delete(key);
      if (!(await op.commit()).ok) {
        throw new Error(`Cannot delete the keys of data set ${id}`);
      }
    }
  }

  async #deleteBlobs(blobs: readonly string[]): Promise<void> {
    for (const blob of blobs) await deleteBlob(this.#kv, blob);
  }
}
