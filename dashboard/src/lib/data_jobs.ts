/**
 * The heavy work of preparing samples for a fit, done off the page's thread:
 * drawing synthetic samples and reading a CSV or NPY file, with progress. The
 * page runs each job in a module Web Worker (`data_worker.ts`, bundled
 * beside `main.js` by `dashboard/build.ts`, started by `worker_runner.ts`),
 * so it never freezes; tests run the same jobs in their own thread
 * (`inThreadRunner`). Only the worker's bundle holds this module's code.
 *
 * @module
 */
import type { BlockFormat } from "../../../core/formats/blocks.ts";
import type {
  SampleTable,
  SampleTableOptions,
} from "../../../core/formats/table.ts";
import { readTableFile } from "./read_table_file.ts";
import {
  drawSynthetic,
  type SyntheticSpec,
  type TruthArrays,
} from "./synthetic.ts";

/** What to prepare: samples drawn from a truth, or a file read. */
export type DataJob =
  | { readonly kind: "synthetic"; readonly spec: SyntheticSpec }
  | {
    readonly kind: "file";
    readonly file: Blob;
    readonly format: BlockFormat;
    readonly options: SampleTableOptions;
  };

/** How far a job is: rows drawn, or bytes read. */
export interface DataProgress {
  readonly phase: "sampling" | "reading";
  readonly done: number;
  readonly total: number;
}

/** Samples ready to fit, with the truth behind them when drawn here. */
export interface PreparedData {
  readonly table: SampleTable;
  readonly truth: TruthArrays | null;
}

/** Runs `job` in this thread, reporting progress to `onProgress`. */
export async function runDataJob(
  job: DataJob,
  onProgress?: (progress: DataProgress) => void,
): Promise<PreparedData> {
  if (job.kind === "synthetic") {
    const { truth, samples } = drawSynthetic(
      job.spec,
      (done, total) => onProgress?.({ phase: "sampling", done, total }),
    );
    const columns = Array.from({ length: samples.cols }, (_, j) => `x${j + 1}`);
    return {
      table: { matrix: samples, columns, droppedRows: 0, warnings: [] },
      truth,
    };
  }
  const table = await readTableFile(
    job.file,
    job.format,
    job.options,
    (done, total) => onProgress?.({ phase: "reading", done, total }),
  );
  return { table, truth: null };
}

/** Runs data jobs; `signal` stops one (it then rejects with an AbortError). */
export interface DataJobRunner {
  run(
    job: DataJob,
    onProgress?: (progress: DataProgress) => void,
    signal?: AbortSignal,
  ): Promise<PreparedData>;
}

/** A runner in this thread (tests, and where there are no workers). */
export const inThreadRunner: DataJobRunner = {
  run(job, onProgress, signal) {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return runDataJob(job, onProgress);
  },
};

/** What the worker posts back. */
export type WorkerMessage =
  | { readonly type: "progress"; readonly progress: DataProgress }
  | { readonly type: "done"; readonly data: PreparedData }
  | { readonly type: "error"; readonly name: string; readonly message: string };

/** The part of a dedicated worker's global scope that `serveDataJobs` uses. */
export interface WorkerScope {
  onmessage: ((e: MessageEvent<DataJob>) => void) | null;
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
}

/**
 * The worker's side: runs each job posted to `scope`, posting progress (at
 * most once per percent) and then the data, its samples' buffer transferred,
 * or the error's name and message.
 */
export function serveDataJobs(scope: WorkerScope): void {
  scope.onmessage = async (e) => {
    let shown = -1;
    try {
      const data = await runDataJob(e.data, (progress) => {
        const percent = Math.floor(100 * progress.done / progress.total);
        if (percent === shown) return;
        shown = percent;
        scope.postMessage({ type: "progress", progress });
      });
      scope.postMessage({ type: "done", data }, [
        data.table.matrix.data.buffer,
      ]);
    } catch (err) {
      const { name, message } = err instanceof Error
        ? err
        : { name: "Error", message: String(err) };
      scope.postMessage({ type: "error", name, message });
    }
  };
}
