/**
 * Eigendecomposition of a real symmetric matrix: Householder reduction to
 * tridiagonal form, then implicit symmetric QR steps with Wilkinson shifts
 * (Golub and Van Loan, "Matrix Computations", 4th ed., §8.3).
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "./matrix.ts";
import { checkStop } from "../stop/stop_check.ts";

/** Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order (length d). */
  readonly values: Float64Array;
  /**
   * Eigenvectors as the columns of a (d, d) orthogonal matrix V, column j
   * belonging to `values[j]`, so that A = V diag(values) Vᵀ.
   */
  readonly vectors: Matrix;
}

/** Implicit QR sweeps allowed per eigenvalue before giving up. */
const MAX_SWEEPS_PER_VALUE = 60;

/**
 * Eigenvalues and eigenvectors of the symmetric (d, d) matrix `a`.
 *
 * Only the lower triangle is read after symmetrising as (A + Aᵀ) / 2, so a
 * matrix that is symmetric up to rounding is accepted. Costs about 9 d³
 * flops and two (d, d) work arrays; d = 100 takes milliseconds, d = 1000
 * seconds.
 *
 * @param a symmetric matrix of shape (d, d), finite entries.
 * @returns eigenvalues ascending and the matching orthonormal eigenvectors.
 * @throws {RangeError} when `a` is not square or has a non-finite entry, or
 *   (practically never) when the QR iteration does not converge.
 *
 * @example Eigenvalues of a 2 x 2 matrix
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromRows } from "./matrix.ts";
 * import { symmetricEigen } from "./eigen.ts";
 * const { values } = symmetricEigen(fromRows([[2, 1], [1, 2]]));
 * assert.ok(Math.abs(values[0]! - 1) < 1e-14 && Math.abs(values[1]! - 3) < 1e-14);
 * ```
 */
export function symmetricEigen(a: Matrix): SymmetricEigen {
  const d = a.rows;
  if (a.cols !== d) {
    throw new RangeError(
      `Cannot compute eigenvalues: matrix is ${a.rows} x ${a.cols}, not square`,
    );
  }
  const work = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const x = 0.5 * (a.data[i * d + j]! + a.data[j * d + i]!);
      if (!Number.isFinite(x)) {
        throw new RangeError(
          `Cannot compute eigenvalues: entry (${i}, ${j}) is not finite`,
        );
      }
      work[i * d + j] = x;
      work[j * d + i] = x;
    }
  }
  const diag = new Float64Array(d);
  const off = new Float64Array(Math.max(d - 1, 0));
  // qt holds Qᵀ: row j is the j-th column of Q (contiguous for rotations).
  const qt = tridiagonalize(work, d, diag, off);
  tridiagonalQr(diag, off, qt, d);
  return sortAscending(diag, qt, d);
}

/**
 * Householder reduction A = Q T Qᵀ in place. `work` holds A on entry and is
 * overwritten (row k keeps the k-th Householder vector). Fills the diagonal
 * and off-diagonal of T and returns Qᵀ.
 */
function tridiagonalize(
  work: Float64Array,
  d: number,
  diag: Float64Array,
  off: Float64Array,
): Float64Array {
  const betas = new Float64Array(d);
  const p = new Float64Array(d);
  for (let k = 0; k + 2 < d; k++) {
    checkStop();
    // x = column k below the diagonal = row k right of the diagonal.
    const row = k * d;
    let scale = 0;
    for (let i = k + 1; i < d; i++) scale += Math.abs(work[row + i]!);
    diag[k] = work[row + k]!;
    if (scale === 0) {
      off[k] = 0;
      betas[k] = 0;
      continue;
    }
    let norm2 = 0;
    for (let i = k + 1; i < d; i++) {
      const x = work[row + i]! / scale;
      norm2 += x * x;
    }
    const x0 = work[row + k + 1]!;
    const alpha = (x0 > 0 ? -1 : 1) * scale * Math.sqrt(norm2);
    // v = (x - alpha e1) / unit stored in place of x; H = I - beta v vᵀ.
    // Any scale of v gives the same H; a power of two near the column's
    // size is exact and keeps vᵀv from underflowing when the column's
    // entries are tiny (below 1e-154, whose squares are not normal doubles).
    const unit = 2 ** Math.round(Math.log2(scale));
    work[row + k + 1] = x0 - alpha;
    let vv = 0;
    for (let i = k + 1; i < d; i++) {
      const v = work[row + i]! / unit;
      work[row + i] = v;
      vv += v * v;
    }
    const beta = 2 / vv;
    betas[k] = beta;
    off[k] = alpha;
    // p = beta S v on the trailing block S = A[k+1:, k+1:].
    let pv = 0;
    for (let i = k + 1; i < d; i++) {
      let s = 0;
      const ri = i * d;
      for (let j = k + 1; j < d; j++) s += work[ri + j]! * work[row + j]!;
      p[i] = beta * s;
      pv += p[i]! * work[row + i]!;
    }
    // w = p - (beta/2)(pᵀv) v, then S <- S - v wᵀ - w vᵀ.
    const half = 0.5 * beta * pv;
    for (let i = k + 1; i < d; i++) p[i] = p[i]! - half * work[row + i]!;
    for (let i = k + 1; i < d; i++) {
      const vi = work[row + i]!;
      const wi = p[i]!;
      const ri = i * d;
      for (let j = k + 1; j < d; j++) {
        work[ri + j] = work[ri + j]! - vi * p[j]! - wi * work[row + j]!;
      }
    }
  }
  if (d >= 2) {
    diag[d - 2] = work[(d - 2) * d + d - 2]!;
    off[d - 2] = work[(d - 1) * d + d - 2]!;
  }
  if (d >= 1) diag[d - 1] = work[(d - 1) * d + d - 1]!;

  // Qᵀ = H_{d-3} ⋯ H_0; built as Qᵀ <- Qᵀ H_k for k descending, row by row.
  const qt = new Float64Array(d * d);
  for (let i = 0; i < d; i++) qt[i * d + i] = 1;
  for (let k = d - 3; k >= 0; k--) {
    checkStop();
    const beta = betas[k]!;
    if (beta === 0) continue;
    const row = k * d;
    for (let r = k + 1; r < d; r++) {
      const rr = r * d;
      let s = 0;
      for (let j = k + 1; j < d; j++) s += qt[rr + j]! * work[row + j]!;
      s *= beta;
      if (s === 0) continue;
      for (let j = k + 1; j < d; j++) {
        qt[rr + j] = qt[rr + j]! - s * work[row + j]!;
      }
    }
  }
  return qt;
}

/**
 * Diagonalises the symmetric tridiagonal T (diagonal `diag`, off-diagonal
 * `off`) by implicit QR steps with the Wilkinson shift, rotating the rows of
 * `qt` along so that they end as eigenvectors.
 */
function tridiagonalQr(
  diag: Float64Array,
  off: Float64Array,
  qt: Float64Array,
  d: number,
): void {
  const eps = Number.EPSILON;
  let q = d - 1;
  let sweeps = 0;
  while (q > 0) {
    // Deflate negligible off-diagonals, then find the unreduced block [p, q].
    for (let i = 0; i < q; i++) {
      if (
        Math.abs(off[i]!) <= eps * (Math.abs(diag[i]!) + Math.abs(diag[i + 1]!))
      ) {
        off[i] = 0;
      }
    }
    while (q > 0 && off[q - 1] === 0) q--;
    if (q === 0) break;
    let p = q - 1;
    while (p > 0 && off[p - 1] !== 0) p--;
    if (++sweeps > MAX_SWEEPS_PER_VALUE * d) {
      throw new RangeError(
        `Cannot compute eigenvalues: QR iteration did not converge after ${sweeps} sweeps`,
      );
    }
    checkStop();
    qrStep(diag, off, qt, d, p, q);
  }
}

/** One implicit Wilkinson-shifted QR step on the block [p, q] (bulge chase). */
function qrStep(
  diag: Float64Array,
  off: Float64Array,
  qt: Float64Array,
  d: number,
  p: number,
  q: number,
): void {
  const half = 0.5 * (diag[q - 1]! - diag[q]!);
  const bq = off[q - 1]!;
  const root = Math.hypot(half, bq);
  const mu = diag[q]! - (bq * bq) / (half + (half >= 0 ? root : -root));
  let x = diag[p]! - mu;
  let z = off[p]!;
  for (let k = p; k < q; k++) {
    // Rotation R on (k, k+1) with R [x, z]ᵀ = [r, 0]ᵀ; T <- R T Rᵀ.
    const r = Math.hypot(x, z);
    const c = r === 0 ? 1 : x / r;
    const s = r === 0 ? 0 : z / r;
    if (k > p) off[k - 1] = r;
    const ak = diag[k]!, ak1 = diag[k + 1]!, bk = off[k]!;
    const cs = c * s;
    diag[k] = c * c * ak + 2 * cs * bk + s * s * ak1;
    diag[k + 1] = s * s * ak - 2 * cs * bk + c * c * ak1;
    off[k] = cs * (ak1 - ak) + (c * c - s * s) * bk;
    if (k + 1 < q) {
      const next = off[k + 1]!;
      z = s * next; // the bulge at (k+2, k)
      off[k + 1] = c * next;
      x = off[k]!;
    }
    // Q <- Q Rᵀ: columns k, k+1 of Q are rows k, k+1 of Qᵀ.
    const rk = k * d, rk1 = (k + 1) * d;
    for (let j = 0; j < d; j++) {
      const u = qt[rk + j]!, v = qt[rk1 + j]!;
      qt[rk + j] = c * u + s * v;
      qt[rk1 + j] = c * v - s * u;
    }
  }
}

function sortAscending(
  diag: Float64Array,
  qt: Float64Array,
  d: number,
): SymmetricEigen {
  const order = Array.from({ length: d }, (_, i) => i);
  order.sort((i, j) => diag[i]! - diag[j]!);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  for (let col = 0; col < d; col++) {
    const src = order[col]!;
    values[col] = diag[src]!;
    const row = src * d;
    for (let i = 0; i < d; i++) vectors[i * d + col] = qt[row + i]!;
  }
  return { values, vectors: { rows: d, cols: d, data: vectors } };
}
