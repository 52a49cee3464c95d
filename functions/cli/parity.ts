/**
 * `deno task parity [--runs R] [--method paper] [--seed S] [--tolerance T]
 * [--out FILE.json] [--n-scale F]`: checks that a method reproduces the
 * paper's reference values (`PAPER_REFERENCE`, d = k = 5, bias relu).
 *
 * For every reference point it fits R seeded random truths (one sweep over
 * n at κ = 1, one run at κ = 25 and n = 500,000) and prints a Markdown table
 * on stdout: our mean ± std of err_sigma and err_b beside the reference
 * means and their ratio, the TV bound and the not-PD count. A row is within
 * tolerance when both mean ratios lie in [1 − T, 1 + T].
 *
 * Progress goes to stderr. Exits 1 with one stderr line naming the first row
 * outside the tolerance (after printing the table and writing FILE.json), 2
 * for a command line that cannot be understood.
 *
 * @module
 */
import {
  type ExperimentPoint,
  type ExperimentSpec,
  PAPER_REFERENCE,
  PAPER_REFERENCE_SETTINGS,
  type ReferenceValue,
  runExperimentSteps,
  validateExperimentSpec,
} from "../../core/experiments/mod.ts";
import { deriveSeed, MAX_SEED } from "../../core/random/prng.ts";
import { describeFlags, type FlagSpecs, UsageError } from "./_args.ts";
import {
  checkMethod,
  checkNScale,
  checkRuns,
  finishSteps,
  runFlagsCommand,
  secondsSince,
  writeJson,
} from "./_command.ts";
import { type CliIo, denoIo } from "./_io.ts";

const PARITY_FLAGS = {
  runs: {
    kind: "integer",
    description: "seeded runs per reference point (default 50)",
  },
  method: { kind: "string", description: "method name (default paper)" },
  seed: { kind: "integer", description: "experiment seed (default 0)" },
  tolerance: {
    kind: "number",
    description: "allowed relative deviation of each mean (default 0.25)",
  },
  out: {
    kind: "string",
    description: "also write every row and point to this JSON file",
  },
  "n-scale": {
    kind: "number",
    description:
      "multiply every n by this factor, in (0, 1], for smoke tests (default 1; below 1 the comparison is not meaningful)",
  },
} as const satisfies FlagSpecs;

function usage(): string {
  return `Usage: deno task parity [flags]

Fits seeded random truths at each of the paper's reference points (d = k = 5,
bias relu; n = 20k to 500k at kappa 1, and kappa 25 at n = 500k), prints a
Markdown table comparing the mean errors with the reference values, and exits
1 if any mean differs from its reference by more than the tolerance.

${describeFlags(PARITY_FLAGS)}
`;
}

/** One reference point with what this project measured there. */
export interface ParityRow {
  readonly reference: ReferenceValue;
  /** The n actually sampled (differs from `reference.n` with --n-scale). */
  readonly n: number;
  readonly point: ExperimentPoint;
  /** Our mean over the reference mean, for err_sigma and err_b. */
  readonly ratioSigma: number;
  readonly ratioB: number;
  readonly within: boolean;
}

/** The two experiments: a sweep over n at κ = 1 and one point at κ = 25. */
function paritySpecs(
  runs: number,
  method: string,
  seed: number,
  scaleN: (n: number) => number,
): { spec: ExperimentSpec; references: ReferenceValue[] }[] {
  const { d, k, bias } = PAPER_REFERENCE_SETTINGS;
  const kappas = [...new Set(PAPER_REFERENCE.map((r) => r.kappa))];
  return kappas.map((kappa, i) => {
    const references = PAPER_REFERENCE.filter((r) => r.kappa === kappa);
    const values = references.map((r) => scaleN(r.n));
    return {
      references,
      spec: {
        sweep: "n",
        values,
        base: { d, k, n: values[0]!, kappa, bias },
        runs,
        methods: [method],
        seed: deriveSeed(seed, i),
      },
    };
  });
}

const fmt = (v: number, digits = 3) =>
  Number.isFinite(v) ? v.toPrecision(digits) : "n/a";

/** The Markdown table of the rows. */
export function parityTable(
  rows: readonly ParityRow[],
  runs: number,
  tolerance: number,
): string {
  const pct = `±${Math.round(tolerance * 100)}%`;
  const header = [
    "n",
    "κ",
    `err_sigma (${runs} runs)`,
    "ref",
    "ratio",
    `err_b (${runs} runs)`,
    "ref",
    "ratio",
    "TV (ref)",
    "not PD (ref)",
    "verdict",
  ];
  const lines = [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
  ];
  for (const row of rows) {
    const { reference: ref, point: p } = row;
    const refRuns = PAPER_REFERENCE_SETTINGS.runs;
    const cells = [
      row.n === ref.n ? String(ref.n) : `${row.n} (of ${ref.n})`,
      String(ref.kappa),
      `${fmt(p.errSigma.mean)} ± ${fmt(p.errSigma.std, 2)}`,
      fmt(ref.errSigma[0]),
      fmt(row.ratioSigma, 3),
      `${fmt(p.errB.mean)} ± ${fmt(p.errB.std, 2)}`,
      fmt(ref.errB[0]),
      fmt(row.ratioB, 3),
      `${fmt(p.tv.mean)} (${ref.tv === undefined ? "–" : fmt(ref.tv)})`,
      `${p.notPd}/${runs} (${
        ref.notPd === undefined ? "–" : `${ref.notPd}/${refRuns}`
      })`,
      (row.within ? "within " : "outside ") + pct +
      (p.failed > 0 ? `, ${p.failed} failed` : ""),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Runs `parity` with `args` (the arguments after the script name).
 *
 * @returns the exit status.
 */
export function runParity(
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  return runFlagsCommand(
    "parity",
    args,
    io,
    PARITY_FLAGS,
    usage,
    async (flags) => {
      const runs = flags.runs ?? 50;
      checkRuns(runs);
      const method = flags.method ?? "paper";
      checkMethod(method);
      const seed = flags.seed ?? 0;
      if (seed < 0 || seed > MAX_SEED) {
        throw new UsageError(`--seed must be in [0, ${MAX_SEED}], got ${seed}`);
      }
      const tolerance = flags.tolerance ?? 0.25;
      if (!(tolerance >= 0)) {
        throw new UsageError(`--tolerance must be >= 0, got ${tolerance}`);
      }
      const nScale = flags["n-scale"] ?? 1;
      checkNScale(nScale);
      const scaleN = (n: number) => Math.max(100, Math.round(n * nScale));
      const experiments = paritySpecs(runs, method, seed, scaleN);
      // Check both specs before spending time on either.
      for (const e of experiments) validateExperimentSpec(e.spec);

      const started = performance.now();
      const rows: ParityRow[] = [];
      for (const { spec, references } of experiments) {
        const kappa = spec.base.kappa;
        const steps = runExperimentSteps(spec);
        const result = await finishSteps(steps, async (p) => {
          if (p.run === spec.runs - 1) {
            await io.stderr(
              `parity: n = ${p.value}, kappa = ${kappa} done (${runs} runs, ${
                secondsSince(started)
              } s)\n`,
            );
          }
        });
        result.points.forEach((point, i) => {
          const reference = references[i]!;
          const ratioSigma = point.errSigma.mean / reference.errSigma[0];
          const ratioB = point.errB.mean / reference.errB[0];
          const inside = (r: number) =>
            r >= 1 - tolerance - 1e-12 && r <= 1 + tolerance + 1e-12;
          rows.push({
            reference,
            n: point.value,
            point,
            ratioSigma,
            ratioB,
            within: inside(ratioSigma) && inside(ratioB),
          });
        });
      }
      await io.stdout(parityTable(rows, runs, tolerance));

      if (flags.out !== undefined) {
        const json = {
          settings: {
            runs,
            method,
            seed,
            tolerance,
            nScale,
            reference: PAPER_REFERENCE_SETTINGS,
          },
          rows,
        };
        await writeJson(io, flags.out, json);
        await io.stderr(`parity: wrote ${flags.out}\n`);
      }

      const bad = rows.filter((r) => !r.within);
      if (bad.length > 0) {
        const r = bad[0]!;
        const more = bad.length > 1 ? ` (and ${bad.length - 1} more rows)` : "";
        throw new Error(
          `n = ${r.reference.n}, kappa = ${r.reference.kappa}: mean ratios err_sigma ${
            fmt(r.ratioSigma)
          }, err_b ${fmt(r.ratioB)} are not all within [${
            fmt(1 - tolerance)
          }, ${fmt(1 + tolerance)}]${more}`,
        );
      }
    },
  );
}

if (import.meta.main) {
  Deno.exit(await runParity(Deno.args, denoIo));
}
