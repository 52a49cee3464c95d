/**
 * The error a fit request that cannot be used throws: an unknown method, a
 * bad seed, bootstrap count, option, model check setting or rank.
 *
 * This module is browser compatible.
 * @module
 */

/** The part of a fit request that is wrong. */
export type FitRequestField =
  | "method"
  | "seed"
  | "bootstrap"
  | "options"
  | "check"
  | "rank";

/**
 * A fit request that cannot be used, before any work is done. A `RangeError`
 * (its `name` too, so it crosses a worker boundary as one), so callers that
 * treat `RangeError` as bad input treat it alike; `field` says which part of
 * the request is wrong (the HTTP API answers an unknown method with its own
 * error code).
 *
 * @example
 * ```ts
 * import { FitRequestError } from "./errors.ts";
 * import { prepareFit } from "./prepare.ts";
 * try {
 *   prepareFit({ method: "nope" });
 * } catch (e) {
 *   console.log(e instanceof FitRequestError && e.field); // method
 * }
 * ```
 */
export class FitRequestError extends RangeError {
  /** Which part of the request is wrong. */
  readonly field: FitRequestField;

  /**
   * @param field the part of the request that is wrong.
   * @param message the whole message, "Cannot fit…: <problem>".
   */
  constructor(field: FitRequestField, message: string) {
    super(message);
    this.field = field;
  }
}
