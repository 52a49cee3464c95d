/**
 * `deno task sample --spec spec.json --n N [--seed S] [--format csv|npy]
 * [--out file]`: draws N samples of ReLU(W z + b), z ~ N(0, I_k), with W and
 * b from `spec.json` (`{"W": number[][], "b": number[]}`, or the JSON output of
 * `deno task fit`, which samples the fitted distribution: its rank-k factor
 * when it was fitted with `--rank k`), and writes them as CSV (with a header:
 * the fit's column names, the spec's `columns`, or x1,…,xd) or NPY. The same
 * seed gives the same bytes.
 *
 * @module
 */
import {
  parseSampleSpec,
  writeCsvPieces,
  writeNpy,
} from "../../core/formats/mod.ts";
import { createPrng } from "../../core/random/mod.ts";
import { sampleRectifiedGaussian } from "../../core/sampling/mod.ts";
import { describeFlags, type FlagSpecs, UsageError } from "./_args.ts";
import { readJsonFile, runFlagsCommand } from "./_command.ts";
import { type CliIo, denoIo } from "./_io.ts";

const SAMPLE_FLAGS = {
  spec: {
    kind: "string",
    description:
      'JSON file {"W": [[...], ...], "b": [...]}, or a fit result from `deno task fit` (its rank-k factor with --rank k) (required)',
  },
  n: { kind: "integer", description: "number of samples (required)" },
  seed: { kind: "integer", description: "seed (default 0)" },
  format: {
    kind: "string",
    choices: ["csv", "npy"],
    description: "output format (default: npy if --out ends in .npy, else csv)",
  },
  out: { kind: "string", description: "output file (default: stdout)" },
} as const satisfies FlagSpecs;

function usage(): string {
  return `Usage: deno task sample --spec spec.json --n N [flags]

Draws samples of x = ReLU(W z + b), z ~ N(0, I_k), one per row.

${describeFlags(SAMPLE_FLAGS)}
`;
}

/**
 * Runs `sample` with `args` (the arguments after the script name).
 *
 * @returns the exit status.
 */
export function runSample(
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  return runFlagsCommand(
    "sample",
    args,
    io,
    SAMPLE_FLAGS,
    usage,
    async (flags) => {
      if (flags.spec === undefined) throw new UsageError("--spec is required");
      if (flags.n === undefined) throw new UsageError("--n is required");
      if (flags.n < 1) {
        throw new UsageError(`--n must be at least 1, got ${flags.n}`);
      }
      const format = flags.format ??
        (flags.out?.toLowerCase().endsWith(".npy") ? "npy" : "csv");

      const specValue = await readJsonFile(io, flags.spec, "the spec");
      const { w, b, columns } = parseSampleSpec(specValue);
      const x = sampleRectifiedGaussian(
        w,
        b,
        flags.n,
        createPrng(flags.seed ?? 0),
      );

      if (format === "npy") {
        const bytes = writeNpy(x);
        if (flags.out === undefined) await io.stdout(bytes);
        else await io.writeFile(flags.out, bytes);
        return;
      }
      // In pieces: the text of millions of rows exceeds one string's limit.
      const encoder = new TextEncoder();
      const texts = writeCsvPieces( // checks the names before any piece
        x,
        columns ?? Array.from({ length: x.cols }, (_, j) => `x${j + 1}`),
      );
      const pieces = function* () {
        for (const text of texts) yield encoder.encode(text);
      };
      if (flags.out !== undefined) await io.writeFile(flags.out, pieces());
      else for (const piece of pieces()) await io.stdout(piece);
    },
  );
}

if (import.meta.main) {
  Deno.exit(await runSample(Deno.args, denoIo));
}
