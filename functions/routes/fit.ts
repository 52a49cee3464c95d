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
import { fitResultToJson } from "../../core/formats/fit_json.ts";
import { ApiError } from "../http/errors.ts";
import { readFitInput } from "../http/parse_body.ts";
import { fitCacheDigest } from "../store/fit_cache_key.ts";
import { hashOwnerToken, newOwnerToken } from "../store/owner_token.ts";
import type { ApiContext } from "./_context.ts";
import { checkTruthDimension, truthFields } from "./fit_truth.ts";

/** `bootstrap * n * d` may be this many times `limits.maxFitEntries`. */
export const BOOTSTRAP_WORK_FACTOR = 10;

/** The fit sub-app, mounted at `/api/fit`. */
export function fitRoutes(ctx: ApiContext): Hono {
  const app = new Hono();
  app.post("/", async (c) => {
    const started = performance.now();
    const { x, fit, truth } = await readFitInput(c, ctx.registry);
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
    const { bootstrap } = fit;
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
    const digest = await fitCacheDigest(x, fit);

    const hit = await ctx.store.cachedFit(digest);
    if (hit !== null) {
      const stored = await ctx.store.readResult(hit.id);
      if (stored !== null) {
        // The stored truth is the one of the request that made the run:
        // this answer carries this request's truth (or none) instead.
        const { truth: _stored, metrics: _storedMetrics, ...fit } = JSON.parse(
          stored,
        );
        const elapsedMs = performance.now() - started;
        return c.json({
          id: hit.id,
          cached: true,
          ...fit,
          ...truthFields(truth, fit),
          elapsedMs,
        });
      }
    }

    const { rows: n, cols: d } = x;
    // The runner may take over x's buffer: the digest above was its last use.
    const result = await ctx.fitRunner(x, fit);
    const fitMs = performance.now() - started;
    const fitted = fitResultToJson(result);
    const json = { ...fitted, ...truthFields(truth, fitted) };
    const ownerToken = newOwnerToken();
    const id = crypto.randomUUID();
    await ctx.store.create({
      id,
      kind: "fit",
      status: "running",
      ownerTokenHash: await hashOwnerToken(ownerToken),
      progress: null,
      input: {
        method: fit.estimator.name,
        seed: result.seed,
        options: result.options,
        n,
        d,
        ...(bootstrap > 0 ? { bootstrap } : {}),
      },
      error: null,
      hasResult: false,
      cacheDigest: digest,
    });
    await ctx.store.saveResult(id, JSON.stringify({ ...json, fitMs }), {
      progress: { done: 1, total: 1 },
    });
    await ctx.store.rememberFit(digest, id);
    return c.json({
      id,
      ownerToken,
      cached: false,
      ...json,
      fitMs,
      elapsedMs: performance.now() - started,
    });
  });
  return app;
}
