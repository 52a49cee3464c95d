/**
 * Module Web Workers that compute the statistics of blocks of rows, for
 * `core/stats`'s block-parallel fits (`fitInBlocks`, `passStats`): the fit
 * is the same bit for bit with any number of threads (see
 * `core/stats/parallel.ts`). Deno (and browsers); one thread computes in the
 * calling thread and starts no worker.
 *
 * ```ts ignore
 * const pool = new StatsPool(4);
 * const fit = await fitInBlocks(matrixSource(x), prepared, { workers: pool.workers });
 * pool.close();
 * ```
 *
 * @module
 */
import type {
  CsvPieceJob,
  CsvPieceReader,
  RawTable,
} from "../../core/formats/blocks.ts";
import { fitRequestOf } from "../../core/estimators/prepare.ts";
import {
  type BlockJob,
  inThreadStatsWorker,
  type SampleStats,
  type StatsPlan,
  type StatsWorker,
} from "../../core/stats/mod.ts";
import { errorFromData } from "./error_data.ts";
import type {
  PieceMessage,
  StatsContext,
  StatsMessage,
  StatsReply,
} from "./stats_protocol.ts";

/** Most threads a pool may have. */
export const MAX_STATS_THREADS = 64;

/** The failure of blocks whose worker stopped. */
export const STATS_WORKER_CRASHED =
  "Cannot compute statistics: a worker stopped unexpectedly";

/** Failure of blocks asked of a closed pool. */
export const STATS_POOL_CLOSED =
  "Cannot compute statistics: the pool is closed";

let contexts = 0;

/** One Web Worker as a `StatsWorker` (and a reader of pieces of CSV). */
class WebStatsWorker implements StatsWorker, CsvPieceReader {
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    {
      // deno-lint-ignore no-explicit-any
      resolve: (s: any) => void;
      reject: (e: Error) => void;
      earlier: SampleStats | null;
    }
  >();
  #ids = 0;
  #closed = false;
  #plan: StatsPlan | null = null;
  #pass = -1;
  #earlier: SampleStats | null = null;
  #key = -1;

  constructor(url: string | URL) {
    this.#worker = new Worker(url, { type: "module" });
    this.#worker.onmessage = (event: MessageEvent<StatsReply>) => {
      const reply = event.data;
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      if (reply.ok && "raw" in reply) pending.resolve(reply.raw);
      else if (reply.ok) {
        pending.resolve({ ...reply.stats, earlier: pending.earlier });
      } else pending.reject(errorFromData(reply.error));
    };
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#fail(STATS_WORKER_CRASHED);
    };
  }

  blockStats(job: BlockJob): Promise<SampleStats> {
    if (this.#closed) return Promise.reject(new Error(STATS_POOL_CLOSED));
    let context: StatsContext | undefined;
    if (
      job.plan !== this.#plan || job.pass !== this.#pass ||
      job.earlier !== this.#earlier
    ) {
      this.#plan = job.plan;
      this.#pass = job.pass;
      this.#earlier = job.earlier;
      this.#key = contexts++;
      context = {
        key: this.#key,
        request: fitRequestOf(job.plan.prepared),
        d: job.plan.d,
        pass: job.pass,
        earlier: job.earlier,
      };
    }
    const { block } = job;
    const whole = block.data.byteOffset === 0 &&
      block.data.byteLength === block.data.buffer.byteLength &&
      block.data.buffer instanceof ArrayBuffer;
    const data = whole ? block.data : block.data.slice();
    const id = this.#ids++;
    const message: StatsMessage = {
      id,
      key: this.#key,
      ...(context === undefined ? {} : { context }),
      block: { rows: block.rows, cols: block.cols, data },
      firstRow: job.firstRow,
    };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, earlier: job.earlier });
      this.#worker.postMessage(message, [data.buffer as ArrayBuffer]);
    });
  }

  readPiece(job: CsvPieceJob): Promise<RawTable> {
    if (this.#closed) return Promise.reject(new Error(STATS_POOL_CLOSED));
    const id = this.#ids++;
    const message: PieceMessage = { id, piece: job };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, earlier: null });
      this.#worker.postMessage(message, [job.bytes.buffer as ArrayBuffer]);
    });
  }

  close(): void {
    this.#fail(STATS_POOL_CLOSED);
    this.#worker.terminate();
  }

  #fail(message: string): void {
    this.#closed = true;
    for (const p of this.#pending.values()) p.reject(new Error(message));
    this.#pending.clear();
  }
}

/** Threads that compute statistics: Web Workers, or the calling thread. */
export class StatsPool {
  /** One per thread: give them to `fitInBlocks` or `passStats`. */
  readonly workers: readonly StatsWorker[];
  /**
   * Who reads pieces of CSV files beside (none for 1 thread: the calling
   * thread reads them).
   */
  readonly pieceReaders: readonly CsvPieceReader[];
  /** The threads it computes on. */
  readonly threads: number;
  readonly #web: WebStatsWorker[];

  /**
   * @param threads 1 computes in the calling thread (no worker); more
   *   start that many Web Workers.
   * @param workerUrl the module the workers run (tests). @default {"./stats_worker.ts" beside this file}
   * @throws {RangeError} for threads not an integer from 1 to
   *   `MAX_STATS_THREADS`.
   */
  constructor(
    threads: number,
    workerUrl: string | URL = new URL("./stats_worker.ts", import.meta.url),
  ) {
    if (
      !(Number.isInteger(threads) && threads >= 1 &&
        threads <= MAX_STATS_THREADS)
    ) {
      throw new RangeError(
        `Cannot start statistics threads: threads must be an integer from 1 to ${MAX_STATS_THREADS}, got ${threads}`,
      );
    }
    this.#web = threads === 1
      ? []
      : Array.from({ length: threads }, () => new WebStatsWorker(workerUrl));
    this.workers = threads === 1 ? [inThreadStatsWorker()] : this.#web;
    this.pieceReaders = this.#web;
    this.threads = threads;
  }

  /** Stops the workers; blocks still being computed fail. */
  close(): void {
    for (const w of this.#web) w.close();
  }
}
