/**
 * The county's annual plan (年度进出平衡总体方案, DOMAIN.md §5): a table per township filled from
 * the selection — what went out (转出, with 水田 and grade, from the ledger's township split),
 * what comes in (转入: the chosen restorations located in that township for the county's own
 * out-flow, with paddy-capable area, grade and cost), land the township restores for other
 * counties (调剂给外县), the timing (the year), and per county a row for each other county
 * whose pieces it draws on (市域/省域调剂) and a 合计 row with the remaining gap. Areas in 亩,
 * costs in 万元; pure (the caller writes it). Headers from the shared builders of `src/table/`.
 *
 * @example
 * ```ts
 * const t = planTable(result, { name: (c) => namer.name(c) });
 * t.name;                                // "年度进出平衡总体方案"
 * t.rows.filter((r) => r.kind === "合计"); // one per county and year
 * ```
 * @module
 */
import {
  areaMu,
  cells,
  type Column,
  column,
  countColumn,
  noteColumn,
  numColumn,
  round,
  type Row,
  type Table,
  withUnit,
} from "../table/mod.ts";
import type { OutflowNeed, PlannedProject } from "../outflow/types.ts";
import type { Choice } from "./types.ts";
import type { NeedResult, SelectionResult } from "./types.ts";
import { GRADE_STATUS_LABELS, LEVEL_LABELS } from "./labels.ts";
import { countyColumns, mu, paddyCapableMu, pieceCost, restoreCost, townshipColumns } from "./columns.ts";

/** Options: a namer for admin codes. */
export interface PlanOptions {
  /** Name of an admin code (null when unknown). */
  name?: (code: string) => string | null;
}

/** In-flow measures of a set of choices (areas m², cost 万元). */
export interface Inflow {
  /** Chosen area, m². */
  inM2: number;
  /** Chosen pieces. */
  inPieces: number;
  /** Of which can be paddy, m². */
  inPaddyM2: number;
  /** Area-weighted grade of the graded pieces, or null. */
  inGrade: number | null;
  /** Of which 未评定, m². */
  inUngradedM2: number;
  /** Restoration cost, 万元. */
  costWan: number;
}

/** One row of the plan (areas m²; `netMu` is the difference of the rounded 亩). */
export interface PlanRow extends Inflow {
  /** 实施年度, e.g. "2024年". */
  timing: string;
  /** The county whose out-flow the row plans. */
  county: string;
  /** 乡镇, 市域调剂, 省域调剂 or 合计. */
  kind: string;
  /** Township code(s) of the row, or null (合计). */
  township: string | null;
  /** Their names, or null. */
  townshipName: string | null;
  /** Out-flow, m² (0 without any in a split township; null where not applicable). */
  outM2: number | null;
  /** Of which 水田, m². */
  outPaddyM2: number | null;
  /** Area-weighted grade of the out-flow, or null. */
  outGrade: number | null;
  /** Restored here for other counties, m². */
  forOthersM2: number | null;
  /** 转入 − 转出 of the rounded 亩, or null. */
  netMu: number | null;
  /** Remaining gap (合计 only), m². */
  gapM2: number | null;
  /** Paddy shortfall (合计 only), m². */
  paddyShortM2: number | null;
  /** 说明. */
  note: string | null;
}

function planColumns(name: (c: string) => string | null): Column<PlanRow>[] {
  type R = PlanRow;
  return [
    column<R>("timing", "实施年度", (r) => r.timing),
    ...countyColumns<R>(name, (r) => r.county),
    column<R>("kind", "行类别", (r) => r.kind),
    ...townshipColumns<R>((r) => r.township, (r) => r.townshipName),
    areaMu<R>("outMu", "转出面积", (r) => r.outM2),
    areaMu<R>("outPaddyMu", "其中水田", (r) => r.outPaddyM2),
    numColumn<R>("outGrade", "转出平均等别", (r) => r.outGrade, 2),
    areaMu<R>("inMu", "转入面积", (r) => r.inM2),
    countColumn<R>("inPieces", "转入图斑", (r) => r.inPieces),
    paddyCapableMu<R>("inPaddyMu", (r) => r.inPaddyM2),
    numColumn<R>("inGrade", "转入平均等别", (r) => r.inGrade, 2),
    areaMu<R>("inUngradedMu", "其中未评定等别", (r) => r.inUngradedM2),
    restoreCost<R>((r) => r.costWan),
    areaMu<R>("forOthersMu", "为外县调剂转入", (r) => r.forOthersM2),
    column<R>("netMu", withUnit("乡镇净差", "转入−转出，亩"), (r) => r.netMu),
    areaMu<R>("gapMu", "剩余缺口", (r) => r.gapM2),
    areaMu<R>("paddyShortMu", "水田短缺", (r) => r.paddyShortM2),
    noteColumn<R>("note", (r) => r.note),
  ];
}

/**
 * Columns of the plan, with Chinese headers and units.
 *
 * @example
 * ```ts
 * PLAN_COLUMNS.find((c) => c.key === "gapMu")!.header; // "剩余缺口（亩）"
 * ```
 */
export const PLAN_COLUMNS: readonly Column<PlanRow>[] = Object.freeze(planColumns(() => null));

function inflow(cs: readonly Choice[]): Inflow {
  const ps = cs.map((c) => c.piece);
  const area = ps.reduce((t, p) => t + p.areaM2, 0);
  const graded = ps.filter((p) => p.grade !== null);
  const gArea = graded.reduce((t, p) => t + p.areaM2, 0);
  return {
    inM2: area,
    inPieces: ps.length,
    inPaddyM2: ps.filter((p) => p.paddyCapable).reduce((t, p) => t + p.areaM2, 0),
    inGrade: gArea > 0 ? graded.reduce((t, p) => t + p.areaM2 * p.grade!, 0) / gArea : null,
    inUngradedM2: area - gArea,
    costWan: ps.reduce((t, p) => t + pieceCost(p), 0),
  };
}

function townshipsOf(
  need: OutflowNeed,
): Map<string, { areaM2: number; paddyM2: number; grade: number | null }> {
  return new Map((need.townships ?? []).map((t) => [t.township, t]));
}

/** The plan rows of one county and year, before rounding (see {@link countyPlanRows}). */
function planRows(nr: NeedResult, all: readonly Choice[], name: (c: string) => string | null): PlanRow[] {
  const { need } = nr;
  const head = { timing: `${need.year}年`, county: need.county };
  const none = { gapM2: null, paddyShortM2: null };
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
  const area = (cs: readonly Choice[]) => cs.reduce((s, c) => s + c.piece.areaM2, 0);
  const rows: PlanRow[] = [];
  for (const t of [...towns].sort()) {
    const out = outs.get(t);
    const inn = inflow(own.filter((c) => (c.piece.township ?? "") === t));
    const others = forOthers.filter((c) => (c.piece.township ?? "") === t);
    const noSplit = need.townships ? 0 : null;
    const plannedHere = (need.planned ?? []).filter((p) => !p.livestock && (p.township ?? "") === t);
    rows.push({
      ...head,
      kind: "乡镇",
      township: t || "（未知）",
      townshipName: t ? name(t) : null,
      outM2: out ? out.areaM2 : noSplit,
      outPaddyM2: out ? out.paddyM2 : noSplit,
      outGrade: out?.grade ?? null,
      ...inn,
      forOthersM2: area(others),
      netMu: out || need.townships ? round(mu(inn.inM2)! - (out ? mu(out.areaM2)! : 0), 2) : null,
      ...none,
      note: plannedHere.length
        ? `计划转出：${plannedHere.map(plannedNote).join("；")}`
        : others.length
        ? `为 ${
          [...new Set(others.map((c) => c.forCounty))].map((c) => name(c) ?? c).join("、")
        } 调剂 ${others.length} 块`
        : need.townships
        ? null
        : "转出未分乡镇统计",
    });
  }
  // Livestock and aquaculture facilities of a planned year, on rows of their own (seed 004 §2(2)).
  for (const p of (need.planned ?? []).filter((x) => x.livestock)) {
    rows.push({
      ...head,
      kind: "养殖设施用地（计划）",
      township: p.township,
      townshipName: p.township ? name(p.township) : null,
      outM2: p.areaM2,
      outPaddyM2: p.paddyM2,
      outGrade: p.grade,
      ...inflow([]),
      forOthersM2: null,
      netMu: null,
      ...none,
      note: plannedNote(p),
    });
  }
  const nothingOut = { outM2: null, outPaddyM2: null, outGrade: null, forOthersM2: null, netMu: null };
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
        ...nothingOut,
        ...inflow(cs),
        ...none,
        note: `来自 ${name(from) ? `${name(from)}（${from}）` : from}`,
      });
    }
  }
  rows.push({
    ...head,
    kind: "合计",
    township: null,
    townshipName: null,
    outM2: need.areaM2,
    outPaddyM2: need.paddyM2,
    outGrade: need.grade,
    ...inflow(nr.choices),
    forOthersM2: area(forOthers),
    netMu: round(mu(nr.coveredM2)! - mu(need.areaM2)!, 2),
    gapM2: nr.uncoveredM2,
    paddyShortM2: nr.paddyShortfallM2,
    note: need.planned
      ? `${GRADE_STATUS_LABELS[nr.gradeStatus]}；计划转出 ${need.planned.length} 个项目（其中养殖设施 ${
        need.planned.filter((p) => p.livestock).length
      } 个），按最新调查测算`
      : GRADE_STATUS_LABELS[nr.gradeStatus],
  });
  return rows;
}

/** A planned project as the plan's note: id, name, type and start date. */
function plannedNote(p: PlannedProject): string {
  return `${p.projectId}${p.name ? ` ${p.name}` : ""}（${p.type ?? p.plannedUse ?? "未填类型"}，开工 ${p.startDate ?? "未填"}${
    p.basis === "declared" ? "，按申报面积" : ""
  }）`;
}

/**
 * The plan rows of one county and year (see the module doc), as cells by column key. `all`
 * is every choice of the run (to find what this county's townships restore for other
 * counties).
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
): Row[] {
  const name = (c: string) => opts.name?.(c) ?? null;
  return cells({ name: "", csv: null, columns: planColumns(name), rows: planRows(nr, all, name) }).rows;
}

/**
 * The annual plan of every county and year of a selection, as one sheet (plan.csv).
 *
 * @example
 * ```ts
 * encodeXlsx([planTable(result)]);
 * ```
 */
export function planTable(result: SelectionResult, opts: PlanOptions = {}): Table<Row> {
  const name = (c: string) => opts.name?.(c) ?? null;
  return cells({
    name: "年度进出平衡总体方案",
    csv: "plan.csv",
    columns: planColumns(name),
    rows: result.needs.flatMap((n) => planRows(n, result.choices, name)),
  });
}
