/**
 * Parcel geometry of a demo county, second shape: Voronoi cells of jittered seed points
 * (d3-delaunay), crossed at angles by straight rural roads (1006), ditches (1107) and one wider
 * highway (1003) whose strips are noded into the cells: each cell is cut by a strip's two edge
 * lines, the strip is made of one parcel per crossed cell piece, and the pieces on either side
 * share every vertex. Shared cell edges get one or two slightly displaced vertices (the same
 * numbers on both sides), for about a dozen vertices per parcel. A few farmland parcels get a
 * pond hole filled by a pond parcel, and a few cells cut by one narrow strip keep their two
 * sides as one MultiPolygon parcel. The county rectangle is tiled completely.
 *
 * Exact noding: every vertex is computed once from a canonical description and rounded to the
 * millimetre, then shared by id: cell corners from d3's circumcenters (one array for all
 * cells; the seeds are mirrored across the county's sides, so the cells meet the boundary
 * exactly), clip points from the edge's endpoints in a fixed order, a strip line's crossing of a
 * cell edge from the edge's endpoints ordered by id, two strip lines' crossing from their chords
 * through that cell. A strip crossing gets a cell of its own (a seed at the crossing, other seeds
 * kept away), so that the lines cross well inside one cell; a cell corner within {@link SNAP} of
 * a strip line is taken as lying on it, so that no sliver thinner than that is made.
 *
 * The grid-specific fields of {@link CountyGrid} are given a faithful equivalent: `cellOwner` is
 * a raster of about 10 m cells (`ncx` × `ncy`), each owned by the parcel holding its centre, and
 * `rect` is each parcel's first part's bounding box in raster cells; so 四至 (projects.ts) and
 * the contiguity across narrow strips (history.ts) read the same way as on the grid.
 *
 * @module
 */
import { Delaunay } from "d3";
import type { Rng } from "./rng.ts";
import { hashUnit } from "./rng.ts";
import type { TerrainField } from "./terrain.ts";
import type { DemoCounty, Terrain } from "./types.ts";
import { type CountyGrid, KIND_DITCH, KIND_HIGHWAY, KIND_NORMAL, KIND_POND, KIND_ROAD, parcelColumn } from "./grid.ts";
import { HILL_PARCELS_PER_KM2 } from "./admin.ts";

/** Parcels per km² of the grid shape by terrain (measured on the province's grid counties). */
const DENSITY: Record<Terrain, number> = { plain: 131, hill: HILL_PARCELS_PER_KM2, mountain: 101 };
/** Width / height of a cell (the grid's cells are wider than high). */
const ASPECT: Record<Terrain, number> = { plain: 1.2, hill: 1.19, mountain: 1.16 };
const POND_RATE: Record<Terrain, number> = { plain: 0.025, hill: 0.015, mountain: 0.005 };
/** Mean distance (m) between parallel strips of one family. */
const STRIP_SPACING = 3000;
/** Extra parcels per metre of strip, times the cell size (a strip piece and one more cut piece per cell). */
const STRIP_PIECES = 2.4;
/** Extra parcels per strip crossing (its own cell, and the pieces of four strip arms). */
const CROSSING_PIECES = 3;
/** Seed jitter, as a share of the cell size. */
const JITTER = 0.38;
/** A cell corner closer than this (m) to a strip edge line is taken as on it. */
const SNAP = 0.5;
/** Strip crossings lie at least this far (m) inside their own cell. */
const CROSS_MARGIN = 4;
/** Strip crossings keep this far (m) from the county boundary (or lie outside). */
const EDGE_CLEAR = 6;
/** The highway passes at least this far (m) from a road or ditch crossing. */
const HIGHWAY_CLEAR = 150;
const MULTI_RATE = 0.06;
/** Shared edges shorter than this (m) stay straight. */
const MIN_BEND_EDGE = 6;
/** Largest displacement (m) of an intermediate vertex, and as a share of the edge. */
const MAX_BEND = 3.5;
const BEND_SHARE = 0.07;
/** Share of bent edges that get two intermediate vertices (the rest get one). */
const TWO_BENDS = 0.3;
/** Raster (cellOwner) cell size (m), larger for very large counties (at most ~8 M cells). */
const RASTER = 10;

interface Strip {
  kind: number;
  /** Unit normal and offset of the centre line n·p = c (county-local metres). */
  nx: number;
  ny: number;
  c: number;
  w: number;
  fam: number;
}

/** A piece of a cell: a ring of vertex ids (CCW, open) and the carrier of each edge v[i] → v[i+1]. */
interface Piece {
  v: number[];
  car: number[];
  /** 0 free, else 1 + strip index. */
  label: number;
}

/** Carriers: a Voronoi edge is its key a·nBase + b (a < b, ids of its base endpoints) ≥ 0. */
const SIDE_CARRIER = [-1, -2, -3, -4];
const CHORD = -10;

function r3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Vertices by id, deduplicated by their millimetre coordinates. */
class Vertices {
  x: number[] = [];
  y: number[] = [];
  /** The strip lines a vertex lies on by construction (-1: none). */
  la: number[] = [];
  lb: number[] = [];
  #map = new Map<number | string, number>();
  #stride: number;
  #numeric: boolean;

  constructor(w: number, h: number) {
    this.#stride = Math.round(h * 1000) + 2;
    this.#numeric = (Math.round(w * 1000) + 2) * this.#stride < 2 ** 52;
  }

  /** The id of (x, y) (already rounded to the millimetre), created when new. */
  id(x: number, y: number, la = -1, lb = -1): number {
    const xi = Math.round(x * 1000), yi = Math.round(y * 1000);
    const key = this.#numeric ? xi * this.#stride + yi : `${xi},${yi}`;
    let id = this.#map.get(key);
    if (id === undefined) {
      id = this.x.length;
      this.#map.set(key, id);
      this.x.push(x);
      this.y.push(y);
      this.la.push(la);
      this.lb.push(lb);
    } else if (la >= 0 && this.la[id] !== la && this.lb[id] !== la) {
      if (this.la[id] < 0) this.la[id] = la;
      else this.lb[id] = la;
    }
    return id;
  }

  get size(): number {
    return this.x.length;
  }
}

function meet(ax: number, ay: number, ac: number, bx: number, by: number, bc: number): [number, number] {
  const det = ax * by - ay * bx;
  return [(ac * by - ay * bc) / det, (ax * bc - ac * bx) / det];
}

/** Length of the line n·p = c inside [0, w] × [0, h]. */
function lengthInRect(nx: number, ny: number, c: number, w: number, h: number): number {
  const pts: [number, number][] = [];
  if (Math.abs(ny) > 1e-12) {
    for (const x of [0, w]) {
      const y = (c - nx * x) / ny;
      if (y >= 0 && y <= h) pts.push([x, y]);
    }
  }
  if (Math.abs(nx) > 1e-12) {
    for (const y of [0, h]) {
      const x = (c - ny * y) / nx;
      if (x >= 0 && x <= w) pts.push([x, y]);
    }
  }
  let best = 0;
  for (const a of pts) for (const b of pts) best = Math.max(best, Math.hypot(a[0] - b[0], a[1] - b[1]));
  return best;
}

/** The four crossings of two strips' edge lines, and the crossing of their centre lines. */
function crossingPoints(s: Strip, t: Strip): { cx: number; cy: number; pts: [number, number][] } {
  const pts: [number, number][] = [];
  for (const ds of [-s.w / 2, s.w / 2]) {
    for (const dt of [-t.w / 2, t.w / 2]) pts.push(meet(s.nx, s.ny, s.c + ds, t.nx, t.ny, t.c + dt));
  }
  const [cx, cy] = meet(s.nx, s.ny, s.c, t.nx, t.ny, t.c);
  return { cx, cy, pts };
}

/**
 * Whether the crossings of `s` with the strips of other families keep clear of the county
 * boundary: each crossing (its centre and radius) lies well inside the county or well outside.
 */
function crossingsClear(s: Strip, placed: Strip[], w: number, h: number): boolean {
  for (const t of placed) {
    if (t.fam === s.fam) continue;
    const { x, y, r } = withRadius(crossingPoints(s, t).pts);
    const m = r + EDGE_CLEAR;
    const inside = x > m && x < w - m && y > m && y < h - m;
    const outside = x < -m || x > w + m || y < -m || y > h + m;
    if (!inside && !outside) return false;
  }
  return true;
}

/**
 * Road and ditch strips in two families of parallel lines at angles (neither axis-aligned), and
 * one highway at about 45° to the first family, in priority order: highway, roads, ditches.
 */
function planStrips(rng: Rng, w: number, h: number): Strip[] {
  const deg = Math.PI / 180;
  const sgn = rng.chance(0.5) ? 1 : -1;
  const phiA = sgn * rng.range(18, 35) * deg;
  const phiB = phiA + (90 + rng.range(-12, 12)) * deg;
  const phiH = phiA + sgn * rng.range(40, 50) * deg;
  const corners = [[0, 0], [w, 0], [0, h], [w, h]];
  const range = (nx: number, ny: number): [number, number] => {
    const p = corners.map(([x, y]) => nx * x + ny * y);
    return [Math.min(...p), Math.max(...p)];
  };
  const strips: Strip[] = [];
  [phiA, phiB].forEach((phi, fam) => {
    const nx = -Math.sin(phi), ny = Math.cos(phi);
    const [c0, c1] = range(nx, ny);
    const m = Math.max(1, Math.round((c1 - c0) / STRIP_SPACING));
    for (let i = 0; i < m; i++) {
      const road = rng.chance(0.55);
      const sw = road ? rng.range(4, 6) : rng.range(2.5, 4);
      let s: Strip | null = null;
      for (let tries = 0; tries < 60; tries++) {
        const c = c0 + ((c1 - c0) * (i + 0.5 + rng.range(-0.25, 0.25))) / m;
        s = { kind: road ? KIND_ROAD : KIND_DITCH, nx, ny, c, w: sw, fam };
        if (crossingsClear(s, strips, w, h)) break;
      }
      strips.push(s!);
    }
  });
  const nx = -Math.sin(phiH), ny = Math.cos(phiH);
  const [c0, c1] = range(nx, ny);
  const hw = rng.range(18, 24);
  const centres = [];
  for (const s of strips) {
    for (const t of strips) if (s.fam === 0 && t.fam === 1) centres.push(crossingPoints(s, t));
  }
  let best: Strip | null = null, bestClear = -Infinity;
  for (let tries = 0; tries < 400; tries++) {
    const s: Strip = { kind: KIND_HIGHWAY, nx, ny, c: c0 + (c1 - c0) * rng.range(0.3, 0.7), w: hw, fam: 2 };
    let clear = Infinity;
    for (const { cx, cy } of centres) clear = Math.min(clear, Math.abs(nx * cx + ny * cy - s.c) - hw / 2);
    if (!crossingsClear(s, strips, w, h)) clear -= 1e6;
    if (clear > bestClear) {
      best = s;
      bestClear = clear;
    }
    if (clear >= HIGHWAY_CLEAR) break;
  }
  const rank = (k: number) => (k === KIND_HIGHWAY ? 0 : k === KIND_ROAD ? 1 : 2);
  return [best!, ...strips].map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s.kind) - rank(b.s.kind) || a.i - b.i)
    .map((e) => e.s);
}

interface Crossing {
  x: number;
  y: number;
  pts: [number, number][];
  r: number;
}

/** Seeds at the strip crossings in the county (merged when two would crowd each other), with their radius. */
function crossingSeeds(strips: Strip[], w: number, h: number): Crossing[] {
  let list: Crossing[] = [];
  for (let i = 0; i < strips.length; i++) {
    for (let j = i + 1; j < strips.length; j++) {
      if (strips[i].fam === strips[j].fam) continue;
      const { cx, cy, pts } = crossingPoints(strips[i], strips[j]);
      if (cx < 0 || cx > w || cy < 0 || cy > h) continue;
      list.push(withRadius(pts));
    }
  }
  for (let merged = true; merged;) {
    merged = false;
    outer: for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i], b = list[j];
        if (Math.hypot(a.x - b.x, a.y - b.y) < 2 * Math.max(a.r, b.r) + 2 * CROSS_MARGIN + 1) {
          list = [
            ...list.slice(0, i),
            withRadius([...a.pts, ...b.pts]),
            ...list.slice(i + 1, j),
            ...list.slice(j + 1),
          ];
          merged = true;
          break outer;
        }
      }
    }
  }
  return list;
}

function withRadius(pts: [number, number][]): Crossing {
  const x = pts.reduce((s, p) => s + p[0], 0) / pts.length,
    y = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const r = Math.max(...pts.map((p) => Math.hypot(p[0] - x, p[1] - y)));
  return { x, y, pts, r };
}

/** Sutherland–Hodgman clip of a convex ring (flat, rounded) to one side of x = k or y = k. */
function clipSide(p: number[], axis: 0 | 1, k: number, keepAbove: boolean): number[] {
  const out: number[] = [];
  const n = p.length / 2;
  const inside = (i: number) => (keepAbove ? p[i * 2 + axis] >= k : p[i * 2 + axis] <= k);
  const cut = (i: number, j: number) => {
    // Canonical: from the lexicographically smaller endpoint, so that both cells get the same numbers.
    let a = i, b = j;
    if (p[j * 2] < p[i * 2] || (p[j * 2] === p[i * 2] && p[j * 2 + 1] < p[i * 2 + 1])) [a, b] = [j, i];
    const o = 1 - axis;
    const t = (k - p[a * 2 + axis]) / (p[b * 2 + axis] - p[a * 2 + axis]);
    const q = [0, 0];
    q[axis] = k;
    q[o] = r3(p[a * 2 + o] + t * (p[b * 2 + o] - p[a * 2 + o]));
    out.push(q[0], q[1]);
  };
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const ii = inside(i), ij = inside(j);
    if (ij) {
      if (!ii) cut(i, j);
      out.push(p[j * 2], p[j * 2 + 1]);
    } else if (ii) cut(i, j);
  }
  return out;
}

interface DelaunayLike {
  triangles: Uint32Array;
  halfedges: Int32Array;
  inedges: Int32Array;
  voronoi(bounds: number[]): { circumcenters: Float64Array };
}

/**
 * Builds the Voronoi-shaped parcel geometry of a county, with the same fields and meanings as
 * `buildCountyGrid`. Deterministic in `rng` and `seed`; `terrain` keeps ponds off the river.
 */
export function buildVoronoiGrid(
  rng: Rng,
  seed: number,
  county: DemoCounty,
  terrain: TerrainField,
): CountyGrid {
  const W = county.width, H = county.height;
  const strips = planStrips(rng.fork("strips"), W, H);
  const pondRate = POND_RATE[county.terrain];

  // Cell size: cells + strip pieces (+ ponds) ≈ the grid's parcel count for this area and terrain;
  // a strip crossing adds a cell and a few pieces.
  const crossings = crossingSeeds(strips, W, H);
  const target = (DENSITY[county.terrain] * W * H) / 1e6 - CROSSING_PIECES * crossings.length;
  const lsum = strips.reduce((s, st) => s + lengthInRect(st.nx, st.ny, st.c, W, H), 0);
  const qa = W * H * (1 + pondRate), qb = STRIP_PIECES * lsum;
  const size = (2 * qa) / (-qb + Math.sqrt(qb * qb + 4 * qa * Math.max(1, target)));
  const nxCells = Math.max(1, Math.round(W / (size * Math.sqrt(ASPECT[county.terrain]))));
  const nyCells = Math.max(1, Math.round(H / (size / Math.sqrt(ASPECT[county.terrain]))));
  const sx = W / nxCells, sy = H / nyCells;

  // Seeds: a jittered lattice and one seed per strip crossing (lattice seeds near it removed),
  // mirrored across the sides and corners so that the cells meet the county boundary exactly.
  const srng = rng.fork("seeds");
  const lat = new Float64Array(nxCells * nyCells * 2);
  const alive = new Uint8Array(nxCells * nyCells).fill(1);
  for (let j = 0; j < nyCells; j++) {
    for (let i = 0; i < nxCells; i++) {
      lat[(j * nxCells + i) * 2] = (i + 0.5 + srng.range(-JITTER, JITTER)) * sx;
      lat[(j * nxCells + i) * 2 + 1] = (j + 0.5 + srng.range(-JITTER, JITTER)) * sy;
    }
  }
  const order: { x: number; y: number; key: number }[] = [];
  for (const c of crossings) {
    const rad = Math.max(2 * c.r + 2 * CROSS_MARGIN + 1, 0.55 * Math.min(sx, sy));
    const ci = Math.floor(c.x / sx), cj = Math.floor(c.y / sy);
    const di = Math.ceil(rad / sx) + 1, dj = Math.ceil(rad / sy) + 1;
    for (let j = Math.max(0, cj - dj); j <= Math.min(nyCells - 1, cj + dj); j++) {
      for (let i = Math.max(0, ci - di); i <= Math.min(nxCells - 1, ci + di); i++) {
        const k = j * nxCells + i;
        if (Math.hypot(lat[k * 2] - c.x, lat[k * 2 + 1] - c.y) < rad) alive[k] = 0;
      }
    }
    const row = Math.min(nyCells - 1, Math.max(0, cj)), col = Math.min(nxCells - 1, Math.max(0, ci));
    order.push({ x: c.x, y: c.y, key: (row * nxCells + col) * 2 + 1 });
  }
  for (let k = 0; k < nxCells * nyCells; k++) {
    if (alive[k]) order.push({ x: lat[k * 2], y: lat[k * 2 + 1], key: k * 2 });
  }
  order.sort((a, b) => a.key - b.key);
  const nIn = order.length;
  const all: number[] = [];
  for (const o of order) all.push(o.x, o.y);
  const band = 2.5 * Math.max(sx, sy);
  for (const { x, y } of order) {
    const xs = [x], ys = [y];
    if (x < band) xs.push(-x);
    if (x > W - band) xs.push(2 * W - x);
    if (y < band) ys.push(-y);
    if (y > H - band) ys.push(2 * H - y);
    for (const mx of xs) for (const my of ys) if (mx !== x || my !== y) all.push(mx, my);
  }
  const pts = Float64Array.from(all);
  const delaunay = new Delaunay(pts) as unknown as DelaunayLike;
  const cc = delaunay.voronoi([-1e7, -1e7, 1e7, 1e7]).circumcenters.map(r3);

  // Cells clipped to the county, as rings of shared vertex ids.
  const V = new Vertices(W, H);
  const cellRings: Int32Array[] = [];
  const { inedges, halfedges, triangles } = delaunay;
  for (let i = 0; i < nIn; i++) {
    const e0 = inedges[i];
    if (e0 === -1) continue;
    let poly: number[] = [];
    let e = e0;
    do {
      const t = Math.floor(e / 3);
      poly.push(cc[t * 2], cc[t * 2 + 1]);
      e = e % 3 === 2 ? e - 2 : e + 1;
      if (triangles[e] !== i) break;
      e = halfedges[e];
    } while (e !== e0 && e !== -1);
    poly = clipSide(poly, 0, 0, true);
    poly = clipSide(poly, 0, W, false);
    poly = clipSide(poly, 1, 0, true);
    poly = clipSide(poly, 1, H, false);
    if (poly.length < 6) continue;
    const ids: number[] = [];
    for (let k = 0; k < poly.length; k += 2) {
      const id = V.id(poly[k], poly[k + 1]);
      if (ids.length === 0 || ids[ids.length - 1] !== id) ids.push(id);
    }
    while (ids.length > 1 && ids[0] === ids[ids.length - 1]) ids.pop();
    if (ids.length < 3) continue;
    let area = 0;
    for (let k = 0; k < ids.length; k++) {
      const a = ids[k], b = ids[(k + 1) % ids.length];
      area += V.x[a] * V.y[b] - V.x[b] * V.y[a];
    }
    if (area === 0) continue;
    if (area < 0) ids.reverse();
    cellRings.push(Int32Array.from(ids));
  }
  const nBase = V.size;

  // Strip edge lines: strip s has lines 2s (lower edge) and 2s + 1 (upper edge).
  const nLines = strips.length * 2;
  const lnx = new Float64Array(nLines), lny = new Float64Array(nLines), lc = new Float64Array(nLines);
  strips.forEach((s, i) => {
    lnx[2 * i] = lnx[2 * i + 1] = s.nx;
    lny[2 * i] = lny[2 * i + 1] = s.ny;
    lc[2 * i] = s.c - s.w / 2;
    lc[2 * i + 1] = s.c + s.w / 2;
  });
  const sideOf = (v: number, L: number): number => {
    if (V.la[v] === L || V.lb[v] === L) return 0;
    const d = lnx[L] * V.x[v] + lny[L] * V.y[v] - lc[L];
    if (v < nBase && Math.abs(d) < SNAP) return 0;
    return d < 0 ? -1 : d > 0 ? 1 : 0;
  };
  const carrierOf = (u: number, v: number): number => {
    if (V.x[u] === 0 && V.x[v] === 0) return SIDE_CARRIER[0];
    if (V.x[u] === W && V.x[v] === W) return SIDE_CARRIER[1];
    if (V.y[u] === 0 && V.y[v] === 0) return SIDE_CARRIER[2];
    if (V.y[u] === H && V.y[v] === H) return SIDE_CARRIER[3];
    return u < v ? u * nBase + v : v * nBase + u;
  };
  /** Strip-line points registered on each Voronoi edge (both cells read them when closing T-junctions). */
  const edgePts = new Map<number, number[]>();

  // Per cell: the chords of the lines crossing it, and the line-line crossings on each chord.
  let cellRing: number[] = [], cellCar: number[] = [];
  const chords = new Map<number, [number, number]>();
  const chordPts = new Map<number, number[]>();
  const crossCache = new Map<number, number>();

  const crossPoint = (L: number, car: number, register: boolean): number => {
    if (car >= 0) {
      const a = Math.floor(car / nBase), b = car - a * nBase;
      const da = lnx[L] * V.x[a] + lny[L] * V.y[a] - lc[L];
      const db = lnx[L] * V.x[b] + lny[L] * V.y[b] - lc[L];
      const t = da / (da - db);
      const id = V.id(r3(V.x[a] + t * (V.x[b] - V.x[a])), r3(V.y[a] + t * (V.y[b] - V.y[a])), L);
      if (register) {
        const list = edgePts.get(car);
        if (!list) edgePts.set(car, [id]);
        else if (!list.includes(id)) list.push(id);
      }
      return id;
    }
    if (car > CHORD) {
      const side = -1 - car;
      if (side < 2) {
        const x = side === 0 ? 0 : W;
        return V.id(x, r3((lc[L] - lnx[L] * x) / lny[L]), L);
      }
      const y = side === 2 ? 0 : H;
      return V.id(r3((lc[L] - lny[L] * y) / lnx[L]), y, L);
    }
    const M = CHORD - car;
    const i = Math.min(L, M), j = Math.max(L, M);
    const key = i * nLines + j;
    let id = crossCache.get(key);
    if (id === undefined) {
      const [a1, a2] = chordOf(i), [b1, b2] = chordOf(j);
      const rx = V.x[a2] - V.x[a1], ry = V.y[a2] - V.y[a1];
      const qx = V.x[b2] - V.x[b1], qy = V.y[b2] - V.y[b1];
      const t = ((V.x[b1] - V.x[a1]) * qy - (V.y[b1] - V.y[a1]) * qx) / (rx * qy - ry * qx);
      id = V.id(r3(V.x[a1] + t * rx), r3(V.y[a1] + t * ry), i, j);
      crossCache.set(key, id);
      for (const l of [i, j]) {
        const list = chordPts.get(l);
        if (!list) chordPts.set(l, [id]);
        else list.push(id);
      }
    }
    return id;
  };

  /**
   * Cuts a convex ring by line L: the augmented ring (crossing points inserted) and where its
   * negative and positive runs meet. Zero-side vertices between the runs go whole to the run
   * before them, and the run after starts at the last of them: so both pieces share one chord.
   */
  const cut = (v: number[], car: number[], L: number, register: boolean) => {
    const n = v.length;
    const sg: number[] = new Array(n);
    let pos = false, neg = false;
    for (let i = 0; i < n; i++) {
      sg[i] = sideOf(v[i], L);
      if (sg[i] > 0) pos = true;
      else if (sg[i] < 0) neg = true;
    }
    if (!pos || !neg) return { pos, neg, av: v, ac: car, z1: -1, z2: -1 };
    const av: number[] = [], ac: number[] = [], as: number[] = [];
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      av.push(v[i]);
      ac.push(car[i]);
      as.push(sg[i]);
      if (sg[i] * sg[j] < 0) {
        av.push(crossPoint(L, car[i], register));
        ac.push(car[i]);
        as.push(0);
      }
    }
    const m = av.length;
    // Transitions between consecutive non-zero elements (cyclic): exactly one − → + and one + → −.
    let z1 = -1, z2 = -1, changes = 0;
    for (let i = 0; i < m; i++) {
      if (as[i] === 0) continue;
      let j = (i + 1) % m;
      while (as[j] === 0) j = (j + 1) % m;
      if (as[j] !== as[i]) {
        changes++;
        if (as[i] < 0) z1 = (j - 1 + m) % m;
        else z2 = (j - 1 + m) % m;
      }
    }
    if (changes !== 2 || z1 < 0 || z2 < 0 || as[z1] !== 0 || as[z2] !== 0) {
      throw new Error(`voronoi: a cell piece is not convex at line ${L} (${changes} sign changes)`);
    }
    return { pos, neg, av, ac, z1, z2 };
  };

  const chordOf = (L: number): [number, number] => {
    let ch = chords.get(L);
    if (!ch) {
      const r = cut(cellRing, cellCar, L, false);
      if (r.z1 < 0) throw new Error(`voronoi: line ${L} does not cross the cell`);
      ch = [r.av[r.z1], r.av[r.z2]];
      chords.set(L, ch);
    }
    return ch;
  };

  /** [negative side, positive side] of piece p cut by line L (null when empty). */
  const split = (p: Piece, L: number): [Piece | null, Piece | null] => {
    const r = cut(p.v, p.car, L, true);
    if (!r.pos) return [p, null];
    if (!r.neg) return [null, p];
    const { av, ac, z1, z2 } = r;
    const m = av.length;
    const run = (from: number, to: number): Piece => {
      // Elements from..to (cyclic), then the chord back to `from`.
      const v: number[] = [], car: number[] = [];
      for (let i = from;; i = (i + 1) % m) {
        v.push(av[i]);
        car.push(i === to ? CHORD - L : ac[i]);
        if (i === to) break;
      }
      return { v, car, label: p.label };
    };
    // Negative piece: the last zero before it (z2), its run, and the zeros after it up to z1;
    // positive piece: z1, its run, and the zeros after it up to z2.
    return [run(z2, z1), run(z1, z2)];
  };

  // Faces: the pieces of every cell.
  const faceV: Int32Array[] = [], faceCar: Float64Array[] = [], faceLabel: number[] = [];
  const cellFaces: number[][] = [];
  for (let ci = 0; ci < cellRings.length; ci++) {
    const ring = cellRings[ci];
    cellRing = Array.from(ring);
    cellCar = cellRing.map((u, k) => carrierOf(u, cellRing[(k + 1) % cellRing.length]));
    chords.clear();
    chordPts.clear();
    crossCache.clear();
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const u of cellRing) {
      x0 = Math.min(x0, V.x[u]);
      x1 = Math.max(x1, V.x[u]);
      y0 = Math.min(y0, V.y[u]);
      y1 = Math.max(y1, V.y[u]);
    }
    let pieces: Piece[] = [{ v: cellRing, car: cellCar, label: 0 }];
    for (let s = 0; s < strips.length; s++) {
      const st = strips[s];
      const mid = st.nx * (x0 + x1) / 2 + st.ny * (y0 + y1) / 2;
      const ext = (Math.abs(st.nx) * (x1 - x0) + Math.abs(st.ny) * (y1 - y0)) / 2;
      if (mid + ext < lc[2 * s] - SNAP || mid - ext > lc[2 * s + 1] + SNAP) continue;
      const next: Piece[] = [];
      for (const p of pieces) {
        if (p.label !== 0) {
          next.push(p);
          continue;
        }
        const [below, above] = split(p, 2 * s);
        if (below) next.push(below);
        if (!above) continue;
        const [band, top] = split(above, 2 * s + 1);
        if (band) next.push({ ...band, label: s + 1 });
        if (top) next.push(top);
      }
      pieces = next;
    }
    // Close T-junctions on the chords: a piece's chord edge gets every crossing on it between its ends.
    const list: number[] = [];
    for (const p of pieces) {
      const v: number[] = [], car: number[] = [];
      for (let k = 0; k < p.v.length; k++) {
        const u = p.v[k], w = p.v[(k + 1) % p.v.length], c = p.car[k];
        v.push(u);
        car.push(c);
        if (c > CHORD) continue;
        const onChord = chordPts.get(CHORD - c);
        if (!onChord) continue;
        const [a, b] = chordOf(CHORD - c);
        insertBetween(V, u, w, onChord, V.x[a], V.y[a], V.x[b] - V.x[a], V.y[b] - V.y[a], (id) => {
          v.push(id);
          car.push(c);
        });
      }
      list.push(faceV.length);
      faceV.push(Int32Array.from(v));
      faceCar.push(Float64Array.from(car));
      faceLabel.push(p.label);
    }
    cellFaces.push(list);
  }
  // Close T-junctions on the cell edges (points registered by the cells on either side).
  for (let f = 0; f < faceV.length; f++) {
    const fv = faceV[f], fc = faceCar[f];
    let changed = false;
    const v: number[] = [], car: number[] = [];
    for (let k = 0; k < fv.length; k++) {
      const u = fv[k], w = fv[(k + 1) % fv.length], c = fc[k];
      v.push(u);
      car.push(c);
      if (c < 0) continue;
      const on = edgePts.get(c);
      if (!on) continue;
      const a = Math.floor(c / nBase), b = c - a * nBase;
      insertBetween(V, u, w, on, V.x[a], V.y[a], V.x[b] - V.x[a], V.y[b] - V.y[a], (id) => {
        v.push(id);
        car.push(c);
        changed = true;
      });
    }
    if (changed) {
      faceV[f] = Int32Array.from(v);
      faceCar[f] = Float64Array.from(car);
    }
  }
  const nFaces = faceV.length;

  // Parcels: one per face, but a few two-sided cells make one MultiPolygon; ponds follow their host.
  const prng = rng.fork("parcels");
  const parcelFaces: number[][] = [];
  const parcelKind: number[] = [];
  const ponds = new Map<number, number[]>();
  const faceArea = (f: number) => {
    const fv = faceV[f];
    let s = 0;
    for (let k = 0; k < fv.length; k++) {
      const a = fv[k], b = fv[(k + 1) % fv.length];
      s += V.x[a] * V.y[b] - V.x[b] * V.y[a];
    }
    return s / 2;
  };
  for (let ci = 0; ci < cellFaces.length; ci++) {
    const fs = cellFaces[ci];
    const narrow = (f: number) => {
      const l = faceLabel[f];
      return l > 0 && strips[l - 1].kind !== KIND_HIGHWAY;
    };
    if (
      fs.length === 3 && faceLabel[fs[0]] === 0 && narrow(fs[1]) && faceLabel[fs[2]] === 0 &&
      faceArea(fs[0]) >= 500 && faceArea(fs[2]) >= 500 && prng.chance(MULTI_RATE)
    ) {
      parcelFaces.push([fs[0], fs[2]]);
      parcelKind.push(KIND_NORMAL);
      parcelFaces.push([fs[1]]);
      parcelKind.push(strips[faceLabel[fs[1]] - 1].kind);
      continue;
    }
    for (const f of fs) {
      parcelFaces.push([f]);
      parcelKind.push(faceLabel[f] === 0 ? KIND_NORMAL : strips[faceLabel[f] - 1].kind);
      if (fs.length !== 1 || faceLabel[f] !== 0 || !prng.chance(pondRate)) continue;
      const ring = pondRing(V, faceV[f], prng);
      if (!ring) continue;
      const [mx, my] = ring.centre;
      if (terrain.riverDistance(county.x0 + mx, county.y0 + my) < terrain.river.halfWidth + 40) continue;
      ponds.set(parcelFaces.length - 1, ring.ring);
      parcelFaces.push([]);
      parcelKind.push(KIND_POND);
    }
  }
  const n = parcelFaces.length;
  const faceParcel = new Int32Array(nFaces);
  parcelFaces.forEach((fs, k) => fs.forEach((f) => (faceParcel[f] = k)));

  // Shared edges: each interior edge is used by exactly two faces, in opposite directions.
  const nV = V.size;
  const edgeFirst = new Map<number, number>();
  const pairKey: number[] = [], pairF1: number[] = [], pairF2: number[] = [];
  for (let f = 0; f < nFaces; f++) {
    const fv = faceV[f];
    for (let k = 0; k < fv.length; k++) {
      const u = fv[k], w = fv[(k + 1) % fv.length];
      const key = u < w ? u * nV + w : w * nV + u;
      const g = edgeFirst.get(key);
      if (g === undefined) edgeFirst.set(key, f * 2 + (u < w ? 0 : 1));
      else {
        if (g < 0 || (g & 1) === (u < w ? 0 : 1)) {
          throw new Error("voronoi: an edge is used twice in one direction");
        }
        edgeFirst.set(key, -1 - pairKey.length);
        pairKey.push(key);
        pairF1.push(g >> 1);
        pairF2.push(f);
      }
    }
  }

  // Intermediate vertices on shared cell edges between two free faces (the same numbers for both).
  const bends = new Map<number, number[]>();
  const faceBends: number[][] = Array.from({ length: nFaces }, () => []);
  for (let q = 0; q < pairKey.length; q++) {
    const f1 = pairF1[q], f2 = pairF2[q];
    if (faceLabel[f1] !== 0 || faceLabel[f2] !== 0) continue;
    const key = pairKey[q];
    const a = Math.floor(key / nV), b = key - a * nV;
    if (!isCellEdge(faceV[f1], faceCar[f1], a, b)) continue;
    const dx = V.x[b] - V.x[a], dy = V.y[b] - V.y[a], len = Math.hypot(dx, dy);
    if (len < MIN_BEND_EDGE) continue;
    const amp = Math.min(BEND_SHARE * len, MAX_BEND);
    const two = hashUnit(seed, a, b, 1) < TWO_BENDS;
    const ts = two
      ? [0.2 + 0.2 * hashUnit(seed, a, b, 2), 0.6 + 0.2 * hashUnit(seed, a, b, 3)]
      : [0.3 + 0.4 * hashUnit(seed, a, b, 2)];
    const out: number[] = [];
    ts.forEach((t, i) => {
      const d = (2 * hashUnit(seed, a, b, 4 + i) - 1) * amp;
      out.push(r3(V.x[a] + t * dx - (d * dy) / len), r3(V.y[a] + t * dy + (d * dx) / len));
    });
    bends.set(key, out);
    faceBends[f1].push(q);
    faceBends[f2].push(q);
  }
  const hostPondRing = new Map<number, number[]>();
  for (const [host, ring] of ponds) hostPondRing.set(parcelFaces[host][0], ring);
  const faceCoords = (f: number): number[] => {
    const fv = faceV[f];
    const out: number[] = [];
    for (let k = 0; k < fv.length; k++) {
      const u = fv[k], w = fv[(k + 1) % fv.length];
      out.push(V.x[u], V.y[u]);
      const bent = bends.get(u < w ? u * nV + w : w * nV + u);
      if (!bent) continue;
      if (u < w) out.push(...bent);
      else for (let i = bent.length - 2; i >= 0; i -= 2) out.push(bent[i], bent[i + 1]);
    }
    return out;
  };
  // Straighten the bends of any face that would not be simple, until every face is.
  const queue: number[] = [];
  for (let f = 0; f < nFaces; f++) if (faceBends[f].length > 0) queue.push(f);
  while (queue.length > 0) {
    const f = queue.pop()!;
    if (ringsSimple(faceCoords(f), hostPondRing.get(f) ?? null)) continue;
    for (const q of faceBends[f]) {
      if (!bends.delete(pairKey[q])) continue;
      queue.push(pairF1[q] === f ? pairF2[q] : pairF1[q]);
    }
  }

  // Geometry, in county coordinates: shells CCW, holes CW (as the grid).
  const gx = (x: number) => Math.round((county.x0 + x) * 1000) / 1000;
  const gy = (y: number) => Math.round((county.y0 + y) * 1000) / 1000;
  const rings: number[][] = [];
  const polyRingCounts: number[] = [], geomPolyCounts: number[] = [];
  const kind = Uint8Array.from(parcelKind), multi = new Uint8Array(n);
  const cx = new Float64Array(n), cy = new Float64Array(n);
  const pondHost = new Int32Array(n).fill(-1), hostPond = new Int32Array(n).fill(-1);
  const localRings: number[][][] = [];
  for (let k = 0; k < n; k++) {
    const fs = parcelFaces[k];
    const parts: number[][] = [];
    if (kind[k] === KIND_POND) {
      const host = k - 1, ring = ponds.get(host)!;
      pondHost[k] = host;
      hostPond[host] = k;
      rings.push(closeRing(ring, gx, gy));
      polyRingCounts.push(1);
      geomPolyCounts.push(1);
      parts.push(ring);
      let sx2 = 0, sy2 = 0;
      for (let i = 0; i < ring.length; i += 2) {
        sx2 += ring[i];
        sy2 += ring[i + 1];
      }
      cx[k] = county.x0 + sx2 / (ring.length / 2);
      cy[k] = county.y0 + sy2 / (ring.length / 2);
      localRings.push(parts);
      continue;
    }
    multi[k] = fs.length > 1 ? 1 : 0;
    fs.forEach((f, pi) => {
      const shell = faceCoords(f);
      rings.push(closeRing(shell, gx, gy));
      parts.push(shell);
      let nr = 1;
      const pond = pi === 0 ? ponds.get(k) : undefined;
      if (pond) {
        // The hole: the pond ring reversed (clockwise), starting at the pond's first vertex.
        const hole: number[] = [pond[0], pond[1]];
        for (let i = pond.length - 2; i >= 2; i -= 2) hole.push(pond[i], pond[i + 1]);
        rings.push(closeRing(hole, gx, gy));
        parts.push(hole);
        nr++;
      }
      polyRingCounts.push(nr);
    });
    geomPolyCounts.push(fs.length);
    const fv = faceV[fs[0]];
    let sx2 = 0, sy2 = 0;
    for (const u of fv) {
      sx2 += V.x[u];
      sy2 += V.y[u];
    }
    cx[k] = county.x0 + sx2 / fv.length;
    cy[k] = county.y0 + sy2 / fv.length;
    localRings.push(parts);
  }
  const { geometry, planar } = parcelColumn(rings, polyRingCounts, geomPolyCounts, n);

  // Neighbours: parcels sharing an edge, and pond ↔ host.
  const links: number[] = [];
  for (let q = 0; q < pairKey.length; q++) {
    const a = faceParcel[pairF1[q]], b = faceParcel[pairF2[q]];
    if (a !== b) links.push(Math.min(a, b) * n + Math.max(a, b));
  }
  for (let k = 0; k < n; k++) if (pondHost[k] >= 0) links.push(pondHost[k] * n + k);
  const { nbrStart, nbr } = csr(links, n);

  // The owner raster standing in for the grid's cells.
  const cell = Math.max(RASTER, Math.sqrt((W * H) / 8e6));
  const ncx = Math.max(1, Math.round(W / cell)), ncy = Math.max(1, Math.round(H / cell));
  const { cellOwner, rect } = ownerRaster(localRings, W / ncx, H / ncy, ncx, ncy);

  return {
    geometry,
    count: n,
    kind,
    cx,
    cy,
    planar,
    pondHost,
    hostPond,
    multi,
    nbrStart,
    nbr,
    rect,
    cellOwner,
    ncx,
    ncy,
  };
}

/** Whether a → b (in either direction) is an edge of the face lying on a Voronoi cell edge. */
function isCellEdge(fv: Int32Array, fc: Float64Array, a: number, b: number): boolean {
  for (let k = 0; k < fv.length; k++) {
    const u = fv[k], w = fv[(k + 1) % fv.length];
    if ((u === a && w === b) || (u === b && w === a)) return fc[k] >= 0;
  }
  return false;
}

/** Inserts the points of `cands` lying strictly between u and w on the carrier (origin o, direction d), in order. */
function insertBetween(
  V: Vertices,
  u: number,
  w: number,
  cands: number[],
  ox: number,
  oy: number,
  dx: number,
  dy: number,
  push: (id: number) => void,
): void {
  const t = (id: number) => (V.x[id] - ox) * dx + (V.y[id] - oy) * dy;
  const tu = t(u), tw = t(w);
  const lo = Math.min(tu, tw), hi = Math.max(tu, tw);
  const hits = cands.filter((id) => id !== u && id !== w && t(id) > lo && t(id) < hi);
  if (hits.length === 0) return;
  hits.sort((p, q) => (tu < tw ? t(p) - t(q) : t(q) - t(p)));
  for (const id of hits) push(id);
}

/**
 * A pond inside a whole cell: its corners and one point on each edge, pulled 36–54 % of the way
 * towards the corners' mean (star-shaped, hence simple, and well inside the convex cell). Null
 * when the cell is too narrow for one (a corner-mean closer than 20 m to an edge).
 */
function pondRing(
  V: Vertices,
  fv: Int32Array,
  rng: Rng,
): { ring: number[]; centre: [number, number] } | null {
  const n = fv.length;
  let mx = 0, my = 0;
  for (const u of fv) {
    mx += V.x[u];
    my += V.y[u];
  }
  mx /= n;
  my /= n;
  for (let k = 0; k < n; k++) {
    const a = fv[k], b = fv[(k + 1) % n];
    const dx = V.x[b] - V.x[a], dy = V.y[b] - V.y[a];
    const d = Math.abs((mx - V.x[a]) * dy - (my - V.y[a]) * dx) / Math.hypot(dx, dy);
    if (!(d >= 20)) return null;
  }
  const ring: number[] = [];
  for (let k = 0; k < n; k++) {
    const a = fv[k], b = fv[(k + 1) % n];
    const t = 0.35 + 0.3 * rng.next();
    for (
      const [bx, by] of [[V.x[a], V.y[a]], [V.x[a] + (V.x[b] - V.x[a]) * t, V.y[a] + (V.y[b] - V.y[a]) * t]]
    ) {
      const s = 0.36 + 0.18 * rng.next();
      ring.push(r3(mx + (bx - mx) * s), r3(my + (by - my) * s));
    }
  }
  return { ring, centre: [mx, my] };
}

function closeRing(ring: number[], gx: (x: number) => number, gy: (y: number) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ring.length; i += 2) out.push(gx(ring[i]), gy(ring[i + 1]));
  out.push(out[0], out[1]);
  return out;
}

/** Whether a ring (flat, open) and an optional hole are simple and do not touch each other. */
function ringsSimple(shell: number[], hole: number[] | null): boolean {
  const segs: number[] = [];
  const ringOf: number[] = [];
  const add = (r: number[], id: number) => {
    const m = r.length / 2;
    for (let i = 0; i < m; i++) {
      const j = (i + 1) % m;
      segs.push(r[i * 2], r[i * 2 + 1], r[j * 2], r[j * 2 + 1]);
      ringOf.push(id);
    }
  };
  add(shell, 0);
  const ns = shell.length / 2;
  if (hole) add(hole, 1);
  const m = segs.length / 4;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const same = ringOf[i] === ringOf[j];
      const size = ringOf[i] === 0 ? ns : m - ns;
      if (same && (j === i + 1 || (i === (ringOf[i] === 0 ? 0 : ns) && j === i + size - 1))) {
        // Adjacent edges: they may only share their common vertex (no overlap back along each other).
        if (collinearOverlap(segs, i, j)) return false;
        continue;
      }
      if (segmentsTouch(segs, i, j)) return false;
    }
  }
  return true;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function segmentsTouch(s: number[], i: number, j: number): boolean {
  const [ax, ay, bx, by] = [s[i * 4], s[i * 4 + 1], s[i * 4 + 2], s[i * 4 + 3]];
  const [cx, cy, dx, dy] = [s[j * 4], s[j * 4 + 1], s[j * 4 + 2], s[j * 4 + 3]];
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return false;
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return false;
  const o1 = orient(ax, ay, bx, by, cx, cy), o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay), o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  const on = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) =>
    Math.min(px, qx) <= rx && rx <= Math.max(px, qx) && Math.min(py, qy) <= ry && ry <= Math.max(py, qy);
  return (o1 === 0 && on(ax, ay, bx, by, cx, cy)) || (o2 === 0 && on(ax, ay, bx, by, dx, dy)) ||
    (o3 === 0 && on(cx, cy, dx, dy, ax, ay)) || (o4 === 0 && on(cx, cy, dx, dy, bx, by));
}

/** Adjacent segments folding back along each other (a spike). */
function collinearOverlap(s: number[], i: number, j: number): boolean {
  const [ax, ay, bx, by] = [s[i * 4], s[i * 4 + 1], s[i * 4 + 2], s[i * 4 + 3]];
  const [cx, cy, dx, dy] = [s[j * 4], s[j * 4 + 1], s[j * 4 + 2], s[j * 4 + 3]];
  // The shared vertex is b = c (j follows i) or a = d (i follows j, closing the ring).
  const [px, py, qx, qy, rx, ry] = bx === cx && by === cy
    ? [ax, ay, bx, by, dx, dy]
    : [cx, cy, dx, dy, bx, by];
  if (orient(px, py, qx, qy, rx, ry) !== 0) return false;
  return (px - qx) * (rx - qx) + (py - qy) * (ry - qy) > 0;
}

/** Neighbour lists (CSR) from pair keys a·n + b (a < b), duplicates allowed. */
function csr(keys: number[], n: number): { nbrStart: Uint32Array; nbr: Uint32Array } {
  const sorted = Float64Array.from(keys).sort();
  const degree = new Uint32Array(n);
  const pa: number[] = [], pb: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    const a = Math.floor(sorted[i] / n), b = sorted[i] - a * n;
    pa.push(a);
    pb.push(b);
    degree[a]++;
    degree[b]++;
  }
  const nbrStart = new Uint32Array(n + 1);
  for (let k = 0; k < n; k++) nbrStart[k + 1] = nbrStart[k] + degree[k];
  const fill = nbrStart.slice(0, n);
  const nbr = new Uint32Array(nbrStart[n]);
  for (let i = 0; i < pa.length; i++) {
    nbr[fill[pa[i]]++] = pb[i];
    nbr[fill[pb[i]]++] = pa[i];
  }
  return { nbrStart, nbr };
}

/**
 * The owner of every raster cell (the parcel holding its centre; a pond wins over its host's
 * hole) and each parcel's first part's bounding box in raster cells [i0, j0, i1, j1).
 */
function ownerRaster(
  parcels: number[][][],
  rx: number,
  ry: number,
  ncx: number,
  ncy: number,
): { cellOwner: Int32Array; rect: Int32Array } {
  const cellOwner = new Int32Array(ncx * ncy).fill(-1);
  const rect = new Int32Array(parcels.length * 4);
  const xs: number[] = [];
  parcels.forEach((rings, k) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const r of rings) {
      for (let i = 0; i < r.length; i += 2) {
        x0 = Math.min(x0, r[i]);
        x1 = Math.max(x1, r[i]);
        y0 = Math.min(y0, r[i + 1]);
        y1 = Math.max(y1, r[i + 1]);
      }
    }
    const first = rings[0];
    let fx0 = Infinity, fy0 = Infinity, fx1 = -Infinity, fy1 = -Infinity;
    for (let i = 0; i < first.length; i += 2) {
      fx0 = Math.min(fx0, first[i]);
      fx1 = Math.max(fx1, first[i]);
      fy0 = Math.min(fy0, first[i + 1]);
      fy1 = Math.max(fy1, first[i + 1]);
    }
    const clampI = (v: number) => Math.min(ncx, Math.max(0, v)),
      clampJ = (v: number) => Math.min(ncy, Math.max(0, v));
    rect[k * 4] = clampI(Math.floor(fx0 / rx));
    rect[k * 4 + 1] = clampJ(Math.floor(fy0 / ry));
    rect[k * 4 + 2] = Math.max(rect[k * 4] + 1, clampI(Math.ceil(fx1 / rx)));
    rect[k * 4 + 3] = Math.max(rect[k * 4 + 1] + 1, clampJ(Math.ceil(fy1 / ry)));
    // Scanlines through the cell centres, even-odd over all rings of the parcel.
    const j0 = Math.max(0, Math.ceil(y0 / ry - 0.5)), j1 = Math.min(ncy - 1, Math.floor(y1 / ry - 0.5));
    for (let j = j0; j <= j1; j++) {
      const y = (j + 0.5) * ry;
      xs.length = 0;
      for (const r of rings) {
        const m = r.length / 2;
        for (let i = 0; i < m; i++) {
          const ax = r[i * 2], ay = r[i * 2 + 1], bx = r[((i + 1) % m) * 2], by = r[((i + 1) % m) * 2 + 1];
          if ((ay <= y) !== (by <= y)) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
        }
      }
      xs.sort((a, b) => a - b);
      for (let q = 0; q + 1 < xs.length; q += 2) {
        const i0 = Math.max(0, Math.ceil(xs[q] / rx - 0.5)),
          i1 = Math.min(ncx - 1, Math.floor(xs[q + 1] / rx - 0.5));
        for (let i = i0; i <= i1; i++) cellOwner[j * ncx + i] = k;
      }
    }
  });
  return { cellOwner, rect };
}
