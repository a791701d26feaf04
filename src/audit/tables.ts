/**
 * The audit's tables for people: rows with Chinese headers (with units) for the violations and
 * their evidence, the county × year balance, the red-line verdicts, the exempt national key
 * projects, the quota trades and the per-occupation detail. Pure: the writer decides where
 * they go. Headers from the shared builders of `src/table/`.
 *
 * @example
 * ```ts
 * auditTables(result).map((t) => t.csv); // ["flags.csv", "balance.csv", "redlines.csv", …]
 * ```
 * @module
 */
import {
  areaM2,
  areaMu,
  type Cell,
  codeColumn,
  column,
  countColumn,
  muCell,
  nameColumn,
  noteColumn,
  numColumn,
  regionTypeColumn,
  type Table,
  withUnit,
  yearColumn,
  yesNo,
} from "../table/mod.ts";
import { adminName } from "../units/admin.ts";
import type { AuditResult } from "./audit.ts";
import type { RedlineVerdict } from "./redlines.ts";
import type { AuditFlag } from "./types.ts";
import {
  FLAG_LABELS,
  REDLINE_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  SUB_LABELS,
  TRADE_LABELS,
} from "./labels.ts";

type Get<T, V = Cell> = (r: T) => V;
const county = <T>(get: Get<T>) => codeColumn<T>("countyShort", "county", get);
const countyName = <T>(get: Get<T>) => nameColumn<T>("countyShort", "county_name", get);
const region = <T>(get: Get<T>) => regionTypeColumn<T>("region", get);
/** 亩 to 4 decimals, 平方米 and other numbers to 2. */
const mu = <T>(key: string, label: string, get: Get<T, number | null>) =>
  areaMu<T>(key, label, get, { digits: 4 });
const m2 = <T>(key: string, label: string, get: Get<T, number | null>) => areaM2<T>(key, label, get);
const num = <T>(key: string, header: string, get: Get<T, number | null>) => numColumn<T>(key, header, get, 2);
/** A share in % as the audit rounds it (`share × 10000`, rounded, ÷ 100). */
const pct = <T>(key: string, label: string, get: Get<T, number | null>) =>
  column<T>(key, withUnit(label, "%"), (r) => {
    const v = get(r);
    return v === null ? null : Math.round(v * 10000) / 100;
  });
const joined = (ids: readonly string[]) => ids.join(";") || null;
const paddyMu = <T>(key: string, get: Get<T, number | null>) => mu<T>(key, "其中水田", get);
const occMu = <T>(get: Get<T, number | null>) => mu<T>("occ_mu", "占用耕地", get);
const pbfMu = <T>(key: string, get: Get<T, number | null>) => mu<T>(key, "占用永久基本农田", get);
const supMu = <T>(key: string, get: Get<T, number | null>) => mu<T>(key, "补充耕地", get);
const supM2 = <T>(key: string, get: Get<T, number | null>) => m2<T>(key, "补充耕地", get);
const supPaddyMu = <T>(get: Get<T, number | null>) => mu<T>("sup_paddy_mu", "补充水田", get);
const retreatMu = <T>(get: Get<T, number | null>) => mu<T>("retreat_mu", "按规则退出边际耕地", get);
const supIds = <T>(get: Get<T, readonly string[]>) => column<T>("sup", "关联补充项目", (r) => joined(get(r)));
const occId = <T>(key: string, get: Get<T>) => column<T>(key, "占用项目编号", get);
const supId = <T>(key: string, get: Get<T>) => column<T>(key, "补充项目编号", get);
const source = <T>(get: Get<T, keyof typeof SOURCE_LABELS>) =>
  column<T>("source", "数据来源", (r) => SOURCE_LABELS[get(r)]);
const evidence = <T>(get: Get<T>) => column<T>("evidence", "依据", get);

/**
 * Builds every table of a result. `names` maps unit codes to names (default: the result's, from
 * admin_units.csv).
 *
 * @example
 * ```ts
 * auditTables(result)[1].name; // "县年度平衡"
 * ```
 */
export function auditTables(r: AuditResult, names: ReadonlyMap<string, string> = r.names): Table<any>[] {
  const name = (code: string | null) => (code === null ? null : names.get(code) ?? adminName(code));
  const typeLabel = (county: string) => {
    const t = r.regionTypes.get(county)?.type;
    return t ? r.config.regionTypes[t].label : null;
  };
  const subLabel = (
    sub: string | null,
  ) => (sub === null ? null : sub.split("+").map((s) => SUB_LABELS[s] ?? s).join("、"));

  type F = { no: number; f: AuditFlag };
  const flags: Table<F> = {
    name: "问题线索",
    csv: "flags.csv",
    rows: r.flags.map((f, i) => ({ no: i + 1, f })),
    columns: [
      column("no", "序号", (x) => x.no),
      column("code", "检查项代码", (x) => x.f.code),
      column("check", "检查项", (x) => FLAG_LABELS[x.f.code]),
      column("sub", "细项", (x) => subLabel(x.f.sub)),
      county((x) => x.f.county),
      countyName((x) => name(x.f.county)),
      yearColumn((x) => x.f.year),
      region((x) => typeLabel(x.f.county)),
      occId("occ", (x) => joined(x.f.occupationIds)),
      supId("sup", (x) => joined(x.f.supplementIds)),
      countColumn("n_bsm", "涉及地块", (x) => x.f.bsms.length),
      column("bsm", "涉及地块BSM", (x) => joined(x.f.bsms)),
      column("evidence", "依据（数值与阈值）", (x) => x.f.evidence),
      column("measures", "主要数值（JSON，面积单位平方米）", (x) => JSON.stringify(x.f.measures)),
    ],
  };

  type B = AuditResult["balance"][number];
  const balance: Table<B> = {
    name: "县年度平衡",
    csv: "balance.csv",
    rows: r.balance,
    columns: [
      county((b) => b.county),
      countyName((b) => b.countyName ?? name(b.county)),
      yearColumn((b) => b.year),
      region((b) => r.config.regionTypes[b.regionType].label),
      column("occupations", "占用项目（个，不含国家重点项目）", (b) => b.occupations),
      m2("occ_m2", "占用耕地", (b) => b.occAreaM2),
      occMu((b) => b.occAreaM2),
      paddyMu("occ_paddy_mu", (b) => b.occPaddyM2),
      num("occ_grade", "占用耕地平均等别", (b) => b.occGrade),
      num("occ_cap", "占用耕地产能（千克）", (b) => b.occCapacityKg),
      pct("occ_frag", "占用耕地零散比例", (b) => b.occFragmentShare),
      pbfMu("occ_pbf_mu", (b) => b.occPbfM2),
      mu("occ_marginal_mu", "占用边际耕地", (b) => b.occMarginalM2),
      retreatMu((b) => b.retreatAllowedM2),
      mu("unsup_mu", "占而未补", (b) => b.unsupplementedM2),
      supM2("sup_m2", (b) => b.supAreaM2),
      supMu("sup_mu", (b) => b.supAreaM2),
      supPaddyMu((b) => b.supPaddyM2),
      num("sup_grade", "补充耕地平均等别", (b) => b.supGrade),
      num("sup_cap", "补充耕地产能（千克）", (b) => b.supCapacityKg),
      pct("sup_frag", "补充耕地零散比例", (b) => b.supFragmentShare),
      mu("sup_latest_mu", "补充且最新调查仍为耕地", (b) => b.supLatestFarmM2),
      mu("net_mu", "补充减占用", (b) => b.supAreaM2 - b.occAreaM2),
      mu("cross_prov_mu", "其中跨省域购入", (b) => b.crossProvinceM2),
      mu("cross_in_mu", "其中省内他县补入", (b) => b.crossCountyInM2),
      mu("cross_out_mu", "为他县补充", (b) => b.crossCountyOutM2),
      mu("unlinked_mu", "未关联占用的补充", (b) => b.unlinkedSupM2),
      mu("slope_mu", "补充于坡度大于25度", (b) => b.ecoSlopeM2),
      mu("flood_mu", "补充于河湖管理范围", (b) => b.ecoFloodM2),
      mu("fg_mu", "补充于原林地草地", (b) => b.ecoForestGrassM2),
      mu("wf_mu", "毁湿毁林补充", (b) => b.wetlandForestM2),
      countColumn("exempt_n", "国家重点项目", (b) => b.exemptOccupations),
      column("exempt_mu", "国家重点项目占用（亩，单列）", (b) => muCell(b.exemptAreaM2, { digits: 4 })),
      column("violations", "问题线索（条）", (b) => b.violations),
    ],
  };

  type V = { v: RedlineVerdict; c: RedlineVerdict["checks"][number] };
  const verdicts: Table<V> = {
    name: "红线判定",
    csv: "redlines.csv",
    rows: r.verdicts.flatMap((v) => v.checks.map((c) => ({ v, c }))),
    columns: [
      county((x) => x.v.county),
      countyName((x) => x.v.countyName ?? name(x.v.county)),
      yearColumn((x) => x.v.year),
      column("type", "地区类型代码", (x) => x.v.regionType),
      region((x) => x.v.regionLabel),
      column(
        "type_source",
        "类型来源",
        (x) => TYPE_SOURCE[r.regionTypes.get(x.v.county)?.source ?? "default"],
      ),
      column("overall", "总体判定", (x) => STATUS_LABELS[x.v.status]),
      column("check", "红线检查项", (x) => REDLINE_LABELS[x.c.check]),
      column("status", "检查结果", (x) => STATUS_LABELS[x.c.status]),
      evidence((x) => x.c.evidence),
    ],
  };

  type E = AuditResult["exempt"][number];
  const exempt: Table<E> = {
    name: "国家重点项目（豁免）",
    csv: "exempt_key_projects.csv",
    rows: r.exempt,
    columns: [
      column("id", "项目编号", (e) => e.occupation.id),
      county((e) => e.occupation.county),
      countyName((e) => name(e.occupation.county)),
      yearColumn((e) => e.occupation.year),
      column("name", "项目名称", (e) => e.occupation.name),
      occMu((e) => e.occupation.occAreaM2),
      paddyMu("paddy_mu", (e) => e.occupation.occPaddyM2),
      num("grade", "平均等别", (e) => e.occupation.occGrade),
      pbfMu("pbf_mu", (e) => e.occupation.occPbfM2),
      supIds((e) => e.occupation.supIds),
      supMu("sup_mu", (e) => e.occupation.supAreaM2),
      column(
        "would",
        "如非豁免将触发的检查",
        (e) =>
          e.flags.map((f) => FLAG_LABELS[f.code] + (f.sub ? `（${subLabel(f.sub)}）` : "")).join("；") ||
          null,
      ),
      evidence((e) => e.flags.map((f) => f.evidence).join("；") || null),
      noteColumn("note", () => "国家重点项目按规定单列，不计入违规线索和红线判定"),
    ],
  };

  type Q = AuditResult["trades"][number];
  const province = (code: string) => `${name(code) ?? ""}（${code}）`;
  const trades: Table<Q> = {
    name: "跨区域指标交易",
    csv: "trades.csv",
    rows: r.trades,
    columns: [
      column("kind", "交易类型", (t) => TRADE_LABELS[t.kind]),
      supId("sup", (t) => t.supplementId),
      occId("occ", (t) => t.occupationId),
      yearColumn((t) => t.year),
      codeColumn("countyShort", "buyer", (t) => t.buyerCounty, "买方"),
      nameColumn("countyShort", "buyer_name", (t) => name(t.buyerCounty), "买方"),
      column("buyer_prov", "买方省份", (t) => province(t.buyerProvince)),
      column(
        "seller_prov",
        "卖方省份",
        (t) => (/^\d+$/.test(t.sellerProvince) ? province(t.sellerProvince) : t.sellerProvince),
      ),
      codeColumn("countyShort", "seller", (t) => t.sellerCounty, "卖方"),
      supM2("area_m2", (t) => t.areaM2),
      supMu("area_mu", (t) => t.areaM2),
      paddyMu("paddy_mu", (t) => t.paddyM2),
      num("grade", "补充耕地平均等别", (t) => t.grade),
      mu("occ_mu", "买方占用耕地", (t) => t.occAreaM2),
      num("occ_grade", "买方占用耕地平均等别", (t) => t.occGrade),
      source((t) => t.source),
    ],
  };

  type O = AuditResult["occupations"][number];
  const projects: Table<O> = {
    name: "占用项目明细",
    csv: "occupations.csv",
    rows: r.occupations,
    columns: [
      occId("id", (o) => o.id),
      county((o) => o.county),
      yearColumn((o) => o.year),
      yesNo("key", "国家重点项目", (o) => o.keyProject),
      source((o) => o.source),
      occMu((o) => o.occAreaM2),
      paddyMu("paddy_mu", (o) => o.occPaddyM2),
      num("grade", "占用平均等别", (o) => o.occGrade),
      pbfMu("pbf_mu", (o) => o.occPbfM2),
      mu("hsf_mu", "占用高标准农田", (o) => o.occHsfM2),
      mu("marginal_mu", "其中边际耕地", (o) => o.occMarginalM2),
      supIds((o) => o.supIds),
      supMu("sup_mu", (o) => o.supAreaM2),
      supPaddyMu((o) => o.supPaddyM2),
      num("sup_grade", "补充平均等别", (o) => o.supGrade),
      retreatMu((o) => o.retreatAllowedM2),
      column("occ_bsm", "占用地块BSM", (o) => joined(o.occBsms)),
      column("sup_bsm", "补充地块BSM", (o) => joined(o.supBsms)),
    ],
  };
  type P = AuditResult["pending"][number];
  const pending: Table<P> = {
    name: "待核实图斑",
    csv: "pending_parcels.csv",
    rows: r.pending,
    columns: [
      column("sup_id", "补充项目编号", (p) => p.supplementId),
      county((p) => p.county),
      yearColumn((p) => p.year),
      column("bsm", "补充地块BSM", (p) => p.bsm),
      column("found", "追溯所见", (p) => p.found),
      column("todo", "处理", () => "最新调查中无此图斑，也无重新编号的图斑承接：请实地核实后再判定，暂不计为问题"),
    ],
  };
  type T = AuditResult["traces"][number];
  const traces: Table<T> = {
    name: "图斑追溯",
    csv: "parcel_traces.csv",
    rows: r.traces,
    columns: [
      county((t) => t.county),
      column("bsm", "原图斑BSM", (t) => t.bsm),
      column("from_year", "最后出现年度", (t) => t.fromYear),
      yearColumn((t) => t.year),
      column("how", "追溯方式", (t) => (t.how === "overlap" ? "按叠加追溯到重新编号的图斑" : "未找到对应图斑（待核实）")),
      column("text", "追溯结果", (t) => t.text),
    ],
  };
  return [flags, balance, verdicts, exempt, trades, projects, pending, traces];
}

const TYPE_SOURCE: Record<string, string> = {
  config_county: "配置（县）",
  admin_units: "行政区表 region_type",
  seed_suggestion: "种子文献建议（已启用）",
  config_province: "配置（省，默认为13个粮食主产省）",
  default: "默认类型",
};
