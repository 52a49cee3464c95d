/**
 * How the API runs a fit: in this thread (the default, and the only choice
 * on Node and Deno Deploy) or elsewhere, e.g. in a pool of Web Workers
 * (`fit_worker_pool.ts`), so that CPU-bound fits do not stall the server.
 *
 * @module
 */
import {
  type FitRequest,
  fitSamples,
  type FitSamplesOptions,
  type PreparedFit,
} from "../../core/estimators/mod.ts";
import type { FitResult } from "../../core/estimators/types.ts";
import type { Matrix } from "../../core/linalg/matrix.ts";

export type {
  FitRequest,
  FitSamplesOptions,
  PreparedFit,
} from "../../core/estimators/mod.ts";

/**
 * Fits `samples` as `fitSamples` would, with a prepared fit or a request and
 * the samples' column names (the model check, which a request may ask for,
 * runs there too).
 * Throws (rejects with) the same errors: `RangeError`, `TypeError` or
 * `SampleFormatError` for input that cannot be used. A runner may take
 * ownership of `samples.data` (detach its buffer); a caller that still needs
 * the data passes a copy. A runner in another thread receives the prepared
 * fit as plain data and prepares it again from the built-in methods.
 */
export type FitRunner = (
  samples: Matrix,
  request: PreparedFit | FitRequest,
  options?: FitSamplesOptions,
) => Promise<FitResult>;

/** Fits in the calling thread: blocks it for the whole fit. */
export const inProcessFitRunner: FitRunner = (samples, request, options) => {
  try {
    return Promise.resolve(fitSamples(samples, request, options));
  } catch (e) {
    return Promise.reject(e);
  }
};
