/**
 * Terrain of a demo county: a smooth elevation field (value-noise fractal sum scaled by the
 * county's terrain type, with a valley along its river), slope in degrees by central
 * differences, a west–east meandering river, the smooth ellipsoid factor used for TBMJ, and
 * the 坡度大于25度 zones traced from a slope raster (as a DEM-derived layer looks: cell edges).
 *
 * @module
 */
import { hashText, ValueNoise } from "./rng.ts";
import type { DemoCounty, Terrain } from "./types.ts";
import type { PolygonRings, Position } from "../geom/types.ts";

/** A river running west to east as y = f(x). */
export interface RiverLine {
  /** Centre-line northing at easting x. */
  yAt(x: number): number;
  /** Half the width of the water surface (m). */
  halfWidth: number;
  /** Half the width of the 河湖管理范围 band (m). */
  managementHalfWidth: number;
}

/** Terrain fields of one county. */
export interface TerrainField {
  terrain: Terrain;
  /** Elevation (m). */
  elevation(x: number, y: number): number;
  /** Slope (degrees). */
  slope(x: number, y: number): number;
  river: RiverLine;
  /** Approximate distance (m) to the river centre line. */
  riverDistance(x: number, y: number): number;
}

const PARAMS: Record<
  Terrain,
  { base: number; amp: number; wavelength: number; octaves: number; valley: number }
> = {
  plain: { base: 18, amp: 14, wavelength: 2600, octaves: 3, valley: 4 },
  hill: { base: 60, amp: 310, wavelength: 1500, octaves: 4, valley: 60 },
  mountain: { base: 220, amp: 480, wavelength: 1300, octaves: 4, valley: 180 },
};

/** Builds the terrain of a county; deterministic in the seed and the county code. */
export function makeTerrain(seed: number, county: DemoCounty): TerrainField {
  const p = PARAMS[county.terrain];
  const key = (seed ^ hashText(county.code)) >>> 0;
  const noise = new ValueNoise(key, p.wavelength);
  const meander = new ValueNoise(key ^ 0x5bd1e995, 1800);
  const yc = county.y0 + county.height * (0.3 + 0.4 * meander.at(county.x0, county.y0, 7));
  const amp = Math.min(500, county.height * 0.12);
  // The centre line is tabulated every 4 m (linear in between): cheap to query per vertex.
  const step = 4, tx0 = county.x0 - 40, nTab = Math.ceil((county.width + 80) / step) + 1;
  const table = new Float64Array(nTab);
  for (let i = 0; i < nTab; i++) {
    const x = tx0 + i * step;
    table[i] = yc + amp * (2 * meander.fbm(x, 0, 2) - 1) + 60 * Math.sin((x - county.x0) / 900);
  }
  const yAt = (x: number): number => {
    const f = Math.min(nTab - 1.000001, Math.max(0, (x - tx0) / step));
    const i = Math.floor(f);
    return table[i] + (table[i + 1] - table[i]) * (f - i);
  };
  const river: RiverLine = {
    yAt,
    halfWidth: county.terrain === "mountain" ? 14 : county.terrain === "hill" ? 20 : 28,
    managementHalfWidth: county.terrain === "plain" ? 160 : 110,
  };
  const riverDistance = (x: number, y: number): number => {
    const dy = y - river.yAt(x);
    const slope = (river.yAt(x + 5) - river.yAt(x - 5)) / 10;
    return Math.abs(dy) / Math.sqrt(1 + slope * slope);
  };
  const elevation = (x: number, y: number): number => {
    const n = noise.fbm(x, y, p.octaves);
    const d = riverDistance(x, y);
    return p.base + p.amp * n * n * 1.6 - p.valley * Math.exp(-((d / 600) ** 2));
  };
  const h = 12;
  const slope = (x: number, y: number): number => {
    const gx = (elevation(x + h, y) - elevation(x - h, y)) / (2 * h);
    const gy = (elevation(x, y + h) - elevation(x, y - h)) / (2 * h);
    return (Math.atan(Math.sqrt(gx * gx + gy * gy)) * 180) / Math.PI;
  };
  return { terrain: county.terrain, elevation, slope, river, riverDistance };
}

/** GDPDJB (1–5) of a slope in degrees: ≤2, (2,6], (6,15], (15,25], >25. */
export function slopeGrade(deg: number): number {
  return deg <= 2 ? 1 : deg <= 6 ? 2 : deg <= 15 ? 3 : deg <= 25 ? 4 : 5;
}

/**
 * The smooth factor TBMJ / planar area (1.0001–1.0004) at a point of zone 38: a stand-in for
 * the ellipsoidal-area correction, varying slowly across the province.
 */
export function ellipsoidFactor(x: number, y: number): number {
  const dx = (x - 38500000) / 9000, dy = (y - 3440000) / 7000;
  return 1.00025 + 0.00011 * Math.sin(dx) + 0.00003 * Math.cos(dy);
}

/**
 * Zones steeper than 25°: the slope is sampled on a raster of cells about `cell` metres over
 * the county, enclosed gaps are filled, components under 4 cells are dropped, and each
 * 4-connected component becomes one polygon traced along cell edges (counter-clockwise,
 * collinear vertices removed).
 */
export function steepZones(
  field: TerrainField,
  county: DemoCounty,
  cell: number,
  limitDeg: number = 25,
): PolygonRings[] {
  const nx = Math.max(1, Math.round(county.width / cell)), ny = Math.max(1, Math.round(county.height / cell));
  const cx = county.width / nx, cy = county.height / ny;
  // Elevation at the raster nodes, slope of each cell from its four corners.
  const elev = new Float64Array((nx + 1) * (ny + 1));
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      elev[j * (nx + 1) + i] = field.elevation(county.x0 + i * cx, county.y0 + j * cy);
    }
  }
  const limit = Math.tan((limitDeg * Math.PI) / 180);
  const steep = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const e00 = elev[j * (nx + 1) + i], e10 = elev[j * (nx + 1) + i + 1];
      const e01 = elev[(j + 1) * (nx + 1) + i], e11 = elev[(j + 1) * (nx + 1) + i + 1];
      const gx = (e10 + e11 - e00 - e01) / (2 * cx), gy = (e01 + e11 - e00 - e10) / (2 * cy);
      if (Math.sqrt(gx * gx + gy * gy) > limit) steep[j * nx + i] = 1;
    }
  }
  // Fill background not reachable from the border (4-connected).
  const outside = new Uint8Array(nx * ny);
  const stack: number[] = [];
  const pushBg = (i: number, j: number) => {
    const k = j * nx + i;
    if (!steep[k] && !outside[k]) {
      outside[k] = 1;
      stack.push(k);
    }
  };
  for (let i = 0; i < nx; i++) {
    pushBg(i, 0);
    pushBg(i, ny - 1);
  }
  for (let j = 0; j < ny; j++) {
    pushBg(0, j);
    pushBg(nx - 1, j);
  }
  while (stack.length) {
    const k = stack.pop()!;
    const i = k % nx, j = (k - i) / nx;
    if (i > 0) pushBg(i - 1, j);
    if (i < nx - 1) pushBg(i + 1, j);
    if (j > 0) pushBg(i, j - 1);
    if (j < ny - 1) pushBg(i, j + 1);
  }
  for (let k = 0; k < steep.length; k++) if (!outside[k]) steep[k] = 1;
  // Label 4-connected components.
  const label = new Int32Array(nx * ny).fill(-1);
  const comps: number[][] = [];
  for (let k0 = 0; k0 < steep.length; k0++) {
    if (!steep[k0] || label[k0] >= 0) continue;
    const id = comps.length, cells: number[] = [k0];
    label[k0] = id;
    for (let s = 0; s < cells.length; s++) {
      const k = cells[s], i = k % nx, j = (k - i) / nx;
      const nb = [i > 0 ? k - 1 : -1, i < nx - 1 ? k + 1 : -1, j > 0 ? k - nx : -1, j < ny - 1 ? k + nx : -1];
      for (const q of nb) {
        if (q >= 0 && steep[q] && label[q] < 0) {
          label[q] = id;
          cells.push(q);
        }
      }
    }
    comps.push(cells);
  }
  const vx = (i: number) => Math.round((county.x0 + i * cx) * 1000) / 1000;
  const vy = (j: number) => Math.round((county.y0 + j * cy) * 1000) / 1000;
  const out: PolygonRings[] = [];
  comps.forEach((cells, id) => {
    if (cells.length < 4) return;
    const next = new Map<number, number>();
    const W = nx + 1;
    const inComp = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && label[j * nx + i] === id;
    let start = Infinity;
    for (const k of cells) {
      const i = k % nx, j = (k - i) / nx;
      const v00 = j * W + i, v10 = v00 + 1, v01 = v00 + W, v11 = v01 + 1;
      if (!inComp(i, j - 1)) next.set(v00, v10);
      if (!inComp(i + 1, j)) next.set(v10, v11);
      if (!inComp(i, j + 1)) next.set(v11, v01);
      if (!inComp(i - 1, j)) next.set(v01, v00);
    }
    for (const v of next.keys()) if (v < start) start = v;
    const ring: Position[] = [];
    let v = start, prevDir = -1;
    do {
      const w = next.get(v)!;
      const dir = w - v === 1 ? 0 : w - v === W ? 1 : w - v === -1 ? 2 : 3;
      if (dir !== prevDir) ring.push([vx(v % W), vy(Math.floor(v / W))]);
      prevDir = dir;
      v = w;
    } while (v !== start);
    // The start vertex may sit in the middle of a straight run.
    const firstDir = (() => {
      const w = next.get(start)!;
      return w - start === 1 ? 0 : w - start === W ? 1 : w - start === -1 ? 2 : 3;
    })();
    if (firstDir === prevDir && ring.length > 1) ring.shift();
    ring.push([ring[0][0], ring[0][1]]);
    out.push([ring]);
  });
  return out;
}
