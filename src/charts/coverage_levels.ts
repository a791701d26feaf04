/**
 * How each county's out-flow (转出) is covered: stacked horizontal bars by level, 本县 → 市域 →
 * 省域 (the order 进出平衡 seeks balance in), and what is left 未覆盖 in a red hatch, with a red
 * "未覆盖 x 亩（y%）" at the right of every county that has some. Area in 亩 (万亩 from 10 万亩).
 *
 * Input rule (see `layout.ts`): an area that is not finite or is negative is not drawn, the
 * county's total says "另有无效值", and the caption names it. One row per county and level; a
 * repeated pair or an unknown level is an error.
 *
 * @example
 * ```ts
 * const svg = coverageLevelsChart([
 *   { county: "平川县", level: "county", mu: 800 },
 *   { county: "平川县", level: "uncovered", mu: 120 },
 * ]);
 * ```
 * @module
 */
import { renderChart } from "../chartkit/frame.ts";
import {
  AREA_WHY,
  type AreaUnitChoice,
  assertUnique,
  type ChartOptions,
  formatIn,
  formatShortfall,
  formatZh,
  isArea,
  isShortfall,
  SetAside,
  sourceLine,
  uniqueInOrder,
} from "../chartkit/layout.ts";
import { COVERAGE_COLORS, WARN_HATCH } from "../chartkit/palette.ts";
import { type StackCategory, stackedPanel } from "../chartkit/stacked.ts";

/** Where a county's out-flow is covered. */
export type CoverageLevel = "county" | "city" | "province" | "uncovered";

/** One county's out-flow covered at one level, in 亩. */
export interface CoverageRow {
  county: string;
  level: CoverageLevel;
  mu: number;
}

/** The levels in stacking order with their Chinese labels. */
export const COVERAGE_LEVELS: readonly StackCategory[] = Object.freeze([
  { key: "county", label: "本县", fill: COVERAGE_COLORS.county },
  { key: "city", label: "市域", fill: COVERAGE_COLORS.city },
  { key: "province", label: "省域", fill: COVERAGE_COLORS.province, stroke: "#4a6f9a" },
  { key: "uncovered", label: "未覆盖", fill: WARN_HATCH },
]);

const WIDTH = 760;
const DEFAULT_SOURCE = "进出平衡方案（本系统按本县、市域、省域顺序选取转入地块）";

/** The chart as a self-contained SVG string. */
export function coverageLevelsChart(rows: readonly CoverageRow[], opts: ChartOptions = {}): string {
  const levelKeys = COVERAGE_LEVELS.map((l) => l.key);
  for (const r of rows) {
    if (!levelKeys.includes(r.level)) {
      throw new Error(`覆盖层级“${r.level}”无效（${r.county}）：应为 county / city / province / uncovered`);
    }
  }
  assertUnique(rows, (r) => `${r.county}·${LABEL[r.level]}`, "县与覆盖层级");
  const bad = new SetAside();
  const incomplete = new Set<string>();
  for (const r of rows) {
    if (!isArea(r.mu)) {
      bad.add(`${LABEL[r.level]}覆盖面积`, AREA_WHY, r.county);
      incomplete.add(r.county);
    }
  }
  const names = uniqueInOrder(rows.map((r) => r.county));
  const segments = rows.filter((r) => isArea(r.mu)).map((r) => ({ name: r.county, cat: r.level, mu: r.mu }));
  const title = opts.title ?? "各县转出面积的覆盖层级";
  return renderChart((document) => {
    if (!names.length) {
      return {
        width: WIDTH,
        title,
        subtitle: opts.subtitle,
        panels: [],
        captions: [sourceLine(opts.source, DEFAULT_SOURCE)],
      };
    }
    const uncovered = new Map<string, number>();
    for (const s of segments) if (s.cat === "uncovered") uncovered.set(s.name, s.mu);
    const notesFor = (unit: AreaUnitChoice, totals: ReadonlyMap<string, number>) => {
      const notes = new Map<string, string>();
      for (const [n, v] of uncovered) {
        if (!isShortfall(v)) continue;
        const share = totals.get(n)! > 0 ? `（${formatZh((100 * v) / totals.get(n)!, 1)}%）` : "";
        notes.set(n, `未覆盖 ${formatShortfall(unit, v)}${share}`);
      }
      return notes;
    };
    const p = stackedPanel(document, {
      names,
      cats: COVERAGE_LEVELS,
      segments,
      width: WIDTH,
      incomplete,
      notes: notesFor,
    });
    const unit = p.unit;
    const notes = notesFor(unit, p.totals);
    const sum = [...uncovered.entries()].filter(([n]) => notes.has(n)).reduce((s, [, v]) => s + v, 0);
    const summary = notes.size
      ? `${names.length} 个县中 ${notes.size} 个县的转出未被完全覆盖，未覆盖合计 ${
        formatIn(unit, sum)
      } ${unit.label}；括号内为占该县转出的比例。`
      : `${names.length} 个县的转出均已覆盖。`;
    return {
      width: WIDTH,
      title,
      subtitle: opts.subtitle,
      legend: COVERAGE_LEVELS.map((l) => ({
        label: l.label,
        swatch: "box" as const,
        fill: l.fill,
        stroke: l.stroke,
      })),
      panels: [{ node: p.node, x: 0, y: 0 }],
      captions: [
        summary,
        "进出平衡先在本县内平衡，不足的在市域内、再在省域内平衡；条长为转出面积，各段为其覆盖来源。",
        ...bad.notes(),
        sourceLine(opts.source, DEFAULT_SOURCE),
      ],
    };
  });
}

const LABEL: Record<CoverageLevel, string> = {
  county: "本县",
  city: "市域",
  province: "省域",
  uncovered: "未覆盖",
};
