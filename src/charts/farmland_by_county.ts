/**
 * Farmland per county by class (水田 / 水浇地 / 旱地), stacked bars in 亩.
 *
 * @example
 * ```ts
 * const svg = farmlandByCountyChart([{ county_name: "平川县", class4: "0101", area_mu: 1200 }]);
 * ```
 */
import * as Plot from "@observablehq/plot";
import { CHART_FONT, renderPlot } from "../chartkit/render.ts";

/** One bar segment: a county's farmland of one class, in 亩. */
export interface FarmlandByCountyRow {
  county_name: string;
  class4: string;
  area_mu: number;
}

const CLASS_NAMES: Record<string, string> = { "0101": "水田", "0102": "水浇地", "0103": "旱地" };
const CLASS_COLORS = ["#2b83ba", "#7fbf7b", "#d8b365"];

/** The chart as an SVG string (Chinese labels, unit in the axis title). */
export function farmlandByCountyChart(rows: FarmlandByCountyRow[], opts: { title?: string } = {}): string {
  const data = rows.map((r) => ({ ...r, 地类: CLASS_NAMES[r.class4] ?? r.class4 }));
  const counties = [...new Set(rows.map((r) => r.county_name))];
  return renderPlot((document) =>
    Plot.plot({
      document,
      title: opts.title,
      width: 720,
      height: 360,
      marginLeft: 70,
      style: { fontFamily: CHART_FONT, fontSize: "12px" },
      x: { label: null, domain: counties },
      y: { label: "耕地面积（亩）", grid: true, tickFormat: (d: number) => d.toLocaleString("zh-CN") },
      color: { legend: true, domain: ["水田", "水浇地", "旱地"], range: CLASS_COLORS, label: "地类" },
      marks: [
        Plot.barY(data, { x: "county_name", y: "area_mu", fill: "地类", order: ["水田", "水浇地", "旱地"] }),
        Plot.ruleY([0]),
      ],
    })
  );
}
