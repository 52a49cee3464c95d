/**
 * The Fit form's model-check replicates field, checked like a method option:
 * bootstrap data sets drawn from the fit, each refitted, 1 to core's maximum.
 *
 * @module
 */
import { MAX_CHECK_REPLICATES } from "../../../core/check/model_check.ts";
import type { MethodOption } from "../api/types.ts";

/** Replicates the check draws unless told otherwise (core's default). */
export const DEFAULT_CHECK_REPLICATES = 99;

/** The spec the check-replicates input is checked against. */
export const CHECK_REPLICATES_OPTION: MethodOption = {
  name: "check replicates",
  kind: "integer",
  default: DEFAULT_CHECK_REPLICATES,
  min: 1,
  max: MAX_CHECK_REPLICATES,
  description:
    "Data sets drawn from the fit and refitted to calibrate the p-values; the check costs this many fits. Flags need at least 19 at level 0.05.",
};
