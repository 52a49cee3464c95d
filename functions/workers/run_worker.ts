/**
 * The background side of `POST /api/runs`: a KV queue listener that runs
 * experiments one at a time and writes their progress and result to the
 * store.
 *
 * @module
 */
import {
  type ExperimentProgress,
  type ExperimentResult,
  type ExperimentSpec,
  runExperimentSteps,
} from "../../core/experiments/run.ts";
import { toJsonSafe } from "../../core/formats/fit_json.ts";
import { LeaseKeeper } from "../store/lease_keeper.ts";
import type { RunStore } from "../store/run_store.ts";

/** The queue message that starts a run. */
export interface RunMessage {
  readonly type: "run";
  readonly id: string;
}

/** One step of an experiment: progress after a fit, or the result. */
export type ExperimentStep = IteratorResult<
  ExperimentProgress,
  ExperimentResult
>;

/** A running experiment, read one step at a time. */
export interface ExperimentSteps {
  /**
   * The next step; rejects with the experiment's error (`RangeError` or
   * `TypeError` for a spec that cannot run). Call again only once the
   * previous call settled, and not after the result.
   */
  next(): Promise<ExperimentStep>;
  /** Abandons the experiment (e.g. its run was deleted); safe to repeat. */
  stop(): void;
}

/**
 * How an experiment runs: in this thread (`inProcessExperimentRunner`, the
 * default, and the only choice on Node and Deno Deploy) or elsewhere, e.g. in
 * a Web Worker (`experiment_worker_runner.ts`), so that sampling and fitting
 * do not stall the server.
 */
export type ExperimentRunner = (spec: ExperimentSpec) => ExperimentSteps;

/**
 * Runs the experiment in the calling thread, one step per `next()`: each
 * blocks the thread for one data set's sampling and fit.
 */
export const inProcessExperimentRunner: ExperimentRunner = (spec) => {
  let steps: Generator<ExperimentProgress, ExperimentResult> | null = null;
  let stopped = false;
  return {
    next() {
      if (stopped) {
        return Promise.reject(
          new Error("Cannot read the experiment's next step: it was stopped"),
        );
      }
      try {
        steps ??= runExperimentSteps(spec);
        return Promise.resolve(steps.next());
      } catch (e) {
        return Promise.reject(e);
      }
    },
    stop() {
      stopped = true;
    },
  };
};

/** How the worker paces itself. */
export interface RunWorkerOptions {
  /**
   * Awaited between fits so the server keeps answering while an experiment
   * runs. @default {a zero-delay timer}
   */
  readonly pause?: () => Promise<void>;
  /** Least milliseconds between two progress writes. @default {200} */
  readonly progressEveryMs?: number;
  /**
   * How often, while a step computes, the run is looked up to see whether
   * it was deleted (or its lease lost), in milliseconds. @default {250}
   */
  readonly watchEveryMs?: number;
  /**
   * Runs each experiment; `createWorkerExperimentRunner()` keeps the server
   * answering meanwhile. @default {inProcessExperimentRunner}
   */
  readonly experimentRunner?: ExperimentRunner;
  /**
   * The leases of the worker running it: the run stops once its lease is
   * lost (taken over after a stall). @default {none: not checked}
   */
  readonly leases?: LeaseKeeper;
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
  const leases = new LeaseKeeper(store);
  leases.start();
  return store.kv.listenQueue(async (message) => {
    if (!isRunMessage(message)) return;
    // Held (and renewed) while it waits its turn, so recovery leaves it be.
    if (await leases.claim(message.id) === null) return;
    chain = chain.then(() =>
      runExperiment(store, message.id, { ...options, leases })
    );
    return chain;
  }).finally(() => leases.stop());
}

/** What `whileAlive` answers when the run went away first. */
const GONE = Symbol("gone");

/**
 * `pending`'s value, or `GONE` as soon as `alive()` (asked every `everyMs`)
 * says no: a step in another thread is not waited for once its run is
 * deleted. A `pending` given up on has its rejection ignored.
 */
async function whileAlive<T>(
  pending: Promise<T>,
  alive: () => Promise<boolean>,
  everyMs: number,
): Promise<T | typeof GONE> {
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = new Promise<typeof GONE>((resolve) => {
    const look = () => {
      timer = setTimeout(async () => {
        if (settled) return;
        if (!(await alive())) resolve(GONE);
        else look();
      }, everyMs);
    };
    look();
  });
  try {
    const first = await Promise.race([pending, watch]);
    if (first === GONE) pending.catch(() => {});
    return first;
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}

/**
 * Runs the experiment stored as run `id`: queued → running (with progress)
 * → done with its result, or failed with a message. Stops quietly when the
 * run is deleted meanwhile: within one progress write, or, while a step
 * computes in another thread, within `watchEveryMs`, without waiting for
 * that step (the runner's `stop()` ends it after its current fit), so the
 * next run starts at once. Never throws, so the queue does not redeliver.
 */
export async function runExperiment(
  store: RunStore,
  id: string,
  options: RunWorkerOptions = {},
): Promise<void> {
  const pause = options.pause ?? zeroDelay;
  const every = options.progressEveryMs ?? 200;
  const watchEvery = options.watchEveryMs ?? 250;
  const runner = options.experimentRunner ?? inProcessExperimentRunner;
  const leases = options.leases;
  const held = () => leases === undefined || leases.holds(id);
  const record = await store.get(id);
  if (record === null || record.kind !== "experiment" || !held()) {
    leases?.release(id);
    return;
  }
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
    const steps = runner(spec);
    const alive = async () => held() && (await store.get(id)) !== null;
    const next = () => whileAlive(steps.next(), alive, watchEvery);
    try {
      let step = await next();
      let finalTotal = total;
      while (step !== GONE && !step.done) {
        const { done, total } = step.value;
        finalTotal = total;
        if (performance.now() - last >= every) {
          last = performance.now();
          const alive = await store.update(id, () => ({
            progress: { done, total },
          }));
          if (alive === null) return;
        }
        if (!held()) return;
        await pause();
        step = await next();
      }
      if (step === GONE) return;
      const result = step.value;
      await store.saveResult(id, JSON.stringify(toJsonSafe(result)), {
        progress: { done: finalTotal, total: finalTotal },
      });
    } finally {
      // Deleted, failed or finished: a worker running it ends here.
      steps.stop();
      leases?.release(id);
    }
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
