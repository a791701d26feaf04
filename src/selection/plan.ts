/**
 * The county's annual plan (年度进出平衡总体方案, DOMAIN.md §5): a table per township filled from
 * the selection — what went out (转出, with 水田 and grade, from the ledger's township split),
 * what comes in (转入: the chosen restorations located in that township for the county's own
 * out-flow, with paddy-capable area, grade and cost), land the township restores for other
 * counties (调剂给外县), the timing (the year), and per county a row for each other county
 * whose pieces it draws on (市域/省域调剂) and a 合计 row with the remaining gap. Areas in 亩,
 * costs in 万元; pure (the caller writes it).
 *
 * @example
 * ```ts
 * const t = planTable(result, { name: (c) => namer.name(c) });
 * t.name;                                // "年度进出平衡总体方案"
 * t.rows.filter((r) => r.kind === "合计"); // one per county and year
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import type { XlsxColumn, XlsxSheet } from "../io/xlsx.ts";
import { M2_PER_MU } from "../units/area.ts";
import type { OutflowNeed } from "../outflow/types.ts";
import type { Choice } from "./types.ts";
import type { NeedResult, SelectionResult } from "./types.ts";
import { GRADE_STATUS_LABELS, LEVEL_LABELS } from "./labels.ts";

/** Options: a namer for admin codes. */
export interface PlanOptions {
  name?: (code: string) => string | null;
}

/** Columns of the plan, with Chinese headers and units. */
export const PLAN_COLUMNS: readonly XlsxColumn[] = Object.freeze([
  { key: "timing", header: "实施年度" },
  { key: "county", header: "县级代码" },
  { key: "countyName", header: "县级名称" },
  { key: "kind", header: "行类别" },
  { key: "township", header: "乡镇代码" },
  { key: "townshipName", header: "乡镇名称" },
  { key: "outMu", header: "转出面积（亩）" },
  { key: "outPaddyMu", header: "其中水田（亩）" },
  { key: "outGrade", header: "转出平均等别" },
  { key: "inMu", header: "转入面积（亩）" },
  { key: "inPieces", header: "转入图斑（个）" },
  { key: "inPaddyMu", header: "其中可作水田（亩）" },
  { key: "inGrade", header: "转入平均等别" },
  { key: "inUngradedMu", header: "其中未评定等别（亩）" },
  { key: "costWan", header: "恢复成本（万元）" },
  { key: "forOthersMu", header: "为外县调剂转入（亩）" },
  { key: "netMu", header: "乡镇净差（转入−转出，亩）" },
  { key: "gapMu", header: "剩余缺口（亩）" },
  { key: "paddyShortMu", header: "水田短缺（亩）" },
  { key: "note", header: "说明" },
]);

const r2 = (v: number) => Math.round(v * 100) / 100;
const mu = (m2: number) => r2(m2 / M2_PER_MU);

/** In-flow measures of a set of choices. */
function inflow(cs: readonly Choice[]): Record<string, Cell> {
  const ps = cs.map((c) => c.piece);
  const area = ps.reduce((t, p) => t + p.areaM2, 0);
  const graded = ps.filter((p) => p.grade !== null);
  const gArea = graded.reduce((t, p) => t + p.areaM2, 0);
  return {
    inMu: mu(area),
    inPieces: ps.length,
    inPaddyMu: mu(ps.filter((p) => p.paddyCapable).reduce((t, p) => t + p.areaM2, 0)),
    inGrade: gArea > 0 ? r2(graded.reduce((t, p) => t + p.areaM2 * p.grade!, 0) / gArea) : null,
    inUngradedMu: mu(area - gArea),
    costWan: r2(ps.reduce((t, p) => t + p.costPerMu * p.areaM2 / M2_PER_MU, 0)),
  };
}

function townshipsOf(
  need: OutflowNeed,
): Map<string, { areaM2: number; paddyM2: number; grade: number | null }> {
  return new Map((need.townships ?? []).map((t) => [t.township, t]));
}

/**
 * The plan rows of one county and year (see the module doc). `all` is every choice of the
 * run (to find what this county's townships restore for other counties).
 *
 * @example
 * ```ts
 * countyPlanRows(result.needs[0], result.choices).at(-1)!.kind; // "合计"
 * ```
 */
export function countyPlanRows(
  nr: NeedResult,
  all: readonly Choice[],
  opts: PlanOptions = {},
): Record<string, Cell>[] {
  const name = (c: string) => opts.name?.(c) ?? null;
  const { need } = nr;
  const timing = `${need.year}年`;
  const head = { timing, county: need.county, countyName: name(need.county) };
  const own = nr.choices.filter((c) => c.level === "county");
  const forOthers = all.filter((c) =>
    c.year === need.year && c.piece.county === need.county && c.forCounty !== need.county
  );
  const outs = townshipsOf(need);
  const towns = new Set<string>([
    ...outs.keys(),
    ...own.map((c) => c.piece.township ?? ""),
    ...forOthers.map((c) => c.piece.township ?? ""),
  ]);
  const rows: Record<string, Cell>[] = [];
  for (const t of [...towns].sort()) {
    const out = outs.get(t);
    const here = own.filter((c) => (c.piece.township ?? "") === t);
    const inn = inflow(here);
    const others = forOthers.filter((c) => (c.piece.township ?? "") === t);
    rows.push({
      ...head,
      kind: "乡镇",
      township: t || "（未知）",
      townshipName: t ? name(t) : null,
      outMu: out ? mu(out.areaM2) : need.townships ? 0 : null,
      outPaddyMu: out ? mu(out.paddyM2) : need.townships ? 0 : null,
      outGrade: out?.grade != null ? r2(out.grade) : null,
      ...inn,
      forOthersMu: mu(others.reduce((s, c) => s + c.piece.areaM2, 0)),
      netMu: out || need.townships ? r2((inn.inMu as number) - (out ? mu(out.areaM2) : 0)) : null,
      gapMu: null,
      paddyShortMu: null,
      note: others.length
        ? `为 ${
          [...new Set(others.map((c) => c.forCounty))].map((c) => name(c) ?? c).join("、")
        } 调剂 ${others.length} 块`
        : need.townships
        ? null
        : "转出未分乡镇统计",
    });
  }
  for (const level of ["city", "province"] as const) {
    const lv = nr.choices.filter((c) => c.level === level);
    for (const from of [...new Set(lv.map((c) => c.piece.county))].sort()) {
      const cs = lv.filter((c) => c.piece.county === from);
      const ts = [...new Set(cs.map((c) => c.piece.township ?? ""))].sort();
      rows.push({
        ...head,
        kind: LEVEL_LABELS[level],
        township: ts.join("、") || null,
        townshipName: ts.map((t) => name(t) ?? t).join("、") || null,
        outMu: null,
        outPaddyMu: null,
        outGrade: null,
        ...inflow(cs),
        forOthersMu: null,
        netMu: null,
        gapMu: null,
        paddyShortMu: null,
        note: `来自 ${name(from) ? `${name(from)}（${from}）` : from}`,
      });
    }
  }
  rows.push({
    ...head,
    kind: "合计",
    township: null,
    townshipName: null,
    outMu: mu(need.areaM2),
    outPaddyMu: mu(need.paddyM2),
    outGrade: need.grade === null ? null : r2(need.grade),
    ...inflow(nr.choices),
    forOthersMu: mu(forOthers.reduce((s, c) => s + c.piece.areaM2, 0)),
    netMu: r2(mu(nr.coveredM2) - mu(need.areaM2)),
    gapMu: mu(nr.uncoveredM2),
    paddyShortMu: mu(nr.paddyShortfallM2),
    note: GRADE_STATUS_LABELS[nr.gradeStatus],
  });
  return rows;
}

/**
 * The annual plan of every county and year of a selection, as one sheet.
 *
 * @example
 * ```ts
 * encodeXlsx([planTable(result)]);
 * ```
 */
export function planTable(result: SelectionResult, opts: PlanOptions = {}): XlsxSheet {
  return {
    name: "年度进出平衡总体方案",
    columns: [...PLAN_COLUMNS],
    rows: result.needs.flatMap((n) => countyPlanRows(n, result.choices, opts)),
  };
}
