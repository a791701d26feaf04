/**
 * The county × year balance of 占补平衡 (both sides, exempt national key projects apart) and
 * the quota trades (跨省域补充耕地国家统筹 and supplements made in another county of the
 * province), from the project-level figures. The aggregation is SQL over two tables the stage
 * inserts (`occ_bal`, `sup_bal`); the trades are a plain listing.
 *
 * Occupations count in their own county and year, with the supplements linked to them (wherever
 * made); supplements also count in their own county and year for the ecology columns, for
 * supplements made for another county (调出), and for supplements linked to no occupation
 * (quota reserve).
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import { insertColumns } from "./db.ts";
import type { CountyYearBalance, OccupationBalance, QuotaTrade, SupplementFacts } from "./types.ts";

/** County × year sums. Exempt (key-project) occupations only in the exempt_* columns. */
export const COUNTY_YEAR_SQL = `
WITH keys AS (
  SELECT county, year FROM occ_bal UNION SELECT county, year FROM sup_bal
), o AS (
  SELECT county, year,
    (count(*) FILTER (WHERE NOT key_project))::INTEGER AS occupations,
    coalesce(sum(area) FILTER (WHERE NOT key_project), 0)::DOUBLE AS occ_area,
    coalesce(sum(paddy) FILTER (WHERE NOT key_project), 0)::DOUBLE AS occ_paddy,
    (sum(area * grade) FILTER (WHERE NOT key_project AND grade IS NOT NULL)
      / nullif(sum(area) FILTER (WHERE NOT key_project AND grade IS NOT NULL), 0))::DOUBLE AS occ_grade,
    (sum(capacity) FILTER (WHERE NOT key_project))::DOUBLE AS occ_capacity,
    (sum(frag) FILTER (WHERE NOT key_project) / nullif(sum(patched) FILTER (WHERE NOT key_project), 0))::DOUBLE AS occ_frag,
    coalesce(sum(pbf) FILTER (WHERE NOT key_project), 0)::DOUBLE AS occ_pbf,
    coalesce(sum(marginal) FILTER (WHERE NOT key_project), 0)::DOUBLE AS occ_marginal,
    coalesce(sum(retreat) FILTER (WHERE NOT key_project), 0)::DOUBLE AS retreat,
    coalesce(sum(area) FILTER (WHERE NOT key_project AND sup_n = 0), 0)::DOUBLE AS unsupplemented,
    coalesce(sum(sup_area) FILTER (WHERE NOT key_project), 0)::DOUBLE AS sup_area,
    coalesce(sum(sup_paddy) FILTER (WHERE NOT key_project), 0)::DOUBLE AS sup_paddy,
    (sum(sup_area * sup_grade) FILTER (WHERE NOT key_project AND sup_grade IS NOT NULL)
      / nullif(sum(sup_area) FILTER (WHERE NOT key_project AND sup_grade IS NOT NULL), 0))::DOUBLE AS sup_grade,
    (sum(sup_capacity) FILTER (WHERE NOT key_project))::DOUBLE AS sup_capacity,
    (sum(sup_frag) FILTER (WHERE NOT key_project) / nullif(sum(sup_patched) FILTER (WHERE NOT key_project), 0))::DOUBLE AS sup_frag,
    coalesce(sum(sup_latest) FILTER (WHERE NOT key_project), 0)::DOUBLE AS sup_latest,
    coalesce(sum(cross_prov) FILTER (WHERE NOT key_project), 0)::DOUBLE AS cross_prov,
    coalesce(sum(cross_county) FILTER (WHERE NOT key_project), 0)::DOUBLE AS cross_county_in,
    (count(*) FILTER (WHERE key_project))::INTEGER AS exempt_n,
    coalesce(sum(area) FILTER (WHERE key_project), 0)::DOUBLE AS exempt_area
  FROM occ_bal GROUP BY county, year
), s AS (
  SELECT county, year,
    coalesce(sum(area) FILTER (WHERE seller IS NULL AND occ_county IS NOT NULL AND occ_county <> county), 0)::DOUBLE AS cross_out,
    coalesce(sum(area) FILTER (WHERE occ_county IS NULL), 0)::DOUBLE AS unlinked,
    coalesce(sum(slope), 0)::DOUBLE AS slope, coalesce(sum(flood), 0)::DOUBLE AS flood,
    coalesce(sum(fg), 0)::DOUBLE AS fg, coalesce(sum(wetland_forest), 0)::DOUBLE AS wetland_forest
  FROM sup_bal GROUP BY county, year
)
SELECT k.county, k.year, o.* EXCLUDE (county, year), s.* EXCLUDE (county, year)
FROM keys k LEFT JOIN o ON o.county = k.county AND o.year = k.year LEFT JOIN s ON s.county = k.county AND s.year = k.year
ORDER BY k.county, k.year`;

/** Inserts the project tables and returns the county-year rows (region type and names filled by the caller). */
export async function countyYearBalance(
  engine: Engine,
  occ: OccupationBalance[],
  sup: SupplementFacts[],
  regionType: (county: string) => string,
  countyName: (county: string) => string | null,
): Promise<CountyYearBalance[]> {
  const supById = new Map(sup.map((s) => [s.id, s]));
  const occById = new Map(occ.map((o) => [o.id, o]));
  const f = (v: (number | null)[]) => ({ type: "float" as const, values: v });
  const sumOf = (ids: string[]) => ids.reduce((t, id) => t + (supById.get(id)?.areaM2 ?? 0), 0);
  await insertColumns(engine, "occ_bal", {
    id: { type: "text", values: occ.map((o) => o.id) },
    county: { type: "text", values: occ.map((o) => o.county) },
    year: { type: "int", values: occ.map((o) => o.year) },
    key_project: { type: "bool", values: occ.map((o) => o.keyProject) },
    area: f(occ.map((o) => o.occAreaM2)),
    paddy: f(occ.map((o) => o.occPaddyM2)),
    grade: f(occ.map((o) => o.occGrade)),
    capacity: f(occ.map((o) => o.occCapacityKg)),
    marginal: f(occ.map((o) => o.occMarginalM2)),
    retreat: f(occ.map((o) => o.retreatAllowedM2)),
    frag: f(occ.map((o) => o.occFragmentM2)),
    patched: f(occ.map((o) => o.occPatchedM2)),
    pbf: f(occ.map((o) => o.occPbfM2)),
    sup_n: { type: "int", values: occ.map((o) => o.supIds.length) },
    sup_area: f(occ.map((o) => o.supAreaM2)),
    sup_paddy: f(occ.map((o) => o.supPaddyM2)),
    sup_grade: f(occ.map((o) => o.supGrade)),
    sup_capacity: f(occ.map((o) => o.supCapacityKg)),
    sup_frag: f(occ.map((o) => o.supFragmentM2)),
    sup_patched: f(occ.map((o) => o.supPatchedM2)),
    sup_latest: f(occ.map((o) => o.supLatestFarmM2)),
    cross_prov: f(occ.map((o) => sumOf(o.crossProvinceIds))),
    cross_county: f(occ.map((o) => sumOf(o.crossCountyIds))),
  });
  const part = (s: SupplementFacts, k: string) => s.parts[k]?.areaM2 ?? 0;
  await insertColumns(engine, "sup_bal", {
    id: { type: "text", values: sup.map((s) => s.id) },
    county: { type: "text", values: sup.map((s) => s.county) },
    year: { type: "int", values: sup.map((s) => s.year) },
    occ_county: {
      type: "text",
      values: sup.map((s) => (s.occupationId ? occById.get(s.occupationId)?.county ?? null : null)),
    },
    seller: { type: "text", values: sup.map((s) => s.sellerProvince) },
    area: f(sup.map((s) => s.areaM2)),
    slope: f(sup.map((s) => part(s, "slope"))),
    flood: f(sup.map((s) => part(s, "flood"))),
    fg: f(sup.map((s) => part(s, "forest_grass"))),
    wetland_forest: f(sup.map((s) => part(s, "wetland") + part(s, "forest"))),
  });
  const rows = await engine.rows<Record<string, any>>(COUNTY_YEAR_SQL);
  const z = (v: number | null | undefined) => v ?? 0;
  return rows.map((r) => ({
    county: r.county,
    countyName: countyName(r.county),
    province: String(r.county).slice(0, 2),
    year: r.year,
    regionType: regionType(r.county),
    occupations: z(r.occupations),
    occAreaM2: z(r.occ_area),
    occPaddyM2: z(r.occ_paddy),
    occGrade: r.occ_grade ?? null,
    occCapacityKg: r.occ_capacity ?? null,
    occFragmentShare: r.occ_frag ?? null,
    occPbfM2: z(r.occ_pbf),
    occMarginalM2: z(r.occ_marginal),
    retreatAllowedM2: z(r.retreat),
    unsupplementedM2: z(r.unsupplemented),
    supAreaM2: z(r.sup_area),
    supPaddyM2: z(r.sup_paddy),
    supGrade: r.sup_grade ?? null,
    supCapacityKg: r.sup_capacity ?? null,
    supFragmentShare: r.sup_frag ?? null,
    supLatestFarmM2: z(r.sup_latest),
    crossProvinceM2: z(r.cross_prov),
    crossCountyInM2: z(r.cross_county_in),
    crossCountyOutM2: z(r.cross_out),
    unlinkedSupM2: z(r.unlinked),
    ecoSlopeM2: z(r.slope),
    ecoFloodM2: z(r.flood),
    ecoForestGrassM2: z(r.fg),
    wetlandForestM2: z(r.wetland_forest),
    exemptOccupations: z(r.exempt_n),
    exemptAreaM2: z(r.exempt_area),
    violations: 0,
  }));
}

/** Quota trades: every linked supplement bought from another province or made in another county. */
export function quotaTrades(occ: OccupationBalance[], sup: SupplementFacts[]): QuotaTrade[] {
  const occById = new Map(occ.map((o) => [o.id, o]));
  const out: QuotaTrade[] = [];
  for (const s of sup) {
    const o = s.occupationId ? occById.get(s.occupationId) ?? null : null;
    const buyer = o?.county ?? s.county;
    if (s.sellerProvince === null && buyer === s.county) continue;
    out.push({
      kind: s.sellerProvince !== null ? "cross_province" : "cross_county",
      supplementId: s.id,
      occupationId: s.occupationId,
      year: s.year,
      buyerCounty: buyer,
      buyerProvince: buyer.slice(0, 2),
      sellerProvince: s.sellerProvince ?? s.county.slice(0, 2),
      sellerCounty: s.sellerProvince !== null ? null : s.county,
      areaM2: s.areaM2,
      paddyM2: s.paddyM2,
      grade: s.grade,
      occAreaM2: o?.occAreaM2 ?? null,
      occGrade: o?.occGrade ?? null,
      source: s.source,
    });
  }
  return out.sort((a, b) =>
    a.buyerCounty.localeCompare(b.buyerCounty) || a.year - b.year ||
    a.supplementId.localeCompare(b.supplementId)
  );
}
