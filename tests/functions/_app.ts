/** Shared setup for the HTTP tests: an app over an in-memory KV. */
import { type AppDeps, createApp } from "../../functions/app.ts";
import type { Hono } from "hono";

/**
 * Runs `fn` with a fresh app over `Deno.openKv(":memory:")`, then closes it.
 * No queue worker unless `deps.runWorker` asks for one.
 */
export async function withApp(
  fn: (app: Hono, kv: Deno.Kv) => Promise<void>,
  deps: Omit<AppDeps, "kv"> = {},
): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  const { app, worker } = createApp({
    runWorker: false,
    ...deps,
    // Rate limits have their own test; elsewhere they would only interfere.
    limits: { rateCapacity: 1e6, ...deps.limits },
    kv,
  });
  try {
    await fn(app, kv);
  } finally {
    kv.close();
    await worker;
  }
}

/** Samples of a 2-d rectified Gaussian as CSV with a header (deterministic). */
export function sampleCsv(n = 200): string {
  const rows = ["x1,x2"];
  for (let i = 0; i < n; i++) {
    rows.push(`${(i * 7) % 5},${((i * 3) % 4) * 0.5}`);
  }
  return rows.join("\n") + "\n";
}

/** The same samples as nested arrays. */
export function sampleRows(n = 200): number[][] {
  return sampleCsv(n).trim().split("\n").slice(1).map((line) =>
    line.split(",").map(Number)
  );
}

/** A POST with a body and content type. */
export function post(
  body: BodyInit,
  type: string,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method: "POST",
    body,
    headers: { "content-type": type, ...headers },
  };
}

/** A JSON POST. */
export function postJson(value: unknown): RequestInit {
  return post(JSON.stringify(value), "application/json");
}
