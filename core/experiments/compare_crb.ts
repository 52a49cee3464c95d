/**
 * The Cramér–Rao column of the method comparison: for each setting, the
 * errors the bound implies at the very truths the comparison draws (the
 * seeding of `compare.ts` and `run.ts`), averaged over its runs.
 *
 * Per truth, `crbErrors` gives the exact CRB-implied mean err_sigma and
 * err_b when d ≤ 3 or Σ is diagonal (κ = 1 with k = d: then Σ = c·I), and
 * per-entry bounds otherwise, whose root mean squares are pooled as root
 * mean squares over the runs (the `kind` says which). With k < d the true Σ is singular and there is no
 * bound: the setting's entry is null.
 *
 * This module is browser compatible.
 * @module
 */
import { crbErrors, type CrbKind } from "../fisher/crb_errors.ts";
import { createPrng, deriveSeed } from "../random/prng.ts";
import type { CompareSetting } from "./compare.ts";
import { randomTruth, type Truth } from "./truth.ts";

/** The bound's errors for one setting, averaged over its runs' truths. */
export interface CompareCrb {
  /**
   * "exact": mean errors over the runs; "per-entry": root mean squares over
   * the runs (see `crbErrors`).
   */
  readonly kind: CrbKind;
  readonly errSigma: number;
  readonly errB: number;
}

/**
 * The CRB-implied errors of setting `index` of a comparison with `runs`
 * runs and seed `seed`, at the truths its runs draw; null when k < d.
 *
 * Cost: `runs` × `crbErrors` at d (d one-dimensional informations when Σ is
 * diagonal, d (d − 1) / 2 bivariate ones, about 10 ms each, otherwise).
 *
 * @example The d = 5, κ = 1 setting of the comparison
 * ```ts
 * import { compareSettings } from "./compare.ts";
 * import { compareCrb } from "./compare_crb.ts";
 * const settings = compareSettings();
 * console.log(compareCrb(settings[1]!, 1, 3, 0)); // exact, about 0.0030 / 0.0024
 * ```
 */
export function compareCrb(
  setting: CompareSetting,
  index: number,
  runs: number,
  seed = 0,
): CompareCrb | null {
  if (setting.k < setting.d) return null;
  let errSigma = 0;
  let errB = 0;
  let kind: CrbKind = "exact";
  for (const truth of compareTruths(setting, index, runs, seed)) {
    const crb = crbErrors(truth, setting.n);
    kind = crb.kind;
    // Mean errors average; root mean squares average as squares.
    errSigma += crb.errSigma.mean ?? crb.errSigma.rms ** 2;
    errB += crb.errB.mean ?? crb.errB.rms ** 2;
  }
  const exact = kind === "exact";
  return {
    kind,
    errSigma: exact ? errSigma / runs : Math.sqrt(errSigma / runs),
    errB: exact ? errB / runs : Math.sqrt(errB / runs),
  };
}

/**
 * The truths the runs of setting `index` of a comparison draw, in run
 * order: the seeding of `compareSpecs` (experiment seed) and
 * `runExperimentSteps` (point 0).
 */
export function* compareTruths(
  setting: CompareSetting,
  index: number,
  runs: number,
  seed = 0,
): Generator<Truth> {
  const valueSeed = deriveSeed(deriveSeed(seed, index), 0);
  for (let run = 0; run < runs; run++) {
    const runSeed = deriveSeed(valueSeed, run);
    yield randomTruth(setting, createPrng(deriveSeed(runSeed, 0)));
  }
}
