/**
 * The Fit view: samples from a file, pasted text or a synthetic truth drawn
 * in the browser, fitted with one or more methods.
 *
 * @module
 */
import {
  computed,
  createModel,
  type ReadonlySignal,
  signal,
} from "@preact/signals";
import type { ApiClient, FitBody } from "../api/client.ts";
import type { OwnerTokens } from "../api/owner_tokens.ts";
import type { BiasMode, FitResponse, MethodInfo } from "../api/types.ts";
import { BOOTSTRAP_OPTION } from "../lib/bootstrap_option.ts";
import {
  checkOption,
  type OptionInput,
  type OptionInputs,
  optionsToSend,
  withInput,
} from "../lib/method_options.ts";
import { drawSynthetic } from "../lib/synthetic.ts";
import type { LoadStatus } from "./methods_model.ts";

/** Where the samples come from. */
export type FitSource = "file" | "paste" | "synthetic";

/** A truth known to the browser. */
export interface KnownTruth {
  readonly sigma: number[][];
  readonly b: number[];
}

/** One method's answer, with the truth when the data was synthetic. */
export interface FitOutcome {
  readonly fit: FitResponse;
  readonly truth: KnownTruth | null;
}

/** Fit form and results; `registry` holds the methods and their option specs. */
export const FitModel = createModel((
  api: ApiClient,
  tokens: OwnerTokens,
  registry: ReadonlySignal<readonly MethodInfo[]> = signal([]),
) => {
  const source = signal<FitSource>("synthetic", { name: "fitSource" });
  const file = signal<File | null>(null, { name: "fitFile" });
  const pasted = signal("", { name: "fitPasted" });
  const d = signal(4, { name: "synD" });
  const k = signal(4, { name: "synK" });
  const n = signal(5000, { name: "synN" });
  const kappa = signal(1, { name: "synKappa" });
  const bias = signal<BiasMode>("relu", { name: "synBias" });
  const methods = signal<readonly string[]>([], { name: "fitMethods" });
  const seed = signal(1, { name: "fitSeed" });
  const status = signal<LoadStatus>("idle", { name: "fitStatus" });
  const error = signal("", { name: "fitError" });
  const outcomes = signal<readonly FitOutcome[]>([], { name: "fitOutcomes" });
  const optionInputs = signal<OptionInputs>({}, { name: "fitOptionInputs" });
  /** Bootstrap replicates as typed ("0" = no bootstrap). */
  const bootstrap = signal("0", { name: "fitBootstrap" });

  /** The chosen methods' specs, in the order they were picked. */
  const chosen = computed(() =>
    methods.value.flatMap((name) => {
      const info = registry.value.find((m) => m.name === name);
      return info ? [info] : [];
    })
  );
  /** Per chosen method: the options to send, or what is wrong with them. */
  const optionsByMethod = computed(() =>
    new Map(
      chosen.value.map((info) => [
        info.name,
        optionsToSend(info, optionInputs.value),
      ]),
    )
  );
  const bootstrapCheck = computed(() =>
    checkOption(BOOTSTRAP_OPTION, bootstrap.value)
  );
  const optionProblems = computed(() => [
    ...[...optionsByMethod.value.values()].flatMap((r) =>
      r.ok ? [] : r.messages
    ),
    ...(bootstrapCheck.value.ok ? [] : [bootstrapCheck.value.message]),
  ]);

  const readBody = async (): Promise<
    { body: FitBody; truth: KnownTruth | null }
  > => {
    if (source.value === "paste") {
      if (!pasted.value.trim()) {
        throw new Error("Paste CSV samples first (one sample per line)");
      }
      return { body: { kind: "csv", text: pasted.value }, truth: null };
    }
    if (source.value === "file") {
      const f = file.value;
      if (!f) throw new Error("Choose a .csv or .npy file first");
      return f.name.toLowerCase().endsWith(".npy")
        ? { body: { kind: "npy", bytes: await f.arrayBuffer() }, truth: null }
        : { body: { kind: "csv", text: await f.text() }, truth: null };
    }
    const data = drawSynthetic({
      d: d.value,
      k: k.value,
      n: n.value,
      kappa: kappa.value,
      bias: bias.value,
      seed: seed.value,
    });
    return {
      body: { kind: "matrix", samples: data.samples },
      truth: { sigma: data.sigma, b: data.b },
    };
  };

  return {
    source,
    file,
    pasted,
    d,
    k,
    n,
    kappa,
    bias,
    methods,
    seed,
    status,
    error,
    outcomes,
    optionInputs,
    bootstrap,
    bootstrapCheck,
    chosen,
    optionProblems,
    /** Sets what the input of option `name` of `method` holds. */
    setOption(method: string, name: string, input: OptionInput) {
      optionInputs.value = withInput(optionInputs.value, method, name, input);
    },
    /** Puts every option of `method` back to its default. */
    resetOptions(method: string) {
      const { [method]: _dropped, ...rest } = optionInputs.value;
      optionInputs.value = rest;
    },
    ensureMethod(name: string) {
      if (methods.value.length === 0 && name) methods.value = [name];
    },
    toggleMethod(name: string, on: boolean) {
      const rest = methods.value.filter((m) => m !== name);
      methods.value = on ? [...rest, name] : rest;
    },
    /**
     * Fits the samples with every chosen method, one request each, sending
     * each method's options that differ from their defaults and the
     * bootstrap count when it is above 0.
     */
    async submit() {
      error.value = "";
      if (methods.value.length === 0) {
        error.value = "Pick at least one method";
        status.value = "error";
        return;
      }
      if (optionProblems.value.length > 0) {
        error.value = `Cannot fit: ${optionProblems.value.join("; ")}`;
        status.value = "error";
        return;
      }
      status.value = "loading";
      try {
        const { body, truth } = await readBody();
        const checkedBootstrap = bootstrapCheck.value;
        const replicates = checkedBootstrap.ok
          ? Number(checkedBootstrap.value)
          : 0;
        const results: FitOutcome[] = [];
        for (const method of methods.value) {
          const checked = optionsByMethod.value.get(method);
          const options = checked?.ok ? checked.options : {};
          const fit = await api.fit(body, {
            method,
            seed: seed.value,
            options,
            ...(replicates > 0 ? { bootstrap: replicates } : {}),
            ...(truth ? { truth } : {}),
          });
          if (fit.id && fit.ownerToken) tokens.set(fit.id, fit.ownerToken);
          results.push({ fit, truth });
        }
        outcomes.value = results;
        status.value = "ready";
      } catch (e) {
        error.value = (e as Error).message;
        status.value = "error";
      }
    },
  };
});
