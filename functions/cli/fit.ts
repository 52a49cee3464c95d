/**
 * `deno task fit <file|-> [--method NAME] [--seed N] [--bootstrap N]
 * [--format csv|json|npy] [--<option> value …]`: fits a sample file and
 * prints the estimate as JSON.
 *
 * `--bootstrap N` (0 to 1000) adds bootstrap standard errors from N refits of
 * resampled rows, so it costs N more fits (see `fitSamples`).
 *
 * Any option the chosen method declares can be given as `--<name> value`
 * (boolean options too: `--name true`). Bad data or options print one line,
 * `fit: <message>`, on stderr and exit 1; a command line that cannot be
 * understood exits 2.
 *
 * @module
 */
import {
  DEFAULT_REGISTRY,
  type Estimator,
  type EstimatorRegistry,
  fitSamples,
  prepareEstimatorFit,
} from "../../core/estimators/mod.ts";
import {
  detectFormat,
  fitResultToJson,
  parseSamples,
  SAMPLE_FORMATS,
  type SampleFormat,
} from "../../core/formats/mod.ts";
import {
  convertFlag,
  describeFlags,
  type FlagSpec,
  type FlagSpecs,
  listFlags,
  parseFlags,
  UsageError,
} from "./_args.ts";
import { type CliIo, denoIo, runCli } from "./_io.ts";

const FIT_FLAGS = {
  method: {
    kind: "string",
    description: "estimation method (default below)",
  },
  seed: {
    kind: "integer",
    description: "seed for any randomness the method uses (default 0)",
  },
  format: {
    kind: "string",
    choices: SAMPLE_FORMATS,
    description: "input format (default: from the file name, then content)",
  },
  pretty: { kind: "boolean", description: "indent the JSON output" },
  bootstrap: {
    kind: "integer",
    description:
      "bootstrap replicates for standard errors, 0 to 1000 (default 0: none; each costs one more fit)",
  },
} as const satisfies FlagSpecs;

/** The flags an estimator's options add, e.g. `--lambda` (number). */
function optionFlags(estimator: Estimator): Record<string, FlagSpec> {
  const out: Record<string, FlagSpec> = {};
  for (const o of estimator.options) {
    out[o.name] = {
      kind: o.kind,
      description: `${o.description} (default ${o.default})`,
    };
  }
  return out;
}

function usage(registry: EstimatorRegistry): string {
  const methods = registry.estimators.map((e) =>
    `\n${e.name}${
      e.name === registry.defaultMethod ? " (default)" : ""
    }: ${e.description}\n${describeFlags(optionFlags(e))}`
  ).join("\n");
  return `Usage: deno task fit <file|-> [flags]

Fits samples (CSV, JSON or NPY; one sample per row) and prints the estimate
of Sigma = W Wᵀ and b as JSON.

${describeFlags(FIT_FLAGS)}
${methods || "\n(no methods are registered)"}
`;
}

/**
 * Runs `fit` with `args` (the arguments after the script name).
 *
 * @param registry the methods `--method` chooses from and whose options
 *   become flags. @default {DEFAULT_REGISTRY}
 * @returns the exit status.
 */
export function runFit(
  args: readonly string[],
  io: CliIo,
  registry: EstimatorRegistry = DEFAULT_REGISTRY,
): Promise<number> {
  return runCli("fit", io, async () => {
    const parsed = parseFlags(args, FIT_FLAGS, { allowUnknown: true });
    if (parsed.help) {
      await io.stdout(usage(registry));
      return;
    }
    if (parsed.positionals.length !== 1) {
      throw new UsageError(
        `expected one input file (or - for standard input), got ${parsed.positionals.length}`,
      );
    }
    // The method's options are flags too: look it up once, before reading.
    const estimator = registry.get(parsed.flags.method);
    const specs = optionFlags(estimator);
    const options: Record<string, number | boolean> = {};
    for (const [name, value] of Object.entries(parsed.unknown)) {
      const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
      if (spec === undefined) {
        throw new UsageError(
          `unknown flag --${name}; valid flags are ${
            listFlags({ ...FIT_FLAGS, ...specs })
          }`,
        );
      }
      options[name] = convertFlag(name, spec, value) as number | boolean;
    }
    const fit = prepareEstimatorFit(estimator, {
      seed: parsed.flags.seed,
      bootstrap: parsed.flags.bootstrap,
      options,
    });

    const path = parsed.positionals[0]!;
    const bytes = path === "-" ? await io.readStdin() : await io.readFile(path);
    const format: SampleFormat = (parsed.flags.format as SampleFormat) ??
      detectFormat(bytes, path === "-" ? undefined : path);
    const x = parseSamples(bytes, format);

    const start = performance.now();
    const result = fitSamples(x, fit);
    const elapsedMs = Math.round((performance.now() - start) * 10) / 10;

    const json = fitResultToJson(result, { elapsedMs });
    await io.stdout(
      JSON.stringify(json, null, parsed.flags.pretty ? 2 : undefined) + "\n",
    );
  });
}

if (import.meta.main) {
  Deno.exit(await runFit(Deno.args, denoIo));
}
