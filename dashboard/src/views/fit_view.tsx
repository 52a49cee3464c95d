/**
 * Fit: upload or paste samples, or draw them from a truth defined here; pick
 * methods and a seed; see each fit in detail.
 *
 * @module
 */
import type { FitProgress, FitSource } from "../models/fit_model.ts";
import type { AppModels } from "../app_models.ts";
import {
  ErrorMessage,
  MethodPicker,
  NumberField,
  Panel,
  ProgressBar,
} from "../components/common.tsx";
import { FitResult } from "../components/fit_result.tsx";
import {
  MethodOptionsForm,
  OptionField,
} from "../components/method_options_form.tsx";
import { BOOTSTRAP_OPTION } from "../lib/bootstrap_option.ts";
import { TruthFields } from "../components/truth_fields.tsx";
import { ColumnPicker } from "../components/column_picker.tsx";
import { CHECK_REPLICATES_OPTION } from "../lib/check_option.ts";

const SOURCES: readonly (readonly [FitSource, string])[] = [
  ["synthetic", "Synthetic samples (known truth)"],
  ["file", "Upload a CSV or NPY file"],
  ["paste", "Paste CSV"],
];

const PHASES: Readonly<Record<FitProgress["phase"], string>> = {
  sampling: "Drawing samples",
  reading: "Reading the file",
  uploading: "Uploading as a data set",
  fitting: "Fitting",
};

/** The bar of a submit under way (bytes shown in MB). */
function FitProgressBar({ progress }: { progress: FitProgress }) {
  const mb = progress.unit === "bytes";
  const scale = (x: number) => mb ? Math.round(x / 1e5) / 10 : x;
  return (
    <ProgressBar
      testId="fit-progress"
      label={PHASES[progress.phase]}
      done={scale(progress.done)}
      total={scale(progress.total)}
      unit={mb ? "MB" : progress.unit}
    />
  );
}

/** The Fit view. */
export function FitView({ app }: { app: AppModels }) {
  const m = app.fit;
  const methods = app.methods.methods.value;
  const busy = m.status.value === "loading";

  return (
    <>
      <Panel title="Fit samples" id="fit">
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault();
            void m.submit();
          }}
        >
          <fieldset>
            <legend>Samples</legend>
            {SOURCES.map(([value, text]) => (
              <div class="check" key={value}>
                <input
                  type="radio"
                  name="fit-source"
                  id={`fit-source-${value}`}
                  checked={m.source.value === value}
                  onChange={() => m.source.value = value}
                />
                <label for={`fit-source-${value}`}>{text}</label>
              </div>
            ))}
          </fieldset>
          {m.source.value === "file" && (
            <div class="field wide">
              <label for="fit-file">
                Samples file (.csv: one sample per line; .npy: float64 n × d)
              </label>
              <input
                id="fit-file"
                type="file"
                accept=".csv,.npy,text/csv"
                onChange={(e) =>
                  m.setFile(
                    (e.currentTarget as HTMLInputElement).files?.[0] ?? null,
                  )}
              />
            </div>
          )}
          {m.source.value === "paste" && (
            <div class="field wide">
              <label for="fit-paste">
                CSV samples (one sample per line, comma-separated)
              </label>
              <textarea
                id="fit-paste"
                rows={6}
                value={m.pasted.value}
                onInput={(e) =>
                  m.pasted.value =
                    (e.currentTarget as HTMLTextAreaElement).value}
              />
            </div>
          )}
          {m.source.value !== "synthetic" && (
            <ColumnPicker
              state={m.columns.value}
              chosen={m.chosenColumns.value}
              na={m.na.value}
              onToggle={(j, on) => m.toggleColumn(j, on)}
              onReset={() => m.resetColumns()}
              onNa={(na) => m.na.value = na}
            />
          )}
          {m.source.value === "synthetic" && (
            <TruthFields
              idPrefix="fit"
              legend="Truth (drawn in your browser)"
              inputs={m}
              maxDimension={50}
              maxSamples={200000}
            />
          )}
          <MethodPicker
            idPrefix="fit-method"
            methods={methods}
            selected={m.methods.value}
            onToggle={(n, on) => m.toggleMethod(n, on)}
          />
          <MethodOptionsForm
            idPrefix="fit-opt"
            methods={m.chosen.value}
            inputs={m.optionInputs.value}
            onInput={(method, name, input) => m.setOption(method, name, input)}
            onReset={(method) => m.resetOptions(method)}
          />
          <div class="grid grid-top">
            <NumberField id="fit-seed" label="seed" value={m.seed} min={0} />
            <OptionField
              id="fit-bootstrap"
              label="Bootstrap replicates (0 = off)"
              spec={BOOTSTRAP_OPTION}
              input={m.bootstrap.value}
              onInput={(input) => m.bootstrap.value = String(input)}
            />
          </div>
          <fieldset class="grid grid-top">
            <legend>Model check and rank</legend>
            <div class="check wide">
              <input
                type="checkbox"
                id="fit-check"
                checked={m.check.value}
                onChange={(e) =>
                  m.checkInput.value =
                    (e.currentTarget as HTMLInputElement).checked}
              />
              <label for="fit-check">
                Check the fitted model against the data, and how many latent
                dimensions k it supports{" "}
                <span class="muted">
                  (on by default for files and pasted data; costs one fit per
                  replicate)
                </span>
              </label>
            </div>
            {m.check.value && (
              <OptionField
                id="fit-check-replicates"
                label="Check replicates"
                spec={CHECK_REPLICATES_OPTION}
                input={m.checkReplicates.value}
                onInput={(input) => m.checkReplicates.value = String(input)}
              />
            )}
          </fieldset>
          <div class="submit-row">
            <button
              type="submit"
              disabled={busy || m.optionProblems.value.length > 0}
            >
              {busy ? "Fitting…" : "Fit"}
            </button>
            {busy && (
              <button
                type="button"
                class="danger"
                data-testid="fit-cancel"
                onClick={() => m.cancel()}
              >
                Cancel
              </button>
            )}
          </div>
          {m.progress.value && <FitProgressBar progress={m.progress.value} />}
          {m.notice.value && (
            <p class="muted" data-testid="fit-notice">{m.notice.value}</p>
          )}
          <ErrorMessage message={m.error.value} />
        </form>
      </Panel>
      {m.outcomes.value.map((o, i) => (
        <FitResult
          key={`${o.fit.method}-${i}`}
          outcome={o}
          index={i}
          onRankK={(k) => void m.fitRank(i, k)}
        />
      ))}
    </>
  );
}
