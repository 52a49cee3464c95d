/**
 * Saving a chart as the user sees it: its SVG element as an .svg file, or
 * drawn onto a canvas at twice its size as a .png file. Charts style their
 * elements with attributes, not stylesheet rules, so the file looks like the
 * page.
 *
 * @module
 */
import { saveBlob } from "./download.ts";

const SVG_NS = "http://www.w3.org/2000/svg";

/** The chart as standalone SVG text, on a white background. */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", SVG_NS);
  const { width, height } = svg.getBoundingClientRect();
  copy.setAttribute("width", String(Math.round(width)));
  copy.setAttribute("height", String(Math.round(height)));
  copy.setAttribute(
    "font-family",
    getComputedStyle(svg).fontFamily || "sans-serif",
  );
  const background = document.createElementNS(SVG_NS, "rect");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", "#fff");
  copy.insertBefore(background, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}

/** Saves the chart as `${name}.svg`. */
export function saveSvg(svg: SVGSVGElement, name: string): void {
  saveBlob(
    `${name}.svg`,
    new Blob([svgText(svg)], { type: "image/svg+xml" }),
  );
}

/** The chart drawn at `scale` times its size, as PNG bytes. */
export async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const url = URL.createObjectURL(
    new Blob([svgText(svg)], { type: "image/svg+xml" }),
  );
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d")!;
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => b ? resolve(b) : reject(new Error("Cannot draw the chart")),
        "image/png",
      )
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves the chart as `${name}.png`, twice its size on screen. */
export async function savePng(svg: SVGSVGElement, name: string): Promise<void> {
  saveBlob(`${name}.png`, await pngBlob(svg));
}
