/**
 * The audit's tables for people: rows with Chinese headers (with units) for the violations and
 * their evidence, the county × year balance, the red-line verdicts, the exempt national key
 * projects, the quota trades and the per-occupation detail. Pure: the writer decides where
 * they go.
 *
 * @module
 */
import type { Cell } from "../io/layer.ts";
import { adminName } from "../units/admin.ts";
import { M2_PER_MU } from "../units/area.ts";
import type { AuditResult } from "./audit.ts";
import {
  FLAG_LABELS,
  REDLINE_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  SUB_LABELS,
  TRADE_LABELS,
} from "./labels.ts";

/** One table: its columns (key, Chinese header with unit) and rows. */
export interface AuditTable {
  name: string;
  file: string;
  columns: { key: string; header: string }[];
  rows: Record<string, Cell>[];
}

const mu = (m2: number | null) => (m2 === null ? null : Math.round((m2 / M2_PER_MU) * 10000) / 10000);
const r2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const pct = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 100);
const cols = (pairs: [string, string][]) => pairs.map(([key, header]) => ({ key, header }));

/** Builds every table of a result. `names` maps unit codes to names (default: the result's, from admin_units.csv). */
export function auditTables(r: AuditResult, names: ReadonlyMap<string, string> = r.names): AuditTable[] {
  const name = (code: string | null) => (code === null ? null : names.get(code) ?? adminName(code));
  const typeLabel = (county: string) => {
    const t = r.regionTypes.get(county)?.type;
    return t ? r.config.regionTypes[t].label : null;
  };
  const subLabel = (
    sub: string | null,
  ) => (sub === null ? null : sub.split("+").map((s) => SUB_LABELS[s] ?? s).join("、"));

  const flags: AuditTable = {
    name: "问题线索",
    file: "flags.csv",
    columns: cols([
      ["no", "序号"],
      ["code", "检查项代码"],
      ["check", "检查项"],
      ["sub", "细项"],
      ["county", "县代码"],
      ["county_name", "县名称"],
      ["year", "年度"],
      ["region", "地区类型"],
      ["occ", "占用项目编号"],
      ["sup", "补充项目编号"],
      ["n_bsm", "涉及地块（个）"],
      ["bsm", "涉及地块BSM"],
      ["evidence", "依据（数值与阈值）"],
      ["measures", "主要数值（JSON，面积单位平方米）"],
    ]),
    rows: r.flags.map((f, i) => ({
      no: i + 1,
      code: f.code,
      check: FLAG_LABELS[f.code],
      sub: subLabel(f.sub),
      county: f.county,
      county_name: name(f.county),
      year: f.year,
      region: typeLabel(f.county),
      occ: f.occupationIds.join(";") || null,
      sup: f.supplementIds.join(";") || null,
      n_bsm: f.bsms.length,
      bsm: f.bsms.join(";") || null,
      evidence: f.evidence,
      measures: JSON.stringify(f.measures),
    })),
  };

  const balance: AuditTable = {
    name: "县年度平衡",
    file: "balance.csv",
    columns: cols([
      ["county", "县代码"],
      ["county_name", "县名称"],
      ["year", "年度"],
      ["region", "地区类型"],
      ["occupations", "占用项目（个，不含国家重点项目）"],
      ["occ_m2", "占用耕地（平方米）"],
      ["occ_mu", "占用耕地（亩）"],
      ["occ_paddy_mu", "其中水田（亩）"],
      ["occ_grade", "占用耕地平均等别"],
      ["occ_cap", "占用耕地产能（千克）"],
      ["occ_frag", "占用耕地零散比例（%）"],
      ["occ_pbf_mu", "占用永久基本农田（亩）"],
      ["occ_marginal_mu", "占用边际耕地（亩）"],
      ["retreat_mu", "按规则退出边际耕地（亩）"],
      ["unsup_mu", "占而未补（亩）"],
      ["sup_m2", "补充耕地（平方米）"],
      ["sup_mu", "补充耕地（亩）"],
      ["sup_paddy_mu", "补充水田（亩）"],
      ["sup_grade", "补充耕地平均等别"],
      ["sup_cap", "补充耕地产能（千克）"],
      ["sup_frag", "补充耕地零散比例（%）"],
      ["sup_latest_mu", "补充且最新调查仍为耕地（亩）"],
      ["net_mu", "补充减占用（亩）"],
      ["cross_prov_mu", "其中跨省域购入（亩）"],
      ["cross_in_mu", "其中省内他县补入（亩）"],
      ["cross_out_mu", "为他县补充（亩）"],
      ["unlinked_mu", "未关联占用的补充（亩）"],
      ["slope_mu", "补充于坡度大于25度（亩）"],
      ["flood_mu", "补充于河湖管理范围（亩）"],
      ["fg_mu", "补充于原林地草地（亩）"],
      ["wf_mu", "毁湿毁林补充（亩）"],
      ["exempt_n", "国家重点项目（个）"],
      ["exempt_mu", "国家重点项目占用（亩，单列）"],
      ["violations", "问题线索（条）"],
    ]),
    rows: r.balance.map((b) => ({
      county: b.county,
      county_name: b.countyName ?? name(b.county),
      year: b.year,
      region: r.config.regionTypes[b.regionType].label,
      occupations: b.occupations,
      occ_m2: r2(b.occAreaM2),
      occ_mu: mu(b.occAreaM2),
      occ_paddy_mu: mu(b.occPaddyM2),
      occ_grade: r2(b.occGrade),
      occ_cap: r2(b.occCapacityKg),
      occ_frag: pct(b.occFragmentShare),
      occ_pbf_mu: mu(b.occPbfM2),
      occ_marginal_mu: mu(b.occMarginalM2),
      retreat_mu: mu(b.retreatAllowedM2),
      unsup_mu: mu(b.unsupplementedM2),
      sup_m2: r2(b.supAreaM2),
      sup_mu: mu(b.supAreaM2),
      sup_paddy_mu: mu(b.supPaddyM2),
      sup_grade: r2(b.supGrade),
      sup_cap: r2(b.supCapacityKg),
      sup_frag: pct(b.supFragmentShare),
      sup_latest_mu: mu(b.supLatestFarmM2),
      net_mu: mu(b.supAreaM2 - b.occAreaM2),
      cross_prov_mu: mu(b.crossProvinceM2),
      cross_in_mu: mu(b.crossCountyInM2),
      cross_out_mu: mu(b.crossCountyOutM2),
      unlinked_mu: mu(b.unlinkedSupM2),
      slope_mu: mu(b.ecoSlopeM2),
      flood_mu: mu(b.ecoFloodM2),
      fg_mu: mu(b.ecoForestGrassM2),
      wf_mu: mu(b.wetlandForestM2),
      exempt_n: b.exemptOccupations,
      exempt_mu: mu(b.exemptAreaM2),
      violations: b.violations,
    })),
  };

  const verdicts: AuditTable = {
    name: "红线判定",
    file: "redlines.csv",
    columns: cols([
      ["county", "县代码"],
      ["county_name", "县名称"],
      ["year", "年度"],
      ["type", "地区类型代码"],
      ["region", "地区类型"],
      ["type_source", "类型来源"],
      ["overall", "总体判定"],
      ["check", "红线检查项"],
      ["status", "检查结果"],
      ["evidence", "依据"],
    ]),
    rows: r.verdicts.flatMap((v) =>
      v.checks.map((c) => ({
        county: v.county,
        county_name: v.countyName ?? name(v.county),
        year: v.year,
        type: v.regionType,
        region: v.regionLabel,
        type_source: TYPE_SOURCE[r.regionTypes.get(v.county)?.source ?? "default"],
        overall: STATUS_LABELS[v.status],
        check: REDLINE_LABELS[c.check],
        status: STATUS_LABELS[c.status],
        evidence: c.evidence,
      }))
    ),
  };

  const exempt: AuditTable = {
    name: "国家重点项目（豁免）",
    file: "exempt_key_projects.csv",
    columns: cols([
      ["id", "项目编号"],
      ["county", "县代码"],
      ["county_name", "县名称"],
      ["year", "年度"],
      ["name", "项目名称"],
      ["occ_mu", "占用耕地（亩）"],
      ["paddy_mu", "其中水田（亩）"],
      ["grade", "平均等别"],
      ["pbf_mu", "占用永久基本农田（亩）"],
      ["sup", "关联补充项目"],
      ["sup_mu", "补充耕地（亩）"],
      ["would", "如非豁免将触发的检查"],
      ["evidence", "依据"],
      ["note", "说明"],
    ]),
    rows: r.exempt.map((e) => ({
      id: e.occupation.id,
      county: e.occupation.county,
      county_name: name(e.occupation.county),
      year: e.occupation.year,
      name: e.occupation.name,
      occ_mu: mu(e.occupation.occAreaM2),
      paddy_mu: mu(e.occupation.occPaddyM2),
      grade: r2(e.occupation.occGrade),
      pbf_mu: mu(e.occupation.occPbfM2),
      sup: e.occupation.supIds.join(";") || null,
      sup_mu: mu(e.occupation.supAreaM2),
      would: e.flags.map((f) => FLAG_LABELS[f.code] + (f.sub ? `（${subLabel(f.sub)}）` : "")).join("；") ||
        null,
      evidence: e.flags.map((f) => f.evidence).join("；") || null,
      note: "国家重点项目按规定单列，不计入违规线索和红线判定",
    })),
  };

  const trades: AuditTable = {
    name: "跨区域指标交易",
    file: "trades.csv",
    columns: cols([
      ["kind", "交易类型"],
      ["sup", "补充项目编号"],
      ["occ", "占用项目编号"],
      ["year", "年度"],
      ["buyer", "买方县代码"],
      ["buyer_name", "买方县名称"],
      ["buyer_prov", "买方省份"],
      ["seller_prov", "卖方省份"],
      ["seller", "卖方县代码"],
      ["area_m2", "补充耕地（平方米）"],
      ["area_mu", "补充耕地（亩）"],
      ["paddy_mu", "其中水田（亩）"],
      ["grade", "补充耕地平均等别"],
      ["occ_mu", "买方占用耕地（亩）"],
      ["occ_grade", "买方占用耕地平均等别"],
      ["source", "数据来源"],
    ]),
    rows: r.trades.map((t) => ({
      kind: TRADE_LABELS[t.kind],
      sup: t.supplementId,
      occ: t.occupationId,
      year: t.year,
      buyer: t.buyerCounty,
      buyer_name: name(t.buyerCounty),
      buyer_prov: `${name(t.buyerProvince) ?? ""}（${t.buyerProvince}）`,
      seller_prov: /^\d+$/.test(t.sellerProvince)
        ? `${name(t.sellerProvince) ?? ""}（${t.sellerProvince}）`
        : t.sellerProvince,
      seller: t.sellerCounty,
      area_m2: r2(t.areaM2),
      area_mu: mu(t.areaM2),
      paddy_mu: mu(t.paddyM2),
      grade: r2(t.grade),
      occ_mu: mu(t.occAreaM2),
      occ_grade: r2(t.occGrade),
      source: SOURCE_LABELS[t.source],
    })),
  };

  const projects: AuditTable = {
    name: "占用项目明细",
    file: "occupations.csv",
    columns: cols([
      ["id", "占用项目编号"],
      ["county", "县代码"],
      ["year", "年度"],
      ["key", "国家重点项目"],
      ["source", "数据来源"],
      ["occ_mu", "占用耕地（亩）"],
      ["paddy_mu", "其中水田（亩）"],
      ["grade", "占用平均等别"],
      ["pbf_mu", "占用永久基本农田（亩）"],
      ["hsf_mu", "占用高标准农田（亩）"],
      ["marginal_mu", "其中边际耕地（亩）"],
      ["sup", "关联补充项目"],
      ["sup_mu", "补充耕地（亩）"],
      ["sup_paddy_mu", "补充水田（亩）"],
      ["sup_grade", "补充平均等别"],
      ["retreat_mu", "按规则退出边际耕地（亩）"],
      ["occ_bsm", "占用地块BSM"],
      ["sup_bsm", "补充地块BSM"],
    ]),
    rows: r.occupations.map((o) => ({
      id: o.id,
      county: o.county,
      year: o.year,
      key: o.keyProject ? "是" : "否",
      source: SOURCE_LABELS[o.source],
      occ_mu: mu(o.occAreaM2),
      paddy_mu: mu(o.occPaddyM2),
      grade: r2(o.occGrade),
      pbf_mu: mu(o.occPbfM2),
      hsf_mu: mu(o.occHsfM2),
      marginal_mu: mu(o.occMarginalM2),
      sup: o.supIds.join(";") || null,
      sup_mu: mu(o.supAreaM2),
      sup_paddy_mu: mu(o.supPaddyM2),
      sup_grade: r2(o.supGrade),
      retreat_mu: mu(o.retreatAllowedM2),
      occ_bsm: o.occBsms.join(";") || null,
      sup_bsm: o.supBsms.join(";") || null,
    })),
  };
  return [flags, balance, verdicts, exempt, trades, projects];
}

const TYPE_SOURCE: Record<string, string> = {
  config_county: "配置（县）",
  admin_units: "行政区表 region_type",
  seed_suggestion: "种子文献建议（已启用）",
  config_province: "配置（省，默认为13个粮食主产省）",
  default: "默认类型",
};
