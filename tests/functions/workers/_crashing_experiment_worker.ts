/**
 * An experiment worker for tests that posts one progress message, then
 * crashes (an uncaught error).
 */
/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />

self.onmessage = () => {
  self.postMessage({
    progress: { done: 1, total: 2, value: 1, method: "paper", run: 0 },
  });
  throw new Error("the worker crashed on purpose");
};
