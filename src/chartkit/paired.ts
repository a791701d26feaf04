/**
 * The paired-bar panel shared by 进出平衡 (转出 / 转入) and 占补平衡 (占用 / 补充): one band of
 * {@link PAIR_ROW_PX} per unit, the first series as a dark bar on top, the second as a light
 * outlined bar below, each with its value; where the second falls short of the first, the
 * missing part is a red dashed box and a red "缺口 x 亩" stands in the right-hand column.
 *
 * A shortfall counts when it is at least 0.05 亩 (`isShortfall`), so a label never reads "缺口 0 亩";
 * one too small to print in 万亩 is written in 亩.
 *
 * @example
 * ```ts
 * const p = pairedPanel(document, [{ name: "平川县", first: 1200, second: 900 }], {
 *   firstLabel: "转出", secondLabel: "转入", width: 760,
 * }); // p.gaps: [{ name: "平川县", gap: 300 }]
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { bandMargins, nameMargin, xAxes, zebra } from "./band.ts";
import { plotPanel } from "./frame.ts";
import {
  areaUnit,
  type AreaUnitChoice,
  FONT_PX,
  formatIn,
  formatShortfall,
  isShortfall,
  maxTextWidth,
  PAIR_ROW_PX,
  scaleMax,
  SMALL_FONT_PX,
} from "./layout.ts";
import { INK, PAIR, WARN } from "./palette.ts";
import { CHART_FONT } from "./render.ts";

/** One unit's pair, in 亩; null where the value was invalid (not drawn, labelled 无效). */
export interface PairRow {
  name: string;
  first: number | null;
  second: number | null;
}

/** What the paired panel drew. */
export interface PairedPanel {
  // deno-lint-ignore no-explicit-any
  node: any;
  width: number;
  unit: AreaUnitChoice;
  /** Units where the second is short of the first (by `isShortfall`), in 亩. */
  gaps: { name: string; gap: number }[];
  marginLeft: number;
}

/** Builds the panel (its width: `width`, or the margins around `plotWidth`). */
export function pairedPanel(
  // deno-lint-ignore no-explicit-any
  document: any,
  rows: readonly PairRow[],
  cfg: {
    firstLabel: string;
    secondLabel: string;
    /** Whole panel width; or give `plotWidth` and the panel is as wide as its margins need. */
    width?: number;
    plotWidth?: number;
    gapWord?: string;
    marginLeft?: number;
  },
): PairedPanel {
  const unit = areaUnit(rows.flatMap((r) => [r.first ?? 0, r.second ?? 0]));
  const u = (v: number) => v / unit.divisor;
  const show = (v: number) => formatIn(unit, v);
  const gapWord = cfg.gapWord ?? "缺口";
  const gaps = rows
    .filter((r) => r.first != null && r.second != null && isShortfall(r.first - r.second))
    .map((r) => ({ name: r.name, gap: r.first! - r.second! }));
  const gapText = (g: { gap: number }) => `${gapWord} ${formatShortfall(unit, g.gap)}`;
  const gapByName = new Map(gaps.map((g) => [g.name, g]));

  type Bar = { name: string; v: number | null; label: string; at: number };
  const first: Bar[] = rows.map((r) => ({
    name: r.name,
    v: r.first,
    label: r.first == null ? "无效" : show(r.first),
    at: r.first ?? 0,
  }));
  const second: Bar[] = rows.map((r) => ({
    name: r.name,
    v: r.second,
    label: r.second == null ? "无效" : show(r.second),
    at: Math.max(r.second ?? 0, gapByName.has(r.name) ? r.first! : 0),
  }));
  const valueW = maxTextWidth([...first, ...second].map((b) => b.label), SMALL_FONT_PX) * 1.05;
  const gapW = gaps.length ? maxTextWidth(gaps.map(gapText), FONT_PX) * 1.1 : 0;
  const marginLeft = cfg.marginLeft ?? nameMargin(rows.map((r) => r.name));
  const marginRight = Math.ceil(valueW + 10 + (gapW ? gapW + 14 : 0) + 6);
  const m = bandMargins(rows.length);
  const height = m.top + m.bottom + Math.max(1, rows.length) * PAIR_ROW_PX;
  const max = scaleMax(...rows.flatMap((r) => [u(r.first ?? 0), u(r.second ?? 0)]));
  const half = (PAIR_ROW_PX - 8) / 2; // 13 px per bar, 4 px above and below, none between
  const xLabel = `面积（${unit.label}）`;

  const node = plotPanel(document, {
    width: cfg.width ?? marginLeft + (cfg.plotWidth ?? 400) + marginRight,
    height,
    marginLeft,
    marginRight,
    marginTop: m.top,
    marginBottom: m.bottom,
    style: { fontFamily: CHART_FONT },
    x: { domain: [0, max], nice: true },
    y: { domain: rows.map((r) => r.name), padding: 0, label: null },
    marks: [
      zebra(rows.map((r) => r.name)),
      Plot.gridX({ stroke: "#000", strokeOpacity: 0.12 }),
      Plot.axisY({ label: null, tickSize: 0, fontSize: FONT_PX }),
      ...xAxes(xLabel, m.topAxis),
      Plot.barX(first.filter((b) => b.v != null), {
        y: "name",
        x: (b: Bar) => u(b.v!),
        insetTop: 4,
        insetBottom: 4 + half,
        fill: PAIR.first,
      }),
      Plot.barX(second.filter((b) => b.v != null), {
        y: "name",
        x: (b: Bar) => u(b.v!),
        insetTop: 4 + half,
        insetBottom: 4,
        fill: PAIR.second,
        stroke: PAIR.secondStroke,
        strokeWidth: 0.8,
      }),
      Plot.barX(gaps, {
        y: "name",
        x1: (g: { name: string }) => u(rows.find((r) => r.name === g.name)!.second!),
        x2: (g: { name: string }) => u(rows.find((r) => r.name === g.name)!.first!),
        insetTop: 4 + half,
        insetBottom: 4,
        fill: "none",
        stroke: WARN,
        strokeWidth: 1.3,
        strokeDasharray: "3,2",
      }),
      Plot.ruleX([0], { stroke: INK }),
      Plot.text(first, {
        y: "name",
        x: (b: Bar) => u(b.at),
        dy: -half / 2,
        dx: 4,
        text: "label",
        textAnchor: "start",
        fontSize: SMALL_FONT_PX,
        fill: (b: Bar) => (b.v == null ? WARN : "#222"),
      }),
      Plot.text(second, {
        y: "name",
        x: (b: Bar) => u(b.at),
        dy: half / 2,
        dx: 4,
        text: "label",
        textAnchor: "start",
        fontSize: SMALL_FONT_PX,
        fill: (b: Bar) => (b.v == null ? WARN : "#222"),
      }),
      Plot.text(gaps, {
        y: "name",
        frameAnchor: "right",
        dx: marginRight - 6,
        text: gapText,
        textAnchor: "end",
        fill: WARN,
        fontWeight: "bold",
        fontSize: FONT_PX,
      }),
    ],
  });
  return { node, width: Number(node.getAttribute("width")), unit, gaps, marginLeft };
}
