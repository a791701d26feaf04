/**
 * Moves the audit's inputs into DuckDB (through Arrow, typed columns, nulls kept) and runs the
 * parcel-level SQL of ./sql.ts. Nothing here decides a finding: it resolves every
 * listed parcel to its survey states and sums areas per project.
 *
 * @module
 */
import { arrow } from "../db/arrow.ts";
import type { Engine } from "../db/engine.ts";
import { M2_PER_MU } from "../units/area.ts";
import type { AuditConfig } from "./config.ts";
import type { OccupationRecord, SupplementRecord, SurveyRow, ZoneAreas } from "./types.ts";
import { OCC_FACTS_SQL, OCC_PARCEL_SQL, SUP_FACTS_SQL, SUP_PARCEL_SQL } from "./sql.ts";

/** A column to insert: its Arrow type and values (null allowed). */
export type Column =
  | { type: "text"; values: (string | null)[] }
  | { type: "float"; values: (number | null)[] }
  | { type: "int"; values: (number | null)[] }
  | { type: "bool"; values: (boolean | null)[] };

/** Inserts columns as table `name` (replacing it). */
export async function insertColumns(
  engine: Engine,
  name: string,
  cols: Record<string, Column>,
): Promise<void> {
  const vectors: Record<string, arrow.Vector> = {};
  for (const [k, c] of Object.entries(cols)) {
    const type = c.type === "text"
      ? new arrow.Utf8()
      : c.type === "float"
      ? new arrow.Float64()
      : c.type === "int"
      ? new arrow.Int32()
      : new arrow.Bool();
    vectors[k] = arrow.vectorFromArray(c.values as unknown[], type as arrow.DataType);
  }
  await engine.insertArrow(name, new arrow.Table(vectors));
}

const text = (values: (string | null)[]): Column => ({ type: "text", values });
const float = (values: (number | null)[]): Column => ({ type: "float", values });
const int = (values: (number | null)[]): Column => ({ type: "int", values });

function province(county: string): string {
  return county.slice(0, 2);
}

/** Inserts occ, occ_bsm, sup, sup_bsm. BSM lists are de-duplicated per project. */
export async function insertRecords(
  engine: Engine,
  occ: OccupationRecord[],
  sup: SupplementRecord[],
): Promise<void> {
  await insertColumns(engine, "occ", {
    id: text(occ.map((o) => o.id)),
    county: text(occ.map((o) => o.county)),
    province: text(occ.map((o) => province(o.county))),
    year: int(occ.map((o) => o.year)),
    name: text(occ.map((o) => o.name)),
    key_project: { type: "bool", values: occ.map((o) => o.keyProject) },
    rec_area: float(occ.map((o) => o.areaM2)),
    rec_paddy: float(occ.map((o) => o.paddyM2)),
    rec_grade: float(occ.map((o) => o.grade)),
    rec_pbf: float(occ.map((o) => o.pbfM2)),
    rec_hsf: float(occ.map((o) => o.hsfM2)),
    rec_block: float(occ.map((o) => o.largestBlockM2)),
    n_listed: int(occ.map((o) => new Set(o.bsms).size)),
  });
  const ob = occ.flatMap((o) => [...new Set(o.bsms)].map((b) => [o.id, b]));
  await insertColumns(engine, "occ_bsm", { id: text(ob.map((x) => x[0])), bsm: text(ob.map((x) => x[1])) });
  await insertColumns(engine, "sup", {
    id: text(sup.map((s) => s.id)),
    county: text(sup.map((s) => s.county)),
    province: text(sup.map((s) => province(s.county))),
    year: int(sup.map((s) => s.year)),
    name: text(sup.map((s) => s.name)),
    rec_area: float(sup.map((s) => s.areaM2)),
    rec_paddy: float(sup.map((s) => s.paddyM2)),
    rec_grade: float(sup.map((s) => s.grade)),
    occ_id: text(sup.map((s) => s.occupationId)),
    seller: text(sup.map((s) => s.sellerProvince)),
    n_listed: int(sup.map((s) => new Set(s.bsms).size)),
  });
  const sb = sup.flatMap((s) => [...new Set(s.bsms)].map((b) => [s.id, b]));
  await insertColumns(engine, "sup_bsm", { id: text(sb.map((x) => x[0])), bsm: text(sb.map((x) => x[1])) });
}

/** Inserts survey, survey_years, code_list and yield_table. */
export async function insertSurvey(
  engine: Engine,
  rows: SurveyRow[],
  years: Map<string, number[]>,
  cfg: AuditConfig,
): Promise<void> {
  await insertColumns(engine, "survey", {
    county: text(rows.map((r) => r.county)),
    year: int(rows.map((r) => r.year)),
    bsm: text(rows.map((r) => r.bsm)),
    class4: text(rows.map((r) => r.class4)),
    zzsx: text(rows.map((r) => r.zzsx)),
    tbxh: text(rows.map((r) => r.tbxh)),
    tbdlmj: float(rows.map((r) => r.tbdlmj)),
    gddb: int(rows.map((r) => r.gddb)),
    gdpdjb: int(rows.map((r) => r.gdpdjb)),
  });
  const sy = [...years].flatMap(([c, ys]) => ys.map((y) => [c, y] as const));
  await insertColumns(engine, "survey_years", {
    county: text(sy.map((x) => x[0])),
    year: int(sy.map((x) => x[1])),
  });
  const a = cfg.audit;
  const lists: Record<string, string[]> = {
    abandoned: a.abandonedZzsx,
    flood_tbxh: a.ecology.floodTbxh,
    fg_tbxh: a.ecology.forestGrassTbxh,
    fg_prior: a.ecology.forestGrassPriorCodes,
    wetland: a.wetlandPriorCodes,
    forest: a.forestPriorCodes,
    raw: a.poorSteepRaw.rawPriorCodes,
    marginal_tbxh: a.marginal.tbxh,
  };
  const cl = Object.entries(lists).flatMap(([l, codes]) => codes.map((c) => [l, c]));
  await insertColumns(engine, "code_list", {
    list: text(cl.map((x) => x[0])),
    code: text(cl.map((x) => x[1])),
  });
  const grades = Object.keys(cfg.standardYield.byGrade).map(Number).sort((x, y) => x - y);
  await insertColumns(engine, "yield_table", {
    grade: int(grades),
    kg: float(grades.map((g) => cfg.standardYield.byGrade[String(g)])),
  });
}

/** Resolves the parcels of every project to their survey states (tables occ_parcel, sup_parcel). */
export async function resolveParcels(engine: Engine): Promise<void> {
  await engine.exec(OCC_PARCEL_SQL);
  await engine.exec(SUP_PARCEL_SQL);
}

/** Inserts the geometric facts: zone areas per (year, BSM) and patch membership per project side. */
export async function insertGeometry(
  engine: Engine,
  zones: { year: number; z: ZoneAreas }[],
  patches: { side: string; id: string; bsm: string; patch: number }[],
): Promise<void> {
  await insertColumns(engine, "zone", {
    year: int(zones.map((x) => x.year)),
    bsm: text(zones.map((x) => x.z.bsm)),
    slope_m2: float(zones.map((x) => x.z.slopeM2)),
    flood_m2: float(zones.map((x) => x.z.floodM2)),
    pbf_m2: float(zones.map((x) => x.z.pbfM2)),
    hsf_m2: float(zones.map((x) => x.z.hsfM2)),
  });
  await insertColumns(engine, "patch", {
    side: text(patches.map((p) => p.side)),
    id: text(patches.map((p) => p.id)),
    bsm: text(patches.map((p) => p.bsm)),
    patch_no: int(patches.map((p) => p.patch)),
  });
}

/** Builds occ_fact and sup_fact with the configured thresholds (as parameters). */
export async function buildFacts(engine: Engine, cfg: AuditConfig): Promise<void> {
  const a = cfg.audit;
  await engine.query(OCC_FACTS_SQL, [a.marginal.slopeGradeMin, a.marginal.gradeMin, M2_PER_MU]);
  await engine.query(SUP_FACTS_SQL, [
    a.ecology.slopeGrade,
    a.poorSteepRaw.poorGradeMin,
    a.poorSteepRaw.steepSlopeGradeMin,
    M2_PER_MU,
    a.ecology.parcelShareMin,
  ]);
}
