/**
 * Farmland per province from a published survey (e.g. 三调 2019), horizontal bars in 万亩
 * coloured by region type, largest first. Provinces without a published figure are not drawn;
 * the caption names how many there are, so a missing bar is never read as zero.
 *
 * @example
 * ```ts
 * const svg = provinceFarmlandChart([{ name: "河南省", regionLabel: "粮食主产区", wanMu: 11271.1 }], { missing: ["北京市"] });
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { REGION_TYPE_COLORS } from "../chartkit/palette.ts";
import { CHART_FONT, renderPlot } from "../chartkit/render.ts";

/** One province's bar. */
export interface ProvinceBar {
  name: string;
  regionLabel: string;
  /** Farmland in 万亩. */
  wanMu: number;
}

/** The chart as an SVG string. */
export function provinceFarmlandChart(
  bars: readonly ProvinceBar[],
  opts: { title?: string; subtitle?: string; missing?: readonly string[]; source?: string } = {},
): string {
  const data = [...bars].filter((b) => Number.isFinite(b.wanMu)).sort((a, b) => b.wanMu - a.wanMu);
  const types = Object.keys(REGION_TYPE_COLORS).filter((t) => data.some((b) => b.regionLabel === t));
  const missing = opts.missing ?? [];
  const caption = [
    missing.length ? `未检索到公报数字、未画出的省份（${missing.length} 个）：${missing.join("、")}。` : "",
    opts.source ? `来源：${opts.source}` : "",
  ].filter(Boolean).join(" ");
  return renderPlot((document) =>
    Plot.plot({
      document,
      title: opts.title,
      subtitle: opts.subtitle,
      caption: caption || undefined,
      width: 720,
      height: 40 + 22 * Math.max(1, data.length),
      marginLeft: 110,
      marginRight: 70,
      marginBottom: 40,
      style: { fontFamily: CHART_FONT, fontSize: "12px" },
      x: { label: "耕地面积（万亩）", labelAnchor: "center", grid: true, tickFormat: (d: number) => d.toLocaleString("zh-CN") },
      y: { label: null, domain: data.map((b) => b.name) },
      color: { legend: true, domain: types, range: types.map((t) => REGION_TYPE_COLORS[t]), label: "地区类型" },
      marks: [
        Plot.barX(data, { y: "name", x: "wanMu", fill: "regionLabel" }),
        Plot.text(data, {
          y: "name",
          x: "wanMu",
          text: (b: ProvinceBar) => b.wanMu.toLocaleString("zh-CN", { maximumFractionDigits: 2 }),
          dx: 4,
          textAnchor: "start",
        }),
        Plot.ruleX([0]),
      ],
    })
  );
}
