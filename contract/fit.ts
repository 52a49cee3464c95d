/**
 * `POST /api/fit`: the JSON body (samples, method, seed, bootstrap, options,
 * truth, column selection, model check and rank), the query string of CSV
 * and NPY bodies, and the answer. Method options come from the estimator
 * registry, so no method name or option is written here.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import type { Estimator, OptionSpec } from "../core/estimators/types.ts";
import { MAX_BOOTSTRAP_REPLICATES } from "../core/estimators/bootstrap.ts";
import { MAX_CHECK_REPLICATES } from "../core/check/model_check.ts";
import {
  DEFAULT_CHECK_LEVEL,
  DEFAULT_CHECK_REPLICATES,
} from "../core/estimators/prepare.ts";
import { MAX_CHECK_ROWS } from "../core/estimators/fit_check.ts";
import { INDEX_POLICIES, NA_POLICIES } from "../core/formats/table.ts";
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

/** Text shared by the JSON field and the query parameter `columns`. */
export const COLUMNS_DESCRIPTION =
  'Columns to fit, by name (from the CSV header or "columnNames") or 1-based number, in the order wanted ("b,a" or "2,3"); or columns to leave out, each with a leading - ("-1" or "-id,-date"), the rest kept in file order. Default: every column (but see index). The answer\'s columns names the columns fitted, in the order of b and sigma. An unknown or ambiguous name, a number out of range or a column listed twice is answered 422 (code invalid_columns) naming the columns there are';
const columnsField = z.union([
  z.string(),
  z.array(z.union([z.string(), z.number().int()])),
]).openapi({
  description: COLUMNS_DESCRIPTION +
    ". As an array, each entry is one name or number (so a name may contain a comma)",
  example: "-id,-date",
});

/** Text shared by the JSON field and the query parameter `na`. */
export const NA_DESCRIPTION =
  'Rows with a missing value (an empty cell, NA, NaN, null, None, #N/A, …) in a chosen column: "drop" leaves them out (counted in droppedRows and named in warnings), "error" answers 422 naming the row and column (default drop)';

/** Text shared by the JSON field and the query parameter `index`. */
export const INDEX_DESCRIPTION =
  'A first column that looks like a row index: "auto" leaves out one without a name (as R\'s write.csv and pandas\' to_csv write row names) and warns about one numbered 1..n or 0..n-1; "drop" leaves out either; "keep" fits it (default auto)';

/** Text shared by the JSON field and the query parameter `check`. */
export const CHECK_DESCRIPTION =
  `Check the fitted model against the data (default false): per column the observed and fitted share of zeros and quantiles of the positive values, per pair the share of rows where both are zero and the correlation where both are positive, with p-values from a seeded parametric bootstrap that refits each of checkReplicates data sets drawn from the fit (adjusted for multiple testing; flagged columns and pairs are named in warnings). Adds check and rank (the eigenvalues of Sigma_hat and a suggested k, from the same refits). Data of more than ${MAX_CHECK_ROWS} rows are checked on a seeded subsample of ${MAX_CHECK_ROWS} rows with its own fit (check.dataRows says so), so the check costs at most checkReplicates fits of ${MAX_CHECK_ROWS} rows; the fit and the check's refits together must stay within the server's work budget (413 check_too_costly when the check is the largest part of the work). Not run for a hidden-layer fit (a warning says so)`;

/** Text shared by the JSON field and the query parameter `checkReplicates`. */
export const CHECK_REPLICATES_DESCRIPTION =
  `Bootstrap data sets of the check, 1 to ${MAX_CHECK_REPLICATES} (default ${DEFAULT_CHECK_REPLICATES}); at least 1/checkLevel - 1 are needed to flag anything. Only with check`;

/** Text shared by the JSON field and the query parameter `checkLevel`. */
export const CHECK_LEVEL_DESCRIPTION =
  `Family-wise error rate of the check's flags, in (0, 1) (default ${DEFAULT_CHECK_LEVEL}). Only with check`;

/** Text shared by the JSON field and the query parameter `rank`. */
export const RANK_DESCRIPTION =
  "Add rankK, a rank-k version of the fit: Sigma_hat truncated to its k leading eigenpairs, with a d x k factor W that POST /api/sample with this fit's id then samples. k from 1 to d (default 0: none)";

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
    samples: z.array(z.array(z.union([z.number(), z.string(), z.null()])))
      .openapi({
        description:
          "One sample per row (n rows of d non-negative numbers); null is a missing value (see na), and a column left out by columns may hold anything",
        example: [[0, 1.2], [0.7, 0], [1.5, 2.1]],
      }),
    columnNames: z.array(z.string()).optional().openapi({
      description:
        "The name of each column of samples (default x1, x2, …), which columns and the answer use",
      example: ["rain", "wind"],
    }),
    columns: columnsField.optional(),
    na: z.enum(NA_POLICIES).optional().openapi({ description: NA_DESCRIPTION }),
    index: z.enum(INDEX_POLICIES).optional().openapi({
      description: INDEX_DESCRIPTION,
    }),
    method: z.string().optional().openapi({
      description: "Method name from GET /api/methods; defaults to its default",
    }),
    seed: Seed.optional().openapi({ description: "Seed for any randomness" }),
    bootstrap: bootstrap.optional(),
    check: z.boolean().optional().openapi({ description: CHECK_DESCRIPTION }),
    checkReplicates: z.number().int().min(1).max(MAX_CHECK_REPLICATES)
      .optional().openapi({ description: CHECK_REPLICATES_DESCRIPTION }),
    checkLevel: z.number().gt(0).lt(1).optional().openapi({
      description: CHECK_LEVEL_DESCRIPTION,
    }),
    rank: z.number().int().min(0).optional().openapi({
      description: RANK_DESCRIPTION,
    }),
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
 * bootstrap, the column selection, the check and rank settings, and every
 * method's options, as text (the route types them by the method's option
 * specs).
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
    columns: z.string().optional().openapi({
      description: COLUMNS_DESCRIPTION,
      example: "-1",
    }),
    na: z.enum(NA_POLICIES).optional().openapi({ description: NA_DESCRIPTION }),
    index: z.enum(INDEX_POLICIES).optional().openapi({
      description: INDEX_DESCRIPTION,
    }),
    check: z.string().optional().openapi({
      description: `${CHECK_DESCRIPTION}. true or false`,
    }),
    checkReplicates: z.string().optional().openapi({
      description: CHECK_REPLICATES_DESCRIPTION,
    }),
    checkLevel: z.string().optional().openapi({
      description: CHECK_LEVEL_DESCRIPTION,
    }),
    rank: z.string().optional().openapi({ description: RANK_DESCRIPTION }),
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

/** What the model check says about one column. */
export const CoordinateCheck = z.object({
  name: z.string().openapi({ description: "Column name" }),
  index: z.number().int().openapi({ description: "0-based column index" }),
  checked: z.boolean().openapi({
    description:
      "False when the fit gives this column no variance: nothing to compare",
  }),
  observedZeroShare: z.number().openapi({
    description: "Share of rows with x_i = 0",
  }),
  fittedZeroShare: NullableNumber.openapi({
    description: "Phi(-b_i / sqrt(Sigma_ii)); null when not checked",
  }),
  positives: z.number().int().openapi({ description: "Rows with x_i > 0" }),
  observedQuantiles: z.array(NullableNumber).openapi({
    description:
      "Quantiles of the positive values at check.quantiles (null: no positives)",
  }),
  fittedQuantiles: z.array(NullableNumber).openapi({
    description: "The fitted model's quantiles of x_i given x_i > 0",
  }),
  statistic: NullableNumber.openapi({
    description:
      "Cramér–von Mises distance between the data and the fitted distribution of x_i",
  }),
  pValue: NullableNumber.openapi({
    description: "Bootstrap p-value of statistic (not adjusted)",
  }),
  adjustedPValue: NullableNumber.openapi({
    description:
      "Adjusted for multiple testing over every checked column and pair (Westfall–Young min-p)",
  }),
  flagged: z.boolean().openapi({
    description: "adjustedPValue <= level: named in the warnings",
  }),
}).openapi("CoordinateCheck");

/** What the model check says about one pair of columns. */
export const PairCheck = z.object({
  names: z.array(z.string()),
  indices: z.array(z.number().int()).openapi({
    description: "0-based column indices, first < second",
  }),
  checked: z.boolean(),
  observedBothZero: z.number().openapi({
    description: "Share of rows where both are 0",
  }),
  fittedBothZero: NullableNumber,
  bothPositive: z.number().int().openapi({
    description: "Rows where both are positive",
  }),
  observedPositiveCorrelation: NullableNumber.openapi({
    description:
      "Correlation over the rows where both are positive (null: fewer than 3 or constant)",
  }),
  fittedPositiveCorrelation: NullableNumber,
  statistic: NullableNumber,
  pValue: NullableNumber,
  adjustedPValue: NullableNumber,
  flagged: z.boolean(),
}).openapi("PairCheck");

/** The model check of a fit (`check=true`). */
export const ModelCheckReport = z.object({
  n: z.number().int().openapi({ description: "Rows checked" }),
  dataRows: z.number().int().openapi({
    description:
      `Rows in the data: more than n when a seeded subsample of n = ${MAX_CHECK_ROWS} rows was checked against its own fit`,
  }),
  d: z.number().int(),
  calibration: z.enum(["refit", "plug-in"]).openapi({
    description:
      '"refit": each bootstrap data set was refitted with the request\'s method',
  }),
  replicates: z.number().int(),
  failedReplicates: z.number().int(),
  level: z.number(),
  seed: z.number().int(),
  quantiles: z.array(z.number()).openapi({
    description: "Probabilities of the compared positive-part quantiles",
  }),
  coordinates: z.array(CoordinateCheck),
  pairs: z.array(PairCheck).openapi({
    description: "Checked pairs in index order",
  }),
  pairsTotal: z.number().int(),
  pairSelection: z.enum(["all", "sample"]).openapi({
    description: "All pairs, or a seeded sample of 435 of them above d = 30",
  }),
  passed: z.boolean().openapi({
    description: "No column or pair was flagged",
  }),
  warnings: z.array(z.string()).openapi({
    description:
      'Misfits by name and problems of the check itself (also in the fit\'s warnings, prefixed "Model check: ")',
  }),
}).openapi("ModelCheck", {
  description:
    "Does x = max(0, y), y ~ N(b, Sigma) describe the data? Present with check=true",
});

/** The spectrum of Sigma_hat and the rank it supports. */
export const RankReport = z.object({
  eigenvalues: z.array(z.number()).openapi({
    description: "Eigenvalues of Sigma_hat, descending",
  }),
  intervals: z.object({
    lower: z.array(z.number()),
    upper: z.array(z.number()),
  }).optional().openapi({
    description:
      "Bootstrap percentile intervals of each eigenvalue at coverage level",
  }),
  noiseFloor: z.number().openapi({
    description:
      "The threshold the last eigenvalue compared was held against (from the bootstrap)",
  }),
  noiseFloorFrom: z.enum(["bootstrap", "given", "rounding"]),
  suggested: z.number().int().openapi({
    description:
      "Suggested number of latent dimensions k: the first k whose next eigenvalue is within the bootstrap noise",
  }),
  explained: z.array(z.number()).openapi({
    description: "Cumulative share of the positive eigenvalues",
  }),
  level: z.number(),
  replicates: z.number().int(),
}).openapi("RankAnalysis", {
  description:
    "How many latent dimensions the data support, with the check's refits as bootstrap replicates; present with check=true",
});

/** A rank-k version of a fit (`rank=k`). */
export const RankKReport = z.object({
  k: z.number().int(),
  w: MatrixRows.openapi({
    description:
      "W_hat (d x k), W_hat W_hat^T = sigma; POST /api/sample with this fit's id samples it",
  }),
  sigma: MatrixRows.openapi({
    description:
      "Sigma_hat truncated to its k leading eigenpairs (negative ones clipped at 0)",
  }),
  eigenvalues: z.array(z.number()).openapi({
    description: "The k eigenvalues kept, descending",
  }),
  relativeError: z.number().openapi({
    description: "||Sigma_hat - sigma||_F / ||Sigma_hat||_F",
  }),
}).openapi("RankKFit", {
  description: "Present with rank=k: the fit with Sigma of rank k",
});

/** The fields of a fit, stored or answered. */
const fitFields = {
  method: z.string(),
  n: z.number().int(),
  d: z.number().int().openapi({
    description:
      "Length of b and size of sigma: the data's dimension, or m for a method that estimates a hidden layer (the data's dimension is then hidden.inputDim)",
  }),
  columns: z.array(z.string()).openapi({
    description:
      "The name of each coordinate, in the order of b and sigma: the columns fitted (from the CSV header or columnNames, else x1, x2, …). For a hidden-layer fit, hidden coordinate j takes the name of its anchor column",
    example: ["rain", "wind"],
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
      "Only for a fit of a hidden layer x = A h (two-layer): sigma and b describe h (m coordinates). inputDim is the data's d, anchors the column of x behind each coordinate of h (0-based), a is A (inputDim x m, A[anchors[j]][j] = 1), inner the method that fitted h. h is identifiable only up to permutation and scale: its coordinates come in the order their anchors were picked, not in the order of a true h, so match them to a known truth by their anchor columns",
  }),
  check: ModelCheckReport.optional(),
  rank: RankReport.optional(),
  rankK: RankKReport.optional(),
  droppedRows: z.number().int().optional().openapi({
    description:
      "Rows of the samples left out for a missing value in a chosen column (see na)",
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
export const StoredFit = z.object({
  ...fitFields,
  columns: fitFields.columns.optional(),
}).openapi("StoredFit", {
  description:
    "A stored fit; fits stored before column names were kept have no columns",
});

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
/** The model check of a fit. */
export type ModelCheckReport = z.infer<typeof ModelCheckReport>;
/** The check of one column. */
export type CoordinateCheck = z.infer<typeof CoordinateCheck>;
/** The check of one pair of columns. */
export type PairCheck = z.infer<typeof PairCheck>;
/** The spectrum of Sigma_hat and the suggested k. */
export type RankReport = z.infer<typeof RankReport>;
/** A rank-k version of a fit. */
export type RankKReport = z.infer<typeof RankKReport>;
