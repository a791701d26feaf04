/**
 * The first questions an analyst asks of a freshly loaded survey, answered in SQL on the
 * `dltb` table (see `parcelsToArrow` in src/ingest/to_arrow.ts): parcels and farmland per county, farmland by
 * class. Farmland quantity is TBDLMJ (net of 田坎 etc.), per DOMAIN.md §3; TBMJ is shown beside.
 *
 * @example
 * ```ts
 * const rows = await farmlandByCounty(engine);
 * rows[0].farmland_mu;
 * ```
 */
import type { Engine } from "../db/engine.ts";
import { M2_PER_MU } from "../units/area.ts";

/** Parcels and farmland of one county. Areas in m² and 亩. */
export interface CountyFarmland {
  county: string;
  parcels: number;
  farmland_parcels: number;
  farmland_tbmj_m2: number;
  farmland_m2: number;
  farmland_mu: number;
  paddy_mu: number;
  irrigated_mu: number;
  dry_mu: number;
}

/** Per county: parcel count, farmland TBMJ and TBDLMJ, TBDLMJ by class. `$1` is m² per 亩. */
export const FARMLAND_BY_COUNTY_SQL = `
SELECT county,
  count(*)::INTEGER AS parcels,
  (count(*) FILTER (WHERE is_farmland))::INTEGER AS farmland_parcels,
  coalesce(sum(TBMJ) FILTER (WHERE is_farmland), 0)::DOUBLE AS farmland_tbmj_m2,
  coalesce(sum(TBDLMJ) FILTER (WHERE is_farmland), 0)::DOUBLE AS farmland_m2,
  (coalesce(sum(TBDLMJ) FILTER (WHERE is_farmland), 0) / $1)::DOUBLE AS farmland_mu,
  (coalesce(sum(TBDLMJ) FILTER (WHERE class4 = '0101'), 0) / $1)::DOUBLE AS paddy_mu,
  (coalesce(sum(TBDLMJ) FILTER (WHERE class4 = '0102'), 0) / $1)::DOUBLE AS irrigated_mu,
  (coalesce(sum(TBDLMJ) FILTER (WHERE class4 = '0103'), 0) / $1)::DOUBLE AS dry_mu
FROM dltb
GROUP BY county
ORDER BY county`;

/** Farmland per county from the `dltb` table. */
export async function farmlandByCounty(engine: Engine): Promise<CountyFarmland[]> {
  return await engine.rows<CountyFarmland>(FARMLAND_BY_COUNTY_SQL, [M2_PER_MU]);
}

/** Farmland by county and class (long form, for charts). `$1` is m² per 亩. */
export const FARMLAND_BY_COUNTY_CLASS_SQL = `
SELECT county, class4, (sum(TBDLMJ) / $1)::DOUBLE AS area_mu, count(*)::INTEGER AS parcels
FROM dltb
WHERE is_farmland
GROUP BY county, class4
ORDER BY county, class4`;

/** Farmland by county and class, in 亩. */
export async function farmlandByCountyClass(
  engine: Engine,
): Promise<{ county: string; class4: string; area_mu: number; parcels: number }[]> {
  return await engine.rows(FARMLAND_BY_COUNTY_CLASS_SQL, [M2_PER_MU]);
}
