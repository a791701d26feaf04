/**
 * Unstable farmland (不稳定耕地) share per county, by source and in total: small multiples side by
 * side, one column per source (河道耕地, 林区耕地, 坡度大于 25°, a river-management layer …) in
 * the caller's order and the union (合计，并集) last, in a darker colour; one row per county
 * across all columns, one shared % scale, the value written after each bar. Sources overlap, so
 * the union is not the sum of the columns, and the caption says so.
 *
 * Input rule (see `layout.ts`): a share that is not finite or is negative is not drawn; its cell
 * reads 无效 and the caption names the county. A county without a row for a source reads 无数据
 * there. One row per county and source; a repeated pair is an error.
 *
 * @example
 * ```ts
 * const svg = unstableSourcesChart([
 *   { county: "平川县", source: "河道耕地", pct: 1.2 },
 *   { county: "平川县", source: "合计（并集）", pct: 3.4 },
 * ]);
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { bandMargins, nameMargin, xAxes, zebra } from "../chartkit/band.ts";
import { type FreeText, headingLines, plotPanel, renderChart } from "../chartkit/frame.ts";
import {
  assertUnique,
  type ChartOptions,
  FONT_PX,
  isRate,
  maxTextWidth,
  RATE_WHY,
  ROW_PX,
  scaleMax,
  SetAside,
  SMALL_FONT_PX,
  sourceLine,
  uniqueInOrder,
} from "../chartkit/layout.ts";
import { formatNumber } from "../units/area.ts";
import { ticks as d3ticks } from "d3";
import { INK, NEUTRAL, PAIR, WARN } from "../chartkit/palette.ts";
import { CHART_FONT } from "../chartkit/render.ts";

/** One county's unstable-farmland share from one source (or the union), in percent of farmland. */
export interface UnstableSourceRow {
  county: string;
  /** Chinese label of the source, e.g. "河道耕地"; the union is the one named by `union`. */
  source: string;
  pct: number;
}

/** Options: `union` names the source that is the union of all (default "合计（并集）"). */
export interface UnstableSourcesOptions extends ChartOptions {
  union?: string;
}

/** The default label of the union column. */
export const UNION_SOURCE = "合计（并集）";

const WIDTH = 800;
const MIN_PANEL = 96;
const GUTTER = 12;
const DEFAULT_SOURCE = "最新年度国土变更调查（图斑细化标注 TBXHDM、坡度级别）及河湖、林草范围图层";

interface Cell {
  name: string;
  source: string;
  pct: number | null;
  present: boolean;
}

/** The chart as a self-contained SVG string. */
export function unstableSourcesChart(
  rows: readonly UnstableSourceRow[],
  opts: UnstableSourcesOptions = {},
): string {
  const union = opts.union ?? UNION_SOURCE;
  assertUnique(rows, (r) => `${r.county}·${r.source}`, "县与来源");
  const bad = new SetAside();
  for (const r of rows) if (!isRate(r.pct)) bad.add(`${r.source}占比`, RATE_WHY, r.county);
  const names = uniqueInOrder(rows.map((r) => r.county));
  const given = uniqueInOrder(rows.map((r) => r.source));
  const sources = [...given.filter((s) => s !== union), ...given.filter((s) => s === union)];
  const hasUnion = given.includes(union);
  const title = opts.title ?? "各县不稳定耕地占比（分来源与合计）";
  const source = sourceLine(opts.source, DEFAULT_SOURCE);
  return renderChart((document) => {
    if (!names.length) {
      return { width: WIDTH, title, subtitle: opts.subtitle, panels: [], captions: [source] };
    }
    const byKey = new Map(rows.map((r) => [`${r.county}\u0000${r.source}`, r]));
    const cell = (name: string, s: string): Cell => {
      const r = byKey.get(`${name}\u0000${s}`);
      return { name, source: s, pct: r && isRate(r.pct) ? r.pct : null, present: !!r };
    };
    // values without the % sign (the axis title carries it), so a column stays narrow
    const value = (c: Cell) => (!c.present ? "无数据" : c.pct === null ? "无效" : formatNumber(c.pct, 2));
    const all = sources.flatMap((s) => names.map((n) => cell(n, s)));
    const valueW = Math.ceil(maxTextWidth(all.map(value), SMALL_FONT_PX) * 1.05) + 8;
    const left = nameMargin(names);
    const panelW = Math.max(MIN_PANEL, (WIDTH - left) / sources.length);
    const width = Math.ceil(left + panelW * sources.length);
    const ticks = fewTicks(scaleMax(...all.map((c) => c.pct ?? 0)));
    const m = bandMargins(names.length);
    const texts: FreeText[] = [];
    const heads = sources.map((s, i) =>
      headingLines(
        s === union ? `${s}` : s,
        (i === 0 ? left : left + i * panelW) + GUTTER,
        0,
        panelW - GUTTER - 4,
        { weight: s === union ? "bold" : undefined, size: FONT_PX },
      )
    );
    const top = Math.max(...heads.map((h) => h.height)) + 4;
    for (const h of heads) texts.push(...h.texts);
    const panels = sources.map((s, i) => {
      const cells = names.map((n) => cell(n, s));
      const isUnion = s === union;
      const ml = i === 0 ? left + GUTTER : GUTTER;
      const node = plotPanel(document, {
        width: i === 0 ? left + panelW : panelW,
        height: m.top + m.bottom + Math.max(1, names.length) * ROW_PX,
        marginLeft: ml,
        marginRight: valueW,
        marginTop: m.top,
        marginBottom: m.bottom,
        style: { fontFamily: CHART_FONT },
        x: { domain: [0, ticks.at(-1)!] },
        y: { type: "band", domain: names, padding: 0, axis: null },
        marks: [
          zebra(names),
          Plot.gridX({ ticks, stroke: "#000", strokeOpacity: 0.12 }),
          i === 0 ? Plot.axisY({ label: null, tickSize: 0, fontSize: FONT_PX, dx: -GUTTER }) : null,
          ...xAxes(null, m.topAxis, { ticks }),
          Plot.barX(cells.filter((c) => c.pct !== null), {
            y: "name",
            x: "pct",
            insetTop: 4,
            insetBottom: 4,
            fill: isUnion ? PAIR.first : NEUTRAL,
          }),
          Plot.ruleX([0], { stroke: INK }),
          Plot.text(cells, {
            y: "name",
            x: (c: Cell) => c.pct ?? 0,
            dx: 4,
            text: value,
            textAnchor: "start",
            fontSize: SMALL_FONT_PX,
            fontWeight: isUnion ? "bold" : undefined,
            fill: (c: Cell) => (!c.present ? "#666" : c.pct === null ? WARN : "#222"),
          }),
        ],
      });
      return { node, x: i === 0 ? 0 : left + i * panelW, y: top };
    });
    const panelH = m.top + m.bottom + Math.max(1, names.length) * ROW_PX;
    texts.push({
      x: left + (width - left) / 2,
      y: top + panelH - 6,
      text: "占耕地面积的比例（%）",
      anchor: "middle",
    });
    return {
      width,
      title,
      subtitle: opts.subtitle,
      legend: [
        { label: "各来源", swatch: "box", fill: NEUTRAL },
        ...(hasUnion
          ? [{ label: `${union}：任一来源即计，不重复`, swatch: "box" as const, fill: PAIR.first }]
          : []),
      ],
      panels,
      texts,
      captions: [
        hasUnion
          ? `各来源可能重叠（同一图斑可既是河道耕地又坡度大于 25°），${union}按并集计，不等于各列之和；各列横轴刻度相同。`
          : `未提供合计（并集）列（应命名为“${union}”）；各来源可能重叠，不可相加。各列横轴刻度相同。`,
        ...bad.notes(),
        source,
      ],
    };
  });
}

/** Two or three round ticks from 0 to at least `max`, so a narrow column's labels stay apart. */
function fewTicks(max: number): number[] {
  const t = d3ticks(0, max, 2);
  const step = t.length > 1 ? t[1] - t[0] : max;
  return t.at(-1)! < max ? [...t, t.at(-1)! + step] : t;
}
