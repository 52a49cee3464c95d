/**
 * One background run: its record, live progress, and the owner's actions
 * (delete, re-run).
 *
 * @module
 */
import { computed, createModel, effect, signal } from "@preact/signals";
import type { ApiClient } from "../api/client.ts";
import type { OwnerTokens } from "../api/owner_tokens.ts";
import type { RunRecord, RunSpec, RunStatus } from "../api/types.ts";
import { pointsOf, specOf, sweepOf } from "../lib/run_points.ts";
import { runStatusLabel } from "../lib/run_status.ts";
import { followRun } from "./follow_run.ts";
import type { LoadStatus } from "./methods_model.ts";

/** A run being watched. */
export const RunModel = createModel((api: ApiClient, tokens: OwnerTokens) => {
  const id = signal("", { name: "runId" });
  const run = signal<RunRecord | null>(null, { name: "run" });
  const progress = signal({ done: 0, total: 0 }, { name: "runProgress" });
  const status = signal<LoadStatus>("idle", { name: "runLoadStatus" });
  const error = signal("", { name: "runError" });
  /** The status the latest progress event carried. */
  const eventStatus = signal<RunStatus | undefined>(undefined, {
    name: "runEventStatus",
  });
  let stop: (() => void) | null = null;

  const points = computed(() => pointsOf(run.value));
  const parameter = computed(() => (run.value ? sweepOf(run.value) : "n"));
  /** The status to show, agreeing with the progress bar. */
  const statusLabel = computed(() =>
    runStatusLabel(run.value?.status, progress.value, eventStatus.value)
  );
  /** The file the run fitted, when this browser sent it. */
  const fileName = computed(() =>
    id.value ? tokens.fileName(id.value) : undefined
  );
  const canDelete = computed(() =>
    id.value !== "" && tokens.get(id.value) !== undefined
  );
  const runError = computed(() => {
    const e = run.value?.error;
    return typeof e === "string" ? e : e?.message ?? "";
  });

  // Stop following when the model is disposed.
  effect(() => () => stop?.());

  const open = (runId: string) => {
    stop?.();
    id.value = runId;
    run.value = null;
    error.value = "";
    progress.value = { done: 0, total: 0 };
    eventStatus.value = undefined;
    status.value = "loading";
    stop = followRun(api, runId, {
      onProgress: (done, total) => {
        progress.value = { done, total };
      },
      onStatus: (s) => {
        eventStatus.value = s;
      },
      onRecord: (r) => {
        run.value = r;
        status.value = "ready";
      },
      onError: (message) => {
        error.value = message;
        status.value = "error";
      },
    });
  };

  const start = async (spec: RunSpec): Promise<string | null> => {
    error.value = "";
    status.value = "loading";
    try {
      const created = await api.createRun(spec);
      if (created.ownerToken) tokens.set(created.id, created.ownerToken);
      open(created.id);
      return created.id;
    } catch (e) {
      error.value = (e as Error).message;
      status.value = "error";
      return null;
    }
  };

  return {
    id,
    run,
    progress,
    status,
    error,
    points,
    parameter,
    statusLabel,
    fileName,
    canDelete,
    runError,
    /** Loads run `runId` and follows it while it runs. */
    open,
    /** Starts a run from `spec` and follows it; returns its id. */
    start,
    /** Starts a new run with this run's spec; returns the new id. */
    rerun(): Promise<string | null> {
      const current = run.value;
      if (!current) return Promise.resolve(null);
      return start(specOf(current) as unknown as RunSpec);
    },
    /** Deletes this run with the stored owner token. */
    async remove(): Promise<boolean> {
      const token = tokens.get(id.value);
      if (!token) return false;
      try {
        await api.deleteRun(id.value, token);
        tokens.remove(id.value);
        stop?.();
        run.value = null;
        return true;
      } catch (e) {
        error.value = (e as Error).message;
        return false;
      }
    },
  };
});
