/**
 * `deno task crb [--d D --rho R --b B | --truth truth.json] [--n N]
 * [--method M] [--runs R] [--seed S] [--json]`: the Cramér–Rao bound of the
 * censored Gaussian x = max(0, y), y ~ N(b, Σ), at one truth, next to a
 * method's measured errors on seeded data sets of n samples from it.
 *
 * Prints, for err_sigma = ‖Σ̂ − Σ‖_F / tr Σ and err_b = ‖b̂ − b‖ / √(tr Σ),
 * the CRB-implied mean error (the mean norm of an error drawn from
 * N(0, I⁻¹ / n), computed exactly), the method's mean ± standard error over
 * the runs, and their ratio ± standard error, as a Markdown table, or
 * everything as JSON with `--json`. For d > 3 with a non-diagonal Σ the bound
 * is per entry (see `crbErrors`) and root mean squares are compared instead.
 *
 * The truth is either unit variances with all correlations `--rho` and
 * `b` = `--b` (one number for every coordinate, or d comma-separated), or
 * a JSON file `{"b": [...], "sigma": [[...], ...]}`.
 *
 * @module
 */
import {
  type EfficiencyResult,
  efficiencySteps,
} from "../../core/experiments/efficiency.ts";
import type { Matrix } from "../../core/linalg/matrix.ts";
import type { SigmaAndBias } from "../../core/metrics/parameter_errors.ts";
import { MAX_SEED } from "../../core/random/prng.ts";
import { describeFlags, type FlagSpecs, UsageError } from "./_args.ts";
import {
  checkMethod,
  checkRuns,
  finishSteps,
  readJsonFile,
  runFlagsCommand,
  secondsSince,
  splitList,
} from "./_command.ts";
import { type CliIo, denoIo } from "./_io.ts";

const CRB_FLAGS = {
  d: { kind: "integer", description: "dimension (default 2)" },
  rho: {
    kind: "number",
    description: "correlation of every pair, unit variances (default 0)",
  },
  b: {
    kind: "string",
    description:
      "b: one number for all coordinates, or d comma-separated (default 0)",
  },
  truth: {
    kind: "string",
    description:
      'JSON file {"b": [...], "sigma": [[...], ...]} instead of --d/--rho/--b',
  },
  n: { kind: "integer", description: "samples per data set (default 200000)" },
  method: {
    kind: "string",
    description: "method name (default: the default method)",
  },
  runs: { kind: "integer", description: "seeded data sets (default 20)" },
  seed: { kind: "integer", description: "seed (default 0)" },
  json: { kind: "boolean", description: "print the result as JSON" },
} as const satisfies FlagSpecs;

/** A quadrature change above this is reported under the table. */
const QUADRATURE_WARNING = 1e-6;

/** Largest d the command accepts (the per-entry bound costs d² pairs). */
const MAX_D = 100;

function usage(): string {
  return `Usage: deno task crb [flags]

The Cramér–Rao bound of the censored Gaussian at one truth, beside a method's
measured mean errors on seeded data sets.

${describeFlags(CRB_FLAGS)}
`;
}

/** The truth the flags describe, checked with messages naming the flag. */
async function truthOf(
  flags: {
    d?: number;
    rho?: number;
    b?: string;
    truth?: string;
  },
  io: CliIo,
): Promise<SigmaAndBias> {
  if (flags.truth !== undefined) {
    for (const name of ["d", "rho", "b"] as const) {
      if (flags[name] !== undefined) {
        throw new UsageError(`--${name} cannot be combined with --truth`);
      }
    }
    const value = await readJsonFile(io, flags.truth, "the truth");
    return parseTruth(value);
  }
  const d = flags.d ?? 2;
  if (d < 1 || d > MAX_D) {
    throw new UsageError(`--d must be in [1, ${MAX_D}], got ${d}`);
  }
  const rho = flags.rho ?? 0;
  // Equicorrelation is positive definite exactly for −1/(d − 1) < ρ < 1.
  const lowest = d > 1 ? -1 / (d - 1) : -Infinity;
  if (!(rho < 1 && rho > lowest)) {
    throw new UsageError(
      `--rho must lie in (${
        d > 1 ? lowest.toPrecision(3) : "-1"
      }, 1) for a positive definite Sigma at d = ${d}, got ${rho}`,
    );
  }
  const items = splitList(flags.b ?? "0");
  if (items.length !== 1 && items.length !== d) {
    throw new UsageError(
      `--b must give 1 or ${d} numbers, got ${items.length}`,
    );
  }
  const b = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const raw = items.length === 1 ? items[0]! : items[i]!;
    const v = Number(raw);
    if (!Number.isFinite(v)) {
      throw new UsageError(`--b: "${raw}" is not a finite number`);
    }
    b[i] = v;
  }
  const sigma = new Float64Array(d * d).fill(rho);
  for (let i = 0; i < d; i++) sigma[i * d + i] = 1;
  return { b, sigma: { rows: d, cols: d, data: sigma } };
}

/**
 * `{"b": number[], "sigma": number[][]}`, d × d; errors name the field
 * (0-based indices, as in the JSON arrays).
 */
function parseTruth(value: unknown): SigmaAndBias {
  const fail = (problem: string): never => {
    throw new RangeError(`Cannot read the truth: ${problem}`);
  };
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    fail('expected an object {"b": [...], "sigma": [[...], ...]}');
  }
  const spec = value as Record<string, unknown>;
  const numbers = (raw: unknown, name: string, length: number) => {
    if (!Array.isArray(raw)) fail(`"${name}" must be an array of numbers`);
    const arr = raw as unknown[];
    if (arr.length !== length) {
      fail(`"${name}" has ${arr.length} entries, expected ${length}`);
    }
    return Float64Array.from(arr, (v, i) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        fail(`"${name}[${i}]" must be a finite number`);
      }
      return v as number;
    });
  };
  if (!Array.isArray(spec.b) || spec.b.length === 0) {
    fail('"b" must be a non-empty array of numbers');
  }
  const d = (spec.b as unknown[]).length;
  const b = numbers(spec.b, "b", d);
  if (!Array.isArray(spec.sigma)) {
    fail('"sigma" must be an array of d rows');
  }
  const rows = spec.sigma as unknown[];
  if (rows.length !== d) {
    fail(`"sigma" has ${rows.length} rows but "b" has ${d} entries`);
  }
  const data = new Float64Array(d * d);
  rows.forEach((row, i) => data.set(numbers(row, `sigma[${i}]`, d), i * d));
  const sigma: Matrix = { rows: d, cols: d, data };
  return { b, sigma };
}

function fmt(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "–";
  return x.toPrecision(3);
}

/** The result as a Markdown table with a heading line. */
export function formatEfficiency(result: EfficiencyResult): string {
  const { crb, measured, ratio } = result;
  const of = ratio.of;
  const bound = crb.kind === "exact"
    ? d3OrDiagonal(crb.d)
    : "per-entry bounds (each entry from its own columns), compared by root mean square";
  const lines = [
    `d = ${crb.d}, n = ${result.n}, method ${result.method}, ${result.runs} runs (seed ${result.seed}${
      measured.failed > 0 ? `, ${measured.failed} failed` : ""
    }); CRB: ${bound}`,
    "",
    `| metric | CRB ${of} | measured ${of} ± se | ratio ± se |`,
    "|---|---:|---:|---:|",
  ];
  const row = (
    name: string,
    limit: { mean: number | null; rms: number },
    m: { mean: number; se: number; rms: number; rmsSe: number },
    r: { value: number; se: number },
  ) => {
    const [value, se] = of === "mean" ? [m.mean, m.se] : [m.rms, m.rmsSe];
    lines.push(
      `| ${name} | ${fmt(of === "mean" ? limit.mean : limit.rms)} | ${
        fmt(value)
      } ± ${fmt(se)} | ${fmt(r.value)} ± ${fmt(r.se)} |`,
    );
  };
  row("err_sigma", crb.errSigma, measured.errSigma, ratio.errSigma);
  row("err_b", crb.errB, measured.errB, ratio.errB);
  if (crb.quadratureChange > QUADRATURE_WARNING) {
    lines.push(
      "",
      `The bound's quadrature did not settle: its last refinement still moved the information by ${
        fmt(crb.quadratureChange)
      } (relative).`,
    );
  }
  for (const message of measured.errors) {
    lines.push("", `A fit failed: ${message}`);
  }
  return lines.join("\n") + "\n";
}

function d3OrDiagonal(d: number): string {
  return d <= 3
    ? "exact joint bound (d <= 3)"
    : "exact joint bound (diagonal Sigma: block-diagonal information)";
}

/** The result as plain JSON data. */
function toJson(result: EfficiencyResult, truth: SigmaAndBias): unknown {
  const d = truth.b.length;
  const { crb, measured } = result;
  return {
    truth: {
      b: Array.from(truth.b),
      sigma: Array.from(
        { length: d },
        (_, i) => Array.from(truth.sigma.data.subarray(i * d, (i + 1) * d)),
      ),
    },
    n: result.n,
    method: result.method,
    runs: result.runs,
    seed: result.seed,
    crb: {
      kind: crb.kind,
      errSigma: crb.errSigma,
      errB: crb.errB,
      quadratureChange: crb.quadratureChange,
    },
    measured: {
      errSigma: measured.errSigma,
      errB: measured.errB,
      failed: measured.failed,
      errors: measured.errors,
    },
    ratio: result.ratio,
    parameters: crb.names.map((name, k) => ({
      name,
      crbSd: crb.sd[k],
      measuredSd: measured.sd[k],
      measuredBias: measured.bias[k],
    })),
  };
}

/** NaN and ±Infinity as null, as JSON has no such numbers. */
function jsonText(value: unknown): string {
  return JSON.stringify(
    value,
    (_, v) => typeof v === "number" && !Number.isFinite(v) ? null : v,
    2,
  ) + "\n";
}

/**
 * Runs `crb` with `args` (the arguments after the script name).
 *
 * @returns the exit status.
 */
export function runCrb(args: readonly string[], io: CliIo): Promise<number> {
  return runFlagsCommand("crb", args, io, CRB_FLAGS, usage, async (flags) => {
    const runs = flags.runs ?? 20;
    checkRuns(runs);
    const n = flags.n ?? 200_000;
    if (n < 1) throw new UsageError(`--n must be at least 1, got ${n}`);
    const seed = flags.seed ?? 0;
    if (seed < 0 || seed > MAX_SEED) {
      throw new UsageError(
        `--seed must be a non-negative integer, got ${seed}`,
      );
    }
    if (flags.method !== undefined) checkMethod(flags.method);
    const truth = await truthOf(flags, io);
    const start = performance.now();
    const result = await finishSteps(
      efficiencySteps({ truth, n, runs, seed, method: flags.method }),
    );
    await io.stderr(`${runs} runs in ${secondsSince(start)} s\n`);
    await io.stdout(
      flags.json ? jsonText(toJson(result, truth)) : formatEfficiency(result),
    );
  });
}

if (import.meta.main) {
  Deno.exit(await runCrb(Deno.args, denoIo));
}
