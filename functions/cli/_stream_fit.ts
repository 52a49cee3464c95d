/**
 * Fitting a file in blocks of rows with bounded memory: each pass the
 * method needs reads the file piece by piece (`SampleTableReader`), regroups
 * the rows into the fixed blocks of `core/stats/parallel.ts`, has the
 * workers turn every block into sample statistics and merges them in block
 * order; the fit comes from the merged statistics (`fitFromStats`): the same
 * bits with any number of workers, and the result of the file read whole to
 * the rounding of the sums (see `core/stats`).
 *
 * @module
 */
import type { PreparedFit } from "../../core/estimators/mod.ts";
import type { FitResult } from "../../core/estimators/types.ts";
import {
  type BlockFormat,
  type CsvPieceReader,
  type IndexColumn,
  type RawTable,
  type SampleTableOptions,
  SampleTableReader,
  type TableSummary,
} from "../../core/formats/mod.ts";
import type { Matrix } from "../../core/linalg/matrix.ts";
import {
  fitFromStats,
  FixedRowBlocks,
  inThreadStatsWorker,
  passStats,
  type SampleStats,
  type StatsPlan,
  statsPlan,
  type StatsWorker,
} from "../../core/stats/mod.ts";
import type { CliIo } from "./_io.ts";

/** Bytes read from the file at a time. */
export const BLOCK_BYTES = 1 << 20;

/** How a streamed fit reads and reports. */
export interface StreamSettings {
  /** Bytes read at a time. @default {BLOCK_BYTES} */
  readonly blockBytes?: number;
  /** Where progress goes, or null for none. */
  readonly progress: Progress | null;
  /**
   * Who computes the blocks' statistics (the fit is the same whoever does).
   * @default {[inThreadStatsWorker()]}
   */
  readonly workers?: readonly StatsWorker[];
  /**
   * Who parses pieces of a CSV file (cut at line ends, in order) beside
   * the calling thread (cut outside quoted fields); none parses in it. The
   * rows, their numbers and errors are the same either way. @default {[]}
   */
  readonly pieceReaders?: readonly CsvPieceReader[];
}

/** A streamed fit and what reading the file found. */
export interface StreamedFit {
  readonly result: FitResult;
  readonly read: TableSummary;
}

/**
 * Fits the file at `path` from statistics, one pass over it per pass the
 * method needs (and one more when a first column turns out to count like a
 * row index under `--index drop`).
 *
 * @throws {Error} as reading the whole file would (bad data, columns), or
 *   when the fit needs the rows themselves (`statsPlan`).
 */
export async function streamFit(
  io: CliIo,
  path: string,
  format: BlockFormat,
  table: SampleTableOptions,
  prepared: PreparedFit,
  settings: StreamSettings,
): Promise<StreamedFit> {
  const blockBytes = settings.blockBytes ?? BLOCK_BYTES;
  const progress = settings.progress;
  const workers = settings.workers ?? [inThreadStatsWorker()];
  let indexColumn: IndexColumn | undefined;
  for (;;) {
    let plan: StatsPlan | undefined;
    let stats: SampleStats | null = null;
    let read: TableSummary | undefined;
    let again = false;
    for (let pass = 0; pass < (plan?.passes ?? 1); pass++) {
      const source = await io.openFile(path);
      const reader = new SampleTableReader(format, {
        ...table,
        size: source.size,
        reuse: true,
        ...(indexColumn === undefined ? {} : { indexColumn }),
      });
      let rows = 0;
      let done = 0;
      const regroup = new FixedRowBlocks();
      // The rows of the file in blocks of STATS_BLOCK_ROWS (copies, so the
      // reader may reuse its arrays and a worker may take them over). With
      // piece readers, whole lines are cut off the bytes and parsed by them
      // (but the first piece: the header), their rows taken back in order;
      // from a line that will not end within 4 blocks (a long line, a quote
      // never closed), all is read here.
      const pieceReaders = format === "csv" ? settings.pieceReaders ?? [] : [];
      const fixed = async function* (): AsyncGenerator<Matrix> {
        const buffer = new Uint8Array(blockBytes);
        // Pieces being read elsewhere, in file order; one per reader at most
        // (two kept peak RSS ~180 MB higher at the same speed).
        const reading: Promise<RawTable>[] = [];
        const limit = pieceReaders.length;
        let next = 0;
        let carry = new Uint8Array(0);
        let streaming = pieceReaders.length === 0;
        const take = function* (blocks: Matrix[]): Generator<Matrix> {
          for (const b of blocks) rows += b.rows;
          yield* regroup.push(blocks);
        };
        const takeNext = async function* (): AsyncGenerator<Matrix> {
          yield* take(reader.rows(await reading.shift()!));
        };
        try {
          for (;;) {
            const filled = await fill(source.read, buffer);
            done += filled;
            const last = filled < buffer.length;
            let chunk: Uint8Array = buffer.subarray(0, filled);
            if (!streaming && carry.length > 4 * blockBytes) {
              // No cut for long (a line too long, a quote never closed, text
              // after a closing quote): read on here, after the pieces before.
              streaming = true;
              chunk = concat(carry, chunk);
              while (reading.length > 0) yield* takeNext();
            }
            if (streaming) {
              yield* take(last ? reader.end(chunk) : reader.push(chunk));
            } else {
              const data = concat(carry, chunk);
              const end = last ? data.length : reader.pieceEnd(data);
              carry = data.slice(end);
              const piece = data.subarray(0, end);
              if (end === 0 && !last) {
                // No line end yet: read on.
              } else if (!reader.pieces) yield* take(reader.piece(piece));
              else {
                const read = pieceReaders[next++ % pieceReaders.length]!
                  .readPiece(reader.pieceJob(piece));
                read.catch(() => {}); // thrown in order by `takeNext`
                reading.push(read);
                while (reading.length >= limit) yield* takeNext();
              }
            }
            if (last) {
              while (reading.length > 0) yield* takeNext();
              yield* regroup.end();
              return;
            }
            await progress?.update(
              pass,
              plan?.passes ?? 1,
              done,
              source.size,
              rows,
            );
          }
        } finally {
          // Pieces still read after an error: nobody waits for them.
          reading.length = 0;
        }
      };
      let merged: SampleStats | null = null;
      try {
        const blocks = fixed();
        const first = await blocks.next();
        if (!first.done) {
          plan ??= statsPlan(prepared, first.value.cols);
          merged = await passStats(
            prepend(first.value, blocks),
            { plan, pass, earlier: stats },
            workers,
          );
        }
      } finally {
        source.close();
      }
      const summary = reader.finish();
      if (summary.readAgain !== undefined) {
        indexColumn = summary.readAgain;
        again = true;
        break;
      }
      read ??= summary;
      stats = merged;
      await progress?.update(pass, plan?.passes ?? 1, done, source.size, rows);
    }
    if (again) continue;
    await progress?.end();
    if (stats === null) {
      throw new RangeError("Cannot fit from statistics: there are no rows");
    }
    return {
      result: fitFromStats(stats, prepared, { columns: read!.columns }),
      read: read!,
    };
  }
}

/** `first`, then the rest of `rest`. */
async function* prepend<T>(
  first: T,
  rest: AsyncIterator<T>,
): AsyncGenerator<T> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** `a` then `b`, in a new array. */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Reads until `buffer` is full or the file ends; returns the bytes read. */
export async function fill(
  read: (b: Uint8Array) => Promise<number>,
  buffer: Uint8Array,
): Promise<number> {
  let at = 0;
  while (at < buffer.length) {
    const n = await read(buffer.subarray(at));
    if (n === 0) break;
    at += n;
  }
  return at;
}

/** Progress of a streamed fit on standard error: rows, rate, time left. */
export class Progress {
  readonly #write: (text: string) => Promise<void>;
  readonly #terminal: boolean;
  readonly #start = performance.now();
  #shown = -Infinity;

  /**
   * @param write where lines go (standard error).
   * @param terminal redraw one line (else one line per update, at most
   *   every 2 s).
   */
  constructor(write: (text: string) => Promise<void>, terminal: boolean) {
    this.#write = write;
    this.#terminal = terminal;
  }

  update(
    pass: number,
    passes: number,
    bytes: number,
    size: number,
    rows: number,
  ): Promise<void> {
    const now = performance.now();
    const every = this.#terminal ? 250 : 2000;
    if (now - this.#shown < every && bytes < size) return Promise.resolve();
    this.#shown = now;
    const seconds = (now - this.#start) / 1000;
    const doneBytes = pass * size + bytes;
    const rate = doneBytes / Math.max(seconds, 1e-3);
    const left = (passes * size - doneBytes) / rate;
    const line = `fit: pass ${pass + 1} of ${passes}: ${
      rows.toLocaleString("en-US")
    } rows, ${megabytes(bytes)} of ${megabytes(size)}, ${megabytes(rate)}/s, ${
      Math.ceil(left)
    } s left`;
    return this.#write(this.#terminal ? `\r${line}\x1b[K` : `${line}\n`);
  }

  end(): Promise<void> {
    return this.#terminal ? this.#write("\n") : Promise.resolve();
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}
