/** Shared setup for the run store tests: a store over a probed KV and a clock. */
import {
  hashOwnerToken,
  newOwnerToken,
} from "../../../functions/store/owner_token.ts";
import {
  type NewRun,
  RunStore,
  type RunStoreOptions,
} from "../../../functions/store/run_store.ts";
import { type KvProbe, newProbe, probeKv } from "./_probe_kv.ts";

/** Retention in the tests: one hour. */
export const RETENTION_S = 3600;
/** The tests' start time. */
export const T0 = 1_700_000_000_000;

/** What a test gets. */
export interface StoreFixture {
  readonly kv: Deno.Kv;
  readonly probe: KvProbe;
  readonly store: RunStore;
  /** The injected clock; tests move it. */
  readonly clock: { now: number };
  /** Another store over the same KV (a second process, or a restart). */
  reopen(options?: RunStoreOptions): RunStore;
  /** Queue messages received since `listen()` was called. */
  listen(): unknown[];
}

/** Runs `fn` with a fresh in-memory KV, then closes it. */
export async function withStore(
  fn: (f: StoreFixture) => Promise<void>,
  options: RunStoreOptions = {},
): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  const probe = newProbe();
  const clock = { now: T0 };
  const settings: RunStoreOptions = {
    retentionSeconds: RETENTION_S,
    clock: () => clock.now,
    singleFlight: { pollMs: 1 },
    ...options,
  };
  const store = new RunStore(probeKv(kv, probe), settings);
  let listening: Promise<void> | null = null;
  try {
    await fn({
      kv,
      probe,
      store,
      clock,
      reopen: (more = {}) => new RunStore(kv, { ...settings, ...more }),
      listen() {
        const messages: unknown[] = [];
        listening = kv.listenQueue((m) => {
          messages.push(m);
        });
        return messages;
      },
    });
  } finally {
    kv.close();
    await listening;
  }
}

/** A new owner token and its hash. */
export async function owner(): Promise<{ token: string; hash: string }> {
  const token = newOwnerToken();
  return { token, hash: await hashOwnerToken(token) };
}

/** Fields of a new experiment run. */
export async function experimentFields(
  id: string = crypto.randomUUID(),
): Promise<NewRun & { token: string }> {
  const { token, hash } = await owner();
  return {
    id,
    token,
    kind: "experiment",
    status: "queued",
    ownerTokenHash: hash,
    progress: { done: 0, total: 4 },
    input: { sweep: "n" },
    error: null,
    hasResult: false,
    cacheDigest: null,
  };
}

/** A JSON object of about `bytes` bytes. */
export function resultOfSize(bytes: number, tag = "r"): string {
  const base = JSON.stringify({ tag, pad: "" });
  return JSON.stringify({
    tag,
    pad: "x".repeat(Math.max(0, bytes - base.length)),
  });
}
