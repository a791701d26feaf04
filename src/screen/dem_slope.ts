/**
 * Slope deduction from a DEM (DOMAIN.md §4.2: "A DEM decides slope by the cells steeper than
 * 25° (slope by Horn's method, in metres, on a projected grid), turned into a zone and erased
 * like any other layer").
 *
 * - {@link slopeDegrees}: Horn's 3×3 slope exactly as GDAL's `gdaldem slope` (default
 *   options: degrees, scale 1, no `-compute_edges`): the window is summed in float32 in
 *   gdaldem's order, the gradient and angle in float64, the result rounded to float32 like
 *   gdaldem's Float32 output. The outermost row and column of cells get no slope (NaN), and
 *   so does every cell whose 3×3 window holds a nodata value — gdaldem's default.
 * - {@link slopeZones}: the cells whose slope is strictly above the threshold (25°), as exact
 *   polygons along cell edges (boundary tracing, no overlay engine): 4-connected steep cells
 *   form one polygon with holes where flat cells are enclosed; cells touching only at a corner
 *   are separate polygons, so the result is OGC-valid. Its area is count × cellX × cellY.
 * - {@link demSlopeLayer}: file → zone layer in the parcels' CRS, ready to erase.
 *
 * @example
 * ```ts
 * const layer = await demSlopeLayer("dem.tif", parcelsCrs, {});
 * layer.name; // "坡度大于25度（DEM）"
 * ```
 * @module
 */
import { type Raster, readGeoTiff } from "../raster/geotiff.ts";
import { type Crs, parseCrs, reprojectColumn, sameCrs } from "../io/crs.ts";
import type { PolygonColumn } from "../geom/types.ts";
import { traceCellMask } from "./dem_trace.ts";

/** Default slope threshold (degrees): steeper than this is deducted (DOMAIN.md §4.2). */
export const DEFAULT_SLOPE_THRESHOLD_DEG = 25;

/** Options of {@link slopeZones}. */
export interface SlopeZoneOptions {
  /** Cells with slope strictly greater than this (degrees) form the zone; default 25. */
  thresholdDeg?: number;
}

/** Options of {@link demSlopeLayer}. */
export interface DemSlopeOptions extends SlopeZoneOptions {
  /** CRS of the DEM when the file records none (or records it wrongly); overrides the file. */
  demCrs?: Crs;
}

/** A constraint layer made from a DEM. */
export interface DemSlopeLayer {
  /** "坡度大于25度（DEM）" (the threshold in the name follows the option). */
  name: string;
  /** One feature per connected steep zone, in the target CRS. */
  geometry: PolygonColumn;
  /** What was read and done, for the run report (Chinese). */
  notes: string[];
  /** Number of cells steeper than the threshold. */
  steepCells: number;
}

/**
 * Throws a Chinese error when the raster is in degrees (geographic CRS, or no CRS and
 * coordinates that look like longitude/latitude) or its projected unit is not the metre.
 */
export function assertProjectedMetres(r: Raster): void {
  let crs: Crs | null = null;
  try {
    crs = parseCrs(r.crsText);
  } catch { /* a code the workspace cannot reproject: judged by the model type */ }
  const right = r.originX + r.width * r.cellX, bottom = r.originY - r.height * r.cellY;
  const looksDegrees = r.modelType === null && crs === null && r.cellX < 0.1 &&
    Math.abs(r.originX) <= 180 && Math.abs(right) <= 180 && Math.abs(r.originY) <= 90 &&
    Math.abs(bottom) <= 90;
  if (r.modelType === "geographic" || crs?.kind === "geographic" || looksDegrees) {
    const what = r.crsText
      ? `（${r.crsText}）`
      : looksDegrees
      ? "（文件未记录坐标系，坐标范围像是经纬度）"
      : "";
    throw new Error(
      `DEM 文件 ${r.source} 为地理坐标（经纬度）${what}，像元大小以度为单位，不能计算坡度：` +
        `坡度须在以米为单位的投影坐标上计算，请先将 DEM 投影到投影坐标系（如与地块相同的 CGCS2000 3 度带：` +
        `gdalwarp -t_srs EPSG:4526 -r bilinear 输入.tif 输出.tif），再用于坡度扣除`,
    );
  }
  if (r.modelType === "projected" && r.linearUnit !== null && r.linearUnit !== 9001) {
    throw new Error(
      `DEM 文件 ${r.source} 的投影坐标单位不是米（EPSG 单位代码 ${r.linearUnit}）：请先将 DEM 投影到以米为单位的坐标系`,
    );
  }
}

/**
 * Slope in degrees per cell by Horn's method, as `gdaldem slope` computes it; NaN on the
 * outer ring of cells and wherever the 3×3 window holds nodata. Refuses geographic rasters.
 */
export function slopeDegrees(r: Raster): Float64Array {
  assertProjectedMetres(r);
  const w = r.width, h = r.height;
  const z = Float32Array.from(r.data); // gdaldem reads the band as float32
  const out = new Float64Array(w * h).fill(NaN);
  const ewres = r.cellX, nsres = -r.cellY; // GDAL's geotransform[1] and [5]
  const toDeg = 180 / Math.PI;
  const fr = Math.fround;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const a = z[i - w - 1], b = z[i - w], c = z[i - w + 1];
      const d = z[i - 1], e = z[i], f = z[i + 1];
      const g = z[i + w - 1], hh = z[i + w], ii = z[i + w + 1];
      // NaN is the only value unequal to itself: any nodata in the window → no slope.
      if (
        a !== a || b !== b || c !== c || d !== d || e !== e || f !== f || g !== g || hh !== hh || ii !== ii
      ) {
        continue;
      }
      // gdaldem: dx = ((a + d + d + g) − (c + f + f + i)) / ewres, sums in float32.
      const dx = fr(fr(fr(fr(a + d) + d) + g) - fr(fr(fr(c + f) + f) + ii)) / ewres;
      const dy = fr(fr(fr(fr(g + hh) + hh) + ii) - fr(fr(fr(a + b) + b) + c)) / nsres;
      const key = dx * dx + dy * dy;
      out[i] = fr(Math.atan(Math.sqrt(key) / 8) * toDeg);
    }
  }
  return out;
}

/** 1 where slope > threshold (strictly; NaN is never steep), and how many such cells. */
export function steepMask(slope: Float64Array, thresholdDeg: number): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(slope.length);
  let count = 0;
  for (let i = 0; i < slope.length; i++) {
    if (slope[i] > thresholdDeg) {
      mask[i] = 1;
      count++;
    }
  }
  return { mask, count };
}

function threshold(opts: SlopeZoneOptions): number {
  const t = opts.thresholdDeg ?? DEFAULT_SLOPE_THRESHOLD_DEG;
  if (!Number.isFinite(t) || t < 0 || t >= 90) throw new Error(`坡度阈值应在 0–90 度之间，收到 ${t}`);
  return t;
}

/** The cells steeper than the threshold as polygons in the raster's CRS (one feature per zone). */
export function slopeZones(r: Raster, opts: SlopeZoneOptions = {}): PolygonColumn {
  const { mask } = steepMask(slopeDegrees(r), threshold(opts));
  return traceCellMask(mask, r.width, r.height, r);
}

/**
 * Reads a DEM, computes the slope zones and returns them in `targetCrs` (the parcels' CRS) as
 * a constraint layer named "坡度大于25度（DEM）". A DEM in another CRS is reprojected: exactly
 * (a shift of the easting) between the two forms of the same 3° zone, otherwise vertex by
 * vertex after densifying the edges to the cell size; either way a note says so.
 */
export async function demSlopeLayer(
  path: string,
  targetCrs: Crs,
  opts: DemSlopeOptions = {},
): Promise<DemSlopeLayer> {
  const t = threshold(opts);
  const r = await readGeoTiff(path);
  const notes = [...r.notes];
  let demCrs: Crs;
  if (opts.demCrs) {
    demCrs = opts.demCrs;
    notes.push(`DEM 坐标系按配置取 ${demCrs.name}${r.crsText ? `（文件记录为 ${r.crsText}）` : ""}`);
    if (demCrs.kind === "geographic") r.modelType = "geographic";
  } else if (r.crsText === null) {
    throw new Error(
      `DEM 文件 ${path} 未记录坐标系（GeoKeys 中没有 EPSG 代码）：请用 gdal_translate -a_srs EPSG:代码 补上，或在配置中指明 DEM 的坐标系`,
    );
  } else {
    assertProjectedMetres(r); // a geographic DEM gets the reprojection advice, not a CRS error
    try {
      demCrs = parseCrs(r.crsText)!;
    } catch (e) {
      const to = targetCrs.epsg != null ? `EPSG:${targetCrs.epsg}` : "地块坐标系";
      throw new Error(
        `DEM 文件 ${path} 的坐标系 ${r.crsText} 无法使用：${
          (e as Error).message
        }；请先用 gdalwarp -t_srs ${to} 将 DEM 投影到地块坐标系，或在配置中指明 DEM 坐标系（proj4 串）`,
      );
    }
  }
  const slope = slopeDegrees(r);
  const { mask, count } = steepMask(slope, t);
  let geometry = traceCellMask(mask, r.width, r.height, r);
  let nodata = 0, computed = 0;
  for (let i = 0; i < r.data.length; i++) {
    if (Number.isNaN(r.data[i])) nodata++;
    if (!Number.isNaN(slope[i])) computed++;
  }
  const zones = geometry.geomOffsets.length - 1;
  notes.push(
    `DEM ${path}：${r.width}×${r.height} 像元，像元大小 ${r.cellX}×${r.cellY} 米，坐标系 ${demCrs.name}`,
    `坡度按 Horn 法计算（与 gdaldem slope 默认一致）：最外一圈像元及 3×3 邻域含无数据的像元不计坡度，` +
      `共 ${r.width * r.height - computed} 个像元无坡度${nodata ? `（其中无数据像元 ${nodata} 个）` : ""}`,
    `坡度大于 ${t}° 的像元 ${count} 个，面积 ${count * r.cellX * r.cellY} 平方米，合并为 ${zones} 个坡度区`,
  );
  if (!sameCrs(demCrs, targetCrs)) {
    if (
      demCrs.zone != null && demCrs.zone === targetCrs.zone && demCrs.falseEasting !== targetCrs.falseEasting
    ) {
      const dx = targetCrs.falseEasting! - demCrs.falseEasting!;
      const coords = geometry.coords.map((v, k) => (k % 2 === 0 ? v + dx : v));
      geometry = { ...geometry, coords };
      notes.push(
        `DEM 坐标系 ${demCrs.name} 与地块坐标系 ${targetCrs.name} 为同一 3 度带，坡度区已平移东坐标 ${dx} 米`,
      );
    } else {
      geometry = reprojectColumn(densify(geometry, Math.min(r.cellX, r.cellY)), demCrs, targetCrs);
      notes.push(
        `DEM 坐标系 ${demCrs.name} 与地块坐标系 ${targetCrs.name} 不同，坡度区已重投影到地块坐标系（按像元边长加密后逐点转换）`,
      );
    }
  }
  return { name: `坡度大于${t}度（DEM）`, geometry, notes, steepCells: count };
}

/** A copy of a column whose ring edges longer than `step` are split into equal parts no longer than it. */
function densify(col: PolygonColumn, step: number): PolygonColumn {
  const out: number[] = [];
  const ringOffsets = new Uint32Array(col.ringOffsets.length);
  const c = col.coords;
  for (let i = 0; i + 1 < col.ringOffsets.length; i++) {
    const a = col.ringOffsets[i], b = col.ringOffsets[i + 1];
    for (let v = a; v < b; v++) {
      const x = c[v * 2], y = c[v * 2 + 1];
      out.push(x, y);
      if (v + 1 === b) break;
      const x2 = c[v * 2 + 2], y2 = c[v * 2 + 3];
      const n = Math.ceil(Math.hypot(x2 - x, y2 - y) / step - 1e-9);
      for (let k = 1; k < n; k++) out.push(x + ((x2 - x) * k) / n, y + ((y2 - y) * k) / n);
    }
    ringOffsets[i + 1] = out.length / 2;
  }
  return {
    coords: Float64Array.from(out),
    ringOffsets,
    polyOffsets: col.polyOffsets,
    geomOffsets: col.geomOffsets,
  };
}
