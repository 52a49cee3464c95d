/**
 * Follows a background run until it ends: live progress from server-sent
 * events, with polling as the fallback when the stream drops.
 *
 * @module
 */
import type { ApiClient } from "../api/client.ts";
import type { RunRecord, RunStatus } from "../api/types.ts";

const STATUSES: readonly string[] = ["queued", "running", "done", "failed"];

/** Callbacks of `followRun`. */
export interface FollowHandlers {
  /** A progress update (done of total). */
  onProgress(done: number, total: number): void;
  /** The status a progress event carried (the record is not read again until the end). */
  onStatus?(status: RunStatus): void;
  /** The full record, each time it is fetched; the last one has ended. */
  onRecord(run: RunRecord): void;
  onError(message: string): void;
}

const POLL_MS = 1000;

/** Whether a run has finished, either way. */
export function isFinished(run: RunRecord): boolean {
  return run.status === "done" || run.status === "failed";
}

/** Starts following run `id`; returns a function that stops. */
export function followRun(
  api: ApiClient,
  id: string,
  handlers: FollowHandlers,
  options: { readonly useEvents?: boolean } = {},
): () => void {
  let stopped = false;
  let stopEvents: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const stop = () => {
    stopped = true;
    stopEvents?.();
    stopEvents = null;
    if (timer !== null) clearTimeout(timer);
  };

  const refresh = async () => {
    try {
      const run = await api.getRun(id);
      if (stopped) return;
      if (run.progress) {
        handlers.onProgress(run.progress.done, run.progress.total);
      }
      handlers.onRecord(run);
      if (isFinished(run)) stop();
      return run;
    } catch (e) {
      if (!stopped) handlers.onError((e as Error).message);
      stop();
    }
  };

  const poll = async () => {
    timer = null;
    const run = await refresh();
    if (!stopped && run && !isFinished(run)) timer = setTimeout(poll, POLL_MS);
  };

  const startEvents = () => {
    stopEvents = api.watchRun(id, (event) => {
      if (stopped) return;
      if (event.type === "connection-error") {
        // The stream closed or failed: poll instead.
        stopEvents?.();
        stopEvents = null;
        if (timer === null) timer = setTimeout(poll, 0);
        return;
      }
      const d = event.data;
      const progress = (d.progress ?? d) as Record<string, unknown>;
      if (
        typeof progress.done === "number" && typeof progress.total === "number"
      ) {
        handlers.onProgress(progress.done, progress.total);
      }
      if (typeof d.status === "string" && STATUSES.includes(d.status)) {
        handlers.onStatus?.(d.status as RunStatus);
      }
      const status = d.status ?? event.type;
      if (
        status === "done" || status === "failed" || status === "deleted" ||
        event.type === "error"
      ) {
        stopEvents?.();
        stopEvents = null;
        void refresh();
      }
    });
  };

  // One read first: the run may already be over, and the record fills the view.
  void refresh().then((run) => {
    if (stopped || !run || isFinished(run)) return;
    if (options.useEvents !== false && typeof EventSource !== "undefined") {
      startEvents();
    } else {
      timer = setTimeout(poll, POLL_MS);
    }
  });
  return stop;
}
