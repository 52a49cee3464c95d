/**
 * `POST /api/fit`: estimate Sigma and b from samples, answered from the KV
 * cache when the same data, method, options, seed and bootstrap count were
 * fitted before.
 *
 * A JSON body may carry the truth behind the samples: the answer then has
 * `truth` and `metrics` (errors and TV bound against it), computed per
 * request so that the truth never enters the cache key. The stored run keeps
 * the truth of the request that created it.
 *
 * A bootstrap multiplies the work: `bootstrap` replicates × one fit of n × d
 * entries, answered in the request. `bootstrap * n * d` is capped at
 * `BOOTSTRAP_WORK_FACTOR` times the fit entry limit (413 beyond), so a
 * bootstrap costs at most about that many full-size fits.
 *
 * The fit runs through `ctx.fitRunner`: in this thread by default, in a Web
 * Worker under `main.ts`, so the server keeps answering meanwhile.
 *
 * @module
 */
import { Hono } from "hono";
import {
  DEFAULT_METHOD,
  getEstimator,
  listEstimators,
  resolveOptions,
} from "../../core/estimators/mod.ts";
import type { Estimator } from "../../core/estimators/types.ts";
import { fitResultToJson } from "../../core/formats/fit_json.ts";
import { ApiError } from "../http/errors.ts";
import { readFitInput } from "../http/parse_body.ts";
import { fitCacheDigest } from "../store/fit_cache_key.ts";
import { hashOwnerToken, newOwnerToken } from "../store/owner_token.ts";
import type { ApiContext } from "./_context.ts";
import { ResultTooLargeError } from "../store/result_too_large.ts";
import { checkTruthDimension, fitMetrics, truthFields } from "./fit_truth.ts";

/** `bootstrap * n * d` may be this many times `limits.maxFitEntries`. */
export const BOOTSTRAP_WORK_FACTOR = 10;

/** The estimator called `name` (default method if undefined), or 422. */
export function findEstimator(name: string | undefined): Estimator {
  const method = name ?? DEFAULT_METHOD;
  if (!listEstimators().some((e) => e.name === method)) {
    const valid = listEstimators().map((e) => e.name).join(", ");
    throw new ApiError(
      422,
      "unknown_method",
      `Cannot fit: unknown method "${method}"; valid methods are ${valid}`,
    );
  }
  return getEstimator(method);
}

/** The fit sub-app, mounted at `/api/fit`. */
export function fitRoutes(ctx: ApiContext): Hono {
  const app = new Hono();
  app.post("/", async (c) => {
    const started = performance.now();
    const input = await readFitInput(c, findEstimator);
    const { x, truth } = input;
    if (truth) checkTruthDimension(truth, x.cols);
    if (x.rows * x.cols > ctx.limits.maxFitEntries) {
      throw new ApiError(
        413,
        "too_many_entries",
        `Cannot fit: n * d = ${x.rows} * ${x.cols} = ${
          x.rows * x.cols
        } exceeds the limit of ${ctx.limits.maxFitEntries} entries`,
      );
    }
    const { bootstrap } = input;
    const maxBootstrapWork = BOOTSTRAP_WORK_FACTOR * ctx.limits.maxFitEntries;
    if (bootstrap * x.rows * x.cols > maxBootstrapWork) {
      throw new ApiError(
        413,
        "bootstrap_too_costly",
        `Cannot fit: bootstrap * n * d = ${bootstrap} * ${x.rows} * ${x.cols} = ${
          bootstrap * x.rows * x.cols
        } exceeds the limit of ${maxBootstrapWork} (${BOOTSTRAP_WORK_FACTOR} times the fit entry limit); ask for fewer replicates or send fewer samples`,
      );
    }
    const estimator = findEstimator(input.method);
    const options = resolveOptions(estimator, input.options);
    const seed = input.seed ?? 0;
    const digest = await fitCacheDigest({
      x,
      method: estimator.name,
      options,
      seed,
      bootstrap,
    });

    const { rows: n, cols: d } = x;
    const ownerToken = newOwnerToken();
    type FitJson = { b: number[]; sigma: number[][] } & Record<string, unknown>;
    let fit: FitJson | undefined;
    const parsed = (text: string): FitJson => fit ??= JSON.parse(text);
    let outcome;
    try {
      outcome = await ctx.store.createFitRun({
        ownerTokenHash: await hashOwnerToken(ownerToken),
        input: {
          method: estimator.name,
          seed,
          options,
          n,
          d,
          ...(bootstrap > 0 ? { bootstrap } : {}),
        },
        digest,
        // Stored with this run only: the truth's Sigma and b (never W) and
        // the metrics against them.
        extra: truth
          ? (text) => ({
            truth: { sigma: truth.sigma, b: truth.b },
            metrics: fitMetrics(truth, parsed(text)),
          })
          : undefined,
        // The runner may take over x's buffer: the digest was its last use.
        compute: async () => {
          const result = await ctx.fitRunner(x, {
            method: estimator.name,
            seed,
            options,
            bootstrap,
          });
          const fitMs = performance.now() - started;
          return JSON.stringify({
            ...fitResultToJson(result, { seed, options }),
            fitMs,
          });
        },
      });
    } catch (e) {
      if (e instanceof ResultTooLargeError) {
        throw new ApiError(413, e.code, e.message);
      }
      throw e;
    }
    const answer = parsed(outcome.result);
    return c.json({
      id: outcome.record.id,
      ownerToken,
      cached: outcome.cached,
      ...answer,
      ...truthFields(truth, answer),
      elapsedMs: performance.now() - started,
    });
  });
  return app;
}
