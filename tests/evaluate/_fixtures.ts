/**
 * Fixtures of the evaluation tests: screening pieces made from a demo county's latest parcel
 * layer (every in-flow candidate as one piece, classes by area), a screening output folder in
 * the shape `screen --out DIR` writes, and a small hand-made indicator row.
 */
import type { Cell } from "../../src/io/layer.ts";
import { readShapefile } from "../../src/io/shp.ts";
import { writeGeoJSON } from "../../src/io/geojson.ts";
import {
  CGCS2000_GEOGRAPHIC,
  type Crs,
  crsUrn,
  gaussKrugerZone,
  parseCrs,
  transformer,
} from "../../src/io/crs.ts";
import { featurePlanarArea, featureRings, polygonColumnFromRings } from "../../src/geom/types.ts";
import { isCandidateClass } from "../../src/units/landclass.ts";
import type { ContigClass, ScreenPiece } from "../../src/screen/types.ts";
import { M2_PER_MU } from "../../src/units/area.ts";
import { demoProvince } from "../_harness/demo_fixture.ts";

/** A county of the shared demo: its folder, latest year and field_returns.xlsx. */
export async function demoCounty(
  code = "900101",
): Promise<{ dir: string; year: number; returns: string; manifestTables: Record<string, number> }> {
  const { dir, manifest } = await demoProvince();
  const county = manifest.counties.find((c) => c.code === code)!;
  const year = Math.max(...Object.keys(county.years).map(Number));
  return {
    dir: `${dir}/${code}`,
    year,
    returns: `${dir}/${code}/field_returns.xlsx`,
    manifestTables: county.tables,
  };
}

/**
 * Every in-flow candidate (02/03/04 except 0404 and wetland, 1104; ZZSXDM JKHF/GCHF) of a demo
 * county's latest layer as one piece (part 1); the class is set by area only (a fixture, not
 * the screening): > 50 亩 II_CONTIG, > 15 亩 I_SCATTER, else every third I_CONTIG, the rest II_SCATTER.
 */
export async function demoPieces(
  code = "900101",
): Promise<
  { pieces: ScreenPiece[]; crs: Crs; dir: string; returns: string; tables: Record<string, number> }
> {
  const c = await demoCounty(code);
  const layer = await readShapefile(`${c.dir}/DLTB_${c.year}.shp`);
  const crs = parseCrs(layer.crsText)!;
  const col = (n: string) => layer.columns[n];
  const pieces: ScreenPiece[] = [];
  for (let k = 0; k < layer.length; k++) {
    const dlbm = String(col("DLBM")[k]), zz = col("ZZSXDM")[k] as string | null;
    if (!(zz === "JKHF" || zz === "GCHF") || !isCandidateClass(dlbm)) continue;
    const areaM2 = Number(col("TBMJ")[k]);
    const zl = String(col("ZLDWDM")[k]);
    const cls: ContigClass = areaM2 > 50 * M2_PER_MU
      ? "II_CONTIG"
      : areaM2 > 15 * M2_PER_MU
      ? "I_SCATTER"
      : pieces.length % 3 === 0
      ? "I_CONTIG"
      : "II_SCATTER";
    pieces.push({
      bsm: String(col("BSM")[k]),
      part: 1,
      row: k,
      cls,
      areaM2,
      planarM2: featurePlanarArea(layer.geometry!, k),
      dlbm,
      zzsxdm: zz,
      source: zz,
      county: zl.slice(0, 6),
      township: zl.slice(0, 9),
      village: zl.slice(0, 12),
      adjacentGrade: null,
      cluster: cls === "I_CONTIG" ? 0 : -1,
      rings: featureRings(layer.geometry!, k),
    });
  }
  return { pieces, crs, dir: c.dir, returns: c.returns, tables: c.manifestTables };
}

/** Writes a screening output folder (pieces.geojson + summary.json) as `screen --out DIR` does. */
export async function writeScreenFixture(
  dir: string,
  pieces: readonly ScreenPiece[],
  crs: Crs,
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const keys = [
    "BSM",
    "part",
    "class",
    "area_m2",
    "area_mu",
    "township",
    "county",
    "village",
    "dlbm",
    "zzsxdm",
    "source",
    "cluster",
  ];
  const columns: Record<string, Cell[]> = Object.fromEntries(keys.map((k) => [k, [] as Cell[]]));
  for (const p of pieces) {
    const v: Record<string, Cell> = {
      BSM: p.bsm,
      part: p.part,
      class: p.cls,
      area_m2: p.areaM2,
      area_mu: p.areaM2 / M2_PER_MU,
      township: p.township,
      county: p.county,
      village: p.village,
      dlbm: p.dlbm,
      zzsxdm: p.zzsxdm,
      source: p.source,
      cluster: p.cluster,
    };
    for (const k of keys) columns[k].push(v[k]);
  }
  await writeGeoJSON(`${dir}/pieces.geojson`, {
    fields: keys.map((name) => ({ name, type: "C", length: 254, decimals: 0 })),
    columns,
    length: pieces.length,
    geometry: polygonColumnFromRings(pieces.map((p) => p.rings)),
  }, { crsName: crsUrn(crs) ?? undefined });
  await Deno.writeTextFile(`${dir}/summary.json`, JSON.stringify({ crs: `EPSG:${crs.epsg}` }));
}

/** A complete set of indicator values that grades 可以恢复 under the default system. */
export const EASY_VALUES: Readonly<Record<string, Cell>> = Object.freeze({
  生产现状: "苗木",
  有无道路: "有",
  "道路距离（米）": 120,
  "水源距离（米）": 80,
  "恢复成本（万元/亩）": 2.5,
  群众意愿: "愿意",
});

/** The CRS of the hand-made fixtures (CGCS2000 3° GK zone 38, zone in easting, as the demo). */
export const GK38: Crs = gaussKrugerZone(38, true);

/** A square piece of `size` metres with its south-west corner at (x, y), in {@link GK38}. */
export function squarePiece(
  bsm: string,
  part: number,
  x: number,
  y: number,
  size = 100,
  extra: Partial<ScreenPiece> = {},
): ScreenPiece {
  return {
    bsm,
    part,
    row: 0,
    cls: "I_CONTIG",
    areaM2: size * size,
    planarM2: size * size,
    dlbm: "0201",
    zzsxdm: "JKHF",
    source: "JKHF",
    county: "900101",
    township: "900101100",
    village: "900101100201",
    adjacentGrade: null,
    cluster: 0,
    rings: [[[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]],
    ...extra,
  };
}

/** A shot: azimuth (degrees) and position as an offset (m) from a point in {@link GK38}. */
export interface Shot {
  az: number;
  dx: number;
  dy: number;
}

/** Photo cells (照片N…) for shots around (x, y) in {@link GK38}, positions as CGCS2000 degrees. */
export function photoCells(x: number, y: number, shots: readonly Shot[]): Record<string, Cell> {
  const toGeo = transformer(GK38, CGCS2000_GEOGRAPHIC);
  const out: Record<string, Cell> = {};
  shots.forEach((s, i) => {
    const [lon, lat] = toGeo(x + s.dx, y + s.dy);
    out[`照片${i + 1}方位角（度）`] = s.az;
    out[`照片${i + 1}经度`] = Math.round(lon * 1e7) / 1e7;
    out[`照片${i + 1}纬度`] = Math.round(lat * 1e7) / 1e7;
    out[`照片${i + 1}拍摄时间`] = `2024-07-1${i} 10:0${i}:00`;
  });
  return out;
}

/** Four good shots around a 100 m square whose south-west corner is the origin. */
export const FOUR_SHOTS: readonly Shot[] = Object.freeze([
  { az: 0, dx: 50, dy: -20 },
  { az: 90, dx: -20, dy: 50 },
  { az: 180, dx: 50, dy: 120 },
  { az: 270, dx: 120, dy: 50 },
]);
