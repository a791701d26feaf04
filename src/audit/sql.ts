/**
 * The audit's SQL (DuckDB). Inputs are tables the audit inserts through Arrow:
 *
 * - `occ(id, county, province, year, name, key_project, rec_area, rec_paddy, rec_grade, rec_pbf,
 *   rec_hsf, rec_block, n_listed)` and `occ_bsm(id, bsm)`: occupations and their parcels;
 * - `sup(id, county, province, year, name, rec_area, rec_paddy, rec_grade, occ_id, seller,
 *   n_listed)` and `sup_bsm(id, bsm)`: supplements and their parcels;
 * - `survey(county, year, bsm, class4, zzsx, tbxh, tbdlmj, gddb, gdpdjb)`: the referenced parcels
 *   in every survey year, and `survey_years(county, year)`;
 * - `code_list(list, code)`: the configured code lists; `yield_table(grade, kg)`: kg/亩 by grade;
 * - `zone(year, bsm, slope_m2, flood_m2, pbf_m2, hsf_m2)` and `patch(side, id, bsm, patch_no)`:
 *   geometric facts computed outside SQL.
 *
 * Values always go in as parameters ($1 …); no SQL text is assembled from input.
 *
 * @module
 */

/**
 * Occupied parcels in the state of the last survey before the occupation year (farmland then or
 * not; `state_year` null when no earlier survey holds the BSM).
 */
export const OCC_PARCEL_SQL = `
CREATE OR REPLACE TABLE occ_parcel AS
WITH cand AS (
  SELECT b.id, b.bsm, s.county, s.year, s.class4, s.zzsx, s.tbxh, s.tbdlmj, s.gddb, s.gdpdjb,
    row_number() OVER (PARTITION BY b.id, b.bsm ORDER BY s.year DESC) AS rn
  FROM occ_bsm b JOIN occ o USING (id) JOIN survey s ON s.bsm = b.bsm AND s.year < o.year
)
SELECT b.id, b.bsm, c.county, c.year AS state_year, c.class4, c.zzsx, c.tbxh, c.tbdlmj, c.gddb, c.gdpdjb,
  coalesce(starts_with(c.class4, '01'), false) AS is_farm
FROM occ_bsm b LEFT JOIN cand c ON c.id = b.id AND c.bsm = b.bsm AND c.rn = 1`;

/**
 * Supplemented parcels: their state in the first survey of (or after) the supplement year, the
 * prior class (last survey before it), the latest survey of their county, and every later
 * survey in which they were abandoned ($1-list 'abandoned' of ZZSXDM) or not farmland.
 */
export const SUP_PARCEL_SQL = `
CREATE OR REPLACE TABLE sup_parcel AS
WITH st AS (
  SELECT b.id, b.bsm, s.county, s.year, s.class4, s.zzsx, s.tbxh, s.tbdlmj, s.gddb, s.gdpdjb,
    row_number() OVER (PARTITION BY b.id, b.bsm ORDER BY s.year) AS rn
  FROM sup_bsm b JOIN sup p USING (id) JOIN survey s ON s.bsm = b.bsm AND s.year >= p.year
), pr AS (
  SELECT b.id, b.bsm, s.class4, s.year,
    row_number() OVER (PARTITION BY b.id, b.bsm ORDER BY s.year DESC) AS rn
  FROM sup_bsm b JOIN sup p USING (id) JOIN survey s ON s.bsm = b.bsm AND s.year < p.year
), ly AS (
  SELECT county, max(year) AS year FROM survey_years GROUP BY county
), lp AS (
  SELECT st.id, st.bsm, min(s.year) AS first_year,
    string_agg(s.year::VARCHAR || ':' || s.class4 || coalesce('/' || s.zzsx, ''), ';' ORDER BY s.year) AS detail
  FROM st JOIN survey s ON s.bsm = st.bsm AND s.year > st.year
  WHERE st.rn = 1 AND (s.zzsx IN (SELECT code FROM code_list WHERE list = 'abandoned') OR NOT starts_with(s.class4, '01'))
  GROUP BY st.id, st.bsm
)
SELECT b.id, b.bsm, st.county, st.year AS state_year, st.class4, st.zzsx, st.tbxh, st.tbdlmj, st.gddb, st.gdpdjb,
  coalesce(starts_with(st.class4, '01'), false) AS is_farm,
  pr.class4 AS prior_class, pr.year AS prior_year,
  ly.year AS latest_year, lt.class4 AS latest_class, lt.zzsx AS latest_zzsx,
  lp.first_year AS later_year, lp.detail AS later_detail
FROM sup_bsm b
LEFT JOIN st ON st.id = b.id AND st.bsm = b.bsm AND st.rn = 1
LEFT JOIN pr ON pr.id = b.id AND pr.bsm = b.bsm AND pr.rn = 1
LEFT JOIN ly ON ly.county = st.county
LEFT JOIN survey lt ON lt.bsm = b.bsm AND lt.year = ly.year
LEFT JOIN lp ON lp.id = b.id AND lp.bsm = b.bsm`;

/** The parcels whose zone areas and patches are needed: side, project, county, state year, BSM. */
export const PARCELS_FOR_GEOMETRY_SQL = `
SELECT 'occ' AS side, id, county, state_year, bsm FROM occ_parcel WHERE state_year IS NOT NULL AND is_farm
UNION ALL
SELECT 'sup' AS side, id, county, state_year, bsm FROM sup_parcel WHERE state_year IS NOT NULL AND is_farm
ORDER BY side, id, bsm`;

/**
 * Per-parcel facts of occupied farmland: zone areas (NULL: no layer), capacity (kg), marginal
 * (GDPDJB ≥ $1, GDDB ≥ $2, or TBXHDM in 'marginal_tbxh'). $3 = m² per 亩.
 */
export const OCC_FACTS_SQL = `
CREATE OR REPLACE TABLE occ_fact AS
SELECT p.id, p.bsm, p.county, p.state_year, p.class4, p.tbdlmj, p.gddb, p.gdpdjb,
  z.pbf_m2, z.hsf_m2,
  p.tbdlmj / $3 * y.kg AS capacity_kg,
  (coalesce(p.gdpdjb >= $1, false) OR coalesce(p.gddb >= $2, false)
    OR coalesce(p.tbxh IN (SELECT code FROM code_list WHERE list = 'marginal_tbxh'), false)) AS marginal
FROM occ_parcel p
LEFT JOIN zone z ON z.year = p.state_year AND z.bsm = p.bsm
LEFT JOIN yield_table y ON y.grade = p.gddb
WHERE p.is_farm`;

/**
 * Per-parcel facts of supplemented land with the area of each sub-reason (m²): slope (GDPDJB ≥ $1
 * → whole parcel, else the part in the slope layer when at least the share $5 of the parcel lies
 * in it), flood (TBXHDM in 'flood_tbxh' → whole, else the part in the flood layer, same share
 * rule), forest/grass (prior class in 'fg_prior' or TBXHDM in 'fg_tbxh'),
 * wetland / forest destroyed (prior class in 'wetland' / 'forest'), poor (GDDB ≥ $2), steep
 * (GDPDJB ≥ $3), raw (prior class in 'raw'). $4 = m² per 亩. Only parcels found in a survey.
 */
export const SUP_FACTS_SQL = `
CREATE OR REPLACE TABLE sup_fact AS
SELECT p.*, z.slope_m2, z.flood_m2,
  CASE WHEN p.is_farm THEN p.tbdlmj ELSE 0 END AS farm_m2,
  CASE WHEN p.is_farm THEN p.tbdlmj / $4 * y.kg END AS capacity_kg,
  CASE WHEN NOT p.is_farm THEN 0 WHEN coalesce(p.gdpdjb >= $1, false) THEN p.tbdlmj
    WHEN coalesce(z.slope_m2, 0) > 0 AND z.slope_m2 >= $5 * p.tbdlmj THEN z.slope_m2 ELSE 0 END AS slope_area,
  CASE WHEN NOT p.is_farm THEN 0
    WHEN coalesce(p.tbxh IN (SELECT code FROM code_list WHERE list = 'flood_tbxh'), false) THEN p.tbdlmj
    WHEN coalesce(z.flood_m2, 0) > 0 AND z.flood_m2 >= $5 * p.tbdlmj THEN z.flood_m2 ELSE 0 END AS flood_area,
  CASE WHEN p.is_farm AND (coalesce(p.prior_class IN (SELECT code FROM code_list WHERE list = 'fg_prior'), false)
    OR coalesce(p.tbxh IN (SELECT code FROM code_list WHERE list = 'fg_tbxh'), false)) THEN p.tbdlmj ELSE 0 END AS fg_area,
  CASE WHEN coalesce(p.prior_class IN (SELECT code FROM code_list WHERE list = 'wetland'), false) THEN p.tbdlmj ELSE 0 END AS wetland_area,
  CASE WHEN coalesce(p.prior_class IN (SELECT code FROM code_list WHERE list = 'forest'), false) THEN p.tbdlmj ELSE 0 END AS forest_area,
  CASE WHEN p.is_farm AND coalesce(p.gddb >= $2, false) THEN p.tbdlmj ELSE 0 END AS poor_area,
  CASE WHEN p.is_farm AND coalesce(p.gdpdjb >= $3, false) THEN p.tbdlmj ELSE 0 END AS steep_area,
  CASE WHEN p.is_farm AND coalesce(p.prior_class IN (SELECT code FROM code_list WHERE list = 'raw'), false) THEN p.tbdlmj ELSE 0 END AS raw_area,
  CASE WHEN p.is_farm AND p.later_year IS NOT NULL THEN p.tbdlmj ELSE 0 END AS abandoned_area,
  CASE WHEN p.is_farm AND coalesce(starts_with(p.latest_class, '01'), false) THEN p.tbdlmj ELSE 0 END AS latest_farm_m2
FROM sup_parcel p
LEFT JOIN zone z ON z.year = p.state_year AND z.bsm = p.bsm
LEFT JOIN yield_table y ON y.grade = p.gddb
WHERE p.state_year IS NOT NULL`;

/** Patch statistics per side and project: fragment share (patches below $1 m²) and the largest patch. */
export const PATCH_STATS_SQL = `
WITH area AS (
  SELECT 'occ' AS side, id, bsm, tbdlmj AS m2 FROM occ_fact
  UNION ALL SELECT 'occ_pbf', id, bsm, pbf_m2 FROM occ_fact WHERE pbf_m2 > 0
  UNION ALL SELECT 'occ_hsf', id, bsm, hsf_m2 FROM occ_fact WHERE hsf_m2 > 0
  UNION ALL SELECT 'sup', id, bsm, farm_m2 FROM sup_fact WHERE is_farm
), pm AS (
  SELECT pt.side, pt.id, pt.patch_no, sum(a.m2) AS m2
  FROM patch pt JOIN area a ON a.side = pt.side AND a.id = pt.id AND a.bsm = pt.bsm
  GROUP BY pt.side, pt.id, pt.patch_no
)
SELECT side, id, coalesce(sum(m2) FILTER (WHERE m2 < $1), 0)::DOUBLE AS fragment_m2, sum(m2)::DOUBLE AS total_m2,
  max(m2)::DOUBLE AS largest_m2, count(*)::INTEGER AS patches
FROM pm GROUP BY side, id ORDER BY side, id`;

/** Occupied-farmland totals per occupation (survey side; the record columns beside). */
export const OCC_SUM_SQL = `
SELECT o.id, o.county, o.province, o.year, o.name, o.key_project, o.n_listed,
  o.rec_area, o.rec_paddy, o.rec_grade, o.rec_pbf, o.rec_hsf, o.rec_block,
  (SELECT count(*) FROM occ_parcel p WHERE p.id = o.id AND p.state_year IS NOT NULL)::INTEGER AS n_found,
  coalesce(sum(f.tbdlmj), 0)::DOUBLE AS area,
  coalesce(sum(f.tbdlmj) FILTER (WHERE f.class4 = '0101'), 0)::DOUBLE AS paddy,
  (sum(f.tbdlmj * f.gddb) / nullif(sum(f.tbdlmj) FILTER (WHERE f.gddb IS NOT NULL), 0))::DOUBLE AS grade,
  sum(f.capacity_kg)::DOUBLE AS capacity,
  coalesce(sum(f.tbdlmj) FILTER (WHERE f.marginal), 0)::DOUBLE AS marginal,
  sum(f.pbf_m2)::DOUBLE AS pbf, sum(f.hsf_m2)::DOUBLE AS hsf,
  (count(f.bsm) FILTER (WHERE f.pbf_m2 IS NULL))::INTEGER AS pbf_unknown,
  coalesce(string_agg(f.bsm, ';' ORDER BY f.bsm), '') AS bsms,
  coalesce(string_agg(f.bsm, ';' ORDER BY f.bsm) FILTER (WHERE f.class4 = '0101'), '') AS paddy_bsms,
  coalesce(string_agg(f.bsm, ';' ORDER BY f.bsm) FILTER (WHERE f.pbf_m2 > 0), '') AS pbf_bsms,
  coalesce(string_agg(f.bsm, ';' ORDER BY f.bsm) FILTER (WHERE f.hsf_m2 > 0), '') AS hsf_bsms,
  coalesce(string_agg(f.bsm, ';' ORDER BY f.bsm) FILTER (WHERE f.marginal), '') AS marginal_bsms
FROM occ o LEFT JOIN occ_fact f ON f.id = o.id
GROUP BY ALL ORDER BY o.county, o.year, o.id`;

/**
 * Supplement totals per supplement project with the area and parcels of every sub-reason;
 * `n_found` counts parcels found in a survey at or after the supplement year.
 */
export const SUP_SUM_SQL = `
SELECT s.id, s.county, s.province, s.year, s.name, s.occ_id, s.seller, s.n_listed,
  s.rec_area, s.rec_paddy, s.rec_grade,
  count(f.bsm)::INTEGER AS n_found,
  coalesce(sum(f.farm_m2), 0)::DOUBLE AS area,
  coalesce(sum(f.farm_m2) FILTER (WHERE f.class4 = '0101'), 0)::DOUBLE AS paddy,
  (sum(f.farm_m2 * f.gddb) / nullif(sum(f.farm_m2) FILTER (WHERE f.gddb IS NOT NULL AND f.is_farm), 0))::DOUBLE AS grade,
  sum(f.capacity_kg)::DOUBLE AS capacity,
  coalesce(sum(f.latest_farm_m2), 0)::DOUBLE AS latest_farm,
  coalesce(sum(f.slope_area), 0)::DOUBLE AS slope, coalesce(sum(f.flood_area), 0)::DOUBLE AS flood,
  coalesce(sum(f.fg_area), 0)::DOUBLE AS forest_grass,
  coalesce(sum(f.wetland_area), 0)::DOUBLE AS wetland, coalesce(sum(f.forest_area), 0)::DOUBLE AS forest,
  coalesce(sum(f.poor_area), 0)::DOUBLE AS poor, coalesce(sum(f.steep_area), 0)::DOUBLE AS steep,
  coalesce(sum(f.raw_area), 0)::DOUBLE AS raw,
  coalesce(sum(greatest(f.poor_area, f.steep_area, f.raw_area)), 0)::DOUBLE AS poor_steep_raw,
  coalesce(sum(f.abandoned_area), 0)::DOUBLE AS abandoned,
  coalesce(string_agg(f.bsm, ';' ORDER BY f.bsm) FILTER (WHERE f.is_farm), '') AS bsms,
  coalesce(string_agg(f.bsm || '@' || round(f.slope_area, 2), ';' ORDER BY f.bsm) FILTER (WHERE f.slope_area > 0), '') AS slope_bsms,
  coalesce(string_agg(f.bsm || '@' || round(f.flood_area, 2), ';' ORDER BY f.bsm) FILTER (WHERE f.flood_area > 0), '') AS flood_bsms,
  coalesce(string_agg(f.bsm || '@' || coalesce(f.prior_class, '') || '|' || coalesce(f.tbxh, ''), ';' ORDER BY f.bsm) FILTER (WHERE f.fg_area > 0), '') AS fg_bsms,
  coalesce(string_agg(f.bsm || '@' || f.prior_class, ';' ORDER BY f.bsm) FILTER (WHERE f.wetland_area > 0), '') AS wetland_bsms,
  coalesce(string_agg(f.bsm || '@' || f.prior_class, ';' ORDER BY f.bsm) FILTER (WHERE f.forest_area > 0), '') AS forest_bsms,
  coalesce(string_agg(f.bsm || '@' || f.gddb, ';' ORDER BY f.bsm) FILTER (WHERE f.poor_area > 0), '') AS poor_bsms,
  coalesce(string_agg(f.bsm || '@' || f.gdpdjb, ';' ORDER BY f.bsm) FILTER (WHERE f.steep_area > 0), '') AS steep_bsms,
  coalesce(string_agg(f.bsm || '@' || f.prior_class, ';' ORDER BY f.bsm) FILTER (WHERE f.raw_area > 0), '') AS raw_bsms,
  coalesce(string_agg(f.bsm || '@' || f.later_detail, ';' ORDER BY f.bsm) FILTER (WHERE f.abandoned_area > 0), '') AS abandoned_bsms,
  coalesce(string_agg(f.bsm || '@' || f.state_year || ':' || f.class4, ';' ORDER BY f.bsm) FILTER (WHERE NOT f.is_farm), '') AS not_farm_bsms,
  coalesce(string_agg(f.bsm || '@' || coalesce(f.latest_year || ':' || f.latest_class, 'missing'), ';' ORDER BY f.bsm)
    FILTER (WHERE f.is_farm AND NOT coalesce(starts_with(f.latest_class, '01'), false)), '') AS latest_bsms,
  coalesce((SELECT string_agg(b.bsm, ';' ORDER BY b.bsm) FROM sup_bsm b WHERE b.id = s.id
    AND NOT EXISTS (SELECT 1 FROM sup_fact g WHERE g.id = b.id AND g.bsm = b.bsm)), '') AS missing_bsms
FROM sup s LEFT JOIN sup_fact f ON f.id = s.id
GROUP BY ALL ORDER BY s.county, s.year, s.id`;
