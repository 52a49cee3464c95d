/**
 * An in-memory `ApiClient` for the dashboard's model tests: records calls, serves
 * runs from a map, lets a test push progress events, keeps data sets (chunks
 * counted once per idempotency key), and answers fits as the API does, computed with core (the table read with the request's columns,
 * missing values and index column; the model check and rank analysis with
 * `check`; the rank-k fit with `rank`).
 *
 * @module
 */
import type {
  ApiClient,
  FitBody,
  FitParams,
  RunEvent,
} from "../../dashboard/src/api/client.ts";
import { ApiError } from "../../dashboard/src/api/client.ts";
import type { TokenStorage } from "../../dashboard/src/api/owner_tokens.ts";
import type {
  DatasetChunkAnswer,
  FitResponse,
  RunRecord,
} from "../../dashboard/src/api/types.ts";
import { runRecord } from "./_records.ts";
import { fitSamples } from "../../core/estimators/fit.ts";
import { prepareFit } from "../../core/estimators/prepare.ts";
import { fitResultToJson } from "../../core/formats/fit_json.ts";
import { parseCsvTable } from "../../core/formats/csv.ts";
import { parseNpy, parseNpyTable } from "../../core/formats/npy.ts";
import { type SampleTable, tableFromMatrix } from "../../core/formats/table.ts";
import { fromRows, type Matrix, toRows } from "../../core/linalg/matrix.ts";
import { modelCheck } from "../../core/check/model_check.ts";
import { rankAnalysis } from "../../core/rank/rank_analysis.ts";
import { rankKFit } from "../../core/rank/rank_k_fit.ts";

/** A data set of the fake API: its rows so far and the chunk keys seen. */
export interface FakeDataset {
  readonly d: number;
  readonly names: readonly string[] | undefined;
  readonly ownerToken: string;
  readonly chunks: Float64Array[];
  readonly keys: Map<string, DatasetChunkAnswer>;
}

/** The samples of a fit request as the API reads them. */
async function readTable(
  body: FitBody,
  params: FitParams,
  datasets: ReadonlyMap<string, FakeDataset>,
): Promise<SampleTable> {
  const options = params.table ?? {};
  if (body.kind === "csv") return parseCsvTable(body.text, options);
  if (body.kind === "npy") {
    return parseNpyTable(new Uint8Array(body.bytes), options);
  }
  if (body.kind === "file") {
    return body.format === "csv"
      ? parseCsvTable(await body.file.text(), options)
      : parseNpyTable(new Uint8Array(await body.file.arrayBuffer()), options);
  }
  if (body.kind === "dataset") {
    const set = datasets.get(body.id);
    if (!set) throw new ApiError(404, "not_found", `No data set "${body.id}"`);
    const n = set.chunks.reduce((sum, c) => sum + c.length / set.d, 0);
    const data = new Float64Array(n * set.d);
    let at = 0;
    for (const c of set.chunks) {
      data.set(c, at);
      at += c.length;
    }
    return tableFromMatrix({ rows: n, cols: set.d, data }, set.names);
  }
  return tableFromMatrix(fromRows(body.samples), undefined, options);
}

/**
 * The answer of `POST /api/fit` for `table` and `params`, computed with core
 * as the API composes it: columns and dropped rows from the table; with
 * `check`, `modelCheck` calibrated by refits of the same method, and
 * `rankAnalysis` of those refits; with `rank`, `rankKFit`.
 */
export function computeFitAnswer(
  table: SampleTable,
  params: FitParams,
  id: string,
): FitResponse {
  const prepared = prepareFit({
    method: params.method,
    seed: params.seed,
    options: params.options ?? {},
    bootstrap: params.bootstrap ?? 0,
  });
  const x = table.matrix;
  const result = fitSamples(x, prepared);
  const json = fitResultToJson(result) as unknown as FitResponse;
  const answer: Record<string, unknown> = {
    ...json,
    id,
    cached: false,
    elapsedMs: 1,
    fitMs: 1,
    columns: [...table.columns],
    droppedRows: table.droppedRows,
    warnings: [...table.warnings, ...json.warnings],
    ...(params.truth ? { truth: params.truth } : {}),
  };
  if (params.check) {
    const refit = (m: Matrix) =>
      fitSamples(
        m,
        prepareFit({
          method: params.method,
          seed: params.seed,
          options: params.options ?? {},
        }),
      );
    const { refits, ...check } = modelCheck(x, result, {
      refit,
      replicates: params.checkReplicates ?? 99,
      columns: table.columns,
      seed: params.seed,
      keepRefits: true,
    });
    answer.check = check;
    answer.rank = rankAnalysis(result.sigma, {
      replicates: (refits ?? []).map((r) => r.sigma),
    });
  }
  if (params.rank !== undefined) {
    const r = rankKFit(result, params.rank);
    answer.rankK = {
      k: r.k,
      w: toRows(r.w),
      sigma: toRows(r.sigma),
      eigenvalues: r.eigenvalues,
      relativeError: r.relativeError,
    };
  }
  return answer as unknown as FitResponse;
}

/** A fake API plus handles to steer it. */
export interface FakeApi {
  readonly api: ApiClient;
  readonly runs: Map<string, RunRecord>;
  readonly datasets: Map<string, FakeDataset>;
  readonly calls: string[];
  /** Sends an event to every watcher of run `id`. */
  emit(id: string, event: RunEvent): void;
}

/** Builds a fake API over `initial` runs (listed in this order, newest first). */
export function createFakeApi(initial: RunRecord[] = []): FakeApi {
  const runs = new Map(initial.map((r) => [r.id, r]));
  const datasets = new Map<string, FakeDataset>();
  const calls: string[] = [];
  const watchers = new Map<string, ((e: RunEvent) => void)[]>();
  let next = 0;
  const api: ApiClient = {
    methods: () => {
      calls.push("methods");
      return Promise.resolve({ methods: [], default: "paper" });
    },
    fit: async (body, params) => {
      calls.push(`fit ${params.method}`);
      const id = `fit${next++}`;
      try {
        let table: SampleTable;
        try {
          table = await readTable(body, params, datasets);
        } catch (e) {
          if (e instanceof ApiError) throw e;
          throw new ApiError(422, "invalid_samples", (e as Error).message);
        }
        const answer = computeFitAnswer(table, params, id);
        runs.set(
          id,
          runRecord({
            id,
            kind: "fit",
            input: {
              method: answer.method,
              seed: answer.seed,
              n: answer.n,
              d: answer.d,
            },
            result: answer,
          }),
        );
        return { ...answer, ownerToken: `tok-${id}` };
      } catch (e) {
        throw e instanceof ApiError
          ? e
          : new ApiError(422, "invalid_input", (e as Error).message);
      }
    },
    createDataset: ({ d, names }) => {
      calls.push(`create dataset ${d}`);
      const id = `set${next++}`;
      const ownerToken = `tok-${id}`;
      datasets.set(id, { d, names, ownerToken, chunks: [], keys: new Map() });
      return Promise.resolve({
        id,
        ownerToken,
        d,
        ...(names ? { names } : {}),
        expiresAt: "2026-12-09T00:00:00.000Z",
      });
    },
    getDataset: (id) => {
      calls.push(`get dataset ${id}`);
      const set = datasets.get(id);
      if (!set) {
        return Promise.reject(new ApiError(404, "not_found", "No data set"));
      }
      const n = set.chunks.reduce((sum, c) => sum + c.length / set.d, 0);
      return Promise.resolve({
        id,
        d: set.d,
        ...(set.names ? { names: [...set.names] } : {}),
        n,
        chunks: set.chunks.length,
        bytes: 8 * n * set.d,
        maxChunks: 10_000,
        maxBytes: 2 ** 31,
        methods: ["censored", "pairwise-mle"],
        createdAt: "2026-12-02T00:00:00.000Z",
        expiresAt: "2026-12-09T00:00:00.000Z",
      });
    },
    addDatasetChunk: (id, token, key, npy) => {
      calls.push(`chunk ${id} ${key}`);
      const set = datasets.get(id);
      if (!set) {
        return Promise.reject(new ApiError(404, "not_found", "No data set"));
      }
      if (token !== set.ownerToken) {
        return Promise.reject(new ApiError(403, "forbidden", "Wrong token"));
      }
      const seen = set.keys.get(key);
      if (seen) return Promise.resolve(seen);
      const m = parseNpy(npy);
      if (m.cols !== set.d) {
        return Promise.reject(
          new ApiError(422, "invalid_samples", `Expected ${set.d} columns`),
        );
      }
      set.chunks.push(m.data);
      const n = set.chunks.reduce((sum, c) => sum + c.length / set.d, 0);
      const answer = {
        id,
        seq: set.chunks.length - 1,
        rows: m.rows,
        bytes: m.data.length * 8,
        n,
        chunks: set.chunks.length,
      };
      set.keys.set(key, answer);
      return Promise.resolve(answer);
    },
    deleteDataset: (id, token) => {
      calls.push(`delete dataset ${id}`);
      const set = datasets.get(id);
      if (!set) {
        return Promise.reject(new ApiError(404, "not_found", "No data set"));
      }
      if (token !== set.ownerToken) {
        return Promise.reject(new ApiError(403, "forbidden", "Wrong token"));
      }
      datasets.delete(id);
      return Promise.resolve();
    },
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
    datasets,
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
