/**
 * The paper's Algorithms 2 (NormBiasEst) and 3 (ProjSGD): mean and variance of
 * a normal distribution from samples truncated to (0, ∞), by projected
 * stochastic gradient descent on the negative log-likelihood in the natural
 * parameters v = [1/σ², μ/σ²] (Daskalakis, Gouleakis, Tzamos, Zampetakis,
 * 2018, as adapted in Section 4.2 of Wu, Dimakis and Sanghavi, 2019).
 *
 * Private to the paper estimator.
 * @module
 */
import type { Prng } from "../random/prng.ts";
import { fillStandardNormalAbove } from "../sampling/truncated_normal.ts";
import { checkStop } from "../stop/stop_check.ts";

/** Hyper-parameters of Algorithms 2 and 3. */
export interface NormBiasSettings {
  /** Number of batches B the samples are split into (Algorithm 2, step 2). */
  readonly batches: number;
  /** Radius r of the domain D_r = {1/r ≤ v1 ≤ r, |v2| ≤ r} (equation 8). */
  readonly radius: number;
  /** λ of the step size 1 / (λ t) (Algorithm 3, step 4). */
  readonly lambda: number;
  /** Samples per gradient step, and fresh truncated-normal draws per step. */
  readonly minibatch: number;
}

/** Mean and variance of the untruncated normal, and what the descent did. */
export interface NormBiasEstimate {
  /** Estimated mean μ (the bias, before clamping). */
  readonly mu: number;
  /** Estimated variance σ² (the squared row norm of W). */
  readonly variance: number;
  /** Gradient steps summed over batches. */
  readonly steps: number;
  /** Steps whose iterate left D_r and was projected back. */
  readonly projectedSteps: number;
  /** Batches too small for one step, whose estimate is the start point. */
  readonly emptyBatches: number;
}

/**
 * Algorithm 2 on the positive values `values` (in row order), whose mean
 * `mean` the caller has from the column statistics (the same in-order sum
 * over the count a pass over `values` gives).
 *
 * The values are standardised in place by their mean μ0 and population
 * standard deviation s0 (equation 7; s0 from a pass over the values, free of
 * the cancellation in the column's sum of squares), so the truncation point
 * becomes −μ0/s0; they are split into `batches` contiguous batches in their
 * given order, ProjSGD runs on each, and the batch estimate with the smallest
 * summed Euclidean distance to the others is mapped back: σ² = s0²/v1,
 * μ = μ0 + v2 s0 / v1.
 *
 * Needs at least 2 values, not all equal (s0 > 0); the caller treats other
 * coordinates as degenerate. Draws from `prng` in a fixed order.
 */
export function normBiasEst(
  values: Float64Array,
  mean: number,
  settings: NormBiasSettings,
  prng: Prng,
): NormBiasEstimate {
  const count = values.length;
  let squares = 0;
  for (let i = 0; i < count; i++) {
    const c = values[i] - mean;
    squares += c * c;
  }
  const scale = Math.sqrt(squares / count);
  for (let i = 0; i < count; i++) values[i] = (values[i] - mean) / scale;
  const threshold = -mean / scale;

  const { batches } = settings;
  const v1s = new Float64Array(batches);
  const v2s = new Float64Array(batches);
  const out = new Float64Array(2);
  let steps = 0, projectedSteps = 0, emptyBatches = 0;
  for (let k = 0; k < batches; k++) {
    const start = Math.floor((k * count) / batches);
    const end = Math.floor(((k + 1) * count) / batches);
    const run = projSgd(values, start, end, threshold, settings, prng, out);
    v1s[k] = out[0];
    v2s[k] = out[1];
    steps += run.steps;
    projectedSteps += run.projected;
    if (run.steps === 0) emptyBatches++;
  }
  const pick = mostCentral(v1s, v2s);
  const v1 = v1s[pick], v2 = v2s[pick];
  return {
    mu: mean + (v2 * scale) / v1,
    variance: (scale * scale) / v1,
    steps,
    projectedSteps,
    emptyBatches,
  };
}

/**
 * Algorithm 3 on the standardised samples xs[start .. end): one pass in
 * minibatches of `minibatch` (T = floor((end − start) / minibatch) steps),
 * each step comparing the minibatch's moments with those of as many fresh
 * draws from the current truncated normal N(v2/v1, 1/v1) on (threshold, ∞).
 * Writes the average of the iterates v(1) … v(T) to `out` ([1, 0] when
 * T = 0).
 */
function projSgd(
  xs: Float64Array,
  start: number,
  end: number,
  threshold: number,
  settings: NormBiasSettings,
  prng: Prng,
  out: Float64Array,
): { steps: number; projected: number } {
  const { radius, lambda, minibatch } = settings;
  const lowV1 = 1 / radius;
  const steps = Math.floor((end - start) / minibatch);
  let v1 = 1, v2 = 0;
  let sum1 = 0, sum2 = 0;
  let projected = 0;
  const draws = new Float64Array(minibatch);
  for (let t = 1; t <= steps; t++) {
    if ((t & 255) === 0) checkStop();
    const from = start + (t - 1) * minibatch;
    let sx = 0, sxx = 0;
    for (let i = from; i < from + minibatch; i++) {
      const x = xs[i];
      sx += x;
      sxx += x * x;
    }
    // Fresh draws from the model at the current iterate, mean v2/v1, sd 1/sqrt(v1).
    const mu = v2 / v1;
    const sd = 1 / Math.sqrt(v1);
    const a = (threshold - mu) / sd;
    let sz = 0, szz = 0;
    fillStandardNormalAbove(prng, a, draws);
    for (let i = 0; i < minibatch; i++) {
      const z = mu + sd * draws[i];
      sz += z;
      szz += z * z;
    }
    // Gradient of the negative log-likelihood, equation (6), averaged.
    const g1 = (0.5 * (sxx - szz)) / minibatch;
    const g2 = (sz - sx) / minibatch;
    const step = 1 / (lambda * t);
    v1 -= g1 * step;
    v2 -= g2 * step;
    // Projection onto D_r (equation 8) is a clamp of each coordinate.
    let moved = false;
    if (v1 < lowV1) {
      v1 = lowV1;
      moved = true;
    } else if (v1 > radius) {
      v1 = radius;
      moved = true;
    }
    if (v2 < -radius) {
      v2 = -radius;
      moved = true;
    } else if (v2 > radius) {
      v2 = radius;
      moved = true;
    }
    if (moved) projected++;
    sum1 += v1;
    sum2 += v2;
  }
  out[0] = steps > 0 ? sum1 / steps : 1;
  out[1] = steps > 0 ? sum2 / steps : 0;
  return { steps, projected };
}

/** Index of the point with the smallest summed distance to all others (first on ties). */
function mostCentral(v1s: Float64Array, v2s: Float64Array): number {
  let best = 0, bestSum = Infinity;
  for (let i = 0; i < v1s.length; i++) {
    let s = 0;
    for (let j = 0; j < v1s.length; j++) {
      s += Math.hypot(v1s[i] - v1s[j], v2s[i] - v2s[j]);
    }
    if (s < bestSum) {
      bestSum = s;
      best = i;
    }
  }
  return best;
}
