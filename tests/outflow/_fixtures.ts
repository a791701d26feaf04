/**
 * Hand-made survey tables and projects for the out-flow ledger tests (zone 38 coordinates,
 * local metres from X0/Y0), built straight into the canonical table so every attribute is
 * under the test's control.
 */
import { ParcelTableBuilder, type ParcelTable } from "../../src/ingest/parcel_table.ts";
import { featureBBox, featurePlanarArea, polygonColumnFromRings, type Position } from "../../src/geom/types.ts";
import { crsFromEpsg } from "../../src/io/crs.ts";
import { lookupLandClass } from "../../src/units/landclass.ts";
import type { OutflowProject } from "../../src/outflow/types.ts";

export const X0 = 38_450_000, Y0 = 3_400_000;

/** Axis-aligned rectangle ring (local metres), closed, counter-clockwise. */
export function rect(x: number, y: number, w: number, h: number): Position[] {
  return [[X0 + x, Y0 + y], [X0 + x + w, Y0 + y], [X0 + x + w, Y0 + y + h], [X0 + x, Y0 + y + h], [X0 + x, Y0 + y]];
}

/** One parcel: a rectangle [x, y, w, h] and attributes (defaults: township 900101001, village 001, QSXZ 30, grade 5). */
export interface P {
  bsm: string;
  dlbm: string;
  box: [number, number, number, number];
  /** TBDLMJ; default the planar area (KCMJ 0). */
  tbdlmj?: number;
  gddb?: number;
  gdpdjb?: number;
  qsxz?: string;
  tbxhdm?: string;
  zzsx?: string;
  /** 19-digit ZLDWDM; default 9001010010010000000. */
  zl?: string;
}

/** A canonical parcel table (EPSG:4526) from parcels. */
export function survey(parcels: P[], year = 2024): ParcelTable {
  const b = new ParcelTableBuilder();
  const geometry = polygonColumnFromRings(parcels.map((p) => [[rect(...p.box)]]));
  const n = parcels.length;
  const planar = Float64Array.from(parcels, (_, k) => featurePlanarArea(geometry, k));
  const area = Float64Array.from(parcels, (p, k) => p.tbdlmj ?? planar[k]);
  const farm = parcels.map((p) => p.dlbm.startsWith("01"));
  b.pushColumns({
    text: {
      BSM: parcels.map((p) => p.bsm), DLBM: parcels.map((p) => p.dlbm), QSXZ: parcels.map((p) => p.qsxz ?? "30"),
      ZLDWDM: parcels.map((p) => p.zl ?? "9001010010010000000"), ZLDWMC: parcels.map(() => "示例村"),
      TBXHDM: parcels.map((p) => p.tbxhdm ?? null), ZZSXDM: parcels.map((p) => p.zzsx ?? null),
    },
    num: {
      TBMJ: area, KCMJ: new Float64Array(n), TBDLMJ: area,
      GDDB: Float64Array.from(parcels, (p, k) => (farm[k] ? p.gddb ?? 5 : NaN)),
      GDPDJB: Float64Array.from(parcels, (p, k) => (farm[k] ? p.gdpdjb ?? 2 : NaN)),
      SJNF: new Float64Array(n).fill(year),
    },
    cls: parcels.map((p) => lookupLandClass(p.dlbm)),
    planar,
    geom: geometry,
    fileIndex: 0,
    file: `DLTB_${year}`,
    n,
  });
  return b.finish(geometry, crsFromEpsg(4526));
}

/** The same parcels with some classes (or attributes) changed, by BSM. */
export function changed(parcels: P[], changes: Record<string, Partial<P>>): P[] {
  return parcels.map((p) => ({ ...p, ...(changes[p.bsm] ?? {}) }));
}

/** A project (approved, dated 2021-03-01 unless told) covering rectangles. */
export function project(id: string, year: number, boxes: [number, number, number, number][], over: Partial<OutflowProject> = {}): OutflowProject {
  return {
    id, name: `项目${id}`, year, type: "经营主体林果业", plannedUse: "果园", zldwdm: "9001010010010000000",
    startDate: "2021-03-01", endDate: null, householdConsent: true, townshipFiled: true, conformsToPlan: true,
    supplementMode: "自行补充", investmentWan: 10, declaredM2: null, exempt: null, parcelBsm: [],
    geometry: boxes.length ? polygonColumnFromRings([boxes.map((b) => [rect(...b)])]) : null,
    source: `测试 ${id}`, ...over,
  };
}
