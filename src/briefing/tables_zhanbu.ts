/**
 * Tables of the 占补平衡 section (DOMAIN.md §1): occupied against supplemented per county in
 * quantity, quality, paddy and capacity; the red-line judgement by region type; every flag with
 * its evidence; cross-province and cross-county trades with both sides; exempt key projects apart.
 *
 * @example
 * ```ts
 * zhanbuTables(view).map((t) => t.sheet); // ["占补平衡", "红线判定", "问题清单", "指标交易", "重点项目豁免"]
 * ```
 * @module
 */
import { FLAG_LABELS, REDLINE_LABELS, STATUS_LABELS, SUB_LABELS, TRADE_LABELS } from "../audit/labels.ts";
import type { BriefingView } from "./view.ts";
import { briefingTable, type BRow, type BTable, col, mu, num, pct, round, weightedMean, withSubtotals } from "./table.ts";

/** 占补平衡 per county (the briefing year). */
export function zhanbuBalanceTable(v: BriefingView): BTable {
  const rows: BRow[] = v.counties.map((c) => {
    const b = v.facts.audit.balance.filter((x) => x.county === c.code && x.year === v.facts.year);
    const s = (k: keyof typeof b[number]) => b.reduce((a, x) => a + (Number(x[k]) || 0), 0);
    const wavg = (g: "occGrade" | "supGrade", w: "occAreaM2" | "supAreaM2") => weightedMean(b, (x) => x[g], (x) => x[w]);
    const occ = s("occAreaM2"), sup = s("supAreaM2"), retreat = s("retreatAllowedM2");
    return {
      county: c.code,
      name: c.name,
      region_type: c.regionType,
      occupations: s("occupations"),
      occ_mu: mu(occ),
      sup_mu: mu(sup),
      diff_mu: mu(sup - occ),
      retreat_mu: mu(retreat),
      occ_paddy_mu: mu(s("occPaddyM2")),
      sup_paddy_mu: mu(s("supPaddyM2")),
      occ_grade: round(wavg("occGrade", "occAreaM2"), 2),
      sup_grade: round(wavg("supGrade", "supAreaM2"), 2),
      occ_cap_t: round(s("occCapacityKg") / 1000, 1),
      sup_cap_t: round(s("supCapacityKg") / 1000, 1),
      violations: s("violations"),
      exempt_mu: mu(s("exemptAreaM2")),
      _bad: s("violations") > 0 ? "是" : null,
    };
  });
  return briefingTable(
    "t-zhanbu",
    `各县占补平衡：占用与补充（${v.facts.year} 年）`,
    "占补平衡",
    [
      col("name", "县（区）"),
      col("region_type", "地区类型"),
      num("occupations", "占用项目（个）"),
      num("occ_mu", "占用耕地（亩）"),
      num("sup_mu", "补充耕地（亩）"),
      num("diff_mu", "补充−占用（亩）"),
      num("retreat_mu", "其中允许退出的边际耕地（亩）"),
      num("occ_paddy_mu", "占用水田（亩）"),
      num("sup_paddy_mu", "补充水田（亩）"),
      num("occ_grade", "占用平均等别（等）"),
      num("sup_grade", "补充平均等别（等）"),
      num("occ_cap_t", "占用产能（吨）"),
      num("sup_cap_t", "补充产能（吨）"),
      num("violations", "问题（项）"),
      num("exempt_mu", "国家重点项目占用（豁免，亩）"),
    ],
    withSubtotals(rows, v.counties, "name", {
      sum: [
        "occupations",
        "occ_mu",
        "sup_mu",
        "diff_mu",
        "retreat_mu",
        "occ_paddy_mu",
        "sup_paddy_mu",
        "occ_cap_t",
        "sup_cap_t",
        "violations",
        "exempt_mu",
      ],
      weighted: [["occ_grade", "occ_mu"], ["sup_grade", "sup_mu"]],
    }, v.regionName),
    "不含国家重点项目（单列于“重点项目豁免”）。产能按标准粮产量计。等别 1 等最好。生态脆弱区允许退出的边际耕地不计为占多补少。",
  );
}

/** 红线判定 by region type. */
export function redlineTable(v: BriefingView): BTable {
  const codes = new Set(v.counties.map((c) => c.code));
  const rows: BRow[] = v.facts.audit.verdicts.filter((x) => codes.has(x.county) && x.year === v.facts.year).map((x) => ({
    county: x.county,
    name: v.name(x.county) || x.countyName || x.county,
    region: x.regionLabel,
    status: STATUS_LABELS[x.status],
    failed: x.checks.filter((c) => c.status === "fail").map((c) => REDLINE_LABELS[c.check]).join("；") || "—",
    evidence: x.checks.filter((c) => c.status !== "pass").map((c) => c.evidence).join("；") || "各项达标",
    _bad: x.status === "fail" ? "是" : null,
  }));
  return briefingTable(
    "t-redline",
    `差别化红线判定（${v.facts.year} 年）`,
    "红线判定",
    [col("name", "县（区）"), col("region", "地区类型"), col("status", "判定"), col("failed", "未达标项"), col("evidence", "依据")],
    rows,
    "经济发达地区：数量与布局稳定、产能平衡（直辖市等：耕地零减少）；粮食主产区：永久基本农田数量不减、质量不降、生态向好；生态脆弱区：质量与生态修复优先，可退出边际耕地（种子文件 000 §4.1）。",
  );
}

/** 问题清单: every 占补 flag with its evidence, one row each (anchored for the issues list). */
export function flagsTable(v: BriefingView): BTable {
  const codes = new Set(v.counties.map((c) => c.code));
  const rows: BRow[] = v.facts.audit.flags.filter((f) => codes.has(f.county)).map((f, i) => ({
    county: f.county,
    name: v.name(f.county) || f.county,
    year: f.year,
    flag: FLAG_LABELS[f.code] + (f.sub ? `（${SUB_LABELS[f.sub] ?? f.sub}）` : ""),
    projects: [...f.occupationIds, ...f.supplementIds].join("、"),
    bsm: f.bsms.slice(0, 6).join("、") + (f.bsms.length > 6 ? ` 等 ${f.bsms.length} 块` : ""),
    evidence: f.evidence,
    _id: `flag-${i + 1}`,
    _bad: "是",
  }));
  return briefingTable(
    "t-flags",
    "占补平衡问题清单（附证据）",
    "问题清单",
    [
      col("name", "县（区）"),
      col("year", "年度"),
      col("flag", "问题类型"),
      col("projects", "项目编号"),
      col("bsm", "图斑（BSM）"),
      col("evidence", "证据"),
    ],
    rows,
  );
}

/** 指标交易: cross-province and cross-county supplements with both sides. */
export function tradesTable(v: BriefingView): BTable {
  const codes = new Set(v.counties.map((c) => c.code));
  const rows: BRow[] = v.facts.audit.trades.filter((t) => codes.has(t.buyerCounty) || codes.has(t.sellerCounty ?? ""))
    .map((t) => ({
      kind: TRADE_LABELS[t.kind],
      year: t.year,
      buyer: `${v.name(t.buyerCounty) || t.buyerCounty}`,
      seller: t.kind === "cross_province" ? `${v.name(t.sellerProvince) || t.sellerProvince}（外省）` : v.name(t.sellerCounty ?? "") || (t.sellerCounty ?? ""),
      supplement: t.supplementId,
      occupation: t.occupationId ?? "（未关联占用项目）",
      area_mu: mu(t.areaM2),
      paddy_mu: mu(t.paddyM2),
      grade: round(t.grade, 2),
      occ_mu: mu(t.occAreaM2),
      occ_grade: round(t.occGrade, 2),
    }));
  return briefingTable(
    "t-trades",
    "跨省域、跨县补充耕地（买卖双方）",
    "指标交易",
    [
      col("kind", "类型"),
      col("year", "年度"),
      col("buyer", "占用方（县）"),
      col("seller", "补充方"),
      col("supplement", "补充项目"),
      col("occupation", "占用项目"),
      num("area_mu", "补充面积（亩）"),
      num("paddy_mu", "其中水田（亩）"),
      num("grade", "补充等别（等）"),
      num("occ_mu", "占用面积（亩）"),
      num("occ_grade", "占用等别（等）"),
    ],
    rows,
  );
}

/** 重点项目豁免: national key projects' occupations, with what the checks would have said. */
export function exemptTable(v: BriefingView): BTable {
  const codes = new Set(v.counties.map((c) => c.code));
  const rows: BRow[] = v.facts.audit.exemptProjects.filter((p) => codes.has(p.county)).map((p) => ({
    name: v.name(p.county) || p.county,
    year: p.year,
    id: p.id,
    project: p.name,
    area_mu: mu(p.areaM2),
    would: v.facts.audit.exempt.filter((f) => f.occupationIds.includes(p.id)).map((f) => FLAG_LABELS[f.code]).join("、") ||
      "—",
  }));
  return briefingTable(
    "t-exempt",
    "国家重点项目占用（按规定豁免，不计为问题）",
    "重点项目豁免",
    [
      col("name", "县（区）"),
      col("year", "年度"),
      col("id", "项目编号"),
      col("project", "项目名称"),
      num("area_mu", "占用耕地（亩）"),
      col("would", "如不豁免将触发的检查"),
    ],
    rows,
  );
}

/** Fragmentation and ecology per county (shares of the supplement). */
export function ecologyTable(v: BriefingView): BTable {
  const rows: BRow[] = v.counties.map((c) => {
    const b = v.facts.audit.balance.filter((x) => x.county === c.code && x.year === v.facts.year);
    const s = (k: "ecoSlopeM2" | "ecoFloodM2" | "ecoForestGrassM2" | "wetlandForestM2" | "supAreaM2") =>
      b.reduce((a, x) => a + x[k], 0);
    const frag = (k: "occFragmentShare" | "supFragmentShare", w: "occAreaM2" | "supAreaM2") =>
      weightedMean(b, (x) => x[k], (x) => x[w]);
    return {
      county: c.code,
      name: c.name,
      occ_frag: pct(frag("occFragmentShare", "occAreaM2")),
      sup_frag: pct(frag("supFragmentShare", "supAreaM2")),
      slope_mu: mu(s("ecoSlopeM2")),
      flood_mu: mu(s("ecoFloodM2")),
      forest_mu: mu(s("ecoForestGrassM2")),
      wetland_mu: mu(s("wetlandForestM2")),
    };
  });
  return briefingTable(
    "t-ecology",
    `补充耕地的破碎化与生态（${v.facts.year} 年）`,
    "破碎化与生态",
    [
      col("name", "县（区）"),
      num("occ_frag", "占用破碎部分占比（%）"),
      num("sup_frag", "补充破碎部分占比（%）"),
      num("slope_mu", "补充在坡度>25°（亩）"),
      num("flood_mu", "补充在河湖管理范围内（亩）"),
      num("forest_mu", "补充原为林地草地（亩）"),
      num("wetland_mu", "毁湿种地/毁林开荒（亩）"),
    ],
    withSubtotals(rows, v.counties, "name", { sum: ["slope_mu", "flood_mu", "forest_mu", "wetland_mu"] }, v.regionName),
    "破碎部分：不足集中连片规模的零星地块面积占比；小计行不合计占比。",
  );
}
