/**
 * The dashboard's data worker (a module worker, bundled to `data_worker.js`
 * beside `main.js`): draws synthetic samples and reads sample files off the
 * page's thread (see `lib/data_jobs.ts`).
 *
 * @module
 */
import { serveDataJobs, type WorkerScope } from "./lib/data_jobs.ts";

serveDataJobs(globalThis as unknown as WorkerScope);
