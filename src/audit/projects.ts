/**
 * Project-level figures of the audit: each supplement's verified facts and each occupation
 * with both sides of its balance. Survey figures (by BSM) win; a project whose parcels are not
 * listed (a cross-province purchase) or not all found before the occupation year falls back to
 * its recorded figures, and says so (`source`).
 *
 * @module
 */
import type { Engine } from "../db/engine.ts";
import { M2_PER_MU } from "../units/area.ts";
import type { AuditConfig } from "./config.ts";
import type { OccupationBalance, SupplementFacts, SupplementRecord } from "./types.ts";
import { OCC_SUM_SQL, PATCH_STATS_SQL, SUP_SUM_SQL } from "./sql.ts";

interface PatchStat {
  side: string;
  id: string;
  fragment_m2: number;
  total_m2: number;
  largest_m2: number;
  patches: number;
}

/** "a@x;b@y" → [{ bsm: "a", detail: "x" }, …]. */
function parseList(s: string): { bsm: string; detail: string }[] {
  if (!s) return [];
  return s.split(";").map((x) => {
    const at = x.indexOf("@");
    return at < 0 ? { bsm: x, detail: "" } : { bsm: x.slice(0, at), detail: x.slice(at + 1) };
  });
}

const split = (s: string): string[] => (s ? s.split(";") : []);

/** kg of standard grain for an area (m²) at a grade (rounded to a whole grade), or null. */
export function capacityOf(cfg: AuditConfig, areaM2: number, grade: number | null): number | null {
  if (grade === null) return null;
  const kg = cfg.standardYield.byGrade[String(Math.min(15, Math.max(1, Math.round(grade))))];
  return kg === undefined ? null : (areaM2 / M2_PER_MU) * kg;
}

/** Reads the per-project sums and builds the supplement facts and occupation balances. */
export async function projectFigures(
  engine: Engine,
  cfg: AuditConfig,
  supRecords: SupplementRecord[],
  vanished: ReadonlySet<string> = new Set(),
): Promise<{ occupations: OccupationBalance[]; supplements: SupplementFacts[] }> {
  const a = cfg.audit;
  const stats = new Map<string, PatchStat>();
  for (const r of await engine.rows<PatchStat>(PATCH_STATS_SQL, [a.fragmentation.patchBelowMu * M2_PER_MU])) {
    stats.set(`${r.side}/${r.id}`, r);
  }
  const supRec = new Map(supRecords.map((s) => [s.id, s]));
  const supplements: SupplementFacts[] = [];
  for (const r of await engine.rows<Record<string, any>>(SUP_SUM_SQL)) {
    const rec = supRec.get(r.id)!;
    const survey = r.n_listed > 0;
    const area = survey ? r.area : rec.areaM2 ?? 0;
    const grade = survey ? r.grade : rec.grade;
    const ps = stats.get(`sup/${r.id}`);
    const parts: SupplementFacts["parts"] = {};
    const put = (key: string, areaM2: number, list: string) => {
      const items = parseList(list);
      if (areaM2 > 0 || items.length) {
        parts[key] = { areaM2, bsms: items.map((i) => i.bsm), detail: items.map((i) => i.detail) };
      }
    };
    put("slope", r.slope, r.slope_bsms);
    put("flood", r.flood, r.flood_bsms);
    put("forest_grass", r.forest_grass, r.fg_bsms);
    put("wetland", r.wetland, r.wetland_bsms);
    put("forest", r.forest, r.forest_bsms);
    put("poor", r.poor, r.poor_bsms);
    put("steep", r.steep, r.steep_bsms);
    put("raw", r.raw, r.raw_bsms);
    if (r.poor_steep_raw > 0) parts.poor_steep_raw = { areaM2: r.poor_steep_raw, bsms: [], detail: [] };
    put("abandoned", r.abandoned, r.abandoned_bsms);
    put("not_farm", 0, r.not_farm_bsms);
    // A parcel gone from the latest survey that no re-numbered parcel holds is 待核实, not a finding.
    const latest = parseList(r.latest_bsms);
    const lost = (i: { bsm: string; detail: string }) => i.detail === "missing" && vanished.has(i.bsm);
    const join = (xs: typeof latest) => xs.map((i) => `${i.bsm}@${i.detail}`).join(";");
    put("not_latest", 0, join(latest.filter((i) => !lost(i))));
    put("unverified", 0, join(latest.filter(lost)));
    put("not_found", 0, r.missing_bsms);
    supplements.push({
      id: r.id,
      county: r.county,
      year: r.year,
      name: r.name,
      occupationId: r.occ_id,
      sellerProvince: r.seller,
      source: survey ? "survey" : "record",
      areaM2: area,
      paddyM2: survey ? r.paddy : rec.paddyM2 ?? 0,
      grade,
      capacityKg: survey ? r.capacity : capacityOf(cfg, area, grade),
      latestFarmM2: survey ? r.latest_farm : area,
      fragmentM2: ps ? ps.fragment_m2 : null,
      patchedM2: ps ? ps.total_m2 : null,
      bsms: split(r.bsms),
      parts,
    });
  }
  const occupations: OccupationBalance[] = [];
  for (const r of await engine.rows<Record<string, any>>(OCC_SUM_SQL)) {
    const survey = r.n_listed > 0 && r.n_found === r.n_listed;
    const linked = supplements.filter((s) => s.occupationId === r.id);
    const ps = stats.get(`occ/${r.id}`);
    const zonesKnown = survey && r.pbf_unknown === 0;
    const recBlock = (v: number | null) => Math.min(v ?? 0, r.rec_block ?? Infinity);
    let gradedArea = 0, gradeSum = 0, frag = 0, patched = 0, anyPatched = false, cap = 0, anyCap = false;
    for (const s of linked) {
      if (s.grade !== null) {
        gradedArea += s.areaM2;
        gradeSum += s.areaM2 * s.grade;
      }
      if (s.patchedM2 !== null) {
        anyPatched = true;
        frag += s.fragmentM2 ?? 0;
        patched += s.patchedM2;
      }
      if (s.capacityKg !== null) {
        anyCap = true;
        cap += s.capacityKg;
      }
    }
    const area = survey ? r.area : r.rec_area ?? 0;
    const grade = survey ? r.grade : r.rec_grade;
    occupations.push({
      id: r.id,
      county: r.county,
      province: r.province,
      year: r.year,
      name: r.name,
      keyProject: r.key_project,
      source: survey ? "survey" : "record",
      occAreaM2: area,
      occPaddyM2: survey ? r.paddy : r.rec_paddy ?? 0,
      occGrade: grade,
      occCapacityKg: survey ? r.capacity : capacityOf(cfg, area, grade),
      occMarginalM2: survey ? r.marginal : 0,
      occFragmentM2: ps && survey ? ps.fragment_m2 : null,
      occPatchedM2: ps && survey ? ps.total_m2 : null,
      occPbfM2: zonesKnown ? r.pbf ?? 0 : r.rec_pbf ?? 0,
      occHsfM2: zonesKnown ? r.hsf ?? 0 : r.rec_hsf ?? 0,
      occZoneSource: zonesKnown ? "layer" : "record",
      occPbfBlockM2: zonesKnown ? stats.get(`occ_pbf/${r.id}`)?.largest_m2 ?? 0 : recBlock(r.rec_pbf),
      occHsfBlockM2: zonesKnown ? stats.get(`occ_hsf/${r.id}`)?.largest_m2 ?? 0 : recBlock(r.rec_hsf),
      occBsms: split(r.bsms),
      occPaddyBsms: split(r.paddy_bsms),
      supIds: linked.map((s) => s.id),
      supAreaM2: linked.reduce((t, s) => t + s.areaM2, 0),
      supPaddyM2: linked.reduce((t, s) => t + s.paddyM2, 0),
      supGrade: gradedArea > 0 ? gradeSum / gradedArea : null,
      supCapacityKg: anyCap ? cap : null,
      supFragmentM2: anyPatched ? frag : null,
      supPatchedM2: anyPatched ? patched : null,
      supLatestFarmM2: linked.reduce((t, s) => t + s.latestFarmM2, 0),
      supBsms: linked.flatMap((s) => s.bsms),
      crossProvinceIds: linked.filter((s) => s.sellerProvince !== null).map((s) => s.id),
      crossCountyIds: linked.filter((s) => s.sellerProvince === null && s.county !== r.county).map((s) =>
        s.id
      ),
      retreatAllowedM2: 0,
    });
  }
  return { occupations, supplements };
}
