/**
 * `POST /api/fit`: estimate Sigma and b from samples, answered from the KV
 * cache when the same data (columns chosen and rows with missing values left
 * out, with the same names), method, options, seed, bootstrap count, check
 * and rank settings were fitted before.
 *
 * A JSON body may carry the truth behind the samples: the answer then has
 * `truth` and `metrics` (errors and TV bound against it), computed per
 * request so that the truth never enters the cache key. The stored run keeps
 * the truth of the request that created it.
 *
 * A bootstrap multiplies the work: `bootstrap` replicates × one fit of n × d
 * entries, answered in the request. `bootstrap * n * d` is capped at
 * `BOOTSTRAP_WORK_FACTOR` times the fit entry limit (413 beyond), so a
 * bootstrap costs at most about that many full-size fits. A model check
 * likewise costs `checkReplicates` fits of min(n, `MAX_CHECK_ROWS`) rows,
 * capped the same way.
 *
 * The fit runs through `ctx.fitRunner`: in this thread by default, in a Web
 * Worker under `main.ts`, so the server keeps answering meanwhile.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { EstimatorRegistry } from "../../core/estimators/registry.ts";
import { checkedRows } from "../../core/estimators/fit_check.ts";
import { fitRequestOf } from "../../core/estimators/prepare.ts";
import { fitResultToJson } from "../../core/formats/fit_json.ts";
import { ApiError } from "../http/errors.ts";
import { readFitInput } from "../http/parse_body.ts";
import { fitCacheDigest } from "../store/fit_cache_key.ts";
import { hashOwnerToken, newOwnerToken } from "../store/owner_token.ts";
import type { ApiContext } from "./_context.ts";
import { ResultTooLargeError } from "../store/result_too_large.ts";
import { checkTruthDimension, fitMetrics, truthFields } from "./fit_truth.ts";
import {
  FitAnswer,
  fitJsonBody,
  fitQuery,
  methodSummary,
  optionsSchema,
  optionsSchemaName,
  type StoredFit,
} from "../../contract/fit.ts";
import {
  acceptBody,
  errorAnswers,
  jsonAnswer,
  type RouteApp,
  routeApp,
} from "../openapi/route_app.ts";

/** The samples' media types (CSV and NPY each under two names). */
const fitBodyContent = (registry: EstimatorRegistry) => ({
  "application/json": { schema: fitJsonBody(registry) },
  "text/csv": {
    schema: z.string().openapi({
      description: "One sample per row, optional header",
      example: "x1,x2\n0,1.2\n0.7,0\n1.5,2.1\n",
    }),
  },
  "application/csv": {
    schema: z.string().openapi({ description: "As text/csv" }),
  },
  "application/x-npy": {
    schema: z.string().openapi({
      format: "binary",
      description: "float64 or float32, C order, 2-D",
    }),
  },
  "application/octet-stream": {
    schema: z.string().openapi({
      format: "binary",
      description: "As application/x-npy",
    }),
  },
});

/** The route's declaration, its options those of `registry`'s methods. */
const fitRoute = (registry: EstimatorRegistry) =>
  createRoute({
    method: "post",
    path: "/",
    operationId: "fit",
    tags: ["fit"],
    summary: "Estimate Sigma = W Wᵀ and b from samples",
    description:
      "Body: JSON {samples, columnNames?, columns?, na?, index?, method?, seed?, bootstrap?, check?, checkReplicates?, checkLevel?, rank?, options?, truth?}, CSV (one sample per row, optional header; R's write.csv and pandas' to_csv files with a row-index column and NA cells are read as they are) or NPY (float64/float32, C order, 2-D). For CSV and NPY, the same fields but columnNames and truth go in the query string, beside the method's options. Repeating a request answers from the cache with cached: true. Methods and their options: " +
      methodSummary(registry) + ".",
    middleware: [acceptBody(Object.keys(fitBodyContent(registry)))],
    request: {
      query: fitQuery(registry),
      // Not `required`: zod-openapi then checks the JSON schema only on JSON
      // bodies; a missing body is answered 415 by acceptBody.
      body: {
        description: "The samples, in one of these media types",
        content: fitBodyContent(registry),
      },
    },
    responses: {
      200: jsonAnswer(FitAnswer, "The fit"),
      ...errorAnswers(400, 413, 415, 422, 429),
    },
  });

/** `bootstrap * n * d` may be this many times `limits.maxFitEntries`. */
export const BOOTSTRAP_WORK_FACTOR = 10;

/** The fit sub-app, mounted at `/api/fit`. */
export function fitRoutes(ctx: ApiContext): RouteApp {
  const app = routeApp();
  // JSON bodies' options, one schema per method (FitJsonBody refers to them).
  for (const e of ctx.registry.estimators) {
    app.openAPIRegistry.register(optionsSchemaName(e.name), optionsSchema(e));
  }
  app.openapi(fitRoute(ctx.registry), async (c) => {
    const started = performance.now();
    const { table, fit, truth } = await readFitInput(c, ctx.registry);
    const { matrix: x, columns } = table;
    const read = { droppedRows: table.droppedRows, warnings: table.warnings };
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
    if (fit.modelCheck !== null) {
      const rows = checkedRows(x.rows);
      const work = fit.modelCheck.replicates * rows * x.cols;
      if (work > maxBootstrapWork) {
        throw new ApiError(
          413,
          "check_too_costly",
          `Cannot fit: checkReplicates * min(n, ${rows}) * d = ${fit.modelCheck.replicates} * ${rows} * ${x.cols} = ${work} exceeds the limit of ${maxBootstrapWork} (${BOOTSTRAP_WORK_FACTOR} times the fit entry limit); ask for fewer check replicates or send fewer columns`,
        );
      }
    }
    const digest = await fitCacheDigest(x, fit, { columns, read });

    const { rows: n, cols: d } = x;
    const ownerToken = newOwnerToken();
    // The check and rank settings as the request has them, when asked for.
    const {
      method: _method,
      seed: _seed,
      options: _options,
      bootstrap: _bootstrap,
      ...checkAndRank
    } = fitRequestOf(fit);
    // What the store keeps is what `compute` below wrote (with its columns:
    // results of this estimator version always have them).
    type Computed = StoredFit & { columns: string[] };
    let answerJson: Computed | undefined;
    const parsed = (text: string): Computed => answerJson ??= JSON.parse(text);
    let outcome;
    try {
      outcome = await ctx.store.createFitRun({
        ownerTokenHash: await hashOwnerToken(ownerToken),
        input: {
          method: fit.estimator.name,
          seed: fit.seed,
          options: fit.options,
          n,
          d,
          ...(bootstrap > 0 ? { bootstrap } : {}),
          ...checkAndRank,
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
          const result = await ctx.fitRunner(x, fit, { columns });
          const fitMs = performance.now() - started;
          return JSON.stringify({
            ...fitResultToJson(result, { read }),
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
    }, 200);
  });
  return app;
}
