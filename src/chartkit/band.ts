/**
 * Pieces of every band panel (one row per county or township): the margins, the name column
 * that fits the longest name, light zebra rows, and the x axes (bottom, plus top when long).
 *
 * @example
 * ```ts
 * const m = bandMargins(100); // { top: 46, bottom: 44, topAxis: true }
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { FONT_PX, maxTextWidth, SMALL_FONT_PX, zhTick } from "./layout.ts";

/** Margins of a band panel: top (room for a top axis), bottom (axis and its label). */
export function bandMargins(rows: number): { top: number; bottom: number; topAxis: boolean } {
  const topAxis = rows > 12;
  return { top: topAxis ? 46 : 8, bottom: 44, topAxis };
}

/** The left margin that fits every unit name at the tick-label size, never cutting one. */
export function nameMargin(names: readonly string[]): number {
  return Math.min(MAX_NAME_MARGIN_PX, Math.ceil(maxTextWidth(names, FONT_PX) * 1.05) + 16);
}

/**
 * The widest name column a chart gives (px): a longer name runs past the chart's left edge rather
 * than squeezing the plot to nothing (a negative width is invalid SVG). Callers shorten such names
 * and say so (the briefing does, with the full name in its table).
 */
export const MAX_NAME_MARGIN_PX = 280;

/**
 * Light bands behind every other row, reaching into both margins, so a label at the far right
 * is read against its own row.
 */
export function zebra(names: readonly string[]): Plot.Markish {
  const odd = names.filter((_, i) => i % 2 === 1);
  // deno-lint-ignore no-explicit-any
  return (_index: any, scales: any, _values: any, dim: any, context: any) => {
    const doc = context.document;
    const g = doc.createElementNS("http://www.w3.org/2000/svg", "g");
    g.setAttribute("aria-label", "zebra");
    const bw = scales.scales.y.bandwidth;
    for (const n of odd) {
      const r = doc.createElementNS("http://www.w3.org/2000/svg", "rect");
      r.setAttribute("x", "2");
      r.setAttribute("y", String(scales.y(n)));
      r.setAttribute("width", String(dim.width - 4));
      r.setAttribute("height", String(bw));
      r.setAttribute("fill", "#f3f3f3");
      g.appendChild(r);
    }
    return g;
  };
}

/** The x axes of a band panel: at the bottom with its label, and at the top too for long charts. */
export function xAxes(label: string | null, topAxis: boolean, opts: Plot.AxisXOptions = {}): Plot.Markish[] {
  const base: Plot.AxisXOptions = {
    labelAnchor: "center",
    labelArrow: "none",
    tickFormat: zhTick,
    fontSize: SMALL_FONT_PX,
    ...opts,
  };
  return [
    Plot.axisX({ ...base, anchor: "bottom", label }),
    // the top axis repeats the label, so a reader at the top of a long chart sees the unit
    topAxis ? Plot.axisX({ ...base, anchor: "top", label }) : null,
  ];
}
