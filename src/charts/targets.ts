/**
 * Farmland (耕地保有量) and permanent basic farmland (永久基本农田保护目标) against each county's
 * 三区三线 targets, as bullets on one scale: each county has two lines, 耕地 above (dark bar) and
 * 永久基本农田 below (light outlined bar); the bar is what the county has, the black tick its
 * target. A line short of its target gets a red dashed box from the bar to the tick and a red
 * "耕地差 x 亩（完成 y%）" / "基本农田差 …" in the right-hand column.
 *
 * Shortfall rule (`isShortfall`): actual below target by at least 0.05 亩, whatever the unit; a
 * shortfall too small to print in 万亩 is written in 亩. Input rule (see `layout.ts`): an area that is not finite or is
 * negative is not drawn; the row reads 无效 and the caption names the county. A county missing
 * one kind reads 无数据 there. One row per county and kind; a repeated pair is an error.
 *
 * @example
 * ```ts
 * const svg = targetsChart([
 *   { county: "平川县", kind: "farmland", actualMu: 512_000, targetMu: 520_000 },
 *   { county: "平川县", kind: "pbf", actualMu: 430_000, targetMu: 425_000 },
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
  FONT_PX,
  formatIn,
  formatShortfall,
  isArea,
  isShortfall,
  maxTextWidth,
  PAIR_ROW_PX,
  scaleMax,
  SetAside,
  SMALL_FONT_PX,
  sourceLine,
  uniqueInOrder,
} from "../chartkit/layout.ts";
import { bandMargins, nameMargin, xAxes, zebra } from "../chartkit/band.ts";
import { INK, PAIR, WARN } from "../chartkit/palette.ts";
import { CHART_FONT } from "../chartkit/render.ts";
import { formatNumber } from "../units/area.ts";

/** What a target is about. */
export type TargetKind = "farmland" | "pbf";

/** One county's area of one kind and its target, in 亩. */
export interface TargetRow {
  county: string;
  kind: TargetKind;
  actualMu: number;
  targetMu: number;
}

/** The two kinds, upper line first, with their labels. */
export const TARGET_KINDS: readonly { kind: TargetKind; label: string; target: string }[] = Object.freeze([
  { kind: "farmland", label: "耕地", target: "耕地保有量" },
  { kind: "pbf", label: "永久基本农田", target: "永久基本农田保护目标" },
]);

const WIDTH = 800;
const DEFAULT_SOURCE = "最新年度国土变更调查；三区三线划定成果（耕地保护目标）";

interface Cell {
  name: string;
  kind: TargetKind;
  actual: number | null;
  target: number | null;
  present: boolean;
}

/** The chart as a self-contained SVG string. */
export function targetsChart(rows: readonly TargetRow[], opts: ChartOptions = {}): string {
  for (const r of rows) {
    if (r.kind !== "farmland" && r.kind !== "pbf") {
      throw new Error(`目标类别“${r.kind}”无效（${r.county}）：应为 farmland / pbf`);
    }
  }
  const label = (k: TargetKind) => TARGET_KINDS.find((t) => t.kind === k)!.label;
  assertUnique(rows, (r) => `${r.county}·${label(r.kind)}`, "县与目标类别");
  const bad = new SetAside();
  for (const r of rows) {
    if (!isArea(r.actualMu)) bad.add(`${label(r.kind)}现状面积`, AREA_WHY, r.county);
    if (!isArea(r.targetMu)) bad.add(`${label(r.kind)}目标面积`, AREA_WHY, r.county);
  }
  const names = uniqueInOrder(rows.map((r) => r.county));
  const title = opts.title ?? "各县耕地和永久基本农田保护目标完成情况";
  const source = sourceLine(opts.source, DEFAULT_SOURCE);
  return renderChart((document) => {
    if (!names.length) {
      return { width: WIDTH, title, subtitle: opts.subtitle, panels: [], captions: [source] };
    }
    const byKey = new Map(rows.map((r) => [`${r.county}\u0000${r.kind}`, r]));
    const cells: Cell[] = names.flatMap((name) =>
      TARGET_KINDS.map(({ kind }) => {
        const r = byKey.get(`${name}\u0000${kind}`);
        return {
          name,
          kind,
          actual: r && isArea(r.actualMu) ? r.actualMu : null,
          target: r && isArea(r.targetMu) ? r.targetMu : null,
          present: !!r,
        };
      })
    );
    const p = bulletPanel(document, names, cells);
    const counts = TARGET_KINDS.map(({ kind }) => cells.filter((c) => c.kind === kind && p.short(c)).length);
    return {
      width: WIDTH,
      title,
      subtitle: opts.subtitle,
      legend: [
        { label: "耕地现状", swatch: "box", fill: PAIR.first },
        { label: "永久基本农田现状", swatch: "box", fill: PAIR.second, stroke: PAIR.secondStroke },
        { label: "目标（耕地保有量、永久基本农田保护目标）", swatch: "tick", stroke: INK },
        { label: "未达目标的差额", swatch: "box", fill: "none", stroke: WARN, dash: "3,2" },
      ],
      panels: [{ node: p.node, x: 0, y: 0 }],
      captions: [
        `${names.length} 个县中，耕地低于保有量目标的 ${counts[0]} 个，永久基本农田低于保护目标的 ${
          counts[1]
        } 个；` +
        "每县上行为耕地、下行为永久基本农田，虚线框与右侧文字为差额及完成比例（向下取到 0.1%，未满 100% 不显示为 100%）。",
        ...bad.notes(),
        source,
      ],
    };
  });
}

function bulletPanel(
  // deno-lint-ignore no-explicit-any
  document: any,
  names: readonly string[],
  cells: readonly Cell[],
  // deno-lint-ignore no-explicit-any
): { node: any; short: (c: Cell) => boolean } {
  const unit = areaUnit(cells.flatMap((c) => [c.actual ?? 0, c.target ?? 0]));
  const u = (v: number) => v / unit.divisor;
  const short = (c: Cell) => c.actual !== null && c.target !== null && isShortfall(c.target - c.actual);
  const note = (c: Cell) =>
    `${c.kind === "farmland" ? "耕地" : "基本农田"}差 ${formatShortfall(unit, c.target! - c.actual!)}` +
    (c.target! > 0 ? `（完成 ${formatNumber(Math.floor((1000 * c.actual!) / c.target!) / 10, 1)}%）` : "");
  const value = (c: Cell) =>
    !c.present ? "无数据" : c.actual === null || c.target === null ? "无效" : formatIn(unit, c.actual);
  const valueW = maxTextWidth(cells.map(value), SMALL_FONT_PX) * 1.05;
  const shortCells = cells.filter(short);
  const noteW = maxTextWidth(shortCells.map(note), SMALL_FONT_PX) * 1.1;
  const marginLeft = nameMargin(names);
  const marginRight = Math.ceil(valueW + 10 + (noteW ? noteW + 12 : 0) + 6);
  const m = bandMargins(names.length);
  const max = scaleMax(...cells.flatMap((c) => [u(c.actual ?? 0), u(c.target ?? 0)]));
  const half = (PAIR_ROW_PX - 8) / 2; // each line 13 px, 4 px above and below the pair
  const inset = (c: Cell, bar: number) =>
    c.kind === "farmland"
      ? { insetTop: 4 + bar, insetBottom: 4 + half + bar }
      : { insetTop: 4 + half + bar, insetBottom: 4 + bar };
  const dy = (c: Cell) => (c.kind === "farmland" ? -half / 2 : half / 2);
  const drawn = cells.filter((c) => c.actual !== null && c.target !== null);
  const xLabel = `面积（${unit.label}）`;
  const byKind = (list: readonly Cell[], kind: TargetKind) => list.filter((c) => c.kind === kind);
  const node = plotPanel(document, {
    width: WIDTH,
    height: m.top + m.bottom + Math.max(1, names.length) * PAIR_ROW_PX,
    marginLeft,
    marginRight,
    marginTop: m.top,
    marginBottom: m.bottom,
    style: { fontFamily: CHART_FONT },
    x: { domain: [0, max], nice: true },
    y: { type: "band", domain: names, padding: 0, label: null },
    marks: [
      zebra(names),
      Plot.gridX({ stroke: "#000", strokeOpacity: 0.12 }),
      Plot.axisY({ label: null, tickSize: 0, fontSize: FONT_PX }),
      ...xAxes(xLabel, m.topAxis),
      ...TARGET_KINDS.flatMap(({ kind }) => {
        const first = kind === "farmland";
        const c0 = { kind } as Cell;
        return [
          Plot.barX(byKind(drawn, kind), {
            y: "name",
            x: (c: Cell) => u(c.actual!),
            ...inset(c0, 2),
            fill: first ? PAIR.first : PAIR.second,
            stroke: first ? undefined : PAIR.secondStroke,
            strokeWidth: 0.8,
          }),
          Plot.barX(byKind(shortCells, kind), {
            y: "name",
            x1: (c: Cell) => u(c.actual!),
            x2: (c: Cell) => u(c.target!),
            ...inset(c0, 2),
            fill: "none",
            stroke: WARN,
            strokeWidth: 1.3,
            strokeDasharray: "3,2",
          }),
          Plot.tickX(byKind(drawn, kind), {
            y: "name",
            x: (c: Cell) => u(c.target!),
            ...inset(c0, -2),
            stroke: INK,
            strokeWidth: 2.5,
          }),
          Plot.text(byKind(cells, kind), {
            y: "name",
            x: (c: Cell) => u(Math.max(c.actual ?? 0, c.target ?? 0)),
            dy: dy(c0),
            dx: 5,
            text: value,
            textAnchor: "start",
            fontSize: SMALL_FONT_PX,
            fill: (
              c: Cell,
            ) => (c.actual === null || c.target === null ? (c.present ? WARN : "#666") : "#222"),
          }),
          Plot.text(byKind(shortCells, kind), {
            y: "name",
            frameAnchor: "right",
            dy: dy(c0),
            dx: marginRight - 6,
            text: note,
            textAnchor: "end",
            fill: WARN,
            fontWeight: "bold",
            fontSize: SMALL_FONT_PX,
          }),
        ];
      }),
      Plot.ruleX([0], { stroke: INK }),
    ],
  });
  return { node, short };
}
