/**
 * The Figure 1 view: one background run per panel.
 *
 * @module
 */
import { computed, createModel, signal } from "@preact/signals";
import type { ApiClient } from "../api/client.ts";
import type { OwnerTokens } from "../api/owner_tokens.ts";
import { figure1Spec } from "../lib/figure1.ts";
import { RunModel } from "./run_model.ts";

/** Three runs, started together. */
export const Figure1Model = createModel(
  (api: ApiClient, tokens: OwnerTokens) => {
    const full = signal(false, { name: "figure1Full" });
    const methods = signal<readonly string[]>([], { name: "figure1Methods" });
    const seed = signal(1, { name: "figure1Seed" });
    const panels = {
      left: new RunModel(api, tokens),
      middle: new RunModel(api, tokens),
      right: new RunModel(api, tokens),
    };
    const started = computed(() => panels.left.id.value !== "");
    const error = computed(() =>
      [panels.left, panels.middle, panels.right].map((p) => p.error.value).find(
        Boolean,
      ) ?? ""
    );

    return {
      full,
      methods,
      seed,
      panels,
      started,
      error,
      /** Opens existing runs (from the URL) instead of starting new ones. */
      open(ids: { left?: string; middle?: string; right?: string }) {
        for (const key of ["left", "middle", "right"] as const) {
          const id = ids[key];
          if (id && panels[key].id.value !== id) panels[key].open(id);
        }
      },
      /** Picks these methods when none is chosen yet. */
      ensureMethods(names: readonly string[]) {
        if (methods.value.length === 0) methods.value = [...names];
      },
      toggleMethod(name: string, on: boolean) {
        const rest = methods.value.filter((m) => m !== name);
        methods.value = on ? [...rest, name] : rest;
      },
      /** Starts the three sweeps with the chosen methods; returns their ids. */
      async start(): Promise<Record<string, string | null>> {
        const scale = full.value ? "full" : "default";
        const out: Record<string, string | null> = {};
        for (const key of ["left", "middle", "right"] as const) {
          out[key] = await panels[key].start(
            figure1Spec(key, scale, methods.value, seed.value),
          );
        }
        return out;
      },
    };
  },
);
