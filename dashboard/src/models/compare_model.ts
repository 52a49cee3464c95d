/**
 * The Compare view: two or more finished runs side by side.
 *
 * @module
 */
import { computed, createModel, signal } from "@preact/signals";
import type { ApiClient } from "../api/client.ts";
import type { RunRecord } from "../api/types.ts";
import { methodsOf, pointsOf, sweepOf, valuesOf } from "../lib/run_points.ts";
import type { LoadStatus } from "./methods_model.ts";

/** Runs loaded for comparison. */
export const CompareModel = createModel((api: ApiClient) => {
  const ids = signal<readonly string[]>([], { name: "compareIds" });
  const runs = signal<readonly RunRecord[]>([], { name: "compareRuns" });
  const status = signal<LoadStatus>("idle", { name: "compareStatus" });
  const error = signal("", { name: "compareError" });

  const allPoints = computed(() => runs.value.flatMap((r) => pointsOf(r)));
  const methods = computed(() => methodsOf(allPoints.value));
  const xs = computed(() => valuesOf(allPoints.value));
  /** The swept parameters; comparing runs that sweep different ones is flagged. */
  const parameters = computed(() => [...new Set(runs.value.map(sweepOf))]);
  const mixedParameters = computed(() => parameters.value.length > 1);

  return {
    ids,
    runs,
    status,
    error,
    methods,
    xs,
    parameters,
    mixedParameters,
    /** Loads the runs with these ids (in this order). */
    async load(next: readonly string[]) {
      ids.value = next;
      error.value = "";
      if (next.length < 2) {
        runs.value = [];
        status.value = "idle";
        return;
      }
      status.value = "loading";
      try {
        runs.value = await Promise.all(next.map((id) => api.getRun(id)));
        status.value = "ready";
      } catch (e) {
        error.value = (e as Error).message;
        status.value = "error";
      }
    },
  };
});
