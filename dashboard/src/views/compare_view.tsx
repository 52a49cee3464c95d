/**
 * Compare: two or more runs, metrics side by side and error curves overlaid.
 *
 * @module
 */
import { useEffect } from "preact/hooks";
import { useModel } from "@preact/signals";
import type { AppModels } from "../app_models.ts";
import type { RunPoint, RunRecord } from "../api/types.ts";
import { CompareModel } from "../models/compare_model.ts";
import { ErrorMessage, Panel } from "../components/common.tsx";
import { MethodSwatch } from "../components/method_swatch.tsx";
import { RunCharts } from "../components/run_charts.tsx";
import { formatMeanStd, formatValue } from "../lib/format.ts";
import {
  describeSpec,
  metricOf,
  pointsOf,
  specOf,
  sweepOf,
} from "../lib/run_points.ts";

/** Picks runs from the newest page of history. */
function RunPicker(
  { app, chosen }: { app: AppModels; chosen: readonly string[] },
) {
  const h = app.history;
  useEffect(() => {
    if (h.status.value === "idle") void h.refresh();
  }, []);
  const done = h.runs.value.filter((r) =>
    r.status === "done" && r.kind !== "fit"
  );
  return (
    <Panel title="Pick runs to compare" id="compare-pick">
      <ErrorMessage message={h.error.value} />
      {done.length === 0 && h.status.value === "ready" && (
        <p>No finished runs yet. Start one under Experiment.</p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          app.router.navigate(
            `/compare?ids=${[...h.selected.value].join(",")}`,
          );
        }}
      >
        <ul class="pick-list">
          {done.map((r) => (
            <li key={r.id}>
              <input
                type="checkbox"
                id={`cmp-${r.id}`}
                checked={h.selected.value.has(r.id) || chosen.includes(r.id)}
                onChange={(e) =>
                  h.toggle(r.id, (e.currentTarget as HTMLInputElement).checked)}
              />
              <label for={`cmp-${r.id}`}>
                <code>{r.id}</code>{" "}
                <span class="muted">{describeSpec(specOf(r))}</span>
              </label>
            </li>
          ))}
        </ul>
        <button type="submit" disabled={!h.canCompare.value}>
          Compare selected
        </button>
      </form>
    </Panel>
  );
}

function findPoint(
  run: RunRecord,
  method: string,
  value: number,
): RunPoint | undefined {
  return pointsOf(run).find((p) => p.method === method && p.value === value);
}

/** The Compare view at `#/compare?ids=a,b`. */
export function CompareView(
  { app, ids }: { app: AppModels; ids: readonly string[] },
) {
  const model = useModel(() => new CompareModel(app.api));
  const key = ids.join(",");
  useEffect(() => {
    void model.load(ids);
  }, [key]);
  const runs = model.runs.value;
  const parameter = runs.length ? sweepOf(runs[0]) : "n";
  // Colours follow the registry's order, as in every other view.
  const registry = app.methods.names.value;

  return (
    <>
      {ids.length < 2 && <RunPicker app={app} chosen={ids} />}
      <ErrorMessage message={model.error.value} />
      {model.status.value === "loading" && <p>Loading runs…</p>}
      {runs.length >= 2 && (
        <section
          class="panel"
          data-testid="compare"
          aria-labelledby="compare-h"
        >
          <h2 id="compare-h">Compare {runs.length} runs</h2>
          <ol class="run-list">
            {runs.map((r, i) => (
              <li key={r.id}>
                run {i + 1}:{" "}
                <a href={`#/runs/${r.id}`}>
                  <code>{r.id}</code>
                </a>{" "}
                <span class="muted">{describeSpec(specOf(r))}</span>
                {r.status !== "done" && <strong>({r.status})</strong>}
              </li>
            ))}
          </ol>
          {model.mixedParameters.value && (
            <p class="warnings">
              ⚠ These runs vary different parameters ({model.parameters.value
                .join(", ")}); the curves share one x axis.
            </p>
          )}
          <div class="table-scroll">
            <table class="points" data-testid="compare-table">
              <caption>Mean ± std over runs per point</caption>
              <thead>
                <tr>
                  <th scope="col" rowSpan={2}>{parameter}</th>
                  <th scope="col" rowSpan={2}>method</th>
                  {runs.map((_, i) => (
                    <th scope="colgroup" colSpan={2} key={i}>run {i + 1}</th>
                  ))}
                </tr>
                <tr>
                  {runs.map((_, i) => [
                    <th scope="col" key={`s${i}`}>err Σ</th>,
                    <th scope="col" key={`b${i}`}>err b</th>,
                  ])}
                </tr>
              </thead>
              <tbody>
                {model.xs.value.flatMap((x) =>
                  model.methods.value.map((method) => (
                    <tr key={`${x}-${method}`}>
                      <th scope="row">{formatValue(x)}</th>
                      <td>
                        <MethodSwatch method={method} methods={registry} />
                        {method}
                      </td>
                      {runs.map((r) => {
                        const p = findPoint(r, method, x);
                        const cell = (m: string) =>
                          `${r.id}|${method}|${x}|${m}`;
                        return [
                          <td key={`${r.id}-s`} data-cell={cell("errSigma")}>
                            {formatMeanStd(p && metricOf(p, "errSigma"))}
                          </td>,
                          <td key={`${r.id}-b`} data-cell={cell("errB")}>
                            {formatMeanStd(p && metricOf(p, "errB"))}
                          </td>,
                        ];
                      })}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <p class="muted" data-testid="compare-key">
            Colour = method:{" "}
            {model.methods.value.map((method) => (
              <span class="key-item" key={method}>
                <MethodSwatch method={method} methods={registry} />
                {method}
              </span>
            ))}
            · Line style = run (solid = run 1, dashed = run 2, dotted = run 3).
          </p>
          <RunCharts runs={runs} methods={registry} />
        </section>
      )}
    </>
  );
}
