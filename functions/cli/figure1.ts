/**
 * `deno task figure1 [--runs R] [--out DIR] [--methods paper[,other]] [--small]
 * [--seed S] [--n-scale F] [--panels samples,dimension,condition]`
 * (`--method` is the same as `--methods`):
 * reproduces the paper's Figure 1 sweeps and writes `figure1.json` (every
 * point) and one chart per panel, `figure1-{samples,dimension,condition}.svg`
 * (mean ± std of err_sigma, err_b and the TV bound, log-scale y), into DIR.
 *
 * Progress goes to stderr, one line per finished swept value and a summary
 * per panel. A command line that cannot be understood prints one line and
 * exits 2; a failure while running exits 1.
 *
 * @module
 */
import {
  type ExperimentPoint,
  type ExperimentResult,
  type ExperimentSpec,
  FIGURE1_AXIS,
  FIGURE1_PANELS,
  type Figure1Panel,
  figure1Specs,
  runExperimentSteps,
  validateExperimentSpec,
} from "../../core/experiments/mod.ts";
import { type ChartSeries, lineChartSvg } from "../../core/plot/svg.ts";
import { describeFlags, type FlagSpecs, UsageError } from "./_args.ts";
import {
  checkNScale,
  checkRuns,
  finishSteps,
  methodsFlags,
  readMethods,
  runFlagsCommand,
  secondsSince,
  splitList,
  writeJson,
} from "./_command.ts";
import { type CliIo, denoIo } from "./_io.ts";

const FIGURE1_FLAGS = {
  runs: {
    kind: "integer",
    description: "random truths per point (default 10)",
  },
  out: {
    kind: "string",
    description: "output directory (default ./figure1-out)",
  },
  ...methodsFlags("paper"),
  small: {
    kind: "boolean",
    description: "quick setting: n / 10, d and kappa up to 13",
  },
  seed: { kind: "integer", description: "experiment seed (default 0)" },
  "n-scale": {
    kind: "number",
    description: "multiply every n by this factor, in (0, 1] (default 1)",
  },
  panels: {
    kind: "string",
    description:
      "panels to run, comma-separated (default samples,dimension,condition)",
  },
} as const satisfies FlagSpecs;

const AXIS_LABEL: Record<Figure1Panel, string> = {
  samples: "number of samples n",
  dimension: "dimension d = k",
  condition: "condition number κ of W Wᵀ",
};

const METRICS = [
  { key: "errSigma", label: "‖Σ̂ − WWᵀ‖_F / ‖W‖²_F", color: "#1f77b4" },
  { key: "errB", label: "‖b̂ − b‖₂ / ‖W‖_F", color: "#ff7f0e" },
  { key: "tv", label: "TV upper bound", color: "#2ca02c" },
] as const;

const DASHES = ["", "6 3", "2 3", "10 3 2 3"];

function usage(): string {
  return `Usage: deno task figure1 [flags]

Runs the three sweeps of the paper's Figure 1 (samples, dimension, condition
number) and writes figure1.json and figure1-<panel>.svg into the output
directory. Full settings take a long time (n = 500,000 for two panels); try
--small first.

${describeFlags(FIGURE1_FLAGS)}
`;
}

/** Title of a panel's chart, from its spec. */
function panelTitle(panel: Figure1Panel, spec: ExperimentSpec): string {
  const { base, runs } = spec;
  const fixed = panel === "samples"
    ? `d = k = ${base.d}, κ = ${base.kappa}`
    : panel === "dimension"
    ? `n = ${base.n}, κ = ${base.kappa}`
    : `n = ${base.n}, d = k = ${base.d}`;
  return `Figure 1, ${panel}: ${fixed}, ${runs} runs (mean ± std)`;
}

/** The chart of one panel: a line per (metric, method). */
export function panelSvg(
  panel: Figure1Panel,
  result: ExperimentResult,
): string {
  const methods = result.spec.methods;
  const series: ChartSeries[] = [];
  for (const metric of METRICS) {
    methods.forEach((method, mi) => {
      const mine = result.points.filter((p) => p.method === method);
      const points = mine.map((p) => ({
        x: p.value,
        y: p[metric.key].mean,
        err: p[metric.key].std,
      }));
      const notPd = mine.reduce((s, p) => s + p.notPd, 0);
      const runs = mine.length * result.spec.runs;
      const label = methods.length > 1
        ? `${metric.label} (${method})`
        : metric.label;
      series.push({
        // Runs without a TV bound (Sigma_hat not PD) are left out of its mean.
        name: metric.key === "tv" && notPd > 0
          ? `${label}, ${notPd}/${runs} runs not PD`
          : label,
        points,
        color: metric.color,
        dash: DASHES[mi % DASHES.length]!,
      });
    });
  }
  return lineChartSvg(series, {
    title: panelTitle(panel, result.spec),
    xLabel: AXIS_LABEL[panel],
    yLabel: "error (log scale)",
    logY: true,
  });
}

function describePoint(axis: string, p: ExperimentPoint): string {
  const f = (s: { mean: number; std: number }) =>
    Number.isFinite(s.mean)
      ? `${s.mean.toPrecision(3)} ± ${s.std.toPrecision(2)}`
      : "n/a";
  const extra = [
    p.notPd > 0 ? `not PD ${p.notPd}` : "",
    p.failed > 0 ? `failed ${p.failed}: ${p.errors.join("; ")}` : "",
  ].filter((s) => s).join(", ");
  return `  ${axis} = ${p.value} ${p.method}: err_sigma ${
    f(p.errSigma)
  }, err_b ${f(p.errB)}, tv ${f(p.tv)}, fit ${p.fitMs.mean.toFixed(0)} ms${
    extra ? ` (${extra})` : ""
  }`;
}

/**
 * Runs `figure1` with `args` (the arguments after the script name).
 *
 * @returns the exit status.
 */
export function runFigure1(
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  return runFlagsCommand(
    "figure1",
    args,
    io,
    FIGURE1_FLAGS,
    usage,
    async (flags) => {
      const runs = flags.runs ?? 10;
      checkRuns(runs);
      const nScale = flags["n-scale"] ?? 1;
      checkNScale(nScale);
      const methods = readMethods(flags, () => ["paper"]);
      const panels = splitList(flags.panels ?? FIGURE1_PANELS.join(","));
      for (const p of panels) {
        if (!FIGURE1_PANELS.includes(p as Figure1Panel)) {
          throw new UsageError(
            `--panels: unknown panel "${p}"; valid panels are ${
              FIGURE1_PANELS.join(", ")
            }`,
          );
        }
      }
      const out = flags.out ?? "./figure1-out";
      const seed = flags.seed ?? 0;
      if (seed < 0) throw new UsageError(`--seed must be >= 0, got ${seed}`);
      const small = flags.small ?? false;
      const specs = figure1Specs({ runs, small, nScale, methods, seed });
      // Check every panel before spending time on any.
      for (const p of panels) validateExperimentSpec(specs[p as Figure1Panel]);

      try {
        await Deno.mkdir(out, { recursive: true });
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new Error(`Cannot create directory "${out}": ${why}`);
      }

      const results: Partial<Record<Figure1Panel, ExperimentResult>> = {};
      const started = performance.now();
      for (const name of panels as Figure1Panel[]) {
        const spec = specs[name];
        const axis = FIGURE1_AXIS[name];
        const steps = runExperimentSteps(spec);
        const lastMethod = spec.methods[spec.methods.length - 1];
        const result = await finishSteps(steps, async (p) => {
          if (p.run === spec.runs - 1 && p.method === lastMethod) {
            await io.stderr(
              `figure1: [${name}] ${axis} = ${p.value} done (fit ${p.done}/${p.total}, ${
                secondsSince(started)
              } s)\n`,
            );
          }
        });
        results[name] = result;
        await io.stderr(
          result.points.map((p) => describePoint(axis, p)).join("\n") + "\n",
        );
        const svgPath = `${out}/figure1-${name}.svg`;
        await io.writeFile(
          svgPath,
          new TextEncoder().encode(panelSvg(name, result)),
        );
      }
      const json = {
        settings: { runs, small, nScale, methods, seed, panels },
        panels: results,
      };
      await writeJson(io, `${out}/figure1.json`, json);
      await io.stderr(
        `figure1: wrote ${out}/figure1.json and ${panels.length} SVG chart(s)\n`,
      );
    },
  );
}

if (import.meta.main) {
  Deno.exit(await runFigure1(Deno.args, denoIo));
}
