/**
 * The estimation methods the server offers (never hard-coded here).
 *
 * @module
 */
import { computed, createModel, signal } from "@preact/signals";
import type { ApiClient } from "../api/client.ts";
import type { MethodInfo } from "../api/types.ts";

/** Loading state of a request. */
export type LoadStatus = "idle" | "loading" | "ready" | "error";

/** Registry of methods from `GET /api/methods`. */
export const MethodsModel = createModel((api: ApiClient) => {
  const methods = signal<readonly MethodInfo[]>([], { name: "methods" });
  const defaultMethod = signal("", { name: "defaultMethod" });
  const status = signal<LoadStatus>("idle", { name: "methodsStatus" });
  const error = signal("", { name: "methodsError" });
  const names = computed(() => methods.value.map((m) => m.name));

  return {
    methods,
    defaultMethod,
    names,
    status,
    error,
    async load() {
      status.value = "loading";
      try {
        const res = await api.methods();
        methods.value = res.methods;
        defaultMethod.value = res.default ?? res.methods[0]?.name ?? "";
        status.value = "ready";
      } catch (e) {
        error.value = (e as Error).message;
        status.value = "error";
      }
    },
  };
});
