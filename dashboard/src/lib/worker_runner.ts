/**
 * The page's side of the data worker: each data job (see `data_jobs.ts`)
 * runs in a module worker of its own, which is ended when the job is done
 * or cancelled. Only types come from `data_jobs.ts`, so the page's bundle
 * holds none of the sampling and reading code.
 *
 * @module
 */
import type {
  DataJobRunner,
  PreparedData,
  WorkerMessage,
} from "./data_jobs.ts";

/** The worker's script, built beside `main.js` (see `dashboard/build.ts`). */
export const DATA_WORKER_SCRIPT = "./data_worker.js";

/**
 * A runner that starts a module worker from `url` for each job and ends it
 * when the job is done or cancelled (a job runs without yielding, so ending
 * the worker is how it stops).
 */
export function workerRunner(url: string | URL): DataJobRunner {
  return {
    run(job, onProgress, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<PreparedData>((resolve, reject) => {
        const worker = new Worker(url, { type: "module" });
        const stop = () => {
          worker.terminate();
          signal?.removeEventListener("abort", abort);
        };
        const abort = () => {
          stop();
          reject(signal!.reason);
        };
        signal?.addEventListener("abort", abort);
        worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
          const m = e.data;
          if (m.type === "progress") return onProgress?.(m.progress);
          stop();
          if (m.type === "done") resolve(m.data);
          else {
            const error = new Error(m.message);
            error.name = m.name;
            reject(error);
          }
        };
        worker.onerror = (e) => {
          e.preventDefault();
          stop();
          reject(new Error(`The data worker failed: ${e.message}`));
        };
        worker.postMessage(job);
      });
    },
  };
}
