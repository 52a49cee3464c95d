/**
 * Complete API records for dashboard tests: each helper fills the fields a
 * test does not care about, so fixtures keep the shapes the API answers.
 */
import type {
  FitResponse,
  RunPoint,
  RunRecord,
  RunSpec,
  Summary,
} from "../../dashboard/src/api/types.ts";

const EPOCH = new Date(0).toISOString();
const NO_SUMMARY: Summary = { mean: null, std: null, count: 0 };

/** A run record, an experiment unless `kind` says otherwise. */
export function runRecord(
  fields: Partial<RunRecord> & Pick<RunRecord, "id">,
): RunRecord {
  return {
    kind: "experiment",
    status: "done",
    createdAt: EPOCH,
    updatedAt: EPOCH,
    progress: null,
    input: {},
    error: null,
    ...fields,
  };
}

/** A point of an experiment; metrics not given summarise no runs. */
export function runPoint(
  fields: Partial<RunPoint> & Pick<RunPoint, "value" | "method">,
): RunPoint {
  return {
    errSigma: NO_SUMMARY,
    errB: NO_SUMMARY,
    tv: NO_SUMMARY,
    notPd: 0,
    fitMs: NO_SUMMARY,
    failed: 0,
    errors: [],
    ...fields,
  };
}

/** An experiment's result holding `points`. */
export function experimentResult(
  points: RunPoint[],
  spec: RunSpec = {
    sweep: "n",
    values: [...new Set(points.map((p) => p.value))],
    base: { d: 2, k: 2, n: 100, kappa: 1, bias: "relu" },
    runs: 1,
    methods: [...new Set(points.map((p) => p.method))],
    seed: 0,
  },
): { spec: RunSpec; points: RunPoint[] } {
  return { spec, points };
}

/** A fit answer of method `method` with identity Sigma and zero b. */
export function fitAnswer(
  fields: Partial<FitResponse> & Pick<FitResponse, "method">,
): FitResponse {
  const d = fields.b?.length ?? fields.d ?? 2;
  return {
    id: "fit-1",
    ownerToken: "token-1",
    cached: false,
    elapsedMs: 1,
    fitMs: 1,
    n: 100,
    d,
    columns: Array.from({ length: d }, (_, j) => `x${j + 1}`),
    seed: 0,
    options: {},
    b: Array(d).fill(0),
    sigma: Array.from(
      { length: d },
      (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)),
    ),
    coordinates: [],
    diagnostics: {},
    warnings: [],
    ...fields,
  };
}
