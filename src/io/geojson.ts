/**
 * GeoJSON FeatureCollections of polygons ↔ {@link VectorLayer}. Reading checks every feature
 * and names the file, the feature and what was found when something is not a polygon or is
 * malformed; writing is atomic (temporary file, then rename) and keeps numbers as they are.
 *
 * @example
 * ```ts
 * const layer = await readGeoJSON("constraints/自然保护地.geojson");
 * await writeGeoJSON("copy.geojson", layer, { crsName: "urn:ogc:def:crs:EPSG::4526" });
 * ```
 * @module
 */
import { putOwn } from "../units/safe_keys.ts";
import type { Cell, FieldDef, VectorLayer } from "./layer.ts";
import {
  featureGeoJSON,
  type PolygonColumn,
  polygonColumnFromRings,
  type PolygonRings,
  type Position,
} from "../geom/types.ts";
import { writeFileAtomic } from "./atomic.ts";

/** Options of {@link writeGeoJSON}. */
export interface WriteGeoJSONOptions {
  /** CRS name for the legacy `crs` member, e.g. "urn:ogc:def:crs:EPSG::4526"; omitted when absent. */
  crsName?: string;
}

/** A layer to write: a {@link VectorLayer} or anything with its attribute and geometry parts. */
export interface GeoJSONWritable {
  fields: FieldDef[];
  columns: Record<string, Cell[]>;
  length: number;
  geometry: PolygonColumn | null;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `数组（${v.length} 项）`;
  if (typeof v === "object") {
    const t = (v as { type?: unknown }).type;
    return typeof t === "string" ? `类型为 ${t} 的对象` : "对象";
  }
  const s = JSON.stringify(v) ?? String(v);
  return `${typeof v} ${s.length > 40 ? s.slice(0, 40) + "…" : s}`;
}

class FeatureError extends Error {}

function ring(raw: unknown, where: string): Position[] {
  if (!Array.isArray(raw)) throw new FeatureError(`${where}不是坐标数组，而是${describe(raw)}`);
  const out: Position[] = [];
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i];
    if (
      !Array.isArray(p) || p.length < 2 || typeof p[0] !== "number" || typeof p[1] !== "number" ||
      !Number.isFinite(p[0]) || !Number.isFinite(p[1])
    ) {
      throw new FeatureError(`${where}第 ${i + 1} 个坐标无效（${describe(p)}）`);
    }
    out.push([p[0], p[1]]);
  }
  const closed = out.length > 0 && out[0][0] === out[out.length - 1][0] &&
    out[0][1] === out[out.length - 1][1];
  const distinct = closed ? out.length - 1 : out.length;
  if (distinct < 3) throw new FeatureError(`${where}只有 ${distinct} 个不同的坐标，至少需要 3 个`);
  if (!closed) out.push([out[0][0], out[0][1]]);
  return out;
}

function signedArea(r: Position[]): number {
  const x0 = r[0][0], y0 = r[0][1];
  let s = 0;
  for (let i = 0; i < r.length - 1; i++) {
    s += (r[i][0] - x0) * (r[i + 1][1] - y0) - (r[i + 1][0] - x0) * (r[i][1] - y0);
  }
  return s / 2;
}

function polygon(raw: unknown, where: string): PolygonRings {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new FeatureError(`${where}不是非空的环数组，而是${describe(raw)}`);
  }
  return raw.map((r, i) => {
    const pts = ring(r, `${where}${i === 0 ? "外环" : `第 ${i} 个内环`}`);
    const a = signedArea(pts);
    // Shell counter-clockwise (positive), holes clockwise (negative).
    if ((i === 0 && a < 0) || (i > 0 && a > 0)) pts.reverse();
    return pts;
  });
}

function geometry(g: unknown): PolygonRings[] {
  if (g === null || g === undefined) return [];
  if (typeof g !== "object" || Array.isArray(g)) {
    throw new FeatureError(`geometry 不是对象，而是${describe(g)}`);
  }
  const type = (g as { type?: unknown }).type;
  const coords = (g as { coordinates?: unknown }).coordinates;
  if (type === "Polygon") return [polygon(coords, "Polygon 的")];
  if (type === "MultiPolygon") {
    if (!Array.isArray(coords)) {
      throw new FeatureError(`MultiPolygon 的 coordinates 不是数组，而是${describe(coords)}`);
    }
    return coords.map((p, i) => polygon(p, `MultiPolygon 第 ${i + 1} 个面的`));
  }
  if (typeof type === "string") {
    throw new FeatureError(`几何类型是 ${type}，只支持面（Polygon/MultiPolygon）`);
  }
  throw new FeatureError(`geometry 缺少 type（${describe(g)}）`);
}

function propertyCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  return JSON.stringify(v);
}

function decimalsOf(x: number): number {
  if (Number.isInteger(x)) return 0;
  const s = String(x);
  if (s.includes("e")) return 15;
  return Math.min(15, s.length - s.indexOf(".") - 1);
}

function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! < 0x80 ? 1 : 2;
  return w;
}

/** Field definitions typed by content: all values numbers → N (decimals as seen), else C. */
export function fieldsFromColumns(keys: string[], columns: Record<string, Cell[]>): FieldDef[] {
  return keys.map((name) => {
    const col = columns[name];
    let any = false, numeric = true;
    for (const v of col) {
      if (v === null) continue;
      any = true;
      if (typeof v !== "number") numeric = false;
    }
    if (any && numeric) {
      let decimals = 0, width = 1;
      for (const v of col) if (v !== null) decimals = Math.max(decimals, decimalsOf(v as number));
      decimals = Math.min(15, decimals);
      for (const v of col) if (v !== null) width = Math.max(width, (v as number).toFixed(decimals).length);
      return { name, type: "N", length: Math.min(32, width), decimals };
    }
    let width = 1;
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v === null) continue;
      const s = typeof v === "number" ? String(v) : v;
      col[i] = s;
      width = Math.max(width, textWidth(s));
    }
    return { name, type: "C", length: Math.min(254, width), decimals: 0 };
  });
}

/** Parses GeoJSON text into a layer; `source` names the file in errors. */
export function parseGeoJSON(text: string, source: string): VectorLayer {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new Error(`GeoJSON 文件“${source}”不是有效的 JSON：${(e as Error).message}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new Error(`GeoJSON 文件“${source}”的内容不是对象，而是${describe(doc)}`);
  }
  const d = doc as { type?: unknown; features?: unknown; crs?: unknown };
  let features: unknown[];
  if (d.type === "FeatureCollection") {
    if (!Array.isArray(d.features)) {
      throw new Error(`GeoJSON 文件“${source}”的 features 不是数组，而是${describe(d.features)}`);
    }
    features = d.features;
  } else if (d.type === "Feature") {
    features = [d];
  } else {
    throw new Error(`GeoJSON 文件“${source}”不是 FeatureCollection（type 为 ${describe(d.type)}）`);
  }
  let crsText: string | null = null;
  const crs = d.crs as { properties?: { name?: unknown } } | undefined | null;
  if (crs && typeof crs === "object" && typeof crs.properties?.name === "string") {
    crsText = crs.properties.name;
  }
  const layer = layerFromFeatures(features, source, crsText ?? "EPSG:4326");
  // RFC 7946: GeoJSON without a crs member is WGS84 longitude/latitude.
  if (crsText === null) layer.notes.push(`${source} 没有 crs 成员：按 RFC 7946 视为 WGS84 经纬度（EPSG:4326）`);
  return layer;
}

/**
 * GeoJSON Feature objects (from a GeoJSON file, a FlatGeobuf reader, …) → a layer: properties
 * become columns (union of keys), Polygon/MultiPolygon geometry normalised (shells CCW, holes
 * CW, rings closed). Errors name the source, the feature and what was found.
 */
export function layerFromFeatures(features: unknown[], source: string, crsText: string | null): VectorLayer {
  const keys: string[] = [];
  const seen = new Set<string>();
  const rings: PolygonRings[][] = [];
  const props: Record<string, unknown>[] = [];
  features.forEach((f, i) => {
    const at = `文件“${source}”第 ${i + 1} 个要素（索引 ${i}）`;
    if (
      f === null || typeof f !== "object" || Array.isArray(f) || (f as { type?: unknown }).type !== "Feature"
    ) {
      throw new Error(`${at}不是 Feature，而是${describe(f)}`);
    }
    const feat = f as { properties?: unknown; geometry?: unknown };
    const p = feat.properties;
    if (p !== null && p !== undefined && (typeof p !== "object" || Array.isArray(p))) {
      throw new Error(`${at}的 properties 不是对象，而是${describe(p)}`);
    }
    const pr = (p ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(pr)) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
    props.push(pr);
    try {
      rings.push(geometry(feat.geometry));
    } catch (e) {
      if (e instanceof FeatureError) throw new Error(`${at}的${e.message}`);
      throw e;
    }
  });
  const columns: Record<string, Cell[]> = {};
  for (const k of keys) putOwn(columns, k, props.map((p) => propertyCell(p[k])));
  return {
    source,
    fields: fieldsFromColumns(keys, columns),
    columns,
    length: features.length,
    geometry: polygonColumnFromRings(rings),
    crsText,
    notes: [],
  };
}

/**
 * Reads a GeoJSON FeatureCollection of Polygon/MultiPolygon features. Properties become
 * columns (the union of the features' keys, in first-seen order; a missing key is null;
 * booleans become "true"/"false", objects their JSON text); a null geometry is an empty
 * feature; shells are made counter-clockwise and holes clockwise; `crsText` is the legacy
 * `crs.properties.name` when present, else null. Errors are Chinese and name the file, the
 * feature (1-based, with its 0-based index) and what was found.
 */
export async function readGeoJSON(path: string): Promise<VectorLayer> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(`找不到 GeoJSON 文件“${path}”`);
    throw new Error(`无法读取 GeoJSON 文件“${path}”：${(e as Error).message}`);
  }
  return parseGeoJSON(text, path);
}

function jsonCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  return JSON.stringify(v);
}

/** Serialises a layer as GeoJSON text (one feature per line, properties in field order). */
export function encodeGeoJSON(layer: GeoJSONWritable, opts: WriteGeoJSONOptions = {}): string {
  const parts: string[] = ['{"type":"FeatureCollection"'];
  if (opts.crsName) {
    parts.push(`,"crs":{"type":"name","properties":{"name":${JSON.stringify(opts.crsName)}}}`);
  }
  parts.push(',"features":[\n');
  const names = layer.fields.map((f) => f.name);
  const keys = names.map((n) => JSON.stringify(n));
  for (let k = 0; k < layer.length; k++) {
    const props = names.map((n, i) => `${keys[i]}:${jsonCell(layer.columns[n]?.[k])}`).join(",");
    const g = layer.geometry && k < layer.geometry.geomOffsets.length - 1
      ? featureGeoJSON(layer.geometry, k)
      : null;
    parts.push(
      `${k > 0 ? ",\n" : ""}{"type":"Feature","properties":{${props}},"geometry":${JSON.stringify(g)}}`,
    );
  }
  parts.push("\n]}\n");
  return parts.join("");
}

/**
 * Writes a layer as a GeoJSON FeatureCollection: properties in field order, numbers as they
 * are (shortest round-trip form), null for empty cells, geometry as stored (Polygon, or
 * MultiPolygon for several polygons, null when empty), and a legacy `crs` member when
 * `crsName` is given. Written to a temporary file and renamed over the target.
 */
export async function writeGeoJSON(
  path: string,
  layer: GeoJSONWritable,
  opts: WriteGeoJSONOptions = {},
): Promise<void> {
  await writeFileAtomic(path, new TextEncoder().encode(encodeGeoJSON(layer, opts)));
}
