/**
 * Writes the out-flow ledger as files a county analyst opens: every table as CSV (UTF-8 with
 * BOM) and all of them as sheets of one XLSX, with Chinese headers carrying their units
 * (面积（平方米）, 面积（亩）), plus the method notes and the input problems. The folder is
 * written atomically (src/report/write.ts): a failure leaves the previous report in place.
 *
 * Files: needs.csv (转出需求，交选址), entries.csv (转出台账), restoration.csv (整改恢复清单),
 * pending.csv (通知后待认定清单), exempt.csv (可豁免情形), projects.csv, coverage.csv,
 * unmatched.csv, by_unit.csv, by_dimension.csv, annual_plan.csv (年度进出平衡总体方案·转出部分),
 * outflow.xlsx, method.txt, problems.txt.
 *
 * @example
 * ```ts
 * const stats = await outflowStatistics(db, ledger.entries);
 * await writeOutflowOutputs("reports/outflow/900101", [ledger], stats, { name: namer.name });
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import { writeCsv } from "../io/csv.ts";
import { writeXlsx } from "../io/xlsx.ts";
import { writeReportDir } from "../io/report_dir.ts";
import { M2_PER_MU } from "../units/area.ts";
import { landClassName } from "../units/landclass.ts";
import type { OutflowEntry, OutflowLedger } from "./types.ts";
import type { OutflowStatistics } from "./sql.ts";
import { ATTRIBUTION_LABELS, FARM_CLASS_LABELS, KIND_LABELS, STATUS_LABELS } from "./notes.ts";
import { EXEMPT_LABELS } from "./rules.ts";

/** A column: row key and Chinese header with unit. */
export interface OutColumn {
  key: string;
  header: string;
}

type Row = Record<string, Cell>;
const r2 = (v: number) => Math.round(v * 100) / 100;
const r4 = (v: number) => Math.round(v * 10000) / 10000;
const mu = (m2: number) => r4(m2 / M2_PER_MU);
const area = (prefix: string, key: string): OutColumn[] => [
  { key: `${key}_m2`, header: `${prefix}面积（平方米）` },
  { key: `${key}_mu`, header: `${prefix}面积（亩）` },
];

/** Columns of the entry tables (entries, restoration, pending, exempt). */
export const ENTRY_COLUMNS: readonly OutColumn[] = Object.freeze([
  { key: "year", header: "变更调查年度" }, { key: "county", header: "县级代码" }, { key: "county_name", header: "县级名称" },
  { key: "township", header: "乡镇代码" }, { key: "township_name", header: "乡镇名称" }, { key: "zldwdm", header: "坐落单位代码" },
  { key: "zldwmc", header: "坐落单位名称" }, { key: "bsm", header: "上年度标识码" }, { key: "bsm_after", header: "本年度标识码" },
  { key: "matched_by", header: "匹配方式" }, { key: "from_code", header: "原地类编码" }, { key: "from_name", header: "原地类" },
  { key: "to_code", header: "现地类编码" }, { key: "to_name", header: "现地类" }, { key: "kind", header: "变化类型" },
  { key: "status", header: "台账去向" }, ...area("", "area"), { key: "share", header: "占原图斑比例" },
  { key: "attribution", header: "归属" }, { key: "project_id", header: "项目编号" }, { key: "project_type", header: "项目类型" },
  { key: "exempt", header: "豁免类型" }, { key: "approved", header: "项目已批准" }, { key: "phase", header: "通知前后" },
  { key: "phase_date", header: "判定日期" }, { key: "phase_basis", header: "判定依据" }, { key: "consent", header: "县级认定" },
  { key: "ownership", header: "权属" }, { key: "qsxz", header: "权属性质代码" }, { key: "gddb", header: "耕地等别" },
  { key: "gdpdjb", header: "坡度级别" }, { key: "tbxhdm", header: "图斑细化代码" }, { key: "zzsx_before", header: "原种植属性" },
  { key: "zzsx_after", header: "现种植属性" }, ...area("其中不稳定耕地", "unstable"), { key: "unstable_reason", header: "不稳定原因" },
  { key: "note", header: "说明" },
] as OutColumn[]);

function entryRow(e: OutflowEntry, name: (c: string) => string | null): Row {
  return {
    year: e.year, county: e.county, county_name: name(e.county), township: e.township, township_name: e.township ? name(e.township) : null,
    zldwdm: e.zldwdm, zldwmc: e.zldwmc, bsm: e.bsm, bsm_after: e.bsmAfter,
    matched_by: { BSM: "标识码", overlap: "叠加", none: "未匹配" }[e.matchedBy],
    from_code: e.fromCode, from_name: FARM_CLASS_LABELS[e.fromClass] ?? landClassName(e.fromCode),
    to_code: e.toCode, to_name: e.toCode ? landClassName(e.toCode) : null, kind: KIND_LABELS[e.kind],
    status: STATUS_LABELS[e.status], area_m2: r2(e.areaM2), area_mu: mu(e.areaM2), share: r4(e.share),
    attribution: ATTRIBUTION_LABELS[e.attribution], project_id: e.projectId, project_type: e.projectType,
    exempt: e.exempt ? EXEMPT_LABELS[e.exempt] : null, approved: e.approved == null ? null : e.approved ? "是" : "否",
    phase: e.phase, phase_date: e.phaseDate, phase_basis: e.phaseBasis, consent: e.consent, ownership: e.ownership,
    qsxz: e.qsxz, gddb: e.gddb, gdpdjb: e.gdpdjb, tbxhdm: e.tbxhdm, zzsx_before: e.zzsxBefore, zzsx_after: e.zzsxAfter,
    unstable_m2: r2(e.unstableM2), unstable_mu: mu(e.unstableM2), unstable_reason: e.unstableReason, note: e.note,
  };
}

const NEED_COLUMNS: OutColumn[] = [
  { key: "province", header: "省级代码" }, { key: "city", header: "市级代码" }, { key: "county", header: "县级代码" },
  { key: "county_name", header: "县级名称" }, { key: "year", header: "年度" }, ...area("纳入进出平衡的转出", "area"),
  { key: "grade", header: "面积加权平均等别" }, ...area("其中水田", "paddy"),
];

const PROJECT_COLUMNS: OutColumn[] = [
  { key: "id", header: "项目编号" }, { key: "name", header: "项目名称" }, { key: "year", header: "年度" },
  { key: "county", header: "县级代码" }, { key: "type", header: "项目类型" }, { key: "exempt", header: "豁免类型" },
  { key: "start", header: "开工日期" }, { key: "end", header: "完工日期" }, { key: "consent", header: "承包户书面同意" },
  { key: "filed", header: "乡镇备案" }, { key: "plan", header: "符合国土空间规划" }, { key: "supplement", header: "补充方式" },
  { key: "investment", header: "投资（万元）" }, { key: "declared_m2", header: "申报面积（平方米）" },
  { key: "planar_m2", header: "范围几何面积（平方米）" }, ...area("覆盖上年度耕地", "covered"), ...area("其中已变化", "changed"),
  ...area("纳入进出平衡", "balance"), ...area("待认定", "pending"), ...area("整改恢复", "restore"), ...area("豁免", "exempt"),
  { key: "pbf_m2", header: "涉及永久基本农田几何面积（平方米）" }, { key: "flags", header: "审核提示" },
];

const UNIT_COLUMNS: OutColumn[] = [
  { key: "level", header: "统计层级" }, { key: "county", header: "县级代码" }, { key: "township", header: "乡镇代码" },
  { key: "township_name", header: "乡镇名称" }, { key: "year", header: "年度" },
  ...area("耕地减少", "changed"), ...area("纳入进出平衡", "balance"), ...area("通知后待认定", "pending"),
  ...area("整改恢复（永久基本农田）", "restore"), ...area("可豁免", "exempt"), ...area("建设占用（占补）", "zhanbu"),
  ...area("其他减少", "other"), ...area("未匹配", "unmatched"),
  ...area("纳入平衡·水田", "balance_paddy"), ...area("纳入平衡·水浇地", "balance_irrigated"), ...area("纳入平衡·旱地", "balance_dry"),
  ...area("纳入平衡·国有", "balance_state"), ...area("纳入平衡·集体", "balance_collective"),
  ...area("纳入平衡·项目", "balance_project"), ...area("纳入平衡·农民自发", "balance_farmer"),
  ...area("纳入平衡·通知前", "balance_pre"), ...area("纳入平衡·通知后", "balance_post"),
  ...area("纳入平衡·不稳定耕地", "balance_unstable"), ...area("转出（不含豁免）", "out"), ...area("转出中不稳定耕地", "out_unstable"),
  { key: "unstable_share", header: "转出中不稳定耕地占比（%）" }, { key: "balance_grade", header: "纳入平衡面积加权平均等别" },
  { key: "parcels", header: "涉及图斑（个）" },
];

/** Writes every table of the ledgers (one or more counties) into `dir`, atomically. */
export async function writeOutflowOutputs(
  dir: string,
  ledgers: OutflowLedger[],
  stats: OutflowStatistics,
  opts: { name?: (code: string) => string | null } = {},
): Promise<void> {
  const name = opts.name ?? (() => null);
  const entries = ledgers.flatMap((l) => l.entries);
  const rows = entries.map((e) => entryRow(e, name));
  const pick = (s: OutflowEntry["status"]) => rows.filter((_, i) => entries[i].status === s);
  const needs: Row[] = ledgers.flatMap((l) => l.needs).map((n) => ({
    province: n.province, city: n.city, county: n.county, year: n.year, county_name: name(n.county), area_m2: r2(n.areaM2), area_mu: mu(n.areaM2),
    grade: n.grade == null ? null : r4(n.grade), paddy_m2: r2(n.paddyM2), paddy_mu: mu(n.paddyM2),
  }));
  const projects: Row[] = ledgers.flatMap((l) => l.projects).map((s) => {
    const p = s.project, yn = (b: boolean | null) => (b == null ? null : b ? "是" : "否");
    const st = (k: keyof typeof s.byStatus) => s.byStatus[k] ?? 0;
    return {
      id: p.id, name: p.name, year: p.year, county: s.county, type: p.type, exempt: p.exempt ? EXEMPT_LABELS[p.exempt] : null,
      start: p.startDate, end: p.endDate, consent: yn(p.householdConsent), filed: yn(p.townshipFiled), plan: yn(p.conformsToPlan),
      supplement: p.supplementMode, investment: p.investmentWan, declared_m2: p.declaredM2,
      planar_m2: s.planarM2 == null ? null : r2(s.planarM2), covered_m2: r2(s.coveredFarmlandM2), covered_mu: mu(s.coveredFarmlandM2),
      changed_m2: r2(s.changedM2), changed_mu: mu(s.changedM2),
      ...Object.fromEntries((["balance", "pending", "restore", "exempt"] as const).flatMap((k) => [[`${k}_m2`, r2(st(k))], [`${k}_mu`, mu(st(k))]])),
      pbf_m2: r2(s.pbfPlanarM2), flags: s.flags.join("；"),
    };
  });
  const coverage: Row[] = ledgers.flatMap((l) => l.coverage).map((c) => ({
    project: c.projectId, year: c.year, bsm: c.bsm, from: c.fromCode, to: c.toCode, share: r4(c.share),
    area_m2: r2(c.areaM2), area_mu: mu(c.areaM2), changed: c.changed ? "是" : "否",
  }));
  const covCols: OutColumn[] = [
    { key: "project", header: "项目编号" }, { key: "year", header: "年度" }, { key: "bsm", header: "上年度标识码" },
    { key: "from", header: "原地类编码" }, { key: "to", header: "现地类编码" }, { key: "share", header: "覆盖比例" },
    ...area("覆盖耕地", "area"), { key: "changed", header: "已变为非耕地" },
  ];
  const unmatched: Row[] = ledgers.flatMap((l) => l.unmatched).map((u) => ({
    year: u.year, county: u.county, bsm: u.bsm, from: u.fromCode, area_m2: r2(u.areaM2), area_mu: mu(u.areaM2), reason: u.reason,
    overlaps: u.overlaps.map((o) => `${o.bsm}（${o.code}，${r4(o.share)}）`).join("；"), uncovered: r4(u.uncoveredShare),
  }));
  const unmCols: OutColumn[] = [
    { key: "year", header: "年度" }, { key: "county", header: "县级代码" }, { key: "bsm", header: "上年度标识码" },
    { key: "from", header: "原地类编码" }, ...area("图斑地类", "area"), { key: "reason", header: "原因" },
    { key: "overlaps", header: "叠加到的本年度图斑（地类，比例）" }, { key: "uncovered", header: "无图斑覆盖比例" },
  ];
  const units: Row[] = stats.byUnit.map((u) => {
    const row: Row = { level: u.level === "county" ? "县" : "乡镇", county: u.county, township: u.township, township_name: u.township ? name(u.township) : null, year: u.year };
    for (const c of UNIT_COLUMNS) {
      if (c.key.endsWith("_m2")) row[c.key] = r2((u as unknown as Record<string, number>)[c.key]);
      if (c.key.endsWith("_mu")) row[c.key] = mu((u as unknown as Record<string, number>)[c.key.replace(/_mu$/, "_m2")]);
    }
    row.unstable_share = u.out_m2 > 0 ? r2(100 * u.out_unstable_m2 / u.out_m2) : null;
    row.balance_grade = u.balance_grade == null ? null : r4(u.balance_grade);
    row.parcels = u.parcels;
    return row;
  });
  const dims: Row[] = stats.byDimension.map((d) => ({
    level: d.level === "county" ? "县" : "乡镇", county: d.county, township: d.township, year: d.year, dimension: d.dimension,
    value: d.value, status: STATUS_LABELS[d.status as OutflowEntry["status"]] ?? d.status, area_m2: r2(d.area_m2), area_mu: r4(d.area_mu), parcels: d.parcels,
  }));
  const dimCols: OutColumn[] = [
    { key: "level", header: "统计层级" }, { key: "county", header: "县级代码" }, { key: "township", header: "乡镇代码" },
    { key: "year", header: "年度" }, { key: "dimension", header: "统计维度" }, { key: "value", header: "分类" },
    { key: "status", header: "台账去向" }, ...area("", "area"), { key: "parcels", header: "图斑（个）" },
  ];
  const plan = annualPlan(entries, name);
  const notes = ledgers[0]?.notes ?? [];
  const problems = ledgers.flatMap((l) => l.problems);
  const tables: [string, string, OutColumn[], Row[]][] = [
    ["needs.csv", "转出需求（交选址）", NEED_COLUMNS, needs],
    ["annual_plan.csv", "年度方案·转出", PLAN_COLUMNS, plan],
    ["by_unit.csv", "乡镇与县汇总", UNIT_COLUMNS, units],
    ["by_dimension.csv", "分类统计", dimCols, dims],
    ["entries.csv", "转出台账", [...ENTRY_COLUMNS], rows],
    ["restoration.csv", "整改恢复清单", [...ENTRY_COLUMNS], pick("restore")],
    ["pending.csv", "通知后待认定清单", [...ENTRY_COLUMNS], pick("pending")],
    ["exempt.csv", "可豁免情形", [...ENTRY_COLUMNS], pick("exempt")],
    ["projects.csv", "转出项目", PROJECT_COLUMNS, projects],
    ["coverage.csv", "项目覆盖图斑", covCols, coverage],
    ["unmatched.csv", "未匹配图斑", unmCols, unmatched],
  ];
  const files: Record<string, string | ((p: string) => Promise<void>)> = {};
  for (const [file, , cols, data] of tables) files[file] = (p) => writeCsv(p, cols, data);
  files["outflow.xlsx"] = (p) => writeXlsx(p, [
    ...tables.map(([, sheet, cols, data]) => ({ name: sheet, columns: cols, rows: data })),
    { name: "方法与参数", columns: [{ key: "k", header: "序号" }, { key: "v", header: "内容" }], rows: notes.map((v, i) => ({ k: i + 1, v })) },
    { name: "输入问题", columns: [{ key: "k", header: "序号" }, { key: "v", header: "内容" }], rows: problems.map((v, i) => ({ k: i + 1, v })) },
  ]);
  files["method.txt"] = notes.map((n, i) => `${i + 1}. ${n}`).join("\n") + "\n";
  files["problems.txt"] = problems.length ? problems.join("\n") + "\n" : "未发现输入问题\n";
  await writeReportDir(dir, files);
}

const PLAN_COLUMNS: OutColumn[] = [
  { key: "county", header: "县级代码" }, { key: "township", header: "乡镇代码" }, { key: "township_name", header: "乡镇名称" },
  { key: "year", header: "年度" }, ...area("转出规模（纳入进出平衡）", "scale"), ...area("其中水田", "paddy"),
  ...area("其中养殖及设施农用地（1104/1202）", "livestock"), { key: "grade", header: "面积加权平均等别" },
  { key: "villages", header: "布局（涉及村）" }, { key: "timing", header: "时序（转出日期或调查年度）" },
  ...area("待认定（原则上整改恢复）", "pending"), ...area("整改恢复", "restore"),
];

/** 年度进出平衡总体方案 (转出部分), per township and year: scale, layout, timing, room for livestock land. */
function annualPlan(entries: OutflowEntry[], name: (c: string) => string | null): Row[] {
  const groups = new Map<string, OutflowEntry[]>();
  for (const e of entries) {
    if (!["balance", "pending", "restore"].includes(e.status)) continue;
    const k = `${e.county}|${e.township ?? ""}|${e.year}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, es]) => {
    const bal = es.filter((e) => e.status === "balance");
    const s = (list: OutflowEntry[]) => list.reduce((a, e) => a + e.areaM2, 0);
    const scale = s(bal), paddy = s(bal.filter((e) => e.fromClass === "0101"));
    const livestock = s(bal.filter((e) => e.toClass === "1104" || e.toClass === "1202"));
    const graded = bal.filter((e) => e.gddb != null);
    const gw = s(graded);
    const dates = bal.map((e) => e.phaseDate ?? `${e.year}年度`).sort();
    const villages = [...new Set(bal.map((e) => (e.village ? name(e.village) ?? e.village : e.zldwmc ?? "")))].filter((v) => v).sort();
    const pending = s(es.filter((e) => e.status === "pending")), restore = s(es.filter((e) => e.status === "restore"));
    return {
      county: es[0].county, township: es[0].township, township_name: es[0].township ? name(es[0].township) : null, year: es[0].year,
      scale_m2: r2(scale), scale_mu: mu(scale), paddy_m2: r2(paddy), paddy_mu: mu(paddy), livestock_m2: r2(livestock), livestock_mu: mu(livestock),
      grade: gw > 0 ? r4(graded.reduce((a, e) => a + e.areaM2 * e.gddb!, 0) / gw) : null, villages: villages.join("、"),
      timing: dates.length ? (dates[0] === dates[dates.length - 1] ? dates[0] : `${dates[0]} 至 ${dates[dates.length - 1]}`) : null,
      pending_m2: r2(pending), pending_mu: mu(pending), restore_m2: r2(restore), restore_mu: mu(restore),
    };
  });
}
