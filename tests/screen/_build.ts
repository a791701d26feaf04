/** Hand-made parcel tables and constraint layers for screening tests (zone 38 coordinates). */
import { loadParcels } from "../../src/ingest/load.ts";
import type { ParcelTable } from "../../src/ingest/parcel_table.ts";
import { writeGeoJSON } from "../../src/io/geojson.ts";
import { polygonColumnFromRings, type Position } from "../../src/geom/types.ts";
import type { ConstraintLayer } from "../../src/screen/layers.ts";
import type { Cell } from "../../src/io/layer.ts";

export const X0 = 38_450_000, Y0 = 3_400_000;

/** An axis-aligned rectangle (local metres from X0/Y0), closed, counter-clockwise. */
export function rect(x: number, y: number, w: number, h: number): Position[] {
  return [[X0 + x, Y0 + y], [X0 + x + w, Y0 + y], [X0 + x + w, Y0 + y + h], [X0 + x, Y0 + y + h], [X0 + x, Y0 + y]];
}

/** A parcel for {@link table}: polygons (each shell then holes) and attributes. */
export interface P {
  bsm: string;
  dlbm: string;
  polys: Position[][][];
  zzsx?: string;
  /** TBMJ; default the planar area. */
  tbmj?: number;
  gddb?: number;
  town?: string;
}

function planar(polys: Position[][][]): number {
  let a = 0;
  for (const poly of polys) {
    poly.forEach((r, i) => {
      let s = 0;
      for (let v = 0; v < r.length - 1; v++) s += (r[v][0] - r[0][0]) * (r[v + 1][1] - r[0][1]) - (r[v + 1][0] - r[0][0]) * (r[v][1] - r[0][1]);
      a += (i === 0 ? 1 : -1) * Math.abs(s / 2);
    });
  }
  return a;
}

/** Loads parcels through the real loader (GeoJSON in EPSG:4526). */
export async function table(parcels: P[]): Promise<ParcelTable> {
  const dir = await Deno.makeTempDir({ prefix: "screen-" });
  const keys = ["BSM", "DLBM", "ZLDWDM", "TBMJ", "ZZSXDM", "GDDB"];
  const cols: Record<string, Cell[]> = {
    BSM: parcels.map((p) => p.bsm),
    DLBM: parcels.map((p) => p.dlbm),
    ZLDWDM: parcels.map((p) => `${p.town ?? "900101001"}0010000000`),
    TBMJ: parcels.map((p) => p.tbmj ?? Math.round(planar(p.polys) * 100) / 100),
    ZZSXDM: parcels.map((p) => p.zzsx ?? null),
    GDDB: parcels.map((p) => p.gddb ?? (p.dlbm.startsWith("01") ? 5 : null)),
  };
  const path = `${dir}/dltb.geojson`;
  await writeGeoJSON(path, {
    fields: keys.map((name) => ({ name, type: name === "TBMJ" || name === "GDDB" ? "N" : "C", length: 20, decimals: 2 })),
    columns: cols,
    length: parcels.length,
    geometry: polygonColumnFromRings(parcels.map((p) => p.polys)),
  }, { crsName: "urn:ogc:def:crs:EPSG::4526" });
  const { table } = await loadParcels([path], { progress: false, tbmjTolerance: 1 });
  await Deno.remove(dir, { recursive: true });
  return table;
}

/** A constraint layer from polygons. */
export function layer(name: string, polys: Position[][][]): ConstraintLayer {
  return { name, source: name, geometry: polygonColumnFromRings(polys.map((p) => [p])), features: polys.length, notes: [] };
}
