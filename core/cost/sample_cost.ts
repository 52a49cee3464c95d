/**
 * What drawing samples of D(W, b) costs before any is drawn: k standard
 * normals and a product with the d x k matrix W per sample, and the answer
 * (n · d values as text or binary).
 *
 * This module is browser compatible.
 * @module
 */
import type { CostTerm } from "../estimators/types.ts";
import { type RequestCost, requestCost } from "./request_cost.ts";

/** How samples are answered. */
export type SampleAnswerFormat = "json" | "csv" | "npy";

/** Bytes per value of the answer, by format (text: up to ~20 characters). */
export const SAMPLE_BYTES_PER_ENTRY: Readonly<
  Record<SampleAnswerFormat, number>
> = { json: 21, csv: 20, npy: 8 };

/** Operations per value to write the answer, by format. */
export const SAMPLE_WRITE_WORK_PER_ENTRY: Readonly<
  Record<SampleAnswerFormat, number>
> = { json: 450, csv: 400, npy: 2 };

/** Operations per standard normal draw. */
export const NORMAL_DRAW_WORK = 30;

/** What `sampleCost` prices. */
export interface SampleCostRequest {
  /** Samples to draw. */
  readonly n: number;
  /** Coordinates of each sample (rows of W). */
  readonly d: number;
  /** Latent dimension (columns of W). */
  readonly k: number;
  /** How the answer is written; omitted: not written (kept in memory). */
  readonly format?: SampleAnswerFormat;
}

/**
 * The cost of drawing n samples of ReLU(W z + b) with W of shape (d, k).
 *
 * @param request n, d, k and the answer's format.
 * @returns work and memory by part, largest first, and the answer's size.
 *
 * @example k counts as much as d: each sample draws k normals
 * ```ts
 * import { sampleCost } from "./sample_cost.ts";
 * const wide = sampleCost({ n: 200_000, d: 1, k: 20_000 });
 * console.log(wide.totalWork > 1e10); // true
 * ```
 */
export function sampleCost(request: SampleCostRequest): RequestCost {
  const { n, d, k, format } = request;
  const work: CostTerm[] = [
    {
      label: "normal draws (n · k)",
      amount: NORMAL_DRAW_WORK * n * k,
      reduce: "n or k (the columns of W)",
    },
    {
      label: "W z for each sample (n · d · k)",
      amount: 1.5 * n * d * k,
      reduce: "n, d or k",
    },
  ];
  const memory: CostTerm[] = [
    {
      label: "the samples (n · d doubles)",
      amount: 8 * n * d,
      reduce: "n or d",
    },
    { label: "W (d · k doubles)", amount: 8 * d * k, reduce: "d or k" },
  ];
  let answerBytes = 0;
  if (format !== undefined) {
    answerBytes = SAMPLE_BYTES_PER_ENTRY[format] * n * d + 1024;
    work.push({
      label: `the answer (${format}, n · d values)`,
      amount: SAMPLE_WRITE_WORK_PER_ENTRY[format] * n * d,
      reduce: "n or d",
    });
    memory.push({
      label: `the answer (${format})`,
      amount: 2 * answerBytes + (format === "json" ? 16 * n * d : 0),
      reduce: "n or d",
    });
  }
  return requestCost(work, memory, answerBytes);
}
