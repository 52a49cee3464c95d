/**
 * The background side of `POST /api/runs`: a KV queue listener that runs
 * experiments one at a time and writes their progress and result to the
 * store.
 *
 * @module
 */
import {
  type ExperimentSpec,
  runExperimentSteps,
} from "../../core/experiments/run.ts";
import { toJsonSafe } from "../../core/formats/fit_json.ts";
import type { RunStore } from "../store/run_store.ts";

/** The queue message that starts a run. */
export interface RunMessage {
  readonly type: "run";
  readonly id: string;
}

/** How the worker paces itself. */
export interface RunWorkerOptions {
  /**
   * Awaited between fits so the server keeps answering while an experiment
   * runs. @default {a zero-delay timer}
   */
  readonly pause?: () => Promise<void>;
  /** Least milliseconds between two progress writes. @default {200} */
  readonly progressEveryMs?: number;
}

function isRunMessage(value: unknown): value is RunMessage {
  const m = value as Partial<RunMessage> | null;
  return m !== null && typeof m === "object" && m.type === "run" &&
    typeof m.id === "string";
}

function zeroDelay(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Listens on the store's KV queue until the KV is closed. Messages are
 * handled one after another: fits are CPU-bound, so running experiments side
 * by side would only slow each down.
 */
export function startRunWorker(
  store: RunStore,
  options: RunWorkerOptions = {},
): Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  return store.kv.listenQueue((message) => {
    if (!isRunMessage(message)) return;
    chain = chain.then(() => runExperiment(store, message.id, options));
    return chain;
  });
}

/**
 * Runs the experiment stored as run `id`: queued → running (with progress)
 * → done with its result, or failed with a message. Stops quietly when the
 * run is deleted meanwhile. Never throws, so the queue does not redeliver.
 */
export async function runExperiment(
  store: RunStore,
  id: string,
  options: RunWorkerOptions = {},
): Promise<void> {
  const pause = options.pause ?? zeroDelay;
  const every = options.progressEveryMs ?? 200;
  const record = await store.get(id);
  if (record === null || record.kind !== "experiment") return;
  if (record.status === "done" || record.status === "failed") return;
  const spec = record.input as unknown as ExperimentSpec;
  try {
    const total = spec.values.length * spec.runs * spec.methods.length;
    let last = performance.now();
    if (
      await store.update(id, () => ({
        status: "running",
        progress: { done: 0, total },
      })) === null
    ) return;
    const steps = runExperimentSteps(spec);
    let step = steps.next();
    let finalTotal = total;
    while (!step.done) {
      const { done, total } = step.value;
      finalTotal = total;
      if (performance.now() - last >= every) {
        last = performance.now();
        const alive = await store.update(id, () => ({
          progress: { done, total },
        }));
        if (alive === null) return;
      }
      await pause();
      step = steps.next();
    }
    const result = step.value;
    await store.saveResult(id, JSON.stringify(toJsonSafe(result)), {
      progress: { done: finalTotal, total: finalTotal },
    });
  } catch (e) {
    const expected = e instanceof RangeError || e instanceof TypeError;
    if (!expected) console.error(`Run ${id} failed`, e);
    await store.update(id, () => ({
      status: "failed",
      error: {
        code: expected ? "invalid_input" : "internal_error",
        message: expected
          ? (e as Error).message
          : "The run failed unexpectedly",
      },
    }));
  }
}
