/**
 * The fields that describe a synthetic truth and its sample size (d, k, n,
 * κ, bias), shared by the forms that draw one.
 *
 * @module
 */
import type { Signal } from "@preact/signals";
import type { BiasMode } from "../api/types.ts";
import { NumberField, SelectField } from "./common.tsx";

/** The signals a truth form edits. */
export interface TruthInputs {
  readonly d: Signal<number>;
  readonly k: Signal<number>;
  readonly n: Signal<number>;
  readonly kappa: Signal<number>;
  readonly bias: Signal<BiasMode>;
}

const BIAS_OPTIONS: readonly (readonly [BiasMode, string])[] = [
  ["relu", "max(0, N(0,1))"],
  ["zero", "zero"],
  ["negative", "negative"],
];

/**
 * A fieldset with d, k, n, κ and bias inputs; ids are `${idPrefix}-d` and so
 * on. `maxDimension` bounds d and k, `maxSamples` (when given) n.
 */
export function TruthFields(
  { idPrefix, legend, inputs, maxDimension, maxSamples }: {
    idPrefix: string;
    legend: string;
    inputs: TruthInputs;
    maxDimension: number;
    maxSamples?: number;
  },
) {
  return (
    <fieldset class="grid">
      <legend>{legend}</legend>
      <NumberField
        id={`${idPrefix}-d`}
        label="d (dimension)"
        value={inputs.d}
        min={1}
        max={maxDimension}
      />
      <NumberField
        id={`${idPrefix}-k`}
        label="k (latent)"
        value={inputs.k}
        min={1}
        max={maxDimension}
      />
      <NumberField
        id={`${idPrefix}-n`}
        label="n (samples)"
        value={inputs.n}
        min={2}
        max={maxSamples}
      />
      <NumberField
        id={`${idPrefix}-kappa`}
        label="κ (condition)"
        value={inputs.kappa}
        min={1}
        step="any"
      />
      <SelectField
        id={`${idPrefix}-bias`}
        label="bias b"
        value={inputs.bias}
        options={BIAS_OPTIONS}
      />
    </fieldset>
  );
}
