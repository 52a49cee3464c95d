/**
 * "Download JSON" and "Download CSV" buttons; the files are built only when
 * a button is pressed.
 *
 * @module
 */
import { saveText } from "../lib/download.ts";

/** Saves `json()` as `${base}.json` (indented) and `csv()` as `${base}.csv`. */
export function DownloadButtons(
  { base, json, csv }: {
    base: string;
    json: () => unknown;
    csv: () => string;
  },
) {
  return (
    <>
      <button
        type="button"
        onClick={() =>
          saveText(
            `${base}.json`,
            JSON.stringify(json(), null, 2),
            "application/json",
          )}
      >
        Download JSON
      </button>
      <button
        type="button"
        onClick={() => saveText(`${base}.csv`, csv(), "text/csv")}
      >
        Download CSV
      </button>
    </>
  );
}
