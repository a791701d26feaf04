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
import { abandonmentRatesChart } from "../charts/abandonment_rates.ts";
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
  const bars = v.counties.map((c) => {
    const r = f.farmland.find((x) => x.county === c.code && x.year === f.year);
    return { name: c.name, regionLabel: c.regionType, ratePct: r?.rate == null ? NaN : r.rate * 100 };
  }).filter((b) => Number.isFinite(b.ratePct));
  if (bars.length) {
    out.push({
      id: "f-aband",
      title: "各县撂荒率",
      svg: abandonmentRatesChart(bars, {
        title: `${f.year} 年各县耕地撂荒率`,
        subtitle: "未耕种（WG）耕地 ÷ 耕地（TBDLMJ）",
        linePct: f.trends.line * 100,
      }),
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
