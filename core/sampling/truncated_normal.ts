/**
 * Exact draws from a normal distribution truncated to (lower, ∞).
 *
 * Near the body the sampler rejects from N(0, 1); beyond a standardized lower
 * point of 0.257 it rejects from a shifted exponential with Robert's optimal
 * rate (Robert, "Simulation of truncated normal variables", 1995), whose
 * acceptance rate rises to 1 as the point moves into the tail. Expected draws
 * per sample stay below 1.6 for every truncation point, so kept mass of 1e-300
 * costs the same as kept mass of 1/2.
 *
 * This module is browser compatible.
 * @module
 */
import type { Prng } from "../random/prng.ts";
import { standardNormal } from "../random/normal.ts";

/** Where exponential rejection starts to beat plain normal rejection. */
const EXPONENTIAL_FROM = 0.2570;

/** One draw of N(0, 1) conditioned on being greater than `a`. */
export function standardNormalAbove(prng: Prng, a: number): number {
  if (Number.isNaN(a)) {
    throw new RangeError(
      "Cannot draw a truncated normal: truncation point is NaN",
    );
  }
  if (a === Infinity) {
    throw new RangeError(
      "Cannot draw a truncated normal: no mass above +Infinity",
    );
  }
  if (a < EXPONENTIAL_FROM) {
    for (;;) {
      const z = standardNormal(prng);
      if (z > a) return z;
    }
  }
  const rate = (a + Math.sqrt(a * a + 4)) / 2;
  for (;;) {
    // 1 - prng() lies in (0, 1], so the log is finite.
    const z = a - Math.log(1 - prng()) / rate;
    const gap = z - rate;
    if (prng() <= Math.exp(-0.5 * gap * gap)) return z;
  }
}

/**
 * One draw of N(mu, sigma²) conditioned on being greater than `lower`.
 * Throws `RangeError` for sigma ≤ 0 or non-finite parameters.
 */
export function normalAbove(
  prng: Prng,
  mu: number,
  sigma: number,
  lower: number,
): number {
  if (!(sigma > 0) || !Number.isFinite(sigma) || !Number.isFinite(mu)) {
    throw new RangeError(
      `Cannot draw a truncated normal: need finite mu and sigma > 0, got mu = ${mu}, sigma = ${sigma}`,
    );
  }
  return mu + sigma * standardNormalAbove(prng, (lower - mu) / sigma);
}

/** Fills `out` with draws of N(mu, sigma²) conditioned on being greater than `lower`. */
export function fillNormalAbove(
  prng: Prng,
  mu: number,
  sigma: number,
  lower: number,
  out: Float64Array,
): Float64Array {
  normalAbove(prng, mu, sigma, lower); // validates once; the draw is discarded
  const a = (lower - mu) / sigma;
  for (let i = 0; i < out.length; i++) {
    out[i] = mu + sigma * standardNormalAbove(prng, a);
  }
  return out;
}
