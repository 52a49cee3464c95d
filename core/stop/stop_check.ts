/**
 * Cooperative stopping of long computations: the outer loops of the
 * estimators, kernels, linear algebra and samplers call `checkStop()` at
 * bounded intervals (at most a few milliseconds of work apart at the cost
 * model's largest sizes), and a caller that may need to stop them runs them
 * inside `withStopCheck`. When its check says stop, the next `checkStop()`
 * throws `StoppedError`, which unwinds the computation.
 *
 * The check is held per thread for the duration of one synchronous call, not
 * passed down as a parameter: it is no input of the computation (it changes
 * no result, only whether there is one), and a thread computes one thing at a
 * time. Outside `withStopCheck`, `checkStop()` does nothing.
 *
 * Why cooperative: a Web Worker busy in a synchronous loop does not stop on
 * `terminate()` in Deno 2.9 (it runs until its job returns), so a job that
 * runs past its deadline must stop itself.
 *
 * This module is browser compatible.
 * @module
 */

/** Message of `StoppedError`. */
export const STOPPED_MESSAGE = "Cannot finish the computation: it was stopped";

/**
 * Thrown by `checkStop()` once the check of the enclosing `withStopCheck`
 * says stop. Its `name` is "StoppedError", so it is recognised after
 * crossing a worker boundary as data.
 */
export class StoppedError extends Error {
  constructor(message: string = STOPPED_MESSAGE) {
    super(message);
    this.name = "StoppedError";
  }
}

/**
 * Throws `error` again when it is a `StoppedError`: for `catch` blocks that
 * record a failed step and go on, so that a stop is not taken for a failure.
 *
 * @param error what the `catch` caught.
 * @throws {StoppedError} `error`, when it is one.
 */
export function rethrowStop(error: unknown): void {
  if (error instanceof StoppedError) throw error;
}

/** Whether to stop now; called at every `checkStop()`, so it must be cheap. */
export type StopCheck = () => boolean;

let current: StopCheck | null = null;

/**
 * Throws `StoppedError` when the enclosing `withStopCheck`'s check says
 * stop; does nothing outside one.
 *
 * @throws {StoppedError} once the computation should stop.
 */
export function checkStop(): void {
  if (current !== null && current()) throw new StoppedError();
}

/**
 * Runs `fn` with `isStopped` as the check of every `checkStop()` it
 * reaches, then restores the previous check (nested calls see the
 * innermost). The check covers `fn`'s synchronous run only: an async `fn`
 * is checked up to its first `await`, and the promise is returned as it is.
 *
 * @param isStopped whether to stop now (e.g. a flag in shared memory).
 * @param fn the computation.
 * @returns what `fn` returns.
 * @throws {StoppedError} when `fn` reached a `checkStop()` after
 *   `isStopped()` turned true; whatever else `fn` throws.
 *
 * @example Stopping a loop
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkStop, StoppedError, withStopCheck } from "./stop_check.ts";
 * let steps = 0;
 * assert.throws(
 *   () =>
 *     withStopCheck(() => steps >= 3, () => {
 *       for (;;) {
 *         checkStop();
 *         steps++;
 *       }
 *     }),
 *   StoppedError,
 * );
 * assert.equal(steps, 3);
 * checkStop(); // outside withStopCheck: nothing happens
 * ```
 */
export function withStopCheck<T>(isStopped: StopCheck, fn: () => T): T {
  const previous = current;
  current = isStopped;
  try {
    return fn();
  } finally {
    current = previous;
  }
}
