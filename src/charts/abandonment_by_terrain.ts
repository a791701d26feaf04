/**
 * Abandonment rate (撂荒率) per county against the warning line (default 20 %), one group per
 * terrain (山区, 丘陵, 平原, then any other in first-seen order), stacked one under another on one
 * shared scale; inside a group, counties run from the highest rate down. Only a county strictly
 * above the line (>, the seed's 超过) is labelled and drawn in the warning colour; a county at
 * exactly the line is not. Each group's heading counts its counties and those above the line.
 *
 * Labels show two decimals; a rate above the line that would round to the line itself is shown
 * with as many more decimals as it takes (up to four), so "20.00%" is never printed as above.
 *
 * Input rule (see `layout.ts`): a rate that is not finite or is negative is not drawn; the row
 * reads 无效 and the caption names the county. A county named twice is an error.
 *
 * @example
 * ```ts
 * const svg = abandonmentByTerrainChart([
 *   { county: "高岩县", terrain: "山区", ratePct: 29.98 },
 *   { county: "平川县", terrain: "平原", ratePct: 1.5 },
 * ]);
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { nameMargin, xAxes, zebra } from "../chartkit/band.ts";
import { type FreeText, headingLines, type Panel, plotPanel, renderChart } from "../chartkit/frame.ts";
import {
  assertUnique,
  type ChartOptions,
  FONT_PX,
  formatZh,
  isRate,
  maxTextWidth,
  pctTick,
  RATE_WHY,
  ROW_PX,
  SAME_NAME_HINT,
  SetAside,
  SMALL_FONT_PX,
  sourceLine,
  uniqueInOrder,
} from "../chartkit/layout.ts";
import { formatNumber } from "../units/area.ts";
import { NEUTRAL, WARN } from "../chartkit/palette.ts";
import { CHART_FONT } from "../chartkit/render.ts";

/** One county's abandonment rate, in percent, and its terrain label (山区 / 丘陵 / 平原 / …). */
export interface AbandonmentTerrainRow {
  county: string;
  terrain: string;
  ratePct: number;
}

/** Options: `linePct` is the warning line in percent (default 20). */
export interface AbandonmentByTerrainOptions extends ChartOptions {
  linePct?: number;
}

/** Terrains that come first, in this order; others follow in first-seen order. */
export const TERRAIN_ORDER: readonly string[] = Object.freeze(["山区", "丘陵", "平原"]);

const WIDTH = 760;
const DEFAULT_SOURCE = "最新年度国土变更调查（种植属性 ZZSXDM = WG 的耕地）与撂荒实地核查清单";

/** A rate as the labels show it: two decimals, more if two would round it onto the line. */
export function formatRate(pct: number, linePct: number): string {
  for (let d = 2; d <= 4; d++) {
    const s = formatNumber(pct, d);
    if (!(pct > linePct) || Number(s.replaceAll(",", "")) > linePct || d === 4) return `${s}%`;
  }
  return `${formatNumber(pct, 4)}%`;
}

/** The chart as a self-contained SVG string. */
export function abandonmentByTerrainChart(
  rows: readonly AbandonmentTerrainRow[],
  opts: AbandonmentByTerrainOptions = {},
): string {
  const line = opts.linePct ?? 20;
  if (!Number.isFinite(line) || line < 0) throw new Error(`警戒线须为非负有限数，收到 ${line}`);
  assertUnique(rows, (r) => r.county, "县", SAME_NAME_HINT);
  const bad = new SetAside();
  for (const r of rows) if (!isRate(r.ratePct)) bad.add("撂荒率", RATE_WHY, r.county);
  const seen = uniqueInOrder(rows.map((r) => r.terrain));
  const terrains = [
    ...TERRAIN_ORDER.filter((t) => seen.includes(t)),
    ...seen.filter((t) => !TERRAIN_ORDER.includes(t)),
  ];
  const lineText = formatZh(line, 2);
  const title = opts.title ?? `各县耕地撂荒率（按地形分组，警戒线 ${lineText}%）`;
  const source = sourceLine(opts.source, DEFAULT_SOURCE);
  return renderChart((document) => {
    if (!rows.length) return { width: WIDTH, title, subtitle: opts.subtitle, panels: [], captions: [source] };
    const rate = (r: AbandonmentTerrainRow) => (isRate(r.ratePct) ? r.ratePct : null);
    const above = (r: AbandonmentTerrainRow) => rate(r) !== null && r.ratePct > line;
    const label = (
      r: AbandonmentTerrainRow,
    ) => (rate(r) === null ? "无效" : above(r) ? formatRate(r.ratePct, line) : "");
    const left = nameMargin(rows.map((r) => r.county));
    const marginRight = Math.ceil(maxTextWidth(rows.map(label), FONT_PX) * 1.1) + 12;
    const max = Math.max(line * 1.25, ...rows.map((r) => (rate(r) ?? 0) * 1.02));
    const panels: Panel[] = [];
    const texts: FreeText[] = [];
    let y = 0;
    terrains.forEach((t, i) => {
      const group = rows
        .filter((r) => r.terrain === t)
        .sort((a, b) => (rate(b) ?? -1) - (rate(a) ?? -1));
      const names = group.map((r) => r.county);
      const n = group.filter(above).length;
      const head = headingLines(
        `${t}（${group.length} 个县，${n ? `其中 ${n} 个高于 ${lineText}%` : `均不高于 ${lineText}%`}）`,
        left,
        y,
        WIDTH - left - 16,
        { weight: "bold" },
      );
      texts.push(...head.texts);
      y += head.height + 2;
      const last = i === terrains.length - 1;
      const mt = 22, mb = last ? 44 : 26;
      const node = plotPanel(document, {
        width: WIDTH,
        height: mt + mb + group.length * ROW_PX,
        marginLeft: left,
        marginRight,
        marginTop: mt,
        marginBottom: mb,
        style: { fontFamily: CHART_FONT },
        x: { domain: [0, max], nice: true },
        y: { type: "band", domain: names, padding: 0, label: null },
        marks: [
          zebra(names),
          Plot.gridX({ stroke: "#000", strokeOpacity: 0.12 }),
          Plot.axisY({ label: null, tickSize: 0, fontSize: FONT_PX }),
          ...xAxes(last ? "撂荒率（%）" : null, false, { tickFormat: pctTick }),
          Plot.barX(group.filter((r) => rate(r) !== null && !above(r)), {
            y: "county",
            x: "ratePct",
            insetTop: 4,
            insetBottom: 4,
            fill: NEUTRAL,
          }),
          Plot.barX(group.filter(above), {
            y: "county",
            x: "ratePct",
            insetTop: 4,
            insetBottom: 4,
            fill: WARN,
          }),
          Plot.ruleX([0], { stroke: "#222" }),
          Plot.ruleX([line], { stroke: WARN, strokeWidth: 1.5, strokeDasharray: "5,3", insetTop: -16 }),
          Plot.text([`警戒线 ${lineText}%`], {
            x: line,
            frameAnchor: "top",
            dy: -14,
            dx: 4,
            textAnchor: "start",
            fill: WARN,
            fontSize: SMALL_FONT_PX,
          }),
          Plot.text(group.filter((r) => label(r) !== ""), {
            y: "county",
            x: (r: AbandonmentTerrainRow) => rate(r) ?? 0,
            dx: 4,
            text: label,
            textAnchor: "start",
            fill: WARN,
            fontWeight: "bold",
            fontSize: FONT_PX,
          }),
        ],
      });
      panels.push({ node, x: 0, y });
      y += mt + mb + group.length * ROW_PX + 10;
    });
    const total = rows.filter(above).length;
    return {
      width: WIDTH,
      title,
      subtitle: opts.subtitle,
      legend: [
        { label: `高于（>）${lineText}%，标出数值`, swatch: "box", fill: WARN },
        { label: `不高于 ${lineText}%`, swatch: "box", fill: NEUTRAL },
        { label: "警戒线", swatch: "line", stroke: WARN },
      ],
      panels,
      texts,
      captions: [
        `${rows.length} 个县中 ${total} 个撂荒率高于 ${lineText}%（恰为 ${lineText}% 不计）；组内按撂荒率从高到低排列，各组横轴刻度相同。`,
        ...bad.notes(),
        source,
      ],
    };
  });
}
