/**
 * The status a run shows while it is followed: the record is read once and
 * then only progress events arrive, so its `status` ("queued") goes stale
 * while the bar fills. The label follows the freshest news instead.
 *
 * @module
 */
import type { RunStatus } from "../api/types.ts";

/** Progress of a run: fits done of total. */
export interface RunProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * The status to show: the record's once it has ended (done, failed);
 * otherwise the latest status an event carried, but "running" as soon as a
 * fit is done (a queued run has done none); "queued" when nothing is known.
 */
export function runStatusLabel(
  record: RunStatus | undefined,
  progress: RunProgress | null | undefined,
  event?: RunStatus,
): RunStatus {
  if (record === "done" || record === "failed") return record;
  if (event === "done" || event === "failed") return event;
  if ((progress?.done ?? 0) > 0) return "running";
  return event ?? record ?? "queued";
}
