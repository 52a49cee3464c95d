/**
 * Bookkeeping of bootstrap refits shared by `modelCheck` and
 * `parametricRefits`: shape checks and failure counts.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import type { FittedModel } from "./parametric_refits.ts";
import { rethrowStop } from "../stop/stop_check.ts";

/** Counts refits that throw, keeping the first few distinct messages. */
export class RefitFailures {
  count = 0;
  readonly reasons: string[] = [];

  /** `refit(x)`, or undefined after recording why it threw. */
  attempt(
    refit: (x: Matrix) => FittedModel,
    x: Matrix,
    check?: (fit: FittedModel) => void,
  ): FittedModel | undefined {
    try {
      const result = refit(x);
      check?.(result);
      return result;
    } catch (e) {
      rethrowStop(e);
      this.count++;
      const reason = e instanceof Error ? e.message : String(e);
      if (this.reasons.length < 3 && !this.reasons.includes(reason)) {
        this.reasons.push(reason);
      }
      return undefined;
    }
  }
}

/** Throws unless `fit` has b of length d and a finite d × d Sigma. */
export function checkFit(fit: FittedModel, d: number, what: string): void {
  const { b, sigma } = fit;
  if (b.length !== d || sigma.rows !== d || sigma.cols !== d) {
    throw new RangeError(
      `Cannot check the model: ${what} has b of length ${b.length} and Sigma ${sigma.rows} x ${sigma.cols}, the data ${d} columns`,
    );
  }
  if (!b.every(Number.isFinite) || !sigma.data.every(Number.isFinite)) {
    throw new RangeError(
      `Cannot check the model: ${what} has non-finite entries in b or Sigma`,
    );
  }
}
