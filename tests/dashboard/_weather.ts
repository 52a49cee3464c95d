/**
 * A weather-like CSV as R's `write.csv` writes a data frame of daily
 * weather: unnamed row names, a date, precipitation (dry on most days,
 * heavy-tailed when it rains: not a censored normal), maximum temperature,
 * wind (a censored normal), a label, and some missing cells. Seeded, so
 * tests see the same file every time.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { createPrng } from "../../core/random/prng.ts";
import { fillStandardNormal } from "../../core/random/normal.ts";

/** Rows of the file (days). */
export const WEATHER_DAYS = 800;

/** Days whose wind cell is NA (1-based day numbers). */
export const WEATHER_NA_DAYS: readonly number[] = [17, 230, 231, 512, 790];

/** The CSV text. */
export function weatherCsv(seed = 1): string {
  const prng = createPrng(seed);
  const z = new Float64Array(3 * WEATHER_DAYS);
  fillStandardNormal(prng, z);
  const start = Date.UTC(2012, 0, 1);
  const lines = ['"","date","precipitation","temp_max","wind","weather"'];
  for (let i = 0; i < WEATHER_DAYS; i++) {
    const day = i + 1;
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const rain = prng() < 0.45;
    const precipitation = rain ? Math.exp(0.6 + 1.1 * z[3 * i]!) : 0;
    const temp = Math.max(
      0,
      16 + 7 * Math.sin((2 * Math.PI * i) / 365) +
        2 * z[3 * i + 1]!,
    );
    const wind = Math.max(0, 3.2 + 1.4 * z[3 * i + 2]!);
    const label = rain ? "rain" : temp > 20 ? "sun" : "fog";
    lines.push([
      `"${day}"`,
      `"${date}"`,
      precipitation.toFixed(1),
      temp.toFixed(1),
      WEATHER_NA_DAYS.includes(day) ? "NA" : wind.toFixed(2),
      `"${label}"`,
    ].join(","));
  }
  return lines.join("\n") + "\n";
}

/** Uploads `weatherCsv()` in the Fit view and waits for the column picker. */
export async function uploadWeather(page: Page): Promise<void> {
  await page.waitForSelector(".methods input[type=checkbox]");
  await page.check("#fit-source-file");
  await page.setInputFiles("#fit-file", {
    name: "seattle-weather.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(weatherCsv()),
  });
  await page.waitForSelector("[data-testid=column-picker]");
}
