/**
 * Tables of the 耕地趋势 and 全国背景 sections: the centre-of-gravity drift per step (distance and
 * bearing), abandonment by county against the line, unstable farmland by source and union; the
 * province's rank and share among the provinces with a published figure, and the national shift.
 *
 * @example
 * ```ts
 * driftBriefingTable(view).rows[0].distance_km; // km of the first step
 * ```
 * @module
 */
import { WEIGHT_LABELS } from "../trends/tables.ts";
import { REGION_TYPE_LABELS } from "../trends/region_type.ts";
import type { BriefingView } from "./view.ts";
import { briefingTable, type BRow, type BTable, col, mu, num, pct, round, withSubtotals } from "./table.ts";

/** 重心迁移: the region's path step by step under the three weightings, and each county's net drift (area-weighted). */
export function driftBriefingTable(v: BriefingView): BTable {
  const codes = new Set(v.counties.map((c) => c.code));
  const region = v.facts.trends.drift.filter((d) => d.level === "province");
  const counties = v.facts.trends.drift.filter((d) => d.level === "county" && codes.has(d.code) && d.kind === "net" && d.weight === "area");
  const rows: BRow[] = [...region, ...counties].map((d) => ({
    name: d.level === "province" ? `${v.facts.region.name}（全部数据）` : v.name(d.code) || d.name,
    weight: WEIGHT_LABELS[d.weight] ?? d.weight,
    kind: d.kind === "net" ? "累计（首末年）" : "逐年",
    span: `${d.from}→${d.to}`,
    distance_m: round(d.distanceKm * 1000, 1),
    bearing: round(d.bearingDeg, 1),
    direction: d.direction,
  }));
  return briefingTable(
    "t-drift",
    "耕地重心迁移（距离与方位）",
    "重心迁移",
    [
      col("name", "范围"),
      col("weight", "加权方式"),
      col("kind", "类型"),
      col("span", "年度"),
      num("distance_m", "距离（米）"),
      num("bearing", "方位角（度，北起顺时针）"),
      col("direction", "方向"),
    ],
    rows,
    "全部数据逐年列出三种加权；各县只列面积加权的首末年累计迁移（逐年与三种加权见 trends 命令的 drift.csv）。距离与方位在 CGCS2000 椭球面上计算；质量加权按 16−等别，产能加权按标准粮产量。",
  );
}

/** 撂荒率 by county for the briefing year, with terrain and the flag. */
export function abandonmentBriefingTable(v: BriefingView): BTable {
  const line = v.facts.trends.line;
  const rows: BRow[] = v.counties.map((c) => {
    const f = v.facts.farmland.find((x) => x.county === c.code && x.year === v.facts.year);
    const p = v.facts.previousYear === null
      ? undefined
      : v.facts.farmland.find((x) => x.county === c.code && x.year === v.facts.previousYear);
    return {
      county: c.code,
      name: c.name,
      terrain: c.terrain ?? "未配置",
      farmland_mu: mu(f?.farmlandM2 ?? 0),
      abandoned_mu: mu(f?.abandonedM2 ?? 0),
      rate: pct(f?.rate ?? null),
      prev_rate: pct(p?.rate ?? null),
      flagged: f?.flagged ? `超过 ${line * 100}%` : "否",
      _bad: f?.flagged ? "是" : null,
      _id: `aband-${c.code}`,
    };
  });
  return briefingTable(
    "t-aband",
    `各县耕地撂荒率（${v.facts.year} 年）`,
    "撂荒率",
    [
      col("name", "县（区）"),
      col("terrain", "地形"),
      num("farmland_mu", "耕地（亩）"),
      num("abandoned_mu", "撂荒（未耕种 WG，亩）"),
      num("rate", "撂荒率（%）"),
      num("prev_rate", "上年撂荒率（%）"),
      col("flagged", "警戒"),
    ],
    withSubtotals(rows, v.counties, "name", { sum: ["farmland_mu", "abandoned_mu"] }, v.regionName),
    `撂荒率 = 种植属性为未耕种（WG）的耕地 ÷ 耕地（TBDLMJ）；高于（>）${line * 100}% 标记（种子文件 000 称“超过”）。小计行不合计比率。`,
  );
}

/** 不稳定耕地 by source and union, per county. */
export function unstableBriefingTable(v: BriefingView): BTable {
  const mine = v.facts.trends.unstable.filter((u) => v.counties.some((c) => c.code === u.county));
  const sources = [...new Set(mine.flatMap((u) => Object.keys(u.sources)))];
  const used = sources.filter((s) => mine.some((u) => (u.sources[s] ?? 0) > 0));
  const rows: BRow[] = mine.map((u) => {
    const r: BRow = { county: u.county, name: v.name(u.county) || u.county, farmland_mu: mu(u.farmlandM2) };
    used.forEach((s, i) => (r[`s${i}`] = pct(u.sources[s] ?? 0)));
    r.union = pct(u.union);
    r.union_mu = mu(u.union * u.farmlandM2);
    return r;
  });
  return briefingTable(
    "t-unstable",
    `不稳定耕地占比（${v.facts.year} 年）`,
    "不稳定耕地",
    [
      col("name", "县（区）"),
      num("farmland_mu", "耕地（亩）"),
      ...used.map((s, i) => num(`s${i}`, `${s}（%）`)),
      num("union", "合计（并集，%）"),
      num("union_mu", "合计（并集，亩）"),
    ],
    withSubtotals(rows, v.counties, "name", { sum: ["farmland_mu", "union_mu"] }, v.regionName),
    "各来源分列，可能重叠；合计为并集，不重复计算。未列出的来源在本区域为 0。",
  );
}

/** 全国背景: provinces with a 三调 figure, ranked, with their share and change since 二调. */
export function provincesBriefingTable(v: BriefingView): BTable {
  const ps = [...v.facts.national.provinces].filter((p) => p.area2019M2 > 0).sort((a, b) => b.area2019M2 - a.area2019M2);
  const rows: BRow[] = ps.map((p, i) => ({
    rank: i + 1,
    name: p.name,
    region: REGION_TYPE_LABELS[p.regionType],
    area_wan: round(p.area2019M2 / (10000 / 15) / 10000, 2),
    share: pct(p.share2019),
    change: p.area2009M2 > 0 ? pct(p.changeRate) : null,
    source: p.source2019,
  }));
  return briefingTable(
    "t-provinces",
    "各省（区、市）三调耕地（已找到公报数字的省份）",
    "全国各省耕地",
    [
      num("rank", "位次（已公布省份内）"),
      col("name", "省份"),
      col("region", "地区类型"),
      num("area_wan", "三调耕地（万亩）"),
      num("share", "占全国（%）"),
      num("change", "较二调变化（%）"),
      col("source", "来源"),
    ],
    rows,
    `仅列出在 data/public/ 中有公报出处的省份；其余省份数字未找到，不作推算。全国三调耕地 ${
      round(v.facts.national.national2019M2 / (10000 / 15) / 10000, 2)
    } 万亩。`,
  );
}
