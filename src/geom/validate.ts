/**
 * Geometry checks for the load report: empty features, rings too short to be polygons,
 * non-finite coordinates and self-intersecting rings. Pure functions over a
 * {@link PolygonColumn}; nothing is repaired or dropped here.
 *
 * @example
 * ```ts
 * const bow = polygonColumnFromRings([[[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]]);
 * geometryIssues(bow, 0); // [{ kind: "self_intersection", ring: 0, at: [5, 5] }]
 * ```
 */
import type { PolygonColumn } from "./types.ts";

/** One problem found in one feature. */
export interface GeometryIssue {
  kind: "empty" | "too_few_points" | "non_finite" | "self_intersection" | "overlapping_parts";
  /** Ring index within the feature (0-based over all its rings), when the issue is in a ring. */
  ring?: number;
  /** Where, when a location is known. */
  at?: [number, number];
}

/** The problems of feature k (an empty list when it is valid as far as these checks go). */
export function geometryIssues(col: PolygonColumn, k: number): GeometryIssue[] {
  const issues: GeometryIssue[] = [];
  const p0 = col.geomOffsets[k], p1 = col.geomOffsets[k + 1];
  if (p0 === p1) return [{ kind: "empty" }];
  const r0 = col.polyOffsets[p0], r1 = col.polyOffsets[p1];
  for (let i = r0; i < r1; i++) {
    const a = col.ringOffsets[i], b = col.ringOffsets[i + 1];
    let finite = true;
    for (let v = a * 2; v < b * 2; v++) {
      if (!Number.isFinite(col.coords[v])) {
        finite = false;
        break;
      }
    }
    if (!finite) {
      issues.push({ kind: "non_finite", ring: i - r0 });
      continue;
    }
    if (distinctVertices(col.coords, a, b) < 3) {
      issues.push({ kind: "too_few_points", ring: i - r0 });
      continue;
    }
    const x = ringSelfIntersection(col.coords, a, b);
    if (x) issues.push({ kind: "self_intersection", ring: i - r0, at: x });
  }
  if (issues.length === 0 && p1 - p0 > 1) {
    const at = overlappingShells(col, p0, p1);
    if (at) issues.push({ kind: "overlapping_parts", at });
  }
  return issues;
}

/**
 * A vertex of one polygon's shell strictly inside another polygon's shell of the same
 * feature, or null. Catches the usual cause of overlapping parts: a hole wound the wrong
 * way, read as a second shell inside the first.
 */
function overlappingShells(col: PolygonColumn, p0: number, p1: number): [number, number] | null {
  const c = col.coords;
  for (let j = p0; j < p1; j++) {
    const sa = col.ringOffsets[col.polyOffsets[j]], sb = col.ringOffsets[col.polyOffsets[j] + 1];
    for (let m = p0; m < p1; m++) {
      if (m === j) continue;
      const ta = col.ringOffsets[col.polyOffsets[m]], tb = col.ringOffsets[col.polyOffsets[m] + 1];
      for (let v = sa; v < sb - 1; v++) {
        const x = c[v * 2], y = c[v * 2 + 1];
        if (strictlyInside(c, ta, tb, x, y) && !insideAnyHole(col, m, x, y)) return [x, y];
      }
    }
  }
  return null;
}

function insideAnyHole(col: PolygonColumn, poly: number, x: number, y: number): boolean {
  for (let i = col.polyOffsets[poly] + 1; i < col.polyOffsets[poly + 1]; i++) {
    if (strictlyInside(col.coords, col.ringOffsets[i], col.ringOffsets[i + 1], x, y)) return true;
  }
  return false;
}

/** Point strictly inside a closed ring (false on the boundary), by crossings. */
function strictlyInside(c: Float64Array, a: number, b: number, x: number, y: number): boolean {
  let inside = false;
  for (let v = a; v < b - 1; v++) {
    const x1 = c[v * 2], y1 = c[v * 2 + 1], x2 = c[v * 2 + 2], y2 = c[v * 2 + 3];
    // On the segment: boundary, not inside.
    if ((x2 - x1) * (y - y1) === (y2 - y1) * (x - x1) && Math.min(x1, x2) <= x && x <= Math.max(x1, x2) &&
      Math.min(y1, y2) <= y && y <= Math.max(y1, y2)) return false;
    if ((y1 > y) !== (y2 > y) && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) inside = !inside;
  }
  return inside;
}

function distinctVertices(c: Float64Array, a: number, b: number): number {
  let n = 0;
  for (let v = a; v < b - 1; v++) {
    if (c[v * 2] !== c[v * 2 + 2] || c[v * 2 + 1] !== c[v * 2 + 3]) n++;
  }
  return n;
}

/**
 * The first point where two non-adjacent edges of a closed ring (vertices a..b-1, last
 * equal to first) meet, or null. Zero-length edges (repeated vertices) are skipped, so a
 * duplicated vertex is not mistaken for a crossing. Edges are sorted by min x and swept,
 * so long rings stay fast.
 */
export function ringSelfIntersection(c: Float64Array, a: number, b: number): [number, number] | null {
  // Collect non-degenerate edges with their order along the ring.
  let m = 0;
  if (b - a > ringEdges.length) ringEdges = new Int32Array(2 * (b - a));
  for (let v = a; v < b - 1; v++) {
    if (c[v * 2] !== c[v * 2 + 2] || c[v * 2 + 1] !== c[v * 2 + 3]) ringEdges[m++] = v;
  }
  if (m < 3) return null;
  // A short ring (most parcels) is checked pair by pair without allocating; only a ring that does
  // cross itself, or a long one, goes through the sweep, which also picks the point reported.
  if (m <= SHORT_RING && !anyCrossing(c, ringEdges, m)) return null;
  const edges = Array.from(ringEdges.subarray(0, m));
  const order = edges.map((_, i) => i).sort((i, j) =>
    Math.min(c[edges[i] * 2], c[edges[i] * 2 + 2]) - Math.min(c[edges[j] * 2], c[edges[j] * 2 + 2])
  );
  for (let oi = 0; oi < m; oi++) {
    const i = order[oi];
    const e = edges[i];
    const ax = c[e * 2], ay = c[e * 2 + 1], bx = c[e * 2 + 2], by = c[e * 2 + 3];
    const maxX = Math.max(ax, bx);
    for (let oj = oi + 1; oj < m; oj++) {
      const j = order[oj];
      const f = edges[j];
      const cx = c[f * 2], cy = c[f * 2 + 1], dx = c[f * 2 + 2], dy = c[f * 2 + 3];
      if (Math.min(cx, dx) > maxX) break;
      const adjacent = Math.abs(i - j) === 1 || Math.abs(i - j) === m - 1;
      const hit = segmentsMeet(ax, ay, bx, by, cx, cy, dx, dy, adjacent);
      if (hit) return hit;
    }
  }
  return null;
}

/** Edges up to which a ring is checked pair by pair (m²/2 tests beat sorting m edges). */
const SHORT_RING = 32;
let ringEdges = new Int32Array(256);

/** True when two non-adjacent edges of the ring meet (or adjacent ones fold back). */
function anyCrossing(c: Float64Array, edges: Int32Array, m: number): boolean {
  for (let i = 0; i < m; i++) {
    const e = edges[i];
    const ax = c[e * 2], ay = c[e * 2 + 1], bx = c[e * 2 + 2], by = c[e * 2 + 3];
    const minX = ax < bx ? ax : bx, maxX = ax < bx ? bx : ax;
    for (let j = i + 1; j < m; j++) {
      const f = edges[j];
      const cx = c[f * 2], dx = c[f * 2 + 2];
      if ((cx < minX && dx < minX) || (cx > maxX && dx > maxX)) continue;
      const adjacent = j === i + 1 || (i === 0 && j === m - 1);
      if (segmentsMeet(ax, ay, bx, by, cx, c[f * 2 + 1], dx, c[f * 2 + 3], adjacent)) return true;
    }
  }
  return false;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

/** Where segments AB and CD meet, ignoring the shared endpoint of adjacent edges. */
function segmentsMeet(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
  adjacent: boolean,
): [number, number] | null {
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return null;
  const o1 = orient(ax, ay, bx, by, cx, cy), o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay), o4 = orient(cx, cy, dx, dy, bx, by);
  if (adjacent) {
    // Adjacent edges share one endpoint; they only conflict when they overlap (fold back).
    if (o1 === 0 && o2 === 0) {
      const shared = (bx === cx && by === cy) || (bx === dx && by === dy) ? [bx, by] : [ax, ay];
      const ox = shared[0] === cx && shared[1] === cy ? dx : cx, oy = shared[0] === cx && shared[1] === cy ? dy : cy;
      const px = shared[0] === ax && shared[1] === ay ? bx : ax, py = shared[0] === ax && shared[1] === ay ? by : ay;
      // Overlap when the two other endpoints lie on the same side of the shared point.
      if ((ox - shared[0]) * (px - shared[0]) + (oy - shared[1]) * (py - shared[1]) > 0) return [shared[0], shared[1]];
    }
    return null;
  }
  if (o1 !== o2 && o3 !== o4) {
    const den = (bx - ax) * (dy - cy) - (by - ay) * (dx - cx);
    if (den === 0) return [cx, cy];
    const t = ((cx - ax) * (dy - cy) - (cy - ay) * (dx - cx)) / den;
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  if (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) return [cx, cy];
  if (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) return [dx, dy];
  if (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) return [ax, ay];
  if (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by)) return [bx, by];
  return null;
}
