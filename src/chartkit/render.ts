/**
 * Renders an Observable Plot chart to an SVG string outside a browser, with linkedom as the
 * document. Charts are pure functions of their data: the same rows give the same SVG, which
 * is what the snapshot tests compare.
 *
 * @example
 * ```ts
 * const svg = renderPlot((document) => Plot.barY(rows, { x: "county", y: "mu" }).plot({ document }));
 * ```
 */
import { parseHTML } from "linkedom";

/** The font stack every chart asks for (Noto CJK is what Debian's fonts-noto-cjk provides). */
export const CHART_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

/** Runs a Plot factory with a fresh document and returns the outer SVG/HTML. */
// deno-lint-ignore no-explicit-any
export function renderPlot(make: (document: any) => unknown): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>") as unknown as { document: unknown };
  const node = make(document) as { outerHTML: string };
  // Plot wraps a chart with a legend in a <figure>; either way the markup is self-contained.
  return stableMarkerIds(node.outerHTML);
}

/**
 * Plot numbers arrow markers from a process-wide counter (`plot-marker-7`), so the same chart drawn
 * twice in one process would differ. Renumbered by first appearance under a prefix hashed from the
 * chart itself, the SVG depends on its data only, and two charts on one page never share an id.
 */
export function stableMarkerIds(svg: string): string {
  const seen = new Map<string, number>();
  const plain = svg.replace(/plot-marker-\d+/g, "plot-marker");
  let h = 0x811c9dc5;
  for (let i = 0; i < plain.length; i++) h = Math.imul(h ^ plain.charCodeAt(i), 0x01000193);
  const tag = (h >>> 0).toString(36);
  return svg.replace(/plot-marker-(\d+)/g, (_m, n: string) => {
    if (!seen.has(n)) seen.set(n, seen.size + 1);
    return `plot-marker-${tag}-${seen.get(n)}`;
  });
}
