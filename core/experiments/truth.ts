/**
 * Random ground truths (W*, b*) as in the paper's Figure 1, plus the bias modes
 * the project also studies.
 *
 * This module is browser compatible.
 * @module
 */
import { gramOfRows, type Matrix } from "../linalg/matrix.ts";
import type { Prng } from "../random/prng.ts";
import { crExp, crLog } from "../special/elementary.ts";
import { fillStandardNormal, standardNormal } from "../random/normal.ts";

/**
 * How b* is drawn: `relu` is max(0, N(0, 1)) per coordinate (the paper's
 * setting), `zero` is b* = 0, `negative` is N(-0.5, 0.5²) (b* mostly below 0).
 */
export type BiasMode = "relu" | "zero" | "negative";

export const BIAS_MODES: readonly BiasMode[] = ["relu", "zero", "negative"];

/** Shape and conditioning of a random truth. */
export interface TruthSpec {
  /** Output dimension (rows of W). */
  readonly d: number;
  /** Latent dimension (columns of W). */
  readonly k: number;
  /** Condition number of W Wᵀ restricted to its range (1 = orthonormal). */
  readonly kappa: number;
  readonly bias: BiasMode;
}

/** A ground truth: W (d x k), b (d) and Sigma = W Wᵀ. */
export interface Truth {
  readonly w: Matrix;
  readonly b: Float64Array;
  readonly sigma: Matrix;
}

/**
 * W* = U diag(λ⁰, λ⁻¹, …, λ^-(m-1)) R with m = min(d, k), U (d x m) and R
 * (m x k) Haar-random with orthonormal columns / rows, λ = sqrt(kappa)^(1/(m-1)).
 * For d = k this is the paper's generator (R = I): W Wᵀ has condition number kappa.
 */
export function randomTruth(spec: TruthSpec, prng: Prng): Truth {
  const { d, k, kappa, bias } = spec;
  if (!Number.isInteger(d) || d < 1 || !Number.isInteger(k) || k < 1) {
    throw new RangeError(
      `Cannot draw a truth: d and k must be positive integers, got d = ${d}, k = ${k}`,
    );
  }
  if (!(kappa >= 1) || !Number.isFinite(kappa)) {
    throw new RangeError(
      `Cannot draw a truth: kappa must be a finite number >= 1, got ${kappa}`,
    );
  }
  const m = Math.min(d, k);
  const u = orthonormalColumns(d, m, prng); // d x m
  // λ^−j = kappa^(−j / (2 (m − 1))), from correctly rounded exp and log so
  // that a seed gives the same truth on every runtime.
  const logKappa = crLog(kappa);
  const scale = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    scale[j] = j === 0 ? 1 : crExp((-j * logKappa) / (2 * (m - 1)));
  }
  const w = new Float64Array(d * k);
  if (k === m) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < m; j++) {
        w[i * k + j] = u.data[i * m + j]! * scale[j]!;
      }
    }
  } else {
    const rt = orthonormalColumns(k, m, prng); // k x m, so R = rtᵀ
    for (let i = 0; i < d; i++) {
      for (let t = 0; t < k; t++) {
        let s = 0;
        for (let j = 0; j < m; j++) {
          s += u.data[i * m + j]! * scale[j]! * rt.data[t * m + j]!;
        }
        w[i * k + t] = s;
      }
    }
  }
  const b = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const g = standardNormal(prng);
    b[i] = bias === "relu"
      ? Math.max(0, g)
      : bias === "negative"
      ? -0.5 + 0.5 * g
      : 0;
  }
  const wm: Matrix = { rows: d, cols: k, data: w };
  return { w: wm, b, sigma: gramOfRows(wm) };
}

/** Q of a QR factorization of a Gaussian (rows x cols) matrix, signs fixed so Q is Haar. */
function orthonormalColumns(rows: number, cols: number, prng: Prng): Matrix {
  const q = fillStandardNormal(prng, new Float64Array(rows * cols));
  for (let j = 0; j < cols; j++) {
    // Modified Gram–Schmidt, twice for orthogonality to machine precision.
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) {
          dot += q[i * cols + j]! * q[i * cols + p]!;
        }
        for (let i = 0; i < rows; i++) {
          q[i * cols + j]! -= dot * q[i * cols + p]!;
        }
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) {
      const x = q[i * cols + j]!;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) q[i * cols + j]! /= norm;
  }
  return { rows, cols, data: q };
}
