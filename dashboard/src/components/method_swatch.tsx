/**
 * The colour chip of a method, as its curves are drawn, for tables and lists.
 *
 * @module
 */
import { methodColor } from "../lib/palette.ts";

/** A small square in `method`'s colour (registry order `methods`). */
export function MethodSwatch(
  { method, methods }: { method: string; methods: readonly string[] },
) {
  return (
    <span
      class="swatch chip"
      aria-hidden="true"
      style={{ background: methodColor(method, methods) }}
    />
  );
}
