/**
 * Run ids: random UUIDs (`crypto.randomUUID()`), checked before any KV call
 * so that a path such as `/api/runs/` + 3,000 × `a` never reaches KV (whose
 * keys are limited to 2 KiB) and answers 404 like any unknown run.
 *
 * @module
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The run id written in `text`, in the lower case the store uses, or null
 * when `text` is not a UUID (so cannot name a run).
 *
 * ```ts
 * import { parseRunId } from "./run_id.ts";
 * parseRunId("0F8E6A5C-3B1D-4C2E-9A7F-1E2D3C4B5A69"); // "0f8e6a5c-…"
 * parseRunId("a".repeat(3000)); // null
 * ```
 */
export function parseRunId(text: string | null | undefined): string | null {
  if (typeof text !== "string" || text.length !== 36 || !UUID.test(text)) {
    return null;
  }
  return text.toLowerCase();
}

/** A fresh run id. */
export function newRunId(): string {
  return crypto.randomUUID();
}
