/**
 * The zod schemas that validate request bodies and describe them in the
 * OpenAPI document. Method options are built from the estimator registry, so
 * no method name or option is written here.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import type { Estimator, OptionSpec } from "../../core/estimators/types.ts";
import { DEFAULT_METHOD } from "../../core/estimators/registry.ts";
import { MAX_BOOTSTRAP_REPLICATES } from "../../core/estimators/bootstrap.ts";

/** Options of one method as a zod object (every option optional). */
export function optionsSchema(estimator: Estimator) {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of estimator.options) shape[spec.name] = optionSchema(spec);
  return z.object(shape).strict().openapi(`Options_${estimator.name}`, {
    description:
      `Options of method "${estimator.name}"; missing ones take their defaults`,
  });
}

function optionSchema(spec: OptionSpec): z.ZodType {
  if (spec.kind === "boolean") {
    return z.boolean().optional().openapi({
      description: spec.description,
      default: spec.default,
    });
  }
  let s = spec.kind === "integer" ? z.number().int() : z.number();
  if (spec.min !== undefined) s = s.min(spec.min);
  if (spec.max !== undefined) s = s.max(spec.max);
  return s.optional().openapi({
    description: spec.description,
    default: spec.default,
  });
}

const matrixRows = z.array(z.array(z.number()));
const seed = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Text shared by the JSON field and the query parameter `bootstrap`. */
export const BOOTSTRAP_DESCRIPTION =
  `Bootstrap replicates for standard errors, 0 to ${MAX_BOOTSTRAP_REPLICATES} (default 0: none). Each replicate refits rows resampled with replacement (same method, options and seed), so the fit costs 1 + bootstrap times as much; bootstrap * n * d may be at most 10 times the fit entry limit (413 beyond). The answer then has standardErrors from the bootstrap (diagnostics.standardErrorsFrom = "bootstrap"), or, for a method with its own analytic standard errors, keeps those in standardErrors and adds bootstrapStandardErrors; diagnostics.bootstrapReplicates and bootstrapFailed count the replicates and failed refits.`;
const bootstrap = z.number().int().min(0).max(MAX_BOOTSTRAP_REPLICATES)
  .openapi({ description: BOOTSTRAP_DESCRIPTION, default: 0 });

/** Entries of Sigma may differ from their mirror by this much times max |Sigma_ij|. */
export const TRUTH_SYMMETRY_TOLERANCE = 1e-9;

/**
 * A known truth sent beside the samples: Sigma (d x d, symmetric), b
 * (length d) and optionally W (d x k). Shapes and symmetry are checked
 * here; that d is the data's d is checked once the samples are read.
 */
export const FitTruth = z.object({
  sigma: matrixRows.openapi({
    description:
      "True Sigma = W W^T, d x d, symmetric (within 1e-9 times its largest entry) with a positive trace",
    example: [[1, 0.5], [0.5, 1.25]],
  }),
  b: z.array(z.number()).openapi({
    description: "True b, length d",
    example: [0.5, 0],
  }),
  W: matrixRows.optional().openapi({
    description:
      "True W, d rows of k numbers; when given, W W^T must equal sigma (same tolerance)",
    example: [[1, 0], [0.5, 1]],
  }),
}).superRefine((truth, ctx) => {
  const d = truth.b.length;
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  if (d === 0) return issue(["b"], "b must have at least one entry");
  if (truth.sigma.length !== d) {
    return issue(
      ["sigma"],
      `sigma has ${truth.sigma.length} rows but b has length ${d}`,
    );
  }
  let scale = 0;
  for (let i = 0; i < d; i++) {
    const row = truth.sigma[i]!;
    if (row.length !== d) {
      return issue(
        ["sigma", i],
        `row ${i + 1} of sigma has ${row.length} entries, expected ${d}`,
      );
    }
    for (const v of row) scale = Math.max(scale, Math.abs(v));
  }
  const tolerance = TRUTH_SYMMETRY_TOLERANCE * scale;
  let trace = 0;
  for (let i = 0; i < d; i++) {
    trace += truth.sigma[i]![i]!;
    for (let j = 0; j < i; j++) {
      const gap = Math.abs(truth.sigma[i]![j]! - truth.sigma[j]![i]!);
      if (gap > tolerance) {
        return issue(
          ["sigma", i, j],
          `sigma is not symmetric: row ${i + 1}, column ${
            j + 1
          } differs from its mirror by ${gap}`,
        );
      }
    }
  }
  if (!(trace > 0)) {
    issue(["sigma"], `the trace of sigma must be positive, got ${trace}`);
  }
  if (truth.W === undefined) return;
  const w = truth.W;
  const k = w[0]?.length ?? 0;
  if (w.length !== d || k === 0 || w.some((row) => row.length !== k)) {
    return issue(["W"], `W must be ${d} rows of the same positive length`);
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let dot = 0;
      for (let l = 0; l < k; l++) dot += w[i]![l]! * w[j]![l]!;
      if (Math.abs(dot - truth.sigma[i]![j]!) > tolerance) {
        return issue(
          ["W"],
          `W W^T differs from sigma at row ${i + 1}, column ${
            j + 1
          } (${dot} vs ${truth.sigma[i]![j]})`,
        );
      }
    }
  }
}).openapi("FitTruth", {
  description:
    "The parameters that produced the samples, when known: the answer and the stored run then carry it and metrics against it",
});

/** `POST /api/fit` with a JSON body. */
export const FitJsonBody = z.object({
  samples: matrixRows.openapi({
    description: "One sample per row (n rows of d non-negative numbers)",
    example: [[0, 1.2], [0.7, 0], [1.5, 2.1]],
  }),
  method: z.string().optional().openapi({
    description: "Method name from GET /api/methods; defaults to its default",
  }),
  seed: seed.optional().openapi({ description: "Seed for any randomness" }),
  bootstrap: bootstrap.optional(),
  options: z.record(z.string(), z.union([z.number(), z.boolean()]))
    .optional().openapi({
      description: "Method options by name (see GET /api/methods)",
    }),
  truth: FitTruth.optional(),
}).openapi("FitJsonBody");

/** `POST /api/sample`. */
export const SampleBody = z.object({
  W: matrixRows.optional().openapi({
    description: "Weights, d rows of k numbers (give W and b, or fitId)",
    example: [[1, 0], [0.5, 1]],
  }),
  b: z.array(z.number()).optional().openapi({ example: [0.5, 0] }),
  fitId: z.string().optional().openapi({
    description:
      "Sample from a stored fit: W = its covariance factor, b = its b. A fit of a hidden layer gives samples of that layer (its m columns), not of the data",
  }),
  n: z.number().int().min(0).openapi({ example: 5 }),
  seed: seed.optional(),
  format: z.enum(["json", "csv", "npy"]).optional().openapi({
    description: "Answer format",
    default: "json",
  }),
}).openapi("SampleBody");

const bias = z.enum(["relu", "zero", "negative"]);

/** The simple experiment form: one setting, optionally several n. */
export const RunSimpleBody = z.object({
  d: z.number().int().min(1),
  k: z.number().int().min(1).optional(),
  n: z.number().int().min(2).optional(),
  ns: z.array(z.number().int().min(2)).min(1).max(100).optional(),
  kappa: z.number().min(1),
  bias,
  runs: z.number().int().min(1),
  methods: z.array(z.string()).min(1).max(20),
  seed: seed.optional(),
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
  sweep: z.enum(["n", "d", "kappa"]),
  values: z.array(z.number()).min(1).max(100),
  base: z.object({
    d: z.number().int().min(1),
    k: z.number().int().min(1).optional(),
    n: z.number().int().min(2),
    kappa: z.number().min(1),
    bias,
  }),
  runs: z.number().int().min(1),
  methods: z.array(z.string()).min(1).max(20),
  seed: seed.optional(),
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

/** `POST /api/runs`: either form. */
export const RunBody = z.union([RunSweepBody, RunSimpleBody]).openapi(
  "RunBody",
);

/** Every error answer. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string().openapi({ example: "invalid_samples" }),
    message: z.string().openapi({
      example:
        "Cannot read samples: row 3, column 2 is -1, but samples of ReLU(W z + b) are never negative",
    }),
    row: z.number().int().optional(),
    column: z.number().int().optional(),
  }),
}).openapi("Error");

const standardErrors = z.object({
  b: z.array(z.number().nullable()),
  sigma: z.array(z.array(z.number().nullable())),
});

/** Errors of a fit against the truth sent with it. */
export const FitMetrics = z.object({
  errSigma: z.number().openapi({
    description:
      "||Sigma_hat - Sigma||_F / ||W||_F^2, ||W||_F^2 = trace(Sigma)",
  }),
  errB: z.number().openapi({ description: "||b_hat - b||_2 / ||W||_F" }),
  tv: z.union([
    z.object({
      defined: z.literal(true),
      bound: z.number(),
      rawBound: z.number(),
      klTruthToEstimate: z.number(),
      klEstimateToTruth: z.number(),
    }),
    z.object({ defined: z.literal(false), reason: z.string() }),
  ]).openapi({
    description:
      "Upper bound on the total variation distance (Pinsker on the Gaussian KL), or why it is undefined (a covariance not positive definite)",
  }),
}).openapi("FitMetrics", {
  description:
    "Present when a truth was sent; null when the fit describes other parameters than the truth (a hidden-layer fit)",
});

/** The answer of `POST /api/fit`. */
export const FitAnswer = z.object({
  id: z.string(),
  ownerToken: z.string().optional().openapi({
    description: "Only when this request created the run: needed to delete it",
  }),
  cached: z.boolean(),
  method: z.string(),
  n: z.number().int(),
  d: z.number().int().openapi({
    description:
      "Length of b and size of sigma: the data's dimension, or m for a method that estimates a hidden layer (the data's dimension is then hidden.inputDim)",
  }),
  seed: z.number().int(),
  options: z.record(z.string(), z.union([z.number(), z.boolean()])),
  b: z.array(z.number()),
  sigma: z.array(z.array(z.number())),
  coordinates: z.array(z.record(z.string(), z.unknown())),
  diagnostics: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()),
  covariance: z.record(z.string(), z.unknown()).optional().openapi({
    description:
      "positiveDefinite, minEigenvalue, repaired, factor (W_hat, d x d) and nearestPsd when repaired",
  }),
  standardErrors: standardErrors.optional().openapi({
    description:
      "Standard errors of b and of each entry of sigma: the method's own, or from the bootstrap (see diagnostics.standardErrorsFrom)",
  }),
  bootstrapStandardErrors: standardErrors.optional().openapi({
    description:
      "Bootstrap standard errors beside a method's analytic standardErrors, when bootstrap > 0",
  }),
  hidden: z.object({
    inputDim: z.number().int(),
    anchors: z.array(z.number().int()),
    a: matrixRows,
    scaleConvention: z.string(),
    inner: z.string(),
  }).optional().openapi({
    description:
      "Only for a fit of a hidden layer x = A h (two-layer): sigma and b describe h (m coordinates). inputDim is the data's d, anchors the column of x behind each coordinate of h (0-based), a is A (inputDim x m, A[anchors[j]][j] = 1), inner the method that fitted h",
  }),
  truth: FitTruth.optional().openapi({
    description: "The truth sent with this request, when one was sent",
  }),
  metrics: FitMetrics.nullable().optional(),
  elapsedMs: z.number(),
}).passthrough().openapi("FitAnswer");

/** A run as `GET /api/runs/:id` shows it. */
export const RunView = z.object({
  id: z.string(),
  kind: z.enum(["fit", "experiment"]),
  status: z.enum(["queued", "running", "done", "failed"]),
  createdAt: z.string().openapi({ description: "ISO 8601" }),
  updatedAt: z.string(),
  progress: z.object({ done: z.number(), total: z.number() }).nullable(),
  input: z.record(z.string(), z.unknown()),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  result: z.unknown().optional().openapi({
    description: "The fit answer or experiment points, once done",
  }),
}).openapi("Run");
