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
import type { ApiClient, FitBody, FitParams } from "../api/client.ts";
import type { OwnerTokens } from "../api/owner_tokens.ts";
import type {
  BiasMode,
  FitResponse,
  MethodInfo,
  RankKReport,
} from "../api/types.ts";
import { fromRows } from "../../../core/linalg/matrix.ts";
import { parseCsvTable } from "../../../core/formats/csv.ts";
import { parseNpyTable, writeNpy } from "../../../core/formats/npy.ts";
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
import { drawSynthetic } from "../lib/synthetic.ts";
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
}

/** The samples of a request as the browser reads them; null when it cannot. */
function readLocally(
  body: FitBody,
  options: SampleTableOptions,
): SampleTable | null {
  try {
    if (body.kind === "csv") return parseCsvTable(body.text, options);
    if (body.kind === "npy") {
      return parseNpyTable(new Uint8Array(body.bytes), options);
    }
    const matrix = fromRows(body.samples);
    return {
      matrix,
      columns: Array.from({ length: matrix.cols }, (_, j) => `x${j + 1}`),
      droppedRows: 0,
      warnings: [],
    };
  } catch {
    return null;
  }
}

/** The server's limit on a JSON body (`MAX_JSON_BODY_BYTES`). */
const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;
/** Characters of one number in JSON at most, with its comma. */
const JSON_NUMBER_BYTES = 25;

/**
 * Synthetic samples as a fit body: JSON (which carries the truth, so the
 * server answers metrics and the TV bound) while samples and truth surely fit
 * the server's JSON body limit, else NPY (8 bytes a value; the errors against
 * the truth are then computed here, without the TV bound).
 */
export function syntheticBody(samples: number[][]): FitBody {
  const d = samples[0]?.length ?? 0;
  const values = samples.length * d + d * d + d;
  if (values * JSON_NUMBER_BYTES + 4096 <= MAX_JSON_BODY_BYTES) {
    return { kind: "matrix", samples };
  }
  const npy = writeNpy(fromRows(samples));
  return {
    kind: "npy",
    bytes: npy.buffer.slice(
      npy.byteOffset,
      npy.byteOffset + npy.byteLength,
    ) as ArrayBuffer,
  };
}

/** Fit form and results; `registry` holds the methods and their option specs. */
export const FitModel = createModel((
  api: ApiClient,
  tokens: OwnerTokens,
  registry: ReadonlySignal<readonly MethodInfo[]> = signal([]),
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
  /** The chosen CSV file's text, once read. */
  const fileText = signal<string | null>(null, { name: "fitFileText" });
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

  const readBody = async (): Promise<
    { body: FitBody; truth: KnownTruth | null; fileName?: string }
  > => {
    if (source.value === "paste") {
      if (!pasted.value.trim()) {
        throw new Error("Paste CSV samples first (one sample per line)");
      }
      return {
        body: { kind: "csv", text: pasted.value },
        truth: null,
        fileName: PASTED_LABEL,
      };
    }
    if (source.value === "file") {
      const f = file.value;
      if (!f) throw new Error("Choose a .csv or .npy file first");
      return f.name.toLowerCase().endsWith(".npy")
        ? {
          body: { kind: "npy", bytes: await f.arrayBuffer() },
          truth: null,
          fileName: f.name,
        }
        : {
          body: { kind: "csv", text: fileText.value ?? await f.text() },
          truth: null,
          fileName: f.name,
        };
    }
    const data = drawSynthetic({
      d: d.value,
      k: k.value,
      n: n.value,
      kappa: kappa.value,
      bias: bias.value,
      seed: seed.value,
    });
    return {
      body: syntheticBody(data.samples),
      truth: { sigma: data.sigma, b: data.b },
      fileName: SYNTHETIC_LABEL,
    };
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
    columns,
    chosenColumns,
    na,
    check,
    checkInput,
    checkReplicates,
    /** Chooses the samples file; a CSV's columns are read for the picker. */
    setFile(f: File | null) {
      file.value = f;
      fileText.value = null;
      pickedColumns.value = null;
      if (f && !f.name.toLowerCase().endsWith(".npy")) {
        void f.text().then((text) => {
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
     * bootstrap count when it is above 0.
     */
    async submit() {
      error.value = "";
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
      status.value = "loading";
      try {
        const { body, truth, fileName } = await readBody();
        // Synthetic samples (JSON or NPY) are read as drawn.
        const table = source.value === "synthetic" ? {} : tableOptions();
        const data = readLocally(body, table);
        const checkedBootstrap = bootstrapCheck.value;
        const replicates = checkedBootstrap.ok
          ? Number(checkedBootstrap.value)
          : 0;
        const results: FitOutcome[] = [];
        const params: FitParams[] = [];
        for (const method of methods.value) {
          const checked = optionsByMethod.value.get(method);
          const options = checked?.ok ? checked.options : {};
          const checkCount = Number(checkReplicates.value);
          const p: FitParams = {
            method,
            seed: seed.value,
            options,
            ...(replicates > 0 ? { bootstrap: replicates } : {}),
            ...(truth ? { truth } : {}),
            ...(Object.keys(table).length > 0 ? { table } : {}),
            ...(check.value
              ? {
                check: true,
                ...(checkCount !== DEFAULT_CHECK_REPLICATES
                  ? { checkReplicates: checkCount }
                  : {}),
              }
              : {}),
          };
          const fit = await api.fit(body, p);
          if (fit.id && fit.ownerToken) tokens.set(fit.id, fit.ownerToken);
          if (fit.id && fileName) tokens.setFileName(fit.id, fileName);
          params.push(p);
          results.push({
            fit,
            truth,
            data,
            ...(fileName ? { fileName } : {}),
          });
        }
        sent = { body, params };
        outcomes.value = results;
        status.value = "ready";
      } catch (e) {
        error.value = (e as Error).message;
        status.value = "error";
      }
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
