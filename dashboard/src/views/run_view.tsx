/**
 * Run detail of a background experiment: status, live progress, metrics
 * table, error curves, warnings, timing, downloads, re-run and delete.
 *
 * @module
 */
import { useEffect } from "preact/hooks";
import { useModel } from "@preact/signals";
import type { AppModels } from "../app_models.ts";
import { RunModel } from "../models/run_model.ts";
import { ErrorMessage, Panel, ProgressBar } from "../components/common.tsx";
import { PointsTable } from "../components/points_table.tsx";
import { RunCharts } from "../components/run_charts.tsx";
import { DownloadButtons } from "../components/download_buttons.tsx";
import { pointsToCsv } from "../lib/download.ts";
import {
  describeSpec,
  isFitRun,
  specOf,
  sweepOf,
  tvGapNote,
} from "../lib/run_points.ts";
import { FitResult } from "../components/fit_result.tsx";
import type { RunRecord } from "../api/types.ts";
import { runFitOutcome } from "../lib/fit_detail.ts";

type RunModelInstance = InstanceType<typeof RunModel>;

function parameterName(run: RunRecord): string {
  return sweepOf(run);
}

/** Everything about one run. */
export function RunDetail(
  { model, methods, onRerun, onDeleted }: {
    model: RunModelInstance;
    methods: readonly string[];
    onRerun?: (id: string) => void;
    onDeleted?: () => void;
  },
) {
  const run = model.run.value;
  if (!run) return null;
  const points = model.points.value;
  const warnings = [
    ...(run.result && "warnings" in run.result ? run.result.warnings : []),
  ];
  for (const p of points) {
    for (const e of new Set(p.errors ?? [])) {
      warnings.push(`${p.method} at ${parameterName(run)} = ${p.value}: ${e}`);
    }
  }
  const tvNote = tvGapNote(points);
  if (tvNote) warnings.push(tvNote);
  const parameter = model.parameter.value;

  return (
    <section
      class="panel"
      data-testid="run-detail"
      aria-labelledby="run-detail-h"
    >
      <h2 id="run-detail-h">
        Run {run.id}
        {model.fileName.value && (
          <span class="muted">{` · ${model.fileName.value}`}</span>
        )}
      </h2>
      <p>
        <span
          class={`status status-${model.statusLabel.value}`}
          data-testid="run-status"
        >
          {model.statusLabel.value}
        </span>{" "}
        <span class="muted">{describeSpec(specOf(run))}</span>
      </p>
      <ErrorMessage message={model.runError.value} />
      {warnings.length > 0 && (
        <ul class="warnings" aria-label="Warnings">
          {warnings.map((w) => <li key={w}>⚠ {w}</li>)}
        </ul>
      )}
      {isFitRun(run) && run.result && (
        <FitResult
          outcome={{
            ...runFitOutcome(run.result),
            ...(model.fileName.value ? { fileName: model.fileName.value } : {}),
          }}
          index={0}
        />
      )}
      {points.length > 0 && (
        <>
          <PointsTable points={points} parameter={parameter} runId={run.id} />
          <RunCharts runs={[run]} methods={methods} />
        </>
      )}
      <div class="actions">
        {points.length > 0 && (
          <DownloadButtons
            base={`run-${run.id}`}
            json={() => run}
            csv={() => pointsToCsv(points, parameter)}
          />
        )}
        {onRerun && !isFitRun(run) && (
          <button
            type="button"
            onClick={async () => {
              const id = await model.rerun();
              if (id) onRerun(id);
            }}
          >
            Re-run
          </button>
        )}
        {onDeleted && model.canDelete.value && (
          <button
            type="button"
            class="danger"
            onClick={async () => {
              if (await model.remove()) onDeleted();
            }}
          >
            Delete
          </button>
        )}
      </div>
      <ErrorMessage message={model.error.value} />
    </section>
  );
}

/** The run view at `#/runs/<id>`. */
export function RunView({ app, id }: { app: AppModels; id: string }) {
  const model = useModel(() => new RunModel(app.api, app.tokens));
  useEffect(() => {
    model.open(id);
  }, [id]);
  const run = model.run.value;
  const active = run?.status === "queued" || run?.status === "running";

  return (
    <>
      {model.status.value === "loading" && !run && <p>Loading run {id}…</p>}
      {model.status.value === "error" && !run && (
        <Panel title={`Run ${id}`}>
          <ErrorMessage message={model.error.value} />
        </Panel>
      )}
      {active && (
        <ProgressBar
          label="Progress"
          done={model.progress.value.done}
          total={model.progress.value.total}
        />
      )}
      <RunDetail
        model={model}
        methods={app.methods.names.value}
        onRerun={(newId) => app.router.navigate(`/runs/${newId}`)}
        onDeleted={() => app.router.navigate("/history")}
      />
    </>
  );
}
