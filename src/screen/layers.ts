/**
 * Constraint layers (DOMAIN.md §4.2): every Shapefile, GeoJSON or FlatGeobuf in a folder is one
 * layer named after its file; a GeoTIFF DEM is turned into the zone of cells steeper than 25°
 * (Horn's method, as gdaldem); each is brought into the parcels' CRS (and the notes say so).
 *
 * @example
 * ```ts
 * const layers = await readConstraintDir("data/demo/900101/constraints", table.crs!);
 * ```
 */
import type { PolygonColumn } from "../geom/types.ts";
import { assertInChina, type Crs, parseCrs, reprojectColumn, sameCrs } from "../io/crs.ts";
import { readLayer } from "../ingest/read_layer.ts";
import { demSlopeLayer } from "./dem_slope.ts";

/** One constraint layer in the parcels' CRS. */
export interface ConstraintLayer {
  name: string;
  source: string;
  geometry: PolygonColumn;
  features: number;
  notes: string[];
}

const LAYER_FILE = /\.(shp|geojson|json|fgb|tif|tiff)$/i;
const DEM_FILE = /\.(tif|tiff)$/i;

/** The layer files of a folder, sorted by name (the order of the ledger). */
export async function constraintFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile && LAYER_FILE.test(e.name)) out.push(`${dir}/${e.name}`);
  } catch {
    throw new Error(`找不到约束图层目录：${dir}`);
  }
  return out.sort();
}

/** Reads one constraint layer and reprojects it into `crs`. A layer without CRS needs `fallbackCrs`. */
export async function readConstraintLayer(path: string, crs: Crs, fallbackCrs?: Crs | null): Promise<ConstraintLayer> {
  if (DEM_FILE.test(path)) {
    // A DEM in the folder is the slope constraint: cells steeper than 25° become a zone.
    const dem = await demSlopeLayer(path, crs);
    return { name: dem.name, source: path, geometry: dem.geometry, features: dem.geometry.geomOffsets.length - 1, notes: dem.notes };
  }
  const layer = await readLayer(path);
  const name = path.slice(path.lastIndexOf("/") + 1).replace(LAYER_FILE, "");
  if (!layer.geometry) throw new Error(`约束图层没有几何：${path}`);
  const notes = [...layer.notes];
  if (layer.length === 0) {
    // An empty layer is legitimate input: it removes nothing, whatever type or CRS its file declares.
    notes.push(`空图层：${path} 不含要素，不扣除任何面积`);
    return { name, source: path, geometry: layer.geometry, features: 0, notes };
  }
  let own: Crs | null;
  try {
    own = parseCrs(layer.crsText);
  } catch (e) {
    throw new Error(`约束图层 ${path} 的坐标系无法识别：${(e as Error).message}`);
  }
  if (!own) {
    if (!fallbackCrs) throw new Error(`约束图层 ${path} 没有坐标系信息，请用 --crs 指定`);
    own = fallbackCrs;
    notes.push(`无坐标系信息，按配置使用 ${own.name}`);
  }
  let geometry = layer.geometry;
  assertInChina(columnBBox(geometry), own, `约束图层 ${path}`);
  if (!sameCrs(own, crs)) {
    geometry = reprojectColumn(geometry, own, crs);
    notes.push(`已由 ${own.epsg ? "EPSG:" + own.epsg : own.name} 重投影到 ${crs.epsg ? "EPSG:" + crs.epsg : crs.name}`);
  }
  return { name, source: path, geometry, features: layer.length, notes };
}

/** The bounding box of a column's coordinates (NaN when it has none). */
function columnBBox(col: { coords: Float64Array | number[] }): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < col.coords.length; i += 2) {
    const x = col.coords[i], y = col.coords[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return x0 <= x1 ? [x0, y0, x1, y1] : [NaN, NaN, NaN, NaN];
}

/** Reads every layer of a folder. */
export async function readConstraintDir(dir: string, crs: Crs, fallbackCrs?: Crs | null): Promise<ConstraintLayer[]> {
  const files = await constraintFiles(dir);
  const out: ConstraintLayer[] = [];
  for (const f of files) out.push(await readConstraintLayer(f, crs, fallbackCrs));
  const names = new Set<string>();
  for (const l of out) {
    if (names.has(l.name)) throw new Error(`约束图层重名：${dir} 中有两个名为“${l.name}”的图层（扩展名不同）`);
    names.add(l.name);
  }
  return out;
}
