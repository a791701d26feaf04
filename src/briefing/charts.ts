/**
 * The briefing's figures: each maps the view's facts to a chart's plain rows and renders it with
 * src/charts (pure functions to SVG). One function per figure, named after the section it serves.
 *
 * @example
 * ```ts
 * const f = trendFigures(view); // [{ id: "f-centre", svg: "<svg…", … }, …]
 * ```
 * @module
 */
import { zhanbuChartRows } from "../audit/charts.ts";
import { abandonmentByTerrainChart } from "../charts/abandonment_by_terrain.ts";
import { outflowBalanceChart } from "../charts/outflow_balance.ts";
import { coverageLevelsChart } from "../charts/coverage_levels.ts";
import { gradeDistributionChart } from "../charts/grade_distribution.ts";
import { poolByClassChart } from "../charts/pool_by_class.ts";
import { targetsChart } from "../charts/targets.ts";
import { unstableSourcesChart } from "../charts/unstable_sources.ts";
import { zhanbuBalanceChart } from "../charts/zhanbu_balance.ts";
import { centrePathChart } from "../charts/centre_path.ts";
import { centreMapChart } from "../charts/centre_map.ts";
import { provinceTilesChart } from "../charts/province_tiles.ts";
import { parcelMapChart } from "../charts/parcel_map.ts";
import { provinceFarmlandChart } from "../charts/province_farmland.ts";
import { REGION_TYPE_LABELS } from "../trends/region_type.ts";
import { WEIGHT_LABELS } from "../trends/tables.ts";
import { M2_PER_MU } from "../units/area.ts";
import type { BFigure } from "./page.ts";
import type { BriefingView } from "./view.ts";

const SOURCE_SURVEY = "数据来源：本区域年度变更调查地类图斑（DLTB）";

/** 耕地趋势: the centre path of the region and abandonment by county. */
export function trendFigures(v: BriefingView): BFigure[] {
  const f = v.facts;
  const out: BFigure[] = [];
  const prov = f.trends.centres.filter((c) => c.level === "province" && Number.isFinite(c.x) && Number.isFinite(c.y))
    .sort((a, b) => a.year - b.year);
  if (prov.length && f.trends.outlines.length) {
    const shown = new Set(v.counties.map((c) => c.code));
    out.push({
      id: "f-centre",
      title: "耕地重心迁移路径",
      svg: centreMapChart(
        f.trends.outlines.filter((o) => shown.has(o.code)).map((o) => ({ ...o, name: v.name(o.code) || o.name })),
        prov.map((c) => ({ series: WEIGHT_LABELS[c.weight] ?? c.weight, label: String(c.year), x: c.x, y: c.y })),
        f.trends.drift.filter((d) => d.level === "province" && d.kind === "step").map((d) => ({
          series: WEIGHT_LABELS[d.weight] ?? d.weight,
          from: d.from,
          to: d.to,
          distanceM: d.distanceKm * 1000,
          bearingDeg: d.bearingDeg,
        })),
        {
          title: `${f.region.name}耕地重心迁移路径（${f.surveyYears[0]}—${f.year} 年）`,
          subtitle: "面积、质量（16−等别）、产能三种加权；县界由调查图斑合并而成",
          caption: `${SOURCE_SURVEY}；距离与方位按椭球面计算。`,
          panelWidth: 220,
        },
      ),
    });
  }
  const rates = v.counties.flatMap((c) => {
    const r = f.farmland.find((x) => x.county === c.code && x.year === f.year);
    return r?.rate == null ? [] : [{ county: v.label(c.code), terrain: c.terrain ?? "未配置", ratePct: r.rate * 100 }];
  });
  if (rates.length) {
    out.push({
      id: "f-aband",
      title: "各县撂荒率",
      svg: abandonmentByTerrainChart(rates, {
        title: `${f.year} 年各县耕地撂荒率（按地形分组）`,
        subtitle: "未耕种（WG）耕地 ÷ 耕地（TBDLMJ）",
        linePct: f.trends.line * 100,
        source: SOURCE_SURVEY,
      }),
    });
  }
  const unstable = f.trends.unstable.filter((u) => v.counties.some((c) => c.code === u.county));
  const used = [...new Set(unstable.flatMap((u) => Object.keys(u.sources)))].filter((s) =>
    unstable.some((u) => (u.sources[s] ?? 0) > 0)
  );
  if (unstable.length && used.length) {
    out.push({
      id: "f-unstable",
      title: "不稳定耕地",
      svg: unstableSourcesChart(
        unstable.flatMap((u) => [
          ...used.map((s) => ({ county: v.label(u.county), source: s, pct: (u.sources[s] ?? 0) * 100 })),
          { county: v.label(u.county), source: "合计（并集）", pct: u.union * 100 },
        ]),
        { title: `${f.year} 年各县不稳定耕地占比（按来源与并集）`, source: SOURCE_SURVEY, union: "合计（并集）" },
      ),
    });
  }
  return out;
}

/** 全国背景: farmland by province and the national centre shift. */
export function nationalFigures(v: BriefingView): BFigure[] {
  const n = v.facts.national;
  const with19 = n.provinces.filter((r) => r.area2019M2 > 0);
  const highlight = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5])$/.test(v.facts.region.code) ? v.facts.region.code : undefined;
  const out: BFigure[] = [
    {
      id: "f-tiles",
      title: "各省耕地面积示意",
      svg: provinceTilesChart(
        n.provinces.map((r) => ({ code: r.code, value: r.area2019M2 > 0 ? r.area2019M2 / M2_PER_MU / 1e4 : null })),
        {
          title: "各省（区、市）三调耕地面积（示意图，每格一个省份）",
          label: "耕地面积（万亩）",
          highlight,
          caption: "来源：各省第三次全国国土调查主要数据公报及新闻发布（出处见 data/public/）",
        },
      ),
    },
    {
      id: "f-tiles-change",
      title: "各省耕地较二调变化示意",
      svg: provinceTilesChart(
        n.provinces.map((r) => ({ code: r.code, value: r.area2019M2 > 0 && r.area2009M2 > 0 ? r.changeRate * 100 : null })),
        {
          title: "各省（区、市）耕地较二调的变化（示意图）",
          label: "较二调变化（%）",
          scale: "diverging",
          highlight,
          caption: "来源：二调、三调公报；两次调查口径不同，变化中含口径变化的影响",
        },
      ),
    },
    {
      id: "f-provinces",
      title: "各省耕地面积",
      svg: provinceFarmlandChart(
        with19.map((r) => ({ name: r.name, regionLabel: REGION_TYPE_LABELS[r.regionType], wanMu: r.area2019M2 / M2_PER_MU / 1e4 })),
        {
          title: "各省耕地面积（第三次全国国土调查，2019 年末）",
          missing: n.provinces.filter((r) => !(r.area2019M2 > 0)).map((r) => r.name),
          source: "各省三调主要数据公报及新闻发布（逐项出处见 data/public/）",
        },
      ),
    },
  ];
  const sh = n.shifts.find((s) => s.set === "paired");
  if (sh) {
    out.push({
      id: "f-shift",
      title: "全国耕地重心迁移",
      svg: centrePathChart([
        { series: `两次调查均有数字的省份（${sh.provinces} 个）`, label: "二调", lon: sh.fromLon, lat: sh.fromLat },
        { series: `两次调查均有数字的省份（${sh.provinces} 个）`, label: "三调", lon: sh.toLon, lat: sh.toLat },
      ], {
        title: "全国耕地重心：二调（2009）→ 三调（2019）",
        subtitle: `${sh.distanceKm.toFixed(1)} 千米，方位 ${sh.bearingDeg.toFixed(1)}°（${sh.direction}）`,
        caption: "只用两次调查都有分省数字的省份，以省会为代表点；两次调查口径不同，迁移中含口径变化的影响。非地图。",
      }),
    });
  }
  return out;
}

/** 潜力图斑分布图 (only with --with-parcels: parcel geometry, marked 内部资料). */
export function parcelFigures(v: BriefingView): BFigure[] {
  const pieces = v.facts.parcels.filter((p) => v.counties.some((c) => c.code === p.county));
  if (!pieces.length) return [];
  const shown = new Set(v.counties.map((c) => c.code));
  return [{
    id: "f-parcels",
    title: "潜力图斑分布（内部资料）",
    svg: parcelMapChart(
      pieces.map((p) => ({ cls: p.cls, rings: p.rings })),
      v.facts.trends.outlines.filter((o) => shown.has(o.code)),
      { title: `${v.regionName}进出平衡潜力图斑分布（${v.facts.year} 年，内部资料）` },
    ),
  }];
}

/** 要点: farmland and permanent basic farmland against each county's targets. */
export function targetFigures(v: BriefingView): BFigure[] {
  const rows = v.counties.flatMap((c) => {
    const t = v.facts.targets.find((x) => x.county === c.code);
    if (!t) return [];
    return [
      ...(t.farmlandTargetM2 != null ? [{ county: v.label(c.code), kind: "farmland" as const, actualMu: t.farmlandM2 / M2_PER_MU, targetMu: t.farmlandTargetM2 / M2_PER_MU }] : []),
      ...(t.pbfTargetM2 != null && t.pbfM2 != null ? [{ county: v.label(c.code), kind: "pbf" as const, actualMu: t.pbfM2 / M2_PER_MU, targetMu: t.pbfTargetM2 / M2_PER_MU }] : []),
    ];
  });
  if (!rows.length) return [];
  return [{
    id: "f-targets",
    title: "三区三线目标",
    svg: targetsChart(rows, {
      title: `耕地保有量与永久基本农田保护目标（${v.facts.year} 年）`,
      source: "数据来源：年度变更调查；目标取数据目录 targets.csv",
    }),
  }];
}

/** 进出平衡: out against in, coverage by level, grade distribution, the pool by class per township. */
export function balanceFigures(v: BriefingView): BFigure[] {
  const f = v.facts, out: BFigure[] = [];
  const source = "数据来源：年度变更调查、转出项目表、外业核实回传；HiGHS 选址";
  const cov = v.counties.map((c) => ({ c, cv: f.cover.find((x) => x.county === c.code), o: f.outflow.find((x) => x.county === c.code) }));
  out.push({
    id: "f-outin",
    title: "各县转出与转入",
    svg: outflowBalanceChart(
      cov.map(({ c, cv, o }) => ({
        county: v.label(c.code),
        outMu: (o?.balanceM2 ?? 0) / M2_PER_MU,
        inMu: cv ? (cv.countyM2 + cv.cityM2 + cv.provinceM2) / M2_PER_MU : 0,
      })),
      { title: `各县进出平衡：转出与转入（${f.year} 年）`, source },
    ),
  });
  const levels = [["county", "countyM2"], ["city", "cityM2"], ["province", "provinceM2"], ["uncovered", "uncoveredM2"]] as const;
  out.push({
    id: "f-cover",
    title: "平衡层级",
    svg: coverageLevelsChart(
      cov.flatMap(({ c, cv }) => levels.map(([level, k]) => ({ county: v.label(c.code), level, mu: (cv?.[k] ?? 0) / M2_PER_MU }))),
      { title: `转出的平衡层级（${f.year} 年）`, source },
    ),
  });
  out.push({
    id: "f-grades",
    title: "等别分布",
    svg: gradeDistributionChart(
      f.grades.map((g) => ({ series: g.series === "out" ? "转出" : "转入", grade: g.grade, mu: g.areaM2 / M2_PER_MU })),
      { title: `转出与转入耕地的等别分布（${f.year} 年）`, source },
    ),
  });
  const codes = new Set(v.counties.map((c) => c.code));
  const pool = new Map<string, { township: string; cls: "I_CONTIG" | "II_CONTIG" | "I_SCATTER" | "II_SCATTER"; mu: number }>();
  for (const p of f.pool.filter((p) => codes.has(p.county))) {
    const township = `${v.label(p.county)}·${v.name(p.township) || p.township || "未知乡镇"}`;
    const k = `${township}|${p.cls}`;
    const row = pool.get(k) ?? { township, cls: p.cls, mu: 0 };
    row.mu += p.areaM2 / M2_PER_MU;
    pool.set(k, row);
  }
  if (pool.size) {
    out.push({
      id: "f-pool",
      title: "潜力图斑",
      svg: poolByClassChart([...pool.values()], { title: "已核实可恢复的潜力图斑：按乡镇与连片类型", source }),
    });
  }
  return out;
}

/** 占补平衡: occupied against supplemented per county, in area and quality. */
export function zhanbuFigures(v: BriefingView): BFigure[] {
  const f = v.facts;
  const rows = zhanbuChartRows(f.audit.balance, f.year, v.counties.map((c) => c.code), v.label);
  return [{
    id: "f-zhanbu",
    title: "占补平衡",
    svg: zhanbuBalanceChart(rows, {
      title: `各县占补平衡：占用与补充（${f.year} 年，不含国家重点项目）`,
      quality: true,
      source: "数据来源：占用、补充项目表与年度变更调查",
    }),
  }];
}
