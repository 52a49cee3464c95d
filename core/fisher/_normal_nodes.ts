/**
 * Quadrature against the standard normal density on an interval: composite
 * Gauss–Legendre panels over [lo, hi] ∩ [−TAIL, TAIL], the weights carrying
 * φ(t), so that Σ w f(t) ≈ ∫_lo^hi φ(t) f(t) dt for smooth f of polynomial
 * growth.
 *
 * This module is browser compatible.
 * @module
 */
import {
  gaussLegendre,
  type QuadratureRule,
} from "../special/gauss_legendre.ts";
import { normPdf } from "../special/normal.ts";

/**
 * Where the normal density is cut off: Φ(−9) ≈ 1.1e-19, so what lies beyond
 * changes an integral of φ times a polynomial of low degree by less than 1e-16.
 */
export const NORMAL_TAIL = 9;

/** A composite rule: panels of at most `panelWidth`, `base` nodes in each. */
export interface NormalRule {
  readonly panelWidth: number;
  readonly base: QuadratureRule;
  /** Most nodes one interval can get (the whole [−TAIL, TAIL]). */
  readonly maxNodes: number;
}

/**
 * A composite rule with panels of at most `panelWidth` standard deviations
 * and `nodesPerPanel` Gauss–Legendre nodes in each.
 */
export function normalRule(
  panelWidth: number,
  nodesPerPanel: number,
): NormalRule {
  const panels = Math.ceil((2 * NORMAL_TAIL) / panelWidth - 1e-9);
  return {
    panelWidth,
    base: gaussLegendre(nodesPerPanel),
    maxNodes: panels * nodesPerPanel,
  };
}

/**
 * Fills `t` and `w` (each at least `rule.maxNodes` long) with the nodes and
 * φ-weighted weights for ∫_lo^hi φ(t) f(t) dt, the interval clipped to
 * [−TAIL, TAIL] and cut into equal panels of at most `rule.panelWidth`.
 *
 * @returns the number of nodes written (0 for an empty interval).
 */
export function fillNormalNodes(
  rule: NormalRule,
  lo: number,
  hi: number,
  t: Float64Array,
  w: Float64Array,
): number {
  const a = Math.max(lo, -NORMAL_TAIL);
  const b = Math.min(hi, NORMAL_TAIL);
  if (!(b > a)) return 0;
  const panels = Math.max(1, Math.ceil((b - a) / rule.panelWidth - 1e-9));
  const h = (b - a) / panels;
  const { nodes, weights } = rule.base;
  let count = 0;
  for (let j = 0; j < panels; j++) {
    const mid = a + (j + 0.5) * h;
    for (let i = 0; i < nodes.length; i++) {
      const x = mid + 0.5 * h * nodes[i]!;
      t[count] = x;
      w[count] = 0.5 * h * weights[i]! * normPdf(x);
      count++;
    }
  }
  return count;
}
