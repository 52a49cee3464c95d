/**
 * The error for a result the store will not keep.
 *
 * @module
 */

/**
 * A result (with the run's own fields) larger than the store's
 * `maxResultBytes`. Thrown before anything is written. A `RangeError`, so an
 * unhandled one is still a clear 422; routes answer 413 with `code`.
 */
export class ResultTooLargeError extends RangeError {
  /** The API error code. */
  readonly code = "result_too_large";
  /** Bytes the result would take. */
  readonly bytes: number;
  /** The limit it exceeds. */
  readonly limit: number;

  constructor(bytes: number, limit: number) {
    super(
      `Cannot store the result: it takes ${bytes} bytes, more than the limit of ${limit} bytes (MAX_RESULT_BYTES)`,
    );
    this.name = "ResultTooLargeError";
    this.bytes = bytes;
    this.limit = limit;
  }
}
