/**
 * What a request costs, as `fitCost`, `sampleCost` and `experimentCost`
 * report it: its work and memory by part, and the size of its answer.
 *
 * This module is browser compatible.
 * @module
 */
import type { CostTerm } from "../estimators/types.ts";

/** What a request costs, largest parts first. */
export interface RequestCost {
  /** Total work, in operations (about a nanosecond each on a current core). */
  readonly totalWork: number;
  /** Memory held at once, in bytes. */
  readonly totalMemory: number;
  /** Bytes of the answer. */
  readonly answerBytes: number;
  /** The parts of the work, largest first. */
  readonly work: readonly CostTerm[];
  /** The parts of the memory, largest first. */
  readonly memory: readonly CostTerm[];
}

/** The sum of `terms`' amounts. */
function total(terms: readonly CostTerm[]): number {
  let sum = 0;
  for (const t of terms) sum += t.amount;
  return sum;
}

/** Largest first; empty parts left out. */
function sorted(terms: readonly CostTerm[]): CostTerm[] {
  return terms.filter((t) => t.amount > 0).sort((a, b) => b.amount - a.amount);
}

/**
 * A cost from its parts: totals summed, parts sorted largest first.
 *
 * @param work the parts of the work, in operations.
 * @param memory the parts of the memory, in bytes.
 * @param answerBytes the size of the answer.
 */
export function requestCost(
  work: readonly CostTerm[],
  memory: readonly CostTerm[],
  answerBytes: number,
): RequestCost {
  return {
    totalWork: total(work),
    totalMemory: total(memory),
    answerBytes,
    work: sorted(work),
    memory: sorted(memory),
  };
}

/**
 * `cost`'s parts times `factor`, each label prefixed (e.g. a bootstrap's
 * replicates, or the runs of an experiment).
 */
export function scaleTerms(
  terms: readonly CostTerm[],
  factor: number,
  prefix: string,
): CostTerm[] {
  return terms.map((t) => ({
    label: `${prefix}${t.label}`,
    amount: t.amount * factor,
    reduce: t.reduce,
  }));
}
