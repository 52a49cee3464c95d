/**
 * An in-memory `ApiClient` for model tests: records calls, serves runs from a
 * map, and lets a test push progress events.
 *
 * @module
 */
import type { ApiClient, RunEvent } from "../../dashboard/src/api/client.ts";
import { ApiError } from "../../dashboard/src/api/client.ts";
import type { TokenStorage } from "../../dashboard/src/api/owner_tokens.ts";
import type { RunRecord } from "../../dashboard/src/api/types.ts";
import { runRecord } from "./_records.ts";

/** A fake API plus handles to steer it. */
export interface FakeApi {
  readonly api: ApiClient;
  readonly runs: Map<string, RunRecord>;
  readonly calls: string[];
  /** Sends an event to every watcher of run `id`. */
  emit(id: string, event: RunEvent): void;
}

/** Builds a fake API over `initial` runs (listed in this order, newest first). */
export function createFakeApi(initial: RunRecord[] = []): FakeApi {
  const runs = new Map(initial.map((r) => [r.id, r]));
  const calls: string[] = [];
  const watchers = new Map<string, ((e: RunEvent) => void)[]>();
  let next = 0;
  const api: ApiClient = {
    methods: () => {
      calls.push("methods");
      return Promise.resolve({ methods: [], default: "paper" });
    },
    fit: () => Promise.reject(new ApiError(422, "x", "not in the fake")),
    createRun: (spec) => {
      calls.push(`create ${JSON.stringify(spec)}`);
      const id = `new${next++}`;
      runs.set(id, runRecord({ id, status: "queued", input: { ...spec } }));
      return Promise.resolve({ id, status: "queued", ownerToken: `tok-${id}` });
    },
    getRun: (id) => {
      calls.push(`get ${id}`);
      const r = runs.get(id);
      return r ? Promise.resolve(structuredClone(r)) : Promise.reject(
        new ApiError(404, "not_found", `No run with id "${id}"`),
      );
    },
    listRuns: (limit, cursor) => {
      calls.push(`list ${limit} ${cursor ?? ""}`);
      const all = [...runs.values()];
      const start = cursor ? Number(cursor) : 0;
      const page = all.slice(start, start + limit);
      const more = start + limit < all.length;
      return Promise.resolve({
        runs: page,
        cursor: more ? String(start + limit) : null,
      });
    },
    deleteRun: (id, token) => {
      calls.push(`delete ${id} ${token}`);
      if (token !== `tok-${id}`) {
        return Promise.reject(
          new ApiError(
            403,
            "forbidden",
            "Deleting a run needs its owner token",
          ),
        );
      }
      runs.delete(id);
      return Promise.resolve();
    },
    watchRun: (id, onEvent) => {
      calls.push(`watch ${id}`);
      const list = watchers.get(id) ?? [];
      list.push(onEvent);
      watchers.set(id, list);
      return () => {
        watchers.set(id, (watchers.get(id) ?? []).filter((f) => f !== onEvent));
      };
    },
  };
  return {
    api,
    runs,
    calls,
    emit: (id, event) => {
      for (const f of watchers.get(id) ?? []) f(event);
    },
  };
}

/** Local storage stand-in. */
export function memoryStorage(): TokenStorage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
  };
}

/** Resolves after pending promise callbacks have run. */
export function flush(): Promise<void> {
  return new Promise((r) => setTimeout(r, 0));
}
