/**
 * Runs (fits and experiments) in KV: a small record per run, its result as a
 * chunked blob, the fit cache, and the bookkeeping that keeps all of it
 * bounded in time and recoverable after a crash.
 *
 * Keys:
 * - `["runs", id]` → `RunRecord`; `["runs_by_time", MAX_SAFE_INTEGER -
 *   createdAt, id]` → id (newest first); `["run_owner", tokenHash]` → id.
 * - `["results", resultId]` → `ResultMeta` (size, expiry, reference count);
 *   the result itself is the blob `result:<resultId>`. Fit runs of the same
 *   request share one result; a run's own fields (e.g. the truth sent with a
 *   fit) are the blob `extra:<runId>`, merged into the result when read.
 * - `["fit_cache", ESTIMATOR_VERSION, digest]` → resultId.
 * - `["expiry", at, "run" | "result" | "blob", id]`: what to reclaim when;
 *   `sweepExpired` walks it oldest first.
 * - `["leases", until, id]` → id: unfinished runs by lease deadline;
 *   `recoverExpired` walks it.
 *
 * Lifetimes: every run expires `retentionSeconds` after its creation; from
 * then on it reads as absent (reads compare `expiresAt` with the clock and
 * never rely on KV's lazy `expireIn`, which is still set on every key as a
 * backstop). A result lives as long as the longest-lived run pointing at it
 * and goes as soon as none does. The cache shares a result with new runs
 * only during its first `retentionSeconds`, so no result outlives twice the
 * retention.
 *
 * Crash safety: blobs are written before the commit that makes them
 * reachable, and announced first under an `["expiry", now + 15 min, "blob",
 * …]` entry that this commit removes, so a writer that dies leaves nothing
 * the sweep does not find. A run, its indexes, its expiry entry and (for an
 * experiment) its queue message land in one atomic commit.
 *
 * @module
 */
import {
  blobBytes,
  BlobDamagedError,
  deleteBlob,
  readBlobBytes,
  writeBlob,
} from "./blob.ts";
import { ESTIMATOR_VERSION } from "./fit_cache_key.ts";
import { joinChunks, jsonObjectChunks } from "./json_splice.ts";
import type {
  KvAtomicLike,
  KvEntryMaybeLike,
  KvKey,
  KvLike,
} from "./kv_like.ts";
import { hashOwnerToken, MAX_PRESENTED_TOKENS } from "./owner_token.ts";
import { ResultTooLargeError } from "./result_too_large.ts";
import { newRunId, parseRunId } from "./run_id.ts";
import { SingleFlight, type SingleFlightOptions } from "./single_flight.ts";

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
  /** When the run stops existing (milliseconds since the epoch). */
  readonly expiresAt: number;
  /** Hex SHA-256 of the owner token. */
  readonly ownerTokenHash: string;
  readonly progress: RunProgress | null;
  /** What was asked: a fit's method/seed/options/shape, or an experiment spec. */
  readonly input: Readonly<Record<string, unknown>>;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly hasResult: boolean;
  /** Fit cache digest of the request, for fits. */
  readonly cacheDigest: string | null;
  /** The stored result this run points at, shared by fits of one request. */
  readonly resultId: string | null;
  /** Whether fields of this run alone are stored beside its result. */
  readonly hasExtra: boolean;
  /**
   * The worker holding this unfinished run (null: none yet, e.g. while its
   * queue message is on its way).
   */
  readonly workerId: string | null;
  /**
   * Until when the run's holder (or its queue message) is trusted to make
   * progress; past it `recoverExpired` hands the run out again. Null for
   * finished runs and runs no worker runs.
   */
  readonly leaseUntil: number | null;
  /** Times the run was handed to a worker through the queue. */
  readonly attempts: number;
}

/** What a caller gives to create a run; the store fills in the rest. */
export type NewRun = Pick<
  RunRecord,
  | "id"
  | "kind"
  | "status"
  | "ownerTokenHash"
  | "progress"
  | "input"
  | "error"
  | "hasResult"
  | "cacheDigest"
>;

/** One page of runs, newest first. */
export interface RunPage {
  readonly runs: RunRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly cursor: string | null;
}

/** The queue message that hands run `id` to a worker. */
export interface RunQueueMessage {
  readonly type: "run";
  readonly id: string;
}

/** Size and time limits of the store (environment: see `config.ts`). */
export interface StoreLimits {
  /** Seconds a run is kept after its creation. */
  readonly retentionSeconds: number;
  /** Largest result (with the run's own fields) in UTF-8 bytes. */
  readonly maxResultBytes: number;
}

/** Seven days. */
export const DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600;
/** 8 MiB: a fit with d up to about 360 (about 63 bytes per Sigma entry). */
export const DEFAULT_MAX_RESULT_BYTES = 8 * 1024 * 1024;
/** A worker renews its lease every third of this. */
export const DEFAULT_LEASE_MS = 30_000;
/** Queue deliveries of a run before a run whose workers keep dying fails. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Time a writer has to publish a blob it announced. */
const PENDING_MS = 15 * 60_000;
/** Extra life of bookkeeping keys beyond their due time (KV backstop). */
const SLACK_MS = 24 * 3600_000;
/** Retries of a read-check-write that lost a race. */
const MAX_RETRIES = 10;
/** Runs sharing one result committed in one atomic write at most (≈ 6 mutations each). */
const MAX_SHARE_BATCH = 50;

/** How a `RunStore` behaves. */
export interface RunStoreOptions extends Partial<StoreLimits> {
  /** Milliseconds since the epoch. @default {Date.now} */
  readonly clock?: () => number;
  /** Lease length in milliseconds. @default {DEFAULT_LEASE_MS} */
  readonly leaseMs?: number;
  /** @default {DEFAULT_MAX_ATTEMPTS} */
  readonly maxAttempts?: number;
  /** Timing of the wait for identical fits (the clock is shared). */
  readonly singleFlight?: Omit<SingleFlightOptions, "clock">;
}

/** What `createFitRun` needs. */
export interface FitRunRequest {
  /** The new run's id. @default {a new UUID} */
  readonly id?: string;
  readonly ownerTokenHash: string;
  /** The fit request without samples (method, seed, options, n, d). */
  readonly input: Readonly<Record<string, unknown>>;
  /** `fitCacheDigest` of the request. */
  readonly digest: string;
  /**
   * Fields of this request alone (e.g. the truth sent with it and the
   * metrics against it), given the result (computed or shared); stored
   * beside the shared result and merged into it by `readResult`, spliced
   * after the result's fields, so they must be fields the result does not
   * have. Return only what must be shown again, or null for nothing (or a
   * promise of it).
   */
  readonly extra?: (
    result: string,
  ) =>
    | Readonly<Record<string, unknown>>
    | null
    | Promise<Readonly<Record<string, unknown>> | null>;
  /**
   * Computes the result (a JSON object, as text) when no stored one can be
   * shared. Called at most once per request, and not at all for identical
   * requests while one is being computed.
   */
  readonly compute: () => Promise<string>;
}

/** A new fit run and its result. */
export interface FitRunOutcome {
  readonly record: RunRecord;
  /** The shared result as stored, without the run's own fields. */
  readonly result: string;
  /** Whether the result was stored before this request. */
  readonly cached: boolean;
}

/** What one `sweepExpired` call did. */
export interface SweepReport {
  /** Expiry entries handled. */
  readonly removed: number;
  /** Whether more entries were due than the call handled. */
  readonly more: boolean;
}

/** What `recoverExpired` did with one run whose lease lapsed. */
export interface Recovery {
  readonly id: string;
  readonly action: "requeued" | "failed";
}

/** A stored result. */
interface ResultMeta {
  readonly id: string;
  readonly createdAt: number;
  /** The latest expiry of the runs pointing at it. */
  readonly expiresAt: number;
  /** Runs pointing at it. */
  readonly refs: number;
  readonly bytes: number;
  /** The fit cache digest that points at it, if any. */
  readonly digest: string | null;
  /** The run that stored it. */
  readonly createdBy: string;
}

type ExpiryType = "run" | "result" | "blob";

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

function ownerKey(tokenHash: string): KvKey {
  return ["run_owner", tokenHash];
}

function resultKey(resultId: string): KvKey {
  return ["results", resultId];
}

function cacheKey(digest: string): KvKey {
  return ["fit_cache", ESTIMATOR_VERSION, digest];
}

function expiryKey(at: number, type: ExpiryType, id: string): KvKey {
  return ["expiry", at, type, id];
}

function leaseKey(until: number, id: string): KvKey {
  return ["leases", until, id];
}

function resultBlobId(resultId: string): string {
  return `result:${resultId}`;
}

function extraBlobId(runId: string): string {
  return `extra:${runId}`;
}

/** Whether `record` still exists at `now` (false for records of older versions). */
function isLive(record: RunRecord, now: number): boolean {
  return typeof record.expiresAt === "number" && record.expiresAt > now;
}

function isFinished(status: RunStatus): boolean {
  return status === "done" || status === "failed";
}

/** Runs over any `KvLike`. */
export class RunStore {
  readonly #kv: KvLike;
  readonly #clock: () => number;
  readonly #retentionMs: number;
  readonly #maxResultBytes: number;
  readonly #leaseMs: number;
  readonly #maxAttempts: number;
  readonly #flights: SingleFlight;
  /** Shares of each result waiting to be committed (see `#queueShare`). */
  readonly #shares = new Map<string, QueuedShare[]>();

  /**
   * @param kv `Deno.Kv`, the npm `@deno/kv` client, or a test double.
   * @param options limits and clock; a function is taken as the clock.
   */
  constructor(kv: KvLike, options: RunStoreOptions | (() => number) = {}) {
    const o = typeof options === "function" ? { clock: options } : options;
    this.#kv = kv;
    this.#clock = o.clock ?? Date.now;
    this.#retentionMs = 1000 *
      (o.retentionSeconds ?? DEFAULT_RETENTION_SECONDS);
    this.#maxResultBytes = o.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
    this.#leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
    this.#maxAttempts = o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#flights = new SingleFlight(kv, {
      ...o.singleFlight,
      clock: this.#clock,
    });
  }

  /** The underlying KV (for the queue listener). */
  get kv(): KvLike {
    return this.#kv;
  }

  /** The limits in force. */
  get limits(): StoreLimits {
    return {
      retentionSeconds: this.#retentionMs / 1000,
      maxResultBytes: this.#maxResultBytes,
    };
  }

  /** Lease length in milliseconds (workers renew more often than this). */
  get leaseMs(): number {
    return this.#leaseMs;
  }

  // ---- records -----------------------------------------------------------

  /**
   * Stores a new run with its indexes in one commit.
   *
   * @param options `enqueue: true` also sends the queue message
   *   `{type: "run", id}` in that commit and gives the run a lease, so that
   *   `recoverExpired` hands it out again if no worker takes it.
   * @throws {RangeError} for an id that is not a UUID.
   */
  async create(
    fields: NewRun,
    options: { readonly enqueue?: boolean } = {},
  ): Promise<RunRecord> {
    const id = parseRunId(fields.id);
    if (id === null) {
      throw new RangeError(
        `Cannot create run: id must be a UUID, got ${
          JSON.stringify(String(fields.id).slice(0, 40))
        }`,
      );
    }
    const now = this.#clock();
    const queued = options.enqueue === true;
    const record = this.#newRecord({ ...fields, id }, now, {
      leaseUntil: queued ? now + this.#leaseMs : null,
      attempts: queued ? 1 : 0,
    });
    const op = this.#kv.atomic().check({
      key: runKey(id),
      versionstamp: null,
    });
    this.#putRun(op, record, null, now);
    if (queued) op.enqueue({ type: "run", id } satisfies RunQueueMessage);
    if (!(await op.commit()).ok) {
      throw new Error(`Cannot create run ${id}: it exists`);
    }
    return record;
  }

  /** The run `id`, or null (unknown, not a UUID, deleted or expired). */
  async get(id: string): Promise<RunRecord | null> {
    return (await this.#liveEntry(id))?.value ?? null;
  }

  /**
   * Applies `change` to the stored record (read, change, write if unchanged
   * meanwhile, retry otherwise). Id, times, owner and result stay as they
   * are; a run that becomes done or failed loses its lease. Returns null
   * when the run no longer exists, e.g. because its owner deleted it.
   */
  async update(
    id: string,
    change: (r: RunRecord) => Partial<RunRecord>,
  ): Promise<RunRecord | null> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const entry = await this.#liveEntry(id);
      if (entry === null) return null;
      const prev = entry.value;
      const now = this.#clock();
      const next = this.#changed(prev, change(prev), now);
      const op = this.#kv.atomic().check(entry);
      this.#putRun(op, next, prev, now);
      if ((await op.commit()).ok) return next;
    }
    throw new Error(`Cannot update run ${id}: it kept changing`);
  }

  /**
   * Every client's runs newest first, `limit` per page.
   *
   * @deprecated It shows anyone the runs of everyone; the API lists runs by
   *   their owner tokens (`listOwned`).
   */
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

  /**
   * The runs created with these owner tokens, newest first. Unknown,
   * expired and deleted runs are left out.
   *
   * @param tokens at most `MAX_PRESENTED_TOKENS` owner tokens.
   * @throws {RangeError} for more tokens.
   */
  async listOwned(tokens: readonly string[]): Promise<RunRecord[]> {
    if (tokens.length > MAX_PRESENTED_TOKENS) {
      throw new RangeError(
        `Cannot list runs: at most ${MAX_PRESENTED_TOKENS} owner tokens, got ${tokens.length}`,
      );
    }
    const hashes = await Promise.all([...new Set(tokens)].map(hashOwnerToken));
    const found = await Promise.all(hashes.map(async (hash) => {
      const owned = await this.#kv.get<string>(ownerKey(hash));
      if (owned.value === null) return null;
      const record = await this.get(owned.value);
      return record?.ownerTokenHash === hash ? record : null;
    }));
    return found.filter((r): r is RunRecord => r !== null).sort((a, b) =>
      b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1)
    );
  }

  /**
   * Deletes the run: its record and indexes at once, its own fields and (if
   * no other run points at it) its result right after, or by the next sweep
   * if this process stops first. Other runs sharing the result keep it.
   */
  async delete(run: Pick<RunRecord, "id">): Promise<void> {
    let freed: string | null = null;
    let now = this.#clock();
    for (let attempt = 0;; attempt++) {
      if (attempt === MAX_RETRIES) {
        throw new Error(`Cannot delete run ${run.id}: it kept changing`);
      }
      const entry = await this.#liveEntry(run.id);
      if (entry === null) return;
      const record = entry.value;
      now = this.#clock();
      const release = await this.#readRelease(record.resultId);
      const op = this.#kv.atomic().check(entry);
      this.#dropRun(op, record);
      // Due now: if this process stops below, the next sweep finishes.
      op.delete(expiryKey(record.expiresAt, "run", record.id))
        .set(expiryKey(now, "run", record.id), record.id, {
          expireIn: SLACK_MS,
        });
      const freesResult = release !== null &&
        this.#applyRelease(op, release, now);
      if ((await op.commit()).ok) {
        freed = freesResult ? record.resultId : null;
        break;
      }
    }
    try {
      await this.#reclaimRun(expiryKey(now, "run", run.id), run.id, now);
      if (freed !== null) {
        await this.#reclaimResult(expiryKey(now, "result", freed), freed, now);
      }
    } catch (e) {
      console.error(`Run ${run.id} deleted; the sweep will finish it`, e);
    }
  }

  // ---- results -----------------------------------------------------------

  /**
   * Stores a finished run's result and marks the run done, in that order:
   * the record points at the result only once the result is complete.
   *
   * @returns the updated record, or null (nothing kept) when the run no
   *   longer exists.
   * @throws {ResultTooLargeError} beyond `maxResultBytes`, before writing.
   */
  async saveResult(
    id: string,
    resultJson: string,
    change: Partial<RunRecord> = {},
  ): Promise<RunRecord | null> {
    const bytes = blobBytes(resultJson);
    if (bytes > this.#maxResultBytes) {
      throw new ResultTooLargeError(bytes, this.#maxResultBytes);
    }
    if (await this.#liveEntry(id) === null) return null;
    const resultId = newRunId();
    const blobId = resultBlobId(resultId);
    const pending = await this.#writePending(
      blobId,
      resultJson,
      2 * this.#retentionMs,
    );
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const entry = await this.#liveEntry(id);
      if (entry === null) {
        await this.#reclaimBlob(pending, blobId);
        return null;
      }
      const prev = entry.value;
      if (prev.resultId !== null) {
        await this.#reclaimBlob(pending, blobId);
        throw new Error(`Cannot store a result for run ${id}: it has one`);
      }
      const now = this.#clock();
      const next: RunRecord = {
        ...this.#changed(prev, change, now),
        status: "done",
        hasResult: true,
        resultId,
        workerId: null,
        leaseUntil: null,
      };
      const meta: ResultMeta = {
        id: resultId,
        createdAt: now,
        expiresAt: prev.expiresAt,
        refs: 1,
        bytes,
        digest: prev.cacheDigest,
        createdBy: id,
      };
      const op = this.#kv.atomic().check(entry).delete(pending);
      this.#putRun(op, next, prev, now);
      this.#putResult(op, meta, null, now);
      if ((await op.commit()).ok) return next;
    }
    throw new Error(`Cannot store the result of run ${id}: it kept changing`);
  }

  /**
   * The result JSON of run `id` with the run's own fields merged in, or null
   * when it has none, or its stored result is missing or damaged (logged).
   */
  async readResult(id: string): Promise<string | null> {
    const bytes = await this.readResultBytes(id);
    return bytes === null ? null : new TextDecoder().decode(bytes);
  }

  /**
   * `readResult` as UTF-8 bytes, read and merged without parsing (a result
   * may hold megabytes of d x d matrices): the run's own fields are spliced
   * in after the result's, whose fields they never repeat (see
   * `FitRunRequest.extra`).
   */
  async readResultBytes(id: string): Promise<Uint8Array<ArrayBuffer> | null> {
    const record = await this.get(id);
    if (record === null || record.resultId === null) return null;
    const meta = await this.#kv.get<ResultMeta>(resultKey(record.resultId));
    if (meta.value === null) return null;
    const result = await this.#readBlobSafely(resultBlobId(record.resultId));
    if (result === null || !record.hasExtra) return result;
    const extra = await this.#readBlobSafely(extraBlobId(record.id));
    return extra === null
      ? result
      : joinChunks(jsonObjectChunks([result, extra]));
  }

  /**
   * Creates a fit run (done, with its result) for one `POST /api/fit`
   * request. Every request gets its own run and owner; requests with the
   * same digest share one stored result, computed once: by `compute()` when
   * none is stored or the stored one is damaged (logged), with identical
   * requests that arrive meanwhile, in this process or another, waiting for
   * it instead of computing again.
   *
   * @throws {ResultTooLargeError} when the result plus `extra` exceeds
   *   `maxResultBytes` (checked before writing), and whatever `compute()`
   *   throws.
   */
  async createFitRun(request: FitRunRequest): Promise<FitRunOutcome> {
    const id = request.id === undefined ? newRunId() : parseRunId(request.id);
    if (id === null) {
      throw new RangeError(`Cannot create the fit run: id must be a UUID`);
    }
    let extraJson: string | null | undefined;
    let extraPending: KvKey | null = null;
    const prepare = async (result: string, resultBytes: number) => {
      if (extraJson === undefined) {
        const fields = (await request.extra?.(result)) ?? null;
        extraJson = fields === null ? null : JSON.stringify(fields);
      }
      const total = resultBytes +
        (extraJson === null ? 0 : blobBytes(extraJson));
      if (total > this.#maxResultBytes) {
        throw new ResultTooLargeError(total, this.#maxResultBytes);
      }
      if (extraJson !== null && extraPending === null) {
        extraPending = await this.#writePending(
          extraBlobId(id),
          extraJson,
          this.#retentionMs,
        );
      }
      return { pending: extraPending, hasExtra: extraJson !== null };
    };
    const step: FitStep = { id, prepare };
    try {
      return await this.#flights.run(
        request.digest,
        () => this.#shareFit(request, step),
        () => this.#computeFit(request, step),
      );
    } catch (e) {
      if (extraPending !== null) {
        await this.#reclaimBlob(extraPending, extraBlobId(id)).catch(() => {});
      }
      throw e;
    }
  }

  /**
   * The fit run whose result the cache holds for `digest`, if that run
   * still exists.
   *
   * @deprecated Shares the first requester's run; use `createFitRun`.
   */
  async cachedFit(digest: string): Promise<RunRecord | null> {
    const pointer = await this.#kv.get<string>(cacheKey(digest));
    if (pointer.value === null) return null;
    const meta = await this.#kv.get<ResultMeta>(resultKey(pointer.value));
    if (meta.value === null) return null;
    const record = await this.get(meta.value.createdBy);
    return record !== null && record.resultId === meta.value.id ? record : null;
  }

  /**
   * Points the fit cache entry `digest` at the result of run `id`.
   *
   * @deprecated `createFitRun` fills the cache itself.
   */
  async rememberFit(digest: string, id: string): Promise<void> {
    const record = await this.get(id);
    if (record === null || record.resultId === null) return;
    await this.#kv.set(cacheKey(digest), record.resultId, {
      expireIn: this.#retentionMs,
    });
  }

  // ---- leases ------------------------------------------------------------

  /**
   * Takes run `id` for worker `workerId` until `now + leaseMs`: succeeds for
   * an unfinished run that no worker holds, whose holder's lease lapsed, or
   * that this worker holds already.
   *
   * @returns the record as claimed, or null (unknown, finished, or held by
   *   another live worker).
   */
  async claim(
    id: string,
    workerId: string,
    now: number = this.#clock(),
  ): Promise<RunRecord | null> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const entry = await this.#liveEntry(id, now);
      if (entry === null) return null;
      const prev = entry.value;
      if (isFinished(prev.status)) return null;
      const held = prev.workerId !== null && prev.workerId !== workerId &&
        (prev.leaseUntil ?? 0) > now;
      if (held) return null;
      const next = {
        ...prev,
        workerId,
        leaseUntil: now + this.#leaseMs,
        updatedAt: now,
      };
      const op = this.#kv.atomic().check(entry);
      this.#putRun(op, next, prev, now);
      if ((await op.commit()).ok) return next;
    }
    return null;
  }

  /**
   * Extends worker `workerId`'s lease on run `id` to `now + leaseMs`.
   *
   * @returns false when the worker no longer holds the run (deleted,
   *   finished, expired, or taken over after its lease lapsed): it should
   *   stop working on it.
   */
  async renew(
    id: string,
    workerId: string,
    now: number = this.#clock(),
  ): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const entry = await this.#liveEntry(id, now);
      if (entry === null) return false;
      const prev = entry.value;
      if (isFinished(prev.status) || prev.workerId !== workerId) return false;
      const next = { ...prev, leaseUntil: now + this.#leaseMs };
      const op = this.#kv.atomic().check(entry);
      this.#putRun(op, next, prev, now);
      if ((await op.commit()).ok) return true;
    }
    return false;
  }

  /**
   * Hands out again the unfinished runs whose lease lapsed by `now` (their
   * worker died, or their queue message was lost with the process that sent
   * it): each is sent to the queue again with a new lease, in one commit,
   * or, after `maxAttempts` deliveries, marked failed with the error code
   * `interrupted`. At most `limit` runs per call.
   */
  async recoverExpired(
    now: number = this.#clock(),
    limit = 50,
  ): Promise<Recovery[]> {
    const done: Recovery[] = [];
    const due = this.#kv.list<string>({
      prefix: ["leases"],
      end: ["leases", now + 1],
    }, { limit });
    for await (const { key } of due) {
      const id = String(key[2]);
      const entry = await this.#liveEntry(id, now);
      const prev = entry?.value;
      if (
        entry === null || prev === undefined || isFinished(prev.status) ||
        prev.leaseUntil !== key[1]
      ) {
        await this.#kv.delete(key as KvKey); // stale index entry
        continue;
      }
      const failed = prev.attempts >= this.#maxAttempts;
      const next: RunRecord = failed
        ? {
          ...prev,
          status: "failed",
          error: {
            code: "interrupted",
            message:
              `The run was interrupted ${prev.attempts} times (the server running it stopped) and is not retried`,
          },
          workerId: null,
          leaseUntil: null,
          updatedAt: now,
        }
        : {
          ...prev,
          workerId: null,
          leaseUntil: now + this.#leaseMs,
          attempts: prev.attempts + 1,
          updatedAt: now,
        };
      const op = this.#kv.atomic().check(entry);
      this.#putRun(op, next, prev, now);
      if (!failed) op.enqueue({ type: "run", id } satisfies RunQueueMessage);
      if ((await op.commit()).ok) {
        done.push({ id, action: failed ? "failed" : "requeued" });
      }
    }
    return done;
  }

  // ---- reclaiming --------------------------------------------------------

  /**
   * Removes what expired by `now`: runs (record, indexes, own fields),
   * results no run points at any more (blob, cache entry) and blobs whose
   * writer died before publishing them. Handles at most `limit` expiry
   * entries, oldest first, each in a few KV calls plus one per 100 blob
   * chunks; call again while `more` is true. An entry that cannot be
   * reclaimed is logged and left for the next call.
   */
  async sweepExpired(
    now: number = this.#clock(),
    limit = 50,
  ): Promise<SweepReport> {
    let removed = 0;
    const due = this.#kv.list<string>({
      prefix: ["expiry"],
      end: ["expiry", now + 1],
    }, { limit });
    for await (const { key } of due) {
      const type = key[2] as ExpiryType;
      const id = String(key[3]);
      try {
        if (type === "run") await this.#reclaimRun(key as KvKey, id, now);
        else if (type === "result") {
          await this.#reclaimResult(key as KvKey, id, now);
        } else await this.#reclaimBlob(key as KvKey, id);
        removed++;
      } catch (e) {
        console.error(`Cannot reclaim ${type} ${id} yet`, e);
      }
    }
    return { removed, more: removed === limit };
  }

  // ---- private: fits -------------------------------------------------------

  /** A new run pointing at the cached result of `request`, or null (a miss). */
  async #shareFit(
    request: FitRunRequest,
    step: FitStep,
  ): Promise<FitRunOutcome | null> {
    const pointer = await this.#kv.get<string>(cacheKey(request.digest));
    if (pointer.value === null) return null;
    const resultId = pointer.value;
    const first = await this.#liveResultMeta(resultId);
    if (first === null) return null;
    const bytes = await this.#readBlobSafely(resultBlobId(resultId));
    if (bytes === null) {
      // Damaged: stop sharing it, so this request computes afresh.
      await this.#kv.atomic().check({
        key: cacheKey(request.digest),
        versionstamp: pointer.versionstamp,
      }).delete(cacheKey(request.digest)).commit();
      return null;
    }
    const result = new TextDecoder().decode(bytes);
    const extra = await step.prepare(result, first.value!.bytes);
    return await this.#queueShare(resultId, { request, step, result, extra });
  }

  /** The result's meta while it may be shared, else null. */
  async #liveResultMeta(
    resultId: string,
  ): Promise<KvEntryMaybeLike<ResultMeta> | null> {
    const meta = await this.#kv.get<ResultMeta>(resultKey(resultId));
    const now = this.#clock();
    const m = meta.value;
    return m === null || m.expiresAt <= now ||
        now - m.createdAt >= this.#retentionMs
      ? null
      : meta;
  }

  /**
   * Adds a run sharing `resultId`. Every share rewrites the result's
   * reference count, so shares racing each other would mostly lose; instead
   * the shares of one result waiting in this process are committed together,
   * up to `MAX_SHARE_BATCH` runs in one atomic write (KV commits one write
   * at a time, a few milliseconds each). Resolves null when the result can
   * no longer be shared.
   */
  #queueShare(resultId: string, share: Share): Promise<FitRunOutcome | null> {
    return new Promise((resolve, reject) => {
      const queue = this.#shares.get(resultId) ?? [];
      queue.push({ ...share, resolve, reject });
      this.#shares.set(resultId, queue);
      if (queue.length === 1) this.#flushShares(resultId);
    });
  }

  /** Commits the waiting shares of `resultId`, batch after batch. */
  async #flushShares(resultId: string): Promise<void> {
    const queue = this.#shares.get(resultId)!;
    while (queue.length > 0) {
      // The first stays in the queue while its batch commits: later shares
      // see a non-empty queue and wait for the next batch.
      const batch = queue.slice(0, MAX_SHARE_BATCH);
      try {
        const outcomes = await this.#commitShares(resultId, batch);
        batch.forEach((b, i) => b.resolve(outcomes[i]!));
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
      queue.splice(0, batch.length);
    }
    this.#shares.delete(resultId);
  }

  /** One atomic write of `batch`'s runs and the result's new count. */
  async #commitShares(
    resultId: string,
    batch: readonly Share[],
  ): Promise<(FitRunOutcome | null)[]> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const meta = await this.#liveResultMeta(resultId);
      if (meta === null) return batch.map(() => null);
      const m = meta.value!;
      const now = this.#clock();
      const records = batch.map((b) =>
        this.#newFitRecord(b.request, b.step.id, b.extra, resultId, now)
      );
      const op = this.#kv.atomic();
      let expiresAt = m.expiresAt;
      for (const record of records) {
        op.check({ key: runKey(record.id), versionstamp: null });
        this.#putRun(op, record, null, now);
        expiresAt = Math.max(expiresAt, record.expiresAt);
      }
      this.#putResult(
        op,
        { ...m, refs: m.refs + records.length, expiresAt },
        meta,
        now,
      );
      for (const b of batch) {
        if (b.extra.pending !== null) op.delete(b.extra.pending);
      }
      if ((await op.commit()).ok) {
        return records.map((record, i) => ({
          record,
          result: batch[i]!.result,
          cached: true,
        }));
      }
    }
    return batch.map(() => null);
  }

  /** Computes the result, stores it, then the run and cache entry at once. */
  async #computeFit(
    request: FitRunRequest,
    step: FitStep,
  ): Promise<FitRunOutcome> {
    const result = await request.compute();
    const bytes = blobBytes(result);
    const extra = await step.prepare(result, bytes); // checks the size first
    const resultId = newRunId();
    const pending = await this.#writePending(
      resultBlobId(resultId),
      result,
      2 * this.#retentionMs,
    );
    const now = this.#clock();
    const record = this.#newFitRecord(request, step.id, extra, resultId, now);
    const meta: ResultMeta = {
      id: resultId,
      createdAt: now,
      expiresAt: record.expiresAt,
      refs: 1,
      bytes,
      digest: request.digest,
      createdBy: record.id,
    };
    const op = this.#kv.atomic()
      .check({ key: runKey(record.id), versionstamp: null })
      .delete(pending)
      .set(cacheKey(request.digest), resultId, {
        expireIn: this.#retentionMs,
      });
    if (extra.pending !== null) op.delete(extra.pending);
    this.#putRun(op, record, null, now);
    this.#putResult(op, meta, null, now);
    if (!(await op.commit()).ok) {
      await this.#reclaimBlob(pending, resultBlobId(resultId));
      throw new Error(`Cannot store fit run ${record.id}: it exists`);
    }
    return { record, result, cached: false };
  }

  #newFitRecord(
    request: FitRunRequest,
    id: string,
    extra: { readonly hasExtra: boolean },
    resultId: string,
    now: number,
  ): RunRecord {
    return {
      ...this.#newRecord(
        {
          id,
          kind: "fit",
          status: "done",
          ownerTokenHash: request.ownerTokenHash,
          progress: { done: 1, total: 1 },
          input: request.input,
          error: null,
          hasResult: true,
          cacheDigest: request.digest,
        },
        now,
        { leaseUntil: null, attempts: 0 },
      ),
      resultId,
      hasExtra: extra.hasExtra,
    };
  }

  // ---- private: records ----------------------------------------------------

  #newRecord(
    fields: NewRun,
    now: number,
    lease: { leaseUntil: number | null; attempts: number },
  ): RunRecord {
    return {
      ...fields,
      createdAt: now,
      updatedAt: now,
      expiresAt: now + this.#retentionMs,
      resultId: null,
      hasExtra: false,
      workerId: null,
      ...lease,
    };
  }

  /** `prev` with `change` applied, keeping what the indexes depend on. */
  #changed(
    prev: RunRecord,
    change: Partial<RunRecord>,
    now: number,
  ): RunRecord {
    const next: RunRecord = {
      ...prev,
      ...change,
      id: prev.id,
      createdAt: prev.createdAt,
      expiresAt: prev.expiresAt,
      ownerTokenHash: prev.ownerTokenHash,
      resultId: prev.resultId,
      hasExtra: prev.hasExtra,
      updatedAt: now,
    };
    return isFinished(next.status)
      ? { ...next, workerId: null, leaseUntil: null }
      : next;
  }

  /** The live record of `id` with its versionstamp, or null. */
  async #liveEntry(
    id: string,
    now?: number,
  ): Promise<{ key: KvKey; value: RunRecord; versionstamp: string } | null> {
    const valid = parseRunId(id);
    if (valid === null) return null;
    const entry = await this.#kv.get<RunRecord>(runKey(valid));
    if (entry.value === null || entry.versionstamp === null) return null;
    if (!isLive(entry.value, now ?? this.#clock())) return null;
    return {
      key: runKey(valid),
      value: entry.value,
      versionstamp: entry.versionstamp,
    };
  }

  /** Adds the writes that store `next` (over `prev`, or as a new run). */
  #putRun(
    op: KvAtomicLike,
    next: RunRecord,
    prev: RunRecord | null,
    now: number,
  ): void {
    const expireIn = Math.max(1, next.expiresAt - now);
    op.set(runKey(next.id), next, { expireIn });
    if (prev === null) {
      op.set(timeKey(next), next.id, { expireIn });
      op.set(ownerKey(next.ownerTokenHash), next.id, { expireIn });
      op.set(expiryKey(next.expiresAt, "run", next.id), next.id, {
        expireIn: expireIn + SLACK_MS,
      });
    }
    const before = prev?.leaseUntil ?? null;
    const after = next.leaseUntil;
    if (before !== after) {
      if (before !== null) op.delete(leaseKey(before, next.id));
      if (after !== null) {
        op.set(leaseKey(after, next.id), next.id, { expireIn });
      }
    }
  }

  /**
   * Adds the deletion of `record` and its indexes; not of its expiry entry,
   * which stays until its own blob is gone too.
   */
  #dropRun(op: KvAtomicLike, record: RunRecord): void {
    op.delete(runKey(record.id))
      .delete(timeKey(record))
      .delete(ownerKey(record.ownerTokenHash));
    if (record.leaseUntil !== null) {
      op.delete(leaseKey(record.leaseUntil, record.id));
    }
  }

  // ---- private: results ----------------------------------------------------

  /** Adds the writes that store `next` (over the entry `prev`, or as new). */
  #putResult(
    op: KvAtomicLike,
    next: ResultMeta,
    prev: KvEntryMaybeLike<ResultMeta> | null,
    now: number,
  ): void {
    if (prev !== null) {
      op.check({ key: resultKey(next.id), versionstamp: prev.versionstamp });
    }
    const expireIn = Math.max(1, next.expiresAt - now);
    op.set(resultKey(next.id), next, { expireIn });
    if (prev?.value?.expiresAt !== next.expiresAt) {
      if (prev?.value) {
        op.delete(expiryKey(prev.value.expiresAt, "result", next.id));
      }
      op.set(expiryKey(next.expiresAt, "result", next.id), next.id, {
        expireIn: expireIn + SLACK_MS,
      });
    }
  }

  /** What releasing one reference to `resultId` must check. */
  async #readRelease(resultId: string | null): Promise<Release | null> {
    if (resultId === null) return null;
    const meta = await this.#kv.get<ResultMeta>(resultKey(resultId));
    if (meta.value === null) return null;
    const pointer = meta.value.digest === null
      ? null
      : await this.#kv.get<string>(cacheKey(meta.value.digest));
    return { meta, pointer };
  }

  /**
   * Adds one reference fewer to `release`'s result. Returns true when that
   * was the last one: the result and its cache entry are then removed in
   * the same commit and its blob is due for reclaiming at `now`.
   */
  #applyRelease(op: KvAtomicLike, release: Release, now: number): boolean {
    const m = release.meta.value!;
    if (m.refs > 1) {
      this.#putResult(op, { ...m, refs: m.refs - 1 }, release.meta, now);
      return false;
    }
    this.#dropResult(op, release);
    op.delete(expiryKey(m.expiresAt, "result", m.id))
      .set(expiryKey(now, "result", m.id), m.id, { expireIn: SLACK_MS });
    return true;
  }

  /** Adds the deletion of a result's meta and the cache entry naming it. */
  #dropResult(op: KvAtomicLike, release: Release): void {
    const m = release.meta.value!;
    op.check({ key: resultKey(m.id), versionstamp: release.meta.versionstamp })
      .delete(resultKey(m.id));
    const pointer = release.pointer;
    if (pointer !== null && pointer.value === m.id && m.digest !== null) {
      op.check({ key: cacheKey(m.digest), versionstamp: pointer.versionstamp })
        .delete(cacheKey(m.digest));
    }
  }

  /** Writes a blob announced for reclaiming unless published in time. */
  async #writePending(
    blobId: string,
    text: string,
    lifetimeMs: number,
  ): Promise<KvKey> {
    const key = expiryKey(this.#clock() + PENDING_MS, "blob", blobId);
    await this.#kv.set(key, blobId, { expireIn: PENDING_MS + SLACK_MS });
    try {
      await writeBlob(this.#kv, blobId, text, { expireIn: lifetimeMs });
    } catch (e) {
      await this.#reclaimBlob(key, blobId).catch(() => {});
      throw e;
    }
    return key;
  }

  /** The blob's text, or null when missing or damaged (logged). */
  async #readBlobSafely(
    blobId: string,
  ): Promise<Uint8Array<ArrayBuffer> | null> {
    try {
      return await readBlobBytes(this.#kv, blobId);
    } catch (e) {
      if (!(e instanceof BlobDamagedError)) throw e;
      console.error(`${e.message}; treating it as missing`);
      return null;
    }
  }

  // ---- private: reclaiming -------------------------------------------------

  /** Removes blob `blobId`, then the expiry entry `key` that named it. */
  async #reclaimBlob(key: KvKey, blobId: string): Promise<void> {
    await deleteBlob(this.#kv, blobId);
    await this.#kv.delete(key);
  }

  /** Removes expired run `id` (if still there) and its own blob. */
  async #reclaimRun(key: KvKey, id: string, now: number): Promise<void> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const entry = await this.#kv.get<RunRecord>(runKey(id));
      const record = entry.value;
      if (record === null) break; // deleted before: only its blob may be left
      if (record.expiresAt > now) {
        await this.#kv.delete(key); // stale entry: the run lives on
        return;
      }
      const release = await this.#readRelease(record.resultId);
      const op = this.#kv.atomic().check({
        key: runKey(id),
        versionstamp: entry.versionstamp,
      });
      this.#dropRun(op, record);
      const freed = release !== null && this.#applyRelease(op, release, now);
      if ((await op.commit()).ok) {
        if (freed) {
          await this.#reclaimResult(
            expiryKey(now, "result", record.resultId!),
            record.resultId!,
            now,
          );
        }
        break;
      }
    }
    await this.#reclaimBlob(key, extraBlobId(id));
  }

  /** Removes result `resultId` if due (meta, cache entry, blob). */
  async #reclaimResult(
    key: KvKey,
    resultId: string,
    now: number,
  ): Promise<void> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const release = await this.#readRelease(resultId);
      if (release === null) break; // released before: only its blob is left
      if (release.meta.value!.expiresAt > now) {
        await this.#kv.delete(key); // stale entry: runs still point at it
        return;
      }
      const op = this.#kv.atomic();
      this.#dropResult(op, release);
      if ((await op.commit()).ok) break;
    }
    await this.#reclaimBlob(key, resultBlobId(resultId));
  }
}

/** Reads `#applyRelease` checks against. */
interface Release {
  readonly meta: KvEntryMaybeLike<ResultMeta>;
  readonly pointer: KvEntryMaybeLike<string> | null;
}

/** Per-request state of `createFitRun`. */
/** A run about to share a stored result. */
interface Share {
  readonly request: FitRunRequest;
  readonly step: FitStep;
  readonly result: string;
  readonly extra: {
    readonly pending: KvKey | null;
    readonly hasExtra: boolean;
  };
}

/** A share waiting for its batch, with its caller's promise. */
interface QueuedShare extends Share {
  readonly resolve: (outcome: FitRunOutcome | null) => void;
  readonly reject: (error: unknown) => void;
}

interface FitStep {
  readonly id: string;
  /**
   * Checks that `result` and the run's own fields fit the size limit, then
   * writes those fields (once); answers their announcement key.
   */
  readonly prepare: (
    result: string,
    resultBytes: number,
  ) => Promise<{ pending: KvKey | null; hasExtra: boolean }>;
}
