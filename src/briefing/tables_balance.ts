/**
 * Tables of the 进出平衡 section (DOMAIN.md §4.6, §5): out against in per county with deficits,
 * where the out-flow went (balance, exempt, 整改恢复, pending), coverage by level, the pool by
 * contiguity class and verification result per township, the grade distribution, the annual plan.
 *
 * @example
 * ```ts
 * const tables = balanceTables(view);
 * tables[0].rows.at(-1)!._kind; // "total"
 * ```
 * @module
 */
import { CLASS_LABELS } from "../screen/labels.ts";
import type { BriefingView } from "./view.ts";
import { briefingTable, type BRow, type BTable, col, mu, num, round, withSubtotals } from "./table.ts";

const CLASSES = ["I_CONTIG", "II_CONTIG", "I_SCATTER", "II_SCATTER"] as const;

/** 各县转出与转入: out (area, paddy, grade) against what the selection brought in, deficits marked. */
export function outInTable(v: BriefingView): BTable {
  const rows: BRow[] = v.counties.map((c) => {
    const cv = v.facts.cover.find((x) => x.county === c.code);
    const out = v.facts.outflow.find((x) => x.county === c.code);
    const inM2 = cv ? cv.countyM2 + cv.cityM2 + cv.provinceM2 : 0;
    const gap = cv ? cv.uncoveredM2 : 0;
    return {
      county: c.code,
      name: c.name,
      out_mu: mu(out?.balanceM2 ?? 0),
      out_paddy_mu: mu(out?.paddyM2 ?? 0),
      out_grade: round(out?.grade ?? null, 2),
      in_mu: mu(inM2),
      in_paddy_mu: mu(cv?.paddyInM2 ?? 0),
      in_grade: round(cv?.gradeIn ?? null, 2),
      gap_mu: mu(gap),
      paddy_gap_mu: mu(cv?.paddyShortfallM2 ?? 0),
      quality: cv ? cv.gradeStatusLabel : "本年度无需平衡的转出",
      _bad: gap > 0.005 || cv?.gradeStatus === "未达到" ? "是" : null,
      _id: `out-${c.code}`,
    };
  });
  return briefingTable(
    "t-outin",
    `各县进出平衡：转出与转入（${v.facts.year} 年）`,
    "进出平衡转出转入",
    [
      col("name", "县（区）"),
      num("out_mu", "转出面积（亩）"),
      num("out_paddy_mu", "其中水田（亩）"),
      num("out_grade", "转出平均等别（等）"),
      num("in_mu", "转入面积（亩）"),
      num("in_paddy_mu", "转入可作水田（亩）"),
      num("in_grade", "转入平均等别（等）"),
      num("gap_mu", "面积缺口（亩）"),
      num("paddy_gap_mu", "水田缺口（亩）"),
      col("quality", "质量"),
    ],
    withSubtotals(rows, v.counties, "name", {
      sum: ["out_mu", "out_paddy_mu", "in_mu", "in_paddy_mu", "gap_mu", "paddy_gap_mu"],
      weighted: [["out_grade", "out_mu"], ["in_grade", "in_mu"]],
    }, v.regionName),
    "转出为纳入进出平衡的一般耕地（TBDLMJ）；等别 1 等最好、15 等最差，平均等别按面积加权；转入含市域、省域调剂。红色行为面积未覆盖或质量未达到。",
  );
}

/** 转出去向: the year's farmland out-flow by what happens to it. */
export function outflowStatusTable(v: BriefingView): BTable {
  const rows: BRow[] = v.counties.map((c) => {
    const o = v.facts.outflow.find((x) => x.county === c.code);
    return {
      county: c.code,
      name: c.name,
      balance_mu: mu(o?.balanceM2 ?? 0),
      exempt_mu: mu(o?.exemptM2 ?? 0),
      restore_mu: mu(o?.restoreM2 ?? 0),
      pending_mu: mu(o?.pendingM2 ?? 0),
      other_mu: mu(o?.otherM2 ?? 0),
    };
  });
  return briefingTable(
    "t-outstatus",
    `耕地转出去向（${v.facts.year} 年）`,
    "转出去向",
    [
      col("name", "县（区）"),
      num("balance_mu", "纳入进出平衡（亩）"),
      num("exempt_mu", "豁免：生态退耕/灾毁/河湖水面自然扩大（亩）"),
      num("restore_mu", "永久基本农田整改恢复（亩）"),
      num("pending_mu", "通知后未经批准、待认定（亩）"),
      num("other_mu", "其他/未能追踪（亩）"),
    ],
    withSubtotals(rows, v.counties, "name", {
      sum: ["balance_mu", "exempt_mu", "restore_mu", "pending_mu", "other_mu"],
    }, v.regionName),
    "豁免损失单列，不计入进出平衡；永久基本农田未经批准改变用途的进入整改恢复清单，不参与平衡。",
  );
}

/** 平衡层级: how each county's out-flow is covered (county, city, province, uncovered). */
export function coverageTable(v: BriefingView): BTable {
  const rows: BRow[] = v.counties.map((c) => {
    const cv = v.facts.cover.find((x) => x.county === c.code);
    return {
      county: c.code,
      name: c.name,
      need_mu: mu(cv?.needM2 ?? 0),
      county_mu: mu(cv?.countyM2 ?? 0),
      city_mu: mu(cv?.cityM2 ?? 0),
      province_mu: mu(cv?.provinceM2 ?? 0),
      uncovered_mu: mu(cv?.uncoveredM2 ?? 0),
      _bad: (cv?.uncoveredM2 ?? 0) > 0.005 ? "是" : null,
    };
  });
  return briefingTable(
    "t-cover",
    `转出的平衡层级（${v.facts.year} 年）`,
    "平衡层级",
    [
      col("name", "县（区）"),
      num("need_mu", "需平衡转出（亩）"),
      num("county_mu", "本县平衡（亩）"),
      num("city_mu", "市域调剂（亩）"),
      num("province_mu", "省域调剂（亩）"),
      num("uncovered_mu", "未覆盖（亩）"),
    ],
    withSubtotals(rows, v.counties, "name", {
      sum: ["need_mu", "county_mu", "city_mu", "province_mu", "uncovered_mu"],
    }, v.regionName),
    "按县域、市域、省域的顺序平衡（种子文件 004）。转入面积可大于转出：所选图斑整块恢复。",
  );
}

/** 潜力图斑: the pool by contiguity class and verification result, per township. */
export function poolTable(v: BriefingView): BTable {
  const codes = new Set(v.counties.map((c) => c.code));
  const towns = [...new Set(v.facts.pool.filter((p) => codes.has(p.county)).map((p) => `${p.county}|${p.township}`))]
    .sort();
  const rows: BRow[] = towns.map((k) => {
    const [county, township] = k.split("|");
    const mine = v.facts.pool.filter((p) => p.county === county && p.township === township);
    const row: BRow = { county, name: v.name(county), township: v.name(township) || township || "（未知乡镇）" };
    for (const cls of CLASSES) row[cls] = mu(mine.filter((p) => p.cls === cls).reduce((a, p) => a + p.areaM2, 0));
    row.can = mu(mine.filter((p) => p.result === "可以恢复").reduce((a, p) => a + p.areaM2, 0));
    row.suggest = mu(mine.filter((p) => p.result === "建议恢复").reduce((a, p) => a + p.areaM2, 0));
    row.pieces = mine.reduce((a, p) => a + p.pieces, 0);
    return row;
  });
  return briefingTable(
    "t-pool",
    "潜力图斑（已核实可恢复）按乡镇、连片类型与核实结果",
    "潜力图斑",
    [
      col("name", "县（区）"),
      col("township", "乡镇"),
      ...CLASSES.map((c) => num(c, `${CLASS_LABELS[c]}（亩）`)),
      num("can", "可以恢复（亩）"),
      num("suggest", "建议恢复（亩）"),
      num("pieces", "图斑数（块）"),
    ],
    withSubtotals(rows, v.counties, "name", { sum: [...CLASSES, "can", "suggest", "pieces"] }, v.regionName),
    "只含外业核实完整、评价为“可以恢复”或“建议恢复”的图斑；“不建议恢复”与未回传、不完整的图斑不进入潜力库。",
  );
}

/** 等别分布: what left against what came in, by grade. */
export function gradeTable(v: BriefingView): BTable {
  const grades = [...new Set(v.facts.grades.map((g) => g.grade))].sort((a, b) => (a ?? 99) - (b ?? 99));
  const rows: BRow[] = grades.map((g) => ({
    grade: g === null ? "未评定" : `${g} 等`,
    out_mu: mu(v.facts.grades.filter((x) => x.series === "out" && x.grade === g).reduce((a, x) => a + x.areaM2, 0)),
    in_mu: mu(v.facts.grades.filter((x) => x.series === "in" && x.grade === g).reduce((a, x) => a + x.areaM2, 0)),
  }));
  return briefingTable(
    "t-grades",
    `转出与转入耕地的等别分布（${v.facts.year} 年，全省口径）`,
    "等别分布",
    [col("grade", "耕地等别"), num("out_mu", "转出（亩）"), num("in_mu", "转入（亩）")],
    rows,
    "转入图斑的等别取耕地质量更新成果，否则取邻近耕地按面积加权的等别并取整；未评定的不作质量相当的结论。",
  );
}

/** 年度进出平衡总体方案, as the selection stage writes it. */
export function planBriefingTable(v: BriefingView): BTable {
  const codes = new Set(v.counties.map((c) => c.code));
  const rows = v.facts.plan.rows.filter((r) => codes.has(String(r.county ?? ""))).map((r) => ({ ...r }) as BRow);
  return briefingTable(
    "t-plan",
    `年度进出平衡总体方案（${v.facts.year} 年）`,
    "年度总体方案",
    v.facts.plan.columns.map((c) => ({ key: c.key, header: c.header, kind: "text" as const })),
    rows,
  );
}

/** 整改恢复清单: permanent basic farmland changed without approval, by county. */
export function restoreTable(v: BriefingView): BTable {
  const rows: BRow[] = v.counties.map((c) => {
    const mine = v.facts.restore.filter((r) => r.county === c.code);
    return {
      county: c.code,
      name: c.name,
      parcels: mine.length,
      area_mu: mu(mine.reduce((a, r) => a + r.areaM2, 0)),
      before: mu(mine.filter((r) => r.phase === "通知前").reduce((a, r) => a + r.areaM2, 0)),
      after: mu(mine.filter((r) => r.phase === "通知后").reduce((a, r) => a + r.areaM2, 0)),
    };
  });
  return briefingTable(
    "t-restore",
    `永久基本农田整改恢复清单汇总（${v.facts.year} 年）`,
    "整改恢复",
    [
      col("name", "县（区）"),
      num("parcels", "图斑（块）"),
      num("area_mu", "面积（亩）"),
      num("before", "其中通知前（亩）"),
      num("after", "其中通知后（亩）"),
    ],
    withSubtotals(rows, v.counties, "name", { sum: ["parcels", "area_mu", "before", "after"] }, v.regionName),
    "通知指国办发明电〔2020〕24号与国办发〔2020〕44号；通知前的个案处理，不搞“一刀切”。",
  );
}
