/**
 * Exact draws from a normal distribution truncated to (lower, ∞).
 *
 * Near the body the sampler rejects from N(0, 1) (from |Z| for a lower point
 * in [0, 0.257), which halves the rejections); beyond 0.257 it rejects from a shifted exponential with Robert's optimal
 * rate (Robert, "Simulation of truncated normal variables", 1995), whose
 * acceptance rate rises to 1 as the point moves into the tail; at 0.257 both
 * schemes accept about 80% of tries. Expected tries per sample stay below 1.26
 * for every point a ≥ 0 and below 2 for a < 0, so kept mass of 1e-300 costs
 * the same as kept mass of 1/2.
 *
 * This module is browser compatible.
 * @module
 */
import type { Prng } from "../random/prng.ts";
import { standardNormal } from "../random/normal.ts";
import { crExp, crLog } from "../special/elementary.ts";

/** Where exponential rejection starts to beat rejection from |Z|. */
const EXPONENTIAL_FROM = 0.2570;

/** One draw of N(0, 1) conditioned on being greater than `a`. */
export function standardNormalAbove(prng: Prng, a: number): number {
  checkPoint(a);
  if (a < 0) {
    for (;;) {
      const z = standardNormal(prng);
      if (z > a) return z;
    }
  }
  if (a < EXPONENTIAL_FROM) {
    // For a ≥ 0, Z given Z > a has the law of |Z| given |Z| > a (both have
    // density ∝ φ on (a, ∞)), and |Z| passes twice as often as Z.
    for (;;) {
      const z = Math.abs(standardNormal(prng));
      if (z > a) return z;
    }
  }
  return exponentialTail(prng, a, (a + Math.sqrt(a * a + 4)) / 2);
}

/**
 * Fills `out` with draws of N(0, 1) conditioned on being greater than `a`:
 * the same numbers, from the same uniforms, as `out.length` calls of
 * `standardNormalAbove`, but faster near the body, where a 50/50 accept test
 * would stall the processor on mispredicted branches: every draw is written,
 * and the write position moves on only when it is kept.
 */
export function fillStandardNormalAbove(
  prng: Prng,
  a: number,
  out: Float64Array,
): Float64Array {
  checkPoint(a);
  const n = out.length;
  if (a < 0) {
    for (let kept = 0; kept < n;) {
      const z = standardNormal(prng);
      out[kept] = z;
      kept += Number(z > a);
    }
  } else if (a < EXPONENTIAL_FROM) {
    for (let kept = 0; kept < n;) {
      const z = Math.abs(standardNormal(prng));
      out[kept] = z;
      kept += Number(z > a);
    }
  } else {
    const rate = (a + Math.sqrt(a * a + 4)) / 2;
    for (let i = 0; i < n; i++) out[i] = exponentialTail(prng, a, rate);
  }
  return out;
}

/**
 * Robert's exponential rejection for Z given Z > a, a ≥ 0.257, at `rate`.
 * The test u ≤ exp(−y) is settled without the exponential by
 * 1 − y ≤ exp(−y) ≤ 1 − y + y²/2 unless u falls between the two bounds.
 */
function exponentialTail(prng: Prng, a: number, rate: number): number {
  for (;;) {
    // 1 - prng() lies in (0, 1], so the log is finite.
    const z = a - crLog(1 - prng()) / rate;
    const gap = z - rate;
    const y = 0.5 * gap * gap;
    const u = prng();
    if (u <= 1 - y) return z;
    if (u > 1 - y + 0.5 * y * y) continue;
    if (u <= crExp(-y)) return z;
  }
}

function checkPoint(a: number): void {
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
  checkScale(mu, sigma);
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
  checkScale(mu, sigma);
  fillStandardNormalAbove(prng, (lower - mu) / sigma, out);
  for (let i = 0; i < out.length; i++) out[i] = mu + sigma * out[i];
  return out;
}

function checkScale(mu: number, sigma: number): void {
  if (!(sigma > 0) || !Number.isFinite(sigma) || !Number.isFinite(mu)) {
    throw new RangeError(
      `Cannot draw a truncated normal: need finite mu and sigma > 0, got mu = ${mu}, sigma = ${sigma}`,
    );
  }
}
