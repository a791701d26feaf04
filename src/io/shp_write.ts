/**
 * Binary writer for Shapefile geometry (.shp and .shx) from a {@link PolygonColumn}.
 */
import type { PolygonColumn } from "../geom/types.ts";
import { signedArea } from "./shp_rings.ts";

/** Encoded .shp and .shx files. */
export interface ShpFiles {
  /** The main file. */
  shp: Uint8Array;
  /** The index: offset and length of every record. */
  shx: Uint8Array;
}

function writeHeader(dv: DataView, byteLength: number, bbox: number[]): void {
  dv.setInt32(0, 9994, false);
  dv.setInt32(24, byteLength / 2, false);
  dv.setInt32(28, 1000, true);
  dv.setInt32(32, 5, true);
  for (let i = 0; i < 4; i++) dv.setFloat64(36 + 8 * i, bbox[i], true);
}

/**
 * Encodes polygons as a type-5 (Polygon) Shapefile with its index. Shells are written
 * clockwise and holes counter-clockwise (the Shapefile order), whatever their winding in the
 * column; a feature without polygons becomes a null shape. Coordinates are written unchanged.
 */
export function encodeShp(geometry: PolygonColumn, target = "Shapefile"): ShpFiles {
  const { coords, ringOffsets, polyOffsets, geomOffsets } = geometry;
  const n = geomOffsets.length - 1;
  let size = 100;
  for (let k = 0; k < n; k++) {
    const j0 = geomOffsets[k], j1 = geomOffsets[k + 1];
    if (j0 === j1) {
      size += 12;
      continue;
    }
    const r0 = polyOffsets[j0], r1 = polyOffsets[j1];
    size += 8 + 44 + 4 * (r1 - r0) + 16 * (ringOffsets[r1] - ringOffsets[r0]);
  }
  if (size > 0xfffffffe) {
    throw new Error(`写出 Shapefile 出错：${target} 需要 ${size} 字节，超过 Shapefile 4 GB 的上限`);
  }
  const shp = new Uint8Array(size);
  const shx = new Uint8Array(100 + 8 * n);
  const dv = new DataView(shp.buffer);
  const dx = new DataView(shx.buffer);
  const all = [Infinity, Infinity, -Infinity, -Infinity];
  let pos = 100;
  for (let k = 0; k < n; k++) {
    const j0 = geomOffsets[k], j1 = geomOffsets[k + 1];
    const start = pos;
    dv.setInt32(pos, k + 1, false);
    pos += 8;
    if (j0 === j1) {
      dv.setInt32(pos, 0, true);
      pos += 4;
    } else {
      const r0 = polyOffsets[j0], r1 = polyOffsets[j1];
      const v0 = ringOffsets[r0], v1 = ringOffsets[r1];
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let v = v0; v < v1; v++) {
        const x = coords[v * 2], y = coords[v * 2 + 1];
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      if (minX < all[0]) all[0] = minX;
      if (minY < all[1]) all[1] = minY;
      if (maxX > all[2]) all[2] = maxX;
      if (maxY > all[3]) all[3] = maxY;
      dv.setInt32(pos, 5, true);
      dv.setFloat64(pos + 4, minX, true);
      dv.setFloat64(pos + 12, minY, true);
      dv.setFloat64(pos + 20, maxX, true);
      dv.setFloat64(pos + 28, maxY, true);
      dv.setInt32(pos + 36, r1 - r0, true);
      dv.setInt32(pos + 40, v1 - v0, true);
      let p = pos + 44;
      for (let i = r0; i < r1; i++) {
        dv.setInt32(p, ringOffsets[i] - v0, true);
        p += 4;
      }
      for (let j = j0; j < j1; j++) {
        for (let i = polyOffsets[j]; i < polyOffsets[j + 1]; i++) {
          const a = ringOffsets[i], b = ringOffsets[i + 1];
          const area = signedArea(coords, a, b);
          const isShell = i === polyOffsets[j];
          const reverse = isShell ? area > 0 : area < 0;
          if (!reverse) {
            for (let v = a; v < b; v++, p += 16) {
              dv.setFloat64(p, coords[v * 2], true);
              dv.setFloat64(p + 8, coords[v * 2 + 1], true);
            }
          } else {
            for (let v = b - 1; v >= a; v--, p += 16) {
              dv.setFloat64(p, coords[v * 2], true);
              dv.setFloat64(p + 8, coords[v * 2 + 1], true);
            }
          }
        }
      }
      pos = p;
    }
    const contentWords = (pos - start - 8) / 2;
    dv.setInt32(start + 4, contentWords, false);
    dx.setInt32(100 + 8 * k, start / 2, false);
    dx.setInt32(104 + 8 * k, contentWords, false);
  }
  const bbox = all[0] === Infinity ? [0, 0, 0, 0] : all;
  writeHeader(dv, size, bbox);
  writeHeader(dx, shx.length, bbox);
  return { shp, shx };
}
