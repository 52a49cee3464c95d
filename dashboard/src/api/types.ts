/**
 * Shapes of the HTTP API's requests and answers, as the dashboard reads
 * them: the types of the schemas in `contract/` that the server validates
 * with and documents in `/api/openapi.json` (type imports only: no zod
 * reaches the bundle).
 *
 * @module
 */
import type {
  ExperimentPoint,
  FitAnswer,
  MethodsList,
  RunSweepBody,
  RunView,
} from "../../../contract/mod.ts";
import type { BiasMode } from "../../../core/experiments/truth.ts";
import type { SweepAxis } from "../../../core/experiments/run.ts";

export type {
  CoordinateCheck,
  CovarianceReport,
  DatasetChunkAnswer,
  DatasetCreateBody,
  DatasetCreated,
  DatasetView,
  FitMetrics,
  FitTruth,
  MethodInfo,
  MethodOption,
  ModelCheckReport,
  PairCheck,
  RankKReport,
  RankReport,
  RunCreated,
  RunPage,
  StandardErrors,
  Summary,
} from "../../../contract/mod.ts";

/** `GET /api/methods`. */
export type MethodsResponse = MethodsList;

/** `POST /api/fit`; a stored fit (a run's `result`) has all but id, cached, ownerToken and elapsedMs. */
export type FitResponse = FitAnswer;

/** How the truth's bias is drawn. */
export type { BiasMode };

/** Which parameter a sweep varies. */
export type SweepParameter = SweepAxis;

/** `POST /api/runs` body, sweep form (the list-of-n form is a sweep over n). */
export type RunSpec = RunSweepBody;

/** The ground truth and sample size of a synthetic experiment. */
export type ExperimentBase = RunSpec["base"];

/** One (parameter value, method) cell of an experiment. */
export type RunPoint = ExperimentPoint;

/** `GET /api/runs/:id` (the list leaves out `result`). */
export type RunRecord = RunView;

/** Lifecycle of a background run. */
export type RunStatus = RunRecord["status"];

/** What a run is: a single fit or a background experiment. */
export type RunKind = RunRecord["kind"];
