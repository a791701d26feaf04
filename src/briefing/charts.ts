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
  const prov = f.trends.centres.filter((c) => c.level === "province" && Number.isFinite(c.lon) && Number.isFinite(c.lat))
    .sort((a, b) => a.year - b.year);
  if (prov.length) {
    out.push({
      id: "f-centre",
      title: "耕地重心迁移路径",
      svg: centrePathChart(
        prov.map((c) => ({ series: WEIGHT_LABELS[c.weight] ?? c.weight, label: String(c.year), lon: c.lon, lat: c.lat })),
        {
          title: `${f.region.name}耕地重心迁移路径（${f.surveyYears[0]}—${f.year} 年）`,
          subtitle: "面积、质量（16−等别）、产能三种加权",
          caption: `每种加权以其 ${f.surveyYears[0]} 年重心为原点；偏移按椭球面距离与方位换算。${SOURCE_SURVEY}。`,
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
  const out: BFigure[] = [{
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
  }];
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
