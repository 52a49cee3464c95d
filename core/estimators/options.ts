/**
 * Option values of a fit request checked against the method's declarations,
 * once, for every entry point (API, CLI, workers, experiments).
 *
 * This module is browser compatible.
 * @module
 */
import { FitRequestError } from "./errors.ts";
import type { Estimator, OptionSpec, ResolvedOptions } from "./types.ts";

/**
 * A number written as text (a query string, a command line), or NaN for
 * blank text; `Number` alone would read "" and "  " as 0.
 */
export function numberFromText(text: string): number {
  return text.trim() === "" ? NaN : Number(text);
}

/**
 * Fills defaults and checks each value against its spec. A value may be the
 * option's type or its text, as a query string or command line gives it:
 * "true"/"false" for boolean options, a decimal number for the others.
 *
 * @param estimator the method whose `options` the values are checked against.
 * @param raw option values by name; missing ones take their defaults.
 * @returns every option of the method, validated, typed as the method's
 *   `fit` receives them (e.g. `PaperOptions` for `paperEstimator`).
 * @throws {FitRequestError} (field "options") naming the option for an
 *   unknown name, a value of the wrong kind or one out of range.
 *
 * @example
 * ```ts
 * import { resolveOptions } from "./options.ts";
 * import { getEstimator } from "./registry.ts";
 * console.log(resolveOptions(getEstimator("paper"), { B: "3" }).B); // 3
 * ```
 */
export function resolveOptions<O extends ResolvedOptions>(
  estimator: Estimator<O>,
  raw: Readonly<Record<string, unknown>> = {},
): O {
  for (const name of Object.keys(raw)) {
    if (!estimator.options.some((o) => o.name === name)) {
      const valid = estimator.options.map((o) => o.name).join(", ") || "none";
      throw new FitRequestError(
        "options",
        `Cannot fit with method "${estimator.name}": unknown option "${name}"; valid options are ${valid}`,
      );
    }
  }
  const out: Record<string, number | boolean> = {};
  for (const spec of estimator.options) {
    const value = raw[spec.name];
    out[spec.name] = value === undefined
      ? spec.default
      : readOption(estimator.name, spec, value);
  }
  // Every option of the estimator, checked against the declaration that
  // types O (see `defineEstimator`).
  return out as O;
}

function readOption(
  method: string,
  spec: OptionSpec,
  value: unknown,
): number | boolean {
  const fail = (problem: string) =>
    new FitRequestError(
      "options",
      `Cannot fit with method "${method}": option "${spec.name}" ${problem}`,
    );
  if (spec.kind === "boolean") {
    const v = value === "true" ? true : value === "false" ? false : value;
    if (typeof v !== "boolean") {
      throw fail(`must be true or false, got ${String(value)}`);
    }
    return v;
  }
  const v = typeof value === "string" ? numberFromText(value) : value;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw fail(`must be a finite number, got ${String(value)}`);
  }
  if (spec.kind === "integer" && !Number.isInteger(v)) {
    throw fail(`must be an integer, got ${v}`);
  }
  if (spec.min !== undefined && v < spec.min) {
    throw fail(`must be at least ${spec.min}, got ${v}`);
  }
  if (spec.max !== undefined && v > spec.max) {
    throw fail(`must be at most ${spec.max}, got ${v}`);
  }
  return v;
}
