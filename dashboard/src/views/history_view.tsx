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

  return (
    <Panel title="Runs" id="history">
      <ErrorMessage message={h.error.value} />
      {h.status.value === "loading" && <p>Loading…</p>}
      {h.status.value === "ready" && h.runs.value.length === 0 && (
        <p>No runs yet.</p>
      )}
      <div class="table-scroll">
        <table class="runs" data-testid="history-table">
          <thead>
            <tr>
              <th scope="col">compare</th>
              <th scope="col">run</th>
              <th scope="col">kind</th>
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
                <td>
                  <span class={`status status-${r.status}`}>{r.status}</span>
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
