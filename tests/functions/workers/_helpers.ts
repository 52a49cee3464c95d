/**
 * Shared by the worker tests: a small experiment, a probe of the thread, and
 * the error a promise rejects with.
 */
import assert from "node:assert/strict";
import type { ExperimentSpec } from "../../../core/experiments/run.ts";

/** Four quick fits: two values, two runs, one method. */
export const small: ExperimentSpec = {
  sweep: "n",
  values: [100, 150],
  base: { d: 3, n: 100, kappa: 2, bias: "relu" },
  runs: 2,
  methods: ["paper"],
  seed: 1,
};

/**
 * Calls `start`, then asks `app` for `/api/health` again and again until the
 * promise `start` returned settles. Returns its value and how many requests
 * were sent after the call and answered before it settled: none when `start`
 * holds the thread until its work is done.
 */
export async function answeredWhilePending<T>(
  app: { request: (path: string) => Response | Promise<Response> },
  start: () => Promise<T>,
): Promise<{ answered: number; value: T }> {
  let pending = true;
  const work = start().finally(() => pending = false);
  let answered = 0;
  while (pending) {
    // A timer turn, so that a worker's messages can come in.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const res = await app.request("/api/health");
    assert.equal(res.status, 200);
    if (pending) answered++;
  }
  return { answered, value: await work };
}

/**
 * The error `promise` rejects with, checked to be a `type` when given;
 * fails if it resolves.
 */
export async function rejection<E extends Error = Error>(
  promise: Promise<unknown>,
  // deno-lint-ignore no-explicit-any
  type?: new (...args: any[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof (type ?? Error), String(e));
    return e as E;
  }
  assert.fail("expected the promise to reject");
}
