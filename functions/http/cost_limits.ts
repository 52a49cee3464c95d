/**
 * The API's limits as core's cost budgets, and a budget refusal as the
 * API's error: one place that turns `ApiLimits` into what `core/cost/`
 * checks, so the routes and the workers refuse alike.
 *
 * @module
 */
import type {
  CostRefusal,
  ExperimentBudget,
  FitBudget,
  SampleBudget,
} from "../../core/cost/mod.ts";
import type { ApiLimits } from "../routes/_context.ts";
import { ApiError } from "./errors.ts";

/** The budget of one fit request; its answer must fit in the store. */
export function fitBudget(limits: ApiLimits): FitBudget {
  return {
    maxEntries: limits.maxFitEntries,
    maxD: limits.maxFitD,
    maxWork: limits.maxFitWork,
    maxMemoryBytes: limits.maxFitMemoryBytes,
    maxAnswerBytes: limits.maxResultBytes,
  };
}

/** The budget of one sampling request. */
export function sampleBudget(limits: ApiLimits): SampleBudget {
  return {
    maxD: limits.maxSampleD,
    maxK: limits.maxSampleK,
    maxEntries: limits.maxSampleEntries,
    maxWork: limits.maxSampleWork,
  };
}

/**
 * The budget of one experiment: each fit as a fit request (no answer kept),
 * each data set as a sampling request of the fit limits' size.
 */
export function experimentBudget(limits: ApiLimits): ExperimentBudget {
  const { maxAnswerBytes: _, ...fit } = fitBudget(limits);
  return {
    fit,
    sample: {
      maxD: limits.maxFitD,
      maxK: limits.maxFitD,
      maxWork: limits.maxSampleWork,
    },
    maxFits: limits.maxRunFits,
    maxTotalWork: limits.maxRunWork,
  };
}

/** Throws `refusal` as an `ApiError`; does nothing for null. */
export function refuse(refusal: CostRefusal | null): void {
  if (refusal !== null) {
    throw new ApiError(refusal.status, refusal.code, refusal.message);
  }
}
