/**
 * Abandonment rate per county (撂荒率), one bar per county coloured by region type, with the
 * warning line (default 20 %) drawn across; counties above it are labelled with their rate.
 *
 * @example
 * ```ts
 * const svg = abandonmentRatesChart([{ name: "高岩县", regionLabel: "生态脆弱区", ratePct: 29.98 }]);
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { REGION_TYPE_COLORS } from "../chartkit/palette.ts";
import { CHART_FONT, renderPlot } from "../chartkit/render.ts";

/** One county's bar. */
export interface AbandonmentBar {
  name: string;
  regionLabel: string;
  /** Abandoned ÷ farmland, in percent. */
  ratePct: number;
}

/** The chart as an SVG string; `linePct` is the warning line in percent (default 20). */
export function abandonmentRatesChart(
  bars: readonly AbandonmentBar[],
  opts: { title?: string; subtitle?: string; linePct?: number } = {},
): string {
  const line = opts.linePct ?? 20;
  const data = bars.filter((b) => Number.isFinite(b.ratePct));
  const types = Object.keys(REGION_TYPE_COLORS).filter((t) => data.some((b) => b.regionLabel === t));
  const top = Math.max(line * 1.2, ...data.map((b) => b.ratePct * 1.1));
  return renderPlot((document) =>
    Plot.plot({
      document,
      title: opts.title,
      subtitle: opts.subtitle,
      caption: `虚线为警戒线 ${line}%，高于（>）警戒线的县标出数值。`,
      width: 720,
      height: 360,
      marginLeft: 60,
      style: { fontFamily: CHART_FONT, fontSize: "12px" },
      x: { label: null, domain: data.map((b) => b.name) },
      y: { label: "撂荒率（%）", domain: [0, top], grid: true },
      color: { legend: true, domain: types, range: types.map((t) => REGION_TYPE_COLORS[t]), label: "地区类型" },
      marks: [
        Plot.barY(data, { x: "name", y: "ratePct", fill: "regionLabel" }),
        Plot.ruleY([line], { stroke: "#c00", strokeDasharray: "4,3" }),
        Plot.text(data.filter((b) => b.ratePct > line), {
          x: "name",
          y: "ratePct",
          text: (b: AbandonmentBar) => `${b.ratePct.toFixed(2)}%`,
          dy: -8,
          fill: "#c00",
        }),
        Plot.ruleY([0]),
      ],
    })
  );
}
