/**
 * The current view, read from and written to the URL hash
 * (`#/fit`, `#/runs/<id>`, `#/compare?ids=a,b`), so views can be bookmarked.
 *
 * @module
 */
import { computed, createModel, effect, signal } from "@preact/signals";

/** The views of the dashboard. */
export const VIEWS = [
  { id: "fit", label: "Fit" },
  { id: "experiment", label: "Experiment" },
  { id: "compare", label: "Compare" },
  { id: "figure1", label: "Figure 1" },
  { id: "history", label: "History" },
] as const;

/** A parsed location. */
export interface Route {
  readonly view: string;
  /** Path segments after the view (e.g. the run id). */
  readonly rest: readonly string[];
  readonly query: URLSearchParams;
}

/** Parses a hash such as "#/runs/abc?x=1"; unknown or empty hashes go to Fit. */
export function parseHash(hash: string): Route {
  const [path, search = ""] = hash.replace(/^#\/?/, "").split("?");
  const [view = "", ...rest] = path.split("/").filter(Boolean).map(
    decodeURIComponent,
  );
  const known = view === "runs" || VIEWS.some((v) => v.id === view);
  return {
    view: known ? view : "fit",
    rest,
    query: new URLSearchParams(search),
  };
}

/** Hash-based routing; `location` is injectable for tests. */
export const RouterModel = createModel((
  location: { hash: string } = globalThis.location,
  target: EventTarget | null = globalThis.window ?? null,
) => {
  const hash = signal(location?.hash ?? "", { name: "hash" });
  const route = computed(() => parseHash(hash.value));

  effect(() => {
    if (!target) return;
    const onChange = () => {
      hash.value = location.hash;
    };
    target.addEventListener("hashchange", onChange);
    return () => target.removeEventListener("hashchange", onChange);
  });

  return {
    route,
    navigate(to: string) {
      const next = to.startsWith("#") ? to : `#${to}`;
      location.hash = next;
      hash.value = next;
    },
  };
});
