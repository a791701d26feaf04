/**
 * Grade distribution (耕地等别, 1 best … 15 worst) of what left against what came in: area per
 * grade, the series side by side in each grade (up to three, told apart by lightness and an
 * outline as well as hue), every grade 1–15 on the axis whether or not it has area, and 未评定
 * (ungraded) as its own category after 15, set off by a dashed line. The caption gives each
 * series' total and area-weighted mean grade (未评定 left out of the mean).
 *
 * Input rule (see `layout.ts`): an area that is not finite or is negative is not drawn; a grade
 * that is not an integer from 1 to 15 (and not null) counts as 未评定; the caption says which
 * rows either way. One row per series and grade; a repeated pair is an error.
 *
 * @example
 * ```ts
 * const svg = gradeDistributionChart([
 *   { series: "转出", grade: 5, mu: 120 },
 *   { series: "转入", grade: 6, mu: 150 },
 *   { series: "转入", grade: null, mu: 10 },
 * ]);
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { plotPanel, renderChart } from "../chartkit/frame.ts";
import {
  AREA_WHY,
  areaUnit,
  assertUnique,
  type ChartOptions,
  formatIn,
  isArea,
  scaleMax,
  SetAside,
  SMALL_FONT_PX,
  sourceLine,
  uniqueInOrder,
  zhTick,
} from "../chartkit/layout.ts";
import { formatNumber } from "../units/area.ts";
import { PAIR, TRIPLE } from "../chartkit/palette.ts";
import { CHART_FONT } from "../chartkit/render.ts";

/** Area of one series (e.g. "转出", "转入") at one grade; grade null is 未评定. */
export interface GradeDistributionRow {
  series: string;
  grade: number | null;
  mu: number;
}

/** The category of ungraded land. */
export const UNGRADED = "未评定";

const CATS = [...Array.from({ length: 15 }, (_, i) => String(i + 1)), UNGRADED];
const WIDTH = 760;
const HEIGHT = 330;
const DEFAULT_SOURCE = "进出平衡台账与转入地块评价（耕地等别取自年度耕地质量更新成果）";

/** Fill and outline of each series, by how many there are. */
function seriesStyle(n: number): { fill: string; stroke: string }[] {
  if (n <= 2) {
    return [{ fill: PAIR.first, stroke: PAIR.first }, { fill: PAIR.second, stroke: PAIR.secondStroke }];
  }
  return [
    { fill: TRIPLE[0], stroke: TRIPLE[0] },
    { fill: TRIPLE[1], stroke: TRIPLE[1] },
    { fill: TRIPLE[2], stroke: PAIR.secondStroke },
  ];
}

/** The chart as a self-contained SVG string. */
export function gradeDistributionChart(
  rows: readonly GradeDistributionRow[],
  opts: ChartOptions = {},
): string {
  assertUnique(rows, (r) => `${r.series}·${r.grade === null ? UNGRADED : `${r.grade} 等`}`, "系列与等别");
  const series = uniqueInOrder(rows.map((r) => r.series));
  if (series.length > 3) {
    throw new Error(`等别分布图最多画 3 个系列，收到 ${series.length} 个：${series.join("、")}`);
  }
  const bad = new SetAside();
  const cells = new Map<string, number>();
  for (const r of rows) {
    if (!isArea(r.mu)) {
      bad.add(`${r.series}面积`, AREA_WHY, `${r.series}${r.grade === null ? UNGRADED : `${r.grade} 等`}`);
      continue;
    }
    let cat = UNGRADED;
    if (r.grade !== null) {
      if (Number.isInteger(r.grade) && r.grade >= 1 && r.grade <= 15) cat = String(r.grade);
      else bad.add(`${r.series}等别`, "应为 1–15 的整数", `${r.series}（${r.grade}）`, "按未评定计");
    }
    const k = `${r.series}\u0000${cat}`;
    cells.set(k, (cells.get(k) ?? 0) + r.mu);
  }
  const title = opts.title ?? "转出与转入耕地的等别分布";
  const source = sourceLine(opts.source, DEFAULT_SOURCE);
  return renderChart((document) => {
    if (!series.length) {
      return { width: WIDTH, title, subtitle: opts.subtitle, panels: [], captions: [source] };
    }
    const data = [...cells].map(([k, mu]) => {
      const [s, cat] = k.split("\u0000");
      return { series: s, cat, mu };
    });
    const unit = areaUnit(data.map((d) => d.mu));
    const style = seriesStyle(series.length);
    const padding = 0.2;
    const marginLeft = 64, marginRight = 16;
    const step = (WIDTH - marginLeft - marginRight) / (CATS.length - padding + 2 * padding);
    const sub = (step * (1 - padding)) / series.length;
    const max = scaleMax(...data.map((d) => d.mu / unit.divisor));
    const node = plotPanel(document, {
      width: WIDTH,
      height: HEIGHT,
      marginLeft,
      marginRight,
      marginTop: 30,
      marginBottom: 46,
      style: { fontFamily: CHART_FONT },
      x: { type: "band", domain: CATS, padding, round: false },
      y: { domain: [0, max], nice: true },
      marks: [
        Plot.gridY({ stroke: "#000", strokeOpacity: 0.12 }),
        Plot.axisY({
          label: `面积（${unit.label}）`,
          labelAnchor: "top",
          labelArrow: "none",
          tickFormat: zhTick,
          fontSize: SMALL_FONT_PX,
        }),
        Plot.axisX({
          label: "耕地等别（等；1 等最好，15 等最差；未评定单列）",
          labelAnchor: "center",
          labelArrow: "none",
          tickSize: 0,
          fontSize: SMALL_FONT_PX,
        }),
        separator(),
        ...series.map((s, i) =>
          Plot.barY(data.filter((d) => d.series === s && d.mu > 0), {
            x: "cat",
            y: (d: { mu: number }) => d.mu / unit.divisor,
            insetLeft: i * sub + 0.5,
            insetRight: (series.length - 1 - i) * sub + 0.5,
            fill: style[i].fill,
            stroke: style[i].stroke,
            strokeWidth: 0.8,
          })
        ),
        Plot.ruleY([0], { stroke: "#222" }),
      ],
    });
    const summary = series.map((s) => {
      const mine = data.filter((d) => d.series === s);
      const total = mine.reduce((a, d) => a + d.mu, 0);
      const graded = mine.filter((d) => d.cat !== UNGRADED);
      const gradedMu = graded.reduce((a, d) => a + d.mu, 0);
      const mean = gradedMu > 0 ? graded.reduce((a, d) => a + Number(d.cat) * d.mu, 0) / gradedMu : null;
      const ung = total - gradedMu;
      return `${s}合计 ${formatIn(unit, total)} ${unit.label}，` +
        (mean === null ? "均未评定" : `面积加权平均等别 ${formatNumber(mean, 2)} 等`) +
        (ung > 0 && mean !== null ? `（未评定 ${formatIn(unit, ung)} ${unit.label} 不计入平均）` : "");
    });
    return {
      width: WIDTH,
      title,
      subtitle: opts.subtitle,
      legend: series.map((s, i) => ({
        label: s,
        swatch: "box" as const,
        fill: style[i].fill,
        stroke: style[i].stroke,
      })),
      panels: [{ node, x: 0, y: 0 }],
      captions: [`${summary.join("；")}。`, ...bad.notes(), source],
    };
  });
}

/** A dashed line between grade 15 and 未评定: the last category is not on the grade scale. */
function separator(): Plot.Markish {
  // deno-lint-ignore no-explicit-any
  return (_index: any, scales: any, _values: any, dim: any, context: any) => {
    const doc = context.document;
    const x = scales.x(UNGRADED) - (scales.scales.x.step - scales.scales.x.bandwidth) / 2;
    const line = doc.createElementNS("http://www.w3.org/2000/svg", "line");
    for (
      const [k, v] of Object.entries({
        x1: x,
        x2: x,
        y1: dim.marginTop,
        y2: dim.height - dim.marginBottom + 20,
        stroke: "#777",
        "stroke-dasharray": "4,3",
        "aria-label": "ungraded separator",
      })
    ) line.setAttribute(k, String(v));
    return line;
  };
}
