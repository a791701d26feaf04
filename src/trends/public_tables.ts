/**
 * The public-data trends tables (national bulletins, province figures): 分省耕地, 全国耕地重心,
 * 重心迁移, 按地区类型, the province-sum and bulletin-share checks, 全国耕地质量, and the 说明
 * table every trends folder has. Areas in 万亩 (and 万公顷), shares in %.
 *
 * @example
 * ```ts
 * const t = provincesTable(trends.provinces);
 * t.columns[1].header; // "省份"
 * ```
 * @module
 */
import {
  adminColumns,
  areaWanHa,
  type Column,
  column,
  countColumn,
  numberedTable,
  pctColumn,
  regionTypeColumn,
  type Table,
  yesNo,
} from "../table/mod.ts";
import type {
  ProvinceTrendRow,
  PublicCentre,
  PublicShift,
  PublicTrends,
  RegionTypeTrendRow,
} from "./public_trends.ts";
import type { QualityRow, ShareCheck } from "./public_data.ts";
import { REGION_TYPE_LABELS } from "./region_type.ts";
import { toDms } from "../geom/geodesic.ts";
import { bearing, direction, distanceKm, lonLat, survey, surveyName, wanMu } from "./columns.ts";

const BASIS: Record<string, string> = { bulletin: "二调公报", change: "三调减去公布的变化量推算", "": "" };
const share2019 = <T extends { share2019: number }>() =>
  pctColumn<T>("share2019_pct", "占全国三调耕地", (r) => r.share2019);
const provinceSet = <T extends { set: string }>() => column<T>("set", "省份范围", (r) => SET_LABELS[r.set]);
const provinceCount = <T extends { provinces: number }>() =>
  countColumn<T>("provinces", "省份数", (r) => r.provinces);
const missing = <T>(get: (r: T) => string) => column<T>("missing", "缺数省份", get);
const knownSum = <T>(key: string, get: (r: T) => number) => wanMu<T>(key, "有数省份合计", get);
const source = <T>(get: (r: T) => string) => column<T>("source", "来源", get);

/**
 * 分省耕地（公开数据）.
 *
 * @example
 * ```ts
 * provincesTable(t.provinces).columns[3].header; // "三调耕地（2019）（万亩）"
 * ```
 */
export function provincesTable(rows: ProvinceTrendRow[]): Table<ProvinceTrendRow> {
  type R = ProvinceTrendRow;
  return {
    name: "分省耕地",
    csv: "provinces.csv",
    rows,
    columns: [
      ...adminColumns<R>("province", {
        code: (r) => r.code,
        name: (r) => r.name,
        regionType: (r) => REGION_TYPE_LABELS[r.regionType],
      }),
      wanMu("area2019_wanmu", "三调耕地（2019）", (r) => r.area2019M2),
      areaWanHa("area2019_wanha", "三调耕地（2019）", (r) => r.area2019M2),
      share2019(),
      wanMu("area2009_wanmu", "二调耕地（2009）", (r) => r.area2009M2),
      column("area2009_basis", "二调数字来源方式", (r) => BASIS[r.area2009Basis]),
      pctColumn("share2009_pct", "占全国二调耕地", (r) => r.share2009),
      wanMu("change_wanmu", "二调至三调变化", (r) => r.changeM2),
      pctColumn("change_pct", "二调至三调变化率", (r) => r.changeRate),
      ...lonLat<R>(["lon", "lat"], "代表点", (r) => r.lon, (r) => r.lat),
      column(
        "point",
        "代表点",
        (r) =>
          r.pointPlace ? `${r.pointPlace}（${r.pointKind === "capital" ? "省会/首府" : r.pointKind}）` : null,
      ),
      yesNo("poor_stand_in", "代表点代表性差", (r) => r.poorStandIn),
      column("source2019", "三调数字来源", (r) => r.source2019),
      column("source2009", "二调数字来源", (r) => r.source2009),
    ],
  };
}

/**
 * Chinese label of each province set.
 *
 * @example
 * ```ts
 * SET_LABELS.paired; // "两次调查均有数的省份"
 * ```
 */
export const SET_LABELS: Readonly<Record<string, string>> = {
  all: "该次调查全部有数省份",
  paired: "两次调查均有数的省份",
  paired_no_poor: "两次均有数且代表点可用的省份",
};

/**
 * 全国耕地重心（公开数据）.
 *
 * @example
 * ```ts
 * publicCentresTable(t.centres).csv; // "national_centres.csv"
 * ```
 */
export function publicCentresTable(rows: PublicCentre[]): Table<PublicCentre> {
  type R = PublicCentre;
  return {
    name: "全国耕地重心",
    csv: "national_centres.csv",
    rows,
    columns: [
      survey((r) => surveyName(r.survey)),
      provinceSet(),
      provinceCount(),
      ...lonLat<R>(["lon", "lat"], "重心", (r) => r.lon, (r) => r.lat),
      wanMu("weight_wanmu", "参与计算的耕地", (r) => r.weightM2),
      pctColumn("coverage_pct", "占全国该次调查耕地", (r) => r.coverage),
    ],
  };
}

/**
 * 重心迁移（公开数据）.
 *
 * @example
 * ```ts
 * publicShiftTable(t.shifts).name; // "二调至三调重心迁移"
 * ```
 */
export function publicShiftTable(rows: PublicShift[]): Table<PublicShift> {
  type R = PublicShift;
  return {
    name: "二调至三调重心迁移",
    csv: "national_shift.csv",
    rows,
    columns: [
      provinceSet(),
      provinceCount(),
      column("province_names", "省份", (r) => r.provinceNames.join("、")),
      ...lonLat<R>(["from_lon", "from_lat"], "二调重心", (r) => r.fromLon, (r) => r.fromLat),
      ...lonLat<R>(["to_lon", "to_lat"], "三调重心", (r) => r.toLon, (r) => r.toLat),
      distanceKm((r) => r.distanceKm, 3),
      bearing((r) => r.bearingDeg),
      column("bearing_dms", "方位角（度分秒）", (r) => toDms(r.bearingDeg, 0)),
      direction(),
      pctColumn("coverage2009_pct", "覆盖全国二调耕地", (r) => r.coverage2009),
      pctColumn("coverage2019_pct", "覆盖全国三调耕地", (r) => r.coverage2019),
    ],
  };
}

/**
 * 按地区类型（公开数据）.
 *
 * @example
 * ```ts
 * publicRegionTypeTable(t.byRegionType).columns[0].header; // "地区类型"
 * ```
 */
export function publicRegionTypeTable(rows: RegionTypeTrendRow[]): Table<RegionTypeTrendRow> {
  return {
    name: "按地区类型汇总",
    csv: "by_region_type.csv",
    rows,
    columns: [
      regionTypeColumn("region_type", (r) => r.label),
      countColumn("provinces", "三调有数省份", (r) => r.provinces),
      wanMu("area2019_wanmu", "三调耕地", (r) => r.area2019M2),
      share2019(),
      countColumn("paired", "两次调查均有数省份", (r) => r.pairedProvinces),
      wanMu("paired2009_wanmu", "其二调耕地", (r) => r.paired2009M2),
      wanMu("paired2019_wanmu", "其三调耕地", (r) => r.paired2019M2),
      pctColumn("paired_change_pct", "其二调至三调变化率", (r) => r.pairedChangeRate),
    ],
  };
}

interface CheckRow {
  survey: string;
  with: number;
  missing: string;
  sum: number;
  national: number;
  gap: number;
  tol: number;
  ok: boolean;
  complete: boolean;
}

/**
 * 数据核对: provinces vs national.
 *
 * @example
 * ```ts
 * sumCheckTable(t).rows.length; // 2 (三调, 二调)
 * ```
 */
export function sumCheckTable(t: PublicTrends): Table<CheckRow> {
  const rows: CheckRow[] = ([["三调（2019）", t.sum2019], ["二调（2009）", t.sum2009]] as const).map((
    [s, c],
  ) => ({
    survey: s,
    with: c.provincesWithFigure,
    missing: c.provincesMissing.join("、"),
    sum: c.sumM2,
    national: c.nationalM2,
    gap: c.gapM2,
    tol: c.toleranceM2,
    ok: c.withinRounding,
    complete: c.complete,
  }));
  return {
    name: "分省合计核对",
    csv: "sum_check.csv",
    rows,
    columns: [
      survey((r) => r.survey),
      countColumn("with", "有数省份", (r) => r.with),
      missing((r) => r.missing),
      knownSum("sum_wanmu", (r) => r.sum),
      wanMu("national_wanmu", "全国公报数", (r) => r.national),
      wanMu("gap_wanmu", "全国减分省合计", (r) => r.gap),
      wanMu("tol_wanmu", "修约容差", (r) => r.tol, 4),
      yesNo("complete", "各省齐全", (r) => r.complete),
      yesNo("ok", "核对通过", (r) => r.ok),
    ],
  };
}

/**
 * 公报占比核对: provinces' figures against a bulletin's group share.
 *
 * @example
 * ```ts
 * shareCheckTable(t).csv; // "share_check.csv"
 * ```
 */
export function shareCheckTable(t: PublicTrends): Table<ShareCheck> {
  type R = ShareCheck;
  const ifMissing = (get: (r: R) => number) => (r: R) => (r.missing.length ? get(r) : null);
  const cols: Column<R>[] = [
    survey((r) => surveyName(r.row.survey)),
    column("statement", "公报表述", (r) => r.row.statement),
    column("share_pct", "公报占比（%）", (r) => r.row.sharePct),
    column("with", "有数省份", (r) => r.withFigure.join("、")),
    missing((r) => r.missing.join("、")),
    knownSum("known_wanmu", (r) => r.knownM2),
    wanMu("group_min_wanmu", "按公报占比的合计下限", (r) => r.groupMinM2),
    wanMu("group_max_wanmu", "按公报占比的合计上限", (r) => r.groupMaxM2),
    wanMu("missing_min_wanmu", "缺数省份合计推算下限", ifMissing((r) => r.missingMinM2)),
    wanMu("missing_max_wanmu", "缺数省份合计推算上限", ifMissing((r) => r.missingMaxM2)),
    yesNo("consistent", "与公报不矛盾", (r) => r.consistent),
    source((r) => `${r.row.source}（${r.row.url}）`),
  ];
  return { name: "公报占比核对", csv: "share_check.csv", rows: t.shareChecks, columns: cols };
}

/**
 * 全国耕地质量（公开数据）.
 *
 * @example
 * ```ts
 * qualityTable(data.quality).name; // "全国耕地质量"
 * ```
 */
export function qualityTable(rows: QualityRow[]): Table<QualityRow> {
  return {
    name: "全国耕地质量",
    csv: "quality.csv",
    rows,
    columns: [
      column("scheme", "评价体系", (r) => r.scheme),
      column("year", "数据年份", (r) => r.year),
      column("indicator", "指标", (r) => r.indicator),
      column("value", "数值", (r) => r.value),
      column("unit", "单位", (r) => r.unit),
      source((r) => `${r.source}（${r.url}）`),
      column("note", "备注", (r) => r.note || null),
    ],
  };
}

/**
 * 说明: one note per row.
 *
 * @example
 * ```ts
 * notesTable(["口径……"]).columns.map((c) => c.header); // ["序号", "说明"]
 * ```
 */
export function notesTable(notes: string[]): Table<{ n: number; text: string }> {
  return numberedTable("说明", "notes.csv", notes);
}
