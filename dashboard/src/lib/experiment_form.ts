/**
 * Turns the experiment form's text fields into a run spec, with messages a
 * user can act on for anything unusable.
 *
 * @module
 */
import type { BiasMode, RunSpec, SweepParameter } from "../api/types.ts";

/** The form as typed. */
export interface ExperimentForm {
  readonly sweep: SweepParameter;
  /** Comma- or space-separated values of the swept parameter. */
  readonly values: string;
  readonly d: number;
  readonly k: number;
  readonly n: number;
  readonly kappa: number;
  readonly bias: BiasMode;
  readonly runs: number;
  readonly methods: readonly string[];
  readonly seed: number;
}

/** A spec, or the reason there is none. */
export type SpecOrError =
  | { readonly ok: true; readonly spec: RunSpec }
  | { readonly ok: false; readonly message: string };

/** Parses "2000, 5000 1e4" into numbers; null when a token is not a number. */
export function parseValues(text: string): number[] | null {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  const values = tokens.map(Number);
  return values.every(Number.isFinite) ? values : null;
}

/** Builds the `POST /api/runs` body from the form. */
export function buildRunSpec(form: ExperimentForm): SpecOrError {
  const values = parseValues(form.values);
  if (!values || values.length === 0) {
    return {
      ok: false,
      message:
        `Cannot start: list one or more numbers for ${form.sweep}, got "${form.values}"`,
    };
  }
  if (form.methods.length === 0) {
    return { ok: false, message: "Cannot start: pick at least one method" };
  }
  for (
    const [name, v] of [["d", form.d], ["k", form.k], ["n", form.n], [
      "runs",
      form.runs,
    ]] as const
  ) {
    if (!Number.isInteger(v) || v < 1) {
      return {
        ok: false,
        message: `Cannot start: ${name} must be a positive integer, got ${v}`,
      };
    }
  }
  return {
    ok: true,
    spec: {
      sweep: form.sweep,
      values,
      base: {
        d: form.d,
        k: form.k,
        n: form.n,
        kappa: form.kappa,
        bias: form.bias,
      },
      runs: form.runs,
      methods: [...form.methods],
      seed: form.seed,
    },
  };
}
