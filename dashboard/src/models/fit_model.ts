/**
 * The Fit view: samples from a file, pasted text or a synthetic truth drawn
 * in the browser, fitted with one or more methods.
 *
 * @module
 */
import {
  computed,
  createModel,
  type ReadonlySignal,
  signal,
} from "@preact/signals";
import {
  type ApiClient,
  ApiError,
  type FitBody,
  type FitParams,
} from "../api/client.ts";
import type { OwnerTokens } from "../api/owner_tokens.ts";
import type {
  BiasMode,
  FitResponse,
  MethodInfo,
  RankKReport,
} from "../api/types.ts";
import { type Matrix, toRows } from "../../../core/linalg/matrix.ts";
import { parseCsvTable } from "../../../core/formats/csv.ts";
import { writeNpy } from "../../../core/formats/npy.ts";
import type {
  NaPolicy,
  SampleTable,
  SampleTableOptions,
} from "../../../core/formats/table.ts";
import { BOOTSTRAP_OPTION } from "../lib/bootstrap_option.ts";
import {
  CHECK_REPLICATES_OPTION,
  DEFAULT_CHECK_REPLICATES,
} from "../lib/check_option.ts";
import {
  columnRequest,
  type CsvColumns,
  defaultColumns,
  readCsvColumns,
} from "../lib/csv_columns.ts";
import {
  checkOption,
  type OptionInput,
  type OptionInputs,
  optionsToSend,
  withInput,
} from "../lib/method_options.ts";
import type { DataJob, DataJobRunner } from "../lib/data_jobs.ts";
import { uploadDataset } from "../lib/dataset_upload.ts";
import { sendRoute } from "../lib/send_route.ts";
import type { LoadStatus } from "./methods_model.ts";

/** Where the samples come from. */
export type FitSource = "file" | "paste" | "synthetic";

/** What a fit of pasted text is called where a file name would be. */
export const PASTED_LABEL = "pasted CSV";
/** What a fit of samples drawn in the browser is called there. */
export const SYNTHETIC_LABEL = "synthetic samples";

/** A truth known to the browser. */
export interface KnownTruth {
  readonly sigma: number[][];
  readonly b: number[];
}

/** A rank-k version of a fit, asked for after it. */
export interface RankKState {
  readonly k: number;
  readonly status: "loading" | "ready" | "error";
  readonly error?: string;
  readonly answer?: RankKReport;
  /** The run that holds the rank-k fit. */
  readonly id?: string;
}

/** One method's answer, with the truth when the data was synthetic. */
export interface FitOutcome {
  readonly fit: FitResponse;
  readonly truth: KnownTruth | null;
  /**
   * The samples as the browser read them (the same columns and rows the
   * server fitted), for the model check's histograms; absent for fits
   * opened later.
   */
  readonly data?: SampleTable | null;
  /** The file the samples came from (or `PASTED_LABEL`, `SYNTHETIC_LABEL`). */
  readonly fileName?: string;
  /** A rank-k version asked for on the result. */
  readonly rankK?: RankKState;
}

/** The columns of the CSV being fitted, or why they cannot be read. */
export type ColumnsState =
  | { readonly ok: true; readonly info: CsvColumns }
  | { readonly ok: false; readonly message: string };

/** What one submit sends (kept to ask for a rank-k fit later). */
interface SentRequest {
  readonly body: FitBody;
  readonly params: readonly FitParams[];
  readonly dataset?: UploadedDataset;
}

/** Bytes of a CSV file read for its column picker. */
export const FILE_HEAD_BYTES = 1 << 20;

/** Whether a chosen file is read as NPY (by its name). */
function isNpy(f: File): boolean {
  return f.name.toLowerCase().endsWith(".npy");
}

/**
 * The first `FILE_HEAD_BYTES` of a CSV file, up to its last line end (the
 * whole text when shorter): enough records for `readCsvColumns`.
 */
export async function fileHead(f: Blob): Promise<string> {
  const text = await f.slice(0, FILE_HEAD_BYTES).text();
  if (f.size <= FILE_HEAD_BYTES) return text;
  const end = text.lastIndexOf("\n");
  return end < 0 ? text : text.slice(0, end + 1);
}

/** Pasted CSV as the browser reads it; null when it cannot. */
function readPasted(text: string, options: SampleTableOptions) {
  try {
    return parseCsvTable(text, options);
  } catch {
    return null;
  }
}

/** NPY bytes of a matrix, as a fit body. */
function npyBody(m: Matrix): FitBody {
  const npy = writeNpy(m);
  return { kind: "npy", bytes: npy.buffer as ArrayBuffer };
}

/** What a submit is doing, for the progress bar. */
export interface FitProgress {
  readonly phase: "sampling" | "reading" | "uploading" | "fitting";
  readonly done: number;
  readonly total: number;
  /** What the numbers count ("rows", "bytes", "chunks", "methods"). */
  readonly unit: string;
}

/** A data set this model uploaded (kept for rank-k fits, deleted after). */
interface UploadedDataset {
  readonly id: string;
  readonly ownerToken: string;
}

/**
 * Fit form and results; `registry` holds the methods and their option specs;
 * `runner` draws synthetic samples and reads files (a Web Worker in the
 * page, this thread in tests).
 */
export const FitModel = createModel((
  api: ApiClient,
  tokens: OwnerTokens,
  registry: ReadonlySignal<readonly MethodInfo[]>,
  runner: DataJobRunner,
) => {
  const source = signal<FitSource>("synthetic", { name: "fitSource" });
  const file = signal<File | null>(null, { name: "fitFile" });
  const pasted = signal("", { name: "fitPasted" });
  const d = signal(4, { name: "synD" });
  const k = signal(4, { name: "synK" });
  const n = signal(5000, { name: "synN" });
  const kappa = signal(1, { name: "synKappa" });
  const bias = signal<BiasMode>("relu", { name: "synBias" });
  const methods = signal<readonly string[]>([], { name: "fitMethods" });
  const seed = signal(1, { name: "fitSeed" });
  const status = signal<LoadStatus>("idle", { name: "fitStatus" });
  const error = signal("", { name: "fitError" });
  const outcomes = signal<readonly FitOutcome[]>([], { name: "fitOutcomes" });
  const optionInputs = signal<OptionInputs>({}, { name: "fitOptionInputs" });
  /** Bootstrap replicates as typed ("0" = no bootstrap). */
  const bootstrap = signal("0", { name: "fitBootstrap" });
  /**
   * The first records of the chosen CSV file (its first `FILE_HEAD_BYTES`
   * up to a line end), once read: the column picker's preview.
   */
  const fileText = signal<string | null>(null, { name: "fitFileText" });
  const progress = signal<FitProgress | null>(null, { name: "fitProgress" });
  /** What the last submit did differently from what was asked. */
  const notice = signal("", { name: "fitNotice" });
  let running: AbortController | null = null;
  /** Columns the user picked (0-based file positions); null: the defaults. */
  const pickedColumns = signal<ReadonlySet<number> | null>(null, {
    name: "fitColumns",
  });
  const na = signal<NaPolicy>("drop", { name: "fitNa" });
  /** The check box as the user left it; null: on for files and pasted data. */
  const checkInput = signal<boolean | null>(null, { name: "fitCheck" });
  const checkReplicates = signal(String(DEFAULT_CHECK_REPLICATES), {
    name: "fitCheckReplicates",
  });
  let sent: SentRequest | null = null;

  /** The text whose columns the picker shows: a CSV file's or the pasted. */
  const csvText = computed(() =>
    source.value === "paste"
      ? pasted.value
      : source.value === "file"
      ? fileText.value
      : null
  );
  const columns = computed<ColumnsState | null>(() => {
    const text = csvText.value;
    if (text === null || !text.trim()) return null;
    try {
      return { ok: true, info: readCsvColumns(text) };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
  });
  /** The columns that will be fitted (0-based file positions). */
  const chosenColumns = computed<ReadonlySet<number>>(() => {
    const state = columns.value;
    if (!state?.ok) return new Set();
    const width = state.info.columns.length;
    const picked = pickedColumns.value;
    return picked
      ? new Set([...picked].filter((j) => j < width))
      : defaultColumns(state.info);
  });
  const check = computed(() =>
    checkInput.value ?? source.value !== "synthetic"
  );
  const checkReplicatesCheck = computed(() =>
    checkOption(CHECK_REPLICATES_OPTION, checkReplicates.value)
  );

  /** The chosen methods' specs, in the order they were picked. */
  const chosen = computed(() =>
    methods.value.flatMap((name) => {
      const info = registry.value.find((m) => m.name === name);
      return info ? [info] : [];
    })
  );
  /** Per chosen method: the options to send, or what is wrong with them. */
  const optionsByMethod = computed(() =>
    new Map(
      chosen.value.map((info) => [
        info.name,
        optionsToSend(info, optionInputs.value),
      ]),
    )
  );
  const bootstrapCheck = computed(() =>
    checkOption(BOOTSTRAP_OPTION, bootstrap.value)
  );
  const optionProblems = computed(() => [
    ...[...optionsByMethod.value.values()].flatMap((r) =>
      r.ok ? [] : r.messages
    ),
    ...(bootstrapCheck.value.ok ? [] : [bootstrapCheck.value.message]),
    ...(check.value && !checkReplicatesCheck.value.ok
      ? [checkReplicatesCheck.value.message]
      : []),
  ]);

  /** The table options of a CSV body: the chosen columns and `na`. */
  const tableOptions = (): SampleTableOptions & FitParams["table"] => {
    const state = columns.value;
    if (!state) return na.value === "drop" ? {} : { na: na.value };
    if (!state.ok) throw new Error(`Cannot read the CSV: ${state.message}`);
    return {
      ...columnRequest(state.info, chosenColumns.value),
      ...(na.value === "drop" ? {} : { na: na.value }),
    };
  };

  /** Runs a data job with its progress shown. */
  const prepare = (job: DataJob, signal: AbortSignal) =>
    runner.run(job, (p) => {
      progress.value = {
        ...p,
        unit: p.phase === "sampling" ? "rows" : "bytes",
      };
    }, signal);

  /** Uploads `table` as a data set with its progress shown. */
  const upload = async (table: SampleTable, signal: AbortSignal) => {
    const created = await uploadDataset(api, table.matrix, {
      names: table.columns,
      signal,
      onProgress: (p) => {
        progress.value = {
          phase: "uploading",
          done: p.chunks,
          total: p.totalChunks,
          unit: "chunks",
        };
      },
    });
    return { id: created.id, ownerToken: created.ownerToken };
  };

  /**
   * The samples of the chosen source, read or drawn, and how they go up
   * (a data set is uploaded later, when it is known to be needed).
   */
  const readSamples = async (signal: AbortSignal): Promise<{
    data: SampleTable | null;
    truth: KnownTruth | null;
    fileName: string;
    body: FitBody | null;
    table: FitParams["table"];
  }> => {
    if (source.value === "paste") {
      if (!pasted.value.trim()) {
        throw new Error("Paste CSV samples first (one sample per line)");
      }
      const table = tableOptions();
      return {
        data: readPasted(pasted.value, table),
        truth: null,
        fileName: PASTED_LABEL,
        body: { kind: "csv", text: pasted.value },
        table,
      };
    }
    if (source.value === "file") {
      const f = file.value;
      if (!f) throw new Error("Choose a .csv or .npy file first");
      const format = isNpy(f) ? "npy" : "csv";
      const table = tableOptions();
      const { table: data } = await prepare(
        { kind: "file", file: f, format, options: table },
        signal,
      );
      const { rows, cols } = data.matrix;
      const direct = sendRoute(rows, cols, f.size) === "file";
      return {
        data,
        truth: null,
        fileName: f.name,
        body: direct ? { kind: "file", file: f, format } : null,
        table,
      };
    }
    const spec = {
      d: d.value,
      k: k.value,
      n: n.value,
      kappa: kappa.value,
      bias: bias.value,
      seed: seed.value,
    };
    const { table: data, truth } = await prepare(
      { kind: "synthetic", spec },
      signal,
    );
    const route = sendRoute(data.matrix.rows, data.matrix.cols);
    return {
      data,
      truth,
      fileName: SYNTHETIC_LABEL,
      body: route === "json"
        ? { kind: "matrix", samples: toRows(data.matrix) }
        : route === "npy"
        ? npyBody(data.matrix)
        : null,
      table: {},
    };
  };

  /** Deletes the data set of the last submit, if any (best effort). */
  const forgetDataset = () => {
    const dataset = sent?.dataset;
    sent = null;
    if (dataset) {
      void api.deleteDataset(dataset.id, dataset.ownerToken).catch(() => {});
    }
  };

  return {
    source,
    file,
    pasted,
    d,
    k,
    n,
    kappa,
    bias,
    methods,
    seed,
    status,
    error,
    outcomes,
    optionInputs,
    bootstrap,
    bootstrapCheck,
    chosen,
    optionProblems,
    fileText,
    progress,
    notice,
    columns,
    chosenColumns,
    na,
    check,
    checkInput,
    checkReplicates,
    /**
     * Chooses the samples file; a CSV's first records are read for the
     * column picker (the whole file is read when fitting, off this thread).
     */
    setFile(f: File | null) {
      file.value = f;
      fileText.value = null;
      pickedColumns.value = null;
      if (f && !isNpy(f)) {
        void fileHead(f).then((text) => {
          if (file.value === f) fileText.value = text;
        });
      }
    },
    /** Picks or drops column `position` (0-based, in the file). */
    toggleColumn(position: number, on: boolean) {
      const next = new Set(chosenColumns.value);
      if (on) next.add(position);
      else next.delete(position);
      pickedColumns.value = next;
    },
    /** Back to the default columns (every numeric one but an index). */
    resetColumns() {
      pickedColumns.value = null;
    },
    /** Sets what the input of option `name` of `method` holds. */
    setOption(method: string, name: string, input: OptionInput) {
      optionInputs.value = withInput(optionInputs.value, method, name, input);
    },
    /** Puts every option of `method` back to its default. */
    resetOptions(method: string) {
      const { [method]: _dropped, ...rest } = optionInputs.value;
      optionInputs.value = rest;
    },
    ensureMethod(name: string) {
      if (methods.value.length === 0 && name) methods.value = [name];
    },
    toggleMethod(name: string, on: boolean) {
      const rest = methods.value.filter((m) => m !== name);
      methods.value = on ? [...rest, name] : rest;
    },
    /**
     * Fits the samples with every chosen method, one request each, sending
     * each method's options that differ from their defaults and the
     * bootstrap count when it is above 0. Samples are drawn or read off this
     * thread; those too large for one request go up as a data set first
     * (fitted from merged statistics: without bootstrap or check).
     */
    async submit() {
      error.value = "";
      notice.value = "";
      if (methods.value.length === 0) {
        error.value = "Pick at least one method";
        status.value = "error";
        return;
      }
      if (optionProblems.value.length > 0) {
        error.value = `Cannot fit: ${optionProblems.value.join("; ")}`;
        status.value = "error";
        return;
      }
      running?.abort();
      const controller = new AbortController();
      running = controller;
      const { signal } = controller;
      status.value = "loading";
      progress.value = null;
      forgetDataset();
      let dataset: UploadedDataset | undefined;
      try {
        const read = await readSamples(signal);
        const { data, truth, fileName } = read;
        let body = read.body;
        const toDataset = async () => {
          dataset = await upload(data!, signal);
          body = { kind: "dataset", id: dataset.id };
        };
        if (body === null) await toDataset();
        const checkedBootstrap = bootstrapCheck.value;
        const replicates = checkedBootstrap.ok
          ? Number(checkedBootstrap.value)
          : 0;
        const results: FitOutcome[] = [];
        const params: FitParams[] = [];
        for (const [i, method] of methods.value.entries()) {
          progress.value = {
            phase: "fitting",
            done: i,
            total: methods.value.length,
            unit: "methods",
          };
          const checked = optionsByMethod.value.get(method);
          const options = checked?.ok ? checked.options : {};
          const checkCount = Number(checkReplicates.value);
          const asked: FitParams = {
            method,
            seed: seed.value,
            options,
            ...(replicates > 0 ? { bootstrap: replicates } : {}),
            ...(truth && body!.kind === "matrix" ? { truth } : {}),
            ...(Object.keys(read.table ?? {}).length > 0
              ? { table: read.table }
              : {}),
            ...(check.value
              ? {
                check: true,
                ...(checkCount !== DEFAULT_CHECK_REPLICATES
                  ? { checkReplicates: checkCount }
                  : {}),
              }
              : {}),
          };
          let fit: FitResponse;
          try {
            fit = await api.fit(body!, asked, signal);
          } catch (e) {
            // A server with lower limits than the defaults: a data set.
            if (!(e instanceof ApiError && e.status === 413) || dataset) {
              throw e;
            }
            if (!data) throw e;
            await toDataset();
            fit = await api.fit(body!, asked, signal);
          }
          signal.throwIfAborted();
          if (fit.id && fit.ownerToken) tokens.set(fit.id, fit.ownerToken);
          if (fit.id && fileName) tokens.setFileName(fit.id, fileName);
          params.push(asked);
          results.push({ fit, truth, data, fileName });
        }
        if (dataset && (replicates > 0 || check.value)) {
          notice.value =
            `The samples went up as a data set and were fitted from merged statistics, without ${
              replicates > 0 && check.value
                ? "bootstrap or model check"
                : replicates > 0
                ? "bootstrap"
                : "model check"
            } (they need all rows in one request)`;
        }
        sent = { body: body!, params, ...(dataset ? { dataset } : {}) };
        outcomes.value = results;
        status.value = "ready";
      } catch (e) {
        if (dataset && sent?.dataset !== dataset) {
          void api.deleteDataset(dataset.id, dataset.ownerToken).catch(
            () => {},
          );
        }
        if (signal.aborted) {
          status.value = "idle";
          notice.value = "Cancelled";
        } else {
          error.value = (e as Error).message;
          status.value = "error";
        }
      } finally {
        if (running === controller) {
          running = null;
          progress.value = null;
        }
      }
    },
    /**
     * Stops the submit under way: the samples being drawn or read, the
     * upload (its data set is deleted) or the fits.
     */
    cancel() {
      running?.abort();
    },
    /**
     * Asks for the rank-k version of outcome `index`: the same request with
     * `rank=k` and no check; the answer's rank-k fit is kept on the outcome.
     */
    async fitRank(index: number, k: number) {
      const request = sent;
      const params = request?.params[index];
      const update = (rankK: RankKState) => {
        outcomes.value = outcomes.value.map((o, i) =>
          i === index ? { ...o, rankK } : o
        );
      };
      if (!request || !params) {
        return update({
          k,
          status: "error",
          error: "Fit the samples again to ask for a rank-k fit",
        });
      }
      update({ k, status: "loading" });
      try {
        const { check: _check, checkReplicates: _r, ...rest } = params;
        const fit = await api.fit(request.body, { ...rest, rank: k });
        if (fit.id && fit.ownerToken) tokens.set(fit.id, fit.ownerToken);
        const name = outcomes.value[index]?.fileName;
        if (fit.id && name) tokens.setFileName(fit.id, name);
        if (!fit.rankK) {
          throw new Error("The server's answer has no rank-k fit (rankK)");
        }
        update({ k, status: "ready", answer: fit.rankK, id: fit.id });
      } catch (e) {
        update({ k, status: "error", error: (e as Error).message });
      }
    },
  };
});
