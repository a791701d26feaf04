/**
 * The charts of the trends outputs, built from what {@link surveyTrends} and
 * {@link publicTrends} computed (no computation of their own): the centre-of-gravity path,
 * abandonment by county against the line, and farmland per province by region type. Each
 * chart is Plot markup (an SVG, or a figure with title and legend) keyed by an id.
 *
 * @example
 * ```ts
 * const svgs = surveyTrendCharts(t); // { "centre_path": "<svg…", "abandonment": … }
 * ```
 * @module
 */
import { abandonmentRatesChart } from "../charts/abandonment_rates.ts";
import { centrePathChart } from "../charts/centre_path.ts";
import { provinceFarmlandChart } from "../charts/province_farmland.ts";
import { m2ToMu } from "../units/area.ts";
import type { PublicTrends } from "./public_trends.ts";
import { REGION_TYPE_LABELS } from "./region_type.ts";
import type { SurveyTrends } from "./survey.ts";
import { SET_LABELS, WEIGHT_LABELS } from "./tables.ts";

/** Centre path of the whole data (three weightings) and abandonment in the last year. */
export function surveyTrendCharts(t: SurveyTrends): Record<string, string> {
  const last = Math.max(...t.years);
  const province = t.centres
    .filter((c) => c.level === "province" && Number.isFinite(c.lon) && Number.isFinite(c.lat))
    .sort((a, b) => a.year - b.year);
  const name = province[0]?.name ?? "全部数据";
  const charts: Record<string, string> = {};
  if (province.length) {
    charts["centre_path"] = centrePathChart(
      province.map((c) => ({ series: WEIGHT_LABELS[c.weight], label: String(c.year), lon: c.lon, lat: c.lat })),
      {
        title: `${name}耕地重心迁移路径（${t.years[0]}—${last} 年）`,
        subtitle: "按面积、质量（16−等别）、产能三种加权",
        caption: `每种加权以其 ${t.years[0]} 年重心为原点（三种加权的重心位置不同，位置见 centres.csv）；偏移按 GRS80 椭球面距离与方位换算。`,
      },
    );
  }
  const bars = t.abandonment
    .filter((r) => r.year === last)
    .map((r) => ({ name: r.name, regionLabel: REGION_TYPE_LABELS[r.regionType], ratePct: r.rate * 100 }));
  if (bars.length) {
    charts["abandonment"] = abandonmentRatesChart(bars, {
      title: `${last} 年各县撂荒率`,
      subtitle: "撂荒耕地（ZZSXDM=WG 或实地核查清单）÷ 耕地面积（TBDLMJ）",
      linePct: t.line * 100,
    });
  }
  return charts;
}

/** Farmland per province (三调) by region type, and the national centre 二调 → 三调. */
export function publicTrendCharts(t: PublicTrends): Record<string, string> {
  const charts: Record<string, string> = {};
  const with19 = t.provinces.filter((r) => Number.isFinite(r.area2019M2));
  charts["provinces_2019"] = provinceFarmlandChart(
    with19.map((r) => ({
      name: r.name,
      regionLabel: REGION_TYPE_LABELS[r.regionType],
      wanMu: m2ToMu(r.area2019M2) / 1e4,
    })),
    {
      title: "各省耕地面积（第三次全国国土调查，2019 年末）",
      missing: t.provinces.filter((r) => !Number.isFinite(r.area2019M2)).map((r) => r.name),
      source: "各省三调主要数据公报及新闻发布（逐项出处见 provinces.csv）",
    },
  );
  const sets = ["paired", "paired_no_poor"] as const;
  const points = sets.flatMap((set) =>
    t.centres
      .filter((c) => c.set === set && Number.isFinite(c.lon) && Number.isFinite(c.lat))
      .sort((a, b) => Number(a.survey) - Number(b.survey))
      .map((c) => ({
        series: `${SET_LABELS[set]}（${c.provinces} 个）`,
        label: c.survey === "2009" ? "二调" : "三调",
        lon: c.lon,
        lat: c.lat,
      }))
  );
  if (points.length >= 2) {
    charts["national_shift"] = centrePathChart(points, {
      title: "全国耕地重心：二调（2009）→ 三调（2019）",
      subtitle: "只用两次调查都有分省数字的省份；口径变化见说明",
      caption: "每组省份以其二调重心为原点；省份以代表点（省会）计；两次调查口径不同，迁移中含口径变化的影响。",
    });
  }
  return charts;
}
