/**
 * The parts estimators' costs are made of (see `Estimator.costOf`), so each
 * estimator's file lists its parts with its own constants and nothing else.
 * Work in operations of about a nanosecond, memory in bytes; the constants
 * were measured with `bench/cost_calibration.ts`.
 *
 * This module is browser compatible.
 * @module
 */
import type { CostTerm, EstimatorCost } from "./types.ts";

/** Work per sample entry: column statistics and per-coordinate fits. */
export function marginalFits(
  n: number,
  d: number,
  perEntry: number,
  label = "marginal fits (n · d)",
): CostTerm {
  return { label, amount: perEntry * n * d, reduce: "n or d" };
}

/** Work of a pass over every pair of coordinates of every sample. */
export function pairPass(
  n: number,
  d: number,
  perPair: number,
  label: string,
  reduce = "n or d",
): CostTerm {
  return { label, amount: perPair * n * d * d / 2, reduce };
}

/** Work done once per pair of coordinates (a root find, a Newton solve). */
export function perPair(
  d: number,
  perPairWork: number,
  label: string,
  reduce = "d",
): CostTerm {
  return { label, amount: perPairWork * d * d / 2, reduce };
}

/** Memory of `count` d x d matrices of doubles. */
export function squareMatrices(
  d: number,
  count: number,
  label = "d x d matrices",
): CostTerm {
  return { label, amount: 8 * count * d * d, reduce: "d" };
}

/** Memory of one indicator bit per sample entry. */
export function indicatorBits(n: number, d: number): CostTerm {
  return {
    label: "indicator bits (n · d / 8)",
    amount: n * d / 8,
    reduce: "n or d",
  };
}

/**
 * The paper's angle part (Algorithm 1): joint positive counts on indicator
 * bits, then the angle formula per pair; plus the bits and a few d x d
 * matrices.
 */
export function indicatorAngles(n: number, d: number): EstimatorCost {
  return {
    work: [
      pairPass(n, d, 1 / 8, "pair counts (n · d²/2 pairs, on bits)"),
      perPair(d, 200, "pair angles (d²/2)"),
    ],
    memory: [indicatorBits(n, d), squareMatrices(d, 4)],
  };
}
