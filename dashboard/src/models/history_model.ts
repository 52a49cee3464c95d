/**
 * The History view: the run list, newest first, a page at a time, with a
 * selection for Compare.
 *
 * @module
 */
import { computed, createModel, signal } from "@preact/signals";
import type { ApiClient } from "../api/client.ts";
import type { OwnerTokens } from "../api/owner_tokens.ts";
import type { RunRecord, RunSpec } from "../api/types.ts";
import { specOf } from "../lib/run_points.ts";
import type { LoadStatus } from "./methods_model.ts";

/** Runs per page. */
export const PAGE_SIZE = 10;

/** Which runs the list shows. */
export type KindFilter = "all" | "fit" | "experiment";

/**
 * Runs asked for per request while a kind filter is on (the API lists every
 * kind), and requests at most per page: a page shows the matches among up to
 * `FILTER_BATCH * FILTER_REQUESTS` runs.
 */
export const FILTER_BATCH = 50;
const FILTER_REQUESTS = 4;

/** Paginated run list. */
export const HistoryModel = createModel(
  (api: ApiClient, tokens: OwnerTokens) => {
    const runs = signal<readonly RunRecord[]>([], { name: "historyRuns" });
    const status = signal<LoadStatus>("idle", { name: "historyStatus" });
    const error = signal("", { name: "historyError" });
    /** Cursors of the pages before the current one (the first page has none). */
    const cursors = signal<readonly (string | null)[]>([], {
      name: "historyCursors",
    });
    const current = signal<string | null>(null, { name: "historyCursor" });
    const nextCursor = signal<string | null>(null, { name: "historyNext" });
    const selected = signal<ReadonlySet<string>>(new Set(), {
      name: "historySelected",
    });
    /** Bumped when the owner tokens change, so `owned` recomputes. */
    const tokenVersion = signal(0);
    const kind = signal<KindFilter>("all", { name: "historyKind" });
    /** Runs looked at for the current page (more than shown when filtering). */
    const scanned = signal(0, { name: "historyScanned" });

    const page = computed(() => cursors.value.length + 1);
    const hasNext = computed(() => nextCursor.value !== null);
    const hasPrev = computed(() => cursors.value.length > 0);
    const owned = computed(() => {
      tokenVersion.value;
      return new Set(
        runs.value.filter((r) => tokens.get(r.id)).map((r) => r.id),
      );
    });
    const canCompare = computed(() => selected.value.size >= 2);
    /** The file each listed run fitted, when this browser sent it. */
    const fileNames = computed(() => {
      tokenVersion.value;
      return new Map(
        runs.value.flatMap((r) => {
          const name = tokens.fileName(r.id);
          return name ? [[r.id, name] as const] : [];
        }),
      );
    });

    /**
     * One page: PAGE_SIZE runs, or with a kind filter the matching runs
     * among the next few batches (stopping once a page is full).
     */
    const fetchPage = async (cursor: string | null) => {
      status.value = "loading";
      error.value = "";
      try {
        // The server lists only the runs whose owner tokens it is shown.
        const wanted = kind.value;
        let found: RunRecord[] = [];
        let next: string | null = cursor;
        let seen = 0;
        for (let request = 0; request < FILTER_REQUESTS; request++) {
          const res = await api.listRuns(
            wanted === "all" ? PAGE_SIZE : FILTER_BATCH,
            next,
            tokens.all(100),
          );
          seen += res.runs.length;
          found = [
            ...found,
            ...res.runs.filter((r) => wanted === "all" || r.kind === wanted),
          ];
          next = res.cursor ?? null;
          if (wanted === "all" || found.length >= PAGE_SIZE || !next) break;
        }
        runs.value = found;
        scanned.value = seen;
        current.value = cursor;
        nextCursor.value = next;
        status.value = "ready";
      } catch (e) {
        error.value = (e as Error).message;
        status.value = "error";
      }
    };

    return {
      runs,
      status,
      error,
      page,
      hasNext,
      hasPrev,
      owned,
      selected,
      canCompare,
      kind,
      scanned,
      fileNames,
      /** Shows only runs of `k` (or all), from the newest. */
      async setKind(k: KindFilter) {
        kind.value = k;
        cursors.value = [];
        await fetchPage(null);
      },
      /** Reloads the first page. */
      async refresh() {
        cursors.value = [];
        await fetchPage(null);
      },
      async next() {
        if (!nextCursor.value) return;
        cursors.value = [...cursors.value, current.value];
        await fetchPage(nextCursor.value);
      },
      async prev() {
        if (cursors.value.length === 0) return;
        const before = cursors.value[cursors.value.length - 1];
        cursors.value = cursors.value.slice(0, -1);
        await fetchPage(before);
      },
      toggle(id: string, on: boolean) {
        const next = new Set(selected.value);
        if (on) next.add(id);
        else next.delete(id);
        selected.value = next;
      },
      /** Deletes an owned run and reloads the page. */
      async remove(id: string) {
        const token = tokens.get(id);
        if (!token) return;
        try {
          await api.deleteRun(id, token);
          tokens.remove(id);
          tokenVersion.value++;
          const next = new Set(selected.value);
          next.delete(id);
          selected.value = next;
          await fetchPage(current.value);
        } catch (e) {
          error.value = (e as Error).message;
        }
      },
      /** Starts a copy of run `run`; returns the new id. */
      async rerun(run: RunRecord): Promise<string | null> {
        try {
          const created = await api.createRun(
            specOf(run) as unknown as RunSpec,
          );
          if (created.ownerToken) tokens.set(created.id, created.ownerToken);
          tokenVersion.value++;
          return created.id;
        } catch (e) {
          error.value = (e as Error).message;
          return null;
        }
      },
    };
  },
);
