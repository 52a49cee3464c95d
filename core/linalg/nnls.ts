/**
 * Non-negative least squares in normal-equation form, for small systems.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "./matrix.ts";

/** Tunables of {@linkcode nnlsGram}. */
export interface NnlsOptions {
  /**
   * Largest number of outer (variable-adding) steps.
   * @default {3 * m + 10}
   */
  readonly maxIter?: number;
  /**
   * A free variable's gradient counts as zero below `tolerance * max|c|`.
   * @default {1e-12}
   */
  readonly tolerance?: number;
}

/** The solution of a non-negative least-squares problem. */
export interface NnlsResult {
  /** The minimiser, every entry ≥ 0 (length m). */
  readonly x: Float64Array;
  /** Outer steps taken. */
  readonly iterations: number;
  /** Whether the optimality conditions held at the end. */
  readonly converged: boolean;
}

/**
 * Minimises ½ xᵀ Q x − cᵀ x subject to x ≥ 0, which is
 * min ‖H x − y‖² over x ≥ 0 with Q = Hᵀ H and c = Hᵀ y. This is the
 * active-set method of Lawson and Hanson (1974, ch. 23) run on the normal
 * equations, so only the m x m Gram matrix is needed; fine for small m, and
 * exact (to rounding) when the unconstrained minimiser is already ≥ 0.
 *
 * @param q symmetric positive definite (m x m) matrix Hᵀ H.
 * @param c vector Hᵀ y (length m).
 * @returns the minimiser and the number of steps.
 * @throws {RangeError} when shapes disagree or an entry is not finite.
 * Cost: O(m⁴) in the worst case (an m x m Cholesky per step), O(m²) memory.
 *
 * @example Solve a 2 x 2 problem whose unconstrained solution is negative
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromRows } from "./matrix.ts";
 * import { nnlsGram } from "./nnls.ts";
 * const { x } = nnlsGram(fromRows([[1, 0], [0, 1]]), Float64Array.of(2, -1));
 * assert.deepEqual(Array.from(x), [2, 0]);
 * ```
 */
export function nnlsGram(
  q: Matrix,
  c: Float64Array,
  options: NnlsOptions = {},
): NnlsResult {
  const m = c.length;
  if (q.rows !== m || q.cols !== m) {
    throw new RangeError(
      `Cannot solve NNLS: Q is ${q.rows} x ${q.cols} but c has ${m} entries`,
    );
  }
  let scale = 0;
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(c[i]!)) {
      throw new RangeError(`Cannot solve NNLS: c[${i}] is not finite`);
    }
    scale = Math.max(scale, Math.abs(c[i]!));
  }
  for (let i = 0; i < m * m; i++) {
    if (!Number.isFinite(q.data[i]!)) {
      throw new RangeError(
        `Cannot solve NNLS: Q has a non-finite entry at row ${
          Math.floor(i / m)
        }`,
      );
    }
  }
  const maxIter = options.maxIter ?? 3 * m + 10;
  const tol = (options.tolerance ?? 1e-12) * (scale > 0 ? scale : 1);
  const x = new Float64Array(m);
  const free = new Uint8Array(m);
  const gradient = new Float64Array(m);
  const trial = new Float64Array(m);
  const scratch = new Float64Array(m * m);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    // Negative gradient c − Q x; the most positive entry among the bound
    // variables is the one whose release lowers the objective most.
    let best = -1;
    let bestValue = tol;
    for (let i = 0; i < m; i++) {
      let g = c[i]!;
      for (let j = 0; j < m; j++) g -= q.data[i * m + j]! * x[j]!;
      gradient[i] = g;
      if (!free[i] && g > bestValue) {
        best = i;
        bestValue = g;
      }
    }
    if (best < 0) {
      converged = true;
      break;
    }
    iterations++;
    free[best] = 1;
    // Inner loop: step towards the free-set solution, dropping variables
    // that would turn negative.
    for (let inner = 0; inner <= m; inner++) {
      if (!solveFree(q, c, free, trial, scratch)) {
        // Singular free block: keep the last feasible point.
        free[best] = 0;
        return { x, iterations, converged: false };
      }
      let alpha = 1;
      let blocking = -1;
      for (let i = 0; i < m; i++) {
        if (free[i] && trial[i]! <= 0) {
          const gap = x[i]! - trial[i]!;
          const a = gap > 0 ? x[i]! / gap : 0;
          if (blocking < 0 || a < alpha) {
            alpha = a;
            blocking = i;
          }
        }
      }
      if (blocking < 0) {
        for (let i = 0; i < m; i++) x[i] = free[i] ? trial[i]! : 0;
        break;
      }
      // Move to the boundary and bind the variable that reached it.
      for (let i = 0; i < m; i++) {
        if (!free[i]) continue;
        x[i] = x[i]! + alpha * (trial[i]! - x[i]!);
        if (i === blocking || x[i]! <= 0) {
          x[i] = 0;
          free[i] = 0;
        }
      }
    }
  }
  return { x, iterations, converged };
}

/**
 * Solves Q_FF t_F = c_F on the free set F by Cholesky, writing 0 elsewhere.
 * Returns false when Q_FF is not positive definite.
 */
function solveFree(
  q: Matrix,
  c: Float64Array,
  free: Uint8Array,
  out: Float64Array,
  l: Float64Array,
): boolean {
  const m = c.length;
  const idx: number[] = [];
  for (let i = 0; i < m; i++) if (free[i]) idx.push(i);
  const p = idx.length;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = q.data[idx[i]! * m + idx[j]!]!;
      for (let t = 0; t < j; t++) s -= l[i * p + t]! * l[j * p + t]!;
      if (i === j) {
        if (!(s > 0)) return false;
        l[i * p + i] = Math.sqrt(s);
      } else {
        l[i * p + j] = s / l[j * p + j]!;
      }
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = c[idx[i]!]!;
    for (let t = 0; t < i; t++) s -= l[i * p + t]! * y[t]!;
    y[i] = s / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let t = i + 1; t < p; t++) s -= l[t * p + i]! * y[t]!;
    y[i] = s / l[i * p + i]!;
  }
  out.fill(0);
  for (let i = 0; i < p; i++) out[idx[i]!] = y[i]!;
  return true;
}
