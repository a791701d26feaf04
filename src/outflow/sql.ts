/**
 * Statistics of the out-flow ledger in SQL (DOMAIN.md §5, seed 004 §3(二): 以乡镇为统计单元,
 * 统计占用耕地类型、面积、权属类型、坐落单位、耕地质量等别): the entries go to DuckDB as an Arrow
 * table `outflow`, and two queries answer per county and per township, per year:
 * - {@link OUTFLOW_BY_UNIT_SQL}: one wide row per unit: changed farmland by status, and of the
 *   balanced part its class, ownership, project/farmer, before/after the notices, unstable
 *   share and area-weighted grade;
 * - {@link OUTFLOW_BY_DIMENSION_SQL}: long form, every dimension × value × status with area
 *   and parcel count (class, ownership, village, grade, project type, conversion year,
 *   before/after, unstable).
 * Parameters are positional ($1 = m² per 亩); nothing is assembled from user input.
 *
 * @example
 * ```ts
 * const db = await openEngine();
 * const stats = await outflowStatistics(db, ledger.entries);
 * stats.byUnit[0]; // { level: "county", county: "900101", township: null, year: 2021, changed_m2: …, balance_m2: … }
 * ```
 * @module
 */
import { arrow } from "../db/arrow.ts";
import type { Engine } from "../db/engine.ts";
import { M2_PER_MU } from "../units/area.ts";
import type { OutflowEntry } from "./types.ts";

/** The entries as an Arrow table (one row per entry; nulls kept). */
export function entriesToArrow(entries: OutflowEntry[]): arrow.Table {
  const s = (f: (e: OutflowEntry) => string | null) => arrow.vectorFromArray(entries.map(f), new arrow.Utf8());
  const d = (f: (e: OutflowEntry) => number | null) => arrow.vectorFromArray(entries.map(f), new arrow.Float64());
  const i = (f: (e: OutflowEntry) => number | null) => arrow.vectorFromArray(entries.map(f), new arrow.Int32());
  return new arrow.Table({
    year: i((e) => e.year), province: s((e) => e.province), city: s((e) => e.city), county: s((e) => e.county),
    township: s((e) => e.township), village: s((e) => e.village), bsm: s((e) => e.bsm),
    from_class: s((e) => e.fromClass), to_class: s((e) => e.toClass), kind: s((e) => e.kind), status: s((e) => e.status),
    area_m2: d((e) => e.areaM2), attribution: s((e) => e.attribution), project_id: s((e) => e.projectId),
    project_type: s((e) => e.projectType), exempt: s((e) => e.exempt), phase: s((e) => e.phase),
    phase_date: s((e) => e.phaseDate), ownership: s((e) => e.ownership), gddb: i((e) => e.gddb),
    unstable_m2: d((e) => e.unstableM2),
  });
}

/** Per county and township and year: changed farmland by status; the balanced part broken down. `$1` = m² per 亩. */
export const OUTFLOW_BY_UNIT_SQL = `
WITH o AS (SELECT *, coalesce(township, '未知') AS town FROM outflow)
SELECT CASE WHEN grouping(town) = 1 THEN 'county' ELSE 'township' END AS level,
  county, CASE WHEN grouping(town) = 1 THEN NULL ELSE town END AS township, year,
  sum(area_m2)::DOUBLE AS changed_m2,
  (sum(area_m2) / $1)::DOUBLE AS changed_mu,
  coalesce(sum(area_m2) FILTER (WHERE status = 'balance'), 0)::DOUBLE AS balance_m2,
  (coalesce(sum(area_m2) FILTER (WHERE status = 'balance'), 0) / $1)::DOUBLE AS balance_mu,
  coalesce(sum(area_m2) FILTER (WHERE status = 'pending'), 0)::DOUBLE AS pending_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'restore'), 0)::DOUBLE AS restore_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'exempt'), 0)::DOUBLE AS exempt_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'zhanbu'), 0)::DOUBLE AS zhanbu_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'other'), 0)::DOUBLE AS other_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'unmatched'), 0)::DOUBLE AS unmatched_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'balance' AND from_class = '0101'), 0)::DOUBLE AS balance_paddy_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'balance' AND from_class = '0102'), 0)::DOUBLE AS balance_irrigated_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'balance' AND from_class = '0103'), 0)::DOUBLE AS balance_dry_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'balance' AND ownership = '国有'), 0)::DOUBLE AS balance_state_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'balance' AND ownership = '集体'), 0)::DOUBLE AS balance_collective_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'balance' AND attribution = 'project'), 0)::DOUBLE AS balance_project_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'balance' AND attribution = 'farmer'), 0)::DOUBLE AS balance_farmer_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'balance' AND phase = '通知前'), 0)::DOUBLE AS balance_pre_m2,
  coalesce(sum(area_m2) FILTER (WHERE status = 'balance' AND phase = '通知后'), 0)::DOUBLE AS balance_post_m2,
  coalesce(sum(unstable_m2) FILTER (WHERE status = 'balance'), 0)::DOUBLE AS balance_unstable_m2,
  coalesce(sum(area_m2) FILTER (WHERE kind = 'outflow' AND status <> 'exempt'), 0)::DOUBLE AS out_m2,
  coalesce(sum(unstable_m2) FILTER (WHERE kind = 'outflow' AND status <> 'exempt'), 0)::DOUBLE AS out_unstable_m2,
  (sum(area_m2 * gddb) FILTER (WHERE status = 'balance' AND gddb IS NOT NULL)
    / nullif(sum(area_m2) FILTER (WHERE status = 'balance' AND gddb IS NOT NULL), 0))::DOUBLE AS balance_grade,
  (count(DISTINCT bsm))::INTEGER AS parcels
FROM o
GROUP BY GROUPING SETS ((county, year), (county, town, year))
ORDER BY county, year, grouping(town) DESC, town`;

/** Long form: dimension × value × status per county/township and year, with area and parcels. `$1` = m² per 亩. */
export const OUTFLOW_BY_DIMENSION_SQL = `
WITH o AS (SELECT *, coalesce(township, '未知') AS town FROM outflow),
facts AS (
  SELECT county, town, year, status, bsm, '地类' AS dimension,
    CASE from_class WHEN '0101' THEN '水田' WHEN '0102' THEN '水浇地' WHEN '0103' THEN '旱地' ELSE from_class END AS value,
    area_m2 AS area FROM o
  UNION ALL SELECT county, town, year, status, bsm, '权属', ownership, area_m2 FROM o
  UNION ALL SELECT county, town, year, status, bsm, '坐落（村）', coalesce(village, '未知'), area_m2 FROM o
  UNION ALL SELECT county, town, year, status, bsm, '耕地等别',
    CASE WHEN gddb IS NULL THEN '未评定' ELSE lpad(CAST(gddb AS VARCHAR), 2, '0') || '等' END, area_m2 FROM o
  UNION ALL SELECT county, town, year, status, bsm, '项目类型',
    CASE attribution WHEN 'farmer' THEN '农民自发（县级兜底）' ELSE coalesce(project_type, '未填写') END, area_m2 FROM o
  UNION ALL SELECT county, town, year, status, bsm, '转出年份', coalesce(substr(phase_date, 1, 4), CAST(year AS VARCHAR)) || '年', area_m2 FROM o
  UNION ALL SELECT county, town, year, status, bsm, '通知前后', phase, area_m2 FROM o
  UNION ALL SELECT county, town, year, status, bsm, '不稳定耕地', '是', unstable_m2 FROM o WHERE unstable_m2 > 0
  UNION ALL SELECT county, town, year, status, bsm, '不稳定耕地', '否', area_m2 - unstable_m2 FROM o WHERE area_m2 - unstable_m2 > 0
)
SELECT CASE WHEN grouping(town) = 1 THEN 'county' ELSE 'township' END AS level,
  county, CASE WHEN grouping(town) = 1 THEN NULL ELSE town END AS township, year, dimension, value, status,
  sum(area)::DOUBLE AS area_m2, (sum(area) / $1)::DOUBLE AS area_mu, (count(DISTINCT bsm))::INTEGER AS parcels
FROM facts
GROUP BY GROUPING SETS ((county, year, dimension, value, status), (county, town, year, dimension, value, status))
ORDER BY county, year, grouping(town) DESC, town, dimension, value, status`;

/** One row of {@link OUTFLOW_BY_UNIT_SQL}. */
export interface OutflowUnitRow {
  level: "county" | "township";
  county: string;
  township: string | null;
  year: number;
  changed_m2: number;
  changed_mu: number;
  balance_m2: number;
  balance_mu: number;
  pending_m2: number;
  restore_m2: number;
  exempt_m2: number;
  zhanbu_m2: number;
  other_m2: number;
  unmatched_m2: number;
  balance_paddy_m2: number;
  balance_irrigated_m2: number;
  balance_dry_m2: number;
  balance_state_m2: number;
  balance_collective_m2: number;
  balance_project_m2: number;
  balance_farmer_m2: number;
  balance_pre_m2: number;
  balance_post_m2: number;
  balance_unstable_m2: number;
  out_m2: number;
  out_unstable_m2: number;
  balance_grade: number | null;
  parcels: number;
}

/** One row of {@link OUTFLOW_BY_DIMENSION_SQL}. */
export interface OutflowDimensionRow {
  level: "county" | "township";
  county: string;
  township: string | null;
  year: number;
  dimension: string;
  value: string;
  status: string;
  area_m2: number;
  area_mu: number;
  parcels: number;
}

/** Both statistics tables. */
export interface OutflowStatistics {
  byUnit: OutflowUnitRow[];
  byDimension: OutflowDimensionRow[];
}

/** Loads the entries into `outflow` (replacing it) and runs both queries. */
export async function outflowStatistics(engine: Engine, entries: OutflowEntry[]): Promise<OutflowStatistics> {
  if (entries.length === 0) return { byUnit: [], byDimension: [] };
  await engine.insertArrow("outflow", entriesToArrow(entries));
  return {
    byUnit: await engine.rows<OutflowUnitRow>(OUTFLOW_BY_UNIT_SQL, [M2_PER_MU]),
    byDimension: await engine.rows<OutflowDimensionRow>(OUTFLOW_BY_DIMENSION_SQL, [M2_PER_MU]),
  };
}
