/**
 * History: the run list, newest first, with open, re-run, delete (own runs)
 * and a selection to compare.
 *
 * @module
 */
import { useEffect } from "preact/hooks";
import type { AppModels } from "../app_models.ts";
import { ErrorMessage, Panel } from "../components/common.tsx";
import { describeSpec, isFitRun, specOf } from "../lib/run_points.ts";
import { runStatusLabel } from "../lib/run_status.ts";
import type { KindFilter } from "../models/history_model.ts";

function when(t: string | number | undefined): string {
  if (t === undefined) return "";
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleString();
}

/** The History view. */
export function HistoryView({ app }: { app: AppModels }) {
  const h = app.history;
  useEffect(() => {
    void h.refresh();
  }, []);

  const filtered = h.kind.value !== "all";
  return (
    <Panel title="Runs" id="history">
      <div class="history-filter">
        <div class="field">
          <label for="history-kind">Show</label>
          <select
            id="history-kind"
            value={h.kind.value}
            onChange={(e) =>
              void h.setKind(
                (e.currentTarget as HTMLSelectElement).value as KindFilter,
              )}
          >
            <option value="all">all runs</option>
            <option value="fit">fits</option>
            <option value="experiment">experiments</option>
          </select>
        </div>
        <p class="muted" data-testid="delete-note">
          Delete appears only beside runs created in this browser: it keeps
          their owner tokens (and the names of fitted files) in its local
          storage. Anyone with a run's link can open or re-run it.
        </p>
      </div>
      <ErrorMessage message={h.error.value} />
      {h.status.value === "loading" && <p>Loading…</p>}
      {h.status.value === "ready" && h.runs.value.length === 0 && (
        <p>
          {filtered
            ? `No ${
              h.kind.value === "fit" ? "fits" : "experiments"
            } among these ${h.scanned.value} runs${
              h.hasNext.value ? "; older runs may have some" : ""
            }.`
            : "No runs yet."}
        </p>
      )}
      <div class="table-scroll">
        <table class="runs" data-testid="history-table">
          <thead>
            <tr>
              <th scope="col">compare</th>
              <th scope="col">run</th>
              <th scope="col">kind</th>
              <th scope="col">data</th>
              <th scope="col">status</th>
              <th scope="col">settings</th>
              <th scope="col">created</th>
              <th scope="col">actions</th>
            </tr>
          </thead>
          <tbody>
            {h.runs.value.map((r) => (
              <tr key={r.id}>
                <td>
                  <input
                    type="checkbox"
                    disabled={isFitRun(r)}
                    aria-label={`Select run ${r.id} to compare`}
                    checked={h.selected.value.has(r.id)}
                    onChange={(e) =>
                      h.toggle(
                        r.id,
                        (e.currentTarget as HTMLInputElement).checked,
                      )}
                  />
                </td>
                <td>
                  <a href={`#/runs/${r.id}`}>
                    <code>{r.id}</code>
                  </a>
                </td>
                <td>{r.kind ?? "experiment"}</td>
                <td data-testid="run-file">
                  {h.fileNames.value.get(r.id) ??
                    (isFitRun(r)
                      ? <span class="muted">–</span>
                      : <span class="muted">synthetic</span>)}
                </td>
                <td>
                  <span
                    class={`status status-${
                      runStatusLabel(r.status, r.progress)
                    }`}
                  >
                    {runStatusLabel(r.status, r.progress)}
                  </span>
                </td>
                <td class="muted">{describeSpec(specOf(r))}</td>
                <td>{when(r.createdAt)}</td>
                <td>
                  <div class="actions row-actions">
                    <button
                      type="button"
                      onClick={() => app.router.navigate(`/runs/${r.id}`)}
                    >
                      Open
                    </button>
                    {!isFitRun(r) && (
                      <button
                        type="button"
                        onClick={async () => {
                          const id = await h.rerun(r);
                          if (id) app.router.navigate(`/runs/${id}`);
                        }}
                      >
                        Re-run
                      </button>
                    )}
                    {h.owned.value.has(r.id) && (
                      <button
                        type="button"
                        class="danger"
                        onClick={() => void h.remove(r.id)}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="actions">
        <button
          type="button"
          disabled={!h.hasPrev.value}
          onClick={() => void h.prev()}
        >
          ← Newer
        </button>
        <span>Page {h.page.value}</span>
        <button
          type="button"
          disabled={!h.hasNext.value}
          onClick={() => void h.next()}
        >
          Older →
        </button>
        <button
          type="button"
          disabled={!h.canCompare.value}
          onClick={() =>
            app.router.navigate(
              `/compare?ids=${[...h.selected.value].join(",")}`,
            )}
          data-testid="compare-selected"
        >
          Compare selected ({h.selected.value.size})
        </button>
      </div>
    </Panel>
  );
}
