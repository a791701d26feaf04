/**
 * One entry point for every input format: picks the reader by the file's extension
 * (Shapefile, GeoJSON, FlatGeobuf, CSV, XLSX) or, for a File Geodatabase folder (.gdb),
 * converts the layer with GDAL's ogr2ogr when GDAL is installed.
 *
 * @example
 * ```ts
 * const layer = await readLayer("data/demo/900101/DLTB_2024.shp");
 * ```
 */
import type { VectorLayer } from "../io/layer.ts";
import { readShapefile, type ReadShapefileOptions } from "../io/shp.ts";
import { readGeoJSON } from "../io/geojson.ts";
import { readCsv } from "../io/csv.ts";
import { lazyImport } from "../units/lazy.ts";

/** Input formats by name, as the load report shows them. */
export type InputFormat = "Shapefile" | "GeoJSON" | "FlatGeobuf" | "CSV" | "XLSX" | "FileGDB";

/** The format of a path, from its extension (a .gdb folder is a File Geodatabase). */
export function formatOf(path: string): InputFormat {
  const p = path.toLowerCase().replace(/[\\/]+$/, "");
  if (p.endsWith(".shp")) return "Shapefile";
  if (p.endsWith(".geojson") || p.endsWith(".json")) return "GeoJSON";
  if (p.endsWith(".fgb")) return "FlatGeobuf";
  if (p.endsWith(".csv")) return "CSV";
  if (p.endsWith(".xlsx")) return "XLSX";
  if (p.endsWith(".gdb")) return "FileGDB";
  throw new Error(`不支持的文件类型：${path}（支持 .shp、.geojson、.fgb、.csv、.xlsx、.gdb）`);
}

/** Options for {@link readLayer}. */
export interface ReadOptions {
  /** Text encoding to force for DBF/CSV (otherwise .cpg, BOM or a guess). */
  encoding?: string;
  /** Layer name inside a File Geodatabase (default DLTB). */
  gdbLayer?: string;
  /** XLSX sheet name (default the first). */
  sheet?: string;
  /** How a Shapefile's .shp is read (see `readShapefile`). */
  readGeometry?: ReadShapefileOptions["readGeometry"];
  /** The fields of a Shapefile's .dbf to read (see `readShapefile`; other formats read every field). */
  select?: ReadShapefileOptions["select"];
  /** Called with a Shapefile's attributes before its geometry is read (see `readShapefile`). */
  onAttributes?: ReadShapefileOptions["onAttributes"];
}

/** Reads one input file (or .gdb folder) into a layer. Errors name the file. */
export async function readLayer(path: string, opts: ReadOptions = {}): Promise<VectorLayer> {
  let stat: Deno.FileInfo;
  try {
    stat = await Deno.stat(path);
  } catch {
    throw new Error(`找不到输入文件：${path}`);
  }
  const format = formatOf(path);
  if (format !== "FileGDB" && !stat.isFile) throw new Error(`输入不是文件：${path}`);
  try {
    return await readFormat(path, format, opts);
  } catch (e) {
    // Every error names the file: a reader library's own message is wrapped with it.
    const msg = e instanceof Error ? e.message : String(e);
    const stem = path.slice(path.lastIndexOf("/") + 1).replace(/\.[^.]+$/, "");
    if (e instanceof Error && msg.includes(stem)) throw e;
    throw new Error(`无法读取 ${format} 文件“${path}”：文件已损坏或格式不符（${msg.slice(0, 120)}）`);
  }
}

async function readFormat(path: string, format: InputFormat, opts: ReadOptions): Promise<VectorLayer> {
  switch (format) {
    case "Shapefile":
      return await readShapefile(path, { encoding: opts.encoding, readGeometry: opts.readGeometry, select: opts.select, onAttributes: opts.onAttributes });
    case "GeoJSON":
      return await readGeoJSON(path);
    case "FlatGeobuf": // readers of the rarer formats load with their first file
      return await (await lazyImport<typeof import("../io/fgb.ts")>(new URL("../io/fgb.ts", import.meta.url))).readFlatGeobuf(path);
    case "CSV":
      return await readCsv(path, { encoding: opts.encoding });
    case "XLSX":
      return (await lazyImport<typeof import("../io/xlsx.ts")>(new URL("../io/xlsx.ts", import.meta.url))).readXlsx(path, { sheet: opts.sheet });
    case "FileGDB":
      return await readFileGdb(path, opts.gdbLayer ?? "DLTB");
  }
}

/** True when GDAL's ogr2ogr can be run. */
export async function hasOgr2ogr(): Promise<boolean> {
  try {
    const out = await new Deno.Command("ogr2ogr", { args: ["--version"], stdout: "null", stderr: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** Converts one layer of a File Geodatabase to FlatGeobuf with ogr2ogr and reads that. */
async function readFileGdb(path: string, layerName: string): Promise<VectorLayer> {
  if (!(await hasOgr2ogr())) {
    throw new Error(
      `读取 File Geodatabase 需要 GDAL 的 ogr2ogr 命令，本机未安装（Debian：apt-get install gdal-bin）：${path}`,
    );
  }
  const dir = await Deno.makeTempDir({ prefix: "gdb-" });
  try {
    const out = `${dir}/${layerName}.fgb`;
    const r = await new Deno.Command("ogr2ogr", {
      args: ["-f", "FlatGeobuf", "-lco", "SPATIAL_INDEX=NO", "-nlt", "MULTIPOLYGON", out, path, layerName],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!r.success) {
      const msg = new TextDecoder().decode(r.stderr).trim().split("\n").pop() ?? "";
      throw new Error(`ogr2ogr 无法读取 ${path} 的图层 ${layerName}：${msg}`);
    }
    const layer = await (await lazyImport<typeof import("../io/fgb.ts")>(new URL("../io/fgb.ts", import.meta.url))).readFlatGeobuf(out);
    layer.source = `${path}#${layerName}`;
    layer.notes.push(`经 GDAL ogr2ogr 转换读取图层 ${layerName}`);
    return layer;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
