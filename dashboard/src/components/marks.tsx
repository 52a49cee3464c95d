/**
 * What charts draw inside a `Plot`: lines with gaps, shaded bands, points
 * with tooltips, interval bars and reference rules. Each takes the plot's
 * scales; values a scale cannot show (null, NaN, ≤ 0 on a log axis) leave a
 * gap.
 *
 * @module
 */
import type { PlotScales } from "./plot.tsx";

type Values = readonly (number | null | undefined)[];

/** The pixel position of `v`, or null when it cannot be drawn. */
function at(scale: (v: number) => number, v: number | null | undefined) {
  if (typeof v !== "number" || !Number.isFinite(v)) return null;
  const px = scale(v);
  return Number.isFinite(px) ? px : null;
}

/** Runs of consecutive drawable points, as SVG point lists. */
function runs(s: PlotScales, xs: Values, ys: Values): string[] {
  const out: string[] = [];
  let current: string[] = [];
  xs.forEach((xv, i) => {
    const px = at(s.x, xv), py = at(s.y, ys[i]);
    if (px === null || py === null) {
      if (current.length > 0) out.push(current.join(" "));
      current = [];
      return;
    }
    current.push(`${px.toFixed(1)},${py.toFixed(1)}`);
  });
  if (current.length > 0) out.push(current.join(" "));
  return out;
}

/** A line through (xs[i], ys[i]), broken where a value cannot be drawn. */
export function Line(
  { s, xs, ys, color, width = 2, dash }: {
    s: PlotScales;
    xs: Values;
    ys: Values;
    color: string;
    width?: number;
    dash?: string;
  },
) {
  return (
    <g clip-path={s.clip}>
      {runs(s, xs, ys).filter((r) => r.includes(" ")).map((points, i) => (
        <polyline
          key={i}
          points={points}
          fill="none"
          stroke={color}
          stroke-width={width}
          stroke-dasharray={dash}
          stroke-linejoin="round"
        />
      ))}
    </g>
  );
}

/**
 * A shaded band between `lower` and `upper`. A lower edge the scale cannot
 * show (≤ 0 on a log axis) is drawn at the bottom of the plot.
 */
export function Band(
  { s, xs, lower, upper, color, opacity = 0.16 }: {
    s: PlotScales;
    xs: Values;
    lower: Values;
    upper: Values;
    color: string;
    opacity?: number;
  },
) {
  const bottom = s.y.range[0];
  const pieces: string[] = [];
  let top: string[] = [];
  let base: string[] = [];
  const close = () => {
    if (top.length > 1) pieces.push([...top, ...base.reverse()].join(" "));
    top = [];
    base = [];
  };
  xs.forEach((xv, i) => {
    const px = at(s.x, xv), hi = at(s.y, upper[i]);
    if (px === null || hi === null || typeof lower[i] !== "number") {
      close();
      return;
    }
    const lo = at(s.y, lower[i]) ?? bottom;
    top.push(`${px.toFixed(1)},${hi.toFixed(1)}`);
    base.push(`${px.toFixed(1)},${lo.toFixed(1)}`);
  });
  close();
  return (
    <g clip-path={s.clip}>
      {pieces.map((points, i) => (
        <polygon key={i} points={points} fill={color} fill-opacity={opacity} />
      ))}
    </g>
  );
}

/** Points at (xs[i], ys[i]); `titles[i]` is the tooltip of point i. */
export function Dots(
  { s, xs, ys, color, r = 4, ring = false, titles, testId }: {
    s: PlotScales;
    xs: Values;
    ys: Values;
    color: string;
    r?: number;
    /** Hollow circles (e.g. true values beside estimates). */
    ring?: boolean;
    titles?: readonly string[];
    testId?: string;
  },
) {
  return (
    <g data-testid={testId}>
      {xs.map((xv, i) => {
        const px = at(s.x, xv), py = at(s.y, ys[i]);
        if (px === null || py === null) return null;
        return (
          <circle
            key={i}
            cx={px}
            cy={py}
            r={r}
            fill={ring ? "#fff" : color}
            stroke={color}
            stroke-width={ring ? 2 : 1}
          >
            {titles?.[i] && <title>{titles[i]}</title>}
          </circle>
        );
      })}
    </g>
  );
}

/** Interval bars from lo[i] to hi[i] at xs[i], with caps. */
export function IntervalBars(
  { s, xs, lo, hi, color, cap = 4, horizontal = false }: {
    s: PlotScales;
    xs: Values;
    lo: Values;
    hi: Values;
    color: string;
    cap?: number;
    /** Bars along x (xs are then y positions). */
    horizontal?: boolean;
  },
) {
  return (
    <g stroke={color} stroke-width={1.5} clip-path={s.clip}>
      {xs.map((c, i) => {
        const across = horizontal ? s.y : s.x;
        const along = horizontal ? s.x : s.y;
        const pc = at(across, c);
        const a = at(along, lo[i]) ?? (lo[i] != null ? along.range[0] : null);
        const b = at(along, hi[i]);
        if (pc === null || a === null || b === null) return null;
        const d = horizontal
          ? `M${a},${pc}H${b}M${a},${pc - cap}V${pc + cap}M${b},${pc - cap}V${
            pc + cap
          }`
          : `M${pc},${a}V${b}M${pc - cap},${a}H${pc + cap}M${pc - cap},${b}H${
            pc + cap
          }`;
        return <path key={i} d={d} fill="none" />;
      })}
    </g>
  );
}

/** A horizontal (or vertical) reference line across the plot, labelled. */
export function Rule(
  { s, value, color, label, vertical = false, dash = "6 4" }: {
    s: PlotScales;
    value: number;
    color: string;
    label?: string;
    vertical?: boolean;
    dash?: string;
  },
) {
  const scale = vertical ? s.x : s.y;
  const p = at(scale, value);
  if (p === null) return null;
  const [x0, x1] = s.x.range;
  const [y0, y1] = s.y.range;
  if (vertical ? p < x0 || p > x1 : p > y0 || p < y1) return null;
  return (
    <g>
      <line
        x1={vertical ? p : x0}
        x2={vertical ? p : x1}
        y1={vertical ? y0 : p}
        y2={vertical ? y1 : p}
        stroke={color}
        stroke-width={1.5}
        stroke-dasharray={dash}
      />
      {label && (
        <text
          x={vertical ? p + 4 : x1 - 4}
          y={vertical ? y1 + 12 : p - 4}
          text-anchor={vertical ? "start" : "end"}
          fill={color}
        >
          {label}
        </text>
      )}
    </g>
  );
}
