/** Hand-made parcel layers for loader tests: squares at Gauss–Krüger zone 38 coordinates. */
import type { Cell, FieldDef } from "../../src/io/layer.ts";
import { polygonColumnFromRings, type Position } from "../../src/geom/types.ts";
import { writeShapefile } from "../../src/io/shp.ts";
import { crsFromEpsg, crsToEsriWkt } from "../../src/io/crs.ts";

export const X0 = 38_450_000, Y0 = 3_400_000;

/** A square of side s at grid cell i (100 m spacing). */
export function square(i: number, s = 50, x0 = X0, y0 = Y0): Position[] {
  const x = x0 + i * 100, y = y0;
  return [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
}

export const FIELDS: FieldDef[] = [
  { name: "BSM", type: "C", length: 18, decimals: 0 },
  { name: "DLBM", type: "C", length: 5, decimals: 0 },
  { name: "DLMC", type: "C", length: 60, decimals: 0 },
  { name: "ZLDWDM", type: "C", length: 19, decimals: 0 },
  { name: "ZLDWMC", type: "C", length: 60, decimals: 0 },
  { name: "TBMJ", type: "N", length: 19, decimals: 2 },
  { name: "KCMJ", type: "N", length: 19, decimals: 2 },
  { name: "TBDLMJ", type: "N", length: 19, decimals: 2 },
  { name: "GDDB", type: "N", length: 2, decimals: 0 },
];

export interface Row {
  BSM: string;
  DLBM: string;
  DLMC: string;
  TBMJ: number;
  KCMJ?: number;
  TBDLMJ?: number;
  GDDB?: number;
  ZLDWDM?: string;
  ZLDWMC?: string;
}

/** Writes rows with geometries as a GBK Shapefile in zone 38 (EPSG:4526); returns the .shp path. */
export async function writeParcels(
  dir: string,
  name: string,
  rows: Row[],
  rings: Position[][][][],
  opts: { encoding?: "gbk" | "utf-8"; prj?: string | null; cpg?: boolean } = {},
): Promise<string> {
  const columns: Record<string, Cell[]> = {};
  for (const f of FIELDS) {
    columns[f.name] = rows.map((r) => {
      const v = (r as unknown as Record<string, Cell | undefined>)[f.name];
      if (v !== undefined) return v;
      if (f.name === "ZLDWDM") return "9001011010010000000";
      if (f.name === "ZLDWMC") return "示例村";
      if (f.name === "KCMJ") return 0;
      if (f.name === "TBDLMJ") return r.TBMJ - (r.KCMJ ?? 0);
      return null;
    });
  }
  const base = `${dir}/${name}`;
  await writeShapefile(base, { fields: FIELDS, columns, length: rows.length, geometry: polygonColumnFromRings(rings) }, {
    encoding: opts.encoding ?? "gbk",
    prjWkt: opts.prj === null ? undefined : opts.prj ?? crsToEsriWkt(crsFromEpsg(4526)),
    writeCpg: opts.cpg ?? true,
  });
  return `${base}.shp`;
}
