/**
 * The Experiment view: a synthetic truth and sweep defined in a form, started
 * in the background and followed live.
 *
 * @module
 */
import { computed, createModel, signal } from "@preact/signals";
import type { ApiClient } from "../api/client.ts";
import type { OwnerTokens } from "../api/owner_tokens.ts";
import type { BiasMode, SweepParameter } from "../api/types.ts";
import { buildRunSpec } from "../lib/experiment_form.ts";
import { RunModel } from "./run_model.ts";

/** Defaults small enough to finish in seconds. */
export const EXPERIMENT_DEFAULTS = {
  sweep: "n" as SweepParameter,
  values: "2000, 5000, 10000",
  d: 5,
  k: 5,
  n: 5000,
  kappa: 1,
  bias: "relu" as BiasMode,
  runs: 3,
  seed: 1,
};

/** Form state plus the run it started. */
export const ExperimentModel = createModel(
  (api: ApiClient, tokens: OwnerTokens) => {
    const f = EXPERIMENT_DEFAULTS;
    const sweep = signal<SweepParameter>(f.sweep, { name: "expSweep" });
    const values = signal(f.values, { name: "expValues" });
    const d = signal(f.d, { name: "expD" });
    const k = signal(f.k, { name: "expK" });
    const n = signal(f.n, { name: "expN" });
    const kappa = signal(f.kappa, { name: "expKappa" });
    const bias = signal<BiasMode>(f.bias, { name: "expBias" });
    const runs = signal(f.runs, { name: "expRuns" });
    const methods = signal<readonly string[]>([], { name: "expMethods" });
    const seed = signal(f.seed, { name: "expSeed" });
    const formError = signal("", { name: "expFormError" });
    const current = new RunModel(api, tokens);

    const spec = computed(() =>
      buildRunSpec({
        sweep: sweep.value,
        values: values.value,
        d: d.value,
        k: k.value,
        n: n.value,
        kappa: kappa.value,
        bias: bias.value,
        runs: runs.value,
        methods: methods.value,
        seed: seed.value,
      })
    );

    return {
      sweep,
      values,
      d,
      k,
      n,
      kappa,
      bias,
      runs,
      methods,
      seed,
      formError,
      spec,
      current,
      /** Picks these methods when none is chosen yet. */
      ensureMethods(names: readonly string[]) {
        if (methods.value.length === 0) methods.value = [...names];
      },
      toggleMethod(name: string, on: boolean) {
        const rest = methods.value.filter((m) => m !== name);
        methods.value = on ? [...rest, name] : rest;
      },
      /** Starts the run; returns its id, or null with `formError` or the API's message. */
      async start(): Promise<string | null> {
        const s = spec.value;
        if (!s.ok) {
          formError.value = s.message;
          return null;
        }
        formError.value = "";
        return await current.start(s.spec);
      },
    };
  },
);
