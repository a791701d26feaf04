/**
 * Parcel geometry of a demo county: a jittered grid whose vertices are shared, so that
 * neighbouring parcels share edges exactly (no slivers, no overlaps, no gaps). Blocks of
 * cells are separated by narrow strips (rural roads 1006, ditches 1107, one wider highway
 * 1003); inside a block, cells are merged into rectangles of 1–9 cells; a few parcels are
 * MultiPolygons (two separated rectangles); a few farmland parcels get a pond hole that a
 * pond parcel fills exactly. The county rectangle is tiled completely.
 *
 * @module
 */
import { featurePlanarArea, type PolygonColumn } from "../geom/types.ts";
import type { Rng } from "./rng.ts";
import { hash4 } from "./rng.ts";
import type { TerrainField } from "./terrain.ts";
import type { DemoCounty, Terrain } from "./types.ts";

/** Parcel kinds of the grid. */
export const KIND_NORMAL: number = 0;
/** A rural road strip (1006). */
export const KIND_ROAD: number = 1;
/** A ditch strip (1107). */
export const KIND_DITCH: number = 2;
/** The highway strip (1003). */
export const KIND_HIGHWAY: number = 3;
/** A pond filling a hole of its host parcel (1104). */
export const KIND_POND: number = 4;

/** The geometry of one county and what the attribute stage needs to know about it. */
export interface CountyGrid {
  geometry: PolygonColumn;
  count: number;
  /** KIND_* per parcel. */
  kind: Uint8Array;
  /** Representative point (centre of the parcel's first rectangle, or of the pond). */
  cx: Float64Array;
  cy: Float64Array;
  /** Planar area (m²) of the written geometry. */
  planar: Float64Array;
  /** For a pond: its host parcel; for a host: its pond; else -1. */
  pondHost: Int32Array;
  hostPond: Int32Array;
  /** 1 for a MultiPolygon parcel. */
  multi: Uint8Array;
  /** Edge-sharing neighbours (CSR: neighbours of k are nbr[nbrStart[k] .. nbrStart[k+1])). */
  nbrStart: Uint32Array;
  nbr: Uint32Array;
  /** Cell rectangle [ci0, cj0, ci1, cj1) of each parcel's first part (4 per parcel). */
  rect: Int32Array;
  /** Owner parcel of every grid cell (row-major, ncx × ncy). */
  cellOwner: Int32Array;
  ncx: number;
  ncy: number;
}

interface Axis {
  /** Line positions relative to the county origin. */
  pos: number[];
  /** Jitter group of each line (a strip's two lines share one). */
  group: number[];
  /** Per cell (between line c and c+1): 0 block cell, or the strip kind. */
  cellKind: number[];
  minCell: number;
}

const CELL_SIZES: Record<Terrain, { x: [number, number]; y: [number, number]; block: [number, number] }> = {
  plain: { x: [58, 90], y: [48, 74], block: [4, 8] },
  hill: { x: [60, 95], y: [50, 80], block: [3, 6] },
  mountain: { x: [62, 100], y: [55, 85], block: [3, 5] },
};
const MAX_RECT: Record<Terrain, [number, number]> = { plain: [2, 2], hill: [3, 2], mountain: [3, 2] };
const POND_RATE: Record<Terrain, number> = { plain: 0.025, hill: 0.015, mountain: 0.005 };

function buildAxis(
  rng: Rng,
  length: number,
  cell: [number, number],
  block: [number, number],
  highway: boolean,
): Axis {
  const items: { strip: number; w: number }[] = [];
  let total = 0;
  for (;;) {
    const k = rng.int(block[0], block[1]);
    for (let i = 0; i < k; i++) {
      const w = rng.range(cell[0], cell[1]);
      items.push({ strip: 0, w });
      total += w;
    }
    if (total >= length - cell[0] * 2) break;
    const road = rng.chance(0.55);
    const w = road ? rng.range(4, 6) : rng.range(2.5, 4);
    items.push({ strip: road ? KIND_ROAD : KIND_DITCH, w });
    total += w;
  }
  if (highway) {
    const strips = items.map((it, i) => (it.strip ? i : -1)).filter((i) => i >= 0);
    if (strips.length > 0) {
      const s = strips[Math.floor(strips.length / 2)];
      items[s] = { strip: KIND_HIGHWAY, w: rng.range(18, 24) };
    }
  }
  const stripSum = items.reduce((s, it) => s + (it.strip ? it.w : 0), 0);
  const cellSum = items.reduce((s, it) => s + (it.strip ? 0 : it.w), 0);
  const f = (length - stripSum) / cellSum;
  const pos = [0], group = [0], cellKind: number[] = [];
  let g = 0, acc = 0, minCell = Infinity;
  items.forEach((it, i) => {
    const w = it.strip ? it.w : it.w * f;
    if (!it.strip) minCell = Math.min(minCell, w);
    acc += w;
    pos.push(i === items.length - 1 ? length : acc);
    if (!it.strip) g++;
    group.push(g);
    cellKind.push(it.strip);
  });
  return { pos, group, cellKind, minCell };
}

/** Contiguous runs [start, end) of block cells (cellKind 0) of an axis. */
function runs(axis: Axis): [number, number][] {
  const out: [number, number][] = [];
  let s = -1;
  axis.cellKind.forEach((k, c) => {
    if (k === 0 && s < 0) s = c;
    if (k !== 0 && s >= 0) {
      out.push([s, c]);
      s = -1;
    }
  });
  if (s >= 0) out.push([s, axis.cellKind.length]);
  return out;
}

interface ProtoParcel {
  kind: number;
  parts: [number, number, number, number][];
  pond: number[] | null;
}

/**
 * The flat polygon column of `n` parcels from their rings (flat x,y arrays in order), the ring
 * count of each polygon and the polygon count of each parcel; with each parcel's planar area.
 * Shared by the grid and the Voronoi shape.
 */
export function parcelColumn(
  rings: readonly ArrayLike<number>[],
  polyRingCounts: readonly number[],
  geomPolyCounts: readonly number[],
  n: number,
): { geometry: PolygonColumn; planar: Float64Array } {
  const nv = rings.reduce((s, r) => s + r.length / 2, 0);
  const coords = new Float64Array(nv * 2);
  const ringOffsets = new Uint32Array(rings.length + 1);
  let v = 0;
  rings.forEach((r, i) => {
    coords.set(r, v * 2);
    v += r.length / 2;
    ringOffsets[i + 1] = v;
  });
  const polyOffsets = new Uint32Array(polyRingCounts.length + 1);
  polyRingCounts.forEach((c, i) => (polyOffsets[i + 1] = polyOffsets[i] + c));
  const geomOffsets = new Uint32Array(n + 1);
  geomPolyCounts.forEach((c, i) => (geomOffsets[i + 1] = geomOffsets[i] + c));
  const geometry: PolygonColumn = { coords, ringOffsets, polyOffsets, geomOffsets };
  const planar = new Float64Array(n);
  for (let k = 0; k < n; k++) planar[k] = featurePlanarArea(geometry, k);
  return { geometry, planar };
}

/**
 * Builds the parcel geometry of a county. Deterministic in `rng` and `seed`; `terrain` keeps
 * ponds off the river.
 */
export function buildCountyGrid(
  rng: Rng,
  seed: number,
  county: DemoCounty,
  terrain: TerrainField,
): CountyGrid {
  const sz = CELL_SIZES[county.terrain];
  const ax = buildAxis(rng, county.width, sz.x, sz.block, false);
  const ay = buildAxis(rng, county.height, sz.y, [sz.block[0], sz.block[1] - 1], true);
  const nlx = ax.pos.length, nly = ay.pos.length, ncx = nlx - 1, ncy = nly - 1;
  const vxy = new Float64Array(nlx * nly * 2);
  const jx = 0.15 * ax.minCell, jy = 0.15 * ay.minCell;
  for (let j = 0; j < nly; j++) {
    for (let i = 0; i < nlx; i++) {
      const fixedX = i === 0 || i === nlx - 1, fixedY = j === 0 || j === nly - 1;
      const gx = ax.group[i], gy = ay.group[j];
      const dx = fixedX ? 0 : (2 * (hash4(seed, gx, gy, 11) / 4294967296) - 1) * jx;
      const dy = fixedY ? 0 : (2 * (hash4(seed, gx, gy, 12) / 4294967296) - 1) * jy;
      const k = (j * nlx + i) * 2;
      vxy[k] = Math.round((county.x0 + ax.pos[i] + dx) * 1000) / 1000;
      vxy[k + 1] = Math.round((county.y0 + ay.pos[j] + dy) * 1000) / 1000;
    }
  }
  const V = (i: number, j: number): [number, number] => [vxy[(j * nlx + i) * 2], vxy[(j * nlx + i) * 2 + 1]];
  const protos: ProtoParcel[] = [];
  const [maxW, maxH] = MAX_RECT[county.terrain];
  const xr = runs(ax), yr = runs(ay);
  const taken = new Uint8Array(ncx * ncy);
  const pondRate = POND_RATE[county.terrain];
  for (let by = 0; by < yr.length; by++) {
    const [j0, j1] = yr[by];
    for (const [i0, i1] of xr) {
      const first = protos.length;
      for (let j = j0; j < j1; j++) {
        for (let i = i0; i < i1; i++) {
          if (taken[j * ncx + i]) continue;
          let w = 1;
          const wantW = rng.int(1, maxW), wantH = rng.int(1, maxH);
          while (w < wantW && i + w < i1 && !taken[j * ncx + i + w]) w++;
          let h = 1;
          outer: while (h < wantH && j + h < j1) {
            for (let q = i; q < i + w; q++) if (taken[(j + h) * ncx + q]) break outer;
            h++;
          }
          for (let r = j; r < j + h; r++) for (let q = i; q < i + w; q++) taken[r * ncx + q] = 1;
          protos.push({ kind: KIND_NORMAL, parts: [[i, j, i + w, j + h]], pond: null });
        }
      }
      // Now and then two separated rectangles of a block form one MultiPolygon parcel.
      const n = protos.length - first;
      if (n >= 6 && rng.chance(0.07)) {
        const host = protos[first + rng.int(0, n - 1)];
        const a = host.parts[0];
        for (let t = first; t < protos.length; t++) {
          const b = protos[t].parts[0];
          if (b === a) continue;
          const apart = b[0] >= a[2] + 1 || b[2] <= a[0] - 1 || b[1] >= a[3] + 1 || b[3] <= a[1] - 1;
          if (apart && (b[2] - b[0]) * (b[3] - b[1]) <= 2) {
            host.parts.push(b);
            protos.splice(t, 1);
            break;
          }
        }
      }
    }
    // Strips between this block row and the next, and vertical strips inside the row.
    for (let c = 0; c < ncx; c++) {
      if (ax.cellKind[c] !== 0) {
        protos.push({ kind: ax.cellKind[c], parts: [[c, j0, c + 1, j1]], pond: null });
      }
    }
    if (j1 < ncy) {
      const kind = ay.cellKind[j1];
      for (const [i0, i1] of xr) {
        const end = i1 < ncx ? i1 + 1 : i1;
        protos.push({ kind, parts: [[i0, j1, end, j1 + 1]], pond: null });
      }
    }
  }
  // Ponds: a star-shaped ring inside one cell of the host, strictly inside the cell's quad.
  const withPonds: ProtoParcel[] = [];
  for (const p of protos) {
    withPonds.push(p);
    if (p.kind !== KIND_NORMAL || p.parts.length > 1 || !rng.chance(pondRate)) continue;
    const [i0, j0, i1, j1] = p.parts[0];
    const ci = rng.int(i0, i1 - 1), cj = rng.int(j0, j1 - 1);
    const corners = [V(ci, cj), V(ci + 1, cj), V(ci + 1, cj + 1), V(ci, cj + 1)];
    const mx = corners.reduce((s, c) => s + c[0], 0) / 4, my = corners.reduce((s, c) => s + c[1], 0) / 4;
    if (terrain.riverDistance(mx, my) < terrain.river.halfWidth + 40) continue;
    const boundary: [number, number][] = [];
    for (let e = 0; e < 4; e++) {
      const a = corners[e], b = corners[(e + 1) % 4];
      const t = 0.35 + 0.3 * rng.next();
      boundary.push(a, [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]);
    }
    const ring: number[] = [];
    for (const [bx, by] of boundary) {
      const s = 0.36 + 0.18 * rng.next();
      ring.push(
        Math.round((mx + (bx - mx) * s) * 1000) / 1000,
        Math.round((my + (by - my) * s) * 1000) / 1000,
      );
    }
    p.pond = ring;
    withPonds.push({ kind: KIND_POND, parts: [[ci, cj, ci + 1, cj + 1]], pond: ring });
  }
  return assemble(withPonds, vxy, nlx, ncx, ncy);
}

function rectRing(r: [number, number, number, number], out: number[], vxy: Float64Array, nlx: number): void {
  const [i0, j0, i1, j1] = r;
  const push = (i: number, j: number) => out.push(vxy[(j * nlx + i) * 2], vxy[(j * nlx + i) * 2 + 1]);
  for (let i = i0; i <= i1; i++) push(i, j0);
  for (let j = j0 + 1; j <= j1; j++) push(i1, j);
  for (let i = i1 - 1; i >= i0; i--) push(i, j1);
  for (let j = j1 - 1; j >= j0; j--) push(i0, j);
}

function assemble(
  protos: ProtoParcel[],
  vxy: Float64Array,
  nlx: number,
  ncx: number,
  ncy: number,
): CountyGrid {
  const n = protos.length;
  const rings: number[][] = [];
  const polyRingCounts: number[] = [];
  const geomPolyCounts: number[] = [];
  const kind = new Uint8Array(n), multi = new Uint8Array(n);
  const cx = new Float64Array(n), cy = new Float64Array(n);
  const pondHost = new Int32Array(n).fill(-1), hostPond = new Int32Array(n).fill(-1);
  const rect = new Int32Array(n * 4);
  const cellOwner = new Int32Array(ncx * ncy).fill(-1);
  protos.forEach((p, k) => {
    kind[k] = p.kind;
    multi[k] = p.parts.length > 1 ? 1 : 0;
    rect.set(p.parts[0], k * 4);
    if (p.kind === KIND_POND) {
      const ring = [...p.pond!, p.pond![0], p.pond![1]];
      rings.push(ring);
      polyRingCounts.push(1);
      geomPolyCounts.push(1);
      pondHost[k] = k - 1;
      hostPond[k - 1] = k;
      let sx = 0, sy = 0;
      for (let v = 0; v < p.pond!.length; v += 2) {
        sx += p.pond![v];
        sy += p.pond![v + 1];
      }
      cx[k] = sx / (p.pond!.length / 2);
      cy[k] = sy / (p.pond!.length / 2);
      return;
    }
    p.parts.forEach((r, pi) => {
      const ring: number[] = [];
      rectRing(r, ring, vxy, nlx);
      rings.push(ring);
      let nr = 1;
      if (pi === 0 && p.pond) {
        // The hole: the pond ring reversed (clockwise), closed.
        // Starting at the pond's first vertex, so that the hole reversed is the pond's ring.
        const hole: number[] = [p.pond[0], p.pond[1]];
        for (let v = p.pond.length - 2; v >= 0; v -= 2) hole.push(p.pond[v], p.pond[v + 1]);
        rings.push(hole);
        nr++;
      }
      polyRingCounts.push(nr);
      for (let j = r[1]; j < r[3]; j++) for (let i = r[0]; i < r[2]; i++) cellOwner[j * ncx + i] = k;
    });
    geomPolyCounts.push(p.parts.length);
    const [i0, j0, i1, j1] = p.parts[0];
    const c = [[i0, j0], [i1, j0], [i1, j1], [i0, j1]];
    cx[k] = c.reduce((s, [i, j]) => s + vxy[(j * nlx + i) * 2], 0) / 4;
    cy[k] = c.reduce((s, [i, j]) => s + vxy[(j * nlx + i) * 2 + 1], 0) / 4;
  });
  const { geometry, planar } = parcelColumn(rings, polyRingCounts, geomPolyCounts, n);
  // Neighbours by shared cell edges, plus pond ↔ host: pair keys a·n + b (a < b), sorted, unique.
  const keys: number[] = [];
  const link = (a: number, b: number) => {
    if (a < 0 || b < 0 || a === b) return;
    keys.push(a < b ? a * n + b : b * n + a);
  };
  for (let j = 0; j < ncy; j++) {
    for (let i = 0; i < ncx; i++) {
      const o = cellOwner[j * ncx + i];
      if (i + 1 < ncx) link(o, cellOwner[j * ncx + i + 1]);
      if (j + 1 < ncy) link(o, cellOwner[(j + 1) * ncx + i]);
    }
  }
  for (let k = 0; k < n; k++) if (pondHost[k] >= 0) link(k, pondHost[k]);
  const sorted = Float64Array.from(keys).sort();
  const degree = new Uint32Array(n);
  const pairsA: number[] = [], pairsB: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    const a = Math.floor(sorted[i] / n), b = sorted[i] - a * n;
    pairsA.push(a);
    pairsB.push(b);
    degree[a]++;
    degree[b]++;
  }
  const nbrStart = new Uint32Array(n + 1);
  for (let k = 0; k < n; k++) nbrStart[k + 1] = nbrStart[k] + degree[k];
  const fill = nbrStart.slice(0, n);
  const nbr = new Uint32Array(nbrStart[n]);
  for (let i = 0; i < pairsA.length; i++) {
    nbr[fill[pairsA[i]]++] = pairsB[i];
    nbr[fill[pairsB[i]]++] = pairsA[i];
  }
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
