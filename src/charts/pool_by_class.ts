/**
 * The potential pool (转入潜力) by contiguity class per township: stacked horizontal bars, one
 * row per township in the caller's order, classes in DOMAIN §4.3 order from the axis outwards —
 * 集中连片潜力图斑 I型, II型, 非集中连片潜力图斑 I型, II型 — dark to light, so the contiguous
 * land the selection prefers sits nearest the axis. The row total is written at the bar's end.
 * Area in 亩 (万亩 from 10 万亩).
 *
 * Input rule (see `layout.ts`): an area that is not finite or is negative is not drawn, the
 * township's total says "另有无效值", and the caption names it. One row per township and class;
 * a repeated pair or an unknown class is an error.
 *
 * @example
 * ```ts
 * const svg = poolByClassChart([
 *   { township: "城关镇", cls: "I_CONTIG", mu: 320 },
 *   { township: "城关镇", cls: "II_SCATTER", mu: 45 },
 * ]);
 * ```
 * @module
 */
import { renderChart } from "../chartkit/frame.ts";
import {
  AREA_WHY,
  assertUnique,
  type ChartOptions,
  formatIn,
  isArea,
  SetAside,
  sourceLine,
  uniqueInOrder,
} from "../chartkit/layout.ts";
import { POOL_CLASS_COLORS } from "../chartkit/palette.ts";
import { type StackCategory, stackedPanel } from "../chartkit/stacked.ts";

/** Contiguity class of a potential piece (DOMAIN §4.3). */
export type PoolClass = "I_CONTIG" | "II_CONTIG" | "I_SCATTER" | "II_SCATTER";

/** One township's pool of one class, in 亩. */
export interface PoolByClassRow {
  township: string;
  cls: PoolClass;
  mu: number;
}

/** The classes in §4.3 order with their names and colours. */
export const POOL_CLASSES: readonly StackCategory[] = Object.freeze([
  { key: "I_CONTIG", label: "集中连片潜力图斑I型", fill: POOL_CLASS_COLORS[0] },
  { key: "II_CONTIG", label: "集中连片潜力图斑II型", fill: POOL_CLASS_COLORS[1] },
  { key: "I_SCATTER", label: "非集中连片潜力图斑I型", fill: POOL_CLASS_COLORS[2] },
  { key: "II_SCATTER", label: "非集中连片潜力图斑II型", fill: POOL_CLASS_COLORS[3], stroke: "#5a7d3a" },
]);

const WIDTH = 760;
const DEFAULT_SOURCE = "进出平衡转入潜力筛查（本系统按集中连片规则分类）";

/** The chart as a self-contained SVG string. */
export function poolByClassChart(rows: readonly PoolByClassRow[], opts: ChartOptions = {}): string {
  const label = new Map(POOL_CLASSES.map((c) => [c.key, c.label]));
  for (const r of rows) {
    if (!label.has(r.cls)) {
      throw new Error(
        `潜力图斑类别“${r.cls}”无效（${r.township}）：应为 I_CONTIG / II_CONTIG / I_SCATTER / II_SCATTER`,
      );
    }
  }
  assertUnique(rows, (r) => `${r.township}·${label.get(r.cls)}`, "乡镇与类别");
  const bad = new SetAside();
  const incomplete = new Set<string>();
  for (const r of rows) {
    if (!isArea(r.mu)) {
      bad.add(`${label.get(r.cls)}面积`, AREA_WHY, r.township);
      incomplete.add(r.township);
    }
  }
  const names = uniqueInOrder(rows.map((r) => r.township));
  const segments = rows.filter((r) => isArea(r.mu)).map((r) => ({ name: r.township, cat: r.cls, mu: r.mu }));
  const title = opts.title ?? "各乡镇转入潜力图斑面积（按集中连片类别）";
  const source = sourceLine(opts.source, DEFAULT_SOURCE);
  return renderChart((document) => {
    if (!names.length) {
      return { width: WIDTH, title, subtitle: opts.subtitle, panels: [], captions: [source] };
    }
    const p = stackedPanel(document, { names, cats: POOL_CLASSES, segments, width: WIDTH, incomplete });
    const byClass = POOL_CLASSES.map((c) => {
      const mu = segments.filter((s) => s.cat === c.key).reduce((a, s) => a + s.mu, 0);
      return `${c.label} ${formatIn(p.unit, mu)}`;
    });
    return {
      width: WIDTH,
      title,
      subtitle: opts.subtitle,
      legend: POOL_CLASSES.map((c) => ({
        label: c.label,
        swatch: "box" as const,
        fill: c.fill,
        stroke: c.stroke,
      })),
      panels: [{ node: p.node, x: 0, y: 0 }],
      captions: [
        `${names.length} 个乡镇合计（${p.unit.label}）：${byClass.join("，")}。条末数字为该乡镇合计。`,
        "核实要求：集中连片两类重点核实，非集中连片I型全部核实，非集中连片II型由地方自行确定。",
        ...bad.notes(),
        source,
      ],
    };
  });
}
