/**
 * A `KvLike` over a real KV that counts calls, records what each write asks
 * for, and can "crash": at the commit that `crashAfterCommits` or `crashOn`
 * picks, the commit does not land and every later call throws, as if the
 * process had died there.
 */
import type {
  KvAtomicLike,
  KvKey,
  KvLike,
  KvSelectorLike,
} from "../../../functions/store/kv_like.ts";

/** What a probed KV saw. */
export interface KvProbe {
  /** Every call (get, set, delete, list, commit, enqueue). */
  calls: number;
  /** Every key set, with its `expireIn`. */
  readonly sets: { key: KvKey; expireIn: number | undefined }[];
  /** Commits left before the crash; null: never crash. */
  crashAfterCommits: number | null;
  /** Crash at the first commit whose set keys this accepts. */
  crashOn: ((setKeys: KvKey[]) => boolean) | null;
  /** Whether the crash happened. */
  crashed: boolean;
}

/** A probe that never crashes. */
export function newProbe(): KvProbe {
  return {
    calls: 0,
    sets: [],
    crashAfterCommits: null,
    crashOn: null,
    crashed: false,
  };
}

/** `kv` seen through `probe`. */
export function probeKv(kv: Deno.Kv, probe: KvProbe): KvLike {
  const alive = () => {
    if (probe.crashed) throw new Error("simulated crash: process is dead");
    probe.calls++;
  };
  return {
    get(key) {
      alive();
      return kv.get(key as Deno.KvKey);
    },
    set(key, value, options) {
      alive();
      probe.sets.push({ key, expireIn: options?.expireIn });
      return kv.set(key as Deno.KvKey, value, options);
    },
    delete(key) {
      alive();
      return kv.delete(key as Deno.KvKey);
    },
    list(selector: KvSelectorLike, options) {
      alive();
      return kv.list(selector as Deno.KvListSelector, options);
    },
    atomic(): KvAtomicLike {
      const op = kv.atomic();
      const setKeys: KvKey[] = [];
      const wrapped: KvAtomicLike = {
        check(...checks) {
          op.check(...checks as Deno.AtomicCheck[]);
          return wrapped;
        },
        set(key, value, options) {
          probe.sets.push({ key, expireIn: options?.expireIn });
          setKeys.push(key);
          op.set(key as Deno.KvKey, value, options);
          return wrapped;
        },
        delete(key) {
          op.delete(key as Deno.KvKey);
          return wrapped;
        },
        enqueue(value, options) {
          op.enqueue(value, options);
          return wrapped;
        },
        commit() {
          alive();
          if (probe.crashOn?.(setKeys)) {
            probe.crashed = true;
            throw new Error("simulated crash during a commit");
          }
          if (probe.crashAfterCommits !== null) {
            if (probe.crashAfterCommits === 0) {
              probe.crashed = true;
              throw new Error("simulated crash during a commit");
            }
            probe.crashAfterCommits--;
          }
          return op.commit();
        },
      };
      return wrapped;
    },
    enqueue(value, options) {
      alive();
      return kv.enqueue(value, options);
    },
    listenQueue(handler) {
      return kv.listenQueue(handler);
    },
  };
}

/** Every key in `kv` under the first key parts `prefixes` (all if none). */
export async function keysOf(
  kv: Deno.Kv,
  ...prefixes: string[]
): Promise<Deno.KvKey[]> {
  const out: Deno.KvKey[] = [];
  for await (const { key } of kv.list({ prefix: [] })) {
    if (prefixes.length === 0 || prefixes.includes(String(key[0]))) {
      out.push(key);
    }
  }
  return out;
}

/** Runs `fn` with a fresh in-memory KV, then closes it. */
export async function withKv(
  fn: (kv: Deno.Kv) => Promise<void>,
): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  try {
    await fn(kv);
  } finally {
    kv.close();
  }
}
