/**
 * Shared by the data set tests: rows of a rectified Gaussian as CSV lines,
 * cut into chunks, and the requests of a chunked upload through any
 * `fetch`-like function (`app.request`, or `fetch` against a server).
 */
import type { Matrix } from "../../core/linalg/matrix.ts";
import { createPrng } from "../../core/random/prng.ts";
import { sampleRectifiedGaussian } from "../../core/sampling/rectified_gaussian.ts";

/** `fetch` against one server or `app.request` against the app. */
export type Send = (path: string, init?: RequestInit) => Promise<Response>;

/** d = 3 samples with b of both signs and correlated coordinates. */
export function datasetSamples(n: number, seed: number): Matrix {
  const w = {
    rows: 3,
    cols: 3,
    data: Float64Array.of(1, 0, 0, 0.6, 0.8, 0, -0.3, 0.4, 0.9),
  };
  return sampleRectifiedGaussian(
    w,
    Float64Array.of(0.3, -0.2, 0.1),
    n,
    createPrng(seed),
  );
}

/** Rows [from, to) of x as CSV lines (full precision), no header. */
export function csvLines(x: Matrix, from = 0, to = x.rows): string {
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    lines.push(
      Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)).join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** Row ranges [from, to) cutting n rows at `cuts`. */
export function chunkRanges(
  n: number,
  cuts: readonly number[],
): [number, number][] {
  const edges = [0, ...cuts, n];
  return edges.slice(1).map((to, i) => [edges[i]!, to]);
}

/** Creates a data set; returns its answer. */
export async function createDataset(
  send: Send,
  body: Record<string, unknown>,
): Promise<{ id: string; ownerToken: string; d: number; expiresAt: string }> {
  const res = await send("/api/datasets", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) {
    throw new Error(`POST /api/datasets: ${res.status} ${await res.text()}`);
  }
  return await res.json();
}

/** Posts one chunk; answers the response. */
export function postChunk(
  send: Send,
  id: string,
  body: BodyInit,
  headers: Record<string, string>,
): Promise<Response> {
  return send(`/api/datasets/${id}/chunks`, {
    method: "POST",
    headers: { "content-type": "text/csv", ...headers },
    body,
  });
}

/** The largest |a − b| / max(1, |a|) over the entries. */
export function relativeDifference(
  a: readonly number[],
  b: readonly number[],
): number {
  let worst = 0;
  a.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(v - b[i]!) / Math.max(1, Math.abs(v)));
  });
  return worst;
}

/**
 * Sums merged chunk by chunk differ from the one-block sums by their
 * rounding (see `core/stats/parts.ts`); b and Sigma come out of
 * well-conditioned solves of such sums, so fits agree to about 1e-13, and
 * 1e-12 is allowed, as in the tests of `core/stats`.
 */
export const FIT_TOLERANCE = 1e-12;
