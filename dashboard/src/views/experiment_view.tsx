/**
 * Experiment: a synthetic truth and a sweep, run in the background with live
 * progress.
 *
 * @module
 */
import type { AppModels } from "../app_models.ts";
import type { SweepParameter } from "../api/types.ts";
import {
  ErrorMessage,
  MethodPicker,
  NumberField,
  Panel,
  ProgressBar,
  SelectField,
} from "../components/common.tsx";
import { TruthFields } from "../components/truth_fields.tsx";
import { RunDetail } from "./run_view.tsx";

/** The Experiment view. */
export function ExperimentView({ app }: { app: AppModels }) {
  const m = app.experiment;
  const run = m.current;
  const running = run.status.value === "loading" ||
    run.run.value?.status === "queued" || run.run.value?.status === "running";

  return (
    <>
      <Panel title="New experiment" id="experiment">
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault();
            void m.start();
          }}
        >
          <TruthFields
            idPrefix="exp"
            legend="Truth and samples"
            inputs={m}
            maxDimension={64}
          />
          <fieldset class="grid">
            <legend>Sweep</legend>
            <SelectField<SweepParameter>
              id="exp-sweep"
              label="vary"
              value={m.sweep}
              options={[["n", "n (samples)"], ["d", "d (= k)"], ["kappa", "κ"]]}
            />
            <div class="field wide">
              <label for="exp-values">
                values (comma-separated; replaces the value above)
              </label>
              <input
                id="exp-values"
                type="text"
                value={m.values.value}
                onInput={(e) =>
                  m.values.value = (e.currentTarget as HTMLInputElement).value}
              />
            </div>
            <NumberField
              id="exp-runs"
              label="runs per point"
              value={m.runs}
              min={1}
              max={100}
            />
            <NumberField id="exp-seed" label="seed" value={m.seed} min={0} />
          </fieldset>
          <MethodPicker
            idPrefix="exp-method"
            methods={app.methods.methods.value}
            selected={m.methods.value}
            onToggle={(n, on) => m.toggleMethod(n, on)}
          />
          <button
            type="submit"
            disabled={running}
            data-testid="start-experiment"
          >
            {running ? "Running…" : "Run in background"}
          </button>
          <ErrorMessage message={m.formError.value} />
          <ErrorMessage message={run.error.value} />
        </form>
      </Panel>
      {run.id.value && (
        <>
          {running && (
            <ProgressBar
              label="Progress"
              done={run.progress.value.done}
              total={run.progress.value.total}
            />
          )}
          <p>
            Run{" "}
            <a
              href={`#/runs/${run.id.value}`}
              data-testid="experiment-run-link"
            >
              {run.id.value}
            </a>{" "}
            <span
              class={`status status-${run.statusLabel.value}`}
              data-testid="experiment-status"
            >
              {run.statusLabel.value}
            </span>
          </p>
          {run.run.value?.status === "done" && (
            <RunDetail model={run} methods={app.methods.names.value} />
          )}
        </>
      )}
    </>
  );
}
