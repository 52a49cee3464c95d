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

    const fetchPage = async (cursor: string | null) => {
      status.value = "loading";
      error.value = "";
      try {
        // The server lists only the runs whose owner tokens it is shown.
        const res = await api.listRuns(PAGE_SIZE, cursor, tokens.all(100));
        runs.value = res.runs;
        current.value = cursor;
        nextCursor.value = res.cursor ?? null;
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
