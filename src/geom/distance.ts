/**
 * Exact planar distance between polygon features of {@link PolygonColumn}s, in pure
 * TypeScript: the minimum over segment–segment distances, and 0 when the boundaries meet or
 * one feature contains a point of the other. The point–segment formula is the one of
 * JTS/GEOS (`Distance.pointToSegment`), so results agree with Shapely to the last bits on the
 * same coordinates; world (Gauss–Krüger) coordinates can be used as they are, since only
 * differences of nearby coordinates enter.
 *
 * @example
 * ```ts
 * const col = polygonColumnFromRings([
 *   [[[[0, 0], [10, 0], [10, 10], [0, 10]]]],
 *   [[[[20, 0], [30, 0], [30, 10], [20, 10]]]],
 * ]);
 * featureDistance(col, 0, col, 1);          // 10
 * featuresWithinDistance(col, 0, col, 1, 10); // true (≤)
 * ```
 * @module
 */
import type { PolygonColumn } from "./types.ts";

function pointToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  if (ax === bx && ay === by) return Math.sqrt((px - ax) * (px - ax) + (py - ay) * (py - ay));
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const r = ((px - ax) * dx + (py - ay) * dy) / len2;
  if (r <= 0) return Math.sqrt((px - ax) * (px - ax) + (py - ay) * (py - ay));
  if (r >= 1) return Math.sqrt((px - bx) * (px - bx) + (py - by) * (py - by));
  const s = ((ay - py) * dx - (ax - px) * dy) / len2;
  return Math.abs(s) * Math.sqrt(len2);
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function within(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/** Whether segments AB and CD meet (touching included). */
function segmentsIntersect(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy), o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay), o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  if (o1 === 0 && within(ax, ay, bx, by, cx, cy)) return true;
  if (o2 === 0 && within(ax, ay, bx, by, dx, dy)) return true;
  if (o3 === 0 && within(cx, cy, dx, dy, ax, ay)) return true;
  if (o4 === 0 && within(cx, cy, dx, dy, bx, by)) return true;
  return false;
}

/** Distance between segments AB and CD (0 when they meet). */
export function segmentDistance(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number {
  if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return 0;
  return Math.min(
    pointToSegment(ax, ay, cx, cy, dx, dy),
    pointToSegment(bx, by, cx, cy, dx, dy),
    pointToSegment(cx, cy, ax, ay, bx, by),
    pointToSegment(dx, dy, ax, ay, bx, by),
  );
}

/**
 * Whether a point lies in the area of feature k (even–odd over all its rings, so holes
 * count as outside); points on the boundary may go either way (callers only use it when
 * the boundaries are known not to meet).
 */
export function pointInFeature(col: PolygonColumn, k: number, px: number, py: number): boolean {
  const c = col.coords;
  const r0 = col.polyOffsets[col.geomOffsets[k]], r1 = col.polyOffsets[col.geomOffsets[k + 1]];
  let inside = false;
  for (let i = r0; i < r1; i++) {
    for (let v = col.ringOffsets[i]; v < col.ringOffsets[i + 1] - 1; v++) {
      const x1 = c[v * 2], y1 = c[v * 2 + 1], x2 = c[v * 2 + 2], y2 = c[v * 2 + 3];
      if ((y1 > py) !== (y2 > py) && px < x1 + ((py - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
    }
  }
  return inside;
}

/** Segments (start vertex ids) of feature k whose box lies within `d` of the box `b`. */
function segmentsNear(col: PolygonColumn, k: number, b: ArrayLike<number>, d: number, out: number[]): void {
  const c = col.coords;
  const r0 = col.polyOffsets[col.geomOffsets[k]], r1 = col.polyOffsets[col.geomOffsets[k + 1]];
  for (let i = r0; i < r1; i++) {
    for (let v = col.ringOffsets[i]; v < col.ringOffsets[i + 1] - 1; v++) {
      const x1 = c[v * 2], y1 = c[v * 2 + 1], x2 = c[v * 2 + 2], y2 = c[v * 2 + 3];
      if (Math.min(x1, x2) > b[2] + d || Math.max(x1, x2) < b[0] - d) continue;
      if (Math.min(y1, y2) > b[3] + d || Math.max(y1, y2) < b[1] - d) continue;
      out.push(v);
    }
  }
}

function featureBox(col: PolygonColumn, k: number): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const r0 = col.polyOffsets[col.geomOffsets[k]], r1 = col.polyOffsets[col.geomOffsets[k + 1]];
  const c = col.coords;
  for (let v = col.ringOffsets[r0]; v < col.ringOffsets[r1]; v++) {
    const x = c[v * 2], y = c[v * 2 + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** True when a shell's first vertex of one feature lies inside the other (then distance 0). */
function containsPart(a: PolygonColumn, ka: number, b: PolygonColumn, kb: number): boolean {
  for (let j = b.geomOffsets[kb]; j < b.geomOffsets[kb + 1]; j++) {
    const v = b.ringOffsets[b.polyOffsets[j]];
    if (pointInFeature(a, ka, b.coords[v * 2], b.coords[v * 2 + 1])) return true;
  }
  return false;
}

/**
 * Minimum distance between feature `ka` of `a` and feature `kb` of `b`, searched only up to
 * `limit` (default Infinity): when the true distance exceeds `limit`, some value > `limit` is
 * returned. 0 when they meet or one contains the other; Infinity when either is empty.
 */
export function featureDistance(
  a: PolygonColumn,
  ka: number,
  b: PolygonColumn,
  kb: number,
  limit = Infinity,
): number {
  if (a.geomOffsets[ka] === a.geomOffsets[ka + 1] || b.geomOffsets[kb] === b.geomOffsets[kb + 1]) {
    return Infinity;
  }
  const ba = featureBox(a, ka), bb = featureBox(b, kb);
  const gx = Math.max(0, ba[0] - bb[2], bb[0] - ba[2]), gy = Math.max(0, ba[1] - bb[3], bb[1] - ba[3]);
  const boxGap = Math.sqrt(gx * gx + gy * gy);
  if (boxGap > limit) return boxGap;
  // Only segments near the other box can be the closest ones within the limit.
  const reach = Number.isFinite(limit) ? limit * (1 + 1e-9) + 1e-9 : Infinity;
  const sa: number[] = [], sb: number[] = [];
  segmentsNear(a, ka, bb, reach, sa);
  segmentsNear(b, kb, ba, reach, sb);
  let best = Infinity;
  const ca = a.coords, cb = b.coords;
  for (const u of sa) {
    const ax = ca[u * 2], ay = ca[u * 2 + 1], bx = ca[u * 2 + 2], by = ca[u * 2 + 3];
    const uMinX = Math.min(ax, bx),
      uMaxX = Math.max(ax, bx),
      uMinY = Math.min(ay, by),
      uMaxY = Math.max(ay, by);
    const cut = Math.min(best, reach);
    for (const w of sb) {
      const cx = cb[w * 2], cy = cb[w * 2 + 1], dx = cb[w * 2 + 2], dy = cb[w * 2 + 3];
      // Box–box gap of the two segments bounds their distance from below.
      const ex = Math.max(0, Math.min(cx, dx) - uMaxX, uMinX - Math.max(cx, dx));
      const ey = Math.max(0, Math.min(cy, dy) - uMaxY, uMinY - Math.max(cy, dy));
      if (ex > cut || ey > cut || ex * ex + ey * ey > cut * cut) continue;
      const dist = segmentDistance(ax, ay, bx, by, cx, cy, dx, dy);
      if (dist < best) {
        best = dist;
        if (best === 0) return 0;
      }
    }
  }
  if (containsPart(a, ka, b, kb) || containsPart(b, kb, a, ka)) return 0;
  return Number.isFinite(best) ? best : Math.max(boxGap, Number.isFinite(limit) ? limit * 2 + 1 : boxGap);
}

/** Whether two features lie within distance `d` of each other (distance ≤ d; touching counts). */
export function featuresWithinDistance(
  a: PolygonColumn,
  ka: number,
  b: PolygonColumn,
  kb: number,
  d: number,
): boolean {
  return featureDistance(a, ka, b, kb, d) <= d;
}
