/**
 * Figure 1: the paper's three sweeps as interactive charts, with the values
 * the authors' reference code gives at the default settings.
 *
 * @module
 */
import { useEffect } from "preact/hooks";
import type { AppModels } from "../app_models.ts";
import {
  ErrorMessage,
  MethodPicker,
  Panel,
  ProgressBar,
} from "../components/common.tsx";
import type { ChartCurve } from "../components/line_chart.tsx";
import { type ExtraCurve, RunCharts } from "../components/run_charts.tsx";
import { FIGURE1_PANELS, PAPER_REFERENCE } from "../lib/figure1.ts";
import { formatMeanStd, formatMetric, formatValue } from "../lib/format.ts";
import {
  describeSpec,
  methodsOf,
  metricOf,
  pointsOf,
  specOf,
} from "../lib/run_points.ts";
import type { RunRecord } from "../api/types.ts";
import { MethodSwatch } from "../components/method_swatch.tsx";

const REF_COLOR = "#000000";

function referenceCurve(metric: "errSigma" | "errB" | "tv") {
  return (xs: readonly number[]): ChartCurve | null => {
    const mean = xs.map((x) => {
      const r = PAPER_REFERENCE.find((v) => v.n === x && v.kappa === 1);
      if (!r) return null;
      return metric === "tv" ? r.tv ?? null : r[metric][0];
    });
    if (mean.every((v) => v === null)) return null;
    return {
      label: "paper (reference code)",
      color: REF_COLOR,
      mean,
      pointsOnly: true,
    };
  };
}

const LEFT_EXTRA: ExtraCurve[] = (["errSigma", "errB", "tv"] as const).map((
  metric,
) => ({
  metric,
  curve: referenceCurve(metric),
}));

/** The paper's reference values with this run's measurements beside them. */
function ReferenceTable(
  { run, methods }: { run: RunRecord | null; methods: readonly string[] },
) {
  const points = run?.status === "done" ? pointsOf(run) : [];
  const measured = methodsOf(points);
  const at = (method: string, n: number) =>
    points.find((p) => p.method === method && p.value === n);
  return (
    <div class="table-scroll">
      <table class="points reference" data-testid="paper-reference">
        <caption>
          Paper reference (authors' code, d = k = 5, mean ± std over 10 runs)
          {measured.length > 0 ? " beside this run" : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>n</th>
            <th scope="col" rowSpan={2}>κ</th>
            <th scope="colgroup" colSpan={3}>paper reference</th>
            {measured.map((method) => (
              <th scope="colgroup" colSpan={2} key={method}>
                <MethodSwatch method={method} methods={methods} />
                {method} (this run)
              </th>
            ))}
          </tr>
          <tr>
            <th scope="col">err Σ</th>
            <th scope="col">err b</th>
            <th scope="col">TV</th>
            {measured.map((method) => [
              <th scope="col" key={`${method}-s`}>err Σ</th>,
              <th scope="col" key={`${method}-b`}>err b</th>,
            ])}
          </tr>
        </thead>
        <tbody>
          {PAPER_REFERENCE.map((r) => (
            <tr key={`${r.n}-${r.kappa}`}>
              <th scope="row">{formatValue(r.n)}</th>
              <td>{r.kappa}</td>
              <td>
                {formatMetric(r.errSigma[0])} ± {formatMetric(r.errSigma[1])}
              </td>
              <td>{formatMetric(r.errB[0])} ± {formatMetric(r.errB[1])}</td>
              <td>{r.tv === undefined ? "–" : formatMetric(r.tv)}</td>
              {measured.map((method) => {
                // The left panel runs at κ = 1 only.
                const p = r.kappa === 1 ? at(method, r.n) : undefined;
                return [
                  <td key={`${method}-s`}>
                    {formatMeanStd(p && metricOf(p, "errSigma"))}
                  </td>,
                  <td key={`${method}-b`}>
                    {formatMeanStd(p && metricOf(p, "errB"))}
                  </td>,
                ];
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The Figure 1 view at `#/figure1` (or `#/figure1?left=…&middle=…&right=…`). */
export function Figure1View(
  { app, query }: { app: AppModels; query: URLSearchParams },
) {
  const m = app.figure1;
  const ids = {
    left: query.get("left") ?? "",
    middle: query.get("middle") ?? "",
    right: query.get("right") ?? "",
  };
  useEffect(() => {
    m.open(ids);
  }, [ids.left, ids.middle, ids.right]);
  const busy = FIGURE1_PANELS.some((p) => {
    const s = m.panels[p.id].run.value?.status;
    return s === "queued" || s === "running";
  });

  return (
    <>
      <Panel title="Figure 1 of the paper" id="figure1">
        <form
          class="form"
          onSubmit={async (e) => {
            e.preventDefault();
            const started = await m.start();
            if (started.left && started.middle && started.right) {
              app.router.navigate(
                `/figure1?left=${started.left}&middle=${started.middle}&right=${started.right}`,
              );
            }
          }}
        >
          <MethodPicker
            idPrefix="fig-method"
            methods={app.methods.methods.value}
            selected={m.methods.value}
            onToggle={(n, on) => m.toggleMethod(n, on)}
          />
          <div class="check">
            <input
              id="fig-full"
              type="checkbox"
              checked={m.full.value}
              onChange={(e) =>
                m.full.value = (e.currentTarget as HTMLInputElement).checked}
            />
            <label for="fig-full">
              Paper's full settings (n up to 500,000, d up to 25, 10 runs:
              minutes)
            </label>
          </div>
          <p class="muted">
            Default: left n ∈ {"{"}20k, 50k, 110k, 200k{"}"}{" "}
            with 10 runs (the reference values' settings); middle d ∈{" "}
            {"{"}5, 9, 13{"}"} and right κ ∈ {"{"}1, 9, 17, 25{"}"}{" "}
            at n = 100,000 with 5 runs.
          </p>
          <button
            type="submit"
            disabled={busy || m.methods.value.length === 0}
          >
            {busy ? "Running…" : "Run the three panels"}
          </button>
          <ErrorMessage message={m.error.value} />
        </form>
      </Panel>
      <div class="figure1">
        {FIGURE1_PANELS.map((p) => {
          const rm = m.panels[p.id];
          const run = rm.run.value;
          const active = run?.status === "queued" || run?.status === "running";
          return (
            <section
              class="panel"
              key={p.id}
              data-testid={`figure1-${p.id}`}
              aria-labelledby={`fig-${p.id}-h`}
            >
              <h3 id={`fig-${p.id}-h`}>{p.title}</h3>
              {run && (
                <p class="muted">
                  {describeSpec(specOf(run))} ·{" "}
                  <a href={`#/runs/${run.id}`}>run detail</a>
                </p>
              )}
              {active && (
                <ProgressBar
                  label={p.sweep}
                  done={rm.progress.value.done}
                  total={rm.progress.value.total}
                />
              )}
              <ErrorMessage message={rm.runError.value} />
              {run?.status === "done" && (
                <RunCharts
                  runs={[run]}
                  methods={app.methods.names.value}
                  metrics={p.id === "left"
                    ? ["errSigma", "errB", "tv"]
                    : ["errSigma", "errB"]}
                  extra={p.id === "left" ? LEFT_EXTRA : []}
                />
              )}
              {p.id === "left" && (
                <ReferenceTable run={run} methods={app.methods.names.value} />
              )}
            </section>
          );
        })}
      </div>
    </>
  );
}
