/**
 * Trends on the public figures: each province's share of national farmland (三调 2019) and its
 * change since 二调 (2009), the shift of the farmland centre between the surveys (distance,
 * bearing on the ellipsoid) and the grouping by region type.
 *
 * Honest about gaps: a province without a figure is left out and named; the centre shift uses
 * only the provinces with both surveys (the same set on both sides, otherwise the shift would
 * measure the gaps), and says what share of the national farmland that set holds. A 二调 figure
 * may come from a province's published change (三调 − change) and is marked so. Part of the
 * 二调 → 三调 change comes from changed survey definitions and technique, not from land.
 *
 * @example
 * ```ts
 * const t = publicTrends(await loadPublicData("data/public"));
 * t.shift?.distanceKm; t.shift?.direction; t.provinces[0].share2019;
 * ```
 * @module
 */
import { weightedCentroidGeographic } from "./centroid.ts";
import { driftPath, type DriftStep } from "./drift.ts";
import {
  type AreaRow,
  checkProvinceSum,
  checkPublishedShare,
  type PublicData,
  type ShareCheck,
  type SumCheck,
} from "./public_data.ts";
import { m2ToMu } from "../units/area.ts";
import { REGION_TYPE_LABELS, REGION_TYPES, type RegionType } from "./region_type.ts";

/** The note every public-data output carries about the change between the surveys. */
export const DEFINITION_CHANGE_NOTE =
  "注意：二调（2009）与三调（2019）的调查口径不同——二调依 GB/T 21010-2007 土地利用现状分类，三调依《第三次全国国土调查工作分类》" +
  "（湿地为新增一级地类，可调整地类单列），调查技术也不同；两次调查之间的耕地变化有一部分来自口径与技术变化，而非实地变化。" +
  "二调自身比一调逐年变更数多出 20380 万亩，官方解释为调查标准、技术方法改进和农村税费政策调整（来源见 data/public/README.md）。";

/** One province row of the public trends table. */
export interface ProvinceTrendRow {
  code: string;
  name: string;
  regionType: RegionType;
  area2019M2: number;
  rounding2019M2: number;
  /** Of the national 三调 figure. */
  share2019: number;
  area2009M2: number;
  /** "bulletin" (二调 figure published), "change" (三调 − published change), "" (none). */
  area2009Basis: "bulletin" | "change" | "";
  /** Of the national 二调 figure. */
  share2009: number;
  changeM2: number;
  changeRate: number;
  lon: number;
  lat: number;
  pointKind: string;
  pointPlace: string;
  poorStandIn: boolean;
  source2019: string;
  source2009: string;
}

/** A national centre computed from a set of provinces. */
export interface PublicCentre {
  label: string;
  survey: "2009" | "2019";
  /** Which provinces: all with a figure, or only those with both surveys. */
  set: "all" | "paired" | "paired_no_poor";
  provinces: number;
  lon: number;
  lat: number;
  weightM2: number;
  /** Of the national figure of that survey. */
  coverage: number;
}

/** The shift of the centre between the surveys over one province set. */
export interface PublicShift extends Omit<DriftStep, "cumulativeKm"> {
  set: "paired" | "paired_no_poor";
  provinces: number;
  provinceNames: string[];
  coverage2009: number;
  coverage2019: number;
}

/** Sums per region type. */
export interface RegionTypeTrendRow {
  regionType: RegionType;
  label: string;
  provinces: number;
  area2019M2: number;
  share2019: number;
  pairedProvinces: number;
  paired2009M2: number;
  paired2019M2: number;
  pairedChangeRate: number;
}

/** Everything {@link publicTrends} computes. */
export interface PublicTrends {
  provinces: ProvinceTrendRow[];
  centres: PublicCentre[];
  shifts: PublicShift[];
  byRegionType: RegionTypeTrendRow[];
  sum2019: SumCheck;
  sum2009: SumCheck;
  /** The provinces' figures against the bulletins' group shares. */
  shareChecks: ShareCheck[];
  national2019M2: number;
  national2009M2: number;
  nationalChangeM2: number;
  notes: string[];
}

/** Options of {@link publicTrends}. */
export interface PublicTrendsOptions {
  /** Move 内蒙古 from grain to fragile (seed 000 §4.1's suggestion). */
  moveInnerMongolia?: boolean;
}

function nameOf(r: AreaRow | undefined): string {
  return r ? `${r.source}（${r.url}）` : "";
}

/** Shares, changes, centres and region-type sums of the public figures. */
export function publicTrends(data: PublicData, opts: PublicTrendsOptions = {}): PublicTrends {
  const n19 = data.sandiao.national.area!.areaM2;
  const n09 = data.erdiao.national.area!.areaM2;
  const s09 = new Map(data.erdiao.provinces.map((r) => [r.code, r]));
  const ch = new Map(data.changes.map((r) => [r.code, r]));
  const pts = new Map(data.points.map((r) => [r.code, r]));
  const types = new Map(data.regionTypes.map((r) => [r.code, r.type]));
  if (opts.moveInnerMongolia) types.set("150000", "fragile");

  const provinces: ProvinceTrendRow[] = data.sandiao.provinces.map((r) => {
    const a19 = r.area?.areaM2 ?? NaN;
    const direct = s09.get(r.code)?.area ?? null;
    const change = ch.get(r.code)?.area ?? null;
    let a09 = NaN, basis: ProvinceTrendRow["area2009Basis"] = "";
    if (direct) {
      a09 = direct.areaM2;
      basis = "bulletin";
    } else if (change && r.area) {
      a09 = a19 - change.areaM2;
      basis = "change";
    }
    const p = pts.get(r.code);
    return {
      code: r.code,
      name: r.name,
      regionType: types.get(r.code) ?? "unassigned",
      area2019M2: a19,
      rounding2019M2: r.area?.roundingM2 ?? NaN,
      share2019: a19 / n19,
      area2009M2: a09,
      area2009Basis: basis,
      share2009: a09 / n09,
      changeM2: a19 - a09,
      changeRate: (a19 - a09) / a09,
      lon: p?.lon ?? NaN,
      lat: p?.lat ?? NaN,
      pointKind: p?.kind ?? "",
      pointPlace: p?.place ?? "",
      poorStandIn: p?.poorStandIn ?? false,
      source2019: r.area ? nameOf(r) : "",
      source2009: basis === "bulletin"
        ? nameOf(s09.get(r.code))
        : basis === "change"
        ? `由三调减去公布的变化量推算：${nameOf(ch.get(r.code))}`
        : "",
    };
  });

  const withPoint = (r: ProvinceTrendRow) => Number.isFinite(r.lon) && Number.isFinite(r.lat);
  const centre = (
    label: string,
    survey: "2009" | "2019",
    set: PublicCentre["set"],
    list: ProvinceTrendRow[],
  ): PublicCentre => {
    const key = survey === "2019" ? "area2019M2" : "area2009M2";
    const c = weightedCentroidGeographic(
      list.filter(withPoint).map((r) => ({ lon: r.lon, lat: r.lat, w: r[key] })),
    );
    return {
      label,
      survey,
      set,
      provinces: c.used,
      lon: c.lon,
      lat: c.lat,
      weightM2: c.weight,
      coverage: c.weight / (survey === "2019" ? n19 : n09),
    };
  };
  const has19 = provinces.filter((r) => Number.isFinite(r.area2019M2));
  const has09 = provinces.filter((r) => Number.isFinite(r.area2009M2));
  const paired = provinces.filter((r) => Number.isFinite(r.area2019M2) && Number.isFinite(r.area2009M2));
  const pairedGood = paired.filter((r) => !r.poorStandIn);
  const centres: PublicCentre[] = [
    centre("三调（2019）全部有数省份", "2019", "all", has19),
    centre("二调（2009）全部有数省份", "2009", "all", has09),
    centre("二调（2009）两次调查均有数省份", "2009", "paired", paired),
    centre("三调（2019）两次调查均有数省份", "2019", "paired", paired),
    centre("二调（2009）两次均有数且代表点可用", "2009", "paired_no_poor", pairedGood),
    centre("三调（2019）两次均有数且代表点可用", "2019", "paired_no_poor", pairedGood),
  ];
  const shifts: PublicShift[] = [];
  for (const [set, list] of [["paired", paired], ["paired_no_poor", pairedGood]] as const) {
    const a = centres.find((c) => c.set === set && c.survey === "2009")!;
    const b = centres.find((c) => c.set === set && c.survey === "2019")!;
    if (list.length === 0 || !Number.isFinite(a.lon) || !Number.isFinite(b.lon)) continue;
    const d = driftPath([{ label: "二调（2009）", order: 2009, lon: a.lon, lat: a.lat }, {
      label: "三调（2019）",
      order: 2019,
      lon: b.lon,
      lat: b.lat,
    }]);
    shifts.push({
      ...d.net!,
      set,
      provinces: list.length,
      provinceNames: list.map((r) => r.name),
      coverage2009: a.coverage,
      coverage2019: b.coverage,
    });
  }

  const byRegionType: RegionTypeTrendRow[] = REGION_TYPES.map((t) => {
    const all = has19.filter((r) => r.regionType === t);
    const pr = paired.filter((r) => r.regionType === t);
    const a19 = all.reduce((s, r) => s + r.area2019M2, 0);
    const p09 = pr.reduce((s, r) => s + r.area2009M2, 0), p19 = pr.reduce((s, r) => s + r.area2019M2, 0);
    return {
      regionType: t,
      label: REGION_TYPE_LABELS[t],
      provinces: all.length,
      area2019M2: a19,
      share2019: a19 / n19,
      pairedProvinces: pr.length,
      paired2009M2: p09,
      paired2019M2: p19,
      pairedChangeRate: pr.length ? (p19 - p09) / p09 : NaN,
    };
  }).filter((r) => r.provinces > 0 || r.pairedProvinces > 0);

  const sum2019 = checkProvinceSum(data.sandiao);
  const sum2009 = checkProvinceSum(data.erdiao);
  const shareChecks = data.shares.map((r) => checkPublishedShare(r, r.survey === "2019" ? data.sandiao : data.erdiao));
  const wan = (m2: number) => (m2ToMu(m2) / 1e4).toFixed(0);
  const notes = [
    DEFINITION_CHANGE_NOTE,
    `三调分省数字：${sum2019.provincesWithFigure} 个省份有公开数字，缺 ${sum2019.provincesMissing.length} 个（${
      sum2019.provincesMissing.join("、")
    }）；` +
    `有数省份合计占全国三调耕地的 ${(100 * sum2019.sumM2 / sum2019.nationalM2).toFixed(2)}%。`,
    `二调分省数字：${sum2009.provincesWithFigure} 个省份有公报数字；另有 ${
      provinces.filter((r) => r.area2009Basis === "change").length
    } 个省份由三调减去其公布的变化量推算。`,
    ...[data.sandiao.national, ...data.sandiao.provinces, data.erdiao.national, ...data.erdiao.provinces]
      .filter((r) => r.altMismatch)
      .map((r) =>
        `${r.name}：公报的两种单位数字不一致（${r.area!.value} ${r.area!.unit} 与 ${r.alt!.value} ${
          r.alt!.unit
        }，超出修约），计算用修约更细的 ${r.area!.value} ${r.area!.unit}。`
      ),
    "重心由各省代表点按耕地面积加权（地心坐标平均后投回椭球面）；代表点为省会（首府），未检索到已发表的分省耕地重心。内蒙古、新疆、四川的首府远离其耕地主要分布区，另给出剔除这些省份的结果。",
    "重心迁移只用两次调查都有数字的同一组省份计算；缺数省份使结果只代表这些省份，不代表全国。",
    ...shareChecks.map((c) =>
      `公报表述“${c.row.statement}”：${c.withFigure.join("、")}合计 ${wan(c.knownM2)} 万亩，${
        c.consistent ? "与之不矛盾" : "与之矛盾，请核对各省数字"
      }` +
      (c.missing.length
        ? `；据此推算${c.missing.join("、")}合计约 ${wan(c.missingMinM2)}—${wan(c.missingMaxM2)} 万亩（推算区间，不是公报数字，不填入分省表）。`
        : "。")
    ),
  ];
  return {
    provinces,
    centres,
    shifts,
    byRegionType,
    sum2019,
    sum2009,
    shareChecks,
    national2019M2: n19,
    national2009M2: n09,
    nationalChangeM2: n19 - n09,
    notes,
  };
}
