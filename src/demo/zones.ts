/**
 * Zones and reference layers shared by the demo generator: the layer type, star-shaped blobs,
 * point-in-polygon, built high-standard farmland zones (and which parcels lie in them), the
 * selection of permanent basic farmland and its layer (exact copies of 2019 parcels).
 *
 * @module
 */
import type { Cell, FieldDef } from "../io/layer.ts";
import { featureRings, type PolygonRings, type Position } from "../geom/types.ts";
import type { Rng } from "./rng.ts";
import type { CountyStatic, YearState } from "./attributes.ts";
import { isFarm } from "./attributes.ts";
/** One constraint (or reference) layer ready to write. */
export interface DemoLayer {
  /** Stable key (English) for the manifest. */
  key: string;
  /** File name without extension (Chinese, as users name them). */
  name: string;
  format: "shp" | "geojson";
  /** EPSG code of the coordinates written (4526 projected, or 4490 geographic). */
  epsg: 4526 | 4490;
  fields: FieldDef[];
  columns: Record<string, Cell[]>;
  features: PolygonRings[][];
}

/** Rounds to millimetres. */
export const r3 = (v: number): number => Math.round(v * 1000) / 1000;

/** A star-shaped irregular polygon (counter-clockwise) around (x, y) of mean radius r. */
export function blob(rng: Rng, x: number, y: number, r: number, vertices: number = 28): PolygonRings {
  const p = [rng.range(0, 6.3), rng.range(0, 6.3), rng.range(0, 6.3)];
  const a = [rng.range(0.1, 0.25), rng.range(0.05, 0.15), rng.range(0.02, 0.08)];
  const ring: Position[] = [];
  for (let i = 0; i < vertices; i++) {
    const t = (2 * Math.PI * i) / vertices;
    const f = 1 + a[0] * Math.sin(2 * t + p[0]) + a[1] * Math.sin(3 * t + p[1]) +
      a[2] * Math.sin(5 * t + p[2]);
    ring.push([r3(x + r * f * Math.cos(t)), r3(y + r * f * Math.sin(t))]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return [ring];
}

/** Whether (x, y) lies inside a polygon (even–odd over all its rings). */
export function pointInPolygon(x: number, y: number, poly: PolygonRings): boolean {
  let inside = false;
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function ringArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    s += (ring[i][0] - ring[0][0]) * (ring[i + 1][1] - ring[0][1]) -
      (ring[i + 1][0] - ring[0][0]) * (ring[i][1] - ring[0][1]);
  }
  return Math.abs(s / 2);
}

/** Planar area of a feature given as polygons (shells minus holes). */
export function featureArea(f: PolygonRings[]): number {
  return f.reduce((s, p) => s + p.reduce((t, r, i) => t + (i === 0 ? 1 : -1) * ringArea(r), 0), 0);
}

/** Scale of constraint counts: 1 for a province county, more for a large benchmark county. */
export function countScale(st: CountyStatic): number {
  return Math.max(1, Math.round((st.county.width * st.county.height) / (6000 * 4400)));
}

/** Built high-standard farmland zones (over farmland-rich places) and the parcels whose centre is inside. */
export function highStandardFarmland(
  st: CountyStatic,
  base: YearState,
  rng: Rng,
): { zones: PolygonRings[]; member: Uint8Array } {
  const t = st.county.terrain;
  const n = (t === "plain" ? rng.int(3, 6) : t === "hill" ? rng.int(2, 3) : 1) * countScale(st);
  const zones: PolygonRings[] = [];
  const g = st.grid;
  const farmIdx: number[] = [];
  for (let k = 0; k < g.count; k++) if (isFarm(base.dlbm[k]) && st.gdpdjb[k] <= 3) farmIdx.push(k);
  for (let i = 0; i < n && farmIdx.length > 0; i++) {
    const k = rng.pick(farmIdx);
    const r = t === "plain" ? rng.range(380, 750) : rng.range(220, 420);
    const cx = Math.min(Math.max(g.cx[k], st.county.x0 + r * 1.5), st.county.x0 + st.county.width - r * 1.5);
    const cy = Math.min(Math.max(g.cy[k], st.county.y0 + r * 1.5), st.county.y0 + st.county.height - r * 1.5);
    zones.push(blob(rng, cx, cy, r));
  }
  const member = new Uint8Array(g.count);
  const boxes = zones.map((z) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const [x, y] of z[0]) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    return [x0, y0, x1, y1];
  });
  for (let k = 0; k < g.count; k++) {
    const x = g.cx[k], y = g.cy[k];
    for (let i = 0; i < zones.length; i++) {
      const b = boxes[i];
      if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) continue;
      if (pointInPolygon(x, y, zones[i])) {
        member[k] = 1;
        break;
      }
    }
  }
  return { zones, member };
}

/** Permanent basic farmland: most plain 2019 farmland, less of the sloping kind. */
export function selectPermanentFarmland(st: CountyStatic, base: YearState, rng: Rng): Uint8Array {
  const out = new Uint8Array(st.grid.count);
  const t = st.county.terrain;
  for (let k = 0; k < st.grid.count; k++) {
    if (!isFarm(base.dlbm[k])) continue;
    const p = t === "plain" ? 0.85 : st.gdpdjb[k] > 3 ? 0 : t === "hill" ? 0.72 : 0.5;
    if (rng.chance(p)) out[k] = 1;
  }
  return out;
}

/** The permanent basic farmland layer: exact copies of the selected 2019 parcels. */
export function permanentFarmlandLayer(st: CountyStatic, base: YearState, pbf: Uint8Array): DemoLayer {
  const features: PolygonRings[][] = [];
  const rows: number[] = [];
  for (let k = 0; k < st.grid.count; k++) {
    if (!pbf[k]) continue;
    features.push(featureRings(st.grid.geometry, k));
    rows.push(k);
  }
  const fields: FieldDef[] = [
    { name: "BSM", type: "C", length: 18, decimals: 0 },
    { name: "YSDM", type: "C", length: 10, decimals: 0 },
    { name: "JBNTTBBH", type: "C", length: 20, decimals: 0 },
    { name: "DLBM", type: "C", length: 5, decimals: 0 },
    { name: "ZLDWDM", type: "C", length: 19, decimals: 0 },
    { name: "ZLDWMC", type: "C", length: 60, decimals: 0 },
    { name: "TBMJ", type: "N", length: 15, decimals: 2 },
    { name: "GDDB", type: "N", length: 2, decimals: 0 },
    { name: "BZ", type: "C", length: 20, decimals: 0 },
  ];
  const v = (k: number) => st.villages[st.village[k]].village;
  const columns: Record<string, Cell[]> = {
    BSM: rows.map((_, i) => `JB${st.county.code}${String(i + 1).padStart(8, "0")}`),
    YSDM: rows.map(() => "2090010100"),
    JBNTTBBH: rows.map((k) => `${v(k).code.slice(6)}-${st.tbbh[k]}`),
    DLBM: rows.map((k) => base.dlbm[k]),
    ZLDWDM: rows.map((k) => v(k).zldwdm),
    ZLDWMC: rows.map((k) => v(k).name),
    TBMJ: rows.map((k) => st.tbmjC[k] / 100),
    GDDB: rows.map((k) => st.grade[k]),
    BZ: rows.map(() => "示例数据"),
  };
  return {
    key: "permanent_basic_farmland",
    name: "永久基本农田",
    format: "shp",
    epsg: 4526,
    fields,
    columns,
    features,
  };
}
