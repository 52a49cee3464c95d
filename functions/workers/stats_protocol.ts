/**
 * The messages between `StatsPool` and its workers, and the worker's side,
 * apart from `stats_worker.ts` so it can be tested without a worker.
 *
 * The pool sends a block of rows with the fit it is for (as a plain
 * `FitRequest`, prepared again in the worker), the pass and the merged
 * statistics of the pass before: the latter only when they changed since
 * the worker's last block, as `context`. The worker answers the block's
 * statistics without `earlier` (the pool puts its own back), their arrays
 * transferred, or its error as data.
 *
 * @module
 */
import {
  type CsvPieceJob,
  type RawTable,
  readCsvPiece,
} from "../../core/formats/blocks.ts";
import { type FitRequest, prepareFit } from "../../core/estimators/prepare.ts";
import type { Matrix } from "../../core/linalg/matrix.ts";
import {
  blockStats,
  type SampleStats,
  type StatsPlan,
  statsPlan,
} from "../../core/stats/mod.ts";
import { type ErrorData, errorToData } from "./error_data.ts";
import { transferableBuffers } from "./job_protocol.ts";

/** What a worker's blocks are for, until the next context. */
export interface StatsContext {
  /** Changes whenever anything below does. */
  readonly key: number;
  readonly request: FitRequest;
  readonly d: number;
  readonly pass: number;
  /** The merged statistics of pass − 1 (without their own `earlier` chain kept apart). */
  readonly earlier: SampleStats | null;
}

/** Pool → worker: the statistics of this block, in context `key`. */
export interface StatsMessage {
  readonly id: number;
  /** Sent when the worker's context changes. */
  readonly context?: StatsContext;
  readonly key: number;
  readonly block: Matrix;
  readonly firstRow: number;
}

/** Pool → worker: read this piece of CSV (`readCsvPiece`). */
export interface PieceMessage {
  readonly id: number;
  readonly piece: CsvPieceJob;
}

/**
 * Worker → pool: block `id`'s statistics (with `earlier` null), piece `id`'s
 * records, or why not.
 */
export type StatsReply =
  | { readonly id: number; readonly ok: true; readonly stats: SampleStats }
  | { readonly id: number; readonly ok: true; readonly raw: RawTable }
  | { readonly id: number; readonly ok: false; readonly error: ErrorData };

/** Message of errors that are not the caller's fault. */
const UNEXPECTED = "Cannot compute statistics: a worker failed unexpectedly";

/**
 * A worker's side: keeps the context (the plan prepared once per context)
 * and answers each block.
 */
export class StatsAnswerer {
  #key = -1;
  #plan: StatsPlan | null = null;
  #context: StatsContext | null = null;

  /** The reply to `message` and the buffers it may transfer. */
  answer(
    message: StatsMessage | PieceMessage,
  ): { reply: StatsReply; transfer: ArrayBuffer[] } {
    try {
      if ("piece" in message) {
        const raw = readCsvPiece(message.piece);
        return {
          reply: { id: message.id, ok: true, raw },
          transfer: [
            raw.data.buffer as ArrayBuffer,
            ...(raw.rowNumbers instanceof Uint32Array
              ? [raw.rowNumbers.buffer as ArrayBuffer]
              : []),
          ],
        };
      }
      if (message.context !== undefined) {
        this.#context = message.context;
        this.#key = message.context.key;
        this.#plan = statsPlan(
          prepareFit(message.context.request),
          message.context.d,
        );
      }
      if (message.key !== this.#key || this.#plan === null) {
        throw new Error(
          `Cannot compute statistics: block ${message.id} came without its context`,
        );
      }
      const { pass, earlier } = this.#context!;
      const stats = blockStats(message.block, this.#plan, pass, earlier, {
        firstRow: message.firstRow,
      });
      const sent = { ...stats, earlier: null };
      return {
        reply: { id: message.id, ok: true, stats: sent },
        transfer: [...transferableBuffers(sent.parts)],
      };
    } catch (e) {
      return {
        reply: { id: message.id, ok: false, error: errorToData(e, UNEXPECTED) },
        transfer: [],
      };
    }
  }
}
