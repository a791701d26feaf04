/**
 * Polygon geometry stored column-wise in flat typed arrays (the GeoArrow "separated"
 * idea): no per-vertex objects, so 200,000 parcels cost a few typed arrays rather than
 * millions of small arrays, and the geometry can be handed to any overlay engine.
 *
 * Layout, for features k, polygons j and rings i:
 * - `coords`: x0, y0, x1, y1, … for every vertex of every ring, rings closed (first == last).
 * - `ringOffsets[i] .. ringOffsets[i + 1]`: the vertex indices of ring i (length rings + 1).
 * - `polyOffsets[j] .. polyOffsets[j + 1]`: the rings of polygon j; the first is the shell,
 *   the rest are holes (length polygons + 1).
 * - `geomOffsets[k] .. geomOffsets[k + 1]`: the polygons of feature k (length features + 1).
 *   A feature with no polygon is an empty (null) geometry.
 *
 * Shells are stored counter-clockwise and holes clockwise (GeoJSON/OGC order) once a
 * reader has normalised them; readers of Shapefiles convert from the Shapefile order.
 *
 * @example
 * ```ts
 * const sq = polygonColumnFromRings([[[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]]);
 * sq.geomOffsets; // Uint32Array [0, 1]
 * ```
 */
export interface PolygonColumn {
  coords: Float64Array;
  ringOffsets: Uint32Array;
  polyOffsets: Uint32Array;
  geomOffsets: Uint32Array;
}

/** A position [x, y]. */
export type Position = [number, number];
/** A polygon as GeoJSON-like nested arrays: shell first, then holes. */
export type PolygonRings = Position[][];

/** Number of features in a column. */
export function featureCount(col: PolygonColumn): number {
  return col.geomOffsets.length - 1;
}

/**
 * Builds a column from nested arrays: one entry per feature, each a list of polygons
 * (shell first, then holes). Rings are closed if they are not already.
 */
export function polygonColumnFromRings(features: PolygonRings[][]): PolygonColumn {
  let nVerts = 0, nRings = 0, nPolys = 0;
  for (const f of features) {
    for (const p of f) {
      nPolys++;
      for (const r of p) {
        nRings++;
        nVerts += r.length + (isClosed(r) ? 0 : 1);
      }
    }
  }
  const coords = new Float64Array(nVerts * 2);
  const ringOffsets = new Uint32Array(nRings + 1);
  const polyOffsets = new Uint32Array(nPolys + 1);
  const geomOffsets = new Uint32Array(features.length + 1);
  let v = 0, ri = 0, pi = 0;
  features.forEach((f, k) => {
    for (const p of f) {
      for (const r of p) {
        for (const [x, y] of r) {
          coords[v * 2] = x;
          coords[v * 2 + 1] = y;
          v++;
        }
        if (!isClosed(r)) {
          coords[v * 2] = r[0][0];
          coords[v * 2 + 1] = r[0][1];
          v++;
        }
        ringOffsets[++ri] = v;
      }
      polyOffsets[++pi] = ri;
    }
    geomOffsets[k + 1] = pi;
  });
  return { coords, ringOffsets, polyOffsets, geomOffsets };
}

function isClosed(r: Position[]): boolean {
  return r.length > 0 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1];
}

/** The polygons of feature `k` as nested arrays (a fresh copy). */
export function featureRings(col: PolygonColumn, k: number): PolygonRings[] {
  const out: PolygonRings[] = [];
  for (let j = col.geomOffsets[k]; j < col.geomOffsets[k + 1]; j++) {
    const poly: PolygonRings = [];
    for (let i = col.polyOffsets[j]; i < col.polyOffsets[j + 1]; i++) {
      const ring: Position[] = [];
      for (let v = col.ringOffsets[i]; v < col.ringOffsets[i + 1]; v++) {
        ring.push([col.coords[v * 2], col.coords[v * 2 + 1]]);
      }
      poly.push(ring);
    }
    out.push(poly);
  }
  return out;
}

/** Feature `k` as a GeoJSON geometry (Polygon or MultiPolygon), or null when empty. */
export function featureGeoJSON(
  col: PolygonColumn,
  k: number,
): { type: "Polygon"; coordinates: PolygonRings } | { type: "MultiPolygon"; coordinates: PolygonRings[] } | null {
  const polys = featureRings(col, k);
  if (polys.length === 0) return null;
  if (polys.length === 1) return { type: "Polygon", coordinates: polys[0] };
  return { type: "MultiPolygon", coordinates: polys };
}

/** Signed area of ring i by the shoelace formula (counter-clockwise positive). */
export function ringSignedArea(col: PolygonColumn, i: number): number {
  const c = col.coords;
  const a = col.ringOffsets[i], b = col.ringOffsets[i + 1];
  if (b - a < 3) return 0;
  // Shift to the first vertex so large Gauss–Krüger coordinates keep their precision.
  const x0 = c[a * 2], y0 = c[a * 2 + 1];
  let s = 0;
  for (let v = a; v < b - 1; v++) {
    const x1 = c[v * 2] - x0, y1 = c[v * 2 + 1] - y0;
    const x2 = c[v * 2 + 2] - x0, y2 = c[v * 2 + 3] - y0;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

/** Planar area of feature k: shells minus holes, by absolute ring areas. */
export function featurePlanarArea(col: PolygonColumn, k: number): number {
  let area = 0;
  for (let j = col.geomOffsets[k]; j < col.geomOffsets[k + 1]; j++) {
    for (let i = col.polyOffsets[j]; i < col.polyOffsets[j + 1]; i++) {
      const a = Math.abs(ringSignedArea(col, i));
      area += i === col.polyOffsets[j] ? a : -a;
    }
  }
  return area;
}

/** Bounding box [minX, minY, maxX, maxY] of feature k; NaNs when empty. */
export function featureBBox(col: PolygonColumn, k: number): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const r0 = col.polyOffsets[col.geomOffsets[k]], r1 = col.polyOffsets[col.geomOffsets[k + 1]];
  for (let v = col.ringOffsets[r0]; v < col.ringOffsets[r1]; v++) {
    const x = col.coords[v * 2], y = col.coords[v * 2 + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX === Infinity) return [NaN, NaN, NaN, NaN];
  return [minX, minY, maxX, maxY];
}

/** Concatenates columns in order (offsets rebased). */
export function concatColumns(cols: PolygonColumn[]): PolygonColumn {
  if (cols.length === 1) return cols[0];
  const nv = cols.reduce((s, c) => s + c.coords.length, 0);
  const nr = cols.reduce((s, c) => s + c.ringOffsets.length - 1, 0);
  const np = cols.reduce((s, c) => s + c.polyOffsets.length - 1, 0);
  const nf = cols.reduce((s, c) => s + c.geomOffsets.length - 1, 0);
  const coords = new Float64Array(nv);
  const ringOffsets = new Uint32Array(nr + 1);
  const polyOffsets = new Uint32Array(np + 1);
  const geomOffsets = new Uint32Array(nf + 1);
  let cv = 0, cr = 0, cp = 0, cf = 0;
  for (const c of cols) {
    coords.set(c.coords, cv);
    for (let i = 1; i < c.ringOffsets.length; i++) ringOffsets[cr + i] = c.ringOffsets[i] + cv / 2;
    for (let i = 1; i < c.polyOffsets.length; i++) polyOffsets[cp + i] = c.polyOffsets[i] + cr;
    for (let i = 1; i < c.geomOffsets.length; i++) geomOffsets[cf + i] = c.geomOffsets[i] + cp;
    cv += c.coords.length;
    cr += c.ringOffsets.length - 1;
    cp += c.polyOffsets.length - 1;
    cf += c.geomOffsets.length - 1;
  }
  return { coords, ringOffsets, polyOffsets, geomOffsets };
}
