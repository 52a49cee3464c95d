import assert from "node:assert/strict";
import { lineChartSvg } from "../../../core/plot/svg.ts";

/** Every tag closes in order: a small well-formedness check without a DOM. */
function assertBalancedTags(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `unbalanced </${name}>`);
    else stack.push(name!);
  }
  assert.deepEqual(stack, []);
}

const count = (s: string, needle: string) => s.split(needle).length - 1;

Deno.test("lineChartSvg() draws one path per series with data, bars and a legend", () => {
  const svg = lineChartSvg(
    [
      {
        name: "err <a&b>",
        points: [{ x: 1, y: 0.1, err: 0.05 }, { x: 2, y: 0.02, err: 0.01 }],
      },
      { name: "tv", points: [{ x: 1, y: 0.3 }, { x: 2, y: NaN }] },
      { name: "empty", points: [{ x: 1, y: NaN }] },
    ],
    { title: "T", xLabel: "n", yLabel: "error", logY: true },
  );
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assertBalancedTags(svg);
  assert.equal(count(svg, "<path"), 2);
  assert.equal(count(svg, "<circle"), 3);
  assert.ok(svg.includes("err &lt;a&amp;b&gt;"));
  assert.ok(svg.includes("empty (no data)"));
  // Decade ticks from 0.01 to 1 cover 0.01 ... 0.35.
  for (const t of [">0.01<", ">0.1<", ">1<"]) assert.ok(svg.includes(t), t);
  // Two points with error bars: three lines each.
  assert.equal(count(svg, '<line x1="') >= 6, true);
});

Deno.test("lineChartSvg() cuts log-scale bars reaching below 0 at the axis", () => {
  const svg = lineChartSvg(
    [{ name: "s", points: [{ x: 1, y: 0.1, err: 0.5 }, { x: 2, y: 0.2 }] }],
    { xLabel: "x", yLabel: "y", logY: true, height: 400 },
  );
  assertBalancedTags(svg);
  const bottom = 400 - 55;
  assert.ok(svg.includes(`y1="${bottom.toFixed(1)}"`));
  assert.ok(!svg.includes("NaN") && !svg.includes("Infinity"));
});

Deno.test("lineChartSvg() uses a linear axis with round ticks by default", () => {
  const svg = lineChartSvg(
    [{ name: "s", points: [{ x: 20000, y: 3 }, { x: 50000, y: 7 }] }],
    { xLabel: "x", yLabel: "y" },
  );
  for (const t of [">0<", ">2<", ">8<", ">20k<", ">50k<"]) {
    assert.ok(svg.includes(t), t);
  }
});
