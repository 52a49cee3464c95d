/**
 * `/api/runs`: the experiment request in its two forms, runs as listed and
 * shown, and an experiment's result. The bounds are core's
 * `EXPERIMENT_LIMITS`, which `validateExperimentSpec` enforces as well.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import { DEFAULT_METHOD } from "../core/estimators/registry.ts";
import { EXPERIMENT_LIMITS, SWEEP_AXES } from "../core/experiments/run.ts";
import { BIAS_MODES } from "../core/experiments/truth.ts";
import { NullableNumber, Seed } from "./common.ts";
import { StoredFit } from "./fit.ts";

const L = EXPERIMENT_LIMITS;
const bias = z.enum(BIAS_MODES as readonly ["relu", "zero", "negative"]);
const d = z.number().int().min(1).max(L.maxD);
const n = z.number().int().min(2).max(L.maxEntries);
const kappa = z.number().min(1).max(L.maxKappa);
const runs = z.number().int().min(1).max(L.maxRuns).openapi({
  description: "Random truths (and data sets) per value",
});
const methods = z.array(z.string()).min(1).max(L.maxMethods).openapi({
  description:
    "Method names from GET /api/methods, each fitting every data set",
});

/** The simple experiment form: one setting, optionally several n. */
export const RunSimpleBody = z.object({
  d,
  k: d.optional(),
  n: n.optional(),
  ns: z.array(n).min(1).max(L.maxValues).optional(),
  kappa,
  bias,
  runs,
  methods,
  seed: Seed.optional(),
}).openapi("RunSimpleBody", {
  example: {
    d: 5,
    k: 5,
    ns: [200, 400],
    kappa: 2,
    bias: "relu",
    runs: 2,
    methods: [DEFAULT_METHOD],
    seed: 1,
  },
});

/** The sweep form, mapping directly onto the core ExperimentSpec. */
export const RunSweepBody = z.object({
  sweep: z.enum(SWEEP_AXES as readonly ["n", "d", "kappa"]),
  values: z.array(z.number()).min(1).max(L.maxValues),
  base: z.object({ d, k: d.optional(), n, kappa, bias }),
  runs,
  methods,
  seed: Seed.optional(),
}).openapi("RunSweepBody", {
  example: {
    sweep: "n",
    values: [100, 200],
    base: { d: 5, k: 5, n: 100, kappa: 1, bias: "relu" },
    runs: 2,
    methods: [DEFAULT_METHOD],
    seed: 0,
  },
});
/** An experiment in the sweep form. */
export type RunSweepBody = z.infer<typeof RunSweepBody>;

/** `POST /api/runs`: either form. */
export const RunBody = z.union([RunSweepBody, RunSimpleBody]).openapi(
  "RunBody",
);
/** `POST /api/runs`: either form. */
export type RunBody = z.infer<typeof RunBody>;

/** The answer of `POST /api/runs`. */
export const RunCreated = z.object({
  id: z.string(),
  status: z.literal("queued"),
  ownerToken: z.string().openapi({
    description: "Needed to delete the run: Authorization: Bearer <ownerToken>",
  }),
}).openapi("RunCreated");
/** The answer of `POST /api/runs`. */
export type RunCreated = z.infer<typeof RunCreated>;

/** Mean, sample standard deviation and count of a metric over runs. */
export const Summary = z.object({
  mean: NullableNumber,
  std: NullableNumber,
  count: z.number().int(),
}).openapi("Summary", {
  description: "Mean and standard deviation are null when count is 0",
});
/** Mean, sample standard deviation and count of a metric over runs. */
export type Summary = z.infer<typeof Summary>;

/** One method at one swept value, over all runs. */
export const ExperimentPoint = z.object({
  value: z.number(),
  method: z.string(),
  errSigma: Summary,
  errB: Summary,
  tv: Summary.openapi({
    description: "TV upper bound, over the runs where it is defined",
  }),
  notPd: z.number().int().openapi({
    description: "Runs whose TV bound is undefined (a covariance not PD)",
  }),
  fitMs: Summary,
  failed: z.number().int().openapi({ description: "Runs whose fit threw" }),
  errors: z.array(z.string()).openapi({
    description: "Distinct messages of the fits that threw (at most 5)",
  }),
}).openapi("ExperimentPoint");
/** One method at one swept value, over all runs. */
export type ExperimentPoint = z.infer<typeof ExperimentPoint>;

/** The result of an experiment run. */
export const ExperimentResult = z.object({
  spec: RunSweepBody.openapi({ description: "The spec, normalised" }),
  points: z.array(ExperimentPoint).openapi({
    description: "One point per (value, method), values outer",
  }),
}).openapi("ExperimentResult");
/** The result of an experiment run. */
export type ExperimentResult = z.infer<typeof ExperimentResult>;

const runStatus = z.enum(["queued", "running", "done", "failed"]);

/** A run as `GET /api/runs` lists it. */
export const RunSummary = z.object({
  id: z.string(),
  kind: z.enum(["fit", "experiment"]),
  status: runStatus,
  createdAt: z.string().openapi({ description: "ISO 8601" }),
  updatedAt: z.string().openapi({ description: "ISO 8601" }),
  progress: z.object({ done: z.number().int(), total: z.number().int() })
    .nullable(),
  input: z.record(z.string(), z.unknown()).openapi({
    description:
      "What was asked: the experiment spec (normalised), or a fit's method, seed, options, n, d and bootstrap",
  }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
}).openapi("RunSummary");
/** A run as `GET /api/runs` lists it. */
export type RunSummary = z.infer<typeof RunSummary>;

/** A run as `GET /api/runs/{id}` shows it. */
export const RunView = RunSummary.extend({
  result: z.union([StoredFit, ExperimentResult]).optional().openapi({
    description: "Once done: the fit, or the experiment's points",
  }),
}).openapi("Run");
/** A run as `GET /api/runs/{id}` shows it. */
export type RunView = z.infer<typeof RunView>;

/** The answer of `GET /api/runs`. */
export const RunPage = z.object({
  runs: z.array(RunSummary),
  cursor: z.string().nullable().openapi({
    description: "Pass as cursor for the next page; null on the last page",
  }),
}).openapi("RunPage");
/** The answer of `GET /api/runs`. */
export type RunPage = z.infer<typeof RunPage>;

/** What each progress event of `GET /api/runs/{id}/events` carries. */
export const RunEventData = RunSummary.pick({
  id: true,
  status: true,
  progress: true,
  error: true,
}).openapi("RunEventData", {
  description:
    'Sent as "data" on every change; a deleted run ends the stream with event "deleted" and data {id, status: "deleted"}',
});
