/**
 * The Fit form's bootstrap field, checked like a method option: an integer
 * from 0 (no bootstrap) to the API's maximum number of replicates.
 *
 * @module
 */
import { MAX_BOOTSTRAP_REPLICATES } from "../../../core/estimators/bootstrap.ts";
import type { MethodOption } from "../api/types.ts";

/** The spec the bootstrap input is checked against. */
export const BOOTSTRAP_OPTION: MethodOption = {
  name: "bootstrap",
  kind: "integer",
  default: 0,
  min: 0,
  max: MAX_BOOTSTRAP_REPLICATES,
  description:
    "Refits of rows resampled with replacement, for standard errors; the fit costs 1 + bootstrap times as much.",
};
