/**
 * `POST /api/fit`: the JSON body (samples, method, seed, bootstrap, options,
 * truth) and the answer. Method options come from the estimator registry, so
 * no method name or option is written here.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import type { Estimator, OptionSpec } from "../core/estimators/types.ts";
import { MAX_BOOTSTRAP_REPLICATES } from "../core/estimators/bootstrap.ts";
import {
  DEFAULT_REGISTRY,
  type EstimatorRegistry,
} from "../core/estimators/registry.ts";
import { MatrixRows, NullableNumber, Seed } from "./common.ts";

/** The name of method `method`'s options schema in the OpenAPI document. */
export function optionsSchemaName(method: string): string {
  return `Options_${method}`;
}

/** Options of one method as a zod object (every option optional). */
export function optionsSchema(estimator: Estimator) {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of estimator.options) shape[spec.name] = optionSchema(spec);
  return z.object(shape).strict().openapi(optionsSchemaName(estimator.name), {
    description:
      `Options of method "${estimator.name}"; missing ones take their defaults`,
  });
}

// Defaults of optional request fields are stated in words, not as `default`:
// client generators (openapi-typescript) make fields with a default required.
function optionSchema(spec: OptionSpec): z.ZodType {
  const description = `${spec.description} (default ${spec.default})`;
  if (spec.kind === "boolean") {
    return z.boolean().optional().openapi({ description });
  }
  let s = spec.kind === "integer" ? z.number().int() : z.number();
  if (spec.min !== undefined) s = s.min(spec.min);
  if (spec.max !== undefined) s = s.max(spec.max);
  return s.optional().openapi({ description });
}

/** Text shared by the JSON field and the query parameter `bootstrap`. */
export const BOOTSTRAP_DESCRIPTION =
  `Bootstrap replicates for standard errors, 0 to ${MAX_BOOTSTRAP_REPLICATES} (default 0: none). Each replicate refits rows resampled with replacement (same method, options and seed), so the fit costs 1 + bootstrap times as much; the fit and its replicates together must stay within the server's work budget (413 bootstrap_too_costly beyond). The answer then has standardErrors from the bootstrap (diagnostics.standardErrorsFrom = "bootstrap"), or, for a method with its own analytic standard errors, keeps those in standardErrors and adds bootstrapStandardErrors; diagnostics.bootstrapReplicates and bootstrapFailed count the replicates and failed refits.`;
const bootstrap = z.number().int().min(0).max(MAX_BOOTSTRAP_REPLICATES)
  .openapi({ description: BOOTSTRAP_DESCRIPTION });

/** Entries of Sigma may differ from their mirror by this much times max |Sigma_ij|. */
export const TRUTH_SYMMETRY_TOLERANCE = 1e-9;

/**
 * A known truth sent beside the samples: Sigma (d x d, symmetric), b
 * (length d) and optionally W (d x k). Shapes and symmetry are checked
 * here; that d is the data's d is checked once the samples are read.
 */
export const FitTruth = z.object({
  sigma: MatrixRows.openapi({
    description:
      "True Sigma = W W^T, d x d, symmetric (within 1e-9 times its largest entry) with a positive trace",
    example: [[1, 0.5], [0.5, 1.25]],
  }),
  b: z.array(z.number()).openapi({
    description: "True b, length d",
    example: [0.5, 0],
  }),
  W: MatrixRows.optional().openapi({
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

/**
 * `POST /api/fit` with a JSON body; `registry`'s methods name the options
 * schemas in the document (validation is the same for every registry: the
 * chosen method checks its own options).
 */
export function fitJsonBody(registry: EstimatorRegistry = DEFAULT_REGISTRY) {
  return z.object({
    samples: MatrixRows.openapi({
      description: "One sample per row (n rows of d non-negative numbers)",
      example: [[0, 1.2], [0.7, 0], [1.5, 2.1]],
    }),
    method: z.string().optional().openapi({
      description: "Method name from GET /api/methods; defaults to its default",
    }),
    seed: Seed.optional().openapi({ description: "Seed for any randomness" }),
    bootstrap: bootstrap.optional(),
    options: z.record(z.string(), z.union([z.number(), z.boolean()]))
      .optional().openapi({
        description:
          "Method options by name, those of the chosen method (see GET /api/methods); an unknown name or a value out of range is answered 422 naming the option",
        anyOf: registry.estimators.map((e) => ({
          $ref: `#/components/schemas/${optionsSchemaName(e.name)}`,
        })),
      }),
    truth: FitTruth.optional(),
  }).openapi("FitJsonBody");
}

/** `POST /api/fit` with a JSON body, for the built-in methods. */
export const FitJsonBody = fitJsonBody();

/** Each option name with every method that has it (names may repeat). */
function optionOwners(
  estimators: readonly Estimator[],
): Map<string, { method: string; spec: OptionSpec }[]> {
  const out = new Map<string, { method: string; spec: OptionSpec }[]>();
  for (const e of estimators) {
    for (const spec of e.options) {
      const owners = out.get(spec.name) ?? [];
      owners.push({ method: e.name, spec });
      out.set(spec.name, owners);
    }
  }
  return out;
}

/**
 * The query string of `POST /api/fit` with a CSV or NPY body: method, seed,
 * bootstrap and every method's options, as text (the route types them by
 * the method's option specs).
 */
export function fitQuery(registry: EstimatorRegistry = DEFAULT_REGISTRY) {
  return z.object({
    method: z.string().optional().openapi({
      description: `One of ${
        registry.names().join(", ")
      }; default ${registry.defaultMethod}`,
      example: registry.defaultMethod,
    }),
    seed: z.string().optional().openapi({
      description: "Seed for any randomness: a non-negative integer",
    }),
    bootstrap: z.string().optional().openapi({
      description: BOOTSTRAP_DESCRIPTION,
    }),
    ...Object.fromEntries(
      [...optionOwners(registry.estimators)].map(([name, owners]) => [
        name,
        z.string().optional().openapi({
          description: owners.map(({ method, spec }) =>
            `Option of ${method}: ${spec.description} (default ${spec.default})`
          ).join("; "),
        }),
      ]),
    ),
  });
}

/** "paper (B, r), censored (no options), …": every method with its options. */
export function methodSummary(
  registry: EstimatorRegistry = DEFAULT_REGISTRY,
): string {
  return registry.estimators.map((e) =>
    `${e.name} (${
      e.options.length === 0
        ? "no options"
        : e.options.map((o) => o.name).join(", ")
    })`
  ).join(", ");
}

/** Standard errors of b and of each entry of sigma (null where undefined). */
export const StandardErrors = z.object({
  b: z.array(NullableNumber),
  sigma: z.array(z.array(NullableNumber)),
}).openapi("StandardErrors");

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

/** What the data told the estimator about one coordinate. */
export const CoordinateDiagnostics = z.object({
  positives: z.number().int().openapi({ description: "Samples with x_i > 0" }),
  zeros: z.number().int().openapi({ description: "Samples with x_i = 0" }),
  sgdSteps: z.number().int().optional(),
  clamped: z.boolean().optional().openapi({
    description: "The bias estimate was clamped at 0",
  }),
  degenerate: z.boolean().optional().openapi({
    description: "The coordinate is constant: its variance is 0",
  }),
}).openapi("CoordinateDiagnostics");

/** Spectrum check of Sigma_hat with its factor W_hat. */
export const CovarianceReport = z.object({
  positiveDefinite: z.boolean(),
  minEigenvalue: z.number(),
  repaired: z.boolean(),
  nearestPsd: MatrixRows.optional().openapi({
    description: "The nearest PSD matrix, when it differs from sigma",
  }),
  factor: MatrixRows.openapi({
    description: "W_hat (d x d): W_hat W_hat^T is the nearest PSD matrix",
  }),
}).openapi("CovarianceReport");

/** The fields of a fit, stored or answered. */
const fitFields = {
  method: z.string(),
  n: z.number().int(),
  d: z.number().int().openapi({
    description:
      "Length of b and size of sigma: the data's dimension, or m for a method that estimates a hidden layer (the data's dimension is then hidden.inputDim)",
  }),
  seed: z.number().int(),
  options: z.record(z.string(), z.union([z.number(), z.boolean()])).openapi({
    description: "Every option of the method, defaults filled in",
  }),
  b: z.array(z.number()).openapi({ description: "Estimate of b, length d" }),
  sigma: MatrixRows.openapi({
    description: "Estimate of Sigma = W W^T, d rows of d numbers",
  }),
  coordinates: z.array(CoordinateDiagnostics),
  diagnostics: z.record(z.string(), z.unknown()).openapi({
    description: "Method-specific numbers (solver iterations, counts)",
  }),
  warnings: z.array(z.string()),
  covariance: CovarianceReport.optional(),
  standardErrors: StandardErrors.optional().openapi({
    description:
      "Standard errors of b and of each entry of sigma: the method's own, or from the bootstrap (see diagnostics.standardErrorsFrom)",
  }),
  bootstrapStandardErrors: StandardErrors.optional().openapi({
    description:
      "Bootstrap standard errors beside a method's analytic standardErrors, when bootstrap > 0",
  }),
  hidden: z.object({
    inputDim: z.number().int(),
    anchors: z.array(z.number().int()),
    a: MatrixRows,
    scaleConvention: z.string(),
    inner: z.string(),
  }).optional().openapi({
    description:
      "Only for a fit of a hidden layer x = A h (two-layer): sigma and b describe h (m coordinates). inputDim is the data's d, anchors the column of x behind each coordinate of h (0-based), a is A (inputDim x m, A[anchors[j]][j] = 1), inner the method that fitted h",
  }),
  truth: FitTruth.optional().openapi({
    description: "The truth sent with the request, when one was sent",
  }),
  metrics: FitMetrics.nullable().optional(),
  fitMs: z.number().openapi({
    description: "Time of the fit itself, in milliseconds",
  }),
};

/** A fit as stored with its run (`GET /api/runs/{id}` shows it as `result`). */
export const StoredFit = z.object(fitFields).openapi("StoredFit");

/** The answer of `POST /api/fit`. */
export const FitAnswer = z.object({
  ...fitFields,
  id: z.string().openapi({ description: "The run that holds this fit" }),
  ownerToken: z.string().openapi({
    description:
      "This request's own run's token (cache hits too): needed to delete it and to list it",
  }),
  cached: z.boolean().openapi({
    description: "Answered from an earlier fit of the same request",
  }),
  elapsedMs: z.number().openapi({
    description: "Time of the whole request, in milliseconds",
  }),
}).openapi("FitAnswer");

/** A known truth, as sent with a fit. */
export type FitTruth = z.infer<typeof FitTruth>;
/** The JSON body of `POST /api/fit`. */
export type FitJsonBody = z.infer<typeof FitJsonBody>;
/** Standard errors of b and Sigma. */
export type StandardErrors = z.infer<typeof StandardErrors>;
/** Errors of a fit against its truth. */
export type FitMetrics = z.infer<typeof FitMetrics>;
/** Spectrum check of Sigma_hat. */
export type CovarianceReport = z.infer<typeof CovarianceReport>;
/** A fit as stored with its run. */
export type StoredFit = z.infer<typeof StoredFit>;
/** The answer of `POST /api/fit`. */
export type FitAnswer = z.infer<typeof FitAnswer>;
