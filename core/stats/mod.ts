/**
 * Sample statistics: what the estimators read from the rows, computed block
 * by block, merged in any order and stored as bytes, so data beyond memory
 * (a file read in blocks, chunks stored apart) fits to the same result as
 * all rows in memory. See `plan.ts` for the entry points.
 *
 * This module is browser compatible.
 * @module
 */
export {
  blockStats,
  type BlockStatsOptions,
  fitFromStats,
  restateFirstPass,
  sameFirstPass,
  statsMethods,
  type StatsPlan,
  statsPlan,
} from "./plan.ts";
export {
  mergeStats,
  type PassRequest,
  type SampleStats,
  type StatsRecipe,
} from "./sample_stats.ts";
export { decodeStats, encodeStats } from "./encode.ts";
export type { GramSums, PartRequest, PartValue } from "./parts.ts";
