/**
 * The trends tables as people read them: Chinese headers with units, areas in 亩 (and 公顷
 * where the public bulletins use it), shares in %, distances in km, bearings in degrees. One
 * place for every header, so a wording fix is one edit. Each table is a list of columns
 * (key, header, value) that both the CSV and the XLSX writers use.
 *
 * @example
 * ```ts
 * const t = abandonmentTable(trends.abandonment);
 * t.columns[0].header; // "年度"
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import { m2ToHa, m2ToMu } from "../units/area.ts";
import { TERRAIN_LABELS } from "./abandonment.ts";
import type { AbandonmentOutRow, CentreRow, DriftRow, RegionTypeYearRow, UnstableOutRow } from "./survey.ts";
import type {
  ProvinceTrendRow,
  PublicCentre,
  PublicShift,
  PublicTrends,
  RegionTypeTrendRow,
} from "./public_trends.ts";
import type { QualityRow, ShareCheck } from "./public_data.ts";
import { REGION_TYPE_LABELS } from "./region_type.ts";
import { UNSTABLE_TBXH } from "./unstable.ts";
import { toDms } from "../geom/geodesic.ts";

/** A column: key, Chinese header with unit, and the cell of a row. */
export interface Column<T> {
  key: string;
  header: string;
  value: (row: T) => Cell;
}

/** A table: file stem, sheet name, columns and rows. */
export interface Table<T = unknown> {
  file: string;
  sheet: string;
  columns: Column<T>[];
  rows: T[];
}

/** Rounds a finite number to `d` decimals; null for NaN/∞ (an empty cell, never "NaN"). */
export function round(v: number, d: number): number | null {
  if (!Number.isFinite(v)) return null;
  const f = 10 ** d;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

const mu = (m2: number) => round(m2ToMu(m2), 2);
const pct = (share: number) => round(share * 100, 2);
const yes = (b: boolean) => (b ? "是" : "否");

/** Chinese label of each weighting. */
export const WEIGHT_LABELS: Readonly<Record<string, string>> = {
  area: "面积加权",
  quality: "质量加权（16−等别）",
  capacity: "产能加权（标准粮产量）",
};
const LEVEL_LABELS: Record<string, string> = {
  county: "县级",
  province: "省级（全部数据）",
  region_type: "地区类型",
};

/** 耕地重心. */
export function centresTable(rows: CentreRow[]): Table<CentreRow> {
  return {
    file: "centres",
    sheet: "耕地重心",
    rows,
    columns: [
      { key: "level", header: "层级", value: (r) => LEVEL_LABELS[r.level] },
      { key: "code", header: "行政区代码", value: (r) => r.code },
      { key: "name", header: "行政区名称", value: (r) => r.name },
      { key: "region_type", header: "地区类型", value: (r) => REGION_TYPE_LABELS[r.regionType] },
      { key: "year", header: "年度", value: (r) => r.year },
      { key: "weight", header: "加权方式", value: (r) => WEIGHT_LABELS[r.weight] },
      { key: "lon", header: "重心经度（°E，CGCS2000）", value: (r) => round(r.lon, 6) },
      { key: "lat", header: "重心纬度（°N，CGCS2000）", value: (r) => round(r.lat, 6) },
      { key: "x", header: "重心横坐标（米，投影坐标）", value: (r) => round(r.x, 2) },
      { key: "y", header: "重心纵坐标（米，投影坐标）", value: (r) => round(r.y, 2) },
      { key: "farmland_mu", header: "耕地面积（亩）", value: (r) => mu(r.farmlandM2) },
      { key: "graded_pct", header: "有等别耕地占比（%）", value: (r) => pct(r.gradedShare) },
    ],
  };
}

/** 重心漂移. */
export function driftTable(rows: DriftRow[]): Table<DriftRow> {
  return {
    file: "drift",
    sheet: "重心漂移",
    rows,
    columns: [
      { key: "level", header: "层级", value: (r) => LEVEL_LABELS[r.level] },
      { key: "code", header: "行政区代码", value: (r) => r.code },
      { key: "name", header: "行政区名称", value: (r) => r.name },
      { key: "region_type", header: "地区类型", value: (r) => REGION_TYPE_LABELS[r.regionType] },
      { key: "weight", header: "加权方式", value: (r) => WEIGHT_LABELS[r.weight] },
      { key: "kind", header: "类别", value: (r) => (r.kind === "net" ? "首末净位移" : "逐年") },
      { key: "from", header: "起始年度", value: (r) => r.from },
      { key: "to", header: "终止年度", value: (r) => r.to },
      { key: "distance_km", header: "迁移距离（千米，椭球面）", value: (r) => round(r.distanceKm, 4) },
      { key: "bearing_deg", header: "方位角（度，正北顺时针）", value: (r) => round(r.bearingDeg, 2) },
      { key: "direction", header: "迁移方向", value: (r) => r.direction },
      { key: "cumulative_km", header: "累计路径（千米）", value: (r) => round(r.cumulativeKm, 4) },
    ],
  };
}

/** 撂荒率. */
export function abandonmentTable(rows: AbandonmentOutRow[]): Table<AbandonmentOutRow> {
  return {
    file: "abandonment",
    sheet: "撂荒率",
    rows,
    columns: [
      { key: "year", header: "年度", value: (r) => r.year },
      { key: "county", header: "县级代码", value: (r) => r.county },
      { key: "name", header: "县级名称", value: (r) => r.name },
      { key: "region_type", header: "地区类型", value: (r) => REGION_TYPE_LABELS[r.regionType] },
      { key: "terrain", header: "地形", value: (r) => (r.terrain ? TERRAIN_LABELS[r.terrain] : null) },
      {
        key: "terrain_source",
        header: "地形来源",
        value: (r) => ({ config: "配置", slope: "坡度级别推算（默认规则）", none: "无" })[r.terrainSource],
      },
      {
        key: "terrain_from_slope",
        header: "坡度级别推算地形",
        value: (r) => (r.terrainFromSlope ? TERRAIN_LABELS[r.terrainFromSlope] : null),
      },
      { key: "farmland_mu", header: "耕地面积（亩）", value: (r) => mu(r.farmlandM2) },
      { key: "abandoned_mu", header: "撂荒耕地面积（亩）", value: (r) => mu(r.abandonedM2) },
      { key: "rate_pct", header: "撂荒率（%）", value: (r) => pct(r.rate) },
      { key: "line_pct", header: "警戒线（%）", value: (r) => pct(r.line) },
      { key: "flagged", header: "高于警戒线", value: (r) => yes(r.flagged) },
    ],
  };
}

/** 不稳定耕地 (layer columns follow the layers present). */
export function unstableTable(rows: UnstableOutRow[], layerNames: string[]): Table<UnstableOutRow> {
  const cols: Column<UnstableOutRow>[] = [
    { key: "level", header: "层级", value: (r) => LEVEL_LABELS[r.level] },
    { key: "year", header: "年度", value: (r) => r.year },
    { key: "code", header: "代码", value: (r) => r.code },
    { key: "name", header: "名称", value: (r) => r.name },
    { key: "region_type", header: "地区类型", value: (r) => REGION_TYPE_LABELS[r.regionType] },
    { key: "farmland_mu", header: "耕地面积（亩）", value: (r) => mu(r.farmlandM2) },
  ];
  for (const [code, name] of UNSTABLE_TBXH) {
    cols.push({ key: `${code}_mu`, header: `${name} ${code}（亩）`, value: (r) => mu(r.tbxhM2[code] ?? 0) });
    cols.push({
      key: `${code}_pct`,
      header: `${name} ${code}（%）`,
      value: (r) => pct(r.tbxhShare[code] ?? NaN),
    });
  }
  cols.push(
    { key: "tbxh_any_mu", header: "图斑细化标注不稳定合计（亩）", value: (r) => mu(r.tbxhAnyM2) },
    { key: "tbxh_any_pct", header: "图斑细化标注不稳定合计（%）", value: (r) => pct(r.tbxhAnyShare) },
    { key: "slope5_mu", header: "坡度级别5（>25°）（亩）", value: (r) => mu(r.slope5M2) },
    { key: "slope5_pct", header: "坡度级别5（>25°）（%）", value: (r) => pct(r.slope5Share) },
    { key: "attr_union_mu", header: "调查属性标注并集（亩）", value: (r) => mu(r.attrUnionM2) },
    { key: "attr_union_pct", header: "调查属性标注并集（%）", value: (r) => pct(r.attrUnionShare) },
  );
  for (const n of layerNames) {
    cols.push({ key: `layer_${n}_mu`, header: `${n}内（亩）`, value: (r) => mu(r.layerM2[n] ?? 0) });
    cols.push({ key: `layer_${n}_pct`, header: `${n}内（%）`, value: (r) => pct(r.layerShare[n] ?? NaN) });
  }
  cols.push(
    { key: "layer_union_mu", header: "图层范围并集（亩）", value: (r) => mu(r.layerUnionM2) },
    { key: "layer_union_pct", header: "图层范围并集（%）", value: (r) => pct(r.layerUnionShare) },
    { key: "union_mu", header: "不稳定耕地合计（并集，不重复）（亩）", value: (r) => mu(r.unionM2) },
    { key: "union_pct", header: "不稳定耕地占比（并集）（%）", value: (r) => pct(r.unionShare) },
  );
  return { file: "unstable", sheet: "不稳定耕地", rows, columns: cols };
}

/** 按地区类型. */
export function regionTypeYearTable(rows: RegionTypeYearRow[]): Table<RegionTypeYearRow> {
  return {
    file: "by_region_type",
    sheet: "按地区类型汇总",
    rows,
    columns: [
      { key: "year", header: "年度", value: (r) => r.year },
      { key: "region_type", header: "地区类型", value: (r) => r.label },
      { key: "counties", header: "县数（个）", value: (r) => r.counties },
      { key: "farmland_mu", header: "耕地面积（亩）", value: (r) => mu(r.farmlandM2) },
      { key: "abandoned_mu", header: "撂荒耕地面积（亩）", value: (r) => mu(r.abandonedM2) },
      { key: "abandonment_pct", header: "撂荒率（%）", value: (r) => pct(r.abandonmentRate) },
      { key: "flagged", header: "撂荒率高于警戒线的县（个）", value: (r) => r.flaggedCounties },
      { key: "unstable_mu", header: "不稳定耕地（并集）（亩）", value: (r) => mu(r.unstableUnionM2) },
      { key: "unstable_pct", header: "不稳定耕地占比（%）", value: (r) => pct(r.unstableShare) },
    ],
  };
}

const wanMu = (m2: number) => round(m2ToMu(m2) / 1e4, 2);
const wanHa = (m2: number) => round(m2ToHa(m2) / 1e4, 2);
const BASIS: Record<string, string> = { bulletin: "二调公报", change: "三调减去公布的变化量推算", "": "" };

/** 分省耕地（公开数据）. */
export function provincesTable(rows: ProvinceTrendRow[]): Table<ProvinceTrendRow> {
  return {
    file: "provinces",
    sheet: "分省耕地",
    rows,
    columns: [
      { key: "code", header: "省级代码", value: (r) => r.code },
      { key: "name", header: "省份", value: (r) => r.name },
      { key: "region_type", header: "地区类型", value: (r) => REGION_TYPE_LABELS[r.regionType] },
      { key: "area2019_wanmu", header: "三调耕地（2019）（万亩）", value: (r) => wanMu(r.area2019M2) },
      { key: "area2019_wanha", header: "三调耕地（2019）（万公顷）", value: (r) => wanHa(r.area2019M2) },
      { key: "share2019_pct", header: "占全国三调耕地（%）", value: (r) => pct(r.share2019) },
      { key: "area2009_wanmu", header: "二调耕地（2009）（万亩）", value: (r) => wanMu(r.area2009M2) },
      { key: "area2009_basis", header: "二调数字来源方式", value: (r) => BASIS[r.area2009Basis] },
      { key: "share2009_pct", header: "占全国二调耕地（%）", value: (r) => pct(r.share2009) },
      { key: "change_wanmu", header: "二调至三调变化（万亩）", value: (r) => wanMu(r.changeM2) },
      { key: "change_pct", header: "二调至三调变化率（%）", value: (r) => pct(r.changeRate) },
      { key: "lon", header: "代表点经度（°E）", value: (r) => round(r.lon, 6) },
      { key: "lat", header: "代表点纬度（°N）", value: (r) => round(r.lat, 6) },
      {
        key: "point",
        header: "代表点",
        value: (
          r,
        ) => (r.pointPlace
          ? `${r.pointPlace}（${r.pointKind === "capital" ? "省会/首府" : r.pointKind}）`
          : null),
      },
      { key: "poor_stand_in", header: "代表点代表性差", value: (r) => yes(r.poorStandIn) },
      { key: "source2019", header: "三调数字来源", value: (r) => r.source2019 },
      { key: "source2009", header: "二调数字来源", value: (r) => r.source2009 },
    ],
  };
}

/** Chinese label of each province set. */
export const SET_LABELS: Readonly<Record<string, string>> = {
  all: "该次调查全部有数省份",
  paired: "两次调查均有数的省份",
  paired_no_poor: "两次均有数且代表点可用的省份",
};

/** 全国耕地重心（公开数据）. */
export function publicCentresTable(rows: PublicCentre[]): Table<PublicCentre> {
  return {
    file: "national_centres",
    sheet: "全国耕地重心",
    rows,
    columns: [
      {
        key: "survey",
        header: "调查",
        value: (r) => (r.survey === "2019" ? "三调（2019）" : "二调（2009）"),
      },
      { key: "set", header: "省份范围", value: (r) => SET_LABELS[r.set] },
      { key: "provinces", header: "省份数（个）", value: (r) => r.provinces },
      { key: "lon", header: "重心经度（°E）", value: (r) => round(r.lon, 6) },
      { key: "lat", header: "重心纬度（°N）", value: (r) => round(r.lat, 6) },
      { key: "weight_wanmu", header: "参与计算的耕地（万亩）", value: (r) => wanMu(r.weightM2) },
      { key: "coverage_pct", header: "占全国该次调查耕地（%）", value: (r) => pct(r.coverage) },
    ],
  };
}

/** 重心迁移（公开数据）. */
export function publicShiftTable(rows: PublicShift[]): Table<PublicShift> {
  return {
    file: "national_shift",
    sheet: "二调至三调重心迁移",
    rows,
    columns: [
      { key: "set", header: "省份范围", value: (r) => SET_LABELS[r.set] },
      { key: "provinces", header: "省份数（个）", value: (r) => r.provinces },
      { key: "province_names", header: "省份", value: (r) => r.provinceNames.join("、") },
      { key: "from_lon", header: "二调重心经度（°E）", value: (r) => round(r.fromLon, 6) },
      { key: "from_lat", header: "二调重心纬度（°N）", value: (r) => round(r.fromLat, 6) },
      { key: "to_lon", header: "三调重心经度（°E）", value: (r) => round(r.toLon, 6) },
      { key: "to_lat", header: "三调重心纬度（°N）", value: (r) => round(r.toLat, 6) },
      { key: "distance_km", header: "迁移距离（千米，椭球面）", value: (r) => round(r.distanceKm, 3) },
      { key: "bearing_deg", header: "方位角（度，正北顺时针）", value: (r) => round(r.bearingDeg, 2) },
      { key: "bearing_dms", header: "方位角（度分秒）", value: (r) => toDms(r.bearingDeg, 0) },
      { key: "direction", header: "迁移方向", value: (r) => r.direction },
      { key: "coverage2009_pct", header: "覆盖全国二调耕地（%）", value: (r) => pct(r.coverage2009) },
      { key: "coverage2019_pct", header: "覆盖全国三调耕地（%）", value: (r) => pct(r.coverage2019) },
    ],
  };
}

/** 按地区类型（公开数据）. */
export function publicRegionTypeTable(rows: RegionTypeTrendRow[]): Table<RegionTypeTrendRow> {
  return {
    file: "by_region_type",
    sheet: "按地区类型汇总",
    rows,
    columns: [
      { key: "region_type", header: "地区类型", value: (r) => r.label },
      { key: "provinces", header: "三调有数省份（个）", value: (r) => r.provinces },
      { key: "area2019_wanmu", header: "三调耕地（万亩）", value: (r) => wanMu(r.area2019M2) },
      { key: "share2019_pct", header: "占全国三调耕地（%）", value: (r) => pct(r.share2019) },
      { key: "paired", header: "两次调查均有数省份（个）", value: (r) => r.pairedProvinces },
      { key: "paired2009_wanmu", header: "其二调耕地（万亩）", value: (r) => wanMu(r.paired2009M2) },
      { key: "paired2019_wanmu", header: "其三调耕地（万亩）", value: (r) => wanMu(r.paired2019M2) },
      { key: "paired_change_pct", header: "其二调至三调变化率（%）", value: (r) => pct(r.pairedChangeRate) },
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

/** 数据核对: provinces vs national. */
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
    file: "sum_check",
    sheet: "分省合计核对",
    rows,
    columns: [
      { key: "survey", header: "调查", value: (r) => r.survey },
      { key: "with", header: "有数省份（个）", value: (r) => r.with },
      { key: "missing", header: "缺数省份", value: (r) => r.missing },
      { key: "sum_wanmu", header: "有数省份合计（万亩）", value: (r) => wanMu(r.sum) },
      { key: "national_wanmu", header: "全国公报数（万亩）", value: (r) => wanMu(r.national) },
      { key: "gap_wanmu", header: "全国减分省合计（万亩）", value: (r) => wanMu(r.gap) },
      { key: "tol_wanmu", header: "修约容差（万亩）", value: (r) => round(m2ToMu(r.tol) / 1e4, 4) },
      { key: "complete", header: "各省齐全", value: (r) => yes(r.complete) },
      { key: "ok", header: "核对通过", value: (r) => yes(r.ok) },
    ],
  };
}

/** 公报占比核对: provinces' figures against a bulletin's group share. */
export function shareCheckTable(t: PublicTrends): Table<ShareCheck> {
  return {
    file: "share_check",
    sheet: "公报占比核对",
    rows: t.shareChecks,
    columns: [
      { key: "survey", header: "调查", value: (r) => (r.row.survey === "2019" ? "三调（2019）" : "二调（2009）") },
      { key: "statement", header: "公报表述", value: (r) => r.row.statement },
      { key: "share_pct", header: "公报占比（%）", value: (r) => r.row.sharePct },
      { key: "with", header: "有数省份", value: (r) => r.withFigure.join("、") },
      { key: "missing", header: "缺数省份", value: (r) => r.missing.join("、") },
      { key: "known_wanmu", header: "有数省份合计（万亩）", value: (r) => wanMu(r.knownM2) },
      { key: "group_min_wanmu", header: "按公报占比的合计下限（万亩）", value: (r) => wanMu(r.groupMinM2) },
      { key: "group_max_wanmu", header: "按公报占比的合计上限（万亩）", value: (r) => wanMu(r.groupMaxM2) },
      {
        key: "missing_min_wanmu",
        header: "缺数省份合计推算下限（万亩）",
        value: (r) => (r.missing.length ? wanMu(r.missingMinM2) : null),
      },
      {
        key: "missing_max_wanmu",
        header: "缺数省份合计推算上限（万亩）",
        value: (r) => (r.missing.length ? wanMu(r.missingMaxM2) : null),
      },
      { key: "consistent", header: "与公报不矛盾", value: (r) => yes(r.consistent) },
      { key: "source", header: "来源", value: (r) => `${r.row.source}（${r.row.url}）` },
    ],
  };
}

/** 全国耕地质量（公开数据）. */
export function qualityTable(rows: QualityRow[]): Table<QualityRow> {
  return {
    file: "quality",
    sheet: "全国耕地质量",
    rows,
    columns: [
      { key: "scheme", header: "评价体系", value: (r) => r.scheme },
      { key: "year", header: "数据年份", value: (r) => r.year },
      { key: "indicator", header: "指标", value: (r) => r.indicator },
      { key: "value", header: "数值", value: (r) => r.value },
      { key: "unit", header: "单位", value: (r) => r.unit },
      { key: "source", header: "来源", value: (r) => `${r.source}（${r.url}）` },
      { key: "note", header: "备注", value: (r) => r.note || null },
    ],
  };
}

/** 说明: one note per row. */
export function notesTable(notes: string[]): Table<{ n: number; text: string }> {
  return {
    file: "notes",
    sheet: "说明",
    rows: notes.map((text, i) => ({ n: i + 1, text })),
    columns: [
      { key: "n", header: "序号", value: (r) => r.n },
      { key: "text", header: "说明", value: (r) => r.text },
    ],
  };
}
