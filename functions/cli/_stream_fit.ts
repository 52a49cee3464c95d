/**
 * Fitting a file in blocks of rows with bounded memory: each pass the
 * method needs reads the file piece by piece (`SampleTableReader`), turns
 * every block of rows into sample statistics and merges them; the fit comes
 * from the merged statistics (`fitFromStats`), the same result as the file
 * read whole (see `core/stats`).
 *
 * @module
 */
import type { PreparedFit } from "../../core/estimators/mod.ts";
import type { FitResult } from "../../core/estimators/types.ts";
import {
  type BlockFormat,
  type IndexColumn,
  type SampleTableOptions,
  SampleTableReader,
  type TableSummary,
} from "../../core/formats/mod.ts";
import type { Matrix } from "../../core/linalg/matrix.ts";
import {
  blockStats,
  fitFromStats,
  mergeStats,
  type SampleStats,
  type StatsPlan,
  statsPlan,
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
      let merged: SampleStats | null = null;
      let rows = 0;
      const earlier = stats;
      const take = (blocks: Matrix[]) => {
        for (const block of blocks) {
          plan ??= statsPlan(prepared, block.cols);
          const s = blockStats(block, plan, pass, earlier, { firstRow: rows });
          merged = merged === null ? s : mergeStats(merged, s);
          rows += block.rows;
        }
      };
      const buffer = new Uint8Array(blockBytes);
      let done = 0;
      try {
        for (;;) {
          const filled = await fill(source.read, buffer);
          done += filled;
          if (filled < buffer.length) {
            take(reader.end(buffer.subarray(0, filled)));
            break;
          }
          take(reader.push(buffer));
          await progress?.update(
            pass,
            plan?.passes ?? 1,
            done,
            source.size,
            rows,
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
    return {
      result: fitFromStats(stats!, prepared, { columns: read!.columns }),
      read: read!,
    };
  }
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
