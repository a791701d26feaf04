/**
 * The out-flow tables as people read them (pure; `outputs.ts` writes them): 转出需求, 年度方案·转出,
 * 乡镇与县汇总, 分类统计, the entry lists (转出台账, 整改恢复清单, 通知后待认定清单, 可豁免情形), 转出项目,
 * 项目覆盖图斑 and 未匹配图斑. Areas in 平方米 and 亩 (`key_m2`, `key_mu`), Chinese headers from
 * the shared builders of `src/table/`.
 *
 * @example
 * ```ts
 * const tables = outflowTables([ledger], stats, { name: namer.name });
 * tables.map((t) => t.csv); // ["needs.csv", "annual_plan.csv", "by_unit.csv", …]
 * ```
 * @module
 */
import {
  areaM2,
  areaPair,
  type Cell,
  codeColumn,
  type Column,
  column,
  countColumn,
  levelColumn,
  nameColumn,
  noteColumn,
  numColumn,
  round,
  type Table,
  withUnit,
  yearColumn,
  yesNo,
} from "../table/mod.ts";
import { landClassName } from "../units/landclass.ts";
import type { OutflowEntry, OutflowLedger } from "./types.ts";
import type { OutflowStatistics, OutflowUnitRow } from "./sql.ts";
import { ATTRIBUTION_LABELS, FARM_CLASS_LABELS, KIND_LABELS, STATUS_LABELS } from "./notes.ts";
import { EXEMPT_LABELS } from "./rules.ts";

/** Names admin codes (null when unknown). */
export type Namer = (code: string) => string | null;

const county = <T>(get: (r: T) => Cell) => codeColumn("county", "county", get);
const township = <T>(get: (r: T) => string | null) => codeColumn("township", "township", get);
const townshipName = <T>(name: Namer, get: (r: T) => string | null) =>
  nameColumn<T>("township", "township_name", (r) => {
    const t = get(r);
    return t ? name(t) : null;
  });
const unitLevel = <T extends { level: string }>() =>
  levelColumn<T>("level", (r) => (r.level === "county" ? "县" : "乡镇"), "统计层级");
const status = <T>(get: (r: T) => Cell) => column("status", "台账去向", get);
const projectId = <T>(key: string, get: (r: T) => Cell) => column(key, "项目编号", get);
const projectType = <T>(key: string, get: (r: T) => Cell) => column(key, "项目类型", get);
const exemptType = <T>(get: (r: T) => OutflowEntry["exempt"]) =>
  column<T>("exempt", "豁免类型", (r) => {
    const e = get(r);
    return e ? EXEMPT_LABELS[e] : null;
  });
const prevBsm = <T>(get: (r: T) => Cell) => column("bsm", "上年度标识码", get);
const fromCode = <T>(key: string, get: (r: T) => Cell) => column(key, "原地类编码", get);
const toCode = <T>(key: string, get: (r: T) => Cell) => column(key, "现地类编码", get);
const avgGrade = <T>(key: string, get: (r: T) => number | null, label = "面积加权平均等别"): Column<T> =>
  numColumn(key, label, get, 4);
const ratio = <T>(key: string, header: string, get: (r: T) => number) => numColumn(key, header, get, 4);

/**
 * Columns of the entry tables (entries, restoration, pending, exempt).
 *
 * @example
 * ```ts
 * entryColumns(() => null)[0].header; // "变更调查年度"
 * ```
 */
export function entryColumns(name: Namer): Column<OutflowEntry>[] {
  type E = OutflowEntry;
  return [
    column("year", "变更调查年度", (e) => e.year),
    county<E>((e) => e.county),
    nameColumn<E>("county", "county_name", (e) => name(e.county)),
    township<E>((e) => e.township),
    townshipName<E>(name, (e) => e.township),
    column("zldwdm", "坐落单位代码", (e) => e.zldwdm),
    column("zldwmc", "坐落单位名称", (e) => e.zldwmc),
    prevBsm((e) => e.bsm),
    column("bsm_after", "本年度标识码", (e) => e.bsmAfter),
    column(
      "matched_by",
      "匹配方式",
      (e) => ({ BSM: "标识码", overlap: "叠加", none: "未匹配" })[e.matchedBy],
    ),
    fromCode("from_code", (e) => e.fromCode),
    column("from_name", "原地类", (e) => FARM_CLASS_LABELS[e.fromClass] ?? landClassName(e.fromCode)),
    toCode("to_code", (e) => e.toCode),
    column("to_name", "现地类", (e) => (e.toCode ? landClassName(e.toCode) : null)),
    column("kind", "变化类型", (e) => KIND_LABELS[e.kind]),
    status((e) => STATUS_LABELS[e.status]),
    ...areaPair<E>("area", "面积", (e) => e.areaM2),
    ratio("share", "占原图斑比例", (e) => e.share),
    column("attribution", "归属", (e) => ATTRIBUTION_LABELS[e.attribution]),
    projectId("project_id", (e) => e.projectId),
    projectType("project_type", (e) => e.projectType),
    exemptType((e) => e.exempt),
    yesNo("approved", "项目已批准", (e) => e.approved),
    column("phase", "通知前后", (e) => e.phase),
    column("phase_date", "判定日期", (e) => e.phaseDate),
    column("phase_basis", "判定依据", (e) => e.phaseBasis),
    column("consent", "县级认定", (e) => e.consent),
    column("ownership", "权属", (e) => e.ownership),
    column("qsxz", "权属性质代码", (e) => e.qsxz),
    column("gddb", "耕地等别", (e) => e.gddb),
    column("gdpdjb", "坡度级别", (e) => e.gdpdjb),
    column("tbxhdm", "图斑细化代码", (e) => e.tbxhdm),
    column("zzsx_before", "原种植属性", (e) => e.zzsxBefore),
    column("zzsx_after", "现种植属性", (e) => e.zzsxAfter),
    ...areaPair<E>("unstable", "其中不稳定耕地面积", (e) => e.unstableM2),
    column("unstable_reason", "不稳定原因", (e) => e.unstableReason),
    noteColumn("note", (e) => e.note),
  ];
}

/** The 乡镇与县汇总 area pairs: key (without _m2/_mu) and label. */
const UNIT_AREAS: [string, string][] = [
  ["changed", "耕地减少"],
  ["balance", "纳入进出平衡"],
  ["pending", "通知后待认定"],
  ["restore", "整改恢复（永久基本农田）"],
  ["exempt", "可豁免"],
  ["zhanbu", "建设占用（占补）"],
  ["other", "其他减少"],
  ["unmatched", "未匹配"],
  ["balance_paddy", "纳入平衡·水田"],
  ["balance_irrigated", "纳入平衡·水浇地"],
  ["balance_dry", "纳入平衡·旱地"],
  ["balance_state", "纳入平衡·国有"],
  ["balance_collective", "纳入平衡·集体"],
  ["balance_project", "纳入平衡·项目"],
  ["balance_farmer", "纳入平衡·农民自发"],
  ["balance_pre", "纳入平衡·通知前"],
  ["balance_post", "纳入平衡·通知后"],
  ["balance_unstable", "纳入平衡·不稳定耕地"],
  ["out", "转出（不含豁免）"],
  ["out_unstable", "转出中不稳定耕地"],
];

function unitTable(stats: OutflowStatistics, name: Namer): Table<OutflowUnitRow> {
  type U = OutflowUnitRow;
  const m2 = (u: U, key: string) => (u as unknown as Record<string, number>)[`${key}_m2`];
  return {
    name: "乡镇与县汇总",
    csv: "by_unit.csv",
    rows: stats.byUnit,
    columns: [
      unitLevel<U>(),
      county<U>((u) => u.county),
      township<U>((u) => u.township),
      townshipName<U>(name, (u) => u.township),
      yearColumn<U>((u) => u.year),
      ...UNIT_AREAS.flatMap(([key, label]) => areaPair<U>(key, `${label}面积`, (u) => m2(u, key))),
      numColumn<U>(
        "unstable_share",
        withUnit("转出中不稳定耕地占比", "%"),
        (u) => (u.out_m2 > 0 ? 100 * u.out_unstable_m2 / u.out_m2 : null),
        2,
      ),
      avgGrade<U>("balance_grade", (u) => u.balance_grade, "纳入平衡面积加权平均等别"),
      countColumn("parcels", "涉及图斑", (u) => u.parcels),
    ],
  };
}

/**
 * Every table of the ledgers (one or more counties), in sheet order.
 *
 * @example
 * ```ts
 * outflowTables([ledger], stats)[4].name; // "转出台账"
 * ```
 */
export function outflowTables(
  ledgers: OutflowLedger[],
  stats: OutflowStatistics,
  name: Namer = () => null,
): Table<any>[] {
  const entries = ledgers.flatMap((l) => l.entries);
  const entryCols = entryColumns(name);
  const list = (sheet: string, csv: string, s?: OutflowEntry["status"]): Table<OutflowEntry> => ({
    name: sheet,
    csv,
    columns: entryCols,
    rows: s ? entries.filter((e) => e.status === s) : entries,
  });
  type N = OutflowLedger["needs"][number];
  const needs: Table<N> = {
    name: "转出需求（交选址）",
    csv: "needs.csv",
    rows: ledgers.flatMap((l) => l.needs),
    columns: [
      codeColumn("province", "province", (n) => n.province),
      codeColumn("city", "city", (n) => n.city),
      county((n) => n.county),
      nameColumn("county", "county_name", (n) => name(n.county)),
      yearColumn((n) => n.year),
      ...areaPair<N>("area", "纳入进出平衡的转出面积", (n) => n.areaM2),
      avgGrade("grade", (n) => n.grade),
      ...areaPair<N>("paddy", "其中水田面积", (n) => n.paddyM2),
    ],
  };
  type D = OutflowStatistics["byDimension"][number];
  const dims: Table<D> = {
    name: "分类统计",
    csv: "by_dimension.csv",
    rows: stats.byDimension,
    columns: [
      unitLevel<D>(),
      county((d) => d.county),
      township((d) => d.township),
      yearColumn((d) => d.year),
      column("dimension", "统计维度", (d) => d.dimension),
      column("value", "分类", (d) => d.value),
      status((d) => STATUS_LABELS[d.status as OutflowEntry["status"]] ?? d.status),
      areaM2("area_m2", "面积", (d) => d.area_m2),
      numColumn("area_mu", withUnit("面积", "亩"), (d) => d.area_mu, 4),
      countColumn("parcels", "图斑", (d) => d.parcels),
    ],
  };
  type P = OutflowLedger["projects"][number];
  const byStatus = (k: "balance" | "pending" | "restore" | "exempt") => (s: P) => s.byStatus[k] ?? 0;
  const projects: Table<P> = {
    name: "转出项目",
    csv: "projects.csv",
    rows: ledgers.flatMap((l) => l.projects),
    columns: [
      projectId("id", (s) => s.project.id),
      column("name", "项目名称", (s) => s.project.name),
      yearColumn((s) => s.project.year),
      county((s) => s.county),
      projectType("type", (s) => s.project.type),
      exemptType((s) => s.project.exempt),
      column("start", "开工日期", (s) => s.project.startDate),
      column("end", "完工日期", (s) => s.project.endDate),
      yesNo("consent", "承包户书面同意", (s) => s.project.householdConsent),
      yesNo("filed", "乡镇备案", (s) => s.project.townshipFiled),
      yesNo("plan", "符合国土空间规划", (s) => s.project.conformsToPlan),
      column("supplement", "补充方式", (s) => s.project.supplementMode),
      column("investment", withUnit("投资", "万元"), (s) => s.project.investmentWan),
      column("declared_m2", withUnit("申报面积", "平方米"), (s) => s.project.declaredM2),
      areaM2("planar_m2", "范围几何面积", (s) => s.planarM2),
      ...areaPair<P>("covered", "覆盖上年度耕地面积", (s) => s.coveredFarmlandM2),
      ...areaPair<P>("changed", "其中已变化面积", (s) => s.changedM2),
      ...areaPair<P>("balance", "纳入进出平衡面积", byStatus("balance")),
      ...areaPair<P>("pending", "待认定面积", byStatus("pending")),
      ...areaPair<P>("restore", "整改恢复面积", byStatus("restore")),
      ...areaPair<P>("exempt", "豁免面积", byStatus("exempt")),
      areaM2("pbf_m2", "涉及永久基本农田几何面积", (s) => s.pbfPlanarM2),
      column("flags", "审核提示", (s) => s.flags.join("；")),
    ],
  };
  type C = OutflowLedger["coverage"][number];
  const coverage: Table<C> = {
    name: "项目覆盖图斑",
    csv: "coverage.csv",
    rows: ledgers.flatMap((l) => l.coverage),
    columns: [
      projectId("project", (c) => c.projectId),
      yearColumn((c) => c.year),
      prevBsm((c) => c.bsm),
      fromCode("from", (c) => c.fromCode),
      toCode("to", (c) => c.toCode),
      ratio("share", "覆盖比例", (c) => c.share),
      ...areaPair<C>("area", "覆盖耕地面积", (c) => c.areaM2),
      yesNo("changed", "已变为非耕地", (c) => c.changed),
    ],
  };
  type M = OutflowLedger["unmatched"][number];
  const share4 = (v: number) => String(round(v, 4) ?? v);
  const unmatched: Table<M> = {
    name: "未匹配图斑",
    csv: "unmatched.csv",
    rows: ledgers.flatMap((l) => l.unmatched),
    columns: [
      yearColumn((u) => u.year),
      county((u) => u.county),
      prevBsm((u) => u.bsm),
      fromCode("from", (u) => u.fromCode),
      ...areaPair<M>("area", "图斑地类面积", (u) => u.areaM2),
      column("reason", "原因", (u) => u.reason),
      column(
        "overlaps",
        "叠加到的本年度图斑（地类，比例）",
        (u) => u.overlaps.map((o) => `${o.bsm}（${o.code}，${share4(o.share)}）`).join("；"),
      ),
      ratio("uncovered", "无图斑覆盖比例", (u) => u.uncoveredShare),
    ],
  };
  return [
    needs,
    annualPlanTable(entries, name),
    unitTable(stats, name),
    dims,
    list("转出台账", "entries.csv"),
    list("整改恢复清单", "restoration.csv", "restore"),
    list("通知后待认定清单", "pending.csv", "pending"),
    list("可豁免情形", "exempt.csv", "exempt"),
    contractTodoTable(entries, name),
    projects,
    coverage,
    unmatched,
  ];
}

/** What a township does for contracted farmland whose use changed (seed 004 §2(3)). */
export const CONTRACT_TODO = "经批准后，乡镇人民政府引导、指导发包方与承包农户重新签订或变更承包合同，并变更权属证书";

/**
 * Each township's to-do list for contracted farmland that changed use (seed 004 §2(3)): the
 * ledger entries that enter the balance (approved or the farmers' own, not restored, not exempt)
 * on collectively owned farmland — collective farmland being the land contracted to households —
 * ordered by township, village and BSM.
 *
 * @example
 * ```ts
 * contractTodoTable(entries, name).rows.every((e) => e.ownership === "集体"); // true
 * ```
 */
export function contractTodoTable(entries: readonly OutflowEntry[], name: Namer): Table<OutflowEntry> {
  type E = OutflowEntry;
  const rows = entries
    .filter((e) => e.status === "balance" && e.ownership === "集体")
    .sort((a, b) =>
      (a.township ?? "").localeCompare(b.township ?? "") || (a.zldwdm ?? "").localeCompare(b.zldwdm ?? "") ||
      a.year - b.year || a.bsm.localeCompare(b.bsm)
    );
  return {
    name: "承包合同变更任务",
    csv: "contract_todo.csv",
    rows,
    columns: [
      township<E>((e) => e.township),
      townshipName<E>(name, (e) => e.township),
      column("zldwdm", "坐落单位代码", (e) => e.zldwdm),
      column("zldwmc", "坐落单位名称", (e) => e.zldwmc),
      column("year", "变更调查年度", (e) => e.year),
      prevBsm((e) => e.bsm),
      column("bsm_after", "本年度标识码", (e) => e.bsmAfter),
      column("from_name", "原地类", (e) => FARM_CLASS_LABELS[e.fromClass] ?? landClassName(e.fromCode)),
      column("to_name", "现地类", (e) => (e.toCode ? landClassName(e.toCode) : null)),
      ...areaPair<E>("area", "面积", (e) => e.areaM2),
      column("attribution", "归属", (e) => ATTRIBUTION_LABELS[e.attribution]),
      projectId("project_id", (e) => e.projectId),
      column("todo", "乡镇任务", () => CONTRACT_TODO),
    ],
  };
}

/** One row of the annual plan: a township and year, areas in m². */
interface PlanRow {
  county: string;
  township: string | null;
  year: number;
  scaleM2: number;
  paddyM2: number;
  livestockM2: number;
  grade: number | null;
  villages: string;
  timing: string | null;
  pendingM2: number;
  restoreM2: number;
}

/** 年度进出平衡总体方案 (转出部分), per township and year: scale, layout, timing, room for livestock land. */
function annualPlanTable(entries: OutflowEntry[], name: Namer): Table<PlanRow> {
  const groups = new Map<string, OutflowEntry[]>();
  for (const e of entries) {
    if (!["balance", "pending", "restore"].includes(e.status)) continue;
    const k = `${e.county}|${e.township ?? ""}|${e.year}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const rows = [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, es]): PlanRow => {
    const bal = es.filter((e) => e.status === "balance");
    const s = (list: OutflowEntry[]) => list.reduce((a, e) => a + e.areaM2, 0);
    const graded = bal.filter((e) => e.gddb != null);
    const gw = s(graded);
    const dates = bal.map((e) => e.phaseDate ?? `${e.year}年度`).sort();
    const villages = [...new Set(bal.map((e) => (e.village ? name(e.village) ?? e.village : e.zldwmc ?? "")))]
      .filter((v) => v).sort();
    return {
      county: es[0].county,
      township: es[0].township,
      year: es[0].year,
      scaleM2: s(bal),
      paddyM2: s(bal.filter((e) => e.fromClass === "0101")),
      livestockM2: s(bal.filter((e) => e.toClass === "1104" || e.toClass === "1202")),
      grade: gw > 0 ? graded.reduce((a, e) => a + e.areaM2 * e.gddb!, 0) / gw : null,
      villages: villages.join("、"),
      timing: dates.length
        ? (dates[0] === dates[dates.length - 1] ? dates[0] : `${dates[0]} 至 ${dates[dates.length - 1]}`)
        : null,
      pendingM2: s(es.filter((e) => e.status === "pending")),
      restoreM2: s(es.filter((e) => e.status === "restore")),
    };
  });
  type R = PlanRow;
  return {
    name: "年度方案·转出",
    csv: "annual_plan.csv",
    rows,
    columns: [
      county<R>((r) => r.county),
      township<R>((r) => r.township),
      townshipName<R>(name, (r) => r.township),
      yearColumn<R>((r) => r.year),
      ...areaPair<R>("scale", "转出规模（纳入进出平衡）面积", (r) => r.scaleM2),
      ...areaPair<R>("paddy", "其中水田面积", (r) => r.paddyM2),
      ...areaPair<R>("livestock", "其中养殖及设施农用地（1104/1202）面积", (r) => r.livestockM2),
      avgGrade<R>("grade", (r) => r.grade),
      column("villages", "布局（涉及村）", (r) => r.villages),
      column("timing", "时序（转出日期或调查年度）", (r) => r.timing),
      ...areaPair<R>("pending", "待认定（原则上整改恢复）面积", (r) => r.pendingM2),
      ...areaPair<R>("restore", "整改恢复面积", (r) => r.restoreM2),
    ],
  };
}
