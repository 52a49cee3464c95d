/**
 * How an estimator is declared: its options once, with their kinds, defaults
 * and ranges, and a `fit` that receives them typed. The declarations are what
 * the API validates, the CLI turns into flags, the OpenAPI document describes
 * and the dashboard's form shows, so adding an option is one edit in the
 * estimator's own file.
 *
 * This module is browser compatible.
 * @module
 */
import type { Matrix } from "../linalg/matrix.ts";
import type { StatsRecipe } from "../stats/sample_stats.ts";
import type {
  DataShape,
  Estimator,
  EstimatorCost,
  EstimatorResult,
  FitContext,
  OptionSpec,
} from "./types.ts";

/** A numeric option: any finite number, or an integer, in [min, max]. */
export interface NumberOptionDeclaration {
  readonly kind: "integer" | "number";
  readonly default: number;
  /** Smallest valid value (inclusive). */
  readonly min?: number;
  /** Largest valid value (inclusive). */
  readonly max?: number;
  /** One sentence for the API, the CLI's help and the dashboard. */
  readonly description: string;
}

/** An on/off option. */
export interface BooleanOptionDeclaration {
  readonly kind: "boolean";
  readonly default: boolean;
  /** One sentence for the API, the CLI's help and the dashboard. */
  readonly description: string;
}

/** One option of an estimator; its name is its key in `OptionDeclarations`. */
export type OptionDeclaration =
  | NumberOptionDeclaration
  | BooleanOptionDeclaration;

/** An estimator's options by name, in the order they are listed. */
export type OptionDeclarations = Readonly<Record<string, OptionDeclaration>>;

/**
 * The option values a `fit` receives: every declared option, `boolean` for
 * boolean options and `number` for the others.
 */
export type OptionValues<D extends OptionDeclarations> = {
  readonly [K in keyof D]: D[K] extends BooleanOptionDeclaration ? boolean
    : number;
};

/**
 * Names a fit request and the reading of its samples use for themselves:
 * the query string of `POST /api/fit` and the command line carry them beside
 * the options, so no option may take one.
 */
export const RESERVED_OPTION_NAMES: readonly string[] = [
  "method",
  "seed",
  "bootstrap",
  "check",
  "checkReplicates",
  "checkLevel",
  "rank",
  "columns",
  "na",
  "index",
];

/**
 * Declares an estimator's options, checking each declaration: a default of
 * the option's kind inside its range, an integer default for an integer
 * option, and a name the request does not use for itself (one of
 * `RESERVED_OPTION_NAMES`). Use `OptionValues<typeof OPTIONS>` for the values `fit` gets.
 *
 * @param declarations options by name, in the order they are listed.
 * @returns `declarations`, unchanged, with their literal kinds kept.
 * @throws {TypeError} for a default of the wrong kind or a reserved name.
 * @throws {RangeError} for a default outside its range or min > max.
 *
 * @example
 * ```ts
 * import { defineOptions, type OptionValues } from "./define.ts";
 * const OPTIONS = defineOptions({
 *   steps: { kind: "integer", default: 10, min: 1, description: "Iterations" },
 *   verbose: { kind: "boolean", default: false, description: "Say more" },
 * });
 * const values: OptionValues<typeof OPTIONS> = { steps: 3, verbose: true };
 * console.log(values.steps + 1); // 4
 * ```
 */
export function defineOptions<const D extends OptionDeclarations>(
  declarations: D,
): D {
  for (const [name, option] of Object.entries(declarations)) {
    const where = `Cannot declare option "${name}"`;
    if (name === "" || RESERVED_OPTION_NAMES.includes(name)) {
      throw new TypeError(
        `${where}: the name is empty or one of ${
          RESERVED_OPTION_NAMES.join(", ")
        }, which a fit request uses for itself`,
      );
    }
    if (option.kind === "boolean") {
      if (typeof option.default !== "boolean") {
        throw new TypeError(`${where}: its default must be true or false`);
      }
      continue;
    }
    const { default: value, min = -Infinity, max = Infinity } = option;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new TypeError(`${where}: its default must be a finite number`);
    }
    if (option.kind === "integer" && !Number.isInteger(value)) {
      throw new RangeError(`${where}: its default must be an integer`);
    }
    if (!(min <= value && value <= max)) {
      throw new RangeError(
        `${where}: its default ${value} is outside [${min}, ${max}]`,
      );
    }
  }
  return declarations;
}

/** What `defineEstimator` builds an estimator from. */
export interface EstimatorDefinition<D extends OptionDeclarations> {
  /** Name used by `--method`, the API and the dashboard. */
  readonly name: string;
  /** One sentence: what the method does. */
  readonly description: string;
  /** What the method assumes of the data (e.g. b ≥ 0). */
  readonly assumptions: string;
  /** Time and memory, in n and d. */
  readonly cost: string;
  /**
   * The same as numbers, for a data shape and the resolved options (see
   * `EstimatorCost`); servers refuse requests over their budget with it.
   * @default {defaultEstimatorCost: one pass over every pair of coordinates}
   */
  readonly costOf?: (
    shape: DataShape,
    options: OptionValues<D>,
  ) => EstimatorCost;
  /** The options, from `defineOptions`. */
  readonly options: D;
  /**
   * What bootstrap standard errors of this method do not say, when that
   * needs saying (e.g. a biased estimator): added to the warnings of every
   * fit with a bootstrap.
   */
  readonly bootstrapCaveat?: string;
  /**
   * How the method fits from statistics collected block by block, when it
   * can (see `Estimator.statistics`); `fit` should then be
   * `fitWithRecipe` of it.
   */
  readonly statistics?: StatsRecipe<OptionValues<D>>;
  /** Fits with every option present and valid, typed by `options`. */
  readonly fit: (
    x: Matrix,
    context: FitContext<OptionValues<D>>,
  ) => EstimatorResult;
}

/**
 * The cost assumed for an estimator that declares none: one pass over every
 * pair of coordinates of every sample (a few operations per pair, like a Gram
 * matrix) and a few d x d matrices of doubles.
 *
 * @param shape n samples of d coordinates.
 * @returns the work and memory terms.
 */
export function defaultEstimatorCost(shape: DataShape): EstimatorCost {
  const { n, d } = shape;
  return {
    work: [{
      label: "a pass over every pair of coordinates (n · d²)",
      amount: 4 * n * d * d,
      reduce: "n or d",
    }],
    memory: [{
      label: "d x d matrices",
      amount: 4 * 8 * d * d,
      reduce: "d",
    }],
  };
}

/**
 * An estimator from its definition: the option declarations become the
 * listed `OptionSpec`s (name first, in declaration order) and `fit` keeps its
 * typed options. Register the result in the registry to reach the API, the
 * CLI and the dashboard.
 *
 * @param definition name, texts, options and fit.
 * @returns the estimator.
 *
 * @example
 * ```ts
 * import { defineEstimator, defineOptions } from "./define.ts";
 * const constant = defineEstimator({
 *   name: "constant",
 *   description: "b = level and Sigma = 0, whatever the data",
 *   assumptions: "none",
 *   cost: "O(d²)",
 *   options: defineOptions({
 *     level: { kind: "number", default: 1, min: 0, description: "Each b_i" },
 *   }),
 *   fit: (x, { options }) => ({
 *     method: "constant", n: x.rows, d: x.cols,
 *     b: new Float64Array(x.cols).fill(options.level),
 *     sigma: { rows: x.cols, cols: x.cols, data: new Float64Array(x.cols ** 2) },
 *     coordinates: [], diagnostics: {}, warnings: [],
 *   }),
 * });
 * console.log(constant.options[0]?.name); // level
 * ```
 */
export function defineEstimator<D extends OptionDeclarations>(
  definition: EstimatorDefinition<D>,
): Estimator<OptionValues<D>> {
  const options: OptionSpec[] = Object.entries(definition.options).map((
    [name, option],
  ) => Object.freeze({ name, ...option }));
  const { fit } = definition;
  const costOf = definition.costOf ?? defaultEstimatorCost;
  return {
    name: definition.name,
    description: definition.description,
    assumptions: definition.assumptions,
    cost: definition.cost,
    costOf: (shape, values) => costOf(shape, values),
    options,
    ...(definition.bootstrapCaveat === undefined
      ? {}
      : { bootstrapCaveat: definition.bootstrapCaveat }),
    ...(definition.statistics === undefined
      ? {}
      : { statistics: definition.statistics }),
    fit: (x, context) => fit(x, context),
  };
}
