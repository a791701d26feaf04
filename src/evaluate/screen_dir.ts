/**
 * Reads the pieces of a screening output folder (what `screen --out DIR` writes): `DIR/pieces.geojson`
 * in the parcels' CRS, with properties BSM, part, class, area_m2, township, county, village,
 * dlbm, zzsxdm, source, cluster (optional: township_name, village_name), and `DIR/summary.json`
 * whose `crs` is an EPSG code ("EPSG:4526" or 4526). Errors are Chinese and name the file and
 * the feature.
 *
 * @example
 * ```ts
 * const { pieces, crs, names } = await readScreenDir("out/screen");
 * pieces[0].cls; // "I_CONTIG"
 * ```
 * @module
 */
import type { Cell } from "../io/layer.ts";
import { readGeoJSON } from "../io/geojson.ts";
import { type Crs, crsFromEpsg, parseCrs } from "../io/crs.ts";
import { featurePlanarArea, featureRings } from "../geom/types.ts";
import type { ScreenPiece } from "../screen/types.ts";
import { classFromText } from "./labels.ts";

/** A screening folder as the evaluation stage needs it. */
export interface ScreenDir {
  pieces: ScreenPiece[];
  crs: Crs;
  /** Names the folder carries (township_name / village_name properties), code → name. */
  names: Map<string, string>;
}

function text(v: Cell | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
}

/**
 * The CRS of summary.json's `crs` (an EPSG code, "EPSG:NNNN" or a number), or null.
 *
 * @example
 * ```ts
 * crsOfSummary("EPSG:4526")!.zone; // 38
 * ```
 */
export function crsOfSummary(v: unknown): Crs | null {
  if (typeof v === "number") return crsFromEpsg(v);
  if (typeof v === "string" && /^\d+$/.test(v.trim())) return crsFromEpsg(Number(v));
  if (typeof v === "string") return parseCrs(v);
  return null;
}

/**
 * Reads and checks a screening output folder.
 *
 * @example
 * ```ts
 * const { pieces, crs } = await readScreenDir("out/screen");
 * ```
 */
export async function readScreenDir(dir: string): Promise<ScreenDir> {
  const path = `${dir.replace(/[\\/]+$/, "")}/pieces.geojson`;
  const summaryPath = `${dir.replace(/[\\/]+$/, "")}/summary.json`;
  let crs: Crs | null = null;
  try {
    const summary = JSON.parse(await Deno.readTextFile(summaryPath));
    crs = crsOfSummary(summary?.crs);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) {
      throw new Error(`筛选结果“${summaryPath}”无法读取：${(e as Error).message}`);
    }
  }
  const layer = await readGeoJSON(path);
  crs ??= parseCrs(layer.crsText);
  if (!crs) throw new Error(`筛选结果“${dir}”没有坐标系：summary.json 缺少 crs，pieces.geojson 也没有 crs`);
  if (!layer.geometry) throw new Error(`筛选结果“${path}”没有几何`);
  const col = (name: string) => layer.columns[name] ?? [];
  const need = ["BSM", "part", "class", "area_m2", "dlbm"];
  for (const n of need) {
    if (!layer.columns[n] && layer.length > 0) throw new Error(`筛选结果“${path}”缺少属性 ${n}`);
  }
  const names = new Map<string, string>();
  const pieces: ScreenPiece[] = [];
  for (let k = 0; k < layer.length; k++) {
    const where = `筛选结果“${path}”第 ${k + 1} 个要素`;
    const bsm = text(col("BSM")[k]);
    if (!bsm) throw new Error(`${where}缺少 BSM`);
    const part = Number(col("part")[k]);
    if (!Number.isInteger(part) || part < 1) {
      throw new Error(`${where}（BSM ${bsm}）的 part 应为正整数，收到 ${col("part")[k]}`);
    }
    const clsText = text(col("class")[k]) ?? "";
    const cls = classFromText(clsText);
    if (!cls) throw new Error(`${where}（BSM ${bsm}）的 class“${clsText}”不是四种潜力图斑类别之一`);
    const areaM2 = Number(col("area_m2")[k]);
    if (!Number.isFinite(areaM2) || areaM2 < 0) {
      throw new Error(`${where}（BSM ${bsm}）的 area_m2 无效：${col("area_m2")[k]}`);
    }
    const rings = featureRings(layer.geometry, k);
    if (rings.length === 0) throw new Error(`${where}（BSM ${bsm}）没有几何`);
    const township = text(col("township")[k]), village = text(col("village")[k]);
    const tn = text(col("township_name")[k]), vn = text(col("village_name")[k]);
    if (township && tn) names.set(township, tn);
    if (village && vn) names.set(village, vn);
    const cluster = Number(col("cluster")[k] ?? -1);
    const g = col("adjacent_grade")[k];
    const grade = g == null || String(g).trim() === "" ? NaN : Number(g);
    pieces.push({
      bsm,
      part,
      row: k,
      cls,
      areaM2,
      planarM2: featurePlanarArea(layer.geometry, k),
      dlbm: text(col("dlbm")[k]) ?? "",
      zzsxdm: text(col("zzsxdm")[k]),
      source: text(col("source")[k]) ?? "",
      county: text(col("county")[k]),
      township,
      village,
      adjacentGrade: Number.isFinite(grade) ? grade : null,
      cluster: Number.isInteger(cluster) ? cluster : -1,
      rings,
    });
  }
  return { pieces, crs, names };
}
