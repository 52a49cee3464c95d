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
 * Where the work happens: this thread reads the body (within its limit),
 * prepares the request, prices it from the body's first bytes (refusing it
 * over budget, see `fit_price.ts`) and hashes the raw body (off the thread).
 * A request seen before (same raw key) is answered from the store without
 * parsing. Everything heavy (reading the samples, checking a truth, the fit,
 * the metrics) goes through `ctx.jobs`: a pool of workers under `main.ts`,
 * so the server keeps answering meanwhile, or this thread elsewhere.
 *
 * The work a request may take is priced by core's cost model, the bootstrap's
 * replicates and a model check's (`checkReplicates` refits of at most
 * `MAX_CHECK_ROWS` rows) included: over the work budget, the answer is 413
 * `bootstrap_too_costly` or `check_too_costly` when that part is the largest.
 * The model check and the rank-k fit run in the `fit` job, with the column
 * names read with the samples.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { fitRequestOf } from "../../core/estimators/prepare.ts";
import type { EstimatorRegistry } from "../../core/estimators/registry.ts";
import { fitBudget } from "../http/cost_limits.ts";
import { ApiError } from "../http/errors.ts";
import { readFitHead } from "../http/parse_body.ts";
import { rawFitKey } from "../store/fit_cache_key.ts";
import { hashOwnerToken, newOwnerToken } from "../store/owner_token.ts";
import type { RawFitEntry } from "../store/raw_fit_index.ts";
import type { ReadFitOutput } from "../workers/jobs.ts";
import type { ApiContext } from "./_context.ts";
import { ResultTooLargeError } from "../store/result_too_large.ts";
import { priceFit } from "./fit_price.ts";
import type { FitMetricsJson, TruthJson } from "./fit_truth.ts";
import {
  FitAnswer,
  fitJsonBody,
  fitQuery,
  FitTruth,
  methodSummary,
  optionsSchema,
  optionsSchemaName,
} from "../../contract/fit.ts";
import {
  acceptBody,
  errorAnswers,
  jsonAnswer,
  type RouteApp,
  routeApp,
} from "../openapi/route_app.ts";
import { joinChunks, jsonObjectChunks } from "../store/json_splice.ts";

/**
 * Rows of samples as CSV and NPY, each under two media types, for a route's
 * OpenAPI body: the CSV's description and example, the NPY's shape.
 */
export function tableBodyContent(
  csv: { description: string; example: string },
  npyShape: string,
) {
  return {
    "text/csv": { schema: z.string().openapi(csv) },
    "application/csv": {
      schema: z.string().openapi({ description: "As text/csv" }),
    },
    "application/x-npy": {
      schema: z.string().openapi({
        format: "binary",
        description: `float64 or float32, C order, ${npyShape}`,
      }),
    },
    "application/octet-stream": {
      schema: z.string().openapi({
        format: "binary",
        description: "As application/x-npy",
      }),
    },
  };
}

/** The samples' media types (CSV and NPY each under two names). */
const fitBodyContent = () => ({
  // A reference, not the zod schema: the route would validate a JSON body
  // with it in this thread, and the samples and truth are checked where
  // they are read (see `parseFitBody`); the document shows the same schema.
  "application/json": {
    schema: { $ref: "#/components/schemas/FitJsonBody" },
  },
  ...tableBodyContent(
    {
      description: "One sample per row, optional header",
      example: "x1,x2\n0,1.2\n0.7,0\n1.5,2.1\n",
    },
    "2-D",
  ),
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
    middleware: [acceptBody(Object.keys(fitBodyContent()))],
    request: {
      query: fitQuery(registry),
      // Not `required`: zod-openapi then checks the JSON schema only on JSON
      // bodies; a missing body is answered 415 by acceptBody.
      body: {
        description: "The samples, in one of these media types",
        content: fitBodyContent(),
      },
    },
    responses: {
      200: jsonAnswer(FitAnswer, "The fit"),
      ...errorAnswers(400, 413, 415, 422, 429, 503, 504),
    },
  });

/** The fit sub-app, mounted at `/api/fit`. */
export function fitRoutes(ctx: ApiContext): RouteApp {
  const app = routeApp();
  // JSON bodies' options, one schema per method (FitJsonBody refers to them).
  for (const e of ctx.registry.estimators) {
    app.openAPIRegistry.register(optionsSchemaName(e.name), optionsSchema(e));
  }
  // The JSON body's schema by reference (see `fitBodyContent`); the truth
  // first, so its component keeps its own description.
  app.openAPIRegistry.register("FitTruth", FitTruth);
  app.openAPIRegistry.register("FitJsonBody", fitJsonBody(ctx.registry));
  app.openapi(fitRoute(ctx.registry), async (c) => {
    const started = performance.now();
    // Cheap, in this thread: the request, its price, its raw cache key.
    const head = await readFitHead(c, ctx.registry);
    const cost = priceFit(head, ctx.limits);
    const work = { work: cost?.totalWork ?? Infinity };
    const { fit, format, body } = head;
    const request = fitRequestOf(fit);
    const rawKey = await rawFitKey(format, body, fit, head.reading);
    const known = await ctx.rawFits.get(rawKey);

    // Heavy, through the job runner: reading, fitting, truth checks.
    const readFit = () =>
      ctx.jobs.run("readFit", {
        format,
        body,
        reading: head.reading,
        request,
        budget: fitBudget(ctx.limits),
      }, work);
    const fitJob = async (read: ReadFitOutput) => {
      const { samples, columns } = read;
      const input = { samples, columns, read: read.read, request };
      return (await ctx.jobs.run("fit", input, work)).answer;
    };
    let entry: RawFitEntry;
    let truth: TruthJson | undefined;
    let compute: () => Promise<string>;
    if (known !== null) {
      // Parsed only if the stored fit has gone meanwhile.
      entry = known;
      const sent = head.json?.truth;
      if (sent !== undefined) {
        truth = (await ctx.jobs.run(
          "checkTruth",
          { truth: sent, d: known.d },
          work,
        )).truth;
      }
      compute = async () => fitJob(await readFit());
    } else {
      const read = await readFit();
      const { rows: n, cols: d } = read.samples;
      entry = { digest: read.digest, n, d };
      truth = read.truth;
      compute = () => fitJob(read);
    }

    // Per request, from the answer (computed or shared): the truth's metrics.
    let metrics: Promise<FitMetricsJson | null> | undefined;
    const metricsOf = (answer: string) =>
      metrics ??= ctx.jobs.run("truthMetrics", { truth: truth!, answer }, work)
        .then((m) => m.metrics);
    const ownerToken = newOwnerToken();
    // The check and rank settings as the request has them, when asked for.
    const {
      method: _method,
      seed: _seed,
      options: _options,
      bootstrap: _bootstrap,
      ...checkAndRank
    } = request;
    let outcome;
    try {
      outcome = await ctx.store.createFitRun({
        ownerTokenHash: await hashOwnerToken(ownerToken),
        input: {
          method: fit.estimator.name,
          seed: fit.seed,
          options: fit.options,
          n: entry.n,
          d: entry.d,
          ...(fit.bootstrap > 0 ? { bootstrap: fit.bootstrap } : {}),
          ...checkAndRank,
        },
        digest: entry.digest,
        // Stored with this run only: the truth's Sigma and b (never W) and
        // the metrics against them.
        extra: truth
          ? async (answer) => ({
            truth: { sigma: truth!.sigma, b: truth!.b },
            metrics: await metricsOf(answer),
          })
          : undefined,
        compute,
      });
    } catch (e) {
      if (e instanceof ResultTooLargeError) {
        throw new ApiError(413, e.code, e.message);
      }
      throw e;
    }
    if (known === null) await ctx.rawFits.set(rawKey, entry);
    const tail = truth
      ? { truth, metrics: await metricsOf(outcome.result) }
      : {};
    // A FitAnswer around the stored answer's text (it holds d x d matrices),
    // joined rather than parsed and written again; its type cannot say so.
    const answer = jsonObjectChunks([
      JSON.stringify({
        id: outcome.record.id,
        ownerToken,
        cached: outcome.cached,
      }),
      outcome.result,
      JSON.stringify({ ...tail, elapsedMs: performance.now() - started }),
    ]);
    return c.body(joinChunks(answer), 200, {
      "Content-Type": "application/json",
    }) as never;
  });
  return app;
}
