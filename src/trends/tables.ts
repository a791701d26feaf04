/**
 * The trends tables as people read them: Chinese headers with units, areas in 亩 (and 公顷
 * where the public bulletins use it), shares in %, distances in km, bearings in degrees. One
 * place for the trends headers, built from the shared column builders of `src/table/` (so a
 * wording or unit shared with other stages is one edit there). Each table is a list of columns
 * (key, header, value) that both the CSV and the XLSX writers use.
 *
 * @example
 * ```ts
 * const t = abandonmentTable(trends.abandonment);
 * t.columns[0].header; // "年度"
 * t.csv;               // "abandonment.csv"
 * ```
 * @module
 */
import {
  adminColumns,
  type Column,
  column,
  countColumn,
  levelColumn,
  numColumn,
  pctColumn,
  regionTypeColumn,
  type Table,
  yearColumn,
  yesNo,
} from "../table/mod.ts";
import { TERRAIN_LABELS } from "./abandonment.ts";
import type { AbandonmentOutRow, CentreRow, DriftRow, RegionTypeYearRow, UnstableOutRow } from "./survey.ts";
import { REGION_TYPE_LABELS, type RegionType } from "./region_type.ts";
import { UNSTABLE_TBXH } from "./unstable.ts";
import { abandoned, bearing, direction, distanceKm, farmland, lonLat, mu, muPct } from "./columns.ts";

/**
 * Chinese label of each weighting.
 *
 * @example
 * ```ts
 * WEIGHT_LABELS.quality; // "质量加权（16−等别）"
 * ```
 */
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
type Unit = { level: string; code: string; name: string | null; regionType: RegionType };
const unitColumns = <T extends Unit>(level: "unit" | "plain", withLevel = true) =>
  adminColumns<T>(level, {
    level: withLevel ? (r) => LEVEL_LABELS[r.level] : undefined,
    code: (r) => r.code,
    name: (r) => r.name,
    regionType: (r) => REGION_TYPE_LABELS[r.regionType],
  });
const weight = <T extends { weight: string }>() =>
  column<T>("weight", "加权方式", (r) => WEIGHT_LABELS[r.weight]);

/**
 * 耕地重心: per unit, year and weighting, the centre in degrees and metres.
 *
 * @example
 * ```ts
 * centresTable(trends.centres).csv; // "centres.csv"
 * ```
 */
export function centresTable(rows: CentreRow[]): Table<CentreRow> {
  return {
    name: "耕地重心",
    csv: "centres.csv",
    rows,
    columns: [
      ...unitColumns<CentreRow>("unit"),
      yearColumn((r) => r.year),
      weight(),
      ...lonLat<CentreRow>(["lon", "lat"], "重心", (r) => r.lon, (r) => r.lat, "，CGCS2000"),
      numColumn("x", "重心横坐标（米，投影坐标）", (r) => r.x, 2),
      numColumn("y", "重心纵坐标（米，投影坐标）", (r) => r.y, 2),
      farmland(),
      pctColumn("graded_pct", "有等别耕地占比", (r) => r.gradedShare),
    ],
  };
}

/**
 * 重心漂移: yearly steps and the net shift of each centre.
 *
 * @example
 * ```ts
 * driftTable(trends.drift).name; // "重心漂移"
 * ```
 */
export function driftTable(rows: DriftRow[]): Table<DriftRow> {
  return {
    name: "重心漂移",
    csv: "drift.csv",
    rows,
    columns: [
      ...unitColumns<DriftRow>("unit"),
      weight(),
      column("kind", "类别", (r) => (r.kind === "net" ? "首末净位移" : "逐年")),
      column("from", "起始年度", (r) => r.from),
      column("to", "终止年度", (r) => r.to),
      distanceKm((r) => r.distanceKm, 4),
      bearing((r) => r.bearingDeg),
      direction(),
      numColumn("cumulative_km", "累计路径（千米）", (r) => r.cumulativeKm, 4),
    ],
  };
}

/**
 * 撂荒率: per county and year, against the alarm line.
 *
 * @example
 * ```ts
 * abandonmentTable(trends.abandonment).columns[1].header; // "县级代码"
 * ```
 */
export function abandonmentTable(rows: AbandonmentOutRow[]): Table<AbandonmentOutRow> {
  return {
    name: "撂荒率",
    csv: "abandonment.csv",
    rows,
    columns: [
      yearColumn((r) => r.year),
      ...adminColumns<AbandonmentOutRow>("county", {
        code: (r) => r.county,
        name: (r) => r.name,
        regionType: (r) => REGION_TYPE_LABELS[r.regionType],
      }, { code: "county" }),
      column("terrain", "地形", (r) => (r.terrain ? TERRAIN_LABELS[r.terrain] : null)),
      column(
        "terrain_source",
        "地形来源",
        (r) => ({ config: "配置", slope: "坡度级别推算（默认规则）", none: "无" })[r.terrainSource],
      ),
      column(
        "terrain_from_slope",
        "坡度级别推算地形",
        (r) => (r.terrainFromSlope ? TERRAIN_LABELS[r.terrainFromSlope] : null),
      ),
      farmland(),
      abandoned(),
      pctColumn("rate_pct", "撂荒率", (r) => r.rate),
      pctColumn("line_pct", "警戒线", (r) => r.line),
      yesNo("flagged", "高于警戒线", (r) => r.flagged),
    ],
  };
}

/**
 * 不稳定耕地 (layer columns follow the layers present).
 *
 * @example
 * ```ts
 * unstableTable(trends.unstable, ["林区"]).columns.some((c) => c.header === "林区内（亩）"); // true
 * ```
 */
export function unstableTable(rows: UnstableOutRow[], layerNames: string[]): Table<UnstableOutRow> {
  type R = UnstableOutRow;
  const cols: Column<R>[] = [
    levelColumn("level", (r) => LEVEL_LABELS[r.level]),
    yearColumn((r) => r.year),
    ...unitColumns<R>("plain", false),
    farmland(),
  ];
  for (const [code, name] of UNSTABLE_TBXH) {
    cols.push(
      ...muPct<R>(code, `${name} ${code}`, (r) => r.tbxhM2[code] ?? 0, (r) => r.tbxhShare[code] ?? NaN),
    );
  }
  cols.push(
    ...muPct<R>("tbxh_any", "图斑细化标注不稳定合计", (r) => r.tbxhAnyM2, (r) => r.tbxhAnyShare),
    ...muPct<R>("slope5", "坡度级别5（>25°）", (r) => r.slope5M2, (r) => r.slope5Share),
    ...muPct<R>("attr_union", "调查属性标注并集", (r) => r.attrUnionM2, (r) => r.attrUnionShare),
  );
  for (const n of layerNames) {
    cols.push(...muPct<R>(`layer_${n}`, `${n}内`, (r) => r.layerM2[n] ?? 0, (r) => r.layerShare[n] ?? NaN));
  }
  cols.push(
    ...muPct<R>("layer_union", "图层范围并集", (r) => r.layerUnionM2, (r) => r.layerUnionShare),
    mu("union_mu", "不稳定耕地合计（并集，不重复）", (r) => r.unionM2),
    pctColumn("union_pct", "不稳定耕地占比（并集）", (r) => r.unionShare),
  );
  return { name: "不稳定耕地", csv: "unstable.csv", rows, columns: cols };
}

/**
 * 按地区类型: per region type and year.
 *
 * @example
 * ```ts
 * regionTypeYearTable(trends.byRegionType).csv; // "by_region_type.csv"
 * ```
 */
export function regionTypeYearTable(rows: RegionTypeYearRow[]): Table<RegionTypeYearRow> {
  return {
    name: "按地区类型汇总",
    csv: "by_region_type.csv",
    rows,
    columns: [
      yearColumn((r) => r.year),
      regionTypeColumn("region_type", (r) => r.label),
      countColumn("counties", "县数", (r) => r.counties),
      farmland(),
      abandoned(),
      pctColumn("abandonment_pct", "撂荒率", (r) => r.abandonmentRate),
      countColumn("flagged", "撂荒率高于警戒线的县", (r) => r.flaggedCounties),
      mu("unstable_mu", "不稳定耕地（并集）", (r) => r.unstableUnionM2),
      pctColumn("unstable_pct", "不稳定耕地占比", (r) => r.unstableShare),
    ],
  };
}

export {
  notesTable,
  provincesTable,
  publicCentresTable,
  publicRegionTypeTable,
  publicShiftTable,
  qualityTable,
  SET_LABELS,
  shareCheckTable,
  sumCheckTable,
} from "./public_tables.ts";
