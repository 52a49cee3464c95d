/**
 * `deno task fit <file|-> [--method NAME] [--seed N] [--bootstrap N]
 * [--format csv|json|npy] [--columns LIST] [--na drop|error]
 * [--index auto|keep|drop] [--check] [--check-replicates N]
 * [--check-level A] [--rank K] [--progress] [--threads N]
 * [--<option> value …]`: fits a
 * sample file and prints the estimate as JSON.
 *
 * The file is read as a table (`parseSampleTable`): its header names the
 * columns (else x1…xd); `--columns` chooses columns by name or 1-based
 * number, or leaves them out with a leading `-` (`--columns -1` and
 * `--columns=-1` both work); rows with a missing value are left out
 * (`--na drop`, the default, counted in `droppedRows` and the warnings) or
 * rejected (`--na error`); a first column that looks like a row index is
 * handled as `--index` says.
 *
 * `--bootstrap N` (0 to 1000) adds bootstrap standard errors from N refits of
 * resampled rows, so it costs N more fits (see `fitSamples`). `--check` adds
 * the model check and the rank analysis (`withModelCheck`), which cost
 * `--check-replicates` (default 99) fits of at most 5000 rows; `--rank K` adds
 * a rank-K version of the fit, which `deno task sample` then samples.
 *
 * CSV and NPY input (a file, or standard input copied to a temporary file)
 * is read in blocks with bounded memory when the method fits from
 * statistics (`core/stats`: trunc-mle, censored, censored-moment,
 * pairwise-mle) and neither `--bootstrap` nor `--check` is given: one or two
 * passes over the file, as the method needs, with the same columns, missing
 * values, index handling and messages as reading it whole; `--progress` (or
 * a terminal) shows rows, rate and time left on stderr. Otherwise the file
 * is read whole, with a note on stderr above 256 MiB and an error above
 * 512 MiB. Fits from statistics (JSON files read whole too) compute the
 * statistics of fixed blocks of rows on `--threads` threads (default: the
 * machine's cores) and merge them in row order: the answer is the same bit
 * for bit with any number of threads, and the same for a file read in
 * blocks or whole.
 *
 * Any option the chosen method declares can be given as `--<name> value`
 * (boolean options too: `--name true`). Bad data, columns or options print
 * one line, `fit: <message>`, on stderr and exit 1; a command line that
 * cannot be understood exits 2.
 *
 * @module
 */
import {
  DEFAULT_REGISTRY,
  type Estimator,
  type EstimatorRegistry,
  type FitResult,
  fitSamples,
  type PreparedFit,
  prepareEstimatorFit,
} from "../../core/estimators/mod.ts";
import {
  fitInBlocks,
  matrixSource,
  statsMethods,
} from "../../core/stats/mod.ts";
import type { Matrix } from "../../core/linalg/matrix.ts";
import { MAX_STATS_THREADS, StatsPool } from "../workers/stats_pool.ts";
import {
  detectFormat,
  type FitJsonRead,
  fitResultToJson,
  INDEX_POLICIES,
  type IndexPolicy,
  NA_POLICIES,
  type NaPolicy,
  parseSampleTable,
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
import { fill, Progress, streamFit } from "./_stream_fit.ts";

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
  progress: {
    kind: "boolean",
    description:
      "show rows read, rate and time left on stderr while reading in blocks (shown anyway on a terminal)",
  },
  bootstrap: {
    kind: "integer",
    description:
      "bootstrap replicates for standard errors, 0 to 1000 (default 0: none; each costs one more fit)",
  },
  columns: {
    kind: "string",
    description:
      "columns to fit, by name or 1-based number (a,b or 2,3), or to leave out with - (-1 or -id,-date) (default: all)",
  },
  na: {
    kind: "string",
    choices: NA_POLICIES,
    description:
      "rows with a missing value (empty, NA, NaN, …) in a chosen column: leave them out, or fail (default drop)",
  },
  index: {
    kind: "string",
    choices: INDEX_POLICIES,
    description:
      "a first column that looks like a row index: auto leaves out an unnamed one and warns about a numbered one; drop leaves out either; keep fits it (default auto)",
  },
  check: {
    kind: "boolean",
    description:
      "check the model against the data per column and pair, and analyse the rank of Sigma (costs --check-replicates fits of at most 5000 rows)",
  },
  "check-replicates": {
    kind: "integer",
    description:
      "bootstrap data sets of the check, 1 to 1000 (default 99; at least 1/level - 1 to flag anything)",
  },
  "check-level": {
    kind: "number",
    description:
      "family-wise error rate of the check's flags, in (0, 1) (default 0.05)",
  },
  rank: {
    kind: "integer",
    description:
      "add a rank-k version of the fit (Sigma of rank k, W_hat d x k), which deno task sample samples (default 0: none)",
  },
  threads: {
    kind: "integer",
    description:
      "threads that compute the statistics of blocks of rows, 1 to 64; the answer is the same with any number (default: the machine's cores)",
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
of Sigma = W Wᵀ and b as JSON, with the column names used.

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
  settings: FitSettings = {},
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
    const { flags } = parsed;
    const fit = prepareEstimatorFit(estimator, {
      seed: flags.seed,
      bootstrap: flags.bootstrap,
      check: flags.check,
      checkReplicates: flags["check-replicates"],
      checkLevel: flags["check-level"],
      rank: flags.rank,
      options,
    });

    const threads = flags.threads ?? settings.threads ?? 1;
    if (
      !(Number.isInteger(threads) && threads >= 1 &&
        threads <= MAX_STATS_THREADS)
    ) {
      throw new UsageError(
        `--threads must be an integer from 1 to ${MAX_STATS_THREADS}, got ${threads}`,
      );
    }
    const path = parsed.positionals[0]!;
    const tableOptions = {
      columns: flags.columns,
      na: flags.na as NaPolicy | undefined,
      index: flags.index as IndexPolicy | undefined,
    };
    const streaming = streamRefusal(fit) === undefined;
    if (streaming && flags.format !== "json") {
      // Read in blocks; standard input is copied to a file first, as a
      // method may read the rows twice.
      const file = path === "-" ? await io.spoolStdin() : path;
      try {
        const format = (flags.format as SampleFormat | undefined) ??
          detectFormat(await head(io, file), path === "-" ? undefined : path);
        if (format !== "json") {
          const start = performance.now();
          const pool = new StatsPool(threads);
          let streamed;
          try {
            streamed = await streamFit(io, file, format, tableOptions, fit, {
              ...(settings.blockBytes
                ? { blockBytes: settings.blockBytes }
                : {}),
              progress: flags.progress || io.stderrIsTerminal()
                ? new Progress((t) => io.stderr(t), io.stderrIsTerminal())
                : null,
              workers: pool.workers,
              pieceReaders: pool.pieceReaders,
            });
          } finally {
            pool.close();
          }
          const elapsedMs = Math.round((performance.now() - start) * 10) / 10;
          await writeFit(streamed.result, elapsedMs, streamed.read);
          return;
        }
        if (path === "-") {
          return await fitInMemory(await io.readFile(file), "json", "-");
        }
      } finally {
        if (path === "-") await io.removeFile(file);
      }
    }
    if (path !== "-") {
      const source = await io.openFile(path);
      source.close();
      const limit = settings.maxInMemoryBytes ?? MAX_IN_MEMORY_BYTES;
      const why = streamRefusal(fit) ?? "the JSON format is read whole";
      if (source.size > limit) {
        throw new Error(
          `${path} (${
            sizeText(source.size)
          }) is too large to read whole (at most ${
            sizeText(limit)
          }), and ${why}; ${STREAMING_WORKS}`,
        );
      }
      if (source.size > (settings.noteBytes ?? IN_MEMORY_NOTE_BYTES)) {
        await io.stderr(
          `fit: reading ${path} (${
            sizeText(source.size)
          }) whole: ${why}; ${STREAMING_WORKS}\n`,
        );
      }
    }
    const bytes = path === "-" ? await io.readStdin() : await io.readFile(path);
    await fitInMemory(bytes, flags.format as SampleFormat | undefined, path);

    /** Reads all of `bytes` as a table and fits it, as before streaming. */
    async function fitInMemory(
      bytes: Uint8Array,
      given: SampleFormat | undefined,
      name: string,
    ): Promise<void> {
      const format: SampleFormat = given ??
        detectFormat(bytes, name === "-" ? undefined : name);
      const table = parseSampleTable(bytes, format, tableOptions);
      const start = performance.now();
      const result = streaming
        ? await fitOnThreads(table.matrix, table.columns)
        : fitSamples(table.matrix, fit, { columns: table.columns });
      const elapsedMs = Math.round((performance.now() - start) * 10) / 10;
      await writeFit(result, elapsedMs, table);
    }

    /**
     * A fit from statistics of the rows in memory, in the fixed blocks of
     * `core/stats/parallel.ts`: the same bits as reading them in blocks.
     */
    async function fitOnThreads(
      x: Matrix,
      columns: readonly string[],
    ): Promise<FitResult> {
      const pool = new StatsPool(threads);
      try {
        return await fitInBlocks(matrixSource(x), fit, {
          columns,
          workers: pool.workers,
        });
      } finally {
        pool.close();
      }
    }

    async function writeFit(
      result: FitResult,
      elapsedMs: number,
      read: FitJsonRead,
    ): Promise<void> {
      const json = fitResultToJson(result, { elapsedMs, read });
      await io.stdout(
        JSON.stringify(json, null, parsed.flags.pretty ? 2 : undefined) + "\n",
      );
    }
  });
}

/** How `runFit` reads, for tests: defaults as the command uses them. */
export interface FitSettings {
  /** Bytes read at a time when reading in blocks. */
  readonly blockBytes?: number;
  /** Files read whole above this size get a note on standard error. */
  readonly noteBytes?: number;
  /** The largest file read whole. */
  readonly maxInMemoryBytes?: number;
  /** Threads without `--threads`. @default {1} */
  readonly threads?: number;
}

/** Files above this size read whole get a note on standard error. */
const IN_MEMORY_NOTE_BYTES = 256 * 2 ** 20;
/** The largest file read whole: CSV text beyond it does not fit in one string. */
const MAX_IN_MEMORY_BYTES = 512 * 2 ** 20;

const STREAMING_WORKS = `methods ${
  statsMethods().join(", ")
} without --bootstrap and --check read CSV and NPY files of any size in blocks`;

/** Why `fit` cannot be read in blocks, or undefined when it can. */
function streamRefusal(fit: PreparedFit): string | undefined {
  if (fit.estimator.statistics === undefined) {
    return `method ${fit.estimator.name} needs every row in memory`;
  }
  if (fit.bootstrap > 0) return "--bootstrap needs every row in memory";
  if (fit.modelCheck !== null) return "--check needs every row in memory";
  return undefined;
}

function sizeText(bytes: number): string {
  return bytes >= 1e9
    ? `${(bytes / 1e9).toFixed(2)} GB`
    : bytes >= 1e6
    ? `${Math.round(bytes / 1e6)} MB`
    : `${bytes} bytes`;
}

/** The first bytes of a file, to recognise its format. */
async function head(io: CliIo, path: string): Promise<Uint8Array> {
  const source = await io.openFile(path);
  try {
    const buffer = new Uint8Array(4096);
    return buffer.subarray(0, await fill(source.read, buffer));
  } finally {
    source.close();
  }
}

if (import.meta.main) {
  Deno.exit(
    await runFit(Deno.args, denoIo, DEFAULT_REGISTRY, {
      threads: Math.min(MAX_STATS_THREADS, navigator.hardwareConcurrency),
    }),
  );
}
