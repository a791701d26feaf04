/**
 * Reading the selection's inputs from the folders and files earlier stages write (the I/O
 * edge of the pool): the pieces of a screening folder with their adjacent-farmland grade, the
 * graded results of `verify import` (graded.csv, BSM kept as text), and polygon layers —
 * permanent basic farmland, the annual farmland-quality update — brought into the pieces' CRS.
 *
 * @example
 * ```ts
 * const { pieces, crs } = await readScreenPieces("out/screen");
 * const graded = await readGradedCsv("out/核实评价/graded.csv");
 * const pbf = await readPolygonLayer("data/demo/900101/永久基本农田.shp", crs);
 * const { pool } = await buildPool(pieces, graded, { pbfLayer: pbf.geometry });
 * ```
 * @module
 */
import { readScreenDir, type ScreenDir } from "../evaluate/screen_dir.ts";
import { parseCsvText } from "../io/csv.ts";
import { type Crs, parseCrs, reprojectColumn, sameCrs } from "../io/crs.ts";
import { readLayer } from "../ingest/read_layer.ts";
import type { PolygonColumn } from "../geom/types.ts";
import type { Cell } from "../io/layer.ts";
import { type Grade, GRADES, type RestoreResult, RESULTS } from "../evaluate/labels.ts";
import type { GradedRecord, QualityPolygons } from "./pool.ts";

/**
 * The pieces of a screening folder ({@link readScreenDir}) with `adjacentGrade` filled from
 * the `adjacent_grade` property of pieces.geojson (the screening's area-weighted GDDB of
 * farmland within gap; null where it is blank).
 *
 * @example
 * ```ts
 * (await readScreenPieces("out/screen")).pieces[0].adjacentGrade; // 4.18
 * ```
 */
export async function readScreenPieces(dir: string): Promise<ScreenDir> {
  return await readScreenDir(dir);
}

/** Column headers of graded.csv the pool reads, by the criteria's Chinese labels. */
export interface GradedCsvColumns {
  /** Label of the water criterion (default 水源保障): its 等级 column decides paddy. */
  water?: string;
  /** Label of the cost criterion (default 恢复成本): its 填报值 column gives 万元/亩. */
  cost?: string;
  /** Label of a field quality-grade criterion, when the system has one. */
  grade?: string;
}

function lead(text: string): number | null {
  const m = /^\s*([-+]?(\d+(\.\d*)?|\.\d+))/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * Reads graded.csv of a `verify import` folder (or the file itself) as graded records. Every
 * cell stays text until parsed (BSM keeps all its digits). Errors name the file and the row.
 *
 * @example
 * ```ts
 * (await readGradedCsv("out/核实评价"))[0].result; // "可以恢复"
 * ```
 */
export async function readGradedCsv(path: string, cols: GradedCsvColumns = {}): Promise<GradedRecord[]> {
  const file = /\.csv$/i.test(path) ? path : `${path.replace(/[\\/]+$/, "")}/graded.csv`;
  const text = (await Deno.readTextFile(file)).replace(/^\uFEFF/, "");
  const [header, ...rows] = parseCsvText(text, file);
  if (!header) throw new Error(`评价结果“${file}”为空`);
  const at = (name: string, required = true) => {
    const k = header.indexOf(name);
    if (k < 0 && required) {
      throw new Error(`评价结果“${file}”缺少列“${name}”（现有列：${header.join("、")}）`);
    }
    return k;
  };
  const water = cols.water ?? "水源保障", cost = cols.cost ?? "恢复成本";
  const iBsm = at("BSM"), iPart = at("部件号"), iResult = at("评价结果");
  const iWater = at(`${water}（等级）`), iCost = at(`${cost}（填报值）`);
  const iGrade = cols.grade ? at(`${cols.grade}（填报值）`) : -1;
  return rows.map((r, k) => {
    const where = `评价结果“${file}”第 ${k + 2} 行`;
    const part = Number(r[iPart]);
    if (!Number.isInteger(part) || part < 1) throw new Error(`${where}的部件号应为正整数，收到“${r[iPart]}”`);
    const result = r[iResult].trim() as RestoreResult;
    if (!RESULTS.includes(result)) {
      throw new Error(`${where}的评价结果“${r[iResult]}”不是 ${RESULTS.join("、")} 之一`);
    }
    const w = r[iWater].trim();
    const g = iGrade >= 0 ? lead(r[iGrade]) : null;
    return {
      bsm: r[iBsm].trim(),
      part,
      result,
      waterGrade: (GRADES as readonly string[]).includes(w) ? w as Grade : null,
      costPerMu: lead(r[iCost]),
      fieldGrade: g !== null && g >= 1 && g <= 15 ? g : null,
    };
  });
}

/**
 * A polygon layer (Shapefile, GeoJSON, FlatGeobuf) in `crs`, with its attribute columns; a
 * layer without CRS is taken to be in `crs`.
 *
 * @example
 * ```ts
 * const pbf = await readPolygonLayer("永久基本农田.shp", crs);
 * ```
 */
export async function readPolygonLayer(
  path: string,
  crs: Crs,
): Promise<{ geometry: PolygonColumn; columns: Record<string, Cell[]>; notes: string[] }> {
  const layer = await readLayer(path);
  if (!layer.geometry) throw new Error(`图层“${path}”没有几何`);
  const own = parseCrs(layer.crsText);
  const notes = [...layer.notes];
  let geometry = layer.geometry;
  if (!own) notes.push(`“${path}”无坐标系信息，按潜力图斑的坐标系读取`);
  else if (!sameCrs(own, crs)) {
    geometry = reprojectColumn(geometry, own, crs);
    notes.push(`“${path}”已重投影到潜力图斑的坐标系`);
  }
  return { geometry, columns: layer.columns, notes };
}

/**
 * The annual farmland-quality update layer as {@link QualityPolygons}: polygons in `crs` with
 * the grade of `field` (default GDDB; blank or outside 1–15 → not graded).
 *
 * @example
 * ```ts
 * const q = await readQualityLayer("耕地质量年度更新.shp", crs);
 * ```
 */
export async function readQualityLayer(path: string, crs: Crs, field = "GDDB"): Promise<QualityPolygons> {
  const l = await readPolygonLayer(path, crs);
  const col = l.columns[field];
  if (!col) {
    throw new Error(
      `耕地质量图层“${path}”缺少等别字段 ${field}（现有字段：${Object.keys(l.columns).join("、")}）`,
    );
  }
  return {
    geometry: l.geometry,
    grades: col.map((v) => {
      const g = typeof v === "number" ? v : v == null ? NaN : Number(v);
      return g >= 1 && g <= 15 ? g : null;
    }),
  };
}
