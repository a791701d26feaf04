/**
 * Ring helpers for Shapefile polygons: signed area, reversal, point-in-ring and the grouping of
 * a record's rings into polygons (shell + holes), all on flat x,y arrays.
 */

/** Signed area of the ring stored at vertices [a, b) of a flat x,y array (counter-clockwise positive). */
export function signedArea(xy: Float64Array, a: number, b: number): number {
  if (b - a < 3) return 0;
  const x0 = xy[a * 2], y0 = xy[a * 2 + 1];
  let s = 0;
  for (let v = a; v < b - 1; v++) {
    const x1 = xy[v * 2] - x0, y1 = xy[v * 2 + 1] - y0;
    const x2 = xy[v * 2 + 2] - x0, y2 = xy[v * 2 + 3] - y0;
    s += x1 * y2 - x2 * y1;
  }
  // The edge from the last vertex back to the first adds nothing: the first is the origin.
  return s / 2;
}

/** Reverses the vertex order of the ring at vertices [a, b) in place. */
export function reverseRing(xy: Float64Array, a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) {
    const x = xy[i * 2], y = xy[i * 2 + 1];
    xy[i * 2] = xy[j * 2];
    xy[i * 2 + 1] = xy[j * 2 + 1];
    xy[j * 2] = x;
    xy[j * 2 + 1] = y;
  }
}

/** Where a point lies relative to a closed ring at vertices [a, b): 1 inside, -1 outside, 0 on the boundary. */
export function pointInRing(xy: Float64Array, a: number, b: number, px: number, py: number): number {
  let inside = false;
  for (let v = a; v < b - 1; v++) {
    const x1 = xy[v * 2], y1 = xy[v * 2 + 1], x2 = xy[v * 2 + 2], y2 = xy[v * 2 + 3];
    // On-segment test (exact).
    if (
      (px - x1) * (y2 - y1) === (py - y1) * (x2 - x1) &&
      px >= Math.min(x1, x2) && px <= Math.max(x1, x2) && py >= Math.min(y1, y2) && py <= Math.max(y1, y2)
    ) return 0;
    if ((y1 > py) !== (y2 > py) && px < x1 + ((py - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
  }
  return inside ? 1 : -1;
}

type BBox = [number, number, number, number];

function ringBBox(xy: Float64Array, a: number, b: number): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let v = a; v < b; v++) {
    const x = xy[v * 2], y = xy[v * 2 + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** True when ring `inner` lies inside ring `outer`, judged by its first vertex off the outer boundary. */
function ringInside(xy: Float64Array, offs: ArrayLike<number>, inner: number, outer: number): boolean {
  const a = offs[outer], b = offs[outer + 1];
  const ia = offs[inner], ib = offs[inner + 1];
  for (let v = ia; v < ib; v++) {
    const r = pointInRing(xy, a, b, xy[v * 2], xy[v * 2 + 1]);
    if (r !== 0) return r > 0;
  }
  // Every vertex is on the boundary: try edge midpoints.
  for (let v = ia; v < ib - 1; v++) {
    const mx = (xy[v * 2] + xy[v * 2 + 2]) / 2, my = (xy[v * 2 + 1] + xy[v * 2 + 3]) / 2;
    const r = pointInRing(xy, a, b, mx, my);
    if (r !== 0) return r > 0;
  }
  return true;
}

/** The grouping of one record's rings into polygons. */
export interface RingGroups {
  /** Each polygon as ring indices, shell first; shells in order of appearance. */
  polygons: number[][];
  /** Rings wound as holes (counter-clockwise in a Shapefile) that lay in no shell and became shells. */
  orphanHoles: number;
}

/**
 * Groups the rings of one Shapefile record (ring r at vertices offs[r]..offs[r+1] of `xy`).
 * Clockwise rings are shells; every counter-clockwise ring goes to the smallest shell that
 * contains it (bounding box first, then a point-in-polygon test of a vertex off the shell's
 * boundary); a counter-clockwise ring inside no shell becomes a shell itself, so no ring is lost.
 * This is GDAL's "ONLY_CCW" rule for Shapefiles.
 */
export function groupRings(xy: Float64Array, offs: ArrayLike<number>, nRings: number): RingGroups {
  const area = new Float64Array(nRings);
  const shells: number[] = [];
  const holes: number[] = [];
  for (let r = 0; r < nRings; r++) {
    area[r] = signedArea(xy, offs[r], offs[r + 1]);
    if (area[r] < 0) shells.push(r);
    else holes.push(r);
  }
  const boxes: BBox[] = [];
  for (let r = 0; r < nRings; r++) boxes.push(ringBBox(xy, offs[r], offs[r + 1]));
  const owner = new Int32Array(nRings).fill(-1);
  let orphanHoles = 0;
  for (const h of holes) {
    const hb = boxes[h];
    let best = -1, bestArea = Infinity;
    for (const s of shells) {
      const sb = boxes[s];
      if (hb[0] < sb[0] || hb[1] < sb[1] || hb[2] > sb[2] || hb[3] > sb[3]) continue;
      const sa = -area[s];
      if (sa >= bestArea) continue;
      if (ringInside(xy, offs, h, s)) {
        best = s;
        bestArea = sa;
      }
    }
    owner[h] = best;
    if (best < 0) orphanHoles++;
  }
  const polygons: number[][] = [];
  const byShell = new Map<number, number[]>();
  for (let r = 0; r < nRings; r++) {
    if (area[r] < 0 || owner[r] < 0) {
      const p = [r];
      polygons.push(p);
      byShell.set(r, p);
    }
  }
  for (const h of holes) if (owner[h] >= 0) byShell.get(owner[h])!.push(h);
  return { polygons, orphanHoles };
}
