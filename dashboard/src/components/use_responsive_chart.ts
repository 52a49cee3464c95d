/**
 * The life cycle every uPlot chart here shares: create it in the host
 * element, follow the element's width, and destroy it when the data change
 * or the component goes away.
 *
 * @module
 */
import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type uPlot from "uplot";

/** Charts are never drawn narrower than this, in CSS pixels. */
const MIN_WIDTH = 260;

/**
 * Returns the ref of the element to draw into. `create` builds the chart at
 * the given width whenever `key` (a serialisation of the data) changes; the
 * chart keeps `height` when the element resizes.
 */
export function useResponsiveChart(
  key: string,
  height: number,
  create: (el: HTMLDivElement, width: number) => uPlot,
): RefObject<HTMLDivElement | null> {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = () => Math.max(MIN_WIDTH, el.clientWidth);
    const chart = create(el, width());
    const observer = new ResizeObserver(() =>
      chart.setSize({ width: width(), height })
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [key]);
  return host;
}
