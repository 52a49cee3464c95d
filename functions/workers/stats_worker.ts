/**
 * A module Web Worker that computes the statistics of blocks of rows for
 * `StatsPool` (see `stats_protocol.ts`), one block at a time.
 *
 * @module
 */
/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
import {
  type PieceMessage,
  StatsAnswerer,
  type StatsMessage,
} from "./stats_protocol.ts";

const answerer = new StatsAnswerer();
self.onmessage = (event: MessageEvent<StatsMessage | PieceMessage>) => {
  const { reply, transfer } = answerer.answer(event.data);
  self.postMessage(reply, transfer);
};
