import type { PolygonColumn } from "./types.ts";

/**
 * Area-weighted centroid of feature k (holes subtracted), computed relative to the first
 * vertex so large Gauss–Krüger coordinates keep their precision. NaNs for an empty or
 * zero-area feature.
 *
 * @example
 * ```ts
 * featureCentroid(polygonColumnFromRings([[[[0, 0], [2, 0], [2, 2], [0, 2]]]]), 0); // [1, 1]
 * ```
 */
export function featureCentroid(col: PolygonColumn, k: number): [number, number] {
  const c = col.coords;
  const r0 = col.polyOffsets[col.geomOffsets[k]], r1 = col.polyOffsets[col.geomOffsets[k + 1]];
  if (r0 === r1) return [NaN, NaN];
  const ox = c[col.ringOffsets[r0] * 2], oy = c[col.ringOffsets[r0] * 2 + 1];
  let a = 0, sx = 0, sy = 0;
  for (let j = col.geomOffsets[k]; j < col.geomOffsets[k + 1]; j++) {
    for (let i = col.polyOffsets[j]; i < col.polyOffsets[j + 1]; i++) {
      let ra = 0, rx = 0, ry = 0;
      for (let v = col.ringOffsets[i]; v < col.ringOffsets[i + 1] - 1; v++) {
        const x1 = c[v * 2] - ox, y1 = c[v * 2 + 1] - oy, x2 = c[v * 2 + 2] - ox, y2 = c[v * 2 + 3] - oy;
        const cross = x1 * y2 - x2 * y1;
        ra += cross;
        rx += (x1 + x2) * cross;
        ry += (y1 + y2) * cross;
      }
      // Shells count positive and holes negative whatever their winding.
      const sign = (i === col.polyOffsets[j] ? 1 : -1) * Math.sign(ra);
      a += sign * ra;
      sx += sign * rx;
      sy += sign * ry;
    }
  }
  if (a === 0) return [NaN, NaN];
  return [ox + sx / (3 * a), oy + sy / (3 * a)];
}
