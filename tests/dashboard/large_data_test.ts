/**
 * Large data in Chromium, against the real server: synthetic samples with
 * d = 25 and n = 200,000 (5,000,000 entries, over one fit's 4,000,000) and
 * an uploaded CSV file of about 50 MB (over the 32 MiB body limit). The
 * browser draws and reads them in its data worker, sends them as a data set
 * in NPY chunks (each under the body limit, each with an Idempotency-Key)
 * and fits the data set. Each answer is compared with a direct
 * `POST /api/fit` of the same data, which this server accepts because the
 * test raises its limits (`MAX_BODY_BYTES`, `MAX_FIT_ENTRIES`); the
 * dashboard keeps to the default limits, so it still takes the data set
 * route.
 *
 * Skipped when Chromium is not installed.
 */
import assert from "node:assert/strict";
import type { Page, Request } from "playwright-core";
import {
  buildDashboard,
  hasChromium,
  launchChromium,
  SCREENSHOT_DIR,
  startServer,
  watchProblems,
} from "./_browser.ts";
import type { FitResponse } from "../../dashboard/src/api/types.ts";
import { drawSynthetic } from "../../dashboard/src/lib/synthetic.ts";
import { CHUNK_BYTES } from "../../dashboard/src/lib/dataset_upload.ts";
import { SERVER_LIMITS } from "../../dashboard/src/lib/send_route.ts";
import { formatMetric } from "../../dashboard/src/lib/format.ts";
import { writeCsv } from "../../core/formats/csv.ts";
import { writeNpy } from "../../core/formats/npy.ts";
import { fromRows } from "../../core/linalg/matrix.ts";
import { fitMetrics } from "../../core/metrics/fit_metrics.ts";

/**
 * The default method, which fits from merged statistics (data sets offer
 * those), in two passes over the chunks.
 */
const METHOD = "pairwise-mle";

/**
 * How far a data set's fit may be from a fit of all rows at once: the same
 * statistics summed chunk by chunk in another order differ by rounding, a
 * few ulps of each sum (1e-13 relative here), far below this.
 */
const MERGE_TOLERANCE = 1e-9;

/** Largest |a − b| over the entries of two fits' b and Σ̂, relative to Σ̂'s scale. */
function fitGap(a: FitResponse, b: FitResponse): number {
  const scale = Math.max(...a.sigma.map((row, i) => Math.abs(row[i])));
  let gap = 0;
  a.b.forEach((x, i) => gap = Math.max(gap, Math.abs(x - b.b[i])));
  a.sigma.forEach((row, i) =>
    row.forEach((x, j) => gap = Math.max(gap, Math.abs(x - b.sigma[i][j])))
  );
  return gap / scale;
}

/** Fits `body` with `POST /api/fit` (NPY or CSV) and returns the answer. */
async function directFit(
  origin: string,
  body: BodyInit,
  type: string,
): Promise<FitResponse> {
  const res = await fetch(`${origin}/api/fit?method=${METHOD}&seed=1`, {
    method: "POST",
    headers: { "content-type": type },
    body,
  });
  assert.equal(res.status, 200, await res.clone().text());
  return await res.json();
}

/** Records the texts the Fit view's progress bar shows. */
function watchProgress(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { progressSeen: string[] }).progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector("[data-testid=fit-progress] label");
      const text = bar?.textContent ?? "";
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

function progressSeen(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (globalThis as unknown as { progressSeen: string[] }).progressSeen
  );
}

/** Fits with the view's form as it is and returns the data set's answer. */
async function fitAsDataset(
  page: Page,
  chunks: Request[],
): Promise<FitResponse & { dataset: { n: number; chunks: number } }> {
  chunks.length = 0;
  await watchProgress(page);
  const fit = page.waitForResponse(
    (r) =>
      /\/api\/datasets\/[^/]+\/fit\?/.test(r.url()) &&
      r.request().method() === "POST",
    { timeout: 300_000 },
  );
  await page.click("form button[type=submit]");
  const response = await fit;
  assert.equal(response.status(), 200, await response.text());
  await page.waitForSelector("[data-testid=fit-result] table.metrics");
  return await response.json();
}

/** Checks the chunks the browser sent: NPY, each under the limits, keyed. */
function checkChunks(chunks: readonly Request[], expected: number): void {
  assert.equal(chunks.length, expected);
  const keys = new Set<string>();
  for (const chunk of chunks) {
    const headers = chunk.headers();
    assert.equal(headers["content-type"], "application/x-npy");
    assert.match(headers["authorization"], /^Bearer /);
    keys.add(headers["idempotency-key"]);
    const size = chunk.postDataBuffer()!.byteLength;
    assert.ok(size <= CHUNK_BYTES && size <= SERVER_LIMITS.bodyBytes);
  }
  assert.equal(keys.size, expected, "one key per chunk");
}

Deno.test({
  name:
    "dashboard: 200,000 synthetic samples of d = 25 and a 50 MB CSV go up as data sets and fit as the API fits them",
  ignore: !hasChromium(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await buildDashboard();
    await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
    const dir = await Deno.makeTempDir({ prefix: "large-data-" });
    const server = await startServer({
      MAX_BODY_BYTES: String(64 * 1024 * 1024),
      MAX_FIT_ENTRIES: "6000000",
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 900 },
      });
      const problems = watchProblems(page);
      const chunks: Request[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith(server.url)) {
          problems.push(`outside request: ${r.url()}`);
        }
        if (/\/chunks$/.test(r.url())) chunks.push(r);
      });

      await page.goto(`${server.url}/#/fit`);
      await page.waitForSelector(`#fit-method-${METHOD}`);
      for (
        const box of await page.$$(".methods input[type=checkbox]:checked")
      ) {
        await box.uncheck();
      }
      await page.check(`#fit-method-${METHOD}`);

      // Synthetic: drawn in the worker, 40 MB of NPY in 5 chunks.
      const spec = {
        d: 25,
        k: 25,
        n: 200_000,
        kappa: 1,
        bias: "relu" as const,
        seed: 1,
      };
      await page.fill("#fit-d", "25");
      await page.fill("#fit-k", "25");
      await page.fill("#fit-n", "200000");
      await page.fill("#fit-seed", "1");
      const synthetic = await fitAsDataset(page, chunks);
      assert.deepEqual(
        [
          synthetic.n,
          synthetic.d,
          synthetic.dataset.n,
          synthetic.dataset.chunks,
        ],
        [200_000, 25, 200_000, 5],
      );
      checkChunks(chunks, 5);
      const seen = await progressSeen(page);
      assert.ok(seen.some((t) => t.startsWith("Drawing samples")), seen.join());
      assert.ok(
        seen.includes("Uploading as a data set: 5 / 5 chunks (100%)"),
        seen.join(),
      );
      const drawn = drawSynthetic(spec);
      const direct = await directFit(
        server.url,
        writeNpy(drawn.samples) as Uint8Array<ArrayBuffer>,
        "application/x-npy",
      );
      assert.ok(fitGap(synthetic, direct) < MERGE_TOLERANCE);
      // The truth stayed in the browser: it shows core's metrics against it.
      const metrics = fitMetrics(
        {
          sigma: fromRows(drawn.truth.sigma),
          b: Float64Array.from(drawn.truth.b),
        },
        { sigma: fromRows(synthetic.sigma), b: Float64Array.from(synthetic.b) },
      );
      assert.equal(
        await page.textContent(
          "[data-testid=fit-result] [data-metric=errSigma]",
        ),
        formatMetric(metrics.errSigma),
      );
      assert.ok(await page.$("[data-testid=fit-result] [data-metric=tvBound]"));
      // A consistent estimate at this n: a sample covariance's Frobenius
      // error is about sqrt((tr Σ)² + ‖Σ‖²_F / n) <= sqrt(2 / n) tr Σ; ten
      // times that leaves room for the censoring's larger variance.
      assert.ok(
        metrics.errSigma < 10 * Math.sqrt(2 / spec.n),
        String(metrics.errSigma),
      );
      await page.screenshot({
        path: new URL("fit-large-synthetic.png", SCREENSHOT_DIR).pathname,
        fullPage: true,
      });

      // A CSV file of about 50 MB: read in the worker, 5 chunks of NPY.
      const fileSpec = {
        d: 20,
        k: 8,
        n: 250_000,
        kappa: 4,
        bias: "relu" as const,
        seed: 7,
      };
      const names = Array.from(
        { length: fileSpec.d },
        (_, j) => `sensor ${j + 1}`,
      );
      const csv = `${names.join(",")}\n${
        writeCsv(drawSynthetic(fileSpec).samples)
      }`;
      const path = `${dir}/readings.csv`;
      await Deno.writeTextFile(path, csv);
      const size = (await Deno.stat(path)).size;
      assert.ok(size > 45e6 && size > SERVER_LIMITS.bodyBytes, `${size} bytes`);
      await page.check("#fit-source-file");
      await page.setInputFiles("#fit-file", path);
      await page.waitForSelector("[data-testid=column-picker]");
      const uploaded = await fitAsDataset(page, chunks);
      assert.deepEqual(
        [uploaded.n, uploaded.d, uploaded.dataset.chunks],
        [fileSpec.n, fileSpec.d, 5],
      );
      checkChunks(chunks, 5);
      assert.deepEqual(
        uploaded.columns,
        names,
        "names travel with the data set",
      );
      // The check is on by default for files; a data set fits without it.
      assert.match(
        (await page.textContent("[data-testid=fit-notice]"))!,
        /without model check/,
      );
      const fileSeen = await progressSeen(page);
      assert.ok(
        fileSeen.some((t) => t.startsWith("Reading the file")),
        fileSeen.join(),
      );
      const directFile = await directFit(server.url, csv, "text/csv");
      assert.deepEqual(directFile.columns, names);
      assert.ok(fitGap(uploaded, directFile) < MERGE_TOLERANCE);
      await page.screenshot({
        path: new URL("fit-large-file.png", SCREENSHOT_DIR).pathname,
        fullPage: true,
      });
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
