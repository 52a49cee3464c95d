/**
 * The fit's correlations ρ̂_ij, one row per pair, with approximate 95%
 * intervals when the fit has standard errors and the true ρ when known.
 *
 * @module
 */
import { type PairCorrelation, pairCorrelations } from "../lib/correlation.ts";
import { formatEntry } from "../lib/format.ts";
import { Dots, IntervalBars, Rule } from "./marks.tsx";
import { type LegendEntry, Plot } from "./plot.tsx";

/** Most pairs drawn; above, the strongest correlations are. */
export const MAX_PAIRS_DRAWN = 40;

const HAT = "#0072B2";
const TRUE = "#D55E00";

/** Props of `CorrelationChart`. */
export interface CorrelationChartProps {
  readonly sigma: readonly (readonly number[])[];
  readonly se?: readonly (readonly (number | null)[])[] | null;
  readonly truth?: readonly (readonly number[])[] | null;
  readonly names: readonly string[];
  readonly exportName: string;
}

/** The pairs to draw: all, or the `MAX_PAIRS_DRAWN` largest |ρ̂| in pair order. */
function drawn(pairs: readonly PairCorrelation[]): PairCorrelation[] {
  if (pairs.length <= MAX_PAIRS_DRAWN) return [...pairs];
  const keep = new Set(
    [...pairs].sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho)).slice(
      0,
      MAX_PAIRS_DRAWN,
    ),
  );
  return pairs.filter((p) => keep.has(p));
}

/** A forest plot of ρ̂ per pair, in [-1, 1]. */
export function CorrelationChart(p: CorrelationChartProps) {
  const all = pairCorrelations(p.sigma, p.se, p.truth);
  if (all.length === 0) return null;
  const pairs = drawn(all);
  const label = (c: PairCorrelation) => `${p.names[c.i]} × ${p.names[c.j]}`;
  const ys = pairs.map((_, r) => r + 1);
  const withIntervals = pairs.some((c) => c.interval);
  const legend: LegendEntry[] = [{
    label: withIntervals ? "ρ̂ with ≈ 95% interval" : "ρ̂",
    color: HAT,
    shape: "dot",
  }];
  if (p.truth) legend.push({ label: "true ρ", color: TRUE, shape: "ring" });

  return (
    <Plot
      title="Correlations ρ̂ = Σ̂ᵢⱼ / √(Σ̂ᵢᵢ Σ̂ⱼⱼ)"
      x={{ label: "correlation", domain: [-1.05, 1.05] }}
      y={{
        label: "pair",
        domain: [pairs.length + 0.5, 0.5],
        categories: pairs.map(label),
      }}
      height={Math.max(220, 110 + 17 * pairs.length)}
      legend={legend}
      exportName={p.exportName}
      testId="correlation-chart"
      description={`correlation of each pair of columns${
        withIntervals ? " with approximate 95% intervals" : ""
      }`}
      below={
        <p class="muted chart-note">
          {all.length > pairs.length &&
            `The ${pairs.length} strongest of ${all.length} pairs. `}
          {withIntervals
            ? "Intervals: ρ̂ ± 1.96 SE by the delta method on Σ̂ᵢⱼ, Σ̂ᵢᵢ, Σ̂ⱼⱼ, treating their errors as uncorrelated (a rough guide)."
            : "Ask for bootstrap replicates (or a method with standard errors) for intervals."}
        </p>
      }
    >
      {(s) => (
        <>
          <Rule s={s} value={0} color="#9aa3ae" vertical dash="2 3" />
          <IntervalBars
            s={s}
            xs={ys}
            lo={pairs.map((c) => c.interval?.[0] ?? null)}
            hi={pairs.map((c) => c.interval?.[1] ?? null)}
            color={HAT}
            cap={3}
            horizontal
          />
          {p.truth && (
            <Dots
              s={s}
              xs={pairs.map((c) => c.truth)}
              ys={ys}
              color={TRUE}
              r={4.5}
              ring
            />
          )}
          <Dots
            s={s}
            xs={pairs.map((c) => c.rho)}
            ys={ys}
            color={HAT}
            r={3.5}
            titles={pairs.map((c) =>
              `ρ̂[${label(c)}] = ${formatEntry(c.rho)}${
                c.interval
                  ? ` (≈ 95%: ${formatEntry(c.interval[0])} to ${
                    formatEntry(c.interval[1])
                  })`
                  : ""
              }`
            )}
          />
        </>
      )}
    </Plot>
  );
}
