/**
 * The stacked-bar panel shared by the coverage and pool charts: one {@link ROW_PX} row per
 * unit, segments in a fixed category order with thin white separators, the row total at the
 * bar's end, and an optional red note per row in the right-hand column.
 *
 * @example
 * ```ts
 * const p = stackedPanel(document, {
 *   names: ["平川县"],
 *   cats: [{ key: "a", label: "本县", fill: "#08519c" }],
 *   segments: [{ name: "平川县", cat: "a", mu: 120 }],
 *   width: 760,
 * });
 * ```
 * @module
 */
import * as Plot from "@observablehq/plot";
import { plotPanel } from "./frame.ts";
import {
  areaUnit,
  type AreaUnitChoice,
  FONT_PX,
  formatIn,
  maxTextWidth,
  ROW_PX,
  scaleMax,
  SMALL_FONT_PX,
} from "./layout.ts";
import { bandMargins, nameMargin, xAxes, zebra } from "./band.ts";
import { INK, WARN } from "./palette.ts";
import { CHART_FONT } from "./render.ts";

/** A category of the stack, in drawing order (first at the axis). */
export interface StackCategory {
  key: string;
  label: string;
  fill: string;
  stroke?: string;
}

/** One segment, in 亩. */
export interface StackSegment {
  name: string;
  cat: string;
  mu: number;
}

/** What the stacked panel drew. */
export interface StackedPanel {
  // deno-lint-ignore no-explicit-any
  node: any;
  unit: AreaUnitChoice;
  /** Sum per unit, 亩, in the order of `names`. */
  totals: Map<string, number>;
}

/** Builds the panel. */
export function stackedPanel(
  // deno-lint-ignore no-explicit-any
  document: any,
  cfg: {
    names: readonly string[];
    cats: readonly StackCategory[];
    segments: readonly StackSegment[];
    width: number;
    /** Units whose total lacks a value set aside by the guard: their total reads "…（另有无效值）". */
    incomplete?: ReadonlySet<string>;
    /** Red notes for the right-hand column, from the unit the panel chose and the totals. */
    notes?: (unit: AreaUnitChoice, totals: ReadonlyMap<string, number>) => ReadonlyMap<string, string>;
  },
): StackedPanel {
  const totals = new Map(cfg.names.map((n) => [n, 0]));
  for (const s of cfg.segments) totals.set(s.name, (totals.get(s.name) ?? 0) + s.mu);
  const unit = areaUnit(totals.values());
  const u = (v: number) => v / unit.divisor;
  const totalLabel = (n: string) =>
    `${formatIn(unit, totals.get(n)!)}${cfg.incomplete?.has(n) ? "（另有无效值）" : ""}`;
  const notes = cfg.notes?.(unit, totals) ?? new Map<string, string>();
  const valueW = maxTextWidth(cfg.names.map(totalLabel), SMALL_FONT_PX) * 1.05;
  const noteW = notes.size ? maxTextWidth(notes.values(), FONT_PX) * 1.1 : 0;
  const marginLeft = nameMargin(cfg.names);
  const marginRight = Math.ceil(valueW + 10 + (noteW ? noteW + 14 : 0) + 6);
  const m = bandMargins(cfg.names.length);
  const order = cfg.cats.map((c) => c.key);
  const byKey = new Map(cfg.cats.map((c) => [c.key, c]));
  const data = [...cfg.segments]
    .filter((s) => s.mu > 0)
    .sort((a, b) => order.indexOf(a.cat) - order.indexOf(b.cat));
  const max = scaleMax(...[...totals.values()].map(u));
  const xLabel = `面积（${unit.label}）`;

  const node = plotPanel(document, {
    width: cfg.width,
    height: m.top + m.bottom + Math.max(1, cfg.names.length) * ROW_PX,
    marginLeft,
    marginRight,
    marginTop: m.top,
    marginBottom: m.bottom,
    style: { fontFamily: CHART_FONT },
    x: { domain: [0, max], nice: true },
    y: { domain: cfg.names, padding: 0, label: null },
    // fills are given as colours (or the hatch's url), not mapped
    color: { type: "identity" },
    marks: [
      zebra(cfg.names),
      Plot.gridX({ stroke: "#000", strokeOpacity: 0.12 }),
      Plot.axisY({ label: null, tickSize: 0, fontSize: FONT_PX }),
      ...xAxes(xLabel, m.topAxis),
      Plot.barX(data, {
        y: "name",
        x: (s: StackSegment) => u(s.mu),
        order: (s: StackSegment) => order.indexOf(s.cat),
        insetTop: 3,
        insetBottom: 3,
        fill: (s: StackSegment) => byKey.get(s.cat)!.fill,
        // the lightest categories carry an outline, so they hold against the zebra rows in grey
        stroke: (s: StackSegment) => byKey.get(s.cat)!.stroke ?? "white",
        strokeWidth: 0.8,
      }),
      Plot.ruleX([0], { stroke: INK }),
      Plot.text(cfg.names, {
        y: (n: string) => n,
        x: (n: string) => u(totals.get(n)!),
        dx: 4,
        text: totalLabel,
        textAnchor: "start",
        fontSize: SMALL_FONT_PX,
        fill: (n: string) => (cfg.incomplete?.has(n) ? WARN : "#222"),
      }),
      Plot.text([...notes.keys()], {
        y: (n: string) => n,
        frameAnchor: "right",
        dx: marginRight - 6,
        text: (n: string) => notes.get(n),
        textAnchor: "end",
        fill: WARN,
        fontWeight: "bold",
        fontSize: FONT_PX,
      }),
    ],
  });
  return { node, unit, totals };
}
