/**
 * `deno task compare [--runs R] [--out file.json] [--small] [--methods a,b]
 * [--seed S]` (`--method` is the same as `--methods`): every registered
 * one-layer method, or those named, on the same seeded data sets
 * for the settings of `core/experiments/compare.ts`; prints a Markdown table
 * of mean ± std of err_sigma, err_b, the TV bound, the non-PD count and the
 * fit time per method and setting, with a line per setting of the errors the
 * Cramér–Rao bound implies at the same truths (`compare_crb.ts`; none when
 * k < d), and writes every row and the bounds as JSON to --out.
 *
 * Progress goes to stderr, one line per finished setting.
 *
 * @module
 */
import { methodNames } from "../../core/estimators/registry.ts";
import {
  type CompareRow,
  compareRows,
  compareSettings,
  compareSpecs,
} from "../../core/experiments/compare.ts";
import {
  type CompareCrb,
  compareCrb,
} from "../../core/experiments/compare_crb.ts";
import {
  type ExperimentResult,
  runExperimentSteps,
  type Summary,
  validateExperimentSpec,
} from "../../core/experiments/run.ts";
import { describeFlags, type FlagSpecs } from "./_args.ts";
import {
  finishSteps,
  methodsFlags,
  readMethods,
  runFlagsCommand,
  secondsSince,
  writeJson,
} from "./_command.ts";
import { type CliIo, denoIo } from "./_io.ts";

const COMPARE_FLAGS = {
  runs: {
    kind: "integer",
    description: "data sets per setting (default 10, or 2 with --small)",
  },
  small: {
    kind: "boolean",
    description: "quick version: n / 10 and d at most 10",
  },
  ...methodsFlags("every one-layer method registered"),
  seed: { kind: "integer", description: "experiment seed (default 0)" },
  out: { kind: "string", description: "write the rows as JSON here" },
} as const satisfies FlagSpecs;

/** Methods that do not fit D(W, b) itself and so are left out by default. */
const NOT_ONE_LAYER = new Set(["two-layer"]);

function usage(): string {
  return `Usage: deno task compare [flags]

Compares the estimation methods on the same seeded data sets.

${describeFlags(COMPARE_FLAGS)}
`;
}

function meanStd(s: Summary, runs: number): string {
  if (s.count === 0) return "–";
  const text = `${fmt(s.mean)} ± ${fmt(s.std)}`;
  return s.count < runs ? `${text} (${s.count}/${runs})` : text;
}

function fmt(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-3 ? x.toExponential(2) : x.toPrecision(3);
}

/**
 * The rows as a Markdown table, one line per (setting, method), and per
 * setting with a bound in `crb` (by setting id) a line with the errors the
 * Cramér–Rao bound implies (mean, or root mean square of per-entry bounds).
 */
export function formatCompare(
  rows: readonly CompareRow[],
  runs: number,
  crb: ReadonlyMap<string, CompareCrb | null> = new Map(),
): string {
  const lines = [
    "| setting | method | err_sigma | err_b | TV bound | non-PD | failed | fit ms |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  let last: string | undefined;
  for (const r of rows) {
    const bound = crb.get(r.setting.id);
    if (r.setting.id !== last && bound) {
      const what = bound.kind === "exact" ? "mean" : "per-entry rms";
      lines.push(
        `| ${r.setting.id} | CRB (${what}) | ${fmt(bound.errSigma)} | ${
          fmt(bound.errB)
        } | – | – | – | – |`,
      );
    }
    last = r.setting.id;
    lines.push(
      `| ${r.setting.id} | ${r.method} | ${meanStd(r.errSigma, runs)} | ${
        meanStd(r.errB, runs)
      } | ${meanStd(r.tv, runs)} | ${r.notPd} | ${r.failed} | ${
        meanStd(r.fitMs, runs)
      } |`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * Runs `compare` with `args` (the arguments after the script name).
 *
 * @returns the exit status.
 */
export function runCompare(
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  return runFlagsCommand(
    "compare",
    args,
    io,
    COMPARE_FLAGS,
    usage,
    async (flags) => {
      const small = flags.small ?? false;
      const runs = flags.runs ?? (small ? 2 : 10);
      const methods = readMethods(
        flags,
        () => methodNames().filter((m) => !NOT_ONE_LAYER.has(m)),
      );
      const settings = compareSettings({ small });
      const specs = compareSpecs(settings, {
        runs,
        methods,
        seed: flags.seed ?? 0,
      });
      // Check every spec (runs, method names) before the first long fit.
      for (const spec of specs) validateExperimentSpec(spec);

      const results: ExperimentResult[] = [];
      for (let i = 0; i < specs.length; i++) {
        const start = performance.now();
        results.push(await finishSteps(runExperimentSteps(specs[i]!)));
        await io.stderr(
          `${settings[i]!.id}: ${runs} runs x ${methods.length} methods in ${
            secondsSince(start)
          } s\n`,
        );
      }
      const rows = compareRows(settings, results);
      const crb = new Map(
        settings.map((s, i) => [s.id, compareCrb(s, i, runs, flags.seed ?? 0)]),
      );
      await io.stdout(formatCompare(rows, runs, crb));
      if (flags.out !== undefined) {
        const body = {
          runs,
          methods,
          seed: flags.seed ?? 0,
          small,
          rows,
          crb: Object.fromEntries(crb),
        };
        await writeJson(io, flags.out, body);
      }
    },
  );
}

if (import.meta.main) {
  Deno.exit(await runCompare(Deno.args, denoIo));
}
