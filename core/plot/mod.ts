/**
 * Dependency-free SVG charts for files written by the CLI.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineChartSvg } from "./mod.ts";
 * const svg = lineChartSvg([{ name: "a", points: [{ x: 1, y: 2 }] }], {
 *   xLabel: "x",
 *   yLabel: "y",
 * });
 * assert.ok(svg.startsWith("<svg") && svg.endsWith("</svg>\n"));
 * ```
 *
 * This module is browser compatible.
 * @module
 */
export * from "./svg.ts";
