/**
 * Samples too large for one fit request go up as a data set
 * (`POST /api/datasets`, then its chunks): NPY chunks of whole rows, each
 * under the server's body limit, sent one after the other with progress.
 * A chunk that fails for a passing reason (the network, 408, 409, 429, 5xx) is
 * sent again with the same `Idempotency-Key`, so the server counts it once;
 * a cancel or a lasting failure deletes the data set.
 *
 * @module
 */
import { writeNpy } from "../../../core/formats/npy.ts";
import type { Matrix } from "../../../core/linalg/matrix.ts";
import { type ApiClient, ApiError } from "../api/client.ts";
import type { DatasetCreated } from "../api/types.ts";
import { NPY_HEADER_BYTES } from "./send_route.ts";

/**
 * Bytes of one chunk at most: well under the server's body limit
 * (`MAX_BODY_BYTES`, 32 MiB by default), so a retry resends little.
 */
export const CHUNK_BYTES = 8 * 1024 * 1024;

/** Tries of one chunk, the first included. */
export const CHUNK_ATTEMPTS = 4;

/** Rows [start, end) of one chunk. */
export interface ChunkRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Splits n rows of d float64 columns into chunks of whole rows whose NPY
 * bodies take at most `chunkBytes`, and at most `maxChunks` chunks (larger
 * ones when needed; the caller checks them against the body limit).
 *
 * @throws {RangeError} when one row does not fit `chunkBytes`.
 */
export function chunkRanges(
  n: number,
  d: number,
  chunkBytes: number = CHUNK_BYTES,
  maxChunks: number = Infinity,
): ChunkRange[] {
  const fit = Math.floor((chunkBytes - NPY_HEADER_BYTES) / (8 * d));
  if (fit < 1) {
    throw new RangeError(
      `Cannot split the samples: one row of ${d} values takes more than ${chunkBytes} bytes`,
    );
  }
  const rows = Math.max(fit, Math.ceil(n / maxChunks));
  const out: ChunkRange[] = [];
  for (let start = 0; start < n; start += rows) {
    out.push({ start, end: Math.min(n, start + rows) });
  }
  return out;
}

/** How far an upload is. */
export interface UploadProgress {
  /** Rows the server has stored. */
  readonly rows: number;
  readonly totalRows: number;
  /** Chunks the server has stored. */
  readonly chunks: number;
  readonly totalChunks: number;
}

/** The data set calls of the API that an upload makes. */
export type DatasetApi = Pick<
  ApiClient,
  "createDataset" | "getDataset" | "addDatasetChunk" | "deleteDataset"
>;

/** Options of `uploadDataset`. */
export interface UploadOptions {
  /** The columns' names (sent when they are not the default x1, x2, …). */
  readonly names?: readonly string[];
  /** @default {CHUNK_BYTES} */
  readonly chunkBytes?: number;
  /** @default {CHUNK_ATTEMPTS} */
  readonly attempts?: number;
  readonly onProgress?: (progress: UploadProgress) => void;
  /** Cancels the upload, which then deletes the data set. */
  readonly signal?: AbortSignal;
  /** Waits before a retry. @default {setTimeout, ended by `signal`} */
  readonly wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A fresh idempotency key. @default {crypto.randomUUID} */
  readonly newKey?: () => string;
}

/** Whether a failed chunk may succeed when sent again. */
export function isPassing(error: unknown): boolean {
  if (error instanceof ApiError) {
    // 409: the server is still at work on a first try with the same key.
    return [408, 409, 429].includes(error.status) || error.status >= 500;
  }
  // fetch rejects with a TypeError when the network fails.
  return error instanceof TypeError;
}

/** Milliseconds before try `attempt` (1-based) of a chunk that failed with `error`. */
export function retryDelay(attempt: number, error: unknown): number {
  const after = error instanceof ApiError ? error.retryAfterSeconds : undefined;
  return after !== undefined
    ? 1000 * after
    : Math.min(8000, 250 * 2 ** attempt);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    };
    const abort = () => {
      done();
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort);
  });
}

/** NPY bytes of rows [start, end) of `m`. */
function chunkBytes(m: Matrix, { start, end }: ChunkRange) {
  return writeNpy({
    rows: end - start,
    cols: m.cols,
    data: m.data.subarray(start * m.cols, end * m.cols),
  }) as Uint8Array<ArrayBuffer>;
}

/**
 * Uploads the rows of `samples` as a new data set and returns it (with its
 * owner token). Chunks are checked against the limits the server reports
 * (`maxChunks`, `maxBytes`) before any is sent.
 *
 * @throws {ApiError} the server's refusal, or the last failure of a chunk
 *   after `attempts` tries; {RangeError} for data over the server's data set
 *   limit; `signal.reason` (an AbortError) once cancelled. In each case
 *   after deleting the data set.
 */
export async function uploadDataset(
  api: DatasetApi,
  samples: Matrix,
  options: UploadOptions = {},
): Promise<DatasetCreated> {
  const { signal, onProgress } = options;
  const wait = options.wait ?? sleep;
  const newKey = options.newKey ?? (() => crypto.randomUUID());
  const attempts = options.attempts ?? CHUNK_ATTEMPTS;
  const d = samples.cols;
  const names = options.names?.some((name, j) => name !== `x${j + 1}`)
    ? { names: [...options.names] }
    : {};
  signal?.throwIfAborted();
  const created = await api.createDataset({ d, ...names });
  try {
    const view = await api.getDataset(created.id);
    const bytes = 8 * samples.rows * d;
    if (bytes > view.maxBytes) {
      throw new RangeError(
        `Cannot upload the samples: ${samples.rows} rows of ${d} values take ${bytes} bytes, over the server's data set limit of ${view.maxBytes}`,
      );
    }
    const ranges = chunkRanges(
      samples.rows,
      d,
      options.chunkBytes ?? CHUNK_BYTES,
      view.maxChunks,
    );
    let rows = 0;
    for (const [i, range] of ranges.entries()) {
      signal?.throwIfAborted();
      const key = newKey();
      const body = chunkBytes(samples, range);
      for (let attempt = 1;; attempt++) {
        try {
          await api.addDatasetChunk(
            created.id,
            created.ownerToken,
            key,
            body,
            signal,
          );
          break;
        } catch (e) {
          signal?.throwIfAborted();
          if (attempt >= attempts || !isPassing(e)) throw e;
          await wait(retryDelay(attempt, e), signal);
        }
      }
      rows += range.end - range.start;
      onProgress?.({
        rows,
        totalRows: samples.rows,
        chunks: i + 1,
        totalChunks: ranges.length,
      });
    }
    // A cancel during the last chunk still deletes the data set.
    signal?.throwIfAborted();
    return created;
  } catch (e) {
    await api.deleteDataset(created.id, created.ownerToken).catch(() => {});
    throw e;
  }
}
