/**
 * Attributes of the demo parcels: what is fixed per parcel (BSM, location unit, TBMJ, slope
 * grade, terrace type, 田坎 coefficient, quality grade, ownership, unstable-farmland code) and
 * the 2019 land use (DLBM, ZZSXDM) decided from terrain, river, villages and smooth noise so
 * that farmland clusters in plains and forest covers the hills.
 *
 * @module
 */
import { hashText, type Rng, ValueNoise } from "./rng.ts";
import { ellipsoidFactor, slopeGrade, type TerrainField } from "./terrain.ts";
import { type CountyGrid, KIND_DITCH, KIND_HIGHWAY, KIND_NORMAL, KIND_POND, KIND_ROAD } from "./grid.ts";
import { countyVillages } from "./admin.ts";
import type { DemoCounty, DemoVillage, Terrain } from "./types.ts";

/** Per-parcel values that do not change between survey years. */
export interface CountyStatic {
  county: DemoCounty;
  grid: CountyGrid;
  terrain: TerrainField;
  bsm: string[];
  /** Index into `villages`. */
  village: Int32Array;
  villages: { village: DemoVillage; township: number }[];
  /** Parcel number within its village (TBBH). */
  tbbh: Int32Array;
  /** TBMJ in hundredths of m² (an integer): planar area × ellipsoid factor, rounded. */
  tbmjC: Float64Array;
  slope: Float32Array;
  riverDist: Float32Array;
  villageDist: Float32Array;
  /** GDPDJB 1–5 from the slope at the parcel. */
  gdpdjb: Uint8Array;
  /** 0 none, 1 TT 梯田, 2 PD 坡地 (only for slope grade ≥ 2). */
  gdlx: Uint8Array;
  /** 田坎系数 (0 on plains and slope grade 1). */
  kcxs: Float64Array;
  /** GDDB 1–15 the parcel has (or would have) as farmland. */
  grade: Uint8Array;
  qsxz: string[];
  /** Unstable-farmland code index into {@link TBXH} (0 = none). */
  unstable: Uint8Array;
}

/** The land use of one survey year. */
export interface YearState {
  dlbm: string[];
  zzsx: (string | null)[];
}

/** TBXHDM codes and names (index 0 = none). */
export const TBXH: readonly [string, string][] = Object.freeze([
  ["", ""],
  ["HDGD", "河道耕地"],
  ["HQGD", "湖区耕地"],
  ["LQGD", "林区耕地"],
  ["MQGD", "牧区耕地"],
  ["SHGD", "沙荒耕地"],
  ["SMGD", "石漠化耕地"],
]);

/** ZZSXDM → ZZSXMC as the 三调 database names them. */
export const ZZSX_NAMES: Readonly<Record<string, string>> = Object.freeze({
  LS: "种植粮食作物",
  FLS: "种植非粮作物",
  LYFL: "粮与非粮轮作",
  XG: "休耕",
  LLJZ: "林粮间作",
  WG: "未耕种",
  JKHF: "即可恢复",
  GCHF: "工程恢复",
});

/** Whether a DLBM is farmland (01xx). */
export function isFarm(code: string): boolean {
  return code.startsWith("01");
}

/** Whether a DLBM counts as an in-flow candidate class (02, 03, 04 but 0404, 1104; wetland excluded). */
export function isCandidateCode(code: string): boolean {
  const b = code.slice(0, 4);
  if (b === "0303" || b === "0304" || b === "0306" || b === "0402" || b === "0404") return false;
  return b.startsWith("02") || b.startsWith("03") || b.startsWith("04") || b === "1104";
}

const KC_TT = [0, 0, 0.04, 0.09, 0.15, 0.21];
const KC_PD = [0, 0, 0.03, 0.07, 0.12, 0.17];
const BASE_GRADE: Record<Terrain, number> = { plain: 4, hill: 7, mountain: 10 };
/** Base abandonment (WG) rate of farmland in 2019 by terrain; the planned county gets more. */
export const BASE_WG: Record<Terrain, number> = { plain: 0.02, hill: 0.06, mountain: 0.11 };
/** 2019 WG rate of the county planned above 20% in 2024. */
export const HIGH_WG: number = 0.23;

/** Computes the per-parcel fixed values of a county. */
export function buildStatic(
  county: DemoCounty,
  grid: CountyGrid,
  terrain: TerrainField,
  rng: Rng,
): CountyStatic {
  const n = grid.count;
  const villages = countyVillages(county);
  const village = new Int32Array(n), tbbh = new Int32Array(n);
  const slope = new Float32Array(n), riverDist = new Float32Array(n), villageDist = new Float32Array(n);
  const tbmjC = new Float64Array(n), gdpdjb = new Uint8Array(n), gdlx = new Uint8Array(n);
  const kcxs = new Float64Array(n), grade = new Uint8Array(n), unstable = new Uint8Array(n);
  const qsxz: string[] = new Array(n);
  const bsm: string[] = new Array(n);
  const counters = new Int32Array(villages.length);
  const nearest = nearestPointIndex(villages.map((v) => [v.village.x, v.village.y]));
  const plain = county.terrain === "plain";
  for (let k = 0; k < n; k++) {
    const x = grid.cx[k], y = grid.cy[k];
    const [best, bd] = nearest(x, y);
    village[k] = best;
    villageDist[k] = Math.sqrt(bd);
    tbbh[k] = ++counters[best];
    bsm[k] = county.code + String(k + 1).padStart(10, "0");
    slope[k] = terrain.slope(x, y);
    riverDist[k] = terrain.riverDistance(x, y);
    tbmjC[k] = Math.round(grid.planar[k] * ellipsoidFactor(x, y) * 100);
    const g = plain ? 1 : slopeGrade(slope[k]);
    gdpdjb[k] = g;
    gdlx[k] = g >= 2 ? (rng.chance(county.terrain === "mountain" ? 0.6 : 0.45) ? 1 : 2) : 0;
    kcxs[k] = plain ? 0 : (gdlx[k] === 1 ? KC_TT : KC_PD)[g];
    const q = BASE_GRADE[county.terrain] + (g - 1) * 0.8 + rng.normal() * 1.1 +
      (riverDist[k] < 800 ? -0.8 : 0);
    grade[k] = Math.max(1, Math.min(15, Math.round(q)));
    const u = rng.next();
    qsxz[k] = u < 0.15 ? "30" : u < 0.6 ? "31" : u < 0.95 ? "32" : "33";
  }
  return {
    county,
    grid,
    terrain,
    bsm,
    village,
    villages,
    tbbh,
    tbmjC,
    slope,
    riverDist,
    villageDist,
    gdpdjb,
    gdlx,
    kcxs,
    grade,
    qsxz,
    unstable,
  };
}

/**
 * Nearest of a set of points by a bucket grid, searched ring by ring; returns [index,
 * squared distance], ties to the lower index (the same answer as a full scan).
 */
export function nearestPointIndex(points: [number, number][]): (x: number, y: number) => [number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  const size = Math.max(1, Math.sqrt(((x1 - x0 + 1) * (y1 - y0 + 1)) / Math.max(1, points.length)) * 1.5);
  const nbx = Math.floor((x1 - x0) / size) + 1, nby = Math.floor((y1 - y0) / size) + 1;
  const buckets: number[][] = Array.from({ length: nbx * nby }, () => []);
  points.forEach(([x, y], i) =>
    buckets[Math.floor((y - y0) / size) * nbx + Math.floor((x - x0) / size)].push(i)
  );
  return (x, y) => {
    const bx = Math.min(nbx - 1, Math.max(0, Math.floor((x - x0) / size)));
    const by = Math.min(nby - 1, Math.max(0, Math.floor((y - y0) / size)));
    let best = -1, bd = Infinity;
    const maxR = Math.max(nbx, nby);
    for (let r = 0; r <= maxR; r++) {
      for (let j = by - r; j <= by + r; j++) {
        if (j < 0 || j >= nby) continue;
        for (let i = bx - r; i <= bx + r; i++) {
          if (i < 0 || i >= nbx || (Math.abs(i - bx) !== r && Math.abs(j - by) !== r)) continue;
          for (const p of buckets[j * nbx + i]) {
            const d = (points[p][0] - x) ** 2 + (points[p][1] - y) ** 2;
            if (d < bd || (d === bd && p < best)) {
              bd = d;
              best = p;
            }
          }
        }
      }
      // Points in rings beyond r are at least r·size away (the query lies in its bucket or
      // outside the grid, where the distance only grows).
      if (best >= 0 && Math.sqrt(bd) <= r * size) break;
    }
    return [best, bd];
  };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Decides the 2019 land use; also fixes ownership of state land and the unstable codes. */
export function classify2019(st: CountyStatic, rng: Rng, seed: number): YearState {
  const { county, grid, terrain } = st;
  const n = grid.count, t = county.terrain;
  const key = (seed ^ hashText(county.code + "landuse")) >>> 0;
  const n1 = new ValueNoise(key, t === "plain" ? 650 : 480);
  const n2 = new ValueNoise(key ^ 0x1234567, 900);
  const n3 = new ValueNoise(key ^ 0x7654321, 520);
  const dlbm: string[] = new Array(n);
  const zzsx: (string | null)[] = new Array(n).fill(null);
  const hw = terrain.river.halfWidth;
  const rv = t === "plain" ? 170 : t === "hill" ? 120 : 90;
  for (let k = 0; k < n; k++) {
    const kind = grid.kind[k];
    if (kind === KIND_ROAD) dlbm[k] = "1006";
    else if (kind === KIND_DITCH) dlbm[k] = "1107";
    else if (kind === KIND_HIGHWAY) dlbm[k] = "1003";
    else if (kind === KIND_POND) dlbm[k] = "1104";
    if (kind !== KIND_NORMAL) continue;
    const x = grid.cx[k], y = grid.cy[k], s = st.slope[k], dr = st.riverDist[k];
    if (grid.hostPond[k] >= 0) {
      dlbm[k] = t === "plain" || dr < 800 ? "0101" : "0103";
      continue;
    }
    if (dr < hw) {
      dlbm[k] = "1101";
      continue;
    }
    const v = st.villages[st.village[k]].village;
    const seat = v.seat;
    if (st.villageDist[k] < rv * (seat ? 1.9 : 1) * (0.55 + 0.45 * rng.next())) {
      const u = rng.next();
      dlbm[k] = seat ? (u < 0.12 ? "05H1" : u < 0.26 ? "0601" : "0702") : (u < 0.05 ? "0601" : "0702");
      continue;
    }
    if (dr < hw + 70 && rng.chance(0.3)) {
      const u = rng.next();
      dlbm[k] = u < 0.6 ? "0402" : u < 0.9 ? "0304" : "0303";
      continue;
    }
    const a = n1.fbm(x, y, 3);
    const pf = t === "plain"
      ? (a > 0.36 ? 0.93 : 0.45)
      : t === "hill"
      ? clamp01((a - 0.22) * 2.2 - (s - 8) / 22)
      : clamp01((a - 0.25) * 2.0 - (s - 12) / 28);
    const b = n2.fbm(x, y, 2);
    if (rng.chance(pf)) {
      if (t === "plain") dlbm[k] = b > 0.42 || dr < 600 ? "0101" : b > 0.33 ? "0102" : "0103";
      else if (t === "hill") {
        dlbm[k] = s < 6 && (dr < 800 || b > 0.55) ? "0101" : rng.chance(0.05) ? "0102" : "0103";
      } else dlbm[k] = s < 9 && dr < 600 ? "0101" : "0103";
      continue;
    }
    const c = n3.fbm(x, y, 2), u = rng.next();
    let code: string;
    if (t !== "plain" && (s > 20 || (t === "mountain" && c < 0.55))) {
      code = u < 0.62 ? "0301" : u < 0.8 ? "0305" : u < 0.95 ? "0307" : "0302";
    } else if (t !== "plain") {
      code = c > 0.6
        ? (u < 0.6 ? "0201" : "0202")
        : c > 0.47
        ? (u < 0.3 ? "0401" : u < 0.6 ? "0403" : "0404")
        : "0301";
    } else {
      code = c > 0.62
        ? "0201"
        : c > 0.52
        ? "1104A"
        : c > 0.44
        ? "0307"
        : c > 0.37
        ? (u < 0.5 ? "0404" : "0403")
        : "0201";
    }
    const w = rng.next();
    if (w < 0.012) code = "1202";
    else if (w < 0.017) code = "1206";
    else if (w < 0.019 && t !== "plain") code = "1203";
    const z = rng.next();
    if (code === "0201" && z < 0.06) code = "0201K";
    else if (code === "0301" && s < 15 && z < 0.04) code = "0301K";
    else if (code === "1104A" && z < 0.2) code = "1104K";
    dlbm[k] = code;
  }
  // State land, recovery attributes, planting attributes, unstable farmland.
  const wg = county.highAbandonment ? HIGH_WG : BASE_WG[t];
  for (let k = 0; k < n; k++) {
    const code = dlbm[k];
    if (code === "1003" || code === "1101") st.qsxz[k] = code === "1003" ? "20" : "10";
    else if (t === "mountain" && code.startsWith("03") && rng.chance(0.2)) st.qsxz[k] = "20";
    if (isFarm(code)) {
      zzsx[k] = plantingAttribute(rng, t, Math.min(0.9, wg * (0.5 + st.slope[k] / 18)));
      let forestNbrs = 0, all = 0;
      for (let q = grid.nbrStart[k]; q < grid.nbrStart[k + 1]; q++) {
        all++;
        if (dlbm[grid.nbr[q]]?.startsWith("03")) forestNbrs++;
      }
      const dr = st.riverDist[k];
      if (dr < 350 && rng.chance(0.7)) st.unstable[k] = 1;
      else if (t !== "plain" && all > 0 && forestNbrs / all >= 0.5 && rng.chance(0.6)) st.unstable[k] = 3;
      else if (t === "mountain" && rng.chance(0.01)) st.unstable[k] = 6;
      else if (t === "plain" && rng.chance(0.004)) st.unstable[k] = 5;
      else if (t === "hill" && rng.chance(0.003)) st.unstable[k] = 2;
    } else {
      // Land that is not farmland in 2019 would be poorer farmland (生地).
      st.grade[k] = Math.min(15, st.grade[k] + rng.int(1, 3));
      if (isCandidateCode(code) && st.slope[k] < 15) {
        const p = code.endsWith("K") ? 0.75 : 0.14;
        if (rng.chance(p)) zzsx[k] = rng.chance(0.6) ? "JKHF" : "GCHF";
      }
    }
  }
  return { dlbm, zzsx };
}

/** A planting attribute for farmland with abandonment probability `wg`. */
export function plantingAttribute(rng: Rng, t: Terrain, wg: number): string {
  if (rng.chance(wg)) return "WG";
  const u = rng.next();
  if (u < 0.76) return "LS";
  if (u < 0.88) return "FLS";
  if (u < 0.94) return "LYFL";
  if (u < 0.97) return "XG";
  return t === "plain" ? "LS" : "LLJZ";
}

/** Copies a year state. */
export function copyState(s: YearState): YearState {
  return { dlbm: [...s.dlbm], zzsx: [...s.zzsx] };
}
