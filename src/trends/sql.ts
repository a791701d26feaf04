/**
 * The tabular half of the survey trends in DuckDB: the farmland parcels of every survey year
 * go in as an Arrow table `trend_parcels` (one row per parcel and year), the share of each
 * parcel inside each unstable-farmland layer as `trend_layers` (long form), the standard-yield
 * table as `trend_yield`; the queries below sum per county and year and per province and year
 * (GROUPING SETS) what the pure functions of this folder then turn into centres, rates and
 * shares. Parameters are positional; nothing is assembled from input.
 *
 * @example
 * ```ts
 * await loadTrendTables(db, parcels, layers, yieldTable);
 * const sums = await db.rows<UnitSumsRow>(UNIT_SUMS_SQL);
 * ```
 * @module
 */
import { boolVector, float64Vector, int32Vector, utf8Vector } from "../db/vectors.ts";
import { arrow } from "../db/arrow.ts";
import type { Engine } from "../db/engine.ts";
import type { YieldTable } from "./weights.ts";

/** One parcel of one year, as the stage collects it. */
export interface TrendParcelColumns {
  pkey: string[];
  year: number[];
  province: (string | null)[];
  county: (string | null)[];
  bsm: (string | null)[];
  isFarmland: boolean[];
  tbdlmj: number[];
  gddb: number[];
  gdpdjb: number[];
  tbxhdm: (string | null)[];
  abandoned: boolean[];
  cx: number[];
  cy: number[];
  /** Share of the parcel inside the union of the unstable layers (0 when none). */
  layerUnion: number[];
}

/** Long-form layer shares. */
export interface TrendLayerColumns {
  pkey: string[];
  layer: string[];
  frac: number[];
}

/** Empty column sets to push into. */
export function emptyParcelColumns(): TrendParcelColumns {
  return {
    pkey: [],
    year: [],
    province: [],
    county: [],
    bsm: [],
    isFarmland: [],
    tbdlmj: [],
    gddb: [],
    gdpdjb: [],
    tbxhdm: [],
    abandoned: [],
    cx: [],
    cy: [],
    layerUnion: [],
  };
}

/** Several parts' columns as one (keys must differ between parts, as `<file>:<row>` do). */
export function concatTrendParts(
  parts: readonly { cols: TrendParcelColumns; lcols: TrendLayerColumns }[],
): { cols: TrendParcelColumns; lcols: TrendLayerColumns } {
  if (parts.length === 1) return parts[0];
  const cols = emptyParcelColumns();
  const lcols: TrendLayerColumns = { pkey: [], layer: [], frac: [] };
  for (const p of parts) {
    for (const k of Object.keys(cols) as (keyof TrendParcelColumns)[]) {
      for (const v of p.cols[k]) (cols[k] as unknown[]).push(v);
    }
    for (const k of Object.keys(lcols) as (keyof TrendLayerColumns)[]) {
      for (const v of p.lcols[k]) (lcols[k] as unknown[]).push(v);
    }
  }
  return { cols, lcols };
}

const nn = (v: number) => (Number.isFinite(v) ? v : null);

/** Loads the three tables (replacing earlier ones). */
export async function loadTrendTables(
  db: Engine,
  p: TrendParcelColumns,
  l: TrendLayerColumns,
  y: YieldTable,
): Promise<void> {
  // Built from their buffers (src/db/vectors.ts): a province's 10⁶ rows would take the builders gigabytes.
  const utf8 = utf8Vector;
  const f64 = (a: number[]) => float64Vector(a.map((x) => nn(x) ?? NaN));
  const i32 = (a: number[]) => int32Vector(a.map((x) => nn(x) ?? NaN));
  const bool = boolVector;
  await db.insertArrow(
    "trend_parcels",
    new arrow.Table({
      pkey: utf8(p.pkey),
      year: i32(p.year),
      province: utf8(p.province),
      county: utf8(p.county),
      bsm: utf8(p.bsm),
      is_farmland: bool(p.isFarmland),
      tbdlmj: f64(p.tbdlmj),
      gddb: i32(p.gddb.map((g) => (Number.isInteger(g) ? g : NaN))),
      gdpdjb: i32(p.gdpdjb.map((g) => (Number.isInteger(g) ? g : NaN))),
      tbxhdm: utf8(p.tbxhdm),
      abandoned: bool(p.abandoned),
      cx: f64(p.cx),
      cy: f64(p.cy),
      layer_union: f64(p.layerUnion),
    }),
  );
  await db.insertArrow(
    "trend_layers",
    new arrow.Table({ pkey: utf8(l.pkey), layer: utf8(l.layer), frac: f64(l.frac) }),
  );
  const grades = Array.from({ length: 15 }, (_, i) => i + 1);
  await db.insertArrow(
    "trend_yield",
    new arrow.Table({
      grade: i32(grades),
      kg_per_mu: f64(grades.map((g) => y.byGrade[g])),
    }),
  );
}

/**
 * The sums of one part of the data (some county files): its tables loaded (replacing the previous
 * part's) and both queries run. Parts add up with `mergeUnitSums` and `mergeLayerSums`.
 */
export async function sumTrendPart(
  db: Engine,
  p: TrendParcelColumns,
  l: TrendLayerColumns,
  y: YieldTable,
): Promise<{ sums: UnitSumsRow[]; lsums: LayerSumsRow[] }> {
  await loadTrendTables(db, p, l, y);
  const sums = await db.rows<UnitSumsRow>(UNIT_SUMS_SQL, [...UNIT_SUMS_PARAMS]);
  const lsums = await db.rows<LayerSumsRow>(LAYER_SUMS_SQL);
  return { sums, lsums };
}

/** One row of {@link UNIT_SUMS_SQL}: a county-year (level "county") or a province-year ("province"). */
export interface UnitSumsRow {
  level: "county" | "province";
  year: number;
  province: string | null;
  county: string | null;
  parcels: number;
  farmland_m2: number;
  abandoned_m2: number;
  slope1_m2: number;
  slope2_m2: number;
  slope3_m2: number;
  slope4_m2: number;
  slope5_m2: number;
  graded_m2: number;
  located_m2: number;
  area_w: number;
  area_wx: number;
  area_wy: number;
  quality_w: number;
  quality_wx: number;
  quality_wy: number;
  capacity_w: number;
  capacity_wx: number;
  capacity_wy: number;
  tbxh_hdgd_m2: number;
  tbxh_hqgd_m2: number;
  tbxh_lqgd_m2: number;
  tbxh_mqgd_m2: number;
  tbxh_shgd_m2: number;
  tbxh_smgd_m2: number;
  tbxh_any_m2: number;
  attr_union_m2: number;
  layer_union_m2: number;
  union_m2: number;
}

/**
 * Per county-year and per province-year sums over farmland parcels: area, abandoned area,
 * area by slope grade, the weighted coordinate sums of the three centres (area; area × (16 −
 * grade); 亩 × kg/亩 of the grade), the unstable sources and their union. Area is TBDLMJ.
 */
export const UNIT_SUMS_SQL = `
WITH f AS (
  SELECT p.*, y.kg_per_mu,
    (upper(trim(coalesce(p.tbxhdm, ''))) IN ('HDGD', 'HQGD', 'LQGD', 'MQGD', 'SHGD', 'SMGD')) AS tbxh_any,
    (upper(trim(coalesce(p.tbxhdm, ''))) IN ('HDGD', 'HQGD', 'LQGD', 'MQGD', 'SHGD', 'SMGD') OR coalesce(p.gdpdjb, 0) = 5) AS attr,
    (p.cx IS NOT NULL AND p.cy IS NOT NULL AND NOT isnan(p.cx) AND NOT isnan(p.cy)) AS located,
    upper(trim(coalesce(p.tbxhdm, ''))) AS code
  FROM trend_parcels p LEFT JOIN trend_yield y ON y.grade = p.gddb
  WHERE p.is_farmland AND p.tbdlmj IS NOT NULL
)
SELECT CASE WHEN grouping(county) = 1 THEN 'province' ELSE 'county' END AS level,
  year, province, CASE WHEN grouping(county) = 1 THEN NULL ELSE county END AS county,
  count(*)::INTEGER AS parcels,
  sum(tbdlmj)::DOUBLE AS farmland_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE abandoned), 0)::DOUBLE AS abandoned_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE gdpdjb = 1), 0)::DOUBLE AS slope1_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE gdpdjb = 2), 0)::DOUBLE AS slope2_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE gdpdjb = 3), 0)::DOUBLE AS slope3_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE gdpdjb = 4), 0)::DOUBLE AS slope4_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE gdpdjb = 5), 0)::DOUBLE AS slope5_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE gddb BETWEEN 1 AND 15), 0)::DOUBLE AS graded_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE located), 0)::DOUBLE AS located_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE located), 0)::DOUBLE AS area_w,
  coalesce(sum(tbdlmj * cx) FILTER (WHERE located), 0)::DOUBLE AS area_wx,
  coalesce(sum(tbdlmj * cy) FILTER (WHERE located), 0)::DOUBLE AS area_wy,
  coalesce(sum(tbdlmj * (16 - gddb)) FILTER (WHERE located AND gddb BETWEEN 1 AND 15), 0)::DOUBLE AS quality_w,
  coalesce(sum(tbdlmj * (16 - gddb) * cx) FILTER (WHERE located AND gddb BETWEEN 1 AND 15), 0)::DOUBLE AS quality_wx,
  coalesce(sum(tbdlmj * (16 - gddb) * cy) FILTER (WHERE located AND gddb BETWEEN 1 AND 15), 0)::DOUBLE AS quality_wy,
  coalesce(sum(tbdlmj * $1 * kg_per_mu) FILTER (WHERE located AND kg_per_mu IS NOT NULL), 0)::DOUBLE AS capacity_w,
  coalesce(sum(tbdlmj * $1 * kg_per_mu * cx) FILTER (WHERE located AND kg_per_mu IS NOT NULL), 0)::DOUBLE AS capacity_wx,
  coalesce(sum(tbdlmj * $1 * kg_per_mu * cy) FILTER (WHERE located AND kg_per_mu IS NOT NULL), 0)::DOUBLE AS capacity_wy,
  coalesce(sum(tbdlmj) FILTER (WHERE code = 'HDGD'), 0)::DOUBLE AS tbxh_hdgd_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE code = 'HQGD'), 0)::DOUBLE AS tbxh_hqgd_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE code = 'LQGD'), 0)::DOUBLE AS tbxh_lqgd_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE code = 'MQGD'), 0)::DOUBLE AS tbxh_mqgd_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE code = 'SHGD'), 0)::DOUBLE AS tbxh_shgd_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE code = 'SMGD'), 0)::DOUBLE AS tbxh_smgd_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE tbxh_any), 0)::DOUBLE AS tbxh_any_m2,
  coalesce(sum(tbdlmj) FILTER (WHERE attr), 0)::DOUBLE AS attr_union_m2,
  sum(tbdlmj * least(greatest(coalesce(layer_union, 0), 0), 1))::DOUBLE AS layer_union_m2,
  sum(CASE WHEN attr THEN tbdlmj ELSE tbdlmj * least(greatest(coalesce(layer_union, 0), 0), 1) END)::DOUBLE AS union_m2
FROM f
GROUP BY GROUPING SETS ((year, province, county), (year, province))
ORDER BY year, province, grouping(county) DESC, county`;

/** Parameters of {@link UNIT_SUMS_SQL}: $1 = 亩 per m² (15 / 10000). */
export const UNIT_SUMS_PARAMS: readonly number[] = Object.freeze([15 / 10000]);

/** One row of {@link LAYER_SUMS_SQL}. */
export interface LayerSumsRow {
  level: "county" | "province";
  year: number;
  province: string | null;
  county: string | null;
  layer: string;
  layer_m2: number;
}

/** Farmland area inside each layer, per county-year and province-year (TBDLMJ × share). */
export const LAYER_SUMS_SQL = `
SELECT CASE WHEN grouping(p.county) = 1 THEN 'province' ELSE 'county' END AS level,
  p.year, p.province, CASE WHEN grouping(p.county) = 1 THEN NULL ELSE p.county END AS county, l.layer,
  sum(p.tbdlmj * least(greatest(l.frac, 0), 1))::DOUBLE AS layer_m2
FROM trend_parcels p JOIN trend_layers l ON l.pkey = p.pkey
WHERE p.is_farmland AND p.tbdlmj IS NOT NULL
GROUP BY GROUPING SETS ((p.year, p.province, p.county, l.layer), (p.year, p.province, l.layer))
ORDER BY p.year, p.province, l.layer`;
