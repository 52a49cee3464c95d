/**
 * Estimators by name, and option validation shared by every entry point.
 *
 * This module is browser compatible.
 * @module
 */
import type { Estimator, OptionSpec, ResolvedOptions } from "./types.ts";
import { paperEstimator } from "./paper.ts";
import { truncMleEstimator } from "./trunc_mle.ts";
import { censoredEstimator } from "./censored.ts";
import { censoredMomentEstimator } from "./censored_moment.ts";
import { pairwiseMleEstimator } from "./pairwise_mle.ts";
import { createTwoLayerEstimator } from "./two_layer.ts";

const ESTIMATORS: readonly Estimator[] = [
  paperEstimator,
  truncMleEstimator,
  censoredEstimator,
  censoredMomentEstimator,
  pairwiseMleEstimator,
  createTwoLayerEstimator(() => getEstimator(DEFAULT_METHOD)),
];

/**
 * The method used when a caller names none: the most accurate that stays fast.
 * Over 50 seeded runs per setting (`deno task compare`), `pairwise-mle` has the
 * lowest err_sigma at every setting measured (e.g. 0.0029 against the paper
 * method's 0.040 at d = 5, n = 200,000), a positive definite Sigma_hat in every
 * run, handles b < 0, and fits d = 25, n = 200,000 in about half a second.
 */
export const DEFAULT_METHOD = "pairwise-mle";

/** Every registered estimator, in a stable order. */
export function listEstimators(): readonly Estimator[] {
  return ESTIMATORS;
}

/** The names of all registered methods. */
export function methodNames(): string[] {
  return ESTIMATORS.map((e) => e.name);
}

/** The estimator called `name`; throws `RangeError` listing the valid names. */
export function getEstimator(name: string): Estimator {
  const found = ESTIMATORS.find((e) => e.name === name);
  if (!found) {
    throw new RangeError(
      `Cannot fit: unknown method "${name}"; valid methods are ${
        methodNames().join(", ")
      }`,
    );
  }
  return found;
}

/**
 * Fills defaults and checks each value against its spec. Unknown option names
 * and out-of-range values throw `RangeError` naming the option.
 */
export function resolveOptions(
  estimator: Estimator,
  raw: Readonly<Record<string, unknown>> = {},
): ResolvedOptions {
  const out: Record<string, number | boolean> = {};
  for (const name of Object.keys(raw)) {
    if (!estimator.options.some((o) => o.name === name)) {
      const valid = estimator.options.map((o) => o.name).join(", ") || "none";
      throw new RangeError(
        `Cannot fit with method "${estimator.name}": unknown option "${name}"; valid options are ${valid}`,
      );
    }
  }
  for (const spec of estimator.options) {
    const value = raw[spec.name];
    out[spec.name] = value === undefined
      ? spec.default
      : checkOption(estimator.name, spec, value);
  }
  return out;
}

function checkOption(
  method: string,
  spec: OptionSpec,
  value: unknown,
): number | boolean {
  const where = `Cannot fit with method "${method}": option "${spec.name}"`;
  if (spec.kind === "boolean") {
    if (typeof value !== "boolean") {
      throw new RangeError(
        `${where} must be true or false, got ${String(value)}`,
      );
    }
    return value;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(
      `${where} must be a finite number, got ${String(value)}`,
    );
  }
  if (spec.kind === "integer" && !Number.isInteger(value)) {
    throw new RangeError(`${where} must be an integer, got ${value}`);
  }
  if (spec.min !== undefined && value < spec.min) {
    throw new RangeError(`${where} must be at least ${spec.min}, got ${value}`);
  }
  if (spec.max !== undefined && value > spec.max) {
    throw new RangeError(`${where} must be at most ${spec.max}, got ${value}`);
  }
  return value;
}
