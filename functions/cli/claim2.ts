/**
 * `deno task claim2 [--biases 0,-0.5,...] [--methods a,b] [--runs R]
 * [--target T] [--success-rate P] [--max-n N] [--start-n N] [--seed S]
 * [--small] [--out file.json]`: measures how many samples each method needs
 * to estimate the bias of D(1, b) within T in a share P of R runs, for b
 * going negative (the paper's Claim 2), prints a Markdown table and the fitted
 * slope of ln n_needed against b²/2, and writes every row as JSON to --out.
 *
 * Progress goes to stderr, one line per sample size tried.
 *
 * @module
 */
import { methodNames } from "../../core/estimators/registry.ts";
import {
  CLAIM2_BIASES,
  type Claim2Result,
  claim2Steps,
} from "../../core/experiments/claim2.ts";
import { describeFlags, type FlagSpecs, UsageError } from "./_args.ts";
import {
  finishSteps,
  runFlagsCommand,
  splitList,
  writeJson,
} from "./_command.ts";
import { type CliIo, denoIo } from "./_io.ts";

const CLAIM2_FLAGS = {
  biases: {
    kind: "string",
    description: "comma-separated true biases (default 0,-0.5,...,-3)",
  },
  methods: {
    kind: "string",
    description:
      "comma-separated method names (default every one-layer method registered)",
  },
  runs: { kind: "integer", description: "data sets per n (default 10)" },
  target: { kind: "number", description: "largest |b̂ − b| (default 0.1)" },
  "success-rate": {
    kind: "number",
    description: "share of runs within target (default 0.8)",
  },
  "start-n": { kind: "integer", description: "first n (default 1000)" },
  "max-n": {
    kind: "integer",
    description: "cap on n; n doubles up to it (default 4194304)",
  },
  seed: { kind: "integer", description: "experiment seed (default 0)" },
  small: {
    kind: "boolean",
    description: "quick setting: biases 0,-1,-2, 4 runs, n up to 64000",
  },
  out: { kind: "string", description: "write the result as JSON here" },
} as const satisfies FlagSpecs;

/** Methods that do not fit D(W, b) itself and so are left out by default. */
const NOT_ONE_LAYER = new Set(["two-layer"]);

function usage(): string {
  return `Usage: deno task claim2 [flags]

Samples needed to estimate b of D(1, b) for b going negative (Claim 2).

${describeFlags(CLAIM2_FLAGS)}
`;
}

function parseList(name: string, raw: string): string[] {
  const items = splitList(raw);
  if (items.length === 0) throw new UsageError(`--${name} must not be empty`);
  return items;
}

function parseBiases(raw: string): number[] {
  return parseList("biases", raw).map((s) => {
    const v = Number(s);
    if (!Number.isFinite(v)) {
      throw new UsageError(`--biases must be numbers, got "${s}"`);
    }
    return v;
  });
}

/** The result as a Markdown table plus one trend line per method. */
export function formatClaim2(result: Claim2Result): string {
  const { spec } = result;
  const lines = [
    `Samples needed for |b̂ − b| ≤ ${spec.target} in ${
      Math.round(spec.successRate * 100)
    }% of ${spec.runs} runs (n doubling from ${spec.startN}, cap ${spec.maxN})`,
    "",
    "| b | method | n needed | within target at last n | median abs. error at last n | failed fits |",
    "|---:|---|---:|---:|---:|---:|",
  ];
  for (const r of result.rows) {
    const needed = r.nNeeded === null
      ? `not reached within ${r.lastN}`
      : String(r.nNeeded);
    const med = r.medianAbsError === null ? "–" : r.medianAbsError.toFixed(3);
    lines.push(
      `| ${r.bias} | ${r.method} | ${needed} | ${r.successes}/${spec.runs} at ${r.lastN} | ${med} | ${r.failed} |`,
    );
  }
  lines.push("", "Fit of ln(n needed) = a + slope · b²/2 over biases reached:");
  for (const t of result.trends) {
    lines.push(
      t.slope === null
        ? `- ${t.method}: fewer than 2 biases reached (${t.points})`
        : `- ${t.method}: slope ${t.slope.toFixed(2)}, a ${
          t.intercept!.toFixed(2)
        } (${t.points} biases)`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * Runs `claim2` with `args` (the arguments after the script name).
 *
 * @returns the exit status.
 */
export function runClaim2(
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  return runFlagsCommand(
    "claim2",
    args,
    io,
    CLAIM2_FLAGS,
    usage,
    async (flags) => {
      const small = flags.small ?? false;
      const biases = flags.biases !== undefined
        ? parseBiases(flags.biases)
        : small
        ? [0, -1, -2]
        : [...CLAIM2_BIASES];
      const methods = flags.methods !== undefined
        ? parseList("methods", flags.methods)
        : methodNames().filter((m) => !NOT_ONE_LAYER.has(m));
      const steps = claim2Steps({
        biases,
        methods,
        runs: flags.runs ?? (small ? 4 : 10),
        target: flags.target ?? 0.1,
        successRate: flags["success-rate"] ?? 0.8,
        seed: flags.seed ?? 0,
        startN: flags["start-n"] ?? 1000,
        maxN: flags["max-n"] ?? (small ? 64_000 : 2 ** 22),
      });
      const result = await finishSteps(steps, async (p) => {
        await io.stderr(
          `b = ${p.bias}, n = ${p.n}: ${
            p.pending.length === 0
              ? "all methods reached the target"
              : `pending ${p.pending.join(", ")}`
          }\n`,
        );
      });
      await io.stdout(formatClaim2(result));
      if (flags.out !== undefined) await writeJson(io, flags.out, result);
    },
  );
}

if (import.meta.main) {
  Deno.exit(await runClaim2(Deno.args, denoIo));
}
