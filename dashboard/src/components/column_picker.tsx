/**
 * The column picker of an uploaded or pasted CSV: every column of the file
 * with its first values, the ones to fit ticked (numbers only, a row index
 * left out by default), and what to do with missing values.
 *
 * @module
 */
import type { NaPolicy } from "../../../core/formats/table.ts";
import type { ColumnsState } from "../models/fit_model.ts";
import { ErrorMessage } from "./common.tsx";

/** Props of `ColumnPicker`. */
export interface ColumnPickerProps {
  readonly state: ColumnsState | null;
  readonly chosen: ReadonlySet<number>;
  readonly na: NaPolicy;
  readonly onToggle: (position: number, on: boolean) => void;
  readonly onReset: () => void;
  readonly onNa: (na: NaPolicy) => void;
}

/** After the name of a column whose header cell is empty (a space first). */
const NO_NAME = " (no name)";

/** Columns of the CSV with a tick box each. */
export function ColumnPicker(p: ColumnPickerProps) {
  if (!p.state) return null;
  if (!p.state.ok) return <ErrorMessage message={p.state.message} />;
  const { columns, hasHeader } = p.state.info;
  const chosen = columns.filter((c) => p.chosen.has(c.position));
  return (
    <fieldset class="column-picker" data-testid="column-picker">
      <legend>Columns to fit</legend>
      <p class="muted" data-testid="columns-summary">
        {chosen.length === 0
          ? "No column chosen."
          : `Fitting ${chosen.length} of ${columns.length} columns: ${
            chosen.map((c) => c.name).join(", ")
          }.`} {hasHeader
          ? "Names from the header."
          : "No header: columns are x1, x2, …"}
      </p>
      <div class="table-scroll">
        <table class="columns">
          <thead>
            <tr>
              <th scope="col">fit</th>
              <th scope="col">#</th>
              <th scope="col">column</th>
              <th scope="col">first values</th>
              <th scope="col">note</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => {
              const id = `fit-col-${c.position + 1}`;
              return (
                <tr
                  key={c.position}
                  class={c.numeric ? undefined : "unusable"}
                >
                  <td>
                    <input
                      type="checkbox"
                      id={id}
                      checked={p.chosen.has(c.position)}
                      disabled={!c.numeric}
                      aria-describedby={`${id}-note`}
                      onChange={(e) =>
                        p.onToggle(
                          c.position,
                          (e.currentTarget as HTMLInputElement).checked,
                        )}
                    />
                  </td>
                  <td>{c.position + 1}</td>
                  <td>
                    <label for={id}>
                      {c.name}
                      {c.unnamed && <span class="muted">{NO_NAME}</span>}
                    </label>
                  </td>
                  <td class="preview">{c.preview.join(", ")}</td>
                  <td id={`${id}-note`} class="muted">
                    {c.indexLike
                      ? "looks like a row index: left out unless ticked"
                      : c.numeric
                      ? ""
                      : `cannot be fitted: ${c.problem ?? "not numbers"}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="grid">
        <div class="field">
          <label for="fit-na">Rows with a missing value (NA, empty)</label>
          <select
            id="fit-na"
            value={p.na}
            onChange={(e) =>
              p.onNa((e.currentTarget as HTMLSelectElement).value as NaPolicy)}
          >
            <option value="drop">leave them out (and say how many)</option>
            <option value="error">stop with an error naming the first</option>
          </select>
        </div>
        <div class="actions">
          <button type="button" onClick={p.onReset}>
            Default columns
          </button>
        </div>
      </div>
    </fieldset>
  );
}
