/**
 * Gives a Plot figure (title, legend, caption) the charts' CJK font stack, so its text does not
 * fall back to the page's default (often a serif for Latin text) when the chart is embedded in
 * a page that sets no font.
 *
 * @example
 * ```ts
 * return renderPlot((document) => withChartFont(Plot.plot({ document, title: "标题", marks: [] })));
 * ```
 * @module
 */
import { CHART_FONT } from "./render.ts";

/** The legend style the map charts pass to Plot (swatches default to 10 px system-ui). */
export const LEGEND_STYLE = Object.freeze({ fontFamily: CHART_FONT, fontSize: "12px" });

/** Sets the font on a figure (a lone SVG already carries it); returns the node. */
// deno-lint-ignore no-explicit-any
export function withChartFont<T>(node: T): T {
  const n = node as any;
  if (String(n?.tagName ?? "").toLowerCase() === "figure") {
    const style = n.getAttribute("style") ?? "";
    n.setAttribute("style", `${style}${style && !style.endsWith(";") ? ";" : ""}font-family:${CHART_FONT}`);
  }
  return node;
}
